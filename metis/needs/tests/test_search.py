import pytest
from django.db import connection
from django.urls import reverse

from metis.needs.services import needs as need_services

from ..models import Need
from ..search import normalise, query_terms
from .factories import need_data, skill


def test_normalisation_is_lower_unaccented_and_stemmed():
    assert query_terms("COMPTABILITÉS") == query_terms("comptabilite") == ["comptabilit"]
    assert query_terms("comptabilité") == ["comptabilit"]
    assert normalise("Le site Web", "sites") == " sit web"


@pytest.fixture
def needs(cycle):
    other = need_services.need_create(
        association=cycle.association,
        data=need_data(
            cycle.programme,
            title="Refonte du site internet",
            description="Nouveau site pour les bénévoles",
            skills_required=[skill("web_development")],
            skills_welcome=[],
        ),
        by=cycle.manager,
    )
    need_services.need_publish(need=other, by=cycle.manager)
    return cycle.need, other


@pytest.mark.parametrize("query", ["comptabilite", "COMPTABILITÉS", "comptabilité", "Comptabilite"])
def test_the_three_spellings_find_the_same_needs(needs, query):
    accounts, _website = needs
    assert list(Need.objects.search(query)) == [accounts]


def test_every_word_must_match(needs):
    accounts, website = needs
    assert list(Need.objects.search("site bénévole")) == [website]
    assert list(Need.objects.search("site comptabilité")) == []
    # skill labels are searched too (web_development: "Développement web")
    assert list(Need.objects.search("developpement")) == [website]


def test_catalogue_is_public_and_searches(client, needs):
    accounts, website = needs
    response = client.get(reverse("needs:catalogue"), {"q": "COMPTABILITÉS"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [accounts]
    response = client.get(reverse("needs:catalogue"), {"format": "remote", "max_hours": "100"})
    assert set(response.context["page"]) == {accounts, website}
    response = client.get(reverse("needs:catalogue"), {"skill": skill("web_development").pk})
    assert list(response.context["page"]) == [website]
    response = client.get(accounts.get_absolute_url())
    assert response.status_code == 200 and accounts.title in response.text


def test_drafts_are_not_public(client, cycle):
    need_services.need_moderate(need=cycle.need, by=cycle.manager, note="x")
    assert client.get(reverse("needs:public_detail", args=[cycle.need.pk])).status_code == 404
    assert not client.get(reverse("needs:catalogue")).context["page"].object_list


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only"
)
def test_trigram_index_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'need_search_text_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
