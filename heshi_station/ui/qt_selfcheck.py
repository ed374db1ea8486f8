"""The Qt part of ``--self-test``: Qt starts (platform plugin found) and renders Chinese text offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel


def check() -> str:
    """Start (or reuse) the QApplication, render a label with Chinese text; returns a short description."""
    app = QApplication.instance() or QApplication(["heshi-station-selftest"])
    label = QLabel("代表联络站台账 自检")
    label.setStyleSheet("background: white; color: black; font-size: 16px")
    label.resize(240, 40)
    image = label.grab().toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).value() < 128
    )
    if dark == 0:
        raise RuntimeError("Qt 渲染出的文字是空白的（缺少字体？）")
    return f"Qt 平台插件 {app.platformName()}"
