"""The opinion list as a Qt model with incremental loading (``canFetchMore``/``fetchMore``).

Guarantees:
- only the pages the view has scrolled to are loaded (``PAGE_SIZE`` rows each, only the columns shown, via
  ``opinion_list.list_opinion_rows``), so a 200,000-record ledger opens as fast as a small one;
- each page continues after the last row loaded, so scrolling never shows a row twice even when opinions
  are registered meanwhile;
- ``rowCount`` never exceeds ``total`` (from ``queries.count_opinions``) and rows keep the ledger's order
  (newest first);
- ``set_filter`` drops the cache and starts again from the first page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from heshi_station.ledger import queries
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionListRow, OpinionRecord
from heshi_station.ledger.opinion_list import list_opinion_rows
from heshi_station.ui.theme import deadline_brushes

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (flat tables have no parents)
CONTENT_COLUMN = 1  # elided first when the list is narrow
DEADLINE_COLUMN = 6  # 截止日期; 超期 follows


def _columns() -> list[tuple[str, Any]]:
    return [
        (QCoreApplication.translate("OpinionTableModel", "登记日期"), lambda o: o.registered_on.isoformat()),
        (QCoreApplication.translate("OpinionTableModel", "意见内容"), lambda o: o.content.replace("\n", " ")),
        (QCoreApplication.translate("OpinionTableModel", "类别"), lambda o: o.category_name),
        (QCoreApplication.translate("OpinionTableModel", "反映人"), lambda o: o.proposer_name),
        (
            QCoreApplication.translate("OpinionTableModel", "状态"),
            lambda o: o.state_label + ("（暂停）" if o.paused else ""),
        ),
        (QCoreApplication.translate("OpinionTableModel", "主办单位"), lambda o: o.lead_unit_name),
        (
            QCoreApplication.translate("OpinionTableModel", "截止日期"),
            lambda o: o.due_text(),
        ),
        (QCoreApplication.translate("OpinionTableModel", "超期"), lambda o: o.overdue_label),
    ]


class OpinionTableModel(QAbstractTableModel):
    def __init__(self, ledger: Ledger, parent=None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.filter = queries.OpinionFilter()
        self.columns = _columns()
        self.rows: list[OpinionListRow] = []
        self.total = 0

    # -- loading --------------------------------------------------------------------------------
    def set_filter(self, f: queries.OpinionFilter) -> None:
        self.beginResetModel()
        self.filter = f
        self.total = queries.count_opinions(self.ledger, f)
        self.rows = list_opinion_rows(self.ledger, f, limit=PAGE_SIZE, matches=self.total) if self.total else []
        self.endResetModel()

    def reload(self) -> None:
        """Re-read after the ledger changed, keeping as many rows loaded as before."""
        keep = max(PAGE_SIZE, len(self.rows))
        self.beginResetModel()
        self.total = queries.count_opinions(self.ledger, self.filter)
        self.rows = list_opinion_rows(self.ledger, self.filter, limit=keep, matches=self.total) if self.total else []
        self.endResetModel()

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid():
            return
        after = self.rows[-1] if self.rows else None
        page = list_opinion_rows(self.ledger, self.filter, after=after, limit=PAGE_SIZE, matches=self.total)
        page = page[: max(0, self.total - len(self.rows))]
        if not page:
            self.total = len(self.rows)  # the ledger shrank under us (another window): stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def record_at(self, row: int) -> OpinionListRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def update_record(self, record: OpinionRecord) -> None:
        """Show a step's result in its row at once (the full reload follows on ``ledger_changed``)."""
        row = self.row_of(record.id)
        if row >= 0:
            self.rows[row] = OpinionListRow.of_record(record)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_of(self, opinion_id: str) -> int:
        return next((i for i, o in enumerate(self.rows) if o.id == opinion_id), -1)

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.columns[index.column()][1](o)
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 and len(text) > 60:
                return text[:60] + "…"
            return text
        if (
            role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole)
            and index.column() >= DEADLINE_COLUMN
        ):
            # Only the deadline and overdue cells: 即将到期 amber, 已超期 red (the one palette of theme.py).
            brushes = deadline_brushes(o.overdue_level)
            if brushes is not None:
                return brushes[0 if role == Qt.ItemDataRole.ForegroundRole else 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None
