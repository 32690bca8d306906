"""The operator's dashboard over many territories (a nation): the tables of each company and
association are computed for the territory or programme chosen, not for every territory."""

from django.urls import reverse

from metis.reporting import views

from .test_dashboards import URL, _second_territory, get

ORGANISATION_TABLES = {"company_figures", "association_figures", "associations"}


def test_past_a_few_territories_the_operator_picks_one_to_see_its_organisations(
    client, data, operator_user, monkeypatch
):
    other, territory = _second_territory(data)
    shown = get(client, operator_user)
    assert {t.name for t in shown.context["tables"]} >= ORGANISATION_TABLES
    assert not shown.context["pick_a_territory"]

    # Two territories are now "many": the nation's screen.
    monkeypatch.setattr(views, "ORGANISATION_TABLES_TERRITORIES", 1)
    nation = get(client, operator_user)
    assert {t.name for t in nation.context["tables"]} == {"territories", "months"}
    assert nation.context["figures"]["associations"] is None
    page = nation.content.decode()
    assert 'data-testid="pick-a-territory"' in page
    assert "2 territoires : choisissez-en un" in page
    # The territories' figures are still all there.
    rows = {r["territory"]: r for r in nation.context["tables"][0].rows}
    assert set(rows) == {data.programme.territory.name, territory.name}
    # Nor the tables' exports, nor the list of every hour of the nation.
    for table in ("association_figures", "hours"):
        assert client.get(URL, {"table": table, "format": "csv"}).status_code == 404
    assert "table=hours" not in page
    # Nor a list of the nation's programmes: a territory first, then its programmes.
    assert nation.context["programmes"] == []
    assert "Choisissez un territoire pour lister ses programmes." in page
    few = get(client, operator_user, territory=territory.pk)
    assert [p.pk for p in few.context["programmes"]] == [other.programme.pk]
    assert "Choisissez un territoire pour lister ses programmes." not in few.content.decode()

    # A territory chosen, or a programme (one territory's): its organisations, and their export.
    for params in ({"territory": territory.pk}, {"programme": other.programme.pk}):
        chosen = get(client, operator_user, **params)
        tables = {t.name: t for t in chosen.context["tables"]}
        assert set(tables) >= ORGANISATION_TABLES
        assert [r["association"] for r in tables["association_figures"].rows] == [
            other.association.name
        ]
        assert not chosen.context["pick_a_territory"]
        # The programme chosen by a link stays chosen in the filter.
        if "programme" in params:
            assert chosen.context["programmes"] == [other.programme]
            assert f'value="{other.programme.pk}" selected' in chosen.content.decode()
        export = client.get(URL, {**params, "table": "association_figures", "format": "csv"})
        assert export.status_code == 200
        assert other.association.name in export.content.decode("utf-8")
        assert "table=hours&amp;format=csv" in chosen.content.decode()
        hours = client.get(URL, {**params, "table": "hours", "format": "csv"})
        assert hours.status_code == 200


def test_the_territory_officer_always_sees_the_associations(client, data, monkeypatch):
    monkeypatch.setattr(views, "ORGANISATION_TABLES_TERRITORIES", 0)
    response = get(client, data.officer)
    assert "associations" in {t.name for t in response.context["tables"]}
    assert not response.context["pick_a_territory"]
    assert response.context["figures"]["associations"]
    assert reverse("reporting:dashboard") == URL
