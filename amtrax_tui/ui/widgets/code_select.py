"""A selector of credentials in which a typed code finds its credential."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select

# The overlay is where Select's type-to-search lives; Textual exports no way to change it.
from textual.widgets._select import SelectCurrent, SelectOverlay


class CodeSelect(Select[str]):
    """Options whose values are credential codes. Typing, as in any Select, searches the
    options; a typed code that `resolve` reads (any case, or its old name: see
    Rules.resolve), or one typed without its body where no other body has it, finds its
    own credential first: "cma" finds AAMA:CMA rather than the first label holding those
    letters (NHA:CMAA)."""

    def __init__(self, options: Iterable[tuple[Text, str]], resolve: Callable[[str], str | None], **kwargs) -> None:
        options = list(options)
        super().__init__(options, **kwargs)
        self.codes = [code for _, code in options]
        self.resolve = resolve

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _CodeOverlay(type_to_search=True).data_bind(compact=Select.compact)

    def option_index(self, query: str) -> int | None:
        """Where the credential `query` names is in the overlay's list, if it names one."""
        code = self.resolve(query)
        if code is None:  # a code typed without its body, when one body alone has it
            bare = [c for c in self.codes if c.split(":")[-1] == query.strip().upper()]
            code = bare[0] if len(bare) == 1 else None
        if code not in self.codes:
            return None
        return self.codes.index(code) + (1 if self._allow_blank else 0)  # the blank comes first


class _CodeOverlay(SelectOverlay):
    def _find_search_match(self, query: str) -> int | None:
        select = self.parent
        found = select.option_index(query) if isinstance(select, CodeSelect) else None
        return found if found is not None else super()._find_search_match(query)
