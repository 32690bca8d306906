"""The events of one person's civic days account (Service Civique Professionnel, docs/rules.md
§ 8): credited once a year, hours reserved for a participation, done, released. The yearly
crediting of every employee at once and the closing of a year are set-based (civic_year.py).

Accounts of a civic programme (one per year):
civic_funding → civic_entitlement:u → civic_reserved:p → civic_done:u, leftovers → civic_expired.
The accounts belong to the person (`Account.person`), never to their employer."""

from django.db import transaction

from ..enums import CIVIC_CREDIT_EVENTS, AccountKind, PostingEvent
from ..models import Account, Posting, PostingLine
from .accounts import _account_ref, _key, _lock
from .posting import _positive_hours, _post


def civic_credited(account: Account) -> bool:
    """Whether this entitlement account already received its year's hours."""
    return PostingLine.objects.filter(
        account_id=account.pk, posting__event__in=CIVIC_CREDIT_EVENTS
    ).exists()


@transaction.atomic
def civic_entitlement_credited(
    *, programme, person, hours, by, memo="", occurred_on=None
) -> Posting | None:
    """civic_funding −h, civic_entitlement:u +h, once per person and year: returns None (and
    writes nothing) when the person already got this year's hours. Serialised with the yearly
    crediting by the lock on the funding account."""
    hours = _positive_hours(hours)
    funding = _account_ref(programme, AccountKind.CIVIC_FUNDING)
    _lock([funding])  # before the person's account may be created (see civic_year.ACCOUNT)
    entitlement = _account_ref(programme, AccountKind.CIVIC_ENTITLEMENT, person=person)
    fresh = _lock([funding, entitlement])
    if civic_credited(fresh[_key(entitlement)]):
        return None
    return _post(
        programme=programme,
        event=PostingEvent.CIVIC_ENTITLEMENT_CREDITED,
        lines=[(funding, -hours), (entitlement, hours)],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        locked=fresh,
    )


def _reserved(programme, person, participation_id):
    return _account_ref(
        programme, AccountKind.CIVIC_RESERVED, person=person, reference_id=participation_id
    )


@transaction.atomic
def civic_reserved(
    *, programme, person, participation_id: int, hours, by, memo="", occurred_on=None
) -> Posting:
    """civic_entitlement:u −h, civic_reserved:p +h. Raises InsufficientBalance (and writes
    nothing) beyond what the person's account holds."""
    hours = _positive_hours(hours)
    return _post(
        programme=programme,
        event=PostingEvent.CIVIC_RESERVED,
        lines=[
            (_account_ref(programme, AccountKind.CIVIC_ENTITLEMENT, person=person), -hours),
            (_reserved(programme, person, participation_id), hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
    )


@transaction.atomic
def civic_done(
    *, programme, person, participation_id: int, hours, by, memo="", occurred_on=None
) -> Posting:
    """The day was given: civic_reserved:p −h, civic_done:u +h. Raises InsufficientBalance
    beyond the reservation."""
    hours = _positive_hours(hours)
    return _post(
        programme=programme,
        event=PostingEvent.CIVIC_DONE,
        lines=[
            (_reserved(programme, person, participation_id), -hours),
            (_account_ref(programme, AccountKind.CIVIC_DONE, person=person), hours),
        ],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
    )


@transaction.atomic
def civic_released(
    *, programme, person, participation_id: int, by, memo="", occurred_on=None
) -> Posting | None:
    """What is left of a reservation goes back to the person's account, or to civic_expired
    when the year is closed. Returns None when nothing was left."""
    reserved = _reserved(programme, person, participation_id)
    back = (
        _account_ref(programme, AccountKind.CIVIC_EXPIRED)
        if programme.is_closed
        else _account_ref(programme, AccountKind.CIVIC_ENTITLEMENT, person=person)
    )
    fresh = _lock([reserved, back])
    left = fresh[_key(reserved)].balance
    if left == 0:
        return None
    return _post(
        programme=programme,
        event=PostingEvent.CIVIC_RELEASED,
        lines=[(reserved, -left), (back, left)],
        by=by,
        memo=memo,
        occurred_on=occurred_on,
        locked=fresh,
    )
