"""OpenAPI schema adjustments (drf-spectacular post-processing hooks)."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}

# Answers any operation may give, besides those its view declares.
COMMON_ERRORS = {
    "400": "Bad input (a filter, the body).",
    "401": "No or an invalid token or session.",
    "403": "Signed in without the role this needs (researchers read, editors write).",
    "404": "No such record.",
    "413": "The request body is over the size limit (three times the article limit, plus 1 MiB).",
    "429": "Too many requests; retry later.",
    "503": "A database or cache is not answering; retry after `Retry-After` seconds.",
}


def add_error_responses(result, generator, request, public):
    """Document the JSON error body for the 4xx and 503 answers every operation can give."""
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
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result


def close_request_bodies(result, generator, request, public):
    """Say what StrictInputMixin enforces: request bodies take no fields but their own."""
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if name in schemas:
                    schemas[name]["additionalProperties"] = False
    return result


def strict_query_parameters(result, generator, request, public):
    """Say what ApiViewMixin enforces: a query parameter is never empty (``minLength``)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)
    return result
