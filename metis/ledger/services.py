"""The only way hours move: postings whose lines sum to zero, checked and written in one
transaction.

Concurrency: `post()` locks every account it touches with SELECT ... FOR UPDATE in primary-key
order (one fixed order, so two postings never wait on each other in a cycle), checks the
resulting balance of each account that must stay non-negative, writes the posting and its lines
and updates the cached balances before the transaction commits. SQLite ignores FOR UPDATE; its
transactions are opened with BEGIN IMMEDIATE (settings), which serialises writers instead.
A CheckConstraint on Account is the second guard.

The named event helpers below are the API the rest of the platform calls; the mission cycle
calls `reservation_made` when the employer approves a participation, `time_validated` when the
association validates a time entry and `reservation_released` when a participation is completed
or withdrawn.
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

from .enums import NON_NEGATIVE_KINDS, AccountKind, PostingEvent
from .models import Account, Posting, PostingLine

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


# Business events (docs/decisions/0004-ledger.md) -------------------------------------------


@transaction.atomic
def pledge_signed(*, programme, company, hours, by, memo="", occurred_on=None, **kwargs) -> Posting:
    """pledge:c +h, commitments −h; pool +h, funding −h."""
    hours = _positive_hours(hours)
    return _post(
        programme=programme,
        event=PostingEvent.PLEDGE_SIGNED,
        lines=[
            (_account_ref(programme, AccountKind.PLEDGE, company=company), hours),
            (_account_ref(programme, AccountKind.COMMITMENTS), -hours),
            (_account_ref(programme, AccountKind.POOL), hours),
            (_account_ref(programme, AccountKind.FUNDING), -hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        **kwargs,
    )


@transaction.atomic
def allocation_voted(
    *, programme, association, hours, by, memo="", occurred_on=None, **kwargs
) -> Posting:
    """pool −h, credit:a +h. Raises InsufficientBalance beyond the pool."""
    hours = _positive_hours(hours)
    return _post(
        programme=programme,
        event=PostingEvent.ALLOCATION_VOTED,
        lines=[
            (_account_ref(programme, AccountKind.POOL), -hours),
            (_account_ref(programme, AccountKind.CREDIT, association=association), hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        **kwargs,
    )


def _reservation_accounts(programme, association, company, participation_id):
    """The two accounts holding a participation's reservation: reserved_credit:p (association
    side) and reserved_pledge:p (company side)."""
    return (
        _account_ref(
            programme,
            AccountKind.RESERVED_CREDIT,
            association=association,
            reference_id=participation_id,
        ),
        _account_ref(
            programme, AccountKind.RESERVED_PLEDGE, company=company, reference_id=participation_id
        ),
    )


@transaction.atomic
def reservation_made(
    *,
    programme,
    association,
    company,
    participation_id: int,
    hours,
    by,
    memo="",
    occurred_on=None,
    **kwargs,
) -> Posting:
    """The employer approves a participation for h planned hours (or an amendment adds h):
    credit:a −h, reserved_credit:p +h; pledge:c −h, reserved_pledge:p +h.
    Raises InsufficientBalance when the association's credit or the company's pledge is short."""
    hours = _positive_hours(hours)
    reserved_credit, reserved_pledge = _reservation_accounts(
        programme, association, company, participation_id
    )
    return _post(
        programme=programme,
        event=PostingEvent.RESERVATION_MADE,
        lines=[
            (_account_ref(programme, AccountKind.CREDIT, association=association), -hours),
            (reserved_credit, hours),
            (_account_ref(programme, AccountKind.PLEDGE, company=company), -hours),
            (reserved_pledge, hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        **kwargs,
    )


@transaction.atomic
def time_validated(
    *,
    programme,
    association,
    company,
    participation_id: int,
    hours,
    by,
    memo="",
    occurred_on=None,
    **kwargs,
) -> Posting:
    """The association validates h hours of a participation:
    reserved_credit:p −h, delivered:a +h; reserved_pledge:p −h, used:c +h.
    Raises InsufficientBalance beyond the reservation (the volunteer asks for an amendment)."""
    hours = _positive_hours(hours)
    reserved_credit, reserved_pledge = _reservation_accounts(
        programme, association, company, participation_id
    )
    return _post(
        programme=programme,
        event=PostingEvent.TIME_VALIDATED,
        lines=[
            (reserved_credit, -hours),
            (_account_ref(programme, AccountKind.DELIVERED, association=association), hours),
            (reserved_pledge, -hours),
            (_account_ref(programme, AccountKind.USED, company=company), hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        **kwargs,
    )


@transaction.atomic
def reservation_released(
    *,
    programme,
    association,
    company,
    participation_id: int,
    by,
    hours=None,
    memo="",
    occurred_on=None,
    **kwargs,
) -> Posting | None:
    """A participation is completed or withdrawn: the unused reservation (or `hours` of it) goes
    back to credit:a and pledge:c; to the expired accounts if the programme is closed.
    Returns None when nothing was left to release."""
    closed = programme.is_closed
    reserved_credit, reserved_pledge = _reservation_accounts(
        programme, association, company, participation_id
    )
    back_to_credit = _account_ref(
        programme, AccountKind.EXPIRED if closed else AccountKind.CREDIT, association=association
    )
    back_to_pledge = _account_ref(
        programme, AccountKind.EXPIRED if closed else AccountKind.PLEDGE, company=company
    )
    fresh = _lock([reserved_credit, reserved_pledge, back_to_credit, back_to_pledge])
    if hours is None:
        credit_side = fresh[_key(reserved_credit)].balance
        pledge_side = fresh[_key(reserved_pledge)].balance
    else:
        credit_side = pledge_side = _positive_hours(hours)
    if credit_side == 0 and pledge_side == 0:
        return None
    return _post(
        programme=programme,
        event=PostingEvent.RESERVATION_RELEASED,
        lines=[
            (reserved_credit, -credit_side),
            (back_to_credit, credit_side),
            (reserved_pledge, -pledge_side),
            (back_to_pledge, pledge_side),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        locked=fresh,
        **kwargs,
    )


@transaction.atomic
def subsidy_closed(*, programme, association, by, memo="", occurred_on=None) -> Posting | None:
    """An association's subsidy is closed: what is left of its credit expires (reservations in
    progress are kept, so that hours already approved are never refused)."""
    credit = _account_ref(programme, AccountKind.CREDIT, association=association)
    expired = _account_ref(programme, AccountKind.EXPIRED, association=association)
    fresh = _lock([credit, expired])
    left = fresh[_key(credit)].balance
    if left == 0:
        return None
    return _post(
        programme=programme,
        event=PostingEvent.SUBSIDY_CLOSED,
        lines=[(credit, -left), (expired, left)],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        locked=fresh,
    )


@transaction.atomic
def programme_closed(*, programme, by, memo="", occurred_on=None) -> Posting | None:
    """Leftovers expire: the pool, each association's credit and each company's remaining pledge
    go to the matching expired account. Reservations in progress are kept."""
    leftovers = list(
        Account.objects.for_programme(programme)
        .of_kind(AccountKind.POOL, AccountKind.CREDIT, AccountKind.PLEDGE)
        .filter(balance__gt=0)
    )
    pairs = [
        (
            account,
            _account_ref(
                programme,
                AccountKind.EXPIRED,
                company=account.company if account.kind == AccountKind.PLEDGE else None,
                association=account.association if account.kind == AccountKind.CREDIT else None,
            ),
        )
        for account in leftovers
    ]
    fresh = _lock([a for pair in pairs for a in pair])
    lines = []
    for account, expired in pairs:
        left = fresh[_key(account)].balance
        if left > 0:
            lines += [(account, -left), (expired, left)]
    if not lines:
        return None
    return _post(
        programme=programme,
        event=PostingEvent.PROGRAMME_CLOSED,
        lines=lines,
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        locked=fresh,
    )
