"""The one export path of the platform: every CSV and XLSX file it produces (dashboard tables,
company statements, hours) goes through `export_response`.

CSV is written for French spreadsheets: `;` between cells, decimal comma, dates as dd/mm/yyyy,
UTF-8 with a byte-order mark, French headers (the labels, translated). XLSX keeps numbers and
dates typed.

Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
would be run as a formula by a spreadsheet. Such text is prefixed with `'` in both formats, and
XLSX text cells are always written as strings, never as formulas. Numbers (negative ones
included) are not text and stay numbers."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


@dataclass
class Sheet:
    """One table of an export: a title (the XLSX sheet's name), a header row, the rows."""

    title: str
    header: list
    rows: list = field(default_factory=list)


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading `'`."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _number_text(value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value).replace(".", ",")


def csv_cell(value) -> str:
    """One value as French spreadsheets read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def csv_bytes(sheets: list[Sheet]) -> bytes:
    """The sheets one after the other, a blank line between them."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        writer.writerow([csv_cell(str(label)) for label in sheet.header])
        for row in sheet.rows:
            writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool):
        value = "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        return cell
    cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
    cell.data_type = "s"  # never a formula
    return cell


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        out = workbook.create_sheet(title=_sheet_title(sheet.title))
        out.append([_xlsx_cell(out, str(label)) for label in sheet.header])
        for row in sheet.rows:
            out.append([_xlsx_cell(out, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title) -> str:
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters."""
    text = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return (text or "donnees")[:31]


def export_response(name: str, sheets: list[Sheet], fmt: str) -> HttpResponse:
    """The file download: `fmt` is one of FORMATS; `name` becomes the file's name."""
    stem = slugify(name) or "export"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(sheets), content_type=CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
