"""意见跟踪's category filter and 2-character search (the c0005 bigram index) over real HTTP against a real
centre process, on SQLite and PostgreSQL: the index narrows, the substring match decides."""

from __future__ import annotations

from sqlalchemy import select

from heshi_centre.console.queries import PAGE_SIZE
from heshi_centre.console.search_index import LedgerOpinionBigram, bigrams
from tests.console.helpers import logged_in, make_user, seed_station, uid
from tests.sync.conftest import BOTH_BACKENDS


def test_bigrams_are_adjacent_cjk_pairs_only():
    assert bigrams("路灯 不亮，ab路灯") == {"路灯", "不亮"}
    assert bigrams("低") == set() and bigrams("") == set()


@BOTH_BACKENDS
def test_category_filter_and_two_character_search_find_the_right_opinions(centre):
    d, u, tag = f"己区{uid()}", f"民政局{uid()}", uid()
    contents = [f"{tag} 申请低保复核", f"{tag} 村口路灯不亮", f"{tag} 路面积水，路灯杆倾斜", f"{tag} 低保户房屋漏雨"]
    cats = [f"社会保障{tag}", f"城乡建设{tag}", f"城乡建设{tag}", f"社会保障{tag}"]
    st = seed_station(centre.factory, district=d, unit=u, contents=contents, categories=cats)
    ids = st.opinion_ids
    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))

    def found(**params) -> list[str]:
        r = admin.get("/api/opinions", params=params)
        assert r.status_code == 200, r.text
        return sorted(o["id"] for o in r.json()["opinions"])

    assert found(q=f"{tag} 低保") == sorted([ids[0], ids[3]])
    assert found(q=f"{tag} 路灯") == sorted([ids[1], ids[2]])
    assert found(q=f"{tag} 灯杆倾斜") == [ids[2]]  # a longer term: its pairs narrow, the substring decides
    assert found(q=f"{tag} 灯不倾") == []  # every pair is in some opinion, the term in none
    assert found(category=cats[1]) == sorted([ids[1], ids[2]])
    assert found(category=cats[0], q="低保") == sorted([ids[0], ids[3]])
    assert found(category=cats[0], q="路灯") == []
    assert found(category=f"没有这个类别{tag}") == []
    page = admin.get("/opinions", params={"category": cats[1]})
    assert page.status_code == 200 and f"<option selected>{cats[1]}</option>" in page.text
    with centre.factory() as s:
        pairs = set(s.scalars(select(LedgerOpinionBigram.bigram).where(LedgerOpinionBigram.opinion_id == ids[1])))
    # content, proposer (来访人) and village (东风村), as ``search_text`` holds them
    assert pairs == {"村口", "口路", "路灯", "灯不", "不亮", "来访", "访人", "东风", "风村"}


@BOTH_BACKENDS
def test_every_page_says_the_true_total_also_past_the_end(centre):
    """The total rides on the page's own query; a page past the last match still says how many there are."""
    tag = uid()
    seed_station(centre.factory, district=f"庚区{uid()}", unit=f"水务局{uid()}",
                 contents=[f"{tag} 灌溉水渠淤塞 {n}" for n in range(PAGE_SIZE * 2 + 7)])  # fmt: skip
    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))

    def listed(page: int, q: str = f"{tag} 水渠") -> dict:
        r = admin.get("/api/opinions", params={"q": q, "page": page})
        assert r.status_code == 200, r.text
        return r.json()

    shown = [(listed(p)["total"], len(listed(p)["opinions"]), listed(p)["pages"]) for p in (1, 2, 3, 4)]
    assert shown == [(PAGE_SIZE * 2 + 7, PAGE_SIZE, 3), (PAGE_SIZE * 2 + 7, PAGE_SIZE, 3),
                     (PAGE_SIZE * 2 + 7, 7, 3), (PAGE_SIZE * 2 + 7, 0, 3)]  # fmt: skip
    ids = [o["id"] for p in (1, 2, 3) for o in listed(p)["opinions"]]
    assert len(set(ids)) == PAGE_SIZE * 2 + 7  # the pages do not overlap
    assert listed(1, q=f"{tag} 路灯")["total"] == 0 and listed(2, q=f"{tag} 路灯")["total"] == 0
