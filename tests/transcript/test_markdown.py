import datetime as dt

from amtrax_tui.transcript import render_markdown
from amtrax_tui.transcript.markdown import escape


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
