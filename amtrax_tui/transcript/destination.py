"""Where the app may write an exported file: the one place that decides it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from amtrax_tui.config import Config
from amtrax_tui.store.members import AMT_ID
from amtrax_tui.transcript.files import DestinationError, check_destination, confined_path

if TYPE_CHECKING:
    from amtrax_tui.store.auth import Principal


def export_folder(config: Config) -> Path:
    """Where exports go unless the user types another folder: the site's
    export folder, else the user's home."""
    return config.export_dir or Path.home()


def site_folder(config: Config) -> Path:
    """The site's export folder (export_dir), where kiosk exports and staff's bulk
    exports go, or DestinationError saying why nothing can be written there."""
    folder = config.export_dir
    if folder is None:
        raise DestinationError("this site has no export folder: set export_dir in the site's config file")
    if not folder.is_dir():
        raise DestinationError(
            f"the export folder {folder} {'is not a folder' if folder.exists() else 'does not exist'}"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DestinationError(f"the export folder {folder} is not writable")
    return folder


def kiosk_folder(config: Config, principal: Principal | None) -> Path:
    """The one folder a kiosk export may go to. A member's is their own, named
    by their AMT ID inside the site's export folder and made (owner only) on
    first use, so no member can see, name or replace another's file. Staff
    write into the export folder itself."""
    site = site_folder(config)
    if principal is not None and principal.is_staff:
        return site
    amt_id = principal.amt_id if principal is not None else None
    if amt_id is None or not AMT_ID.fullmatch(amt_id):
        raise DestinationError("only a signed-in member or staff can export at a kiosk")
    folder = site / amt_id  # letters, digits and dashes: a plain folder name
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise DestinationError(f"cannot make your export folder {folder}: {exc.strerror or exc}") from None
    return folder


def resolve_destination(text: str, config: Config, principal: Principal | None = None) -> Path:
    """The absolute file named by `text`, or DestinationError saying why it
    cannot be written. An existing file is allowed: the screen asks before
    replacing it. Every destination the app writes passes through here: at a
    kiosk `text` is a plain file name, kept inside kiosk_folder for `principal`,
    the person signed in."""
    if not text.strip():
        raise DestinationError("give the file to write")
    if config.kiosk:
        path = check_destination(confined_path(kiosk_folder(config, principal), text.strip()), force=True)
    else:
        path = check_destination(text.strip(), force=True)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DestinationError(f"the folder {path.parent} is not writable")
    return path
