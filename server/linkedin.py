"""A LinkedIn profile URL → its slug, the key people are matched on.

The same profile reaches the extension in many spellings:
``https://www.linkedin.com/in/dana-lee-42/``, ``http://linkedin.com/in/Dana-Lee-42?originalSubdomain=uk``,
``https://de.linkedin.com/in/dana-lee-42/de`` (a locale path), ``https://m.linkedin.com/in/dana-lee-42``
(mobile), ``/in/dana-lee-42/overlay/contact-info/`` and ``/in/dana-lee-42/recent-activity/all/``
(sub-pages), and percent-encoded non-ASCII slugs (``/in/j%C3%BCrgen-m%C3%BCller``). Slugs are
case-insensitive on LinkedIn, so the slug is decoded, NFC-normalised and lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)
_PROFILE_ROOTS = ("in", "pub")


def profile_slug(url: str) -> str | None:
    """The profile's slug, or None when ``url`` is not a LinkedIn profile URL."""
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return None
    segments = [s for s in parts.path.split("/") if s]
    # Locale prefixes (e.g. /fr/in/slug) come before the profile root; sub-pages after the slug.
    root = next((i for i, s in enumerate(segments) if s.lower() in _PROFILE_ROOTS), None)
    if root is None or root + 1 >= len(segments) or any(not _LOCALE.match(s) for s in segments[:root]):
        return None
    try:
        slug = unicodedata.normalize("NFC", unquote(segments[root + 1], errors="strict")).strip().lower()
    except UnicodeDecodeError:
        return None
    if not slug or "/" in slug or len(slug) > 200 or any(ch.isspace() or ord(ch) < 32 for ch in slug):
        return None
    if segments[root].lower() == "pub":
        # Old public URLs: /pub/<name>/<a>/<b>/<c> — keep the whole identifier.
        slug = "-".join([slug, *[s.lower() for s in segments[root + 2:root + 5]]])
    return slug
