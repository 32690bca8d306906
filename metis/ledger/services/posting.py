"""Postings: lines that sum to zero, checked and written in one transaction.

Concurrency: `post()` locks every account it touches with SELECT ... FOR UPDATE in primary-key
order (one fixed order, so two postings never wait on each other in a cycle), checks the
resulting balance of each account that must stay non-negative, writes the posting and its lines
and updates the cached balances before the transaction commits. SQLite ignores FOR UPDATE; its
transactions are opened with BEGIN IMMEDIATE (settings), which serialises writers instead.
A CheckConstraint on Account is the second guard.

On PostgreSQL those steps are one statement (`ONE_STATEMENT`, a CTE): the rows stay locked for
that statement and the COMMIT only, not for four round trips through Python
(docs/decisions/0004-ledger.md, "Performance").
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, DecimalField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core import formats
from metis.core.hours import quantize

from ..enums import PostingEvent
from ..models import Account, Posting, PostingLine
from .accounts import AccountKey, _key, _lock, account_label

UNBALANCED = _("The lines of a posting must sum to zero.")
TOO_FEW_LINES = _("A posting needs at least two non-zero lines.")
FOREIGN_ACCOUNT = _("Every account of a posting must belong to the posting's programme.")
ALREADY_REVERSED = _("This posting has already been reversed.")
REVERSAL_OF_REVERSAL = _("A reversal cannot be reversed: post the correction again.")
IDEMPOTENCY_CONFLICT = _("This idempotency key was already used for another event.")
HOURS_NOT_POSITIVE = _("The number of hours must be positive.")

CANNOT_ALLOCATE = _("%(account)s only holds %(available)s h: cannot allocate %(requested)s h.")
CANNOT_RESERVE = _("%(account)s only holds %(available)s h: cannot reserve %(requested)s h.")
CANNOT_DEBIT = _("%(account)s only holds %(available)s h: cannot take %(requested)s h from it.")


class InsufficientBalance(ValidationError):
    """A posting would take an account that must stay non-negative below zero."""

    def __init__(self, *, account: Account, available: Decimal, requested: Decimal, event=None):
        self.account = account
        self.available = available
        self.requested = requested
        message = {
            PostingEvent.ALLOCATION_VOTED: CANNOT_ALLOCATE,
            PostingEvent.RESERVATION_MADE: CANNOT_RESERVE,
            PostingEvent.CIVIC_RESERVED: CANNOT_RESERVE,
        }.get(event, CANNOT_DEBIT)
        super().__init__(
            message,
            code="insufficient_balance",
            params={
                "account": account_label(account),
                "available": formats.amount(available),
                "requested": formats.amount(requested),
            },
        )


def _positive_hours(hours) -> Decimal:
    hours = quantize(hours)
    if hours <= 0:
        raise ValidationError(HOURS_NOT_POSITIVE, code="hours_not_positive")
    return hours


@transaction.atomic
def post(
    *,
    programme,
    event: str,
    lines: list[tuple[Account, Decimal]],
    by,
    memo: str = "",
    occurred_on: date | None = None,
    reverses: Posting | None = None,
    idempotency_key: str | None = None,
) -> Posting:
    """Write one posting. Raises InsufficientBalance (and writes nothing) when an account that
    must stay non-negative would go below zero."""
    return _post(
        programme=programme,
        event=event,
        lines=lines,
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        reverses=reverses,
        idempotency_key=idempotency_key,
    )


def _post(
    *,
    programme,
    event: str,
    lines: list[tuple[Account, Decimal]],
    by,
    memo: str = "",
    occurred_on: date | None = None,
    reverses: Posting | None = None,
    idempotency_key: str | None = None,
    locked: dict[AccountKey, Account] | None = None,
) -> Posting:
    """`post()` without its own transaction: the caller is atomic (the event helpers), which
    saves a SAVEPOINT/RELEASE pair per posting. `locked`: rows the caller already locked in
    this transaction (by key), whose ids are used; not locked or read again on SQLite (on
    PostgreSQL the one statement locks them again, which this transaction does without waiting).

    Queries when the accounts are known: one on PostgreSQL (`ONE_STATEMENT`); elsewhere
    SELECT ... FOR UPDATE, INSERT posting, INSERT lines (one statement), UPDATE balances (one
    statement)."""
    if idempotency_key:
        existing = Posting.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.programme_id != programme.pk or existing.event != event:
                raise ValidationError(IDEMPOTENCY_CONFLICT, code="idempotency_conflict")
            return existing

    amounts: dict[AccountKey, Decimal] = defaultdict(Decimal)
    accounts: dict[AccountKey, Account] = {}
    for account, amount in lines:
        if account.programme_id != programme.pk:
            raise ValidationError(FOREIGN_ACCOUNT, code="foreign_account")
        key = _key(account)
        accounts.setdefault(key, account)
        amounts[key] += quantize(amount)
    amounts = {key: amount for key, amount in amounts.items() if amount != 0}
    if len(amounts) < 2:
        raise ValidationError(TOO_FEW_LINES, code="too_few_lines")
    if sum(amounts.values()) != 0:
        raise ValidationError(UNBALANCED, code="unbalanced")

    if locked is not None and all(key in locked for key in amounts):
        accounts = locked
    if connection.vendor == "postgresql":
        posting = _post_in_one_statement(
            programme=programme,
            event=event,
            amounts=amounts,
            accounts=accounts,
            by=by,
            memo=memo,
            occurred_on=occurred_on,
            reverses=reverses,
            idempotency_key=idempotency_key,
        )
        if posting is not None:
            return posting
        locked = None  # a stale remembered id: `_lock()` looks the accounts up again
    if locked is None or not all(key in locked for key in amounts):
        locked = _lock(accounts[key] for key in amounts)
    new_balances: dict[int, Decimal] = {}
    for key, amount in amounts.items():
        account = locked[key]
        new_balance = account.balance + amount
        if account.must_stay_non_negative and new_balance < 0:
            account = Account.objects.select_related("company", "association").get(pk=account.pk)
            raise InsufficientBalance(
                account=account, available=account.balance, requested=-amount, event=event
            )
        new_balances[account.pk] = new_balance

    posting = Posting.objects.create(
        programme=programme,
        event=event,
        occurred_on=occurred_on or timezone.localdate(),
        created_by=by,
        memo=memo[:300],
        reverses=reverses,
        idempotency_key=idempotency_key or None,
    )
    PostingLine.objects.bulk_create(
        PostingLine(posting=posting, account_id=locked[key].pk, amount=amount)
        for key, amount in amounts.items()
    )
    Account.objects.filter(pk__in=new_balances).update(
        balance=Case(
            *[When(pk=pk, then=Value(balance)) for pk, balance in new_balances.items()],
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )
    )
    return posting


# Lock the accounts in primary-key order (only rows that still have the expected programme, kind
# and holder: a stale remembered id finds nothing), check the guarded balances, then write the
# posting, its lines and the balances only if every account was found and none goes below zero.
# The verdict aggregates every locked row before the posting is inserted, so all the locks are
# taken first; the UPDATE adds to the newest balance (READ COMMITTED re-reads the locked row).
ONE_STATEMENT = """
WITH wanted (position, id, programme_id, kind, company_id, association_id, reference_id,
             person_id, amount) AS (VALUES {rows}),
locked AS (
    SELECT account.id, account.balance, account.must_stay_non_negative, wanted.amount,
           wanted.position
    FROM ledger_account AS account
    JOIN wanted ON account.id = wanted.id
        AND account.programme_id = wanted.programme_id
        AND account.kind = wanted.kind
        AND account.company_id IS NOT DISTINCT FROM wanted.company_id
        AND account.association_id IS NOT DISTINCT FROM wanted.association_id
        AND account.reference_id IS NOT DISTINCT FROM wanted.reference_id
        AND account.person_id IS NOT DISTINCT FROM wanted.person_id
    ORDER BY account.id
    FOR UPDATE OF account
),
verdict AS (
    SELECT count(*) = %s
           AND bool_and(NOT must_stay_non_negative OR balance + amount >= 0) AS ok
    FROM locked
),
new_posting AS (
    INSERT INTO ledger_posting (programme_id, event, occurred_on, created_at, created_by_id,
                                memo, reverses_id, idempotency_key)
    SELECT %s, %s, %s, %s, %s, %s, %s, %s FROM verdict WHERE ok
    RETURNING id
),
new_lines AS (
    INSERT INTO ledger_postingline (posting_id, account_id, amount)
    SELECT new_posting.id, locked.id, locked.amount
    FROM new_posting CROSS JOIN locked
    ORDER BY locked.position
),
new_balances AS (
    UPDATE ledger_account AS account SET balance = account.balance + locked.amount
    FROM locked CROSS JOIN new_posting
    WHERE account.id = locked.id
)
SELECT locked.id, locked.balance, locked.must_stay_non_negative, (SELECT id FROM new_posting)
FROM locked
"""
WANTED_ROW = (
    "(%s::integer, %s::bigint, %s::bigint, %s::varchar, %s::bigint, %s::bigint, %s::bigint, "
    "%s::bigint, %s::numeric)"
)


def _post_in_one_statement(
    *, programme, event, amounts, accounts, by, memo, occurred_on, reverses, idempotency_key
) -> Posting | None:
    """`_post()` in one round trip (PostgreSQL). Returns None, having written nothing, when a
    remembered account id is stale; raises InsufficientBalance (nothing written) when a
    guarded account would go below zero."""
    wanted = [
        (position, accounts[key].pk, *key, amount)
        for position, (key, amount) in enumerate(amounts.items())
    ]
    posting = Posting(
        programme=programme,
        event=event,
        occurred_on=occurred_on or timezone.localdate(),
        created_at=timezone.now(),
        created_by=by,
        memo=memo[:300],
        reverses=reverses,
        idempotency_key=idempotency_key or None,
    )
    sql = ONE_STATEMENT.format(rows=", ".join([WANTED_ROW] * len(wanted)))
    params = [value for row in wanted for value in row]
    params += [len(wanted), programme.pk, event, posting.occurred_on, posting.created_at]
    params += [posting.created_by_id, posting.memo, posting.reverses_id, posting.idempotency_key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = {pk: (balance, guarded, posting_id) for pk, balance, guarded, posting_id in cursor}
    if len(rows) < len(wanted):
        return None
    for key, amount in amounts.items():
        balance, guarded, posting_id = rows[accounts[key].pk]
        if guarded and balance + amount < 0:
            account = Account.objects.select_related("company", "association").get(
                pk=accounts[key].pk
            )
            raise InsufficientBalance(
                account=account, available=balance, requested=-amount, event=event
            )
    posting.pk = posting_id
    posting._state.adding = False
    posting._state.db = connection.alias
    return posting


@transaction.atomic
def reverse(*, posting: Posting, by, memo: str = "", occurred_on: date | None = None) -> Posting:
    """Correct a posting by a new one with every line negated, pointing to it."""
    if posting.reverses_id is not None:
        raise ValidationError(REVERSAL_OF_REVERSAL, code="reversal_of_reversal")
    if Posting.objects.filter(reverses=posting).exists():
        raise ValidationError(ALREADY_REVERSED, code="already_reversed")
    lines = [(line.account, -line.amount) for line in posting.lines.select_related("account")]
    return _post(
        programme=posting.programme,
        event=PostingEvent.REVERSAL,
        lines=lines,
        by=by,
        memo=memo or f"reverses #{posting.pk}",
        occurred_on=occurred_on,
        reverses=posting,
    )
