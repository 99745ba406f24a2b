import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.ccp import FieldError
from amtrax_tui.transcript import generation_time
from amtrax_tui.transcript.model import evidence_reference, format_points, note_lines


def test_source_date_epoch_fixes_the_generation_time():
    assert generation_time({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_without_source_date_epoch_it_is_now_in_utc_to_the_second():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    moment = generation_time({})
    assert moment.tzinfo == dt.UTC and moment.microsecond == 0 and moment >= before


@pytest.mark.parametrize("value", ["soon", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_refused(value):
    with pytest.raises(FieldError, match="SOURCE_DATE_EPOCH"):
        generation_time({"SOURCE_DATE_EPOCH": value})


def test_points_show_the_rules_decimals_and_never_round_a_record():
    assert format_points(Decimal("2.5"), 2) == "2.50"
    assert format_points(Decimal("12"), 2) == "12.00"
    assert format_points(Decimal("1.2345"), 2) == "1.2345"


@pytest.mark.parametrize(("evidence", "sha", "reference"), [
    ("CERT-99812", None, "certificate CERT-99812"),
    ("/home/maria/ce/phlebotomy.pdf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
     "file phlebotomy.pdf (SHA-256 9f86d081884c...)"),
    ("/home/maria/ce/old scan.pdf", None, "file old scan.pdf (no SHA-256 recorded)"),
    ("", None, "none recorded"),
])
def test_the_evidence_reference_is_a_certificate_number_or_a_file_and_its_sha256(activity, evidence, sha, reference):
    found = activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1", evidence=evidence, sha=sha)
    assert evidence_reference(found) == reference


@pytest.mark.parametrize(("actor", "said"), [
    ("member:A-123456", "the member"),  # the transcript's own member
    ("member:B-7", "member B-7"),
    ("staff:Jo Park", "staff member Jo Park"),
    ("cli:maria", "command-line user maria"),
    ("", "not recorded"),
    ("import", "import"),  # an actor of another kind is shown as it was stored
])
def test_who_entered_an_activity_is_said_in_words(transcript, actor, said):
    assert transcript.entered_by(actor) == said


def test_notes_are_their_nonblank_lines_made_visible_with_spaces_collapsed():
    assert note_lines("") == []
    assert note_lines("First  line\n\n \t\nsecond\tline\x1b[2J\u2028end\r") == [
        "First line", "second line\\x1b[2J\\u2028end\\x0d"]
