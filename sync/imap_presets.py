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
