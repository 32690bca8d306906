"""Yearly statement of the company (238 bis, 5 bis: receipt first; counterparts; carry-forwards
from before METIS) and the association's declaration (222 bis: amount by work dates, count by
issue dates, calendar or not)."""

import datetime
from decimal import Decimal

import pytest

from metis.documents import statements
from metis.documents.services import receipts as receipt_services
from metis.organisations.services import counterpart_record
from metis.organisations.tests.factories import fiscal_year
from metis.valuation.carry_forwards import carried_in_donation_add

from .factories import day, pdf_text, squeeze, valued_cycle

D = Decimal

#: The days worked (a few days ago) and the fiscal year they are counted in must not straddle a
#: new year: the clock is set in mid-June.
pytestmark = pytest.mark.time_machine(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC))


@pytest.fixture
def cycle(db):
    cycle = valued_cycle(days=(3, 2))
    cycle.fy = fiscal_year(cycle.company, end=cycle.company.fiscal_year_end, turnover="0", tax="0")
    return cycle


def issue(cycle, start, end):
    return receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=start,
        period_end=end,
        by=cycle.manager,
    )


def test_only_receipted_donations_count_the_others_are_to_obtain(cycle):
    """Two entries of 4 h at 46.81 €/h = 187.24 € each; a receipt covers the first only.
    Counted: 187.24 €; reduction 187.24 × 0.6 = 112.344 → 112.34 €; to obtain: 187.24 €."""
    issue(cycle, day(3), day(3))
    statement = statements.company_statement(cycle.company, cycle.fy.end_date)
    assert statement["skills_total"] == D("187.24")
    assert statement["to_obtain_total"] == D("187.24")
    assert [d["association"] for d in statement["to_obtain"]] == [cycle.association.name]
    assert statement["result"].reduction == D("112.34")
    donations = statements.statement_sheets(statement)[0].rows
    assert [row[-1] for row in donations] == [
        statements.RECEIPT_ISSUED,
        statements.RECEIPT_TO_OBTAIN,
    ]


def test_no_receipt_no_reduction(cycle):
    statement = statements.company_statement(cycle.company, cycle.fy.end_date)
    assert statement["skills_total"] == D("0.00") and statement["donations"] == []
    assert statement["to_obtain_total"] == D("374.48")
    assert statement["result"].reduction == D("0.00")


def test_counterparts_printed_with_a_warning_above_a_quarter(client, cycle):
    """Receipted 374.48 €: a quarter is 93.62 €; counterparts of 60 + 40 = 100 € exceed it."""
    issue(cycle, day(30), day(0))
    client.force_login(cycle.referent)
    url = f"/documents/entreprises/{cycle.company.pk}/releves/{cycle.fy.end_date}.pdf"
    text = pdf_text(client.get(url).content)
    assert squeeze("Contrepartie : aucune") in text
    for description, value in (("Logo sur le site", "60.00"), ("Invitation au gala", "40.00")):
        counterpart_record(
            company=cycle.company,
            association=cycle.association,
            fiscal_year_end=cycle.fy.end_date,
            description=description,
            value=D(value),
            by=cycle.referent,
        )
    statement = statements.company_statement(cycle.company, cycle.fy.end_date)
    assert statement["donations"][0]["counterpart_value"] == D("100.00")
    assert statement["counterpart_warning"] is True
    text = pdf_text(client.get(url).content)
    assert squeeze("Contrepartie : aucune") not in text
    assert squeeze("Logo sur le site (60,00 €)") in text
    assert squeeze("supérieures à 25 % du don") in text
    # The association sees what the company recorded, beside the receipts it issued.
    client.force_login(cycle.manager)
    page = client.get(f"/documents/associations/{cycle.association.pk}/recus/").content.decode()
    assert "Logo sur le site" in page and "60,00" in page and cycle.company.name in page


def test_carried_in_excess_is_used_by_the_statement(cycle):
    """Receipted 374.48 € (turnover 0 → cap 20,000) and 1,000 € at 60 % carried in until this
    fiscal year: retained 374.48 + 1,000; reduction 1,374.48 × 0.6 = 824.688 → 824.69 €."""
    issue(cycle, day(30), day(0))
    carried_in_donation_add(
        company=cycle.company,
        amount=D("1000.00"),
        part="60",
        last_fiscal_year_end=cycle.fy.end_date,
        by=cycle.referent,
    )
    result = statements.company_statement(cycle.company, cycle.fy.end_date)["result"]
    assert result.retained_from_carry_forward == D("1000.00")
    assert result.reduction == D("824.69")


def test_declaration_amount_by_work_dates_count_by_issue_dates(db):
    """The association's fiscal year closes at the end of last month. Hours worked on the
    last day of last month (187.24 €) and today (187.24 €), all on one receipt issued today:
    the closed year received 187.24 € but issued no receipt; the year in progress received
    187.24 € and issued 1 receipt."""
    today = datetime.date.today()
    last_month_end = today - datetime.timedelta(days=today.day)
    cycle = valued_cycle(days=(today.day, 0))
    association = cycle.association
    association.fiscal_year_end_month = last_month_end.month
    association.tax_return_form = "2065"
    association.save()
    receipt_services.receipt_issue(
        association=association,
        company=cycle.company,
        period_start=last_month_end,
        period_end=today,
        by=cycle.manager,
    )
    closed_year = statements.last_closed_declaration_year(association, today)
    closed = statements.association_yearly_declaration(association, closed_year)
    assert closed["end"] == last_month_end
    assert (closed["total"], closed["count"]) == (D("187.24"), 0)
    current = statements.association_yearly_declaration(association, closed_year + 1)
    assert (current["total"], current["count"]) == (D("187.24"), 1)
    assert "2065-SD, case L" in closed["form"]
    if last_month_end.month != 12:
        from metis.valuation.rules.reduction import add_months

        assert closed["deadline"] == add_months(last_month_end, 3)


def test_declaration_period_of_a_calendar_and_a_june_fiscal_year(db):
    from metis.organisations.tests.factories import AssociationFactory

    calendar = AssociationFactory()
    assert statements.declaration_period(calendar, 2025) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert statements.declaration_deadline(datetime.date(2025, 12, 31)) == datetime.date(2026, 5, 5)
    june = AssociationFactory(fiscal_year_end_month=6)
    assert statements.declaration_period(june, 2026) == (
        datetime.date(2025, 7, 1),
        datetime.date(2026, 6, 30),
    )
    assert statements.last_closed_declaration_year(june, datetime.date(2026, 12, 1)) == 2026
    assert statements.last_closed_declaration_year(june, datetime.date(2026, 3, 1)) == 2025
    assert statements.declaration_deadline(datetime.date(2026, 6, 30)) == datetime.date(2026, 9, 30)
    assert statements.association_yearly_declaration(june, 2026)["form"].startswith(
        "déclaration en ligne"
    )
