"""One measured process: start an app headless and exit at its first full frame.

    python -m benchmarks.launch bare
    python -m benchmarks.launch amtrax DB [--without-postgres-driver]

`bare` is the floor: a Textual app with a Header, a Static and a Footer, done at
the first frame that shows its text. `amtrax` is the real app on DB, done at the
first frame that shows the overview's progress line with the member's figures.
Both draw into the same stand-in terminal (terminal.py): a frame counts once the
app has turned it into terminal output, and is recognised by what it shows.

At exit the process prints the perf_counter of that frame (on Linux the system's
monotonic clock, which the parent reads too) and its own peak resident memory in
MiB (VmHWM). Not the ru_maxrss that os.wait4 gives the parent: on Linux that also
counts the pages the benchmark itself had when it forked this process.

Peewee imports every database driver it finds when it is itself imported. The
README's install does not install the PostgreSQL driver; the test environment
does. `--without-postgres-driver` hides it, to measure the app as installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.terminal import PROGRESS, recording_terminal


def bare_app():
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    return Bare(), lambda frame: "Hello" in frame


def amtrax_app(db: str):
    from amtrax_tui.ui.app import build_app

    return build_app(db), lambda frame: PROGRESS.search(frame) is not None


def main(argv: list[str]) -> None:
    if "--without-postgres-driver" in argv:
        sys.modules["psycopg"] = sys.modules["psycopg2"] = None  # as if not installed
    app, ready = bare_app() if argv[0] == "bare" else amtrax_app(argv[1])

    shown: list[float] = []

    def first_full_frame(at: float, frame: str) -> None:
        if not shown and ready(frame):
            shown.append(at)
            app.exit()

    app.driver_class = recording_terminal(first_full_frame)
    app.run(headless=False, size=(80, 24))
    print(shown[0], _peak_rss_mib())


def _peak_rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


if __name__ == "__main__":
    main(sys.argv[1:])
