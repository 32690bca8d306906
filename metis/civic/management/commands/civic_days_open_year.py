from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from metis.civic.services import civic_year_open


class Command(BaseCommand):
    help = (
        "Credit the year's civic days to every active employee who has not had them yet "
        "(docs/rules.md § 8). Run it again to credit the employees who appeared since."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        try:
            posting = civic_year_open(year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if posting is None:
            self.stdout.write(f"Every entitled person was already credited for {year}.")
            return
        persons = posting.lines.count() - 1
        self.stdout.write(
            self.style.SUCCESS(f"{year}: {persons} person(s) credited (posting #{posting.pk}).")
        )
