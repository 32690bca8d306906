"""Documents waiting for one party's acceptance (shared by the company, association and
employee inboxes): the agreements' general terms, the employees' annexes and the contract
amendments, each with the page where the party accepts it."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from metis.documents.models import AgreementAnnex, AgreementVersion, ContractAmendment, Party
from metis.needs.enums import RESERVED_STATUSES

from ..items import Task


def _agreement_pages(party, agreement_filter) -> list[str]:
    """The agreements whose current version the party has not accepted yet."""
    latest = (
        AgreementVersion.objects.filter(agreement=OuterRef("agreement"))
        .order_by("-number")
        .values("pk")[:1]
    )
    filters = {f"agreement__{k}": v for k, v in agreement_filter.items()}
    agreement_ids = (
        AgreementVersion.objects.filter(**filters)
        .filter(pk=Subquery(latest))
        .exclude(acceptances__party=party)
        .order_by("agreement_id")
        .values_list("agreement_id", flat=True)
    )
    return [reverse("documents:agreement_detail", args=[pk]) for pk in agreement_ids]


def _annex_pages(party, agreement_filter) -> list[str]:
    """The annexes of approved participations the party has not accepted yet (accepted on
    the agreement's page)."""
    filters = {f"agreement__{k}": v for k, v in agreement_filter.items()}
    agreement_ids = (
        AgreementAnnex.objects.filter(**filters)
        .filter(participation__status__in=RESERVED_STATUSES)
        .exclude(acceptances__party=party)
        .order_by("pk")
        .values_list("agreement_id", flat=True)
    )
    return [reverse("documents:agreement_detail", args=[pk]) for pk in agreement_ids]


def _amendment_pages(party, participation_filter) -> list[str]:
    """The contract amendments of approved participations the party has not accepted yet."""
    filters = {f"participation__{k}": v for k, v in participation_filter.items()}
    amendment_ids = (
        ContractAmendment.objects.filter(**filters)
        .filter(participation__status__in=RESERVED_STATUSES)
        .exclude(acceptances__party=party)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [reverse("documents:amendment_detail", args=[pk]) for pk in amendment_ids]


def agreement_pages(party: str, **agreement_filter) -> list[str]:
    """One page per agreement or annex awaiting the party (company or association)."""
    return _agreement_pages(party, agreement_filter) + _annex_pages(party, agreement_filter)


def amendment_pages(party: str, **participation_filter) -> list[str]:
    """One page per contract amendment awaiting the party (employee or employer)."""
    return _amendment_pages(party, participation_filter)


def documents_task(key: str, label: str, pages: list[str]) -> Task:
    """The task of accepting documents: how many, and the page where the person accepts them
    (that document's page when they are all on one, else the list of documents)."""
    url = pages[0] if len(set(pages)) == 1 else reverse("documents:index")
    return Task(key, label, len(pages), url)


__all__ = ["Party", "agreement_pages", "amendment_pages", "documents_task"]
