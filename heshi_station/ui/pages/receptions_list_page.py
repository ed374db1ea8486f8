"""接待记录: every reception (also those without opinions, also voided ones), found by what the clerk types
(matter, names, phones, villages, pinyin initials) and by month; open one to see it whole; 更正 or 作废 it
with a reason; print its forms (the 转办单 of each transferred opinion).

Reads go through ``ledger.reception_queries`` (rows load as the clerk scrolls); every change goes through
the ledger's correction and voiding operations (``reception_fix_dialogs``)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger import opinions, reception_queries
from heshi_station.ledger.dto import ReceptionRecord
from heshi_station.reports.pdf_forms import transfer_slip_pdf
from heshi_station.ui.form_preview import FormPreviewDialog
from heshi_station.ui.models.reception_table_model import ReceptionTableModel, status_text
from heshi_station.ui.pages.reception_fix_dialogs import CorrectReceptionDialog, VoidReceptionDialog
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import section_title

SEARCH_DELAY_MS = 250  # typing pauses this long before the list is filtered


class ReceptionListPage(QWidget):
    navigate_requested = Signal(str, object)
    dialog_opened = Signal(object)  # the 更正/作废/print dialog, before it runs (tests drive it)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：反映问题、姓名、电话、村（社区）、拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.month = QComboBox()
        self.count = QLabel()
        self.model = ReceptionTableModel(ctx.ledger, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the matter takes what is left
        self.detail = QTextBrowser()
        self.correct_button = QPushButton(self.tr("更正…"))
        self.void_button = QPushButton(self.tr("作废…"))
        self.print_button = QPushButton(self.tr("打印转办单…"))
        self.correct_button.clicked.connect(self.correct_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.print_button.clicked.connect(self.print_selected)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(self.tr("月份")))
        filters.addWidget(self.month, 1)
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        for b in (self.correct_button, self.void_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.detail, 1)
        right_lay.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(section_title(self.tr("接待记录")))
        lay.addLayout(filters)
        lay.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.month.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.model.modelReset.connect(self._show_selected)
        self.refresh()

    # ---------------------------------------------------------------------------------- loading
    def _fill_months(self) -> None:
        chosen = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        self.month.addItem(self.tr("全部"), None)
        for y, m in reception_queries.reception_months(self.ctx.ledger):
            self.month.addItem(f"{y}-{m:02d}", f"{y}-{m:02d}")  # text data: a tuple would come back as a list
        index = self.month.findData(chosen) if chosen else 0
        self.month.setCurrentIndex(max(0, index))
        self.month.blockSignals(False)

    def current_filter(self) -> reception_queries.ReceptionFilter:
        chosen = self.month.currentData()
        month = (int(chosen[:4]), int(chosen[5:])) if chosen else None
        return reception_queries.ReceptionFilter(month=month, text=self.search.text())

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()

    def refresh(self) -> None:
        """Re-read after the ledger changed, keeping the selection on the same reception."""
        selected = self.selected()
        self._fill_months()
        self.model.filter = self.current_filter()
        self.model.reload()
        self._update_count()
        if selected is not None:
            self.select(selected.id)

    def _update_count(self) -> None:
        self.count.setText(self.tr("共 {n} 条").format(n=self.model.total))

    def select(self, reception_id: str) -> bool:
        row = self.model.row_of(reception_id)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected(self) -> ReceptionRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.record_at(rows[0].row()) if rows else None

    # ---------------------------------------------------------------------------------- the detail
    def _show_selected(self) -> None:
        r = self.selected()
        self.correct_button.setEnabled(r is not None and not r.voided)
        self.void_button.setEnabled(r is not None and not r.voided)
        self.print_button.setEnabled(r is not None and bool(self._slips(r)))
        self.detail.setHtml(self._detail_html(r) if r else "")

    def _opinions_of(self, r: ReceptionRecord):
        return [opinions.get_opinion(self.ctx.ledger, oid) for oid in r.opinion_ids]

    def _slips(self, r: ReceptionRecord):
        return [o for o in self._opinions_of(r) if o.lead_unit_id and o.state != "voided"]

    def _detail_html(self, r: ReceptionRecord) -> str:
        rows = [
            (self.tr("接待时间"), f"{r.received_at.astimezone():%Y-%m-%d %H:%M}"),
            (self.tr("接待方式"), r.way_label),
            (self.tr("接待地点"), r.place),
            (self.tr("接待代表"), "、".join(r.deputy_names)),
            (self.tr("来访人"), self.tr("匿名") if r.anonymous else "；".join(
                " ".join(x for x in (v.name, v.phone, v.village) if x) for v in r.visitors)),
            (self.tr("反映问题"), r.matter),
            (self.tr("办理情况"), r.outcome),
            (self.tr("类别"), r.category_name),
            (self.tr("经办人"), r.clerk_name),
        ]  # fmt: skip
        state = status_text(r)
        if r.voided:
            state += f"（{r.voided_at.astimezone():%Y-%m-%d %H:%M}，{self.tr('理由')}：{r.void_reason}）"
        elif r.revision:
            state += self.tr("（{n} 次）").format(n=r.revision)
        if state:
            rows.append((self.tr("状态"), state))
        html = "<table cellspacing='4'>" + "".join(
            f"<tr><td valign='top'><b>{escape(k)}</b></td><td>{escape(v or '')}</td></tr>" for k, v in rows
        )
        html += "</table>"
        ops = self._opinions_of(r)
        html += f"<p><b>{escape(self.tr('意见'))}（{len(ops)}）</b></p>"
        if not ops:
            html += f"<p>{escape(self.tr('这次接待没有登记意见。'))}</p>"
        for o in ops:
            unit = f"，{o.lead_unit_name}" if o.lead_unit_name else ""
            html += f"<p>· {escape(o.content)}<br/><i>{escape(o.state_label + unit)}</i></p>"
        return html

    # ---------------------------------------------------------------------------------- actions
    def _run(self, dialog: QDialog) -> None:
        self.dialog_opened.emit(dialog)
        if dialog.exec() == QDialog.DialogCode.Accepted and not isinstance(dialog, FormPreviewDialog):
            # The main window refreshes the visible page on ledger_changed too; this page also works alone.
            self.refresh()

    def correct_selected(self) -> None:
        r = self.selected()
        if r is not None and not r.voided:
            self._run(CorrectReceptionDialog(self.ctx, r, self))

    def void_selected(self) -> None:
        r = self.selected()
        if r is not None and not r.voided:
            self._run(VoidReceptionDialog(self.ctx, r, self))

    def print_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        led = self.ctx.ledger
        choices = [
            (self.tr("转办单：{text}").format(text=o.content[:20]), f"转办单-{i + 1}.pdf",
             lambda out, oid=o.id: transfer_slip_pdf(led, oid, out))
            for i, o in enumerate(self._slips(r))
        ]  # fmt: skip
        if choices:
            _label, file_name, render = choices[0]
            self._run(FormPreviewDialog(self.ctx, self.tr("打印转办单"), render, file_name, self, choices=choices))
