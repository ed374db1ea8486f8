"""The Excel import preview: what was recognised, the good rows, and EVERY bad row with its reason.

The clerk chooses "全部不导入" (import nothing) or "只导入没问题的行" / "导入" (the good rows); the dialog
itself writes nothing — the page applies the import after ``exec()`` returns ``Accepted``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from heshi_station.reports.excel_import import ImportPreview

PREVIEW_ROWS = 500


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("导入 Excel 台账 — 预览")
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        lines = preview.report_lines()
        summary = QLabel("\n".join(lines[:4]))
        summary.setWordWrap(True)
        layout.addWidget(summary)

        tabs = QTabWidget()
        self.good_table = QTableWidget(min(len(preview.rows), PREVIEW_ROWS), 7)
        self.good_table.setHorizontalHeaderLabels(
            ["行号", "接待时间", "来访人", "联系电话", "村(社区)", "反映问题", "办理情况"]
        )
        for i, r in enumerate(preview.rows[:PREVIEW_ROWS]):
            values = [
                str(r.row_number),
                r.received_at.strftime("%Y-%m-%d %H:%M"),
                "匿名" if r.anonymous else r.name,
                r.phone,
                r.village,
                r.matter,
                r.outcome,
            ]
            for j, v in enumerate(values):
                self.good_table.setItem(i, j, QTableWidgetItem(v))
        self.good_table.resizeColumnsToContents()
        tabs.addTab(self.good_table, f"可导入的行（{len(preview.rows)}）")
        self.problem_list = QListWidget()
        self.problem_list.addItems([str(p) for p in preview.problems])
        tabs.addTab(self.problem_list, f"有问题的行（{len(preview.problems)}）")
        if preview.problems:
            tabs.setCurrentIndex(1)
        layout.addWidget(tabs)

        self.buttons = QDialogButtonBox()
        self.nothing_button = self.buttons.addButton("全部不导入", QDialogButtonBox.ButtonRole.RejectRole)
        label = "只导入没问题的行" if preview.problems else "导入"
        self.import_button = self.buttons.addButton(
            f"{label}（{len(preview.rows)} 行）", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(bool(preview.rows))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
