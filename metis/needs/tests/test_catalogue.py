"""The catalogue's sorts and distance filter (real communes and their shipped centres)."""

import datetime
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metis.accounts.models import VolunteerProfile
from metis.needs.services import needs as need_services
from metis.organisations.communes import centres_by_postcode
from metis.organisations.models import Commune
from metis.organisations.tests.factories import commune

from .. import catalogue_cache
from ..catalogue import SORT_ENDING, SORT_RELEVANCE, Criteria, catalogue_needs
from .factories import need_data

SCEAUX, ANTONY, LYON = "92071", "92002", "69123"


def publish(cycle, *, at=None, **overrides):
    """A need of the cycle's association published at `at` (default: now)."""
    with time_machine.travel(at or timezone.now(), tick=False):
        need = need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, **overrides),
            by=cycle.manager,
        )
        return need_services.need_publish(need=need, by=cycle.manager)


def titles(response):
    return [need.title for need in response.context["page"]]


CARD = re.compile(r'card-title"><a href="[^"]*">([^<]*)</a></h2>\s*<p[^>]*>[^<(]*(?:\(([^)]*)\))?')


def distances(response):
    """The distance each card shows, by the need's title (None when it shows none)."""
    return {html.unescape(title): away or None for title, away in CARD.findall(response.text)}


@pytest.fixture
def three(cycle):
    """The cycle's need (Sceaux, published first) and two later ones, in Antony and Lyon."""
    now = timezone.now()
    antony = publish(
        cycle,
        at=now + datetime.timedelta(hours=1),
        title="Site internet de l'épicerie",
        description="Refaire le site et former les bénévoles à la comptabilité en ligne.",
        commune=commune(ANTONY),
        ends_on=cycle.programme.ends_on - datetime.timedelta(days=10),
    )
    lyon = publish(
        cycle,
        at=now + datetime.timedelta(hours=2),
        title="Comptabilité du club",
        description="Tenir les comptes de la saison.",
        commune=commune(LYON),
        ends_on=cycle.programme.ends_on - datetime.timedelta(days=20),
    )
    return cycle.need, antony, lyon


def test_communes_have_their_shipped_centre(db):
    sceaux = commune(SCEAUX)
    assert (float(sceaux.latitude), float(sceaux.longitude)) == pytest.approx((48.776, 2.290), 1e-3)
    assert Commune.objects.filter(latitude__isnull=False).count() > 14_000


def test_villages_get_an_approximate_centre_from_their_postcode(db):
    """Ambléon (01006, 115 inhabitants) is not in GeoNames' list: it gets the mean centre of the
    communes sharing its postcode 01300 (Belley and its neighbours), within a few kilometres."""
    ambleon = commune("01006")
    neighbours = Commune.objects.filter(postcodes__contains="01300").exclude(pk="01006")
    assert ambleon.latitude is not None
    assert abs(float(ambleon.latitude) - 45.73) < 0.1 and abs(float(ambleon.longitude) - 5.69) < 0.1
    assert neighbours.filter(latitude__isnull=False).exists()
    placed = Commune.objects.filter(latitude__isnull=False).count()
    assert placed > 0.95 * Commune.objects.count()


def test_an_approximate_centre_is_the_mean_of_the_postcode_neighbours():
    centres = {"A": ("45.00000", "5.00000"), "B": ("46.00000", "6.00000")}
    postcodes = {"A": ["01000"], "B": ["01000", "01100"], "C": ["01000"], "D": ["09999"]}
    assert centres_by_postcode(centres, postcodes) == {"C": ("45.50000", "5.50000")}


def test_default_sort_is_most_recent_then_relevance_with_text(client, three):
    sceaux, antony, lyon = three
    url = reverse("needs:catalogue")
    assert titles(client.get(url)) == [lyon.title, antony.title, sceaux.title]
    # "comptabilité": in Lyon's title (2), in the description of Sceaux's and Antony's (1 each);
    # the tie is broken by the publication, the most recent first.
    response = client.get(url, {"q": "comptabilité"})
    assert titles(response) == [lyon.title, antony.title, sceaux.title]
    # "site comptabilité": Antony has "site" in its title.
    assert titles(client.get(url, {"q": "site comptabilité"})) == [antony.title]


def test_relevance_puts_title_matches_first(three):
    sceaux, antony, lyon = three
    # "comptes" (stem "compt"): in Sceaux's title, in Lyon's description; Antony is found by
    # the search ("comptabilité" starts with it) but scores nothing.
    needs = catalogue_needs(Criteria(text="comptes", sort=SORT_RELEVANCE))
    assert list(needs) == [sceaux, lyon, antony]


def test_ending_soonest_and_a_bad_sort_falls_back(client, three):
    sceaux, antony, lyon = three
    url = reverse("needs:catalogue")
    assert titles(client.get(url, {"tri": SORT_ENDING})) == [lyon.title, antony.title, sceaux.title]
    response = client.get(url, {"tri": "'; DROP TABLE needs_need; --"})
    assert response.status_code == 200
    assert titles(response) == [lyon.title, antony.title, sceaux.title]
    response = client.get(url, {"tri": "x" * 5000, "distance": "7"})
    assert response.status_code == 200
    assert len(titles(response)) == 3  # an invalid search shows its error and every need


def test_the_tie_breaker_is_the_primary_key(cycle):
    at = timezone.now() + datetime.timedelta(hours=1)
    first = publish(cycle, at=at, title="Un")
    second = publish(cycle, at=at, title="Deux")
    assert list(catalogue_needs(Criteria()))[:2] == [second, first]
    same_end = list(catalogue_needs(Criteria(sort=SORT_ENDING)))
    assert same_end.index(cycle.need) < same_end.index(first) < same_end.index(second)


def test_distance_from_a_chosen_commune(client, three):
    sceaux, antony, lyon = three
    url = reverse("needs:catalogue")
    response = client.get(url, {"commune": SCEAUX, "distance": "5"})
    assert set(titles(response)) == {sceaux.title, antony.title}
    assert distances(response) == {
        sceaux.title: "à moins d’1 km",
        antony.title: "à 3 km",  # 2.6 km between the centres of Sceaux and Antony
    }
    assert set(titles(client.get(url, {"commune": SCEAUX, "distance": "50"}))) == {
        sceaux.title,
        antony.title,
    }
    assert titles(client.get(url, {"commune": LYON, "distance": "10"})) == [lyon.title]
    # Without a distance, the commune is exact.
    assert titles(client.get(url, {"commune": ANTONY})) == [antony.title]


def test_distance_from_the_persons_commune(client, cycle, three):
    sceaux, antony, lyon = three
    VolunteerProfile.objects.filter(user=cycle.employee).update(commune=commune(LYON))
    client.force_login(cycle.employee)
    response = client.get(reverse("needs:catalogue"), {"distance": "20"})
    assert titles(response) == [lyon.title]
    assert distances(response) == {lyon.title: "à moins d’1 km"}


def test_distance_without_a_known_commune_is_a_clear_error(client, three):
    url = reverse("needs:catalogue")
    response = client.get(url, {"distance": "10"})
    assert response.status_code == 200
    assert "Choisissez la commune autour de laquelle" in response.text
    without_centre = Commune.objects.filter(latitude__isnull=True).first()
    response = client.get(url, {"distance": "10", "commune": without_centre.pk})
    assert response.status_code == 200
    assert "position de" in response.text


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text rank on PostgreSQL")
def test_relevance_is_the_french_full_text_rank_on_postgresql(three):
    sceaux, antony, lyon = three
    needs = list(catalogue_needs(Criteria(text="comptabilité")))
    assert needs[0] == lyon  # in the title (weight A) beats the description (weight B)
    assert needs[0].relevance > needs[-1].relevance


@pytest.mark.django_db
def test_the_skill_list_is_read_once_and_follows_a_renamed_skill(client, django_assert_num_queries):
    """The search form lists the skills from the cache (no query once read, the same options
    as the skills' own labels, by French label) and shows a renamed skill at once."""
    from metis.needs.forms import CatalogueForm
    from metis.skills.models import Skill

    skills = list(Skill.objects.filter(parent__isnull=False).order_by("label_fr"))
    expected = [(s.pk, s.label_fr) for s in skills]
    str(CatalogueForm()["skill"])  # read into the cache
    with django_assert_num_queries(0):
        html = str(CatalogueForm()["skill"])
    assert html.count("<option") == len(expected) + 1
    assert html.index(f'value="{expected[0][0]}"') < html.index(f'value="{expected[-1][0]}"')
    first = skills[0]
    first.label_fr = "Compétence renommée"
    first.save()
    assert "Compétence renommée" in str(CatalogueForm()["skill"])
    form = CatalogueForm({"skill": str(first.pk)})
    assert form.is_valid() and form.cleaned_data["skill"] == first
    assert not CatalogueForm({"skill": "999999"}).is_valid()


# The results kept rendered (needs.catalogue_cache): a repeated browse reads no need again,
# and whatever changes what the catalogue shows shows at once.

URL = reverse("needs:catalogue")
CARD_TITLE = re.compile(r'card-title"><a href="[^"]*">([^<]*)</a>')


def cards(response):
    """The titles on the page's cards, read from the HTML (a page served from the cache has
    no context)."""
    return [html.unescape(title) for title in CARD_TITLE.findall(response.text)]


def test_a_repeated_browse_reads_no_need_again(client, three, django_assert_num_queries):
    first = client.get(URL, {"q": "comptabilité"})
    assert "Comptabilité du club" in first.text and "3 besoins" in first.text
    with django_assert_num_queries(0):
        again = client.get(URL, {"q": "comptabilité"})
    assert cards(again) == cards(first) and len(cards(first)) == 3
    assert "Comptabilité du club" in again.text and "3 besoins" in again.text
    # Another search, another page of results.
    other = client.get(URL, {"q": "internet"})
    assert "1 besoin" in other.text and "Comptabilité du club" not in other.text


def test_a_need_published_after_a_browse_shows_at_once(client, cycle, three):
    assert "3 besoins" in client.get(URL).text
    publish(cycle, title="Bilan carbone de la salle des fêtes")
    response = client.get(URL)
    assert "4 besoins" in response.text and "Bilan carbone de la salle des fêtes" in response.text


def test_a_need_opened_to_civic_days_or_cancelled_shows_so_at_once(client, cycle, three):
    sceaux, antony, lyon = three
    badge = ">Journées civiques</span>"
    opened = client.get(URL).text.count(badge)
    need_services.need_civic_days_set(
        need=lyon, open_to_civic_days=not lyon.open_to_civic_days, by=cycle.manager
    )
    assert client.get(URL).text.count(badge) == opened + (-1 if lyon.open_to_civic_days else 1)
    need_services.need_cancel(need=antony, by=cycle.manager)
    response = client.get(URL)
    assert antony.title not in cards(response) and "2 besoins" in response.text


def test_a_renamed_association_shows_on_its_cards_at_once(client, cycle, three):
    assert cycle.association.name in client.get(URL).text
    cycle.association.name = "Les Amis du Jardin partagé"
    cycle.association.save()
    assert "Les Amis du Jardin partagé" in client.get(URL).text


def test_a_need_leaves_the_catalogue_the_day_after_its_end_date(client, three):
    sceaux, antony, lyon = three
    assert lyon.title in client.get(URL).text
    with time_machine.travel(
        datetime.datetime.combine(
            lyon.ends_on, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )
        + datetime.timedelta(days=1)
    ):
        response = client.get(URL)
    assert cards(response) == [antony.title, sceaux.title]


def test_the_results_are_kept_per_language(client, three):
    assert "3 besoins" in client.get(URL).text
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    assert "3 needs" in client.get(URL).text


def test_the_results_are_kept_per_persons_commune(client, cycle, three):
    """Distances are measured from the person's commune: another commune, other cards."""
    VolunteerProfile.objects.filter(user=cycle.employee).update(commune=commune(LYON))
    client.force_login(cycle.employee)
    from_lyon = client.get(URL, {"tri": "fin"}).text
    assert "à moins d’1 km" in from_lyon and "à 3 km" not in from_lyon
    VolunteerProfile.objects.filter(user=cycle.employee).update(commune=commune(SCEAUX))
    from_sceaux = client.get(URL, {"tri": "fin"}).text
    assert "à moins d’1 km" in from_sceaux and "à 3 km" in from_sceaux


def test_a_search_is_ranked_and_written_once_for_every_commune(client, cycle, three):
    """Counting and ranking the needs found, then writing their cards, is done once: a person
    of another commune reads only the distances of the page's needs from their commune."""
    sceaux, antony, lyon = three
    anonymous = client.get(URL, {"q": "comptabilité"})
    VolunteerProfile.objects.filter(user=cycle.employee).update(commune=commune(LYON))
    client.force_login(cycle.employee)
    with CaptureQueriesContext(connection) as queries:
        from_lyon = client.get(URL, {"q": "comptabilité"})
    assert cards(from_lyon) == cards(anonymous) and cards(anonymous)[0] == lyon.title
    assert "à moins d’1 km" in from_lyon.text and "à moins d’1 km" not in anonymous.text
    # The needs are read once: the distances of the page's needs, by id.
    (read,) = [query["sql"] for query in queries if "needs_need" in query["sql"]]
    assert "ASIN" in read and "search_text" not in read and "search_vector" not in read


def test_a_search_within_a_distance_is_ranked_per_commune(client, cycle, three):
    sceaux, antony, lyon = three
    client.force_login(cycle.employee)
    for around, found in ((LYON, [lyon.title]), (SCEAUX, [antony.title, sceaux.title])):
        VolunteerProfile.objects.filter(user=cycle.employee).update(commune=commune(around))
        response = client.get(URL, {"distance": "20"})
        assert cards(response) == found
        assert ("1 besoin" if len(found) == 1 else "2 besoins") in response.text


def test_a_write_renews_the_generation_at_once_and_after_its_commit(
    cycle, django_capture_on_commit_callbacks
):
    before = catalogue_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        publish(cycle, title="Bilan carbone")
        during = catalogue_cache.generation()
        assert during != before
    assert catalogue_cache.generation() not in (before, during)
