"""How often a source's title, author, publisher and date are read from real pages.

On the article-extraction benchmark (gzipped HTML pages, read from outside the
repository), for each input shape: the HTML page itself, and the page as pasted
text (rendered the way a browser copy reads, with inscriptis). Titles are
checked against the page's own <title> and og:title; the pasted text's values
against what the HTML declares, where it declares them.
"""

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from lxml import html as lxml_html

from sources.cleaning import CleanedArticle, clean_html, clean_text

FIELDS = ("title", "author", "publisher", "published_on")


def default_dataset() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "datasets" / "article-extraction"


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def page_titles(page: str) -> list[str]:
    """The page's <title> and og:title, normalised (either may be missing)."""
    tree = lxml_html.fromstring(page)
    found = tree.xpath("//title/text()") + tree.xpath('//meta[@property="og:title"]/@content')
    return [normalised(title) for title in found if normalised(title)]


def title_matches(title: str, titles: list[str]) -> bool:
    """Whether ``title`` is the page's title, or the page's title holds it ("Headline | Site")."""
    ours = normalised(title)
    return bool(ours) and any(ours == theirs or ours in theirs for theirs in titles)


@dataclass
class Tally:
    pages: int = 0
    failed: int = 0
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    title_right: int = 0
    # Pasted text only: values that agree with what the HTML declares, of those both have.
    agree: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def count(self, article: CleanedArticle | None, titles: list[str]) -> None:
        self.pages += 1
        if article is None:
            self.failed += 1
            return
        for name in FIELDS:
            self.found[name] += bool(getattr(article, name))
        self.title_right += title_matches(article.title, titles)

    def compare(self, pasted: CleanedArticle | None, declared: CleanedArticle | None) -> None:
        if pasted is None or declared is None:
            return
        for name in FIELDS:
            ours, theirs = getattr(pasted, name), getattr(declared, name)
            if ours and theirs:
                self.agree[name][1] += 1
                same = (
                    ours == theirs
                    if isinstance(ours, date)
                    else normalised(str(ours)) == normalised(str(theirs))
                )
                self.agree[name][0] += same


class Command(BaseCommand):
    help = (
        "Count how often title, author, publisher and date are read from the benchmark's "
        "real pages, as HTML and as pasted text."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dataset",
            type=Path,
            default=None,
            help="The article-extraction folder (default: ../shared/datasets/article-extraction).",
        )
        parser.add_argument(
            "--verbose", action="store_true", help="One line per page: what each shape read."
        )

    def handle(self, *args, dataset: Path | None, verbose: bool, **options):
        dataset = dataset or default_dataset()
        truth_file = dataset / "ground-truth.json"
        if not truth_file.is_file():
            raise CommandError(
                f"No benchmark at {dataset} (ground-truth.json missing): give --dataset PATH."
            )
        try:
            from inscriptis import get_text
        except ImportError:
            raise CommandError(
                "inscriptis is needed to render pages as pasted text: "
                "pip install -r requirements-dev.txt"
            ) from None

        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        html_tally, text_tally = Tally(), Tally()
        today = date.today()
        for key, entry in sorted(truth.items()):
            path = dataset / "html" / f"{key}.html.gz"
            if not path.is_file():
                continue
            page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            titles = page_titles(page)
            as_html = self._read(
                lambda p=page, e=entry: clean_html(p, url=e.get("url"), today=today)
            )
            as_text = self._read(lambda p=page: clean_text(get_text(p), today=today))
            html_tally.count(as_html, titles)
            text_tally.count(as_text, titles)
            text_tally.compare(as_text, as_html)
            if verbose:
                for shape, article in (("html", as_html), ("text", as_text)):
                    values = (
                        [str(getattr(article, n) or "?")[:40] for n in FIELDS]
                        if article
                        else ["failed"]
                    )
                    self.stdout.write(f"{key[:10]} {shape:4} " + " | ".join(values))

        self.stdout.write(f"Pages: {html_tally.pages} ({dataset})")
        self.stdout.write(f"{'':24}{'HTML':>10}{'pasted text':>14}")
        for name in FIELDS:
            self.stdout.write(
                f"{name + ' found':24}{html_tally.found[name]:>10}{text_tally.found[name]:>14}"
            )
        self.stdout.write(
            f"{'title = <title>/og:title':24}{html_tally.title_right:>10}{text_tally.title_right:>14}"
        )
        self.stdout.write(f"{'cleaning refused':24}{html_tally.failed:>10}{text_tally.failed:>14}")
        self.stdout.write("Pasted text agreeing with what the HTML declares (where both have it):")
        for name in FIELDS:
            same, both = text_tally.agree[name]
            self.stdout.write(f"  {name:14} {same} of {both}")

    @staticmethod
    def _read(read) -> CleanedArticle | None:
        try:
            return read()
        except ValidationError:
            return None
