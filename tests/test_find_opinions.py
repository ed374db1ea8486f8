"""Finding opinions as the 意见办理 search box promises (issue 10): by text, proposer name, phone and pinyin
initials read as surnames; the opinion list counts and pages through every match (no cap); the CLI says
when it shows only part; migration 0010 re-keys names stored with the old readings."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heshi_station.cli import main
from heshi_station.db.search_tokens import register_functions
from heshi_station.ledger import queries, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion
from heshi_station.ledger.pinyin import full_pinyin, initials, text_initials
from heshi_station.ledger.search import search, search_results, split_terms
from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics

FIXTURES = Path(__file__).parent / "fixtures" / "revisions"

# (name, surname initial as a surname, not as the character's everyday reading)
SURNAMES = [
    ("曾超华", "zch"),
    ("单雄信", "sxx"),
    ("解晓东", "xxd"),
    ("查良", "zl"),
    ("翟志刚", "zzg"),
    ("仇英", "qy"),
    ("区志华", "ozh"),
    ("朴正", "pz"),
    ("盖聂", "gn"),
    ("覃明", "qm"),
    ("尉迟恭", "ycg"),
    ("张三", "zs"),
]


@pytest.mark.parametrize(("name", "keys"), SURNAMES)
def test_initials_follow_the_surname_reading(name: str, keys: str) -> None:
    assert initials(name) == keys


def test_names_that_are_not_people_are_read_as_text() -> None:
    # 区 as a surname is ou; in a unit's name it is qu, and the unit list's search must find it by qsl.
    assert initials("区伟") == "ow"
    assert text_initials("区水利局") == "qslj" and text_initials("单位") == "dw"


def test_full_pinyin_follows_the_surname_reading() -> None:
    assert full_pinyin("曾超华") == "zengchaohua"
    assert full_pinyin("单田芳") == "shantianfang"
    assert full_pinyin("区") == "ou"
    # Past a person's length the text is not a name: its first character keeps its everyday reading.
    assert initials("曾经的村民委员会成员") == "cjdcmwyhcy"


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    path = tmp_path_factory.mktemp("find") / "ledger.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    reference_data.save_deputy(led, DeputyInput(name="曾庆红", level="city"))
    ids = {}
    for i, (name, phone, content) in enumerate(
        [
            ("曾超华", "13900000001", "村口路灯不亮"),
            ("单雄信", "0392-3312345", "灌溉水渠堵塞"),
            ("林小花", "13900000003", "小区停车难"),
        ]
    ):
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=FIXED_NOW - timedelta(days=i + 1),
                way="at_station",
                matter="来访反映问题",
                visitors=[VisitorInput(name=name, phone=phone, village="东风村")],
                deputy_ids=b.deputies[:1],
                opinions=[OpinionInput(content=content, route="on_spot", answer="已答复")],
            ),
        )
        ids[name] = rec.opinion_ids[0]
    yield led, ids, path
    led.close()


def _listed(led, text: str) -> set[str]:
    return {o.id for o in queries.list_opinions(led, queries.OpinionFilter(text=text))}


def test_the_opinion_list_finds_by_name_phone_and_initials(people) -> None:
    led, ids, _ = people
    assert _listed(led, "曾超华") == {ids["曾超华"]}
    assert _listed(led, "超华") == {ids["曾超华"]}  # two characters: the bigram index
    assert _listed(led, "13900000001") == {ids["曾超华"]}
    assert _listed(led, "139-0000-0001") == {ids["曾超华"]}  # as clerks type it
    assert _listed(led, "0392 331 2345") == {ids["单雄信"]}
    assert _listed(led, "zch") == {ids["曾超华"]}
    assert _listed(led, "ZC") == {ids["曾超华"]}
    assert _listed(led, "cch") == set()  # the everyday reading of 曾 is not how the name is said
    assert _listed(led, "sxx") == {ids["单雄信"]}
    assert _listed(led, "cch") == set() and _listed(led, "dxx") == set()
    assert _listed(led, "路灯") == {ids["曾超华"]}  # text still works
    assert _listed(led, "zch 路灯") == {ids["曾超华"]} and _listed(led, "zch 水渠") == set()
    assert queries.count_opinions(led, queries.OpinionFilter(text="东风村")) == 3  # the proposer's village
    # Deputies are found by their surname reading too.
    assert {h.title for h in search(led, "zqh") if h.kind == "deputy"} == {"曾庆红"}
    assert {h.title for h in search(led, "zengqing") if h.kind == "deputy"} == {"曾庆红"}


def test_a_corrected_proposer_is_found_under_the_new_name_at_once(tmp_path) -> None:
    led = Ledger.open(tmp_path / "l.sqlite3", clock=lambda: FIXED_NOW)
    try:
        set_up_basics(led)
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=FIXED_NOW,
                way="phone",
                matter="路面破损",
                visitors=[VisitorInput(name="陈大文", phone="13900000009")],
                opinions=[OpinionInput(content="请修补路面", route="on_spot", answer="已答复")],
            ),
        )
        oid = rec.opinion_ids[0]
        assert _listed(led, "cdw") == {oid}
        correct_opinion(led, oid, OpinionCorrection(reason="姓名登记错误", proposer_name="翟大文"))
        assert _listed(led, "cdw") == set() and _listed(led, "陈大文") == set()
        assert _listed(led, "zdw") == {oid} and _listed(led, "翟大文") == {oid}
    finally:
        led.close()


def test_the_count_is_the_true_total_and_every_page_can_be_reached(tmp_path) -> None:
    led = Ledger.open(tmp_path / "many.sqlite3", clock=lambda: FIXED_NOW)
    try:
        set_up_basics(led)
        for i in range(27):  # 27 x 20 = 540 matches, past the old silent cap of 500
            receptions.register_reception(
                led,
                ReceptionInput(
                    received_at=FIXED_NOW - timedelta(hours=i + 1),
                    way="at_station",
                    matter="路灯不亮",
                    visitors=[VisitorInput(name="曾超华", phone="13900000001")],
                    opinions=[
                        OpinionInput(content=f"第{j}处路灯不亮", route="on_spot", answer="已答复") for j in range(20)
                    ],
                ),
            )
        f = queries.OpinionFilter(text="路灯")
        assert queries.count_opinions(led, f) == 540
        assert queries.count_opinions(led, queries.OpinionFilter(text="zch")) == 540
        seen = []
        for offset in range(0, 540, 200):
            seen += [o.id for o in queries.list_opinions(led, f, offset=offset, limit=200)]
        assert len(seen) == len(set(seen)) == 540
        results = search_results(led, "路灯", limit=50)
        assert results.totals == {"opinion": 540, "reception": 27} and results.partial
        assert results.shown("opinion") == 50 and results.shown("reception") == 27
    finally:
        led.close()


def test_cli_search_says_when_it_shows_only_part(tmp_path, capsys) -> None:
    db = tmp_path / "cli.sqlite3"
    led = Ledger.open(db, clock=lambda: FIXED_NOW)
    try:
        set_up_basics(led)
        for i in range(3):
            receptions.register_reception(
                led,
                ReceptionInput(
                    received_at=FIXED_NOW - timedelta(hours=i + 1),
                    way="at_station",
                    matter="路灯不亮",
                    visitors=[VisitorInput(name="曾超华", phone="13900000001")],
                    opinions=[OpinionInput(content="请修路灯", route="on_spot", answer="已答复")],
                ),
            )
    finally:
        led.close()
    assert main(["search", "--db", str(db), "路灯", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("意见\t") == 2 and out.count("接待\t") == 2
    assert "结果未全部显示" in out and "意见共 3 条，只显示了最新的 2 条" in out
    assert "接待共 3 条，只显示了最新的 2 条" in out
    assert main(["search", "--db", str(db), "路灯"]) == 0
    assert "结果未全部显示" not in capsys.readouterr().out
    assert main(["find-record", "--db", str(db), "zch", "--limit", "1"]) == 0
    assert "意见共 3 条，只显示了最新的 1 条" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["search", "--db", str(db), "路灯", "--limit", "0"])
    assert "不是正整数" in capsys.readouterr().err


def test_migration_0010_rekeys_names_stored_with_the_old_readings(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy2(FIXTURES / "ledger-0007.sqlite3", path)
    con = sqlite3.connect(path)
    register_functions(con)
    with con:  # what a program before 0010 stored for a visitor and deputy named with 曾/单
        con.execute("UPDATE visitor SET name = '曾来福', name_initials = 'clf' WHERE name = '赵来福'")
        con.execute("UPDATE opinion SET proposer_name = '曾来福' WHERE proposer_name = '赵来福'")
        con.execute("UPDATE deputy SET name = '单建国', name_initials = 'djg', name_pinyin = 'danjianguo' "
                    "WHERE name = '周建国'")  # fmt: skip
    con.close()
    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    try:
        found = search(led, "zlf")
        assert {h.kind for h in found} == {"reception", "opinion"}
        assert _listed(led, "zlf") and not _listed(led, "clf")
        assert _listed(led, "19900000721")  # the opinion's phone, indexed by the migration
        assert {h.title for h in search(led, "sjg") if h.kind == "deputy"} == {"单建国"}
        assert {h.title for h in search(led, "shanjian") if h.kind == "deputy"} == {"单建国"}
        assert not [h for h in search(led, "djg") if h.kind == "deputy"]
    finally:
        led.close()
    con = sqlite3.connect(path)
    register_functions(con)
    for fts in ("opinion_fts", "opinion_bigram"):
        con.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
    con.close()


HOSTILE_CHARS = st.sampled_from(list("\"'%_\\*()^:{}-+ \u3000\x00\t曾超华路灯zch0123456789ＡＢ１２NEARORNOT"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(HOSTILE_CHARS, max_size=12), st.text(max_size=12)))
def test_any_typed_text_filters_the_list_without_error_or_leak(people, typed: str) -> None:
    led, ids, _ = people
    f = queries.OpinionFilter(text=typed)
    listed = queries.list_opinions(led, f)
    assert queries.count_opinions(led, f) == len(listed)
    assert {o.id for o in listed} <= set(ids.values())
    # Every term occurs in what was listed (no operator, wildcard or injection took effect).
    for o in listed:
        doc = f"{o.content} {o.proposer_name} {o.proposer_phone} {o.village}".lower()
        for term in split_terms(typed):
            by_initials = term.isascii() and term.isalpha() and initials(o.proposer_name).startswith(term.lower())
            assert term.lower() in doc or by_initials, (typed, term, doc)
