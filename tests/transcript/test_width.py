import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.transcript.width import char_width, clusters, pad, width, wrap

# Latin, accented, combining marks, CJK, full-width forms, emoji, joiners, spaces.
ALPHABET = st.sampled_from(list("ab Zé\u0301\u0308漢字検体ＡＢ😀🩸\u200d\ufe0f⚕ -|"))
TEXTS = st.text(ALPHABET, max_size=120)


def test_width_counts_wide_characters_twice_and_marks_not_at_all():
    assert width("abc") == 3
    assert width("検体") == 4
    assert width("ＡＢ") == 4  # full-width forms
    assert width("😀") == 2
    assert width("e\u0301") == 1  # e + combining acute
    assert width("a\u200db") == 2  # a joiner takes no column


@given(st.text(st.characters(max_codepoint=127)))
def test_width_of_ascii_text_is_its_character_count_as_measured_per_character(text):
    assert width(text) == len(text) == sum(char_width(ch) for ch in text)


def test_clusters_keep_marks_and_joined_characters_with_their_base():
    assert clusters("e\u0301x") == ["e\u0301", "x"]
    assert clusters("👩\u200d⚕\ufe0fa") == ["👩\u200d⚕\ufe0f", "a"]


def test_wrap_breaks_at_spaces_when_it_can():
    assert wrap("order of draw and specimen labelling", 14) == ["order of draw", "and specimen", "labelling"]


def test_wrap_breaks_a_word_wider_than_the_column_without_dropping_anything():
    assert wrap("検体採取の安全管理", 8) == ["検体採取", "の安全管", "理"]
    assert wrap("supercalifragilistic", 8) == ["supercal", "ifragili", "stic"]


def test_wrap_of_nothing_is_one_empty_line():
    assert wrap("", 10) == [""]


@given(TEXTS, st.integers(min_value=4, max_value=40))
def test_wrapped_lines_fit_and_keep_every_character_in_order(text, columns):
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(text.split()).replace(" ", "")


# Text in which every combining mark follows a letter, as typed text does.
MARKED = st.lists(st.tuples(st.sampled_from(list("ab e漢😀")), st.sampled_from(["", "\u0301", "\u0308\u0301"])),
                  max_size=80).map(lambda pairs: "".join(base + (mark if base != " " else "") for base, mark in pairs))


@given(MARKED, st.integers(min_value=4, max_value=40))
def test_no_wrapped_line_starts_with_a_combining_mark(text, columns):
    for line in wrap(text, columns):
        assert not line or unicodedata.combining(line[0]) == 0


def test_pad_measures_display_columns():
    assert pad("検体", 6) == "検体  "
    assert pad("1.25", 6, right=True) == "  1.25"


@given(TEXTS, st.integers(min_value=0, max_value=40), st.booleans())
def test_pad_fills_with_spaces_to_the_columns_and_keeps_the_text(text, columns, right):
    padded = pad(text, columns, right)
    assert width(padded) == max(columns, width(text))
    fill = padded[:len(padded) - len(text)] if right else padded[len(text):]
    assert padded == (fill + text if right else text + fill) and fill == " " * len(fill)
