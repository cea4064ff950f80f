"""bench_pages: a figure for every page of the table, or a clear word on an empty database."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PAGES = [
    "view /entities/<hub", "view /export.csv", "view /export.json", "view /claim-sets/<largest",
    "admin claim <", "view / ", "view /?entity=<hub>", "view /?q=pipeline",
    "admin claims ?q=pipeline", "admin claims ?has_conflict=yes", "admin claims page ",
    "admin entities list", "admin claim set <largest", "API claim-sets, page of 50",
    "API claims ?ordering=-score", "API claims list", "API claim <", "API claim set <largest",
]  # fmt: skip


def test_every_page_is_measured_against_the_bare_view(editor_user, researcher_user):
    call_command(
        "seed_synthetic", "--sources", "30", "--claims-per-source", "5", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("bench_pages", "--samples", "1", "--skip-memory", stdout=out)
    lines = out.getvalue().splitlines()
    assert "30 sources, 150 claims" in lines[0]
    assert "hub entity 'Russia'" in lines[1]
    for label in PAGES:
        (line,) = [line for line in lines if line.startswith(label)]
        assert "skipped" not in line, line
        assert line.endswith((": ok", ": over")), line
    assert any(line.startswith("bare values() view, 50 claims") for line in lines)


def test_an_empty_database_is_refused_with_the_seeding_command(editor_user, researcher_user):
    with pytest.raises(CommandError, match="seed_synthetic --sources"):
        call_command("bench_pages", stdout=io.StringIO())


def test_missing_accounts_are_named(db):
    call_command(
        "seed_synthetic", "--sources", "5", "--claims-per-source", "5", stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="demo accounts"):
        call_command("bench_pages", "--skip-memory", stdout=io.StringIO())
