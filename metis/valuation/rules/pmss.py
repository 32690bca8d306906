"""Monthly social-security ceiling (plafond mensuel de la sécurité sociale, PMSS) per year.

Source: docs/rules.md § 3 (arrêtés fixing the PMSS). A year that is not in the table is an error
(:class:`UnknownPMSSYear`) until its value is added here: never guess or extrapolate a ceiling.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from .errors import UnknownPMSSYear

#: Calendar year -> PMSS in euros per month.
PMSS_BY_YEAR = MappingProxyType(
    {
        2020: Decimal(3428),
        2021: Decimal(3428),
        2022: Decimal(3428),
        2023: Decimal(3666),
        2024: Decimal(3864),
        2025: Decimal(3925),
        2026: Decimal(4005),
    }
)


def known_pmss_years() -> tuple[int, ...]:
    return tuple(sorted(PMSS_BY_YEAR))


def monthly_ss_ceiling(year: int) -> Decimal:
    """PMSS (€/month) of calendar ``year``; raises :class:`UnknownPMSSYear` if unknown."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise UnknownPMSSYear(year)
    try:
        return PMSS_BY_YEAR[year]
    except KeyError:
        raise UnknownPMSSYear(year) from None
