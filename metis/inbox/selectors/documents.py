"""Documents waiting for one party's acceptance (shared by the company, association and
employee inboxes)."""

from django.db.models import OuterRef, Subquery

from metis.documents.models import AgreementVersion, ContractAmendment, Party
from metis.needs.enums import RESERVED_STATUSES


def agreements_to_accept(party: str, **agreement_filter) -> int:
    """Agreements whose current version the party has not accepted yet."""
    latest = (
        AgreementVersion.objects.filter(agreement=OuterRef("agreement"))
        .order_by("-number")
        .values("pk")[:1]
    )
    filters = {f"agreement__{k}": v for k, v in agreement_filter.items()}
    return (
        AgreementVersion.objects.filter(**filters)
        .filter(pk=Subquery(latest))
        .exclude(acceptances__party=party)
        .count()
    )


def amendments_to_accept(party: str, **participation_filter) -> int:
    """Contract amendments of open participations the party has not accepted yet."""
    filters = {f"participation__{k}": v for k, v in participation_filter.items()}
    return (
        ContractAmendment.objects.filter(**filters)
        .filter(participation__status__in=RESERVED_STATUSES)
        .exclude(acceptances__party=party)
        .count()
    )


__all__ = ["Party", "agreements_to_accept", "amendments_to_accept"]
