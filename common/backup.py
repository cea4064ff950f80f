"""Whole-database backups an operator can check: a dumpdata file and a manifest of checksums.

A backup is a directory: ``data.exactjson.gz`` (Django's JSON serialization of
the rows, times to the microsecond, read by ``loaddata``; independent of the
database: SQLite and PostgreSQL read each other's) and ``manifest.json`` (when and from what it was made, the
migrations it needs, and for every table its row count and a SHA-256 of its
rows in a canonical form). ``backup_verify`` recomputes the checksums of a
database and names every table that differs, so a restore is checked row for
row rather than trusted. The commands ``export_all`` and ``import_all`` call
these functions.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
DATA = "data.exactjson.gz"  # JSON with times to the microsecond (common/exact_json.py)
MANIFEST = "manifest.json"

# What a backup holds: every app's own rows with their history, and the
# accounts, roles, API tokens and admin log. Content types and permissions are
# made by ``migrate`` and named by natural key; sessions are not worth keeping.
APP_LABELS = ["sources", "claims"]
MODEL_LABELS = ["auth.user", "auth.group", "authtoken.token", "admin.logentry"]
# Derived rows a restore rebuilds rather than copies: the change feed is emptied and
# its triggers record every restored record as changed (a copy kept in step re-pulls
# them; positions from another database would not order against this one's).
DERIVED_LABELS = ["sources.change"]


class BackupError(Exception):
    """A backup cannot be made, read or restored; the message says why."""


def backup_models() -> list:
    derived = {apps.get_model(label) for label in DERIVED_LABELS}
    models = [apps.get_model(label) for label in MODEL_LABELS]
    for label in APP_LABELS:
        models.extend(m for m in apps.get_app_config(label).get_models() if m not in derived)
    return models


def _canonical(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _natural_keys() -> dict:
    """Ids of content types and permissions, which differ between databases, by natural key."""
    types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    permissions = {
        pk: f"{types[ct]}.{codename}"
        for pk, ct, codename in Permission.objects.values_list("pk", "content_type", "codename")
    }
    return {ContentType: types, Permission: permissions}


def table_checksums() -> dict[str, dict]:
    """Each backed-up table's row count and SHA-256 over its rows, in primary key order.

    A row is every column's value in a canonical form (UTC times, sorted JSON),
    with the ids of content types and permissions replaced by their natural
    keys, and its many-to-many links (a user's groups, a group's permissions)
    as a sorted list; so two databases of any kind holding the same data give
    the same sums.
    """
    natural = _natural_keys()
    sums = {}
    for model in backup_models():
        fields = model._meta.concrete_fields
        names = [f.attname for f in fields]
        maps = [natural.get(f.related_model) if f.is_relation else None for f in fields]
        links = {}
        for m2m in model._meta.many_to_many:
            if not m2m.remote_field.through._meta.auto_created:
                continue  # an explicit model (a claim's mentions) is a table of its own
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            keys = natural.get(m2m.related_model)
            by_row: dict = {}
            for left, right in through.objects.values_list(f"{source}_id", f"{target}_id"):
                by_row.setdefault(left, []).append(keys[right] if keys else right)
            links[m2m.name] = by_row
        digest = hashlib.sha256()
        count = 0
        for row in model._base_manager.order_by("pk").values_list(*names).iterator(2000):
            values = [
                _canonical(mapping.get(value, value) if mapping else value)
                for value, mapping in zip(row, maps, strict=True)
            ]
            pk = row[names.index(model._meta.pk.attname)]
            values += [sorted(map(str, by_row.get(pk, []))) for by_row in links.values()]
            digest.update(json.dumps(values, sort_keys=True, ensure_ascii=False).encode())
            digest.update(b"\n")
            count += 1
        sums[model._meta.label] = {"rows": count, "sha256": digest.hexdigest()}
    return sums


def _applied_migrations() -> dict[str, str]:
    """The last migration applied for each app whose rows a backup holds."""
    applied = MigrationRecorder(connection).applied_migrations()
    labels = {m._meta.app_label for m in backup_models()}
    last = {}
    for app_label, name in sorted(applied):
        if app_label in labels:
            last[app_label] = max(last.get(app_label, name), name)
    return last


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database: str
    migrations: dict[str, str]
    tables: dict[str, dict]

    @classmethod
    def read(cls, directory: Path) -> "Manifest":
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"{directory} holds no readable {MANIFEST}: {exc}") from exc
        if data.get("format") != FORMAT:
            raise BackupError(f"{directory / MANIFEST} is not a backup of format {FORMAT}.")
        return cls(data["created_at"], data["database"], data["migrations"], data["tables"])


def backup_export(*, directory: Path) -> Manifest:
    """Write the whole database to ``directory`` (new or empty), then its manifest.

    Reads in one transaction (repeatable read on PostgreSQL), so the data and
    the checksums describe the same moment even while the site is in use.
    """
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:  # the first statement of the transaction
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            *APP_LABELS,
            *MODEL_LABELS,
            format="exactjson",
            natural_foreign=True,
            exclude=DERIVED_LABELS,
            output=str(directory / DATA),
            verbosity=0,
        )
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            database=connection.vendor,
            migrations=_applied_migrations(),
            tables=table_checksums(),
        )
    (directory / MANIFEST).write_text(
        json.dumps({"format": FORMAT, **manifest.__dict__}, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def backup_verify(*, manifest: Manifest) -> list[str]:
    """The tables whose count or checksum in this database differ from ``manifest``'s."""
    found = table_checksums()
    return sorted(
        label
        for label in set(found) | set(manifest.tables)
        if found.get(label) != manifest.tables.get(label)
    )


def backup_import(*, directory: Path) -> Manifest:
    """Load a backup into this database, freshly migrated to the backup's migrations.

    Refuses a database that already holds sources or accounts. Replaces what
    the migrations seeded (the roles, the curated aliases) with the backup's
    rows, all in one transaction, then verifies every table against the
    manifest; on any difference nothing is kept.
    """
    manifest = Manifest.read(directory)
    if not (directory / DATA).is_file():
        raise BackupError(f"{directory} holds no {DATA}.")
    here = _applied_migrations()
    if here != manifest.migrations:
        raise BackupError(
            "This database's migrations differ from the backup's: restore with the release "
            f"that made it (backup {manifest.migrations}, here {here}), then migrate."
        )
    user_model = apps.get_model("auth.user")
    source_model = apps.get_model("sources.source")
    if user_model.objects.exists() or source_model.objects.exists():
        raise BackupError(
            "This database already holds accounts or sources: restore into a new one."
        )
    tables = {m._meta.db_table for m in backup_models()}
    tables |= {apps.get_model(label)._meta.db_table for label in DERIVED_LABELS}
    for model in backup_models():
        tables |= {
            m2m.remote_field.through._meta.db_table
            for m2m in model._meta.many_to_many
            if m2m.remote_field.through._meta.auto_created
        }
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), sorted(tables), allow_cascade=False):
                cursor.execute(sql)
        call_command("loaddata", str(directory / DATA), verbosity=0)
        differing = backup_verify(manifest=manifest)
        if differing:
            raise BackupError(
                "The restored data differs from the backup's manifest in "
                f"{', '.join(differing)}; nothing was kept."
            )
    return manifest
