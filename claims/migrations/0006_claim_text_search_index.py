"""A GIN index for full-text search over claim text, on PostgreSQL only.

common.db.text_search filters with to_tsvector('english', text) on
PostgreSQL; this index on the same expression keeps `q` quick on large
tables. Other databases search with LIKE and get no index here. The index is
not in the model's Meta (it cannot be created on SQLite), so this migration is
its only definition.
"""

from django.db import migrations

INDEX = "claim_text_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "claims_claim" '
        "USING gin ((to_tsvector('english'::regconfig, COALESCE(\"text\", ''))))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_seed_curated_aliases")]

    operations = [migrations.RunPython(create_index, drop_index)]
