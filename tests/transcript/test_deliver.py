"""The e-mail that carries transcripts: its body says whose records they are."""

from amtrax_tui.transcript.deliver import transcript_message
from tests.transcript.bodies import HELD, MET, body_transcript


def body_of(*codes: str) -> str:
    found = [body_transcript(HELD[code], MET) for code in codes]
    return transcript_message(found, "text", "office@example.org", "ann@example.org").get_body(("plain",)).get_content()


def test_amt_transcripts_are_sent_as_amt_ccp_records():
    assert body_of("RMA").endswith("\nSent by amtrax-tui (AMT Certification Continuation Program records).\n")


def test_transcripts_of_another_body_are_sent_as_continuing_education_records():
    assert body_of("RMA", "AAMA:CMA").endswith("\nSent by amtrax-tui (continuing-education records).\n")
    assert "AMT Certification" not in body_of("AAMA:CMA")
