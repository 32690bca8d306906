from django.core.management.base import BaseCommand

from metis.notifications.services import reservations_running_out_notify, send_digests


class Command(BaseCommand):
    help = (
        "Tell people whose reservations run out, then send one e-mail per person with the "
        "notices not e-mailed yet (idempotent). Cron: 0 7 * * *."
    )

    def handle(self, *args, **options):
        told = reservations_running_out_notify()
        sent = send_digests()
        self.stdout.write(f"{told} reservations running out, {sent} e-mails sent")
