"""Saved searches: saved from the catalogue by an employee, listed and deleted by their owner
only, limited in number, reported in the daily digest, exported and erased with the person."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from metis.accounts.personal_data import EXPORTERS
from metis.accounts.services import user_erase
from metis.needs.services import saved_searches as saved_search_services
from metis.notifications.services import SAVED_SEARCH_NEEDS, send_digests
from metis.organisations.tests.factories import commune

from ..models import SavedSearch
from .factories import skill, volunteer
from .test_catalogue import ANTONY, LYON, SCEAUX, publish

SAVE = reverse("needs:saved_search_create")


def save(client, name, **query):
    return client.post(f"{SAVE}?{urlencode(query)}", {"name": name})


def test_an_employee_saves_the_current_search(client, cycle):
    client.force_login(cycle.employee)
    response = client.get(reverse("needs:catalogue"), {"q": "comptabilité", "tri": "fin"})
    assert "Enregistrer la recherche" in response.text
    response = save(
        client, "Compta près de chez moi", q="comptabilité", commune=SCEAUX, distance=10
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=cycle.employee)
    assert saved.criteria == {"q": "comptabilité", "commune": SCEAUX, "distance": "10"}
    listing = client.get(reverse("needs:saved_searches"))
    assert "Compta près de chez moi" in listing.text
    assert saved.query_string in listing.text.replace("&amp;", "&")
    # The menu and the catalogue lead to the list.
    assert reverse("needs:saved_searches") in client.get(reverse("needs:catalogue")).text


def test_only_employees_save_and_a_bad_search_is_not_saved(client, cycle):
    client.force_login(cycle.manager)
    assert save(client, "x", q="site").status_code == 403
    client.force_login(cycle.employee)
    response = save(client, "x", distance="7", commune=SCEAUX)
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()
    response = save(client, "   ", q="site")
    assert not SavedSearch.objects.exists()


def test_names_are_unique_per_owner_and_the_number_is_limited(client, cycle):
    owner = cycle.employee
    for n in range(saved_search_services.MAX_SAVED_SEARCHES):
        saved_search_services.saved_search_create(owner=owner, name=f"R{n}", criteria={"q": "x"})
    with pytest.raises(ValidationError, match="au plus 20 recherches"):
        saved_search_services.saved_search_create(owner=owner, name="Une de trop", criteria={})
    assert SavedSearch.objects.filter(owner=owner).count() == 20
    client.force_login(owner)
    response = save(client, "Une de trop", q="site")
    assert response.status_code == 302
    assert SavedSearch.objects.filter(owner=owner).count() == 20
    assert not SavedSearch.objects.filter(name="Une de trop").exists()
    with pytest.raises(ValidationError, match="déjà une recherche enregistrée"):
        saved_search_services.saved_search_create(owner=owner, name="R0", criteria={})
    # Another person may use the same name.
    other = volunteer(cycle.company)
    saved_search_services.saved_search_create(owner=other, name="R0", criteria={})


def test_only_the_owner_sees_and_deletes_a_search(client, cycle):
    mine = saved_search_services.saved_search_create(
        owner=cycle.employee, name="La mienne", criteria={"q": "site"}
    )
    other = volunteer(cycle.company)
    client.force_login(other)
    assert "La mienne" not in client.get(reverse("needs:saved_searches")).text
    delete = reverse("needs:saved_search_delete", args=[mine.pk])
    assert client.post(delete).status_code == 403
    assert SavedSearch.objects.filter(pk=mine.pk).exists()
    with pytest.raises(ValidationError):
        saved_search_services.saved_search_delete(saved_search=mine, by=other)
    assert SavedSearch.objects.filter(pk=mine.pk).exists()
    client.force_login(cycle.employee)
    assert client.post(delete).status_code == 302
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def _digest(at):
    with time_machine.travel(at, tick=False):
        mail.outbox.clear()
        sent = send_digests()
    return sent


def test_the_digest_lists_new_needs_of_each_saved_search(cycle, django_capture_on_commit_callbacks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        saved_search_services.saved_search_create(
            owner=cycle.employee,
            name="Compta autour de Sceaux",
            criteria={"q": "comptabilité", "commune": SCEAUX, "distance": "10"},
        )
    hour = datetime.timedelta(hours=1)
    near = publish(
        cycle, at=start + hour, title="Comptabilité de l'épicerie", commune=commune(ANTONY)
    )
    publish(cycle, at=start + hour, title="Comptabilité du club", commune=commune(LYON))
    publish(
        cycle,
        at=start + hour,
        title="Jardinage",
        description="Des semis.",
        skills_required=[skill("web_development")],
        skills_welcome=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _digest(start + 2 * hour) == 1
    (message,) = mail.outbox
    assert message.to == [cycle.employee.email]
    assert "Compta autour de Sceaux" in message.body
    assert near.title in message.body and near.get_absolute_url() in message.body
    assert "Comptabilité du club" not in message.body and "Jardinage" not in message.body
    assert cycle.need.title not in message.body  # published before the search was saved
    # Reported once.
    with django_capture_on_commit_callbacks(execute=True):
        assert _digest(start + 3 * hour) == 0
    assert mail.outbox == []


def test_the_digest_lists_at_most_n_needs_per_search(cycle, django_capture_on_commit_callbacks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        saved_search_services.saved_search_create(
            owner=cycle.employee, name="Tout", criteria={"tri": "fin"}
        )
    for n in range(SAVED_SEARCH_NEEDS + 2):
        publish(cycle, at=start + datetime.timedelta(minutes=n + 1), title=f"Besoin numéro {n}")
    with django_capture_on_commit_callbacks(execute=True):
        assert _digest(start + datetime.timedelta(hours=1)) == 1
    body = mail.outbox[0].body
    assert body.count("Besoin numéro") == SAVED_SEARCH_NEEDS


def test_saved_searches_are_exported_and_erased(cycle):
    saved_search_services.saved_search_create(
        owner=cycle.employee, name="Ma recherche", criteria={"q": "site"}
    )
    exported = {}
    for exporter in EXPORTERS:
        exported.update(exporter(cycle.employee))
    assert exported["saved_searches"][0]["name"] == "Ma recherche"
    assert exported["saved_searches"][0]["criteria"] == {"q": "site"}
    user_erase(user=cycle.employee)
    assert not SavedSearch.objects.exists()
