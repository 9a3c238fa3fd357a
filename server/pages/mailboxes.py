"""The Accounts page's two quick ways in: IMAP with an app password, and an mbox/Takeout upload.

IMAP: one form posts to ``/accounts/imap`` with ``action=test`` (log in, find the inbox and
the sent folder, count them; say exactly which step failed) or ``action=connect`` (the same
test, then the account is stored through ``connect_mail_account``). The password is never put back
into the page, logged, or stored unencrypted.

Upload: the browser sends the file as the raw request body (``upload.js``; the CSRF token
in ``X-CSRF-Token``), so the server streams it to disk instead of parsing a multipart form;
``/accounts/imports`` answers the progress of every unfinished import as JSON.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.context import db, now, state
from server.pages.reconnect import reconnect_page_of
from server.pages.site import bp
from server.services import records
from server.services.uploads import Importer, UploadError, receive, unpack
from sync.imap import ImapProblem, ImapSource, LoginRefused
from sync.imap_connection import settings_from
from sync.imap_presets import PRESETS, preset_for
from sync.reminders import account_health
from sync.sources import encrypt_credentials
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account

FORM_FIELDS = ("address", "preset", "host", "port", "username", "starttls")


def importer() -> Importer:
    st = state()
    return Importer(st.Session, st.config, st.secrets)


def page(status: int = 200, *, imap_form: dict | None = None, imap_result: dict | None = None):
    config = state().config
    listed = records.accounts(db(), g.user_id, now())
    failures = dict(db().execute(select(models.MailAccount.id, models.MailAccount.consecutive_failures)
                                 .where(models.MailAccount.user_id == g.user_id)).all())
    for a in listed:  # a stopped sync says what happened and what to do (sync.reminders)
        a["health"] = account_health(a["provider"], a["status"], a["last_error"], failures.get(a["id"], 0))
    return render_template(
        "accounts.html", accounts=listed,
        gmail_ready=bool(config.google_client_id and config.google_client_secret),
        outlook_ready=bool(config.ms_client_id and config.ms_client_secret),
        presets=PRESETS.values(), imap_form=imap_form or {}, imap_result=imap_result,
        imports=importer().unfinished(db(), g.user_id),
        upload_limit_mb=config.upload_limit_mb), status


@bp.route("/accounts")
def accounts():
    return page()


def _outcome(status: int = 200, **outcome):
    """The form's outcome on the page it was sent from: an account's reconnect page, or the Accounts page."""
    if sent_from := request.form.get("reconnect", ""):
        if (answer := reconnect_page_of(sent_from, status, **outcome)) is not None:
            return answer
    return page(status, **outcome)


@bp.route("/accounts/imap", methods=["POST"])
def connect_imap():
    form = {k: request.form.get(k, "").strip() for k in FORM_FIELDS}
    action = request.form.get("action", "test")
    try:
        port = int(form["port"]) if form["port"] else None
    except ValueError:
        return _outcome(400, imap_form=form, imap_result={"ok": False, "field": "port",
                                                           "message": "port: a number such as 993"})
    try:
        settings = settings_from(address=form["address"], preset=form["preset"] or None, host=form["host"] or None,
                                 port=port, username=form["username"] or None, starttls=bool(form["starttls"]),
                                 plain=False, ca_bundle=None, secret=request.form.get("password", ""))
    except ValueError as exc:
        field = str(exc).split(":", 1)[0] if ":" in str(exc) else "host"
        return _outcome(400, imap_form=form, imap_result={"ok": False, "field": field, "message": str(exc)})
    try:
        # A short timeout: someone is waiting for this page (the stored settings keep the default).
        found = ImapSource(replace(settings, timeout=20), default_ca_bundle=state().config.ca_bundle).probe()
    except (ImapProblem, LoginRefused) as exc:
        step = getattr(exc, "step", "login")
        preset = preset_for(settings.preset)
        return _outcome(200 if action == "test" else 400, imap_form=form, imap_result={
            "ok": False, "step": step, "message": str(exc),
            "app_password_url": preset.app_password_url if preset and step == "login" else None})
    summary = (f"Logged in to {settings.host}: inbox {found.folders['inbox']} ({found.messages.get('inbox', 0)} "
               f"messages), sent mail in {found.folders['sent']} ({found.messages.get('sent', 0)}).")
    if action != "connect":
        return _outcome(imap_form=form, imap_result={"ok": True, "message": summary})
    address = form["address"].lower()
    connect_mail_account(db(), user_id=g.user_id, provider="imap", address=address,
                 sealed_credentials=encrypt_credentials(settings.to_credentials(), state().secrets), now=now())
    db().commit()
    flash(f"Connected {address}. {summary} The first sync starts within a few minutes.", "ok")
    return redirect(url_for("pages.accounts"))


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return origin is None or urlparse(origin).netloc == request.host


@bp.route("/accounts/upload", methods=["POST"])
def upload_mailbox():
    if not _same_origin():
        abort(403, description="uploads are accepted from this site's own pages only")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return jsonify(error="unsupported_media_type",
                       message="send the file itself as the request body (the Accounts page does)"), 415
    name = unquote(request.headers.get("X-Filename", "")) or "upload.mbox"
    config = state().config
    limit = config.upload_limit_mb * 1024 * 1024
    directory = Path(config.data_dir) / "uploads" / str(g.user_id)
    try:
        received = receive(request.stream, directory=directory, limit=limit, length=request.content_length)
        mailboxes = unpack(received, name)
    except UploadError as exc:
        return jsonify(error="payload_too_large" if exc.status == 413 else "not_a_mailbox",
                       message=str(exc), fields={"file": str(exc)}), exc.status
    runner = importer()
    ids = [runner.add(db(), user_id=g.user_id, name=label, path=path, now=now()) for label, path in mailboxes]
    db().commit()
    for account_id in ids:
        runner.start(account_id)
    return jsonify(accounts=ids, message=f"Importing {len(ids)} mailbox file(s)."), 202


@bp.route("/accounts/imports")
def import_progress():
    return jsonify(imports=importer().unfinished(db(), g.user_id))
