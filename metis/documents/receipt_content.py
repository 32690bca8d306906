"""What a tax receipt prints (cerfa 16216, docs/rules.md § 5): its lines per time entry, the detail
per employee lent (hours × hourly cost), the amount in figures, framed with asterisks and in
letters, the honour statement and the electronic signature block with the SHA-256 of the
signed content. Rendering only: the writes are in services/receipts.py."""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from metis.core.formats import french_amount
from metis.core.french_words import euros_in_words
from metis.core.hours import quantize

from .models import ReceiptLine
from .pdf import render_pdf
from .services.common import postcode

#: The honour statement of the cerfa 16216 (art. 238 bis CGI).
HONOUR_STATEMENT = (
    "Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent "
    "droit à la réduction d’impôt prévue à l’article 238 bis du code général des impôts."
)


def signatory_quality_in_french(signatory) -> str:
    """The quality printed on the receipt (a French document whatever the interface language),
    with the authorisation of an authorised person."""
    with translation.override("fr"):
        quality = str(signatory.get_quality_display())
    if signatory.authorisation:
        quality = f"{quality} ({signatory.authorisation})"
    return quality[:100]


def employee_name(user) -> str:
    return user.get_full_name() or user.email


def lines_for(entries) -> list[ReceiptLine]:
    """Unsaved receipt lines, one per validated and valued time entry."""
    entries = entries.select_related("participation__volunteer").order_by("date", "pk")
    return [
        ReceiptLine(
            time_entry=entry,
            employee_name=employee_name(entry.participation.volunteer),
            date=entry.date,
            hours=entry.hours,
            hourly_cost=entry.hourly_cost,
            value=entry.value,
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class EmployeeRow:
    """One employee lent at one hourly cost: hours × hourly cost (each entry's value is
    rounded to the cent, docs/rules.md § 3, so the value is the sum of the entries' values)."""

    name: str
    first_day: object
    last_day: object
    hours: Decimal
    hourly_cost: Decimal
    value: Decimal


def employee_rows(lines) -> list[EmployeeRow]:
    groups: dict[tuple, list] = {}
    for line in lines:
        groups.setdefault((line.employee_name, line.hourly_cost), []).append(line)
    return [
        EmployeeRow(
            name=name,
            first_day=min(line.date for line in group),
            last_day=max(line.date for line in group),
            hours=quantize(sum((line.hours for line in group), start=Decimal(0))),
            hourly_cost=cost,
            value=quantize(sum((line.value for line in group), start=Decimal(0))),
        )
        for (name, cost), group in sorted(groups.items(), key=lambda item: item[0])
    ]


def content_sha256(receipt, lines) -> str:
    """SHA-256 of the signed content: every figure and name the receipt prints, as canonical
    JSON (the PDF cannot hold its own hash; the PDF's is stored in ``Receipt.sha256``)."""
    a, c = receipt.association, receipt.company
    content = {
        "number": receipt.number,
        "replaces": receipt.replaces.number if receipt.replaces_id else None,
        "association": [a.name, a.rna, a.siren, a.court_register_number, a.address],
        "company": [c.name, c.siren, c.legal_form, c.address],
        "period": [receipt.period_start.isoformat(), receipt.period_end.isoformat()],
        "hours": str(receipt.hours),
        "amount": str(receipt.amount),
        "description": receipt.description,
        "lines": [
            [line.employee_name, line.date.isoformat(), str(line.hours), str(line.hourly_cost)]
            + [str(line.value)]
            for line in lines
        ],
        "place": receipt.place,
        "signatory": [receipt.signatory_name, receipt.signatory_title],
        "issued_at": receipt.issued_at.isoformat(),
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def receipt_context(receipt, lines) -> dict:
    from .services.receipts import eligibility_text

    a, c = receipt.association, receipt.company
    rows = employee_rows(lines)
    return {
        "r": receipt,
        "a": a,
        "c": c,
        "a_postcode": postcode(a.commune),
        "c_postcode": postcode(c.commune),
        "eligibility": eligibility_text(a),
        "amount": french_amount(receipt.amount),
        "amount_in_words": euros_in_words(receipt.amount),
        "hours": french_amount(receipt.hours),
        "rows": [
            {
                "name": row.name,
                "first_day": row.first_day,
                "last_day": row.last_day,
                "hours": french_amount(row.hours),
                "hourly_cost": french_amount(row.hourly_cost),
                "value": french_amount(row.value),
            }
            for row in rows
        ],
        "work_first_day": min((line.date for line in lines), default=None),
        "work_last_day": max((line.date for line in lines), default=None),
        "honour_statement": HONOUR_STATEMENT,
        "issued_on": timezone.localdate(receipt.issued_at),
        "signed_at": timezone.localtime(receipt.issued_at),
    }


def render_receipt(receipt, lines=None) -> tuple[bytes, str]:
    """The receipt's PDF and its SHA-256 (``lines`` default to the stored ones)."""
    if lines is None:
        lines = list(receipt.lines.all())
    return render_pdf("receipt.html", receipt_context(receipt, lines))
