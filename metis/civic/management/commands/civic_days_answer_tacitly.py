"""Every civic day whose employer did not answer by the due date counts as accepted (run daily;
docs/rules.md § 8.9)."""

from django.core.management.base import BaseCommand

from metis.civic.bookings import civic_days_answer_tacitly


class Command(BaseCommand):
    help = "Approve the civic days whose employer did not answer within 15 days."

    def handle(self, *args, **options):
        approved, errors = civic_days_answer_tacitly()
        for pk, message in errors.items():
            self.stderr.write(f"participation {pk}: {message}")
        self.stdout.write(f"{len(approved)} civic day(s) accepted without an answer.")
