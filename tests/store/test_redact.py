"""Database URLs as they may be shown: every password replaced by ***."""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.store.db import redact, redact_url


@pytest.mark.parametrize("target, shown", [
    ("postgresql://amtrax:hunter2@db.example/amtrax", "postgresql://amtrax:***@db.example/amtrax"),
    ("postgres://amtrax:hunter2@db.example:5433/amtrax", "postgres://amtrax:***@db.example:5433/amtrax"),
    ("postgresql://amtrax:hunt%40er2@db/amtrax", "postgresql://amtrax:***@db/amtrax"),  # percent-encoded
    ("postgresql://amtrax:hunt@er2@db/amtrax", "postgresql://amtrax:***@db/amtrax"),  # an @ left raw
    ("postgresql://amtrax:hun/ter2@db/amtrax", "postgresql://amtrax:***@db/amtrax"),  # a / left raw
    ("postgresql://amtrax:@db/amtrax", "postgresql://amtrax:***@db/amtrax"),
    ("postgresql://amtrax@db/amtrax?password=hunter2", "postgresql://amtrax@db/amtrax?password=***"),
    ("postgresql://db/amtrax?sslmode=require&password=hunter2&application_name=ce",
     "postgresql://db/amtrax?sslmode=require&password=***&application_name=ce"),
    ("postgresql://db/amtrax?sslpassword=hunter2", "postgresql://db/amtrax?sslpassword=***"),
    ("postgresql://db/amtrax?pass%77ord=hunter2", "postgresql://db/amtrax?pass%77ord=***"),  # the name encoded
    ("postgresql://db/amtrax?PASSWORD=hunter2", "postgresql://db/amtrax?PASSWORD=***"),
    ("postgresql://db/amtrax?password=hunt#er2", "postgresql://db/amtrax?password=***"),
    ("postgresql://db/amtrax?password=a@b", "postgresql://db/amtrax?password=***"),
    ("postgresql://u:hunter2@db/amtrax?password=hunter3", "postgresql://u:***@db/amtrax?password=***"),
    ("mysql://u:hunter2@db/x", "mysql://u:***@db/x"),
    ("postgresql://amtrax@db/amtrax", "postgresql://amtrax@db/amtrax"),  # nothing to hide
    ("postgresql://db/amtrax?options=-csearch_path%3Dce", "postgresql://db/amtrax?options=-csearch_path%3Dce"),
    ("/srv/amtrax/amtrax.db", "/srv/amtrax/amtrax.db"),
    ("sqlite:////srv/amtrax/amtrax.db", "sqlite:////srv/amtrax/amtrax.db"),
])
def test_passwords_are_replaced_and_the_rest_is_kept(target, shown):
    assert redact_url(target) == shown


@given(st.text(min_size=1))
def test_any_percent_encoded_password_is_hidden(password):
    encoded = quote(password, safe="")
    assert redact_url(f"postgresql://amtrax:{encoded}@db/amtrax?password={encoded}&sslmode=require") == \
        "postgresql://amtrax:***@db/amtrax?password=***&sslmode=require"


def test_every_url_in_a_text_is_redacted_and_the_rest_kept():
    text = ('Traceback (most recent call last):\n  File "x.py", line 1\n'
            "RuntimeError: lost 'postgresql://amtrax:hunter2@db/amtrax?password=hunter3' and "
            "postgres://u:pw2@h/d\n")
    assert redact(text) == ('Traceback (most recent call last):\n  File "x.py", line 1\n'
                            "RuntimeError: lost 'postgresql://amtrax:***@db/amtrax?password=***' and "
                            "postgres://u:***@h/d\n")
