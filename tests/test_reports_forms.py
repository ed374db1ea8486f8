"""Single-item forms (转办单, 督办单, 接待公告, 履职情况统计) and the masking rules."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from io import BytesIO

import pytest
from pypdf import PdfReader

from heshi_station.ledger import attendance, opinions
from heshi_station.reports.masking import Masker, default_masking, mask_name, mask_phone
from heshi_station.reports.pdf_forms import (
    NotOverdue,
    deputy_yearly_pdf,
    reception_notice_pdf,
    transfer_slip_pdf,
    urge_slip_pdf,
)
from tests.factories import register, set_up_basics


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def test_transfer_and_urge_slips(ledger):
    b = set_up_basics(ledger)
    rec = register(ledger, b, datetime(2026, 9, 1, 9).astimezone(), phone="19912345678")
    op = opinions.get_opinion(ledger, rec.opinion_ids[0])
    text = _text(transfer_slip_pdf(ledger, op.id, mask=True))
    assert "意见建议转办单" in text and "区交通运输局" in text and op.content in text
    assert "199****5678" in text and "19912345678" not in text
    assert f"{op.due_date:%Y年%m月%d日}前" in text
    assert op.overdue_level in ("overdue", "long_overdue")
    text = _text(urge_slip_pdf(ledger, op.id))
    assert "意见建议督办单" in text and "第1次督办" in text and "个工作日" in text


def test_urge_slip_refuses_an_item_that_is_not_overdue(ledger):
    b = set_up_basics(ledger)
    rec = register(ledger, b, datetime(2026, 11, 19, 9).astimezone())
    with pytest.raises(NotOverdue, match="没有超期"):
        urge_slip_pdf(ledger, rec.opinion_ids[0])


def test_reception_notice_and_deputy_yearly(ledger):
    b = set_up_basics(ledger)
    rd = attendance.plan_reception_day(
        ledger, date(2026, 11, 25), time(9), time(11, 30), "街道便民服务中心二楼", b.deputies[:2], topic="养老服务"
    )
    text = _text(reception_notice_pdf(ledger, rd.id))
    assert "接待公告" in text and "2026年11月25日（星期三）09:00—11:30" in text
    assert "街道便民服务中心二楼" in text and "张三、李四" in text and "养老服务" in text
    register(ledger, b, datetime(2026, 3, 1, 9).astimezone())
    text = _text(deputy_yearly_pdf(ledger, 2026))
    assert "人大代表2026年度履职情况统计" in text and "王五" in text
    one = _text(deputy_yearly_pdf(ledger, 2026, deputy_id=b.deputies[0]))
    assert "张三代表2026年度履职情况统计" in one and "王五" not in one


def test_masking_rules():
    assert mask_name("张三") == "张*" and mask_name("欧阳娜娜") == "欧***" and mask_name("") == ""
    assert mask_phone("19912345678") == "199****5678"
    assert mask_phone("+86 199 1234 5678") == "199****5678"
    assert mask_phone("0392-3312345") == "0392-***2345"
    m = Masker(True)
    assert m.matter("秘密", True) == "（保密）" and m.matter("公开", False) == "公开"
    assert Masker(False).phone("19912345678") == "19912345678"


def test_default_masking_comes_from_settings(ledger):
    from heshi_station.ledger.reference_data import set_setting

    assert default_masking(ledger) is True
    set_setting(ledger, "mask_personal_data", "0")
    assert default_masking(ledger) is False
