"""A new commune (docs/evaluation.md, "A new commune"): it signs up with its INSEE code, its
officer waits for the operator's activation, then starts its first programme from the
template."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, operator_staff_with_totp
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Territory
from metis.organisations.tests.factories import OperatorFactory
from metis.programmes.models import Programme

pytestmark = pytest.mark.time_machine(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))


@pytest.fixture
def operator(db):
    return OperatorFactory()


def test_a_commune_signs_up_is_activated_and_starts_from_the_template(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    officer = UserFactory(first_name="", last_name="")
    client.force_login(officer)
    response = client.post(
        reverse("organisations:territory_register"),
        {"commune": "92019", "operator": operator.pk, "first_name": "Inès", "last_name": "Roy"},
    )
    assert response.status_code == 302
    territory = Territory.objects.get(commune_id="92019")
    assert territory.status == OrganisationStatus.PENDING
    officer.refresh_from_db()
    assert officer.get_full_name() == "Inès Roy"
    assert officer.memberships.get().role == Role.TERRITORY_OFFICER
    # Not active yet: no programme can be created.
    data = {
        "territory": territory.pk,
        "name": "Châtenay-Malabry 2027",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "target_hours": "2000",
        "reference_hourly_value": "45",
    }
    client.post(reverse("programmes:create"), data)
    assert not Programme.objects.exists()
    # The operator's staff see it to activate and activate it.
    staff = operator_staff_with_totp(operator)
    client.force_login(staff)
    assert territory.name in client.get(reverse("organisations:pending")).content.decode()
    client.post(
        reverse("organisations:activate", kwargs={"kind": "territoire", "pk": territory.pk})
    )
    territory.refresh_from_db()
    assert territory.status == OrganisationStatus.ACTIVE
    # The officer starts the first programme from the template.
    client.force_login(officer)
    form = client.get(reverse("programmes:create")).context["form"]
    assert form.initial["name"] == "Châtenay-Malabry 2027"
    assert form.initial["reference_hourly_value"] == Decimal("45")
    client.post(reverse("programmes:create"), data)
    assert Programme.objects.get(territory=territory).name == "Châtenay-Malabry 2027"
    # It invites its local companies in bulk: each is e-mailed the link to register.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:territory_invite_local", args=[territory.pk]),
            {"kind": "company", "people": "rse@boulangerie.fr;Marc;Petit\ncontact@garage.fr"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["contact@garage.fr", "rse@boulangerie.fr"]
    assert reverse("organisations:company_register") in mailoutbox[0].body


def test_a_refused_person_invites_nobody(client, operator, mailoutbox):
    from metis.organisations.tests.factories import TerritoryFactory

    territory = TerritoryFactory(operator=operator)
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisations:territory_invite_local", args=[territory.pk]),
        {"kind": "company", "people": "a@b.fr"},
    )
    assert response.status_code == 403 and mailoutbox == []


@pytest.mark.parametrize("insee,field", [("99999", "commune"), ("92071", "commune")])
def test_an_unknown_commune_or_one_already_on_metis_is_refused(client, operator, insee, field):
    from metis.organisations.tests.factories import TerritoryFactory

    TerritoryFactory(operator=operator)  # Sceaux (92071)
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisations:territory_register"),
        {"commune": insee, "operator": operator.pk, "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Territory.objects.count() == 1
