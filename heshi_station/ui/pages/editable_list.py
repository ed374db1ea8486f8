"""A list-and-form page skeleton: a table of records on the left, the selected one's form on the right,
"新建" and "保存" buttons, ledger messages next to the fields. Used by 代表名册 and 基础数据."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.pinyin import initials, text_initials
from heshi_station.ui.models.record_table_model import Column, RecordTableModel
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import FieldErrors, error_label


class EditableList(QWidget):
    """Subclass hooks: ``load() -> list``, ``fill_form(record | None)``, ``save_fn() -> callable`` (runs in
    a worker and returns the saved record)."""

    def __init__(self, ctx: UiContext, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editing_id: str | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(QCoreApplication.translate("EditableList", "筛选（名称或拼音首字母）"))
        self.search.setClearButtonEnabled(True)
        self.model = RecordTableModel(columns)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.form = QFormLayout()
        self.fallback = error_label()
        self.errors = FieldErrors(self.fallback)
        self.new_button = QPushButton(QCoreApplication.translate("EditableList", "新建"))
        self.save_button = QPushButton(QCoreApplication.translate("EditableList", "保存"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.view, 1)
        right = QVBoxLayout()
        self.form_title = QLabel()
        right.addWidget(self.form_title)
        right.addLayout(self.form)
        right.addWidget(self.fallback)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addStretch(1)
        self.body = QHBoxLayout()
        self.body.addLayout(left, 3)
        self.body.addLayout(right, 2)
        self.all_rows: list[Any] = []
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.save_button.clicked.connect(self.save)
        self.search.textChanged.connect(self._filter)

    def add_field(self, field: str, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget)
        label = error_label()
        lay.addWidget(label)
        self.errors.bind(field, label)
        self.form.addRow(title, box)
        return widget

    # -- hooks ----------------------------------------------------------------------------------
    def load(self) -> list[Any]:
        raise NotImplementedError

    def fill_form(self, record: Any | None) -> None:
        raise NotImplementedError

    def save_fn(self) -> Callable[[], Any]:
        raise NotImplementedError

    def matches(self, record: Any, text: str) -> bool:
        name = getattr(record, "name", "")
        # A person's name is read with its surname reading, a unit's or category's as ordinary text.
        return text in name.lower() or initials(name).startswith(text) or text_initials(name).startswith(text)

    # -- behaviour ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.all_rows = self.load()
        self._filter()

    def _filter(self) -> None:
        text = self.search.text().strip().lower()
        rows = [r for r in self.all_rows if not text or self.matches(r, text)]
        self.model.set_rows(rows)
        row = next((i for i, r in enumerate(rows) if r.id == self.editing_id), 0 if rows else -1)
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.edit(None)

    def _row_changed(self, current, _previous) -> None:
        record = self.model.record_at(current.row())
        if record is not None:
            self.edit(record)

    def edit(self, record: Any | None) -> None:
        self.editing_id = record.id if record is not None else None
        self.errors.clear()
        self.message.clear()
        self.form_title.setText(
            QCoreApplication.translate("EditableList", "修改")
            if record is not None
            else QCoreApplication.translate("EditableList", "新建")
        )
        self.fill_form(record)

    def save(self) -> None:
        self.errors.clear()
        try:
            fn = self.save_fn()
        except ValidationFailed as exc:
            self.errors.show(exc.errors)
            return

        def ok(record: Any) -> None:
            self.editing_id = record.id
            self.message.setText(QCoreApplication.translate("EditableList", "已保存。"))

        failed = self.ctx.report_to(self.message.setText, self.errors.show)

        self.ctx.run_task(fn, ok, failed, changes_ledger=True)
