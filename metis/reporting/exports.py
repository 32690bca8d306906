"""CSV and XLSX exports of a dashboard table: machine-readable (`.` decimals, ISO dates,
UTF-8, a header row), whatever the language of the screen."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _filename(table, extension):
    return f"metis-{slugify(table.name)}-{datetime.date.today().isoformat()}.{extension}"


def csv_response(table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([key for key, _label in table.columns])
    for row in table.body:
        writer.writerow([_plain(v) for v in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response


def xlsx_response(table) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append([str(label) for _key, label in table.columns])
    for row in table.body:
        sheet.append(
            [
                v if isinstance(v, (int, float, Decimal, datetime.date)) or v is None else str(v)
                for v in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


def export(table, fmt):
    return csv_response(table) if fmt == "csv" else xlsx_response(table)
