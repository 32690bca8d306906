"""What the daily digest (metis.notifications) reports from the catalogue: for each saved
search, the needs published since its last digest that match it."""

from collections import defaultdict

from .catalogue import saved_search_new_needs
from .forms import CatalogueForm
from .models import SavedSearch
from .services.saved_searches import saved_searches_digested

__all__ = ["saved_searches_digested", "saved_searches_news"]


def saved_searches_news(*, until, limit: int) -> dict[int, list]:
    """{owner id: [(saved search, [needs])]} for the searches that found new needs published
    after their `digested_at` and up to `until` (at most `limit` each, in the search's order).
    A search that no longer validates (a skill removed…) finds nothing."""
    news = defaultdict(list)
    searches = SavedSearch.objects.filter(
        digested_at__lt=until, owner__is_active=True
    ).select_related("owner")
    for search in searches.order_by("owner_id", "name", "pk"):
        form = CatalogueForm(search.criteria, user=search.owner)
        if not form.is_valid():
            continue
        needs = saved_search_new_needs(
            form.criteria(), since=search.digested_at, until=until, limit=limit
        )
        if needs:
            news[search.owner_id].append((search, needs))
    return dict(news)
