from django.core.management.base import BaseCommand

from metis.notifications.services import reservations_running_out_notify


class Command(BaseCommand):
    help = "Tell volunteers and associations once when a reservation is running out."

    def handle(self, *args, **options):
        self.stdout.write(f"{reservations_running_out_notify()} reservations running out")
