"""Reads of the local ecosystem: what a person may see, the public page of a territory, and the
yearly follow-up of the charters (docs/ecosystem.md § Follow-up)."""

from django.db.models import Count, Q, Sum

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.organisations.models import Partner
from metis.organisations.selectors import territories_visible_to
from metis.programmes.models import Programme

from .enums import (
    COMMITMENTS,
    OWN_CONTRIBUTIONS,
    CharterStatus,
    CouncilOutcome,
    RequestStatus,
)
from .models import Charter, CommitmentAction, CouncilSession, Project, SupportRequest


def managed_territories(user):
    """The territories whose ecosystem the user manages (officers: theirs; operator staff:
    their operator's)."""
    return territories_visible_to(user).order_by("name")


def partner_ids_of(user) -> set[int]:
    return organisation_ids(user, Role.PARTNER_STAFF, "partner")


def elected_territory_ids(user) -> set[int]:
    return organisation_ids(user, Role.ELECTED_MEMBER, "territory")


def partners_of(territories):
    return (
        Partner.objects.filter(territories__in=territories)
        .distinct()
        .prefetch_related("offers", "territories")
        .order_by("name")
    )


def charters_visible_to(user):
    return Charter.objects.filter(
        Q(territory__in=managed_territories(user))
        | Q(partner__in=partner_ids_of(user))
        | Q(territory__in=elected_territory_ids(user))
    ).select_related("partner", "territory", "council_session")


def charters_to_sign(user):
    """Approved charters still awaiting this person's side's signature."""
    approved = Charter.objects.filter(status=CharterStatus.APPROVED)
    commune = approved.filter(territory__in=elected_territory_ids(user)).exclude(
        signatures__side="commune"
    )
    partner = approved.filter(partner__in=partner_ids_of(user)).exclude(signatures__side="partner")
    return (commune | partner).distinct().select_related("partner", "territory")


def open_requests_of(user):
    return SupportRequest.objects.filter(
        partner__in=partner_ids_of(user), status=RequestStatus.OPEN
    ).select_related("project", "partner")


def public_ecosystem(territory) -> dict:
    """What the public page shows: partners and their active offers, charters in force with
    their deliberation, resources, projects looking for support, the programmes whose impact
    page is public."""
    charters = (
        Charter.objects.in_force()
        .filter(territory=territory)
        .select_related("partner", "council_session")
        .order_by("partner__name")
    )
    partners = list(
        Partner.objects.filter(territories=territory).prefetch_related("offers").order_by("name")
    )
    for partner in partners:
        partner.active_offers = [offer for offer in partner.offers.all() if offer.is_active]
    return {
        "partners": partners,
        "charters": charters,
        "resources": territory.ecosystem_resources.all(),
        "projects": Project.objects.filter(territory=territory, looking_for_support=True),
        "programmes": Programme.objects.filter(territory=territory)
        .exclude(status="draft")
        .order_by("-starts_on"),
    }


def council_sessions_of(territories):
    return CouncilSession.objects.filter(territory__in=territories).prefetch_related(
        "charters__partner"
    )


def yearly_report(charters, year: int) -> dict:
    """Per charter and per commitment, the actions of `year`: how many, people reached; and
    the actions themselves (for the PDF)."""
    actions = CommitmentAction.objects.filter(charter__in=charters, done_on__year=year)
    by_commitment = {
        row["commitment"]: row
        for row in actions.values("commitment").annotate(
            count=Count("pk"), reached=Sum("people_reached")
        )
    }
    rows = [
        {
            "number": number,
            "text": text,
            "count": by_commitment.get(number, {}).get("count", 0),
            "reached": by_commitment.get(number, {}).get("reached") or 0,
        }
        for number, text in [
            *enumerate(COMMITMENTS, start=1),
            (OWN_CONTRIBUTIONS, None),
        ]
    ]
    return {
        "year": year,
        "rows": rows,
        "actions": actions.select_related("charter__partner", "logged_by").order_by(
            "done_on", "pk"
        ),
        "total": sum(row["count"] for row in rows),
        "reached": sum(row["reached"] for row in rows),
    }


def territory_summary(territory, year: int) -> dict:
    """The dashboard block: charters in force, partners, actions of the year, pending council
    items and open requests."""
    charters = Charter.objects.filter(territory=territory)
    report = yearly_report(charters, year)
    counts = charters.aggregate(
        in_force=Count("pk", filter=Q(status=CharterStatus.IN_FORCE)),
        awaiting_signatures=Count("pk", filter=Q(status=CharterStatus.APPROVED)),
    )
    return {
        "territory": territory,
        "year": year,
        **counts,
        "pending_sessions": CouncilSession.objects.filter(
            territory=territory, outcome=CouncilOutcome.PENDING
        ).count(),
        "partners": Partner.objects.filter(territories=territory).count(),
        "actions": report["total"],
        "reached": report["reached"],
    }
