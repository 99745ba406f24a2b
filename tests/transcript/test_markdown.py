import datetime as dt

from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.transcript import render_markdown
from amtrax_tui.transcript.markdown import escape
from tests.transcript.bodies import (
    EKG,
    HELD,
    LAB_TOUR,
    MET,
    UNMET,
    VOLUNTARY_RMA,
    body_transcript,
    grace_transcript,
    hostile_transcript,
)


def test_markdown_matches_the_golden_file(transcript, golden):
    golden("transcript.md", render_markdown(transcript))


def test_markdown_has_the_transcripts_headings(transcript):
    text = render_markdown(transcript)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Continuing Education Transcript: RMA", "## Summary as of 2024-12-31",
                        "## Points by category", "## Activities", "## Attestation"]


def test_pipes_in_a_title_do_not_add_table_columns(transcript):
    rows = [line for line in render_markdown(transcript).splitlines() if line.startswith("| 20")]
    assert len(rows) == 5
    for row in rows:
        unescaped = row.replace("\\|", "")
        assert unescaped.count("|") == 10  # nine cells
    assert "Chair \\| Infection-control committee" in rows[3]


def test_markup_in_stored_text_is_shown_literally(make_transcript, activity):
    text = render_markdown(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "**Bold** _claim_ [link](x) <b>", "1")]))
    assert "\\*\\*Bold\\*\\* \\_claim\\_ \\[link\\](x) \\<b\\>" in text


def test_escape_puts_a_line_break_on_one_line():
    assert escape("two\nlines") == r"two\\x0alines"  # Markdown for the visible escape \x0a


def test_escape_shows_control_and_bidi_characters_as_escapes():
    assert escape("Evil\x1b[2J\u202e") == r"Evil\\x1b\[2J\\u202e"


def row_of(text: str, title: str) -> list[str]:
    """The cells of the activity row whose title holds `title`."""
    [row] = [line for line in text.splitlines() if line.startswith("| 20") and title in line]
    return [cell.strip() for cell in row.replace("\\|", "\0").split("|")[1:-1]]


def test_each_row_has_the_evidence_who_entered_it_and_the_notes(transcript):
    text = render_markdown(transcript)
    assert "| Start | End | Category | Title | Provider | Points | Evidence | Entered by | Notes |" in text
    assert row_of(text, "Phlebotomy")[6:] == ["file phlebotomy.pdf (SHA-256 9f86d081884c...)", "the member", ""]
    assert row_of(text, "Anatomy")[6:] == ["certificate CERT-99812", "staff member Jo Park", ""]
    assert row_of(text, "Chair")[6:] == [
        "none recorded", "not recorded", 'Met monthly.<br>Minutes kept by the secretary, "quoted", with commas.']


def test_hostile_notes_stay_in_their_cell_as_literal_text(make_transcript, activity):
    text = render_markdown(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1",
                 notes="a | b <script>x</script>\nEvil\x1b[2J [link](y)", by="staff:Jo|Park")]))
    cells = row_of(text, "Article")
    assert len(cells) == 9
    assert cells[7:] == ["staff member Jo\0Park",
                         "a \0 b \\<script\\>x\\</script\\><br>Evil\\\\x1b\\[2J \\[link\\](y)"]


# Other bodies' credentials: a member holding RMA and AAMA:CMA, NHA:CPT, a voluntary RMA.


def test_a_cma_short_of_its_minimums_lists_what_each_still_needs_and_its_grace():
    text = render_markdown(body_transcript(HELD["AAMA:CMA"], UNMET))
    assert ("| 60.00 | 35.00 | 25.00 | Behind | not yet |\n\n"
            "- **Grace period:** until 2026-06-29\n"
            "- **Minimums:** 5 administrative points still needed; 10 AAMA-approved points still needed\n\n"
            "## Points by category") in text


def test_another_bodys_credential_names_its_body_and_the_members_id_without_amt():
    text = render_markdown(body_transcript(HELD["AAMA:CMA"], MET))
    assert text.startswith(
        "# Continuing Education Transcript: AAMA:CMA\n\n"
        "American Association of Medical Assistants: recertification by continuing education\n\n"
        "- **Member:** María José Núñez-Fernández\n"
        "- **Member ID:** A-123456\n")
    assert ("| Required | Earned | Remaining | Status | Requirement met |\n"
            "| ---: | ---: | ---: | --- | --- |\n"
            "| 60.00 | 65.00 | 0.00 | Met | 2024-10-01 |\n") in text
    assert "AMT" not in text and "invoice" not in text
    rma = render_markdown(body_transcript(HELD["RMA"], MET))
    assert "AMT Certification Continuation Program (CCP)\n" in rma and "- **AMT member ID:** A-123456\n" in rma
    assert "| Requirement met | Renewal invoice |" in rma


def test_met_minimums_say_all_met_and_an_rma_beside_them_has_none():
    assert "- **Minimums:** all met\n" in render_markdown(body_transcript(HELD["AAMA:CMA"], MET))
    rma = render_markdown(body_transcript(HELD["RMA"], MET))
    assert "**Minimums:**" not in rma and "**Grace period:**" not in rma


def test_an_unverified_credential_says_so_under_its_name():
    text = render_markdown(body_transcript(HELD["NHA:CPT"], (EKG,)))
    assert ("- **Credential:** NHA:CPT, Certified Phlebotomy Technician\n"
            f"- **Note:** {UNVERIFIED}\n") in text


def test_the_new_statuses_have_their_labels():
    assert "| CCP voluntary |" in render_markdown(body_transcript(VOLUNTARY_RMA, (LAB_TOUR,)))
    text = render_markdown(grace_transcript())
    assert "| Grace period |" in text and "- **Grace period:** until 2024-05-29" in text


def test_the_area_approval_and_length_columns_appear_when_an_activity_has_them():
    text = render_markdown(body_transcript(HELD["AAMA:CMA"], UNMET))
    assert ("| Start | End | Category | Title | Provider | Points | Areas | Approved by | Length "
            "| Evidence | Entered by | Notes |") in text
    assert row_of(text, "Phlebotomy")[6:9] == ["Clinical 12.00, General 8.00", "AAMA", "600 minutes"]
    assert row_of(text, "Front office")[6:9] == ["Administrative 5.00, General 10.00", "", "900 minutes"]
    only_length = render_markdown(body_transcript(HELD["NHA:CPT"], (EKG,)))
    assert "| Points | Length | Evidence |" in only_length
    assert row_of(only_length, "EKG")[6] == "480 minutes"


def test_points_above_the_limit_from_providers_the_body_does_not_approve_are_explained(activity):
    others = activity(7, dt.date(2024, 4, 1), "professional-education", "Unapproved seminar", "40",
                      credentials=("AAMA:CMA",), areas=(("general", "40"),), minutes=2400)
    text = render_markdown(body_transcript(HELD["AAMA:CMA"], (others,)))
    assert ("- **Not counted:** 10.00 points from providers that are not AAMA-approved are above "
            "the limit of 30.00 and do not count\n") in text


def test_hostile_text_in_an_area_name_stays_literal_in_its_cell():
    text = render_markdown(hostile_transcript())
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    cells = row_of(text, "Hostile area")
    assert len(cells) == 11
    assert cells[6:8] == ["clin\\\\x1b\\[2J\\\\u202eical \0 \\*x\\* \\<b\\> 2.00", r"AAMA\\x07"]  # \0: an escaped pipe
