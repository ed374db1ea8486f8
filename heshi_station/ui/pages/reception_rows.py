"""The repeating rows of the reception form: one per visitor, one per opinion.

Each row knows its index, turns itself into the ledger's input dataclass, and binds its error labels to
the ledger's field names (``visitors[i].phone``, ``opinions[i].lead_unit_id``) so a ValidationFailed
lands next to the right box.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from heshi_protocol.vocab import Gender, Route
from heshi_station.ledger.dto import PROVISIONAL_MARK, CategoryRecord, OpinionInput, UnitRecord, VisitorInput
from heshi_station.ledger.queries import KnownVisitor
from heshi_station.ledger.validation import phone_problem
from heshi_station.ui.widgets import FieldErrors, error_label


def pick_data(combo: QComboBox, value: object) -> None:
    """Select the entry carrying ``value``; an unknown value (e.g. a unit since removed) leaves it as is."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def state_text(source: dict, key: str) -> str:
    """``source[key]`` if it is text, else "" (a draft file may hold anything)."""
    value = source.get(key, "")
    return value if isinstance(value, str) else ""


def remove_button(parent: QWidget, tip: str) -> QPushButton:
    """The ✕ of a row added by mistake. Out of the Tab chain (Tab walks the fields clerks fill), so it is
    reached with the mouse; the form's own shortcuts stay as they are."""
    button = QPushButton("✕", parent)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    button.setFixedWidth(button.fontMetrics().horizontalAdvance("✕") + 20)
    return button


class VisitorRow(QFrame):
    """姓名 / 性别 / 联系电话 / 村(社区) / 人数, with autocomplete of visitors seen before."""

    lookup_requested = Signal(object, str)  # (row, prefix): the page runs queries.find_visitors
    submit_requested = Signal()
    remove_requested = Signal(object)  # (row): the clerk added it by mistake

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("姓名（可输入拼音首字母查找）"))
        self.gender = QComboBox()
        for g in (Gender.UNKNOWN, Gender.MALE, Gender.FEMALE):
            self.gender.addItem(g.label, g.value)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("手机或座机"))
        self.village = QLineEdit()
        self.village.setPlaceholderText(self.tr("村（社区）"))
        self.group_size = QSpinBox()
        self.group_size.setRange(1, 999)
        self.title = QLabel()
        self.errors = error_label()
        grid = QGridLayout(self)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(QLabel(self.tr("性别")), 0, 2)
        grid.addWidget(self.gender, 0, 3)
        grid.addWidget(QLabel(self.tr("电话")), 0, 4)
        grid.addWidget(self.phone, 0, 5)
        grid.addWidget(QLabel(self.tr("村(社区)")), 0, 6)
        grid.addWidget(self.village, 0, 7)
        grid.addWidget(QLabel(self.tr("人数")), 0, 8)
        grid.addWidget(self.group_size, 0, 9)
        self.remove = remove_button(self, self.tr("删除这位来访人"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid.addWidget(self.remove, 0, 10)
        grid.addWidget(self.errors, 1, 1, 1, 9)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 2)
        grid.setColumnStretch(7, 2)
        self._known: dict[str, KnownVisitor] = {}
        self._completers = []
        for edit in (self.name, self.phone):
            completer = QCompleter(QStringListModel(self), edit)  # parented: Python must not free it
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.activated.connect(self._completion_chosen)
            edit.setCompleter(completer)
            edit.textEdited.connect(lambda text, e=edit: self.lookup_requested.emit(self, text))
            self._completers.append(completer)
        for edit in (self.name, self.phone, self.village):
            edit.returnPressed.connect(self._return_pressed)
        self.phone.editingFinished.connect(self._check_phone)
        self.set_index(index)

    def set_index(self, index: int) -> None:
        self.index = index
        self.title.setText(self.tr("来访人") + str(index + 1))

    def bind_errors(self, errors: FieldErrors) -> None:
        for f in ("name", "gender", "phone", "id_number", "group_size"):
            errors.bind(f"visitors[{self.index}].{f}", self.errors)

    def widget_for(self, field: str) -> QWidget:
        return {"phone": self.phone, "gender": self.gender, "group_size": self.group_size}.get(field, self.name)

    def show_known(self, prefix: str, known: list[KnownVisitor]) -> None:
        """Offer ``known`` visitors as completions of the box the clerk is typing in."""
        self._known = {self._display(k): k for k in known}
        for completer in self._completers:
            completer.model().setStringList(list(self._known))
            if completer.widget() is not None and completer.widget().hasFocus() and known:
                completer.setCompletionPrefix("")
                completer.complete()

    @staticmethod
    def _display(k: KnownVisitor) -> str:
        return f"{k.name}  {k.phone}  {k.village}".strip()

    def _completion_chosen(self, text: str) -> None:
        known = self._known.get(text)
        if known is not None:
            # The completer writes its own text into the box after this signal: fill in on the next turn.
            QTimer.singleShot(0, lambda: self.fill(known))

    def fill(self, k: KnownVisitor) -> None:
        self.name.setText(k.name)
        self.phone.setText(k.phone)
        self.village.setText(k.village)
        idx = self.gender.findData(k.gender)
        self.gender.setCurrentIndex(max(0, idx))

    def _check_phone(self) -> None:
        problem = phone_problem(self.phone.text())
        self.errors.setText(
            self.tr("来访人") + f"{self.index + 1} " + self.tr("联系电话") + f"：{problem}" if problem else ""
        )
        self.errors.setVisible(bool(problem))

    def _return_pressed(self) -> None:
        if not any(c.popup().isVisible() for c in self._completers):
            self.submit_requested.emit()

    def state(self) -> dict:
        """What is typed in this row as plain JSON-able data (for the crash draft)."""
        return {
            "name": self.name.text(),
            "gender": self.gender.currentData(),
            "phone": self.phone.text(),
            "village": self.village.text(),
            "group_size": self.group_size.value(),
        }

    def apply_state(self, state: dict) -> None:
        self.name.setText(state_text(state, "name"))
        pick_data(self.gender, state.get("gender"))
        self.phone.setText(state_text(state, "phone"))
        self.village.setText(state_text(state, "village"))
        size = state.get("group_size")
        if isinstance(size, int):
            self.group_size.setValue(size)

    def to_input(self) -> VisitorInput:
        return VisitorInput(
            name=self.name.text().strip(),
            gender=self.gender.currentData() or "",
            phone=self.phone.text().strip(),
            village=self.village.text().strip(),
            group_size=self.group_size.value(),
        )

    def is_blank(self) -> bool:
        return not (self.name.text().strip() or self.phone.text().strip() or self.village.text().strip())


class OpinionRow(QFrame):
    """One opinion: its content, route, lead unit (转办/形成代表建议) or answer (当场答复).

    The deadline the ledger will compute is shown (with （暂定） when it was counted over a year without
    the official holiday table); 手填截止日期 lets the clerk type another date, with the reason the ledger
    requires (kept on the event as ``due_typed``/``due_reason``).
    """

    submit_requested = Signal()
    content_changed = Signal()
    remove_requested = Signal(object)  # (row): the clerk added it by mistake

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(self.tr("意见建议内容（不填则不形成意见）"))
        self.content.setFixedHeight(self.content.fontMetrics().lineSpacing() * 3 + 16)
        self.route = QComboBox()
        for r in Route:
            self.route.addItem(r.label, r.value)
        self.route.setCurrentIndex(self.route.findData(Route.TRANSFER.value))
        self._route_chosen = False  # until the clerk picks a route, the page may choose the default
        self.lead_unit = QComboBox()
        self.answer = QLineEdit()
        self.answer.setPlaceholderText(self.tr("当场答复的内容"))
        self.deadline = QLabel()
        self.deadline.setObjectName("row_deadline")
        self.typed_due = QCheckBox(self.tr("手填截止日期"))
        self.due_date = QDateEdit()
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setCalendarPopup(True)
        self.due_reason = QLineEdit()
        self.due_reason.setPlaceholderText(self.tr("手填截止日期的理由（必填）"))
        self._computed_due: date | None = None
        self._due_set = False  # the typed date starts from the computed one until the clerk sets it
        self.errors = error_label()
        grid = QGridLayout(self)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.content, 0, 1, 1, 7)
        self.remove = remove_button(self, self.tr("删除这条意见"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid.addWidget(self.remove, 0, 8, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(QLabel(self.tr("处理方式")), 1, 0)
        grid.addWidget(self.route, 1, 1)
        grid.addWidget(QLabel(self.tr("主办单位")), 1, 2)
        grid.addWidget(self.lead_unit, 1, 3)
        grid.addWidget(self.deadline, 1, 4)
        grid.addWidget(QLabel(self.tr("答复")), 1, 5)
        grid.addWidget(self.answer, 1, 6, 1, 2)
        grid.addWidget(self.typed_due, 2, 1)
        grid.addWidget(self.due_date, 2, 2, 1, 2)
        grid.addWidget(self.due_reason, 2, 4, 1, 4)
        grid.addWidget(self.errors, 3, 1, 1, 7)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(6, 2)
        self.route.currentIndexChanged.connect(self._route_changed)
        self.route.activated.connect(self._route_picked)
        self.typed_due.toggled.connect(self._typed_toggled)
        self.answer.returnPressed.connect(self.submit_requested)
        self.content.textChanged.connect(self.content_changed)
        self.set_index(index)
        self._route_changed()

    def set_index(self, index: int) -> None:
        self.index = index
        self.title.setText(self.tr("意见") + str(index + 1))

    def set_units(self, units: list[UnitRecord]) -> None:
        current = self.lead_unit.currentData()
        self.lead_unit.clear()
        self.lead_unit.addItem(self.tr("（选择主办单位）"), None)
        for u in units:
            if u.active:
                self.lead_unit.addItem(u.name, u.id)
        self.lead_unit.setCurrentIndex(max(0, self.lead_unit.findData(current)))

    def bind_errors(self, errors: FieldErrors) -> None:
        fields = ("content", "route", "lead_unit_id", "answer", "category_id", "due_date", "due_reason",
                  "time_limit_days")  # fmt: skip
        for f in fields:
            errors.bind(f"opinions[{self.index}].{f}", self.errors)

    def widget_for(self, field: str) -> QWidget:
        widgets = {"route": self.route, "lead_unit_id": self.lead_unit, "answer": self.answer,
                   "due_date": self.due_date, "due_reason": self.due_reason}  # fmt: skip
        return widgets.get(field, self.content)

    def tab_widgets(self) -> list[QWidget]:
        """This row's boxes in reading order (the page skips hidden and disabled ones)."""
        return [self.content, self.route, self.lead_unit, self.typed_due, self.due_date, self.due_reason, self.answer]

    def route_value(self) -> str:
        return self.route.currentData()

    def set_default_route(self, route: str) -> None:
        """The page's default (e.g. 联络站办理 while the ledger has no handling unit); a route the clerk
        picked is kept."""
        if not self._route_chosen:
            pick_data(self.route, route)

    def _route_picked(self) -> None:
        self._route_chosen = True

    def has_deadline(self) -> bool:
        """Routes that get a deadline: 转办, 形成代表建议 and 联络站办理 (当场答复 has none)."""
        return self.route_value() in (Route.TRANSFER.value, Route.SUGGESTION.value, Route.STATION.value)

    def _route_changed(self) -> None:
        route = self.route_value()
        needs_unit = route in (Route.TRANSFER.value, Route.SUGGESTION.value)
        self.lead_unit.setEnabled(needs_unit)
        self.answer.setEnabled(route == Route.ON_SPOT.value)
        self.deadline.setVisible(self.has_deadline())
        self.typed_due.setVisible(self.has_deadline())
        self._typed_toggled(self.typed_due.isChecked())

    def _typed_toggled(self, typed: bool) -> None:
        shown = typed and self.has_deadline()
        self.due_date.setVisible(shown)
        self.due_reason.setVisible(shown)
        if typed and not self._due_set:
            self.due_date.setDate(QDate(self._computed_due) if self._computed_due else QDate.currentDate())
            self._due_set = True

    def is_typed(self) -> bool:
        return self.typed_due.isChecked() and self.has_deadline()

    def show_deadline(
        self, due: date | None, category: CategoryRecord | None, problem: str = "", *, provisional: bool = False
    ) -> None:
        """The computed deadline (``provisional``: counted over a year without the official table: 暂定)."""
        self._computed_due = due
        if problem:
            self.deadline.setText(problem)
        elif due and category:
            self.deadline.setText(
                self.tr("时限{n}个工作日，截止 {due}")
                .replace("{n}", str(category.time_limit_days))
                .replace("{due}", due.isoformat() + (PROVISIONAL_MARK if provisional else ""))
            )
        elif due:
            self.deadline.setText(
                self.tr("截止 {due}").replace("{due}", due.isoformat() + (PROVISIONAL_MARK if provisional else ""))
            )
        else:
            self.deadline.setText("")
        if self.is_typed():
            self.deadline.setText(self.tr("按手填截止日期"))

    def is_blank(self) -> bool:
        return not self.content.toPlainText().strip()

    def state(self) -> dict:
        """What is typed in this row as plain JSON-able data (for the crash draft)."""
        return {
            "content": self.content.toPlainText(),
            "route": self.route.currentData(),
            "lead_unit_id": self.lead_unit.currentData(),
            "answer": self.answer.text(),
            "due_typed": self.typed_due.isChecked(),
            "due_date": self.due_date.date().toString(Qt.DateFormat.ISODate) if self.typed_due.isChecked() else "",
            "due_reason": self.due_reason.text(),
        }

    def apply_state(self, state: dict) -> None:
        self.content.setPlainText(state_text(state, "content"))
        if state.get("route"):
            pick_data(self.route, state.get("route"))
            self._route_chosen = True
        pick_data(self.lead_unit, state.get("lead_unit_id"))
        self.answer.setText(state_text(state, "answer"))
        due = QDate.fromString(state_text(state, "due_date"), Qt.DateFormat.ISODate)
        if due.isValid():
            self.due_date.setDate(due)
            self._due_set = True
        self.due_reason.setText(state_text(state, "due_reason"))
        self.typed_due.setChecked(bool(state.get("due_typed")))

    def to_input(self) -> OpinionInput:
        route = self.route_value()
        return OpinionInput(
            content=self.content.toPlainText().strip(),
            route=route,
            lead_unit_id=self.lead_unit.currentData()
            if route in (Route.TRANSFER.value, Route.SUGGESTION.value)
            else None,
            answer=self.answer.text().strip() if route == Route.ON_SPOT.value else "",
            due_date=self.due_date.date().toPython() if self.is_typed() else None,
            due_reason=self.due_reason.text().strip() if self.is_typed() else "",
        )
