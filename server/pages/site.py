"""The pages' blueprint and what every page shares: sign-in, the CSRF check, the time
filters, safe redirects, refused forms.

Sign-in: a user sets a password with a one-time setup code (printed by ``serve``/``demo``
or ``topofmind users setup-code EMAIL``); after that, email + password start a page session
kept on the server (``server.sign_in``). A server bound to loopback, with a single user and
no password yet, is in single-user local mode: requests from this computer that came
through no proxy are that user (this is how ``topofmind demo`` opens). Every POST needs the
CSRF token of the browser's own session, in every mode, and must come from this site
(``server.web_security``).
"""

from __future__ import annotations

import hmac
import secrets as pysecrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select

from server import sign_in
from server.api.context import db, now, state
from server.throttle import Throttle
from server.web_security import local_mode_refusal
from sync.secrets import read_or_create_key_file
from topofmind.store import models

PUBLIC_ENDPOINTS = {"pages.login", "pages.setup", "static"}
FORM_EXPIRED = "The form expired or did not come from this site; reload the page and try again."
# Failed sign-ins (or setup codes) allowed per client and per address in the window.
SIGN_IN_FAILURES, SIGN_IN_WINDOW = 10, 300.0
STREAMED_ENDPOINTS = {"pages.upload_mailbox"}

bp = Blueprint("pages", __name__, template_folder="../templates")


def _session_key(data_dir: Path) -> str:
    """Flask's cookie signing key: the configured secret, else a 0600 file beside the database."""
    return read_or_create_key_file(Path(data_dir) / "session.key", lambda: pysecrets.token_urlsafe(48))


@bp.record_once
def _configure(setup_state) -> None:
    app = setup_state.app
    config = app.extensions["topofmind"].config
    if not app.secret_key:
        if config.secret_key:
            # Never the Fernet key itself: one key, one purpose. Derived, so every worker
            # and replica given the same secret signs cookies alike.
            app.secret_key = hmac.new(config.secret_key.encode(), b"topofmind page sessions",
                                      "sha256").hexdigest()
        else:
            app.secret_key = _session_key(config.data_dir)
    app.extensions["sign_in_throttle"] = Throttle(SIGN_IN_FAILURES, SIGN_IN_WINDOW)


def throttle() -> Throttle:
    return current_app.extensions["sign_in_throttle"]


def the_local_user() -> models.User | None:
    """The user of single-user local mode, when this request may use it; else None."""
    if local_mode_refusal(state().config) is not None:
        return None
    users = db().scalars(select(models.User).limit(2)).all()
    return users[0] if len(users) == 1 and not users[0].password_hash else None


def local_mode_note() -> str:
    """Why these pages ask for a password here, for the sign-in page."""
    reason = local_mode_refusal(state().config)
    if reason is None:
        users = db().scalars(select(models.User).limit(2)).all()
        reason = "several people use this server" if len(users) > 1 else "a password is set"
    return reason


def _local(value, tz):
    """A datetime or ISO string in ``tz``, else the signed-in user's timezone (one clock on
    every page: a time is never shown in UTC because a template forgot to pass the zone)."""
    from datetime import UTC, datetime, tzinfo

    from topofmind.mail.timezones import user_zone

    moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not isinstance(tz, tzinfo):  # None, or undefined in a template that did not pass one
        user = g.get("page_user")
        tz = user_zone(user.timezone if user is not None else None)
    return moment.astimezone(tz)


@bp.app_template_filter("when")
def when(value, tz=None) -> str:
    """'Tue 24 Nov 09:00' in the user's timezone, from a datetime or an ISO string."""
    if not value:
        return ""
    moment = _local(value, tz)
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


@bp.app_template_filter("day")
def day(value, tz=None) -> str:
    """'Mon 7 Dec' (with the year when it is not this year's) in the user's timezone; a
    calendar date (a decision date, a week) is shown as the date it is, never shifted."""
    from datetime import date, datetime

    if not value:
        return ""
    if isinstance(value, str) and "T" not in value and " " not in value.strip():
        moment = date.fromisoformat(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        moment = value
    else:
        moment = _local(value, tz)
    this_year = _local(now(), tz).year
    year = f" {moment.year}" if moment.year != this_year else ""
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = pysecrets.token_urlsafe(32)
    return session["csrf"]


@bp.app_context_processor
def _template_globals() -> dict:
    return {"csrf_token": csrf_token, "current_user": g.get("page_user"), "errors": g.get("form_errors", {})}


def _check_form_text() -> None:
    """Text the databases cannot store is refused for every form, before any route sees it."""
    for name, values in request.form.lists():
        for value in (name, *values):
            if "\x00" in value:
                abort(400, description=f"The field “{name[:40]}” contains a NUL character; remove it and try again.")


def _check_csrf() -> None:
    expected = session.get("csrf")
    if request.endpoint in STREAMED_ENDPOINTS:
        # The body is a file streamed to disk by the view, which counts it against its own
        # limit; the token comes in a header so that the body is never parsed as a form.
        request.max_content_length = 1 << 62  # None would mean the app's 256 KB again
        sent = request.headers.get("X-CSRF-Token", "")
    else:
        sent = request.form.get("csrf", "")
    # Bytes, not str: compare_digest refuses non-ASCII text (that was a 500).
    if not expected or not sent or not hmac.compare_digest(sent.encode("utf-8", "replace"),
                                                           str(expected).encode("utf-8")):
        abort(400, description=FORM_EXPIRED)


@bp.before_request
def _authenticate():
    if request.method == "POST":
        if request.endpoint not in STREAMED_ENDPOINTS:
            _check_form_text()
        _check_csrf()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    user = sign_in.session_user(db(), session.get("sid"), now()) if session.get("sid") else None
    if user is None:
        session.pop("sid", None)
        user = the_local_user()
    if user is None:
        if not sign_in.anyone_has_a_password(db()):
            return redirect(url_for("pages.setup"))
        return redirect(url_for("pages.login", next=request.path))
    g.page_user = user
    g.user_id = user.id
    return None


def safe_local_path(target: str | None, default: str | None = None) -> str:
    """``target`` if it is a path on this site, else ``default`` (Today): never another site."""
    if (target and target.startswith("/") and not target.startswith(("//", "/\\"))
            and not any(c in target for c in "\\\r\n\t\x00") and not urlsplit(target).netloc):
        return target
    return default or url_for("pages.today")


def form_refused(exc) -> dict[str, str]:
    """The fields of a refused form (``ApiError`` or ``Invalid`` with fields; nothing of it is
    saved), kept in ``g.form_errors`` for the page to show beside them; anything else goes on."""
    if getattr(exc, "status", 400) != 400 or not getattr(exc, "fields", None):
        raise exc
    db().rollback()
    g.form_errors = dict(exc.fields)
    return g.form_errors


def _begin_session(user: models.User) -> None:
    key = sign_in.start_session(db(), user.id, now())
    db().commit()
    session.clear()
    session["sid"] = key


def _too_many(keys: tuple[str, ...], template: str, **context):
    wait = throttle().wait_seconds(*keys)
    if not wait:
        return None
    flash(f"Too many failed attempts; try again in {wait} s.", "error")
    response = current_app.make_response((render_template(template, **context), 429))
    response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Set a password with a one-time setup code; the page names only the code's user."""
    s = db()
    code = (request.form.get("code") if request.method == "POST" else request.args.get("code")) or ""
    client = (f"client:{request.remote_addr}",)
    if request.method == "POST" and (refused := _too_many(client, "setup.html", code="", target=None)):
        return refused
    target = sign_in.setup_code_target(s, code, now()) if code else None
    if target is None:
        if code:
            throttle().failed(*client)
            g.form_errors = {"code": "this code is unknown, used or expired; print a new one with "
                                     "`topofmind users setup-code EMAIL`"}
        elif request.method == "POST":
            g.form_errors = {"code": "a password is set with the setup code the server printed"}
        return render_template("setup.html", code="", target=None), 400 if g.get("form_errors") else 200
    user = s.get(models.User, target.user_id) if target.user_id else None
    if request.method == "GET":
        return render_template("setup.html", code=code, target=user)
    try:
        user = sign_in.redeem_setup_code(s, target, email=request.form.get("email"),
                                         password=request.form.get("password", ""), now=now())
    except sign_in.SignInError as exc:
        s.rollback()
        g.form_errors = {exc.field or "password": str(exc)}
        return render_template("setup.html", code=code, target=user), 400
    _begin_session(user)
    flash("Your password is set; this browser is signed in.", "ok")
    return redirect(url_for("pages.today"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    note = local_mode_note()
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()[:320]
        keys = (f"client:{request.remote_addr}", f"address:{email}")
        if refused := _too_many(keys, "login.html", email=email, local_note=note):
            return refused
        user = sign_in.verify_password(db(), email, request.form.get("password", ""))
        if user is not None:
            throttle().succeeded(keys[1])
            _begin_session(user)
            return redirect(safe_local_path(request.args.get("next")))
        throttle().failed(*keys)
        flash("That email and password do not match.", "error")
        return render_template("login.html", email=email, local_note=note), 401
    return render_template("login.html", email="", local_note=note)


@bp.route("/logout", methods=["POST"])
def logout():
    sign_in.end_session(db(), session.get("sid"))
    db().commit()
    session.clear()
    return redirect(url_for("pages.login"))
