"""Opening a spreadsheet someone chose to import: what it really is, and its cells as a plain grid.

Shared by the station's ledger import and the centre's 基础数据 uploads, so both read (and refuse) files
the same way.

Guarantees of :func:`read_grids`:
- an ``.xlsx``/``.xlsm`` workbook and a ``.csv`` file (UTF-8 with or without BOM, UTF-16 with BOM, GB18030;
  comma, tab or semicolon separated) are read; every other file raises :class:`ImportFileError` with a
  sentence of its own saying what the file is and what to do: an Excel 97–2003 ``.xls``, a WPS ``.et``, an
  encrypted (password-protected) workbook, a damaged or truncated file, a web page saved as ``.xls``, an
  ``.xlsb``/``.ods``/SpreadsheetML file, a Word document, an empty file;
- the file is decided by its content (its first bytes), not by its name: a renamed file gets the message
  for what it really is;
- each grid has every merged range filled with its top-left value (a date merged over the rows of one day
  belongs to each of them; a header merged over two header rows names both), and is never written to.
"""

from __future__ import annotations

import codecs
import csv
import io
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from heshi_protocol.errors import LedgerError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SAVE_AS_XLSX = "请用 Excel 或 WPS 打开它，“另存为” Excel 工作簿（.xlsx）或 CSV（逗号分隔），再导入另存的文件"

# BIFF record types read to tell an encrypted .xls from a plain one.
_BIFF_FILEPASS = 0x002F
_BIFF_BOUNDSHEET = 0x0085
_BIFF_EOF = 0x000A


class ImportFileError(LedgerError):
    """The file cannot be read as a ledger at all; the message says what it is and what to do."""


@dataclass
class SheetGrid:
    """One sheet's cells, row by row (merged ranges filled), with the names around it."""

    title: str  # the sheet's name (a CSV file's stem)
    rows: list[list] = field(default_factory=list)
    file_name: str = ""
    file_kind: str = "xlsx"  # "xlsx" or "csv"


def read_grids(path: Path) -> list[SheetGrid]:
    """Every sheet of ``path`` as a grid; raises ImportFileError for anything that is not a readable ledger."""
    head = _head(path)
    if head.startswith(OLE2_MAGIC):
        raise ImportFileError(_ole2_message(path))
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(path)
    text_head = _as_text(head)
    if text_head is not None:
        low = text_head.lstrip().lower()
        if low.startswith("<") and ("<html" in low or "<table" in low or "<!doctype" in low):
            raise ImportFileError(
                f"{path.name} 是网页格式（HTML）的表格，只是扩展名为 {path.suffix or '（无）'}，不是真正的 Excel 文件。"
                + SAVE_AS_XLSX
                + "。"
            )
        if low.startswith("<?xml") and "spreadsheet" in low:
            raise ImportFileError(f"{path.name} 是 Excel 2003 的 XML 表格格式，不能直接导入。{SAVE_AS_XLSX}。")
        if path.suffix.lower() in CSV_SUFFIXES or path.suffix == "":
            return [_read_csv(path)]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raise ImportFileError(
            f"{path.name} 的扩展名是 {suffix}，但内容不是 Excel 工作簿：文件可能已损坏，或是别的文件改了扩展名。"
            "请用 Excel 或 WPS 打开确认，另存为新的 .xlsx 后再导入。"
        )
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    raise ImportFileError(
        f"{path.name} 不是能导入的台账文件（可导入 Excel 工作簿 .xlsx 和 CSV 文件 .csv）。"
        "如果这是用其他软件做的表格，" + SAVE_AS_XLSX + "。"
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError as exc:
        raise ImportFileError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{path} 是文件夹，请选择一个 Excel 或 CSV 文件") from exc
    except PermissionError as exc:
        raise ImportFileError(f"没有权限读取文件 {path}：请确认文件没有被其他程序独占打开") from exc
    if not head:
        raise ImportFileError(f"{path.name} 是空文件（0 字节），里面没有任何内容。请确认选对了文件。")
    return head


def _as_text(head: bytes) -> str | None:
    """The head decoded as text when it looks like text (no NUL bytes outside UTF-16), else None."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(enc, errors="ignore")
    if b"\x00" in head:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            return head.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # the 4096-byte cut fell inside a character
                return head[: exc.start].decode(enc, errors="ignore")
    return None


# ------------------------------------------------------------------------------------------ OLE2 files
def _ole2_message(path: Path) -> str:
    """The one sentence for an OLE2 compound file: encrypted workbook, .xls, .et, Word, or damaged."""
    import olefile

    name, suffix = path.name, path.suffix.lower()
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir(streams=True, storages=False)}
            workbook = next((s for s in ("Workbook", "Book") if s in streams), None)
            encrypted_xls = workbook is not None and _biff_has_filepass(ole.openstream(workbook).read(65536))
    except Exception as exc:  # olefile raises OSError and its own kinds for a broken container
        return (
            f"{name} 已损坏，无法读取（文件结构不完整：{exc}）。请用 Excel 或 WPS 打开看能否修复，"
            "另存为新的 .xlsx 后再导入；打不开时请找原文件或备份。"
        )
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams or encrypted_xls:
        return (
            f"{name} 设置了打开密码（文件已加密），程序无法读取其中的内容。请用 Excel 或 WPS 输入密码打开，"
            "在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中取消密码，另存为 .xlsx 后再导入。"
        )
    if workbook is None:
        if "WordDocument" in streams:
            return f"{name} 是 Word 文档，不是表格。请选择用 Excel 或 WPS 表格记的台账。"
        return f"{name} 不是 Excel 或 WPS 表格文件（文件里没有工作表）。请确认选对了文件。"
    if suffix in (".et", ".ett"):
        return f"{name} 是 WPS 表格的 .et 格式，不能直接导入。请用 WPS 打开它，“另存为” Excel 工作簿（.xlsx）再导入。"
    return (
        f"{name} 是 Excel 97–2003 的 .xls 格式，不能直接导入。请用 Excel 或 WPS 打开它，“另存为” Excel 工作簿"
        "（.xlsx）再导入。"
    )


def _biff_has_filepass(stream: bytes) -> bool:
    """Whether a BIFF workbook stream is encrypted: a FILEPASS record comes before the first sheet entry."""
    pos = 0
    for _ in range(200):
        if pos + 4 > len(stream):
            return False
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == _BIFF_FILEPASS:
            return True
        if kind in (_BIFF_BOUNDSHEET, _BIFF_EOF):
            return False
        pos += 4 + size
    return False


# ------------------------------------------------------------------------------------------- workbooks
def _read_xlsx(path: Path) -> list[SheetGrid]:
    from openpyxl import load_workbook

    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            members = set(zf.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(
            f"{name} 已损坏，无法读取（文件不完整，可能没有下载或复制完）。请用 Excel 或 WPS 打开看能否修复，"
            "另存为新的 .xlsx 后再导入；打不开时请找原文件或备份。"
        ) from exc
    if "xl/workbook.bin" in members:
        raise ImportFileError(f"{name} 是 Excel 二进制工作簿（.xlsb），不能直接导入。{SAVE_AS_XLSX}。")
    if "content.xml" in members and "mimetype" in members:
        raise ImportFileError(f"{name} 是 OpenDocument 表格（.ods），不能直接导入。{SAVE_AS_XLSX}。")
    if "word/document.xml" in members:
        raise ImportFileError(f"{name} 是 Word 文档，不是表格。请选择用 Excel 或 WPS 表格记的台账。")
    if "xl/workbook.xml" not in members:
        raise ImportFileError(f"{name} 是压缩文件，不是 Excel 工作簿。请选择 .xlsx 或 .csv 文件。")
    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet.
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, zlib errors) for a broken file
        raise ImportFileError(
            f"{name} 已损坏，无法读取（{type(exc).__name__}）。"
            "请用 Excel 或 WPS 打开看能否修复，另存为新的 .xlsx 后再导入。"
        ) from exc
    try:
        return [_sheet_grid(ws, name) for ws in wb.worksheets]
    finally:
        wb.close()


def _sheet_grid(ws, file_name: str) -> SheetGrid:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = rng.min_row - 1
        if top >= len(rows):
            continue
        value = rows[top][rng.min_col - 1] if rng.min_col - 1 < len(rows[top]) else None
        for r in range(top, min(rng.max_row, len(rows))):
            row = rows[r]
            if len(row) < rng.max_col:
                row.extend([None] * (rng.max_col - len(row)))
            for c in range(rng.min_col - 1, rng.max_col):
                row[c] = value
    return SheetGrid(title=ws.title, rows=rows, file_name=file_name, file_kind="xlsx")


# -------------------------------------------------------------------------------------------- CSV files
def decode_text(data: bytes, name: str) -> str:
    """CSV bytes as text: a BOM decides; else strict UTF-8, then GB18030 (what Chinese Excel/WPS write)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"{name} 的编码有误（第 {exc.start} 字节起无法按 {enc} 读取），文件可能已损坏。"
                ) from exc
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"{name} 的文字编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用 Excel 或 WPS 打开，"
        "另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。"
    )


def _read_csv(path: Path) -> SheetGrid:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件 {path.name}：{exc}") from exc
    text = decode_text(data, path.name)
    if "\x00" in text:
        raise ImportFileError(f"{path.name} 含有二进制内容，不是文本格式的 CSV 文件，可能已损坏或不是表格。")
    delimiter = _delimiter(text[:16384])
    try:
        rows = [
            [cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportFileError(
            f"{path.name} 不是格式正确的 CSV 文件（{exc}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
        ) from exc
    return SheetGrid(title=path.stem, rows=rows, file_name=path.name, file_kind="csv")


def _delimiter(sample: str) -> str:
    """Comma, tab or semicolon: the one that splits the first lines into the most equal, widest rows.

    (csv.Sniffer is misled by the commas inside Chinese sentences; counting whole rows is not.)
    """
    lines = sample.splitlines()[:30]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample's cut may fall inside the last line
    best, best_score = ",", (0, 0)
    for delimiter in (",", "\t", ";"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        modal = max(set(wide), key=wide.count)
        score = (wide.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
