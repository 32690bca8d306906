"""A charter's life through the services: draft → council → signatures → follow-up, renewal and
end; partners, offers, staff invitations; project holders' requests (docs/ecosystem.md)."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.accounts.services import invitation_accept
from metis.accounts.tests.factories import UserFactory, member
from metis.ecosystem.enums import (
    CharterStatus,
    CouncilOutcome,
    HolderStatus,
    OfferKind,
    RequestStatus,
    SignatorySide,
)
from metis.ecosystem.models import CharterSignature, CommitmentAction
from metis.ecosystem.selectors import territory_summary, yearly_report
from metis.ecosystem.services import charters, partners, projects
from metis.ecosystem.texts import charter_sha256
from metis.organisations.models import Partner
from metis.organisations.tests.factories import TerritoryFactory, _siren, commune

from .factories import charter_data, charter_in_force, make_partner, signed_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    return {"territory": territory, "officer": officer}


def test_a_partner_is_registered_with_offers_and_its_staff_invited(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    partner = make_partner(world["territory"], world["officer"], siren=_siren(42))
    assert partner.is_active and list(partner.territories.all()) == [world["territory"]]
    partners.offer_save(
        partner=partner,
        data={"kind": OfferKind.PREMISES, "description": "Bureaux partagés"},
        by=world["officer"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = partners.partner_staff_invite(
            partner=partner, people=[{"email": "equipe@smart.fr"}], by=world["officer"]
        )
    assert len(mailoutbox) == 1 and sent[0].partner == partner
    user = UserFactory(email="equipe@smart.fr")
    membership = invitation_accept(invitation=Invitation.objects.get(), user=user)
    assert membership.role == Role.PARTNER_STAFF and membership.partner == partner
    partners.partner_update(partner=partner, data={"contact_phone": "01 02 03 04 05"}, by=user)
    assert Partner.objects.get().contact_phone == "01 02 03 04 05"


def test_the_siren_is_validated_and_unique(world):
    with pytest.raises(ValidationError):
        make_partner(world["territory"], world["officer"], siren="123456789")
    make_partner(world["territory"], world["officer"], siren=_siren(7))
    with pytest.raises(ValidationError) as error:
        make_partner(world["territory"], world["officer"], name="Autre", siren=_siren(7))
    assert "siren" in error.value.error_dict


def test_a_partner_staff_membership_points_to_the_partner_only(world):
    partner = make_partner(world["territory"], world["officer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=Role.PARTNER_STAFF, territory=world["territory"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=Role.ELECTED_MEMBER, partner=partner)
    Membership.objects.create(
        user=UserFactory(), role=Role.ELECTED_MEMBER, territory=world["territory"]
    )


def test_charter_life_cycle(world):
    territory, officer = world["territory"], world["officer"]
    smart = make_partner(territory, officer)
    poste = make_partner(territory, officer, name="Groupe La Poste")
    drafts = [
        charters.charter_draft(territory=territory, partner=p, data=charter_data(), by=officer)
        for p in (smart, poste)
    ]
    assert drafts[0].status == CharterStatus.DRAFT
    assert "Informer" in drafts[0].commitments[0] and len(drafts[0].commitments) == 5

    session = charters.council_session_prepare(
        territory=territory,
        charters=drafts,
        session_date=timezone.localdate(),
        rapporteur="Othmane Khaoua",
        context="Contexte.",
        by=officer,
    )
    assert {c.status for c in session.charters.all()} == {CharterStatus.SUBMITTED}
    # A charter already on an agenda cannot be presented twice.
    with pytest.raises(ValidationError):
        charters.council_session_prepare(
            territory=territory,
            charters=drafts[:1],
            session_date=timezone.localdate(),
            rapporteur="X",
            context="Y",
            by=officer,
        )
    # Approving needs the signed deliberation.
    with pytest.raises(ValidationError) as error:
        charters.council_decision_record(
            session=session, outcome=CouncilOutcome.APPROVED, deliberation_number="12", by=officer
        )
    assert "signed_file" in error.value.error_dict
    charters.council_decision_record(
        session=session,
        outcome=CouncilOutcome.APPROVED,
        deliberation_number="12",
        signed_file=signed_file(b"signed"),
        by=officer,
    )
    session.refresh_from_db()
    assert bytes(session.signed_deliberation) == b"signed"
    assert session.signed_deliberation_sha256 == hashlib.sha256(b"signed").hexdigest()
    charter = drafts[0]
    charter.refresh_from_db()
    assert charter.status == CharterStatus.APPROVED

    # The officer cannot sign for the commune; the mayor and the partner's staff do.
    with pytest.raises(ValidationError):
        charters.charter_sign(charter=charter, side=SignatorySide.COMMUNE, by=officer)
    mayor = member(Role.ELECTED_MEMBER, territory)
    staff = member(Role.PARTNER_STAFF, smart)
    with pytest.raises(ValidationError):
        charters.charter_sign(charter=charter, side=SignatorySide.PARTNER, by=mayor)
    signature = charters.charter_sign(charter=charter, side=SignatorySide.COMMUNE, by=mayor)
    assert signature.text_sha256 == charter_sha256(charter)
    charter.refresh_from_db()
    assert charter.status == CharterStatus.APPROVED
    with pytest.raises(ValidationError):
        charters.charter_sign(charter=charter, side=SignatorySide.COMMUNE, by=mayor)
    charters.charter_sign(charter=charter, side=SignatorySide.PARTNER, by=staff)
    charter.refresh_from_db()
    assert charter.status == CharterStatus.IN_FORCE
    assert CharterSignature.objects.filter(charter=charter).count() == 2

    # Follow-up: the partner and the officer log actions against the commitments.
    today = timezone.localdate()
    for by, commitment in ((staff, 1), (officer, 2), (staff, 0)):
        charters.action_log(
            charter=charter,
            data={
                "commitment": commitment,
                "done_on": today,
                "description": "Atelier",
                "beneficiaries": "Porteurs de projet",
                "people_reached": 10,
            },
            by=by,
        )
    with pytest.raises(ValidationError):
        charters.action_log(
            charter=charter,
            data={
                "commitment": 1,
                "done_on": charter.ends_on + datetime.timedelta(days=1),
                "description": "Trop tard",
                "beneficiaries": "—",
            },
            by=staff,
        )
    report = yearly_report(territory.charters.all(), today.year)
    assert report["total"] == 3 and report["reached"] == 30
    assert [row["count"] for row in report["rows"]] == [1, 1, 0, 0, 0, 1]
    summary = territory_summary(territory, today.year)
    assert summary["in_force"] == 1 and summary["awaiting_signatures"] == 1
    assert summary["actions"] == 3

    # Renewal: a new draft from the end of the period; then the charter ends.
    renewal = charters.charter_renew(
        charter=charter, ends_on=charter.ends_on + datetime.timedelta(days=365), by=officer
    )
    assert renewal.status == CharterStatus.DRAFT and renewal.renews == charter
    assert renewal.starts_on == charter.ends_on
    with pytest.raises(ValidationError):
        charters.charter_renew(charter=charter, ends_on=renewal.ends_on, by=officer)
    charters.charter_end(charter=charter, ended_on=today, reason="Fin du partenariat", by=officer)
    charter.refresh_from_db()
    assert charter.status == CharterStatus.ENDED
    statuses = [record.status for record in charter.history.order_by("history_date")]
    assert statuses == [
        CharterStatus.DRAFT,
        CharterStatus.SUBMITTED,
        CharterStatus.APPROVED,
        CharterStatus.IN_FORCE,
        CharterStatus.ENDED,
    ]
    with pytest.raises(ValidationError):
        charters.action_log(
            charter=charter,
            data={"commitment": 1, "done_on": today, "description": "x", "beneficiaries": "y"},
            by=staff,
        )
    assert CommitmentAction.objects.count() == 3


def test_a_rejected_session_rejects_its_charters(world):
    territory, officer = world["territory"], world["officer"]
    partner = make_partner(territory, officer)
    charter = charters.charter_draft(
        territory=territory, partner=partner, data=charter_data(), by=officer
    )
    session = charters.council_session_prepare(
        territory=territory,
        charters=[charter],
        session_date=timezone.localdate(),
        rapporteur="R",
        context="C",
        by=officer,
    )
    charters.council_decision_record(
        session=session, outcome=CouncilOutcome.REJECTED, deliberation_number="13", by=officer
    )
    charter.refresh_from_db()
    assert charter.status == CharterStatus.REJECTED
    with pytest.raises(ValidationError):
        charters.council_decision_record(
            session=session, outcome=CouncilOutcome.APPROVED, deliberation_number="13", by=officer
        )


def test_a_charter_needs_a_partner_serving_the_territory(world):
    other = TerritoryFactory(commune=commune("69123"))
    partner = make_partner(other, member(Role.TERRITORY_OFFICER, other))
    with pytest.raises(ValidationError):
        charters.charter_draft(
            territory=world["territory"], partner=partner, data=charter_data(), by=world["officer"]
        )


def test_the_signed_text_changes_its_fingerprint(world):
    partner = make_partner(world["territory"], world["officer"])
    charter = charter_in_force(world["territory"], partner, world["officer"])
    before = charter.signatures.first().text_sha256
    charter.contributions = "Autre chose"
    assert charter_sha256(charter) != before


def test_a_project_holder_asks_a_partner_who_answers(world):
    partner = make_partner(world["territory"], world["officer"])
    holder = UserFactory()
    project = projects.project_save(
        holder=holder,
        data={
            "territory": world["territory"],
            "title": "Centiméo",
            "description": "Des bornes pour les pièces rouges",
            "holder_status": HolderStatus.COMPANY,
            "structure_name": "Centiméo SAS",
            "looking_for_support": True,
        },
    )
    assert not project.may_receive_skills_sponsorship
    request = projects.support_request_send(
        project=project, partner=partner, kind=OfferKind.COACHING, message="Aide", by=holder
    )
    with pytest.raises(ValidationError):
        projects.support_request_send(
            project=project, partner=partner, kind=OfferKind.COACHING, message="Aide", by=holder
        )
    staff = member(Role.PARTNER_STAFF, partner)
    projects.support_request_answer(request=request, accept=True, answer="Volontiers", by=staff)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_by == staff
    with pytest.raises(ValidationError):
        projects.support_request_answer(request=request, accept=False, answer="Non", by=staff)
