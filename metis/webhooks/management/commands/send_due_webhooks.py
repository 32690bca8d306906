import datetime

from django.core.management.base import BaseCommand

from metis.webhooks.sending import deliveries_send_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (those the task queue lost included)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent = deliveries_send_due(limit=limit, grace=datetime.timedelta(0))
        self.stdout.write(f"{sent} webhook deliveries sent")
