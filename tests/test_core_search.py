"""Search: FTS5 trigram for 3+ characters, LIKE for shorter terms, phones, pinyin, several terms, hostile
input, and the index following updates and deletes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from heshi_station.db.search_tokens import register_functions
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.search import search
from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics

TEXTS = [
    # (visitor, phone, village, matter, opinion)
    ("张三", "19900001111", "东风村", "村口道路坑洼不平，雨天积水严重", "建议尽快修补村口道路"),
    ("李小红", "19900002222", "红旗社区", "小区路灯损坏三个月无人维修", "请更换小区路灯"),
    ("王大明", "0392-3312345", "三里桥村", "灌溉水渠堵塞影响春耕", "请清理水渠"),
    ("赵六", "19900004444", "东风村", "养老院床位紧张，老人排队", "建议增加养老床位"),
    ("钱七", "19900005555", "幸福社区", "物业费上涨100%，业主意见大", "请核查物业收费标准"),
    ("孙八", "19900006666", "幸福社区", "楼道堆放杂物a_b存在消防隐患", "清理楼道杂物"),
]


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "ledger.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    reference_data.save_deputy(led, DeputyInput(name="欧阳娜娜", level="province"))
    ids = {}
    for i, (name, phone, village, matter, opinion) in enumerate(TEXTS):
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=FIXED_NOW - timedelta(days=i + 1),
                way="at_station",
                matter=matter,
                visitors=[VisitorInput(name=name, phone=phone, village=village)],
                deputy_ids=b.deputies[:1],
                opinions=[OpinionInput(content=opinion, route="on_spot", answer="已答复")],
            ),
        )
        ids[name] = (rec.id, rec.opinion_ids[0])
    yield led, ids, path
    led.close()


def _ids(led, query: str, kind: str | None = None) -> set[str]:
    return {h.id for h in search(led, query) if kind is None or h.kind == kind}


def test_three_or_more_characters_use_the_index(searchable) -> None:
    led, ids, _ = searchable
    assert _ids(led, "村口道路") == set(ids["张三"])  # reception matter and opinion content
    assert _ids(led, "路灯损坏", "reception") == {ids["李小红"][0]}
    assert _ids(led, "水渠", "opinion") == {ids["王大明"][1]}
    assert _ids(led, "养老床位") == {ids["赵六"][1]}
    # A visitor's village and name find the reception and, since 0010, the opinion they proposed.
    assert _ids(led, "红旗社区") == set(ids["李小红"])
    assert _ids(led, "李小红") == set(ids["李小红"])


def test_two_and_one_character_terms_fall_back_to_like(searchable) -> None:
    led, ids, _ = searchable
    assert _ids(led, "积水") == {ids["张三"][0]}
    assert _ids(led, "路灯") == set(ids["李小红"])
    assert _ids(led, "物业") == set(ids["钱七"])
    assert _ids(led, "坑") == {ids["张三"][0]}
    assert _ids(led, "渠") == set(ids["王大明"])
    assert _ids(led, "赵六") == set(ids["赵六"])  # a two-character name: the visitor and the proposer


def test_phone_numbers(searchable) -> None:
    led, ids, _ = searchable
    assert _ids(led, "19900004444") == set(ids["赵六"])
    assert _ids(led, "0004444") == set(ids["赵六"])
    assert _ids(led, "0392-3312345") == set(ids["王大明"])
    assert _ids(led, "3312345") == set(ids["王大明"])
    assert _ids(led, "19900009999") == set()


def test_pinyin(searchable) -> None:
    led, ids, _ = searchable
    hits = search(led, "zs")
    assert {h.id for h in hits if h.kind == "reception"} == {ids["张三"][0]}
    assert {h.title for h in hits if h.kind == "deputy"} == {"张三"}  # the deputy of the same name
    assert {h.id for h in search(led, "lxh") if h.kind == "reception"} == {ids["李小红"][0]}
    assert {h.title for h in search(led, "ZS") if h.kind == "deputy"} == {"张三"}  # case does not matter
    assert {h.title for h in search(led, "zhangsan") if h.kind == "deputy"} == {"张三"}
    assert {h.title for h in search(led, "ouyang") if h.kind == "deputy"} == {"欧阳娜娜"}
    assert {h.title for h in search(led, "oynn") if h.kind == "deputy"} == {"欧阳娜娜"}
    assert search(led, "xyz") == []


def test_several_terms_must_all_occur(searchable) -> None:
    led, ids, _ = searchable
    assert _ids(led, "东风村 积水") == {ids["张三"][0]}  # long (FTS, visitor village) + short (LIKE)
    assert _ids(led, "道路 坑洼") == {ids["张三"][0]}
    assert _ids(led, "村口道路 雨天积水") == {ids["张三"][0]}
    assert _ids(led, "幸福社区 物业") == set(ids["钱七"])  # the opinion's proposer lives there too
    assert _ids(led, "路灯　损坏") == {ids["李小红"][0]}  # full-width space separates terms too
    assert _ids(led, "路灯 水渠") == set()
    assert _ids(led, "东风村", "reception") == {ids["张三"][0], ids["赵六"][0]}


HOSTILE = [
    '"',
    '""',
    "'",
    '"道路',
    "*",
    "路*",
    "NEAR(",
    "NEAR(道路 积水)",
    "%",
    "%%",
    "_",
    "__",
    "\\",
    "\\%",
    ")",
    "(",
    "AND OR NOT",
    "OR",
    "NOT 道路",
    "道路 OR 路灯",
    "^",
    ":",
    "content:道路",
    "'; DROP TABLE reception; --",
    "' OR '1'='1",
    "1=1",
    "%' OR 1=1 --",
    "\x00",
    "{",
    '路灯"',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises_and_never_matches_everything(searchable, query: str) -> None:
    led, ids, path = searchable
    hits = search(led, query)
    everything = {i for pair in ids.values() for i in pair}
    assert {h.id for h in hits} != everything
    # Each term must literally occur in what was found (no operator, wildcard or injection took effect).
    for h in hits:
        for term in query.replace("\u3000", " ").split():
            haystack = h.text + " ".join(" ".join(t) for t in TEXTS if h.text in t)
            assert term in haystack, (query, h)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM reception").fetchone()[0] == len(TEXTS)
    con.close()


def test_wildcards_are_literal(searchable) -> None:
    led, ids, _ = searchable
    assert _ids(led, "%") == {ids["钱七"][0]}
    assert _ids(led, "100%") == {ids["钱七"][0]}
    assert _ids(led, "_") == {ids["孙八"][0]}
    assert _ids(led, "a_b") == {ids["孙八"][0]}
    assert _ids(led, "ab") == set()  # "_" did not act as a one-character wildcard


def test_index_follows_updates_and_deletes(tmp_path) -> None:
    path = tmp_path / "l.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    try:
        b = set_up_basics(led)
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=FIXED_NOW,
                way="phone",
                matter="自来水管道破裂",
                visitors=[VisitorInput(name="周九", village="向阳村", phone="19900007777")],
                opinions=[OpinionInput(content="请维修自来水管道", route="transfer", lead_unit_id=b.units[2])],
            ),
        )
        assert _ids(led, "自来水管道") == {rec.id, rec.opinion_ids[0]}
        # A later correction (e.g. from the centre's sync) rewrites the text in place. The bigram index's
        # triggers call heshi_bigrams(), which every ledger connection registers; so does this one.
        con = sqlite3.connect(path)
        register_functions(con)
        with con:
            con.execute("UPDATE reception SET matter = '排水沟渠淤塞' WHERE id = ?", (rec.id,))
            con.execute("UPDATE opinion SET content = '请疏通排水沟渠' WHERE id = ?", (rec.opinion_ids[0],))
            con.execute(
                "UPDATE visitor SET village = '朝阳村', phone = '19900008888' WHERE reception_id = ?", (rec.id,)
            )
        assert _ids(led, "自来水管道") == set()
        # The opinion keeps its own copy of the proposer, so only the reception follows the visitor...
        assert _ids(led, "向阳村", "reception") == set() and _ids(led, "19900007777", "reception") == set()
        assert _ids(led, "向阳村", "opinion") == {rec.opinion_ids[0]}
        assert _ids(led, "排水沟渠") == {rec.id, rec.opinion_ids[0]}
        assert _ids(led, "朝阳村") == {rec.id} and _ids(led, "19900008888") == {rec.id}
        # ...and the opinion's document follows its own proposer columns (migration 0010's trigger).
        with con:
            con.execute(
                "UPDATE opinion SET village = '朝阳村', proposer_phone = '19900008888' WHERE id = ?",
                (rec.opinion_ids[0],),
            )
        assert _ids(led, "向阳村") == set() and _ids(led, "19900007777") == set()
        assert _ids(led, "朝阳村") == {rec.id, rec.opinion_ids[0]}
        assert _ids(led, "沟渠", "reception") == {rec.id} and _ids(led, "管道") == set()  # the bigram index
        for fts in ("reception_fts", "opinion_fts", "reception_bigram", "opinion_bigram"):
            con.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
        with con:
            con.execute("DELETE FROM visitor WHERE reception_id = ?", (rec.id,))
        assert _ids(led, "朝阳村", "reception") == set() and _ids(led, "朝阳", "reception") == set()
        con.close()
    finally:
        led.close()


def test_empty_and_blank_queries_find_nothing(searchable) -> None:
    led, _, _ = searchable
    assert search(led, "") == []
    assert search(led, "   ") == []
    assert search(led, "\u3000") == []
    assert search(led, "\x00") == []  # core bug fixed on this branch: a NUL used to match every row
    assert search(led, "\t\n") == []


def test_terms_may_be_split_between_the_reception_and_its_visitor(searchable) -> None:
    # Core bug fixed on this branch: all terms had to occur in the reception text or all in one visitor.
    led, ids, _ = searchable
    assert _ids(led, "东风村 积水", "reception") == {ids["张三"][0]}
    assert _ids(led, "张三 积水", "reception") == {ids["张三"][0]}
    assert _ids(led, "赵六 积水", "reception") == set()
