"""The view's downloads: CSV and JSON of claim sets, streamed, whatever their size."""

import csv
import io
import json
from datetime import date

import pytest

from claims.models import Claim, ClaimLink, ClaimSet, Mention
from claims.selectors import claim_sets as set_reads
from claims.web import exports
from tests.factories import SourceFactory

from .conftest import link, make_claim, make_conflict_set

AUTH = 3  # the session, the user, the user's groups


def body(response) -> str:
    """What a download gives, read chunk by chunk as a browser would."""
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff"))))


def bulk_conflict_sets(n: int, entity, *, per_side: int = 1) -> list[ClaimSet]:
    """``n`` claim sets of ``per_side`` claims against ``per_side``, each naming ``entity``,
    with a confirmed conflict and agreements, built in bulk (newest set first)."""
    per_set = 2 * per_side
    sources, sentences = [], []
    for s in range(n):
        said = [f"Russia moved unit {s}-{i} to the border." for i in range(per_set)]
        sources.append(
            SourceFactory.build(
                title=f"Report {s}",
                body="Headline\n\n" + " ".join(said),
                published_on=date(2022, 1, 1 + s % 28),
                publisher=f"Wire {s % 7}",
                content_hash=f"bulk-{s}",
            )  # fmt: skip
        )
        sentences.append(said)
    SourceFactory._meta.model.objects.bulk_create(sources)
    sets = ClaimSet.objects.bulk_create([ClaimSet(has_conflict=True) for _ in range(n)])
    claims = []
    for source, claim_set, said in zip(sources, sets, sentences, strict=True):
        for i, sentence in enumerate(said):
            start = source.body.index(sentence)
            claims.append(
                Claim(
                    source=source,
                    text=sentence,
                    start=start,
                    end=start + len(sentence),
                    status=Claim.Status.ACCEPTED,
                    score=0.5 + i / 100,
                    claim_set=claim_set,
                    side=i % 2,
                    subject="Russia",
                    predicate=("move", "withdraw")[i % 2],
                )  # fmt: skip
            )
    Claim.objects.bulk_create(claims)
    Mention.objects.bulk_create(
        Mention(claim=claim, entity=entity, text="Russia", start=claim.start, end=claim.start + 6)
        for claim in claims
    )
    links = []
    for s in range(n):
        own = claims[s * per_set : (s + 1) * per_set]
        links.append((own[0], own[1], ClaimLink.Relation.CONFLICT))
        links += [(own[0], other, ClaimLink.Relation.AGREE) for other in own[2::2]]
        links += [(own[1], other, ClaimLink.Relation.AGREE) for other in own[3::2]]
    ClaimLink.objects.bulk_create(
        ClaimLink(
            claim_a=a,
            claim_b=b,
            relation=relation,
            status=ClaimLink.Status.CONFIRMED,
            note=f"Note {a.pk}",
        )  # fmt: skip
        for a, b, relation in links
    )
    return sets


# --- What a download holds --------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_unless_turned_off(researcher_client, settings):
    claim_set = make_conflict_set()
    url = f"/claim-sets/{claim_set.pk}/export.csv"
    assert body(researcher_client.get(url)).startswith("\ufeffclaim_set_id,")
    assert body(researcher_client.get("/export.csv")).startswith("\ufeff")

    settings.EXPORT_CSV_BOM = False
    assert body(researcher_client.get(url)).startswith("claim_set_id,")


def test_csv_carries_the_notes_of_each_claims_links(researcher_client):
    a = make_claim("Russia is losing Central Asia.")
    b = make_claim("Russia is reclaiming Central Asia.")
    c = make_claim("Moscow is losing ground to Beijing.")
    link(a, b, "conflict", note="“Losing” against\n“reclaiming”.")
    link(a, c, "agree", note="Same reading.")
    link(b, c, "conflict", note="")
    claim_set = Claim.objects.get(pk=a.pk).claim_set
    rows = {
        int(row["claim_id"]): row["link_notes"]
        for row in csv_rows(researcher_client.get(f"/claim-sets/{claim_set.pk}/export.csv"))
    }
    assert rows == {
        a.pk: f"conflicts with {b.pk}: “Losing” against “reclaiming”. | agrees with {c.pk}: Same reading.",
        b.pk: f"conflicts with {a.pk}: “Losing” against “reclaiming”.",
        c.pk: f"agrees with {a.pk}: Same reading.",
    }


def test_claim_set_exports_as_csv_and_json(researcher_client, russia):
    claim_set = make_conflict_set(side_a=2, side_b=1, entities=[russia])
    claims = {c.side: c for c in claim_set.claims.order_by("pk")}

    response = researcher_client.get(f"/claim-sets/{claim_set.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="claim-set-{claim_set.pk}.csv"'
    rows = csv_rows(response)
    assert len(rows) == 3
    assert {row["side"] for row in rows} == {"A", "B"}
    assert rows[0]["entities"] == "Russia"
    assert rows[0]["conflicts_with"] == str(claims[1].pk)

    response = researcher_client.get(f"/claim-sets/{claim_set.pk}/export.json")
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == f'attachment; filename="claim-set-{claim_set.pk}.json"'
    )
    (exported,) = json.loads(body(response))["claim_sets"]
    assert exported["id"] == claim_set.pk
    assert len(exported["sides"]["A"]) == 2 and len(exported["sides"]["B"]) == 1
    assert {link["relation"] for link in exported["links"]} == {"agree", "conflict"}
    assert exported["sides"]["B"][0]["source"]["published_on"] == "2022-01-07"
    assert exported["title_is_proposed"] and exported["question"] == ""
    assert exported["side_names"] == {"A": "Side A", "B": "Side B"}
    assert all(link["is_reviewed"] for link in exported["links"])  # accepted claims, confirmed


def test_rejected_links_are_left_out(researcher_client):
    claim_set = make_conflict_set(side_a=2)
    agreement = ClaimLink.objects.get(claim_a__claim_set=claim_set, relation="agree")
    ClaimLink.objects.filter(pk=agreement.pk).update(status=ClaimLink.Status.REJECTED)
    (exported,) = json.loads(body(researcher_client.get("/export.json")))["claim_sets"]
    assert [link["relation"] for link in exported["links"]] == ["conflict"]
    assert not any(row["agrees_with"] for row in csv_rows(researcher_client.get("/export.csv")))


def test_filtered_list_exports_the_same_sets_as_the_page(researcher_client, russia, china):
    about_russia = make_conflict_set(entities=[russia])
    make_conflict_set(entities=[china])
    response = researcher_client.get("/export.json", {"entity": russia.pk})
    assert response["Content-Disposition"].startswith('attachment; filename="claim-sets-')
    document = json.loads(body(response))
    assert [s["id"] for s in document["claim_sets"]] == [about_russia.pk]
    assert document["filters"] == {"entity_id": str(russia.pk)}

    rows = csv_rows(researcher_client.get("/export.csv"))
    assert len({row["claim_set_id"] for row in rows}) == 2
    rows = csv_rows(researcher_client.get("/export.csv", {"entity": china.pk}))
    assert {row["entities"] for row in rows} == {"China"}


def test_reviewed_only_exports_sets_with_a_reviewed_conflict(researcher_client):
    reviewed = make_conflict_set()
    make_conflict_set(status="proposed")
    document = json.loads(body(researcher_client.get("/export.json", {"reviewed": "reviewed"})))
    assert [s["id"] for s in document["claim_sets"]] == [reviewed.pk]


def test_csv_cells_never_start_a_spreadsheet_formula(researcher_client):
    a = make_claim("=HYPERLINK(1) is what it says.", speaker="@handle", title="+1 for Moscow")
    link(a, make_claim("-5 degrees in Astana."))
    rows = csv_rows(researcher_client.get("/export.csv"))
    cells = {cell for row in rows for cell in row.values()}
    assert {"'=HYPERLINK(1) is what it says.", "'@handle", "'+1 for Moscow",
            "'-5 degrees in Astana."} <= cells  # fmt: skip
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_an_empty_list_exports_a_header_and_an_empty_document(researcher_client):
    rows = body(researcher_client.get("/export.csv"))
    assert rows == "\ufeff" + ",".join(exports.CSV_COLUMNS) + "\r\n"
    text = body(researcher_client.get("/export.json", {"publisher": ""}))
    assert text == '{\n  "claim_sets": [],\n  "filters": {}\n}'


def test_downloads_are_written_as_the_whole_document_would_be(researcher_client, russia):
    """Streamed a set at a time, the text is still what one ``json.dumps(indent=2)`` of the
    whole document and one csv writer over every row give."""
    make_conflict_set(side_a=2, side_b=2, entities=[russia], speaker="Lavrov said, “no”")
    link(
        make_claim('Quoted "text", with a comma\nand a line break.'),
        make_claim("Ωμέγα 東京 🙂 \u202eevil\tand a tab."),
    )
    text = body(researcher_client.get("/export.json", {"q": ""}))
    document = json.loads(text)
    assert len(document["claim_sets"]) == 2
    assert text == json.dumps(document, ensure_ascii=False, indent=2)

    text = body(researcher_client.get("/export.csv")).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + 6
    rewritten = io.StringIO()
    csv.writer(rewritten).writerows(rows)
    assert text == rewritten.getvalue()


# --- At size ------------------------------------------------------------------------------


def test_a_few_thousand_claims_stream_in_batches_as_one_valid_document(
    researcher_client, russia, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(set_reads, "EXPORT_CLAIMS_PER_BATCH", 500)
    sets = bulk_conflict_sets(1200, russia, per_side=2)  # 4,800 claims: ten batches
    newest_first = [s.pk for s in reversed(sets)]

    response = researcher_client.get("/export.json")
    chunks = list(response.streaming_content)
    assert len(chunks) > 1200  # a set at a time, never the document at once
    document = json.loads(b"".join(chunks))
    assert [s["id"] for s in document["claim_sets"]] == newest_first
    assert sum(len(side) for s in document["claim_sets"] for side in s["sides"].values()) == 4800
    assert all(len(s["links"]) == 3 for s in document["claim_sets"])

    # what the sets in conflict are now (the filter choices, entities and publishers, are
    # kept from the first download), the sets, then per batch of 500 claims: the claims,
    # their mentions, their links
    with django_assert_num_queries(AUTH + 1 + 1 + 3 * 10):
        rows = csv_rows(researcher_client.get("/export.csv"))
    assert len(rows) == 4800
    assert [int(row["claim_set_id"]) for row in rows[::4]] == newest_first


@pytest.mark.parametrize("n", [5, 500])
def test_export_query_counts_do_not_grow(researcher_client, russia, django_assert_num_queries, n):
    sets = bulk_conflict_sets(n, russia)
    # what the sets in conflict are now, the filter choices (entities, publishers), the
    # sets, their claims, mentions, links: one batch up to 1,000 claims, then three
    # queries more for each 1,000
    with django_assert_num_queries(AUTH + 7):
        body(researcher_client.get("/export.json", {"entity": russia.pk}))
    # the filter choices are kept from the first download
    with django_assert_num_queries(AUTH + 5):
        body(researcher_client.get("/export.csv"))
    # the set, its claims, their mentions, its links
    with django_assert_num_queries(AUTH + 4):
        body(researcher_client.get(f"/claim-sets/{sets[0].pk}/export.csv"))


def test_a_large_set_streams_on_its_own(researcher_client, russia, monkeypatch):
    monkeypatch.setattr(set_reads, "EXPORT_CLAIMS_PER_BATCH", 10)
    (large,) = bulk_conflict_sets(1, russia, per_side=40)
    rows = csv_rows(researcher_client.get(f"/claim-sets/{large.pk}/export.csv"))
    assert len(rows) == 80
    assert [row["side"] for row in rows] == ["A"] * 40 + ["B"] * 40


# --- A download that fails half-way -------------------------------------------------------


@pytest.fixture
def fails_at_the_third_set(monkeypatch):
    """Shaping the third set fails, after two sets have gone out."""
    real = exports.claim_set_title
    seen = []

    def title(claim_set, claims):
        seen.append(claim_set.pk)
        if len(set(seen)) == 3:
            raise RuntimeError("the database went away")
        return real(claim_set, claims)

    monkeypatch.setattr(exports, "claim_set_title", title)
    monkeypatch.setattr(set_reads, "EXPORT_CLAIMS_PER_BATCH", 2)


def read_until_it_fails(response) -> str:
    assert response.status_code == 200
    chunks = []
    with pytest.raises(RuntimeError, match="went away"):
        for chunk in response.streaming_content:
            chunks.append(chunk)
    return b"".join(chunks).decode()


def test_a_csv_cut_short_says_so_in_its_last_row(
    researcher_client, russia, fails_at_the_third_set, caplog
):
    bulk_conflict_sets(4, russia)
    text = read_until_it_fails(researcher_client.get("/export.csv"))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 1 + 4 + 1  # the header, two sets' claims, the warning
    assert rows[-1] == [exports.CSV_INCOMPLETE]
    assert "CSV export of claim sets stopped" in caplog.text


def test_a_json_document_cut_short_is_not_valid_json(
    researcher_client, russia, fails_at_the_third_set, caplog
):
    bulk_conflict_sets(4, russia)
    text = read_until_it_fails(researcher_client.get("/export.json"))
    assert text.count('"title_is_proposed"') == 2
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    assert "JSON export of claim sets stopped" in caplog.text
