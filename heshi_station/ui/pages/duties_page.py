"""代表履职: deputies' duties beyond the reception desk, one tab per duty (履职活动, 述职测评, 民生实事票决,
培训台账) and the year's 代表履职档案.

Each duty tab lists the year's records (voided ones struck out of the list, shown with “显示已作废”) above its entry
form; Ctrl+S saves the form of the open tab, Ctrl+PgUp / Ctrl+PgDown switch tabs, “更正…” (or F2 in the list, or a
double click) loads the selected record into the form to correct it with a reason, “作废…” voids it with a reason —
both through the ledger's ``correct_*`` / ``void_*`` operations. The archive tab shows every deputy's counts for the
year and saves the archive as a PDF. Reads run in the page, writes and the PDF in workers (``ctx.run_task``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger import duty_activities, project_votes, report_backs, trainings
from heshi_station.ledger.archive import deputy_archives
from heshi_station.ledger.errors import LedgerError
from heshi_station.reports.pdf_duties import SUMMARY_HEADS, rate_text, report_back_pdf, summary_row, vote_result_pdf
from heshi_station.ui.models.record_table_model import RecordTableModel
from heshi_station.ui.pages.duty_forms import ActivityForm, DutyForm, ReportBackForm, TrainingForm, VoteForm
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import record_table, section_title


def _absent(r) -> str:
    return "、".join(f"{a.deputy_name}（{a.status_label}）" for a in r.attendees if a.status != "present")


def _state(r) -> str:
    if r.book.voided_at:
        return f"作废：{r.book.void_reason}"
    return "已更正" if r.book.revision else ""


class DutyTab(QWidget):
    """One duty: the year's list, the entry form, and voiding the selected record."""

    def __init__(self, page: DutiesPage, label: str, columns, lister, voider, form: DutyForm, printer=None) -> None:
        super().__init__()
        self.page, self.lister, self.voider, self.form, self.printer = page, lister, voider, form, printer
        self.label = label
        self.model = RecordTableModel([*columns, (self.tr("状态"), _state)])
        self.view = record_table(self.model)
        self.view.doubleClicked.connect(lambda _index: self.correct_selected())
        f2 = QShortcut(QKeySequence(Qt.Key.Key_F2), self.view, activated=self.correct_selected)
        f2.setContext(Qt.ShortcutContext.WidgetShortcut)  # F2 in the list: correct the selected record
        self.correct_button = QPushButton(self.tr("更正…"))
        self.correct_button.clicked.connect(lambda: self.correct_selected())
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.clicked.connect(lambda: self.void_selected())
        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.pdf_button = QPushButton(self.tr("保存为 PDF…"))
        self.pdf_button.setVisible(printer is not None)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.void_button)
        top_lay.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)
        form.saved.connect(self.saved)

    def refresh(self) -> None:
        year = self.page.year.value()
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
        self.model.set_rows(
            self.lister(self.page.ctx.ledger, start, end, include_voided=self.page.show_voided.isChecked())
        )

    def saved(self, record) -> None:
        corrected = record.book.revision > 0 and record.book.corrected_at is not None
        self.page.message.setText(self.tr("已保存更正。") if corrected else self.tr("已保存。"))
        self.refresh()

    def correct_selected(self) -> None:
        """Load the selected record into the form for 更正 (a voided one is refused)."""
        record = self.selected()
        if record is None:
            self.page.message.setText(self.tr("请先在列表中选择要更正的记录。"))
            return
        if record.book.voided_at is not None:
            self.page.message.setText(self.tr("该记录已作废，不能更正。"))
            return
        if self.form.start_correction(record, f"{self.label}（{record.day:%Y-%m-%d}）"):
            self.page.message.setText(self.tr("已载入所选记录：改好后填写更正理由，按 Ctrl+S 保存更正。"))

    def selected(self):
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def save_pdf(self, path: str | None = None) -> None:
        """The selected record's printed form (述职测评表 / 票决结果) as a PDF file."""
        record = self.selected()
        if record is None or self.printer is None:
            self.page.message.setText(self.tr("请先在列表中选择一条记录。"))
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存为 PDF"), "", self.tr("PDF 文件 (*.pdf)"))
            if not path:
                return
        led, printer = self.page.ctx.ledger, self.printer
        self.page.ctx.run_task(
            lambda: printer(led, record.id, Path(path)),
            lambda _r: self.page.message.setText(self.tr("已保存：") + path),
        )

    def void_selected(self, reason: str | None = None) -> None:
        record = self.selected()
        if record is None:
            self.page.message.setText(self.tr("请先在列表中选择要作废的记录。"))
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("作废"), self.tr("作废理由："))
            if not ok:
                return
        led, voider = self.page.ctx.ledger, self.voider

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LedgerError):
                self.page.message.setText(str(exc))
            else:
                self.page.ctx.show_error(exc)

        def ok_(_result) -> None:
            self.page.message.setText(self.tr("已作废。"))
            self.refresh()

        self.page.ctx.run_task(lambda: voider(led, record.id, reason), ok_, failed, changes_ledger=True)


def _summary_cell(i: int):
    return lambda a: summary_row(a)[i]


class ArchiveTab(QWidget):
    """The year's 代表履职档案 of every deputy, as the station summary prints it, and the PDF."""

    def __init__(self, page: DutiesPage) -> None:
        super().__init__()
        self.page = page
        self.model = RecordTableModel(
            [(self.tr(h), _summary_cell(i)) for i, h in enumerate(SUMMARY_HEADS)]
            + [(self.tr("述职满意率"), lambda a: "、".join(rate_text(r.satisfaction_rate) for r in a.report_backs))]
        )
        self.view = record_table(self.model)
        self.pdf_button = QPushButton(self.tr("保存履职档案 PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.note = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        lay.addLayout(buttons)
        self._generation = 0

    def refresh(self) -> None:
        self._generation += 1
        generation, led, year = self._generation, self.page.ctx.ledger, self.page.year.value()

        def show(arch) -> None:
            if generation != self._generation:
                return
            self.model.set_rows(arch.deputies)
            self.note.setText(
                self.tr("联系选民一栏为“次数/年度要求”；本站要求每位代表每年联系选民不少于 {n} 次。").format(
                    n=arch.contact_target
                )
            )

        self.page.ctx.run_task(lambda: deputy_archives(led, year), show)

    def save_pdf(self, path: str | None = None) -> None:
        year = self.page.year.value()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("保存履职档案"), f"代表履职档案-{year}.pdf", self.tr("PDF 文件 (*.pdf)")
            )
            if not path:
                return
        from heshi_station.reports.pdf_duties import archive_pdf

        led = self.page.ctx.ledger
        self.page.ctx.run_task(
            lambda: archive_pdf(led, year, Path(path)),
            lambda _r: self.page.message.setText(self.tr("已保存：") + path),
        )


class DutiesPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.ledger.today().year)
        self.show_voided = QCheckBox(self.tr("显示已作废"))
        top = QHBoxLayout()
        top.addWidget(section_title(self.tr("代表履职")))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addWidget(self.show_voided)
        self.tabs = QTabWidget()
        self.activities = DutyTab(
            self,
            self.tr("履职活动"),
            [
                (self.tr("日期"), lambda r: f"{r.day:%Y-%m-%d}"),
                (self.tr("类型"), lambda r: r.kind_label),
                (self.tr("参加代表"), lambda r: "、".join(r.deputy_names)),
                (self.tr("内容"), lambda r: r.subject or f"{r.contact_with}（{r.contact_way_label}）"),
                (self.tr("地点"), lambda r: r.place),
            ],
            duty_activities.list_activities, duty_activities.void_activity, ActivityForm(ctx),
        )  # fmt: skip
        self.report_backs = DutyTab(
            self,
            self.tr("述职测评"),
            [
                (self.tr("日期"), lambda r: f"{r.day:%Y-%m-%d}"),
                (self.tr("述职代表"), lambda r: r.deputy_name),
                (self.tr("到会选民"), lambda r: r.voters_present),
                (self.tr("满意/基本满意/不满意"), lambda r: f"{r.satisfied}/{r.basically}/{r.dissatisfied}"),
                (self.tr("满意率"), lambda r: rate_text(r.satisfaction_rate)),
                (self.tr("测评结果"), lambda r: r.result_label),
            ],
            report_backs.list_report_backs, report_backs.void_report_back, ReportBackForm(ctx), report_back_pdf,
        )  # fmt: skip
        self.votes = DutyTab(
            self,
            self.tr("民生实事票决"),
            [
                (self.tr("日期"), lambda r: f"{r.day:%Y-%m-%d}"),
                (self.tr("年度"), lambda r: r.year),
                (self.tr("通过规则"), lambda r: r.rule_label),
                (self.tr("参加票决"), lambda r: f"{len(r.deputy_ids)}/{r.deputies_total}"),
                (self.tr("通过项目"), lambda r: "、".join(p.name for p in r.adopted)),
            ],
            project_votes.list_project_votes, project_votes.void_project_vote, VoteForm(ctx), vote_result_pdf,
        )  # fmt: skip
        self.trainings = DutyTab(
            self,
            self.tr("培训台账"),
            [
                (self.tr("日期"), lambda r: f"{r.day:%Y-%m-%d}"),
                (self.tr("培训主题"), lambda r: r.topic),
                (self.tr("学时"), lambda r: f"{r.hours:g}"),
                (self.tr("出席"), lambda r: "、".join(a.deputy_name for a in r.attendees if a.status == "present")),
                (self.tr("请假/缺席"), lambda r: _absent(r)),
            ],
            trainings.list_trainings, trainings.void_training, TrainingForm(ctx),
        )  # fmt: skip
        self.archive = ArchiveTab(self)
        self.tabs.addTab(self.activities, self.tr("履职活动"))
        self.tabs.addTab(self.report_backs, self.tr("述职测评"))
        self.tabs.addTab(self.votes, self.tr("民生实事票决"))
        self.tabs.addTab(self.trainings, self.tr("培训台账"))
        self.tabs.addTab(self.archive, self.tr("履职档案"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_current)
        self.year.valueChanged.connect(self.refresh)
        self.show_voided.toggled.connect(self.refresh)
        self.refresh()

    def duty_tabs(self) -> list[DutyTab]:
        return [self.activities, self.report_backs, self.votes, self.trainings]

    def save_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, DutyTab):
            tab.form.submit()

    def refresh(self) -> None:
        for tab in self.duty_tabs():
            tab.refresh()
        self.archive.refresh()
