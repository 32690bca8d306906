"""Every page the national scale names (besides the dashboards, counted in test_dashboards.py)
runs a number of queries that does not grow with the data: counted on a small set, then again
after more cycles, needs, applicants, validated hours and civic accounts were added."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metis.civic import services as civic_services
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import need_data, today

from .conftest import build

MAX_QUERIES = 40

PAGES = {
    # name: (who, url of the data built)
    "catalogue": (None, lambda d: reverse("needs:catalogue")),
    "catalogue search": (None, lambda d: reverse("needs:catalogue") + "?q=comptes+annuels"),
    "need (public)": (None, lambda d: reverse("needs:public_detail", args=[d.need.pk])),
    "need (employee)": ("employee", lambda d: reverse("needs:public_detail", args=[d.need.pk])),
    "need with recommendations": (
        "manager",
        lambda d: reverse("needs:need_manage", args=[d.need.pk]),
    ),
    "needs for you": ("employee", lambda d: reverse("needs:needs_for_you")),
    "my participations": ("employee", lambda d: reverse("needs:my_participations")),
    "employee home": ("employee", lambda d: reverse("inbox:home")),
    "association needs": ("manager", lambda d: reverse("needs:association_needs")),
    "hours to validate": ("manager", lambda d: reverse("needs:hours_to_validate")),
    "association home": ("manager", lambda d: reverse("inbox:home")),
    "company home": ("referent", lambda d: reverse("inbox:home")),
    "territory home": ("officer", lambda d: reverse("inbox:home")),
    "national counter": (None, lambda d: reverse("civic:counter")),
    "impact (public)": (None, lambda d: reverse("reporting:impact", args=[d.programme.pk])),
}

API = {
    "/api/v1/valuation/hourly-cost": {
        "year": 2026,
        "monthly_salary": "5000",
        "monthly_employer_charges": "2100",
    },
    "/api/v1/tax/reduction": {
        "years": [
            {
                "fiscal_year_end": "2026-12-31",
                "turnover_excl_tax": "2000000",
                "corporate_tax_due": "80000",
                "donations": "10000",
            }
        ]
    },
}


def _grow(size):
    """One more mission cycle: `size` validated days, `size` more applicants, `size` more
    published needs of its association, and the civic year opened for the new employees."""
    data = build(entries=size, extra_volunteers=size)
    for _ in range(size):
        need = need_services.need_create(
            association=data.association, data=need_data(data.programme), by=data.manager
        )
        need_services.need_publish(need=need, by=data.manager)
    civic_services.civic_year_open(year=today().year)
    return data


def _count(client, url, method="get", **kwargs):
    cache.clear()  # the national counter is cached: count its queries, not the cache's
    getattr(client, method)(url, **kwargs)  # once before: rows created on first visit
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_data(client, db, page):
    who, url = PAGES[page]
    counts = []
    for size in (1, 6):
        data = _grow(size)
        client.logout()
        if who is not None:
            client.force_login(getattr(data, who))
        counts.append(_count(client, url(data)))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_QUERIES


@pytest.mark.parametrize("url", list(API))
def test_api_queries_do_not_grow_with_data(client, db, url):
    counts = []
    for size in (1, 6):
        _grow(size)
        body = json.dumps(API[url])
        counts.append(_count(client, url, "post", data=body, content_type="application/json"))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_QUERIES
