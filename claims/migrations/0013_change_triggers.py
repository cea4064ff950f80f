"""The change feed's triggers on claims' tables, and on sources for what claims embed."""

from django.db import migrations

from claims.changes import RULES
from sources.change_triggers import installer

install, uninstall = installer("claims", RULES)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_claim_set_question_and_sides"),
        ("sources", "0009_change_feed"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
