#!/usr/bin/env python3
"""Help annotate real pages: print a page's articleBody as numbered sentences with offsets.

Standard library only; run from the repository root:

    python3 eval/pages/sentences.py KEY [--dataset PATH]

KEY is the page's sha256 file name (a unique prefix will do). Each line shows
the sentence number, its ``start``-``end`` character offsets into the
ground-truth ``articleBody`` and its text, paragraph by paragraph, so gold
claims, not-claims and entity spans can be written down as offsets
(annotations.json). The page text is only read from the dataset, never stored.
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

DEFAULT_DATASET = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "article-extraction"
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before
# whitespace and an opening capital, digit or quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(A-Z0-9])")


def fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def sentences(body: str):
    """(start, end) of every sentence, paragraphs split on blank lines."""
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", body):
        start = paragraph.start()
        text = paragraph.group()
        cut = 0
        for end in SENTENCE_END.finditer(text):
            stop = end.start() + len(end.group().rstrip())
            yield start + cut, start + len(text[:stop].rstrip())
            cut = end.end()
        yield start + cut, paragraph.end()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    keys = [key for key in truth if key.startswith(args.key)]
    if len(keys) != 1:
        sys.stderr.write(f"{len(keys)} pages match {args.key!r}.\n")
        return 1
    body = truth[keys[0]]["articleBody"]
    sys.stdout.write(f"{keys[0]}  {truth[keys[0]]['url']}\n")
    for number, (start, end) in enumerate(sentences(body)):
        span = body[start:end]
        sys.stdout.write(f"[{number}] {start}-{end} {fingerprint(span)} {span}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
