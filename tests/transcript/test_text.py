import dataclasses
import datetime as dt
from decimal import Decimal

from amtrax_tui.ccp import load_rules
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.transcript import render_text
from amtrax_tui.transcript.width import clusters, width
from tests.transcript.bodies import (
    EKG,
    GRACE_CMA,
    HELD,
    LAB_TOUR,
    MET,
    UNMET,
    VOLUNTARY_RMA,
    body_transcript,
    grace_transcript,
    hostile_transcript,
)
from tests.transcript.conftest import SHA

LONG_TITLES = [
    "検体採取の安全管理と感染予防についての講義シリーズ" * 4,  # CJK, no spaces
    "🩸💉🧪🔬 " * 30,  # emoji
    "Re\u0301sume\u0301 of cafe\u0301 nai\u0308ve " * 10,  # combining marks
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4,  # one word wider than any column
    "ＦＵＬＬ－ＷＩＤＴＨ　ＬＡＢ　ＳＡＦＥＴＹ" * 5,  # full-width forms and ideographic spaces
]


def column(text: str, heading: str, size: int) -> str:
    """The activity table's column under `heading`, its lines joined without spaces (of a
    transcript of one activity without notes: the detail lines under its row are left out)."""
    lines = text[text.index("\nDates "):text.index("\n---------------------------------------")].splitlines()[1:]
    start = width(lines[0][:lines[0].index(heading)])
    cells = []
    for line in lines[2:]:
        if line.lstrip().startswith(("Evidence  ", "Entered by  ")):
            continue
        at, cell = 0, ""
        for cluster in clusters(line):
            if start <= at < start + size:
                cell += cluster
            at += width(cluster)
        cells.append(cell)
    return "".join("".join(cells).split())


def test_text_matches_the_golden_file(transcript, golden):
    golden("transcript.txt", render_text(transcript))


def test_no_line_is_wider_than_80_columns_with_long_unicode_titles(make_transcript, activity):
    activities = [
        activity(n, dt.date(2024, 1, n), "professional-education", title[:200], "1.5",
                 provider=title[::-1][:200])
        for n, title in enumerate(LONG_TITLES, start=1)
    ]
    member = dataclasses.replace(make_transcript().member, name="Ｍａｒｉａ　" * 30)
    text = render_text(make_transcript(activities=activities, member=member))
    widths = [width(line) for line in text.splitlines()]
    assert max(widths) <= 80
    assert max(widths) >= 78  # the table really fills the page


def test_long_titles_and_providers_are_wrapped_never_cut(make_transcript, activity):
    title = LONG_TITLES[0]
    provider = "Ｎａｔｉｏｎａｌ　Ｃｅｎｔｅｒ　ｆｏｒ　Ｌａｂ　Ｓａｆｅｔｙ"
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "professional-education", title, "2", provider=provider)]))
    assert column(text, "Title", 23) == title
    assert column(text, "Provider", 16) == "".join(provider.split())


def test_activities_are_listed_in_date_order_with_their_points(transcript):
    text = render_text(transcript)
    table = text[text.index("ACTIVITIES"):]
    positions = [table.index(a.start.isoformat()) for a in transcript.activities]
    assert positions == sorted(positions)
    assert "2023-09-01" in text and "to 2023-12-15" in text
    assert "5 activities" in text and "Total points  33.75" in text


def test_summary_shows_the_date_met_and_when_the_invoice_can_be_paid(transcript):
    text = render_text(transcript)
    assert "Status           Met" in text
    assert "Requirement met  2024-11-05" in text
    assert "Renewal invoice  payable from 2024-11-06" in text


def test_before_the_requirement_is_met_the_invoice_is_not_yet_available(make_transcript):
    text = render_text(make_transcript(as_of=dt.date(2024, 7, 1)))
    assert "Requirement met" not in text
    assert "Renewal invoice  not yet available" in text
    assert "Remaining         11.25 points" in text


def test_points_above_a_category_cap_are_shown_as_not_counted(make_transcript):
    rules = load_rules()
    capped = dataclasses.replace(rules.categories["formal-education"], cap=Decimal(10))
    rules = dataclasses.replace(rules, categories={**rules.categories, "formal-education": capped})
    text = render_text(make_transcript(rules=rules))
    assert "12.00 recorded; 2.00 above the cap of 10.00 do not count" in text
    assert "Earned            31.75 points" in text
    assert "Total points  33.75" in text  # the activities keep their recorded points


def test_an_activity_counted_toward_two_credentials_is_in_both_transcripts(make_transcript):
    title = "Phlebotomy safety"
    assert title in render_text(make_transcript("RMA"))
    assert title in render_text(make_transcript("MLT"))
    assert "Anatomy" not in render_text(make_transcript("MLT"))


def test_a_cycle_without_activities_says_so(make_transcript):
    text = render_text(make_transcript(activities=()))
    assert "No activities recorded in this cycle." in text
    assert "0 activities" in text


def test_control_characters_in_a_title_cannot_reach_the_printer(make_transcript, activity):
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Evil\x1b[2J title", "1")]))
    assert "\x1b" not in text
    assert r"Evil\x1b[2J" in text


def test_the_attestation_statement_ends_the_transcript(transcript):
    text = render_text(transcript)
    assert text.index("ATTESTATION") > text.index("Total points")
    assert transcript.rules.attestation in text
    assert text.endswith("\n")


def details(text: str, title: str) -> list[str]:
    """The lines printed for the activity whose title begins with `title`, its row included."""
    block = text[text.index("\n-------------  "):text.index("\n" + "-" * 80)]
    [found] = [part for part in block.split("\n\n") if title in part]
    return found.strip("\n").splitlines()


def test_a_certificate_number_is_the_activitys_evidence(transcript):
    assert "               Evidence    certificate CERT-99812" in details(render_text(transcript), "Anatomy")


def test_an_evidence_file_is_named_with_the_start_of_its_recorded_sha256(transcript):
    lines = details(render_text(transcript), "Phlebotomy")
    assert "               Evidence    file phlebotomy.pdf (SHA-256 9f86d081884c...)" in lines
    assert not any("/home/maria" in line for line in lines)  # the path is the packet manifest's


def test_an_evidence_file_without_a_recorded_sha256_says_so(make_transcript, activity):
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1", evidence="/srv/ce/article.pdf")]))
    assert "Evidence    file article.pdf (no SHA-256 recorded)" in text


def test_an_activity_without_evidence_says_none_was_recorded(transcript):
    assert "               Evidence    none recorded" in details(render_text(transcript), "Chair")


def test_each_activity_says_who_entered_it(transcript):
    text = render_text(transcript)
    entered = {title: [line.strip() for line in details(text, title) if "Entered by" in line]
               for title in ("Phlebotomy", "Anatomy", "検体採取", "Chair")}
    assert entered == {
        "Phlebotomy": ["Entered by  the member"],
        "Anatomy": ["Entered by  staff member Jo Park"],
        "検体採取": ["Entered by  command-line user maria"],
        "Chair": ["Entered by  not recorded"],  # from before who entered an activity was kept
    }


def test_an_activity_entered_by_another_member_names_them(make_transcript, activity):
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1", by="member:B-7")]))
    assert "Entered by  member B-7" in text


def test_notes_keep_their_lines_under_the_activity(transcript):
    lines = details(render_text(transcript), "Chair")
    assert lines[-2:] == [
        "               Notes       Met monthly.",
        '                           Minutes kept by the secretary, "quoted", with commas.',
    ]


def test_an_activity_without_notes_has_no_notes_line(transcript):
    assert not any("Notes" in line for line in details(render_text(transcript), "Anatomy"))


def test_long_notes_are_wrapped_under_their_label_and_nothing_is_lost(make_transcript, activity):
    notes = "Observed venipuncture on ward 4 with the charge nurse. " * 8 + "\n\n\tSecond\t paragraph " + "x" * 120
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1", notes=notes)]))
    lines = details(text, "Article")
    start = next(i for i, line in enumerate(lines) if "Notes" in line)
    noted = lines[start:]
    assert noted[0].startswith(" " * 15 + "Notes       Observed")
    assert all(line.startswith(" " * 27) and line[27] != " " for line in noted[1:])
    assert all(width(line) <= 80 for line in noted)
    assert "".join(line[27:] for line in noted).replace(" ", "") == "".join(notes.split())


def test_control_and_bidi_characters_in_notes_evidence_and_actor_are_shown_as_escapes(make_transcript, activity):
    text = render_text(make_transcript(activities=[
        activity(1, dt.date(2024, 1, 5), "authorship", "Article", "1",
                 notes="Cleared\x1b[2J\nnext \u202eline\x07", evidence="CERT\x1b]0;owned\x07",
                 by="staff:Jo\x9b2J")]))
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
    assert r"Notes       Cleared\x1b[2J" in text and r"next \u202eline\x07" in text
    assert r"Evidence    certificate CERT\x1b]0;owned\x07" in text
    assert r"Entered by  staff member Jo\x9b2J" in text


def test_every_line_fits_80_columns_with_long_wide_notes_evidence_and_actors(make_transcript, activity):
    activities = [
        activity(n, dt.date(2024, 1, n), "professional-education", title[:200], "1.5",
                 provider=title[::-1][:200], notes="\n".join([title[:2000], title[::-1][:2000]]),
                 evidence=f"/home/maria/{title[:400]}" if n % 2 else title[:500], sha=SHA,
                 by=f"staff:{title[:100]}")
        for n, title in enumerate(LONG_TITLES, start=1)
    ]
    text = render_text(make_transcript(activities=activities))
    assert max(width(line) for line in text.splitlines()) <= 80
    assert text.count("Entered by  staff member") == len(LONG_TITLES)


# Other bodies' credentials: a member holding RMA and AAMA:CMA, NHA:CPT, a voluntary RMA.


def summary(text: str) -> list[str]:
    return text[text.index("SUMMARY"):text.index("POINTS BY CATEGORY")].strip().splitlines()


def test_a_cma_short_of_its_minimums_lists_what_each_still_needs_and_its_grace():
    lines = summary(render_text(body_transcript(HELD["AAMA:CMA"], UNMET)))
    assert lines[4:9] == [
        "Status           Behind",
        "Grace period     until 2026-06-29",
        "Minimums         5 administrative points still needed",
        "                 10 AAMA-approved points still needed",
    ]
    assert len(lines) == 8  # no renewal invoice: that is AMT's
    assert "Remaining         25.00 points" in lines


def test_another_bodys_credential_names_its_body_and_the_members_id_without_amt():
    text = render_text(body_transcript(HELD["AAMA:CMA"], MET))
    head = text[:text.index("SUMMARY")].splitlines()
    assert [line.strip() for line in head[1:3]] == [
        "American Association of Medical Assistants: recertification by continuing", "education"]
    assert "Member ID        A-123456" in head
    assert not any("AMT" in line or "CCP" in line for line in head)
    assert "Requirement met  2024-10-01" in text and "Renewal invoice" not in text
    assert max(width(line) for line in text.splitlines()) <= 80
    nha = render_text(body_transcript(HELD["NHA:CPT"], (EKG,))).splitlines()
    assert nha[1].strip() == "National Healthcareer Association: recertification by continuing education"


def test_an_amt_credential_beside_them_keeps_the_amt_wording():
    text = render_text(body_transcript(HELD["RMA"], MET))
    assert text.splitlines()[1].strip() == "AMT Certification Continuation Program (CCP)"
    assert "AMT member ID    A-123456" in text and "Renewal invoice  not yet available" in text


def test_a_cma_that_meets_its_minimums_says_they_are_all_met():
    lines = summary(render_text(body_transcript(HELD["AAMA:CMA"], MET)))
    assert "Status           Met" in lines and "Minimums         all met" in lines
    assert not any(line.startswith("Grace period") for line in lines)  # met: no grace to count on


def test_the_rma_beside_the_cma_shows_no_minimums_nor_grace():
    lines = summary(render_text(body_transcript(HELD["RMA"], MET)))
    assert not any(line.startswith(("Minimums", "Grace period")) for line in lines)


def test_an_unverified_credential_says_so_under_its_name():
    text = render_text(body_transcript(HELD["NHA:CPT"], (EKG,)))
    assert ("Credential       Certified Phlebotomy Technician (NHA:CPT)\n"
            f"                 {UNVERIFIED}\n") in text
    assert UNVERIFIED not in render_text(body_transcript(HELD["AAMA:CMA"], MET))


def test_an_rma_certified_before_ccp_began_is_voluntary():
    assert "Status           CCP voluntary" in summary(render_text(body_transcript(VOLUNTARY_RMA, (LAB_TOUR,))))


def test_a_cycle_in_its_grace_period_says_so_and_until_when():
    lines = summary(render_text(grace_transcript()))
    assert lines[4:6] == ["Status           Grace period", "Grace period     until 2024-05-29"]


def test_each_activity_shows_its_areas_approvals_and_length():
    text = render_text(body_transcript(HELD["AAMA:CMA"], UNMET))
    lines = details(text, "Phlebotomy")
    start = lines.index("               Areas       Clinical 12.00, General 8.00")
    assert lines[start:start + 4] == [
        "               Areas       Clinical 12.00, General 8.00",
        "               Approved by AAMA",
        "               Length      600 minutes",
        "               Evidence    none recorded",
    ]
    front = details(text, "Front office")
    assert "               Areas       Administrative 5.00, General 10.00" in front
    assert not any("Approved by" in line for line in front)  # its provider has no approval


def test_points_above_the_limit_from_providers_the_body_does_not_approve_are_explained(activity):
    others = activity(7, dt.date(2024, 4, 1), "professional-education", "Unapproved seminar", "40",
                      credentials=("AAMA:CMA",), areas=(("general", "40"),), minutes=2400)
    text = render_text(body_transcript(HELD["AAMA:CMA"], (others,)))
    assert ("  10.00 points from providers that are not AAMA-approved are above the limit of\n"
            "  30.00 and do not count\n"
            "  Total counted                                                            30.00\n") in text
    assert "Earned            30.00 points" in text


def test_hostile_text_in_an_area_name_and_an_approval_is_shown_as_escapes():
    text = render_text(hostile_transcript())
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert r"Areas       clin\x1b[2J\u202eical | *x* <b> 2.00" in text
    assert r"Approved by AAMA\x07" in text


def test_every_line_fits_80_columns_with_other_bodies_long_areas_and_approvals(activity):
    long_areas = tuple((title[:60], "1") for title in LONG_TITLES)
    activities = (
        *MET,
        activity(8, dt.date(2024, 5, 5), "professional-education", LONG_TITLES[0], "5", provider=LONG_TITLES[1],
                 credentials=("AAMA:CMA",), areas=long_areas, approved=("AAMA", "NHA", "ASCP") * 10,
                 minutes=1440),
    )
    for transcript in (body_transcript(HELD["AAMA:CMA"], activities), body_transcript(HELD["NHA:CPT"], (EKG,)),
                       grace_transcript(), hostile_transcript()):
        text = render_text(transcript)
        assert max(width(line) for line in text.splitlines()) <= 80
    assert "Approved by AAMA, NHA, ASCP" in render_text(body_transcript(HELD["AAMA:CMA"], activities))


def test_a_cycle_whose_grace_period_has_passed_is_lapsed_and_says_when_grace_ended():
    lines = summary(render_text(body_transcript(GRACE_CMA, UNMET, as_of=dt.date(2024, 5, 30),
                                                day=GRACE_CMA.certified_on)))
    assert lines[4:6] == ["Status           Lapsed", "Grace period     ended 2024-05-29"]
