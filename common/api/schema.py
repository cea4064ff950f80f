"""OpenAPI schema adjustments (drf-spectacular post-processing hooks).

They say in the schema what the API enforces or answers in code every view
shares: the error body for every status it can give, in every content type the
operation serves; bodies and query strings as strict as the server; and the
OpenAPI links between operations (a created record to its detail, a list to
its rows, its next page and its change feed), which clients and Schemathesis's
stateful tests follow.
"""

import re

ERROR_REF = {"$ref": "#/components/schemas/Error"}
JSON = "application/json"

# Answers any operation may give, besides those its view declares.
COMMON_ERRORS = {
    "400": "Bad input (a filter, the body).",
    "401": "No or an invalid token or session.",
    "403": "Signed in without the role this needs (researchers read, editors write).",
    "404": "No such record.",
    "406": "No representation matches `Accept` (or `?format=`).",
    "413": "The request body is over the size limit (three times the article limit, plus 1 MiB).",
    "429": "Too many requests; retry later.",
    "503": "A database or cache is not answering; retry after `Retry-After` seconds.",
}
BODY_ERRORS = {"415": "The body is not JSON (`Content-Type: application/json`)."}
# Writes to one record honour If-Match (ApiViewMixin.check_if_match).
VERSIONED_WRITE_ERRORS = {
    "412": "The record changed since you read it: `If-Match` is not its current `ETag`."
}
VERSIONED_WRITE_METHODS = {"post", "patch", "put", "delete"}
# A sync token older than the change feed keeps (CHANGE_FEED_RETENTION_DAYS).
SYNC_ERRORS = {
    "410": "The sync token is older than the change feed keeps (code `sync_token_expired`): "
    "pull everything again and sync from that walk's `next_sync`."
}
SYNC_TOKEN_PARAMETERS = {"changed_since", "since"}
# No NUL character in text: an address with one is refused by common.middleware, a
# body field with one by DRF's CharField (400 both).
WITHOUT_NUL = r"^[^\x00]*$"
DETAIL_PARAMETER = "{id}"


def _served_media_types(operation) -> list[str]:
    """The media types of an operation's successful answers (its errors come in the same)."""
    types = []
    for code, response in operation.get("responses", {}).items():
        if code.startswith("2"):
            types.extend(t for t in response.get("content", {}) if t not in types)
    return types or [JSON]


def add_error_responses(result, generator, request, public):
    """Document the JSON error body for every 4xx and 503 an operation can give.

    Errors are rendered by the renderer the request chose, so an operation
    that also serves JSON-LD answers its errors in JSON-LD's media type too.
    """
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error",
        {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable and machine-readable: invalid, unknown_parameter, "
                    "invalid_cursor, not_found, precondition_failed, throttled, …",
                },
                "message": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "existing": {"type": "string", "format": "uri"},
            },
            "required": ["code", "message"],
        },
    )
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(BODY_ERRORS)
            if DETAIL_PARAMETER in path and method in VERSIONED_WRITE_METHODS:
                errors.update(VERSIONED_WRITE_ERRORS)
            if SYNC_TOKEN_PARAMETERS & {p.get("name") for p in operation.get("parameters", [])}:
                errors.update(SYNC_ERRORS)
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(code, {"description": description})
            media_types = _served_media_types(operation)
            for code, response in responses.items():
                if code >= "4" and code != "default":
                    content = response.setdefault("content", {})
                    for media_type in media_types:
                        content.setdefault(media_type, {"schema": ERROR_REF})
    return result


def close_request_bodies(result, generator, request, public):
    """Say what StrictInputMixin and ApiViewMixin enforce: request bodies take no fields
    but their own, and a PATCH names at least one."""
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "patch" and "requestBody" in operation:
                operation["requestBody"]["required"] = True
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if name in schemas:
                    schemas[name]["additionalProperties"] = False
                    if method == "patch":
                        schemas[name]["minProperties"] = 1
                    for field in schemas[name].get("properties", {}).values():
                        _refuse_nul(field)
    return result


def _refuse_nul(schema) -> None:
    """Text fields take no NUL character (DRF's CharField refuses it, 400)."""
    for variant in schema.get("oneOf", [schema]):
        if variant.get("type") == "string" and not {"enum", "format", "pattern"} & set(variant):
            variant["pattern"] = WITHOUT_NUL


def strict_query_parameters(result, generator, request, public):
    """Say what ApiViewMixin and the middleware enforce: a query parameter is never empty
    (``minLength``), and free text in one holds no NUL character."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)
                    if not {"enum", "format", "pattern"} & set(schema):
                        schema["pattern"] = WITHOUT_NUL
    return result


# --- links -------------------------------------------------------------------------------

# Where a record's id is found in an answer: a created record, the first row of a
# list page, the record a detail is about.
CREATED_ID = "$response.body#/id"
FIRST_ROW_ID = "$response.body#/results/0/id"
SAME_ID = "$request.path.id"
NEXT_SYNC = "$response.body#/next_sync"
# The next page's cursor, out of the `next` URL (cursors are URL-safe as given).
NEXT_CURSOR = "$response.body#/next#regex:[?&]cursor=([^&#]+)"
# ... and its ordering, which `next` always names (pagination.CursorPagination).
NEXT_ORDERING = "$response.body#/next#regex:[?&]ordering=([^&#]+)"


def _collection(path: str) -> str:
    """``/api/links/`` of ``/api/links/{id}/confirm/``."""
    return path.split(DETAIL_PARAMETER, 1)[0]


def _link_name(operation_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[_\W]+", operation_id) if part)


def _add_link(response, name: str, operation_id: str, parameters: dict, description: str):
    response.setdefault("links", {})[name] = {
        "operationId": operation_id,
        "parameters": parameters,
        "description": description,
    }


def add_links(result, generator, request, public):
    """OpenAPI links between operations, derived from the paths.

    - a create's answer (a 2xx with the record) → every operation on that record,
      with its ``id``;
    - a detail → the other operations on the same record;
    - a list → its first row's operations, its next page (the cursor from
      ``next``, same ordering) and, with its ``next_sync``, what changed and
      what went since.
    """
    paths = result.get("paths", {})
    on_record: dict[str, list[tuple[str, dict]]] = {}
    for path, operations in paths.items():
        if DETAIL_PARAMETER in path:
            for method, operation in operations.items():
                on_record.setdefault(_collection(path), []).append((method, operation))

    for path, operations in paths.items():
        collection = _collection(path)
        if collection not in on_record:
            continue  # not a resource's own path (stats/, deleted/)
        is_detail = path != collection
        for method, operation in operations.items():
            if is_detail:
                source, description = SAME_ID, "The same record."
            elif method == "post":
                source, description = CREATED_ID, "The record this answer is about."
            elif method == "get":
                source, description = FIRST_ROW_ID, "The first row of this page."
            else:
                continue
            for code, response in operation.get("responses", {}).items():
                if not (code.startswith("2") and response.get("content")):
                    continue
                for target_method, target in on_record[collection]:
                    if target is operation or (
                        is_detail and method != "get" and target_method == "delete"
                    ):
                        continue  # a write's answer leads on to reads and writes, not deletes
                    _add_link(
                        response,
                        _link_name(target["operationId"]),
                        target["operationId"],
                        {"path.id": source},
                        description,
                    )
                if source == FIRST_ROW_ID:
                    _add_list_links(response, operation, paths, collection)
    return result


def add_related_links(result, related: dict[str, dict[str, tuple[str, str]]]):
    """Links from a resource's records to records they name: ``related`` maps a
    collection path to {link name: (where the id is in the answer, target operationId)}."""
    for collection, links in related.items():
        for path, operations in result.get("paths", {}).items():
            if _collection(path) != collection:
                continue
            for method, operation in operations.items():
                if method == "delete" or (path == collection and method == "get"):
                    continue
                for code, response in operation.get("responses", {}).items():
                    if code.startswith("2") and response.get("content"):
                        for name, (where, target) in links.items():
                            _add_link(response, name, target, {"path.id": where}, f"The {name}.")
    return result


def _add_list_links(response, operation, paths, collection: str) -> None:
    parameters = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    if "cursor" in parameters:
        next_page = {"query.cursor": NEXT_CURSOR}
        if "ordering" in parameters:
            next_page["query.ordering"] = NEXT_ORDERING
        _add_link(response, "NextPage", operation["operationId"], next_page, "The next page.")
    if "changed_since" in parameters:
        _add_link(
            response,
            "ChangedSince",
            operation["operationId"],
            {"query.changed_since": NEXT_SYNC},
            "What changed after this walk began.",
        )
    deleted = paths.get(f"{collection}deleted/", {}).get("get")
    if deleted:
        _add_link(
            response,
            "DeletedSince",
            deleted["operationId"],
            {"query.since": NEXT_SYNC},
            "What went after this walk began.",
        )
