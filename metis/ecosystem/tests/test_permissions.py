"""Every role × every screen of the local ecosystem (docs/ecosystem.md § Who). Each row names a
URL, the personas allowed; everybody else is refused (anonymous → log-in page, logged-in → 403)
and, for a post, nothing is written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.ecosystem.enums import CouncilOutcome, HolderStatus, OfferKind
from metis.ecosystem.models import (
    Charter,
    CharterSignature,
    CommitmentAction,
    CouncilSession,
    PartnerOffer,
    Project,
    Resource,
    SupportRequest,
)
from metis.ecosystem.services import charters, partners, projects
from metis.organisations.models import Partner
from metis.organisations.tests.factories import (
    CompanyFactory,
    OperatorFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import MixedSubsidyFactory, ProgrammeFactory

from .factories import charter_data, charter_in_force, make_partner, signed_file

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "officer_lyon",
    "elected",
    "staff",
    "staff_lyon",
    "holder",
    "referent",
]
LOGGED_IN = set(PERSONAS) - {"anonymous"}
MANAGERS = {"operator", "officer"}


@pytest.fixture
def world():
    operator = OperatorFactory()
    sceaux = TerritoryFactory(operator=operator)
    lyon = TerritoryFactory(commune=commune("69123"), operator=OperatorFactory())
    officer = member(Role.TERRITORY_OFFICER, sceaux)
    officer_lyon = member(Role.TERRITORY_OFFICER, lyon)
    partner = make_partner(sceaux, officer)
    partner_lyon = make_partner(lyon, officer_lyon, name="Lyon Tiers-Lieu")
    people = {
        "anonymous": None,
        "operator": operator_staff_with_totp(operator),
        "officer": officer,
        "officer_lyon": officer_lyon,
        "elected": member(Role.ELECTED_MEMBER, sceaux),
        "staff": member(Role.PARTNER_STAFF, partner),
        "staff_lyon": member(Role.PARTNER_STAFF, partner_lyon),
        "holder": UserFactory(),
        "referent": member(Role.COMPANY_REFERENT, CompanyFactory()),
    }
    offer = partners.offer_save(
        partner=partner, data={"kind": OfferKind.PREMISES, "description": "Bureaux"}, by=officer
    )
    draft = charters.charter_draft(
        territory=sceaux, partner=partner, data=charter_data(), by=officer
    )
    in_force = charter_in_force(
        sceaux, partner, officer, mayor=people["elected"], staff=people["staff"]
    )
    approved = charters.charter_draft(
        territory=sceaux, partner=partner, data=charter_data(title="Approuvée"), by=officer
    )
    approved_session = charters.council_session_prepare(
        territory=sceaux,
        charters=[approved],
        session_date=timezone.localdate(),
        rapporteur="R",
        context="C",
        by=officer,
    )
    charters.council_decision_record(
        session=approved_session,
        outcome=CouncilOutcome.APPROVED,
        deliberation_number="7",
        signed_file=signed_file(),
        by=officer,
    )
    pending = charters.charter_draft(
        territory=sceaux, partner=partner, data=charter_data(title="En séance"), by=officer
    )
    pending_session = charters.council_session_prepare(
        territory=sceaux,
        charters=[pending],
        session_date=timezone.localdate(),
        rapporteur="R",
        context="C",
        by=officer,
    )
    resource = partners.resource_save(
        territory=sceaux, data={"kind": "guide", "title": "Guide ESS"}, by=officer
    )
    project = projects.project_save(
        holder=people["holder"],
        data={
            "territory": sceaux,
            "title": "Centiméo",
            "description": "Pièces rouges",
            "holder_status": HolderStatus.COMPANY,
        },
    )
    support_request = projects.support_request_send(
        project=project,
        partner=partner,
        kind=OfferKind.COACHING,
        message="Aide",
        by=people["holder"],
    )
    programme = ProgrammeFactory(territory=sceaux)
    MixedSubsidyFactory(programme=programme)
    return {
        "people": people,
        "programme": programme,
        "sceaux": sceaux,
        "partner": partner,
        "offer": offer,
        "draft": draft,
        "in_force": in_force,
        "approved": approved,
        "approved_session": approved_session,
        "pending_session": pending_session,
        "resource": resource,
        "project": project,
        "request": support_request,
    }


def _client(client, world, persona):
    if world["people"][persona]:
        client.force_login(world["people"][persona])
    return client


def _expect(response, persona, allowed, ok=(200, 302)):
    if persona in allowed:
        assert response.status_code in ok, (persona, response.status_code)
        if response.status_code == 302:
            assert not response.url.startswith(reverse("account_login"))
    elif persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403, (persona, response.status_code)


# (url name, world key of the object or None, personas allowed)
PAGES = [
    ("ecosystem:home", None, MANAGERS | {"officer_lyon", "elected", "staff", "staff_lyon"}),
    ("ecosystem:partner_create", None, MANAGERS | {"officer_lyon"}),
    ("ecosystem:partner_detail", "partner", MANAGERS | {"staff"}),
    ("ecosystem:partner_update", "partner", MANAGERS | {"staff"}),
    ("ecosystem:offer_create", "partner", MANAGERS | {"staff"}),
    ("ecosystem:offer_update", "offer", MANAGERS | {"staff"}),
    ("ecosystem:partner_invite", "partner", MANAGERS),
    ("ecosystem:partner_report", "partner", MANAGERS | {"staff"}),
    ("ecosystem:territory_report", "sceaux", MANAGERS),
    ("ecosystem:resource_create", "sceaux", MANAGERS),
    ("ecosystem:resource_delete", "resource", MANAGERS),
    ("ecosystem:charter_create", None, MANAGERS | {"officer_lyon"}),
    ("ecosystem:charter_detail", "draft", MANAGERS | {"staff", "elected"}),
    ("ecosystem:charter_pdf", "draft", MANAGERS | {"staff", "elected"}),
    ("ecosystem:charter_update", "draft", MANAGERS),
    ("ecosystem:charter_sign", "approved", {"staff", "elected"}),
    ("ecosystem:charter_renew", "in_force", MANAGERS),
    ("ecosystem:charter_end", "in_force", MANAGERS),
    ("ecosystem:action_create", "in_force", MANAGERS | {"staff"}),
    ("ecosystem:session_create", "sceaux", MANAGERS),
    ("ecosystem:session_detail", "pending_session", MANAGERS),
    ("ecosystem:session_note", "pending_session", MANAGERS),
    ("ecosystem:session_deliberation", "pending_session", MANAGERS),
    ("ecosystem:session_record", "pending_session", MANAGERS),
    ("ecosystem:subsidies_note", "programme", MANAGERS),
    ("ecosystem:subsidies_deliberation", "programme", MANAGERS),
    ("ecosystem:project_list", None, LOGGED_IN),
    ("ecosystem:project_create", None, LOGGED_IN),
    ("ecosystem:project_detail", "project", {"holder"}),
    ("ecosystem:project_update", "project", {"holder"}),
    ("ecosystem:request_create", "project", {"holder"}),
    ("ecosystem:request_answer", "request", {"staff"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,key,allowed", PAGES, ids=[row[0] for row in PAGES])
def test_pages(client, world, persona, name, key, allowed):
    args = [world[key].pk] if key else []
    response = _client(client, world, persona).get(reverse(name, args=args))
    _expect(response, persona, allowed, ok=(200,))


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages(client, world, persona):
    """The ecosystem page and the signed deliberation of an approved session are public."""
    client = _client(client, world, persona)
    page = client.get(reverse("ecosystem:public", args=[world["sceaux"].slug]))
    assert page.status_code == 200
    assert "Sceaux Smart" in page.content.decode()
    signed = client.get(
        reverse("ecosystem:session_signed_file", args=[world["approved_session"].pk])
    )
    assert signed.status_code == 200
    pending = client.get(
        reverse("ecosystem:session_signed_file", args=[world["pending_session"].pk])
    )
    assert pending.status_code == 404


def _today():
    return timezone.localdate().isoformat()


def _later(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# (url name, world key, post data (world → dict), personas allowed, what was written (world →
# value compared before and after))
POSTS = [
    (
        "ecosystem:partner_create",
        None,
        lambda w: {"territory": w["sceaux"].pk, "name": "Nouveau", "kind": "bank"},
        MANAGERS,
        lambda w: Partner.objects.count(),
    ),
    (
        "ecosystem:partner_update",
        "partner",
        lambda w: {"name": "Renommé", "kind": "third_place"},
        MANAGERS | {"staff"},
        lambda w: Partner.objects.filter(name="Renommé").count(),
    ),
    (
        "ecosystem:offer_create",
        "partner",
        lambda w: {"kind": "coaching", "description": "Coaching", "is_active": "on"},
        MANAGERS | {"staff"},
        lambda w: PartnerOffer.objects.count(),
    ),
    (
        "ecosystem:offer_update",
        "offer",
        lambda w: {"kind": "premises", "description": "Autres bureaux", "is_active": "on"},
        MANAGERS | {"staff"},
        lambda w: PartnerOffer.objects.filter(description="Autres bureaux").count(),
    ),
    (
        "ecosystem:partner_invite",
        "partner",
        lambda w: {"people": "nouveau@partenaire.fr"},
        MANAGERS,
        lambda w: Invitation.objects.count(),
    ),
    (
        "ecosystem:resource_create",
        "sceaux",
        lambda w: {"kind": "network", "title": "France Active"},
        MANAGERS,
        lambda w: Resource.objects.count(),
    ),
    (
        "ecosystem:resource_delete",
        "resource",
        lambda w: {},
        MANAGERS,
        lambda w: Resource.objects.count(),
    ),
    (
        "ecosystem:charter_create",
        None,
        lambda w: {
            "territory": w["sceaux"].pk,
            "partner": w["partner"].pk,
            "title": "Nouvelle",
            "contributions": "Locaux",
            "starts_on": _today(),
            "ends_on": _later(365),
        },
        MANAGERS,
        lambda w: Charter.objects.count(),
    ),
    (
        "ecosystem:charter_update",
        "draft",
        lambda w: {
            "title": "Modifiée",
            "contributions": "Locaux",
            "starts_on": _today(),
            "ends_on": _later(365),
        },
        MANAGERS,
        lambda w: Charter.objects.filter(title="Modifiée").count(),
    ),
    (
        "ecosystem:charter_sign",
        "approved",
        lambda w: {},
        {"staff", "elected"},
        lambda w: CharterSignature.objects.count(),
    ),
    (
        "ecosystem:charter_renew",
        "in_force",
        lambda w: {"ends_on": _later(5 * 365)},
        MANAGERS,
        lambda w: Charter.objects.count(),
    ),
    (
        "ecosystem:charter_end",
        "in_force",
        lambda w: {"ended_on": _today(), "reason": "Fin"},
        MANAGERS,
        lambda w: Charter.objects.filter(status="ended").count(),
    ),
    (
        "ecosystem:action_create",
        "in_force",
        lambda w: {
            "commitment": "1",
            "done_on": _today(),
            "description": "Atelier",
            "beneficiaries": "Habitants",
            "people_reached": "12",
        },
        MANAGERS | {"staff"},
        lambda w: CommitmentAction.objects.count(),
    ),
    (
        "ecosystem:session_create",
        "sceaux",
        lambda w: {
            "charters": [w["draft"].pk],
            "session_date": _today(),
            "rapporteur": "R",
            "context": "C",
        },
        MANAGERS,
        lambda w: CouncilSession.objects.count(),
    ),
    (
        "ecosystem:session_record",
        "pending_session",
        lambda w: {
            "outcome": "approved",
            "deliberation_number": "99",
            "signed_file": signed_file(),
        },
        MANAGERS,
        lambda w: CouncilSession.objects.filter(deliberation_number="99").count(),
    ),
    (
        "ecosystem:project_create",
        None,
        lambda w: {
            "territory": w["sceaux"].pk,
            "title": "Mutum",
            "description": "Prêt d'objets",
            "holder_status": "company",
        },
        LOGGED_IN,
        lambda w: Project.objects.count(),
    ),
    (
        "ecosystem:project_update",
        "project",
        lambda w: {
            "territory": w["sceaux"].pk,
            "title": "Centiméo 2",
            "description": "Pièces rouges",
            "holder_status": "company",
        },
        {"holder"},
        lambda w: Project.objects.filter(title="Centiméo 2").count(),
    ),
    (
        "ecosystem:request_create",
        "project",
        lambda w: {"partner": w["partner"].pk, "kind": "premises", "message": "Un bureau"},
        {"holder"},
        lambda w: SupportRequest.objects.count(),
    ),
    (
        "ecosystem:request_answer",
        "request",
        lambda w: {"accept": "1", "answer": "Volontiers"},
        {"staff"},
        lambda w: SupportRequest.objects.filter(status="accepted").count(),
    ),
]


#: Who may open the form but not for that territory: the form is shown again with its error.
FORM_REFUSED = {
    "ecosystem:partner_create": {"officer_lyon"},
    "ecosystem:charter_create": {"officer_lyon"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,key,data,allowed,written", POSTS, ids=[row[0] for row in POSTS])
def test_posts(client, world, persona, name, key, data, allowed, written):
    before = written(world)
    args = [world[key].pk] if key else []
    response = _client(client, world, persona).post(reverse(name, args=args), data(world))
    if persona in FORM_REFUSED.get(name, ()):
        assert response.status_code == 200
    else:
        _expect(response, persona, allowed, ok=(302,))
    assert (written(world) != before) == (persona in allowed), persona
