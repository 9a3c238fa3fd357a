"""Facts in a job-search message: employer, role, job id, signature, interviewers.

The employer is never the system that sent the mail on its behalf (see ``vendors``). It is
voted on from several independent clues, each adding weight to a candidate name:
the sender's display name ("Acme via Greenhouse", "Acme Careers"), phrases in the subject
and body ("thank you for applying to Acme", "the role at Acme", "the Acme team"), the
signature, and the domains of humans writing from the employer (sender, Reply-To, the
calendar organizer). A name that matches an employer domain gets a bonus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from topofmind.mail.fields import extract_job_id, extract_role, signature
from topofmind.mail.names import (
    _FROM_PERSON_AT,
    _SENTENCE_WORDS,
    _VIA,
    clean_company,
    company_from_display,
    domain_of,
    is_automated_address,
    looks_like_person,
    org_label,
    squash,
)
from topofmind.mail.prefilter import (
    earliest_start,
    lowered_stands_for,
    may_match,
    required_literals,
    required_prefixes,
)
from topofmind.mail.types import Address, ParsedMessage
from topofmind.mail.vendors import VENDORS, is_freemail, is_vendor_domain, vendor_for, vendor_kind

# Words that end a company name when reading capitalised words from text.
_NAME = r"(?P<name>[^\n,;:!?()\"“”]{2,80})"
_INVITES = r"(?:is inviting|has invited|invites|would like|wants|has asked|asks you|is excited|is pleased|(?:has )?viewed|reviewed|sent you|is interested)"
_HIRING = r"(?:is|are)\s+(?:hiring|growing|looking for)"
_PLACE = r"[·•]\s+\S"
_COMPANY_PHRASES: tuple[tuple[str, float, re.Pattern], ...] = tuple(
    (label, weight, re.compile(p, re.I)) for label, weight, p in (
        ("applying to", 3.0, r"\b(?:for|on)\s+(?:applying|your application|your interest)\s+(?:to|at|with|in)\s+(?:joining\s+|working\s+(?:at|with)\s+)?" + _NAME),
        ("application to", 2.5, r"\b(?:application|applied|apply)\s+(?:to|at|with)\s+" + _NAME),
        ("role at", 2.5, r"\b(?:role|position|opening|opportunity|job|team|internship|offer)\s+(?:here\s+)?(?:at|with)\s+" + _NAME),
        ("interest in", 2.0, r"\binterest(?:ed)?\s+in\s+(?:joining\s+|working\s+(?:at|for|with)\s+)?" + _NAME),
        ("join", 2.0, r"\b(?:join|joining|welcome\s+to)\s+(?:us\s+at\s+|the\s+team\s+at\s+)?" + _NAME),
        ("on behalf of", 2.0, r"\bon behalf of\s+" + _NAME),
        ("sent to", 3.0, r"\b(?:sent|submitted|forwarded|delivered)\s+to\s+" + _NAME),
        ("viewed by", 2.5, r"\b(?:viewed|reviewed|seen)\s+by\s+" + _NAME),
        ("engaged by", 3.0, r"\b(?:engaged|retained|hired|asked|partnering|partnered)\s+(?:by|with)\s+" + _NAME),
        ("is inviting", 2.0, r"(?m)(?:^|[.!]\s+|,\s+)" + _NAME + r"\s+" + _INVITES + r"\b"),
        ("company · place", 1.5, r"(?m)^" + _NAME.replace("{2,80}", "{2,60}?") + r"\s+" + _PLACE),
        ("from", 1.0, r"\b(?:here|recruiter|recruiting|recruiters|team|someone|hiring manager|talent partner)\s+(?:from|at)\s+" + _NAME),
        ("team sign-off", 2.0, r"^(?:the\s+)?" + _NAME.replace("{2,80}", "{2,60}") + r"\s+(?:recruiting|talent|hiring|people|careers|recruitment)?\s*team\s*$"),
        ("hiring at", 1.5, r"\b" + _NAME + r"\s+" + _HIRING),
        ("careers at", 2.0, r"\b(?:careers|life|jobs|interviewing|interview)\s+(?:at|with)\s+" + _NAME),
        ("line ends at", 1.5, r"(?m)\bat\s+" + _NAME + r"\s*$"),
    )
)

_PHRASE_LITERALS = {label: required_literals(pattern) for label, _w, pattern in _COMPANY_PHRASES}
_PHRASE_PREFIXES = {label: required_prefixes(pattern) for label, _w, pattern in _COMPANY_PHRASES}
# A phrase that starts with the name tries the 80-character name at every word of the text
# and fails at the words after it (on the corpus, "hiring at" was the costliest phrase).
# What follows the name is searched for first (a whitespace then the verb: implied by
# every match), and the phrase runs only when that is found.
_PHRASE_GATES = {label: re.compile(gate, re.I) for label, gate in (
    ("is inviting", r"\s" + _INVITES + r"\b"),
    ("hiring at", r"\s" + _HIRING),
    ("company · place", r"\s" + _PLACE),
)}



@dataclass
class Facts:
    company: str | None = None
    company_domain: str | None = None
    company_reasons: list[str] = field(default_factory=list)
    role: str | None = None
    job_id: str | None = None
    sender_name: str | None = None
    sender_title: str | None = None
    signature_company: str | None = None
    interviewers: list[Address] = field(default_factory=list)


_CAPS = re.compile(r"(?<![\w@./])[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:(?:\s+&\s+|\s+of\s+|\s+\+\s+|[ \t]+)[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*){0,5}")
_TRAILING_WORDS = {"recruiting", "recruitment", "team", "careers", "career", "talent", "hiring", "people",
                   "hr", "jobs", "acquisition", "inc", "inc.", "llc", "ltd", "the", "i", "interview",
                   "interviews", "for", "human", "resources", "offer", "application", "re", "and", "at",
                   "is", "update", "invitation", "assessment", "onsite", "panel", "screen", "call"}
_AGENCY = re.compile(r"\b(?:my|our|a|an) (?:\w+[ -]){0,3}client\b|\bconfidential\b", re.I)
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD_TLDS = {"studio", "health", "education", "design", "agency", "media", "travel", "bank", "insurance",
              "consulting", "capital", "games", "labs", "software", "foods", "energy", "systems", "legal"}
_VENDOR_KEYS = frozenset(squash(v.name) for v in VENDORS)
_VENDOR_IN_NAME = re.compile("|".join(sorted((re.escape(k) for k in _VENDOR_KEYS if len(k) > 4), key=len, reverse=True)))
# Domains of templates and examples ("hr@company.com"): they name no employer.
_PLACEHOLDER_LABELS = frozenset({"company", "mycompany", "yourcompany", "startup", "bigcorp", "techcorp", "techco",
                                 "example", "domain", "college", "university", "school", "test", "corp", "email"})
# A sender name that is a handle ("jane.doe", "k3hl") is a person's account, not a company.
_HANDLE = re.compile(r"[a-z0-9._-]+")
_NAME_STOPS = frozenset({"ml", "engineer", "engineering", "analyst", "developer", "designer", "scientist", "intern",
                         "coding", "meet", "scheduling", "calendar", "people", "ops", "hr", "recruiting",
                         "talent", "careers", "interview", "assessment", "test", "role", "position", "research",
                         "department", "dept", "division", "they"})
# Sender names of job platforms the vendor list does not know: generic words only ("Career
# Portal"), or one word glued to a hiring word ("TroveJob", "ViggaCareers", "Zehire").
_GENERIC_SENDER_WORDS = frozenset({"career", "careers", "portal", "job", "jobs", "finder", "interview", "trainer",
                                   "assessment", "assessments", "test", "tests", "hiring", "recruitment", "team",
                                   "the", "platform", "center", "centre", "hub", "notifications", "talent",
                                   "network", "board", "search"})
_GLUED_PLATFORM = re.compile(r"[a-z]{2,}(?:jobs?|careers?|hire|hiring|portal|test|talent)|(?:jobs?|careers?|hire)[a-z]{3,}",
                             re.I)
_AGENCY_DOMAIN = re.compile(r"staffing|search|recruit|talent|hire|headhunt|placement|resourcing|personnel")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def name_for_domain(domain: str, texts: list[str]) -> str | None:
    """The written name of the organisation behind a domain, found in the text: bluefinrobotics.io -> 'Bluefin Robotics'."""
    label = squash(org_label(domain))
    if len(label) < 2:
        return None
    best: tuple[int, int] | None = None
    best_name = None
    for text in texts:
        for m in _CAPS.finditer(text):
            words = []
            for w in m.group(0).split():
                if w.lower().strip(".,;:!?") in _SENTENCE_WORDS:
                    break
                words.append(w)
                if w[-1] in ".,;:!?" and w.lower() not in ("co.", "inc.", "ltd.", "corp."):
                    break
            keys = [squash(w) for w in words]
            for i in range(len(words)):
                if not keys[i] or keys[i][0] != label[0]:
                    continue
                key = ""
                for j in range(i, len(words)):
                    if j > i and keys[j] in _NAME_STOPS:
                        break  # "Initech ML Engineer", "Google Meet": a role or a tool follows the name
                    key += keys[j]
                    if len(key) > 45:
                        break
                    phrase = words[i:j + 1]
                    if phrase[-1].lower().strip(".,;:") in _TRAILING_WORDS:
                        continue
                    written = " ".join(phrase)
                    cp = _common_prefix(key, label)
                    if "&" in written:
                        cp = max(cp, _common_prefix(squash(written.replace("&", " and ")), label))
                    if cp < min(5, len(label)) or cp < 0.6 * len(label):
                        continue
                    if cp < 0.5 * len(key) and not (cp == len(label) and len(key) <= 40):
                        continue
                    score = (cp, j + 1 - i)
                    if best is None or score > best:
                        best, best_name = score, re.sub(r"['’]s$", "", " ".join(w.strip(".,;:") for w in phrase))
    return best_name


def extract(parsed: ParsedMessage, new_text: str, *, me: frozenset[str], outgoing: bool = False) -> Facts:
    """The facts of one message; for the candidate's own mail the counterpart is the recipient."""
    facts = Facts()
    sender = parsed.from_
    if outgoing:
        others = [a for a in parsed.to + parsed.cc if a.address not in me]
        sender = others[0] if others else None
    votes: dict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    why: dict[str, list[str]] = defaultdict(list)
    person_keys = set()
    for a in [parsed.from_, *parsed.to, *parsed.cc, *[x for ev in parsed.calendar for x in ev.attendees]]:
        if (a and a.name and looks_like_person(a.name) and not is_vendor_domain(domain_of(a.address))
                and not is_automated_address(a.address)):
            person_keys.add(squash(a.name))
            person_keys.add(squash(a.name.split()[0]))
    vendor_keys = _VENDOR_KEYS
    platform_keys: set[str] = set()  # a job platform the vendor list does not know, from the sender name

    def vote(name: str | None, weight: float, reason: str) -> None:
        if not name:
            return
        key = squash(name)
        if (len(key) < 2 or key in person_keys or key in vendor_keys or key in platform_keys
                or _VENDOR_IN_NAME.search(key)):
            return
        votes[key] += weight
        if key not in names or (names[key].islower() and not name.islower()):
            names[key] = name
        why[key].append(reason)

    new_head = new_text[:2000]  # employers are named early; phrase regexes are costly
    head_lowered = new_head.lower()
    head_plain = lowered_stands_for(new_head, head_lowered)  # then substring tests on it are exact
    agency = bool(("client" in head_lowered or "confidential" in head_lowered or not head_plain)
                  and _AGENCY.search(new_head))
    # Domains where a human at the employer writes from.
    employer_domains: list[str] = []
    people = ([sender] if sender else []) + ([] if outgoing else list(parsed.reply_to))
    people += [ev.organizer for ev in parsed.calendar if ev.organizer]
    # Addresses written in the text (an organizer line, a signature) point at the employer too.
    if "@" in new_head:  # the address pattern is slow to fail: it tries every word
        people += [Address(None, a.lower()) for a in _EMAIL_IN_TEXT.findall(new_head)[:5]]
    for addr in people:
        d = domain_of(addr.address)
        if (not d or is_vendor_domain(addr.address) or is_freemail(d) or addr.address in me
                or d in employer_domains):
            continue
        words = (addr.name or "").split()
        last = squash(words[-1]) if words else ""
        if len(words) == 1 and last == squash(org_label(d)) and not _GLUED_PLATFORM.fullmatch(words[0]):
            last = ""  # "Writerity <recruit@writerity.com>": the company's own name, not a family's
        if len(last) >= 3 and last in squash(org_label(d)):
            continue  # a family domain (novakfamily.net for Emeka Novak), not an employer
        if agency or _AGENCY_DOMAIN.search(org_label(d)):
            agency = True
            continue
        employer_domains.append(d)

    vendor = vendor_for(sender.address) if sender else None
    if sender and sender.name:
        display = re.sub(r"\s*\([^)]*\)", "", sender.name).strip()
        automated = bool(vendor) or is_automated_address(sender.address)
        through = _VIA.match(display)
        via = through or _FROM_PERSON_AT.match(display)
        if display != sender.name.strip() and looks_like_person(display):
            pass  # "Dana Lee (Google Calendar)": a person acting through a tool
        elif through and looks_like_person(through.group("company")) and vendor_kind(sender.address) in (
                "esign", "scheduling", "job_board"):
            pass  # "Dana Lee via DocuSign": a person signing or booking through a tool
        elif via:
            vote(clean_company(via.group("company")) or company_from_display(via.group("company")), 3.0, "sender name")
        elif vendor_kind(sender.address) == "platform" or _HANDLE.fullmatch(display):
            pass  # a GitHub user or a marketplace account writes for themselves
        elif vendor_kind(sender.address) == "job_board" and looks_like_person(display):
            pass  # "Sarah Chen" writing through LinkedIn: a person, not the employer
        elif automated and all(w.lower() in _GENERIC_SENDER_WORDS for w in display.split()):
            pass  # "Career Portal": a platform the vendor list does not know
        elif automated and " " not in display and _GLUED_PLATFORM.fullmatch(display):
            platform_keys.add(squash(display))  # "TroveJob": a job platform, also in its own sign-off
        elif automated or not looks_like_person(display) or (
                " " not in display and squash(display) == squash(org_label(domain_of(sender.address) or ""))):
            vote(company_from_display(display), 3.0 if automated else 1.5, "sender name")

    name, title, sig_company = signature(new_text)
    facts.sender_name = (sender.name if sender and looks_like_person(sender.name) and not vendor else None) or name
    facts.sender_title = title
    facts.signature_company = sig_company
    if not agency:
        vote(sig_company, 1.5, "signature")

    subject_lowered = parsed.subject.lower()
    for source, lowered, plain, where in (
            (parsed.subject, subject_lowered, lowered_stands_for(parsed.subject, subject_lowered), "subject"),
            (new_head, head_lowered, head_plain, "body")):
        for label, weight, pattern in _COMPANY_PHRASES:
            if not may_match(_PHRASE_LITERALS[label], lowered):
                continue
            # No match starts before the first word that can begin one.
            start = earliest_start(_PHRASE_PREFIXES[label], lowered) if plain else 0
            if start < 0:
                continue
            gate = _PHRASE_GATES.get(label)
            if gate is not None and not gate.search(source):
                continue
            if label == "team sign-off":
                for line in source.split("\n")[-12:]:
                    m = pattern.match(line.strip())
                    if m:
                        vote(clean_company(m.group("name")), weight, f"{where}: {label}")
                continue
            for m in pattern.finditer(source, start):
                vote(clean_company(m.group("name")), weight, f"{where}: {label}")

    texts = [parsed.subject, new_head] + [ev.summary or "" for ev in parsed.calendar]
    for d in employer_domains:
        written = name_for_domain(d, texts)
        if written:
            vote(written, 3.5, f"the name written for {d}")
        else:
            words = [p.capitalize() for p in re.split(r"[-_]", org_label(d)) if p]
            tld = d.rsplit(".", 1)[-1]
            if tld in _WORD_TLDS:  # paperplane.studio -> Paperplane Studio
                words.append(tld.capitalize())
            if org_label(d) not in _PLACEHOLDER_LABELS:
                vote(" ".join(words), 1.0, f"only the domain {d}")
    if votes:
        best = max(votes, key=lambda k: votes[k])
        facts.company = names[best]
        facts.company_reasons = why[best][:4]
        for d in employer_domains:
            label = squash(org_label(d))
            if _common_prefix(label, best) >= min(5, len(label)):
                facts.company_domain = d
                break

    exclude = {t.lower() for t in (facts.sender_title,) if t}
    facts.role = extract_role(parsed.subject, new_text, exclude=exclude, company=facts.company)
    facts.job_id = extract_job_id(parsed.subject, new_text)
    seen = set(me)
    for ev in parsed.calendar:
        for a in ev.attendees:
            if a.address not in seen and not is_vendor_domain(domain_of(a.address)):
                seen.add(a.address)
                facts.interviewers.append(a)
    return facts
