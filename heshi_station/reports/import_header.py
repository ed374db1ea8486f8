"""Finding the header of an old ledger sheet: which column holds which field, and the year its title names.

Guarantees:
- :func:`find_header` looks at the first rows below any title rows and takes the row naming the most
  fields among those that name at least a date and a matter column;
- a **two-row header** (WPS and Excel ledgers often group columns: 办理情况 over 承办单位 | 办理结果, or
  来访人 over 姓名 | 电话) is recognised: the row below the header row names the columns under a group, and the
  data starts below it. A sub-column's own name wins over its group's, so a unit column under 办理情况 is
  the unit, never the handling result;
- :func:`title_year` finds the one year (``2019年``) the title rows, the sheet name or the file name give, for
  dates written without a year; two different years give None and say which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADER_SEARCH_ROWS = 20

#: field → the column names stations use for it (after removing spaces; full-width brackets normalised).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "顺序号"),
    "date": ("接待日期", "接待时间", "来访日期", "来访时间", "登记日期", "登记时间", "反映日期", "日期", "时间"),
    "name": ("来访人", "来访人姓名", "群众姓名", "姓名", "反映人", "来访群众", "来访者", "提出人", "反映人姓名"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
    "matter": (
        "反映问题",
        "主要内容",
        "意见建议",
        "意见建议内容",
        "反映内容",
        "来访事由",
        "诉求内容",
        "问题",
        "内容",
        "主要问题",
        "建议内容",
    ),
    "outcome": ("办理情况", "处理结果", "办理结果", "处理情况", "答复情况", "办理答复情况", "答复意见", "办理答复"),
    "reply_date": ("答复时间", "答复日期", "办结时间", "办结日期", "回复时间", "回复日期"),
    "village": (
        "村(社区)",
        "村社区",
        "村居",
        "所在村",
        "村组",
        "住址",
        "地址",
        "家庭住址",
        "所在村(社区)",
        "单位或住址",
    ),
    "gender": ("性别",),
    "people": ("人数", "来访人数", "接待人数"),
    "way": ("接待方式", "来访方式", "方式", "形式"),
    "category": ("类别", "问题类别", "意见类别", "分类", "类型"),
    "deputies": ("接待代表", "参加代表", "参与代表", "值班代表", "代表"),
    "unit": ("承办单位", "主办单位", "办理单位", "主办(协办)单位", "转办单位", "责任单位", "交办单位"),
    "assist": ("协办单位", "配合单位"),
    "place": ("接待地点", "地点"),
    "clerk": ("登记人", "经办人", "记录人", "联络员"),
    "remark": ("备注", "备注说明", "说明", "附注"),
}

#: Short names that mean a field only as a sub-column under a group header (alone they are too vague:
#: a 单位 column of a reception register is the visitor's employer).
SUB_HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "outcome": {"单位": "unit", "结果": "outcome", "情况": "outcome", "答复": "outcome", "时间": "reply_date",
                "日期": "reply_date", "协办": "assist", "主办": "unit"},
    "name": {"电话": "phone", "住址": "village", "性别": "gender", "人数": "people"},
    "unit": {"主办": "unit", "协办": "assist"},
}  # fmt: skip

#: A second date-like column next to the date column: the time of day.
TIME_HEADERS = {"时间", "时段", "接待时段", "具体时间"}

FIELD_LABELS = {
    "seq": "序号",
    "date": "接待日期",
    "time": "时间",
    "name": "来访人",
    "phone": "联系电话",
    "matter": "反映问题",
    "outcome": "办理情况",
    "reply_date": "答复日期",
    "village": "村(社区)",
    "gender": "性别",
    "people": "人数",
    "way": "接待方式",
    "category": "类别",
    "deputies": "接待代表",
    "unit": "承办单位",
    "assist": "协办单位",
    "place": "接待地点",
    "clerk": "登记人",
    "remark": "备注",
}

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class Header:
    """Where the header is and what each column holds (indexes are 0-based into the grid)."""

    row_index: int  # the (first) header row
    data_start: int  # the first data row
    columns: dict[str, int] = field(default_factory=dict)  # field → column index
    texts: dict[str, str] = field(default_factory=dict)  # field → header text it was recognised from
    two_rows: bool = False


def normalise_header(text) -> str:
    s = str(text or "")
    s = s.replace("（", "(").replace("）", ")").replace("：", "").replace(":", "").replace("*", "")
    return re.sub(r"\s+", "", s)


def match_header(text) -> str | None:
    """The field a header cell names: an exact synonym, else the longest synonym it contains."""
    h = normalise_header(text)
    if not h:
        return None
    best: tuple[int, str] | None = None
    for fld, names in HEADER_SYNONYMS.items():
        for n in names:
            if h == n:
                return fld
            if n in h and (best is None or len(n) > best[0]):
                best = (len(n), fld)
    return best[1] if best and len(h) <= 12 else None


def _row_fields(row: list) -> tuple[dict[str, int], dict[str, str]]:
    cols: dict[str, int] = {}
    texts: dict[str, str] = {}
    for ci, v in enumerate(row):
        if not isinstance(v, str):
            continue
        fld = match_header(v)
        if fld == "date" and "date" in cols and normalise_header(v) in TIME_HEADERS:
            fld = "time"
        if fld and fld not in cols:
            cols[fld], texts[fld] = ci, v.strip()
    return cols, texts


def _sub_field(parent: object, sub: object) -> str | None:
    """The field a sub-column names under its group header, or None when it names none."""
    if not isinstance(sub, str) or not sub.strip():
        return None
    if isinstance(parent, str) and normalise_header(parent) == normalise_header(sub):
        return None  # a header merged down over both rows: not a sub-column
    group = match_header(parent) if isinstance(parent, str) else None
    # Under a group the short name means the group's part (时间 under 办理情况 is the reply's date).
    return SUB_HEADER_SYNONYMS.get(group or "", {}).get(normalise_header(sub)) or match_header(sub)


def _looks_like_data(value) -> bool:
    """A cell that is data rather than a header: a number, a date, or text starting with a digit."""
    if value is None:
        return False
    if not isinstance(value, str):
        return True
    return bool(re.match(r"\s*\d", value))


def _two_row_header(rows: list[list], i: int, cols: dict[str, int]) -> tuple[dict[str, int], dict[str, str]] | None:
    """The merged columns of header rows i and i+1 when row i+1 is a sub-header row, else None."""
    if i + 1 >= len(rows):
        return None
    top, below = rows[i], rows[i + 1]
    date_col = cols["date"]
    if date_col < len(below) and _looks_like_data(below[date_col]) and below[date_col] != top[date_col]:
        return None
    width = max(len(top), len(below))
    subs = {}
    for ci in range(width):
        parent = top[ci] if ci < len(top) else None
        sub = below[ci] if ci < len(below) else None
        if (fld := _sub_field(parent, sub)) is not None:
            subs[ci] = (fld, sub)
    if not subs:
        return None
    merged: dict[str, int] = {}
    texts: dict[str, str] = {}
    for ci in range(width):
        if ci in subs:
            fld, text = subs[ci]
        else:
            parent = top[ci] if ci < len(top) else None
            fld = match_header(parent) if isinstance(parent, str) else None
            if fld == "date" and "date" in merged and normalise_header(parent) in TIME_HEADERS:
                fld = "time"
            text = parent
        if fld and fld not in merged:
            merged[fld], texts[fld] = ci, str(text).strip()
    return merged, texts


def find_header(rows: list[list]) -> Header | None:
    """The header among the first rows (see the module docstring), or None when no row names date and matter."""
    best: Header | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols, texts = _row_fields(row)
        if "date" not in cols or "matter" not in cols:
            continue
        header = Header(row_index=i, data_start=i + 1, columns=cols, texts=texts)
        two = _two_row_header(rows, i, cols)
        if two is not None:
            header = Header(row_index=i, data_start=i + 2, columns=two[0], texts=two[1], two_rows=True)
        if best is None or len(header.columns) > len(best.columns):
            best = header
    return best


def title_year(rows_above: list[list], *names: str) -> tuple[int | None, str]:
    """The one year the title rows and names give (``2019年``), and where it was found or why none is used."""
    found: dict[int, str] = {}
    for row in rows_above:
        for v in row:
            if isinstance(v, str):
                for y in _YEAR_RE.findall(v):
                    found.setdefault(int(y), f"标题“{v.strip()}”")
    for n in names:
        for y in _YEAR_RE.findall(n or ""):
            found.setdefault(int(y), f"名称“{n}”")
    if len(found) == 1:
        year, where = next(iter(found.items()))
        return year, where
    if len(found) > 1:
        years = "、".join(str(y) for y in sorted(found))
        return None, f"标题中有多个年份（{years}），无法确定没写年份的日期属于哪一年"
    return None, "标题、工作表名和文件名中都没有写年份（如“2019年”）"
