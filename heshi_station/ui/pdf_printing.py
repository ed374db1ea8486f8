"""Printing a finished PDF through Qt's print system (QPrinter): the system dialog's printer, or a PDF file.

Each PDF page is rendered by QtPdf at the printer's resolution (capped at 300 dpi) and painted onto the
printer page, keeping its aspect ratio; the printer's orientation follows the PDF page. The work can run
off the GUI thread: it creates its own QPdfDocument there and paints only on the QPrinter (QPainter on a
QPrinter/QImage is allowed outside the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter


class PrintFailed(RuntimeError):
    """The PDF could not be opened or the printer refused to start."""


def print_pdf(pdf_path: Path | str, printer: QPrinter, progress: Callable[[int, int], None] | None = None) -> int:
    """Print every page of ``pdf_path`` on ``printer``; returns the number of pages sent."""
    doc = QPdfDocument()
    status = doc.load(str(pdf_path))
    if status != QPdfDocument.Error.None_:
        raise PrintFailed(f"无法打开要打印的 PDF：{pdf_path}（{status.name}）")
    try:
        pages = doc.pageCount()
        if pages == 0:
            raise PrintFailed("PDF 没有页面，无法打印")
        first = doc.pagePointSize(0)
        landscape = first.width() > first.height()
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("打印机无法开始打印（请检查打印机是否可用）")
        try:
            dpi = min(printer.resolution(), 300)
            for n in range(pages):
                if n:
                    printer.newPage()
                size_pt = doc.pagePointSize(n)
                image = doc.render(n, QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72)))
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), _keep_aspect())
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
                if progress:
                    progress(n + 1, pages)
        finally:
            painter.end()
        return pages
    finally:
        doc.close()


def _keep_aspect():
    from PySide6.QtCore import Qt

    return Qt.AspectRatioMode.KeepAspectRatio


def pdf_file_printer(out: Path | str) -> QPrinter:
    """A QPrinter that writes a PDF file (used for "print to file" and in tests on any machine)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer
