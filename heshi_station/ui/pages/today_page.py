"""工作台: today's reception day, the opinions needing attention, the month's figures, the sync state.

Each overdue figure is a button that opens 意见办理 filtered to that level (one click), amber (即将到期,
今日到期) or red (已超期, 严重超期) when it is not zero. The month's figures are cards showing this month
and last month; a rate with nothing to judge shows "—". The page scrolls down on small screens, never sideways.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from heshi_protocol.figures import format_rate
from heshi_protocol.vocab import OverdueLevel
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import attendance, queries, stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.holidays import year_end_notice
from heshi_station.ui.sync_widgets import LastSyncLabel
from heshi_station.ui.theme import mark_deadline
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import section_title


class FigureCard(QFrame):
    """One figure of the month as a card: caption, this month's value (large), last month's value (small)."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(0)
        self.title = QLabel(title)
        self.title.setObjectName("card_title")
        self.value = QLabel("—")
        self.value.setObjectName("card_value")
        self.value.setAccessibleName(title)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.value.setFont(font)
        self.previous = QLabel()
        self.previous.setObjectName("card_previous")
        for label in (self.title, self.value, self.previous):
            lay.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_values(self, this_month: str, last_month: str) -> None:
        self.value.setText(this_month)
        self.previous.setText(self.tr("上月 {value}").replace("{value}", last_month))


class TodayPage(QWidget):
    navigate_requested = Signal(str, object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        body = QWidget()
        lay = QVBoxLayout(body)
        self.heading = section_title("")
        lay.addWidget(self.heading)
        # From 1 November, when next year's official holiday table is missing: what to do (from the ledger).
        self.year_end_notice = QLabel()
        self.year_end_notice.setObjectName("year_end_notice")
        self.year_end_notice.setWordWrap(True)
        self.year_end_notice.hide()
        lay.addWidget(self.year_end_notice)

        day_box = QGroupBox(self.tr("今日接待"))
        self.day_label = QLabel()
        self.day_label.setWordWrap(True)
        QVBoxLayout(day_box).addWidget(self.day_label)
        lay.addWidget(day_box)

        due_box = QGroupBox(self.tr("需要关注的意见"))
        due_lay = QGridLayout(due_box)
        self.overdue_buttons: dict[str, QPushButton] = {}
        for col, level in enumerate(OverdueLevel):
            button = QPushButton()
            button.setObjectName(f"overdue_{level.value}")
            button.setProperty("card", True)
            button.setMinimumHeight(button.fontMetrics().height() * 3)
            button.clicked.connect(lambda _=False, lv=level.value: self.navigate_requested.emit("opinions", lv))
            due_lay.addWidget(button, 0, col)
            self.overdue_buttons[level.value] = button
        lay.addWidget(due_box)

        month_box = QGroupBox(self.tr("本月工作（与上月对比）"))
        self.month_grid = QGridLayout(month_box)
        self.month_cards: dict[str, FigureCard] = {}
        figures = [
            ("receptions", self.tr("接待批次")),
            ("people_received", self.tr("接待人数")),
            ("opinions_collected", self.tr("收集意见")),
            ("answered_on_spot", self.tr("当场答复")),
            ("transferred", self.tr("转办")),
            ("closed", self.tr("办结")),
            ("fed_back", self.tr("已反馈")),
            ("on_time_rate", self.tr("按时办结率")),
            ("satisfaction_rate", self.tr("满意率")),
        ]
        for i, (key, title) in enumerate(figures):
            card = FigureCard(key, title)
            card.value.setObjectName(f"month_{key}")
            self.month_grid.addWidget(card, i // 5, i % 5)
            self.month_cards[key] = card
        for col in range(5):
            self.month_grid.setColumnStretch(col, 1)
        self.month_values: dict[str, QLabel] = {k: c.value for k, c in self.month_cards.items()}
        lay.addWidget(month_box)

        sync_box = QGroupBox(self.tr("同步"))
        sync_lay = QVBoxLayout(sync_box)
        self.sync_label = QLabel()
        self.last_sync_label = LastSyncLabel(ctx, self)
        sync_lay.addWidget(self.sync_label)
        sync_lay.addWidget(self.last_sync_label)
        lay.addWidget(sync_box)
        lay.addStretch(1)
        # Small screens (1366×768 at 150 %): the page scrolls down, never sideways.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.loaded = False
        self._generation = 0
        self.refresh()

    def refresh(self) -> None:
        """Re-read the figures in a worker (a month's statistics on a large ledger take a moment), then show
        them; a slower earlier read never overwrites a newer one."""
        self._generation += 1
        generation = self._generation
        led = self.ctx.ledger
        self.ctx.run_task(
            lambda: gather_today(led), lambda data: generation == self._generation and self.show_data(data)
        )

    def show_data(self, data: dict) -> None:
        today = data["today"]
        self.heading.setText(self.tr("今天是 {day}").replace("{day}", f"{today:%Y年%m月%d日}"))
        days = data["days"]
        if days:
            d = days[0]
            text = (
                self.tr("接待日 {start}–{end}，地点：{place}\n值班代表：{names}")
                .replace("{start}", f"{d.start_time:%H:%M}")
                .replace("{end}", f"{d.end_time:%H:%M}")
                .replace("{place}", d.place)
                .replace("{names}", "、".join(d.deputy_names) or "—")
            )
        else:
            upcoming = data["upcoming"]
            nxt = (self.tr("下一个接待日：") + f"{upcoming[0].day:%m月%d日}") if upcoming else ""
            text = self.tr("今天没有安排接待日。") + nxt
        if data["calendar_problem"]:
            text += "\n" + data["calendar_problem"]
        self.day_label.setText(text)
        notice = data.get("year_end_notice")
        self.year_end_notice.setText(notice.text() if notice else "")
        self.year_end_notice.setVisible(notice is not None)
        counts = data["counts"]
        for level in OverdueLevel:
            n = counts.get(level.value, 0)
            button = self.overdue_buttons[level.value]
            button.setText(f"{level.label}\n{n}")
            mark_deadline(button, level.value if n else None)  # amber / red only when there is something
        figures, previous = data["figures"], data.get("previous", {})
        for key, card in self.month_cards.items():
            card.set_values(_figure_text(key, figures.get(key)), _figure_text(key, previous.get(key)))
        self.sync_label.setText(self.tr("待同步记录：{n} 条").replace("{n}", str(data["pending"])))
        self.loaded = True

    def figure(self, key: str) -> str:
        """The text of one month figure (tests and screenshots read it)."""
        return self.month_values[key].text()

    def previous_figure(self, key: str) -> str:
        """Last month's text of one figure."""
        return self.month_cards[key].previous.text()


def _figure_text(key: str, value) -> str:
    """A count as a number; a rate as a percentage, or "—" when there was nothing to judge."""
    return format_rate(value) if key.endswith("_rate") else str(value or 0)


def gather_today(led: Ledger) -> dict:
    """Everything the page shows, read from the ledger (runs in a worker; plain data only)."""
    today = led.today()
    data: dict = {"today": today, "calendar_problem": ""}
    data["days"] = attendance.list_reception_days(led, today, today + timedelta(days=1))
    data["upcoming"] = [] if data["days"] else attendance.list_reception_days(led, today, today + timedelta(days=31))
    try:
        data["counts"] = queries.overdue_counts(led)
    except CalendarYearMissing as exc:
        data["counts"], data["calendar_problem"] = {}, str(exc)
    data["figures"] = stats.monthly_stats(led, today.year, today.month).summary()
    last = today.replace(day=1) - timedelta(days=1)
    data["previous"] = stats.monthly_stats(led, last.year, last.month).summary()
    data["pending"] = led.pending_outbox_count()
    data["year_end_notice"] = year_end_notice(led, today)
    return data
