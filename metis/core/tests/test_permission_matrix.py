"""Every role × every view and action of the organisations and people screens.

Each row names a URL, the method, and the personas allowed; everybody else must be refused
(anonymous → log-in page, logged-in → 403) and, for actions, nothing must be written.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.middleware import SESSION_KEY
from metis.accounts.models import Membership
from metis.accounts.services import invitations_send
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.organisations.enums import OrganisationStatus, SignatoryQuality
from metis.organisations.models import Company, Counterpart, Territory
from metis.organisations.services import counterpart_record, signatory_record
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    OperatorFactory,
    TerritoryFactory,
    commune,
    fiscal_year,
)

LYON = "69123"
PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "referent_a",
    "employee_a",
    "manager_x",
    "referent_b",
    "manager_y",
    "officer_lyon",
    "newcomer",
]


@pytest.fixture
def world(db):
    operator = OperatorFactory()
    sceaux = TerritoryFactory(operator=operator)
    lyon = TerritoryFactory(commune=commune(LYON), operator=OperatorFactory())
    company_a, company_b = CompanyFactory(), CompanyFactory(commune=commune(LYON))
    assoc_x, assoc_y = AssociationFactory(), AssociationFactory(commune=commune(LYON))
    pending = CompanyFactory(pending=True)
    people = {
        "anonymous": None,
        "operator": operator_staff_with_totp(operator),
        "officer": member(Role.TERRITORY_OFFICER, sceaux),
        "referent_a": member(Role.COMPANY_REFERENT, company_a),
        "employee_a": member(Role.EMPLOYEE, company_a),
        "manager_x": member(Role.ASSOCIATION_MANAGER, assoc_x),
        "referent_b": member(Role.COMPANY_REFERENT, company_b),
        "manager_y": member(Role.ASSOCIATION_MANAGER, assoc_y),
        "officer_lyon": member(Role.TERRITORY_OFFICER, lyon),
        "newcomer": UserFactory(),
    }
    return {
        "people": people,
        "sceaux": sceaux,
        "company_a": company_a,
        "assoc_x": assoc_x,
        "pending": pending,
    }


def _url(world, name, key=None, **kwargs):
    args = [world[key].pk] if key else []
    return reverse(name, args=args, kwargs=kwargs or None)


VIEWS = [
    # (url name, object key, extra kwargs, personas allowed)
    ("organisations:company_list", None, {}, "ALL_LOGGED_IN"),
    (
        "organisations:company_detail",
        "company_a",
        {},
        {"operator", "officer", "referent_a", "employee_a"},
    ),
    ("organisations:company_update", "company_a", {}, {"operator", "referent_a"}),
    ("organisations:fiscal_year_create", "company_a", {}, {"operator", "referent_a"}),
    ("organisations:association_list", None, {}, "ALL_LOGGED_IN"),
    ("organisations:association_detail", "assoc_x", {}, {"operator", "officer", "manager_x"}),
    ("organisations:association_update", "assoc_x", {}, {"operator", "manager_x"}),
    ("organisations:territory_list", None, {}, "ALL_LOGGED_IN"),
    ("organisations:territory_detail", "sceaux", {}, {"operator", "officer"}),
    ("organisations:territory_create", None, {}, {"operator"}),
    ("organisations:territory_invite_local", "sceaux", {}, {"operator", "officer"}),
    ("organisations:pending", None, {}, {"operator", "officer", "officer_lyon"}),
    ("organisations:company_register", None, {}, "ALL_LOGGED_IN"),
    ("organisations:association_register", None, {}, "ALL_LOGGED_IN"),
    ("organisations:territory_register", None, {}, "ALL_LOGGED_IN"),
    ("accounts:profile", None, {}, "ALL_LOGGED_IN"),
    ("accounts:erase", None, {}, "ALL_LOGGED_IN"),
    ("accounts:data_export", None, {}, "ALL_LOGGED_IN"),
]
MEMBER_PAGES = [
    ("entreprise", "company_a", {"operator", "referent_a"}),
    ("association", "assoc_x", {"operator", "manager_x"}),
    ("territoire", "sceaux", {"operator", "officer"}),
]


def _client_for(client, world, persona):
    user = world["people"][persona]
    if user:
        client.force_login(user)
    return client


def _expect(response, persona, allowed):
    allowed = set(PERSONAS) - {"anonymous"} if allowed == "ALL_LOGGED_IN" else allowed
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif persona in allowed:
        assert response.status_code == 200, response.content[:500]
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,key,kwargs,allowed", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_matrix(client, world, persona, name, key, kwargs, allowed):
    client = _client_for(client, world, persona)
    _expect(client.get(_url(world, name, key, **kwargs)), persona, allowed)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind,key,allowed", MEMBER_PAGES, ids=[m[0] for m in MEMBER_PAGES])
def test_member_pages_matrix(client, world, persona, kind, key, allowed):
    client = _client_for(client, world, persona)
    url = reverse("organisations:members", kwargs={"kind": kind, "pk": world[key].pk})
    _expect(client.get(url), persona, allowed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_activation_matrix(client, world, persona):
    client = _client_for(client, world, persona)
    pending = world["pending"]
    client.post(reverse("organisations:activate", kwargs={"kind": "entreprise", "pk": pending.pk}))
    pending.refresh_from_db()
    activated = pending.status == OrganisationStatus.ACTIVE
    assert activated == (persona in {"operator", "officer"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_territory_activation_matrix(client, world, persona):
    """A commune that signed up is activated by its operator's staff only."""
    signed_up = TerritoryFactory(commune=commune("92019"), operator=world["sceaux"].operator)
    Territory.objects.filter(pk=signed_up.pk).update(status=OrganisationStatus.PENDING)
    client = _client_for(client, world, persona)
    client.post(
        reverse("organisations:activate", kwargs={"kind": "territoire", "pk": signed_up.pk})
    )
    signed_up.refresh_from_db()
    assert (signed_up.status == OrganisationStatus.ACTIVE) == (persona == "operator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_end_matrix(client, world, persona):
    client = _client_for(client, world, persona)
    membership = Membership.objects.get(user=world["people"]["employee_a"])
    client.post(
        reverse(
            "organisations:member_end",
            kwargs={
                "kind": "entreprise",
                "pk": world["company_a"].pk,
                "membership_pk": membership.pk,
            },
        )
    )
    membership.refresh_from_db()
    assert (membership.ended_at is not None) == (persona in {"operator", "referent_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_company_update_matrix(client, world, persona):
    client = _client_for(client, world, persona)
    company = world["company_a"]
    data = {
        "name": "Nom piraté",
        "siren": company.siren,
        "legal_form": "SAS",
        "address": company.address,
        "commune": company.commune_id,
        "headcount": 5,
        "fiscal_year_end": "2026-12-31",
    }
    client.post(reverse("organisations:company_update", args=[company.pk]), data)
    renamed = Company.objects.get(pk=company.pk).name == "Nom piraté"
    assert renamed == (persona in {"operator", "referent_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_matrix(client, world, persona, mailoutbox, django_capture_on_commit_callbacks):
    client = _client_for(client, world, persona)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "organisations:members", kwargs={"kind": "entreprise", "pk": world["company_a"].pk}
            ),
            {"role": Role.EMPLOYEE, "people": "nouvelle@exemple.fr"},
        )
    sent = world["company_a"].invitations.filter(email="nouvelle@exemple.fr").exists()
    assert sent == (persona in {"operator", "referent_a"})
    assert len(mailoutbox) == int(sent)


PUBLIC_PAGES = [
    # (url name, query) — open to everybody, anonymous included
    ("inbox:home", {}),
    ("inbox:privacy", {}),
    ("organisations:commune_autocomplete", {"q": "Sceaux"}),
    ("civic:counter", {}),
    ("civic:open_data", {}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,query", PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_pages(client, world, persona, name, query):
    client = _client_for(client, world, persona)
    assert client.get(reverse(name), query).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_fiscal_year_update_matrix(client, world, persona):
    client = _client_for(client, world, persona)
    year = fiscal_year(world["company_a"])
    url = reverse("organisations:fiscal_year_update", args=[world["company_a"].pk, year.pk])
    allowed = {"operator", "referent_a"}
    _expect(client.get(url), persona, allowed)
    client.post(
        url,
        {
            "end_date": "2025-12-31",
            "turnover_excl_tax": "3000000",
            "corporate_tax_due": "9000",
            "other_donations": "0",
            "other_coluche_donations": "0",
        },
    )
    year.refresh_from_db()
    assert (year.turnover_excl_tax == Decimal("3000000")) == (persona in allowed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_switch_context_matrix(client, world, persona):
    """Only one's own membership can become the current context."""
    client = _client_for(client, world, persona)
    membership = Membership.objects.get(user=world["people"]["referent_a"])
    response = client.post(reverse("accounts:switch_context"), {"membership": membership.pk})
    switched = client.session.get(SESSION_KEY) == membership.pk
    assert switched == (persona == "referent_a")
    if persona == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    elif not switched:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_accept_matrix(client, world, persona):
    """The invitation page is public (the link comes by e-mail); only the invited person, once
    logged in, joins the organisation by accepting it."""
    invited = UserFactory(email="invitee@exemple.fr")
    world["people"]["invitee"] = invited
    (invitation,) = invitations_send(
        organisation=world["company_a"],
        role=Role.EMPLOYEE,
        people=[{"email": invited.email}],
        by=world["people"]["referent_a"],
    )
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    for who in (persona, "invitee"):
        client.logout()
        client = _client_for(client, world, who)
        assert client.get(url).status_code == 200
        client.post(url)
        joined = Membership.objects.filter(user=invited, company=world["company_a"]).exists()
        assert joined == (who == "invitee"), who


@pytest.mark.parametrize("persona", PERSONAS)
def test_signatories_matrix(client, world, persona):
    """The association's receipt signatories: its managers record and end them."""
    manager, association = world["people"]["manager_x"], world["assoc_x"]
    signatory = signatory_record(
        association=association,
        user=manager,
        full_name="Jeanne Roux",
        quality=SignatoryQuality.PRESIDENT,
        by=manager,
    )
    client = _client_for(client, world, persona)
    _expect(
        client.get(reverse("organisations:signatories", args=[association.pk])),
        persona,
        {"manager_x"},
    )
    client.post(reverse("organisations:signatory_end", args=[association.pk, signatory.pk]))
    signatory.refresh_from_db()
    assert (signatory.ended_at is not None) == (persona == "manager_x")


@pytest.mark.parametrize("persona", PERSONAS)
def test_counterparts_matrix(client, world, persona):
    """The company's counterparts: its referents (and the operator) record and remove them."""
    company = world["company_a"]
    fiscal_year(company)
    counterpart = counterpart_record(
        company=company,
        association=world["assoc_x"],
        fiscal_year_end=datetime.date(2025, 12, 31),
        description="Logo sur le site",
        value=Decimal("100"),
        by=world["people"]["referent_a"],
    )
    allowed = {"operator", "referent_a"}
    client = _client_for(client, world, persona)
    _expect(client.get(reverse("organisations:counterparts", args=[company.pk])), persona, allowed)
    client.post(reverse("organisations:counterpart_delete", args=[company.pk, counterpart.pk]))
    removed = not Counterpart.objects.filter(pk=counterpart.pk).exists()
    assert removed == (persona in allowed)
