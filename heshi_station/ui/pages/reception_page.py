"""接待登记: the keyboard-first reception form.

Keys: Tab walks the form in reading order; Enter in a one-line box or Ctrl+S (or Ctrl+Enter) saves;
Ctrl+N starts the next reception (keeping time, way, place and deputies, which are usually the same on a
reception day); Alt+A adds a visitor, Alt+Y adds an opinion.

Guarantees: nothing is written until the ledger accepts the whole reception (one transaction); a
ValidationFailed puts every message next to its field and moves the cursor to the first bad one; while
the clerk types, recent look-alike opinions (same phone, or same category and similar text) are named.
Nothing typed is lost: Ctrl+N / 下一条 on a half-filled form asks 保存 / 放弃 / 取消 (``unsaved_guard``),
and while something is typed a draft is kept next to the ledger (``ctx.reception_draft``) and offered
again after a crash. The 保存 / 下一条 bar and the confirmation stay below the scrolling form, always in view.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import shiboken6
from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.vocab import ReceptionWay, Route
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import opinions, queries, receptions, reference_data
from heshi_station.ledger.dto import ReceptionInput, ReceptionRecord
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS
from heshi_station.ui.drafts import DraftStore
from heshi_station.ui.pages.reception_rows import OpinionRow, VisitorRow, pick_data, state_text
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.unsaved_guard import may_leave
from heshi_station.ui.widgets import DeputyPicker, FieldErrors, error_label, section_title

LOOKUP_DELAY_MS = 250
DRAFT_INTERVAL_MS = 1500
# Saved and not-saved must never look alike: green tick for saved, amber for discarded, red for refused.
STATUS_STYLE = (
    'QLabel[tone="success"] { color: #1b5e20; font-weight: bold; }'
    'QLabel[tone="warning"] { color: #7a4f00; font-weight: bold; }'
    'QLabel[tone="error"] { color: #b00020; font-weight: bold; }'
)


class ReceptionPage(QWidget):
    saved = Signal(object)  # ReceptionRecord
    navigate_requested = Signal(str, object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.last_saved: ReceptionRecord | None = None
        self.visitor_rows: list[VisitorRow] = []
        self.opinion_rows: list[OpinionRow] = []
        self.fallback_errors = error_label()
        self.errors = FieldErrors(self.fallback_errors)

        body = QWidget()
        form_lay = QVBoxLayout(body)
        form_lay.addWidget(section_title(self.tr("选民接待登记")))

        top = QFormLayout()
        self.received_at = QDateTimeEdit()
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.way = QComboBox()
        for w in ReceptionWay:
            self.way.addItem(w.label, w.value)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("如：联络站接待室"))
        self.deputies = DeputyPicker(offer_add=True)
        top.addRow(self.tr("接待时间"), self._with_error(self.received_at, "received_at"))
        top.addRow(self.tr("接待方式"), self._with_error(self.way, "way"))
        top.addRow(self.tr("接待地点"), self.place)
        top.addRow(self.tr("接待代表"), self._with_error(self.deputies, "deputy_ids"))
        form_lay.addLayout(top)

        form_lay.addWidget(section_title(self.tr("来访人")))
        self.visitors_box = QVBoxLayout()
        form_lay.addLayout(self.visitors_box)
        self.visitors_error = error_label()
        self.errors.bind("visitors", self.visitors_error)
        form_lay.addWidget(self.visitors_error)
        self.add_visitor_button = QPushButton(self.tr("添加来访人(&A)"))
        form_lay.addWidget(self.add_visitor_button)

        matter_form = QFormLayout()
        self.matter = QPlainTextEdit()
        self.matter.setTabChangesFocus(True)
        self.matter.setPlaceholderText(self.tr("来访人反映的问题，尽量用来访人自己的话"))
        self.matter.setFixedHeight(self.matter.fontMetrics().lineSpacing() * 4 + 16)
        self.category = QComboBox()
        flags = QWidget()
        flags_lay = QHBoxLayout(flags)
        flags_lay.setContentsMargins(0, 0, 0, 0)
        self.confidential = QCheckBox(self.tr("保密"))
        self.anonymous = QCheckBox(self.tr("匿名"))
        flags_lay.addWidget(self.confidential)
        flags_lay.addWidget(self.anonymous)
        flags_lay.addStretch(1)
        matter_form.addRow(self.tr("反映问题"), self._with_error(self.matter, "matter"))
        matter_form.addRow(self.tr("意见类别"), self._with_error(self.category, "category_id"))
        matter_form.addRow("", flags)
        form_lay.addLayout(matter_form)

        form_lay.addWidget(section_title(self.tr("意见建议")))
        self.opinions_box = QVBoxLayout()
        form_lay.addLayout(self.opinions_box)
        self.add_opinion_button = QPushButton(self.tr("添加意见(&Y)"))
        form_lay.addWidget(self.add_opinion_button)
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates_label.setStyleSheet("background: #fff4d6; color: #5c4400; padding: 6px;")
        self.duplicates_label.hide()
        form_lay.addWidget(self.duplicates_label)
        form_lay.addWidget(self.fallback_errors)

        form_lay.addStretch(1)

        # Save/Next and the confirmation sit below the scrolling form, so they are on screen whatever the
        # window size or font scale; 保存 is the default (primary) button, 下一条 a plain one.
        self.button_bar = QFrame()
        self.button_bar.setObjectName("form_button_bar")
        self.button_bar.setFrameShape(QFrame.Shape.StyledPanel)
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(8, 4, 8, 4)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.save_button.setObjectName("primary_button")
        self.save_button.setDefault(True)
        self.next_button = QPushButton(self.tr("下一条 (Ctrl+N)"))
        self.status_label = QLabel()
        self.status_label.setObjectName("form_status")
        self.status_label.setStyleSheet(STATUS_STYLE)
        self.status_label.setWordWrap(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.status_label, 1)

        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.button_bar)

        self.add_visitor_button.clicked.connect(lambda: self.add_visitor(focus=True))
        self.add_opinion_button.clicked.connect(lambda: self.add_opinion(focus=True))
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.next_requested)
        self.place.returnPressed.connect(self.save)
        for seq in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.next_requested)

        # The crash draft: written a moment after the form changes (compared as plain data, so rows added
        # later and every kind of field are covered), removed once the form is saved or discarded.
        self.draft_store: DraftStore | None = getattr(ctx, "reception_draft", None)
        self._draft_written: dict | None = None
        self._draft_timer = QTimer(self, interval=DRAFT_INTERVAL_MS, timeout=self.write_draft)
        if self.draft_store is not None:
            self._draft_timer.start()

        self._dup_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS, timeout=self._look_for_duplicates)
        self._lookup_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS, timeout=self._lookup_visitors)
        self._lookup: tuple[VisitorRow, str] | None = None
        self._dup_generation = 0
        self.matter.textChanged.connect(self._dup_timer.start)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.received_at.dateTimeChanged.connect(self._update_deadlines)
        # An empty roster says where deputies are added, and offers to go there.
        self.deputies.add_requested.connect(lambda: self.navigate_requested.emit("deputies", None))

        self.refresh()
        self.start_next(keep_context=False)

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget)
        label = error_label()
        lay.addWidget(label)
        self.errors.bind(field, label)
        return box

    # -- reference data -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read deputies, categories and units (they may have been edited elsewhere)."""
        led = self.ctx.ledger
        self.deputies.set_deputies(reference_data.list_deputies(led, active_only=True))
        self.categories = reference_data.list_categories(led, active_only=True)
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("（选择类别）"), None)
        for c in self.categories:
            self.category.addItem(f"{c.name}（{c.time_limit_days}个工作日）", c.id)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)
        self.units = reference_data.list_units(led, active_only=True)
        for row in self.opinion_rows:
            row.set_units(self.units)
            row.set_default_route(self.default_route())
        self._update_deadlines()

    def default_route(self) -> str:
        """转办 when there is a unit to send to; on a ledger without units 联络站办理, which can be saved."""
        return Route.TRANSFER.value if self.units else Route.STATION.value

    # -- rows -----------------------------------------------------------------------------------
    def add_visitor(self, *, focus: bool = False) -> VisitorRow:
        row = VisitorRow(len(self.visitor_rows))
        row.bind_errors(self.errors)
        row.lookup_requested.connect(self._queue_lookup)
        row.submit_requested.connect(self.save)
        row.remove_requested.connect(self.remove_visitor)
        row.phone.textChanged.connect(self._dup_timer.start)
        self.visitor_rows.append(row)
        self.visitors_box.addWidget(row)
        row.show()  # at once, not on the next event-loop turn: focus may move to it right away
        self._fix_tab_order()
        if focus:
            row.name.setFocus()
        return row

    def add_opinion(self, *, focus: bool = False) -> OpinionRow:
        row = OpinionRow(len(self.opinion_rows))
        row.set_units(self.units)
        row.bind_errors(self.errors)
        row.submit_requested.connect(self.save)
        row.remove_requested.connect(self.remove_opinion)
        row.content_changed.connect(self._dup_timer.start)
        row.route.currentIndexChanged.connect(self._update_deadlines)
        row.typed_due.toggled.connect(self._update_deadlines)
        row.typed_due.toggled.connect(self._fix_tab_order)
        row.set_default_route(self.default_route())
        self.opinion_rows.append(row)
        self.opinions_box.addWidget(row)
        row.show()
        self._update_deadlines()
        self._fix_tab_order()
        if focus:
            row.content.setFocus()
        return row

    def remove_visitor(self, row: VisitorRow) -> None:
        """Take out a visitor row added by mistake (nothing is saved yet); the form keeps one visitor row."""
        if row not in self.visitor_rows:
            return
        self._drop_row(row, self.visitor_rows, "visitors[")
        if not self.visitor_rows:
            self.add_visitor()
        self.visitor_rows[min(row.index, len(self.visitor_rows) - 1)].name.setFocus()

    def remove_opinion(self, row: OpinionRow) -> None:
        """Take out an opinion row added by mistake (a reception may have no opinion at all)."""
        if row not in self.opinion_rows:
            return
        self._drop_row(row, self.opinion_rows, "opinions[")
        self._update_deadlines()
        self._dup_timer.start()
        (self.opinion_rows[min(row.index, len(self.opinion_rows) - 1)].content if self.opinion_rows
         else self.add_opinion_button).setFocus()  # fmt: skip

    def _drop_row(self, row, rows: list, prefix: str) -> None:
        rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        # The rows after it move up: their numbers and the ledger field names their errors bind to follow.
        self.errors.unbind_prefix(prefix)
        for i, r in enumerate(rows):
            r.set_index(i)
            r.bind_errors(self.errors)
        self._fix_tab_order()

    def tab_chain(self) -> list[QWidget]:
        """Reading order: top fields, each visitor row, add-visitor, matter, category, opinions, save."""
        chain: list[QWidget] = [self.received_at, self.way, self.place, self.deputies.add_button,
                                self.deputies.filter_edit, self.deputies.list]  # fmt: skip
        for r in self.visitor_rows:
            chain += [r.name, r.gender, r.phone, r.village, r.group_size]
        chain += [self.add_visitor_button, self.matter, self.category, self.confidential, self.anonymous]
        for o in self.opinion_rows:
            chain += o.tab_widgets()
        chain += [self.add_opinion_button, self.save_button, self.next_button]
        return chain

    def _fix_tab_order(self) -> None:
        # Kept for assistive tools that read Qt's chain; Tab itself is handled by focusNextPrevChild,
        # because QWidget.setTabOrder misplaces rows added later next to compound widgets (QSpinBox).
        for a, b in itertools.pairwise(self.tab_chain()):
            QWidget.setTabOrder(a, b)

    def focusNextPrevChild(self, next: bool) -> bool:
        chain = [w for w in self.tab_chain() if w.isVisibleTo(self) and w.isEnabled()]
        current = QApplication.focusWidget()
        index = next_index = -1
        for i, w in enumerate(chain):
            if current is w or (current is not None and w.isAncestorOf(current)):
                index = i
                break
        if index < 0:
            return super().focusNextPrevChild(next)
        next_index = (index + (1 if next else -1)) % len(chain)
        target = chain[next_index]
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        self.scroll.ensureWidgetVisible(target)
        return True

    def _clear_rows(self) -> None:
        for row in self.visitor_rows + self.opinion_rows:
            row.setParent(None)
            row.deleteLater()
        self.visitor_rows, self.opinion_rows = [], []
        self.errors.unbind_prefix("visitors[")
        self.errors.unbind_prefix("opinions[")

    def start_next(self, keep_context: bool = True) -> None:
        """Empty the form for the next reception; keep time, way, place and deputies when asked."""
        if not keep_context:
            self.received_at.setDateTime(QDateTime(self.ctx.ledger.now().replace(second=0, microsecond=0, tzinfo=None)))
            self.way.setCurrentIndex(0)
            self.place.clear()
            self.deputies.clear_picks()
        self._clear_rows()
        self.errors.clear()
        self.matter.clear()
        self.category.setCurrentIndex(0)
        self.confidential.setChecked(False)
        self.anonymous.setChecked(False)
        self.duplicates_label.hide()
        self.add_visitor()
        self.add_opinion()
        # A fresh form starts at the deputies (time and way default sensibly); the next reception of the
        # same day starts at the visitor's name.
        (self.visitor_rows[0].name if keep_context else self.deputies.filter_edit).setFocus()

    def next_requested(self) -> None:
        """Ctrl+N / 下一条: a half-filled form is saved, discarded or kept as the clerk chooses."""
        if may_leave(self, what=self.tr("这条接待登记")):
            self.start_next()

    # -- unsaved changes and the crash draft ------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        """Something typed for this reception that is not in the ledger yet (the reception day's time,
        way, place and deputies alone, kept from the previous one, are not)."""
        return bool(
            self.matter.toPlainText().strip()
            or any(not r.is_blank() for r in self.visitor_rows)
            or any(not r.is_blank() for r in self.opinion_rows)
        )

    def discard_changes(self) -> None:
        self.start_next()
        self.clear_draft()
        self.status_label.setText(self.tr("已放弃未保存的内容（没有存入台账）。"))
        self.status_label.setProperty("tone", "warning")
        self._restyle_status()

    def form_state(self) -> dict:
        """Everything typed in the form as plain JSON-able data (for the crash draft)."""
        return {
            "received_at": self.received_at.dateTime().toString(Qt.DateFormat.ISODate),
            "way": self.way.currentData(),
            "place": self.place.text(),
            "deputy_ids": self.deputies.picked_ids(),
            "visitors": [r.state() for r in self.visitor_rows],
            "matter": self.matter.toPlainText(),
            "category_id": self.category.currentData(),
            "confidential": self.confidential.isChecked(),
            "anonymous": self.anonymous.isChecked(),
            "opinions": [r.state() for r in self.opinion_rows],
        }

    def apply_state(self, state: dict) -> None:
        """Fill the form from ``form_state`` data; unknown ids (a deputy or unit since removed) are skipped."""
        when = QDateTime.fromString(state_text(state, "received_at"), Qt.DateFormat.ISODate)
        if when.isValid():
            self.received_at.setDateTime(when)
        pick_data(self.way, state.get("way"))
        self.place.setText(state_text(state, "place"))
        self.deputies.clear_picks()
        for deputy_id in state.get("deputy_ids") or []:
            self.deputies.set_checked(deputy_id, True)
        self._clear_rows()
        for visitor in [v for v in state.get("visitors") or [] if isinstance(v, dict)] or [{}]:
            self.add_visitor().apply_state(visitor)
        self.matter.setPlainText(state_text(state, "matter"))
        pick_data(self.category, state.get("category_id"))
        self.confidential.setChecked(bool(state.get("confidential")))
        self.anonymous.setChecked(bool(state.get("anonymous")))
        for opinion in [o for o in state.get("opinions") or [] if isinstance(o, dict)] or [{}]:
            self.add_opinion().apply_state(opinion)
        self._update_deadlines()

    def write_draft(self) -> None:
        """Keep the crash draft in step with the form (called by a timer, and before risky moments)."""
        if self.draft_store is None:
            return
        if not self.has_unsaved_changes():
            if self._draft_written is not None or self.draft_store.exists():
                self.clear_draft()
            return
        state = self.form_state()
        if state != self._draft_written:
            self.draft_store.write(state)
            self._draft_written = state

    def clear_draft(self) -> None:
        if self.draft_store is not None:
            self.draft_store.clear()
        self._draft_written = None

    def _restyle_status(self) -> None:
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    # -- deadlines and look-ups -----------------------------------------------------------------
    def _category_changed(self) -> None:
        self._update_deadlines()
        self._dup_timer.start()

    def _update_deadlines(self) -> None:
        """Show each row the deadline the ledger will compute (the category's time limit, else the default),
        marked 暂定 when it was counted over a year without the official holiday table."""
        cid = self.category.currentData()
        category = next((c for c in getattr(self, "categories", []) if c.id == cid), None)
        limit = category.time_limit_days if category is not None else DEFAULT_TIME_LIMIT_DAYS
        due, provisional, problem = None, False, ""
        try:
            due, provisional = opinions.preview_deadline(self.ctx.ledger, self.received_at.date().toPython(), limit)
        except CalendarYearMissing as exc:
            problem = str(exc)
        for row in self.opinion_rows:
            row.show_deadline(due, category, problem, provisional=provisional)

    def _queue_lookup(self, row: VisitorRow, text: str) -> None:
        self._lookup = (row, text)
        self._lookup_timer.start()

    def _lookup_visitors(self) -> None:
        if self._lookup is None:
            return
        row, text = self._lookup
        led = self.ctx.ledger

        def done(known: list) -> None:
            if shiboken6.isValid(self) and self._lookup == (row, text) and row in self.visitor_rows:
                row.show_known(text, known)

        self.ctx.run_task(lambda: queries.find_visitors(led, text), done)

    def _look_for_duplicates(self) -> None:
        contents = [r.content.toPlainText().strip() for r in self.opinion_rows] + [self.matter.toPlainText().strip()]
        content = max(contents, key=len) if contents else ""
        phone = self.visitor_rows[0].phone.text().strip() if self.visitor_rows else ""
        category_id = self.category.currentData()
        self._dup_generation += 1
        generation = self._dup_generation
        led = self.ctx.ledger
        if len(content) < 4:
            self.duplicates_label.hide()
            return

        def done(found: list) -> None:
            if generation != self._dup_generation or not shiboken6.isValid(self):  # page closed meanwhile
                return
            self.show_duplicates(found)

        self.ctx.run_task(
            lambda: queries.possible_duplicates(led, phone=phone, category_id=category_id, content=content),
            done,
            lambda exc: None,  # a malformed half-typed phone must not pop up a dialog while typing
        )

    def show_duplicates(self, found: list) -> None:
        if not found:
            self.duplicates_label.hide()
            return
        lines = [self.tr("可能重复：近期已有相似意见，请核对后再登记")]
        for c in found[:3]:
            text = c.content if len(c.content) <= 40 else c.content[:40] + "…"
            lines.append(
                f"· {c.registered_on:%Y-%m-%d} {c.proposer_name}：{text}（{self.tr('相似度')} {c.similarity:.0%}）"
            )
        self.duplicates_label.setText("\n".join(lines))
        self.duplicates_label.show()

    # -- saving ---------------------------------------------------------------------------------
    def build_input(self) -> ReceptionInput:
        visitors = [r.to_input() for r in self.visitor_rows if not r.is_blank() or len(self.visitor_rows) == 1]
        ops = [r.to_input() for r in self.opinion_rows if not r.is_blank()]
        when = self.received_at.dateTime().toPython()
        return ReceptionInput(
            received_at=when.astimezone() if isinstance(when, datetime) else when,
            way=self.way.currentData(),
            matter=self.matter.toPlainText().strip(),
            visitors=visitors,
            deputy_ids=self.deputies.picked_ids(),
            category_id=self.category.currentData(),
            place=self.place.text().strip(),
            confidential=self.confidential.isChecked(),
            anonymous=self.anonymous.isChecked(),
            opinions=ops,
        )

    def save(self) -> None:
        if self.saving:
            return
        data = self.build_input()
        self.saving = True
        self.save_button.setEnabled(False)
        self.status_label.setText(self.tr("正在保存…"))
        self.status_label.setProperty("tone", "")
        self._restyle_status()
        led = self.ctx.ledger
        self.ctx.run_task(
            lambda: receptions.register_reception(led, data), self._saved, self._failed, changes_ledger=True
        )

    def _saved(self, record: ReceptionRecord) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.last_saved = record
        names = "、".join(v.name for v in record.visitors if v.name) or self.tr("匿名")
        self.start_next()
        self.clear_draft()
        self.status_label.setText(
            self.tr("✔ 已保存：{time} {names}，意见 {n} 条。可以登记下一位。")
            .replace("{time}", f"{record.received_at:%m-%d %H:%M}")
            .replace("{names}", names)
            .replace("{n}", str(len(record.opinion_ids)))
        )
        self.status_label.setProperty("tone", "success")
        self._restyle_status()
        self.saved.emit(record)

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.status_label.setProperty("tone", "error")
        self._restyle_status()
        if not isinstance(exc, ValidationFailed):
            self.status_label.setText(self.tr("未保存。"))
            self.ctx.show_error(exc)
            return
        shown = self.errors.show(exc.errors)
        self.status_label.setText(
            self.tr("未保存：请按红字提示修改后再保存（共 {n} 处）。").replace("{n}", str(len(exc.errors)))
        )
        if shown:
            self.focus_field(shown[0])

    def focus_field(self, field: str) -> None:
        simple = {
            "received_at": self.received_at,
            "way": self.way,
            "matter": self.matter,
            "category_id": self.category,
            "deputy_ids": self.deputies.filter_edit,
        }
        if field in simple:
            simple[field].setFocus()
            return
        for prefix, rows in (("visitors[", self.visitor_rows), ("opinions[", self.opinion_rows)):
            if field.startswith(prefix):
                index = int(field[len(prefix) : field.index("]")])
                if index < len(rows):
                    rows[index].widget_for(field.rsplit(".", 1)[-1]).setFocus()
