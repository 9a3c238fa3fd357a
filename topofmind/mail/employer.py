"""The employer of a job-search message: a vote over independent clues.

The employer is never the system that sent the mail on its behalf (see ``vendors``), nor a
platform the vendor list does not know ("TroveJob", a "Job Portal"), nor an agency
recruiter's own firm when the client is not named. Each clue adds weight to a candidate
name: the sender's display name ("Acme via Greenhouse", "Acme Careers"), phrases in the
subject and body ("thank you for applying to Acme", "the role at Acme", "the Acme team"),
the signature, a code host's repository ("[acme/hiring-challenge]"), and the domains of
humans writing from the employer (sender, Reply-To, the calendar organizer). A name
written for an employer domain gets a bonus; a longer, written form of the winning name
("Tern Robotics" for "Tern") takes its place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from topofmind.mail.company_names import (
    company_in_board_title,
    departs,
    extends_with_org_words,
    is_board_repository,
    is_generic_name,
    is_person_name,
    is_platform_label,
    looks_like_organisation,
    name_for_domain,
    name_for_label,
    owner_name,
    repository_of,
    strip_generic,
    trim_generic_tail,
)
from topofmind.mail.employer_phrases import phrase_matches
from topofmind.mail.names import (
    _FROM_PERSON_AT,
    _VIA,
    clean_company,
    company_from_display,
    domain_of,
    is_automated_address,
    looks_like_person,
    org_label,
    squash,
)
from topofmind.mail.types import Address, ParsedMessage
from topofmind.mail.vendors import VENDORS, is_freemail, is_vendor_domain, vendor_for, vendor_kind

_AGENCY = re.compile(
    r"\b(?:my|our|a|an) (?:\w+[ -]){0,3}client\b|\b(?:we have|our) clients\b|\bconfidential\b|"
    r"\b(?:with|for|at|on behalf of)\s+(?:a|an)\s+(?:[\w$.+-]+\s+){0,4}?(?:start-?up|firm|fintech|unicorn|scale-?up)\b"
    r"(?!\s*(?:called|named)\b)", re.I)
_AGENCY_WORDS = ("client", "confidential", "startup", "start-up", "fintech", "unicorn", "scale", "firm")  # one is in every match
_AGENCY_NAME = re.compile(r"\b(?:hr|recruitment|staffing|placement|manpower|executive search)\s+(?:consultants?|"
                          r"consultancy|services|solutions|agency|partners)\b", re.I)
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD_TLDS = {"studio", "health", "education", "design", "agency", "media", "travel", "bank", "insurance",
              "consulting", "capital", "games", "labs", "software", "foods", "energy", "systems", "legal"}
_VENDOR_KEYS = frozenset(squash(v.name) for v in VENDORS)
_VENDOR_IN_NAME = re.compile("|".join(sorted((re.escape(k) for k in _VENDOR_KEYS if len(k) > 4), key=len, reverse=True)))
_VENDOR_HEADS = frozenset(k[:5] for k in _VENDOR_KEYS if len(k) > 4)  # a vendor's name in a key starts one of its 5-letter windows
_CODE_HOSTS = frozenset({"GitHub", "GitLab", "Bitbucket"})
# Domains of templates and examples ("hr@company.com"): they name no employer.
_PLACEHOLDER_LABELS = frozenset({"company", "mycompany", "yourcompany", "startup", "bigcorp", "techcorp", "techco",
                                 "example", "domain", "college", "university", "school", "test", "corp", "email",
                                 "com", "net", "org", "agency", "recruiter", "employer", "hr"})
# A sender name that is a handle ("jane.doe", "k3hl", "Wellers0n") is a person's account, not a company.
_HANDLE = re.compile(r"[a-z0-9._-]+|\w*[a-zA-Z]\d\w*")
_AGENCY_DOMAIN = re.compile(r"staffing|(?<!re)search|recruit|talent|hire|headhunt|placement|resourcing|personnel")
_ROLE_NOUN = re.compile(r"\b(?:analyst|engineer|scientist|developer|designer|manager|architect|specialist|intern|"
                        r"recruiter|coordinator)s?$", re.I)  # "Data Analyst" is a role, never an employer
_TIME_LIKE = re.compile(r"\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|h)?$", re.I)


@dataclass
class Employer:
    company: str | None = None
    domain: str | None = None
    reasons: list[str] = field(default_factory=list)
    votes: dict[str, float] = field(default_factory=dict)  # every candidate's weight, by squashed name


@lru_cache(maxsize=16)
def _own_names(me: frozenset[str]) -> frozenset[str]:
    """The candidate's own names, from their addresses: never part of an employer's ("Acme challenge, Jordan Lee")."""
    return frozenset(squash(p) for a in me for p in re.split(r"[._+-]", a.split("@")[0]) if len(p) >= 3)


def _names_vendor(key: str) -> bool:
    """``_VENDOR_IN_NAME.search(key)``, run only when one of the key's 5-letter windows begins a vendor's name."""
    return not _VENDOR_HEADS.isdisjoint([key[i:i + 5] for i in range(len(key) - 4)]) and bool(_VENDOR_IN_NAME.search(key))


def _candidate_people(parsed: ParsedMessage) -> set[str]:
    keys = set()
    for a in [parsed.from_, *parsed.to, *parsed.cc, *[x for ev in parsed.calendar for x in ev.attendees]]:
        if (a and a.name and is_person_name(a.name) and not is_vendor_domain(domain_of(a.address))
                and not is_automated_address(a.address) and not squash(a.name).startswith(
                    squash(org_label(domain_of(a.address) or "")) or "-")):
            keys.add(squash(a.name))
            keys.add(squash(a.name.split()[0]))
    return keys


def employer(parsed: ParsedMessage, new_text: str, *, sender: Address | None, me: frozenset[str],
             outgoing: bool, signature_company: str | None) -> Employer:
    """Vote for the employer of one message (for the candidate's own mail, ``sender`` is the recipient)."""
    votes: dict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    why: dict[str, list[str]] = defaultdict(list)
    weights: dict[str, list[float]] = defaultdict(list)
    automated_sender = bool(sender) and not outgoing and is_automated_address(sender.address)
    person_keys = _candidate_people(parsed)
    not_name = person_keys | _own_names(me)
    blocked: set[str] = set()  # platforms the vendor list does not know, an agency's own firm
    refused: set[str] = set()  # the system that sent the message

    def vote(name: str | None, weight: float, reason: str, *, vendor_ok: bool = False, written_for: str = "") -> None:
        name = trim_generic_tail(name.strip("'\"‘’“”")) if name else None
        if not name or _TIME_LIKE.match(name) or _ROLE_NOUN.search(name):
            return
        if is_generic_name(name) and (squash(name) != written_for or min(map(len, name.split())) < 2):
            return  # "Hiring Team" is a function; written out for its own domain (testcompany.example) it is the name
        key = squash(name)
        if len(key) < 2 or key in person_keys or (key in refused and not vendor_ok) or (key in blocked and weight < 2.5):
            return  # a platform's or an agency's own name counts only where a phrase says it hires
        if not vendor_ok and (key in _VENDOR_KEYS or _names_vendor(key)):
            return
        votes[key] += weight
        weights[key].append(weight)
        if key not in names or (names[key].islower() and not name.islower()):
            names[key] = name
        why[key].append(reason)

    new_head = new_text[:2000]  # employers are named early; phrase regexes are costly
    head_lowered = new_head.lower()
    agency = any(w in head_lowered for w in _AGENCY_WORDS) and bool(_AGENCY.search(new_head))
    employer_domains, agency = _employer_domains(parsed, sender, me, outgoing, new_head, agency, blocked)

    vendor = vendor_for(sender.address) if sender else None
    if vendor:
        refused.add(squash(vendor))  # "Google Calendar": the tool that sent it, also in its footer
    if sender and sender.name:
        _vote_display(sender, vendor, vote, blocked)

    if not agency:
        vote(signature_company, 1.5, "signature")

    if vendor in _CODE_HOSTS and not outgoing:
        _vote_repository(parsed.subject, sender, not_name, vote, new_head)

    for source, where in ((parsed.subject, "subject"), (new_head, "body")):
        for label, weight, name in phrase_matches(source):
            vote(clean_company(name), weight + (0.5 if where == "subject" and weight >= 2.0 else 0.0),
                 f"{where}: {label}")

    texts = [parsed.subject, new_head] + [ev.summary or "" for ev in parsed.calendar]
    domain_names: set[str] = set()
    if "http" in head_lowered:
        for tenant in _ats_tenants(new_head):
            vote(name_for_label(tenant, texts, not_name) or tenant.capitalize(), 2.0, "the employer's page on its hiring system")
    for d in employer_domains:
        written = name_for_domain(d, texts, not_name)
        if written:
            vote(written, 3.5, f"the name written for {d}", written_for=squash(org_label(d)))
            domain_names.add(squash(written))
        elif org_label(d) not in _PLACEHOLDER_LABELS:
            words = [p.capitalize() for p in re.split(r"[-_]", org_label(d)) if p]
            tld = d.rsplit(".", 1)[-1]
            if tld in _WORD_TLDS:  # paperplane.studio -> Paperplane Studio
                words.append(tld.capitalize())
            vote(" ".join(words), 1.0, f"only the domain {d}")
    result = Employer(votes=dict(votes))
    if not votes:
        return result
    best = max(votes, key=lambda k: votes[k])
    said = {k: sum(w for w, r in zip(weights[k], why[k], strict=True) if r.startswith(("subject:", "body:")))
            for k in votes}
    alt = max(said, key=lambda k: said[k])
    if automated_sender and said[best] == 0 and said[alt] >= 3.0 and any(r.startswith("subject:") for r in why[alt]):
        best = alt  # a brand mailing from its own domain about an employer it names: a platform
    longer = [k for k in votes if k != best and k.startswith(best) and votes[k] >= 1.5
              and extends_with_org_words(names[k], names[best])]
    if longer:
        best = max(longer, key=lambda k: (votes[k], len(k)))
    inside = [k for k in domain_names if k != best and best.startswith(k) and departs(names[best], names[k])]
    if inside:
        best = inside[0]  # "Enron Research Group" in a signature from enron.com: a department of Enron
    result.company, result.reasons = names[best], why[best][:4]
    for d in employer_domains:
        label = squash(org_label(d))
        if best.startswith(label[:5]):
            result.domain = d
            break
    return result


_ATS_PAGE = re.compile(
    r"https?://(?:(?P<sub>[\w-]+)\.(?:wd\d+\.myworkdayjobs|bamboohr|recruitee|teamtailor|breezy|applytojob|"
    r"jobs\.personio|workable)\.\w+|(?:boards|job-boards)\.greenhouse\.io/(?P<gh>[\w-]+)|jobs\.lever\.co/(?P<lever>[\w-]+)|"
    r"jobs\.ashbyhq\.com/(?P<ashby>[\w-]+)|apply\.workable\.com/(?P<workable>[\w-]+)|"
    r"(?:jobs|careers)\.smartrecruiters\.com/(?P<sr>[\w-]+))", re.I)
_ATS_SUBDOMAIN_WORDS = frozenset({"www", "app", "jobs", "careers", "apply", "hire", "api", "mail"})


def _ats_tenants(text: str) -> list[str]:
    """The employers whose pages on an applicant-tracking system the text links to."""
    out = []
    for m in _ATS_PAGE.finditer(text):
        tenant = next(g for g in m.groups() if g)
        if tenant.lower() not in _ATS_SUBDOMAIN_WORDS and tenant not in out:
            out.append(tenant)
    return out[:2]


def _employer_domains(parsed: ParsedMessage, sender: Address | None, me: frozenset[str], outgoing: bool,
                      new_head: str, agency: bool, blocked: set[str]) -> tuple[list[str], bool]:
    """The domains of humans writing from the employer (the sender's first), and whether an agency writes.
    A hiring platform's domain or an agency's own is added to ``blocked``, not returned."""
    employer_domains: list[str] = []
    people = ([sender] if sender else []) + ([] if outgoing else list(parsed.reply_to))
    people += [ev.organizer for ev in parsed.calendar if ev.organizer]
    # Addresses written in the text (an organizer line, a signature) point at the employer too.
    if "@" in new_head:  # the address pattern is slow to fail: it tries every word
        people += [Address(None, a.lower()) for a in _EMAIL_IN_TEXT.findall(new_head)[:5]]
    own_domains: list[str] = []
    for addr in people:
        d = domain_of(addr.address)
        if (not d or is_vendor_domain(addr.address) or is_freemail(d) or addr.address in me
                or d in employer_domains or d in own_domains):
            continue
        if is_platform_label(org_label(d)) or org_label(d).endswith("-hr"):
            blocked.add(squash(org_label(d)))  # jobportal.example, arbor-hr.example: a hiring platform
            continue
        words = (addr.name or "").split()
        last = squash(words[-1]) if words else ""
        if len(words) == 1 and last == squash(org_label(d)) and not is_platform_label(words[0]):
            last = ""  # "Writerity <recruit@writerity.com>": the company's own name, not a family's
        if (len(last) >= 3 and last in squash(org_label(d)) and not looks_like_organisation(addr.name)
                and not _FROM_PERSON_AT.match(addr.name or "")):
            continue  # a family domain (novakfamily.net for Emeka Novak), not an employer
        if _AGENCY_DOMAIN.search(org_label(d)) or (addr.name and _AGENCY_NAME.search(addr.name)):
            agency = True
        (own_domains if addr is sender else employer_domains).append(d)
    if agency:
        # An agency recruiter's firm is not the employer; without a named client there is none.
        blocked.update(squash(org_label(d)) for d in own_domains + employer_domains)
        if sender and sender.name:
            blocked.add(squash(company_from_display(sender.name) or ""))
        own_domains, employer_domains = [], []
    return own_domains + employer_domains, agency


def _vote_display(sender: Address, vendor: str | None, vote, blocked: set[str]) -> None:
    """The sender's display name: 'Acme via Greenhouse', 'Acme Careers', 'Dana from Acme'; not a person, a tool's user
    or a platform's own brand."""
    display = re.sub(r"\s*\([^)]*\)", "", sender.name or "").strip()
    if vendor and display.lower().startswith(vendor.lower() + " "):
        display = display[len(vendor):].strip(" -|:")  # "Workday Acme": the system, then the employer
    automated = bool(vendor) or is_automated_address(sender.address)
    kind = vendor_kind(sender.address)
    through = _VIA.match(display)
    via = through or _FROM_PERSON_AT.match(display)
    brand = squash(company_from_display(display) or display)
    if display != (sender.name or "").strip() and looks_like_person(display):
        return  # "Dana Lee (Google Calendar)": a person acting through a tool
    if through and looks_like_person(through.group("company")) and kind in ("esign", "scheduling", "job_board"):
        return  # "Dana Lee via DocuSign": a person signing or booking through a tool
    if via:
        vote(clean_company(via.group("company")) or company_from_display(via.group("company")), 3.0, "sender name")
        return
    if kind == "platform" or (kind != "ats" and _HANDLE.fullmatch(display)):
        return  # a GitHub user or a marketplace account writes for themselves
    if kind == "job_board" and looks_like_person(display):
        return  # "Sarah Chen" writing through LinkedIn: a person, not the employer
    if is_generic_name(display):
        return  # "Career Portal", "HR Manager": a function, not a name
    if (automated and " " not in display and is_platform_label(display)) or is_platform_label(brand):
        blocked.add(brand)  # "TroveJob", "SmartHire Team": a job platform, also in its own sign-off
        blocked.add(squash(display))
        return
    local = sender.address.split("@")[0].lower()
    words = display.split()
    if len(words) > 1 and words[-1].lower() == local:
        display = " ".join(words[:-1])  # "Initech Engineering <engineering@...>": a department's mailbox
    if automated or not is_person_name(display) or (
            " " not in display and squash(display) == squash(org_label(domain_of(sender.address) or ""))):
        vote(strip_generic(company_from_display(display)), 3.0 if automated else 1.5, "sender name")


def _vote_repository(subject: str, sender: Address | None, mine: set[str], vote, text: str) -> None:
    """A reply in a code host's thread: the repository's owner hires, unless the repository is a
    board of other employers' openings (then the issue's title names the employer) or a person's own."""
    found = repository_of(subject)
    if not found or not re.match(r"\s*re\s*:", subject, re.I):
        return  # a new issue on someone's project is written to its owner, who is not hiring
    owner, repo, title = found
    if is_board_repository(owner, repo):
        vote(company_in_board_title(title), 3.0, "the opening's title")
        return
    handle = squash(re.sub(r"\s*\([^)]*\)", "", sender.name or "")) if sender else ""
    if squash(owner) in mine | {handle}:
        return  # the candidate's own repository, or the writer's
    texts = [title, text]  # not the "[owner/repo]" itself: the owner's handle is no written name
    vote(name_for_label(owner, texts, mine) or owner_name(owner), 3.0, f"the repository {owner}/{repo}", vendor_ok=True)
