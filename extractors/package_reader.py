"""A folder or a .zip to a `Package`: every file inside, with its bytes, read in memory and refused safely.

Nothing is ever extracted to disk and the original is only read. Zip members are decompressed from
the archive's own bytes in bounded chunks, never past the size their header declares, so a header
that lies cannot blow memory; the limits (`PackageLimits`) are shared by nested zips, so a bomb
cannot hide one level down. Names stored by Chinese Windows in GBK without the UTF-8 flag are
recovered from the cp437 text zipfile decodes them to.

Member error codes (`Member.error.code`), besides the shared too_large, encrypted, corrupt and
unsupported_format (an unknown compression method, a device or pipe in a folder):
  path_traversal   the normalised path leaves the package (``../x``, ``/x``, ``C:\\x``)
  zip_bomb         compression ratio over the limit, or more output than the header declares
  nested_too_deep  a zip nested deeper than `PackageLimits.max_depth`
  symlink          a link stored in a zip: a path, not a file, and never followed
  link_outside     a folder's symlink that points outside the folder
  broken_link      a folder's symlink whose target does not exist (or loops)
  unreadable       a folder's file or subfolder the operating system refuses to open
Package error codes (`Package.errors`): empty, corrupt, encrypted (every file is), unsupported_format
(not a zip: RAR, 7z …) and too_large (the zip, its directory or the total over the limit); reading
stops at too_large and at too_many_files (more files than the limit), the members read so far stand.
"""

from __future__ import annotations

import bz2
import hashlib
import io
import lzma
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from docscreen.models.document import ReadError
from docscreen.models.package import Member, Package

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


@dataclass(frozen=True, slots=True)
class PackageLimits:
    max_members: int = 2_000  # members listed plus nested zips expanded, at every level
    max_member_size: int = 200 * MB  # one file, uncompressed
    max_total_size: int = 1 * GB  # uncompressed bytes held at once, nested zips included
    max_ratio: int = 100  # uncompressed : compressed, for members larger than `ratio_floor`
    ratio_floor: int = 1 * MB
    max_depth: int = 2  # zips inside the package's zips: package.zip/a.zip/b.zip/x.pdf is the deepest
    max_directory_size: int = 16 * MB  # one zip's central directory, checked before zipfile parses it


LIMITS = PackageLimits()

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_ARCHIVES = ((b"Rar!\x1a\x07", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"))
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, EOFError, OSError,
               NotImplementedError, OverflowError)
_STREAM_ERRORS = (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError)
_IN_CHUNK = 256 * KB
_OUT_CHUNK = 1 * MB
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_DOS_DIRECTORY = 0x10
_UNIX = 3
_UNICODE_PATH_EXTRA = 0x7075
_DRIVE = re.compile(r"[A-Za-z]:")
_NOISE_DIRS = frozenset({"__macosx"})
_NOISE_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_NOISE_PREFIXES = ("~$", "._")  # Office lock files; AppleDouble resource forks outside __MACOSX


class _Refused(Exception):
    """A member that cannot be read, with the error a reviewer sees."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.error = ReadError(code, message)


def read_package(path: Path, limits: PackageLimits = LIMITS) -> Package:
    """Read a folder or a .zip on disk without changing it; raises OSError only when `path` cannot be opened."""
    if path.is_dir():
        return _read_folder(path, limits)
    size = path.stat().st_size
    if size > limits.max_total_size:
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        message = f"压缩包大小 {_human(size)}，超过上限 {_human(limits.max_total_size)}，未解压。"
        return Package(path.name, "zip", digest, size, errors=[ReadError("too_large", message)])
    return read_zip(path.read_bytes(), path.name, limits)


def read_zip(data: bytes, name: str, limits: PackageLimits = LIMITS) -> Package:
    """Read a .zip held in memory; never raises: what cannot be read comes back in `errors` and members."""
    package = Package(name, "zip", hashlib.sha256(data).hexdigest(), len(data))
    if len(data) > limits.max_total_size:
        message = f"压缩包大小 {_human(len(data))}，超过上限 {_human(limits.max_total_size)}，未解压。"
        package.errors.append(ReadError("too_large", message))
        return package
    problem = _Walker(package, limits).archive(data, name, "", 0)
    if problem is not None:
        package.errors.append(problem)
    return package


def _read_folder(root: Path, limits: PackageLimits) -> Package:
    package = Package(root.name, "folder")
    walker = _Walker(package, limits)
    walker.folder(root, root.resolve(), "")
    digest = hashlib.sha256()
    for path, content in sorted(walker.hashes):
        digest.update(path.encode("utf-8", "surrogatepass") + b"\0" + content.encode("ascii") + b"\n")
    package.sha256 = digest.hexdigest()
    if not package.members and not package.errors:
        package.errors.append(ReadError("empty", "文件夹中没有文件。"))
    return package


@dataclass(slots=True)
class _Entry:
    info: zipfile.ZipInfo
    name: str  # as stored, decoded, backslashes turned into '/'
    path: str | None  # normalised inside the archive; None when absolute or climbing out


class _Walker:
    """Fills one package; the member count and the bytes held are shared by every nested zip."""

    def __init__(self, package: Package, limits: PackageLimits) -> None:
        self.package = package
        self.limits = limits
        self.held = 0
        self.listed = 0
        self.stopped = False
        self.hashes: list[tuple[str, str]] = []  # folder files: (path, sha256 of the content or "")

    # --- zip --------------------------------------------------------------------------------

    def archive(self, data: bytes, name: str, prefix: str, depth: int) -> ReadError | None:
        """Read one archive's entries into the package; returns what stops the archive as a whole."""
        if not data:
            return ReadError("empty", f"压缩包“{name}”为空（0 字节）。")
        if not data.startswith(_ZIP_MAGIC):
            return _not_a_zip(data, name)
        directory = _directory_size(data)
        if directory > self.limits.max_directory_size:
            return ReadError("too_large", f"压缩包“{name}”的目录异常庞大（{_human(directory)}），疑似压缩炸弹，未解压。")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
        except ZIP_ERRORS:
            return ReadError("corrupt", f"压缩包“{name}”已损坏，目录无法读取，无法打开。")
        entries = [entry for entry in map(_entry, infos) if entry is not None]
        if not entries:
            return ReadError("empty", f"压缩包“{name}”中没有文件。")
        view = memoryview(data)
        for entry in entries:
            if self.stopped or not self._take_slot():
                break
            self._read_entry(view, entry, prefix, depth)
        if all(entry.info.flag_bits & _ENCRYPTED_FLAG for entry in entries):
            return ReadError("encrypted", f"压缩包“{name}”中的文件全部加密，需要密码才能打开；请提交未加密的压缩包。")
        return None

    def _read_entry(self, view: memoryview, entry: _Entry, prefix: str, depth: int) -> None:
        info = entry.info
        shown = prefix + (entry.path if entry.path is not None else entry.name)
        try:
            if entry.path is None:
                how = "使用绝对路径" if _is_absolute(entry.name) else "路径越出压缩包目录"
                raise _Refused("path_traversal", f"压缩包中的“{shown}”{how}，已拒绝，未解压。")
            if info.create_system == _UNIX and stat.S_ISLNK(info.external_attr >> 16):
                raise _Refused("symlink", f"压缩包中的“{shown}”是符号链接而不是文件，未读取。")
            if info.flag_bits & _ENCRYPTED_FLAG:
                raise _Refused("encrypted", f"“{shown}”已加密，需要密码才能打开；请提交未加密的文件。")
            self._check_depth(shown, depth)
            self._check_declared(shown, info)
            if not self._fits(shown, info.file_size):
                return
            data = _inflate(view, info, shown)
        except _Refused as refused:
            self.package.members.append(Member(shown, info.file_size, error=refused.error))
            return
        self._keep(shown, data, depth)

    def _check_declared(self, shown: str, info: zipfile.ZipInfo) -> None:
        """Refuse on the header's word before decompressing; `_inflate` makes sure the word holds."""
        size, limits = info.file_size, self.limits
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            message = f"“{shown}”压缩比异常（{ratio}:1，上限 {limits.max_ratio}:1），疑似压缩炸弹，未解压。"
            raise _Refused("zip_bomb", message)
        if size > limits.max_member_size:
            message = f"“{shown}”解压后为 {_human(size)}，超过单个文件上限 {_human(limits.max_member_size)}，未解压。"
            raise _Refused("too_large", message)

    # --- folder -----------------------------------------------------------------------------

    def folder(self, directory: Path, root: Path, prefix: str) -> None:
        """Walk a folder in sorted order; links are followed only to files inside the folder."""
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            if not prefix:
                raise
            self._refuse_path(prefix[:-1], "unreadable", f"文件夹“{prefix[:-1]}”无法打开（权限不足）。")
            return
        for entry in entries:
            if self.stopped:
                return
            path = prefix + _decode_name(os.fsencode(entry.name))
            if _is_noise(path):
                continue
            if entry.is_symlink():
                self._link(Path(entry.path), root, path)
            elif entry.is_dir(follow_symlinks=False):
                if entry.name.lower() not in _NOISE_DIRS:
                    self.folder(Path(entry.path), root, path + "/")
            elif entry.is_file(follow_symlinks=False):
                self._file(Path(entry.path), path)
            else:
                self._refuse_path(path, "unsupported_format", f"“{path}”不是普通文件（设备或管道），未读取。")

    def _link(self, link: Path, root: Path, path: str) -> None:
        try:
            target = link.resolve()
        except (OSError, RuntimeError):
            self._refuse_path(path, "broken_link", f"“{path}”是失效的链接（循环指向），未读取。")
            return
        if not target.is_relative_to(root):
            self._refuse_path(path, "link_outside", f"“{path}”是指向材料包以外的链接，未读取。")
        elif not target.exists():
            self._refuse_path(path, "broken_link", f"“{path}”是失效的链接，指向的文件不存在。")
        elif target.is_file():
            self._file(link, path)
        # a link to a folder inside: its files are read where they are

    def _file(self, disk: Path, path: str) -> None:
        if not self._take_slot():
            return
        try:
            size = disk.stat().st_size
            self.package.size_bytes += size
            self._check_depth(path, 0)
            if size > self.limits.max_member_size:
                message = f"“{path}”为 {_human(size)}，超过单个文件上限 {_human(self.limits.max_member_size)}，未读取。"
                raise _Refused("too_large", message)
            if not self._fits(path, size):
                return
            with disk.open("rb") as f:
                data = f.read(size + 1)
            if len(data) != size:
                raise _Refused("unreadable", f"“{path}”在读取时被修改，请在文件不再变动后重新提交。")
        except OSError:
            error = ReadError("unreadable", f"“{path}”无法读取（权限不足或被占用）。")
            self.package.members.append(Member(path, 0, error=error))
            self.hashes.append((path, ""))
            return
        except _Refused as refused:
            self.package.members.append(Member(path, size, error=refused.error))
            self.hashes.append((path, ""))
            return
        self.hashes.append((path, hashlib.sha256(data).hexdigest()))
        self._keep(path, data, 0)

    # --- shared -----------------------------------------------------------------------------

    def _keep(self, path: str, data: bytes, depth: int) -> None:
        """A file becomes a member; a nested zip is expanded in its place, its bytes held meanwhile."""
        self.held += len(data)
        if not _is_zip_name(path):
            self.package.members.append(Member(path, len(data), data))
            return
        problem = self.archive(data, path, path + "/", depth + 1)
        self.held -= len(data)
        if problem is not None:
            self.package.members.append(Member(path, len(data), error=problem))

    def _check_depth(self, path: str, depth: int) -> None:
        if _is_zip_name(path) and depth >= self.limits.max_depth:
            message = f"“{path}”是第 {depth + 1} 层嵌套的压缩包，超过 {self.limits.max_depth} 层，未展开。"
            raise _Refused("nested_too_deep", message)

    def _take_slot(self) -> bool:
        if self.listed >= self.limits.max_members:
            self._stop("too_many_files", f"材料包中的文件超过 {self.limits.max_members} 个，其余文件未读取。")
            return False
        self.listed += 1
        return True

    def _fits(self, path: str, size: int) -> bool:
        if self.held + size > self.limits.max_total_size:
            limit = _human(self.limits.max_total_size)
            self._stop("too_large", f"材料包解压后的总大小超过上限 {limit}，“{path}”及其后的文件未读取。")
            return False
        return True

    def _stop(self, code: str, message: str) -> None:
        self.package.errors.append(ReadError(code, message))
        self.stopped = True

    def _refuse_path(self, path: str, code: str, message: str) -> None:
        """A folder entry that is not read at all (a link, a device, a folder that cannot be opened)."""
        if self._take_slot():
            self.package.members.append(Member(path, 0, error=ReadError(code, message)))


# --- zip entries --------------------------------------------------------------------------


def _entry(info: zipfile.ZipInfo) -> _Entry | None:
    """The entry to read or refuse; None for directories and noise."""
    name = _entry_name(info).replace("\\", "/")
    if name.endswith("/") or _is_directory(info):
        return None
    path = _normalise(name)
    if path == "" or (path is not None and _is_noise(path)):
        return None
    return _Entry(info, name, path)


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The name as its writer meant it: UTF-8 when flagged, else the Info-ZIP Unicode path, else UTF-8 or GBK."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.orig_filename.encode("cp437")
    unicode_path = _unicode_path(info.extra, raw)
    return unicode_path if unicode_path is not None else _decode_name(raw.split(b"\0", 1)[0])


def _unicode_path(extra: bytes, raw_name: bytes) -> str | None:
    """The UTF-8 name of an Info-ZIP Unicode Path field (0x7075), if it still matches the stored name."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if tag == _UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            if int.from_bytes(body[1:5], "little") != zlib.crc32(raw_name):
                return None
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        pos += 4 + size
    return None


def _decode_name(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("cp437")


def _is_directory(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISDIR(mode) or (bool(info.external_attr & _DOS_DIRECTORY) and info.file_size == 0)


def _is_absolute(name: str) -> bool:
    return name.startswith("/") or _DRIVE.match(name) is not None


def _normalise(name: str) -> str | None:
    """The '/'-separated path inside the archive, or None when it is absolute or climbs out of the root."""
    if _is_absolute(name):
        return None
    parts: list[str] = []
    for part in name.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _is_noise(path: str) -> bool:
    parts = path.lower().split("/")
    return (
        any(part in _NOISE_DIRS for part in parts[:-1])
        or parts[-1] in _NOISE_FILES
        or parts[-1].startswith(_NOISE_PREFIXES)
    )


def _is_zip_name(path: str) -> bool:
    return path.lower().endswith(".zip")


def _not_a_zip(data: bytes, name: str) -> ReadError:
    for magic, kind in _OTHER_ARCHIVES:
        if data.startswith(magic):
            return ReadError("unsupported_format", f"“{name}”是 {kind} 压缩包，暂不支持；请改用 zip 格式重新打包。")
    return ReadError("unsupported_format", f"“{name}”不是 zip 压缩包，无法作为材料包打开。")


def _directory_size(data: bytes) -> int:
    """The central directory's size as zipfile will find it (end record, then Zip64), before it parses it."""
    if data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\0\0":
        end = len(data) - 22
    else:
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
        if end < 0 or end + 22 > len(data):
            return 0
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    zip64 = locator - 56
    if zip64 >= 0 and data[locator : locator + 4] == b"PK\x06\x07" and data[zip64 : zip64 + 4] == b"PK\x06\x06":
        size = int.from_bytes(data[zip64 + 40 : zip64 + 48], "little")
    return size


# --- decompression --------------------------------------------------------------------------


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    def decompress(self, data: bytes | memoryview, max_length: int) -> bytes: ...


class _Inflate:
    """Raw deflate behind the bz2/lzma decompressor interface (`needs_input`, input kept between calls)."""

    def __init__(self) -> None:
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)

    @property
    def eof(self) -> bool:
        return self._zlib.eof

    @property
    def needs_input(self) -> bool:
        return not self._zlib.unconsumed_tail

    def decompress(self, data: bytes | memoryview, max_length: int) -> bytes:
        return self._zlib.decompress(data or self._zlib.unconsumed_tail, max_length)


def _inflate(view: memoryview, info: zipfile.ZipInfo, shown: str) -> bytes:
    """The member's bytes, checked against the header's size and CRC; never more than it declares."""
    start = _data_start(view, info, shown)
    raw = view[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise _Refused("corrupt", f"“{shown}”的数据不完整（压缩包被截断），无法解压。")
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise _Refused("corrupt", f"“{shown}”的大小与文件头不符，无法读取。")
        data = bytes(raw)
    else:
        data = _decompress(raw, info, shown)
    if zlib.crc32(data) != info.CRC:
        raise _Refused("corrupt", f"“{shown}”校验失败（CRC 不符），文件已损坏。")
    return data


def _data_start(view: memoryview, info: zipfile.ZipInfo, shown: str) -> int:
    offset = info.header_offset
    header = bytes(view[offset : offset + 30]) if offset >= 0 else b""
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _Refused("corrupt", f"“{shown}”的文件头已损坏，无法解压。")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    return offset + 30 + name_length + extra_length


def _decompress(raw: memoryview, info: zipfile.ZipInfo, shown: str) -> bytes:
    """Decompress in bounded chunks, stopping as soon as the output passes the declared size."""
    declared = info.file_size
    chunks: list[bytes] = []
    produced = pos = 0
    try:
        decompressor, raw = _decompressor(info.compress_type, raw, declared, shown)
        while not decompressor.eof:
            data: bytes | memoryview = b""
            if decompressor.needs_input and pos < len(raw):
                data = raw[pos : pos + _IN_CHUNK]
                pos += len(data)
            out = decompressor.decompress(data, min(_OUT_CHUNK, declared + 1 - produced))
            if not out and not data:
                break
            produced += len(out)
            if produced > declared:
                message = f"“{shown}”实际解压大小超过文件头声明的 {_human(declared)}，疑似压缩炸弹，已停止解压。"
                raise _Refused("zip_bomb", message)
            chunks.append(out)
    except _STREAM_ERRORS:
        raise _Refused("corrupt", f"“{shown}”的压缩数据已损坏，无法解压。") from None
    if produced != declared:
        raise _Refused("corrupt", f"“{shown}”的数据不完整，解压结果比文件头声明的短。")
    return b"".join(chunks)


def _decompressor(method: int, raw: memoryview, declared: int, shown: str) -> tuple[_Decompressor, memoryview]:
    if method == zipfile.ZIP_DEFLATED:
        return _Inflate(), raw
    if method == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor(), raw
    if method == zipfile.ZIP_LZMA:  # 2 bytes version, 2 bytes properties size, LZMA1 properties, raw stream
        # the dictionary is allocated up front: no larger than the output, whatever the header asks
        props_size = int.from_bytes(raw[2:4], "little")
        props = bytes(raw[4 : 4 + props_size])
        if len(props) < 5:
            raise _Refused("corrupt", f"“{shown}”的 LZMA 参数已损坏，无法解压。")
        lzma_filter = {
            "id": lzma.FILTER_LZMA1,
            "lc": props[0] % 9,
            "lp": props[0] // 9 % 5,
            "pb": props[0] // 45,
            "dict_size": max(4 * KB, min(int.from_bytes(props[1:5], "little"), declared + 1)),
        }
        return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter]), raw[4 + props_size :]
    raise _Refused("unsupported_format", f"“{shown}”使用了不支持的压缩方式（{method}），无法解压。")


def _human(size: int) -> str:
    for unit, scale in (("GB", GB), ("MB", MB), ("KB", KB)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} 字节"
