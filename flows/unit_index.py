"""The record of every screened unit, in SQLite: the cache, the resume point, and the queue of uploads.

A unit is screened again only when its bytes, the rulebooks or docscreen change, so the cache key is
(sha256, rules_version, docscreen_version). The `pending` table is the durable queue `docscreen serve`
drains: an upload event is acknowledged only once its row is committed, and a row claimed by a
worker that died is queued again when the service restarts. WAL lets a batch run and the service
share one file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import threading
import time
from dataclasses import astuple, asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

REPORTS_PREFIX = "reports/"


@dataclass(frozen=True)
class UnitRecord:
    source: str  # the storage URL the unit was read from
    key: str
    sha256: str
    rules_version: str
    docscreen_version: str
    status: str  # screened | unreadable | failed
    report_json: str  # keys in the reports storage
    report_html: str
    kind: str
    jurisdiction: str | None
    errors: int
    warnings: int
    codes: str  # ';'-joined finding codes
    screened_at: str  # ISO 8601, UTC
    error_message: str


_COLUMNS = [f.name for f in fields(UnitRecord)]
_KEY = ("source", "key", "sha256", "rules_version", "docscreen_version")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS units (
    source TEXT NOT NULL, key TEXT NOT NULL, sha256 TEXT NOT NULL, rules_version TEXT NOT NULL,
    docscreen_version TEXT NOT NULL, status TEXT NOT NULL, report_json TEXT NOT NULL, report_html TEXT NOT NULL,
    kind TEXT NOT NULL, jurisdiction TEXT, errors INTEGER NOT NULL, warnings INTEGER NOT NULL, codes TEXT NOT NULL,
    screened_at TEXT NOT NULL, error_message TEXT NOT NULL,
    PRIMARY KEY ({", ".join(_KEY)})
);
CREATE INDEX IF NOT EXISTS units_cache ON units (sha256, rules_version, docscreen_version);
CREATE TABLE IF NOT EXISTS pending (
    source TEXT NOT NULL, key TEXT NOT NULL,
    etag TEXT NOT NULL,               -- the version queued or screened; another etag is a new upload
    state TEXT NOT NULL,              -- queued | claimed | done | failed
    again INTEGER NOT NULL DEFAULT 0, -- a new version arrived while the old one was being screened
    attempts INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,             -- queue order
    updated_at TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, key)
);
CREATE INDEX IF NOT EXISTS pending_queue ON pending (state, seq);
"""


def default_index_path() -> Path:
    return Path(os.environ.get("DOCSCREEN_STATE_DIR") or ".docscreen") / "index.sqlite"


def report_keys(sha256: str, rules_version: str) -> tuple[str, str]:
    """Reports are filed by content and rules, so the same bytes screened under the same rules
    share one pair whatever they were called."""
    base = f"{REPORTS_PREFIX}{sha256[:2]}/{sha256}/{rules_version}/report"
    return f"{base}.json", f"{base}.html"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class UnitIndex:
    """One connection shared by the threads of a process under a lock; other processes wait on
    SQLite's own lock (busy timeout)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        with self._lock, self._db:
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> UnitIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    # --- screened units -------------------------------------------------------------------------

    def done(self, sha256: str, rules_version: str, docscreen_version: str) -> UnitRecord | None:
        """The latest screening of these bytes under these rules; a failed attempt is no answer."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM units WHERE sha256 = ? AND rules_version = ? "
                "AND docscreen_version = ? AND status != 'failed' ORDER BY screened_at DESC LIMIT 1",
                (sha256, rules_version, docscreen_version),
            ).fetchone()
        return UnitRecord(*row) if row else None

    def record(self, rec: UnitRecord) -> None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c not in _KEY)
        self._write(
            f"INSERT INTO units ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
            f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET {updates}",
            astuple(rec),
        )

    def records(self) -> list[UnitRecord]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM units ORDER BY source, key, screened_at"
            ).fetchall()
        return [UnitRecord(*row) for row in rows]

    def export(self) -> tuple[str, str]:
        """(CSV, JSON lines) of every record."""
        records = self.records()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows(astuple(r) for r in records)
        lines = "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records)
        return out.getvalue(), lines

    # --- the upload queue -----------------------------------------------------------------------

    def enqueue(self, source: str, key: str, etag: str = "", skip_screened: bool = False) -> bool:
        """Queue an object; False when it is already queued or being screened, or when this version
        (etag) was screened already. With `skip_screened`, an object never queued here but already
        in the records (a batch screened it) is noted as done instead of queued."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT state, etag FROM pending WHERE source = ? AND key = ?", (source, key)
            ).fetchone()
            if row is None:
                screened = skip_screened and self._db.execute(
                    "SELECT 1 FROM units WHERE source = ? AND key = ? AND status != 'failed'", (source, key)
                ).fetchone()
                self._db.execute(
                    "INSERT INTO pending (source, key, etag, state, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (source, key, etag, "done" if screened else "queued", time.time_ns(), _now()),
                )
                return not screened
            state, known = row
            if etag == known:
                return False
            if state in ("queued", "claimed"):
                self._db.execute(
                    "UPDATE pending SET etag = ?, again = ? WHERE source = ? AND key = ?",
                    (etag, int(state == "claimed"), source, key),
                )
                return False
            self._db.execute(
                "UPDATE pending SET etag = ?, state = 'queued', again = 0, attempts = 0, seq = ?, updated_at = ?, "
                "message = '' WHERE source = ? AND key = ?",
                (etag, time.time_ns(), _now(), source, key),
            )
            return True

    def next_pending(self) -> tuple[str, str] | None:
        """Claim the oldest queued object; no two claimants get the same one."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT source, key FROM pending WHERE state = 'queued' ORDER BY seq LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            self._db.execute(
                "UPDATE pending SET state = 'claimed', updated_at = ? WHERE source = ? AND key = ?", (_now(), *row)
            )
            return row[0], row[1]

    def finish_pending(self, source: str, key: str) -> None:
        """Done; queued again at once if a newer version arrived meanwhile."""
        self._write(
            "UPDATE pending SET state = CASE again WHEN 1 THEN 'queued' ELSE 'done' END, again = 0, attempts = 0, "
            "seq = ?, updated_at = ? WHERE source = ? AND key = ?",
            (time.time_ns(), _now(), source, key),
        )

    def fail_pending(self, source: str, key: str, message: str, max_attempts: int = 3) -> bool:
        """An attempt raised: back to the end of the queue until `max_attempts`, then given up
        (until a new version arrives). True when it will be tried again."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT attempts, again FROM pending WHERE source = ? AND key = ?", (source, key)
            ).fetchone()
            if row is None:
                return False
            attempts, again = row[0] + 1, row[1]
            retry = bool(again) or attempts < max_attempts
            self._db.execute(
                "UPDATE pending SET state = ?, attempts = ?, again = 0, seq = ?, updated_at = ?, message = ? "
                "WHERE source = ? AND key = ?",
                (
                    "queued" if retry else "failed", 0 if again else attempts, time.time_ns(), _now(), message,
                    source, key,
                ),
            )
            return retry

    def requeue_claimed(self) -> int:
        """Claims left by a service that stopped mid-screening go back to the queue (one service per index)."""
        sql = "UPDATE pending SET state = 'queued', updated_at = ? WHERE state = 'claimed'"
        return self._write(sql, (_now(),)).rowcount

    def pending_count(self) -> int:
        """Objects queued or being screened."""
        with self._lock:
            return self._db.execute("SELECT count(*) FROM pending WHERE state IN ('queued', 'claimed')").fetchone()[0]

    def pending_state(self, source: str, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT state FROM pending WHERE source = ? AND key = ?", (source, key)).fetchone()
        return row[0] if row else None
