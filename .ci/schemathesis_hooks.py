"""Schemathesis hooks for .ci/api-schema-check: what the schema cannot say, told to the generator.

A page's ``cursor`` is a value only the server mints (the sort key of the row a
page ended on, in base64url JSON); the schema can say it is a string, not which
strings the server handed out, and any other string is rightly a 400
(``invalid_cursor``). So a case that is meant to be valid (positive) does not
carry a cursor the generator made up: it gets the first page instead. Cursors
the server gave, followed through the schema's ``NextPage`` links in the
stateful phase, are kept, and so are negative cases.
"""

import base64
import binascii
import json

import schemathesis


def _is_minted_cursor(value) -> bool:
    """Whether ``value`` decodes as the server's cursors do (a JSON object)."""
    if not isinstance(value, str):
        return False
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, UnicodeError, binascii.Error):
        return False
    return isinstance(decoded, dict)


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    query = case.query
    if (
        meta is None
        or not meta.generation.mode.is_positive
        or not isinstance(query, dict)
        or "cursor" not in query
        or _is_minted_cursor(query["cursor"])
    ):
        return case
    case.query = {name: value for name, value in query.items() if name != "cursor"}
    return case
