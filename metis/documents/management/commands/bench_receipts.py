"""Render N receipts with worker processes and print receipts per second.

    manage.py bench_receipts 1000 [--workers 2]

The parent seeds (in a database of its own, created then dropped) one association and one
company, then prepares N unsaved receipts as plain objects; each worker process renders its
share with the same template and renderer as `receipt_issue`
(documents.receipt_content.render_receipt, with two employees' lines) and returns the SHA-256
of each PDF. Issuing itself (number allocation, one row insert) is negligible next to
rendering; it is measured by the tests, not here.
"""

import datetime
import multiprocessing
import time
from decimal import Decimal

from django.utils import timezone

from metis.core.bench import BenchCommand


def _seed():
    from metis.accounts.models import User
    from metis.organisations.enums import FieldOfAction, LegalForm, OrganisationStatus
    from metis.organisations.models import Association, Commune, Company

    commune = Commune.objects.order_by("insee_code").first()
    association, _ = Association.objects.get_or_create(
        rna="W999999999",
        defaults={
            "name": "Association du banc d’essai",
            "status": OrganisationStatus.ACTIVE,
            "address": "1 place de la Mairie",
            "commune": commune,
            "statutory_object": "Soutien scolaire et accompagnement des familles",
            "field_of_action": FieldOfAction.SOCIAL,
            "legal_representative": "Claire Martin",
            "is_general_interest": True,
            "may_issue_tax_receipts": True,
        },
    )
    company, _ = Company.objects.get_or_create(
        siren="999999990",
        defaults={
            "name": "Entreprise du banc d’essai",
            "status": OrganisationStatus.ACTIVE,
            "legal_form": LegalForm.SAS,
            "address": "10 rue de l’Industrie",
            "commune": commune,
            "fiscal_year_end": datetime.date(2026, 12, 31),
        },
    )
    user, _ = User.objects.get_or_create(email="bench@metis.example")
    return association, company, user


def _receipts(n, association, company, user):
    from metis.documents.models import Receipt

    now = timezone.now()
    return [
        Receipt(
            association=association,
            company=company,
            year=now.year,
            sequence=i,
            number=f"{now.year}-{i:04d}",
            period_start=datetime.date(now.year - 1, 1, 1),
            period_end=datetime.date(now.year - 1, 12, 31),
            hours=Decimal("12.50") + i,
            amount=(Decimal("46.81") * (Decimal("12.50") + i)).quantize(Decimal("0.01")),
            description="Mise à disposition de salariés (mécénat de compétences) pour : "
            "Revue des comptes annuels ; Site internet",
            place=association.commune.name,
            signatory_name=association.legal_representative,
            signatory_title=association.legal_representative_title,
            issued_by=user,
            issued_at=now,
        )
        for i in range(1, n + 1)
    ]


def _render_chunk(receipts):
    import django
    from django.db import connections

    django.setup()
    from metis.documents.models import ReceiptLine
    from metis.documents.receipt_content import render_receipt

    connections.close_all()  # never share the parent's connection

    def lines(receipt):
        day = receipt.period_start
        return [
            ReceiptLine(
                employee_name=name,
                date=day + datetime.timedelta(days=n),
                hours=receipt.hours / 2,
                hourly_cost=Decimal("46.81"),
                value=receipt.amount / 2,
            )
            for n, name in enumerate(("Camille Bernard", "Louis Petit"))
        ]

    return [render_receipt(receipt, lines(receipt))[1] for receipt in receipts]


class Command(BenchCommand):
    help = "Render N receipts with worker processes; print receipts per second."

    def add_bench_arguments(self, parser):
        parser.add_argument("n", type=int)
        parser.add_argument("--workers", type=int, default=2)

    def bench(self, *, n, workers, **options):
        import logging

        from django.db import connections

        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)

        association, company, user = _seed()
        receipts = _receipts(n, association, company, user)
        # Related objects are loaded in the parent so workers need no database.
        for receipt in receipts:
            receipt.association.commune  # noqa: B018
            receipt.company.commune  # noqa: B018
        connections.close_all()
        size = max(1, -(-n // (workers * 4)))
        chunks = [receipts[i : i + size] for i in range(0, n, size)]
        started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            digests = [d for chunk in pool.map(_render_chunk, chunks) for d in chunk]
        seconds = time.perf_counter() - started
        assert len(digests) == n
        self.stdout.write(
            f"{n} receipts rendered by {workers} worker processes in {seconds:.1f} s: "
            f"{n / seconds:.1f} receipts/s"
        )
