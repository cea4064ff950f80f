"""The real-page annotations load, and every span still points at the text it was written for."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from claims.evaluation.gold_pages import GoldPagesError, gold_pages_load, span_fingerprint
from claims.management.commands.evaluate_claims import DEFAULT_DATASET

ANNOTATIONS = Path(settings.BASE_DIR) / "eval" / "pages" / "annotations.json"


@pytest.fixture(scope="module")
def dataset() -> Path:
    if not (DEFAULT_DATASET / "ground-truth.json").is_file():
        pytest.skip(f"The article-extraction dataset is not at {DEFAULT_DATASET}.")
    return DEFAULT_DATASET


def test_every_annotated_span_matches_its_fingerprint(dataset):
    pages = gold_pages_load(annotations=ANNOTATIONS, dataset=dataset)

    assert len(pages) >= 20
    assert len({page.site for page in pages}) >= 15
    for page in pages:
        assert page.claims, page.key
        for span in (*page.claims, *page.not_claims, *page.entities):
            assert (
                page.article[span.start : span.end].strip() == page.article[span.start : span.end]
            )
        # Gold entities lie inside gold claims, and nothing is both a claim and a not-claim.
        for entity in page.entities:
            assert any(c.start <= entity.start and entity.end <= c.end for c in page.claims)
        for bad in page.not_claims:
            assert not any(c.start < bad.end and bad.start < c.end for c in page.claims)


def test_a_moved_span_is_reported_with_its_page(dataset, tmp_path):
    gold = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    claim = gold["pages"][0]["claims"][0]
    claim["start"] += 1
    moved = tmp_path / "annotations.json"
    moved.write_text(json.dumps(gold), encoding="utf-8")

    with pytest.raises(GoldPagesError, match=gold["pages"][0]["key"][:12]):
        gold_pages_load(annotations=moved, dataset=dataset)


def test_a_missing_dataset_is_a_clear_error(tmp_path):
    with pytest.raises(GoldPagesError, match="not at"):
        gold_pages_load(annotations=ANNOTATIONS, dataset=tmp_path)


def test_the_fingerprint_is_the_start_of_the_spans_sha1():
    assert span_fingerprint("Sweden dropped the case.") == "0209503a"
