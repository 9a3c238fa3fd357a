"""Connecting Outlook with the real msal against the fake identity platform, and keeping the sign-in."""

from __future__ import annotations

import json

import pytest

from sync import ms_oauth
from sync.config import Config
from sync.outlook import OutlookSource
from sync.protocol import AuthorizationRevoked, SourceUnavailable

REDIRECT = "http://127.0.0.1:8765/accounts/outlook/callback"


@pytest.fixture
def config(ms):
    return Config.from_env(ms.env())


def consent(ms, config):
    flow = ms_oauth.initiate_auth_code_flow(config, REDIRECT)
    return ms_oauth.acquire_token_by_auth_code_flow(config, flow, ms.browser_consent(flow["auth_uri"]))


def sync_all(config, credentials: str, saved: list[str]) -> int:
    src = OutlookSource(config, credentials=credentials, on_credentials_changed=saved.append)
    return sum(len(b.messages) for b in src.changes(None))


def test_consent_flow_yields_a_stored_sign_in_for_mail_read(ms, config):
    creds = consent(ms, config)
    assert creds.client == "confidential" and creds.username == "sam@contoso.example"
    assert ms.identity.token_requests == ["authorization_code"]
    cache = json.loads(creds.msal_cache)
    assert len(cache["RefreshToken"]) == 1
    assert ["mail.read" in at["target"].lower() for at in cache["AccessToken"].values()] == [True]


def test_consent_for_a_configured_tenant_goes_to_that_tenant(ms, config):
    cfg = config.with_(ms_authority=ms.identity.authority("contoso.onmicrosoft.com"))
    flow = ms_oauth.initiate_auth_code_flow(cfg, REDIRECT)
    assert "/contoso.onmicrosoft.com/oauth2/v2.0/authorize" in flow["auth_uri"]
    assert ms_oauth.acquire_token_by_auth_code_flow(cfg, flow, ms.browser_consent(flow["auth_uri"])).username


def test_a_redirect_from_another_sign_in_attempt_is_refused(ms, config):
    mine = ms_oauth.initiate_auth_code_flow(config, REDIRECT)
    other = ms_oauth.initiate_auth_code_flow(config, REDIRECT)
    with pytest.raises(ms_oauth.MicrosoftSignInError, match="start again"):
        ms_oauth.acquire_token_by_auth_code_flow(config, mine, ms.browser_consent(other["auth_uri"]))


def test_a_wrong_client_secret_gives_an_error_that_says_what_to_check(ms, config):
    flow = ms_oauth.initiate_auth_code_flow(config, REDIRECT)
    answer = ms.browser_consent(flow["auth_uri"])
    with pytest.raises(ms_oauth.MicrosoftSignInError, match="invalid_client"):
        ms_oauth.acquire_token_by_auth_code_flow(config.with_(ms_client_secret="stale"), flow, answer)


def test_later_syncs_need_no_sign_in_while_the_cached_token_is_valid(ms, config):
    creds = consent(ms, config).dumps()
    ms.graph.add_message("inbox")
    saved: list[str] = []
    assert sync_all(config, creds, saved) == 1
    assert sync_all(config, creds, saved) == 1
    assert ms.identity.token_requests == ["authorization_code"]  # no refresh, no new sign-in
    assert saved == []


def test_a_refreshed_cache_is_written_back_and_only_the_new_one_works(ms, config):
    ms.identity.access_token_lifetime = 60  # msal refreshes tokens this close to expiry
    creds = consent(ms, config).dumps()
    ms.graph.add_message("inbox")
    saved: list[str] = []
    assert sync_all(config, creds, saved) == 1
    assert ms.identity.token_requests == ["authorization_code", "refresh_token"]
    assert len(saved) == 1 and saved[0] != creds
    assert sync_all(config, saved[0], []) == 1  # the written-back cache signs in silently
    with pytest.raises(AuthorizationRevoked):  # the old refresh token was rotated away
        sync_all(config, creds, [])


def test_the_configured_ca_bundle_wins_over_requests_ca_bundle(ms, config, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    creds = consent(ms, config).dumps()
    ms.graph.add_message("inbox")
    assert sync_all(config, creds, []) == 1


def test_an_http_authority_is_refused_before_any_request(ms, config):
    cfg = config.with_(ms_authority=ms.identity.authority().replace("https://", "http://"))
    with pytest.raises(ms_oauth.MicrosoftSignInError, match="TOPOFMIND_MS_AUTHORITY"):
        ms_oauth.initiate_auth_code_flow(cfg, REDIRECT)
    assert ms.identity.token_requests == []


def test_unreadable_stored_credentials_ask_for_a_reconnect(config):
    with pytest.raises(AuthorizationRevoked, match="reconnect"):
        OutlookSource(config, credentials="not json", on_credentials_changed=lambda s: None)


def test_fixing_a_wrong_client_secret_takes_effect_at_once(ms, config):
    ms.identity.access_token_lifetime = 60  # every sync has to redeem the refresh token
    creds = consent(ms, config).dumps()
    ms.graph.add_message("inbox")
    saved: list[str] = []
    with pytest.raises(SourceUnavailable, match="invalid_client"):
        sync_all(config.with_(ms_client_secret="rotated-away"), creds, saved)
    # msal would replay that 400 for 60 s from the same app object; each call builds a new one.
    assert sync_all(config, creds, saved) == 1
