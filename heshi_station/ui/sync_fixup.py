"""同步退回记录: the window's page for sync problems (issue 11).

- Records the centre rejected, each with the centre's reason and what to do; one button fixes the selected
  one: a reception or opinion opens ``FixRejectedDialog`` (更正 through the ledger's correction operations,
  reason required; the corrected version goes out on the next sync), any other record is sent again as it
  stands (``resend.resend_rejected``); an event waiting for its opinion needs nothing (it goes again by
  itself once the opinion lands).
- Changes from the centre the station could not apply (set aside with the reason), so the clerk can tell
  the centre.

Nothing here touches the database directly: every ledger call runs through ``UiContext.run_task``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heshi_station.sync import errors
from heshi_station.sync.status import RejectedRecord, fixup_list, set_aside_list
from heshi_station.ui.ui_context import UiContext, friendly_message

REMEDY_TEXT = {
    "correct": "请更正，更正后自动重新发送",
    "resend": "可重新发送",
    "wait": "所属意见送达市中心后自动重新发送",
}
FIX_WAITING = "已修改，下次同步时重新发送"


def _error_text(exc: BaseException) -> str:
    return exc.message if isinstance(exc, errors.SyncError) else friendly_message(exc)


def _table(headers: list[str], stretch: set[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if col in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(col, mode)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for i, values in enumerate(rows):
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if col == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(i, col, item)
    table.resizeRowsToContents()


class FixRejectedDialog(QDialog):
    """更正 a rejected reception or opinion: the centre's reason on top, the fields the centre checks, and
    the 更正理由. Saving runs the ledger's correction operation (one transaction, audited, to the outbox)."""

    FIELDS = {
        "reception": [("matter", "反映事项", True), ("place", "接待地点", False), ("outcome", "办理情况", True)],
        "opinion": [
            ("content", "意见内容", True),
            ("proposer_name", "提出人", False),
            ("proposer_phone", "联系电话", False),
            ("village", "村(社区)", False),
        ],
    }

    corrected = Signal()

    def __init__(self, ctx: UiContext, record: RejectedRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.record = ctx, record
        self.setWindowTitle(f"更正被退回的{record.entity_label}")
        self.setMinimumWidth(520)
        reason = QLabel(f"市中心退回原因：{record.reject_message or record.reject_code}")
        reason.setWordWrap(True)
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for name, label, long_text in self.FIELDS[record.entity]:
            widget = QPlainTextEdit() if long_text else QLineEdit()
            if long_text:
                widget.setFixedHeight(80)
            self.inputs[name] = widget
            form.addRow(f"{label}：", widget)
        self.reason = QLineEdit()
        self.reason.setText(f"市中心退回：{(record.reject_message or record.reject_code)[:60]}")
        form.addRow("更正理由：", self.reason)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(reason)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._original: dict[str, str] = {}
        self.ctx.run_task(self._read, self._show, self._failed)

    def _read(self) -> dict[str, str]:
        if self.record.entity == "reception":
            from heshi_station.ledger.receptions import get_reception

            r = get_reception(self.ctx.ledger, self.record.entity_id)
        else:
            from heshi_station.ledger.opinions import get_opinion

            r = get_opinion(self.ctx.ledger, self.record.entity_id)
        return {name: str(getattr(r, name, "") or "") for name, _, _ in self.FIELDS[self.record.entity]}

    def _show(self, values: dict[str, str]) -> None:
        self._original = values
        for name, value in values.items():
            widget = self.inputs[name]
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)

    def values(self) -> dict[str, str]:
        return {
            name: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()) for name, w in self.inputs.items()
        }

    def save(self) -> None:
        changed = {k: v for k, v in self.values().items() if v != self._original.get(k)}
        reason, ledger, record = self.reason.text(), self.ctx.ledger, self.record

        def write():
            if record.entity == "reception":
                from heshi_station.ledger.corrections import ReceptionCorrection, correct_reception

                return correct_reception(ledger, record.entity_id, ReceptionCorrection(reason=reason, **changed))
            from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion

            return correct_opinion(ledger, record.entity_id, OpinionCorrection(reason=reason, **changed))

        self.buttons.setEnabled(False)
        self.ctx.run_task(write, self._saved, self._failed, changes_ledger=True)

    def _saved(self, _result) -> None:
        self.corrected.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(_error_text(exc))


class FixupListPage(QWidget):
    """同步退回记录: records the centre rejected (newest first) with a fix button, and the centre's changes
    the station set aside."""

    HEADERS = ["序号", "记录类型", "内容", "退回原因", "怎么办", "退回时间"]
    SET_ASIDE_HEADERS = ["序号", "类型", "内容", "无法应用的原因", "收到时间"]

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[RejectedRecord] = []
        self.title = QLabel("同步退回记录")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.hint = QLabel(
            "市中心退回的记录不会阻挡其他记录。选中一条，按“修改并重新发送”：接待登记和意见建议可直接更正，"
            "更正后会在下次同步时重新发送。"
        )
        self.hint.setWordWrap(True)
        self.table = _table(self.HEADERS, {2, 3})
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.fix_selected())
        self.fix_button = QPushButton("修改并重新发送…")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self.fix_selected)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.message, 1)
        self.empty = QLabel("没有被退回的记录。")
        self.set_aside_title = QLabel("市中心更新未能应用")
        self.set_aside_title.setStyleSheet("font-weight: bold;")
        self.set_aside_hint = QLabel(
            "下列市中心发来的更新内容有误，本站没有应用（其他更新已正常应用）。请把原因告诉市中心，改正后会自动更新。"
        )
        self.set_aside_hint.setWordWrap(True)
        self.set_aside_table = _table(self.SET_ASIDE_HEADERS, {2, 3})
        layout = QVBoxLayout(self)
        for w in (self.title, self.hint, self.table):
            layout.addWidget(w)
        layout.addLayout(buttons)
        for w in (self.empty, self.set_aside_title, self.set_aside_hint, self.set_aside_table):
            layout.addWidget(w)
        ctx.events.ledger_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        ledger = self.ctx.ledger
        self.ctx.run_task(lambda: (fixup_list(ledger), set_aside_list(ledger)), self._show)

    def _show(self, lists) -> None:
        rows, set_aside = lists
        self.rows = rows
        _fill(
            self.table,
            [
                [
                    str(r.seq),
                    r.entity_label,
                    r.summary,
                    r.reject_message or r.reject_code,
                    FIX_WAITING if r.fix_waiting else REMEDY_TEXT[r.remedy],
                    r.acked_at.strftime("%Y-%m-%d %H:%M") if r.acked_at else "",
                ]
                for r in rows
            ],
        )
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        _fill(
            self.set_aside_table,
            [
                [str(c.change_seq), c.kind_label, c.summary, c.reason, c.set_aside_at.strftime("%Y-%m-%d %H:%M")]
                for c in set_aside
            ],
        )
        for w in (self.set_aside_title, self.set_aside_hint, self.set_aside_table):
            w.setVisible(bool(set_aside))
        self._selection_changed()

    def selected(self) -> RejectedRecord | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked and picked[0].row() < len(self.rows) else None

    def _selection_changed(self) -> None:
        r = self.selected()
        self.fix_button.setEnabled(r is not None and not r.fix_waiting and r.remedy != "wait")
        self.fix_button.setText("更正…" if r is not None and r.remedy == "correct" else "修改并重新发送…")
        if r is not None and r.remedy == "resend":
            self.fix_button.setText("重新发送")

    def fix_selected(self) -> FixRejectedDialog | None:
        """Fix the selected record: the correction dialog for a reception/opinion, else send it again."""
        r = self.selected()
        if r is None or r.fix_waiting or r.remedy == "wait":
            return None
        if r.remedy == "correct":
            dialog = FixRejectedDialog(self.ctx, r, self)
            dialog.corrected.connect(lambda: self.message.setText(f"已更正，{FIX_WAITING}。"))
            dialog.open()
            return dialog
        from heshi_station.sync.resend import resend_rejected

        ledger = self.ctx.ledger
        self.ctx.run_task(
            lambda: resend_rejected(ledger, r.seq),
            lambda _seq: self.message.setText(f"已排队，{FIX_WAITING}。"),
            lambda exc: self.message.setText(_error_text(exc)),
            changes_ledger=True,
        )
        return None
