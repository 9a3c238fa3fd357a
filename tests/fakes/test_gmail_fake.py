"""The fake Gmail server keeps Google's contract: the shapes, the errors, the quota."""

from __future__ import annotations

import time

import pytest
import requests

from tests.fakes.gmail_server import FakeGmail, make_raw


@pytest.fixture
def fake():
    with FakeGmail() as server:
        yield server


def access_token(fake, refresh=None):
    answer = requests.post(fake.token_url, data={
        "grant_type": "refresh_token", "refresh_token": refresh or fake.issue_refresh_token(),
        "client_id": fake.client_id, "client_secret": fake.client_secret}, timeout=5)
    return answer.status_code, answer.json()


def api(fake, path, token, **params):
    return requests.get(fake.url + "/gmail/v1/users/me/" + path, params=params, timeout=5,
                        headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def token(fake):
    return access_token(fake)[1]["access_token"]


def test_a_wrong_access_token_gets_a_401_and_a_revoked_refresh_token_invalid_grant(fake):
    refresh = fake.issue_refresh_token()
    assert api(fake, "profile", "ya29.wrong").status_code == 401
    fake.revoke(refresh)
    status, answer = access_token(fake, refresh)
    assert (status, answer["error"]) == (400, "invalid_grant")


def test_a_wrong_client_secret_is_refused(fake):
    answer = requests.post(fake.token_url, data={"grant_type": "refresh_token", "refresh_token": "x",
                                                 "client_id": fake.client_id, "client_secret": "nope"}, timeout=5)
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")


def test_quota_is_counted_per_method_in_official_units(fake, token):
    msg = fake.add_message(make_raw())
    api(fake, "profile", token)
    api(fake, "messages", token)
    api(fake, f"messages/{msg.id}", token, format="raw")
    api(fake, "history", token, startHistoryId="1")
    api(fake, f"threads/{msg.thread_id}", token)
    assert fake.units == 1 + 5 + 5 + 2 + 10
    assert fake.http_requests == 5


def test_messages_list_honours_the_window_fields_and_stable_page_tokens(fake, token):
    now = time.time()
    recent = [fake.add_message(make_raw(), internal_date=int((now - d * 86400) * 1000)) for d in range(1, 6)]
    fake.add_message(make_raw(), internal_date=int((now - 40 * 86400) * 1000))

    page = api(fake, "messages", token, q="newer_than:30d", maxResults=3, fields="messages/id,nextPageToken").json()
    assert [m["id"] for m in page["messages"]] == [m.id for m in recent[:3]]
    assert set(page) == {"messages", "nextPageToken"} and set(page["messages"][0]) == {"id"}
    fake.add_message(make_raw(), internal_date=int(now * 1000))  # new mail does not shift page two
    rest = api(fake, "messages", token, q=f"after:{int(now - 30 * 86400)}", maxResults=3,
               pageToken=page["nextPageToken"]).json()
    assert [m["id"] for m in rest["messages"]] == [m.id for m in recent[3:]] and "nextPageToken" not in rest


def test_messages_get_answers_raw_metadata_and_minimal(fake, token):
    msg = fake.add_message(make_raw(subject="Interview"), labels=["INBOX", "UNREAD"], thread_id="18c0ffee00000001")
    raw = api(fake, f"messages/{msg.id}", token, format="raw").json()
    meta = api(fake, f"messages/{msg.id}", token, format="metadata", metadataHeaders="Subject").json()
    minimal = api(fake, f"messages/{msg.id}", token, format="minimal").json()
    assert raw["threadId"] == "18c0ffee00000001" and raw["labelIds"] == ["INBOX", "UNREAD"]
    assert "raw" in raw and "payload" not in raw
    assert meta["payload"]["headers"] == [{"name": "Subject", "value": "Interview"}]
    assert "raw" not in minimal and "payload" not in minimal
    assert api(fake, "messages/0000000000000000", token, format="raw").status_code == 404


def test_history_pages_filters_and_expires(fake, token):
    start = fake.mailbox().history_id
    a, b = fake.add_message(make_raw()), fake.add_message(make_raw())
    fake.change_labels(a.id, add=["TRASH"])
    first = api(fake, "history", token, startHistoryId=start, maxResults=2).json()
    second = api(fake, "history", token, startHistoryId=start, maxResults=2, pageToken=first["nextPageToken"]).json()
    assert [h["messagesAdded"][0]["message"]["id"] for h in first["history"]] == [a.id, b.id]
    assert second["history"][0]["labelsAdded"][0]["labelIds"] == ["TRASH"]
    only_labels = api(fake, "history", token, startHistoryId=start, historyTypes="labelAdded").json()
    assert len(only_labels["history"]) == 1
    trashed = api(fake, "history", token, startHistoryId=start, labelId="TRASH").json()
    assert {h["messages"][0]["id"] for h in trashed["history"]} == {a.id}
    fake.expire_history()
    assert api(fake, "history", token, startHistoryId=start).status_code == 404


def test_the_batch_endpoint_echoes_content_ids_and_answers_each_part(fake, token):
    msg = fake.add_message(make_raw())
    fake.inject("messages.get", status=429, message_id=msg.id)
    part = ("--XX\r\nContent-Type: application/http\r\nContent-ID: <abc+{n}>\r\n\r\n"
            "GET /gmail/v1/users/me/messages/{id}?format=minimal HTTP/1.1\r\nAuthorization: Bearer {t}\r\n\r\n")
    body = "".join(part.format(n=n, id=msg.id, t=token) for n in (1, 2)) + "--XX--\r\n"
    answer = requests.post(fake.batch_url, data=body, timeout=5,
                           headers={"Content-Type": 'multipart/mixed; boundary="XX"'})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("multipart/mixed")
    assert "Content-ID: <response-abc+1>" in answer.text and "Content-ID: <response-abc+2>" in answer.text
    assert "HTTP/1.1 429" in answer.text and "HTTP/1.1 200" in answer.text
    assert fake.calls["messages.get"] == 2 and fake.http_requests == 1


def test_a_dropped_connection_and_a_slow_answer_happen_as_scripted(fake, token):
    drop = fake.inject("getProfile", drop=True)
    fake.inject("getProfile", delay=1.0)
    with pytest.raises(requests.ConnectionError):
        api(fake, "profile", token)
    with pytest.raises(requests.Timeout):
        requests.get(fake.url + "/gmail/v1/users/me/profile", timeout=0.3, headers={"Authorization": f"Bearer {token}"})
    assert drop.hits == 1
    assert api(fake, "profile", token).status_code == 200
