"""The layers: import-linter's contracts in pyproject.toml hold, the
headless CLI never loads Textual, the app loads no Peewee before its first frame,
and opening the app loads none of the commands."""

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


def test_the_app_module_loads_no_peewee_so_the_first_frame_does_not_wait_for_it():
    code = (
        "import sys\n"
        "import amtrax_tui.ui.app\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('peewee', 'playhouse')], 'peewee was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_opening_the_app_loads_none_of_the_commands_or_what_they_use(tmp_path):
    """`amtrax-tui` without a command reads only the app's options: the commands' modules, and
    the transcript formats, e-mail and zip files they use, would only slow the app's start."""
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = sys.modules['psycopg2'] = None  # as the README installs it: its metadata loads both\n"
        "from textual.app import App\n"
        "App.run = lambda self, *args, **kwargs: None  # the app's start up to Textual's own\n"
        "from amtrax_tui.cli import main\n"
        f"assert main(['--db', {str(tmp_path / 'a.db')!r}]) == 0\n"
        "assert 'amtrax_tui.ui.app' in sys.modules\n"
        "loaded = [m for m in sys.modules if m.startswith(('amtrax_tui.transcript', 'email', 'smtplib', 'zipfile'))\n"
        "          or m.startswith('amtrax_tui.cli.') and m not in ('amtrax_tui.cli.parser', 'amtrax_tui.cli.app')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
