"""The seeded aliases spelled as people write them.

Migrations 0005 and 0010 stored each seeded alias's lookup key as its text too
("russian federation", "kremlin", "us"), so pages showed them in lower case. An
alias seen in a source keeps the words it was written in, and one an editor
typed keeps theirs; only curated aliases whose text is still their key change:
each word capitalised (its other letters as they are), small words inside a name
left low, and the acronyms and accented names spelled out below.
"""

from django.db import migrations

SPELLED = {
    "us": "US",
    "usa": "USA",
    "uk": "UK",
    "eu": "EU",
    "prc": "PRC",
    "uae": "UAE",
    "drc": "DRC",
    "dr congo": "DR Congo",
    "peoples republic of china": "People's Republic of China",
    "elysee": "Élysée",
    "turkiye": "Türkiye",
}
SMALL_WORDS = {"of", "and", "the", "de", "da", "del"}


def written_form(key: str) -> str:
    """A seeded key as a name is written: "russian federation" -> "Russian Federation",
    "islamic republic of iran" -> "Islamic Republic of Iran", "uk" -> "UK"."""
    if key in SPELLED:
        return SPELLED[key]
    words = key.split()
    return " ".join(
        word if i and word in SMALL_WORDS else word[:1].upper() + word[1:]
        for i, word in enumerate(words)
    )


def spell_seeded_aliases(apps, schema_editor):
    EntityAlias = apps.get_model("claims", "EntityAlias")
    for alias in EntityAlias.objects.filter(origin="curated").only("id", "text", "normalized"):
        if alias.text == alias.normalized and written_form(alias.text) != alias.text:
            alias.text = written_form(alias.text)
            alias.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_api_ordering_indexes")]

    operations = [migrations.RunPython(spell_seeded_aliases, migrations.RunPython.noop)]
