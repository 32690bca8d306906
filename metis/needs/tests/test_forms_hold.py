"""Forms that hold: a need stays within its programme; closing actions are confirmed first."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.needs.services import needs as need_services
from metis.needs.services import time_entries

from ..enums import NeedStatus, ParticipationStatus
from ..models import Need, TimeEntry
from .factories import need_data


def test_a_need_dated_outside_its_programme_is_refused_and_not_saved(cycle):
    before = Need.objects.count()
    late = cycle.programme.ends_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, ends_on=late),
            by=cycle.manager,
        )
    assert error.value.error_dict["ends_on"][0].code == "outside_programme"
    message = error.value.error_dict["ends_on"][0].messages[0]
    assert message.startswith("Les dates du besoin doivent être comprises dans son programme")
    early = cycle.programme.starts_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, starts_on=early),
            by=cycle.manager,
        )
    assert "starts_on" in error.value.error_dict
    assert Need.objects.count() == before


def test_the_need_form_shows_the_french_error(client, cycle):
    client.force_login(cycle.manager)
    data = need_data(cycle.programme)
    response = client.post(
        reverse("needs:need_create"),
        {
            "programme": cycle.programme.pk,
            "title": "Site web",
            "description": "Refaire le site",
            "skills_required": [s.pk for s in data["skills_required"]],
            "estimated_hours": "10",
            "format": "remote",
            "starts_on": cycle.programme.starts_on.isoformat(),
            "ends_on": (cycle.programme.ends_on + datetime.timedelta(days=30)).isoformat(),
            "commune": cycle.association.commune_id,
            "volunteers_wanted": "1",
        },
    )
    assert response.status_code == 200
    assert "doivent être comprises dans son programme" in response.content.decode()
    assert not Need.objects.filter(title="Site web").exists()


def test_cancel_the_need_asks_first_and_says_what_it_will_do(client, cycle):
    cycle.participation("applied")
    client.force_login(cycle.manager)
    url = reverse("needs:need_action", args=[cycle.need.pk, "annuler"])
    manage = client.get(reverse("needs:need_manage", args=[cycle.need.pk])).content.decode()
    assert f'href="{url}"' in manage  # a link to the confirmation, not a form that acts
    page = client.get(url).content.decode()
    assert "ne pourra plus être publié" in page or "définitivement" in page
    assert "1 candidature ou invitation en attente sera annulée" in page
    cycle.need.refresh_from_db()
    assert cycle.need.status == NeedStatus.PUBLISHED  # the GET changed nothing
    client.post(url)
    cycle.need.refresh_from_db()
    assert cycle.need.status == NeedStatus.CANCELLED
    assert not cycle.need.participations.filter(status=ParticipationStatus.APPLIED).exists()


def test_reversing_a_validated_entry_asks_first(client, cycle):
    p = cycle.participation("active", hours="10")
    entry = time_entries.time_entry_declare(
        participation=p,
        by=cycle.employee,
        date=cycle.programme.starts_on,
        hours=Decimal("2"),
        description="Relecture",
    )
    time_entries.time_entry_validate(entry=entry, by=cycle.manager)
    client.force_login(cycle.manager)
    url = reverse("needs:time_entry_reverse", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "2,00 h" in page and "remet dans la réservation" in page
    entry.refresh_from_db()
    assert entry.status == "validated"
    client.post(url)
    assert TimeEntry.objects.get(pk=entry.pk).status == "reversed"
