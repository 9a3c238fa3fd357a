"""Request validation against the OpenAPI document's own schemas (jsonschema, draft 2020-12).

A refused body answers 400 ``validation_error`` with ``fields`` naming each bad field
(``{"fields": {"relationship": "must be one of ...", "colour": "unknown field"}}``). Text the
databases cannot store (NUL characters, lone surrogates) is refused here too, so bad input
never reaches SQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import request
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from server.errors import ApiError
from server.openapi import SCHEMAS, build_document

_DOC_URI = "urn:topofmind:openapi"
_REGISTRY = Registry().with_resource(_DOC_URI, Resource.from_contents(
    {"$schema": "https://json-schema.org/draft/2020-12/schema", **build_document()}))
FORMATS = FormatChecker(formats=())
# No request body of the API nests deeper than 3; 32 leaves room and stops recursion bombs.
MAX_JSON_DEPTH = 32


def parse_datetime(value: str) -> datetime:
    """An RFC 3339 date-time with an offset (``Z`` or ``+02:00``); naive times are refused."""
    text = value.strip()
    if len(text) < 20 or text[10] not in "Tt ":
        raise ValueError("expected an RFC 3339 date-time such as 2026-03-18T10:00:00Z")
    parsed = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("the date-time needs a timezone offset, e.g. 2026-03-18T10:00:00Z")
    try:
        in_utc = parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("the date-time is out of range") from None
    if not 1970 <= in_utc.year <= 2999:
        raise ValueError("the date-time must be between 1970 and 2999")
    return in_utc


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    parse_datetime(value)
    return True


@FORMATS.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


def validator_for(schema_name: str) -> Draft202012Validator:
    schema = {"$ref": f"{_DOC_URI}#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema, registry=_REGISTRY, format_checker=FORMATS)


_VALIDATORS = {name: validator_for(name) for name in SCHEMAS}


def _field_name(error) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return ".".join(filter(None, [path, extra[0] if extra else ""]))
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return ".".join(filter(None, [path, missing]))
    return path or "body"


def _message(error) -> str:
    if error.validator == "additionalProperties":
        return "unknown field"
    if error.validator == "required":
        return "this field is required"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"must be of type {expected}"
    if error.validator == "enum":
        return "must be one of: " + ", ".join(str(v) for v in error.validator_value if v is not None)
    if error.validator == "format":
        return f"not a valid {error.validator_value}" + (
            " (RFC 3339 with an offset, e.g. 2026-03-18T10:00:00Z)" if error.validator_value == "date-time" else "")
    if error.validator == "anyOf":
        return "has the wrong type"
    return error.message


def check_text(value, where: str = "body") -> None:
    """Refuse strings the databases cannot store: NUL (PostgreSQL) and lone surrogates (UTF-8)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ApiError(400, f"{where} contains a NUL character", code="validation_error",
                           fields={where: "contains a NUL character"})
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(400, f"{where} is not valid Unicode text", code="validation_error",
                           fields={where: "not valid Unicode text"}) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where)
            check_text(item, f"{where}.{key}" if where != "body" else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_text(item, f"{where}.{i}")


def _nesting_depth(raw: bytes) -> int:
    """How deep ``[`` and ``{`` nest in a JSON text, counted outside strings, before parsing
    (Python's parser recurses: a deep enough body under the size limit was a 500)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def validate(schema: str | dict, body: dict) -> dict:
    """``body`` checked against ``components/schemas/<schema>`` (or a schema given inline):
    the API's bodies and the pages' forms alike. A refusal is a 400 ``validation_error``
    naming each bad field."""
    validator = _VALIDATORS[schema] if isinstance(schema, str) else Draft202012Validator(
        schema, registry=_REGISTRY, format_checker=FORMATS)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        fields: dict[str, str] = {}
        for error in errors:
            fields.setdefault(_field_name(error), _message(error))
        summary = "; ".join(f"{k}: {v}" for k, v in fields.items())
        raise ApiError(400, f"invalid request body — {summary}", code="validation_error", fields=fields)
    check_text(body)
    return body


def json_body(schema_name: str) -> dict:
    """The request's JSON body, validated against ``components/schemas/<schema_name>``."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise ApiError(400, "a JSON object body is required (Content-Type: application/json)")
    if _nesting_depth(raw) > MAX_JSON_DEPTH:
        raise ApiError(400, f"the body nests deeper than {MAX_JSON_DEPTH} levels", code="validation_error",
                       fields={"body": f"nested deeper than {MAX_JSON_DEPTH} levels"})
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ApiError(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object", code="validation_error",
                       fields={"body": "must be of type object"})
    return validate(schema_name, body)


def optional_json_body(schema_name: str) -> dict:
    """Like ``json_body`` but an empty body means ``{}`` (e.g. snooze with the defaults)."""
    if not request.get_data(cache=True).strip():
        return {}
    return json_body(schema_name)


def query(name: str, *, required: bool = False, choices: tuple[str, ...] | None = None,
          default: str | None = None, max_length: int = 2000) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        if required:
            raise ApiError(400, f"the query parameter '{name}' is required", code="validation_error",
                           fields={name: "this parameter is required"})
        return default
    check_text(value, name)
    if len(value) > max_length:
        raise ApiError(400, f"'{name}' is too long (at most {max_length} characters)",
                       code="validation_error", fields={name: f"at most {max_length} characters"})
    if choices is not None and value not in choices:
        raise ApiError(400, f"'{name}' must be one of: {', '.join(choices)}", code="validation_error",
                       fields={name: "must be one of: " + ", ".join(choices)})
    return value


def query_bool(name: str) -> bool:
    value = query(name, choices=("true", "false", "1", "0"), default="false")
    return value in ("true", "1")
