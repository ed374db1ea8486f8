"""代表名册: every deputy of the station, filtered by name or pinyin initials; add and edit; the selected
deputy's 履职情况统计 of a year through the one preview-and-print dialog (``ui.form_preview``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from heshi_protocol.vocab import DeputyLevel, Gender
from heshi_station.ledger import reference_data
from heshi_station.ledger.dto import DeputyInput, DeputyRecord
from heshi_station.reports import pdf_forms
from heshi_station.ui.form_preview import FormPreviewDialog
from heshi_station.ui.pages.editable_list import EditableList
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import section_title


class DeputiesPage(EditableList):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            [
                (self.tr("姓名"), lambda d: d.name),
                (self.tr("层级"), lambda d: d.level_label),
                (self.tr("性别"), lambda d: Gender(d.gender).label if d.gender else ""),
                (self.tr("选区/联系村"), lambda d: d.constituency),
                (self.tr("电话"), lambda d: d.phone),
                (self.tr("状态"), lambda d: self.tr("在任") if d.active else self.tr("停用")),
            ],
            parent,
        )
        self.name = self.add_field("name", self.tr("姓名"), QLineEdit())
        self.level = QComboBox()
        for lv in DeputyLevel:
            self.level.addItem(lv.label, lv.value)
        self.add_field("level", self.tr("代表层级"), self.level)
        self.gender = QComboBox()
        for g in (Gender.UNKNOWN, Gender.MALE, Gender.FEMALE):
            self.gender.addItem(g.label, g.value)
        self.add_field("gender", self.tr("性别"), self.gender)
        self.constituency = self.add_field("constituency", self.tr("选区/联系村"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("电话"), QLineEdit())
        self.active = QCheckBox(self.tr("在任"))
        self.add_field("active", "", self.active)
        lay = QVBoxLayout(self)
        lay.addWidget(section_title(self.tr("代表名册")))
        lay.addLayout(self.body, 1)
        forms = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(ctx.ledger.today().year)
        self.yearly_button = QPushButton(self.tr("打印履职情况统计…"))
        self.yearly_button.clicked.connect(self.open_yearly)
        forms.addWidget(self.year)
        forms.addWidget(self.yearly_button)
        forms.addStretch(1)
        lay.addLayout(forms)
        self.last_form: FormPreviewDialog | None = None
        self.refresh()

    def edit(self, record: DeputyRecord | None) -> None:
        super().edit(record)
        self.yearly_button.setEnabled(record is not None)

    def open_yearly(self) -> FormPreviewDialog | None:
        """The selected deputy's 履职情况统计 of the chosen year (returned for tests)."""
        record = next((d for d in self.all_rows if d.id == self.editing_id), None)
        if record is None:
            return None
        led, year, deputy_id = self.ctx.ledger, self.year.value(), record.id
        title = self.tr("履职情况统计")

        def render(path):
            return pdf_forms.deputy_yearly_pdf(led, year, path, deputy_id=deputy_id)

        self.last_form = FormPreviewDialog(self.ctx, title, render, f"履职情况统计-{record.name}-{year}.pdf", self)
        self.last_form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_form.show()
        return self.last_form

    def load(self) -> list[DeputyRecord]:
        return reference_data.list_deputies(self.ctx.ledger)

    def matches(self, record: DeputyRecord, text: str) -> bool:
        return text in record.name or record.name_initials.lower().startswith(text)

    def fill_form(self, d: DeputyRecord | None) -> None:
        self.name.setText(d.name if d else "")
        self.level.setCurrentIndex(max(0, self.level.findData(d.level if d else DeputyLevel.TOWNSHIP.value)))
        self.gender.setCurrentIndex(max(0, self.gender.findData(d.gender if d else "")))
        self.constituency.setText(d.constituency if d else "")
        self.phone.setText(d.phone if d else "")
        self.active.setChecked(d.active if d else True)

    def save_fn(self) -> Callable[[], DeputyRecord]:
        data = DeputyInput(
            name=self.name.text().strip(),
            level=self.level.currentData(),
            gender=self.gender.currentData() or "",
            constituency=self.constituency.text().strip(),
            phone=self.phone.text().strip(),
            active=self.active.isChecked(),
        )
        led, deputy_id = self.ctx.ledger, self.editing_id
        return lambda: reference_data.save_deputy(led, data, deputy_id)
