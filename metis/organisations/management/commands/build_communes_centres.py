"""Rebuild data/communes-centres.csv.gz from a local GeoNames cities dump (see data/README.md).
Run by hand when the shipped communes change; nothing downloads at run time or test time."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from metis.organisations.communes import (
    CENTRES_FILE,
    DATA_DIR,
    centres_by_postcode,
    centres_from_geonames,
    shipped_commune_names,
    shipped_commune_postcodes,
    write_commune_centres,
)


class Command(BaseCommand):
    help = "Extract the communes' centres from a GeoNames cities dump (cities500.txt)."

    def add_arguments(self, parser):
        parser.add_argument("geonames", type=Path, help="path to cities500.txt")
        parser.add_argument("--output", type=Path, default=DATA_DIR / CENTRES_FILE)

    def handle(self, *args, geonames, output, **options):
        if not geonames.is_file():
            raise CommandError(f"{geonames}: no such file")
        communes = shipped_commune_names()
        with geonames.open(encoding="utf-8") as lines:
            centres = centres_from_geonames(lines, communes)
        approximate = centres_by_postcode(centres, shipped_commune_postcodes())
        write_commune_centres(centres, output, approximate)
        self.stdout.write(
            f"{len(centres)} of {len(communes)} communes have a centre, {len(approximate)} more "
            f"an approximate one (by postcode) → {output}"
        )
