"""Getting transcripts out other than as files: printed, or e-mailed.

The CLI and the app both call these. Nothing is written to disk on the way:
the printer gets the text on its standard input, a message is built in memory.
A failure is a DeliveryError whose message is one line, ready to show.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from email.message import EmailMessage

from amtrax_tui.ccp import STATUS_LABELS, FieldError, visible
from amtrax_tui.transcript.export import render, suggested_name
from amtrax_tui.transcript.model import Transcript

MAIL_FORMATS = {"text": "plain", "csv": "csv", "md": "markdown"}  # format -> MIME subtype (text/...)
MAX_QUOTED = 200  # characters of another program's message repeated in ours


class DeliveryError(Exception):
    """The transcript was not printed or sent; the message says why, on one line."""


def print_transcripts(found: Sequence[Transcript], command: Sequence[str], timeout: float) -> str:
    """Pipe the text transcripts (a page break between them) to the print
    command's standard input; the first line the command printed (CUPS's lp
    says "request id is ..."), or "". The command runs without a shell, in a
    session of its own, so that on timeout it is stopped with everything it
    started."""
    if not command:
        raise DeliveryError("printing is not set up here: the site's config file sets no print_command")
    data = render(found, "text").encode("utf-8")
    name = command[0]
    try:
        process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
    except FileNotFoundError:
        raise DeliveryError(f"the print command {name} was not found; nothing was printed") from None
    except OSError as exc:
        raise DeliveryError(
            f"the print command {name} cannot be run ({exc.strerror or exc}); nothing was printed"
        ) from None
    try:
        out, err = process.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise DeliveryError(
            f"the print command {name} did not finish within {timeout:g} seconds "
            "and was stopped; the transcript may not have been printed"
        ) from None
    if process.returncode:
        how = (
            f"was stopped by signal {-process.returncode}"
            if process.returncode < 0
            else f"failed (exit status {process.returncode})"
        )
        said = first_line(err)
        raise DeliveryError(f"the print command {name} {how}{f': {said}' if said else ''}; nothing was printed")
    return first_line(out)


def transcript_message(found: Sequence[Transcript], fmt: str, sender: str, to: str) -> EmailMessage:
    """A message to `to` with a short plain-text body and each transcript
    attached as the file `export` writes for it, byte for byte."""
    if fmt not in MAIL_FORMATS:
        raise FieldError("format", f"{fmt!r}: e-mail takes {', '.join(MAIL_FORMATS)}")
    member = found[0].member
    who = visible(f"{member.name} (AMT ID {member.amt_id})")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"CE transcript of {who}"
    lines = [f"Attached: the continuing-education transcript of {who}.", ""]
    for t in found:
        p = t.progress
        lines.append(
            f"{t.credential.code}, cycle {t.cycle.start.isoformat()} to {t.cycle.end.isoformat()}: "
            f"{t.points(p.earned)} of {t.points(p.required)} points, {STATUS_LABELS[p.status].lower()}"
        )
    records = "AMT Certification Continuation Program" if all(t.amt for t in found) else "continuing-education"
    lines += ["", f"Sent by amtrax-tui ({records} records)."]
    message.set_content("\n".join(lines) + "\n")
    for t in found:
        message.add_attachment(
            render([t], fmt).encode("utf-8"),
            maintype="text",
            subtype=MAIL_FORMATS[fmt],
            filename=suggested_name(t, fmt),
            params={"charset": "utf-8"},
        )
    return message


def described(found: Sequence[Transcript]) -> str:
    """Which transcripts, for a message: "the RMA transcript", "the MLT, RMA transcripts"."""
    codes = ", ".join(t.credential.code for t in found)
    return f"the {codes} transcript{'s' if len(found) > 1 else ''}"


def first_line(output: bytes) -> str:
    """The first non-blank line another program wrote, shortened and made inert."""
    for line in output.decode("utf-8", "replace").splitlines():
        if line.strip():
            line = line.strip()
            return visible(line if len(line) <= MAX_QUOTED else line[:MAX_QUOTED] + "…")
    return ""
