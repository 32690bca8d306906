"""The public simulator page /simulateur/ (docs/rules.md § 4 worked example, French formatting)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.valuation import views

NBSP = "\u00a0"
URL = "/simulateur/"

WORKED_EXAMPLE = [
    ("2024-12-31", "2000000", "8000", "30000"),
    ("2025-12-31", "6000000", "40000", "22000"),
    ("2026-12-31", "3000000", "5000", "0"),
]


def formset_data(rows, **extra):
    data = {
        "years-TOTAL_FORMS": str(len(rows)),
        "years-INITIAL_FORMS": str(len(rows)),
        "years-MIN_NUM_FORMS": "1",
        "years-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        end, turnover, tax, skills, *rest = row
        other, coluche = (rest + ["", ""])[:2]
        data.update(
            {
                f"years-{index}-fiscal_year_end": end,
                f"years-{index}-turnover_excl_tax": turnover,
                f"years-{index}-corporate_tax_due": tax,
                f"years-{index}-skills_donations": skills,
                f"years-{index}-other_donations": other,
                f"years-{index}-coluche_donations": coluche,
            }
        )
    data.update(extra)
    return data


def euros(text):
    """French formatting as rendered: non-breaking space for thousands, comma for cents."""
    return text.replace(" ", NBSP) + NBSP + "€"


def results_rows(html):
    table = html[html.index('id="results"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    return [
        [
            re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_url_name():
    assert reverse("valuation:simulator") == URL


def test_get_is_public_and_offers_three_blank_years(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "valuation/simulator.html"
    html = response.content.decode()
    year = timezone.localdate().year
    for n, y in enumerate((year - 2, year - 1, year)):
        assert f'name="years-{n}-fiscal_year_end" value="{y}-12-31"' in html
    assert 'id="results"' not in html
    assert "Simulateur de réduction d'impôt" in html  # French UI


def test_post_worked_example_shows_every_column_in_french(client):
    response = client.post(URL, formset_data(WORKED_EXAMPLE))
    assert response.status_code == 200
    rows = results_rows(response.content.decode())
    # FY | cap | retained (own + carried) | rate | reduction | tax due | imputed |
    # reduction carried | excess carried | expired
    assert rows == [
        [
            "31/12/2024",
            euros("20 000,00"),
            f"{euros('20 000,00')} {euros('20 000,00')} + {euros('0,00')}",
            f"60{NBSP}%",
            euros("12 000,00"),
            euros("8 000,00"),
            euros("8 000,00"),
            euros("4 000,00"),
            euros("10 000,00"),
            f"{euros('0,00')} / {euros('0,00')}",
        ],
        [
            "31/12/2025",
            euros("30 000,00"),
            f"{euros('30 000,00')} {euros('22 000,00')} + {euros('8 000,00')}",
            f"60{NBSP}%",
            euros("18 000,00"),
            euros("40 000,00"),
            euros("22 000,00"),
            euros("0,00"),
            euros("2 000,00"),
            f"{euros('0,00')} / {euros('0,00')}",
        ],
        [
            "31/12/2026",
            euros("20 000,00"),
            f"{euros('2 000,00')} {euros('0,00')} + {euros('2 000,00')}",
            f"60{NBSP}%",
            euros("1 200,00"),
            euros("5 000,00"),
            euros("1 200,00"),
            euros("0,00"),
            euros("0,00"),
            f"{euros('0,00')} / {euros('0,00')}",
        ],
    ]


def test_post_worked_example_explains_each_line(client):
    html = client.post(URL, formset_data(WORKED_EXAMPLE)).content.decode()
    assert f"Plafond : le plus élevé de {euros('20 000,00')} et de 0,5{NBSP}% d&#x27;un" in html
    assert f"soit {euros('30 000,00')}." in html
    assert f"{euros('8 000,00')} de l&#x27;exercice clos le 31/12/2024 à 60{NBSP}%" in html
    assert (
        f"{euros('22 000,00')} × 60{NBSP}% + {euros('8 000,00')} × 60{NBSP}% = {euros('18 000,00')}"
        in html
    )
    assert (
        f"Les plus anciennes d&#x27;abord : {euros('4 000,00')} de l&#x27;exercice clos le "
        f"31/12/2024, puis {euros('18 000,00')} de la réduction de l&#x27;exercice." in html
    )


def test_french_decimal_input_and_other_donations_share_the_cap(client):
    rows = [("2024-12-31", "2 000 000,00", "8 000", "10 000,00", "20000.00", "0")]
    rows_html = results_rows(client.post(URL, formset_data(rows)).content.decode())
    assert rows_html[0][4] == euros("12 000,00")
    assert rows_html[0][8] == euros("10 000,00")


def test_coluche_and_expiry_are_shown(client):
    rows = [("2021-12-31", "0", "0", "0", "0", "30000")] + [
        (f"{2022 + i}-12-31", "0", "0", "20000") for i in range(5)
    ]
    html = client.post(URL, formset_data(rows)).content.decode()
    assert results_rows(html)[5][9] == f"{euros('10 000,00')} / {euros('12 000,00')}"
    assert "Perdu à la clôture de cet exercice" in html


def test_years_out_of_order_are_an_error_on_the_row(client):
    rows = [("2025-12-31", "0", "0", "0"), ("2024-12-31", "0", "0", "0")]
    html = client.post(URL, formset_data(rows)).content.decode()
    assert 'id="results"' not in html
    assert "Les exercices doivent être dans l&#x27;ordre" in html


def test_missing_fiscal_year_is_an_error(client):
    rows = [("2023-12-31", "0", "0", "0"), ("2025-12-31", "0", "0", "0")]
    html = client.post(URL, formset_data(rows)).content.decode()
    assert "Les exercices doivent être consécutifs" in html
    assert 'id="results"' not in html


@pytest.mark.parametrize(
    "row",
    [
        ("2024-12-31", "-1", "0", "0"),
        ("2024-12-31", "0", "abc", "0"),
        ("2024-12-31", "0", "0", "1,234"),
        ("2020-06-30", "0", "0", "0"),
        ("", "0", "0", "0"),
    ],
)
def test_bad_input_shows_errors_not_results(client, row):
    response = client.post(URL, formset_data([row]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="results"' not in html
    assert "invalid-feedback" in html


def test_removed_year_is_ignored(client):
    rows = [("2023-12-31", "0", "0", "0"), *WORKED_EXAMPLE]
    data = formset_data(rows, **{"years-0-DELETE": "on"})
    assert len(results_rows(client.post(URL, data).content.decode())) == 3


def test_add_a_year_appends_the_next_closing_date(client):
    response = client.post(URL, formset_data(WORKED_EXAMPLE, add_year=""))
    html = response.content.decode()
    assert 'name="years-3-fiscal_year_end" value="2027-12-31"' in html
    assert 'name="years-TOTAL_FORMS" value="4"' in html
    assert 'id="results"' not in html


def test_blank_added_row_is_ignored(client):
    data = formset_data(WORKED_EXAMPLE)
    data["years-TOTAL_FORMS"] = "4"  # a 4th, untouched row beyond the initial ones
    assert len(results_rows(client.post(URL, data).content.decode())) == 3


def test_prefill_hook(client, monkeypatch):
    monkeypatch.setattr(
        views,
        "initial_years_for",
        lambda request: [
            {"fiscal_year_end": date(2025, 6, 30), "turnover_excl_tax": Decimal("123456.78")}
        ],
    )
    html = client.get(URL).content.decode()
    assert 'name="years-0-fiscal_year_end" value="2025-06-30"' in html
    assert 'name="years-TOTAL_FORMS" value="1"' in html
    assert "123456,78" in html


def test_prefill_hook_returns_nothing_yet(rf):
    assert views.initial_years_for(rf.get(URL)) == []
