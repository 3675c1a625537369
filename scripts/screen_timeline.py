"""When each step of `docscreen screen` ends on one file, in a new process, as the command runs
them: the read forked into a child first, then, while it reads, the parent imports the rest and
warms up; then analysis, checks and reports.
The last line is the whole process, teardown included, timed from outside.
The steps below mirror `cli._run` and `steps.finish_read` with marks in between: change them
with those.

    python scripts/bench_screen.py --dir /tmp/bench   # makes /tmp/bench/bench-1000.pdf
    python scripts/screen_timeline.py /tmp/bench/bench-1000.pdf
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

STEPS = """
import sys, time
T0 = time.perf_counter()
def mark(step): print(f"{time.perf_counter() - T0:6.2f} s  {step}", flush=True)
from pathlib import Path
from docscreen.flows.bounded_read import start_read
path = Path(sys.argv[1])
pending = start_read(path.read_bytes(), path.name)
mark("child forked")
from docscreen.flows.screen_command import unit_report
from docscreen.flows.steps import check
from docscreen.extractors.pipeline import analyse, warm_analysis
from docscreen.flows.forked import aside_for_this_process
from docscreen.reports.json_report import dumps
mark("the rest imported")
warm_analysis()
mark("warm-up done")
doc = pending.document()
mark("document received from the child")
analyse(doc, aside_for_this_process())
mark("analysed (the prose's money in a forked child meanwhile)")
screening = check(doc)
mark("checked")
report, html = unit_report(screening)
dumps(report)
mark("reports built")
"""


def main() -> int:
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_file():
        print(__doc__, file=sys.stderr)
        return 2
    pdf = Path(sys.argv[1])
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", STEPS, str(pdf)], check=True)
    print(f"{time.perf_counter() - start:6.2f} s  process gone (from outside, interpreter start and teardown included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
