"""The civic days year at national size, set-based (docs/rules.md § 8): opening credits every
person of a queryset in a handful of SQL statements (INSERT ... SELECT), not one transaction
per person; closing expires what is left and carries some of it into next year's accounts.

Each writes ordinary postings on ordinary accounts, so the ledger's invariants hold as for any
posting (lines sum to zero, cached balances equal the sum of lines, immutability triggers,
`ledger_check`). Runs of one year are serialised by a lock on its funding account, which the
one-person crediting (civic.py) takes too. The SQL is portable (SQLite and PostgreSQL)."""

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from metis.core.hours import quantize

from ..enums import CIVIC_CREDIT_EVENTS, AccountKind, PostingEvent
from ..models import Account, Posting, PostingLine
from .accounts import _lock, account_for
from .posting import _positive_hours

# The accounts of the year are created only under the lock of its funding account (here and by
# `civic_entitlement_credited`), so the ones created by a statement are those above the largest
# id before it.
ACCOUNT = Account._meta.db_table
LINE = PostingLine._meta.db_table
POSTING = Posting._meta.db_table
ENTITLEMENT = AccountKind.CIVIC_ENTITLEMENT.value


def _persons_sql(persons):
    """The SQL (and parameters) selecting the ids of a queryset of users, as a subquery."""
    query = persons.order_by().annotate(civic_person=F("pk")).values("civic_person").query
    sql, params = query.sql_with_params()
    return f"SELECT persons.civic_person AS id FROM ({sql}) persons", list(params)


def _not_credited(posting_id=0):
    """SQL condition: the entitlement account `a` has no line of a crediting posting (other
    than `posting_id`, the one being written)."""
    events = ", ".join(f"'{event.value}'" for event in CIVIC_CREDIT_EVENTS)
    return (
        f"NOT EXISTS (SELECT 1 FROM {LINE} l JOIN {POSTING} p ON p.id = l.posting_id "
        f"WHERE l.account_id = a.id AND p.event IN ({events}) "
        f"AND l.posting_id <> {int(posting_id)})"
    )


def _create_entitlements(cursor, programme, persons_sql, params, balance=0):
    """One INSERT ... SELECT: the entitlement accounts the persons do not have yet, created
    with `balance` (the lines that make it up are written in the same transaction)."""
    cursor.execute(
        f"INSERT INTO {ACCOUNT} (programme_id, kind, person_id, company_id, association_id, "
        "reference_id, must_stay_non_negative, balance) "
        f"SELECT %s, %s, u.id, NULL, NULL, NULL, %s, %s FROM ({persons_sql}) u "
        f"WHERE NOT EXISTS (SELECT 1 FROM {ACCOUNT} e WHERE e.programme_id = %s "
        "AND e.kind = %s AND e.person_id = u.id)",
        [programme.pk, ENTITLEMENT, True, balance, *params, programme.pk, ENTITLEMENT],
    )
    return cursor.rowcount


def _posting(programme, event, key, by, memo, occurred_on):
    return Posting.objects.create(
        programme=programme,
        event=event,
        occurred_on=occurred_on or timezone.localdate(),
        created_by=by,
        memo=memo[:300],
        idempotency_key=key,
    )


def _balance_line(posting, account, amount):
    """The one line balancing a set-based posting, and its account's cached balance."""
    PostingLine.objects.create(posting=posting, account_id=account.pk, amount=amount)
    Account.objects.filter(pk=account.pk).update(balance=F("balance") + amount)


class _NobodyOwed(Exception):
    pass


@transaction.atomic
def civic_year_opened(
    *, programme, persons, hours, by, memo="", occurred_on=None
) -> Posting | None:
    """Credit `hours` to every person of `persons` (a queryset of users) who has not had this
    year's hours yet, in one posting: one line per person plus the funding line balancing them.
    Idempotent: returns None (writes nothing) when everyone was credited; a later run credits
    only the persons who appeared since, in a new posting.

    Statements: the accounts that already exist uncredited (carried over into this year) get
    their lines by one INSERT ... SELECT and their balances by one UPDATE; the persons without
    an account get it by one INSERT ... SELECT, created with the year's hours, and their lines
    by one INSERT ... SELECT (updating a million fresh rows again would double the work)."""
    hours = _positive_hours(hours)
    funding = account_for(programme, AccountKind.CIVIC_FUNDING)
    _lock([funding])
    persons_sql, params = _persons_sql(persons)
    ours = f"FROM {ACCOUNT} a WHERE a.programme_id = %s AND a.kind = %s"
    runs = Posting.objects.filter(programme=programme, event=PostingEvent.CIVIC_YEAR_OPENED)
    runs = runs.count()
    key = f"civic-year-opened-{programme.pk}" + (f"-{runs + 1}" if runs else "")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            posting = _posting(
                programme, PostingEvent.CIVIC_YEAR_OPENED, key, by, memo, occurred_on
            )
            cursor.execute(
                f"INSERT INTO {LINE} (posting_id, account_id, amount) SELECT %s, a.id, %s "
                f"{ours} AND a.person_id IN ({persons_sql}) AND {_not_credited(posting.pk)}",
                [posting.pk, hours, programme.pk, ENTITLEMENT, *params],
            )
            credited = cursor.rowcount
            if credited:
                cursor.execute(
                    f"UPDATE {ACCOUNT} SET balance = balance + %s WHERE kind = %s AND id IN "
                    f"(SELECT account_id FROM {LINE} WHERE posting_id = %s)",
                    [hours, ENTITLEMENT, posting.pk],
                )
            cursor.execute(f"SELECT MAX(id) FROM {ACCOUNT}")
            before = cursor.fetchone()[0] or 0
            if _create_entitlements(cursor, programme, persons_sql, params, balance=hours):
                cursor.execute(
                    f"INSERT INTO {LINE} (posting_id, account_id, amount) "
                    f"SELECT %s, a.id, %s {ours} AND a.id > %s",
                    [posting.pk, hours, programme.pk, ENTITLEMENT, before],
                )
                credited += cursor.rowcount
            if not credited:
                raise _NobodyOwed
    except _NobodyOwed:
        return None
    _balance_line(posting, funding, -hours * credited)
    return posting


def _lock_entitlements(cursor, programme):
    """PostgreSQL: lock the year's non-empty entitlement accounts (a reservation racing with
    the closing then waits, and finds the account emptied). SQLite: BEGIN IMMEDIATE already
    serialises writers."""
    if connection.features.has_select_for_update:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT id FROM {ACCOUNT} WHERE programme_id = %s "
            "AND kind = %s AND balance > 0 FOR UPDATE) locked",
            [programme.pk, ENTITLEMENT],
        )


def _carried(ceiling):
    """SQL: the part of an entitlement account's balance `a.balance` carried over."""
    return f"CASE WHEN a.balance > {ceiling} THEN {ceiling} ELSE a.balance END"


@transaction.atomic
def civic_year_closed(
    *, programme, by, next_programme=None, carry_ceiling=None, memo="", occurred_on=None
) -> Posting | None:
    """Close a year: each person's unused hours leave their account; up to `carry_ceiling`
    hours each go into `next_programme`'s account of the person (a `civic_carried_over`
    posting there, balanced by its funding; here they go back to the year's funding), the rest
    to civic_expired. Without `next_programme` everything expires. Reservations in progress
    are kept (releasing one later sends it to civic_expired). Returns the year's closing
    posting, None when no account held hours."""
    carry = next_programme is not None
    ceiling = quantize(carry_ceiling or 0) if carry else Decimal(0)
    funding = account_for(programme, AccountKind.CIVIC_FUNDING)
    expired = account_for(programme, AccountKind.CIVIC_EXPIRED)
    _lock([funding, expired])
    left = f"FROM {ACCOUNT} a WHERE a.programme_id = %s AND a.kind = %s AND a.balance > 0"
    with connection.cursor() as cursor:
        _lock_entitlements(cursor, programme)
        cursor.execute(
            f"SELECT COUNT(*), SUM(a.balance), SUM({_carried(ceiling)}) {left}",
            [programme.pk, ENTITLEMENT],
        )
        count, total, carried = cursor.fetchone()
        if not count:
            return None
        total, carried = quantize(total), quantize(carried)
        posting = _posting(
            programme,
            PostingEvent.CIVIC_YEAR_CLOSED,
            f"civic-year-closed-{programme.pk}",
            by,
            memo,
            occurred_on,
        )
        cursor.execute(
            f"INSERT INTO {LINE} (posting_id, account_id, amount) SELECT %s, a.id, -a.balance "
            f"{left}",
            [posting.pk, programme.pk, ENTITLEMENT],
        )
        if carry and carried > 0:
            _carry_over(cursor, programme, next_programme, ceiling, by, occurred_on)
        cursor.execute(
            f"UPDATE {ACCOUNT} SET balance = 0 WHERE kind = %s AND id IN "
            f"(SELECT account_id FROM {LINE} WHERE posting_id = %s)",
            [ENTITLEMENT, posting.pk],
        )
    if carry and carried > 0:
        _balance_line(posting, funding, carried)
    if total > carried:
        _balance_line(posting, expired, total - carried)
    return posting


def _carry_over(cursor, programme, next_programme, ceiling, by, occurred_on):
    """In next year's programme: the persons' accounts (created if missing), one
    `civic_carried_over` posting crediting each the part carried, balanced by its funding."""
    funding = account_for(next_programme, AccountKind.CIVIC_FUNDING)
    _lock([funding])
    holders = (
        f"SELECT a.person_id AS id FROM {ACCOUNT} a WHERE a.programme_id = %s "
        "AND a.kind = %s AND a.balance > 0"
    )
    _create_entitlements(cursor, next_programme, holders, [programme.pk, ENTITLEMENT])
    posting = _posting(
        next_programme,
        PostingEvent.CIVIC_CARRIED_OVER,
        f"civic-carried-over-{programme.pk}",
        by,
        f"Carried over from {programme}",
        occurred_on,
    )
    cursor.execute(
        f"INSERT INTO {LINE} (posting_id, account_id, amount) "
        f"SELECT %s, n.id, {_carried(ceiling)} FROM {ACCOUNT} a JOIN {ACCOUNT} n "
        "ON n.programme_id = %s AND n.kind = a.kind AND n.person_id = a.person_id "
        "WHERE a.programme_id = %s AND a.kind = %s AND a.balance > 0",
        [posting.pk, next_programme.pk, programme.pk, ENTITLEMENT],
    )
    cursor.execute(
        f"UPDATE {ACCOUNT} SET balance = balance + (SELECT l.amount FROM {LINE} l "
        f"WHERE l.posting_id = %s AND l.account_id = {ACCOUNT}.id) WHERE kind = %s AND id IN "
        f"(SELECT account_id FROM {LINE} WHERE posting_id = %s)",
        [posting.pk, ENTITLEMENT, posting.pk],
    )
    cursor.execute(f"SELECT SUM(amount) FROM {LINE} WHERE posting_id = %s", [posting.pk])
    _balance_line(posting, funding, -quantize(cursor.fetchone()[0]))
