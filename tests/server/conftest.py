"""The API under test: an app on the parametrized ``Session`` (SQLite and PostgreSQL), two
users with tokens and seeded records, and clients that validate every response they get
against the OpenAPI document (``ValidatingClient``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from werkzeug.exceptions import MethodNotAllowed, NotFound

from server.app import create_app
from server.auth import create_token
from server.openapi import API_PREFIX, build_document
from server.validation import FORMATS
from sync.config import Config
from sync.secrets import SecretBox
from tests.builders import make_account, make_company, make_opportunity, make_person, make_user
from topofmind.store import models

DOC = build_document()
_REGISTRY = Registry().with_resource("urn:doc", Resource.from_contents(
    {"$schema": "https://json-schema.org/draft/2020-12/schema", **DOC}))


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.removeprefix(API_PREFIX))


def validate_response(app, method: str, path: str, response) -> None:
    """Fail unless ``response`` is what the OpenAPI document promises for this route."""
    if method == "HEAD":
        return
    error_only = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    try:
        rule, _ = app.url_map.bind("localhost").match(path, method, return_rule=True)
        operation = DOC["paths"].get(openapi_path(rule.rule), {}).get(method.lower())
    except (NotFound, MethodNotAllowed):
        operation = None
    if operation is None:  # no such route or method: only an error may answer
        assert response.status_code >= 400, f"{method} {path} is not in the OpenAPI document"
        declared = error_only
    else:
        declared = operation["responses"].get(str(response.status_code)) or operation["responses"]["default"]
    mimetype = response.mimetype
    content = declared.get("content", {})
    assert mimetype in content, f"{method} {path} answered {response.status_code} {mimetype}, not documented"
    if mimetype == "application/json":
        schema = content[mimetype]["schema"]
        if "$ref" in schema:
            schema = {"$ref": "urn:doc" + schema["$ref"]}
        validator = Draft202012Validator(schema, registry=_REGISTRY, format_checker=FORMATS)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.get_json())]
        assert not errors, f"{method} {path} {response.status_code} does not match the OpenAPI document: {errors}"


class ValidatingClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        validate_response(self.application, response.request.method, response.request.path, response)
        return response


@dataclass
class World:
    """Two users (a, b) with tokens and a small job search each; ids of b's records for isolation tests."""

    a: models.User
    b: models.User
    token_a: str
    token_b: str
    ids: dict  # "a_person", "b_person", "b_opportunity", ... -> id


def seed_job_search(session, user, now, *, suffix: str) -> dict:
    """One user's search: a company, a recruiter with address and LinkedIn, an application two
    days old, an interview yesterday, a Gmail thread, a touch, an audit entry awaiting review."""
    company = make_company(session, user=user, name=f"Contoso {suffix}", domains=(f"contoso-{suffix}.com",))
    recruiter = make_person(session, user=user, name=f"Dana Lee {suffix}", email=f"dana@contoso-{suffix}.com",
                            company=company, title="Recruiter", relationship="recruiter",
                            linkedin_url=f"https://www.linkedin.com/in/dana-lee-{suffix}")
    other = make_person(session, user=user, name=f"Dana Lee {suffix}", company=company)
    applied = make_opportunity(session, user=user, company=company, role="Data Engineer", stage="applied",
                               at=now - timedelta(days=2))
    interviewing = make_opportunity(session, user=user, company=company, role="Platform Engineer",
                                    stage="interviewing", at=now - timedelta(days=5))
    session.add(models.OpportunityContact(opportunity_id=applied.id, person_id=recruiter.id, role="recruiter"))
    session.add(models.OpportunityContact(opportunity_id=interviewing.id, person_id=recruiter.id, role="recruiter"))
    session.add(models.StageChange(opportunity_id=interviewing.id, from_stage="applied", to_stage="interviewing",
                              at=now - timedelta(days=5), source="auto"))
    account = make_account(session, user=user, provider="gmail")
    account.last_success_at = now - timedelta(minutes=4)
    thread = models.Thread(user_id=user.id, account_id=account.id, provider="gmail",
                      provider_thread_id=f"18c{suffix}0f00ba5e", opportunity_id=interviewing.id,
                      subject="Interview for Platform Engineer")
    session.add(thread)
    session.flush()
    message = models.Message(user_id=user.id, account_id=account.id, thread_id=thread.id, opportunity_id=interviewing.id,
                        person_id=recruiter.id, provider_message_id=f"msg-{suffix}", direction="in",
                        sent_at=now - timedelta(days=4), subject="Interview for Platform Engineer",
                        from_address=f"dana@contoso-{suffix}.com", category="interview_scheduled", facts={})
    session.add(message)
    session.flush()
    interview = models.Interview(user_id=user.id, opportunity_id=interviewing.id, starts_at=now - timedelta(days=1),
                            ends_at=now - timedelta(days=1) + timedelta(hours=1), message_id=message.id,
                            interviewer_ids=[recruiter.id])
    touch = models.Touch(user_id=user.id, person_id=recruiter.id, opportunity_id=interviewing.id, message_id=message.id,
                    channel="email", direction="in", kind="interview", at=now - timedelta(days=4),
                    summary="Interview invitation")
    applied_touch = models.Touch(user_id=user.id, opportunity_id=applied.id, channel="email", direction="out",
                            kind="application", at=now - timedelta(days=2), summary="Applied online")
    audit = models.AuditEntry(user_id=user.id, at=now - timedelta(days=4), actor="auto", kind="thread.linked",
                         entity="thread", entity_id=thread.id, before={"opportunity_id": None},
                         after={"opportunity_id": interviewing.id}, summary="Linked the thread to Platform Engineer",
                         confidence=0.55, needs_review=True, message_id=message.id)
    session.add_all([interview, touch, applied_touch, audit])
    session.flush()
    return {"company": company.id, "person": recruiter.id, "duplicate": other.id, "opportunity": interviewing.id,
            "applied": applied.id, "thread": thread.provider_thread_id, "audit": audit.id, "touch": touch.id,
            "account": account.id, "email": f"dana@contoso-{suffix}.com", "slug": f"dana-lee-{suffix}"}


@pytest.fixture
def world(Session, now) -> World:
    with Session() as session:
        a = make_user(session, email="sam@example.net", name="Sam Rivera")
        b = make_user(session, email="alex@example.org", name="Alex Kim")
        ids = {f"a_{k}": v for k, v in seed_job_search(session, a, now, suffix="a").items()}
        ids |= {f"b_{k}": v for k, v in seed_job_search(session, b, now, suffix="b").items()}
        token_a = create_token(session, a, "extension", now)
        token_b = create_token(session, b, "extension", now)
        session.commit()
        return World(a=a, b=b, token_a=token_a, token_b=token_b, ids=ids)


class Clock:
    """The app's clock: ``now`` until a test moves it (``clock.at = …``)."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(now) -> Clock:
    return Clock(now)


@pytest.fixture
def app(Session, clock, tmp_path):
    config = Config(data_dir=tmp_path, secret_key=SecretBox.generate_key())
    flask_app = create_app(config, session_factory=Session, now=clock)
    flask_app.test_client_class = ValidatingClient
    return flask_app


@pytest.fixture
def site(Session, clock, tmp_path):
    """The pages' app: its clients are plain, the pages answer HTML, not the API's JSON."""
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=clock)
    app.test_client_class = FlaskClient
    return app


@pytest.fixture
def alone(Session, now):
    """One user with a small job search and no password: single-user local mode."""
    with Session() as s:
        user = make_user(s, email="sam@example.net", name="Sam Rivera")
        ids = seed_job_search(s, user, now, suffix="a")
        s.commit()
        return user.id, ids


def _client(app, token: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def client(app, world) -> FlaskClient:
    """User A's authenticated client."""
    return _client(app, world.token_a)


@pytest.fixture
def client_b(app, world) -> FlaskClient:
    return _client(app, world.token_b)


@pytest.fixture
def anonymous(app) -> FlaskClient:
    return app.test_client()
