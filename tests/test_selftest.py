"""``heshi-station --self-test``: every step runs in a temporary folder; any failure gives exit code 1."""

from __future__ import annotations

from heshi_station import cli, selftest


def test_self_test_passes_and_leaves_user_data_alone(capsys, tmp_path):
    assert cli.main(["--self-test"]) == 0
    out = capsys.readouterr().out
    for step in ("新建台账并完成数据库迁移", "登记一次接待", "打印本月接待台账 PDF", "备份并校验", "界面库"):
        assert f"[通过] {step}" in out
    assert out.strip().endswith("自检通过")
    assert not (tmp_path / "data").exists()  # HESHI_DATA_DIR (the clerk's folder) was never created


def test_self_test_fails_when_a_step_fails(capsys, monkeypatch):
    def broken_pdf(*_args):
        raise RuntimeError("打印机坏了")

    monkeypatch.setattr(selftest, "render_month_pdf", broken_pdf)
    assert selftest.run() == 1
    out = capsys.readouterr().out
    assert "[失败] 打印本月接待台账 PDF：打印机坏了" in out and "自检未通过：1 项失败" in out
