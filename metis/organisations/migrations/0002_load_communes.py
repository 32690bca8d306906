from django.db import migrations

from metis.organisations.communes import load_communes


def forwards(apps, schema_editor):
    load_communes(
        apps.get_model("organisations", "Departement"),
        apps.get_model("organisations", "Epci"),
        apps.get_model("organisations", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
