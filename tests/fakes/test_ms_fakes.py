"""The Microsoft fakes keep the contract: wrong tokens, too-fast polling and loose links fail."""

from __future__ import annotations

import pytest
import requests

from tests.fakes.ms_identity import CLIENT_ID, CLIENT_SECRET


def _post(ms, path, **form):
    return requests.post(ms.identity.authority() + path, data={"client_id": CLIENT_ID, **form},
                         verify=ms.ca.ca_pem, timeout=10)


def _token(ms, username="sam@contoso.example"):
    return ms.identity.token_response(username, "Mail.Read", "common", nonce=None, confidential=True)


def test_identity_is_served_over_tls_that_only_the_test_ca_vouches_for(ms):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(ms.identity.authority() + "/v2.0/.well-known/openid-configuration", timeout=10,
                     verify=True)
    doc = requests.get(ms.identity.authority() + "/v2.0/.well-known/openid-configuration",
                       verify=ms.ca.ca_pem, timeout=10).json()
    assert doc["token_endpoint"].startswith("https://127.0.0.1:")


def test_device_polling_faster_than_the_interval_gets_slow_down(ms):
    flow = _post(ms, "/oauth2/v2.0/devicecode", scope="Mail.Read offline_access").json()
    grant = "urn:ietf:params:oauth:grant-type:device_code"
    first = _post(ms, "/oauth2/v2.0/token", grant_type=grant, device_code=flow["device_code"])
    second = _post(ms, "/oauth2/v2.0/token", grant_type=grant, device_code=flow["device_code"])
    assert first.json()["error"] == "authorization_pending"
    assert second.json()["error"] == "slow_down"
    assert ms.identity.too_early_polls == 1


def test_a_refresh_token_works_once_and_not_after_consent_is_revoked(ms):
    tokens = _token(ms)
    refreshed = _post(ms, "/oauth2/v2.0/token", grant_type="refresh_token", client_secret=CLIENT_SECRET,
                      refresh_token=tokens["refresh_token"])
    replayed = _post(ms, "/oauth2/v2.0/token", grant_type="refresh_token", client_secret=CLIENT_SECRET,
                     refresh_token=tokens["refresh_token"])
    assert refreshed.status_code == 200 and refreshed.json()["refresh_token"] != tokens["refresh_token"]
    assert replayed.json()["error"] == "invalid_grant"
    ms.identity.revoke("sam@contoso.example")
    revoked = _post(ms, "/oauth2/v2.0/token", grant_type="refresh_token", client_secret=CLIENT_SECRET,
                    refresh_token=refreshed.json()["refresh_token"])
    assert revoked.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(ms):
    tokens = _token(ms)
    resp = _post(ms, "/oauth2/v2.0/token", grant_type="refresh_token", client_secret="guess",
                 refresh_token=tokens["refresh_token"])
    assert resp.status_code == 401 and resp.json()["error"] == "invalid_client"


def _graph_get(ms, url, token, **headers):
    return requests.get(url, headers={"Authorization": f"Bearer {token}", **headers},
                        verify=ms.ca.ca_pem, timeout=10)


def test_graph_refuses_a_made_up_or_revoked_token(ms):
    good = _token(ms)["access_token"]
    assert _graph_get(ms, ms.graph.api_url + "me", "at-made-up").status_code == 401
    assert _graph_get(ms, ms.graph.api_url + "me", good).json()["mail"] == "sam@contoso.example"
    ms.identity.revoke("sam@contoso.example")
    assert _graph_get(ms, ms.graph.api_url + "me", good).status_code == 401


def test_delta_needs_select_first_and_links_followed_exactly(ms):
    token = _token(ms)["access_token"]
    for i in range(3):
        ms.graph.add_message(subject=f"m{i}")
    base = ms.graph.api_url + "me/mailFolders/inbox/messages/delta"
    assert _graph_get(ms, base, token).status_code == 400
    page = _graph_get(ms, base + "?$select=subject", token, Prefer="odata.maxpagesize=2").json()
    assert [m["subject"] for m in page["value"]] == ["m2", "m1"]  # newest first
    assert set(page["value"][0]) == {"id", "subject"}
    tampered = _graph_get(ms, page["@odata.nextLink"] + "&$select=body", token)
    assert tampered.status_code == 400
    last = _graph_get(ms, page["@odata.nextLink"], token).json()
    assert [m["subject"] for m in last["value"]] == ["m0"] and "@odata.deltaLink" in last


def test_expired_delta_links_answer_410_sync_state_not_found(ms):
    token = _token(ms)["access_token"]
    page = _graph_get(ms, ms.graph.api_url + "me/mailFolders/inbox/messages/delta?$select=subject", token).json()
    ms.graph.expire_delta_tokens()
    resp = _graph_get(ms, page["@odata.deltaLink"], token)
    assert resp.status_code == 410 and resp.json()["error"]["code"] == "syncStateNotFound"


def test_throttling_counts_a_client_that_comes_back_too_early(ms):
    token = _token(ms)["access_token"]
    ms.graph.throttle(1, retry_after=30)
    first = _graph_get(ms, ms.graph.api_url + "me", token)
    again = _graph_get(ms, ms.graph.api_url + "me", token)
    assert first.status_code == 429 and first.headers["Retry-After"] == "30"
    assert again.status_code == 429 and ms.graph.early_retries == 1
