"""Measure article body extraction on real web pages, as HTML and as pasted text.

Reads the article-extraction benchmark where it lies (``--dataset``, by default
``<repo>/../shared/datasets/article-extraction``), cleans every page twice —
the HTML through the HTML path, a browser-like text copy of it through the
text path — and prints the benchmark's shingle precision, recall and F1 for
all pages and for the English ones, and how many English articles of three or
more paragraphs a readability note would withhold from claim proposal. It
lives with claims because that note is claims' own check (``sources`` never
imports ``claims``).
"""

from django.core.management.base import BaseCommand, CommandError

from claims.nlp.readability import assess_readability
from sources.evaluation import page_score, summarize
from sources.extraction_dataset import SHAPES, DatasetMissing, load_pages, page_body

SHAPE_NAMES = {"html": "HTML", "pasted": "pasted text"}
WORST = 10


class Command(BaseCommand):
    help = "Measure body extraction on real pages (HTML and pasted text) with the benchmark's F1."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", help="the benchmark's folder (ground-truth.json, html/)")
        parser.add_argument(
            "--verbose", action="store_true", help=f"list the {WORST} worst pages of each shape"
        )

    def handle(self, *args, dataset=None, verbose=False, **options):
        try:
            pages = load_pages(dataset)
        except DatasetMissing as exc:
            raise CommandError(str(exc)) from exc
        if not pages:
            raise CommandError("The dataset holds no pages.")
        for shape in SHAPES:
            self._evaluate(pages, shape, verbose=verbose)

    def _evaluate(self, pages, shape, *, verbose):
        scores, withheld = [], []
        for page in pages:
            body, language = page_body(page, shape)
            scores.append(page_score(page.true_body, body))
            if page.true_language == "en" and page.true_paragraphs >= 3:
                note = assess_readability(body, language=language) if body else "nothing kept"
                if note:
                    withheld.append((page, note))
        english = [s for p, s in zip(pages, scores, strict=True) if p.true_language == "en"]
        self.stdout.write(SHAPE_NAMES[shape])
        for label, subset in (("all pages", scores), ("English", english)):
            summary = summarize(subset)
            self.stdout.write(
                f"  {label:<10} pages {summary.pages:>4}   precision {summary.precision:.3f}   "
                f"recall {summary.recall:.3f}   F1 {summary.f1:.3f}"
            )
        self.stdout.write(f"  pages withheld by a readability note: {len(withheld)}")
        for page, note in withheld:
            self.stdout.write(f"    {page.key[:12]} {page.url}: {note}")
        if verbose:
            self.stdout.write(f"  worst {WORST}:")
            ranked = sorted(zip(scores, pages, strict=True), key=lambda pair: pair[0].f1)
            for score, page in ranked[:WORST]:
                self.stdout.write(
                    f"    F1 {score.f1:.3f}  FP {score.fp:.2f}  FN {score.fn:.2f}  "
                    f"{page.true_language or '?':<3} {page.key[:12]} {page.url}"
                )
