#!/usr/bin/env python3
"""Check the gold annotations of the evaluation corpus against the article files.

Standard library and the project's own table of entity kinds; run from anywhere:

    python3 eval/corpus/check_annotations.py [DIRECTORY]

For every ``*.json`` file in the directory (default: the directory of this
script) it checks that the JSON parses and follows the schema, that the
article file it names exists, and that the title, every claim, every
not_claim and every entity alias is an exact substring of the article's
visible text. For a ``.html`` article the visible text is the raw HTML with
tags replaced by nothing and entities unescaped; claims and the title must
also lie inside the text of one ``<p>`` or ``<h1>`` element.

Prints one line per article and a summary, then every problem found. Exits 1
when there is any problem, 0 otherwise. Warnings do not change the exit code.
"""

import html
import json
import re
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

# The kinds an annotated entity may have are the ones claims can be about
# (claims/entities/kinds.py, plain Python: no Django needed to read it).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from claims.entities.kinds import ENTITY_LABELS as ENTITY_KINDS  # noqa: E402

KINDS = {"text", "html", "wire"}
EMPTY_REASONS = ("link_list", "not_english")
KEYS = {
    "file": str,
    "kind": str,
    "title": str,
    "author": str,
    "publisher": str,
    "published_on": (str, type(None)),
    "claims": list,
    "not_claims": list,
    "entities": list,
    "note": str,
}
TAG = re.compile(r"<[^>]*>")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
CLAIM_END = re.compile(r"[.!\"”’)]$")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def visible_text(raw: str, *, is_html: bool) -> str:
    """The text the annotations are matched against."""
    if not is_html:
        return raw
    return html.unescape(TAG.sub("", raw))


class BlockText(HTMLParser):
    """Collects the text of every <p> and <h1> element (inline tags flattened)."""

    BLOCKS = {"p", "h1"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.h1: list[str] = []
        self._open: str | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._close()
            self._open = tag
            self._parts = []

    def handle_endtag(self, tag):
        if tag == self._open:
            self._close()

    def handle_data(self, data):
        if self._open:
            self._parts.append(data)

    def _close(self) -> None:
        if self._open:
            text = "".join(self._parts)
            self.blocks.append((self._open, text))
            if self._open == "h1":
                self.h1.append(text.strip())
        self._open = None
        self._parts = []

    def close(self):
        super().close()
        self._close()


def body_words(raw: str, *, is_html: bool) -> int:
    """Rough length of the article: all words of a text file, <p>/<h1> words of a page."""
    if not is_html:
        return len(WORD.findall(raw))
    parser = BlockText()
    parser.feed(SCRIPT_OR_STYLE.sub("", raw))
    parser.close()
    return sum(len(WORD.findall(text)) for _, text in parser.blocks)


def check_one(path: Path, errors: list[str], warnings: list[str]) -> dict | None:
    def err(message: str) -> None:
        errors.append(f"{path.name}: {message}")

    def warn(message: str) -> None:
        warnings.append(f"{path.name}: {message}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        err(f"does not parse as JSON: {exc}")
        return None
    if not isinstance(data, dict):
        err("top level is not an object")
        return None

    for key, kind in KEYS.items():
        if key not in data:
            err(f'missing key "{key}"')
        elif not isinstance(data[key], kind):
            err(f'"{key}" has the wrong type ({type(data[key]).__name__})')
    extra = set(data) - set(KEYS)
    if extra:
        err(f"unknown keys: {sorted(extra)}")
    if any(key not in data or not isinstance(data[key], KEYS[key]) for key in KEYS):
        return None

    article = path.parent / data["file"]
    if Path(data["file"]).stem != path.stem:
        err(f'"file" ({data["file"]}) does not match the annotation name')
    if not article.is_file():
        err(f"article file {data['file']} does not exist")
        return None
    if data["kind"] not in KINDS:
        err(f'"kind" must be one of {sorted(KINDS)}, not {data["kind"]!r}')
    is_html = article.suffix.lower() in {".html", ".htm"}
    if is_html != (data["kind"] == "html"):
        err(f'kind "{data["kind"]}" does not fit the file extension {article.suffix}')

    try:
        raw = article.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        err(f"article is not valid UTF-8: {exc}")
        return None
    text = visible_text(raw, is_html=is_html)
    blocks: list[str] = []
    if is_html:
        if not re.search(r'<html\b[^>]*\blang="en"', raw):
            err('HTML page has no <html lang="en">')
        parser = BlockText()
        parser.feed(SCRIPT_OR_STYLE.sub("", raw))
        parser.close()
        blocks = [block for _, block in parser.blocks]
        if data["title"] not in parser.h1:
            err(f"title is not the text of an <h1>: {data['title']!r}")

    if data["published_on"] is not None:
        try:
            date.fromisoformat(data["published_on"])
        except ValueError:
            err(f'"published_on" is not YYYY-MM-DD: {data["published_on"]!r}')
    if not data["title"].strip():
        err("empty title")
    elif data["title"] not in text:
        err(f"title not found in the article: {data['title']!r}")

    claims, not_claims = data["claims"], data["not_claims"]
    for field, items in (("claims", claims), ("not_claims", not_claims)):
        seen = set()
        for item in items:
            if not isinstance(item, str) or not item.strip():
                err(f"{field}: not a non-empty string: {item!r}")
                continue
            if item != item.strip():
                err(f"{field}: leading or trailing space: {item!r}")
            if item in seen:
                err(f"{field}: duplicate: {item!r}")
            seen.add(item)
            if item not in text:
                err(f"{field}: not an exact substring of the article: {item!r}")
            if field == "claims":
                if "<" in item and ">" in item:
                    err(f"claims: contains an HTML tag: {item!r}")
                if item.rstrip('"”’ ').endswith("?"):
                    err(f"claims: a question is not a claim: {item!r}")
                if is_html and not any(item in block for block in blocks):
                    err(f"claims: not inside the text of one <p> or <h1>: {item!r}")
                if item != data["title"] and not CLAIM_END.search(item):
                    warn(f"claim does not end like a sentence: {item!r}")

    strings = [c for c in claims if isinstance(c, str)]
    for nc in (n for n in not_claims if isinstance(n, str)):
        for claim in strings:
            if nc == claim:
                err(f"in both claims and not_claims: {nc!r}")
            elif len(nc) >= 15 and (nc in claim or claim in nc):
                err(f"claim and not_claim overlap: {claim!r} / {nc!r}")

    if not claims:
        if not data["note"].startswith(EMPTY_REASONS):
            err(f'no claims, so "note" must start with one of {EMPTY_REASONS}')
    else:
        if data["note"]:
            warn(f'"note" is set although there are claims: {data["note"]!r}')
        if data["title"] not in claims:
            err("the article's own headline is not among the claims")
        if not 6 <= len(claims) <= 15:
            warn(f"{len(claims)} claims (the brief asks for roughly 6-15)")

    entity_names = set()
    for entity in data["entities"]:
        if not isinstance(entity, dict) or set(entity) != {"name", "kind", "aliases"}:
            err(f"entity must have exactly name, kind, aliases: {entity!r}")
            continue
        name, kind, aliases = entity["name"], entity["kind"], entity["aliases"]
        if name in entity_names:
            err(f"entity listed twice: {name!r}")
        entity_names.add(name)
        if kind not in ENTITY_KINDS:
            err(f"entity {name!r}: kind {kind!r} is not one of {sorted(ENTITY_KINDS)}")
        if not isinstance(aliases, list) or not aliases:
            err(f"entity {name!r}: aliases must be a non-empty list")
            continue
        for alias in aliases:
            if not isinstance(alias, str) or alias not in text:
                err(f"entity {name!r}: alias {alias!r} does not occur in the article")
        if claims and not any(alias in claim for alias in aliases for claim in strings):
            err(f"entity {name!r}: no alias occurs in any claim")
    if claims and not 3 <= len(data["entities"]) <= 8:
        warn(f"{len(data['entities'])} entities (the brief asks for 3-8)")

    words = body_words(raw, is_html=is_html)
    return {
        "name": path.stem,
        "kind": data["kind"],
        "claims": len(claims),
        "not_claims": len(not_claims),
        "entities": len(data["entities"]),
        "words": words,
        "note": data["note"].split(":")[0] if data["note"] else "",
    }


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    annotations = sorted(directory.glob("*.json"))
    errors: list[str] = []
    warnings: list[str] = []
    if not annotations:
        errors.append(f"no *.json annotation files in {directory}")
    rows = [row for path in annotations if (row := check_one(path, errors, warnings))]

    annotated = {path.with_suffix("").name for path in annotations}
    for article in sorted(directory.iterdir()):
        if article.suffix in {".txt", ".html"} and article.stem not in annotated:
            errors.append(f"{article.name}: article has no annotation file")

    out(f"{'article':40} {'kind':5} {'words':>5} {'claims':>6} {'not':>4} {'ents':>4}  note")
    for row in rows:
        out(
            f"{row['name']:40} {row['kind']:5} {row['words']:>5} {row['claims']:>6} "
            f"{row['not_claims']:>4} {row['entities']:>4}  {row['note']}"
        )
    kinds = {kind: sum(1 for row in rows if row["kind"] == kind) for kind in sorted(KINDS)}
    out()
    out(
        f"{len(rows)} articles ({', '.join(f'{n} {k}' for k, n in kinds.items())}); "
        f"{sum(row['claims'] for row in rows)} gold claims, "
        f"{sum(row['not_claims'] for row in rows)} not_claims, "
        f"{sum(row['entities'] for row in rows)} entities"
    )
    for warning in warnings:
        out(f"WARNING {warning}")
    for error in errors:
        out(f"ERROR {error}")
    out("OK" if not errors else f"FAILED: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
