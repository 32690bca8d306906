"""Writes of saved searches: an employee keeps a catalogue search under a name, deletes it; the
digest marks them digested."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.models import User

from ..models import SavedSearch
from .common import require

MAX_SAVED_SEARCHES = 20

NAME_REQUIRED = _("Give the search a name.")
NAME_TAKEN = _("You already have a saved search with this name.")
TOO_MANY = _("You can keep at most %(limit)s saved searches: delete one before saving another.")
NOT_YOURS = _("This saved search is not yours.")


@transaction.atomic
def saved_search_create(*, owner, name: str, criteria: dict, now=None) -> SavedSearch:
    """Keep `criteria` (the catalogue's query parameters) under `name`; the digest reports the
    needs published from now on."""
    # The owner's row is locked so that two saves at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    name = (name or "").strip()[:100]
    require(name, NAME_REQUIRED)
    require(not SavedSearch.objects.filter(owner=owner, name=name).exists(), NAME_TAKEN)
    count = SavedSearch.objects.filter(owner=owner).count()
    require(count < MAX_SAVED_SEARCHES, TOO_MANY, limit=MAX_SAVED_SEARCHES)
    return SavedSearch.objects.create(
        owner=owner,
        name=name,
        criteria={str(k): str(v) for k, v in criteria.items()},
        digested_at=now or timezone.now(),
    )


@transaction.atomic
def saved_search_delete(*, saved_search, by) -> None:
    require(saved_search.owner_id == by.pk, NOT_YOURS)
    SavedSearch.objects.filter(pk=saved_search.pk).delete()


def saved_searches_digested(*, at, owner=None) -> int:
    """The searches (the owner's, or everyone's) were reported up to `at` (by the digest)."""
    searches = SavedSearch.objects.filter(digested_at__lt=at)
    if owner is not None:
        searches = searches.filter(owner=owner)
    return searches.update(digested_at=at)
