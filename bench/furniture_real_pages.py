"""What the furniture filters keep from being proposed on real pages, and what they cost.

Reads the article-extraction data set kept outside the repository
(``../shared/datasets/article-extraction`` beside the checkout, or the folder
in ``ARTICLE_DATASET_DIR``): real pages with each page's article body checked
by hand. Each English page is read in two shapes, the HTML through
``clean_html`` and, when ``inscriptis`` is installed, the page rendered to
text as a reader would paste it, through ``clean_text``. Both are parsed by
the real pipeline and their claims extracted with and without the filters
(``claims.nlp.furniture``). A claim the filters removed is counted by kind,
as article text when its words are in the page's true body, else as
furniture; "article sentences lost" lists the former. Prints figures; asserts
nothing.

    .venv/bin/python bench/furniture_real_pages.py [--show-lost]
"""

import gzip
import json
import os
import re
import sys
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
DATASET = Path(
    os.environ.get("ARTICLE_DATASET_DIR", ROOT.parent / "shared/datasets/article-extraction")
)


def say(line: str = "") -> None:
    sys.stdout.write(f"{line}\n")


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def main() -> int:
    if not (DATASET / "ground-truth.json").is_file():
        say(f"No data set at {DATASET} (set ARTICLE_DATASET_DIR); nothing measured.")
        return 0
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a local run that touches no database
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from claims.nlp import extract, pipeline
    from sources.cleaning import clean_html, clean_text, detect_language

    try:
        from inscriptis import get_text
    except ImportError:
        get_text = None
        say("inscriptis is not installed: the pasted-text shape is left out.")

    truth = json.loads((DATASET / "ground-truth.json").read_text(encoding="utf-8"))
    bodies: dict[tuple[str, str], str] = {}
    for key in sorted(truth):
        html = gzip.decompress((DATASET / "html" / f"{key}.html.gz").read_bytes())
        html = html.decode("utf-8", "replace")
        shapes = {"html": lambda h: clean_html(h).body}
        if get_text:
            shapes["text"] = lambda h: clean_text(get_text(h)).body
        for shape, clean in shapes.items():
            try:
                body = clean(html)
            except ValidationError:
                continue
            if detect_language(body) == "en":
                bodies[(key, shape)] = body

    keys = list(bodies)
    removed: Counter = Counter()
    proposed = Counter()
    lost = []
    for (key, shape), parsed in zip(
        keys, pipeline.parse_many(bodies[k] for k in keys), strict=True
    ):
        true_body = words(truth[key]["articleBody"])
        kinds = extract.furniture_sentences(parsed)
        after = {(c.start, c.end) for c in extract.extract_claims(parsed)}
        # The same extraction with the filters switched off, to see what they removed.
        with mock.patch.object(extract, "furniture_sentences", lambda parsed: {}):
            before = extract.extract_claims(parsed)
        ends = [s.end for s in parsed.sentences]
        proposed[(shape, "before")] += len(before)
        proposed[(shape, "after")] += len(after)
        for claim in before:
            if (claim.start, claim.end) in after:
                continue
            kind = kinds.get(bisect_left(ends, claim.end), "?")
            in_body = words(claim.text) in true_body
            removed[(shape, kind, in_body)] += 1
            if in_body:
                lost.append(f"  {key[:8]} {shape:4} [{kind}] {claim.text[:110]}")

    pages = Counter(shape for _, shape in keys)
    for shape in sorted(pages):
        say(
            f"\n{shape}: {pages[shape]} English pages, {proposed[(shape, 'before')]} claims "
            f"proposed without the filters, {proposed[(shape, 'after')]} with them"
        )
        say(f"  {'removed as':42} {'furniture':>9} {'article':>8}")
        for kind in sorted({k for s, k, _ in removed if s == shape}):
            say(f"  {kind:42} {removed[(shape, kind, False)]:9} {removed[(shape, kind, True)]:8}")
    say(
        "\n'article' counts claims whose words are in the page's true body; a repeat's "
        "first copy is still proposed, so repeats are not lost."
    )
    if "--show-lost" in sys.argv:
        say("\nArticle text removed:")
        say("\n".join(lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
