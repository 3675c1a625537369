"""Read one document in a forked child under a wall-time and memory budget.

A damaged or hostile file must not hang or exhaust a bulk run: the child reads, pickles the
`Document` back through a pipe and exits; past its time it is killed, past its memory its
allocations fail. Either way the caller gets a `Document` whose `errors` say why, and the batch
goes on. The parent is free while the child reads (`start_read` returns at once), so it can
prepare the later stages meanwhile. Fork keeps start-up near zero: the child shares the parent's
imported modules.
"""

from __future__ import annotations

import faulthandler
import hashlib
import os
import pickle
import resource
import select
import signal
import threading
import time
from dataclasses import dataclass
from typing import NoReturn

from docscreen.extractors.gc_pause import gc_paused
from docscreen.models import Document, ReadError

_CHUNK = 1 << 20
MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True, slots=True)
class UnitBudget:
    """What one document's read may take. `memory_bytes` is address space on top of what the
    process held when the child started (the parent's imports are shared, not the read's)."""

    seconds: float = 300.0
    memory_bytes: int = 3 * GB

    def describe(self) -> str:
        return f"{self.seconds:g} 秒、内存 {_size(self.memory_bytes)}"


DEFAULT_BUDGET = UnitBudget()


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """Why the child gave no document: `code` is timeout, out_of_memory or reader_crashed."""

    code: str
    message: str


class PendingRead:
    """A child reading one document; `wait` collects it (once). A plain fork and pipe rather than
    multiprocessing, which refuses to start children from daemonic processes (Dask's workers)."""

    def __init__(self, data: bytes, name: str, budget: UnitBudget) -> None:
        from docscreen.extractors.read import sniff  # not at module level: the CLI's parser imports this module

        self.name = name
        self.budget = budget
        self._sha256 = hashlib.sha256(data).hexdigest()
        self._size = len(data)
        self._format = sniff(data)
        pdfium_lock = _load_readers(self._format)
        self._deadline = time.monotonic() + budget.seconds
        # No thread of ours may be inside PDFium when the address space is copied: the child
        # would inherit its half-changed global state and a lock nobody would release. The same
        # lock keeps this pipe's write end out of a child another thread forks meanwhile: a child
        # holding it would keep this read from seeing its end until that child dies.
        with pdfium_lock:
            receiver, sender = os.pipe()
            pid = os.fork()
            if pid != 0:
                os.close(sender)
        if pid == 0:
            os.close(receiver)
            _child(sender, data, name, budget.memory_bytes)
        self._pid, self._receiver = pid, receiver

    def wait(self) -> Document | ReadFailure:
        """The child's document, or why there is none; the child is gone when this returns."""
        try:
            payload = self._receive()
        finally:
            status = self._reap()
        if payload is None:
            return ReadFailure(
                "timeout",
                f"读取超时：超过单个文件的时间预算 {self.budget.seconds:g} 秒，已终止读取（预算 {self.budget.describe()}）。",
            )
        try:
            with gc_paused():  # a long document is ~10^5 small objects with no cycles
                return pickle.loads(payload)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return self._crashed(os.waitstatus_to_exitcode(status))

    def cancel(self) -> None:
        """Stop the child (and what it started) without waiting for its document."""
        self._reap()

    def _reap(self) -> int:
        """Close our end, stop the child's process group, and collect the child's wait status."""
        os.close(self._receiver)
        _kill_group(self._pid)
        return os.waitpid(self._pid, 0)[1]

    def document(self) -> Document:
        """The document, a failure turned into an unreadable one that says which budget ran out."""
        outcome = self.wait()
        if isinstance(outcome, Document):
            return outcome
        return Document(
            name=self.name, format=self._format, sha256=self._sha256, size_bytes=self._size,
            errors=[ReadError(outcome.code, outcome.message)],
        )

    def _receive(self) -> bytes | None:
        """Everything the child wrote, up to its end of the pipe closing; None past the deadline."""
        chunks = []
        poller = select.poll()
        poller.register(self._receiver, select.POLLIN | select.POLLHUP)
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                return None
            chunk = os.read(self._receiver, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _crashed(self, code: int) -> ReadFailure:
        how = f"信号 {-code}" if code < 0 else f"退出码 {code}"
        if code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS, -signal.SIGKILL):
            return ReadFailure(
                "out_of_memory",
                f"读取进程异常终止（{how}），多为内存超限或文件损坏所致（预算 {self.budget.describe()}）。",
            )
        return ReadFailure("reader_crashed", f"读取进程异常终止（{how}），文件可能已损坏。")


def start_read(data: bytes, name: str, budget: UnitBudget = DEFAULT_BUDGET) -> PendingRead:
    """Start reading in a child and return at once."""
    return PendingRead(data, name, budget)


def read_bounded(data: bytes, name: str, budget: UnitBudget = DEFAULT_BUDGET) -> Document:
    return start_read(data, name, budget).document()


def _load_readers(fmt: str) -> threading.Lock:
    """Import the format's reader in the parent, once, so every later child starts with it loaded;
    only that one, so a single run forks as early as it can. PDFium's lock comes back."""
    if fmt in {"docx", "ole"}:
        from docscreen.extractors import docx_reader, office_convert  # noqa: F401
    elif fmt == "pdf":
        from docscreen.extractors import pdf_ocr, pdf_reader  # noqa: F401
    from docscreen.extractors.pdfium_lock import PDFIUM_LOCK

    return PDFIUM_LOCK


def _child(sender: int, data: bytes, name: str, memory_bytes: int) -> NoReturn:
    """Read, write the pickled outcome, and leave without running the parent's exit handlers."""
    try:
        faulthandler.disable()  # a crash here is the parent's to report, not a traceback on stderr
        os.setpgrp()  # converters it starts (LibreOffice, tesseract) share its group and die with it
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_bytes, resource.RLIM_INFINITY))
        with os.fdopen(sender, "wb") as pipe:
            pipe.write(_outcome(data, name, memory_bytes))
    finally:
        os._exit(0)


def _outcome(data: bytes, name: str, memory_bytes: int) -> bytes:
    from docscreen.extractors.read import read_document

    try:
        outcome: Document | ReadFailure = read_document(data, name)
        return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        outcome = ReadFailure("out_of_memory", f"读取时内存超限（上限 {_size(memory_bytes)}），已停止读取。")
    except RecursionError:
        outcome = ReadFailure("reader_crashed", "文件结构嵌套过深（疑似循环引用），无法读取。")
    except Exception as exc:  # noqa: BLE001 - the parent gets a reason, never a traceback
        outcome = ReadFailure("reader_crashed", f"读取出错（{type(exc).__name__}），文件可能已损坏。")
    return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)


def _kill_group(pid: int) -> None:
    """The child and whatever it started, gone."""
    for kill in (os.killpg, os.kill):  # the group may not exist yet: the child makes it first thing
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _address_space() -> int:
    """The process's mapped bytes now (/proc/self/statm, first field in pages)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _size(n: int) -> str:
    return f"{n / GB:.3g} GiB" if n >= GB else f"{n / MB:.3g} MiB"
