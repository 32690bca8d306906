from django.core.management.base import BaseCommand, CommandError

from metis.ledger.checks import ledger_differences
from metis.ledger.models import Account, Posting


class Command(BaseCommand):
    help = (
        "Recompute every account balance from the posting lines, check that every posting sums "
        "to zero and that no non-negative account is below zero. Exits non-zero on any "
        "difference."
    )

    def handle(self, *args, **options):
        problems = ledger_differences()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} difference(s) in the ledger.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger consistent: {Account.objects.count()} accounts, "
                f"{Posting.objects.count()} postings."
            )
        )
