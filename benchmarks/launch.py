"""One measured process: start an app headless and exit at its first full frame.

    python -m benchmarks.launch bare
    python -m benchmarks.launch amtrax DB [--without-postgres-driver]

`bare` is the floor: a Textual app with a Header, a Static and a Footer. `amtrax`
is the real app on DB, done when the overview's first frame with the member's
progress is written. Frames are caught where the app writes them.

Peewee imports every database driver it finds when it is itself imported. The
README's install does not install the PostgreSQL driver; the test environment
does. `--without-postgres-driver` hides it, to measure the app as installed.
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
    if "--without-postgres-driver" in argv:
        sys.modules["psycopg"] = sys.modules["psycopg2"] = None  # as if not installed
    app, ready = bare_app() if argv[0] == "bare" else amtrax_app(argv[1])
    display = app._display

    def first_full_frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and ready(app):
            app.exit()

    app._display = first_full_frame
    app.run(headless=True, size=(80, 24))


if __name__ == "__main__":
    main(sys.argv[1:])
