"""Gold claims, not-claims and entities for real web pages, kept as offsets.

The pages and their article bodies stay in the shared benchmark dataset
(``article-extraction``: gzipped HTML and ``ground-truth.json``); the
repository keeps only ``eval/pages/annotations.json``: per page its key (the
sha256 file name) and per gold item ``start``/``end`` into the page's
ground-truth ``articleBody`` with a fingerprint of the span, so a changed
dataset is caught instead of silently scoring the wrong text.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


class GoldPagesError(Exception):
    """The annotations do not fit the dataset (missing page, moved offsets, bad file)."""


def span_fingerprint(text: str) -> str:
    """First 8 hex digits of the SHA-1 of the span's UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    why: str = ""  # for a not-claim: question, byline, credit, promo, ...

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    name: str
    kind: str


@dataclass(frozen=True)
class GoldPage:
    key: str
    site: str
    url: str
    article: str  # the ground-truth articleBody the offsets point into
    html_path: Path
    claims: tuple[GoldSpan, ...]
    not_claims: tuple[GoldSpan, ...]
    entities: tuple[GoldEntity, ...]

    def html(self) -> bytes:
        return gzip.decompress(self.html_path.read_bytes())


def dataset_missing(dataset: Path) -> str:
    """Why the dataset cannot be read, or "" when it is there."""
    if not (dataset / "ground-truth.json").is_file():
        return f"The article-extraction dataset is not at {dataset} (no ground-truth.json)."
    return ""


def _checked(article: str, item: dict, where: str) -> tuple[int, int]:
    start, end = item["start"], item["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article)):
        raise GoldPagesError(f"{where}: offsets {start}-{end} are outside the article body.")
    found = span_fingerprint(article[start:end])
    if found != item["sha1"]:
        raise GoldPagesError(
            f"{where}: the text at {start}-{end} has fingerprint {found}, "
            f"the annotation expects {item['sha1']}."
        )
    return start, end


def gold_pages_load(*, annotations: Path, dataset: Path) -> list[GoldPage]:
    """Read the annotations and check every span against the dataset.

    Raises GoldPagesError when the dataset is missing, a page is absent or a
    fingerprint does not match: scores on shifted offsets would be wrong
    without anyone noticing.
    """
    missing = dataset_missing(dataset)
    if missing:
        raise GoldPagesError(missing)
    try:
        gold = json.loads(annotations.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldPagesError(f"Cannot read {annotations}: {exc}") from exc
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page in gold["pages"]:
        key = page["key"]
        if key not in truth:
            raise GoldPagesError(f"Page {key} is not in {dataset}/ground-truth.json.")
        html_path = dataset / "html" / f"{key}.html.gz"
        if not html_path.is_file():
            raise GoldPagesError(f"Page {key} has no HTML file in {dataset}/html/.")
        article = truth[key]["articleBody"]
        where = f"page {key[:12]} ({page['site']})"
        claims = tuple(
            GoldSpan(*_checked(article, item, f"{where} claim")) for item in page["claims"]
        )
        not_claims = tuple(
            GoldSpan(*_checked(article, item, f"{where} not-claim"), why=item["why"])
            for item in page["not_claims"]
        )
        entities = tuple(
            GoldEntity(*_checked(article, item, f"{where} entity"), item["name"], item["kind"])
            for item in page["entities"]
        )
        pages.append(
            GoldPage(
                key=key,
                site=page["site"],
                url=truth[key].get("url", ""),
                article=article,
                html_path=html_path,
                claims=claims,
                not_claims=not_claims,
                entities=entities,
            )
        )
    return pages
