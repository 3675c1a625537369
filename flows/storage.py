"""Where the originals and the reports live: a local folder or an S3 bucket (MinIO), one interface.

Keys are '/'-separated paths relative to the storage root. The minio client is imported only when
an S3 storage is opened, so `docscreen screen` never pays for it. S3 settings come from the
environment or a config file, never from code.
"""

from __future__ import annotations

import io
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from docscreen.flows.unit_index import REPORTS_PREFIX

if TYPE_CHECKING:
    from minio import Minio

DEFAULT_LOCAL_ROOT = "./docscreen-data"
_TMP_PREFIX = ".docscreen-tmp-"
_S3_SETTINGS = ("endpoint", "access_key", "secret_key", "secure", "region")
# What a bulk run or an upload screens; anything else in a store (our reports, spreadsheets,
# pictures) is left alone, so reports written back into a watched bucket trigger nothing.
UNIT_SUFFIXES = frozenset({".docx", ".doc", ".wps", ".pdf", ".zip"})


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    etag: str  # the content hash S3 gives; mtime-size for a local file


class Storage(Protocol):
    url: str

    def list(self, prefix: str = "") -> Iterator[StoredObject]: ...

    def get(self, key: str) -> bytes: ...

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...

    def exists(self, key: str) -> bool: ...


def check_key(key: str) -> str:
    """A key names one object under the root: no absolute path, no '..', no empty segment."""
    parts = key.split("/")
    if not key or "\\" in key or "\x00" in key or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid storage key {key!r}")
    return key


def is_unit_key(key: str) -> bool:
    return not key.startswith(REPORTS_PREFIX) and PurePosixPath(key).suffix.lower() in UNIT_SUFFIXES


def unit_name(key: str) -> str:
    """The file name of a key: what reports and the extractors call the unit."""
    return key.rstrip("/").rsplit("/", 1)[-1]


class LocalStorage:
    """A folder. Writes are atomic (a temporary file renamed into place) and never leave the
    root, even through a symlink inside it."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.url = self.root.as_uri()

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"storage key {key!r} leads outside {self.root}")
        return path

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        if not self.root.is_dir():
            raise FileNotFoundError(f"no such folder: {self.root}")
        found = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
            for name in files:
                path = Path(folder) / name
                if name.startswith(_TMP_PREFIX) or not path.resolve().is_relative_to(self.root):
                    continue
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix) and path.is_file():
                    stat = path.stat()
                    found.append(StoredObject(key, stat.st_size, f"{stat.st_mtime_ns:x}-{stat.st_size:x}"))
        yield from sorted(found, key=lambda o: o.key)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage:
    """A bucket, or a prefix in it, through the minio client."""

    def __init__(self, client: Minio, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}".rstrip("/")

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        objects = self.client.list_objects(bucket_name=self.bucket, prefix=self.prefix + prefix, recursive=True)
        found = [
            StoredObject(o.object_name[len(self.prefix):], o.size or 0, (o.etag or "").strip('"'))
            for o in objects
            if not o.is_dir
        ]
        yield from sorted(found, key=lambda o: o.key)

    def get(self, key: str) -> bytes:
        response = self.client.get_object(bucket_name=self.bucket, object_name=self._name(key))
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(
            bucket_name=self.bucket, object_name=self._name(key), data=io.BytesIO(data), length=len(data),
            content_type=content_type,
        )

    def exists(self, key: str) -> bool:
        from minio.error import S3Error

        try:
            self.client.stat_object(bucket_name=self.bucket, object_name=self._name(key))
        except S3Error as error:
            if error.code in ("NoSuchKey", "NotFound", "ResourceNotFound"):
                return False
            raise
        return True


def s3_settings() -> dict[str, str]:
    """[s3] of the TOML file at $DOCSCREEN_CONFIG, each key overridden by $DOCSCREEN_S3_<KEY>."""
    settings: dict[str, str] = {}
    config = os.environ.get("DOCSCREEN_CONFIG")
    if config:
        with open(config, "rb") as f:
            section = tomllib.load(f).get("s3", {})
        settings.update({k: str(v) for k, v in section.items() if k in _S3_SETTINGS})
    for name in _S3_SETTINGS:
        value = os.environ.get(f"DOCSCREEN_S3_{name.upper()}")
        if value is not None:
            settings[name] = value
    return settings


def s3_client(settings: dict[str, str] | None = None) -> Minio:
    from minio import Minio

    settings = s3_settings() if settings is None else settings
    endpoint = settings.get("endpoint")
    if not endpoint:
        raise ValueError(
            "S3 storage needs DOCSCREEN_S3_ENDPOINT (host:port) or endpoint under [s3] in $DOCSCREEN_CONFIG"
        )
    secure = settings.get("secure", "1").strip().lower() not in ("0", "false", "no", "off")
    scheme, _, rest = endpoint.partition("://")
    if rest:  # tolerate a URL: its scheme decides
        endpoint, secure = rest.rstrip("/"), scheme == "https"
    return Minio(
        endpoint, access_key=settings.get("access_key"), secret_key=settings.get("secret_key"), secure=secure,
        region=settings.get("region") or None,
    )


def open_storage(url: str | None = None) -> Storage:
    """'s3://bucket/prefix' → S3Storage; a path or 'file://' URL → LocalStorage; None → $DOCSCREEN_STORAGE,
    else the folder ./docscreen-data."""
    url = url or os.environ.get("DOCSCREEN_STORAGE") or DEFAULT_LOCAL_ROOT
    if url.startswith("s3://"):
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise ValueError(f"no bucket in {url!r}")
        return S3Storage(s3_client(), bucket, prefix)
    if url.startswith("file://"):
        return LocalStorage(unquote(urlsplit(url).path))
    return LocalStorage(url)
