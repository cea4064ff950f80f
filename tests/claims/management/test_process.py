"""manage.py process: re-queue sources by id, all of them, or those whose processing was lost."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.models import Source
from sources.services import source_create

pytestmark = pytest.mark.django_db


def _waiting(minutes: int) -> Source:
    source = source_create(
        content=f"Report {minutes}\n\nAstana signed deal {minutes} with Tashkent."
    )
    Source.objects.filter(pk=source.pk).update(
        status=Source.Status.QUEUED, status_changed_at=timezone.now() - timedelta(minutes=minutes)
    )
    return source


def _process(*args) -> str:
    out = io.StringIO()
    call_command("process", *args, stdout=out)
    return out.getvalue()


def test_stuck_with_older_than_zero_takes_every_waiting_source():
    recent, older = _waiting(0), _waiting(5)
    assert _process("--stuck").endswith("0 source(s) queued.\n")
    output = _process("--stuck", "--older-than", "0")
    assert f"source #{recent.pk}: queued" in output
    assert f"source #{older.pk}: queued" in output
    assert output.endswith("2 source(s) queued.\n")


def test_stuck_with_older_than_takes_those_waiting_longer():
    _waiting(1)
    older = _waiting(20)
    output = _process("--stuck", "--older-than", "10")
    assert output == f"source #{older.pk}: queued\n1 source(s) queued.\n"


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError, match="0 or more"):
        _process("--stuck", "--older-than", "-1")
