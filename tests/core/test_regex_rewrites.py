"""Regexes rewritten or gated for speed answer exactly as the patterns they stand for."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

CAPS_BEFORE = re.compile(r"(?<![\w@./])[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:(?:\s+&\s+|\s+of\s+|\s+\+\s+|[ \t]+)[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*){0,5}")
PIECES = ["Acme", "acme", "Ève", "É", "of", "&", "+", "@", ".", "/", "-", "'", "’", " ", "  ", "\t", "\n", "9", "Data",
          "x", "_", "ÖL", "Þ", "a.B", "x@Y", "/Z"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_capitalised_runs_are_found_where_the_look_behind_first_found_them(pieces):
    from topofmind.mail.company_names import _CAPS

    text = "".join(pieces)
    assert [m.span() for m in _CAPS.finditer(text)] == [m.span() for m in CAPS_BEFORE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=string.printable, max_size=80))
def test_ascii_text_splits_into_the_same_words(text):
    from topofmind.mail.learned import _WORD, _WORD_ASCII

    assert _WORD_ASCII.findall(text) == _WORD.findall(text)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_vendor_named_inside_a_key_is_found_as_by_the_full_regex(data):
    from topofmind.mail.employer import _VENDOR_IN_NAME, _VENDOR_KEYS, _names_vendor

    vendors = sorted(_VENDOR_KEYS)
    parts = data.draw(st.lists(st.one_of(st.sampled_from(vendors).map(lambda k: k[:data.draw(st.integers(1, len(k)))]),
                                         st.text(alphabet="abcdeghijklmnoprstuy0", max_size=4)), max_size=4))
    key = "".join(parts)
    assert _names_vendor(key) == bool(_VENDOR_IN_NAME.search(key))
