"""Reads of the documents app: what each person sees and the attestation's figures (the yearly
statements and declarations are in statements.py)."""

import datetime

from django.db.models import Max, Min, Q, Sum

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.needs.models import TimeEntry

from .models import (
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
    Receipt,
)

# Lists per person ---------------------------------------------------------------------------


def receipts_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    associations = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return Receipt.objects.filter(
        Q(company_id__in=companies) | Q(association_id__in=associations)
    ).select_related("association", "company", "replaces")


def agreements_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    associations = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return LoanAgreement.objects.filter(
        Q(company_id__in=companies) | Q(association_id__in=associations)
    ).select_related("company", "association", "programme")


def amendments_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    return ContractAmendment.objects.filter(
        Q(participation__volunteer=user) | Q(participation__company_id__in=companies)
    ).select_related("participation__need__association", "participation__volunteer")


def version_status(version: AgreementVersion) -> dict:
    """A version of the general terms with its acceptances per party; in force once both the
    company and the association accepted it."""
    parties = _by_party(version.acceptances)
    return {
        "version": version,
        "acceptances": parties,
        "in_force": all(parties.values()),
    }


def _by_party(acceptances) -> dict:
    """The acceptance of each of the agreement's two parties (None where not given yet)."""
    return dict.fromkeys((Party.COMPANY, Party.ASSOCIATION)) | {
        a.party: a for a in acceptances.select_related("user")
    }


def annexes_status(agreement, party=None) -> list[dict]:
    """The agreement's annexes (one per employee), each with its acceptances per party and
    whether `party` may still accept it."""
    rows = []
    for annex in agreement.annexes.select_related("participation").order_by("pk"):
        parties = _by_party(annex.acceptances)
        rows.append(
            {
                "annex": annex,
                "acceptances": parties,
                "can_accept": party is not None and parties.get(party) is None,
            }
        )
    return rows


# Attestation --------------------------------------------------------------------------------


def attestation_rows(user, year: int):
    """Validated hours of the employee in the year, per association and need (docs/rules.md § 5)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        TimeEntry.objects.validated()
        .filter(participation__volunteer=user)
        .in_period(start, end)
        .values(
            "participation__need__association__name",
            "participation__need__title",
            "participation__company__name",
        )
        .annotate(total_hours=Sum("hours"), first=Min("date"), last=Max("date"))
        .order_by("participation__need__association__name", "participation__need__title")
    )
