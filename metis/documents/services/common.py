"""What the document services share: the refusal helper and the French print of figures."""

import datetime

from django.core.exceptions import ValidationError

from metis.core.hours import quantize


def require(condition, message, code="invalid", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def fr_number(value) -> str:
    """1234.5 → "1 234,50" (French print of amounts and hours)."""
    text = f"{quantize(value):,.2f}"
    return text.replace(",", " ").replace(".", ",")


def postcode(commune) -> str:
    return (commune.postcodes or "").split(" ")[0].split(",")[0]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
