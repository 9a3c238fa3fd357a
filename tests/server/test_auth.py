"""Bearer tokens: shown once, stored hashed, revocable, one user each; no CORS; never logged."""

from __future__ import annotations

import hashlib
import logging

from click.testing import CliRunner
from sqlalchemy import select

from server.auth import revoke_token
from server.commands.serve import token as token_command
from server.runtime import Runtime
from sync.config import Config
from topofmind.store import models


def test_a_request_without_a_token_is_refused_with_a_json_401(anonymous, world):
    response = anonymous.get("/api/v1/accounts")
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"
    assert "Bearer" in response.json["message"]


def test_an_unknown_token_is_refused(app, world):
    client = app.test_client()
    response = client.get("/api/v1/accounts", headers={"Authorization": "Bearer tom_not-a-real-token"})
    assert response.status_code == 401
    response = client.get("/api/v1/accounts", headers={"Authorization": f"Basic {world.token_a}"})
    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(client, Session, world, now):
    assert client.get("/api/v1/accounts").status_code == 200
    with Session() as session:
        token = session.scalars(select(models.ApiToken).where(models.ApiToken.user_id == world.a.id)).one()
        revoke_token(session, world.a.id, token.prefix, now)
        session.commit()
    response = client.get("/api/v1/accounts")
    assert response.status_code == 401
    assert "revoked" in response.json["message"]


def test_tokens_are_stored_only_as_a_hash_with_a_short_prefix(Session, world):
    with Session() as session:
        rows = session.scalars(select(models.ApiToken).order_by(models.ApiToken.id)).all()
    assert [r.token_hash for r in rows] == [hashlib.sha256(t.encode()).hexdigest()
                                            for t in (world.token_a, world.token_b)]
    for row, token in zip(rows, (world.token_a, world.token_b), strict=True):
        assert token.startswith(row.prefix) and len(row.prefix) < len(token) // 3
        assert token not in (row.token_hash, row.prefix, row.name)


def test_each_token_sees_its_own_user(client, client_b, world):
    assert [a["address"] for a in client.get("/api/v1/accounts").json["accounts"]] == [world.a.email]
    assert [a["address"] for a in client_b.get("/api/v1/accounts").json["accounts"]] == [world.b.email]


def test_the_openapi_document_needs_no_token(anonymous):
    response = anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"].startswith("3.1")


def test_no_cors_headers_even_for_a_web_page_origin(client, anonymous):
    for response in (
        client.get("/api/v1/accounts", headers={"Origin": "https://evil.example"}),
        anonymous.options("/api/v1/me", headers={"Origin": "https://evil.example",
                                                 "Access-Control-Request-Method": "GET"}),
        anonymous.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"}),
    ):
        assert not [h for h in response.headers.keys() if h.lower().startswith("access-control-")]


def test_tokens_never_reach_the_log(client, app, world, caplog):
    caplog.set_level(logging.DEBUG)
    client.get("/api/v1/accounts")
    client.get("/api/v1/people/999999")
    app.test_client().get("/api/v1/accounts", headers={"Authorization": "Bearer tom_wrong-secret-value"})
    text = caplog.text
    assert world.token_a not in text and "tom_wrong-secret-value" not in text


def _cli(db_url, tmp_path, *args, catch_exceptions=False):
    # The ``token`` group as the root CLI registers it, with the Runtime the root would build.
    runtime = Runtime(Config(database_url=db_url, data_dir=tmp_path))
    assert args[0] == "token"
    return CliRunner().invoke(token_command, list(args[1:]), obj=runtime, catch_exceptions=catch_exceptions)


def test_token_create_prints_a_working_token_alone_on_the_last_line(db_url, tmp_path, app, world):
    result = _cli(db_url, tmp_path, "token", "create", "--user", world.b.email, "--name", "laptop")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("tom_") and " " not in token
    response = app.test_client().get("/api/v1/accounts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["accounts"][0]["address"] == world.b.email


def test_token_create_asks_which_user_when_there_are_several(db_url, tmp_path, world):
    result = _cli(db_url, tmp_path, "token", "create", catch_exceptions=True)
    assert result.exit_code != 0
    assert "--user" in result.output


def test_token_list_and_revoke_from_the_command_line(db_url, tmp_path, app, world):
    listing = _cli(db_url, tmp_path, "token", "list", "--user", world.a.email)
    prefix = world.token_a[:12]
    assert prefix in listing.output and "active" in listing.output
    assert world.token_a not in listing.output
    revoked = _cli(db_url, tmp_path, "token", "revoke", prefix, "--user", world.a.email)
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in _cli(db_url, tmp_path, "token", "list", "--user", world.a.email).output
    response = app.test_client().get("/api/v1/accounts", headers={"Authorization": f"Bearer {world.token_a}"})
    assert response.status_code == 401
