"""The one preview-and-print path for single-item forms: 转办单, 督办单, 接待公告, 履职情况统计.

``FormPreviewDialog(ctx, title, render, file_name)`` runs ``render(path)`` (a ``reports.pdf_forms``
function writing the PDF) on a worker, shows the pages (with ``choices``, one form of several, picked in a
list above the pages: e.g. the 转办单 of each opinion of a reception), and offers 打印… (the system print dialog, then
``pdf_printing.print_pdf`` on a worker) and 另存为 PDF… (a file dialog in the last folder used).

Guarantees: the dialog opens at once and never blocks the window while the PDF is made or printed; a
failure (e.g. 督办单 for an opinion that is not overdue) is said in the dialog in Chinese and nothing is
printed; the temporary PDF is removed when the dialog closes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from heshi_station.ui import file_dialogs
from heshi_station.ui.pdf_printing import print_pdf
from heshi_station.ui.ui_context import UiContext

# (what the list shows, the file name offered when saving, writes the PDF to the given path)
FormChoice = tuple[str, str, Callable[[Path], object]]


class FormPreviewDialog(QDialog):
    ready = Signal()  # the preview is shown, or the failure is said
    printed = Signal(int)  # pages sent

    def __init__(
        self,
        ctx: UiContext,
        title: str,
        render: Callable[[Path], object],
        file_name: str,
        parent: QWidget | None = None,
        *,
        choices: list[FormChoice] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.file_name = ctx, file_name
        self.choices = choices or [("", file_name, render)]
        self.choice = QComboBox()
        for label, _, _ in self.choices:
            self.choice.addItem(label)
        self.choice.setVisible(len(self.choices) > 1)
        self.setWindowTitle(title)
        self._folder = Path(tempfile.mkdtemp(prefix="heshi-form-"))
        self.pdf_path: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("正在生成…"))
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        for b in (self.print_button, self.save_button):
            b.setEnabled(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.choice)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("汉")
        self.resize(em * 46, em * 40)
        self.finished.connect(self._clean_up)
        self.choice.currentIndexChanged.connect(self._render)
        self._render(0)

    def _render(self, index: int) -> None:
        _label, self.file_name, render = self.choices[index]
        target = self._folder / f"form-{index}.pdf"
        self.pdf_path = None
        self.status.setText(self.tr("正在生成…"))
        for w in (self.print_button, self.save_button, self.choice):
            w.setEnabled(False)

        def work() -> Path:
            render(target)
            return target

        self.ctx.run_task(work, self._loaded, self._failed)

    def _loaded(self, path: Path) -> None:
        self.pdf_path = path
        self.document.close()
        self.document.load(str(path))
        self.choice.setEnabled(True)
        self.status.setText(self.tr("共 {n} 页。").replace("{n}", str(self.document.pageCount())))
        for b in (self.print_button, self.save_button):
            b.setEnabled(True)
        self.ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.choice.setEnabled(True)
        self.ctx.report_to(self.status.setText)(exc)
        self.ready.emit()

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        if self.pdf_path is None:
            return
        path, self._printer = self.pdf_path, printer  # the printer lives until the job is done
        self.status.setText(self.tr("正在打印…"))

        def done(pages: int) -> None:
            self.status.setText(self.tr("已发送到打印机：{n} 页。").replace("{n}", str(pages)))
            self.printed.emit(pages)

        self.ctx.run_task(lambda: print_pdf(path, printer), done, self.ctx.report_to(self.status.setText))

    def save_with_dialog(self) -> None:
        target = file_dialogs.save_file(self, self.tr("另存为 PDF"), self.file_name, self.tr("PDF 文件 (*.pdf)"))
        if target is not None:
            self.save_to(target)

    def save_to(self, target: Path) -> None:
        if self.pdf_path is not None:
            shutil.copyfile(self.pdf_path, target)
            self.status.setText(self.tr("已保存：") + str(target))

    def _clean_up(self) -> None:
        self.document.close()
        shutil.rmtree(self._folder, ignore_errors=True)
