"""What every request and response goes through, before any route: the Host allow-list, the
same-origin check on state changes, and the headers that keep pages out of frames and
scripts out of pages.

- **Host**: the server answers only to the names it serves (loopback, the configured public
  URL's host, TOPOFMIND_ALLOWED_HOSTS); anything else is a 400, so a DNS-rebinding page (a
  foreign name resolving to 127.0.0.1) cannot read the pages or the API.
- **Same origin**: a browser says where a request comes from (``Sec-Fetch-Site``,
  ``Origin``, ``Referer``); a page form posted from any other site is refused with a 403
  before the CSRF token is even looked at. A client that sends none of them is not a
  browser and still needs the session's CSRF token.
- **Local mode** (see ``local_mode_refusal``) is off as soon as the server is not bound
  to loopback or a request arrives through a proxy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request

from sync.config import Config

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP")

WRONG_HOST = ("This server does not answer to that host name. Open it at the address it printed "
              "(http://127.0.0.1:PORT/) or add the name to TOPOFMIND_ALLOWED_HOSTS.")
CROSS_SITE = ("This form was sent from another site, so it was refused. Open the page on this "
              "server and send it from there.")


def _hostname(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def allowed_hosts(config: Config) -> frozenset[str]:
    names = set(LOOPBACK_NAMES) | {h.lower() for h in config.allowed_hosts}
    if config.host and config.host not in ("0.0.0.0", "::", ""):
        names.add(config.host.lower())
    if config.public_url:
        public = urlsplit(config.public_url).hostname
        if public:
            names.add(public.lower())
    return frozenset(names)


def _origin_of(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower()


def _same_origin(url: str, config: Config) -> bool:
    origin = _origin_of(url)
    if origin is None:
        return False
    if config.public_url and origin == _origin_of(config.public_url):
        return True
    # Behind a TLS proxy the request arrives as http: the host decides, either scheme.
    return origin[0] in ("http", "https") and origin[1] == request.host.lower()


def cross_site_request(config: Config) -> bool:
    """True when a browser tells us this request came from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    if origin is not None:
        return not _same_origin(origin, config)
    referer = request.headers.get("Referer")
    if referer is not None:
        return not _same_origin(referer, config)
    return False


def through_a_proxy() -> bool:
    return any(name in request.headers for name in PROXY_HEADERS)


def local_mode_refusal(config: Config) -> str | None:
    """None when this request may use single-user local mode (no password) as far as the
    network goes; else why not, in words for the sign-in page."""
    if not config.local_mode:
        return "this server was started for a network (local mode is off in its settings)"
    if config.host not in LOOPBACK_NAMES:
        return f"the server listens on {config.host}, not only on this computer"
    if through_a_proxy():
        return "the request came through a proxy, so it may come from anywhere"
    if request.remote_addr not in LOOPBACK_ADDRESSES:
        return "the request came from another computer"
    return None


def content_security_policy(config: Config) -> str:
    # form-action: the Accounts page's Connect posts, then redirects to the provider's sign-in.
    providers = {f"{o[0]}://{o[1]}" for o in (_origin_of(config.google_auth_url), _origin_of(config.ms_authority)) if o}
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
        "form-action 'self' " + " ".join(sorted(providers)),
    ])


def install(app: Flask, config: Config) -> None:
    hosts = allowed_hosts(config)
    csp = content_security_policy(config)
    secure = (config.public_url or "").lower().startswith("https://")
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure)

    @app.before_request
    def _check_host_and_origin():
        if _hostname(request.host) not in hosts:
            abort(400, description=WRONG_HOST)
        if (request.method in STATE_CHANGING and not request.path.startswith("/api/")
                and cross_site_request(config)):
            abort(403, description=CROSS_SITE)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", csp)
        if not request.path.startswith(("/static/", "/api/")):
            headers.setdefault("Cache-Control", "no-store")  # pages of personal data stay out of caches
        return response
