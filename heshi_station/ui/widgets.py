"""Small widgets every page uses: inline field-error labels, a deputy picker that understands pinyin
initials, a section title. No ledger writes here."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger.dto import DeputyRecord
from heshi_station.ledger.errors import FieldError

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    """A red label for one field's message; hidden while empty."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def record_table(model) -> QTableView:
    """A read-only list of records: whole rows selected one at a time, columns sized to their contents."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class FieldErrors:
    """Maps the ledger's field names (``visitors[0].phone``) to the labels next to those fields.

    ``show`` puts each message next to its field; messages for fields without a label go to the
    ``fallback`` label so nothing the ledger says is ever dropped.
    """

    def __init__(self, fallback: QLabel) -> None:
        self.labels: dict[str, QLabel] = {}
        self.fallback = fallback

    def bind(self, field: str, label: QLabel) -> None:
        self.labels[field] = label

    def unbind_prefix(self, prefix: str) -> None:
        for key in [k for k in self.labels if k.startswith(prefix)]:
            del self.labels[key]

    def clear(self) -> None:
        for label in [*self.labels.values(), self.fallback]:
            label.clear()
            label.hide()

    def set_message(self, field: str, message: str | None) -> None:
        label = self.labels.get(field, self.fallback)
        label.setText(message or "")
        label.setVisible(bool(message))

    def show(self, errors: Iterable[FieldError]) -> list[str]:
        """Show every error; returns the field names shown (first one first)."""
        self.clear()
        shown, rest = [], []
        for e in errors:
            label = self.labels.get(e.field)
            if label is None:
                rest.append(str(e))
                continue
            text = (label.text() + "；" if label.text() else "") + str(e)
            label.setText(text)
            label.show()
            shown.append(e.field)
        if rest:
            self.fallback.setText("；".join(rest))
            self.fallback.show()
        return shown


class _FilterEdit(QLineEdit):
    """Down arrow moves into the list; Enter picks the first match (handled by the picker)."""

    move_down = Signal()
    pick = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Consumed here: Enter picks a deputy and must not also press a dialog's default button.
            self.pick.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DeputyPicker(QWidget):
    """Pick deputies: type a name or its pinyin initials (``zs`` finds 张三), Enter ticks the first match.

    The list below shows every active deputy with a check box; Space toggles the current one. The
    picked ids keep their order of picking.
    """

    changed = Signal()
    add_requested = Signal()  # the clerk asked to go and add deputies (shown while the roster is empty)

    def __init__(self, parent: QWidget | None = None, *, offer_add: bool = False) -> None:
        super().__init__(parent)
        # While the roster is empty: where deputies are added, and (``offer_add``, when the page connects
        # ``add_requested`` to the window's navigation) a button that goes there.
        self.offer_add = offer_add
        self.empty_hint = QLabel(self.tr("还没有代表：请先到“代表名册”页添加。"))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("deputy_picker_empty")
        self.add_button = QPushButton(self.tr("去添加代表(&D)"))
        self.add_button.clicked.connect(self.add_requested)
        self.filter_edit = _FilterEdit()
        self.filter_edit.setPlaceholderText(self.tr("输入姓名或拼音首字母，回车选中"))
        self.list = QListWidget()
        self.list.setMaximumHeight(130)
        self.picked_label = QLabel()
        self.picked_label.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.filter_edit)
        lay.addWidget(self.list)
        lay.addWidget(self.picked_label)
        self._picked: list[str] = []
        self._deputies: list[DeputyRecord] = []
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.pick.connect(self.pick_first_match)
        self.filter_edit.move_down.connect(self._focus_list)
        self.list.itemChanged.connect(self._item_changed)
        self.setFocusProxy(self.filter_edit)

    def set_deputies(self, deputies: list[DeputyRecord]) -> None:
        self._deputies = [d for d in deputies if d.active]
        self._picked = [p for p in self._picked if any(d.id == p for d in self._deputies)]
        self.list.blockSignals(True)
        self.list.clear()
        for d in self._deputies:
            item = QListWidgetItem(f"{d.name}（{d.level_label}）")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if d.id in self._picked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._apply_filter(self.filter_edit.text())
        self._update_label()
        empty = not self._deputies
        self.empty_hint.setVisible(empty)
        self.add_button.setVisible(empty and self.offer_add)
        self.list.setVisible(not empty)  # an empty list is one more Tab stop with nothing in it

    @staticmethod
    def matches(d: DeputyRecord, text: str) -> bool:
        text = text.strip().lower()
        return not text or text in d.name or d.name_initials.lower().startswith(text)

    def _apply_filter(self, text: str) -> None:
        for i, d in enumerate(self._deputies):
            self.list.item(i).setHidden(not self.matches(d, text))

    def visible_ids(self) -> list[str]:
        return [d.id for i, d in enumerate(self._deputies) if not self.list.item(i).isHidden()]

    def pick_first_match(self) -> None:
        if not self.filter_edit.text().strip():
            return
        ids = self.visible_ids()
        if ids:
            self.set_checked(ids[0], True)
            self.filter_edit.clear()

    def set_checked(self, deputy_id: str, checked: bool) -> None:
        for i, d in enumerate(self._deputies):
            if d.id == deputy_id:
                self.list.item(i).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _focus_list(self) -> None:
        for i in range(self.list.count()):
            if not self.list.item(i).isHidden():
                self.list.setCurrentRow(i)
                break
        self.list.setFocus()

    def _item_changed(self, item: QListWidgetItem) -> None:
        did = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and did not in self._picked:
            self._picked.append(did)
        elif item.checkState() != Qt.CheckState.Checked and did in self._picked:
            self._picked.remove(did)
        self._update_label()
        self.changed.emit()

    def _update_label(self) -> None:
        names = [d.name for p in self._picked for d in self._deputies if d.id == p]
        self.picked_label.setText(self.tr("已选：") + ("、".join(names) if names else self.tr("（无）")))

    def picked_ids(self) -> list[str]:
        return list(self._picked)

    def clear_picks(self) -> None:
        for did in list(self._picked):
            self.set_checked(did, False)
        self.filter_edit.clear()
