"""The entry forms of the 代表履职 page: 履职活动, 述职测评, 民生实事票决 and 培训. Made for the keyboard like the
reception form: Tab walks each form in reading order, Ctrl+S saves (set on the page), every mistake the
ledger reports is shown in red next to its field (or under the form) and nothing is saved until all are fixed.

Guarantee: a form never writes itself; ``submit`` hands a plain input to the ledger operation in a worker
(``ctx.run_task``) and emits ``saved`` with the stored record once it is committed.

更正: ``start_correction(record)`` fills the form with a saved record and asks for a reason; saving then
goes through the ledger's ``correct_*`` operation (one transaction, audited, outbox) instead of a new record;
``cancel_correction`` (or a successful save) returns the form to new entries. Values the form has no field
for (notes) are carried over from the record unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.vocab import AttendanceStatus, ContactWay, DutyKind, Route, VoteRule
from heshi_station.ledger import duty_activities, project_votes, reference_data, report_backs, trainings
from heshi_station.ledger.dto import OpinionInput
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import DeputyPicker, FieldErrors, error_label


def _date_edit(day) -> QDateEdit:
    edit = QDateEdit(QDate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _choices(enum) -> QComboBox:
    box = QComboBox()
    for member in enum:
        box.addItem(member.label, member.value)
    return box


def _count_box(maximum: int = 100_000) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    return box


class DutyForm(QWidget):
    """What the four forms share: a form layout with a red label per field, a save button, ``saved``."""

    saved = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.correcting = None  # the saved record being corrected; None while entering new records
        self.form = QFormLayout()
        self.message = error_label()
        self.errors = FieldErrors(self.message)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("取消更正"))
        self.cancel_button.clicked.connect(self.cancel_correction)
        # Shown only while correcting: what is corrected, and the reason the ledger requires.
        self.correction_box = QWidget()
        box_form = QFormLayout(self.correction_box)
        box_form.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setStyleSheet("font-weight: bold; color: #8a4b00;")
        box_form.addRow(self.banner)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填，例如：参加代表登记有误"))
        reason_box = QWidget()
        reason_lay = QVBoxLayout(reason_box)
        reason_lay.setContentsMargins(0, 0, 0, 0)
        reason_lay.addWidget(self.reason)
        reason_err = error_label()
        reason_lay.addWidget(reason_err)
        self.errors.bind("reason", reason_err)
        box_form.addRow(self.tr("更正理由"), reason_box)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.correction_box)
        lay.addLayout(self.form)
        lay.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        lay.addLayout(buttons)
        self._show_mode()

    def _show_mode(self) -> None:
        on = self.correcting is not None
        self.correction_box.setVisible(on)
        self.cancel_button.setVisible(on)
        self.save_button.setText(self.tr("保存更正 (Ctrl+S)") if on else self.tr("保存 (Ctrl+S)"))

    def start_correction(self, record, what: str) -> bool:
        """Fill the form with ``record`` (described as ``what`` in the banner) for correcting it; False (and
        the reason under the form) when the form cannot show all of it: a deputy no longer on the active
        register would be silently dropped."""
        self.errors.clear()
        ids = {*getattr(record, "deputy_ids", ()), *[a.deputy_id for a in getattr(record, "attendees", ())]}
        if getattr(record, "deputy_id", ""):
            ids.add(record.deputy_id)
        active = {d.id for d in self.deputies()}
        if missing := sorted(ids - active):
            text = self.tr("记录中有已停用或新加入名册的代表（编号 {ids}），请重新打开本页或在命令行更正。")
            self.errors.set_message("", text.format(ids="、".join(missing)))
            return False
        self.reset()
        self.load(record)
        self.correcting = record
        self.banner.setText(self.tr("正在更正：") + what)
        self.reason.clear()
        self._show_mode()
        self.reason.setFocus()
        return True

    def cancel_correction(self) -> None:
        self.correcting = None
        self.errors.clear()
        self.reason.clear()
        self.reset()
        self._show_mode()

    def load(self, record) -> None:  # pragma: no cover - each form defines it
        raise NotImplementedError

    def corrector(self):  # pragma: no cover - each form defines it
        raise NotImplementedError

    def _set_deputies(self, picker: DeputyPicker, ids) -> None:
        picker.clear_picks()
        for d in ids:
            picker.set_checked(d, True)

    def row(self, field: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        box_lay = QVBoxLayout(box)
        box_lay.setContentsMargins(0, 0, 0, 0)
        box_lay.addWidget(widget)
        err = error_label()
        box_lay.addWidget(err)
        self.errors.bind(field, err)
        self.form.addRow(label, box)
        return widget

    def deputies(self) -> list:
        return reference_data.list_deputies(self.ctx.ledger, active_only=True)

    def build_input(self):  # pragma: no cover - each form defines it
        raise NotImplementedError

    def operation(self):  # pragma: no cover
        raise NotImplementedError

    def reset(self) -> None:
        """Clear the form for the next record (after a save)."""

    def submit(self) -> None:
        self.errors.clear()
        try:
            data = self.build_input()
        except ValidationFailed as exc:
            self.errors.show(exc.errors)
            return
        led = self.ctx.ledger
        if self.correcting is not None:
            record_id, correct, reason = self.correcting.id, self.corrector(), self.reason.text()
            op = lambda led_, data_: correct(led_, record_id, data_, reason)  # noqa: E731
        else:
            op = self.operation()

        def ok(record) -> None:
            self.correcting = None
            self.reason.clear()
            self.reset()
            self._show_mode()
            self.saved.emit(record)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationFailed):
                self.errors.show(exc.errors)
            elif isinstance(exc, LedgerError):  # nothing changed, already voided, no longer there
                self.errors.set_message("", str(exc))
            else:
                self.ctx.show_error(exc)

        self.ctx.run_task(lambda: op(led, data), ok, failed, changes_ledger=True)


class ActivityForm(DutyForm):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        today = ctx.ledger.today()
        self.kind = self.row("kind", self.tr("活动类型"), _choices(DutyKind))
        self.day = self.row("day", self.tr("日期"), _date_edit(today))
        self.picker = self.row("deputy_ids", self.tr("参加代表"), DeputyPicker())
        self.picker.set_deputies(self.deputies())
        self.place = self.row("place", self.tr("地点"), QLineEdit())
        self.subject = self.row("subject", self.tr("活动内容"), QLineEdit())
        self.contact_with = self.row("contact_with", self.tr("联系对象"), QLineEdit())
        self.contact_way = self.row("contact_way", self.tr("联系方式"), _choices(ContactWay))
        self.raised = self.row("raised", self.tr("反映的问题"), QPlainTextEdit())
        self.raised.setTabChangesFocus(True)
        self.raised.setMaximumHeight(70)
        self.as_opinion = QCheckBox(self.tr("把反映的问题登记为意见（站内协调办理）"))
        self.form.addRow("", self.as_opinion)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        contact = self.kind.currentData() == DutyKind.CONTACT
        for w in (self.contact_with, self.contact_way, self.raised, self.as_opinion):
            w.setEnabled(contact)

    def build_input(self) -> ActivityInput:
        contact = self.kind.currentData() == DutyKind.CONTACT
        return ActivityInput(
            kind=self.kind.currentData(), day=self.day.date().toPython(), deputy_ids=self.picker.picked_ids(),
            place=self.place.text(), subject=self.subject.text(),
            contact_with=self.contact_with.text() if contact else "",
            contact_way=self.contact_way.currentData() if contact else "",
            raised=self.raised.toPlainText() if contact else "",
        )  # fmt: skip

    def load(self, r) -> None:
        self.kind.setCurrentIndex(self.kind.findData(r.kind))
        self.day.setDate(QDate(r.day))
        self._set_deputies(self.picker, r.deputy_ids)
        self.place.setText(r.place)
        self.subject.setText(r.subject)
        self.contact_with.setText(r.contact_with)
        if r.contact_way:
            self.contact_way.setCurrentIndex(self.contact_way.findData(r.contact_way))
        self.raised.setPlainText(r.raised)
        self.as_opinion.setChecked(False)
        self.as_opinion.setEnabled(False)  # opinions are registered with the first save only

    def corrector(self):
        notes = self.correcting.notes
        return lambda led, rid, data, reason: duty_activities.correct_activity(
            led, rid, ActivityInput(**{**data.__dict__, "notes": notes}), reason
        )

    def operation(self):
        raised = self.raised.toPlainText().strip()
        if self.kind.currentData() == DutyKind.CONTACT and self.as_opinion.isChecked() and raised:
            # Saved together with the activity: what was raised becomes an opinion like any other.
            opinions = [OpinionInput(content=raised, route=Route.STATION.value)]
            return lambda led, data: duty_activities.record_contact_with_opinions(led, data, opinions)
        return duty_activities.record_activity

    def reset(self) -> None:
        self._kind_changed()
        self.as_opinion.setChecked(False)
        for w in (self.place, self.subject, self.contact_with):
            w.clear()
        self.raised.clear()
        self.picker.clear_picks()


class ReportBackForm(DutyForm):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.deputy = self.row("deputy_id", self.tr("述职代表"), QComboBox())
        for d in self.deputies():
            self.deputy.addItem(d.name, d.id)
        self.day = self.row("day", self.tr("述职日期"), _date_edit(ctx.ledger.today()))
        self.place = self.row("place", self.tr("述职地点"), QLineEdit())
        self.voters = self.row("voters_present", self.tr("到会选民人数"), _count_box())
        self.summary = self.row("summary", self.tr("述职报告摘要"), QPlainTextEdit())
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(70)
        self.satisfied = self.row("satisfied", self.tr("满意票"), _count_box())
        self.basically = self.row("basically", self.tr("基本满意票"), _count_box())
        self.dissatisfied = self.row("dissatisfied", self.tr("不满意票"), _count_box())
        self.invalid = self.row("invalid", self.tr("无效票"), _count_box())

    def build_input(self) -> ReportBackInput:
        return ReportBackInput(
            deputy_id=self.deputy.currentData() or "", day=self.day.date().toPython(), place=self.place.text(),
            voters_present=self.voters.value(), summary=self.summary.toPlainText(), satisfied=self.satisfied.value(),
            basically=self.basically.value(), dissatisfied=self.dissatisfied.value(), invalid=self.invalid.value(),
        )  # fmt: skip

    def load(self, r) -> None:
        self.deputy.setCurrentIndex(self.deputy.findData(r.deputy_id))
        self.day.setDate(QDate(r.day))
        self.place.setText(r.place)
        self.voters.setValue(r.voters_present)
        self.summary.setPlainText(r.summary)
        for box, value in ((self.satisfied, r.satisfied), (self.basically, r.basically),
                           (self.dissatisfied, r.dissatisfied), (self.invalid, r.invalid)):  # fmt: skip
            box.setValue(value)

    def corrector(self):
        return report_backs.correct_report_back

    def operation(self):
        return report_backs.record_report_back

    def reset(self) -> None:
        self.summary.clear()
        for box in (self.voters, self.satisfied, self.basically, self.dissatisfied, self.invalid):
            box.setValue(0)


PROJECT_COLUMNS = ("项目名称", "实施单位", "预算(元)", "赞成", "反对", "弃权")


class VoteForm(DutyForm):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        today = ctx.ledger.today()
        self.year = self.row("year", self.tr("票决年度"), QSpinBox())
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.day = self.row("day", self.tr("票决日期"), _date_edit(today))
        self.rule = self.row("rule", self.tr("通过规则"), _choices(VoteRule))
        self.total = self.row("deputies_total", self.tr("全体代表人数"), _count_box(10_000))
        self.picker = self.row("deputy_ids", self.tr("参加票决代表"), DeputyPicker())
        self.picker.set_deputies(self.deputies())
        self.projects = self.row("projects", self.tr("候选项目"), QTableWidget(0, len(PROJECT_COLUMNS)))
        self.projects.setHorizontalHeaderLabels([self.tr(c) for c in PROJECT_COLUMNS])
        self.projects.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.projects.setMinimumHeight(110)
        self.add_project_button = QPushButton(self.tr("添加项目(&P)"))
        self.add_project_button.clicked.connect(self.add_project)
        self.form.addRow("", self.add_project_button)
        self.add_project()

    def add_project(self, values: tuple = ()) -> None:
        row = self.projects.rowCount()
        self.projects.insertRow(row)
        for col in range(len(PROJECT_COLUMNS)):
            text = str(values[col]) if col < len(values) else ("0" if col >= 2 else "")
            self.projects.setItem(row, col, QTableWidgetItem(text))

    def _cell(self, row: int, col: int) -> str:
        item = self.projects.item(row, col)
        return item.text().strip() if item else ""

    def build_input(self) -> ProjectVoteInput:
        projects = [
            ProjectInput(*(self._cell(r, c) for c in range(len(PROJECT_COLUMNS))))
            for r in range(self.projects.rowCount())
            if any(self._cell(r, c) not in ("", "0") for c in range(len(PROJECT_COLUMNS)))
        ]
        return ProjectVoteInput(
            year=self.year.value(), day=self.day.date().toPython(), rule=self.rule.currentData(),
            deputies_total=self.total.value(), deputy_ids=self.picker.picked_ids(), projects=projects,
        )  # fmt: skip

    def load(self, r) -> None:
        self.year.setValue(r.year)
        self.day.setDate(QDate(r.day))
        self.rule.setCurrentIndex(self.rule.findData(r.rule))
        self.total.setValue(r.deputies_total)
        self._set_deputies(self.picker, r.deputy_ids)
        self.projects.setRowCount(0)
        for p in r.projects:
            self.add_project((p.name, p.sponsor, p.budget_yuan, p.votes_for, p.votes_against, p.abstain))

    def corrector(self):
        place, notes = self.correcting.place, self.correcting.notes
        return lambda led, rid, data, reason: project_votes.correct_project_vote(
            led, rid, ProjectVoteInput(**{**data.__dict__, "place": place, "notes": notes}), reason
        )

    def operation(self):
        return project_votes.record_project_vote

    def reset(self) -> None:
        self.projects.setRowCount(0)
        self.add_project()
        self.picker.clear_picks()


class TrainingForm(DutyForm):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.topic = self.row("topic", self.tr("培训主题"), QLineEdit())
        self.organiser = self.row("organiser", self.tr("主办单位"), QLineEdit())
        self.day = self.row("day", self.tr("培训日期"), _date_edit(ctx.ledger.today()))
        self.hours = self.row("hours", self.tr("学时"), QLineEdit())
        self.hours.setPlaceholderText(self.tr("例如 2 或 1.5"))
        self.place = self.row("place", self.tr("培训地点"), QLineEdit())
        self.attendees = self.row("attendees", self.tr("参训代表"), QTableWidget(0, 3))
        self.attendees.setHorizontalHeaderLabels([self.tr("代表"), self.tr("出勤"), self.tr("请假事由")])
        self.attendees.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attendees.setMinimumHeight(110)
        self._ids: list[str] = []
        for d in self.deputies():
            r = self.attendees.rowCount()
            self.attendees.insertRow(r)
            name = QTableWidgetItem(d.name)
            self.attendees.setItem(r, 0, name)
            box = QComboBox()
            box.addItem(self.tr("未参加"), "")
            for status in AttendanceStatus:
                box.addItem(status.label, status.value)
            self.attendees.setCellWidget(r, 1, box)
            self.attendees.setItem(r, 2, QTableWidgetItem(""))
            self._ids.append(d.id)
        self.form.addRow(QLabel(self.tr("出勤选“未参加”的代表不记入本次培训。")))

    def set_status(self, deputy_id: str, status: str, reason: str = "") -> None:
        r = self._ids.index(deputy_id)
        box = self.attendees.cellWidget(r, 1)
        box.setCurrentIndex(box.findData(status))
        self.attendees.item(r, 2).setText(reason)

    def build_input(self) -> TrainingInput:
        attendees = []
        for r, deputy_id in enumerate(self._ids):
            status = self.attendees.cellWidget(r, 1).currentData()
            if status:
                attendees.append(AttendeeInput(deputy_id, status, self.attendees.item(r, 2).text()))
        return TrainingInput(
            topic=self.topic.text(), day=self.day.date().toPython(), hours=self.hours.text() or "0",
            attendees=attendees, organiser=self.organiser.text(), place=self.place.text(),
        )  # fmt: skip

    def load(self, r) -> None:
        self.topic.setText(r.topic)
        self.organiser.setText(r.organiser)
        self.day.setDate(QDate(r.day))
        self.hours.setText(f"{r.hours:g}")
        self.place.setText(r.place)
        for a in r.attendees:
            if a.deputy_id in self._ids:
                self.set_status(a.deputy_id, a.status, a.leave_reason)

    def corrector(self):
        notes = self.correcting.notes
        return lambda led, rid, data, reason: trainings.correct_training(
            led, rid, TrainingInput(**{**data.__dict__, "notes": notes}), reason
        )

    def operation(self):
        return trainings.record_training

    def reset(self) -> None:
        self.topic.clear()
        self.hours.clear()
        for r in range(len(self._ids)):
            self.attendees.cellWidget(r, 1).setCurrentIndex(0)
            self.attendees.item(r, 2).setText("")
