"""Outlook end to end through the sync engine, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from sync import ms_oauth
from sync.config import Config
from sync.daemon import make_source_opener
from sync.engine import sync_account
from sync.outlook import OutlookSource
from sync.secrets import SecretBox
from tests.builders import make_account, make_user
from tests.fakes.graph_server import invite_ics
from topofmind.store import models

ME = frozenset({"sam@contoso.example"})
BOX = SecretBox(SecretBox.generate_key())


@pytest.fixture
def account_id(ms, session):
    config = Config.from_env(ms.env())
    flow = ms_oauth.initiate_auth_code_flow(config, "http://127.0.0.1:8765/accounts/outlook/callback")
    creds = ms_oauth.acquire_token_by_auth_code_flow(config, flow, ms.browser_consent(flow["auth_uri"]))
    user = make_user(session, email="sam@contoso.example")
    account = make_account(session, user=user, provider="outlook")
    account.credentials_encrypted = BOX.encrypt(creds.dumps())
    session.commit()
    return account.id


def outlook_source(ms, Session, account_id, **kw):  # noqa: N803
    """The source as the daemon opens it (registry + encrypted write-back), or tuned by ``kw``."""
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        sealed = account.credentials_encrypted
        if not kw:
            return make_source_opener(Session, Config.from_env(ms.env()), BOX)(account)

    def write_back(new: str) -> None:
        with Session.begin() as s:
            s.get(models.MailAccount, account_id).credentials_encrypted = BOX.encrypt(new)

    return OutlookSource(Config.from_env(ms.env()), credentials=BOX.decrypt(sealed),
                         on_credentials_changed=write_back, **kw)


def ledger(session, account_id) -> dict[str, str]:
    session.expire_all()
    rows = session.execute(select(models.LedgerEntry.provider_message_id, models.LedgerEntry.status)
                           .where(models.LedgerEntry.account_id == account_id))
    return dict(rows.all())


def recruiter_thread(ms):
    first = ms.graph.add_message(
        "inbox", sender="dana.lee@contoso.com", subject="Interview invitation: Data Engineer at Contoso",
        body="Hi Sam,\n\nThanks for applying to the Data Engineer role at Contoso. We would like to "
             "invite you to an interview next week. Could you share your availability?\n\nDana Lee\n"
             "Recruiter, Contoso\n")
    reply = ms.graph.add_message(
        "sentitems", to="dana.lee@contoso.com", subject="Re: Interview invitation: Data Engineer at Contoso",
        conversation_id=first.conversation_id, in_reply_to=first.resource["internetMessageId"],
        body="Hi Dana,\n\nThank you, I would be glad to interview. Tuesday or Wednesday afternoon "
             "works for me.\n\nSam\n")
    return first, reply


def test_sync_stores_each_message_once_and_threads_by_conversation(ms, Session, session, account_id):
    first, reply = recruiter_thread(ms)
    invite = ms.graph.add_message("inbox", sender="dana.lee@contoso.com", subject="Interview: Data Engineer",
                                  conversation_id=first.conversation_id, ics=invite_ics())
    result = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    assert result.status == "ok", result.error
    assert ledger(session, account_id) == {first.id: "ok", reply.id: "ok", invite.id: "ok"}
    threads = session.scalars(select(models.Thread.provider_thread_id).where(models.Thread.account_id == account_id)).all()
    assert set(threads) <= {first.conversation_id} and threads  # job mail lands in one conversation
    cursor = json.loads(session.get(models.MailAccount, account_id).cursor)
    assert all(f["delta"] and not f["next"] for f in cursor["folders"].values())

    ms.graph.delete_message(first.id)
    ms.graph.expire_delta_tokens()  # and then the stored links expire: a full resync
    again = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    assert again.status == "ok" and again.resynced
    entries = ledger(session, account_id)
    assert set(entries) == {first.id, reply.id, invite.id}
    count = session.scalar(select(func.count()).select_from(models.LedgerEntry)
                           .where(models.LedgerEntry.account_id == account_id))
    assert count == 3  # nothing duplicated by the resync


def test_deletion_is_recorded_in_the_ledger(ms, Session, session, account_id):
    first, reply = recruiter_thread(ms)
    sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    ms.graph.delete_message(reply.id)
    result = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    assert result.counts["removed"] == 1
    assert ledger(session, account_id)[reply.id] == "removed"


def test_a_daemon_stopped_mid_first_sync_resumes_from_the_stored_cursor(ms, Session, session, account_id):
    for i in range(23):
        ms.graph.add_message("inbox", subject=f"Newsletter {i}")
    batches = []
    stopped = sync_account(Session, account_id, outlook_source(ms, Session, account_id, page_size=10), me=ME,
                           should_stop=lambda: len(batches) >= 1, progress=batches.append)
    assert stopped.status == "stopped" and len(ledger(session, account_id)) == 10
    assert json.loads(session.get(models.MailAccount, account_id).cursor)["folders"]["inbox"]["next"]
    ms.graph.reset_counts()
    done = sync_account(Session, account_id, outlook_source(ms, Session, account_id, page_size=10), me=ME)
    assert done.status == "ok" and len(ledger(session, account_id)) == 23
    assert done.counts["duplicate"] == 0  # resumed at the next page, not from the start


def test_revoked_consent_marks_the_account_for_reconnect_and_keeps_its_data(ms, Session, session, account_id):
    recruiter_thread(ms)
    sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    ms.identity.revoke("sam@contoso.example")
    result = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    session.expire_all()
    account = session.get(models.MailAccount, account_id)
    assert result.status == "needs_reconnect" and account.status == "needs_reconnect"
    assert "reconnect" in account.last_error
    assert len(ledger(session, account_id)) == 2


def test_a_refreshed_sign_in_is_stored_encrypted_on_the_account(ms, Session, session, account_id):
    before = session.get(models.MailAccount, account_id).credentials_encrypted
    ms.graph.add_message("inbox")
    ms.identity.access_tokens.clear()  # Graph now refuses the cached access token: 401, refresh
    result = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    assert result.status == "ok", result.error
    assert ms.identity.token_requests == ["authorization_code", "refresh_token"]
    session.expire_all()
    after = session.get(models.MailAccount, account_id).credentials_encrypted
    assert BOX.decrypt(after) != BOX.decrypt(before)
    # The rotated refresh token is in the stored cache, and only encrypted. (Not a test for
    # "rt-" in the ciphertext: base64 holds those three characters by chance, ~1 run in 130.)
    newest = list(ms.identity.refresh_tokens)[-1]
    assert newest in BOX.decrypt(after) and newest.encode() not in after
    ms.identity.access_tokens.clear()  # the stored (rotated) refresh token is the one that works
    again = sync_account(Session, account_id, outlook_source(ms, Session, account_id), me=ME)
    assert again.status == "ok", again.error


def test_a_reply_stored_before_its_parent_ends_up_in_the_same_thread(ms, Session, session, account_id):
    parent, _ = recruiter_thread(ms)
    follow_up = ms.graph.add_message(
        "inbox", sender="dana.lee@contoso.com", subject="Re: Interview invitation: Data Engineer at Contoso",
        conversation_id=parent.conversation_id, in_reply_to=parent.resource["internetMessageId"],
        body="Hi Sam,\n\nFollowing up on my note about the Data Engineer interview at Contoso: are you "
             "available on Tuesday at 2pm for a video interview?\n\nDana Lee\nRecruiter, Contoso\n")
    src = outlook_source(ms, Session, account_id, page_size=1)  # one message per committed batch
    assert sync_account(Session, account_id, src, me=ME).status == "ok"
    rows = dict(session.execute(select(models.Message.provider_message_id, models.Message.thread_id)
                                .where(models.Message.account_id == account_id)).all())
    assert rows[follow_up.id] is not None and rows[follow_up.id] == rows[parent.id]
    thread = session.get(models.Thread, rows[parent.id])
    assert thread.provider_thread_id == parent.conversation_id
