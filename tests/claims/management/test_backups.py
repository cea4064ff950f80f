"""export_all and import_all: a backup restores into a new database table for table."""

import gzip
import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from claims.linking.services import (
    LinkExistsError,
    claim_link_confirm,
    claim_link_create,
    claim_link_update,
)
from claims.models import Claim, ClaimLink
from claims.review.services import claim_update, claims_review
from common.backup import DATA, MANIFEST, table_checksums
from sources.models import Source
from sources.services import source_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

ARTICLES = [
    "Russia is reclaiming Central Asia\n\n"
    "Russia sent 2,000 paratroopers to Kazakhstan in January 2022, officials in Astana said. "
    "President Kassym-Jomart Tokayev thanked Vladimir Putin for the help.",
    "Russia is losing Central Asia\n\n"
    "China overtook Russia as Kazakhstan's largest trading partner in 2022, analysts said. "
    "Tokayev told Putin that Kazakhstan would not recognise the breakaway republics.",
]


@pytest.fixture
def newsroom(editor_user, researcher_user, django_capture_on_commit_callbacks):
    """Sources with claims, an accepted and an edited claim, a confirmed link, a token, a log."""
    with django_capture_on_commit_callbacks(execute=True):
        sources = [source_create(content=text, added_by=editor_user) for text in ARTICLES]
    first, second = (Claim.objects.filter(source=s).order_by("start")[1] for s in sources)
    claims_review(claims=Claim.objects.filter(pk=first.pk), status="accepted", user=editor_user)
    claim_update(claim=second, user=editor_user, predicate="overtake")
    try:
        link = claim_link_create(
            claim_a=first,
            claim_b=second,
            relation=ClaimLink.Relation.CONFLICT,
            created_by=editor_user,
        )
    except LinkExistsError as exists:  # the machine suggested the pair: the editor takes it
        link = claim_link_update(
            link=exists.existing, user=editor_user, relation=ClaimLink.Relation.CONFLICT
        )
    claim_link_confirm(link=link, user=editor_user)
    Token.objects.create(user=editor_user)
    LogEntry.objects.create(
        user=editor_user,
        content_type=ContentType.objects.get_for_model(Source),
        object_id=str(sources[0].pk),
        object_repr=str(sources[0]),
        action_flag=CHANGE,
        change_message="Edited the title.",
    )


def _manage(database: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SECRET_KEY=settings.SECRET_KEY)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_a_new_database_with_every_table_equal(newsroom, tmp_path):
    backup = tmp_path / "backup"
    out = io.StringIO()
    call_command("export_all", str(backup), stdout=out)
    assert "Backed up" in out.getvalue()
    here = table_checksums()
    # Every table that matters holds something, so the comparison means something.
    for label in [
        "sources.Source", "sources.HistoricalSource", "claims.Claim", "claims.HistoricalClaim",
        "claims.Entity", "claims.EntityAlias", "claims.Mention", "claims.ClaimLink",
        "claims.ClaimSet", "auth.User", "auth.Group", "authtoken.Token", "admin.LogEntry",
    ]:  # fmt: skip
        assert here[label]["rows"] > 0, label
    assert json.loads((backup / MANIFEST).read_text())["tables"] == here

    fresh = tmp_path / "fresh.sqlite3"
    assert _manage(fresh, "migrate", "--no-input").returncode == 0

    # A backup altered after it was made is refused, and leaves nothing behind.
    tampered = tmp_path / "tampered"
    tampered.mkdir()
    (tampered / MANIFEST).write_text((backup / MANIFEST).read_text())
    rows = json.loads(gzip.decompress((backup / DATA).read_bytes()))
    claim = next(row for row in rows if row["model"] == "claims.claim")
    claim["fields"]["start"] += 1
    (tampered / DATA).write_bytes(gzip.compress(json.dumps(rows).encode()))
    refused = _manage(fresh, "import_all", str(tampered))
    assert refused.returncode != 0
    assert "claims.Claim" in refused.stderr and "nothing was kept" in refused.stderr

    restored = _manage(fresh, "import_all", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "every table matches" in restored.stdout
    there = _manage(
        fresh,
        "shell",
        "-c",
        "import json; from common.backup import table_checksums; print(json.dumps(table_checksums()))",
    )
    assert json.loads(there.stdout.splitlines()[-1]) == here
    assert _manage(fresh, "import_all", "--verify", str(backup)).returncode == 0


def test_a_database_with_data_is_not_restored_into(newsroom, tmp_path):
    call_command("export_all", str(tmp_path / "backup"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds accounts or sources"):
        call_command("import_all", str(tmp_path / "backup"), stdout=io.StringIO())


def test_export_refuses_a_directory_that_holds_files(db, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_all", str(tmp_path), stdout=io.StringIO())


def test_a_backup_reads_each_account_once_however_many_rows_name_it(editor_user, tmp_path):
    """Rows pointing to an account (claims it reviewed, links it made) are written with the
    account's name, read once: the number of queries does not grow with the rows."""

    def backup_queries(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            call_command("export_all", str(tmp_path / name), stdout=io.StringIO())
        return len(queries)

    ClaimFactory.create_batch(3, reviewed_by=editor_user)
    few = backup_queries("few")
    ClaimFactory.create_batch(30, reviewed_by=editor_user)
    assert backup_queries("many") == few

    rows = json.loads(gzip.decompress((tmp_path / "many" / DATA).read_bytes()))
    reviewers = [row["fields"]["reviewed_by"] for row in rows if row["model"] == "claims.claim"]
    assert reviewers == [[editor_user.username]] * 33
