"""One small dialog per handling step of an opinion (转办, 办理答复, 反馈, 满意度, 延期, …).

Guarantees: the step is written only through the ledger operation named in ``STEPS`` (one transaction),
in a worker; a refused step (InvalidStep, ValidationFailed) keeps the dialog open with the ledger's
Chinese message in it, so the clerk can correct and retry; on success the dialog closes and
``ledger_changed`` fires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.vocab import FeedbackMethod, Satisfaction
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import opinions, reference_data
from heshi_station.ledger.dto import PROVISIONAL_MARK, OpinionRecord
from heshi_station.ledger.handling_limits import EXTENSION_DAYS, TIME_LIMIT_DAYS, step_time_bounds
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import ERROR_STYLE


def _qdt(value: datetime) -> QDateTime:
    """A local wall-clock QDateTime of an aware datetime (the boxes show the clerk's local time)."""
    return QDateTime(value.astimezone().replace(tzinfo=None))


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpinionDialogs", text)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "line"  # line | text | choice
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[Field, ...] = ()
    # run(ledger, opinion_id, when, **values); None for a step with a dialog of its own (see make_dialog)
    run: Callable[..., OpinionRecord] | None = None


STEPS: list[Step] = [
    Step(
        "answer",
        QT_TRANSLATE_NOOP("OpinionDialogs", "当场答复"),
        (Field("answer", QT_TRANSLATE_NOOP("OpinionDialogs", "答复内容"), "text"),),
        lambda led, oid, when, answer: opinions.answer_on_spot(led, oid, answer, when=when),
    ),
    Step(
        "accept",
        QT_TRANSLATE_NOOP("OpinionDialogs", "签收"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, when, note: opinions.accept(led, oid, note=note, when=when),
    ),
    Step(
        "return",
        QT_TRANSLATE_NOOP("OpinionDialogs", "退回改派"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "退回理由"), "text"),),
        lambda led, oid, when, reason: opinions.return_for_reassignment(led, oid, reason, when=when),
    ),
    Step(
        "reply",
        QT_TRANSLATE_NOOP("OpinionDialogs", "办理答复"),
        (Field("reply", QT_TRANSLATE_NOOP("OpinionDialogs", "办理答复"), "text"),),
        lambda led, oid, when, reply: opinions.record_reply(led, oid, reply, when=when),
    ),
    Step(
        "feedback",
        QT_TRANSLATE_NOOP("OpinionDialogs", "反馈"),
        (
            Field("method", QT_TRANSLATE_NOOP("OpinionDialogs", "反馈方式"), "choice", tuple(FeedbackMethod.labels())),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, when, method, note: opinions.feed_back(led, oid, method, note=note, when=when),
    ),
    Step(
        "satisfaction",
        QT_TRANSLATE_NOOP("OpinionDialogs", "满意度"),
        (
            Field("rating", QT_TRANSLATE_NOOP("OpinionDialogs", "满意度"), "choice", tuple(Satisfaction.labels())),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, when, rating, note: opinions.record_satisfaction(led, oid, rating, note=note, when=when),
    ),
    Step("extend", QT_TRANSLATE_NOOP("OpinionDialogs", "延期")),  # its own dialog: ExtendDialog
    Step(
        "pause",
        QT_TRANSLATE_NOOP("OpinionDialogs", "暂停计时"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "暂停理由"), "text"),),
        lambda led, oid, when, reason: opinions.pause(led, oid, reason, when=when),
    ),
    Step(
        "resume",
        QT_TRANSLATE_NOOP("OpinionDialogs", "恢复计时"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, when, note: opinions.resume(led, oid, note=note, when=when),
    ),
    Step(
        "urge",
        QT_TRANSLATE_NOOP("OpinionDialogs", "督办"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "督办意见"), "text"),),
        lambda led, oid, when, note: opinions.urge(led, oid, note, when=when),
    ),
    Step(
        "reopen",
        QT_TRANSLATE_NOOP("OpinionDialogs", "重新办理"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "重新办理原因"), "text"),),
        lambda led, oid, when, reason: opinions.reopen(led, oid, reason, when=when),
    ),
    Step(
        "close",
        QT_TRANSLATE_NOOP("OpinionDialogs", "办结"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, when, note: opinions.close(led, oid, note=note, when=when),
    ),
    Step(
        "withdraw",
        QT_TRANSLATE_NOOP("OpinionDialogs", "撤回"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "撤回原因"), "text"),),
        lambda led, oid, when, reason: opinions.withdraw(led, oid, reason, when=when),
    ),
    Step(
        "duplicate",
        QT_TRANSLATE_NOOP("OpinionDialogs", "重复件"),
        (
            Field("duplicate_of", QT_TRANSLATE_NOOP("OpinionDialogs", "重复于（意见编号）")),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, when, duplicate_of, note: opinions.mark_duplicate(
            led, oid, duplicate_of.strip(), note=note, when=when
        ),
    ),
    Step(
        "note",
        QT_TRANSLATE_NOOP("OpinionDialogs", "补充说明"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), "text"),),
        lambda led, oid, when, note: opinions.add_note(led, oid, note, when=when),
    ),
]


class _StepDialogBase(QDialog):
    def __init__(self, ctx: UiContext, opinion: OpinionRecord, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.opinion = ctx, opinion
        self.result_record: OpinionRecord | None = None
        self.setWindowTitle(title + " — " + (opinion.content[:20] + ("…" if len(opinion.content) > 20 else "")))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 32)
        self.lay = QVBoxLayout(self)
        summary = QLabel(opinion.content)
        summary.setWordWrap(True)
        summary.setStyleSheet("color: #444;")
        self.lay.addWidget(summary)
        self.form = QFormLayout()
        self.lay.addLayout(self.form)
        # When the step happened: default now; earlier allowed down to the registration day; never later
        # than now (the ledger's bounds, ``handling_limits.step_time_bounds``).
        last = max((t.occurred_at for t in opinion.timeline), default=None)
        earliest, latest = step_time_bounds(ctx.ledger, opinion.registered_on, last)
        latest = latest.replace(second=0, microsecond=0)
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setDateTimeRange(_qdt(earliest), _qdt(latest))
        self.when.setDateTime(_qdt(latest))
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "办理时间"), self.when)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.lay.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("OpinionDialogs", "确定")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("OpinionDialogs", "取消")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.lay.addWidget(self.buttons)

    def chosen_when(self) -> datetime:
        return self.when.dateTime().toPython().astimezone()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def run_step(self, fn: Callable[[], OpinionRecord]) -> None:
        self.buttons.setEnabled(False)

        def ok(record: OpinionRecord) -> None:
            self.result_record = record
            self.buttons.setEnabled(True)
            self.accept()

        report = self.ctx.report_to(self.show_message)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            report(exc)

        self.ctx.run_task(fn, ok, failed, changes_ledger=True)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class StepDialog(_StepDialogBase):
    """A generic dialog for one ``Step``: its fields, then the operation."""

    def __init__(self, ctx: UiContext, opinion: OpinionRecord, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(ctx, opinion, QCoreApplication.translate("OpinionDialogs", step.title), parent)
        self.step = step
        self.inputs: dict[str, QWidget] = {}
        for f in step.fields:
            if f.kind == "text":
                w = QPlainTextEdit()
                w.setTabChangesFocus(True)
                w.setFixedHeight(w.fontMetrics().lineSpacing() * 4 + 16)
            elif f.kind == "choice":
                w = QComboBox()
                w.addItems(list(f.choices))
            else:
                w = QLineEdit()
            self.inputs[f.key] = w
            self.form.addRow(_tr(f.label), w)
        self.finish_layout()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.inputs.items():
            if isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentText()
            else:
                out[key] = w.text().strip()
        return out

    def submit(self) -> None:
        values = self.values()
        missing = [_tr(f.label) for f in self.step.fields if f.required and values.get(f.key) in ("", None)]
        if missing:
            self.show_message("、".join(missing) + QCoreApplication.translate("OpinionDialogs", "：必须填写"))
            return
        led, oid, run, when = self.ctx.ledger, self.opinion.id, self.step.run, self.chosen_when()
        self.run_step(lambda: run(led, oid, when, **values))


class TransferDialog(_StepDialogBase):
    """转办: lead unit, assisting units, time limit in working days — and the deadline it gives, shown live."""

    def __init__(self, ctx: UiContext, opinion: OpinionRecord, parent: QWidget | None = None) -> None:
        super().__init__(ctx, opinion, QCoreApplication.translate("OpinionDialogs", "转办"), parent)
        led = ctx.ledger
        units = reference_data.list_units(led, active_only=True)
        categories = {c.id: c for c in reference_data.list_categories(led)}
        self.lead = QComboBox()
        self.lead.addItem(QCoreApplication.translate("OpinionDialogs", "（选择主办单位）"), None)
        self.assist = QListWidget()
        self.assist.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        for u in units:
            self.lead.addItem(u.name, u.id)
            item = QListWidgetItem(u.name)
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.assist.addItem(item)
        self.days = QSpinBox()
        self.days.setRange(*TIME_LIMIT_DAYS)
        category = categories.get(opinion.category_id or "")
        self.days.setValue(category.time_limit_days if category else 15)
        self.days.setSuffix(QCoreApplication.translate("OpinionDialogs", " 个工作日"))
        self.deadline = QLabel()
        self.deadline.setObjectName("transfer_deadline")
        self.deadline.setWordWrap(True)
        font = self.deadline.font()
        font.setBold(True)
        self.deadline.setFont(font)
        self.note = QLineEdit()
        # A deadline typed by hand (e.g. the calendar lacks next year, or the unit agreed another date),
        # with the reason the ledger requires for it.
        self.typed_due = QCheckBox(QCoreApplication.translate("OpinionDialogs", "手工填写截止日期"))
        self.due_date = QDateEdit()
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setCalendarPopup(True)
        self.due_reason = QLineEdit()
        self.due_reason.setPlaceholderText(QCoreApplication.translate("OpinionDialogs", "手工填写的理由（必填）"))
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "主办单位"), self.lead)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "协办单位"), self.assist)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "办理时限"), self.days)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "截止日期"), self.deadline)
        self.form.addRow("", self.typed_due)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "手工截止日期"), self.due_date)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "理由"), self.due_reason)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "转办说明"), self.note)
        self.days.valueChanged.connect(self.update_deadline)
        self.when.dateTimeChanged.connect(self.update_deadline)
        self.typed_due.toggled.connect(self._typed_toggled)
        self._typed_toggled(False)
        self.finish_layout()
        self.update_deadline()

    def _typed_toggled(self, typed: bool) -> None:
        self.due_date.setEnabled(typed)
        self.due_reason.setEnabled(typed)
        self.days.setEnabled(not typed)
        self.due_date.setMinimumDate(self.when.date())
        if typed and self.due_date.date() <= self.when.date():
            self.due_date.setDate(self.when.date().addDays(21))
        self.update_deadline()

    def update_deadline(self) -> None:
        led = self.ctx.ledger
        if self.typed_due.isChecked():
            self.deadline.setText(QCoreApplication.translate("OpinionDialogs", "手工填写，见下"))
            return
        try:
            due, provisional = opinions.preview_deadline(led, self.when.date().toPython(), self.days.value())
        except CalendarYearMissing as exc:
            self.deadline.setText(str(exc))
            return
        self.deadline.setText(f"{due:%Y年%m月%d日}" + _deadline_note(provisional))

    def submit(self) -> None:
        lead = self.lead.currentData()
        if not lead:
            self.show_message(QCoreApplication.translate("OpinionDialogs", "主办单位：必须选择"))
            return
        assist = [
            self.assist.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.assist.count())
            if self.assist.item(i).checkState() == Qt.CheckState.Checked
            and self.assist.item(i).data(Qt.ItemDataRole.UserRole) != lead
        ]
        led, oid, days, note = self.ctx.ledger, self.opinion.id, self.days.value(), self.note.text().strip()
        when = self.chosen_when()
        if self.typed_due.isChecked():
            due, reason = self.due_date.date().toPython(), self.due_reason.text()
            self.run_step(
                lambda: opinions.transfer(led, oid, lead, assist, due_date=due, due_reason=reason, note=note, when=when)
            )
            return
        self.run_step(lambda: opinions.transfer(led, oid, lead, assist, time_limit_days=days, note=note, when=when))


def _deadline_note(provisional: bool) -> str:
    if provisional:
        note = QCoreApplication.translate("OpinionDialogs", "该年份尚无正式节假日安排，公布后可能变动")
        return PROVISIONAL_MARK + note
    return QCoreApplication.translate("OpinionDialogs", "（按工作日计算，已扣除节假日）")


class ExtendDialog(_StepDialogBase):
    """延期: by some working days past the current deadline (the new date shown live, 暂定 marked), or to a
    date typed by hand — the extension's reason is the reason for the typed date too."""

    def __init__(self, ctx: UiContext, opinion: OpinionRecord, parent: QWidget | None = None) -> None:
        super().__init__(ctx, opinion, QCoreApplication.translate("OpinionDialogs", "延期"), parent)
        self.current_due = QLabel(
            opinion.due_text("%Y年%m月%d日") if opinion.due_date else QCoreApplication.translate("OpinionDialogs", "无")
        )
        self.days = QSpinBox()
        self.days.setRange(*EXTENSION_DAYS)
        self.days.setValue(min(10, EXTENSION_DAYS[1]))
        self.days.setSuffix(QCoreApplication.translate("OpinionDialogs", " 个工作日"))
        self.deadline = QLabel()
        self.deadline.setObjectName("extend_deadline")
        self.deadline.setWordWrap(True)
        self.typed_due = QCheckBox(QCoreApplication.translate("OpinionDialogs", "手工填写新截止日期"))
        self.due_date = QDateEdit()
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setCalendarPopup(True)
        base = opinion.due_date or self.when.date().toPython()
        self.due_date.setMinimumDate(base + timedelta(days=1))  # the ledger wants a date after the old one
        self.due_date.setDate(base + timedelta(days=14))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 16)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "原截止日期"), self.current_due)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "延长工作日"), self.days)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "新截止日期"), self.deadline)
        self.form.addRow("", self.typed_due)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "手工截止日期"), self.due_date)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "延期理由"), self.reason)
        self.days.valueChanged.connect(self.update_deadline)
        self.typed_due.toggled.connect(self._typed_toggled)
        self._typed_toggled(False)
        self.finish_layout()

    def _typed_toggled(self, typed: bool) -> None:
        self.due_date.setEnabled(typed)
        self.days.setEnabled(not typed)
        self.update_deadline()

    def update_deadline(self) -> None:
        if self.typed_due.isChecked():
            self.deadline.setText(QCoreApplication.translate("OpinionDialogs", "手工填写，见下"))
            return
        if self.opinion.due_date is None:
            self.deadline.setText("")
            return
        try:
            due, provisional = opinions.preview_deadline(self.ctx.ledger, self.opinion.due_date, self.days.value())
        except CalendarYearMissing as exc:
            self.deadline.setText(str(exc))
            return
        self.deadline.setText(f"{due:%Y年%m月%d日}" + _deadline_note(provisional or self.opinion.due_provisional))

    def submit(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.show_message(QCoreApplication.translate("OpinionDialogs", "延期理由：必须填写"))
            return
        led, oid, when = self.ctx.ledger, self.opinion.id, self.chosen_when()
        if self.typed_due.isChecked():
            new_due = self.due_date.date().toPython()
            self.run_step(lambda: opinions.extend(led, oid, reason, new_due_date=new_due, when=when))
            return
        days = self.days.value()
        self.run_step(lambda: opinions.extend(led, oid, reason, extra_days=days, when=when))


def make_dialog(key: str, ctx: UiContext, opinion: OpinionRecord, parent: QWidget | None = None) -> _StepDialogBase:
    if key == "transfer":
        return TransferDialog(ctx, opinion, parent)
    if key == "extend":
        return ExtendDialog(ctx, opinion, parent)
    step = next(s for s in STEPS if s.key == key)
    return StepDialog(ctx, opinion, step, parent)
