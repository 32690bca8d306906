from django.db import migrations

from metis.skills.taxonomy import load_taxonomy


def forwards(apps, schema_editor):
    load_taxonomy(apps.get_model("skills", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
