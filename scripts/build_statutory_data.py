"""Generate ``protocol/heshi_protocol/data/cn_statutory.json``: China's statutory holidays, 2000–2099.

Usage::

    uv run python scripts/build_statutory_data.py            # (re)write the bundled file
    uv run python scripts/build_statutory_data.py --check    # exit 1 if the file is out of date

This is the **provisional** table (暂定) that ``heshi_protocol.workdays`` falls back on for a year whose
official State Council arrangement (the ``cn_calendar.json`` table, or one installed later) is not known.
It is computed by the ``holidays`` package (a dev dependency only: the program ships the JSON, so the
runtime needs nothing new), which knows the lunar festivals for any year.

Rule, per year:

* ``holidays``: every statutory day off (元旦, 除夕 where the law makes it one, 春节, 清明节, 劳动节, 端午节,
  中秋节, 国庆节) plus the weekday the law gives in lieu when one falls on a weekend (名称 ends in “（补假）”).
* Not included: the package's “休息日（由 … 调休）” entries — swapped days off are only known together with
  their make-up working days, from the State Council notice, i.e. in the official table — and the
  half-day holidays (妇女节, 青年节, 儿童节, 建军节), which do not stop a unit's working day.
* ``workdays`` is always empty: make-up working days (调休上班) are unknown until the notice.

Same format as ``cn_calendar.json`` (``HolidayCalendar.from_json`` reads both).
"""

from __future__ import annotations

from pathlib import Path

import holidays
from holiday_json import run

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "protocol" / "heshi_protocol" / "data" / "cn_statutory.json"
FIRST_YEAR, LAST_YEAR = 2000, 2099
_SWAPPED_PREFIX = "休息日"


def build() -> dict:
    """The JSON document as a plain dict (sorted by year, then date)."""
    cn = holidays.China(years=range(FIRST_YEAR, LAST_YEAR + 1), language="zh_CN", categories=("public",))
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    out: dict[str, dict[str, list]] = {str(y): {"holidays": [], "workdays": []} for y in years}
    for day, name in sorted(cn.items()):
        if name.startswith(_SWAPPED_PREFIX):
            continue
        out[str(day.year)]["holidays"].append([day.isoformat(), name])
    empty = [y for y, data in out.items() if not data["holidays"]]
    if empty:
        raise SystemExit(f"holidays lists no statutory holiday for {empty}")
    return {"source": f"holidays {holidays.__version__}", "years": out}


def main(argv: list[str] | None = None) -> int:
    return run(build, DEFAULT_OUTPUT, "build_statutory_data.py", __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
