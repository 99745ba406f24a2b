"""Staff's bulk export: for each chosen member, the current cycle's text transcript
of each credential held, one file each, into the site's export folder.

A file of the same name is replaced: it is the same member's transcript of the
same cycle, written earlier. One member's problem (a credential the rules file
lacks, an AMT ID that makes no plain file name) does not stop the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from amtrax_tui.ccp import FieldError, Rules
from amtrax_tui.config import Config
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.transcript.destination import site_folder
from amtrax_tui.transcript.export import suggested_name, transcripts, write_transcripts
from amtrax_tui.transcript.files import confined_path


@dataclass(frozen=True)
class MemberExport:
    member: MemberInfo
    paths: tuple[Path, ...]  # the files written
    problem: str = ""  # why the member's other transcripts were not written


def export_members(
    rules: Rules, members: Sequence[MemberInfo], config: Config, today: dt.date, generated_at: dt.datetime
) -> list[MemberExport]:
    """Write each member's transcripts into the site's export folder (`site_folder`,
    whose DestinationError stops the whole export before anything is written);
    what was written for each member, and why not."""
    folder = site_folder(config)
    results = []
    for member in members:
        paths: list[Path] = []
        try:
            for transcript in transcripts(rules, member, None, "current", today, generated_at):
                path = confined_path(folder, suggested_name(transcript, "text"))
                paths += write_transcripts([transcript], "text", path, force=True)
        except (Invalid, FieldError) as exc:
            results.append(MemberExport(member, tuple(paths), str(exc)))
        else:
            results.append(MemberExport(member, tuple(paths)))
    return results
