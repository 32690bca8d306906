"""Ecosystem test data, built through the services (docs/ecosystem.md)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.ecosystem.enums import CouncilOutcome, SignatorySide
from metis.ecosystem.services import charters, partners
from metis.organisations.enums import PartnerKind
from metis.organisations.tests.factories import _siren


def partner_data(name="Sceaux Smart", **extra):
    return {
        "name": name,
        "kind": PartnerKind.THIRD_PLACE,
        "siren": None,
        "description": "Tiers-lieu de co-working",
        "contact_email": "contact@example.org",
        **extra,
    }


def make_partner(territory, by, name="Sceaux Smart", **extra):
    return partners.partner_register(territory=territory, data=partner_data(name, **extra), by=by)


def charter_data(**extra):
    today = timezone.localdate()
    return {
        "title": "Charte de partenariat ESS",
        "contributions": "Mise à disposition de locaux, ateliers de formation.",
        "starts_on": today - datetime.timedelta(days=30),
        "ends_on": today + datetime.timedelta(days=3 * 365),
        **extra,
    }


def signed_file(content=b"%PDF-1.4 signed deliberation"):
    return SimpleUploadedFile("deliberation.pdf", content, content_type="application/pdf")


def charter_in_force(territory, partner, officer, *, mayor=None, staff=None):
    """A charter drafted, approved by the council and signed by both sides."""
    charter = charters.charter_draft(
        territory=territory, partner=partner, data=charter_data(), by=officer
    )
    session = charters.council_session_prepare(
        territory=territory,
        charters=[charter],
        session_date=timezone.localdate() - datetime.timedelta(days=40),
        rapporteur="Othmane Khaoua",
        context="La Ville développe l'économie sociale et solidaire.",
        by=officer,
    )
    charters.council_decision_record(
        session=session,
        outcome=CouncilOutcome.APPROVED,
        deliberation_number="2015-05-21-12",
        signed_file=signed_file(),
        by=officer,
    )
    mayor = mayor or member(Role.ELECTED_MEMBER, territory)
    staff = staff or member(Role.PARTNER_STAFF, partner)
    charters.charter_sign(charter=charter, side=SignatorySide.COMMUNE, by=mayor)
    charters.charter_sign(charter=charter, side=SignatorySide.PARTNER, by=staff)
    charter.refresh_from_db()
    return charter


__all__ = ["_siren"]
