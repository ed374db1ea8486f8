"""基础数据: handling units (办理单位) and opinion categories (意见类别) with their time limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.errors import UserFacingError
from heshi_protocol.vocab import UnitKind
from heshi_station.ledger import reference_data
from heshi_station.ledger.dto import CategoryRecord, UnitRecord
from heshi_station.ledger.holidays import HolidayInstallReport, import_holiday_file
from heshi_station.ui.pages.editable_list import EditableList
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import section_title


class UnitsEditor(EditableList):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            [
                (self.tr("单位名称"), lambda u: u.name),
                (self.tr("类型"), lambda u: u.kind_label),
                (self.tr("状态"), lambda u: self.tr("启用") if u.active else self.tr("停用")),
            ],
            parent,
        )
        self.name = self.add_field("name", self.tr("单位名称"), QLineEdit())
        self.kind = QComboBox()
        for k in UnitKind:
            self.kind.addItem(k.label, k.value)
        self.add_field("kind", self.tr("类型"), self.kind)
        self.active = QCheckBox(self.tr("启用"))
        self.add_field("active", "", self.active)
        QVBoxLayout(self).addLayout(self.body)
        self.refresh()

    def load(self) -> list[UnitRecord]:
        return reference_data.list_units(self.ctx.ledger)

    def fill_form(self, u: UnitRecord | None) -> None:
        self.name.setText(u.name if u else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(u.kind if u else UnitKind.DEPARTMENT.value)))
        self.active.setChecked(u.active if u else True)

    def save_fn(self) -> Callable[[], UnitRecord]:
        led, uid = self.ctx.ledger, self.editing_id
        name, kind, active = self.name.text().strip(), self.kind.currentData(), self.active.isChecked()
        return lambda: reference_data.save_unit(led, name, kind, active=active, unit_id=uid)


class CategoriesEditor(EditableList):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            [
                (self.tr("类别"), lambda c: c.name),
                (self.tr("办理时限（工作日）"), lambda c: c.time_limit_days),
                (self.tr("状态"), lambda c: self.tr("启用") if c.active else self.tr("停用")),
            ],
            parent,
        )
        self.name = self.add_field("name", self.tr("类别名称"), QLineEdit())
        self.days = QSpinBox()
        self.days.setRange(1, 120)
        self.days.setSuffix(self.tr(" 个工作日"))
        self.add_field("time_limit_days", self.tr("办理时限"), self.days)
        self.active = QCheckBox(self.tr("启用"))
        self.add_field("active", "", self.active)
        QVBoxLayout(self).addLayout(self.body)
        self.refresh()

    def load(self) -> list[CategoryRecord]:
        return reference_data.list_categories(self.ctx.ledger)

    def fill_form(self, c: CategoryRecord | None) -> None:
        self.name.setText(c.name if c else "")
        self.days.setValue(c.time_limit_days if c else 15)
        self.active.setChecked(c.active if c else True)

    def save_fn(self) -> Callable[[], CategoryRecord]:
        led, cid = self.ctx.ledger, self.editing_id
        name, days, active = self.name.text().strip(), self.days.value(), self.active.isChecked()
        return lambda: reference_data.save_category(led, name, days, active=active, category_id=cid)


class ReferenceDataPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = UnitsEditor(ctx)
        self.categories = CategoriesEditor(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.units, self.tr("办理单位"))
        self.tabs.addTab(self.categories, self.tr("意见类别"))
        self.ctx = ctx
        # For stations that never sync: the year's official holiday table from a file (see README
        # “节假日与办理期限”); the ledger recounts the provisional deadlines and says which moved.
        self.import_holidays_button = QPushButton(self.tr("导入节假日文件…"))
        self.import_holidays_button.setObjectName("import_holidays")
        self.import_holidays_button.clicked.connect(self.choose_holiday_file)
        head = QHBoxLayout()
        head.addWidget(section_title(self.tr("基础数据")))
        head.addStretch(1)
        head.addWidget(self.import_holidays_button)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.units.refresh()
        self.categories.refresh()

    def choose_holiday_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择节假日文件"), "", self.tr("节假日文件 (*.xlsx *.csv)")
        )
        if chosen:
            self.import_holidays(Path(chosen))

    def import_holidays(self, path: Path) -> None:
        """Install the file's year in a worker; the result (or every bad line) is told in a message box."""
        self.import_holidays_button.setEnabled(False)
        led = self.ctx.ledger
        self.ctx.run_task(
            lambda: import_holiday_file(led, path), self._holidays_imported, self._holidays_refused,
            changes_ledger=True,
        )  # fmt: skip

    def _holidays_imported(self, report: HolidayInstallReport) -> None:
        self.import_holidays_button.setEnabled(True)
        self.tell(self.tr("节假日安排已导入"), report.summary())

    def _holidays_refused(self, exc: BaseException) -> None:
        self.import_holidays_button.setEnabled(True)
        if isinstance(exc, UserFacingError):
            self.tell(self.tr("节假日文件未导入"), str(exc))
        else:
            self.ctx.show_error(exc)

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)
