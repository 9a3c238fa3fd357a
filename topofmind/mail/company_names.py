"""Company names read off a message: the written name behind a domain or a code-host
repository, and the names that only look like one (a department, a placeholder, a platform).

Helpers of the employer vote (``employer``); pure functions over strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from topofmind.mail.names import _SENTENCE_WORDS, looks_like_person, org_label, squash

# The capital first, then the look-behind past it (no word, "@", "." or "/" before the capital): the
# regex engine then scans for capitals alone instead of trying the look-behind at every position.
_CAPS = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w@./].)[\w'’.-]*(?:(?:\s+&\s+|\s+of\s+|\s+\+\s+|[ \t]+)[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*){0,5}")
_TRAILING_WORDS = {"recruiting", "recruitment", "team", "careers", "career", "talent", "hiring", "people",
                   "hr", "jobs", "acquisition", "inc", "inc.", "llc", "ltd", "the", "i", "interview",
                   "interviews", "for", "human", "resources", "offer", "application", "re", "and", "at",
                   "is", "update", "invitation", "assessment", "onsite", "panel", "screen", "call"}
# Words after which a company name has ended: a role, a tool, a department or an address follows.
_NAME_STOPS = frozenset({"ml", "engineer", "engineering", "analyst", "developer", "designer", "scientist", "intern",
                         "coding", "meet", "scheduling", "calendar", "people", "ops", "hr", "recruiting",
                         "talent", "careers", "interview", "assessment", "test", "role", "position", "research",
                         "department", "dept", "division", "they", "bldg", "building", "suite", "floor", "street",
                         "road", "avenue", "with", "and", "for", "campus", "office", "headquarters"})
_TOOL_STOPS = frozenset({"test", "assessment", "interview", "coding", "meet", "scheduling", "calendar"})
_LEGAL_ENDS = frozenset({"co.", "inc.", "ltd.", "corp.", "llc.", "plc.", "gmbh", "ag", "sa", "llc", "inc", "ltd",
                         "corp", "plc"})
# Words a role title starts with: "Northwind Data Analyst" names Northwind, not "Northwind Data".
_ROLE_NOUN = re.compile(r"(?:analyst|engineer|scientist|developer|designer|manager|architect|specialist|"
                        r"intern|lead|director|consultant|associate|administrator|coordinator)s?$", re.I)

# Words of a department, a function or a placeholder: a sender called only this names no company.
GENERIC_WORDS = frozenset({
    "hr", "human", "resources", "manager", "director", "department", "dept", "system", "hiring", "recruiter",
    "recruiters", "recruiting", "recruitment", "talent", "acquisition", "team", "people", "employer", "company",
    "platform", "sourcer", "sourcing", "name", "career", "careers", "job", "jobs", "notifications", "notification",
    "admin", "coordinator", "scheduling", "interview", "interviews", "the", "of", "and", "&", "some", "your",
    "redacted", "candidate", "experience", "office", "staff", "operations", "ops", "partner", "partners", "portal",
    "services", "service", "noreply", "no-reply", "support", "info", "mail", "automated", "applications",
    "application", "apply", "board", "network", "center", "centre", "hub", "finder", "search", "opportunities",
    "vacancies", "vacancy", "desk", "assessment", "assessments", "trainer", "test", "tests", "skills", "coordination", "onboarding", "university", "campus", "program", "programs",
    # the same in the other languages of job mail
    "l'équipe", "équipe", "de", "recrutement", "rh", "ressources", "humaines", "risorse", "umane", "recursos",
    "humanos", "selección", "seleção", "talentos", "vagas", "personal", "personalabteilung", "bewerbung",
    "bewerbungen", "karriere", "equipo", "del", "la", "le", "das", "die", "der", "recrutamento", "empleo",
})
# Words only an organisation's name holds ("Initech Engineering", "Brenner Haustechnik GmbH").
_ORG_WORDS = frozenset({
    "gmbh", "ggmbh", "inc", "llc", "ltd", "limited", "plc", "corp", "corporation", "company", "co", "ag", "sa", "bv",
    "srl", "spa", "ab", "oy", "as", "group", "engineering", "foundation", "labs", "lab", "solutions", "technologies",
    "technology", "tech", "systems", "software", "services", "consulting", "consultants", "partners", "holdings",
    "industries", "international", "university", "college", "school", "hospital", "bank", "capital", "ventures",
    "studio", "studios", "media", "analytics", "robotics", "health", "healthcare", "logistics", "trust", "council",
    "institute", "agency", "associates", "academy", "digital", "data", "energy", "foods", "pharma",
    "therapeutics", "games", "insurance", "airlines", "motors", "management", "facilities", "builders",
    "construction", "dental", "clinic", "bakery", "restaurant", "hotel", "store", "shop", "freight", "global",
    "innovations", "networks", "electric", "financial", "security", "marketing", "design", "apps", "cloud",
})
_FUNCTION_WORDS = GENERIC_WORDS - {"de", "del", "la", "le", "das", "die", "der", "the", "of", "and", "&", "name", "some",
                                   "your", "personal"}
_GLUED_PLATFORM = re.compile(
    r"[a-z]{2,}(?:jobs?|careers?|hire|hiring|portal|tests?|talent|interviews?|assess|quiz|kwiz|vacanc(?:y|ies))|"
    r"(?:jobs?|careers?|hire|talent|interviews?|assess(?:ments?)?|skills?)[a-z]{3,}",
    re.I)
_WORD_SPLIT = re.compile(r"[\s,;:/|()\[\]]+")


@lru_cache(maxsize=4096)
def is_generic_name(name: str | None) -> bool:
    """True for 'HR Manager', 'Recruiting Team', 'Company X', 'Risorse Umane': words of a function, no name."""
    words = [w.strip(".'\"*-–") for w in _WORD_SPLIT.split((name or "").lower()) if w.strip(".'\"*-–")]
    return all(w in GENERIC_WORDS or len(w) == 1 for w in words)


@lru_cache(maxsize=4096)
def is_platform_label(label: str) -> bool:
    """A sender name or domain label that is a hiring platform's brand: 'TroveJob', 'jobportal', 'careers'."""
    bare = squash(label)
    return bool(bare) and (bare in GENERIC_WORDS or bool(_GLUED_PLATFORM.fullmatch(bare)))


@lru_cache(maxsize=4096)
def looks_like_organisation(display: str | None) -> bool:
    """A display name that a person's name test accepts but an organisation's words give away."""
    if not display:
        return False
    words = [w.strip(".,") for w in display.split()]
    if any(w.lower() in _ORG_WORDS or w.lower() in _FUNCTION_WORDS for w in words):
        return True  # "Initech Engineering", "Recrutamento Solaris": not a person's name
    return len(words) == 1 and len(words[0]) >= 3 and words[0].isupper()


def is_person_name(display: str | None) -> bool:
    return looks_like_person(display) and not looks_like_organisation(display)


def strip_generic(name: str | None) -> str | None:
    """'HR Department, LEARN' -> 'LEARN'; 'Risorse Umane Tailspin' -> 'Tailspin'; 'The Kestrel Labs' -> 'Kestrel Labs'."""
    if not name:
        return None
    parts = [p.strip() for p in re.split(r"\s*(?:,|\||\s[-–—]\s)\s*", name) if p.strip()]
    parts = [p for p in parts if not is_generic_name(p)]
    if not parts:
        return None
    words = parts[0].split()
    while len(words) > 1 and words[0].lower().strip(".,'") in GENERIC_WORDS:
        words = words[1:]
    return " ".join(words)


# Words of a hiring function that follow an employer's name ("Northbeam Hiring", "Amazon HR").
_FUNCTION_TAIL = frozenset({"hr", "recruiting", "recruitment", "hiring", "talent", "acquisition", "team", "careers",
                            "career", "jobs", "people", "scheduling", "rh", "recrutement", "human", "resources",
                            "department", "notifications", "interviews", "recruiters", "ops", "operations"})


def trim_generic_tail(name: str) -> str:
    """'Northbeam Hiring', 'TCS Recruitment', 'Amazon HR' -> the name before the function words."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(".,") in _FUNCTION_TAIL:
        words.pop()
    return " ".join(words)


def _words_after(longer: str, shorter: str) -> list[str]:
    """The words ``longer`` adds after ``shorter`` when it starts with it, else none."""
    return longer.split()[len(shorter.split()):] if longer.lower().startswith(shorter.lower() + " ") else []


def extends_with_org_words(longer: str, shorter: str) -> bool:
    """'Tern Robotics' for 'Tern', 'Keysight Technologies' for 'Keysight': the same name, written out."""
    extra = _words_after(longer, shorter)
    return bool(extra) and all(w.lower().strip(".,") in _ORG_WORDS for w in extra)


def departs(longer: str, shorter: str) -> bool:
    """'Enron Research Group' for 'Enron': the organisation's name, then a department's words."""
    extra = _words_after(longer, shorter)
    return bool(extra) and squash(extra[0]) in _NAME_STOPS


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _initials_match(keys: list[str], label: str) -> bool:
    """'Al Noor Facilities Management' for alnoor-fm: the label is the first words, then the others' initials."""
    done = ""
    for i, k in enumerate(keys[:-1]):
        done += k
        if not label.startswith(done):
            return False
        rest = label[len(done):]
        if len(rest) == len(keys) - i - 1 and rest == "".join(w[:1] for w in keys[i + 1:]):
            return True
    return False


def name_for_label(label: str, texts: list[str], not_name: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The written name of an organisation known by a label, found in the text:
    'bluefinrobotics' -> 'Bluefin Robotics', 'alnoorfm' -> 'Al Noor Facilities Management'."""
    label = squash(label)
    if len(label) < 2:
        return None
    first = label[0]
    best: tuple[int, int] | None = None
    best_name = None
    for text in texts:
        for m in _CAPS.finditer(text):
            run = m.group(0)
            if run.isascii() and first not in run.lower():
                continue  # no word of the run can start the label (squash only folds accents)
            words = []
            for w in run.split():
                if w.lower().strip(".,;:!?") in _SENTENCE_WORDS:
                    if words:
                        break
                    continue  # "Your Lindqvist offer": the name starts after the sentence's first word
                words.append(w)
                if w[-1] in ".,;:!?" and w.lower() not in ("co.", "inc.", "ltd.", "corp."):
                    break
                if w.lower().strip(",;:!?") in _LEGAL_ENDS and len(words) > 1:
                    break  # "Enron Corp. With": a legal form ends the name
                if w.endswith(("'s", "’s")):
                    words[-1] = w[:-2]
                    break  # "Acme's Data Challenge": the name is the owner
            keys = [squash(w) for w in words]
            for i in range(len(words)):
                if not keys[i] or keys[i][0] != label[0]:
                    continue
                key = ""
                for j in range(i, len(words)):
                    if j > i and keys[j] in _NAME_STOPS:
                        break  # "Initech ML Engineer", "Google Meet": a role or a tool follows the name
                    if j > i and keys[j] in not_name:
                        break  # "Acme Challenge Jordan Lee": a person's name follows the company's
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
                    initials = j > i and cp < len(label) and _initials_match(keys[i:j + 1], label)
                    if initials:
                        cp = len(label) + 1  # the whole label, and more surely than a prefix
                    if cp < min(5, len(label)) or cp < 0.6 * len(label):
                        continue
                    if cp < 0.5 * len(key) and not (cp >= len(label) and len(key) <= 40):
                        continue
                    if j > i and cp >= len(label) and not initials and j + 1 < len(keys) and _ROLE_NOUN.match(keys[j + 1]):
                        continue  # "Northwind Data Analyst": the word belongs to the role
                    if (j > i and not initials and j + 1 < len(keys) and keys[j + 1] in _TOOL_STOPS
                            and keys[j] not in _ORG_WORDS and _common_prefix(key[:-len(keys[j])], label) >= len(label)):
                        break  # "Optiminastic IQ Test": the word before "Test" names the test, not the firm
                    score = (cp, j + 1 - i)
                    if best is None or score > best:
                        best, best_name = score, re.sub(r"['’]s$", "", " ".join(w.strip(".,;:") for w in phrase))
    return best_name


def name_for_domain(domain: str, texts: list[str], not_name: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The written name of the organisation behind a domain: bluefinrobotics.io -> 'Bluefin Robotics'."""
    return name_for_label(org_label(domain), texts, not_name)


# A code host's notification subject: "Re: [owner/repo] the thread's title (#12)".
_REPO_SUBJECT = re.compile(r"\[(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)\]\s*(?P<title>.*)")
# Repositories where a community posts other employers' openings (one issue per opening).
_BOARD_WORDS = frozenset({"jobs", "vagas", "empregos", "vacancies", "empleos", "emplois", "stellen",
                          "oportunidades", "trabajos", "jobboard"})
_OWNER_TAILS = frozenset({"hq", "inc", "org", "com", "official", "team", "br", "oss"})
_TITLE_AT = re.compile(r"\s(?:na|no|at|@|em|en|chez|bei|para|pela|pelo)\s+\[?(?P<name>[^\[\]]{2,60}?)\]?\s*$", re.I)
_TITLE_ROLE = re.compile(r"develop|engineer|programad|analista|analyst|designer|desarroll|entwickl|estagi|intern|"
                         r"manager|lead|architect|\bdev\b|front|back|full|stack|qa\b|sre\b|devops|scientist", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def repository_of(subject: str) -> tuple[str, str, str] | None:
    """(owner, repository, title) of a code host's thread subject, else None."""
    m = _REPO_SUBJECT.search(subject)
    if not m:
        return None
    return m.group("owner"), m.group("repo"), re.sub(r"\s*\(#\d+\)\s*$", "", m.group("title")).strip()


def is_board_repository(owner: str, repo: str) -> bool:
    words = {w for part in (owner, repo) for w in re.split(r"[-_.]", part.lower())}
    return bool(words & _BOARD_WORDS) or repo.lower() in _BOARD_WORDS


def owner_name(owner: str) -> str | None:
    """The organisation a repository owner stands for: 'Dotlib-BR' -> 'Dotlib', 'HousewareHQ' -> 'Houseware'."""
    words = [w for part in re.split(r"[-_.]+", owner) for w in _CAMEL.split(part) if w]
    while len(words) > 1 and (words[-1].lower() in _OWNER_TAILS or len(words[-1]) == 1):
        words.pop()
    if len(words) == 1 and words[0].lower().endswith(tuple(_OWNER_TAILS - {"br", "oss", "team"})) and len(words[0]) > 6:
        for tail in ("hq", "inc", "org", "com", "official"):
            if words[0].lower().endswith(tail):
                words[0] = words[0][: -len(tail)]
                break
    name = " ".join(words)
    return name if len(squash(name)) >= 2 else None


def company_in_board_title(title: str) -> str | None:
    """The employer in a job-board issue title: '[Remote] Frontend Developer at Acme', 'Acme - PHP Developer - Hanoi'."""
    bare = re.sub(r"^(?:\s*\[[^\]]*\]\s*[-–]?\s*)+", "", title).strip()
    m = _TITLE_AT.search(bare)
    if m and m.group("name")[:1].isupper():
        return m.group("name").strip(" .")
    parts = [p.strip(" []") for p in re.split(r"\s+[-–|]\s+", bare)]
    if len(parts) < 2 or not any(_TITLE_ROLE.search(p) for p in parts):
        return None  # not the "Company - Role - Place" shape
    for part in parts:
        if part[:1].isupper() and len(part) <= 40 and len(squash(part)) >= 3 and not _TITLE_ROLE.search(part):
            return part
    return None
