"""A GIN trigram index on Need.search_text, on PostgreSQL only (SQLite has no pg_trgm)."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS need_search_text_trgm "
    "ON needs_need USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS need_search_text_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
