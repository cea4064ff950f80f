"""How much time and memory hostile but accepted inputs cost the real pipeline.

Builds three inputs in code — a normal article (the baseline), one sentence of
288,000 characters, and a text naming about 31,000 distinct people — and runs
each through what a source goes through: ``source_create``, then processing
in-process (no broker), then deleting the source. Each input runs in a fresh
process on its own copy of a throwaway SQLite database, so peak memory
(``ru_maxrss``) is that input's alone. Prints seconds, peak memory and what
was stored. A benchmark, not a test: it asserts nothing.

    .venv/bin/python bench/expensive_inputs.py
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("baseline", "long_sentence", "many_names")
TITLES = {
    "baseline": "normal article (baseline)",
    "long_sentence": "one 288,000-character sentence",
    "many_names": "31,000 distinct names",
}

BASELINE = "\n\n".join(
    [
        "Russia is losing Central Asia to China",
        "China overtook Russia as Kazakhstan's largest trading partner in 2022, analysts in "
        "Almaty said. Kassym-Jomart Tokayev told Vladimir Putin in St Petersburg that Kazakhstan "
        "would not recognise the breakaway republics in eastern Ukraine.",
        "Beijing signed gas and rail agreements worth $15 billion with Uzbekistan and Kyrgyzstan "
        "at the Xi'an summit in May 2023, according to the Chinese foreign ministry. The "
        "China-Central Asia summit was the first held in person, and Xi Jinping promised "
        "$3.7 billion in grants and loans.",
        "Moscow still supplies most of the region's weapons. The Collective Security Treaty "
        "Organization sent 2,000 troops to Kazakhstan in January 2022, and Russia keeps its "
        "201st military base in Tajikistan, the largest outside its borders. But remittances "
        "from migrant workers in Russia fell by a quarter in 2023, the World Bank said, and "
        "Uzbekistan's exports to China doubled.",
        '"The region no longer looks only to Moscow," said Temur Umarov, a fellow at the '
        "Carnegie Russia Eurasia Center. Officials in Astana said Kazakhstan would keep buying "
        "Russian helicopters, but that new contracts would go to tender.",
    ]
)


def long_sentence() -> str:
    """One sentence of about 288,000 characters: clauses joined by commas, one full stop.

    The decimals give it the full stops per word of ordinary prose, so it is
    not set aside as unpunctuated, yet none of them ends a sentence.
    """
    clause = (
        "Russia told Kazakhstan that China would pay 3.5 billion dollars for 2.4 thousand "
        "kilometres of railway to Tashkent, "
    )
    ending = "according to officials in Moscow."
    count = (288_000 - len(ending)) // len(clause)
    return "Ministers said that " + clause * count + ending


def many_names() -> str:
    """About 31,000 distinct capitalised names, ten to a sentence, after an English article.

    The article first, so the language is read as English; the whole stays
    under the body limit.
    """
    syllables = [
        o + v + c for o in "bcdfghklmnprstvz" for v in "aeiou" for c in ("", "n", "r", "l")
    ]
    names = [
        (first + second).capitalize()
        for first in syllables
        for second in syllables
        if first != second
    ][::3][:31_000]
    sentences = []
    for start in range(0, len(names), 10):
        group = names[start : start + 10]
        sentences.append(f"{', '.join(group[:-1])} and {group[-1]} met in Astana.")
    return BASELINE + "\n\n" + " ".join(sentences)


def build(name: str) -> str:
    builders = {"baseline": lambda: BASELINE, "long_sentence": long_sentence}
    return builders.get(name, many_names)()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(name: str) -> dict:
    """In a child process: load the model, then time one input from submission to deletion."""
    import django

    django.setup()
    from claims.models import Claim, Entity, Mention
    from sources.models import Source
    from sources.services import source_create

    # Load the model, the language detector and the caches on a small article first.
    Source.objects.get(pk=source_create(content=BASELINE.replace("2022", "2021")).pk).delete()
    text = build(name)
    idle = peak_mib()
    entities_before = Entity.objects.count()
    started = time.perf_counter()
    source = source_create(content=text)  # processed at once: no broker
    seconds = time.perf_counter() - started
    source.refresh_from_db()
    row = {
        "name": name,
        "chars": len(source.body),
        "seconds": seconds,
        "idle_mib": idle,
        "peak_mib": peak_mib(),
        "status": source.status,
        "claims": Claim.objects.filter(source=source).count(),
        "mentions": Mention.objects.filter(claim__source=source).count(),
        "new_entities": Entity.objects.count() - entities_before,
        "note": source.processing_note or source.error,
    }
    started = time.perf_counter()
    Source.objects.get(pk=source.pk).delete()
    row["delete_seconds"] = time.perf_counter() - started
    row["entities_left"] = Entity.objects.count() - entities_before
    return row


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-expensive-") as tmp:
        template = Path(tmp) / "template.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DATABASE_URL": f"sqlite:///{template}",
            "DJANGO_DEBUG": "1",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("CELERY_BROKER_URL", None)  # processing runs in-process
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        rows = []
        for name in INPUTS:
            database = Path(tmp) / f"{name}.sqlite3"
            shutil.copy(template, database)
            child = subprocess.run(
                [sys.executable, __file__, "--child", name],
                cwd=ROOT,
                env={**env, "DATABASE_URL": f"sqlite:///{database}"},
                check=True,
                capture_output=True,
                text=True,
            )
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    report(rows)


def report(rows: list[dict]) -> None:
    base = rows[0]
    out = sys.stdout
    out.write(
        f"{'input':33} {'chars':>8} {'seconds':>8} {'x base':>7} {'peak MiB':>9} "
        f"{'+ idle':>7} {'claims':>7} {'mentions':>9} {'entities':>9} {'left':>5} {'delete s':>9}\n"
    )
    for row in rows:
        out.write(
            f"{TITLES[row['name']]:33} {row['chars']:>8,} {row['seconds']:>8.2f} "
            f"{row['seconds'] / base['seconds']:>7.1f} {row['peak_mib']:>9,.0f} "
            f"{row['peak_mib'] - row['idle_mib']:>7,.0f} {row['claims']:>7,} "
            f"{row['mentions']:>9,} {row['new_entities']:>9,} {row['entities_left']:>5,} "
            f"{row['delete_seconds']:>9.2f}\n"
        )
    for row in rows:
        if row["status"] != "done" or row["note"]:
            out.write(f"\n{TITLES[row['name']]}: {row['status']}. {row['note']}\n")
    out.write(
        "\nseconds: submission to stored claims, in-process; peak MiB: the process's peak "
        "resident memory, + idle: above the idle process with the model loaded; entities: "
        "created for the source; left: still there after the source was deleted.\n"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        sys.stdout.write(json.dumps(run_one(sys.argv[2])) + "\n")
    else:
        main()
