"""Build the API benchmark's data set fast: one busy job seeker and 50 others beside.

    .venv/bin/python bench/api_dataset.py --url postgresql://postgres@127.0.0.1:5432/tom_bench
    .venv/bin/python bench/api_dataset.py --url sqlite:////tmp/tom_bench.sqlite3 --scale 0.1

The database is dropped and recreated (its name must contain "bench").

At ``--scale 1`` the main user has 100,000 people (85 % with a LinkedIn slug, most with an
address), 8,000 companies, 20,000 opportunities (each with 1–5 contacts, a stage history,
interviews when it got that far), 150,000 threads (Gmail and Outlook) holding 1,000,000
messages, one touch per message as the sync records them, and a few thousand action
states; 50 other users each get a small search (200 people, 40 opportunities, 2,000
messages). Rows go in with PostgreSQL's COPY, or SQLAlchemy Core ``insert()`` executemany
in chunks on SQLite, into the schema Alembic creates. Prints the load time, the database
size and the row counts. The ``ledger`` (one row per processed message, nothing read by
the API) is left empty.
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.api_words import DETAILS, FIRST, LAST, PARAGRAPHS, ROLES, SUFFIXES, SYLLABLES, TITLES
from bench.bulk_load import Loader, database_size, recreate
from topofmind.store import models
from topofmind.store.database import make_engine, upgrade

MAIN_USER_EMAIL = "bench@example.com"
FULL = {"people": 100_000, "companies": 8_000, "opportunities": 20_000, "threads": 150_000, "messages": 1_000_000}
OTHER_USER = {"people": 200, "companies": 30, "opportunities": 40, "threads": 300, "messages": 2_000}
CHUNK = 20_000

RELATIONSHIPS = (("recruiter", 35), ("hiring_manager", 10), ("interviewer", 15), ("coordinator", 5),
                 ("networking_contact", 15), ("former_colleague", 8), ("referrer", 3), ("friend", 2), (None, 7))
SOURCES = (("online_application", 60), ("recruiter", 20), ("referral", 10), ("networking", 10))
# Most of a long search is history; the open part is recent; one offer accepted, or two.
STAGES = (("rejected", 38), ("closed", 14), ("withdrawn", 5), ("declined", 1), ("accepted", 0.01),
          ("lead", 5), ("applied", 22), ("screening", 6), ("interviewing", 6), ("offer", 2))
STAGE_RANK = {"lead": 0, "applied": 1, "screening": 2, "interviewing": 3, "offer": 4, "accepted": 4, "declined": 4}
TOUCH_KIND = {"application_confirmation": "confirmation", "interview_scheduled": "interview_scheduled",
              "rejection": "rejection", "offer": "offer", "status_update": "status_update",
              "recruiter_outreach": "outreach", "human_reply": "reply", "networking": "networking"}


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


class Ids:
    def __init__(self):
        self.next: dict[str, int] = defaultdict(lambda: 1)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class Generator:
    def __init__(self, loader: Loader, seed: int, now: datetime):
        self.loader, self.rng, self.now, self.ids = loader, random.Random(seed), now, Ids()
        self.rel_values, self.rel_weights = _weighted(RELATIONSHIPS)
        self.src_values, self.src_weights = _weighted(SOURCES)
        self.stage_values, self.stage_weights = _weighted(STAGES)
        self.buffers: dict = defaultdict(list)

    # -- buffering: parents are flushed before children (foreign keys are on in SQLite) --------
    ORDER = (models.User, models.MailAccount, models.Company, models.CompanyDomain, models.Person, models.PersonEmail, models.Opportunity,
             models.StageChange, models.OpportunityContact, models.Thread, models.Message, models.Interview, models.Touch, models.ActionState,
             models.AuditEntry)

    def add(self, model, row: dict) -> None:
        buf = self.buffers[model]
        buf.append(row)
        if len(buf) >= CHUNK and model in (models.Message, models.Touch, models.Interview):
            self.flush(upto=model)

    def flush(self, upto=None) -> None:
        for model in self.ORDER:
            self.loader.write(model, self.buffers.pop(model, []))
            if model is upto:
                return

    def ago(self, max_days: float, min_days: float = 0.0) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(min_days, max_days))

    def hexid(self, bits: int = 64) -> str:
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}"

    def conversation_id(self) -> str:
        return "AAQkAD" + base64.urlsafe_b64encode(self.rng.randbytes(33)).decode()

    # -- one user -----------------------------------------------------------------------------
    def user(self, email: str, sizes: dict[str, int], progress) -> int:
        rng, now = self.rng, self.now
        uid = self.ids.take("users")
        self.add(models.User, {"id": uid, "email": email, "name": email.split("@")[0].title(), "timezone": "Europe/Berlin",
                          "own_addresses": [email], "settings": {}, "created_at": now - timedelta(days=800)})
        accounts = []
        for provider in ("gmail", "outlook"):
            aid = self.ids.take("mail_accounts")
            accounts.append((aid, provider))
            self.add(models.MailAccount, {"id": aid, "user_id": uid, "provider": provider, "address": email,
                                     "status": "active", "consecutive_failures": 0, "created_at": now - timedelta(days=700),
                                     "last_success_at": now - timedelta(minutes=3)})
        companies = []
        for i in range(sizes["companies"]):
            cid = self.ids.take("companies")
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title() + f" {rng.choice(SUFFIXES)}"
            name = f"{name} {i}" if rng.random() < 0.3 else name
            domain = f"{name.lower().replace(' ', '')}-{i}.example"
            companies.append((cid, name, domain))
            self.add(models.Company, {"id": cid, "user_id": uid, "name": name, "normalized_name": name.lower(),
                                 "email_patterns": [{"pattern": "first.last", "count": 3, "confidence": 0.9}],
                                 "created_at": self.ago(720)})
            self.add(models.CompanyDomain, {"id": self.ids.take("company_domains"), "user_id": uid, "company_id": cid,
                                       "domain": domain})
        people = []  # (id, name, email, company index)
        for _ in range(sizes["people"]):
            pid = self.ids.take("people")
            first, last = rng.choice(FIRST), rng.choice(LAST)
            ci = rng.randrange(len(companies))
            slug = f"{first}-{last}-{self.hexid(32)[:8]}".lower() if rng.random() < 0.85 else None
            self.add(models.Person, {
                "id": pid, "user_id": uid, "name": f"{first} {last}", "first_name": first, "last_name": last,
                "title": rng.choice(TITLES), "company_id": companies[ci][0],
                "relationship": rng.choices(self.rel_values, self.rel_weights)[0],
                "preferred_channel": rng.choice((None, None, None, "email", "linkedin")),
                "linkedin_url": f"https://www.linkedin.com/in/{slug}/" if slug else None, "linkedin_slug": slug,
                "notes": None, "keep_in_touch": True, "created_at": self.ago(720)})
            address = None
            if rng.random() < 0.9:
                address = f"{first}.{last}.{pid}@{companies[ci][2]}".lower()
                self.add(models.PersonEmail, {"id": self.ids.take("person_emails"), "user_id": uid, "person_id": pid,
                                         "address": address, "is_guess": rng.random() < 0.1})
                if rng.random() < 0.1:
                    self.add(models.PersonEmail, {"id": self.ids.take("person_emails"), "user_id": uid, "person_id": pid,
                                             "address": f"{first}{pid}@mail.example".lower(), "is_guess": False})
            people.append((pid, f"{first} {last}", address, ci))
        self.flush(upto=models.PersonEmail)
        progress(f"  user {uid}: {len(companies)} companies, {len(people)} people")

        # Opportunities: most contacts come from 60 % of the people; the rest are network.
        contact_pool = people[: max(1, int(len(people) * 0.6))]
        opps = []  # (id, company index, stage, rank, start, end, [person ids])
        for _ in range(sizes["opportunities"]):
            oid = self.ids.take("opportunities")
            stage = rng.choices(self.stage_values, self.stage_weights)[0]
            is_open = stage in models.OPEN_STAGES
            created = self.ago(75 if is_open else 720, 1 if is_open else 20)
            rank = STAGE_RANK.get(stage, rng.randint(1, 3))
            end = now - timedelta(hours=rng.uniform(2, 400)) if is_open else \
                created + timedelta(days=rng.uniform(5, min(90, (now - created).days)))
            ci = rng.randrange(len(companies))
            self.add(models.Opportunity, {
                "id": oid, "user_id": uid, "company_id": companies[ci][0], "role": rng.choice(ROLES),
                "job_id": f"R-{rng.randint(10000, 99999)}" if rng.random() < 0.5 else None,
                "source": rng.choices(self.src_values, self.src_weights)[0], "stage": stage,
                "stage_changed_at": end, "applied_at": created if stage != "lead" else None,
                "decision_expected_by": (end + timedelta(days=7)).date() if rank >= 3 and rng.random() < 0.3 else None,
                "offer_in_writing": stage in ("offer", "accepted") and rng.random() < 0.5,
                "closed_at": None if is_open else end, "created_at": created})
            path = ["lead", "applied", "screening", "interviewing", "offer"][: rank + 1]
            path = path + ([stage] if stage not in path else [])
            prev = None
            for j, step in enumerate(path[1:] if len(path) > 1 else path):
                at = created + (end - created) * ((j + 1) / len(path))
                self.add(models.StageChange, {"id": self.ids.take("stage_changes"), "opportunity_id": oid,
                                         "from_stage": prev, "to_stage": step, "at": at, "reason": "from mail",
                                         "source": "auto"})
                prev = step
            contacts = {p[0] for p in rng.sample(contact_pool, min(len(contact_pool), rng.choice((1, 2, 2, 3, 3, 4, 5))))}
            for pid in sorted(contacts):
                self.add(models.OpportunityContact, {"id": self.ids.take("opportunity_contacts"), "opportunity_id": oid,
                                                "person_id": pid, "role": rng.choice(("recruiter", "hiring_manager",
                                                                                     "interviewer", "coordinator"))})
            self.add(models.AuditEntry, {"id": self.ids.take("audit_entries"), "user_id": uid, "at": created,
                                    "actor": "auto", "kind": "opportunity.created", "entity": "opportunity",
                                    "entity_id": oid, "before": None, "after": {"stage": stage},
                                    "summary": f"Opportunity at {companies[ci][1]} from mail", "confidence": 0.9,
                                    "needs_review": rng.random() < 0.02})
            opps.append((oid, ci, stage, rank, created, end, sorted(contacts)))
        self.flush(upto=models.OpportunityContact)
        progress(f"  user {uid}: {len(opps)} opportunities")
        self._threads(uid, accounts, companies, people, opps, sizes, progress)
        self.flush()
        return uid

    def _threads(self, uid, accounts, companies, people, opps, sizes, progress) -> None:
        rng, now = self.rng, self.now
        n_threads, n_messages = sizes["threads"], sizes["messages"]
        per_opp = max(1, int(n_threads * 0.73) // max(1, len(opps)))
        opp_threads = min(n_threads, per_opp * len(opps))  # the rest: networking and outreach threads
        by_id = {p[0]: p for p in people}
        made, written = 0, 0
        for t in range(n_threads):
            left_threads = n_threads - t
            count = max(1, min(40, round(rng.expovariate(1 / max(1.0, (n_messages - made) / left_threads)))))
            count = n_messages - made if t == n_threads - 1 else min(count, n_messages - made - (left_threads - 1))
            if count <= 0:
                break
            aid, provider = accounts[0] if rng.random() < 0.7 else accounts[1]
            if t < opp_threads:
                opp = opps[(t // per_opp) % len(opps)]
                oid, ci, stage, rank, start, end, contacts = opp
                nth = t % per_opp
                first = ("application_confirmation" if nth == 0 else
                         "interview_scheduled" if nth <= min(2, rank - 1) else
                         "rejection" if nth == per_opp - 1 and stage == "rejected" else
                         "offer" if nth == per_opp - 1 and rank == 4 else "status_update")
                participants = contacts
                subject = f"{ROLES[oid % len(ROLES)]} at {companies[ci][1]}"
                facts = {"company": companies[ci][1], "role": ROLES[oid % len(ROLES)]}
            else:
                oid, stage, rank, first = None, None, 0, rng.choice(("networking", "recruiter_outreach", "human_reply"))
                start, end = self.ago(720, 2), now - timedelta(hours=rng.uniform(1, 300))
                end = max(end, start + timedelta(hours=1))
                participants = [rng.choice(people)[0]]
                subject, facts = rng.choice(("Coffee next week?", "Catching up", "Quick question", "Intro")), {}
            tid = self.ids.take("threads")
            thread_key = self.hexid() if provider == "gmail" else self.conversation_id()
            self.add(models.Thread, {"id": tid, "user_id": uid, "account_id": aid, "provider": provider,
                                "provider_thread_id": thread_key, "opportunity_id": oid, "subject": subject})
            span = (end - start).total_seconds()
            times = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
            refs: list[str] = []
            for k, sent_at in enumerate(times):
                mid = self.ids.take("messages")
                pid = participants[k % len(participants)] if participants else None
                person = by_id.get(pid)
                out = k > 0 and k % 2 == 1
                category = first if k == 0 else ("outgoing" if out else "human_reply")
                kind = rng.choice(("follow_up", "thank_you", "other")) if out else None
                body = " ".join(rng.sample(PARAGRAPHS, 2)) + f" {rng.choice(DETAILS)}, {person[1] if person else 'Team'}"
                rfc = f"<{mid:x}.{self.hexid(32)}@mail.example>"
                self.add(models.Message, {
                    "id": mid, "user_id": uid, "account_id": aid, "thread_id": tid, "opportunity_id": oid,
                    "person_id": pid, "provider_message_id": self.hexid() if provider == "gmail" else
                    "AAMkAD" + base64.urlsafe_b64encode(self.rng.randbytes(30)).decode(),
                    "rfc_message_id": rfc, "in_reply_to": refs[-1] if refs else None, "references": refs[-3:],
                    "direction": "out" if out else "in", "sent_at": sent_at,
                    "subject": subject if k == 0 else f"Re: {subject}", "snippet": body[:140], "body_excerpt": body,
                    "from_address": None if out else (person[2] if person else "noreply@jobs.example"),
                    "from_name": None if out else (person[1] if person else "Careers"),
                    "to_addresses": [person[2]] if out and person and person[2] else [],
                    "cc_addresses": [], "labels": (["SENT"] if out else ["INBOX"]) if provider == "gmail" else [],
                    "category": category, "outgoing_kind": kind, "confidence": round(rng.uniform(0.6, 1.0), 2),
                    "reasons": ["subject", "sender"], "facts": facts, "content_hash": self.hexid(256)})
                refs.append(rfc)
                self.add(models.Touch, {"id": self.ids.take("touches"), "user_id": uid, "person_id": pid,
                                   "opportunity_id": oid, "message_id": mid, "channel": "email",
                                   "direction": "out" if out else "in",
                                   "kind": kind if out else TOUCH_KIND.get(category, "other"), "at": sent_at,
                                   "summary": subject[:300], "source": "sync"})
                if category == "interview_scheduled" and oid is not None:
                    starts = sent_at + timedelta(days=rng.uniform(1, 6))
                    self.add(models.Interview, {"id": self.ids.take("interviews"), "user_id": uid, "opportunity_id": oid,
                                           "starts_at": starts, "ends_at": starts + timedelta(minutes=45),
                                           "location": "Video call", "kind": "video", "cancelled": False,
                                           "message_id": mid, "interviewer_ids": participants[:2], "notes": None})
                if out and kind == "follow_up" and rng.random() < 0.1:
                    self.add(models.ActionState, {"id": self.ids.take("action_states"), "user_id": uid,
                                             "action_key": f"follow_up.p{pid or 0}.o{oid or 0}.m{mid}",
                                             "state": "done", "snoozed_until": None, "at": sent_at})
            made += count
            if made - written >= 100_000:
                written = made
                progress(f"  user {uid}: {made:,} messages")


def build(url: str, *, scale: float = 1.0, others: int = 50, seed: int = 7, progress=print) -> dict:
    """Recreate the database, create the schema, load the data set; returns seconds, size, row counts."""
    recreate(url)
    engine = make_engine(url)
    began = time.perf_counter()
    upgrade(engine)
    loader = Loader(engine)
    indexes = loader.drop_indexes()
    gen = Generator(loader, seed, datetime.now(UTC).replace(microsecond=0))
    sizes = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    progress(f"loading {sizes} for {MAIN_USER_EMAIL} and {others} other users into {engine.dialect.name}")
    gen.user(MAIN_USER_EMAIL, sizes, progress)
    for n in range(others):
        gen.user(f"user{n + 1}@example.org", OTHER_USER, lambda _msg: None)
    progress(f"  {others} other users; building {len(indexes)} indexes")
    loader.create_indexes(indexes)
    loader.fix_sequences()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    seconds = time.perf_counter() - began
    size = database_size(engine)
    engine.dispose()
    return {"seconds": seconds, "size_bytes": size, "counts": dict(loader.counts), "backend": engine.dialect.name}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (sqlite:///PATH or postgresql://...)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--others", type=int, default=50, help="other users with a small search (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = build(args.url, scale=args.scale, others=args.others, seed=args.seed)
    print(f"\n{'table':<22}{'rows':>12}")
    for table, count in sorted(result["counts"].items()):
        print(f"{table:<22}{count:>12,}")
    print(f"\nbackend {result['backend']}: load {result['seconds']:.1f} s, size {result['size_bytes'] / 2**20:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
