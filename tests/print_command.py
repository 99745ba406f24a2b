"""Stand-in print commands: small Python scripts the tests write, in place of CUPS's lp."""

from __future__ import annotations

import sys
from pathlib import Path

# Keeps its standard input and arguments beside itself (PROGRAM.stdin, PROGRAM.argv) and says what lp says.
RECORDING = """
Path(sys.argv[0] + ".stdin").write_bytes(sys.stdin.buffer.read())
Path(sys.argv[0] + ".argv").write_text(json.dumps(sys.argv[1:]))
print("request id is frontdesk-7 (1 file(s))")
"""


def stand_in(folder: Path, body: str = RECORDING) -> Path:
    """A print command in `folder` running `body` (json, sys, time and Path imported)."""
    script = folder / "printer"
    script.write_text(f"#!{sys.executable}\nimport json, sys, time\nfrom pathlib import Path\n{body}\n")
    script.chmod(0o755)
    return script
