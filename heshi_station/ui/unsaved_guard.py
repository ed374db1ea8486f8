"""Asking 保存 / 放弃 / 取消 before a half-filled form would be left.

A page with a form offers three hooks: ``has_unsaved_changes() -> bool``, ``save()`` (asynchronous; the
page's ``saving`` attribute is True while it runs) and ``discard_changes()``. ``may_leave(page)`` is called
by whatever would leave the form (Ctrl+N, switching page, closing the window, quitting).

Guarantees:
- nothing is asked when the form holds nothing typed;
- 取消 (and Esc, and closing the box) leaves everything as it was;
- 放弃 empties the form and removes its crash draft;
- 保存 saves through the page's own save and waits for it: the form is left only when the ledger accepted
  it; when it did not (a field in red), the clerk stays on the form with the messages shown.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget


class GuardedForm(Protocol):
    saving: bool

    def has_unsaved_changes(self) -> bool: ...
    def save(self) -> None: ...
    def discard_changes(self) -> None: ...


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, what: str) -> UnsavedChoice:
    """The question itself: the three buttons carry their own words, Esc means 取消."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("UnsavedGuard", "尚未保存"))
    box.setText(QCoreApplication.translate("UnsavedGuard", "{what}还没有保存。").replace("{what}", what))
    box.setInformativeText(
        QCoreApplication.translate(
            "UnsavedGuard", "保存：存入台账后继续；放弃：丢掉已填写的内容；取消：回到表单继续填写。"
        )
    )
    save = box.addButton(QCoreApplication.translate("UnsavedGuard", "保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("UnsavedGuard", "放弃"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QCoreApplication.translate("UnsavedGuard", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return UnsavedChoice.SAVE
    if clicked is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def wait_until_saved(page: GuardedForm) -> None:
    """Run the event loop until the page's asynchronous save has finished (either way)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: None if page.saving else loop.quit())
    timer.start()
    if page.saving:
        loop.exec()
    timer.stop()


def may_leave(page: object, parent: QWidget | None = None, what: str | None = None) -> bool:
    """True when the form may be left now (nothing typed, saved, or discarded); False to stay."""
    if not hasattr(page, "has_unsaved_changes") or not page.has_unsaved_changes():
        return True
    if getattr(page, "saving", False):
        wait_until_saved(page)  # a save already under way decides for itself
        return not page.has_unsaved_changes()
    what = what or QCoreApplication.translate("UnsavedGuard", "当前表单")
    choice = ask_unsaved(parent or (page if isinstance(page, QWidget) else None), what)
    if choice is UnsavedChoice.CANCEL:
        return False
    if choice is UnsavedChoice.DISCARD:
        page.discard_changes()
        return True
    page.save()
    wait_until_saved(page)
    return not page.has_unsaved_changes()
