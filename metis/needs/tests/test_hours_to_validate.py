"""The association's list of hours to validate."""

import re

from django.urls import reverse

from .factories import make_cycle
from .test_time_entries import declare, yesterday


def test_hours_to_validate_shows_fifty_entries_a_page_oldest_first(
    db, client, django_assert_max_num_queries
):
    """An association can have hundreds of entries waiting: the page lists them fifty at a time,
    oldest first, says how many wait, and its queries do not grow with them."""
    cycle = make_cycle(credit_hours="80")
    p = cycle.participation("active", hours="60")
    entries = [declare(cycle, p, hours="1", date=yesterday(days)) for days in range(52, 0, -1)]
    client.force_login(cycle.manager)
    url = reverse("needs:hours_to_validate")
    with django_assert_max_num_queries(12):
        first = client.get(url)
    listed = [int(pk) for pk in re.findall(r'name="entries" value="(\d+)"', first.text)]
    assert listed == [e.pk for e in entries[:50]]
    assert "52 saisies attendent votre décision" in first.text
    assert "?page=2" in first.text
    second = client.get(url, {"page": 2})
    listed = [int(pk) for pk in re.findall(r'name="entries" value="(\d+)"', second.text)]
    assert listed == [e.pk for e in entries[50:]]
    assert str(cycle.employee) in second.text and cycle.need.title in second.text
