"""代表进站: the month's reception days (rota), planning a day, checking deputies in and out, leave and
absence, and one deputy's record for the year.

Guarantees: 签到 and 签退 carry the time in the time box (default now; earlier allowed; its upper limit comes
from ``attendance.mark_time_limit``, so never a future time); the rules of sign-in → sign-out are the
ledger's (``attendance.check_in``/``check_out``); 签退 keeps the arrival time and the activities entered;
请假/缺席 over a 签到 asks 是/否 before overwriting; every change runs in a worker.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.vocab import AttendanceStatus
from heshi_station.ledger import attendance, reference_data, stats
from heshi_station.ledger.dto import AttendanceRecord, ReceptionDayRecord
from heshi_station.reports import pdf_forms
from heshi_station.ui.form_preview import FormPreviewDialog
from heshi_station.ui.models.record_table_model import RecordTableModel
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import ERROR_STYLE, DeputyPicker, record_table, section_title


class PlanDayDialog(QDialog):
    """计划接待日: date, hours, place, deputies on duty, topic."""

    def __init__(self, ctx: UiContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("安排接待日"))
        self.day = QDateEdit(QDate(day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(11, 30))
        self.place = QLineEdit(self.tr("联络站接待室"))
        self.topic = QLineEdit()
        self.deputies = DeputyPicker()
        self.deputies.set_deputies(reference_data.list_deputies(ctx.ledger, active_only=True))
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("日期"), self.day)
        form.addRow(self.tr("开始时间"), self.start)
        form.addRow(self.tr("结束时间"), self.end)
        form.addRow(self.tr("地点"), self.place)
        form.addRow(self.tr("主题"), self.topic)
        form.addRow(self.tr("值班代表"), self.deputies)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def submit(self) -> None:
        led = self.ctx.ledger
        args = (
            self.day.date().toPython(),
            self.start.time().toPython(),
            self.end.time().toPython(),
            self.place.text(),
            self.deputies.picked_ids(),
        )
        topic = self.topic.text().strip()
        self.ctx.run_task(
            lambda: attendance.plan_reception_day(led, *args, topic=topic),
            lambda _r: self.accept(),
            self.ctx.report_to(self.message.setText),
            changes_ledger=True,
        )


class AttendancePage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.ledger.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.plan_button = QPushButton(self.tr("安排接待日…"))
        top = QHBoxLayout()
        top.addWidget(section_title(self.tr("代表进站履职")))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("年")))
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("月")))
        top.addWidget(self.month)
        top.addWidget(self.plan_button)

        self.days_model = RecordTableModel(
            [
                (self.tr("日期"), lambda d: f"{d.day:%Y-%m-%d}"),
                (self.tr("时间"), lambda d: f"{d.start_time:%H:%M}–{d.end_time:%H:%M}"),
                (self.tr("地点"), lambda d: d.place),
                (self.tr("值班代表"), lambda d: "、".join(d.deputy_names)),
                (self.tr("主题"), lambda d: d.topic),
            ]
        )
        self.days_view = record_table(self.days_model)
        self.duty_model = RecordTableModel(
            [
                (self.tr("代表"), lambda r: r[0]),
                (self.tr("出勤"), lambda r: r[1].status_label if r[1] else self.tr("未登记")),
                (self.tr("到站"), lambda r: f"{r[1].arrived_at:%H:%M}" if r[1] and r[1].arrived_at else ""),
                (self.tr("离站"), lambda r: f"{r[1].left_at:%H:%M}" if r[1] and r[1].left_at else ""),
                (self.tr("接待人数"), lambda r: r[1].people_received if r[1] else ""),
                (self.tr("收集意见"), lambda r: r[1].opinions_collected if r[1] else ""),
                (self.tr("请假事由"), lambda r: r[1].leave_reason if r[1] else ""),
                (self.tr("履职活动"), lambda r: r[1].activities if r[1] else ""),
            ]
        )
        self.duty_view = record_table(self.duty_model)
        self.check_in_button = QPushButton(self.tr("签到"))
        self.check_out_button = QPushButton(self.tr("签退"))
        self.leave_button = QPushButton(self.tr("请假…"))
        self.absent_button = QPushButton(self.tr("缺席"))
        self.mark_time = QTimeEdit()
        self.mark_time.setDisplayFormat("HH:mm")
        self.activities = QLineEdit()
        self.activities.setPlaceholderText(self.tr("履职活动，如：接待选民、走访群众、调研"))
        self.activities_button = QPushButton(self.tr("保存履职活动"))
        duty_buttons = QHBoxLayout()
        duty_buttons.addWidget(QLabel(self.tr("时间")))
        duty_buttons.addWidget(self.mark_time)
        for b in (self.check_in_button, self.check_out_button, self.leave_button, self.absent_button):
            duty_buttons.addWidget(b)
        duty_buttons.addStretch(1)
        activities_row = QHBoxLayout()
        activities_row.addWidget(self.activities, 1)
        activities_row.addWidget(self.activities_button)
        duty_box = QGroupBox(self.tr("选中接待日的值班代表"))
        duty_lay = QVBoxLayout(duty_box)
        duty_lay.addWidget(self.duty_view)
        duty_lay.addLayout(duty_buttons)
        duty_lay.addLayout(activities_row)

        year_box = QGroupBox(self.tr("代表年度履职"))
        self.year_deputy = QComboBox()
        self.year_model = RecordTableModel(
            [
                (self.tr("代表"), lambda y: y.name),
                (self.tr("层级"), lambda y: y.level_label),
                (self.tr("出席"), lambda y: y.attendances),
                (self.tr("请假"), lambda y: y.leaves),
                (self.tr("缺席"), lambda y: y.absences),
                (self.tr("接待批次"), lambda y: y.receptions),
                (self.tr("接待人数"), lambda y: y.people_received),
                (self.tr("收集意见"), lambda y: y.opinions_collected),
            ]
        )
        self.year_view = record_table(self.year_model)
        year_lay = QVBoxLayout(year_box)
        year_lay.addWidget(self.year_deputy)
        year_lay.addWidget(self.year_view)
        self.yearly_form_button = QPushButton(self.tr("打印履职情况统计…"))
        self.yearly_form_button.clicked.connect(lambda: self.open_form("deputy_yearly"))
        year_lay.addWidget(self.yearly_form_button)
        self.notice_button = QPushButton(self.tr("打印接待公告…"))
        self.notice_button.clicked.connect(lambda: self.open_form("reception_notice"))
        self.last_form = None

        self.message = QLabel()
        self.message.setWordWrap(True)
        splitter = QSplitter()
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(QLabel(self.tr("本月接待日")))
        left_lay.addWidget(self.days_view, 1)
        left_lay.addWidget(self.notice_button)
        left_lay.addWidget(duty_box, 1)
        splitter.addWidget(left)
        splitter.addWidget(year_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(splitter, 1)
        lay.addWidget(self.message)

        self.year.valueChanged.connect(self.refresh)
        self.month.valueChanged.connect(self.refresh)
        self.plan_button.clicked.connect(self.plan_day)
        self.days_view.selectionModel().currentRowChanged.connect(lambda *_: self._load_duty())
        self.year_deputy.currentIndexChanged.connect(self._load_year)
        self.check_in_button.clicked.connect(self.check_in)
        self.check_out_button.clicked.connect(self.check_out)
        self.leave_button.clicked.connect(self.mark_leave)
        self.absent_button.clicked.connect(lambda: self._record(AttendanceStatus.ABSENT.value))
        self.activities_button.clicked.connect(self.save_activities)
        self.duty_view.selectionModel().currentRowChanged.connect(lambda *_: self._duty_selected())
        self._year_generation = 0
        self.refresh()

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        led = self.ctx.ledger
        keep = self.selected_day()
        start, end = attendance.month_bounds(self.year.value(), self.month.value())
        days = attendance.list_reception_days(led, start, end)
        self.days_model.set_rows(days)
        row = next((i for i, d in enumerate(days) if keep and d.id == keep.id), None)
        if row is None:
            today = led.today()
            row = next((i for i, d in enumerate(days) if d.day >= today), len(days) - 1)
        if row >= 0:
            self.days_view.selectRow(row)
        self._load_duty()
        current = self.year_deputy.currentData()
        self.year_deputy.blockSignals(True)
        self.year_deputy.clear()
        self.year_deputy.addItem(self.tr("全部代表"), None)
        for d in reference_data.list_deputies(led):
            self.year_deputy.addItem(d.name, d.id)
        self.year_deputy.setCurrentIndex(max(0, self.year_deputy.findData(current)))
        self.year_deputy.blockSignals(False)
        self._load_year()

    def open_form(self, kind: str) -> FormPreviewDialog | None:
        """接待公告 of the selected reception day, or the 履职情况统计 of the year (one deputy or all),
        through the one preview-and-print dialog."""
        led = self.ctx.ledger
        if kind == "reception_notice":
            day = self.selected_day()
            if day is None:
                self.message.setText(self.tr("请先在“本月接待日”中选中一个接待日。"))
                return None
            title, name = self.tr("接待公告"), f"接待公告-{day.day:%Y%m%d}.pdf"

            def render(path):
                return pdf_forms.reception_notice_pdf(led, day.id, path)
        else:
            year, deputy_id = self.year.value(), self.year_deputy.currentData()
            title, name = self.tr("履职情况统计"), f"履职情况统计-{year}.pdf"

            def render(path):
                return pdf_forms.deputy_yearly_pdf(led, year, path, deputy_id=deputy_id)

        self.last_form = FormPreviewDialog(self.ctx, title, render, name, self)
        self.last_form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_form.show()
        return self.last_form

    def selected_day(self) -> ReceptionDayRecord | None:
        index = self.days_view.currentIndex() if hasattr(self, "days_view") else None
        return self.days_model.record_at(index.row()) if index is not None and index.isValid() else None

    def _load_duty(self) -> None:
        day = self.selected_day()
        if day is None:
            self.duty_model.set_rows([])
            return
        records = {a.deputy_id: a for a in attendance.list_attendance(self.ctx.ledger, day.day, _next(day.day))}
        rows = [(name, records.get(did), did) for did, name in zip(day.deputy_ids, day.deputy_names, strict=True)]
        rows += [(a.deputy_name, a, a.deputy_id) for a in records.values() if a.deputy_id not in day.deputy_ids]
        keep = self.duty_view.currentIndex().row()
        self.duty_model.set_rows(rows)
        if rows:
            self.duty_view.selectRow(min(max(keep, 0), len(rows) - 1))
        self._reset_time()
        self._duty_selected()

    def _reset_time(self) -> None:
        """Default now, capped by the ledger's limit for the selected day (never a future time)."""
        day = self.selected_day()
        limit = attendance.mark_time_limit(self.ctx.ledger, day.day) if day else None
        self.mark_time.setEnabled(limit is not None)
        if limit is not None:
            self.mark_time.setMaximumTime(QTime(limit.hour, limit.minute))
            now = self._now_time()
            chosen = min(now, limit)
            self.mark_time.setTime(QTime(chosen.hour, chosen.minute))

    def _duty_selected(self) -> None:
        duty = self.selected_duty()
        self.activities.setText(duty[1].activities if duty and duty[1] else "")

    def _load_year(self) -> None:
        # A year's counts over every deputy scan the whole year's receptions: read them in a worker.
        self._year_generation += 1
        generation, led = self._year_generation, self.ctx.ledger
        year, deputy_id = self.year.value(), self.year_deputy.currentData()
        self.ctx.run_task(
            lambda: stats.deputy_yearly(led, year, deputy_id),
            lambda rows: generation == self._year_generation and self.year_model.set_rows(rows),
        )

    def selected_duty(self) -> tuple[str, AttendanceRecord | None, str] | None:
        index = self.duty_view.currentIndex()
        return self.duty_model.record_at(index.row()) if index.isValid() else None

    # -- writing --------------------------------------------------------------------------------
    def plan_day(self) -> PlanDayDialog:
        day = self.selected_day()
        dialog = PlanDayDialog(self.ctx, day.day if day else self.ctx.ledger.today(), self)
        dialog.open()
        return dialog

    def _record(self, status: str, *, reason: str = "", replace_present: bool = False) -> None:
        day, duty = self.selected_day(), self.selected_duty()
        if day is None or duty is None:
            self.message.setText(self.tr("请先选择接待日和代表。"))
            return
        led, deputy_id = self.ctx.ledger, duty[2]

        def work() -> AttendanceRecord:
            return attendance.record_attendance(
                led, deputy_id, day.day, status, leave_reason=reason, reception_day_id=day.id,
                replace_present=replace_present,
            )  # fmt: skip

        def failed(exc: BaseException) -> None:
            if isinstance(exc, attendance.AttendanceWouldOverwrite):
                if self.ask(str(exc)):
                    self._record(status, reason=reason, replace_present=True)
                else:
                    self.message.setText(self.tr("未修改。"))
                return
            self._failed(exc)

        self.ctx.run_task(work, self._recorded, failed, changes_ledger=True)

    def _run(self, work) -> None:
        self.ctx.run_task(work, self._recorded, self._failed, changes_ledger=True)

    def _recorded(self, record: AttendanceRecord) -> None:
        times = " ".join(
            f"{label}{t:%H:%M}"
            for label, t in ((self.tr("到站"), record.arrived_at), (self.tr("离站"), record.left_at))
            if t
        )
        self.message.setText(self.tr("已记录：") + f"{record.deputy_name} {record.status_label} {times}".rstrip())

    def _failed(self, exc: BaseException) -> None:
        self.ctx.report_to(self.message.setText)(exc)

    def ask(self, question: str) -> bool:
        """是/否 before overwriting a mark (the default is 否: nothing changes)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认修改"), question, parent=self)
        yes = box.addButton(self.tr("是"), QMessageBox.ButtonRole.YesRole)
        no = box.addButton(self.tr("否"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def _now_time(self) -> time:
        return self.ctx.ledger.now().time().replace(second=0, microsecond=0)

    def _selection(self):
        day, duty = self.selected_day(), self.selected_duty()
        if day is None or duty is None:
            self.message.setText(self.tr("请先选择接待日和代表。"))
            return None
        return day, duty[2]

    def check_in(self) -> None:
        chosen = self._selection()
        if chosen is None:
            return
        (day, deputy_id), led, at = chosen, self.ctx.ledger, self.mark_time.time().toPython()
        self._run(lambda: attendance.check_in(led, deputy_id, day.day, at, reception_day_id=day.id))

    def check_out(self) -> None:
        chosen = self._selection()
        if chosen is None:
            return
        (day, deputy_id), led, at = chosen, self.ctx.ledger, self.mark_time.time().toPython()
        duty = self.selected_duty()
        typed = self.activities.text().strip()
        stored = duty[1].activities if duty and duty[1] else ""
        activities = typed if typed != stored else None  # None: the ledger keeps what was entered
        self._run(lambda: attendance.check_out(led, deputy_id, day.day, at, activities=activities))

    def save_activities(self) -> None:
        chosen = self._selection()
        if chosen is None:
            return
        (day, deputy_id), led, text = chosen, self.ctx.ledger, self.activities.text()
        self._run(lambda: attendance.record_activities(led, deputy_id, day.day, text))

    def mark_leave(self) -> None:
        reason, ok = QInputDialog.getText(self, self.tr("请假"), self.tr("请假事由："))
        if ok:
            self._record(AttendanceStatus.LEAVE.value, reason=reason)


def _next(day: date) -> date:
    return day + timedelta(days=1)
