"""The triggers that fill the change feed (``sources.changes``), as SQL for PostgreSQL and SQLite.

A rule says: after these operations on this table, when this condition holds,
these records (a query yielding ``id``) of this resource changed. ``{row}`` is
the written row (``NEW``, or ``OLD`` for a delete; a rule with ``rows=("OLD",
"NEW")`` runs for both on an update). Each app's migration installs its rules
(``install`` / ``uninstall``), so ``sources`` knows nothing of claims' tables.
"""

from dataclasses import dataclass

CHANGE_TABLE = "sources_change"


@dataclass(frozen=True)
class Rule:
    table: str
    ops: tuple[str, ...]  # "INSERT", "UPDATE", "DELETE"
    resource: str
    select: str  # SQL yielding the changed records' ids as "id"; {row} is NEW or OLD
    changed: tuple[str, ...] = ()  # on UPDATE, only when one of these columns changed
    rows: tuple[str, ...] = ()  # on UPDATE, the row images to run for (default NEW)


def _condition(vendor: str, columns) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns)


def _images(rule: Rule, op: str) -> tuple[str, ...]:
    if op == "DELETE":
        return ("OLD",)
    if op == "INSERT":
        return ("NEW",)
    return rule.rows or ("NEW",)


def _insert(vendor: str, rule: Rule, image: str) -> str:
    select = rule.select.format(row=image)
    if vendor == "postgresql":
        return (
            f"INSERT INTO {CHANGE_TABLE} (resource, row_id, position, at) "
            f"SELECT '{rule.resource}', x.id, pg_current_xact_id()::text::bigint, now() "
            f"FROM ({select}) AS x WHERE x.id IS NOT NULL ON CONFLICT DO NOTHING;"
        )
    return (
        f"INSERT INTO {CHANGE_TABLE} (resource, row_id, position, at) "
        f"SELECT '{rule.resource}', x.id, NULL, strftime('%Y-%m-%d %H:%M:%f', 'now') "
        f"FROM ({select}) AS x WHERE x.id IS NOT NULL;"
    )


def _name(prefix: str, table: str) -> str:
    return f"changes_{prefix}_{table}"


def install_sql(vendor: str, prefix: str, rules: list[Rule]) -> list[str]:
    """The statements creating ``rules``' triggers, named ``changes_<prefix>_<table>…``."""
    statements = []
    tables = sorted({rule.table for rule in rules})
    if vendor == "postgresql":
        for table in tables:
            body = []
            for rule in (r for r in rules if r.table == table):
                for op in rule.ops:
                    inserts = " ".join(_insert(vendor, rule, i) for i in _images(rule, op))
                    if op == "UPDATE" and rule.changed:
                        inserts = f"IF {_condition(vendor, rule.changed)} THEN {inserts} END IF;"
                    body.append(f"IF TG_OP = '{op}' THEN {inserts} END IF;")
            name = _name(prefix, table)
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {' '.join(body)} RETURN NULL; END $$;"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();"
            )
        return statements
    for n, rule in enumerate(rules):
        for op in rule.ops:
            when = ""
            if op == "UPDATE" and rule.changed:
                when = f" WHEN {_condition(vendor, rule.changed)}"
            inserts = " ".join(_insert(vendor, rule, i) for i in _images(rule, op))
            statements.append(
                f"CREATE TRIGGER {_name(prefix, rule.table)}_{n}_{op.lower()} AFTER {op} "
                f"ON {rule.table} FOR EACH ROW{when} BEGIN {inserts} END;"
            )
    return statements


def uninstall_sql(vendor: str, prefix: str, rules: list[Rule]) -> list[str]:
    statements = []
    if vendor == "postgresql":
        for table in sorted({rule.table for rule in rules}):
            name = _name(prefix, table)
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            statements.append(f"DROP FUNCTION IF EXISTS {name}();")
        return statements
    for n, rule in enumerate(rules):
        for op in rule.ops:
            statements.append(
                f"DROP TRIGGER IF EXISTS {_name(prefix, rule.table)}_{n}_{op.lower()};"
            )
    return statements


def installer(prefix: str, rules: list[Rule]):
    """A ``RunPython`` pair installing and removing ``rules``' triggers on any database."""

    def install(apps, schema_editor):
        for statement in install_sql(schema_editor.connection.vendor, prefix, rules):
            schema_editor.execute(statement, params=None)

    def uninstall(apps, schema_editor):
        for statement in uninstall_sql(schema_editor.connection.vendor, prefix, rules):
            schema_editor.execute(statement, params=None)

    return install, uninstall


ALL = ("INSERT", "UPDATE", "DELETE")

# A source is in the feed when it is written; what embeds it is claims' business.
SOURCE_RULES = [Rule("sources_source", ALL, "source", "SELECT {row}.id AS id")]
