import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from metis.civic.demo import CIVIC_EMAIL
from metis.demo import territory
from metis.demo.loader import load_everything
from metis.ecosystem.demo import ECOSYSTEM_LOGINS

DEMO_IN_PRODUCTION = (
    "The demo territory (made-up people and a shared password) is never loaded under the "
    "production settings."
)


class Command(BaseCommand):
    help = "Load the demo territory (once: a second run reuses what is there) and print log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(DEMO_IN_PRODUCTION)
        started = time.perf_counter()
        if territory.demo_exists():
            self.stdout.write("Demo data already loaded: reusing it.")
        else:
            load_everything()
            self.stdout.write(f"Demo data loaded in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(self.style.SUCCESS(f"\nMETIS runs on http://127.0.0.1:{port}/"))
        self.stdout.write(f"Demo log-ins (password for all: {territory.DEMO_PASSWORD}):")
        for role, email in territory.DEMO_LOGINS:
            self.stdout.write(f"  {role.label:<27} {email}")
        civic_label = _("Civic day employee")
        self.stdout.write(f"  {civic_label:<27} {CIVIC_EMAIL}")
        for label, email in ECOSYSTEM_LOGINS:
            self.stdout.write(f"  {label!s:<27} {email}")
        self.stdout.write(
            "  The operator account has a TOTP second factor: get the current code with\n"
            "  .venv/bin/python manage.py demo_totp"
        )
