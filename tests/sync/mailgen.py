"""A deterministic generator of realistic synthetic job-search mail, written as a Takeout mbox.

Same (n, seed) -> same bytes. The mix: ATS application confirmations, recruiter interview
invitations and replies in the same thread, rejections, recruiter outreach, job alerts with
List-Unsubscribe, unrelated personal mail, and the candidate's own sent applications,
thank-you notes and follow-ups (labelled "Sent"). Formats vary on purpose: plain UTF-8
quoted-printable, multipart/alternative with HTML, ISO-8859-1, base64, RFC 2047 subjects,
and body lines starting with "From " (which the mbox writer escapes as ">From ").
All names and companies are invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ME = "alex.morgan@example.com"
ME_NAME = "Alex Morgan"

EMPLOYERS = [
    ("Northwind Analytics", "northwind-analytics.com"), ("Bluefin Robotics", "bluefinrobotics.io"),
    ("Cobalt Ledger", "cobaltledger.com"), ("Quillfeather Health", "quillfeather.health"),
    ("Sable Peak Software", "sablepeak.dev"), ("Tessellate Labs", "tessellatelabs.ai"),
    ("Kestrel Mobility", "kestrelmobility.com"), ("Nordlicht Systeme", "nordlicht-systeme.de"),
    ("Maison Ardoise", "maison-ardoise.fr"), ("Kōyō Instruments", "koyo-instruments.jp"),
]
PEOPLE = ["Dana Lee", "Marcus Hale", "Inés Duarte", "Priya Raman", "Tom Becker", "Yuki Sato",
          "Chloé Martin", "Sam Ortiz", "Lena Vogel", "Omar Haddad"]
ROLES = ["Data Engineer", "Backend Developer", "Product Analyst", "Site Reliability Engineer",
         "Machine Learning Engineer", "Platform Engineer"]
FRIENDS = [("Jamie Fox", "jamie.fox@example.org"), ("Rosa Kim", "rosa.kim@example.net")]
T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def _addr(name: str, domain: str) -> str:
    local = name.lower().replace(" ", ".").encode("ascii", "ignore").decode() or "someone"
    return f"{local}@{domain}"


class _Writer:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.clock = T0
        self.n = 0

    def tick(self) -> datetime:
        self.clock += timedelta(minutes=self.rng.randint(3, 60))
        return self.clock

    def base(self, *, sender: str, to: str, subject: str, domain: str, labels: str,
             thread: int, reply_to_id: str | None = None) -> EmailMessage:
        self.n += 1
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = format_datetime(self.tick())
        msg["Message-ID"] = f"<gen{self.seed}.{self.n}.{self.rng.getrandbits(32):08x}@{domain}>"
        if reply_to_id:
            msg["In-Reply-To"] = reply_to_id
            msg["References"] = reply_to_id
        msg["X-GM-THRID"] = str(thread)
        msg["X-Gmail-Labels"] = labels
        return msg


def _thread_id(rng: random.Random) -> int:
    # Real Gmail thread ids are 64-bit numbers around 1.7e18 (16 hex digits).
    return rng.randrange(0x1800000000000000, 0x19FFFFFFFFFFFFFF)


def _conversation(w: _Writer) -> list[EmailMessage]:
    """One application story: 1 to 5 messages in one or two threads."""
    rng = w.rng
    company, domain = rng.choice(EMPLOYERS)
    person = rng.choice(PEOPLE)
    role = rng.choice(ROLES)
    recruiter = f"{person} <{_addr(person, domain)}>"
    me = f"{ME_NAME} <{ME}>"
    out: list[EmailMessage] = []
    thread = _thread_id(rng)
    job = f"R-{rng.randint(10000, 99999)}"

    sent = w.base(sender=me, to=f"careers@{domain}", subject=f"Application: {role} ({job})",
                  domain="example.com", labels="Sent", thread=thread)
    sent.set_content(f"Hello {company} team,\n\nPlease find my application for the {role} role "
                     f"({job}).\nFrom my last role I bring five years of pipelines work.\n\n"
                     f"Best regards,\n{ME_NAME}\n", cte="quoted-printable")
    out.append(sent)
    conf = w.base(sender=f"{company} Careers <no-reply@{domain}>", to=me,
                  subject=f"Thank you for applying to {company}", domain=domain,
                  labels="Inbox,Category Updates", thread=thread)
    conf.set_content(f"Hi {ME_NAME.split()[0]},\n\nWe received your application for {role} "
                     f"(requisition {job}). Our team reviews every application and will reach "
                     f"out if there is a match.\n\nThe {company} Talent Team\n")
    conf.add_alternative(f"<html><body><p>We received your application for <b>{role}</b> "
                         f"({job}).</p></body></html>", subtype="html")
    out.append(conf)
    fate = rng.random()
    if fate < 0.45:
        when = w.clock + timedelta(days=rng.randint(2, 6))
        invite = w.base(sender=recruiter, to=me, subject=f"Interview for {role} at {company}",
                        domain=domain, labels="Inbox,Important", thread=_thread_id(rng))
        body = (f"Hi {ME_NAME.split()[0]},\n\nThanks for your interest in the {role} position. "
                f"We would like to invite you to a 45-minute video interview on "
                f"{when:%A, %B %d at %H:%M} UTC.\nPlease confirm if that works for you.\n\n"
                f"{person}\nTalent Acquisition, {company}\n")
        if rng.random() < 0.3:
            invite.set_content(body.encode("latin-1", "replace").decode("latin-1"), charset="iso-8859-1", cte="quoted-printable")
        else:
            invite.set_content(body, cte="base64" if rng.random() < 0.3 else "quoted-printable")
        out.append(invite)
        reply = w.base(sender=me, to=recruiter, subject=f"Re: Interview for {role} at {company}",
                       domain="example.com", labels="Sent", thread=int(invite["X-GM-THRID"]),
                       reply_to_id=invite["Message-ID"])
        reply.set_content(f"Hi {person.split()[0]},\n\nThat time works well for me. "
                          f"Looking forward to it.\n\nBest,\n{ME_NAME}\n")
        out.append(reply)
        if rng.random() < 0.6:
            thanks = w.base(sender=me, to=recruiter, subject=f"Thank you - {role} interview",
                            domain="example.com", labels="Sent", thread=_thread_id(rng))
            thanks.set_content(f"Dear {person.split()[0]},\n\nThank you for taking the time to "
                               f"talk with me today about the {role} role.\nFrom our "
                               f"conversation I am even more excited about {company}.\n\n"
                               f"Kind regards,\n{ME_NAME}\n")
            out.append(thanks)
    elif fate < 0.75:
        rej = w.base(sender=f"{company} Recruiting <jobs@{domain}>", to=me,
                     subject=f"Your application for {role}", domain=domain, labels="Inbox",
                     thread=thread, reply_to_id=conf["Message-ID"])
        rej.set_content(f"Dear {ME_NAME.split()[0]},\n\nThank you for your interest in {company}. "
                        f"After careful consideration we have decided to move forward with other "
                        f"candidates for the {role} role.\n\nWe wish you all the best.\n")
        out.append(rej)
    else:
        nudge = w.base(sender=me, to=f"careers@{domain}", subject=f"Following up: {role} ({job})",
                       domain="example.com", labels="Sent", thread=thread,
                       reply_to_id=sent["Message-ID"])
        nudge.set_content(f"Hello,\n\nI applied for the {role} role last week and wanted to "
                          f"follow up on my application.\n\nThank you,\n{ME_NAME}\n")
        out.append(nudge)
    return out


def _noise(w: _Writer) -> EmailMessage:
    rng = w.rng
    kind = rng.random()
    if kind < 0.4:
        msg = w.base(sender="JobBoard Alerts <alerts@jobboard.example>", to=ME,
                     subject=f"{rng.randint(3, 40)} new jobs for {rng.choice(ROLES)}",
                     domain="jobboard.example", labels="Category Promotions,Unread",
                     thread=_thread_id(rng))
        msg["List-Unsubscribe"] = "<https://jobboard.example/unsubscribe>"
        msg.set_content("New jobs matching your search:\n- Data Engineer, Remote\n"
                        "- Backend Developer, Berlin\n\nManage alerts in your settings.\n")
        msg.add_alternative("<html><body><ul><li>Data Engineer</li></ul></body></html>",
                            subtype="html")
    elif kind < 0.7:
        name, addr = rng.choice(FRIENDS)
        msg = w.base(sender=f"{name} <{addr}>", to=ME, subject="Dinner on Saturday?",
                     domain="example.org", labels="Inbox", thread=_thread_id(rng))
        msg.set_content("Hey! Are you free on Saturday? We could try the new place.\n\n"
                        "From what I heard the food is great.\n")
    elif kind < 0.85:
        company, domain = rng.choice(EMPLOYERS)
        person = rng.choice(PEOPLE)
        msg = w.base(sender=f"{person} <{_addr(person, domain)}>", to=ME,
                     subject="=?utf-8?q?Opportunit=C3=A9_at_?=" + company.replace(" ", "_"),
                     domain=domain, labels="Inbox", thread=_thread_id(rng))
        msg.set_content(f"Hi {ME_NAME.split()[0]},\n\nI came across your profile and think you "
                        f"could be a great fit for a {rng.choice(ROLES)} role at {company}. "
                        f"Would you be open to a quick call this week?\n\n{person}\nRecruiter\n")
    else:
        msg = w.base(sender="Bank <statements@bank.example>", to=ME,
                     subject="Your monthly statement is ready", domain="bank.example",
                     labels="Inbox,Category Updates", thread=_thread_id(rng))
        msg.set_content("Your statement for this month is available online.\n")
    return msg


def generate_messages(n: int, seed: int = 0) -> Iterator[bytes]:
    """Exactly ``n`` RFC 822 messages (bytes), deterministic for (n, seed)."""
    w = _Writer(seed)
    made = 0
    while made < n:
        group = _conversation(w) if w.rng.random() < 0.25 else [_noise(w)]
        for msg in group:
            if made == n:
                return
            yield msg.as_bytes()
            made += 1


BROKEN = {
    # Entries of an mbox that hold no message at all (a damaged export).
    "empty": b"",
    "nul_bytes": b"\x00\x00\x00\x00\x00\n",
}


def mbox_bytes(message: bytes, *, index: int) -> bytes:
    """One mbox entry: the From_ line, the mboxrd-escaped message, the blank separator line."""
    stamp = (T0 + timedelta(hours=index)).strftime("%a %b %d %H:%M:%S +0000 %Y")
    out = [f"From {1790000000000000000 + index}@xxx {stamp}\n".encode()]
    for line in message.replace(b"\r\n", b"\n").split(b"\n"):
        if line.lstrip(b">").startswith(b"From "):
            line = b">" + line
        out.append(line + b"\n")
    if not message.endswith(b"\n"):
        out.append(b"\n")
    return b"".join(out)


def write_mbox(path: Path, messages, *, append: bool = False) -> int:
    """Write messages (bytes) as an mbox; returns how many were written."""
    count = 0
    with open(path, "ab" if append else "wb") as fh:
        for i, message in enumerate(messages):
            fh.write(mbox_bytes(message, index=i))
            count += 1
    return count


def write_generated_mbox(path: Path, n: int, seed: int = 0) -> int:
    return write_mbox(path, generate_messages(n, seed))
