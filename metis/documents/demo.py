"""Demo documents: the parties' acceptances of the agreements and amendments the needs demo
prepared (its participations were activated directly, replaying a past year), and the
year-end receipts of 2025 for every association that may issue them."""

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.organisations.models import Association

from .models import Acceptance, ContractAmendment, LoanAgreement, Party, ReceiptBatch
from .services import receipt_batch_run


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
    acceptances = []
    for agreement in LoanAgreement.objects.select_related("company", "association"):
        version = agreement.current_version
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
    for amendment in ContractAmendment.objects.select_related("participation"):
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
        batch = ReceiptBatch.objects.create(association=association, year=2025, created_by=manager)
        receipt_batch_run(batch.pk)
