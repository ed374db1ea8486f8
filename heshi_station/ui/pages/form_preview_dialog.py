"""Preview of one printed form (a PDF from ``reports.pdf_forms``) with 打印… and 另存为 PDF…, through the same
path as the ledger printing page: the PDF is rendered with QtPdf and printed by ``ui.pdf_printing``.

The form is generated in the background into a temporary folder that lives as long as the dialog."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ui.pdf_printing import print_pdf
from heshi_station.ui.ui_context import UiContext, friendly_message

# (what the combo shows, file name stem, writes the PDF to the given path)
FormChoice = tuple[str, str, Callable[[Path], object]]


class FormPreviewDialog(QDialog):
    def __init__(self, ctx: UiContext, title: str, choices: list[FormChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = choices
        self.setWindowTitle(title)
        self.resize(760, 820)
        self._tmp = tempfile.TemporaryDirectory(prefix="heshi-form-")
        self.pdf_path: Path | None = None
        self.choice = QComboBox()
        for label, _, _ in choices:
            self.choice.addItem(label)
        self.choice.setVisible(len(choices) > 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        close = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.choice)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.choice.currentIndexChanged.connect(self.generate)
        self.generate()

    def generate(self) -> None:
        _label, stem, write = self.choices[self.choice.currentIndex()]
        out = Path(self._tmp.name) / f"{stem}.pdf"
        self._set_busy(True, self.tr("正在生成…"))

        def work() -> Path:
            write(out)
            return out

        self.ctx.run_task(work, self._show, self._failed)

    def _show(self, path: Path) -> None:
        self.document.close()
        self.document.load(str(path))
        self.pdf_path = path
        self._set_busy(False, self.tr("共 {n} 页。").format(n=self.document.pageCount()))

    def _failed(self, exc: BaseException) -> None:
        self.pdf_path = None
        self._set_busy(False, friendly_message(exc))
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.status.setText(text)
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.choice.setEnabled(not busy)

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the previewed PDF to ``printer`` (a real queue, or a PDF file printer) in the background."""
        if self.pdf_path is None:
            return
        path, self._printer = self.pdf_path, printer  # the printer is kept alive until the job is done
        self._set_busy(True, self.tr("正在打印…"))
        self.ctx.run_task(
            lambda: print_pdf(path, printer),
            lambda pages: self._set_busy(False, self.tr("已发送到打印机：{n} 页。").format(n=pages)),
            self._failed,
        )

    def save_with_dialog(self) -> None:
        if self.pdf_path is None:
            return
        label = self.choices[self.choice.currentIndex()][0]
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存为 PDF"), f"{label}.pdf", "PDF (*.pdf)")
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> None:
        data = self.pdf_path.read_bytes() if self.pdf_path else b""

        def work() -> Path:
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)
            return target

        self.ctx.run_task(work, lambda p: self.status.setText(self.tr("已保存：{p}").format(p=p)), self._failed)

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)
