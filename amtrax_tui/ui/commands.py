"""The command palette (Ctrl+P): every action of the app and of the current screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

if TYPE_CHECKING:
    from amtrax_tui.ui.app import AmtraxApp  # for types only: the app imports this module


class AppCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("AmtraxApp", self.app)  # the palette of this app only
        found: dict[str, tuple[str, str, Callable]] = {}
        for name, help, action in app.ACTIONS:
            if app.check_action(action, ()):
                found[name] = (name, help, partial(app.run_action, action))
        # The screen's own keys (edit, delete, save, ...), each once, under its footer name.
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if (
                isinstance(active.node, Screen)
                and binding.description
                and active.enabled
                and not binding.action.startswith("app.")
                and binding.description not in found
            ):
                found[binding.description] = (
                    binding.description,
                    f"on this screen: key {binding.key_display or binding.key}",
                    partial(app.run_action, binding.action, active.node),
                )
        return list(found.values())

    async def discover(self) -> Hits:
        for name, help, run in self._commands():
            yield DiscoveryHit(name, run, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help)
