from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Territory = apps.get_model("organisations", "Territory")
    taken = set()
    for territory in Territory.objects.select_related("commune").order_by("pk"):
        slug = slugify(territory.commune.name)
        if slug in taken:
            slug = f"{slug}-{territory.commune.insee_code}"
        taken.add(slug)
        territory.slug = slug
        territory.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0008_approximate_commune_centres")]

    operations = [
        migrations.AddField(
            model_name="territory",
            name="slug",
            field=models.SlugField(
                db_index=False, editable=False, max_length=120, null=True, verbose_name="slug"
            ),
        ),
        migrations.AddField(
            model_name="historicalterritory",
            name="slug",
            field=models.SlugField(
                db_index=False, editable=False, max_length=120, null=True, verbose_name="slug"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="territory",
            name="slug",
            field=models.SlugField(editable=False, max_length=120, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="historicalterritory",
            name="slug",
            field=models.SlugField(editable=False, max_length=120, verbose_name="slug"),
        ),
    ]
