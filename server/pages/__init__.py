"""Server-rendered pages: Today, Pipeline, Person, Opportunity, Accounts, Review, Settings.

Sign-in: the first visit sets a password (on the only user, or a new one); after that,
email + password. A server bound to loopback with a single user and no password yet is in
single-user local mode: requests from 127.0.0.1/::1 are that user, no sign-in (this is how
``topofmind demo`` opens). Every POST form carries a per-session CSRF token.
"""

from __future__ import annotations

import hmac
import secrets as pysecrets
from pathlib import Path
from urllib.parse import urlparse

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
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from server.api.context import db, now, state
from topofmind.store import models as m

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
PUBLIC_ENDPOINTS = {"pages.login", "pages.setup", "static"}

bp = Blueprint("pages", __name__, template_folder="../templates")


def _session_key(data_dir: Path) -> str:
    """Flask's cookie signing key: the configured secret, else a 0600 file beside the database."""
    path = Path(data_dir) / "session.key"
    if not path.exists():
        import os

        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(pysecrets.token_urlsafe(48))
    return path.read_text().strip()


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
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")


def local_mode() -> bool:
    config = state().config
    if config.host not in LOOPBACK or request.remote_addr not in LOOPBACK:
        return False
    users = db().scalars(select(m.User).limit(2)).all()
    return len(users) == 1 and not users[0].password_hash


@bp.app_template_filter("when")
def when(value, tz=None) -> str:
    """'Tue 24 Nov 09:00' in the user's timezone, from a datetime or an ISO string."""
    from datetime import datetime

    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if tz is not None:
        moment = moment.astimezone(tz)
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


@bp.app_template_filter("day")
def day(value, tz=None) -> str:
    """'Mon 7 Dec' (with the year when it is not this year's) in the user's timezone."""
    from datetime import date, datetime

    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime) and tz is not None:
        value = value.astimezone(tz)
    year = f" {value.year}" if value.year != date.today().year else ""
    return f"{value:%a} {value.day} {value:%b}{year}"


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = pysecrets.token_urlsafe(32)
    return session["csrf"]


@bp.app_context_processor
def _template_globals() -> dict:
    return {"csrf_token": csrf_token, "current_user": g.get("page_user"), "nav_counts": _nav_counts}


def _nav_counts() -> dict[str, int]:
    from server.pages.views import today_counts

    return today_counts() if g.get("user_id") else {}


@bp.before_request
def _authenticate():
    if request.method == "POST":
        sent = request.form.get("csrf", "")
        if not hmac.compare_digest(sent, session.get("csrf", "")):
            abort(400, description="The form expired or did not come from this site; reload the "
                                   "page and try again.")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    uid = session.get("user_id")
    user = db().get(m.User, uid) if uid else None
    if user is None and local_mode():
        user = db().scalars(select(m.User)).first()
    if user is None:
        if not db().scalar(select(func.count(m.User.id)).where(m.User.password_hash.is_not(None))):
            return redirect(url_for("pages.setup"))
        return redirect(url_for("pages.login", next=request.path))
    g.page_user = user
    g.user_id = user.id
    return None


def _safe_next(target: str | None) -> str:
    if target and urlparse(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("pages.today")


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    s = db()
    if s.scalar(select(func.count(m.User.id)).where(m.User.password_hash.is_not(None))):
        return redirect(url_for("pages.login"))
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        if "@" not in email or len(password) < 10:
            flash("Give your email address and a password of at least 10 characters.", "error")
            return render_template("setup.html", email=email), 400
        user = s.scalar(select(m.User).where(m.User.email == email))
        if user is None:
            only = s.scalars(select(m.User).limit(2)).all()
            user = only[0] if len(only) == 1 else None
        if user is None:
            user = m.User(email=email, timezone="UTC", own_addresses=[email], settings={},
                          created_at=now())
            s.add(user)
        user.password_hash = generate_password_hash(password)
        s.commit()
        session.clear()
        session["user_id"] = user.id
        return redirect(url_for("pages.today"))
    return render_template("setup.html", email="")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        user = db().scalar(select(m.User).where(m.User.email == email))
        if user and user.password_hash and check_password_hash(user.password_hash,
                                                               request.form.get("password", "")):
            session.clear()
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next")))
        flash("That email and password do not match.", "error")
        return render_template("login.html", email=email), 401
    return render_template("login.html", email="")


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("pages.login"))


def create_pages_blueprint() -> Blueprint:
    from server.pages import accounts, board, insights, people, settings, views  # noqa: F401 - routes register on bp

    return bp


__all__ = ["create_pages_blueprint", "current_app"]
