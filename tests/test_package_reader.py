"""The package reader on zips and folders built here: names, traversal, bombs, nesting, noise, links."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import random
import shutil
import stat
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docscreen.extractors.package_reader import PackageLimits, read_package, read_zip
from docscreen.models.package import Package
from tests.bad_inputs import zeros_zip

MB = 1024 * 1024


# --- builders -----------------------------------------------------------------------------


def _zip(*entries: tuple[str | zipfile.ZipInfo, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def _central(data: bytes) -> list[tuple[int, int, bytes, int]]:
    """(offset, flag bits, raw name, local header offset) of every central directory entry."""
    found = []
    pos = data.find(b"PK\x01\x02")
    while data[pos : pos + 4] == b"PK\x01\x02":
        (flags,) = struct.unpack_from("<H", data, pos + 8)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        (local,) = struct.unpack_from("<I", data, pos + 42)
        found.append((pos, flags, data[pos + 46 : pos + 46 + name_len], local))
        pos += 46 + name_len + extra_len + comment_len
    return found


def _zip_raw_names(*entries: tuple[bytes, bytes]) -> bytes:
    """A zip whose names are stored as exactly these bytes, UTF-8 flag unset (as Chinese Windows writes).

    zipfile writes a non-ASCII name as UTF-8 and sets the flag, so each entry is written under an
    ASCII placeholder of the same length, then the placeholder is swapped for the raw bytes in the
    local header and the central directory (no CRC covers a name)."""
    placeholders = [(b"#%d#" % i).ljust(len(raw), b"#") for i, (raw, _) in enumerate(entries)]
    data = _zip(*((p.decode(), content) for p, (_, content) in zip(placeholders, entries)))
    for placeholder, (raw, _) in zip(placeholders, entries):
        assert data.count(placeholder) == 2
        data = data.replace(placeholder, raw)
    return data


def _patch(data: bytes, central_field: int, local_field: int, fmt: str, value: int, entry: int = 0) -> bytes:
    """Set one field of an entry in both its central directory record and its local header."""
    patched = bytearray(data)
    cd, _, _, local = _central(data)[entry]
    struct.pack_into(fmt, patched, cd + central_field, value)
    struct.pack_into(fmt, patched, local + local_field, value)
    return bytes(patched)


def _flag_encrypted(data: bytes, entry: int) -> bytes:
    (flags,) = struct.unpack_from("<H", data, _central(data)[entry][0] + 8)
    return _patch(data, 8, 6, "<H", flags | 0x1, entry)


def _zeros_zip(megabytes: int) -> bytes:
    return zeros_zip(megabytes, "bomb.bin", 1)


@functools.lru_cache(maxsize=None)
def _text(size: int) -> bytes:
    """About `size` bytes of text that compresses like a document (2-3:1)."""
    return "".join(random.Random(size).choices("项目建设方案投资概算0123456789，。 ", k=size // 3)).encode()


def _listing(root: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(root)), p.lstat().st_size, p.lstat().st_mtime_ns) for p in root.rglob("*"))


def _by_path(package: Package) -> dict:
    return {m.path: m for m in package.members}


def _peak_while(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- names --------------------------------------------------------------------------------


def test_gbk_names_stored_without_the_utf8_flag_are_recovered():
    data = _zip_raw_names(("审计报告.docx".encode("gbk"), b"a"), ("竣工验收/决算报告.pdf".encode("gbk"), b"b"))
    stored = _central(data)
    assert [name for _, _, name, _ in stored] == ["审计报告.docx".encode("gbk"), "竣工验收/决算报告.pdf".encode("gbk")]
    assert all(not flags & 0x800 for _, flags, _, _ in stored)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist()[0] == "审计报告.docx".encode("gbk").decode("cp437")  # what zipfile makes of it

    package = read_zip(data, "验收.zip")
    assert [(m.path, m.data) for m in package.members] == [("审计报告.docx", b"a"), ("竣工验收/决算报告.pdf", b"b")]
    assert package.errors == []


def test_utf8_names_with_and_without_the_flag():
    flagged = _zip(("验收材料/项目建议书.docx", b"x"))
    assert _central(flagged)[0][1] & 0x800
    unflagged = _zip_raw_names(("验收材料/建设方案.docx".encode("utf-8"), b"y"))
    assert not _central(unflagged)[0][1] & 0x800

    assert read_zip(flagged, "a.zip").members[0].path == "验收材料/项目建议书.docx"
    assert read_zip(unflagged, "b.zip").members[0].path == "验收材料/建设方案.docx"


def test_info_zip_unicode_path_field_wins_over_the_stored_name():
    raw = b"????.docx"  # what a tool writes when the local code page cannot hold the name
    utf8 = "初步设计.docx".encode()
    info = zipfile.ZipInfo(raw.decode())
    info.extra = struct.pack("<HHB", 0x7075, 5 + len(utf8), 1) + zlib.crc32(raw).to_bytes(4, "little") + utf8
    assert read_zip(_zip((info, b"x")), "a.zip").members[0].path == "初步设计.docx"


def test_backslash_separators_become_slashes():
    package = read_zip(_zip(("资料\\概算\\投资概算.xlsx", b"x")), "a.zip")
    assert [m.path for m in package.members] == ["资料/概算/投资概算.xlsx"]


# --- traversal ----------------------------------------------------------------------------


def test_traversal_and_absolute_entries_are_refused_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    archive = tmp_path / "evil.zip"
    archive.write_bytes(
        _zip(
            ("../evil.docx", b"1"),
            ("a/../../evil2.docx", b"2"),
            ("..\\evil3.docx", b"3"),
            ("/etc/cron.d/evil", b"4"),
            ("C:\\Windows\\evil.docx", b"5"),
            ("C:evil.docx", b"6"),
            ("docs/../fine.docx", b"7"),
        )
    )
    before = _listing(tmp_path)
    package = read_package(archive)
    assert _listing(tmp_path) == before

    refused = {m.path: m.error for m in package.members if m.error is not None}
    assert set(refused) == {
        "../evil.docx", "a/../../evil2.docx", "../evil3.docx",
        "/etc/cron.d/evil", "C:/Windows/evil.docx", "C:evil.docx",
    }
    assert all(e.code == "path_traversal" for e in refused.values())
    assert all(m.data is None for m in package.members if m.error is not None)
    assert refused["../evil.docx"].message == "压缩包中的“../evil.docx”路径越出压缩包目录，已拒绝，未解压。"
    assert "绝对路径" in refused["/etc/cron.d/evil"].message
    assert [(m.path, m.data) for m in package.members if m.error is None] == [("fine.docx", b"7")]


def test_symlink_stored_in_a_zip_is_refused():
    info = zipfile.ZipInfo("link.docx")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    member = read_zip(_zip((info, b"../../etc/passwd")), "a.zip").members[0]
    assert (member.error.code, member.data) == ("symlink", None)


# --- bombs and limits ---------------------------------------------------------------------


def test_zip_bomb_is_refused_without_decompressing():
    data = _zeros_zip(300)
    assert len(data) < 2 * MB
    start = time.perf_counter()
    package, peak = _peak_while(lambda: read_zip(data, "bomb.zip"))
    assert time.perf_counter() - start < 0.5
    member = package.members[0]
    assert (member.path, member.size, member.data, member.error.code) == ("bomb.bin", 300 * MB, None, "zip_bomb")
    assert "压缩比异常" in member.error.message
    assert peak < 4 * MB


def test_a_header_that_lies_about_its_size_stops_decompression_at_the_declared_size():
    data = _patch(_zeros_zip(300), 24, 22, "<I", 1000)  # uncompressed size: 300 MB declared as 1000 bytes
    package, peak = _peak_while(lambda: read_zip(data, "lie.zip"))
    member = package.members[0]
    assert (member.data, member.error.code) == (None, "zip_bomb")
    assert "超过文件头声明的 1000 字节" in member.error.message
    assert peak < 4 * MB


def test_a_bomb_cannot_hide_in_a_nested_zip():
    honest_bomb = _zeros_zip(300)
    lying_bomb = _patch(honest_bomb, 24, 22, "<I", 1000)
    outer = _zip(("一.zip", honest_bomb), ("二.zip", lying_bomb), method=zipfile.ZIP_STORED)
    package, peak = _peak_while(lambda: read_zip(outer, "outer.zip"))
    codes = {m.path: m.error.code for m in package.members}
    assert codes == {"一.zip/bomb.bin": "zip_bomb", "二.zip/bomb.bin": "zip_bomb"}
    assert peak < 8 * MB


def test_member_over_the_size_limit_is_refused():
    limits = PackageLimits(max_member_size=1000)
    package = read_zip(_zip(("big.bin", os.urandom(2000)), ("small.bin", b"ok")), "a.zip", limits)
    big, small = package.members
    assert (big.size, big.data, big.error.code) == (2000, None, "too_large")
    assert small.data == b"ok"


def test_total_limit_is_shared_with_nested_zips():
    limits = PackageLimits(max_total_size=MB)
    inner = _zip(("b.bin", bytes(200 * 1024)), ("c.bin", bytes(200 * 1024)))
    outer = _zip(("a.bin", os.urandom(700 * 1024)), ("inner.zip", inner), ("d.bin", b"d"), method=zipfile.ZIP_STORED)
    package = read_zip(outer, "a.zip", limits)
    assert [m.path for m in package.members] == ["a.bin", "inner.zip/b.bin"]
    assert [e.code for e in package.errors] == ["too_large"]
    assert "“inner.zip/c.bin”及其后的文件未读取" in package.errors[0].message


def test_a_nested_zip_counts_against_the_total_only_while_it_is_expanded():
    limits = PackageLimits(max_total_size=MB)
    inner = _zip(("b.bin", os.urandom(400 * 1024)), method=zipfile.ZIP_STORED)
    outer = _zip(("inner.zip", inner), ("a.bin", os.urandom(500 * 1024)), method=zipfile.ZIP_STORED)
    package = read_zip(outer, "a.zip", limits)
    assert ([m.path for m in package.members], package.errors) == (["inner.zip/b.bin", "a.bin"], [])


def test_too_many_files_stops_reading_and_keeps_what_was_read():
    data = _zip(*((f"{i:02}.txt", b"x") for i in range(8)))
    package = read_zip(data, "a.zip", PackageLimits(max_members=5))
    assert [m.path for m in package.members] == ["00.txt", "01.txt", "02.txt", "03.txt", "04.txt"]
    assert [e.code for e in package.errors] == ["too_many_files"]


def test_oversized_central_directory_is_refused_before_parsing():
    data = _zip(*((f"{i:04}.txt", b"") for i in range(200)))
    package = read_zip(data, "a.zip", PackageLimits(max_directory_size=4096))
    assert (package.members, [e.code for e in package.errors]) == ([], ["too_large"])


# --- nesting and noise --------------------------------------------------------------------


def test_nested_zip_is_expanded_in_place():
    inner = _zip(("审计报告.pdf", b"%PDF-1.7"), ("附件/说明.docx", b"docx"))
    package = read_zip(_zip(("竣工报告.docx", b"r"), ("材料.zip", inner)), "验收.zip")
    assert [(m.path, m.data) for m in package.members] == [
        ("竣工报告.docx", b"r"),
        ("材料.zip/审计报告.pdf", b"%PDF-1.7"),
        ("材料.zip/附件/说明.docx", b"docx"),
    ]


def test_nesting_deeper_than_the_limit_is_refused():
    c = _zip(("x.txt", b"x"))
    b = _zip(("y.txt", b"y"), ("c.zip", c))
    a = _zip(("b.zip", b))
    package = read_zip(_zip(("a.zip", a)), "top.zip")
    members = _by_path(package)
    assert set(members) == {"a.zip/b.zip/y.txt", "a.zip/b.zip/c.zip"}
    assert members["a.zip/b.zip/y.txt"].data == b"y"
    deep = members["a.zip/b.zip/c.zip"]
    assert (deep.data, deep.error.code) == (None, "nested_too_deep")


def test_broken_nested_zip_is_a_member_error():
    package = read_zip(_zip(("材料.zip", b"PK\x03\x04 not really")), "a.zip")
    member = package.members[0]
    assert (member.path, member.error.code) == ("材料.zip", "corrupt")
    assert package.errors == []


def test_noise_is_skipped_without_error():
    dos_dir = zipfile.ZipInfo("空目录")
    dos_dir.external_attr = 0x10
    package = read_zip(
        _zip(
            ("资料/", b""),
            (dos_dir, b""),
            ("__MACOSX/._报告.docx", b"apple"),
            ("__MACOSX/资料/._概算.xlsx", b"apple"),
            ("._报告.docx", b"apple"),
            (".DS_Store", b"mac"),
            ("资料/Thumbs.db", b"win"),
            ("~$报告.docx", b"lock"),
            ("资料/~$概算.xlsx", b"lock"),
            ("报告.docx", b"r"),
            ("资料/概算.xlsx", b"g"),
        ),
        "a.zip",
    )
    assert [m.path for m in package.members] == ["报告.docx", "资料/概算.xlsx"]
    assert package.errors == []


# --- corrupt, encrypted, not a zip --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code", "hint"),
    [
        (b"", "empty", "为空"),
        (b"%PDF-1.7 not a package", "unsupported_format", "不是 zip"),
        (b"Rar!\x1a\x07\x01\x00rest", "unsupported_format", "RAR"),
        (b"PK\x03\x04" + bytes(100), "corrupt", "已损坏"),
        (_zip(("a.txt", b"x"))[:-30], "corrupt", "已损坏"),
        (_zip(), "empty", "没有文件"),
    ],
)
def test_package_level_problems(data, code, hint):
    package = read_zip(data, "a.zip")
    assert package.members == []
    assert [e.code for e in package.errors] == [code]
    assert hint in package.errors[0].message


def test_damaged_member_data_is_a_member_error():
    text = _text(30_000)
    data = bytearray(_zip(("a.txt", text), ("b.txt", b"fine")))
    _, _, name, local = _central(bytes(data))[0]
    middle = local + 30 + len(name) + 200
    data[middle : middle + 16] = bytes(16)
    package = read_zip(bytes(data), "a.zip")
    a, b = package.members
    assert (a.data, a.error.code) == (None, "corrupt")
    assert b.data == b"fine"


def test_unknown_compression_method_is_a_member_error():
    data = _patch(_zip(("a.txt", b"x" * 100)), 10, 8, "<H", 9)  # Deflate64
    assert read_zip(data, "a.zip").members[0].error.code == "unsupported_format"


def test_one_encrypted_entry_is_a_member_error():
    data = _flag_encrypted(_zip(("secret.docx", b"s"), ("open.docx", b"o")), 0)
    package = read_zip(data, "a.zip")
    secret, opened = package.members
    assert (secret.data, secret.error.code) == (None, "encrypted")
    assert opened.data == b"o"
    assert package.errors == []


def test_every_entry_encrypted_is_a_package_error():
    data = _zip(("a.docx", b"a"), ("b.docx", b"b"))
    data = _flag_encrypted(_flag_encrypted(data, 0), 1)
    package = read_zip(data, "a.zip")
    assert [m.error.code for m in package.members] == ["encrypted", "encrypted"]
    assert [e.code for e in package.errors] == ["encrypted"]


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_every_compression_method_reads_back_exactly(method):
    text = _text(3 * MB // 2)  # several input and output chunks
    package = read_zip(_zip(("a.txt", text), ("empty.txt", b""), method=method), "a.zip")
    assert [(m.path, m.data == content) for m, content in zip(package.members, (text, b""))] == [
        ("a.txt", True), ("empty.txt", True),
    ]


_SMALL_ZIP = _zip(("审计报告.docx", _text(3000)), ("材料.zip", _zip(("x.pdf", b"%PDF"))), ("../evil", b"e"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_SMALL_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_bytes_never_raise(flips):
    data = bytearray(_SMALL_ZIP)
    for pos, value in flips:
        data[pos] = value
    package = read_zip(bytes(data), "a.zip")
    assert all((m.data is None) != (m.error is None) for m in package.members)


# --- packages on disk ---------------------------------------------------------------------


def test_reading_leaves_the_original_untouched(tmp_path):
    archive = tmp_path / "验收.zip"
    archive.write_bytes(_zip(("报告.docx", b"r"), ("材料.zip", _zip(("x.pdf", b"p")))))
    before_hash = hashlib.sha256(archive.read_bytes()).hexdigest()
    before = _listing(tmp_path)
    package = read_package(archive)
    assert _listing(tmp_path) == before
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before_hash == package.sha256
    assert (package.name, package.format, package.size_bytes) == ("验收.zip", "zip", archive.stat().st_size)


def test_fifty_small_docx_read_in_milliseconds(tmp_path):
    docx = _zip(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", _text(20_000)))
    archive = tmp_path / "p.zip"
    archive.write_bytes(_zip(*((f"报告{i:02}.docx", docx) for i in range(50))))
    start = time.perf_counter()
    package = read_package(archive)
    elapsed = time.perf_counter() - start
    assert len(package.members) == 50 and all(m.data == docx for m in package.members)
    assert elapsed < 0.1


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "验收材料"
    (root / "一/二").mkdir(parents=True)
    (root / "__MACOSX").mkdir()
    (root / "__MACOSX/._报告.docx").write_bytes(b"apple")
    (root / "报告.docx").write_bytes(b"r")
    (root / "一/概算.xlsx").write_bytes(b"g")
    (root / "一/二/审计.pdf").write_bytes(b"%PDF")
    (root / "一/Thumbs.db").write_bytes(b"thumbs")
    (root / "~$报告.docx").write_bytes(b"lock")
    (root / "材料.zip").write_bytes(_zip(("附件.docx", b"f")))
    (tmp_path / "outside.txt").write_bytes(b"secret")
    return root


def test_folder_with_subfolders_links_and_a_zip(tmp_path):
    root = _folder(tmp_path)
    (root / "外链.txt").symlink_to(tmp_path / "outside.txt")
    (root / "内链.docx").symlink_to(root / "报告.docx")
    (root / "目录链").symlink_to(root / "一")
    (root / "失效链.docx").symlink_to(root / "不存在.docx")
    before = _listing(tmp_path)
    package = read_package(root)
    assert _listing(tmp_path) == before

    assert package.format == "folder" and package.errors == []
    members = _by_path(package)
    assert [m.path for m in package.members] == sorted(members)
    assert {path: m.data for path, m in members.items() if m.error is None} == {
        "一/二/审计.pdf": b"%PDF",
        "一/概算.xlsx": b"g",
        "内链.docx": b"r",
        "报告.docx": b"r",
        "材料.zip/附件.docx": b"f",
    }
    assert {path: m.error.code for path, m in members.items() if m.error} == {
        "外链.txt": "link_outside",
        "失效链.docx": "broken_link",
    }
    assert members["外链.txt"].data is None
    zip_size = (root / "材料.zip").stat().st_size
    assert package.size_bytes == 1 + 1 + 4 + zip_size + 1  # the followed link counts its target once more


def test_folder_digest_depends_on_paths_and_content_only(tmp_path):
    root = _folder(tmp_path)
    copy = shutil.copytree(root, tmp_path / "副本")
    first, second = read_package(root), read_package(copy)
    assert first.sha256 == second.sha256 and len(first.sha256) == 64
    (copy / "一/概算.xlsx").write_bytes(b"changed")
    assert read_package(copy).sha256 != first.sha256


def test_folder_gbk_file_names_on_disk_are_recovered(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), "竣工决算.pdf".encode("gbk")), "wb") as f:
        f.write(b"%PDF")
    assert [m.path for m in read_package(root).members] == ["竣工决算.pdf"]


def test_folder_limits(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "a.bin").write_bytes(os.urandom(2000))
    (root / "b.bin").write_bytes(b"b")
    package = read_package(root, PackageLimits(max_member_size=1000))
    assert [(m.path, m.error.code if m.error else None) for m in package.members] == [
        ("a.bin", "too_large"), ("b.bin", None),
    ]
    assert read_package(tmp_path / "pkg", PackageLimits(max_members=1)).errors[0].code == "too_many_files"


def test_empty_folder_and_a_file_that_is_not_a_zip(tmp_path):
    (tmp_path / "空").mkdir()
    assert [e.code for e in read_package(tmp_path / "空").errors] == ["empty"]
    (tmp_path / "报告.pdf").write_bytes(b"%PDF-1.7")
    package = read_package(tmp_path / "报告.pdf")
    assert (package.format, [e.code for e in package.errors]) == ("zip", ["unsupported_format"])


def test_a_zip_on_disk_over_the_total_limit_is_not_loaded(tmp_path):
    archive = tmp_path / "big.zip"
    archive.write_bytes(_zip(("a.bin", os.urandom(5000)), method=zipfile.ZIP_STORED))
    package = read_package(archive, PackageLimits(max_total_size=4096))
    assert (package.members, [e.code for e in package.errors]) == ([], ["too_large"])
    assert package.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()

