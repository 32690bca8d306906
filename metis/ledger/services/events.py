"""The business events the rest of the platform calls (docs/decisions/0004-ledger.md): the
mission cycle calls `reservation_made` when the employer approves a participation,
`time_validated` when the association validates a time entry and `reservation_released` when a
participation is completed or withdrawn."""

from django.db import transaction

from ..enums import AccountKind, PostingEvent
from ..models import Account, Posting
from .accounts import _account_ref, _key, _lock
from .posting import _positive_hours, _post


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
