import json

from amtrax_tui.transcript import render_json
from amtrax_tui.transcript.jsonfile import SCHEMA_VERSION


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
