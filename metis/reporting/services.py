"""Writes of the reporting app: the volunteer's calendar feed address."""

from django.db import transaction

from .models import CalendarFeed, new_feed_token


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret address for the person's calendar feed; the old one stops working."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


def calendar_feed_erase(user, former) -> None:
    """Erasure (accounts.personal_data): the person's calendar address stops working."""
    CalendarFeed.objects.filter(user=user).delete()
