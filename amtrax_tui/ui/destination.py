"""Where the app may write an exported file: the one place that decides it."""

from __future__ import annotations

import os
from pathlib import Path

from amtrax_tui.config import Config
from amtrax_tui.transcript.files import DestinationError, check_destination, confined_path


def export_folder(config: Config) -> Path:
    """Where exports go unless the user types another folder: the site's
    export folder, else the user's home."""
    return config.export_dir or Path.home()


def resolve_destination(text: str, config: Config) -> Path:
    """The absolute file named by `text`, or DestinationError saying why it
    cannot be written. An existing file is allowed: the screen asks before
    replacing it. Every destination the app writes passes through here: at a
    kiosk `text` is a plain file name, kept inside the site's export folder."""
    if not text.strip():
        raise DestinationError("give the file to write")
    if config.kiosk:
        if config.export_dir is None:
            raise DestinationError("this kiosk has no export folder: set export_dir in the site's config file")
        path = check_destination(confined_path(config.export_dir, text.strip()), force=True)
    else:
        path = check_destination(text.strip(), force=True)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DestinationError(f"the folder {path.parent} is not writable")
    return path
