"""One small dialog per handling step of an opinion (转办, 办理答复, 反馈, 满意度, 延期, …).

Guarantees: the step is written only through the ledger operation named in ``STEPS`` (one transaction),
in a worker; a refused step (InvalidStep, ValidationFailed) keeps the dialog open with the ledger's
Chinese message in it, so the clerk can correct and retry; on success the dialog closes and
``ledger_changed`` fires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import ERROR_STYLE


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpinionDialogs", text)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "line"  # line | text | choice | days
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[Field, ...]
    run: Callable[..., OpinionRecord]  # run(ledger, opinion_id, **values)


STEPS: list[Step] = [
    Step(
        "answer",
        QT_TRANSLATE_NOOP("OpinionDialogs", "当场答复"),
        (Field("answer", QT_TRANSLATE_NOOP("OpinionDialogs", "答复内容"), "text"),),
        lambda led, oid, answer: opinions.answer_on_spot(led, oid, answer),
    ),
    Step(
        "accept",
        QT_TRANSLATE_NOOP("OpinionDialogs", "签收"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, note: opinions.accept(led, oid, note=note),
    ),
    Step(
        "return",
        QT_TRANSLATE_NOOP("OpinionDialogs", "退回改派"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "退回理由"), "text"),),
        lambda led, oid, reason: opinions.return_for_reassignment(led, oid, reason),
    ),
    Step(
        "reply",
        QT_TRANSLATE_NOOP("OpinionDialogs", "办理答复"),
        (Field("reply", QT_TRANSLATE_NOOP("OpinionDialogs", "办理答复"), "text"),),
        lambda led, oid, reply: opinions.record_reply(led, oid, reply),
    ),
    Step(
        "feedback",
        QT_TRANSLATE_NOOP("OpinionDialogs", "反馈"),
        (
            Field("method", QT_TRANSLATE_NOOP("OpinionDialogs", "反馈方式"), "choice", tuple(FeedbackMethod.labels())),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, method, note: opinions.feed_back(led, oid, method, note=note),
    ),
    Step(
        "satisfaction",
        QT_TRANSLATE_NOOP("OpinionDialogs", "满意度"),
        (
            Field("rating", QT_TRANSLATE_NOOP("OpinionDialogs", "满意度"), "choice", tuple(Satisfaction.labels())),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, rating, note: opinions.record_satisfaction(led, oid, rating, note=note),
    ),
    Step(
        "extend",
        QT_TRANSLATE_NOOP("OpinionDialogs", "延期"),
        (
            Field("extra_days", QT_TRANSLATE_NOOP("OpinionDialogs", "延长工作日"), "days"),
            Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "延期理由"), "text"),
        ),
        lambda led, oid, extra_days, reason: opinions.extend(led, oid, reason, extra_days=extra_days),
    ),
    Step(
        "pause",
        QT_TRANSLATE_NOOP("OpinionDialogs", "暂停计时"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "暂停理由"), "text"),),
        lambda led, oid, reason: opinions.pause(led, oid, reason),
    ),
    Step(
        "resume",
        QT_TRANSLATE_NOOP("OpinionDialogs", "恢复计时"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, note: opinions.resume(led, oid, note=note),
    ),
    Step(
        "urge",
        QT_TRANSLATE_NOOP("OpinionDialogs", "督办"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "督办意见"), "text"),),
        lambda led, oid, note: opinions.urge(led, oid, note),
    ),
    Step(
        "reopen",
        QT_TRANSLATE_NOOP("OpinionDialogs", "重新办理"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "重新办理原因"), "text"),),
        lambda led, oid, reason: opinions.reopen(led, oid, reason),
    ),
    Step(
        "close",
        QT_TRANSLATE_NOOP("OpinionDialogs", "办结"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),),
        lambda led, oid, note: opinions.close(led, oid, note=note),
    ),
    Step(
        "withdraw",
        QT_TRANSLATE_NOOP("OpinionDialogs", "撤回"),
        (Field("reason", QT_TRANSLATE_NOOP("OpinionDialogs", "撤回原因"), "text"),),
        lambda led, oid, reason: opinions.withdraw(led, oid, reason),
    ),
    Step(
        "duplicate",
        QT_TRANSLATE_NOOP("OpinionDialogs", "重复件"),
        (
            Field("duplicate_of", QT_TRANSLATE_NOOP("OpinionDialogs", "重复于（意见编号）")),
            Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), required=False),
        ),
        lambda led, oid, duplicate_of, note: opinions.mark_duplicate(led, oid, duplicate_of.strip(), note=note),
    ),
    Step(
        "note",
        QT_TRANSLATE_NOOP("OpinionDialogs", "补充说明"),
        (Field("note", QT_TRANSLATE_NOOP("OpinionDialogs", "说明"), "text"),),
        lambda led, oid, note: opinions.add_note(led, oid, note),
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
            elif f.kind == "days":
                w = QSpinBox()
                w.setRange(1, 60)
                w.setValue(10)
                w.setSuffix(QCoreApplication.translate("OpinionDialogs", " 个工作日"))
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
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
            else:
                out[key] = w.text().strip()
        return out

    def submit(self) -> None:
        values = self.values()
        missing = [_tr(f.label) for f in self.step.fields if f.required and values.get(f.key) in ("", None)]
        if missing:
            self.show_message("、".join(missing) + QCoreApplication.translate("OpinionDialogs", "：必须填写"))
            return
        led, oid, run = self.ctx.ledger, self.opinion.id, self.step.run
        self.run_step(lambda: run(led, oid, **values))


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
        self.days.setRange(1, 120)
        category = categories.get(opinion.category_id or "")
        self.days.setValue(category.time_limit_days if category else 15)
        self.days.setSuffix(QCoreApplication.translate("OpinionDialogs", " 个工作日"))
        self.deadline = QLabel()
        self.deadline.setObjectName("transfer_deadline")
        font = self.deadline.font()
        font.setBold(True)
        self.deadline.setFont(font)
        self.note = QLineEdit()
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "主办单位"), self.lead)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "协办单位"), self.assist)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "办理时限"), self.days)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "截止日期"), self.deadline)
        self.form.addRow(QCoreApplication.translate("OpinionDialogs", "转办说明"), self.note)
        self.days.valueChanged.connect(self.update_deadline)
        self.finish_layout()
        self.update_deadline()

    def update_deadline(self) -> None:
        led = self.ctx.ledger
        try:
            due = opinions.preview_due_date(led, led.today(), self.days.value())
        except CalendarYearMissing as exc:
            self.deadline.setText(str(exc))
            return
        self.deadline.setText(
            f"{due:%Y年%m月%d日}" + QCoreApplication.translate("OpinionDialogs", "（按工作日计算，已扣除节假日）")
        )

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
        self.run_step(lambda: opinions.transfer(led, oid, lead, assist, time_limit_days=days, note=note))


def make_dialog(key: str, ctx: UiContext, opinion: OpinionRecord, parent: QWidget | None = None) -> _StepDialogBase:
    if key == "transfer":
        return TransferDialog(ctx, opinion, parent)
    step = next(s for s in STEPS if s.key == key)
    return StepDialog(ctx, opinion, step, parent)
