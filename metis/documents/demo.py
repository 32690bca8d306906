"""Demo documents: the year-end receipts of 2025 for every association that may issue them, and
the acceptances of the agreements and amendments of the featured company and association (the
demo log-ins). The needs demo activated its participations directly, replaying a past year;
the other organisations' agreements stay to be opened and accepted, and are rendered then —
rendering all of them would make the demo take minutes."""

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.organisations.enums import SignatoryQuality
from metis.organisations.models import Association
from metis.organisations.services import signatory_record

from .models import Acceptance, ContractAmendment, LoanAgreement, Party, ReceiptBatch
from .services.receipt_batches import receipt_batch_run


def _first_member(role, **organisation):
    membership = (
        Membership.objects.current()
        .filter(role=role, **organisation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load_documents_demo(base: dict) -> None:
    if base.get("programme") is None:
        return
    from .services.agreements import agreement_version_pdf, amendment_pdf

    featured_company = base["users"][Role.COMPANY_REFERENT].memberships.get().company
    featured_association = base["users"][Role.ASSOCIATION_MANAGER].memberships.get().association
    acceptances = []
    agreements = LoanAgreement.objects.filter(
        company=featured_company, association=featured_association
    ).select_related("company", "association")
    for agreement in agreements:
        version = agreement.current_version
        agreement_version_pdf(version)
        version.refresh_from_db()
        for party, user in (
            (Party.COMPANY, _first_member(Role.COMPANY_REFERENT, company=agreement.company)),
            (
                Party.ASSOCIATION,
                _first_member(Role.ASSOCIATION_MANAGER, association=agreement.association),
            ),
        ):
            if user is not None:
                acceptances.append(
                    Acceptance(
                        agreement_version=version,
                        party=party,
                        user=user,
                        accepted_at=version.created_at,
                        sha256=version.sha256,
                    )
                )
    amendments = ContractAmendment.objects.filter(
        participation__company=featured_company,
        participation__need__association=featured_association,
    ).select_related("participation")
    for amendment in amendments:
        amendment_pdf(amendment)
        amendment.refresh_from_db()
        participation = amendment.participation
        referent = _first_member(Role.COMPANY_REFERENT, company_id=participation.company_id)
        for party, user in ((Party.EMPLOYEE, participation.volunteer), (Party.COMPANY, referent)):
            if user is not None:
                acceptances.append(
                    Acceptance(
                        amendment=amendment,
                        party=party,
                        user=user,
                        accepted_at=amendment.created_at,
                        sha256=amendment.sha256,
                    )
                )
    Acceptance.objects.bulk_create(acceptances)
    for association in Association.objects.filter(may_issue_tax_receipts=True).order_by("pk"):
        manager = _first_member(Role.ASSOCIATION_MANAGER, association=association)
        if manager is None:
            continue
        # Receipts are signed by the person who issues them, recorded as a signatory: the
        # legal representative as president, any other manager as an authorised person.
        name = manager.get_full_name() or manager.email
        president = name == association.legal_representative
        signatory_record(
            association=association,
            user=manager,
            full_name=name,
            quality=SignatoryQuality.PRESIDENT if president else SignatoryQuality.AUTHORISED,
            authorisation="" if president else "délégation du bureau du 15/01/2025",
            by=manager,
        )
        batch = ReceiptBatch.objects.create(association=association, year=2025, created_by=manager)
        receipt_batch_run(batch.pk)
