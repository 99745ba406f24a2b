"""The layers: import-linter's contracts in pyproject.toml hold, and the
headless CLI never loads Textual."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_headless_commands_do_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from amtrax_tui.cli import main\n"
        f"assert main(['member', 'list', '--db', {str(tmp_path / 'a.db')!r}]) == 0\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
