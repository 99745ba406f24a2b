"""Hostile text in an activity's content-area names and approving bodies (written to the
database by another tool: input refuses it) reaches every transcript format inert."""

import csv
import datetime as dt
import io
import json

import pytest

from amtrax_tui.ccp import has_unsafe
from amtrax_tui.transcript import render_csv, render_json, render_markdown, render_text
from amtrax_tui.transcript.width import width
from tests.hostile import NASTY
from tests.transcript.bodies import HELD, body_transcript
from tests.transcript.conftest import activity


def hostile(text: str):
    return body_transcript(HELD["AAMA:CMA"], (activity(
        1, dt.date(2024, 3, 1), "professional-education", "Course", "2", credentials=("AAMA:CMA",),
        areas=((text, "2"),), approved=(text,), minutes=60),))


@pytest.mark.parametrize("name, text", NASTY, ids=[name for name, _ in NASTY])
def test_every_format_shows_a_hostile_area_name_and_body_as_inert_text(name, text):
    transcript = hostile(text)

    plain = render_text(transcript)
    assert not has_unsafe(plain, allow="\n")
    assert max(width(line) for line in plain.splitlines()) <= 80

    markdown = render_markdown(transcript)
    assert not has_unsafe(markdown, allow="\n")
    [row] = [line for line in markdown.splitlines() if line.startswith("| 2024-03-01")]
    assert row.replace("\\|", "").count("|") == 13  # twelve cells, whatever the name holds

    table = render_csv(transcript)
    assert not has_unsafe(table, allow="\r\n")
    [exported] = csv.DictReader(io.StringIO(table, newline=""))
    assert exported["minutes"] == "60"  # the columns after the name's stay in place

    document = render_json([transcript])
    assert not has_unsafe(document, allow="\n")
    [activity_json] = json.loads(document)["transcripts"][0]["activities"]
    assert (activity_json["areas"], activity_json["approved"]) == ({text: 2}, [text])
