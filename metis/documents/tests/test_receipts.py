import hashlib
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from metis.documents.models import Receipt, ReceiptCounter, ReceiptStatus
from metis.documents.services import receipts as receipt_services

from .factories import day, pdf_text, squeeze, valued_cycle


def issue(cycle, start=None, end=None, **kwargs):
    return receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=start or day(30),
        period_end=end or day(0),
        by=cycle.manager,
        **kwargs,
    )


@pytest.fixture
def cycle(db):
    return valued_cycle()


def test_receipt_amount_number_sha_and_every_mandatory_mention(cycle):
    receipt = issue(cycle)
    # 2 × 4 h at 46.81 €/h (docs/rules.md § 3 example rate) = 374.48 €.
    assert receipt.amount == Decimal("374.48") and receipt.hours == Decimal("8.00")
    assert receipt.number == f"{receipt.year}-0001"
    stored = Receipt.objects.get(pk=receipt.pk)
    assert stored.sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest()
    text = pdf_text(stored.pdf)
    a, c = cycle.association, cycle.company
    mentions = [
        # Association: name, address, identifiers, object, basis of eligibility.
        a.name,
        a.address,
        a.commune.name,
        a.rna,
        a.statutory_object,
        "Fondement de l’éligibilité",
        "article 238 bis 1 a) du CGI",
        # Company: name, legal form, SIREN, address.
        c.name,
        c.get_legal_form_display(),
        c.siren,
        c.address,
        # Period, form and description of the work.
        f"du {receipt.period_start:%d/%m/%Y} au {receipt.period_end:%d/%m/%Y}",
        "don en nature",
        "mécénat de compétences",
        cycle.need.title,
        # Valuation certified as received, declared by the company.
        "374,48 €",
        "certifie avoir reçu",
        "Valorisation déclarée par l’entreprise",
        # Legal basis, unique number, place/date/signatory.
        "Article 238 bis du code général des impôts",
        "16216",
        f"Numéro d’ordre du reçu : {receipt.number}",
        f"Fait à {a.commune.name}, le {timezone.localtime(receipt.issued_at):%d/%m/%Y}",
        # Signed by the person who issued it, with that person's quality (docs/rules.md § 5).
        "Claire Martin, Président(e)",
        # Amount in figures framed with asterisks, and in letters.
        "***374,48 €***",
        "trois cent soixante-quatorze euros et quarante-huit centimes",
        # Per employee lent: hours × hourly cost = value; the exact dates of the work.
        f"{cycle.employee.get_full_name()}",
        "8,00 h",
        "× 46,81 €",
        f"du {day(3):%d/%m/%Y} au {day(2):%d/%m/%Y}",
        # The honour statement and the electronic signature block.
        "certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent droit",
        "Signature électronique",
        f"Empreinte SHA-256 du contenu signé : {stored.content_sha256}",
    ]
    for mention in mentions:
        assert squeeze(mention) in text, mention


def test_numbers_are_sequential_per_association_and_year(cycle):
    first = issue(cycle, day(30), day(3))
    second = issue(cycle, day(2), day(0))
    assert (first.sequence, second.sequence) == (1, 2)
    assert ReceiptCounter.objects.get(association=cycle.association).last == 2


def test_overlapping_period_refused(cycle):
    first = issue(cycle)
    with pytest.raises(ValidationError) as error:
        issue(cycle, day(5), day(1))
    assert error.value.code == "overlap" and first.number in error.value.messages[0]


def test_not_eligible_association_cannot_issue(cycle):
    cycle.association.may_issue_tax_receipts = False
    cycle.association.save()
    with pytest.raises(ValidationError) as error:
        issue(cycle)
    assert error.value.messages == [str(receipt_services.NOT_ELIGIBLE)]
    assert not Receipt.objects.exists()


def test_entries_awaiting_cost_price_block_issue(db):
    cycle = valued_cycle(price=False)
    with pytest.raises(ValidationError) as error:
        issue(cycle)
    assert error.value.code == "awaiting_cost_price"
    assert not Receipt.objects.exists()


def test_nothing_to_receipt(cycle):
    with pytest.raises(ValidationError) as error:
        issue(cycle, day(100), day(50))
    assert error.value.code == "nothing"


def test_issued_receipt_is_immutable(cycle):
    receipt = issue(cycle)
    receipt.amount = Decimal("1")
    with pytest.raises(ValidationError):
        receipt.save()
    receipt = Receipt.objects.get(pk=receipt.pk)
    with pytest.raises(ValidationError):
        receipt.delete()
    assert Receipt.objects.get(pk=receipt.pk).amount == Decimal("374.48")


def test_cancel_and_reissue_references_the_cancelled_one(cycle):
    receipt = issue(cycle)
    sha = receipt.sha256
    with pytest.raises(ValidationError):
        receipt_services.receipt_cancel(receipt=receipt, by=cycle.manager, reason=" ")
    new = receipt_services.receipt_cancel_and_reissue(
        receipt=receipt, by=cycle.manager, reason="Erreur de période"
    )
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.CANCELLED and receipt.sha256 == sha
    assert new.replaces == receipt and new.sequence == 2
    assert squeeze(f"annule et remplace le reçu n° {receipt.number}") in pdf_text(new.pdf)
    with pytest.raises(ValidationError):
        receipt_services.receipt_cancel(receipt=receipt, by=cycle.manager, reason="encore")
    # A cancelled receipt cannot be reopened.
    receipt.status = ReceiptStatus.ISSUED
    with pytest.raises(ValidationError):
        receipt.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_gapless_numbers(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: row locks on the receipt counter (SQLite serialises)")
    cycle = valued_cycle(days=(6, 5, 4, 3, 2, 1))
    periods = [(day(n), day(n)) for n in (6, 5, 4, 3, 2, 1)]
    barrier = threading.Barrier(len(periods))
    numbers, failures = [], []

    def run(period):
        try:
            barrier.wait()
            numbers.append(issue(cycle, *period).sequence)
        except Exception as error:  # noqa: BLE001 — reported below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in periods]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert sorted(numbers) == list(range(1, len(periods) + 1))
