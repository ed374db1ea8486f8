"""台账打印: pick a ledger and a month, preview the actual PDF pages, print, save as PDF, export or import Excel.

Guarantees:
- every slow step (building the PDF, printing, exporting, reading and importing a workbook) runs through
  ``ctx.run_task`` off the GUI thread, with a progress bar; the window never freezes;
- the preview shows the very PDF that is printed and saved (QtPdf renders the bytes reportlab wrote);
- an import writes nothing until the clerk chooses in the preview dialog; it emits ``ledger_changed``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heshi_station.reports.excel_export import export_report_xlsx
from heshi_station.reports.excel_import import ImportPreview, ImportResult, preview_import
from heshi_station.reports.excel_import_writing import apply_import
from heshi_station.reports.ledger_tables import LedgerKind, LedgerReport, build_report
from heshi_station.reports.masking import default_masking
from heshi_station.reports.pdf_base import ensure_font
from heshi_station.reports.pdf_ledgers import render_report_pdf
from heshi_station.ui import file_dialogs
from heshi_station.ui.import_preview_dialog import ImportPreviewDialog
from heshi_station.ui.pdf_printing import print_pdf
from heshi_station.ui.ui_context import UiContext


class _ProgressRelay(QObject):
    """Created on the GUI thread; a worker emits, the GUI thread receives (queued connection)."""

    progressed = Signal(int, int)


class LedgerPrintPage(QWidget):
    """The 台账打印 page. Public slots are plain methods so tests (and menus) can drive them."""

    preview_ready = Signal()  # the preview shows a freshly built PDF
    task_finished = Signal(str)  # a message for the status line after print/save/export/import

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._tmp = tempfile.TemporaryDirectory(prefix="heshi-print-")
        self._pdf_path: Path | None = None
        self._report: LedgerReport | None = None
        self._busy = False
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)

        self.kind_box = QComboBox()
        for kind in LedgerKind:
            self.kind_box.addItem(kind.label, kind.value)
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("yyyy年MM月")
        today = ctx.ledger.today()
        self.month_edit.setDate(QDate(today.year, today.month, 1))
        self.month_edit.setMaximumDate(QDate(today.year, today.month, 1))
        self.mask_box = QCheckBox("隐去个人信息（张*、199****1234）")
        self.mask_box.setChecked(True)
        self.preview_button = QPushButton("生成预览")
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为 PDF…")
        self.export_button = QPushButton("导出 Excel…")
        self.import_button = QPushButton("导入 Excel 台账…")
        for b, tip in (
            (self.print_button, "用系统打印对话框选择打印机"),
            (self.save_button, "保存与预览完全相同的 PDF 文件"),
            (self.export_button, "把所选月份的台账导出为 .xlsx"),
            (self.import_button, "导入以前用 Excel 记的接待或意见台账（先预览，再决定是否导入）"),
        ):
            b.setToolTip(tip)

        top = QHBoxLayout()
        top.addWidget(QLabel("台账："))
        top.addWidget(self.kind_box)
        top.addWidget(QLabel("月份："))
        top.addWidget(self.month_edit)
        top.addWidget(self.mask_box)
        top.addWidget(self.preview_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        for b in (self.print_button, self.save_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.import_button)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("选择台账和月份后点“生成预览”。")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.preview_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_pdf_with_dialog)
        self.export_button.clicked.connect(self.export_with_dialog)
        self.import_button.clicked.connect(self.import_with_dialog)
        self.kind_box.currentIndexChanged.connect(self._selection_changed)
        self.month_edit.dateChanged.connect(self._selection_changed)
        self.mask_box.toggled.connect(self._selection_changed)
        self._update_buttons()
        ctx.run_task(lambda: default_masking(ctx.ledger), self.mask_box.setChecked, lambda exc: None)
        # Parse the bundled font now, while the clerk picks a month, so the first preview is as quick as later ones.
        ctx.run_task(ensure_font, None, lambda exc: None)

    # ------------------------------------------------------------------------------------ selection
    def selected_kind(self) -> LedgerKind:
        return LedgerKind(self.kind_box.currentData())

    def selected_month(self) -> tuple[int, int]:
        d = self.month_edit.date()
        return d.year(), d.month()

    def set_selection(self, kind: LedgerKind | str, year: int, month: int, mask: bool | None = None) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(LedgerKind(kind).value))
        self.month_edit.setDate(QDate(year, month, 1))
        if mask is not None:
            self.mask_box.setChecked(mask)

    def _selection_changed(self) -> None:
        # A preview of another month must never be printed by mistake: drop it until regenerated.
        self._pdf_path, self._report = None, None
        self.document.close()
        self.status.setText("选择已改变，请点“生成预览”。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_pdf = self._pdf_path is not None and not self._busy
        for b in (self.print_button, self.save_button):
            b.setEnabled(has_pdf)
        for b in (self.preview_button, self.export_button, self.import_button):
            b.setEnabled(not self._busy)

    # ------------------------------------------------------------------------------------ task helper
    def _start(self, text: str, fn: Callable, on_success: Callable, *, changes_ledger: bool = False) -> None:
        self._busy = True
        self._update_buttons()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(text)

        def done(result) -> None:
            self._finish()
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._finish()
            self.status.setText("操作未完成。")
            self.ctx.show_error(exc)
            self.task_finished.emit("失败")

        self.ctx.run_task(fn, done, failed, changes_ledger=changes_ledger)

    def _finish(self) -> None:
        self._busy = False
        self.progress.setVisible(False)
        self._update_buttons()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _emit_progress(self, done: int, total: int) -> None:
        self._relay.progressed.emit(done, total)

    # ------------------------------------------------------------------------------------ preview
    def generate(self) -> None:
        kind, (year, month), mask = self.selected_kind(), self.selected_month(), self.mask_box.isChecked()
        ledger = self.ctx.ledger
        out = Path(self._tmp.name) / f"{kind.value}-{year}-{month:02d}-{'m' if mask else 'u'}.pdf"

        def work() -> tuple[LedgerReport, Path]:
            report = build_report(ledger, kind, year, month, mask=mask, progress=self._emit_progress)
            render_report_pdf(report, out, progress=self._emit_progress)
            return report, out

        self._start(f"正在生成{kind.label}（{year}年{month}月）…", work, self._show_preview)

    def _show_preview(self, result: tuple[LedgerReport, Path]) -> None:
        report, path = result
        self.document.close()
        self.document.load(str(path))
        self._report, self._pdf_path = report, path
        rows = len(report.main.rows) if len(report.sections) == 1 else sum(len(s.rows) for s in report.sections)
        self.status.setText(f"{report.title}（{report.period_label}）：{rows} 行，共 {self.document.pageCount()} 页。")
        self._update_buttons()
        self.preview_ready.emit()

    @property
    def pdf_path(self) -> Path | None:
        return self._pdf_path

    # ------------------------------------------------------------------------------------ print / save
    def print_with_dialog(self) -> None:
        if self._pdf_path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印台账")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the previewed PDF to ``printer`` (a real queue, or a PDF file printer) in the background."""
        if self._pdf_path is None:
            return
        path = self._pdf_path
        self._printer = printer  # kept alive until the job is done

        def finished(pages: int) -> None:
            self.status.setText(f"已发送到打印机：{pages} 页。")
            self.task_finished.emit("printed")

        self._start("正在打印…", lambda: print_pdf(path, printer, self._emit_progress), finished)

    def save_pdf_with_dialog(self) -> None:
        if self._pdf_path is None or self._report is None:
            return
        name = f"{self._report.station_name}{self._report.period_label}{self._report.title}.pdf"
        target = file_dialogs.save_file(self, self.tr("另存为 PDF"), name, self.tr("PDF 文件 (*.pdf)"))
        if target:
            self.save_pdf(target)

    def save_pdf(self, target: Path) -> None:
        if self._pdf_path is None:
            return
        data = self._pdf_path.read_bytes()

        def work() -> Path:
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)
            return target

        self._start("正在保存 PDF…", work, lambda p: self._done_message(f"已保存：{p}"))

    # ------------------------------------------------------------------------------------ Excel
    def export_with_dialog(self) -> None:
        kind, (year, month) = self.selected_kind(), self.selected_month()
        name = f"{kind.label}{year}年{month}月.xlsx"
        target = file_dialogs.save_file(self, self.tr("导出 Excel"), name, self.tr("Excel 工作簿 (*.xlsx)"))
        if target:
            self.export_xlsx(target)

    def export_xlsx(self, target: Path) -> None:
        kind, (year, month), mask = self.selected_kind(), self.selected_month(), self.mask_box.isChecked()
        ledger = self.ctx.ledger

        def work() -> Path:
            report = build_report(ledger, kind, year, month, mask=mask, progress=self._emit_progress)
            return export_report_xlsx(report, target, progress=self._emit_progress)

        self._start("正在导出 Excel…", work, lambda p: self._done_message(f"已导出：{p}"))

    def import_with_dialog(self) -> None:
        source = file_dialogs.open_file(self, self.tr("导入 Excel 台账"), self.tr("Excel 工作簿 (*.xlsx)"))
        if source:
            self.import_file(source)

    def import_file(self, source: Path, choose: Callable[[ImportPreview], bool] | None = None) -> None:
        """Read ``source`` in the background, show the preview, and import the good rows only if chosen.

        ``choose`` replaces the dialog (tests); it returns True for "import the good rows".
        """
        ledger = self.ctx.ledger

        def work() -> ImportPreview:
            return preview_import(ledger, source, progress=self._emit_progress)

        def decide(preview: ImportPreview) -> None:
            if choose is not None:
                accepted = choose(preview)
            else:
                accepted = ImportPreviewDialog(preview, self).exec() == QDialog.DialogCode.Accepted
            if not accepted or not preview.rows:
                self._done_message(f"未导入任何数据（{len(preview.problems)} 行有问题）。")
                return
            self._start(
                f"正在导入 {len(preview.rows)} 行…",
                lambda: apply_import(ledger, preview, progress=self._emit_progress),
                self._imported,
                changes_ledger=True,
            )

        self._start("正在读取 Excel…", work, decide)

    def _imported(self, result: ImportResult) -> None:
        text = f"已导入 {result.added} 行；已存在跳过 {result.skipped_existing} 行。"
        if result.failed:
            text += "\n未导入：\n" + "\n".join(str(p) for p in result.failed)
            QMessageBox.warning(self, "导入完成（部分未导入）", text)
        self._done_message(text.splitlines()[0])
        if self._report is not None:
            self._selection_changed()

    def _done_message(self, text: str) -> None:
        self.status.setText(text)
        self.task_finished.emit(text)

    def closeEvent(self, event) -> None:
        self.document.close()
        self._tmp.cleanup()
        super().closeEvent(event)
