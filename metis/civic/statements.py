"""The yearly civic-day statement (docs/rules.md § 8.10, schema in docs/civic-statement.md):
the civic days a person did in a year, as the association validated them, ready for the
personal training and engagement accounts (CPF, CPE); the same rows for one employer (its
employees' civic days, the employer of the day) and for the operator (everyone).

One row per validated (not reversed) time entry of a civic day: its date, the association, the
need, the employer of the day, the hours validated, the days they make (hours / 7, two places,
half up) and the hours of training rights they convert into — only when the operator's
settings hold a conversion in effect on that date (`CivicSettings.training_*`); the law sets
none yet, so none is invented."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from metis.core.hours import quantize
from metis.needs.enums import ParticipationOrigin, TimeEntryStatus
from metis.needs.models import TimeEntry

from .models import ONE_DAY, CivicSettings

ZERO = Decimal("0.00")

# The export's columns, in order (documented in docs/civic-statement.md): never renamed.
COLUMNS = (
    "person_email",
    "person_name",
    "employer_siren",
    "employer_name",
    "association_name",
    "association_siren",
    "association_rna",
    "need_title",
    "day",
    "hours",
    "days",
    "training_hours",
)


def days_of(hours: Decimal) -> Decimal:
    """Civic days that `hours` make: hours / 7, rounded to two places, half up."""
    return quantize(Decimal(hours) / ONE_DAY)


@dataclass(frozen=True)
class Conversion:
    """The conversion of a civic day into hours of training rights in effect on a date, or
    none (`hours_per_day` None: the law has not set it)."""

    hours_per_day: Decimal | None = None
    effective_on: datetime.date | None = None

    @property
    def is_set(self) -> bool:
        return self.hours_per_day is not None

    def training_hours(self, day: datetime.date, days: Decimal) -> Decimal | None:
        """Hours of training rights for `days` civic days done on `day`: days × hours per day,
        two places, half up; None before the date of effect or without a conversion."""
        if not self.is_set or day < self.effective_on:
            return None
        return quantize(days * self.hours_per_day)


class Conversions:
    """The conversion in effect for each year met, read once per year."""

    def __init__(self):
        self._years: dict[int, Conversion] = {}

    def of(self, year: int) -> Conversion:
        if year not in self._years:
            settings = CivicSettings.objects.in_effect(year)
            self._years[year] = Conversion(
                settings.training_hours_per_day, settings.training_effective_on
            )
        return self._years[year]


@dataclass(frozen=True)
class CivicDayRow:
    person_email: str
    person_name: str
    employer_siren: str
    employer_name: str
    association_name: str
    association_siren: str
    association_rna: str
    need_title: str
    day: datetime.date
    hours: Decimal
    days: Decimal
    training_hours: Decimal | None

    def values(self) -> list:
        return [getattr(self, column) for column in COLUMNS]

    def as_dict(self) -> dict:
        return dict(zip(COLUMNS, self.values(), strict=True))


FIELDS = (
    "date",
    "hours",
    "participation__volunteer__email",
    "participation__volunteer__first_name",
    "participation__volunteer__last_name",
    "participation__company__siren",
    "participation__company__name",
    "participation__need__association__name",
    "participation__need__association__siren",
    "participation__need__association__rna",
    "participation__need__title",
)


def civic_entries(year: int):
    """The validated hours of civic days of `year` (the year of the civic programme, i.e. of
    the person's account they came from): reversed entries are left out."""
    return TimeEntry.objects.filter(
        status=TimeEntryStatus.VALIDATED,
        participation__origin=ParticipationOrigin.CIVIC_DAY,
        participation__civic_programme__starts_on__year=year,
    )


def civic_day_rows(entries, conversions: Conversions | None = None) -> list[CivicDayRow]:
    """One row per entry, by person then day (one query, plus one per year for the
    conversion)."""
    conversions = conversions or Conversions()
    rows = []
    ordered = entries.order_by(
        "participation__volunteer__last_name",
        "participation__volunteer__first_name",
        "participation__volunteer__email",
        "date",
        "pk",
    )
    for entry in ordered.values(*FIELDS).iterator(chunk_size=2000):
        day, hours = entry["date"], quantize(entry["hours"])
        days = days_of(hours)
        name = " ".join(
            part
            for part in (
                entry["participation__volunteer__first_name"],
                entry["participation__volunteer__last_name"],
            )
            if part
        )
        rows.append(
            CivicDayRow(
                person_email=entry["participation__volunteer__email"],
                person_name=name,
                employer_siren=entry["participation__company__siren"] or "",
                employer_name=entry["participation__company__name"] or "",
                association_name=entry["participation__need__association__name"],
                association_siren=entry["participation__need__association__siren"] or "",
                association_rna=entry["participation__need__association__rna"] or "",
                need_title=entry["participation__need__title"],
                day=day,
                hours=hours,
                days=days,
                training_hours=conversions.of(day.year).training_hours(day, days),
            )
        )
    return rows


def person_rows(person, year: int, conversions: Conversions | None = None) -> list[CivicDayRow]:
    return civic_day_rows(civic_entries(year).filter(participation__volunteer=person), conversions)


def employer_rows(company, year: int) -> list[CivicDayRow]:
    """Every civic day of `year` its employees did while employed by `company` (the employer
    of the day: the participation's company)."""
    return civic_day_rows(civic_entries(year).filter(participation__company=company))


def operator_rows(year: int) -> list[CivicDayRow]:
    return civic_day_rows(civic_entries(year))


@dataclass
class CivicStatement:
    """A person's statement of a year: the rows, their totals, the conversion in effect."""

    person: object
    year: int
    rows: list[CivicDayRow] = field(default_factory=list)
    conversion: Conversion = field(default_factory=Conversion)

    @property
    def hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), ZERO)

    @property
    def days(self) -> Decimal:
        """The total hours / 7, rounded once (not the sum of the rounded rows)."""
        return days_of(self.hours)

    @property
    def training_hours(self) -> Decimal | None:
        """The sum of the rows converted; None when no row is."""
        converted = [row.training_hours for row in self.rows if row.training_hours is not None]
        return sum(converted, ZERO) if converted else None


def civic_statement(person, year: int) -> CivicStatement:
    conversions = Conversions()
    return CivicStatement(
        person=person,
        year=year,
        rows=person_rows(person, year, conversions),
        conversion=conversions.of(year),
    )


def export_document(year: int, rows: list[CivicDayRow], *, employer=None) -> dict:
    """The JSON export: its scope, the conversion in effect for the year, the columns, the
    rows (dates ISO 8601, hours and days as decimal strings with two places, training hours
    null when not converted)."""
    conversion = Conversions().of(year)
    return {
        "year": year,
        "scope": "employer" if employer else "operator",
        "employer": {"siren": employer.siren, "name": employer.name} if employer else None,
        "training_conversion": {
            "hours_per_day": conversion.hours_per_day,
            "effective_on": conversion.effective_on,
        },
        "columns": list(COLUMNS),
        "rows": [row.as_dict() for row in rows],
    }
