"""The only way hours move: postings whose lines sum to zero, checked and written in one
transaction.

Concurrency: `post()` locks every account it touches with SELECT ... FOR UPDATE in primary-key
order (one fixed order, so two postings never wait on each other in a cycle), checks the
resulting balance of each account that must stay non-negative, writes the posting and its lines
and updates the cached balances before the transaction commits. SQLite ignores FOR UPDATE; its
transactions are opened with BEGIN IMMEDIATE (settings), which serialises writers instead.
A CheckConstraint on Account is the second guard.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DecimalField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core import formats
from metis.core.hours import quantize

from ..enums import NON_NEGATIVE_KINDS, AccountKind, PostingEvent
from ..models import Account, Posting, PostingLine

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

ACCOUNT_LABELS = {
    AccountKind.POOL: _("The programme pool"),
    AccountKind.CREDIT: _("The hours credit of %(holder)s"),
    AccountKind.PLEDGE: _("The remaining pledge of %(holder)s"),
    AccountKind.RESERVED_CREDIT: _("The credit reserved for participation %(reference)s"),
    AccountKind.RESERVED_PLEDGE: _("The pledge reserved for participation %(reference)s"),
}


def account_label(account: Account) -> str:
    label = ACCOUNT_LABELS.get(account.kind)
    if label is None:
        return str(account)
    return str(label) % {"holder": account.holder, "reference": account.reference_id}


class InsufficientBalance(ValidationError):
    """A posting would take an account that must stay non-negative below zero."""

    def __init__(self, *, account: Account, available: Decimal, requested: Decimal, event=None):
        self.account = account
        self.available = available
        self.requested = requested
        message = {
            PostingEvent.ALLOCATION_VOTED: CANNOT_ALLOCATE,
            PostingEvent.RESERVATION_MADE: CANNOT_RESERVE,
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


# Accounts ----------------------------------------------------------------------------------


def account_for(programme, kind, *, company=None, association=None, reference_id=None) -> Account:
    """The programme's account of this kind for this holder, created on first use (a plain
    SELECT when it exists; the INSERT, in a savepoint, only on a miss)."""
    account, _created = Account.objects.get_or_create(
        programme=programme,
        kind=kind,
        company=company,
        association=association,
        reference_id=reference_id,
        defaults={"must_stay_non_negative": kind in NON_NEGATIVE_KINDS},
    )
    _ACCOUNT_IDS[_key(account)] = account.pk
    return account


# Account ids are immutable once committed, so the event helpers remember them per process and
# skip the lookup: `_lock()` then checks that each locked row is the account that was meant
# (same programme, kind and holder) and looks every account up again if one is not (an id
# remembered from a rolled-back transaction, or a test database that was flushed).
_ACCOUNT_IDS: dict[tuple, int] = {}
_ACCOUNT_IDS_MAX = 10_000

AccountKey = tuple[int, str, int | None, int | None, int | None]


def _key(account: Account) -> AccountKey:
    return (
        account.programme_id,
        account.kind,
        account.company_id,
        account.association_id,
        account.reference_id,
    )


def _account_ref(programme, kind, *, company=None, association=None, reference_id=None) -> Account:
    """The account as an unsaved-looking reference (pk and key only), from the per-process id
    cache; falls back to `account_for` (one SELECT, an INSERT on first use)."""
    key = (
        programme.pk,
        kind,
        company.pk if company is not None else None,
        association.pk if association is not None else None,
        reference_id,
    )
    pk = _ACCOUNT_IDS.get(key)
    if pk is None:
        if len(_ACCOUNT_IDS) >= _ACCOUNT_IDS_MAX:
            _ACCOUNT_IDS.clear()
        return account_for(
            programme, kind, company=company, association=association, reference_id=reference_id
        )
    return Account(
        pk=pk,
        programme_id=key[0],
        kind=kind,
        company_id=key[2],
        association_id=key[3],
        reference_id=reference_id,
        must_stay_non_negative=kind in NON_NEGATIVE_KINDS,
    )


def _select_for_update(pks) -> dict[int, Account]:
    rows = Account.objects.select_for_update().filter(pk__in=sorted(pks)).order_by("pk")
    return {row.pk: row for row in rows}


def _lock(accounts: Iterable[Account]) -> dict[AccountKey, Account]:
    """Lock the accounts with one SELECT ... FOR UPDATE in primary-key order; return the locked
    rows by key. A stale reference (see _ACCOUNT_IDS) is looked up again, then locked."""
    wanted = {_key(account): account for account in accounts}
    rows = _select_for_update(account.pk for account in wanted.values())
    locked = {}
    for key, account in wanted.items():
        row = rows.get(account.pk)
        if row is None or _key(row) != key:
            break
        locked[key] = row
    else:
        return locked
    # Rare: forget the remembered ids, look every account up (creating it if it is gone).
    _ACCOUNT_IDS.clear()
    fresh = {key: _get_or_create_by_key(key) for key in wanted}
    rows = _select_for_update(account.pk for account in fresh.values())
    return {key: rows[account.pk] for key, account in fresh.items()}


def _get_or_create_by_key(key: AccountKey) -> Account:
    programme_id, kind, company_id, association_id, reference_id = key
    account, _created = Account.objects.get_or_create(
        programme_id=programme_id,
        kind=kind,
        company_id=company_id,
        association_id=association_id,
        reference_id=reference_id,
        defaults={"must_stay_non_negative": kind in NON_NEGATIVE_KINDS},
    )
    _ACCOUNT_IDS[key] = account.pk
    return account


# Postings ----------------------------------------------------------------------------------


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
    this transaction (by key), not locked or read again.

    Queries when the accounts are known: SELECT ... FOR UPDATE, INSERT posting, INSERT lines
    (one statement), UPDATE balances (one statement)."""
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
