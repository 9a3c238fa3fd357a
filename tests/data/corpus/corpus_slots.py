"""Slot values for one corpus message: the people, role, dates, times and headers a
template is filled with. Everything is drawn from the builder's seeded random source."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from corpus_world import (
    AGENCIES,
    COORDINATOR_TITLES,
    FIRST_NAMES,
    LAST_NAMES,
    MANAGER_TITLES,
    RECRUITER_TITLES,
    ROLES,
    VENDORS,
)

# Sender systems (ATS, boards, schedulers, assessment tools) as opposed to kinds of sender.
SYSTEMS = set(VENDORS) | {"linkedin", "indeed", "calendly", "goodtime", "hackerrank", "codility",
                          "codesignal", "glassdoor", "ziprecruiter", "wellfound", "testgorilla",
                          "docusign", "google_calendar", "otta", "dice", "builtin"}
NON_VENDOR_KINDS = {"human", "agency", "newsletter", "shop", "bank", "family", "personal", "saas",
                    "health", "podcast", "events", "support", "social", "travel", "utility"}
CANDIDATE_TZ = {"alex.morgan@example.com": "America/New_York",
                "priya.n.dev@example.org": "America/Los_Angeles",
                "j.okafor@example.net": "Europe/London"}
START = datetime(2026, 5, 4, tzinfo=UTC)
SPAN_DAYS = 195

GREETINGS = ["Hi {first},", "Hello {first},", "Dear {first},", "Hi {first} —", "{first},",
             "Hey {first}!", "Dear {me},", "Good morning {first},", "Hi there,", "Hello,"]
TIMELINES = [
    "We aim to get back to you by Friday.",
    "You can expect to hear from us within two weeks.",
    "We hope to share an update early next week.",
    "We'll be in touch within 5 business days.",
    "The team expects to make a decision by the end of the month.",
    "We should have news for you by next Wednesday.",
    "Our goal is to reply to everyone within 10 days.",
    "I'll circle back by the end of next week at the latest.",
]


def ascii_fold(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and (c.isalnum() or c == ".")).lower()


def hexid(rng: random.Random, n: int = 16) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


class Person:
    def __init__(self, rng: random.Random, domain: str, titles: list[str]):
        self.first, self.last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        self.name = f"{self.first} {self.last}"
        self.title = rng.choice(titles)
        f, last = ascii_fold(self.first), ascii_fold(self.last.replace(" ", ""))
        local = rng.choice([f"{f}.{last}", f"{f[0]}{last}", f, f"{f}{last[0]}", f"{f}_{last}"])
        self.email = f"{local}@{domain}"

    def addr(self) -> str:
        return f"{self.name} <{self.email}>"


class Context:
    def __init__(self, rng: random.Random, cand: dict, emp: tuple, vendor: str, template: dict, n: int):
        self.rng, self.cand, self.vendor, self.template = rng, cand, vendor, template
        self.company, self.domain, self.city, tzname = emp
        self.tz = ZoneInfo(tzname)
        self.slug = ascii_fold(self.company.split(" ")[0].replace("&", ""))
        self.recruiter = Person(rng, self.domain, RECRUITER_TITLES)
        self.manager = Person(rng, self.domain, MANAGER_TITLES)
        self.coordinator = Person(rng, self.domain, COORDINATOR_TITLES)
        self.peer = Person(rng, self.domain, ["Senior Engineer", "Staff Data Scientist", "Product Designer",
                                              "Principal Engineer", "Data Engineer", "Product Manager"])
        agency = rng.choice(AGENCIES)
        self.agency, self.agency_domain = agency
        self.agent =  Person(rng, agency[1], ["Senior Recruiter", "Principal Consultant",
                                                                      "Talent Partner", "Account Manager"])
        self.role = rng.choice(ROLES)
        self.job_id = rng.choice([f"R-{rng.randint(10000, 99999)}", f"JR{rng.randint(100000, 999999)}",
                                  f"REQ-2026-{rng.randint(100, 999):04d}", f"{rng.randint(1000, 9999)}",
                                  f"{rng.randint(20, 26)}-{rng.randint(100, 999)}", f"J{rng.randint(1000, 9999)}"])
        tz = self.sender_tz()
        day = (START + timedelta(days=rng.randrange(SPAN_DAYS))).date()
        if self.template.get("sender", "vendor") in ("me", "recruiter", "manager", "coordinator", "agent"):
            hour = rng.choice([7, 8, 9, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22])  # people: waking hours
        else:
            hour = rng.randrange(24)
        self.sent_at = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=tz)
        day = (self.sent_at + timedelta(days=rng.randint(2, 9))).astimezone(self.tz).date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        self.interview_at = datetime(day.year, day.month, day.day, rng.choice([9, 10, 11, 13, 14, 15, 16]),
                                     rng.choice([0, 0, 30, 15]), tzinfo=self.tz)
        self.duration = rng.choice([30, 45, 60, 30, 90])
        self.slots = self._slots()

    def sender_tz(self):
        kind = self.template.get("sender", "vendor")
        if self.template.get("direction") == "out" or kind == "me":
            return ZoneInfo(CANDIDATE_TZ[self.cand["email"]])
        if kind in ("recruiter", "manager", "coordinator", "peer"):
            return self.tz
        if self.vendor in VENDORS or self.vendor in SYSTEMS:
            return UTC if self.rng.random() < 0.7 else ZoneInfo("America/Los_Angeles")
        return ZoneInfo(self.rng.choice(["America/New_York", "Europe/Berlin", "America/Chicago", "UTC",
                                         "Asia/Singapore", "Australia/Sydney"]))

    def when(self, dt: datetime | None = None) -> str:
        dt = dt or self.interview_at
        fmt = self.rng.choice([
            f"{dt:%A, %B} {dt.day} at {dt:%I:%M %p} {dt:%Z}".replace(" 0", " "),
            f"{dt:%a %d %b %Y}, {dt:%H:%M} ({dt.tzinfo.key})",
            f"{dt:%m/%d/%Y} {dt:%I:%M %p} {dt:%Z}",
            f"{dt:%A} {dt.day} {dt:%B} at {dt:%H:%M} {dt:%Z}",
            f"{dt:%Y-%m-%d %H:%M} {dt:%Z}",
        ])
        return fmt

    def _slots(self) -> dict:
        rng, cand = self.rng, self.cand
        vendor = VENDORS.get(self.vendor)
        link_vars = {"slug": self.slug, "num": rng.randint(4000000, 7999999), "uuid": f"{hexid(rng, 8)}-{hexid(rng, 4)}",
                     "hex": hexid(rng, 10).upper(), "short": rng.randint(10, 400), "company": self.company,
                     "company_nospace": self.company.replace(" ", "").replace("&", "")}
        link = vendor["link"].format(**link_vars) if vendor else f"https://{self.domain}/careers/{rng.randint(100, 999)}"
        alt = [self.interview_at + timedelta(days=d, hours=h) for d, h in ((0, 2), (1, -1), (2, 1))]
        end = self.interview_at + timedelta(minutes=self.duration)
        deadline = (self.sent_at + timedelta(days=rng.choice([3, 5, 7]))).astimezone(self.tz)
        friend, friend_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        me_addr = cand["alt"] if cand["alt"] and rng.random() < 0.2 else cand["email"]  # a second --me address
        r, m, c, p = self.recruiter, self.manager, self.coordinator, self.peer
        return {
            "first": cand["first"], "me": cand["name"], "me_addr": me_addr, "me_from": f'{cand["name"]} <{me_addr}>',
            "company": self.company, "domain": self.domain, "city": self.city, "role": self.role,
            "job_id": self.job_id, "link": link, "slug": self.slug,
            "greet": lambda rng: rng.choice(GREETINGS),
            "recruiter": r.name, "recruiter_first": r.first, "recruiter_title": r.title, "recruiter_from": r.addr(),
            "recruiter_addr": r.email,
            "manager": m.name, "manager_first": m.first, "manager_title": m.title, "manager_from": m.addr(),
            "manager_addr": m.email,
            "coordinator": c.name, "coordinator_first": c.first, "coordinator_from": c.addr(), "coordinator_addr": c.email,
            "peer": p.name, "peer_first": p.first, "peer_title": p.title, "peer_addr": p.email,
            "agency": self.agency, "agent": self.agent.name, "agent_first": self.agent.first,
            "agent_from": self.agent.addr(), "agency_domain": self.agency_domain, "agent_title": self.agent.title,
            "sig_recruiter": lambda rng: self.signature(r), "sig_manager": lambda rng: self.signature(m),
            "sig_coordinator": lambda rng: self.signature(c), "sig_peer": lambda rng: self.signature(p),
            "sig_agent": lambda rng: self.signature(self.agent, self.agency),
            "sig_me": lambda rng: rng.choice(["Best,\n{me}", "Thanks,\n{first}", "Kind regards,\n{me}\n{me_addr}",
                                              "Best regards,\n{me}\nlinkedin.com/in/{me_slug}", "Cheers,\n{first}",
                                              "Warm regards,\n{me}\n(555) 014-{phone4}"]),
            "me_slug": ascii_fold(cand["name"].replace(" ", "-")).replace(".", ""), "phone4": rng.randint(1000, 9999),
            "team": lambda rng: rng.choice(["The {company} Recruiting Team", "{company} Talent Acquisition",
                                            "The {company} Hiring Team", "{company} People Team",
                                            "Best regards,\n{company} Recruiting", "Thank you,\nTalent Acquisition, {company}"]),
            "when": lambda rng: self.when(), "when_day": f"{self.interview_at:%A}",
            "end_time": f"{end:%H:%M}", "duration": f"{self.duration} minutes",
            "slot1": self.when(alt[0]), "slot2": self.when(alt[1]), "slot3": self.when(alt[2]),
            "video": rng.choice([f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}",
                                 f"https://meet.google.com/{hexid(rng, 3)}-{hexid(rng, 4)}-{hexid(rng, 3)}",
                                 f"https://teams.microsoft.com/l/meetup-join/{hexid(rng, 12)}"]),
            "address": f"{rng.randint(10, 990)} {rng.choice(['Market', 'Harbor', 'Elm', 'Commerce', 'Canal'])} Street, {self.city}",
            "timeline": lambda rng: rng.choice(TIMELINES),
            "deadline": f"{deadline:%A, %B} {deadline.day}", "days": rng.choice(["3", "5", "7", "five", "seven"]),
            "test_minutes": rng.choice(["60", "75", "90", "120"]),
            "salary": f"${rng.randrange(95, 210) * 1000:,}", "start_date": f"{self.interview_at + timedelta(days=30):%B} {rng.randint(1, 28)}",
            "bonus": f"{rng.choice([5, 8, 10, 12, 15])}%", "orig_date": f"{self.sent_at - timedelta(days=rng.randint(1, 6)):%a, %b %d, %Y at %I:%M %p}",
            "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
            "n_jobs": rng.randint(3, 40), "friend": friend, "friend_last": friend_last, "friend_m": ascii_fold(friend),
            "friend_last_m": ascii_fold(friend_last.replace(" ", "").replace("'", "")),
            "me_last": cand["name"].split()[-1], "me_last_m": cand["name"].split()[-1].lower(),
            "amount": f"{rng.randint(4, 240)}.{rng.randint(0, 99):02d}", "order": f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}",
            "ticket": f"{rng.randint(100000, 999999)}", "hex": hexid(rng, 8),
        }

    def signature(self, person: Person, company: str | None = None) -> str:
        company = company or self.company
        return self.rng.choice([
            f"Best,\n{person.name}\n{person.title} | {company}",
            f"Thanks,\n{person.first}\n\n--\n{person.name}\n{person.title}\n{company}\n+1 (555) 01{self.rng.randint(10, 99)}-{self.rng.randint(1000, 9999)}",
            f"Kind regards,\n\n{person.name}\n{person.title}, {company}",
            f"Cheers,\n{person.first}\n{person.name} · {person.title} · {company}",
            f"Warmly,\n{person.name}\n{person.title}\n{company}",
            f"All the best,\n{person.first}",
            f"Best regards,\n{person.name}\n{person.title}\n{company} | {person.email.split('@')[1]}",
        ])

    def default_from(self) -> str:
        kind = self.template.get("sender", "vendor")
        if kind == "me":
            return "{me_from}"
        if kind in ("recruiter", "manager", "coordinator"):
            return "{" + kind + "_from}"
        if kind == "agent":
            return "{agent_from}"
        return VENDORS[self.vendor]["from"].replace("{slug}", self.slug)

    def headers(self, direction: str, sender: str) -> dict:
        rng, t = self.rng, self.template
        host = sender.rsplit("@", 1)[-1].rstrip(">").strip()
        if t.get("sender") == "me" or direction == "out":
            host = rng.choice(["mail.gmail.com", host, "outlook.com"])
        h = {}
        if rng.random() < 0.92:
            h["Message-ID"] = f"<{hexid(rng, 20)}@{host}>"
        if t.get("reply") and rng.random() < 0.9:
            parent = f"<{hexid(rng, 16)}@{rng.choice([self.domain, 'mail.gmail.com'])}>"
            h["In-Reply-To"] = parent
            h["References"] = parent
        if self.vendor in VENDORS and rng.random() < 0.35:
            h["Reply-To"] = self.recruiter.addr()
        if self.vendor in VENDORS and rng.random() < 0.15:
            h["Auto-Submitted"] = "auto-generated"
        bulk = t.get("bulk", 0.0)
        if bulk and rng.random() < bulk:
            list_host = t.get("list_host", "email.example-news.com").replace("{domain}", self.domain)
            h["List-Unsubscribe"] = f"<https://{list_host}/unsub/{hexid(rng, 12)}>"
            if rng.random() < 0.5:
                h["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            if rng.random() < 0.4:
                h["List-Id"] = f"<{t.get('list_id', 'news')}.{list_host}>"
            if rng.random() < 0.35:
                h["Precedence"] = "bulk"
        return h

    def ics(self, spec: dict) -> str:
        rng, start = self.rng, self.interview_at
        end = start + timedelta(minutes=self.duration)
        tzid = start.tzinfo.key
        organizer = spec.get("organizer") or (self.coordinator.name, self.coordinator.email)
        attendees = spec.get("attendees") or [(self.cand["name"], self.cand["email"]),
                                               (self.manager.name, self.manager.email),
                                               (self.peer.name, self.peer.email)][: rng.randint(2, 3)]
        stamp = self.sent_at.astimezone(UTC)
        fill = {k: v for k, v in self.slots.items() if isinstance(v, str)}
        lines = ["BEGIN:VCALENDAR", f"PRODID:{spec.get('prodid', '-//Google Inc//Google Calendar 70.9054//EN')}",
                 "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:REQUEST", "BEGIN:VEVENT",
                 f"DTSTART;TZID={tzid}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={tzid}:{end:%Y%m%dT%H%M%S}",
                 f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}", f'ORGANIZER;CN="{organizer[0]}":mailto:{organizer[1]}',
                 f"UID:{hexid(rng, 24)}@{spec.get('uid_host', 'google.com')}"]
        for name, addr in attendees:
            lines.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="{name}":mailto:{addr}')
        lines += [f"SUMMARY:{spec['summary'].format(**fill)}", f"LOCATION:{spec.get('location', '{video}').format(**fill)}",
                  f"DESCRIPTION:{spec.get('description', '').format(**fill)}", "SEQUENCE:0", "STATUS:CONFIRMED",
                  "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
        return "\r\n".join(fold(x) for x in lines) + "\r\n"


def fold(line: str) -> str:
    """RFC 5545 folding at 75 octets."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode()) > 75:
            out.append(cur)
            cur = " " + ch
        else:
            cur += ch
    return "\r\n".join(out + [cur])
