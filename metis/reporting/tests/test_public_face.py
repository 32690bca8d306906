"""The public face: the running totals per operator and per territory computed from real
data through the services, the home page listing the territories and their impact pages,
and the embeddable figures (the widget alone may be framed)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from metis.needs.tests.factories import make_cycle
from metis.outcomes.tests.conftest import complete
from metis.reporting.public import operator_totals, territory_totals


@pytest.fixture
def cycle(db):
    cache.clear()
    return make_cycle()


@pytest.fixture
def delivered(cycle):
    complete(cycle, hours="6")
    cache.clear()
    return cycle


def test_running_totals(delivered):
    territory = delivered.programme.territory
    # make_cycle: two companies signed pledges, one association got a voted subsidy; 6 h given
    assert territory_totals(territory) == {"hours": 6, "companies": 2, "associations": 1}
    (row,) = operator_totals()
    assert row["operator"] == territory.operator.name
    assert (row["hours"], row["companies"], row["associations"]) == (6, 2, 1)


def test_the_home_page_links_each_territory_to_its_impact(client, delivered):
    territory = delivered.programme.territory
    page = client.get(reverse("inbox:home")).content.decode()
    assert territory.name in page
    assert reverse("reporting:territory_impact", args=[territory.slug]) in page
    response = client.get(reverse("reporting:territory_impact", args=[territory.slug]))
    assert response.url == reverse("reporting:impact", args=[delivered.programme.pk])


def test_only_the_widget_may_be_framed(client, delivered):
    slug = delivered.programme.territory.slug
    widget = client.get(reverse("reporting:widget", args=[slug]))
    assert "X-Frame-Options" not in widget
    assert '<span data-figure="companies">2</span>' in widget.content.decode()
    assert client.get(reverse("inbox:home"))["X-Frame-Options"] == "DENY"
    image = client.get(reverse("reporting:widget_svg", args=[slug]))
    assert image["Content-Type"].startswith("image/svg+xml")
    assert image.content.decode().lstrip().startswith("<?xml") and b"6 h" in image.content


def test_a_civic_year_has_its_impact_page(client, db):
    """The Service Civique Professionnel's years are national (no territory): their impact page
    names the scheme instead, without a territory's events or open data."""
    from django.utils import timezone

    from metis.civic.services import civic_programme

    programme = civic_programme(timezone.localdate().year)
    response = client.get(reverse("reporting:impact", args=[programme.pk]))
    assert response.status_code == 200
    assert "Service Civique Professionnel" in response.text and "agenda.ics" not in response.text
