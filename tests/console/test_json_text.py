"""``json_text.dumps`` (orjson, falling back to ``json.dumps``) writes the same JSON value as ``json.dumps``
for anything a record or a projected row can hold — hostile values included: lone surrogates and integers
beyond 64 bits (orjson refuses both), control characters, deep nesting, dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_centre.json_text import dumps


def _reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec=None, blacklist_categories=()), max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_dumps_writes_the_value_json_dumps_writes(value):
    text = dumps(value)
    assert json.loads(text) == json.loads(_reference(value))
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert not re.search(r"\s", outside_strings), text  # compact: no spaces after separators


def test_what_orjson_refuses_falls_back_to_json_dumps():
    for value in ({"note": "\ud800"}, {"n": 2**70}, [2**64]):
        assert dumps(value) == _reference(value)


def test_dates_and_times_become_iso_text():
    at = datetime(2026, 3, 5, 9, 30, 15, 123456, tzinfo=UTC)
    assert json.loads(dumps({"day": date(2026, 3, 5), "at": at})) == {
        "day": "2026-03-05",
        "at": at.isoformat(),
    }
    # the same when orjson gives up on another field of the same value
    assert json.loads(dumps({"day": date(2026, 3, 5), "big": 2**70})) == {"day": "2026-03-05", "big": 2**70}


def test_characters_stay_as_they_are():
    assert dumps({"内容": "路灯不亮\n\t\x01"}) == '{"内容":"路灯不亮\\n\\t\\u0001"}'
