"""Field validation: phone numbers, resident ID numbers (GB 11643), future dates, required fields.

Every message names the field (FieldError.label) and the problem in Chinese; all bad fields are reported
at once, and nothing is written.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from heshi_station.ledger import attendance, opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.validation import id_number_problem, phone_problem
from tests.conftest import FIXED_NOW
from tests.factories import Basics, reception_input, set_up_basics, table_counts

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# GB 11643-1999: weights 2^(17-i) mod 11 for positions 1..17; check = (12 - sum mod 11) mod 11, 10 -> X.
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def check_digit(first17: str) -> str:
    value = (12 - sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def make_id(region: str, born: str, seq: str) -> str:
    first17 = region + born + seq
    return first17 + check_digit(first17)


def test_check_digit_weights_are_the_standards() -> None:
    assert WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    # The worked example printed in GB 11643-1999 (appendix): 11010519491231002X.
    assert make_id("110105", "19491231", "002") == "11010519491231002X"


@pytest.fixture
def basics(ledger: Ledger) -> Basics:
    return set_up_basics(ledger)


def _errors(ledger: Ledger, inp: ReceptionInput) -> list:
    with pytest.raises(ValidationFailed) as info:
        receptions.register_reception(ledger, inp)
    for e in info.value.errors:
        assert e.label and CHINESE.search(e.label), e
        assert e.message and CHINESE.search(e.message), e
        assert e.label in str(info.value) and e.message in str(info.value)
    return info.value.errors


# --------------------------------------------------------------------------------------- phones
GOOD_PHONES = [
    ("13912345678", "13912345678"),
    ("19900001234", "19900001234"),
    ("+86 139 1234 5678", "13912345678"),
    ("8613912345678", "13912345678"),
    ("0392-3312345", "0392-3312345"),
    ("03923312345", "0392-3312345"),
    ("010-88886666", "010-88886666"),
    ("88886666", "88886666"),
    ("0392-3312345-801", "0392-3312345-801"),
    ("(0392)3312345", "0392-3312345"),
    # as clerks type them (issue 9 §5): separators, full-width digits and brackets
    ("139-0000-5678", "13900005678"),
    ("139 0000 5678", "13900005678"),
    ("１３９ ００００ ５６７８", "13900005678"),
    ("（0392）3312345", "0392-3312345"),
    ("(0392) 331-2345", "0392-3312345"),
    ("010 8888 6666", "010-88886666"),
]
BAD_PHONES = [
    ("1391234567", "11位"),  # 10 digits
    ("139123456789", "11位"),  # 12 digits
    ("12912345678", "第二位"),
    ("1391234567a", "11位"),
    ("电话13912345678", "只能包含数字"),
    ("0392-12", "不是有效"),
    ("0392-0312345", "不是有效"),  # local numbers never start with 0
    ("abc", "只能包含数字"),
]


@pytest.mark.parametrize(("text", "stored"), GOOD_PHONES)
def test_good_phone_numbers_are_accepted_and_normalised(ledger: Ledger, basics: Basics, text: str, stored: str) -> None:
    assert phone_problem(text) is None
    rec = receptions.register_reception(ledger, reception_input(basics, FIXED_NOW, phone=text))
    assert rec.visitors[0].phone == stored


@pytest.mark.parametrize(("text", "problem"), BAD_PHONES)
def test_bad_phone_numbers_are_refused_with_the_field_named(
    ledger: Ledger, basics: Basics, text: str, problem: str
) -> None:
    errors = _errors(ledger, reception_input(basics, FIXED_NOW, phone=text))
    assert [(e.field, e.label) for e in errors] == [("visitors[0].phone", "来访人1 联系电话")]
    assert problem in errors[0].message


def test_bad_deputy_phone_is_refused(ledger: Ledger) -> None:
    with pytest.raises(ValidationFailed) as info:
        reference_data.save_deputy(ledger, DeputyInput(name="孙八", level="city", phone="1380013800"))
    assert [(e.field, e.label) for e in info.value.errors] == [("phone", "代表电话")]


# -------------------------------------------------------------------------------- resident IDs
VALID_IDS = [
    make_id("110105", "19491231", "002"),
    make_id("410102", "19800101", "123"),
    make_id("410102", "20000229", "456"),  # leap day
    make_id("350203", "19651010", "777"),
]


@pytest.mark.parametrize("id_number", VALID_IDS)
def test_valid_resident_ids_are_accepted(ledger: Ledger, basics: Basics, id_number: str) -> None:
    assert id_number_problem(id_number) is None
    assert id_number_problem(id_number.lower()) is None  # a lower-case x is the same number
    inp = reception_input(basics, FIXED_NOW)
    inp.visitors[0].id_number = id_number.lower()
    rec = receptions.register_reception(ledger, inp)
    assert rec.visitors[0].id_number == id_number


def _flip(id_number: str, pos: int) -> str:
    digit = str((int(id_number[pos]) + 1) % 10)
    return id_number[:pos] + digit + id_number[pos + 1 :]


@pytest.mark.parametrize("id_number", VALID_IDS)
@pytest.mark.parametrize("pos", [0, 5, 14, 16])
def test_a_flipped_digit_breaks_the_check_digit(id_number: str, pos: int) -> None:
    flipped = _flip(id_number, pos)
    assert check_digit(flipped[:17]) != flipped[17]  # sanity: the standard detects every single-digit change
    problem = id_number_problem(flipped)
    assert problem is not None and ("校验位" in problem or "出生日期" in problem)


def test_bad_resident_ids_say_what_is_wrong(ledger: Ledger, basics: Basics) -> None:
    good = VALID_IDS[1]
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    cases = {
        wrong_check: "校验位",
        good[:17]: "18位",
        good + "1": "18位",
        "41010219800101A23" + "4": "前17位",
        make_id("410102", "19800231", "123"): "出生日期不存在",  # check digit right, date impossible
        make_id("410102", "18500101", "123"): "出生日期不合理",
        make_id("410102", (date.today() + timedelta(days=400)).strftime("%Y%m%d"), "123"): "出生日期不合理",
    }
    for number, problem in cases.items():
        inp = reception_input(basics, FIXED_NOW)
        inp.visitors[0].id_number = number
        errors = _errors(ledger, inp)
        assert [(e.field, e.label) for e in errors] == [("visitors[0].id_number", "来访人1 身份证号")], number
        assert problem in errors[0].message, (number, errors[0].message)


# ------------------------------------------------------------------------------ dates and required
def test_reception_in_the_future_is_refused(ledger: Ledger, basics: Basics) -> None:
    errors = _errors(ledger, reception_input(basics, FIXED_NOW + timedelta(days=1)))
    assert [(e.field, e.label) for e in errors] == [("received_at", "接待时间")]
    assert "晚于今天" in errors[0].message and (FIXED_NOW + timedelta(days=1)).date().isoformat() in errors[0].message
    # later the same day is still today
    receptions.register_reception(ledger, reception_input(basics, FIXED_NOW + timedelta(hours=3)))


def test_handling_step_in_the_future_is_refused(ledger: Ledger, basics: Basics) -> None:
    rec = receptions.register_reception(ledger, reception_input(basics, FIXED_NOW - timedelta(days=1)))
    with pytest.raises(ValidationFailed) as info:
        opinions.accept(ledger, rec.opinion_ids[0], when=FIXED_NOW + timedelta(days=2))
    assert [(e.field, e.label) for e in info.value.errors] == [("when", "办理日期")]
    assert "晚于今天" in info.value.errors[0].message


def test_attendance_in_the_future_is_refused_but_leave_may_be_planned(ledger: Ledger, basics: Basics) -> None:
    later = FIXED_NOW.date() + timedelta(days=5)
    with pytest.raises(ValidationFailed) as info:
        attendance.record_attendance(ledger, basics.deputies[0], later, "出席")
    assert [e.label for e in info.value.errors] == ["日期"]
    rec = attendance.record_attendance(ledger, basics.deputies[0], later, "请假", leave_reason="外出学习")
    assert rec.status == "leave"


def test_required_fields(ledger: Ledger, basics: Basics) -> None:
    inp = ReceptionInput(received_at=FIXED_NOW, way="at_station", matter="   ", visitors=[])
    errors = _errors(ledger, inp)
    assert {(e.field, e.label, e.message) for e in errors} == {
        ("matter", "反映问题", "必须填写"),
        ("visitors", "来访人", "至少登记一位来访人"),
    }
    inp = reception_input(basics, FIXED_NOW)
    inp.visitors[0].name = ""
    errors = _errors(ledger, inp)
    assert [(e.field, e.label) for e in errors] == [("visitors[0].name", "来访人1 姓名")]
    assert "匿名" in errors[0].message
    inp.anonymous = True  # an anonymous visitor needs no name
    rec = receptions.register_reception(ledger, inp)
    assert rec.anonymous and rec.visitors[0].name == ""


def test_all_bad_fields_are_reported_at_once(ledger: Ledger, basics: Basics, db_path) -> None:
    before = table_counts(db_path)
    inp = ReceptionInput(
        received_at=FIXED_NOW + timedelta(days=3),
        way="smoke_signal",
        matter="",
        visitors=[
            VisitorInput(name="甲", phone="12345", id_number=_flip(VALID_IDS[0], 3)),
            VisitorInput(name="", gender="robot", group_size=0),
        ],
        deputy_ids=["no-such-deputy"],
        category_id="no-such-category",
        opinions=[
            OpinionInput(content="", route="transfer"),
            OpinionInput(content="有内容", route="on_spot"),
            OpinionInput(content="有内容", route="teleport"),
        ],
    )
    errors = _errors(ledger, inp)
    assert {e.field for e in errors} == {
        "received_at",
        "way",
        "matter",
        "visitors[0].phone",
        "visitors[0].id_number",
        "visitors[1].name",
        "visitors[1].gender",
        "visitors[1].group_size",
        "deputy_ids",
        "category_id",
        "opinions[0].content",
        "opinions[0].lead_unit_id",
        "opinions[1].answer",
        "opinions[2].route",
    }
    labels = {e.field: e.label for e in errors}
    assert labels["opinions[2].route"] == "意见3 处理方式" and labels["visitors[1].group_size"] == "来访人2 来访人数"
    way_msg = next(e.message for e in errors if e.field == "way")
    assert "来站接待" in way_msg  # lists the choices in Chinese
    assert table_counts(db_path) == before


def test_deputy_all_errors_at_once(ledger: Ledger) -> None:
    with pytest.raises(ValidationFailed) as info:
        reference_data.save_deputy(ledger, DeputyInput(name=" ", level="emperor", gender="x", phone="1"))
    assert {e.field for e in info.value.errors} == {"name", "level", "gender", "phone"}
