"""Open data (docs/open-data.md): the daily files agree with the public figures, carry no
personal data, are written once a day, and their schema names their columns."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from metis.ledger.models import ProgrammeMonth
from metis.needs.services import needs as need_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle, need_data
from metis.organisations.tests.factories import TerritoryFactory, commune
from metis.programmes.tests.factories import ProgrammeFactory
from metis.reporting.impact import programme_impact
from metis.reporting.opendata.datasets import DATASETS
from metis.reporting.opendata.publish import (
    KEEP_DAYS,
    ROOT,
    open_data_daily,
    open_data_publish,
)
from metis.reporting.selectors import ledger_totals

from .conftest import build

pytestmark = pytest.mark.django_db


def _file(client, dataset, fmt="csv", territory=None):
    if territory is None:
        url = reverse("reporting:open_data_file", args=[dataset, fmt])
    else:
        url = reverse("reporting:open_data_territory_file", args=[territory.slug, dataset, fmt])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response


def _csv(client, dataset, territory=None):
    body = b"".join(_file(client, dataset, "csv", territory).streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _json(client, dataset, territory=None):
    return json.loads(b"".join(_file(client, dataset, "json", territory).streaming_content))


def test_programmes_agree_with_the_impact_page(client, data):
    programme = data.programme
    impact = programme_impact(programme)
    totals = ledger_totals(ProgrammeMonth.objects.filter(programme=programme))
    [row] = [r for r in _csv(client, "programmes") if r["programme_id"] == str(programme.pk)]
    assert Decimal(row["heures_promises"]) == impact["pledged"]
    assert Decimal(row["heures_attribuees"]) == totals["allocated"] == Decimal("150.00")
    assert Decimal(row["heures_realisees"]) == impact["delivered"] == Decimal("7.50")
    assert Decimal(row["valeur_heures_realisees_euros"]) == impact["value"] > 0
    assert int(row["associations_aidees"]) == impact["associations_helped"] == 1
    assert int(row["entreprises_engagees"]) == 2  # the cycle's company and the pool filler
    assert row["code_commune"] == programme.territory.commune_id
    assert row["heures_realisees"] == "7.50"  # a point, two places


def test_months_add_up_to_the_totals(client, data):
    rows = _csv(client, "heures-par-mois")
    mine = [r for r in rows if r["programme_id"] == str(data.programme.pk)]
    assert sum(Decimal(r["heures_realisees"]) for r in mine) == Decimal("7.50")
    assert sum(Decimal(r["heures_attribuees"]) for r in mine) == Decimal("150.00")
    assert all(len(r["mois"]) == 7 for r in mine)


def test_associations_helped_and_needs_published(client, data):
    [helped] = _csv(client, "associations-aidees")
    assert helped["association_id"] == str(data.association.pk)
    assert helped["association"] == data.association.name
    assert Decimal(helped["heures_realisees"]) == Decimal("7.50")
    draft = need_services.need_create(
        association=data.association, data=need_data(data.programme), by=data.manager
    )
    needs = {r["besoin_id"]: r for r in _csv(client, "besoins-publies")}
    assert str(data.need.pk) in needs and str(draft.pk) not in needs
    assert needs[str(data.need.pk)]["adresse"].endswith(data.need.get_absolute_url())


def test_json_holds_the_same_rows_with_its_licence_and_schema(client, data):
    rows = _csv(client, "programmes")
    document = _json(client, "programmes")
    assert document["licence"]["name"] == "etalab-2.0"
    assert document["schema"].endswith(reverse("reporting:open_data_schema", args=["programmes"]))
    assert [{k: str(v) for k, v in r.items()} for r in document["rows"]] == rows


def test_no_personal_data_in_any_file(client, data):
    people = [data.employee, data.manager, data.referent, data.officer]
    territory = data.programme.territory
    for slug in DATASETS:
        for scope in (None, territory):
            for fmt in ("csv", "json"):
                body = b"".join(_file(client, slug, fmt, scope).streaming_content).decode()
                for person in people:
                    for value in (person.email, person.last_name):
                        assert value not in body, (slug, fmt, value)


def test_a_territory_file_holds_only_its_territory(client, data):
    other = TerritoryFactory(commune=commune("69123"), operator=data.programme.territory.operator)
    ProgrammeFactory(territory=other, name="Lyon 2026")
    national = {r["programme"] for r in _csv(client, "programmes")}
    local = {r["programme"] for r in _csv(client, "programmes", data.programme.territory)}
    assert {"Lyon 2026", data.programme.name} <= national
    assert local == {data.programme.name}
    assert [r["programme"] for r in _csv(client, "programmes", other)] == ["Lyon 2026"]


def test_unknown_dataset_format_or_territory_is_a_404(client, data):
    assert client.get("/donnees-ouvertes/inconnu.csv").status_code == 404
    assert client.get("/donnees-ouvertes/programmes.xml").status_code == 404
    assert client.get("/donnees-ouvertes/territoires/nulle-part/programmes.csv").status_code == 404
    assert client.get("/donnees-ouvertes/schemas/inconnu.json").status_code == 404


def test_a_day_file_is_written_once_and_replaced_the_next_day(client, data):
    before = _csv(client, "programmes")[0]["heures_realisees"]
    entry = data.participation_active.time_entries.filter(status="declared").first()
    time_entry_services.time_entry_validate(entry=entry, by=data.manager)
    assert _csv(client, "programmes")[0]["heures_realisees"] == before  # the day's file
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow):
        after = _csv(client, "programmes")[0]["heures_realisees"]
    assert Decimal(after) == Decimal(before) + Decimal("2.50")


def test_etag_answers_304(client, data):
    first = _file(client, "programmes", "json")
    again = client.get(
        reverse("reporting:open_data_file", args=["programmes", "json"]),
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    assert "public" in first["Cache-Control"] and first["Access-Control-Allow-Origin"] == "*"


def test_the_schema_names_every_column(client, data):
    for slug, dataset in DATASETS.items():
        schema = client.get(reverse("reporting:open_data_schema", args=[slug])).json()
        body = b"".join(_file(client, slug, "csv").streaming_content).decode()
        header = body.splitlines()[0].split(",")
        assert [f["name"] for f in schema["fields"]] == header
        assert set(schema["primaryKey"]) <= set(header)
        assert all(
            f["type"] in {"integer", "number", "string", "date", "yearmonth"}
            for f in schema["fields"]
        )
        assert schema["licenses"][0]["name"] == "etalab-2.0"
        assert dataset.title


def test_the_page_lists_the_datasets_of_the_nation_and_of_a_territory(client, data):
    territory = data.programme.territory
    page = client.get(reverse("reporting:open_data")).content.decode()
    assert "Licence Ouverte" in page
    for slug in DATASETS:
        assert reverse("reporting:open_data_file", args=[slug, "csv"]) in page
    local = client.get(reverse("reporting:open_data"), {"territoire": territory.slug})
    assert (
        reverse("reporting:open_data_territory_file", args=[territory.slug, "programmes", "json"])
        in local.content.decode()
    )
    assert client.get(reverse("reporting:open_data"), {"territoire": "nulle"}).status_code == 404
    assert client.get(reverse("reporting:open_data"), {"territoire": "\x00"}).status_code == 404


def test_the_daily_run_publishes_once_and_purges_old_days(data, django_capture_on_commit_callbacks):
    cache.clear()
    today = timezone.localdate()
    old = f"{ROOT}/{(today - datetime.timedelta(days=KEEP_DAYS)).isoformat()}/national/x.csv"
    default_storage.save(old, io.BytesIO(b"x"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        open_data_daily()  # the immediate task backend runs it at once
        open_data_daily()  # the next beat: already enqueued today
    assert len(callbacks) == 1
    _days, _ = default_storage.listdir(ROOT)
    assert sorted(_days) == [today.isoformat()]
    assert set(default_storage.listdir(f"{ROOT}/{today.isoformat()}/national")[1]) == {
        f"{slug}.{fmt}" for slug in DATASETS for fmt in ("csv", "json")
    }
    assert open_data_publish() == 0  # already written today


@pytest.mark.parametrize("slug", sorted(DATASETS))
def test_queries_do_not_grow_with_the_programmes(client, django_assert_max_num_queries, slug):
    make_cycle()
    with django_assert_max_num_queries(12):
        _file(client, slug)
    for _ in range(3):
        build()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow), django_assert_max_num_queries(12):
        _file(client, slug)
