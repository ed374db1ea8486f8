"""Opening a clerk's spreadsheet: moved to ``heshi_protocol.sheet_files`` so the centre's 基础数据 uploads
read files exactly as the station's import does. Re-exported here for the station's callers."""

from heshi_protocol.sheet_files import ImportFileError, SheetGrid, decode_text, is_blank, read_grids

__all__ = ["ImportFileError", "SheetGrid", "decode_text", "is_blank", "read_grids"]
