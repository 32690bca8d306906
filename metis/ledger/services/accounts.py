"""The ledger's accounts: one per programme, kind and holder, created on first use; their ids
remembered per process; locked in primary-key order before a posting."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from ..enums import NON_NEGATIVE_KINDS, AccountKind
from ..models import Account

ACCOUNT_LABELS = {
    AccountKind.POOL: _("The programme pool"),
    AccountKind.CREDIT: _("The hours credit of %(holder)s"),
    AccountKind.PLEDGE: _("The remaining pledge of %(holder)s"),
    AccountKind.RESERVED_CREDIT: _("The credit reserved for participation %(reference)s"),
    AccountKind.RESERVED_PLEDGE: _("The pledge reserved for participation %(reference)s"),
    AccountKind.CIVIC_ENTITLEMENT: _("The civic days account of %(holder)s"),
    AccountKind.CIVIC_RESERVED: _("The civic days reserved for participation %(reference)s"),
}


def account_label(account: Account) -> str:
    label = ACCOUNT_LABELS.get(account.kind)
    if label is None:
        return str(account)
    return str(label) % {"holder": account.holder, "reference": account.reference_id}


def account_for(
    programme, kind, *, company=None, association=None, reference_id=None, person=None
) -> Account:
    """The programme's account of this kind for this holder, created on first use (a plain
    SELECT when it exists; the INSERT, in a savepoint, only on a miss)."""
    account, _created = Account.objects.get_or_create(
        programme=programme,
        kind=kind,
        company=company,
        association=association,
        reference_id=reference_id,
        person=person,
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

AccountKey = tuple[int, str, int | None, int | None, int | None, int | None]


def _key(account: Account) -> AccountKey:
    return (
        account.programme_id,
        account.kind,
        account.company_id,
        account.association_id,
        account.reference_id,
        account.person_id,
    )


def _account_ref(
    programme, kind, *, company=None, association=None, reference_id=None, person=None
) -> Account:
    """The account as an unsaved-looking reference (pk and key only), from the per-process id
    cache; falls back to `account_for` (one SELECT, an INSERT on first use)."""
    key = (
        programme.pk,
        kind,
        company.pk if company is not None else None,
        association.pk if association is not None else None,
        reference_id,
        person.pk if person is not None else None,
    )
    pk = _ACCOUNT_IDS.get(key)
    if pk is None:
        if len(_ACCOUNT_IDS) >= _ACCOUNT_IDS_MAX:
            _ACCOUNT_IDS.clear()
        return account_for(
            programme,
            kind,
            company=company,
            association=association,
            reference_id=reference_id,
            person=person,
        )
    return Account(
        pk=pk,
        programme_id=key[0],
        kind=kind,
        company_id=key[2],
        association_id=key[3],
        reference_id=reference_id,
        person_id=key[5],
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
    programme_id, kind, company_id, association_id, reference_id, person_id = key
    account, _created = Account.objects.get_or_create(
        programme_id=programme_id,
        kind=kind,
        company_id=company_id,
        association_id=association_id,
        reference_id=reference_id,
        person_id=person_id,
        defaults={"must_stay_non_negative": kind in NON_NEGATIVE_KINDS},
    )
    _ACCOUNT_IDS[key] = account.pk
    return account
