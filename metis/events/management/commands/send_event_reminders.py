from django.core.management.base import BaseCommand

from metis.events.services.reminders import event_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail everyone with a place at an event starting within 24 hours its reminder, once "
        "(idempotent; docs/events.md). Cron: 0 8 * * *."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{event_reminders_send()} reminders sent")
