"""``/export``: everything stored about the user, as JSON, one CSV (``?table=``) or a zip of CSVs."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from server.api.context import db, now, user_id
from server.services import data as data_service
from server.validation import query

bp = Blueprint("export", __name__)


@bp.get("/export")
def export():
    fmt = query("format", choices=("json", "csv"), default="json")
    table = query("table", choices=data_service.TABLE_NAMES)
    stamp = now().strftime("%Y%m%d")
    if fmt == "json":
        if table:
            return jsonify({table: data_service.rows(db(), user_id(), data_service.table_named(table))})
        return jsonify(data_service.export_json(db(), user_id()))
    if table:
        body = data_service.export_csv(db(), user_id(), table)
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="topofmind-{table}-{stamp}.csv"'})
    return Response(data_service.export_zip(db(), user_id()), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="topofmind-export-{stamp}.zip"'})
