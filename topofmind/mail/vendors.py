"""Systems that write to candidates on an employer's behalf, and their sender domains.

An applicant-tracking system (ATS), a job board, a scheduling tool or an assessment
platform is never the employer: it is how the employer's mail reaches the candidate.
Other modules ask ``is_vendor_domain`` before treating a sender's domain as a company,
and ``vendor_for`` / ``vendor_kind`` to explain a message ("sent via Greenhouse").

Matching is by registrable suffix: ``us.greenhouse-mail.io`` and ``greenhouse-mail.io``
both belong to Greenhouse. Pure data plus two lookups; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ATS = "ats"
JOB_BOARD = "job_board"
SCHEDULING = "scheduling"
ASSESSMENT = "assessment"
PLATFORM = "platform"


@dataclass(frozen=True)
class Vendor:
    name: str
    kind: str
    domains: tuple[str, ...]


VENDORS: tuple[Vendor, ...] = (
    # Applicant-tracking systems.
    Vendor("Greenhouse", ATS, ("greenhouse.io", "greenhouse-mail.io")),
    Vendor("Lever", ATS, ("lever.co", "hire.lever.co")),
    Vendor("Workday", ATS, ("myworkday.com", "workday.com", "myworkdayjobs.com")),
    Vendor("Ashby", ATS, ("ashbyhq.com",)),
    Vendor("iCIMS", ATS, ("icims.com",)),
    Vendor("SmartRecruiters", ATS, ("smartrecruiters.com", "smartrecruitersmail.com")),
    Vendor("Workable", ATS, ("workable.com", "workablemail.com")),
    Vendor("BambooHR", ATS, ("bamboohr.com",)),
    Vendor("Jobvite", ATS, ("jobvite.com",)),
    Vendor("Taleo", ATS, ("taleo.net",)),
    Vendor("Teamtailor", ATS, ("teamtailor.com", "teamtailor-mail.com")),
    Vendor("Recruitee", ATS, ("recruitee.com", "recruiteemail.com")),
    Vendor("Personio", ATS, ("personio.de", "personio.com")),
    Vendor("JazzHR", ATS, ("jazzhr.com", "applytojob.com", "jazz.co")),
    Vendor("Breezy HR", ATS, ("breezy.hr", "breezyhr.com")),
    Vendor("SAP SuccessFactors", ATS, ("successfactors.com", "successfactors.eu", "sapsf.com", "sapsf.eu")),
    Vendor("UKG", ATS, ("ultipro.com", "ukg.com")),
    Vendor("Phenom", ATS, ("phenompeople.com", "phenom.com")),
    Vendor("Eightfold", ATS, ("eightfold.ai",)),
    Vendor("Avature", ATS, ("avature.net",)),
    Vendor("Pinpoint", ATS, ("pinpointhq.com",)),
    Vendor("Comeet", ATS, ("comeet.co", "comeet.com")),
    Vendor("Rippling", ATS, ("rippling.com", "rippling-mail.com")),
    Vendor("Dover", ATS, ("dover.com", "dover.io")),
    Vendor("Gem", ATS, ("gem.com",)),
    Vendor("Paylocity", ATS, ("paylocity.com",)),
    Vendor("Oracle Recruiting", ATS, ("oraclecloud.com",)),
    Vendor("Bullhorn", ATS, ("bullhornstaffing.com", "bullhorn.com")),
    Vendor("Homerun", ATS, ("homerun.co",)),
    Vendor("Manatal", ATS, ("manatal.com",)),
    Vendor("Freshteam", ATS, ("freshteam.com",)),
    Vendor("Zoho Recruit", ATS, ("zohorecruit.com", "zohorecruit.eu")),
    Vendor("ClearCompany", ATS, ("clearcompany.com",)),
    Vendor("Paradox", SCHEDULING, ("paradox.ai",)),
    # Job boards and professional networks.
    Vendor("LinkedIn", JOB_BOARD, ("linkedin.com", "linkedinmail.com", "e.linkedin.com")),
    Vendor("Indeed", JOB_BOARD, ("indeed.com", "indeedemail.com", "indeedmail.com")),
    Vendor("Glassdoor", JOB_BOARD, ("glassdoor.com",)),
    Vendor("ZipRecruiter", JOB_BOARD, ("ziprecruiter.com",)),
    Vendor("Monster", JOB_BOARD, ("monster.com",)),
    Vendor("Dice", JOB_BOARD, ("dice.com",)),
    Vendor("CareerBuilder", JOB_BOARD, ("careerbuilder.com",)),
    Vendor("SimplyHired", JOB_BOARD, ("simplyhired.com",)),
    Vendor("Wellfound", JOB_BOARD, ("wellfound.com", "angel.co", "angellist.com")),
    Vendor("Welcome to the Jungle", JOB_BOARD, ("otta.com", "welcometothejungle.com", "wttj.co")),
    Vendor("Built In", JOB_BOARD, ("builtin.com",)),
    Vendor("Handshake", JOB_BOARD, ("joinhandshake.com", "handshake.com")),
    Vendor("Hired", JOB_BOARD, ("hired.com",)),
    Vendor("Xing", JOB_BOARD, ("xing.com",)),
    Vendor("StepStone", JOB_BOARD, ("stepstone.de", "stepstone.com")),
    Vendor("Reed", JOB_BOARD, ("reed.co.uk",)),
    Vendor("Totaljobs", JOB_BOARD, ("totaljobs.com",)),
    Vendor("SEEK", JOB_BOARD, ("seek.com.au", "seek.co.nz")),
    Vendor("Naukri", JOB_BOARD, ("naukri.com",)),
    Vendor("Jobs.ch", JOB_BOARD, ("jobs.ch",)),
    Vendor("Talent.com", JOB_BOARD, ("talent.com",)),
    Vendor("Adzuna", JOB_BOARD, ("adzuna.com", "adzuna.co.uk")),
    Vendor("We Work Remotely", JOB_BOARD, ("weworkremotely.com",)),
    Vendor("Remote OK", JOB_BOARD, ("remoteok.com", "remoteok.io")),
    Vendor("FlexJobs", JOB_BOARD, ("flexjobs.com",)),
    Vendor("Jobright", JOB_BOARD, ("jobright.ai",)),
    # Platforms where people and companies post (code hosting, freelance marketplaces): the
    # sender's name there is an account, never the employer.
    Vendor("GitHub", PLATFORM, ("github.com", "githubusercontent.com")),
    Vendor("GitLab", PLATFORM, ("gitlab.com",)),
    Vendor("Bitbucket", PLATFORM, ("bitbucket.org",)),
    Vendor("Upwork", PLATFORM, ("upwork.com",)),
    Vendor("Fiverr", PLATFORM, ("fiverr.com",)),
    Vendor("Freelancer", PLATFORM, ("freelancer.com",)),
    # Electronic signature (offer letters).
    Vendor("DocuSign", "esign", ("docusign.net", "docusign.com")),
    Vendor("Adobe Acrobat Sign", "esign", ("echosign.com", "adobesign.com")),
    Vendor("Dropbox Sign", "esign", ("hellosign.com", "hellosign.net")),
    # Scheduling tools.
    Vendor("Calendly", SCHEDULING, ("calendly.com",)),
    Vendor("GoodTime", SCHEDULING, ("goodtime.io",)),
    Vendor("Prelude", SCHEDULING, ("prelude.co",)),
    Vendor("ModernLoop", SCHEDULING, ("modernloop.io",)),
    Vendor("Yello", SCHEDULING, ("yello.co",)),
    Vendor("Cronofy", SCHEDULING, ("cronofy.com",)),
    Vendor("Doodle", SCHEDULING, ("doodle.com",)),
    Vendor("YouCanBook.me", SCHEDULING, ("youcanbook.me",)),
    Vendor("Calendar Hero", SCHEDULING, ("calendarhero.com",)),
    Vendor("SavvyCal", SCHEDULING, ("savvycal.com",)),
    # Assessment and video-interview platforms.
    Vendor("HackerRank", ASSESSMENT, ("hackerrank.com", "hackerrankforwork.com")),
    Vendor("Codility", ASSESSMENT, ("codility.com",)),
    Vendor("CodeSignal", ASSESSMENT, ("codesignal.com",)),
    Vendor("TestGorilla", ASSESSMENT, ("testgorilla.com",)),
    Vendor("CoderPad", ASSESSMENT, ("coderpad.io",)),
    Vendor("Karat", ASSESSMENT, ("karat.io", "karat.com")),
    Vendor("HireVue", ASSESSMENT, ("hirevue.com",)),
    Vendor("Pymetrics", ASSESSMENT, ("pymetrics.ai", "pymetrics.com")),
    Vendor("Criteria", ASSESSMENT, ("criteriacorp.com",)),
    Vendor("SHL", ASSESSMENT, ("shl.com",)),
    Vendor("Mercer Mettl", ASSESSMENT, ("mettl.com",)),
    Vendor("Harver", ASSESSMENT, ("harver.com",)),
    Vendor("Vervoe", ASSESSMENT, ("vervoe.com",)),
    Vendor("Qualified", ASSESSMENT, ("qualified.io",)),
    Vendor("DevSkiller", ASSESSMENT, ("devskiller.com",)),
    Vendor("Spark Hire", ASSESSMENT, ("sparkhire.com",)),
    Vendor("Willo", ASSESSMENT, ("willo.video",)),
    Vendor("iMocha", ASSESSMENT, ("imocha.io",)),
    Vendor("CodinGame", ASSESSMENT, ("codingame.com",)),
    Vendor("Hackerearth", ASSESSMENT, ("hackerearth.com",)),
    Vendor("Woven", ASSESSMENT, ("woventeams.com",)),
)

# Mailbox providers: a sender there is a person, never a company's own domain.
FREEMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
    "mail.com", "zoho.com", "fastmail.com", "hey.com", "yandex.com", "tutanota.com",
    "qq.com", "163.com", "orange.fr", "free.fr", "laposte.net", "libero.it", "btinternet.com",
    "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "example.com", "example.org",
    "example.net",
})

_BY_DOMAIN: dict[str, Vendor] = {d: v for v in VENDORS for d in v.domains}
# Tools that write from a general-purpose domain: matched by the whole address.
_BY_ADDRESS: dict[str, Vendor] = {
    "calendar-notification@google.com": Vendor("Google Calendar", SCHEDULING, ()),
    "calendar-server@google.com": Vendor("Google Calendar", SCHEDULING, ()),
    "no-reply@zoom.us": Vendor("Zoom", SCHEDULING, ()),
    "no-reply@microsoft.com": Vendor("Microsoft Bookings", SCHEDULING, ()),
}


@lru_cache(maxsize=4096)  # one sender is looked up several times per message, and again in the next
def _lookup(domain: str | None) -> Vendor | None:
    if not domain:
        return None
    domain = domain.strip().lower().rstrip(".")
    if domain.startswith("@"):
        domain = domain[1:]
    if "@" in domain:
        if domain in _BY_ADDRESS:
            return _BY_ADDRESS[domain]
        domain = domain.rsplit("@", 1)[1]
    parts = domain.split(".")
    # Walk from the full name to its shortest suffix: mail.us.greenhouse-mail.io -> greenhouse-mail.io
    for i in range(len(parts) - 1):
        hit = _BY_DOMAIN.get(".".join(parts[i:]))
        if hit is not None:
            return hit
    return None


def is_vendor_domain(domain: str | None) -> bool:
    """True when mail from ``domain`` (or a whole address) comes from an ATS, job board, scheduling or assessment tool."""
    return _lookup(domain) is not None


def vendor_for(domain: str | None) -> str | None:
    """The vendor's display name for a sender domain (or address), e.g. 'Greenhouse'."""
    hit = _lookup(domain)
    return hit.name if hit else None


def vendor_kind(domain: str | None) -> str | None:
    """'ats', 'job_board', 'scheduling', 'assessment', 'esign' or 'platform' for a vendor domain, else None."""
    hit = _lookup(domain)
    return hit.kind if hit else None


def is_freemail(domain: str | None) -> bool:
    """True for personal-mailbox providers (gmail.com, outlook.com...)."""
    return bool(domain) and domain.lower().rstrip(".") in FREEMAIL_DOMAINS
