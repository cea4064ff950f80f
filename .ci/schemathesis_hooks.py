"""Schemathesis hooks for .ci/api-schema-check: what the schema cannot say, told to the generator.

A page's ``cursor`` is a value only the server mints (the sort key of the row a
page ended on, in base64url JSON); the schema can say it is a string, not which
strings the server handed out, and any other string is rightly a 400
(``invalid_cursor``). A cursor also holds only for the ordering of the page that
gave it: sent with another ``ordering`` it is refused the same way. So a case
that is meant to be valid (positive) does not carry a cursor the generator made
up, nor a real one beside an ordering it was not made for: it gets the first
page instead. Cursors the server gave, followed through the schema's
``NextPage`` links in the stateful phase (which carry the page's ordering with
them), are kept, and so are negative cases.
"""

import base64
import binascii
import json

import schemathesis


def _minted_ordering(value) -> list | None:
    """The ordering a cursor the server minted was made for (its ``o``: the fields with
    the ``id`` tie-breaker the server adds), or None when ``value`` is no such cursor."""
    if not isinstance(value, str):
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, UnicodeError, binascii.Error):
        return None
    if not isinstance(decoded, dict) or not isinstance(decoded.get("o"), list):
        return None
    return decoded["o"]


def _holds_for(cursor_ordering: list, query: dict) -> bool:
    """Whether a cursor made for ``cursor_ordering`` goes with the query's ``ordering``."""
    asked = query.get("ordering")
    if not isinstance(asked, str):
        return True  # the view's default: a NextPage link names the ordering it followed
    fields = [field.strip() for field in asked.split(",") if field.strip()]
    return cursor_ordering in (fields, fields + ["id"], fields + ["-id"])


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    query = case.query
    if (
        meta is None
        or not meta.generation.mode.is_positive
        or not isinstance(query, dict)
        or "cursor" not in query
    ):
        return case
    cursor_ordering = _minted_ordering(query["cursor"])
    if cursor_ordering is not None and _holds_for(cursor_ordering, query):
        return case
    case.query = {name: value for name, value in query.items() if name != "cursor"}
    return case
