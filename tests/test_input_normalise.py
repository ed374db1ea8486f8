"""Input as clerks type it (issue 9 §5): one normalisation at entry, in import and in search; control characters
and oversize text refused with a clear message, nothing written. Hypothesis draws hostile text."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from heshi_station.ledger import queries, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.correction_base import NothingToCorrect
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.normalise import (
    MAX_LONG_TEXT,
    MAX_NAME,
    character_problem,
    clean_line,
    clean_name,
    clean_text,
    normalise_phone,
    phone_search_terms,
)
from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion
from heshi_station.ledger.search import search
from heshi_station.reports.excel_import import preview_import
from heshi_station.reports.excel_import_writing import apply_import
from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics, table_counts

HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),  # anything, lone surrogates included
        st.sampled_from(list("\x00\x01\x1f\x7f\x85\u200b\ufeff\u3000\t\r\n ０９Ａｚ－（）+-张三·•")),
    ),
    max_size=60,
)


@given(HOSTILE)
@settings(max_examples=400)
def test_every_normaliser_is_idempotent_and_never_raises(text: str) -> None:
    for clean in (clean_text, clean_line, clean_name, normalise_phone):
        once = clean(text)
        assert clean(once) == once, (clean.__name__, text, once)


@given(HOSTILE)
@settings(max_examples=300)
def test_cleaning_never_hides_a_control_character(text: str) -> None:
    # What would be refused before cleaning is still refused after: nothing is silently dropped.
    assert (character_problem(text) is None) == (character_problem(clean_text(text)) is None)


@given(
    digits=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    seps=st.lists(st.sampled_from(["", " ", "-", "－", " - ", "\u3000"]), min_size=10, max_size=10),
    wide=st.booleans(),
    prefix=st.sampled_from(["", "+86 ", "+86", "86", "0086 "]),
)
def test_any_typed_mobile_becomes_its_eleven_digits(digits: str, seps: list[str], wide: bool, prefix: str) -> None:
    typed = digits[0] + "".join(s + d for s, d in zip(seps, digits[1:], strict=True))
    if wide:
        typed = typed.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert normalise_phone(prefix + typed) == digits
    assert phone_search_terms(prefix + typed) == digits


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("（0392）3312345", "0392-3312345"),
        ("0392 331 2345", "0392-3312345"),
        ("０３９２－３３１２３４５", "0392-3312345"),
        ("010-8888-6666", "010-88886666"),
        ("0392-3312345-801", "0392-3312345-801"),
        ("331 2345", "3312345"),
    ],
)
def test_landlines_get_one_form(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


def test_names_and_text_as_typed() -> None:
    assert clean_name(" 张 三 ") == "张三"
    assert clean_name("买买提 • 艾力") == "买买提·艾力"
    assert clean_name("Li  Ming") == "Li Ming"
    # A control character next to a Chinese one is not a space: kept, for the rules to refuse (not removed).
    assert clean_name("\x1f㐀") == "\x1f㐀" and clean_name("张\x85三") == "张\x85三"
    assert character_problem(clean_name("\x1f㐀")) is not None
    assert clean_line("东风村\u3000三组") == "东风村 三组"
    assert clean_text("Ｇ１０７国道，路面塌陷\r\n请修") == "G107国道，路面塌陷\n请修"  # Chinese commas stay


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    path = tmp_path_factory.mktemp("input") / "ledger.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW, actor="测试")
    b = set_up_basics(led)
    yield led, b, path
    led.close()


def _input(b, *, name="王五", phone="", village="东风村", matter="村口路灯损坏", place="", content="请修路灯"):
    return ReceptionInput(
        received_at=FIXED_NOW - timedelta(days=1),
        way="at_station",
        matter=matter,
        place=place,
        visitors=[VisitorInput(name=name, phone=phone, village=village)],
        deputy_ids=b.deputies[:1],
        opinions=[OpinionInput(content=content, route="station")],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["name", "phone", "village", "matter", "place", "content"]),
    value=st.one_of(
        HOSTILE, st.text(min_size=MAX_NAME - 2, max_size=MAX_NAME + 5), st.just("路" * (MAX_LONG_TEXT + 1))
    ),
)
def test_hostile_text_is_stored_clean_or_refused_naming_the_field(shared, field: str, value: str) -> None:
    led, b, path = shared
    before = table_counts(path)
    try:
        rec = receptions.register_reception(led, _input(b, **{field: value}))
    except ValidationFailed as exc:
        assert exc.errors and all(e.message and e.label for e in exc.errors)
        wanted = {"name": "visitors[0].name", "phone": "visitors[0].phone", "village": "visitors[0].village",
                  "matter": "matter", "place": "place", "content": "opinions[0].content"}[field]  # fmt: skip
        assert wanted in {e.field for e in exc.errors}, exc.errors
        assert table_counts(path) == before  # nothing half-written
        return
    stored = {
        "name": rec.visitors[0].name, "phone": rec.visitors[0].phone, "village": rec.visitors[0].village,
        "matter": rec.matter, "place": rec.place,
    }  # fmt: skip
    clean = {"name": clean_name, "phone": normalise_phone, "village": clean_line, "matter": clean_text,
             "place": clean_line, "content": clean_text}[field]  # fmt: skip
    if field in stored:
        assert stored[field] == clean(value)
    assert character_problem(value) is None


def test_control_characters_and_oversize_text_get_clear_messages(shared) -> None:
    led, b, path = shared
    before = table_counts(path)
    with pytest.raises(ValidationFailed) as refused:
        receptions.register_reception(
            led,
            _input(b, name="王\x00五", matter="路" * (MAX_LONG_TEXT + 1), content="请修\x07路灯", village="村\ud800"),
        )
    messages = {e.field: str(e) for e in refused.value.errors}
    assert messages["visitors[0].name"] == "来访人1 姓名：第2个字符是不可见的控制字符（U+0000），请删除后重新输入"
    assert messages["matter"] == f"反映问题：不能超过{MAX_LONG_TEXT}字（现有{MAX_LONG_TEXT + 1}字）"
    assert "U+0007" in messages["opinions[0].content"]
    assert "残缺字符" in messages["visitors[0].village"]
    with pytest.raises(ValidationFailed, match="姓名：不能超过50字"):
        receptions.register_reception(led, _input(b, name="张" * 51))
    assert table_counts(path) == before


def test_entry_and_search_read_phones_and_names_the_same_way(shared) -> None:
    led, b, _ = shared
    rec = receptions.register_reception(
        led, _input(b, name="欧阳 娜娜", phone="１３９-８８８８-７７７７", matter="Ｇ１０７国道边排水沟堵塞")
    )
    assert (rec.visitors[0].name, rec.visitors[0].phone) == ("欧阳娜娜", "13988887777")
    assert rec.matter == "G107国道边排水沟堵塞"
    for typed in ("139-8888-7777", "139 8888 7777", "13988887777", "１３９８８８８７７７７", "+86 139 8888 7777"):
        assert rec.id in {h.id for h in search(led, typed)}, typed
    assert rec.id in {h.id for h in search(led, "Ｇ１０７")}
    assert [v.phone for v in queries.find_visitors(led, "139-8888")] == ["13988887777"]
    landline = receptions.register_reception(led, _input(b, name="赵六", phone="（0392）331 2345"))
    assert landline.visitors[0].phone == "0392-3312345"
    assert landline.id in {h.id for h in search(led, "0392 3312345")}
    assert [v.phone for v in queries.find_visitors(led, "0392 331")] == ["0392-3312345"]


def test_excel_import_goes_through_the_same_normalisation(ledger: Ledger, tmp_path) -> None:
    set_up_basics(ledger)
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "群众姓名", "电话", "住址", "主要内容"])
    ws.append(["2026-11-05", "孙 小 美", "139-0000-5678", "东风村", "Ｇ１０７国道路灯不亮"])
    ws.append(["2026-11-06", "周 八", "（0392）3312345", "西山村", "水渠堵塞"])
    path = tmp_path / "old.xlsx"
    wb.save(path)
    preview = preview_import(ledger, path)
    result = apply_import(ledger, preview)
    con = sqlite3.connect(ledger.engine.url.database)
    try:
        stored = con.execute(
            "SELECT v.name, v.phone, r.matter FROM visitor v JOIN reception r ON r.id = v.reception_id"
        )
        rows = sorted(stored.fetchall())
    finally:
        con.close()
    assert ("孙小美", "13900005678", "G107国道路灯不亮") in rows
    assert result.added == 2 and not preview.problems
    assert ("周八", "0392-3312345", "水渠堵塞") in rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["content", "proposer_name", "proposer_phone", "village"]),
    value=st.one_of(HOSTILE, st.just("意" * (MAX_LONG_TEXT + 1)), st.just("张" * (MAX_NAME + 1))),
)
def test_corrections_obey_the_same_rules_on_hostile_text(shared, field: str, value: str) -> None:
    led, b, path = shared
    oid = receptions.register_reception(led, _input(b)).opinion_ids[0]
    before = table_counts(path)
    try:
        result = correct_opinion(led, oid, OpinionCorrection(reason="核对后更正", **{field: value}))
    except ValidationFailed as exc:
        assert field in {e.field for e in exc.errors}, exc.errors
        assert table_counts(path) == before
        return
    except NothingToCorrect:
        assert table_counts(path) == before
        return
    clean = {"content": clean_text, "proposer_name": clean_name, "proposer_phone": normalise_phone,
             "village": clean_line}[field]  # fmt: skip
    assert getattr(result.record, field) == clean(value)
    assert character_problem(value) is None
