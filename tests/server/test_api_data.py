"""Your data: export everything (JSON, CSV, zip of CSVs) and delete everything."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import func, select

from server.services.data import TABLE_NAMES
from topofmind.store import models


def test_the_json_export_has_every_table_with_the_users_rows_and_no_secrets(client, world):
    export = client.get("/api/v1/export").json
    assert set(export) == set(TABLE_NAMES)
    assert [p["id"] for p in export["people"]] == [world.ids["a_person"], world.ids["a_duplicate"]]
    assert {s["to_stage"] for s in export["stage_changes"]} == {"interviewing"}
    assert [u["email"] for u in export["users"]] == ["sam@example.net"]
    assert "token_hash" not in export["api_tokens"][0] and "password_hash" not in export["users"][0]
    assert "credentials_encrypted" not in export["mail_accounts"][0]
    text = str(export)
    assert world.token_a not in text and "contoso-b" not in text and "alex@example.org" not in text


def test_one_table_as_csv(client, world):
    response = client.get("/api/v1/export", query_string={"format": "csv", "table": "people"})
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [int(r["id"]) for r in rows] == [world.ids["a_person"], world.ids["a_duplicate"]]


def test_all_tables_as_a_zip_of_csvs(client, world):
    response = client.get("/api/v1/export", query_string={"format": "csv"})
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(archive.namelist()) == {f"{t}.csv" for t in TABLE_NAMES}
    touches = list(csv.DictReader(io.StringIO(archive.read("touches.csv").decode())))
    assert len(touches) == 2


def test_an_unknown_export_table_is_refused(client):
    response = client.get("/api/v1/export", query_string={"format": "csv", "table": "secrets"})
    assert response.status_code == 400 and "table" in response.json["fields"]


def _count(session, model, user_id):
    return session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id))


def test_deleting_my_data_removes_all_of_it_and_nothing_of_anyone_else(client, world, Session):
    with Session() as session:
        b_before = {t: _count(session, t, world.b.id) for t in (models.Person, models.Opportunity, models.Message, models.Touch,
                                                                models.AuditEntry, models.MailAccount)}
    response = client.delete("/api/v1/me/data")
    assert response.status_code == 200
    assert response.json["deleted"]["people"] == 2 and response.json["account_deleted"] is False
    export = client.get("/api/v1/export").json
    assert [t for t, rows in export.items() if rows and t not in ("users", "api_tokens")] == []
    with Session() as session:
        assert {t: _count(session, t, world.b.id) for t in b_before} == b_before
        assert session.scalar(select(func.count()).select_from(models.StageChange)) == 1  # b's only
    assert client.get("/api/v1/actions").json["actions"] == []


def test_deleting_with_the_account_also_ends_the_token(client, client_b, world):
    response = client.delete("/api/v1/me/data", query_string={"include_account": "true"})
    assert response.status_code == 200 and response.json["account_deleted"] is True
    assert client.get("/api/v1/me").status_code == 401
    assert client_b.get("/api/v1/me").status_code == 200
