"""The validated hours rolled up per month (ValidatedMonth) recomputed from the time entries, and
per programme and month (ProgrammeValidatedMonth) from ValidatedMonth: every difference is
listed by `ledger_check` (registered in ReportingConfig.ready)."""

from decimal import Decimal

from django.db import connection

from metis.core.hours import quantize
from metis.ledger.checks import MONTH, TOLERANCE

DRIFT = """
SELECT programme_id, association_id, company_id, month,
       SUM(entries), SUM(hours), SUM(value), SUM(awaiting) FROM (
    SELECT n.programme_id, n.association_id, p.company_id, {month} AS month, 1 AS entries,
           e.hours, COALESCE(e.value, 0) AS value,
           CASE WHEN e.value IS NULL THEN e.hours ELSE 0 END AS awaiting
    FROM needs_timeentry e
    JOIN needs_participation p ON p.id = e.participation_id
    JOIN needs_need n ON n.id = p.need_id
    WHERE e.status = 'validated' AND (%s IS NULL OR n.programme_id = %s)
    UNION ALL
    SELECT programme_id, association_id, company_id, month, -entries, -hours, -value, -awaiting
    FROM reporting_validatedmonth WHERE %s IS NULL OR programme_id = %s
) figures
GROUP BY programme_id, association_id, company_id, month
HAVING SUM(entries) <> 0 OR {off}
ORDER BY programme_id, association_id, company_id, month
"""


def validated_month_differences(programme=None) -> list[str]:
    pk = programme.pk if programme is not None else None
    entry_month = MONTH[connection.vendor].replace("p.occurred_on", "e.date")
    with connection.cursor() as cursor:
        cursor.execute(DRIFT.format(month=entry_month, off=_off()), [pk, pk, pk, pk])
        rows = cursor.fetchall()
    return [
        f"validated hours of programme {programme_id}, association {association_id}, company "
        f"{company_id}, {month}: rolled-up figures off the entries by {entries} entries, "
        f"{_two(hours)} h, {_two(value)} €, {_two(awaiting)} h awaiting a cost price"
        for programme_id, association_id, company_id, month, entries, hours, value, awaiting in rows
    ]


PROGRAMME_DRIFT = """
SELECT programme_id, month, SUM(entries), SUM(hours), SUM(value), SUM(awaiting) FROM (
    SELECT programme_id, month, entries, hours, value, awaiting
    FROM reporting_validatedmonth WHERE %s IS NULL OR programme_id = %s
    UNION ALL
    SELECT programme_id, month, -entries, -hours, -value, -awaiting
    FROM reporting_programmevalidatedmonth WHERE %s IS NULL OR programme_id = %s
) figures
GROUP BY programme_id, month
HAVING SUM(entries) <> 0 OR {off}
ORDER BY programme_id, month
"""


def programme_validated_month_differences(programme=None) -> list[str]:
    pk = programme.pk if programme is not None else None
    with connection.cursor() as cursor:
        cursor.execute(PROGRAMME_DRIFT.format(off=_off()), [pk, pk, pk, pk])
        rows = cursor.fetchall()
    return [
        f"validated hours of programme {programme_id}, {month}: rolled-up figures off the "
        f"associations' and employers' by {entries} entries, {_two(hours)} h, {_two(value)} €, "
        f"{_two(awaiting)} h awaiting a cost price"
        for programme_id, month, entries, hours, value, awaiting in rows
    ]


def _off() -> str:
    return " OR ".join(
        f"SUM({column}) > {TOLERANCE} OR SUM({column}) < -{TOLERANCE}"
        for column in ("hours", "value", "awaiting")
    )


def _two(number) -> Decimal:
    """Two places: SQLite sums decimals as floats."""
    return quantize(Decimal(str(number)))
