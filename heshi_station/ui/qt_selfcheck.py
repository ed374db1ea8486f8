"""The Qt part of ``--self-test``: Qt starts (platform plugin found), renders Chinese text, and — when the
print preview's QtPdf is installed — opens and draws the self-test's PDF, as the 台账打印 page does."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel


def _dark_pixels(image: QImage) -> int:
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).value() < 128
    )


def _check_pdf(pdf: Path) -> str:
    try:
        qtpdf = importlib.import_module("PySide6.QtPdf")
    except ModuleNotFoundError:
        return "（未安装 QtPdf，跳过 PDF 预览检查）"
    doc = qtpdf.QPdfDocument()
    doc.load(str(pdf))
    if doc.status() != qtpdf.QPdfDocument.Status.Ready or doc.pageCount() < 1:
        raise RuntimeError(f"QtPdf 打不开自检 PDF（状态 {doc.status()}）")
    page = doc.render(0, QSize(300, 212))
    if page.isNull() or _dark_pixels(page) == 0:
        raise RuntimeError("QtPdf 画出的 PDF 页面是空白的")
    return f"，QtPdf 预览 {doc.pageCount()} 页"


def check(pdf: Path | None = None) -> str:
    """Start (or reuse) the QApplication, render Chinese text and (optionally) a PDF; returns a description."""
    app = QApplication.instance() or QApplication(["heshi-station-selftest"])
    label = QLabel("代表联络站台账 自检")
    label.setStyleSheet("background: white; color: black; font-size: 16px")
    label.resize(240, 40)
    if _dark_pixels(label.grab().toImage()) == 0:
        raise RuntimeError("Qt 渲染出的文字是空白的（缺少字体？）")
    pdf_note = _check_pdf(pdf) if pdf is not None and pdf.exists() else ""
    return f"Qt 平台插件 {app.platformName()}{pdf_note}"
