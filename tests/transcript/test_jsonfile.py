import datetime as dt
import json

from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.transcript import render_json
from amtrax_tui.transcript.jsonfile import SCHEMA_VERSION
from tests.transcript.bodies import (
    EKG,
    HELD,
    HOSTILE_AREA,
    LAB_TOUR,
    MET,
    UNMET,
    VOLUNTARY_RMA,
    body_transcript,
    grace_transcript,
    hostile_transcript,
)


def test_json_matches_the_golden_file(make_transcript, golden):
    golden("transcript.json", render_json([make_transcript("MLT"), make_transcript("RMA")]))


def test_json_holds_every_credential_in_one_document(make_transcript):
    document = json.loads(render_json([make_transcript("MLT"), make_transcript("RMA")]))
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["generated_at"] == "2025-01-02T03:04:05Z"
    assert [t["credential"]["code"] for t in document["transcripts"]] == ["MLT", "RMA"]
    assert document["member"] == {"name": "María José Núñez-Fernández", "amt_id": "A-123456"}


def test_numbers_are_numbers_and_dates_are_iso(transcript):
    [t] = json.loads(render_json([transcript]))["transcripts"]
    assert t["summary"]["earned"] == 33.75 and t["summary"]["required"] == 30
    assert t["summary"]["date_met"] == "2024-11-05"
    assert t["summary"]["invoice_available_on"] == "2024-11-06"
    assert [a["points"] for a in t["activities"]] == [2.5, 12, 1.25, 3, 15]
    assert t["activities"][1]["start_date"] == "2023-09-01" and t["activities"][1]["end_date"] == "2023-12-15"
    assert t["activities"][0]["credentials"] == ["MLT", "RMA"]
    assert t["activity_count"] == 5 and t["total_points"] == 33.75


def test_text_is_kept_as_typed(transcript):
    [t] = json.loads(render_json([transcript]))["transcripts"]
    assert t["activities"][4]["title"].startswith("=SUM(A1:A3)")  # no spreadsheet quoting in JSON
    assert t["activities"][2]["provider"] == "東京医療センター"


def test_each_activity_says_who_entered_it_as_the_cli_does(transcript):
    [t] = json.loads(render_json([transcript]))["transcripts"]
    assert {a["id"]: a["entered_by"] for a in t["activities"]} == {
        1: "member:A-123456", 2: "staff:Jo Park", 3: "cli:maria",
        4: "",  # from before who entered an activity was kept
        5: "member:A-123456",
    }


# Other bodies' credentials: a member holding RMA and AAMA:CMA, NHA:CPT, a voluntary RMA.


def transcripts_of(*transcripts) -> list[dict]:
    return json.loads(render_json(list(transcripts)))["transcripts"]


def test_a_cma_gives_its_minimums_and_grace_and_the_rma_beside_it_the_same_keys():
    rma, cma = transcripts_of(body_transcript(HELD["RMA"], UNMET), body_transcript(HELD["AAMA:CMA"], UNMET))
    assert cma["summary"]["minimums"] == {
        "area:administrative": {"name": "administrative", "required": 10, "earned": 5},
        "area:clinical": {"name": "clinical", "required": 10, "earned": 12},
        "area:general": {"name": "general", "required": 10, "earned": 18},
        "approved": {"name": "AAMA-approved", "required": 30, "earned": 20},
    }
    assert (cma["summary"]["grace_until"], cma["summary"]["remaining"]) == ("2026-06-29", 25)
    assert (rma["summary"]["minimums"], rma["summary"]["grace_until"]) == ({}, None)
    assert rma["summary"].keys() == cma["summary"].keys()


def test_the_renewal_invoice_is_amts_alone():
    [cma] = transcripts_of(body_transcript(HELD["AAMA:CMA"], MET))
    assert (cma["summary"]["date_met"], cma["summary"]["invoice_available_on"]) == ("2024-10-01", None)


def test_met_minimums_have_earned_what_they_require():
    [cma] = transcripts_of(body_transcript(HELD["AAMA:CMA"], MET))
    assert cma["summary"]["status"] == "met"
    assert all(m["earned"] >= m["required"] for m in cma["summary"]["minimums"].values())


def test_an_unverified_credential_carries_the_sentence_and_a_verified_one_null():
    cpt, cma = transcripts_of(body_transcript(HELD["NHA:CPT"], (EKG,)), body_transcript(HELD["AAMA:CMA"], MET))
    assert cpt["credential"]["unverified"] == UNVERIFIED
    assert cma["credential"]["unverified"] is None


def test_the_new_statuses_and_their_labels():
    voluntary, grace = transcripts_of(body_transcript(VOLUNTARY_RMA, (LAB_TOUR,)), grace_transcript())
    assert (voluntary["summary"]["status"], voluntary["summary"]["status_label"]) == ("voluntary", "CCP voluntary")
    assert (grace["summary"]["status"], grace["summary"]["status_label"]) == ("grace", "Grace period")
    assert grace["summary"]["grace_until"] == "2024-05-29"


def test_each_activity_gives_its_areas_approvals_and_minutes_once_any_has_them():
    [cma] = transcripts_of(body_transcript(HELD["AAMA:CMA"], UNMET))
    phlebotomy, front = cma["activities"]
    assert (phlebotomy["areas"], phlebotomy["approved"], phlebotomy["minutes"]) == (
        {"clinical": 12, "general": 8}, ["AAMA"], 600)
    assert (front["areas"], front["approved"], front["minutes"]) == ({"administrative": 5, "general": 10}, [], 900)


def test_keys_no_transcript_has_a_value_for_are_left_out():
    [cpt] = transcripts_of(body_transcript(HELD["NHA:CPT"], (EKG,)))
    assert "minimums" not in cpt["summary"] and "grace_until" not in cpt["summary"]
    assert "areas" not in cpt["activities"][0] and "approved" not in cpt["activities"][0]
    assert cpt["activities"][0]["minutes"] == 480


def test_points_above_the_limit_from_providers_the_body_does_not_approve(activity):
    others = activity(7, dt.date(2024, 4, 1), "professional-education", "Unapproved seminar", "40",
                      credentials=("AAMA:CMA",), areas=(("general", "40"),), minutes=2400)
    [cma] = transcripts_of(body_transcript(HELD["AAMA:CMA"], (others,)))
    assert (cma["summary"]["others_not_counted"], cma["summary"]["earned"]) == (10, 30)


def test_hostile_text_in_an_area_name_is_escaped_and_decodes_to_the_stored_value():
    text = render_json([hostile_transcript()])
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    [cma] = json.loads(text)["transcripts"]
    assert cma["activities"][0]["areas"] == {HOSTILE_AREA: 2}
    assert cma["activities"][0]["approved"] == ["AAMA\x07"]
