"""Build one small station ledger per Alembic revision, filled with data, for the upgrade tests.

For each revision ``R`` of ``heshi_station/db/migrations`` this creates ``tests/fixtures/revisions/ledger-R.sqlite3``:
a fresh file upgraded to ``R`` only (never further), then filled with plain SQL that is valid *at that
revision* — exactly what a program released at ``R`` would have left on a station PC. The upgrade test
(``tests/test_revision_upgrades.py``) opens each with ``Ledger.open`` and checks ``EXPECTED`` survived.

When a new migration changes tables the rows below use, add an entry to ``SQL_BY_REVISION`` (the SQL for
the first revision where it is valid; later revisions reuse it) and rerun:

    uv run python scripts/make_revision_fixtures.py            # writes missing fixtures
    uv run python scripts/make_revision_fixtures.py --force    # rebuilds all of them

Existing fixtures are kept unless ``--force``: a fixture stands for a released file and should not change.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heshi_station.db.engine import create_ledger_engine, write_engine  # noqa: E402
from heshi_station.db.migrate import alembic_config  # noqa: E402
from heshi_station.db.search_tokens import register_functions  # noqa: E402

FIXTURE_DIR = REPO / "tests" / "fixtures" / "revisions"

STATION = "01930000-0000-7000-8000-000000000001"
DEP_A, DEP_B = "01930000-0000-7000-8000-0000000000a1", "01930000-0000-7000-8000-0000000000a2"
UNIT_TOWN, UNIT_ROADS = "01930000-0000-7000-8000-0000000000b1", "01930000-0000-7000-8000-0000000000b2"
CAT_ROAD, CAT_WATER = "01930000-0000-7000-8000-0000000000c1", "01930000-0000-7000-8000-0000000000c2"
REC = [f"01930000-0000-7000-8000-0000000001{i:02d}" for i in range(3)]
OPN = [f"01930000-0000-7000-8000-0000000002{i:02d}" for i in range(3)]
VIS = "01930000-0000-7000-8000-0000000003"  # visitor ids: VIS + two digits
T0 = "2026-03-02T01:30:00.000000+00:00"


def _ts(day: int, hour: int = 2) -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00.000000+00:00"


# What every fixture must still hold after upgrading to head (checked through the ledger operations).
EXPECTED = {
    "station_code": "HX-07",
    "station_name": "和市镇人大代表联络站",
    "deputies": {"周建国", "吴秀兰"},
    "receptions": {
        REC[0]: "东风村村道坑洼，雨天积水严重",
        REC[1]: "南湾组灌溉水渠堵塞",
        REC[2]: "询问高龄津贴申领办法",
    },
    "opinions": {OPN[0]: "transferred", OPN[1]: "replied", OPN[2]: "fed_back"},
    "visitors": 4,
    "outbox": 3,
    "settings": {"clerk_name": "林小梅", "print.mask": "1"},
    "search": ("灌溉水渠", REC[1]),
}

SQL_0001 = [
    f"""INSERT INTO station (id, code, name, district, township, address, created_at)
        VALUES ('{STATION}', 'HX-07', '和市镇人大代表联络站', '示例区', '和市镇', '和市镇政府一楼', '{T0}')""",
    "INSERT INTO clerk (id, name, phone, active) VALUES ('01930000-0000-7000-8000-0000000000f1', '林小梅', "
    "'19900000701', 1)",
    f"""INSERT INTO deputy (id, name, gender, level, constituency, phone, active, name_initials, name_pinyin,
        source, updated_at) VALUES
        ('{DEP_A}', '周建国', 'male', 'city', '和市镇第一选区', '19900000711', 1, 'zjg', 'zhoujianguo', 'centre',
         '{T0}'),
        ('{DEP_B}', '吴秀兰', 'female', 'township', '和市镇第三选区', '', 1, 'wxl', 'wuxiulan', 'station', '{T0}')""",
    f"""INSERT INTO handling_unit (id, name, kind, parent_id, active, source) VALUES
        ('{UNIT_TOWN}', '和市镇人民政府', 'township_gov', NULL, 1, 'centre'),
        ('{UNIT_ROADS}', '示例区交通运输局', 'department', NULL, 1, 'centre')""",
    f"""INSERT INTO category (id, name, time_limit_days, active, source) VALUES
        ('{CAT_ROAD}', '道路交通', 10, 1, 'centre'), ('{CAT_WATER}', '农田水利', 20, 1, 'centre')""",
    f"""INSERT INTO reception (id, received_at, received_on, way, place, clerk_name, matter, category_id,
        confidential, anonymous, outcome, source_key, created_at) VALUES
        ('{REC[0]}', '{_ts(2)}', '2026-03-02', 'at_station', '联络站', '林小梅', '东风村村道坑洼，雨天积水严重',
         '{CAT_ROAD}', 0, 0, '已转区交通运输局', NULL, '{_ts(2)}'),
        ('{REC[1]}', '{_ts(3)}', '2026-03-03', 'at_station', '联络站', '林小梅', '南湾组灌溉水渠堵塞',
         '{CAT_WATER}', 0, 0, '', NULL, '{_ts(3)}'),
        ('{REC[2]}', '{_ts(4)}', '2026-03-04', 'phone', '', '林小梅', '询问高龄津贴申领办法',
         NULL, 0, 0, '当场答复', 'import:2026-03:3', '{_ts(4)}')""",
    f"""INSERT INTO visitor (id, reception_id, position, name, gender, phone, id_number, village, group_size,
        name_initials) VALUES
        ('{VIS}01', '{REC[0]}', 0, '赵来福', 'male', '19900000721', '', '东风村', 2, 'zlf'),
        ('{VIS}02', '{REC[0]}', 1, '钱桂芳', 'female', '', '', '东风村', 1, 'qgf'),
        ('{VIS}03', '{REC[1]}', 0, '孙大勇', 'male', '19900000722', '', '南湾组', 1, 'sdy'),
        ('{VIS}04', '{REC[2]}', 0, '李阿婆', 'female', '19900000723', '', '北街社区', 1,
         'lap')""",
    f"""INSERT INTO reception_deputy (reception_id, deputy_id) VALUES
        ('{REC[0]}', '{DEP_A}'), ('{REC[0]}', '{DEP_B}'), ('{REC[1]}', '{DEP_B}')""",
    f"""INSERT INTO opinion (id, reception_id, content, category_id, proposer_name, proposer_phone, village, route,
        confidential, registered_on, created_at, state, lead_unit_id, due_date, paused, closed_on) VALUES
        ('{OPN[0]}', '{REC[0]}', '请修缮东风村村道并疏通排水沟', '{CAT_ROAD}', '赵来福', '19900000721', '东风村',
         'transfer', 0, '2026-03-02', '{_ts(2)}', 'transferred', '{UNIT_ROADS}', '2026-03-16', 0, NULL),
        ('{OPN[1]}', '{REC[1]}', '请清理南湾组灌溉水渠', '{CAT_WATER}', '孙大勇', '19900000722', '南湾组',
         'transfer', 0, '2026-03-03', '{_ts(3)}', 'replied', '{UNIT_TOWN}', '2026-03-31', 0, NULL),
        ('{OPN[2]}', '{REC[2]}', '希望简化高龄津贴申领手续', NULL, '李阿婆', '19900000723', '北街社区',
         'on_spot', 0, '2026-03-04', '{_ts(4)}', 'fed_back', NULL, NULL, 0, NULL)""",
    f"""INSERT INTO opinion_deputy (opinion_id, deputy_id) VALUES
        ('{OPN[0]}', '{DEP_A}'), ('{OPN[0]}', '{DEP_B}'), ('{OPN[1]}', '{DEP_B}')""",
    f"""INSERT INTO opinion_event (id, opinion_id, kind, occurred_at, recorded_at, actor, source, note, data) VALUES
        ('01930000-0000-7000-8000-000000000401', '{OPN[0]}', 'registered', '{_ts(2)}', '{_ts(2)}', '林小梅',
         'station', '', '{{"route": "transfer"}}'),
        ('01930000-0000-7000-8000-000000000402', '{OPN[0]}', 'transferred', '{_ts(2)}', '{_ts(2)}', '林小梅',
         'station', '', '{{"lead_unit_id": "{UNIT_ROADS}", "assist_unit_ids": [], "time_limit_days": 10,
         "due_date": "2026-03-16"}}'),
        ('01930000-0000-7000-8000-000000000403', '{OPN[1]}', 'registered', '{_ts(3)}', '{_ts(3)}', '林小梅',
         'station', '', '{{"route": "transfer"}}'),
        ('01930000-0000-7000-8000-000000000404', '{OPN[1]}', 'transferred', '{_ts(3)}', '{_ts(3)}', '林小梅',
         'station', '', '{{"lead_unit_id": "{UNIT_TOWN}", "assist_unit_ids": [], "time_limit_days": 20,
         "due_date": "2026-03-31"}}'),
        ('01930000-0000-7000-8000-000000000405', '{OPN[1]}', 'replied', '{_ts(10)}', '{_ts(10)}', '林小梅',
         'station', '', '{{"reply": "镇农业服务中心已组织清淤"}}'),
        ('01930000-0000-7000-8000-000000000406', '{OPN[2]}', 'registered', '{_ts(4)}', '{_ts(4)}', '林小梅',
         'station', '', '{{"route": "on_spot"}}'),
        ('01930000-0000-7000-8000-000000000407', '{OPN[2]}', 'answered_on_spot', '{_ts(4)}', '{_ts(4)}', '林小梅',
         'station', '', '{{"answer": "已告知到社区窗口携带身份证办理"}}')""",
    f"""INSERT INTO outbox (op_id, entity, entity_id, op, payload, created_at, status, acked_at, reject_code,
        reject_message) VALUES
        ('01930000-0000-7000-8000-000000000501', 'station', '{STATION}', 'upsert', '{{"id": "{STATION}"}}', '{T0}',
         'applied', '{T0}', '', ''),
        ('01930000-0000-7000-8000-000000000502', 'reception', '{REC[0]}', 'upsert', '{{"id": "{REC[0]}"}}',
         '{_ts(2)}', 'pending', NULL, '', ''),
        ('01930000-0000-7000-8000-000000000503', 'reception', '{REC[1]}', 'upsert', '{{"id": "{REC[1]}"}}',
         '{_ts(3)}', 'pending', NULL, '', '')""",
    f"""INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail) VALUES
        ('01930000-0000-7000-8000-000000000601', '{T0}', '林小梅', 'station.set_up', 'station', '{STATION}',
         '{{"op": "upsert"}}')""",
    """INSERT INTO app_setting (key, value) VALUES ('clerk_name', '林小梅'), ('print.mask', '1')""",
]


def _with_opinion_search_columns(statements: list[str]) -> list[str]:
    """SQL_0001 as a program at 0010 writes it: each opinion with its search document and proposer initials."""
    out = []
    for sql in statements:
        if sql.startswith("INSERT INTO opinion (id"):
            sql = f"""INSERT INTO opinion (id, reception_id, content, category_id, proposer_name, proposer_phone,
        village, route, confidential, registered_on, created_at, state, lead_unit_id, due_date, paused, closed_on,
        search_text, proposer_initials) VALUES
        ('{OPN[0]}', '{REC[0]}', '请修缮东风村村道并疏通排水沟', '{CAT_ROAD}', '赵来福', '19900000721', '东风村',
         'transfer', 0, '2026-03-02', '{_ts(2)}', 'transferred', '{UNIT_ROADS}', '2026-03-16', 0, NULL,
         '请修缮东风村村道并疏通排水沟 赵来福 19900000721 东风村', 'zlf'),
        ('{OPN[1]}', '{REC[1]}', '请清理南湾组灌溉水渠', '{CAT_WATER}', '孙大勇', '19900000722', '南湾组',
         'transfer', 0, '2026-03-03', '{_ts(3)}', 'replied', '{UNIT_TOWN}', '2026-03-31', 0, NULL,
         '请清理南湾组灌溉水渠 孙大勇 19900000722 南湾组', 'sdy'),
        ('{OPN[2]}', '{REC[2]}', '希望简化高龄津贴申领手续', NULL, '李阿婆', '19900000723', '北街社区',
         'on_spot', 0, '2026-03-04', '{_ts(4)}', 'fed_back', NULL, NULL, 0, NULL,
         '希望简化高龄津贴申领手续 李阿婆 19900000723 北街社区', 'lap')"""
        out.append(sql)
    return out


SQL_0010 = _with_opinion_search_columns(SQL_0001)

#: The first revision each SQL set is valid for; a revision uses the newest set at or before it.
SQL_BY_REVISION = {"0001": SQL_0001, "0010": SQL_0010}


def revisions_in_order() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def sql_for(revision: str, order: list[str]) -> list[str]:
    usable = [r for r in SQL_BY_REVISION if order.index(r) <= order.index(revision)]
    if not usable:
        raise SystemExit(f"no fixture SQL valid at revision {revision}: add it to SQL_BY_REVISION")
    return SQL_BY_REVISION[max(usable, key=order.index)]


def build(revision: str, target: Path, order: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "ledger.sqlite3"
        engine = create_ledger_engine(work)
        cfg = alembic_config()
        with write_engine(engine).connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        engine.dispose()
        con = sqlite3.connect(work, isolation_level=None)
        register_functions(con)  # from 0003 on, search-index triggers call heshi_bigrams()
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        for statement in sql_for(revision, order):
            con.execute(statement)
        con.execute("COMMIT")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"fixture {revision} breaks foreign keys: {problems}")
        con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, as after a clean shutdown
        con.execute("PRAGMA page_size = 1024")  # small fixtures in git; the page size does not change the schema
        con.execute("VACUUM")
        con.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(work.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild fixtures that already exist")
    args = parser.parse_args(argv)
    order = revisions_in_order()
    for revision in order:
        target = FIXTURE_DIR / f"ledger-{revision}.sqlite3"
        if target.exists() and not args.force:
            print(f"{target.relative_to(REPO)} kept")
            continue
        build(revision, target, order)
        print(f"{target.relative_to(REPO)} written ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
