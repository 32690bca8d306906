"""What the document services share: the refusal helper and the French print of figures."""

import datetime

from django.core.exceptions import ValidationError


def require(condition, message, code="invalid", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def postcode(commune) -> str:
    return (commune.postcodes or "").split(" ")[0].split(",")[0]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
