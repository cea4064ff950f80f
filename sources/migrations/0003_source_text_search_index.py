"""A GIN index for full-text search over a source's title and body, on PostgreSQL only.

common.db.text_search filters sources with
to_tsvector('english', title || ' ' || body) on PostgreSQL (the API's `q` on
/api/sources/); this index on the same expression keeps it quick on large
tables instead of parsing every body. Other databases search with LIKE and get
no index here; the model's Meta cannot hold it (SQLite cannot create it).
"""

from django.db import migrations

INDEX = "source_text_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{INDEX}" ON "sources_source" USING gin '
        "((to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"body\", ''))))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    # CONCURRENTLY: a large sources table stays writable (ingest goes on) while
    # the index builds; it cannot run inside a transaction.
    atomic = False

    dependencies = [("sources", "0002_add_source_processing_note")]

    operations = [migrations.RunPython(create_index, drop_index)]
