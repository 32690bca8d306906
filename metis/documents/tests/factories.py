"""Builders for documents tests: a mission cycle with validated, valued hours."""

import datetime
import io
from decimal import Decimal

from pypdf import PdfReader

from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle, today
from metis.organisations.services import signatory_record
from metis.valuation.cost_prices import cost_price_record


def pdf_text(data) -> str:
    """Text of a PDF with every whitespace removed (extraction spaces letters unevenly)."""
    reader = PdfReader(io.BytesIO(bytes(data)))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def squeeze(text) -> str:
    return "".join(str(text).split())


def day(n):
    return today() - datetime.timedelta(days=n)


def valued_cycle(*, days=(3, 2), hours="4", price=True):
    """A cycle whose employee worked `hours` on each of `days` (days ago), validated."""
    cycle = make_cycle()
    if price:
        for year in {day(n).year for n in days}:
            cost_price_record(
                company=cycle.company,
                year=year,
                monthly_salary=Decimal("5000"),
                monthly_employer_charges=Decimal("2100"),
                employee=cycle.employee,
                by=cycle.referent,
            )
    p = cycle.participation("active", hours="30")
    for n in days:
        entry = time_entry_services.time_entry_declare(
            participation=p, by=cycle.employee, date=day(n), hours=hours, description="Bilan"
        )
        time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    cycle.active = p
    cycle.signatory = record_signatory(cycle.association, cycle.manager)
    return cycle


def record_signatory(association, manager, quality="president", name="Claire Martin"):
    """``manager`` recorded (by himself) as a signatory of the association's receipts."""
    return signatory_record(
        association=association, user=manager, full_name=name, quality=quality, by=manager
    )
