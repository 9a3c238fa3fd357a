"""Google sign-in helpers against the fake consent screen and token endpoint."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from sync.config import Config
from sync.gmail import GmailSource
from sync.google_oauth import (
    GoogleClient,
    GoogleSignInError,
    finish_authorization,
    installed_app_flow,
    parse_redirect,
    start_authorization,
)
from tests.fakes.gmail_server import FakeGmail

REDIRECT = "http://127.0.0.1:8765/accounts/gmail/callback"


@pytest.fixture
def fake():
    with FakeGmail() as server:
        yield server


@pytest.fixture
def client(fake):
    config = Config(google_client_id=fake.client_id, google_client_secret=fake.client_secret,
                    google_auth_url=fake.auth_url, google_token_url=fake.token_url)
    return GoogleClient.from_config(config)


def consent(url: str) -> str:
    """What the browser does: open the consent URL, follow Google's redirect back."""
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def test_the_authorization_url_asks_for_read_only_offline_access_with_pkce_and_state(client):
    request = start_authorization(client, REDIRECT)

    query = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
    assert query["scope"] == "https://www.googleapis.com/auth/gmail.readonly"
    assert (query["access_type"], query["prompt"]) == ("offline", "consent")
    assert query["code_challenge_method"] == "S256" and query["code_challenge"] != request.code_verifier
    assert query["state"] == request.state and query["redirect_uri"] == REDIRECT
    assert start_authorization(client, REDIRECT).state != request.state


def test_the_web_flow_ends_with_a_refresh_token_that_opens_the_mailbox(fake, client):
    request = start_authorization(client, REDIRECT)
    back = parse_redirect(consent(request.url))

    info = finish_authorization(client, request, back)

    assert info["refresh_token"] in fake.refresh_tokens
    assert json.loads(json.dumps(info))["token_uri"] == fake.token_url
    assert GmailSource(info, api_url=fake.api_url).mailbox_address() == "sam@example.net"


def test_a_redirect_from_another_sign_in_is_refused(fake, client):
    mine = start_authorization(client, REDIRECT)
    theirs = start_authorization(client, REDIRECT)
    back = parse_redirect(consent(theirs.url))

    with pytest.raises(GoogleSignInError, match="state"):
        finish_authorization(client, mine, back)


def test_a_code_exchanged_without_its_pkce_verifier_is_refused(fake, client):
    request = start_authorization(client, REDIRECT)
    back = parse_redirect(consent(request.url))
    forged = type(request)(request.url, request.state, "another-verifier-" + "x" * 40, REDIRECT)

    with pytest.raises(GoogleSignInError, match="invalid_grant"):
        finish_authorization(client, forged, back)
    assert not fake.refresh_tokens


def test_a_denied_consent_says_so(client):
    request = start_authorization(client, REDIRECT)

    with pytest.raises(GoogleSignInError, match="access_denied"):
        finish_authorization(client, request, parse_redirect(REDIRECT + "?error=access_denied&state=" + request.state))


def test_the_installed_app_flow_takes_the_pasted_address_back(fake, client):
    shown = []

    info = installed_app_flow(client, show=shown.append, ask=lambda: consent(shown[0]))

    assert shown[0].startswith(fake.auth_url + "?")
    assert "redirect_uri=http%3A%2F%2Flocalhost" in shown[0]
    assert info["refresh_token"] in fake.refresh_tokens


def test_a_client_secrets_file_that_is_not_one_is_explained(tmp_path):
    path = tmp_path / "client.json"
    path.write_text('{"something": "else"}')

    with pytest.raises(GoogleSignInError, match="not a Google OAuth client file"):
        GoogleClient.from_client_secrets(path, Config())


def test_no_configured_client_is_explained():
    with pytest.raises(GoogleSignInError, match="TOPOFMIND_GOOGLE_CLIENT_ID"):
        GoogleClient.from_config(Config())
