"""Recompute the ledger from its lines and list every difference (used by `ledger_check` and
by the tests): cached balances, postings that do not balance, and the rolled-up figures of
each account and month (AccountMonth) and of each programme, kind and month (ProgrammeMonth).

Comparisons allow half a hundredth of an hour: on PostgreSQL sums of numeric are exact and any
real difference is at least 0.01; SQLite sums its decimals as floats."""

from decimal import Decimal

from django.db import connection
from django.db.models import ExpressionWrapper, F, Q, Sum
from django.db.models import fields as model_fields

from .models import Account, Posting

TOLERANCE = Decimal("0.005")
# Checks of rolled-up figures kept by the apps above the ledger (f(programme) -> problems),
# registered in their AppConfig.ready(): run by ledger_differences, hence `ledger_check`.
ROLL_UP_CHECKS = []


def _off(field):
    return Q(**{f"{field}__gt": TOLERANCE}) | Q(**{f"{field}__lt": -TOLERANCE})


def ledger_differences(programme=None) -> list[str]:
    accounts = Account.objects.all()
    postings = Posting.objects.all()
    if programme is not None:
        accounts = accounts.filter(programme=programme)
        postings = postings.filter(programme=programme)
    problems = []
    drift = ExpressionWrapper(
        F("balance") - F("line_sum"),
        output_field=model_fields.DecimalField(max_digits=14, decimal_places=2),
    )
    for account in (
        accounts.with_line_sums().annotate(drift=drift).filter(_off("drift")).order_by("pk")
    ):
        problems.append(
            f"account {account.pk} ({account}): cached balance {account.balance} "
            f"!= sum of lines {account.line_sum}"
        )
    below_zero = Q(balance__lt=0) | Q(line_sum__lt=-TOLERANCE)
    for account in accounts.with_line_sums().filter(Q(must_stay_non_negative=True) & below_zero):
        problems.append(f"account {account.pk} ({account}) is below zero: {account.line_sum}")
    for posting in postings.with_totals().filter(_off("total")).order_by("pk"):
        problems.append(f"posting {posting.pk} does not sum to zero: {posting.total}")
    for posting in postings.order_by().filter(lines__isnull=True):
        problems.append(f"posting {posting.pk} has no lines")
    totals = accounts.order_by().values("programme_id").annotate(total=Sum("balance"))
    for row in totals.filter(_off("total")):
        problems.append(f"programme {row['programme_id']}: balances sum to {row['total']}, not 0")
    for account, month, event, reversed_event, drift in _roll_up_drift(programme):
        problems.append(
            f"account {account}, {month} {event} {reversed_event}: rolled-up figure off the "
            f"lines by {drift}"
        )
    for programme_id, kind, month, event, reversed_event, drift in _roll_up_drift(
        programme, PROGRAMME_ROLL_UP_DRIFT
    ):
        problems.append(
            f"programme {programme_id}, {kind} {month} {event} {reversed_event}: rolled-up "
            f"figure off the lines by {drift}"
        )
    for check in ROLL_UP_CHECKS:
        problems += check(programme)
    return problems


MONTH = {
    "postgresql": "CAST(date_trunc('month', p.occurred_on) AS date)",
    "sqlite": "date(p.occurred_on, 'start of month')",
}
ROLL_UP_DRIFT = """
SELECT account_id, month, event, reversed_event, SUM(amount) AS drift FROM (
    SELECT l.account_id, {month} AS month, p.event, COALESCE(r.event, '') AS reversed_event,
           l.amount
    FROM ledger_postingline l
    JOIN ledger_posting p ON p.id = l.posting_id
    LEFT JOIN ledger_posting r ON r.id = p.reverses_id
    JOIN ledger_account a ON a.id = l.account_id
    WHERE p.event NOT LIKE 'civic%%' AND (%s IS NULL OR a.programme_id = %s)
    UNION ALL
    SELECT m.account_id, m.month, m.event, m.reversed_event, -m.amount
    FROM ledger_accountmonth m JOIN ledger_account a ON a.id = m.account_id
    WHERE %s IS NULL OR a.programme_id = %s
) figures
GROUP BY account_id, month, event, reversed_event
HAVING SUM(amount) > {tolerance} OR SUM(amount) < -{tolerance}
ORDER BY account_id, month, event, reversed_event
"""


PROGRAMME_ROLL_UP_DRIFT = """
SELECT programme_id, kind, month, event, reversed_event, SUM(amount) AS drift FROM (
    SELECT a.programme_id, a.kind, {month} AS month, p.event,
           COALESCE(r.event, '') AS reversed_event, l.amount
    FROM ledger_postingline l
    JOIN ledger_posting p ON p.id = l.posting_id
    LEFT JOIN ledger_posting r ON r.id = p.reverses_id
    JOIN ledger_account a ON a.id = l.account_id
    WHERE p.event NOT LIKE 'civic%%' AND (%s IS NULL OR a.programme_id = %s)
    UNION ALL
    SELECT m.programme_id, m.kind, m.month, m.event, m.reversed_event, -m.amount
    FROM ledger_programmemonth m
    WHERE %s IS NULL OR m.programme_id = %s
) figures
GROUP BY programme_id, kind, month, event, reversed_event
HAVING SUM(amount) > {tolerance} OR SUM(amount) < -{tolerance}
ORDER BY programme_id, kind, month, event, reversed_event
"""


def _roll_up_drift(programme, query=ROLL_UP_DRIFT) -> list[tuple]:
    """Each rolled-up figure (kept by a trigger; civic days left out) that differs from the sum
    of its lines, a recomputation in one query: per (account, month, event, reversed event) in
    AccountMonth, or with PROGRAMME_ROLL_UP_DRIFT per (programme, kind, month, event, reversed
    event) in ProgrammeMonth."""
    pk = programme.pk if programme is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            query.format(month=MONTH[connection.vendor], tolerance=TOLERANCE),
            [pk, pk, pk, pk],
        )
        return cursor.fetchall()
