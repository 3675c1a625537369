"""MinIO bucket notifications: which objects an upload event names.

MinIO POSTs one JSON document per event to a webhook: {"EventName", "Key": "bucket/key",
"Records": [{"eventName", "s3": {"bucket": {"name"}, "object": {"key", "size", "eTag"}}}]}. The
record's key is query-escaped (Go's url.QueryEscape: '%E8%90%A5', '+' for a space, '%2F' for '/'),
so it is decoded here. Only events that bring new content count: `--event put` also subscribes to
tagging, retention and legal-hold changes (s3:ObjectCreated:PutTagging…), which leave the bytes as
they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from docscreen.flows.unit_index import REPORTS_PREFIX

CONTENT_EVENTS = frozenset({"Put", "Post", "Copy", "CompleteMultipartUpload"})


@dataclass(frozen=True)
class ObjectRef:
    bucket: str
    key: str
    etag: str
    size: int


def _field(record: dict[str, Any], *path: str) -> Any:
    value: Any = record
    for name in path:
        if not isinstance(value, dict) or name not in value:
            raise ValueError(f"event record without {'.'.join(path)}")
        value = value[name]
    return value


def _text(record: dict[str, Any], *path: str) -> str:
    value = _field(record, *path)
    if not isinstance(value, str) or not value:
        raise ValueError(f"event record field {'.'.join(path)} is not a non-empty string")
    return value


def brings_content(event_name: str) -> bool:
    """s3:ObjectCreated:Put (MinIO) or ObjectCreated:Put (AWS), not a metadata change."""
    kind, _, action = event_name.removeprefix("s3:").partition(":")
    return kind == "ObjectCreated" and action in CONTENT_EVENTS


def object_events(event: dict[str, Any], ignore_prefixes: Iterable[str] = (REPORTS_PREFIX,)) -> list[ObjectRef]:
    """The new objects an event names, in order and once each. Raises ValueError on a payload
    that is not a bucket notification; skips other events, folder markers and our own reports."""
    if not isinstance(event, dict) or not isinstance(event.get("Records"), list):
        raise ValueError("not a bucket notification: no Records list")
    ignore = tuple(ignore_prefixes)
    refs: list[ObjectRef] = []
    seen: set[tuple[str, str]] = set()
    for record in event["Records"]:
        if not isinstance(record, dict):
            raise ValueError("event record is not an object")
        if not brings_content(_text(record, "eventName")):
            continue
        key = unquote_plus(_text(record, "s3", "object", "key"))
        size = record["s3"]["object"].get("size", 0)
        etag = record["s3"]["object"].get("eTag", "")
        ref = ObjectRef(
            _text(record, "s3", "bucket", "name"),
            key,
            etag.strip('"') if isinstance(etag, str) else "",
            size if isinstance(size, int) else 0,
        )
        if key.endswith("/") or key.startswith(ignore) or (ref.bucket, key) in seen:
            continue
        seen.add((ref.bucket, key))
        refs.append(ref)
    return refs


def object_refs(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(bucket, key) of each new object the event names."""
    return [(r.bucket, r.key) for r in object_events(event)]
