"""A piece of analysis run in a forked child while this process does the rest (pipeline.Aside).

Only for a process with one thread: a fork copies locks other threads may hold. The child inherits
everything loaded (spaCy's pipeline, the lexicons), computes, pickles its result through a pipe and
leaves. A child that fails, or is killed, leaves the work to be done here instead, so an error
surfaces where it would have without the child.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

from docscreen.extractors.gc_pause import gc_paused
from docscreen.extractors.pipeline import Aside, later

T = TypeVar("T")


def forked(work: Callable[[], T]) -> Callable[[], T]:
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(receiver)
        try:
            payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(sender, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(sender)

    def result() -> T:
        with os.fdopen(receiver, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not payload:  # failed, or killed part-way through writing
            return work()
        with gc_paused():
            return pickle.loads(payload)

    return result


def aside_for_this_process() -> Aside:
    """`forked` when this process has no other thread and another core is there to use."""
    single = threading.active_count() == 1
    return forked if single and len(os.sched_getaffinity(0)) > 1 else later
