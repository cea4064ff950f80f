"""Request bodies: JSON whose nesting is bounded, so no body can exhaust the stack."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No body the API takes nests at all; 32 levels leave room for any client's
# habits while refusing a body built to recurse the parser to death.
MAX_JSON_DEPTH = 32
TOO_DEEP = f"JSON parse error - the body is nested deeper than {MAX_JSON_DEPTH} levels."


def nests_deeper_than(data, limit: int) -> bool:
    """Whether objects and arrays in ``data`` nest more than ``limit`` levels (no recursion)."""
    stack = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing with a 400 a body nested deeper than ``MAX_JSON_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # deeper than Python's own limit: json gives up first
            raise ParseError(TOO_DEEP) from None
        if nests_deeper_than(data, MAX_JSON_DEPTH):
            raise ParseError(TOO_DEEP)
        return data
