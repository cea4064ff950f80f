"""Load the seed antonym lexicon (WordNet 3.0 and the team's news oppositions) into AntonymPair."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "linking" / "suggestions" / "data"
FILES = ("wordnet_antonyms.tsv", "news_antonyms.tsv")


def rows():
    pairs = set()
    for name in FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            a, b = (w.strip().lower() for w in line.split("\t")[:2])
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def load(apps, schema_editor):
    AntonymPair = apps.get_model("claims", "AntonymPair")
    AntonymPair.objects.bulk_create(
        [AntonymPair(lemma_a=a, lemma_b=b, origin="lexicon") for a, b in rows()],
        ignore_conflicts=True,
        batch_size=500,
    )


def editors_curate_antonyms(apps, schema_editor):
    from access.roles import roles_ensure

    roles_ensure(apps)


def unload(apps, schema_editor):
    apps.get_model("claims", "AntonymPair").objects.filter(origin="lexicon").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_claimlink_suggested_relation")]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(editors_curate_antonyms, migrations.RunPython.noop),
    ]
