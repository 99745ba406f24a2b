"""The wheel carries everything the installed app reads at run time."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_styles_rules_and_migrations(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True)
    [wheel] = tmp_path.glob("amtrax_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    styles = {f"amtrax_tui/ui/styles/{p.name}" for p in (ROOT / "amtrax_tui/ui/styles").glob("*.tcss")}
    migrations = {f"amtrax_tui/store/migrations/{p.name}" for p in (ROOT / "amtrax_tui/store/migrations").glob("0*.py")}
    assert styles and styles <= names
    assert not any(name.startswith("amtrax_tui/styles/") for name in names)  # a site's overrides stay out
    assert migrations and migrations <= names
    assert "amtrax_tui/ccp/rules.toml" in names
