"""更正 and 作废 of a saved reception, from the 接待记录 page. Both go through the ledger's operations
(``corrections.correct_reception``, ``voiding.void_reception``) in one transaction each; a refusal (a bad
field, no reason, nothing changed, already voided) is shown in the dialog, which stays open with what the
clerk typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger.corrections import ReceptionCorrection, correct_reception
from heshi_station.ledger.dto import ReceptionRecord, VisitorInput
from heshi_station.ledger.voiding import void_reception
from heshi_station.ui.ui_context import UiContext, friendly_message
from heshi_station.ui.widgets import error_label


class _LedgerDialog(QDialog):
    """A dialog whose OK runs one ledger operation in the background and closes only when it succeeded."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.result_value = None

    def operation(self) -> Callable[[], object]:
        raise NotImplementedError

    def submit(self) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)
        self.ctx.run_task(self.operation(), self._done, self._failed, changes_ledger=True)

    def _done(self, result: object) -> None:
        self.result_value = result
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(friendly_message(exc))
        self.error.show()


class VoidReceptionDialog(_LedgerDialog):
    """作废 with a reason; the reception's opinions are voided with it (kept, never deleted)."""

    def __init__(self, ctx: UiContext, record: ReceptionRecord, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("作废接待记录"), parent)
        self.record = record
        n = len(record.opinion_ids)
        note = self.tr("作废后记录仍保留，但不再计入统计，并同步到市中心。")
        if n:
            note += self.tr("这条接待记录的 {n} 条意见将一并作废。").format(n=n)
        summary = QLabel(f"{record.received_at.astimezone():%Y-%m-%d %H:%M}　{record.matter[:80]}")
        summary.setWordWrap(True)
        hint = QLabel(note)
        hint.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("必填，例如：同一来访重复登记"))
        self.reason.setMaximumHeight(80)
        self.form.addRow(self.tr("接待记录"), summary)
        self.form.addRow("", hint)
        self.form.addRow(self.tr("作废理由"), self.reason)

    def operation(self) -> Callable[[], object]:
        led, rid, reason = self.ctx.ledger, self.record.id, self.reason.toPlainText()
        return lambda: void_reception(led, rid, reason)


class CorrectReceptionDialog(_LedgerDialog):
    """更正 time, place, matter, outcome and the first visitor; only the fields the clerk changed are sent."""

    def __init__(self, ctx: UiContext, record: ReceptionRecord, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("更正接待记录"), parent)
        self.record = record
        self.received_at = QDateTimeEdit(QDateTime(record.received_at.astimezone()))
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.received_at.setMaximumDateTime(QDateTime.currentDateTime())  # never in the future
        self.place = QLineEdit(record.place)
        self.matter = QPlainTextEdit(record.matter)
        self.outcome = QPlainTextEdit(record.outcome)
        for edit in (self.matter, self.outcome):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(90)
        first = record.visitors[0] if record.visitors else None
        self.name = QLineEdit(first.name if first else "")
        self.phone = QLineEdit(first.phone if first else "")
        self.village = QLineEdit(first.village if first else "")
        for w in (self.name, self.phone, self.village):
            w.setEnabled(first is not None)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填，例如：电话登记错误"))
        self.form.addRow(self.tr("接待时间"), self.received_at)
        self.form.addRow(self.tr("接待地点"), self.place)
        self.form.addRow(self.tr("反映问题"), self.matter)
        self.form.addRow(self.tr("办理情况"), self.outcome)
        self.form.addRow(self.tr("来访人姓名"), self.name)
        self.form.addRow(self.tr("联系电话"), self.phone)
        self.form.addRow(self.tr("村（社区）"), self.village)
        self.form.addRow(self.tr("更正理由"), self.reason)

    def correction(self) -> ReceptionCorrection:
        r = self.record
        c = ReceptionCorrection(reason=self.reason.text())
        when: datetime = self.received_at.dateTime().toPython().astimezone()
        if when.replace(second=0, microsecond=0) != r.received_at.astimezone().replace(second=0, microsecond=0):
            c.received_at = when
        if self.place.text() != r.place:
            c.place = self.place.text()
        if self.matter.toPlainText() != r.matter:
            c.matter = self.matter.toPlainText()
        if self.outcome.toPlainText() != r.outcome:
            c.outcome = self.outcome.toPlainText()
        if r.visitors:
            v = r.visitors[0]
            typed = (self.name.text(), self.phone.text(), self.village.text())
            if typed != (v.name, v.phone, v.village):
                visitors = [
                    VisitorInput(name=x.name, gender=x.gender, phone=x.phone, id_number=x.id_number,
                                 village=x.village, group_size=x.group_size)
                    for x in r.visitors
                ]  # fmt: skip
                visitors[0].name, visitors[0].phone, visitors[0].village = typed
                c.visitors = visitors
        return c

    def operation(self) -> Callable[[], object]:
        led, rid, correction = self.ctx.ledger, self.record.id, self.correction()
        return lambda: correct_reception(led, rid, correction)
