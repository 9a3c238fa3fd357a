"""User A cannot read, change or even detect user B's records through any endpoint.

Every endpoint that takes an id is called by A with B's id and with an id that exists for
nobody: the two answers must be identical 404s. Lookups with B's profile, thread and address
must look exactly like lookups of nothing. Afterwards B's data must be unchanged.
"""

from __future__ import annotations

import pytest

MISSING = 987_654


def _b_export(client_b):
    export = client_b.get("/api/v1/export").json
    export.pop("api_tokens")  # last_used_at moves when B's own client calls
    return export


def _id_calls(world):
    """(method, path template, json body) with ``{x}`` standing for the foreign or missing id."""
    a = world.ids
    return [
        ("PATCH", "/people/{x}", {"notes": "mine now"}),
        ("POST", "/people/{x}/merge", {"other_id": a["a_duplicate"]}),
        ("POST", f"/people/{a['a_person']}/merge", {"other_id": "{x}"}),
        ("GET", "/opportunities/{x}", None),
        ("POST", "/opportunities/{x}/stage", {"stage": "withdrawn"}),
        ("POST", "/opportunities/{x}/contacts", {"person_id": a["a_person"], "role": "recruiter"}),
        ("POST", f"/opportunities/{a['a_applied']}/contacts", {"person_id": "{x}", "role": "recruiter"}),
        ("POST", "/touches", {"person_id": "{x}", "channel": "phone"}),
        ("POST", "/touches", {"opportunity_id": "{x}", "channel": "phone"}),
        ("POST", "/review/{x}/confirm", None),
        ("POST", "/review/{x}/correct", {"stage": "offer"}),
        ("POST", f"/review/{a['a_audit']}/correct", {"opportunity_id": "{x}"}),
        ("POST", "/audit/{x}/undo", None),
    ]


def _fill(value, x):
    if isinstance(value, dict):
        return {k: _fill(v, x) for k, v in value.items()}
    return x if value == "{x}" else value


def _call(client, method, path, body, x):
    url = "/api/v1" + path.replace("{x}", str(x))
    return client.open(url, method=method, json=_fill(body, x) if body is not None else None)


B_IDS = {  # which of B's ids stands in for {x} in each call above
    0: "b_person", 1: "b_person", 2: "b_person", 3: "b_opportunity", 4: "b_opportunity", 5: "b_opportunity",
    6: "b_person", 7: "b_person", 8: "b_opportunity", 9: "b_audit", 10: "b_audit", 11: "b_opportunity",
    12: "b_audit",
}


def test_every_id_endpoint_answers_b_ids_exactly_like_missing_ids(client, client_b, world):
    b_actions = [x["id"] for x in client_b.get("/api/v1/actions").json["actions"]]
    a_actions = {x["id"] for x in client.get("/api/v1/actions").json["actions"]}
    b_only = [k for k in b_actions if k not in a_actions]
    assert b_only, "B needs actions of its own for this test to mean anything"
    before = _b_export(client_b)
    calls = _id_calls(world)
    assert len(calls) == len(B_IDS)
    for index, (method, path, body) in enumerate(calls):
        foreign = _call(client, method, path, body, world.ids[B_IDS[index]])
        missing = _call(client, method, path, body, MISSING)
        assert foreign.status_code == 404, (method, path, foreign.json)
        assert (foreign.status_code, foreign.json) == (missing.status_code, missing.json), (method, path)
    for key in b_only:
        for verb in ("done", "dismiss", "snooze"):
            foreign = client.post(f"/api/v1/actions/{key}/{verb}")
            missing = client.post(f"/api/v1/actions/nothing.p{MISSING}/{verb}")
            assert (foreign.status_code, foreign.json) == (404, missing.json)
        foreign = client.get(f"/api/v1/actions/{key}/draft")
        assert (foreign.status_code, foreign.json) == (404, client.get("/api/v1/actions/nothing/draft").json)
    assert _b_export(client_b) == before


@pytest.mark.parametrize("lookup", ["profile", "thread", "email"])
def test_lookups_of_b_records_look_like_lookups_of_nothing(client, world, lookup):
    b, nobody = {
        "profile": ({"url": f"https://www.linkedin.com/in/{world.ids['b_slug']}", "name": "Dana Lee b",
                     "company": "Contoso b"},
                    {"url": "https://www.linkedin.com/in/nobody-at-all", "name": "Nobody At All",
                     "company": "Nowhere"}),
        "thread": ({"provider": "gmail", "id": world.ids["b_thread"]}, {"provider": "gmail", "id": "ffff0000"}),
        "email": ({"address": world.ids["b_email"]}, {"address": "nobody@nowhere.example"}),
    }[lookup]
    seen = client.get(f"/api/v1/lookup/{lookup}", query_string=b).json
    empty = client.get(f"/api/v1/lookup/{lookup}", query_string=nobody).json
    seen.pop("slug", None), empty.pop("slug", None)
    assert seen == empty and seen["known"] is False


def test_lists_and_exports_hold_nothing_of_b(client, world):
    b_strings = ("contoso-b", "Contoso b", "Dana Lee b", "alex@example.org", world.ids["b_thread"])
    for path in ("/api/v1/opportunities", "/api/v1/actions", "/api/v1/review", "/api/v1/accounts", "/api/v1/export",
                 "/api/v1/me"):
        text = client.get(path).get_data(as_text=True)
        assert not [s for s in b_strings if s in text], path


def test_deleting_a_data_leaves_b_untouched(client, client_b, world):
    before = _b_export(client_b)
    client.delete("/api/v1/me/data")
    assert _b_export(client_b) == before
