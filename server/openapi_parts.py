"""The building blocks of the OpenAPI document (server/openapi.py): schema shorthands
(``_str``, ``_obj``, ``_nullable``, ``_ref``, ``ID``…) and operation shorthands (``_op``,
``_ok``, ``_q``, ``_p``), shared by the schemas, the paths and the capture paths."""

from __future__ import annotations

MAX_ID = 2**31 - 1
API_PREFIX = "/api/v1"


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kind = schema["type"]
    return {**schema, "type": [kind, "null"] if isinstance(kind, str) else [*kind, "null"]}


def _obj(props: dict, *, required: list[str] | None = None, closed: bool = True) -> dict:
    schema: dict = {"type": "object", "properties": props, "required": list(props) if required is None else required}
    if closed:
        schema["additionalProperties"] = False
    return schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _str(max_length: int | None = None, **extra) -> dict:
    schema = {"type": "string", **extra}
    if max_length:
        schema["maxLength"] = max_length
    return schema


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
DATETIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}

_ERROR = {"description": "Error", "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(schema_name: str | None, description: str = "OK", media: str = "application/json") -> dict:
    if schema_name is None:
        return {"description": description}
    return {"description": description, "content": {media: {"schema": _ref(schema_name)}}}


def _op(summary: str, op_id: str, responses: dict, *, params=None, body: str | None = None,
        auth: bool = True) -> dict:
    op: dict = {"summary": summary, "operationId": op_id, "responses": {**responses, "default": _ERROR}}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    if not auth:
        op["security"] = []
    return op


def _q(name: str, schema: dict, required: bool = False, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _p(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema or ID}
