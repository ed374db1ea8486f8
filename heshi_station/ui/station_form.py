"""The station identity form (used by the first-launch wizard and the settings page)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from heshi_station.ledger.dto import StationInput, StationRecord
from heshi_station.ledger.errors import FieldError
from heshi_station.ui.widgets import FieldErrors, error_label


class StationForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：东风街道人大代表联络站"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("市中心分配的编码，如 DF-01"))
        self.district = QLineEdit()
        self.township = QLineEdit()
        self.address = QLineEdit()
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText(self.tr("联络员姓名，打印台账时作为经办人"))
        self.fallback = error_label()
        self.errors = FieldErrors(self.fallback)
        form = QFormLayout(self)
        for field, title, widget in (
            ("name", self.tr("联络站名称"), self.name),
            ("code", self.tr("联络站编码"), self.code),
            ("district", self.tr("所属区县"), self.district),
            ("township", self.tr("所属乡镇(街道)"), self.township),
            ("address", self.tr("地址"), self.address),
            ("clerk_name", self.tr("联络员"), self.clerk),
        ):
            label = error_label()
            self.errors.bind(field, label)
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(widget)
            lay.addWidget(label)
            form.addRow(title, box)
        form.addRow(QLabel(), self.fallback)

    def set_station(self, station: StationRecord | None, clerk: str) -> None:
        if station:
            self.name.setText(station.name)
            self.code.setText(station.code)
            self.district.setText(station.district)
            self.township.setText(station.township)
            self.address.setText(station.address)
        self.clerk.setText(clerk)

    def station_input(self) -> StationInput:
        return StationInput(
            code=self.code.text().strip(),
            name=self.name.text().strip(),
            district=self.district.text().strip(),
            township=self.township.text().strip(),
            address=self.address.text().strip(),
        )

    def clerk_name(self) -> str:
        return self.clerk.text().strip()

    def show_errors(self, errors: list[FieldError]) -> None:
        self.errors.show(errors)
