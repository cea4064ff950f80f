"""What every API view shares: strict query strings, versions (ETag / If-Match) and
rate-limit headers. Each viewset of every app builds on ``ApiViewMixin``."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseRedirect
from rest_framework.renderers import BrowsableAPIRenderer

from .errors import ApiValidationError, PreconditionFailed

# Accepted on every endpoint: DRF's choice of renderer (?format=json, jsonld, api).
ALWAYS_ACCEPTED = {"format"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class LeaveOutBlanks(Exception):
    """A browsable-API page asked with blank parameters: answer with the address without them
    (``ApiViewMixin.handle_exception``)."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


def representation_etag(data) -> str:
    """A strong ETag for a record's representation: the digest of its JSON."""
    raw = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


class ApiViewMixin:
    """Refuse query parameters a view does not take; version details; show rate limits.

    - A query parameter the action does not take, or one given empty, is a 400
      naming it (``unknown_parameter`` / ``invalid``): a misspelt filter
      otherwise returns the whole list as if it had matched. The browsable API's
      pages are the exception for empty ones: their filter form sends every field,
      filled or not, so a page asked with blanks redirects to its address without
      them (where the format links, ``?format=json``, work too).
    - A detail carries ``ETag``; a write to a record with ``If-Match`` is
      refused with 412 when the record has changed since (two editors cannot
      overwrite each other unawares). Without ``If-Match`` writes go through.
    - A ``PATCH`` that names no field is a 400: it would change nothing, and is
      most likely a client sending its body the wrong way (the schema says
      ``minProperties: 1``).
    - Every answer says the client's rate limit (``RateLimit-Limit``,
      ``RateLimit-Remaining``, ``RateLimit-Reset`` seconds), from the throttles.

    An extra action that takes parameters lists them in its function's
    ``query_params`` attribute (``DeletionsMixin.deleted``).
    """

    def accepted_query_params(self) -> set[str]:
        accepted = set(ALWAYS_ACCEPTED)
        handler = getattr(type(self), self.action or "", None)
        if hasattr(handler, "query_params"):
            return accepted | set(handler.query_params)
        if self.action == "list":
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                accepted |= set(filterset_class.base_filters)
            if getattr(self, "ordering_fields", None):
                accepted.add("ordering")
            if self.paginator is not None:
                accepted |= {self.paginator.cursor_query_param, "page_size"}
        return accepted

    def check_query_params(self, request) -> None:
        accepted = self.accepted_query_params()
        errors = {}
        for name, values in request.query_params.lists():
            if name not in accepted:
                names = ", ".join(f"`{n}`" for n in sorted(accepted))
                errors[name] = [f"Not a parameter of this endpoint; it takes {names}."]
            elif any(value == "" for value in values):
                errors[name] = ["Empty: give a value or leave the parameter out."]
        if errors:
            unknown = any(name not in accepted for name in errors)
            raise ApiValidationError(errors, code="unknown_parameter" if unknown else "invalid")

    def leave_out_blanks_in_browsable_pages(self, request) -> None:
        if request.method not in ("GET", "HEAD") or not isinstance(
            request.accepted_renderer, BrowsableAPIRenderer
        ):
            return
        query = request.query_params
        if not any(value == "" for _, values in query.lists() for value in values):
            return
        kept = query.copy()
        for name, values in query.lists():
            kept.setlist(name, [value for value in values if value != ""])
        kept = kept.urlencode()
        raise LeaveOutBlanks(f"{request.path}?{kept}" if kept else request.path)

    def handle_exception(self, exc):
        if isinstance(exc, LeaveOutBlanks):
            return HttpResponseRedirect(exc.location)
        return super().handle_exception(exc)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            return  # not served here: the answer is 405, whatever the query or body
        self.leave_out_blanks_in_browsable_pages(request)
        self.check_query_params(request)
        if request.method == "PATCH":
            self.check_patch_names_a_field(request)
        if request.method in WRITE_METHODS and self.kwargs.get(self.lookup_field):
            self.check_if_match(request)

    def check_patch_names_a_field(self, request) -> None:
        data = request.data
        if hasattr(data, "keys") and not set(data.keys()) - {"csrfmiddlewaretoken"}:
            raise ApiValidationError(
                {"non_field_errors": ["An empty PATCH changes nothing: send the fields to change."]}
            )

    # --- versions --------------------------------------------------------------------------

    def detail_representation(self, obj) -> dict:
        """The record as a GET of its detail shows it (what the ETag is the digest of)."""
        serializer_class = getattr(self, "detail_serializer_class", None) or self.serializer_class
        return serializer_class(obj, context=self.get_serializer_context()).data

    def current_etag(self) -> str:
        lookup = {self.lookup_field: self.kwargs[self.lookup_field]}
        obj = self.get_queryset().filter(**lookup).first()
        return representation_etag(self.detail_representation(obj)) if obj else ""

    def check_if_match(self, request) -> None:
        wanted = request.headers.get("If-Match")
        if not wanted:
            return
        current = self.current_etag()
        if not current:
            return  # no such record: the view answers 404
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        if "*" not in tags and current not in tags:
            raise PreconditionFailed()

    # --- answers ---------------------------------------------------------------------------

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        limit = getattr(self, "rate_limit", None)
        if limit is not None:
            response["RateLimit-Limit"], response["RateLimit-Remaining"] = limit[:2]
            response["RateLimit-Reset"] = limit[2]
        if (
            self.kwargs.get(self.lookup_field)
            and not response.has_header("ETag")  # a view that answers more gave its own
            and response.status_code == 200
            and isinstance(getattr(response, "data", None), dict)
            and "id" in response.data
        ):
            response["ETag"] = representation_etag(response.data)
        return response
