import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.ccp import FieldError
from amtrax_tui.transcript import generation_time
from amtrax_tui.transcript.model import format_points


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
