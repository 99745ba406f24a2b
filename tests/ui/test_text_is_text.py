"""Text from people and files is never read as markup: no screen formats it into a
string that a markup-reading widget, toast or dialog then parses.

Textual reads a plain string given to a Label, Static, toast, DataTable cell,
option or button as markup: a title "Crash [/] me" raises MarkupError there and
"[@click=app.quit]X[/]" becomes a live link. So the screens build such lines
with `format.plain` and `Content.assemble`, and this scan of ui/ fails on any
string formatted at run time (f-string, %, .format, str(), join, +) handed
straight to one of those calls.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "amtrax_tui" / "ui"

# Calls that read a plain-string argument as markup (by the name called).
MARKUP_SINKS = {
    "Label", "Static", "Button", "Checkbox", "Tick", "Option", "Select", "ConfirmScreen",
    "update", "notify", "add_row", "add_column", "add_option", "add_options", "set_options",
    "from_markup", "exit",
}
# Their arguments that are never shown (ids, keys, values of options, ...).
NOT_SHOWN = {"id", "classes", "name", "key", "value", "severity", "timeout", "variant", "disabled",
             "compact", "width", "allow_blank", "total", "progress", "height", "title"}
DEFERRED = {"call_from_thread", "call_later", "call_after_refresh", "call_next"}  # (sink, *args)


def _called(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def literal(node: ast.expr) -> bool:
    """Whether `node` is a string written in the source (or a choice between such)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return not any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.IfExp):
        return literal(node.body) and literal(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal(node.left) and literal(node.right)
    return False


def formatted(node: ast.expr) -> bool:
    """Whether `node` makes a string at run time out of other values."""
    if isinstance(node, ast.JoinedStr):
        return not literal(node)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod):
            return literal(node.left)
        if isinstance(node.op, ast.Add):  # text glued to a value
            sides = (node.left, node.right)
            return any(formatted(side) for side in sides) or (
                any(literal(side) for side in sides) and not all(literal(side) for side in sides))
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id == "str"
        return isinstance(node.func, ast.Attribute) and (
            node.func.attr == "format" or node.func.attr == "join" and literal(node.func.value))
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(formatted(element) for element in node.elts)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        return formatted(node.elt)
    if isinstance(node, ast.IfExp):
        return formatted(node.body) or formatted(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(formatted(value) for value in node.values)
    if isinstance(node, ast.Starred):
        return formatted(node.value)
    return False


def offences(source: str, filename: str = "<source>") -> list[str]:
    """Where `source` hands a run-time formatted string to a markup-reading call."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        sink, args = _called(node.func), list(node.args)
        if sink in DEFERRED and args:
            sink, args = _called(args[0]), args[1:]
        if sink not in MARKUP_SINKS:
            continue
        shown = args + [kw.value for kw in node.keywords if kw.arg not in NOT_SHOWN]
        if any(formatted(arg) for arg in shown):
            found.append(f"{filename}:{node.lineno}: a formatted string is passed to {sink}()")
    return found


def test_no_screen_formats_text_into_markup():
    found = [line for path in sorted(UI.rglob("*.py"))
             for line in offences(path.read_text(), str(path.relative_to(UI.parent.parent)))]
    assert not found, "use format.plain / Content.assemble:\n" + "\n".join(found)


def test_the_scan_catches_the_old_ways_of_showing_stored_text():
    # Each of these once showed a member's title or name as markup (issue 9).
    old = [
        'self.notify(f"Deleted “{activity.title}”. Press u to undo.", title="Deleted", timeout=10)',
        'yield Label(f"New PIN for {self.member.name} (AMT ID {self.member.amt_id})", id="dialog-title")',
        'self.app.push_screen(ConfirmScreen("Delete?", f"“{activity.title}”, {points} points."), answer)',
        'self.app.call_from_thread(self.notify, str(exc), title="Not deleted", severity="error")',
        'self.app.call_from_thread(label.update, f"No roster: {exc}")',
        'options.add_options([Option(f"{m.name}  ·  AMT ID {m.amt_id}", id=str(m.id)) for m in found])',
        'yield Select([(f"{h.code} cycle", h.code) for h in held])',
        'table.add_row(a.title + "…", key=str(a.id))',
        'self.notify("Wrote %s" % path)',
        'note.update("Wrote {}".format(path))',
        'self.notify("; ".join(problems))',
    ]
    for line in old:
        assert offences(line), line
    # The ways the screens show such text now pass.
    new = [
        'self.notify(Content.assemble("Deleted “", fmt.plain(activity.title), "”."), title="Deleted")',
        'yield Label(Content.assemble("New PIN for ", fmt.plain(self.member.name)), id="dialog-title")',
        'self.app.call_from_thread(self.notify, fmt.plain(str(exc)), title="Not deleted")',
        'yield Select([(fmt.plain(f"{h.code} cycle"), h.code) for h in held], id="history-credential")',
        'yield Label("Members", id="dialog-title")',
    ]
    for line in new:
        assert not offences(line), line
