"""意见办理: the filtered opinion list, the selected opinion with its timeline, and every handling step.

Guarantees: the list is a model with incremental loading (``OpinionTableModel``), so filters and the
search box stay quick on 200,000 opinions; typing in the search box filters after a short pause
(``SEARCH_DELAY_MS``), not on every key; the detail pane always shows the ledger's current record after
a step (re-read from the ledger, never patched locally).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.vocab import OPEN_STATES, EventKind, OpinionState, OverdueLevel
from heshi_station.ledger import opinions, queries, reference_data
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.errors import NotFound
from heshi_station.reports import pdf_forms
from heshi_station.reports.masking import default_masking
from heshi_station.ui.form_preview import FormPreviewDialog
from heshi_station.ui.models.opinion_table_model import OpinionTableModel
from heshi_station.ui.pages.opinion_dialogs import STEPS, make_dialog
from heshi_station.ui.theme import deadline_brushes
from heshi_station.ui.ui_context import UiContext

SEARCH_DELAY_MS = 300
CONTENT_COLUMN = 1
CONTENT_MIN_EM = 8
UNIT_COLUMN = 5  # 主办单位
HIDE_WHEN_NARROW = (2, 3, 7)  # 类别, 反映人, 超期 — in this order
OPEN_KEY = "__open__"


# Which handling event each action button appends.
STEP_KINDS = {
    "transfer": EventKind.TRANSFERRED, "answer": EventKind.ANSWERED_ON_SPOT, "accept": EventKind.ACCEPTED,
    "return": EventKind.RETURNED, "reply": EventKind.REPLIED, "feedback": EventKind.FED_BACK,
    "satisfaction": EventKind.SATISFACTION, "extend": EventKind.EXTENDED, "pause": EventKind.PAUSED,
    "resume": EventKind.RESUMED, "urge": EventKind.URGED, "reopen": EventKind.REOPENED, "close": EventKind.CLOSED,
    "withdraw": EventKind.WITHDRAWN, "duplicate": EventKind.DUPLICATE, "note": EventKind.NOTE,
}  # fmt: skip


class OpinionsPage(QWidget):
    navigate_requested = Signal(str, object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: OpinionRecord | None = None
        self.last_dialog = None

        self.state = QComboBox()
        self.state.addItem(self.tr("全部状态"), None)
        self.state.addItem(self.tr("未办结"), OPEN_KEY)
        for s in OpinionState:
            self.state.addItem(s.label, s.value)
        self.overdue = QComboBox()
        self.overdue.addItem(self.tr("全部期限"), None)
        for level in OverdueLevel:
            self.overdue.addItem(level.label, level.value)
        self.category = QComboBox()
        self.unit = QComboBox()
        self.month = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索内容、姓名、电话或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()

        filters = QGridLayout()
        for col, (title, w) in enumerate(
            [
                (self.tr("状态"), self.state),
                (self.tr("期限"), self.overdue),
                (self.tr("类别"), self.category),
                (self.tr("主办单位"), self.unit),
                (self.tr("登记月份"), self.month),
            ]
        ):
            filters.addWidget(QLabel(title), 0, col)
            filters.addWidget(w, 1, col)
        filters.addWidget(QLabel(self.tr("搜索")), 0, 5)
        filters.addWidget(self.search, 1, 5)
        filters.setColumnStretch(5, 2)

        self.model = OpinionTableModel(ctx.ledger, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # The content column takes what is left and is elided first; 状态, 主办单位 and 截止日期 keep their
        # width. When even that does not fit (1366×768 at 150 %), 类别, 反映人 and 超期 are hidden, in that
        # order (the detail pane and the row colour still show them), so the list never scrolls sideways.
        header.setSectionResizeMode(CONTENT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        em = self.fontMetrics().horizontalAdvance("汉")
        date_width = self.fontMetrics().horizontalAdvance("2026-12-31") + em
        self.fixed_widths = {0: date_width, 2: em * 5, 3: em * 4, 4: em * 7, 5: em * 8, 6: date_width, 7: em * 5}
        for col, width in self.fixed_widths.items():
            self.table.setColumnWidth(col, width)
        self.content_min_width = em * CONTENT_MIN_EM
        self.table.installEventFilter(self)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.action_buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        keys = [("transfer", self.tr("转办"))] + [(s.key, self.tr(s.title)) for s in STEPS]
        for i, (key, title) in enumerate(keys):
            button = QPushButton(title)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(lambda _=False, k=key: self.open_step(k))
            actions.addWidget(button, i // 5, i % 5)
            self.action_buttons[key] = button

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.detail, 1)
        right_lay.addLayout(actions)
        forms = QHBoxLayout()
        self.transfer_slip_button = QPushButton(self.tr("打印转办单…"))
        self.urge_slip_button = QPushButton(self.tr("打印督办单…"))
        self.transfer_slip_button.clicked.connect(lambda: self.open_form("transfer_slip"))
        self.urge_slip_button.clicked.connect(lambda: self.open_form("urge_slip"))
        # 督办单 of the whole overdue list at once (one form per overdue opinion, picked in the preview).
        self.overdue_slips_button = QPushButton(self.tr("超期督办单（全部）…"))
        self.overdue_slips_button.clicked.connect(self.open_overdue_slips)
        forms.addWidget(self.transfer_slip_button)
        forms.addWidget(self.urge_slip_button)
        forms.addWidget(self.overdue_slips_button)
        forms.addStretch(1)
        right_lay.addLayout(forms)
        self.last_form = None

        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.table, 1)
        left_lay.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([em * 60, em * 30])

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(filters, 1)
        lay.addLayout(top)
        lay.addWidget(splitter, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filter)
        for combo in (self.state, self.overdue, self.category, self.unit, self.month):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)  # Ctrl+F

        self._loading = True
        self._fill_choices()
        self._loading = False
        self.apply_filter()

    # -- filters --------------------------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:
        if obj is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit_columns)
        return super().eventFilter(obj, event)

    def fit_columns(self) -> None:
        """Hide the least needed columns until the rest fit beside a readable content column."""
        width = self.table.viewport().width()
        hidden: set[int] = set()
        for col in (None, *HIDE_WHEN_NARROW):
            if col is not None:
                hidden.add(col)
            needed = sum(w for c, w in self.fixed_widths.items() if c not in hidden) + self.content_min_width
            if needed <= width:
                break
        for col in HIDE_WHEN_NARROW:
            self.table.setColumnHidden(col, col in hidden)
        # Still too narrow (the detail pane beside it at 150 %): 主办单位 gives up width down to a readable
        # minimum before the content column shrinks below its own header ("意见内容" must not read "见内").
        short = max(0, needed - width)
        unit_width = self.fixed_widths[UNIT_COLUMN]
        self.table.setColumnWidth(UNIT_COLUMN, max(unit_width // 2, unit_width - short))

    def _fill_choices(self) -> None:
        led = self.ctx.ledger
        for combo, items, all_text in (
            (self.category, [(c.name, c.id) for c in reference_data.list_categories(led)], self.tr("全部类别")),
            (self.unit, [(u.name, u.id) for u in reference_data.list_units(led)], self.tr("全部单位")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_text, None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        if self.month.count() == 0:
            today = led.today()
            self.month.addItem(self.tr("全部月份"), None)
            y, m = today.year, today.month
            for _ in range(24):
                self.month.addItem(f"{y}年{m:02d}月", f"{y}-{m:02d}")  # text: QVariant cannot compare tuples
                y, m = (y, m - 1) if m > 1 else (y - 1, 12)

    def current_filter(self) -> queries.OpinionFilter:
        state = self.state.currentData()
        states = [s.value for s in OPEN_STATES] if state == OPEN_KEY else ([state] if state else None)
        return queries.OpinionFilter(
            states=states,
            overdue=self.overdue.currentData(),
            category_id=self.category.currentData(),
            unit_id=self.unit.currentData(),
            month=_month(self.month.currentData()),
            text=self.search.text().strip(),
        )

    def apply_filter(self) -> None:
        if self._loading:
            return
        self._search_timer.stop()
        keep = self.current.id if self.current else None
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._select(keep)

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 {n} 条").replace("{n}", str(self.model.total)))

    def navigate_to(self, payload: object) -> None:
        """Open with a preset: an overdue level (from 工作台) or ``{"opinion_id": …}``."""
        self._loading = True
        if isinstance(payload, str):
            self.state.setCurrentIndex(0)
            self.overdue.setCurrentIndex(max(0, self.overdue.findData(payload)))
            self.category.setCurrentIndex(0)
            self.unit.setCurrentIndex(0)
            self.month.setCurrentIndex(0)
            self.search.clear()
        self._loading = False
        self.apply_filter()
        if isinstance(payload, dict) and payload.get("opinion_id"):
            self.show_opinion(payload["opinion_id"])

    def refresh(self) -> None:
        self._loading = True
        self._fill_choices()
        self._loading = False
        keep = self.current.id if self.current else None
        self.model.reload()
        self._update_count()
        if keep:
            self.show_opinion(keep, select=True)

    # -- selection and detail -------------------------------------------------------------------
    def _select(self, opinion_id: str | None) -> None:
        row = self.model.row_of(opinion_id) if opinion_id else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        else:
            self.set_detail(None)

    def _row_changed(self, current, _previous) -> None:
        record = self.model.record_at(current.row())
        if record is not None:
            self.show_opinion(record.id)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def show_opinion(self, opinion_id: str, *, select: bool = False) -> None:
        try:
            record = opinions.get_opinion(self.ctx.ledger, opinion_id)
        except NotFound:
            self.set_detail(None)
            return
        self.set_detail(record)

    def set_detail(self, record: OpinionRecord | None) -> None:
        self.current = record
        for key, button in self.action_buttons.items():
            # Only the steps that make sense in the opinion's state are offered (the ledger checks again).
            button.setEnabled(record is not None and STEP_KINDS[key] in record.allowed_steps)
        self.transfer_slip_button.setEnabled(record is not None and bool(record.lead_unit_name))
        self.urge_slip_button.setEnabled(
            record is not None and record.overdue_level in (OverdueLevel.OVERDUE.value, OverdueLevel.LONG_OVERDUE.value)
        )
        if record is None:
            self.detail.setHtml("<p>" + html.escape(self.tr("没有选中的意见")) + "</p>")
            return
        self.detail.setHtml(opinion_html(record, self.tr))

    def open_form(self, kind: str) -> FormPreviewDialog | None:
        """转办单 / 督办单 of the selected opinion, through the one preview-and-print dialog."""
        if self.current is None:
            return None
        led, oid = self.ctx.ledger, self.current.id
        make = pdf_forms.transfer_slip_pdf if kind == "transfer_slip" else pdf_forms.urge_slip_pdf
        title = self.tr("意见建议转办单") if kind == "transfer_slip" else self.tr("意见建议督办单")

        def render(path):
            return make(led, oid, path, mask=default_masking(led))

        self.last_form = FormPreviewDialog(self.ctx, title, render, f"{title}-{oid[-6:]}.pdf", self)
        self.last_form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_form.show()
        return self.last_form

    def open_overdue_slips(self) -> None:
        """The 督办单 of every overdue opinion (已超期 and 严重超期), in one preview-and-print dialog; the
        list is read on a worker and the dialog opens when it is there (``last_form``)."""
        led = self.ctx.ledger
        self.overdue_slips_button.setEnabled(False)

        def work() -> list[OpinionRecord]:
            levels = (OverdueLevel.LONG_OVERDUE.value, OverdueLevel.OVERDUE.value)
            found = [queries.list_opinions(led, queries.OpinionFilter(overdue=lv), limit=500) for lv in levels]
            return [o for part in found for o in part]

        def show(found: list[OpinionRecord]) -> None:
            self.overdue_slips_button.setEnabled(True)
            if not found:
                QMessageBox.information(self, self.tr("超期督办单"), self.tr("目前没有超期的意见。"))
                return
            mask = default_masking(led)
            choices = [
                (
                    f"{o.overdue_label} {o.due_text()} {o.lead_unit_name}：{o.content[:24]}",
                    f"意见建议督办单-{o.registered_on:%Y%m%d}-{i + 1}.pdf",
                    lambda path, oid=o.id: pdf_forms.urge_slip_pdf(led, oid, path, mask=mask),
                )
                for i, o in enumerate(found)
            ]
            title = self.tr("意见建议督办单（超期 {n} 条）").replace("{n}", str(len(found)))
            self.last_form = FormPreviewDialog(self.ctx, title, choices[0][2], choices[0][1], self, choices=choices)
            self.last_form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_form.show()

        def failed(exc: BaseException) -> None:
            self.overdue_slips_button.setEnabled(True)
            self.ctx.show_error(exc)

        self.ctx.run_task(work, show, failed)

    def _step_done(self, record: OpinionRecord) -> None:
        self.model.update_record(record)
        self.set_detail(record)

    def open_step(self, key: str):
        """Open the dialog of one handling step for the current opinion (returned for tests)."""
        if self.current is None:
            return None
        dialog = make_dialog(key, self.ctx, self.current, self)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: dialog.result_record and self._step_done(dialog.result_record))
        dialog.open()
        return dialog


def _month(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    year, month = value.split("-")
    return int(year), int(month)


def _d(value: date | None) -> str:
    return value.isoformat() if value else "—"


def opinion_html(o: OpinionRecord, tr) -> str:
    """The detail pane: the opinion's facts, then its handling timeline (oldest first)."""
    e = html.escape
    rows = [
        (tr("状态"), o.state_label + (tr("（暂停计时）") if o.paused else "")),
        (tr("登记日期"), _d(o.registered_on)),
        (tr("类别"), o.category_name or "—"),
        (tr("反映人"), f"{o.proposer_name or tr('匿名')} {o.proposer_phone} {o.village}".strip()),
        (tr("处理方式"), o.route_label),
        (tr("主办单位"), o.lead_unit_name or "—"),
        (tr("协办单位"), "、".join(o.assist_unit_names) or "—"),
        (tr("截止日期"), (o.due_text() or "—") + (f"（{o.overdue_label}）" if o.overdue_label else "")),
        (tr("接待代表"), "、".join(o.deputy_names) or "—"),
        (tr("满意度"), o.satisfaction_label or "—"),
    ]
    if o.deadline_problem:
        rows.append((tr("期限提示"), o.deadline_problem))
    if o.reply:
        rows.append((tr("办理答复"), o.reply))
    due_row = tr("截止日期")
    brushes = deadline_brushes(o.overdue_level)
    # The deadline in the level's colours (即将到期 amber, 已超期 red), as in the list.
    due_style = f"color:{brushes[0].color().name()};background:{brushes[1].color().name()}" if brushes else ""
    facts = "".join(
        f"<tr><td style='padding-right:12px'>{e(k)}</td>"
        + (
            f"<td><span style='{due_style}'>&nbsp;{e(v)}&nbsp;</span></td>"
            if k == due_row and due_style
            else f"<td>{e(v)}</td>"
        )
        + "</tr>"
        for k, v in rows
    )
    timeline = "".join(
        f"<tr><td style='padding-right:10px'>{t.occurred_at:%Y-%m-%d %H:%M}</td><td><b>{e(t.kind_label)}</b></td>"
        f"<td>{e(t.note)}</td><td style='color:#777'>{e(t.actor)}</td></tr>"
        for t in o.timeline
    )
    return (
        f"<h3>{e(o.content)}</h3><table>{facts}</table>"
        f"<h4>{e(tr('办理记录'))}</h4><table cellspacing='2'>{timeline}</table>"
        f"<p style='color:#999'>{e(tr('意见编号'))}：{e(o.id)}</p>"
    )
