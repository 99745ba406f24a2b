"""The stylesheets: built-in rules stay on their own screens, a site's own rules come last."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.color import Color
from textual.screen import Screen

import amtrax_tui.ui.screens
from amtrax_tui.config import load_config
from amtrax_tui.ui import app as app_module
from tests.ui.conftest import SIZE, make_app, screen_is, wait_for

STYLES = Path(app_module.__file__).parent / "styles"
APP_WIDE = {"app.tcss"}  # the small-terminal notice and the form-row classes several screens share


def subclasses(cls: type) -> set[type]:
    direct: list[type] = cls.__subclasses__()
    return {sub for child in direct for sub in (child, *subclasses(child))}


def screen_types() -> set[str]:
    """The names of the app's screen classes, the bases (AppScreen, Dialog) included."""
    for module in pkgutil.iter_modules(amtrax_tui.ui.screens.__path__):
        importlib.import_module(f"amtrax_tui.ui.screens.{module.name}")
    return {sub.__name__ for sub in subclasses(Screen) if sub.__module__.startswith("amtrax_tui.")}


def top_level_selectors(css: str) -> list[str]:
    """The selectors of each rule at the outermost level of `css`."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors, depth, start = [], 0, 0
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selectors += [s.strip() for s in css[start:at].split(",")]
            depth += 1
        elif char == "}":
            depth -= 1
            start = at + 1
    return selectors


def test_the_app_loads_every_built_in_stylesheet(db_path):
    assert set(make_app(db_path).css_path) == set(STYLES.glob("*.tcss"))


def test_every_built_in_rule_is_nested_under_a_screen_type_except_the_app_wide_file():
    screens = screen_types()
    assert {"OverviewScreen", "ActivityFormScreen", "Dialog"} <= screens
    for path in STYLES.glob("*.tcss"):
        if path.name not in APP_WIDE:
            selectors = top_level_selectors(path.read_text("utf-8"))
            assert selectors and set(selectors) <= screens, f"{path.name}: {set(selectors) - screens}"


def test_the_selector_reader_sees_a_rule_outside_any_screen():
    assert top_level_selectors("/* a { */ OverviewScreen { #a { b: c; } }\n#leak, X { b: c; }") == [
        "OverviewScreen", "#leak", "X"]


async def test_a_site_stylesheet_is_applied_after_the_built_in_ones(db_path, member, tmp_path):
    site = tmp_path / "styles"
    site.mkdir()
    # The built-in rule makes the member line bold; the site's rule, as specific, wins by coming later.
    (site / "site.tcss").write_text("OverviewScreen {\n    #member-line { color: #ff0000; text-style: italic; }\n}\n")
    (tmp_path / "config.toml").write_text(f'styles = "{site}"\n')
    app = make_app(db_path, config=load_config(tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        line = app.screen.query_one("#member-line")
        assert line.styles.color == Color.parse("#ff0000")
        assert line.styles.text_style.italic and not line.styles.text_style.bold


async def test_without_site_styles_the_member_line_keeps_its_built_in_look(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        line = app.screen.query_one("#member-line")
        assert line.styles.text_style.bold and line.styles.color != Color.parse("#ff0000")
