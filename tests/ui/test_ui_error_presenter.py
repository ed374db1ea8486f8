"""One user-facing error base and one presenter for the window and the command line."""

from __future__ import annotations

import sqlite3

from heshi_protocol.errors import UserFacingError
from heshi_station import cli
from heshi_station.db.migrate import LedgerFileError, NotALedgerFile
from heshi_station.error_messages import describe, user_message
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.storage_errors import DiskFull
from heshi_station.sync.errors import CentreUnreachable, SyncError


def test_every_error_raised_on_purpose_is_user_facing() -> None:
    for cls in (LedgerFileError, NotALedgerFile, DiskFull, SyncError, CentreUnreachable, NotFound):
        assert issubclass(cls, UserFacingError), cls
    assert user_message(CentreUnreachable("连接不上市中心。")) == "连接不上市中心。"
    full = sqlite3.OperationalError("database or disk is full")
    assert "磁盘" in user_message(full)
    assert user_message(ZeroDivisionError("x")) is None  # a bug stays a bug
    assert "日志" in describe(ZeroDivisionError("x"))


def test_window_presenter_puts_expected_failures_inline_and_unexpected_in_a_box(qtbot, ctx, monkeypatch) -> None:
    inline: list[str] = []
    fields: list[list] = []
    boxes: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", boxes.append)
    report = ctx.report_to(inline.append, fields.append)
    errors = [FieldError("name", "姓名", "必须填写")]
    report(ValidationFailed(errors))
    report(CentreUnreachable("连接不上市中心。"))
    report(NotALedgerFile("这不是台账文件。"))
    report(RuntimeError("bug"))
    assert fields == [errors]
    assert inline == ["连接不上市中心。", "这不是台账文件。"]
    assert [type(e) for e in boxes] == [RuntimeError]
    # Without a field handler, field errors are a sentence in the message line too.
    ctx.report_to(inline.append)(ValidationFailed(errors))
    assert "姓名" in inline[-1]


def test_cli_uses_the_same_presenter(tmp_path, capsys) -> None:
    not_a_ledger = tmp_path / "notes.sqlite3"
    not_a_ledger.write_text("这不是数据库", encoding="utf-8")
    assert cli.main(["stats", "--db", str(not_a_ledger), "--month", "2026-11"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
