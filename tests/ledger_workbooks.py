"""Old ledgers as stations really keep them, built for the tests (fictional people, 199 phone numbers).

- :func:`wps_opinion_register`: a WPS-style 意见建议办理台账 with a merged title naming the year, a two-row
  header (来访人 over 姓名 | 联系电话; 办理情况 over 承办单位 | 办理结果), a date merged over the three rows of one
  reception day, dates without a year and with 上午/下午, a 备注 column and deputies not on the roster;
- :func:`ole2_file`: a real OLE2 compound file (the container of .xls, .et and encrypted workbooks) with one
  BIFF workbook stream, optionally carrying the FILEPASS record of an encrypted .xls;
- :func:`encrypted_xlsx`: a real password-protected .xlsx, encrypted with msoffcrypto-tool.
"""

from __future__ import annotations

import struct
from pathlib import Path

from openpyxl import Workbook

ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def wps_opinion_register(path: Path, *, year_in_title: bool = True) -> Path:
    """The register described in the module docstring; rows 5.. are data (see ROWS for what each is)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "意见建议办理"
    ws["A1"] = (
        "金山街道人大代表联络站2019年意见建议办理台账" if year_in_title else "金山街道人大代表联络站意见建议办理台账"
    )
    ws.merge_cells("A1:J1")
    ws["A2"] = "填报单位：金山街道人大代表联络站"
    ws.merge_cells("A2:E2")
    top = ["序号", "接待日期", "来访人", None, "反映问题", "类别", "接待代表", "办理情况", None, "备注"]
    sub = [None, None, "姓名", "联系电话", None, None, None, "承办单位", "办理结果", None]
    for col, (t, s) in enumerate(zip(top, sub, strict=True), start=1):
        ws.cell(row=3, column=col, value=t)
        ws.cell(row=4, column=col, value=s)
    for col in "ABEFGJ":  # headers that span both header rows
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("C3:D3")
    ws.merge_cells("H3:I3")
    for r in ROWS:
        ws.append(r)
    ws.merge_cells("B5:B7")  # one reception day, three visitors
    wb.save(path)
    return path


#: The data rows of :func:`wps_opinion_register` (row 5 onwards), and what each becomes.
ROWS = [
    # 5: date merged over 5–7, morning; unit replied → transfer + the unit's reply
    [1, "11月5日上午", "孙一", "19900003301", "村口路面塌陷", "道路交通", "张三", "区交通运输局", "已修复路面", ""],
    # 6: same day; unit, no result → transfer, open, historical
    [2, None, "孙二", "19900003302", "灌溉渠堵塞", "农田水利", "李四", "区水利局", None, "群众多次反映"],
    # 7: same day; no unit, a result → answered on the spot
    [3, None, "孙三", "", "咨询高龄补贴", "养老服务", "", None, "当场解释了高龄补贴政策", ""],
    # 8: afternoon with a time; a unit the ledger does not know → bad row until the unit is added
    [4, "11月12日下午3点", "孙四", "19900003304", "小区路灯不亮", "", "王五", "区城市管理局", None, ""],
    # 9: full date with time; no unit, no result → station, historical; one deputy not on the roster
    [5, "2019年11月20日 14:30", "孙五", "", "村里缺少健身器材", "", "张三、赵六", None, None, "需协调体育部门"],
    # 10: lead and assisting units in one cell, replied
    [6, "11月25日", "孙六", "19900003306", "排水沟年久失修", "农田水利", "李四",
     "主办：区水利局；协办：测试街道办事处", "已清淤并加固沟渠", ""],
]  # fmt: skip


# --------------------------------------------------------------------------------------- OLE2 containers
def _biff_record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def biff_workbook_stream(*, encrypted: bool = False) -> bytes:
    """A BIFF8 workbook globals substream: BOF, (FILEPASS when encrypted), EOF; padded past the mini-stream limit."""
    bof = _biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    body = bof
    if encrypted:
        body += _biff_record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))  # FILEPASS, RC4 header
    body += _biff_record(0x000A)  # EOF
    return body + bytes(max(0, 4608 - len(body)))


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\x00")
    entry += struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, colour black
    entry += struct.pack("<III", NOSTREAM, NOSTREAM, child)
    entry += bytes(16) + struct.pack("<I", 0) + bytes(16)  # CLSID, state bits, times
    entry += struct.pack("<IQ", start, size)
    return entry


def ole2_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A version-3 compound file holding ``streams`` (each ≥ 4096 bytes, stored in regular sectors)."""
    sector = 512
    names = list(streams)
    data_sectors: list[bytes] = []
    starts = []
    next_sector = 2  # sector 0: FAT, sector 1: directory
    fat = [FATSECT, ENDOFCHAIN]
    for name in names:
        blob = streams[name]
        assert len(blob) >= 4096, "streams under 4096 bytes would belong in the mini stream"
        chunks = [blob[i : i + sector].ljust(sector, b"\x00") for i in range(0, len(blob), sector)]
        starts.append(next_sector)
        for i in range(len(chunks)):
            fat.append(next_sector + i + 1 if i < len(chunks) - 1 else ENDOFCHAIN)
        next_sector += len(chunks)
        data_sectors.extend(chunks)
    assert len(fat) <= sector // 4 and len(names) <= 3
    fat_sector = b"".join(struct.pack("<I", v) for v in fat + [FREESECT] * (sector // 4 - len(fat)))
    # Root's child is entry 1; further streams hang off entry 1's right sibling chain (all black: valid).
    entries = [_dir_entry("Root Entry", 5, 1 if names else NOSTREAM, ENDOFCHAIN, 0)]
    for i, name in enumerate(names):
        e = bytearray(_dir_entry(name, 2, NOSTREAM, starts[i], len(streams[name])))
        if i + 1 < len(names):
            struct.pack_into("<I", e, 72, i + 2)  # right sibling
        entries.append(bytes(e))
    while len(entries) < 4:
        entries.append(_dir_entry("", 0, NOSTREAM, 0, 0))
    directory = b"".join(entries)
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 40, 0, 1, 1, 0)  # dir sectors, FAT sectors, first dir sector, txn
    struct.pack_into("<IIIII", header, 56, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0] = FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, FREESECT)
    path.write_bytes(bytes(header) + fat_sector + directory + b"".join(data_sectors))
    return path


def xls_file(path: Path, *, encrypted: bool = False) -> Path:
    return ole2_file(path, {"Workbook": biff_workbook_stream(encrypted=encrypted)})


def encrypted_xlsx(path: Path, password: str = "Ceshi-2019") -> Path:
    """A real .xlsx with an opening password (ECMA-376 agile encryption, as Excel and WPS write it)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_name(path.stem + "-plain.xlsx")
    wb = Workbook()
    wb.active.append(["接待日期", "来访人", "反映问题"])
    wb.active.append(["2019-11-05", "孙一", "村口路面塌陷"])
    wb.save(plain)
    with plain.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt(password, dst)
    plain.unlink()
    return path
