"""IMAP presets: the host, port and app-password page of the mail services job seekers use.

Each preset also names the folder its Sent mail lives in when the server does not flag it
with RFC 6154's ``\\Sent`` (older servers, some localised accounts).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    host: str
    port: int = 993
    starttls: bool = False
    app_password_url: str | None = None
    sent_fallbacks: tuple[str, ...] = ()
    note: str = ""


PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset("gmail", "Gmail", "imap.gmail.com",
           app_password_url="https://myaccount.google.com/apppasswords",
           sent_fallbacks=("[Gmail]/Sent Mail", "[Google Mail]/Sent Mail"),
           note="Needs 2-Step Verification on the Google account before an app password can be made."),
    Preset("yahoo", "Yahoo Mail", "imap.mail.yahoo.com",
           app_password_url="https://login.yahoo.com/myaccount/security/app-password",
           sent_fallbacks=("Sent",)),
    Preset("icloud", "iCloud Mail", "imap.mail.me.com",
           app_password_url="https://account.apple.com/account/manage/section/security",
           sent_fallbacks=("Sent Messages",),
           note="The username is the part of your iCloud address before the @."),
    Preset("fastmail", "Fastmail", "imap.fastmail.com",
           app_password_url="https://app.fastmail.com/settings/security/apps",
           sent_fallbacks=("Sent", "INBOX.Sent")),
    Preset("zoho", "Zoho Mail", "imap.zoho.com",
           app_password_url="https://accounts.zoho.com/home#security/app_password",
           sent_fallbacks=("Sent",),
           note="Accounts in the EU use imap.zoho.eu (choose Other)."),
    Preset("gmx", "GMX", "imap.gmx.net",
           app_password_url="https://www.gmx.net/mail/imap-pop3/",
           sent_fallbacks=("Gesendet", "Sent"),
           note="Turn on POP3/IMAP access in GMX's settings first."),
    Preset("aol", "AOL Mail", "imap.aol.com",
           app_password_url="https://login.aol.com/account/security/app-passwords",
           sent_fallbacks=("Sent",)),
    Preset("other", "Other (your provider's IMAP settings)", "", sent_fallbacks=()),
)}

# Names a Sent folder goes by when it carries no \Sent flag, tried after the preset's own.
COMMON_SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "INBOX/Sent",
                     "INBOX.Sent Items", "Gesendet", "Gesendete Objekte", "Envoyés", "Elementos enviados",
                     "Enviados", "Posta inviata", "Verzonden items", "Skickat")


def preset_for(key: str | None) -> Preset | None:
    return PRESETS.get((key or "").strip().lower()) if key else None


def guess_preset(address: str) -> Preset | None:
    """The preset an address's domain obviously belongs to (gmail.com → Gmail), if any."""
    domain = address.rsplit("@", 1)[-1].strip().lower()
    by_domain = {"gmail.com": "gmail", "googlemail.com": "gmail", "yahoo.com": "yahoo", "ymail.com": "yahoo",
                 "icloud.com": "icloud", "me.com": "icloud", "mac.com": "icloud", "fastmail.com": "fastmail",
                 "fastmail.fm": "fastmail", "zohomail.com": "zoho", "zoho.com": "zoho", "gmx.net": "gmx",
                 "gmx.de": "gmx", "gmx.com": "gmx", "aol.com": "aol"}
    if domain in by_domain:
        return PRESETS[by_domain[domain]]
    if domain.startswith("yahoo."):
        return PRESETS["yahoo"]
    return None


def settings_from(*, address: str, preset: str | None, host: str | None, port: int | None,
                  username: str | None, starttls: bool, plain: bool, ca_bundle: str | None,
                  secret: str, xoauth2: bool = False, refresh_token: str | None = None,
                  token_url: str | None = None, client_id: str | None = None, client_secret: str | None = None):
    """ImapSettings from what a user typed (CLI or page); ValueError names the field that is wrong."""
    from sync.imap import ImapSettings

    address = address.strip().lower()
    if "@" not in address:
        raise ValueError("address: give the full email address, e.g. sam@example.org")
    chosen = preset_for(preset) if preset else (None if host else guess_preset(address))
    if preset and chosen is None:
        raise ValueError(f"preset: unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    if host:
        host = host.strip()
    elif chosen and chosen.host:
        host = chosen.host
    else:
        raise ValueError("host: give the IMAP server's host name, or choose a preset")
    security = "plain" if plain else "starttls" if starttls else "tls"
    if port is None:
        port = chosen.port if chosen and chosen.host == host and security == "tls" else (
            993 if security == "tls" else 143)
    if not 0 < int(port) < 65536:
        raise ValueError("port: a number between 1 and 65535")
    if not secret:
        raise ValueError("password: the app password is empty")
    if (refresh_token or token_url) and not xoauth2:
        raise ValueError("token-url: a refresh token and its token endpoint only go with --xoauth2")
    if refresh_token and not token_url:
        raise ValueError("token-url: a refresh token needs the provider's token endpoint (--token-url)")
    if token_url and not _is_token_endpoint(token_url):
        raise ValueError("token-url: give the provider's https:// token endpoint")
    return ImapSettings(host=host, port=int(port), username=(username or address).strip(),
                        password=None if xoauth2 else secret, xoauth2_token=secret if xoauth2 else None,
                        security=security, ca_bundle=ca_bundle, preset=chosen.key if chosen else None,
                        xoauth2_refresh_token=refresh_token or None, token_url=token_url or None,
                        client_id=client_id or None, client_secret=client_secret or None)


def _is_token_endpoint(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    # http only to this machine (a local identity bridge), as for plain IMAP.
    return bool(parts.hostname) and (parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")))
