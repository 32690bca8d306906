"""The Service Civique Professionnel's writes (docs/rules.md § 8): a civic programme per year,
the yearly crediting of every employee (set-based), one person's credit, the closing of a year.
The hours move through the ledger's civic events (metis.ledger.services); this module applies
the operator's settings to them. A civic day's hours are reserved, done and released by its
participation (metis.needs.services; booked and answered in metis.civic.bookings)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metis.core.clock import save_at
from metis.ledger import services as ledger
from metis.programmes.enums import ProgrammeKind, ProgrammeStatus
from metis.programmes.models import Programme

from .models import CivicSettings
from .selectors import civic_programme_of, entitled_persons

YEAR_CLOSED = _("The civic days of %(year)s are closed.")
YEAR_NOT_OPENED = _("The civic days of %(year)s have not been opened.")
NOT_ENTITLED = _("Only an active employee has civic days.")
YEAR_OUT_OF_RANGE = _("The year must be between 2000 and 2100.")


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year_out_of_range")


def civic_programme(year: int) -> Programme:
    """The year's civic programme (national, no territory), created open on first use."""
    _check_year(year)
    programme, _created = Programme.objects.get_or_create(
        kind=ProgrammeKind.CIVIC,
        starts_on=datetime.date(year, 1, 1),
        defaults={
            "name": f"Service Civique Professionnel {year}",
            "ends_on": datetime.date(year, 12, 31),
            "target_hours": 0,
            "reference_hourly_value": 0,
            "status": ProgrammeStatus.OPEN,
        },
    )
    return programme


def _open_programme(year: int) -> Programme:
    programme = civic_programme_of(year)
    if programme is None:
        raise ValidationError(YEAR_NOT_OPENED, code="year_not_opened", params={"year": year})
    if programme.is_closed:
        raise ValidationError(YEAR_CLOSED, code="year_closed", params={"year": year})
    return programme


@transaction.atomic
def civic_year_open(*, year: int, by=None):
    """Credit the year's hours to every entitled person who has not had them (docs/rules.md
    § 8.2): returns the posting, None when everyone was already credited."""
    programme = civic_programme(year)
    if programme.is_closed:
        raise ValidationError(YEAR_CLOSED, code="year_closed", params={"year": year})
    return ledger.civic_year_opened(
        programme=programme,
        persons=entitled_persons(),
        hours=CivicSettings.objects.in_effect(year).hours_per_year,
        by=by,
        memo=f"Service Civique Professionnel {year}",
    )


@transaction.atomic
def civic_person_credit(*, person, year: int, by=None):
    """Credit one person who became entitled during the year: the full year's hours, whatever
    the date (docs/rules.md § 8.2). None when they already had them."""
    if not entitled_persons().filter(pk=person.pk).exists():
        raise ValidationError(NOT_ENTITLED, code="not_entitled")
    programme = civic_programme(year)
    if programme.is_closed:
        raise ValidationError(YEAR_CLOSED, code="year_closed", params={"year": year})
    return ledger.civic_entitlement_credited(
        programme=programme,
        person=person,
        hours=CivicSettings.objects.in_effect(year).hours_per_year,
        by=by,
    )


@transaction.atomic
def civic_year_close(*, year: int, by=None, now: datetime.datetime | None = None):
    """Close a year (docs/rules.md § 8.3): the unused hours expire, or with the carry-over
    setting go to next year's account up to the ceiling. Reservations in progress are kept."""
    programme = Programme.objects.select_for_update().filter(pk=_open_programme(year).pk).get()
    settings = CivicSettings.objects.in_effect(year)
    posting = ledger.civic_year_closed(
        programme=programme,
        by=by,
        next_programme=civic_programme(year + 1) if settings.carry_over else None,
        carry_ceiling=settings.carry_over_ceiling,
        memo=f"Service Civique Professionnel {year}",
        occurred_on=(now.date() if now else None),
    )
    programme.status = ProgrammeStatus.CLOSED
    save_at(programme, now, update_fields=["status", "updated_at"])
    return posting
