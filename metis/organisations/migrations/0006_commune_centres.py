"""Communes get their centre (latitude, longitude), filled from data/communes-centres.csv.gz."""

from django.db import migrations, models

from metis.organisations.communes import load_commune_centres


def forwards(apps, schema_editor):
    load_commune_centres(apps.get_model("organisations", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_works_council")]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="latitude",
            field=models.DecimalField(
                blank=True, decimal_places=5, max_digits=8, null=True, verbose_name="latitude"
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="longitude",
            field=models.DecimalField(
                blank=True, decimal_places=5, max_digits=8, null=True, verbose_name="longitude"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
