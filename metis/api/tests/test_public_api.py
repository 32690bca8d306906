"""Behaviour of the public read API: the catalogue's search and filters, the figures of the
public pages, pagination, 404s, no personal data, ETags and 304, rate limits."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.api import errors
from metis.api.pagination import MAX_PAGE_SIZE
from metis.api.throttling import TokenThrottle
from metis.civic import services as civic_services
from metis.events.tests.factories import published_event
from metis.needs.enums import NeedFormat
from metis.needs.tests.factories import open_programme, signed_pledge, skill, voted_subsidy
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)
from metis.reporting.impact import programme_impact
from metis.reporting.public import territory_totals

from .world import publish_need

pytestmark = pytest.mark.django_db

LYON = "69123"


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _ids(body):
    return [item["id"] for item in body["items"]]


# The catalogue -------------------------------------------------------------------------------


def test_the_catalogue_lists_published_needs_only(client, world):
    body = _get(client, "/api/v1/needs")
    assert _ids(body) == [world.need.pk]
    item = body["items"][0]
    assert item["association"] == {"id": world.association.pk, "name": world.association.name}
    assert item["estimated_hours"] == "12.00"
    assert item["territory"] == world.territory.slug
    assert [s["code"] for s in item["skills_required"]] == ["accounting"]


def test_the_catalogue_searches_and_filters_as_the_site(client, world):
    other = publish_need(
        world.programme,
        world.association,
        world.manager,
        title="Refonte du site internet",
        description="Un site plus simple.",
        skills_required=[skill("budgeting")],
        format=NeedFormat.ON_SITE,
        commune=commune(LYON),
        estimated_hours=30,
        open_to_civic_days=True,
    )
    assert _ids(_get(client, "/api/v1/needs", q="annuels")) == [world.need.pk]
    assert _ids(_get(client, "/api/v1/needs", q="site internet")) == [other.pk]
    assert _ids(_get(client, "/api/v1/needs", skill=skill("accounting").pk)) == [world.need.pk]
    assert _ids(_get(client, "/api/v1/needs", format="remote")) == [world.need.pk]
    assert set(_ids(_get(client, "/api/v1/needs", format="on_site"))) == {world.need.pk, other.pk}
    assert _ids(_get(client, "/api/v1/needs", commune=LYON)) == [other.pk]
    assert _ids(_get(client, "/api/v1/needs", max_hours="20")) == [world.need.pk]
    assert _ids(_get(client, "/api/v1/needs", civic_days="true")) == [other.pk]
    assert _ids(_get(client, "/api/v1/needs", territory=world.territory.slug)) == _ids(
        _get(client, "/api/v1/needs")
    )
    assert _get(client, "/api/v1/needs", territory="nowhere")["count"] == 0
    near = _get(client, "/api/v1/needs", commune="92071", distance="10")
    assert _ids(near) == [world.need.pk]
    assert near["items"][0]["distance_km"] == 0.0
    # The site's sorts: the most recent first by default, the end date soonest with "fin".
    assert _ids(_get(client, "/api/v1/needs")) == [other.pk, world.need.pk]
    ending = sorted([world.need, other], key=lambda n: (n.ends_on, n.pk))
    assert _ids(_get(client, "/api/v1/needs", sort="fin")) == [n.pk for n in ending]


def test_the_catalogue_refuses_what_its_form_refuses(client, world):
    response = client.get("/api/v1/needs", {"distance": "10"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == errors.INVALID_REQUEST and body["fields"] == ["commune"]
    response = client.get("/api/v1/needs", {"commune": "00000"})
    assert response.status_code == 400 and response.json()["fields"] == ["commune"]


def test_a_need_s_public_page(client, world):
    body = _get(client, f"/api/v1/needs/{world.need.pk}")
    assert body["description"] == world.need.description
    assert body["association"]["commune"]["code"] == world.association.commune_id
    assert body["programme"] == {
        "id": world.programme.pk,
        "name": world.programme.name,
        "territory": world.territory.slug,
    }
    assert [s["code"] for s in body["skills_welcome"]] == ["audit"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/needs/999999",
        "/api/v1/events/999999",
        "/api/v1/partners/999999",
        "/api/v1/programmes/999999",
        "/api/v1/territories/nowhere",
        "/api/v1/territories/nowhere/programmes",
    ],
)
def test_unknown_objects_answer_the_json_404(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"message": errors.NOT_FOUND, "fields": [], "errors": []}


def test_what_is_not_public_answers_404(client, world):
    from metis.programmes.tests.factories import ProgrammeFactory

    draft_programme = ProgrammeFactory(draft=True, territory=world.territory)
    for url in (
        f"/api/v1/needs/{world.draft_need.pk}",
        f"/api/v1/events/{world.draft_event.pk}",
        f"/api/v1/programmes/{draft_programme.pk}",
    ):
        assert client.get(url).status_code == 404, url


# Figures of the public pages -----------------------------------------------------------------


def test_territories_show_the_widget_s_totals(client, world):
    body = _get(client, "/api/v1/territories")
    totals = territory_totals(world.territory)
    detail = _get(client, f"/api/v1/territories/{world.territory.slug}")
    assert body["items"] == [{k: v for k, v in detail.items() if k != "impact"}]
    assert detail["impact"] == _get(client, f"/api/v1/programmes/{world.programme.pk}")
    assert body["items"][0]["totals"] == {
        "hours": f"{totals['hours']:.2f}",
        "companies": totals["companies"],
        "associations": totals["associations"],
    }
    assert body["items"][0]["impact_programme"] == world.programme.pk
    programmes = _get(client, f"/api/v1/territories/{world.territory.slug}/programmes")
    assert _ids(programmes) == [world.programme.pk]


def test_a_programme_shows_its_impact_page_s_figures(client, world):
    figures = programme_impact(world.programme)
    body = _get(client, f"/api/v1/programmes/{world.programme.pk}")
    assert body["hours_pledged"] == f"{figures['pledged']:.2f}" == "100.00"
    assert body["hours_allocated"] == f"{figures['allocated']:.2f}"
    assert body["hours_delivered"] == f"{figures['delivered']:.2f}"
    assert body["associations_helped"] == figures["associations_helped"]
    assert body["companies"] == figures["companies"]


def test_events_filters(client, world):
    officer = member(Role.TERRITORY_OFFICER, world.territory)
    online = published_event(
        organiser=world.territory,
        by=officer,
        kind="conference",
        address="",
        commune=None,
        online_url="https://visio.example/salle",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=1),
    )
    assert _ids(_get(client, "/api/v1/events")) == [world.event.pk, online.pk]
    assert _ids(_get(client, "/api/v1/events", kind="conference")) == [online.pk]
    assert _ids(_get(client, "/api/v1/events", mode="online")) == [online.pk]
    assert _ids(_get(client, "/api/v1/events", mode="on_site")) == [world.event.pk]
    assert _ids(
        _get(client, "/api/v1/events", territory=world.territory.slug, kind="workshop")
    ) == [world.event.pk]
    assert _get(client, "/api/v1/events", territory="nowhere")["count"] == 0
    later = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    assert _ids(_get(client, "/api/v1/events", date_from=later)) == [online.pk]
    body = _get(client, f"/api/v1/events/{online.pk}")
    assert body["online"] is True and "visio.example" not in json.dumps(body)


def test_partners_filter_by_territory(client, world):
    assert _ids(_get(client, "/api/v1/partners", territory=world.territory.slug)) == [
        world.partner.pk
    ]
    assert _get(client, "/api/v1/partners", territory="nowhere")["count"] == 0
    body = _get(client, f"/api/v1/partners/{world.partner.pk}")
    assert [o["kind"] for o in body["offers"]] == ["premises"]


def test_the_civic_counter_groups_small_places(client, world):
    sceaux, lyon = CompanyFactory(), CompanyFactory(commune=commune(LYON))
    for _ in range(11):
        member(Role.EMPLOYEE, sceaux)
    for _ in range(2):
        member(Role.EMPLOYEE, lyon)
    civic_services.civic_year_open(year=timezone.localdate().year)
    counter = _get(client, "/api/v1/civic/counter")
    assert counter["total"]["accounts"] == 13
    assert [row["code"] for row in counter["departements"]] == ["92", ""]
    communes = _get(client, "/api/v1/civic/counter/communes")
    assert [(row["code"], row["accounts"]) for row in communes["items"]] == [("92071", 11), ("", 2)]


# Pagination and bounded queries ----------------------------------------------------------------


def test_pages_link_to_each_other(client, world):
    publish_need(world.programme, world.association, world.manager, title="Deuxième besoin")
    first = _get(client, "/api/v1/needs", page_size=1)
    assert first["count"] == 2 and first["previous"] is None
    assert first["next"].endswith("page_size=1&page=2")
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"].endswith("page=1")
    assert _ids(first) + _ids(second) == _ids(_get(client, "/api/v1/needs"))
    beyond = _get(client, "/api/v1/needs", page=9)
    assert beyond["items"] == [] and beyond["count"] == 2


def test_page_size_is_bounded(client, world):
    response = client.get("/api/v1/needs", {"page_size": MAX_PAGE_SIZE + 1})
    assert response.status_code == 400
    assert response.json()["fields"] == ["page_size"]


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_catalogue_and_territories_read_a_fixed_number_of_queries(client, world):
    urls = ["/api/v1/needs", "/api/v1/territories", "/api/v1/partners", "/api/v1/events"]
    before = {url: _queries(client, url) for url in urls}
    for code in ("69123", "75056", "13055"):
        programme = open_programme(territory=TerritoryFactory(commune=commune(code)))
        association = AssociationFactory()
        manager = member(Role.ASSOCIATION_MANAGER, association)
        signed_pledge(programme, CompanyFactory())
        voted_subsidy(programme, association)
        publish_need(programme, association, manager)
    after = {url: _queries(client, url) for url in urls}
    assert _get(client, "/api/v1/needs")["count"] == 4
    assert _get(client, "/api/v1/territories")["count"] == 4
    assert after == before


# No personal data -------------------------------------------------------------------------------


def test_no_payload_carries_personal_data(client, world):
    from .test_api_permissions import PUBLIC_OPERATIONS

    people = [world.manager, *[m.user for m in world.association.memberships.all()]]
    secrets = {"@", world.association.legal_representative, "Paul Durand"}
    secrets |= {p.first_name for p in people if p.first_name}
    secrets |= {p.last_name for p in people if p.last_name}
    for operation_id, url in PUBLIC_OPERATIONS.items():
        text = client.get(url(world)).content.decode()
        for secret in secrets:
            assert secret not in text, (operation_id, secret)


# ETags and rate limits ---------------------------------------------------------------------------


def test_etags_answer_304_while_the_body_is_unchanged(client, world):
    response = client.get("/api/v1/needs")
    tag = response["ETag"]
    assert tag.startswith('"') and response["Cache-Control"].startswith("public, max-age=")
    again = client.get("/api/v1/needs", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    publish_need(world.programme, world.association, world.manager, title="Nouveau")
    changed = client.get("/api/v1/needs", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert "ETag" not in client.get("/api/v1/needs/999999")


def test_too_many_requests_answer_429_with_retry_after(client, world, settings):
    settings.API_RATE_ANONYMOUS = "2/min"
    cache.clear()
    assert client.get("/api/v1/territories").status_code == 200
    assert client.get("/api/v1/needs").status_code == 200
    # The limit is the whole API's: a router of another part counts and refuses alike.
    response = client.post(
        "/api/v1/valuation/hourly-cost", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"message": errors.THROTTLED, "fields": [], "errors": []}


def test_clients_behind_the_trusted_proxy_are_counted_apart(client, world, settings):
    settings.API_RATE_ANONYMOUS = "1/min"
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    for address in ("203.0.113.1", "203.0.113.2"):
        headers = {"X-Forwarded-For": f"198.51.100.9, {address}"}
        assert client.get("/api/v1/territories", headers=headers).status_code == 200
    spoofed = {"X-Forwarded-For": "198.51.100.10, 203.0.113.1"}
    assert client.get("/api/v1/territories", headers=spoofed).status_code == 429


def test_token_requests_are_counted_per_token():
    class Request:
        META = {"REMOTE_ADDR": "192.0.2.1"}

    class Token:
        pk = 7

    request = Request()
    assert TokenThrottle().get_cache_key(request) is None
    request.auth = Token()
    assert TokenThrottle().get_cache_key(request).endswith("_7")


def test_the_schema_declares_304_404_and_429(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    detail = paths["/api/v1/needs/{need_id}"]["get"]["responses"]
    assert {"200", "304", "404", "429"} <= set(detail)
    listing = paths["/api/v1/needs"]["get"]["responses"]
    assert {"200", "304", "400", "429"} <= set(listing)
    for path, methods in paths.items():
        for operation in methods.values():
            assert "429" in operation["responses"], path


def test_an_unknown_query_parameter_is_refused(client, world):
    """A typo would otherwise answer a silently wrong list."""
    response = client.get("/api/v1/events", {"pagesize": "50"})
    assert response.status_code == 400
    assert response.json()["fields"] == ["pagesize"]
    assert response.json()["errors"][0]["message"] == "Paramètre inconnu pour cette opération."
    assert client.get("/api/v1/civic/counter", {"annee": "2025"}).status_code == 400
    assert client.get("/api/v1/events", {"page_size": "5"}).status_code == 200
