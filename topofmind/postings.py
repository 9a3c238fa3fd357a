"""Job postings: which site or ATS hosts one, its canonical address and the job id in it.

The extension reads postings on these sites (issue 24); the server keeps the posting's address
and site with the opportunity so that later mail from the same ATS, or a second visit to the
same posting, finds it again. Pure functions of a URL; no I/O.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit, urlunsplit

# site key -> (host suffixes, the ATS's name as topofmind.mail.vendors spells it, or None for a job board)
SITES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "linkedin": (("linkedin.com",), None),
    "indeed": (("indeed.com",), None),
    "greenhouse": (("greenhouse.io",), "Greenhouse"),
    "lever": (("lever.co",), "Lever"),
    "ashby": (("ashbyhq.com",), "Ashby"),
    "workday": (("myworkdayjobs.com", "myworkdaysite.com", "workday.com"), "Workday"),
    "smartrecruiters": (("smartrecruiters.com",), "SmartRecruiters"),
    "workable": (("workable.com",), "Workable"),
}
SITE_NAMES = tuple(SITES)

# Query parameters that identify the posting itself; every other one (tracking, referrer) is dropped.
_ID_PARAMS = {"linkedin": ("currentJobId",), "indeed": ("jk", "vjk"), "greenhouse": ("gh_jid", "token")}

_JOB_ID_PATTERNS: dict[str, tuple[re.Pattern, ...]] = {
    "linkedin": (re.compile(r"/jobs/view/(?:[^/]*-)?(\d{6,})"),),
    "greenhouse": (re.compile(r"/jobs/(\d+)"),),
    "lever": (re.compile(r"^/[^/]+/([0-9a-f]{8}-[0-9a-f-]{27,})", re.I),),
    "ashby": (re.compile(r"^/[^/]+/([0-9a-f]{8}-[0-9a-f-]{27,})", re.I),),
    "workday": (re.compile(r"_((?:JR|R|REQ)[-_]?\d+[-\d]*)(?:[/?]|$)", re.I),),
    "smartrecruiters": (re.compile(r"^/[^/]+/(\d{6,})"),),
    "workable": (re.compile(r"/j/([0-9A-F]{6,})", re.I),),
}


def site_of(url: str | None) -> str | None:
    """'greenhouse' for https://boards.greenhouse.io/acme/jobs/123, None for an unknown site."""
    host = (urlsplit(url or "").hostname or "").lower()
    for key, (suffixes, _vendor) in SITES.items():
        if any(host == s or host.endswith("." + s) for s in suffixes):
            return key
    return None


def ats_vendor(site: str | None) -> str | None:
    """The ATS behind a posting site ('Greenhouse'), None for a job board or an unknown site."""
    return SITES.get(site or "", ((), None))[1]


def job_id_from_url(url: str | None) -> str | None:
    """The posting's id as the site writes it in its address, when it does."""
    if not url:
        return None
    parts = urlsplit(url)
    site = site_of(url)
    query = parse_qs(parts.query)
    for name in _ID_PARAMS.get(site or "", ()):
        if query.get(name) and name != "token":
            return query[name][0][:100]
    for pattern in _JOB_ID_PATTERNS.get(site or "", ()):
        found = pattern.search(parts.path)
        if found:
            return found.group(1)[:100]
    return None


def canonical_url(url: str) -> str:
    """The posting's address without tracking parameters or fragment; a LinkedIn side panel
    (``/jobs/search/?currentJobId=…``) becomes the job's own view page."""
    parts = urlsplit(url.strip())
    site = site_of(url)
    query = parse_qs(parts.query)
    if site == "linkedin" and query.get("currentJobId"):
        return f"https://www.linkedin.com/jobs/view/{query['currentJobId'][0]}/"
    if site == "linkedin":
        found = re.search(r"/jobs/view/(?:[^/]*-)?(\d{6,})", parts.path)
        if found:
            return f"https://www.linkedin.com/jobs/view/{found.group(1)}/"
    kept = [f"{name}={query[name][0]}" for name in _ID_PARAMS.get(site or "", ()) if query.get(name)]
    return urlunsplit((parts.scheme.lower(), (parts.hostname or "").lower(), parts.path or "/",
                       "&".join(kept), ""))
