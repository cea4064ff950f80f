"""Readability notes judge the article, never the page around it, on real web pages.

Reads the article-extraction benchmark outside the repository
(``<repo>/../shared/datasets/article-extraction``) and skips when it is absent.
"""

import pytest

from claims.nlp.readability import assess_readability
from sources.extraction_dataset import SHAPES, DatasetMissing, load_pages, page_body

PARAGRAPHS = "\n\n".join(
    [
        "The museum reopened on Saturday after a two-year renovation of its east wing, "
        "which had been closed since a leak damaged the roof in the winter of 2022.",
        "Visitors queued along the river before the doors opened, and the director said "
        "more than four thousand tickets had been sold for the first weekend alone.",
        "The new galleries show the city's collection of maps and ship models, most of "
        "which had been kept in storage for more than a decade because of a lack of space.",
    ]
)


def test_three_prose_paragraphs_among_many_list_lines_are_an_article():
    schedule = "\n".join(f"Saturday {n} May: guided tour at {n} pm" for n in range(1, 13))
    body = f"Museum reopens\n{schedule}\n{PARAGRAPHS}"
    assert assess_readability(body, language="en") == ""


def test_a_list_of_headlines_without_prose_is_still_noted():
    body = "Culture\n" + "\n".join(f"Museum news item {n} this week" for n in range(12))
    assert "list of links" in assess_readability(body, language="en")


def english_articles():
    try:
        pages = load_pages()
    except DatasetMissing as exc:
        pytest.skip(f"Real-page dataset absent: {exc}")
    return [p for p in pages if p.true_language == "en" and p.true_paragraphs >= 3]


@pytest.mark.parametrize("shape", SHAPES)
def test_no_english_article_of_three_paragraphs_is_withheld(shape):
    withheld = []
    for page in english_articles():
        body, language = page_body(page, shape)
        note = assess_readability(body, language=language) if body else "nothing kept"
        if note:
            withheld.append(f"{page.url}: {note}")
    assert withheld == []
