"""Communes GeoNames does not place get an approximate centre: the mean of the communes sharing
their postcode (data/communes-centres.csv.gz, flagged "approximate")."""

from django.db import migrations

from metis.organisations.communes import load_commune_centres


def forwards(apps, schema_editor):
    load_commune_centres(apps.get_model("organisations", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0007_not_joined_status")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
