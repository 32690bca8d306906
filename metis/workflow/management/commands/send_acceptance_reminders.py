from django.core.management.base import BaseCommand

from metis.workflow.acceptances import REMINDER_DAYS, acceptance_reminders_send


class Command(BaseCommand):
    help = (
        f"Remind every person whose acceptance of a loan document is still awaited "
        f"{REMINDER_DAYS} days (or a multiple) after it was prepared; at most once per person, "
        "document and period (idempotent). Cron, before the digest: 55 6 * * *."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{acceptance_reminders_send()} reminders")
