"""One measured process: start an app headless and exit at its first full frame.

    python -m benchmarks.launch bare
    python -m benchmarks.launch amtrax DB

`bare` is the floor: a Textual app with a Header, a Static and a Footer. `amtrax`
is the real app on DB, done when the overview shows the member's progress.
Both poll for readiness the same way, then exit after the next refresh.
"""

from __future__ import annotations

import sys


def bare_app():
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    return Bare(), lambda app: bool(app.query(Static))


def amtrax_app(db: str):
    from amtrax_tui.ui.app import build_app

    def ready(app) -> bool:
        return app.snapshot is not None and type(app.screen).__name__ == "OverviewScreen"

    return build_app(db), ready


def main(argv: list[str]) -> None:
    app, ready = bare_app() if argv[0] == "bare" else amtrax_app(argv[1])

    def poll() -> None:
        if ready(app):
            timer.stop()
            app.call_after_refresh(app.exit)

    def start() -> None:
        nonlocal timer
        timer = app.set_interval(0.002, poll)

    timer = None
    app.call_later(start)
    app.run(headless=True, size=(80, 24))


if __name__ == "__main__":
    main(sys.argv[1:])
