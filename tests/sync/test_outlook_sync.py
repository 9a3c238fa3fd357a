"""OutlookSource against the Graph and identity fakes, through the real msal and requests."""

from __future__ import annotations

import email
import json
from datetime import timedelta
from email import policy

import pytest

from sync import ms_oauth
from sync.config import Config
from sync.outlook import OutlookSource
from sync.protocol import AuthorizationRevoked, CursorExpired, RateLimited, SourceUnavailable
from tests.fakes.graph_server import invite_ics

REDIRECT = "http://127.0.0.1:8765/accounts/outlook/callback"


@pytest.fixture
def config(ms):
    return Config.from_env(ms.env())


@pytest.fixture
def credentials(ms, config):
    flow = ms_oauth.initiate_auth_code_flow(config, REDIRECT)
    return ms_oauth.acquire_token_by_auth_code_flow(config, flow, ms.browser_consent(flow["auth_uri"])).dumps()


def source(config, credentials, saved=None, **kw):
    saved = saved if saved is not None else []
    return OutlookSource(config, credentials=credentials, on_credentials_changed=saved.append, **kw)


def run(src, cursor=None):
    batches = list(src.changes(cursor))
    return batches, batches[-1].cursor


def messages(batches):
    return [m for b in batches for m in b.messages]


def test_first_sync_reads_inbox_and_sent_items_with_folder_labels_and_conversations(ms, config, credentials):
    sent = ms.graph.add_message("sentitems", subject="Application: Data Engineer")
    got = ms.graph.add_message("inbox", subject="Thanks for applying", conversation_id=sent.conversation_id)
    batches, cursor = run(source(config, credentials))
    by_id = {m.provider_id: m for m in messages(batches)}
    assert set(by_id) == {sent.id, got.id}
    assert by_id[sent.id].labels == ("sentitems",) and by_id[got.id].labels == ("inbox",)
    assert by_id[got.id].thread_id == by_id[sent.id].thread_id == sent.conversation_id
    parsed = email.message_from_bytes(by_id[got.id].raw, policy=policy.default)
    assert parsed["Subject"] == "Thanks for applying"
    assert parsed["Message-ID"] == got.resource["internetMessageId"]
    assert "Thanks." in parsed.get_body(("plain",)).get_content()
    assert set(json.loads(cursor)["folders"]) == {"inbox", "sentitems"}


def test_message_ids_with_dashes_underscores_and_equals_signs_survive(ms, config, credentials):
    msg = ms.graph.add_message("inbox", ics=invite_ics())  # an invite: its MIME is fetched by id
    assert {"-", "_", "="} <= set(msg.id)
    batches, _ = run(source(config, credentials))
    assert [m.provider_id for m in messages(batches)] == [msg.id]
    assert messages(batches)[0].raw == msg.mime


def test_first_sync_costs_one_request_per_page_not_per_message(ms, config, credentials):
    for i in range(25):
        ms.graph.add_message("inbox", subject=f"m{i}")
    batches, _ = run(source(config, credentials, page_size=10))
    assert len(messages(batches)) == 25
    assert ms.graph.count("delta") == 3 + 1  # inbox: 3 pages; sent items: 1 empty page
    assert ms.graph.count("value") == 0


def test_incremental_sync_returns_only_new_messages_and_idle_poll_costs_one_request_per_folder(
        ms, config, credentials):
    ms.graph.add_message("inbox", subject="old")
    _, cursor = run(source(config, credentials))
    new = ms.graph.add_message("inbox", subject="new")
    reply = ms.graph.add_message("sentitems", subject="Re: new", conversation_id=new.conversation_id)
    batches, cursor = run(source(config, credentials), cursor)
    assert sorted(m.provider_id for m in messages(batches)) == sorted([new.id, reply.id])
    ms.graph.reset_counts()
    idle, _ = run(source(config, credentials), cursor)
    assert messages(idle) == [] and ms.graph.count() == 2


def test_deleted_messages_come_back_as_removed(ms, config, credentials):
    keep = ms.graph.add_message("inbox", subject="keep")
    gone = ms.graph.add_message("inbox", subject="gone")
    _, cursor = run(source(config, credentials))
    ms.graph.delete_message(gone.id)
    batches, _ = run(source(config, credentials), cursor)
    assert [r for b in batches for r in b.removed] == [gone.id]
    assert keep.id not in [m.provider_id for m in messages(batches)]


@pytest.mark.parametrize("status", [410, 400])
def test_an_expired_delta_link_raises_cursor_expired(ms, config, credentials, status):
    ms.graph.add_message("inbox")
    _, cursor = run(source(config, credentials))
    ms.graph.expire_delta_tokens(status=status)
    with pytest.raises(CursorExpired):
        run(source(config, credentials), cursor)
    batches, _ = run(source(config, credentials), None)  # the engine's answer: start over
    assert len(messages(batches)) == 1


def test_throttling_waits_as_long_as_retry_after_says_then_succeeds(ms, config, credentials):
    ms.graph.add_message("inbox")
    ms.graph.throttle(1, status=429, retry_after=1)
    ms.graph.throttle(1, status=503, retry_after=1)
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        __import__("time").sleep(seconds)

    batches, _ = run(source(config, credentials, sleep=sleep))
    assert len(messages(batches)) == 1
    assert waits == [1.0, 1.0]
    assert ms.graph.early_retries == 0  # the fake saw no request before Retry-After had passed


def test_persistent_throttling_ends_in_rate_limited_with_the_servers_delay(ms, config, credentials):
    ms.graph.throttle(1, status=429, retry_after=900)  # longer than the source waits in a pass
    with pytest.raises(RateLimited) as exc:
        run(source(config, credentials, max_wait=60))
    assert exc.value.retry_after == 900


def test_a_service_down_for_longer_than_the_retries_raises_source_unavailable(ms, config, credentials):
    ms.graph.throttle(3, status=503, retry_after=0)
    with pytest.raises(SourceUnavailable):
        run(source(config, credentials, max_retries=2, sleep=lambda s: None))


def test_revoked_consent_raises_authorization_revoked(ms, config, credentials):
    ms.graph.add_message("inbox")
    _, cursor = run(source(config, credentials))
    ms.identity.revoke("sam@contoso.example")
    with pytest.raises(AuthorizationRevoked):
        run(source(config, credentials), cursor)


def test_a_restart_in_the_middle_of_a_first_sync_resumes_without_duplicates(ms, config, credentials):
    for i in range(30):
        ms.graph.add_message("inbox", subject=f"m{i}")
    for i in range(5):
        ms.graph.add_message("sentitems", subject=f"s{i}")
    first = source(config, credentials, page_size=10)
    passes = first.changes(None)
    committed = [next(passes), next(passes)]  # the daemon dies after two committed pages
    passes.close()
    assert json.loads(committed[-1].cursor)["folders"]["inbox"]["next"]
    resumed, _ = run(source(config, credentials, page_size=10), committed[-1].cursor)
    ids = [m.provider_id for m in messages(committed + resumed)]
    assert len(ids) == len(set(ids)) == 35


def test_a_reply_listed_before_its_parent_still_shares_its_conversation(ms, config, credentials):
    parent = ms.graph.add_message("inbox", subject="Interview next week?")
    reply = ms.graph.add_message("inbox", subject="Re: Interview next week?", conversation_id=parent.conversation_id,
                                 in_reply_to=parent.resource["internetMessageId"])
    batches, _ = run(source(config, credentials))
    listed = messages(batches)
    assert [m.provider_id for m in listed] == [reply.id, parent.id]  # Graph pages come newest first
    assert listed[0].thread_id == listed[1].thread_id == parent.conversation_id


def test_a_calendar_invite_keeps_the_ics_that_is_only_in_its_mime(ms, config, credentials):
    invite = ms.graph.add_message("inbox", subject="Invitation: Interview", ics=invite_ics())
    assert "BEGIN:VCALENDAR" not in json.dumps(invite.resource)
    batches, _ = run(source(config, credentials))
    parsed = email.message_from_bytes(messages(batches)[0].raw, policy=policy.default)
    calendar = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert calendar and "UID:interview-1@contoso.com" in calendar[0].get_content()
    assert ms.graph.count("value") == 1


def test_mime_mode_fetches_each_messages_exact_content(ms, config, credentials):
    msg = ms.graph.add_message("inbox", subject="Offer", in_reply_to="<x@y>")
    batches, _ = run(source(config, credentials, content="mime"))
    assert messages(batches)[0].raw == msg.mime and ms.graph.count("value") == 1


def test_graph_url_without_trailing_slash_keeps_its_version_segment(ms, config, credentials):
    ms.graph.add_message("inbox")
    cfg = config.with_(graph_api_url=ms.graph.api_url.rstrip("/"))
    batches, _ = run(source(cfg, credentials))
    assert len(messages(batches)) == 1
    assert all(path.startswith("/v1.0/") for _, path, _ in ms.graph.requests)


def test_non_ascii_subjects_and_names_arrive_intact_and_cannot_inject_headers(ms, config, credentials):
    msg = ms.graph.add_message("inbox", subject="Entretien — café", body="Merci — à bientôt\n")
    msg.resource["subject"] = "Entretien — café\r\nBcc: someone@evil.example"
    msg.resource["from"] = {"emailAddress": {"address": "zoe@example.com", "name": "Zoë Ünal"}}
    batches, _ = run(source(config, credentials))
    parsed = email.message_from_bytes(messages(batches)[0].raw, policy=policy.default)
    assert parsed["Subject"] == "Entretien — café Bcc: someone@evil.example" and parsed["Bcc"] is None
    assert parsed["From"].addresses[0].display_name == "Zoë Ünal"
    assert parsed.get_body(("plain",)).get_content().strip() == "Merci — à bientôt"


def test_a_non_ascii_address_falls_back_to_the_messages_own_mime(ms, config, credentials):
    msg = ms.graph.add_message("inbox", subject="Bonjour")
    msg.resource["from"] = {"emailAddress": {"address": "zoë@exämple.com", "name": "Zoë"}}
    batches, _ = run(source(config, credentials))
    assert messages(batches)[0].raw == msg.mime and ms.graph.count("value") == 1


def test_an_untrusted_graph_certificate_names_the_setting_to_fix(ms, config, credentials):
    ms.graph.add_message("inbox")
    with pytest.raises(SourceUnavailable, match="TOPOFMIND_CA_BUNDLE"):
        run(source(config.with_(ca_bundle=None), credentials, sleep=lambda s: pytest.fail("retried")))


def test_an_unreadable_cursor_asks_for_a_full_resync(config, credentials):
    with pytest.raises(CursorExpired):
        run(source(config, credentials), '{"folders": "garbage"}')


def test_messages_older_than_the_history_window_are_left_out(ms, config, credentials, now):
    old = ms.graph.add_message("inbox", subject="Old newsletter", received_at=now - timedelta(days=400))
    recent = ms.graph.add_message("inbox", subject="Recent", received_at=now - timedelta(days=3))
    batches, _ = run(source(config, credentials, first_sync_days=365, now=lambda: now))
    assert [m.provider_id for m in messages(batches)] == [recent.id]
    assert old.id not in {r for b in batches for r in b.removed}
