"""The extension's misses (a page field no selector could read): counted per user, site and
selector through the API, shown on the Settings page; bad reports get a 400 naming the field."""

from __future__ import annotations

from flask.testing import FlaskClient

from server.app import create_app
from sync.config import Config
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


def test_misses_are_counted_per_site_and_selector(client, client_b):
    for _ in range(3):
        assert client.post("/api/v1/extension/misses", json={"site": "linkedin", "selector": "name"}).status_code == 200
    last = client.post("/api/v1/extension/misses", json={"site": "gmail", "selector": "replyButton"})
    assert last.json["count"] == 1
    client_b.post("/api/v1/extension/misses", json={"site": "linkedin", "selector": "name"})
    counts = {(x["site"], x["selector"]): x["count"] for x in client.get("/api/v1/extension/misses").json["misses"]}
    assert counts == {("linkedin", "name"): 3, ("gmail", "replyButton"): 1}


def test_a_report_outside_the_vocabulary_is_refused_with_the_field_named(client):
    bad_site = client.post("/api/v1/extension/misses", json={"site": "myspace", "selector": "name"})
    assert bad_site.status_code == 400 and "site" in bad_site.json["fields"]
    bad_selector = client.post("/api/v1/extension/misses", json={"site": "linkedin", "selector": "<h1>"})
    assert bad_selector.status_code == 400 and "selector" in bad_selector.json["fields"]
    assert client.get("/api/v1/extension/misses").json["misses"] == []


def test_the_settings_page_shows_the_misses_in_words(Session, now, tmp_path, world, client):
    client.post("/api/v1/extension/misses", json={"site": "linkedin", "selector": "name"})
    client.post("/api/v1/extension/misses", json={"site": "linkedin", "selector": "name"})
    with Session() as s:
        s.delete(s.get(models.User, world.b.id))  # one user left: the pages' single-user mode
        s.commit()
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    html = app.test_client().get("/settings", environ_base=LOCAL).get_data(as_text=True)
    section = html[html.index('id="extension-misses"'):]
    assert "<td>LinkedIn</td><td>the person&#39;s name <small>(name)</small></td><td>2</td>" in section
