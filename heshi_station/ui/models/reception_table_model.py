"""The 接待记录 list as a Qt model that loads pages as the view scrolls (``canFetchMore``/``fetchMore``).

Guarantees: only the pages scrolled to are read (``PAGE_SIZE`` rows each, via
``reception_queries.list_reception_page``); ``rowCount`` never exceeds ``total`` (the true number of matches,
``reception_queries.count_receptions``); ``set_filter`` starts again from the first page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from heshi_station.ledger import reception_queries
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import ReceptionRecord

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReceptionTableModel", text)


def status_text(r: ReceptionRecord) -> str:
    if r.voided:
        return _tr("已作废")
    if r.revision:
        return _tr("已更正")
    return ""


def _visitors(r: ReceptionRecord) -> str:
    if r.anonymous:
        return _tr("匿名")
    names = [v.name for v in r.visitors if v.name]
    more = len(r.visitors) - 1
    return names[0] + (_tr("等{n}人").format(n=r.people) if more > 0 else "") if names else ""


def _columns() -> list[tuple[str, Any]]:
    return [
        (_tr("接待时间"), lambda r: f"{r.received_at.astimezone():%Y-%m-%d %H:%M}"),
        (_tr("来访人"), _visitors),
        (_tr("反映问题"), lambda r: r.matter.replace("\n", " ")),
        (_tr("意见"), lambda r: str(len(r.opinion_ids)) if r.opinion_ids else _tr("无")),
        (_tr("接待方式"), lambda r: r.way_label),
        (_tr("状态"), status_text),
    ]


class ReceptionTableModel(QAbstractTableModel):
    def __init__(self, ledger: Ledger, parent=None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.filter = reception_queries.ReceptionFilter()
        self.columns = _columns()
        self.rows: list[ReceptionRecord] = []
        self.total = 0

    def set_filter(self, f: reception_queries.ReceptionFilter) -> None:
        self.filter = f
        self.reload(keep=0)

    def reload(self, keep: int | None = None) -> None:
        """Re-read from the ledger, keeping as many rows loaded as before (at least one page)."""
        keep = max(PAGE_SIZE, len(self.rows) if keep is None else keep)
        self.beginResetModel()
        self.total = reception_queries.count_receptions(self.ledger, self.filter)
        self.rows = reception_queries.list_reception_page(self.ledger, self.filter, limit=keep) if self.total else []
        self.endResetModel()

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid():
            return
        page = reception_queries.list_reception_page(self.ledger, self.filter, offset=len(self.rows), limit=PAGE_SIZE)
        page = page[: max(0, self.total - len(self.rows))]
        if not page:
            self.total = len(self.rows)  # the ledger changed under us: stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def record_at(self, row: int) -> ReceptionRecord | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, reception_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == reception_id), -1)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.columns[index.column()][1](r)
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 2 and len(text) > 60:
                return text[:60] + "…"
            return text
        if role == Qt.ItemDataRole.ForegroundRole and r.voided:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.FontRole and r.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None
