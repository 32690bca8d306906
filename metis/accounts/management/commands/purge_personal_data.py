"""Delete personal data past its retention period (docs/privacy.md). Run daily (cron):

30 3 * * * cd /srv/metis && .venv/bin/python manage.py purge_personal_data
"""

from django.core.management.base import BaseCommand

from metis.accounts.services import personal_data_purge


class Command(BaseCommand):
    help = "Delete personal data past its retention period (docs/privacy.md)."

    def handle(self, *args, **options):
        counts = personal_data_purge()
        for label, deleted in sorted(counts.items()):
            self.stdout.write(f"{label}: {deleted}")
