"""XLSX workbooks (openpyxl): one sheet per table, real numbers and dates, text cells typed as text.

Text is written as a string cell, never parsed: "+ de permanences" or "=SOMME(…)" read as typed, with no
leading apostrophe, and never run as a formula. Percent columns hold whole numbers under a "(%)" header.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from typing import Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .document import NOT_XML


class SheetTable(Protocol):
    name: str
    title: str
    header: list[str]
    rows: list[list]


def _put(sheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, bool) or value is None:
        cell.value = "" if value is None else str(value)
        cell.data_type = TYPE_STRING
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = "DD/MM/YYYY" if not isinstance(value, datetime) else "DD/MM/YYYY HH:MM"
    else:
        cell.value = NOT_XML.sub("", str(value))
        cell.data_type = TYPE_STRING  # typed as text: never a formula, nothing to escape


def workbook(tables: list[SheetTable]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        _put(sheet, 1, 1, table.title)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for column, heading in enumerate(table.header, start=1):
            _put(sheet, 3, column, heading)
            sheet.cell(row=3, column=column).font = Font(bold=True)
        for n, row in enumerate(table.rows, start=4):
            for column, value in enumerate(row, start=1):
                _put(sheet, n, column, value)
        for column in range(1, len(table.header) + 1):
            longest = max([len(str(r[column - 1] or "")) for r in table.rows if len(r) >= column] +
                          [len(table.header[column - 1])])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
