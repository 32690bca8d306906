"""Demo documents: the year-end receipts of 2025 for every association that may issue them.
The agreements and amendments were accepted, each by its own party, while the needs demo
replayed the participations (metis.documents.replay): that is how they became active."""

from metis.accounts.enums import Role
from metis.organisations.enums import SignatoryQuality
from metis.organisations.models import Association
from metis.organisations.services import signatory_record

from .models import ReceiptBatch
from .replay import first_member
from .services.receipt_batches import receipt_batch_run


def load_documents_demo(base: dict) -> None:
    if base.get("programme") is None:
        return
    for association in Association.objects.filter(may_issue_tax_receipts=True).order_by("pk"):
        manager = first_member(Role.ASSOCIATION_MANAGER, association=association)
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
