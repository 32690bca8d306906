"""An employee's cost prices (accounts.personal_data): exported; deleted on erasure. Each
validated time entry keeps the hourly cost it was valued at, so receipts, statements and
ledger totals stay whole."""

from metis.accounts.personal_data import iso, text

from .models import CostPrice


def export(user) -> dict:
    prices = CostPrice.objects.filter(employee=user).select_related("company")
    return {
        "cost_prices": [
            {
                "employer": p.company.name,
                "year": p.year,
                "hourly_cost": text(p.hourly_cost),
                "capped": p.capped,
                "entered_at": iso(p.created_at),
            }
            for p in prices.order_by("year", "created_at", "pk")
        ]
    }


def erase(user, former) -> None:
    CostPrice.objects.filter(employee=user).delete()
