"""Reads of the documents app: what each person sees and the attestation's figures (the yearly
statements and declarations are in statements.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Max, Min, Q, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.needs.models import TimeEntry
from metis.organisations.enums import SignatoryQuality
from metis.organisations.models import AssociationSignatory, Counterpart

from .models import (
    AgreementAnnex,
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
    Receipt,
)
from .receipt_content import signatory_quality_in_french

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


def counterparts_received_by(association):
    """The counterparts companies recorded for this association, newest fiscal year first."""
    return (
        Counterpart.objects.filter(association=association)
        .select_related("company")
        .order_by("-fiscal_year_end", "company__name", "pk")
    )


# What each party of a participation accepted, or must still accept ---------------------------


class Document:
    AGREEMENT = "agreement"
    ANNEX = "annex"
    AMENDMENT = "amendment"


DOCUMENT_LABELS = {
    Document.AGREEMENT: _("the loan agreement"),
    Document.ANNEX: _("the employee's annex"),
    Document.AMENDMENT: _("the contract amendment"),
}


@dataclass(frozen=True)
class PartyAcceptance:
    """One party's acceptance of one document of a participation (None: awaited since the
    document was prepared); `url` is the page where that party accepts it."""

    document: str
    document_pk: int
    party: str
    acceptance: object
    url: str
    since: datetime.datetime

    @property
    def awaited(self) -> bool:
        return self.acceptance is None


PRINTED = ("html", "pdf")


def participation_acceptances(participation) -> list[PartyAcceptance]:
    """The acceptances the activation waits for (documents.services.activation), in order: the
    general terms in force and the employee's annex by the company and the association, the
    contract amendment by the employee and the employer. Empty before the employer approved."""
    rows = []
    # The printed documents (HTML and PDF) are not read: only their dates and acceptances.
    annex = AgreementAnnex.objects.filter(participation=participation).defer(*PRINTED).first()
    if annex is not None:
        url = reverse("documents:agreement_detail", args=[annex.agreement_id])
        version = (
            AgreementVersion.objects.filter(agreement=annex.agreement_id)
            .order_by("-number")
            .defer(*PRINTED)
            .first()
        )
        for document, obj in ((Document.AGREEMENT, version), (Document.ANNEX, annex)):
            if obj is None:
                continue
            parties = _by_party(obj.acceptances)
            rows += [
                PartyAcceptance(document, obj.pk, party, parties[party], url, obj.created_at)
                for party in (Party.COMPANY, Party.ASSOCIATION)
            ]
    amendment = (
        ContractAmendment.objects.filter(participation=participation).defer(*PRINTED).first()
    )
    if amendment is not None:
        url = reverse("documents:amendment_detail", args=[amendment.pk])
        parties = {a.party: a for a in amendment.acceptances.select_related("user")}
        rows += [
            PartyAcceptance(
                Document.AMENDMENT,
                amendment.pk,
                party,
                parties.get(party),
                url,
                amendment.created_at,
            )
            for party in (Party.EMPLOYEE, Party.COMPANY)
        ]
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
            "participation__need__association_id",
            "participation__need__association__name",
            "participation__need__title",
            "participation__company__name",
        )
        .annotate(total_hours=Sum("hours"), first=Min("date"), last=Max("date"))
        .order_by("participation__need__association__name", "participation__need__title")
    )


def attestation_signatures(rows) -> list[dict]:
    """For each association of the attestation's rows, in order, the signatory it names: its
    current president, else its treasurer, else the person it authorised (the earliest
    recorded); name and quality are empty when the association recorded none."""
    associations = {}
    for r in rows:
        associations.setdefault(
            r["participation__need__association_id"], r["participation__need__association__name"]
        )
    signatories = _first_signatories(associations)
    return [
        {
            "association": name,
            "name": signatories[pk].full_name if pk in signatories else "",
            "quality": signatory_quality_in_french(signatories[pk]) if pk in signatories else "",
        }
        for pk, name in associations.items()
    ]


def _first_signatories(association_ids) -> dict[int, AssociationSignatory]:
    rank = Case(
        When(quality=SignatoryQuality.PRESIDENT, then=Value(0)),
        When(quality=SignatoryQuality.TREASURER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    chosen = {}
    for signatory in (
        AssociationSignatory.objects.current()
        .filter(association_id__in=association_ids)
        .order_by(rank, "created_at", "pk")
    ):
        chosen.setdefault(signatory.association_id, signatory)
    return chosen
