"""Python's cycle collector paused while a stage builds its records.

Reading and analysing a long document allocate hundreds of thousands of small objects (lines,
blocks, amounts) that form no reference cycles, and every few thousand allocations the collector
walks them again, with spaCy's whole import behind them on a full pass. Reference counting still frees everything; the collector resumes when the stage ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause cycle collection for the block (or the decorated function); threads share the switch,
    and whichever paused it first turns it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
