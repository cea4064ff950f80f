"""The real-page benchmark kept outside the repository: its pages, true bodies and copies as pasted.

The dataset (``<repo>/../shared/datasets/article-extraction``: gzipped HTML
pages and ``ground-truth.json``, see its README) is read where it lies and
never copied into the repository.
"""

import gzip
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DEFAULT_DATASET = Path(__file__).resolve().parent.parent.parent / (
    "shared/datasets/article-extraction"
)


class DatasetMissing(Exception):
    """The dataset is not where it was looked for; the message says where and what is needed."""


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    true_body: str
    path: Path

    @cached_property
    def html(self) -> str:
        return gzip.decompress(self.path.read_bytes()).decode("utf-8", errors="replace")

    @cached_property
    def true_language(self) -> str:
        from .cleaning import detect_language

        return detect_language(self.true_body)

    @property
    def true_paragraphs(self) -> int:
        return sum(1 for part in self.true_body.split("\n\n") if part.strip())


def load_pages(path: Path | str | None = None) -> list[Page]:
    """The dataset's pages in key order; ``DatasetMissing`` when it is not at ``path``."""
    root = Path(path) if path else DEFAULT_DATASET
    truth_file = root / "ground-truth.json"
    if not truth_file.is_file():
        raise DatasetMissing(
            f"No article-extraction dataset at {root} (expected ground-truth.json and html/ "
            "there). Give its folder with --dataset."
        )
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        page_file = root / "html" / f"{key}.html.gz"
        if page_file.is_file():
            entry = truth[key]
            pages.append(Page(key, entry.get("url", ""), entry["articleBody"], page_file))
    return pages


def pasted_copy(html: str) -> str:
    """The page as a reader gets it by selecting the whole rendered page and copying it.

    ``inscriptis`` (a development dependency) renders the HTML as a browser
    lays out text: menus, captions, lists and footers included.
    """
    from inscriptis import get_text

    return get_text(html)


SHAPES = ("html", "pasted")


def page_body(page: Page, shape: str) -> tuple[str, str]:
    """The body our cleaner keeps from ``page`` given as ``shape`` ("html" or "pasted"), and its language.

    A page the cleaner refuses has an empty body (the refusal counts as
    extracting nothing).
    """
    from django.core.exceptions import ValidationError

    from .cleaning import clean_html, clean_text, detect_language

    try:
        if shape == "html":
            cleaned = clean_html(page.html, url=page.url or None)
        else:
            cleaned = clean_text(pasted_copy(page.html))
    except ValidationError:
        return "", ""
    return cleaned.body, cleaned.language or detect_language(cleaned.body)
