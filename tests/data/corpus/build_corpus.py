"""Build the labelled email corpus (corpus.jsonl) and its README.md from the phrasings in
the *_templates.py modules and the fictional world in corpus_world.py.

Deterministic: the same seed gives byte-identical output. Run from anywhere:
    .venv/bin/python tests/data/corpus/build_corpus.py          # writes corpus.jsonl + README.md
    .venv/bin/python tests/data/corpus/build_corpus.py --check  # fails if the files are stale

Template mini-language (in the template modules): «a|b|c» picks one alternative,
[[text]] keeps text half of the time, {slot} fills a slot. A message's role / job_id
labels are set only when the rendered template actually used {role} / {job_id}.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_slots as slotlib  # noqa: E402
import job_templates  # noqa: E402
import job_templates2  # noqa: E402
import noise_templates  # noqa: E402
import outgoing_templates  # noqa: E402
import people_templates  # noqa: E402
import schedule_templates  # noqa: E402
from corpus_world import CANDIDATES, EMPLOYERS, VENDORS  # noqa: E402

SEED = 20261120
CORPUS = HERE / "corpus.jsonl"
README = HERE / "README.md"

# How many messages each category gets (templates are used round-robin, slots random).
TARGETS = {
    "application_confirmation": 40,
    "interview_invitation": 36,
    "interview_scheduled": 34,
    "assessment": 34,
    "rejection": 36,
    "offer": 34,
    "status_update": 34,
    "recruiter_outreach": 34,
    "human_reply": 34,
    "networking": 32,
    "job_alert_or_newsletter": 50,
    "not_job_related": 54,
    "outgoing": 60,
}
JOB_CATEGORIES = set(TARGETS) - {"job_alert_or_newsletter", "not_job_related", "networking"}

CHOICE = re.compile(r"«([^«»]*)»")
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
SLOT = re.compile(r"\{(\w+)\}")


def render(text: str, slots: dict, rng: random.Random, used: set) -> str:
    text = CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = OPTIONAL.sub(lambda m: m.group(1) if rng.random() < 0.55 else "", text)

    def fill(m: re.Match) -> str:
        used.add(m.group(1))
        value = slots[m.group(1)]
        return value(rng) if callable(value) else str(value)

    # Slot values may themselves contain slots (a greeting mentions {first}): two passes.
    text = SLOT.sub(fill, text)
    text = CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = tidy(SLOT.sub(fill, text))
    if re.search(r"[«»]|\[\[|\]\]", text):
        raise ValueError(f"unbalanced template markup in: {text[:200]!r}")
    return text


def tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"(?<=\S) {2,}", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def to_html(text: str, rng: random.Random, footer: str | None = None) -> str:
    """A plausible HTML rendering of a plain text body (vendors wrap theirs in tables)."""
    paras = []
    for block in text.strip().split("\n\n"):
        lines = [escape(x) for x in block.split("\n")]
        if all(x.startswith("&gt;") for x in lines):
            paras.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
                         + "<br>".join(x[4:].lstrip() for x in lines) + "</blockquote>")
        else:
            paras.append("<p>" + "<br>\n".join(lines) + "</p>")
    style = rng.choice(["table", "div", "plain"])
    inner = "\n".join(paras)
    if footer:
        inner += f'\n<p style="color:#888;font-size:11px">{escape(footer)}</p>'
    if style == "table":
        return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>td{font-family:Arial,sans-serif}</style>'
                '</head><body><table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">'
                f'<table width="600"><tr><td>\n{inner}\n</td></tr></table></td></tr></table></body></html>')
    if style == "div":
        return f'<html><body><div dir="ltr" style="font-family:Helvetica">\n{inner}\n</div></body></html>'
    return f"<html><body>\n{inner}\n</body></html>"


def quote(text: str, author: str, when: str, rng: random.Random) -> str:
    """A quoted earlier message, the way mail clients write one."""
    quoted = "\n".join("> " + x if x else ">" for x in text.strip().splitlines())
    name, addr = author.rsplit(" <", 1) if " <" in author else (author, author)
    head = rng.choice([f"On {when}, {author} wrote:", f"On {when} {name} <{addr.rstrip('>')}> wrote:",
                       f"{name} wrote on {when}:"])
    if rng.random() < 0.2:  # Outlook style: no '>' prefixes, a header block
        return f"________________________________\nFrom: {author}\nSent: {when}\n\n{text.strip()}"
    return f"{head}\n{quoted}"


def escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Builder:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.n = 0

    def message(self, category: str, template: dict) -> dict:
        rng = self.rng
        self.n += 1
        cand = rng.choice(CANDIDATES)
        emp = EMPLOYERS[rng.randrange(len(EMPLOYERS))]
        vendor = rng.choice(template["vendor"]) if isinstance(template["vendor"], list) else template["vendor"]
        ctx = slotlib.Context(rng, cand, emp, vendor, template, self.n)
        used: set[str] = set()
        slots = ctx.slots
        if "quote" in template:
            slots["quote"] = quote(render(template["quote"], slots, rng, set()),
                                   render(template.get("quote_from", "{me_from}"), slots, rng, set()).strip(),
                                   slots["orig_date"], rng)
        subject = render(rng.choice(template["subject"]), slots, rng, used).strip()
        body = render(template["body"], slots, rng, used)
        sender = render(template.get("from") or ctx.default_from(), slots, rng, set()).strip()
        recipient = render(template.get("to", "{me_addr}"), slots, rng, set()).strip()
        direction = "out" if category == "outgoing" or template.get("direction") == "out" else "in"
        msg = {"id": "", "from": sender, "to": recipient}
        if template.get("cc"):
            msg["cc"] = render(template["cc"], slots, rng, set()).strip()
        msg["subject"] = subject
        msg["date"] = format_datetime(ctx.sent_at)
        footer = render(VENDORS[vendor]["footer"], slots, rng, set()) if vendor in VENDORS else None
        html_p, only_p = template.get("html", (0.5, 0.15) if vendor in VENDORS else (0.2, 0.0))
        roll = rng.random()
        if roll < only_p:
            msg["body"], msg["html"] = "", to_html(body, rng, footer)
        elif roll < html_p:
            msg["body"], msg["html"] = body + (f"\n{footer}\n" if footer else ""), to_html(body, rng, footer)
        else:
            msg["body"] = body + (f"\n--\n{footer}\n" if footer else "")
        headers = ctx.headers(direction, sender)
        if headers:
            msg["headers"] = headers
        if template.get("ics"):
            msg["ics"] = ctx.ics(template["ics"])
        is_job = category in JOB_CATEGORIES or template.get("company")
        outgoing_kind = template.get("kind") if category == "outgoing" else None
        msg["label"] = {
            "category": category,
            "direction": direction,
            "outgoing_kind": outgoing_kind,
            "company": emp[0] if is_job and template.get("company", True) else None,
            "role": ctx.role if is_job and "role" in used else None,
            "job_id": ctx.job_id if is_job and "job_id" in used else None,
            "vendor": vendor,
            "interview_at": ctx.interview_at.isoformat() if template.get("interview_at") else None,
        }
        return msg


def build(seed: int = SEED) -> list[dict]:
    builder = Builder(seed)
    pools = {**job_templates.TEMPLATES, **job_templates2.TEMPLATES, **people_templates.TEMPLATES, **schedule_templates.TEMPLATES,
             **noise_templates.TEMPLATES, "outgoing": outgoing_templates.TEMPLATES}
    pools["not_job_related"] = pools["not_job_related"] + outgoing_templates.PERSONAL
    messages = []
    for category, target in TARGETS.items():
        templates = pools[category]
        order = list(range(len(templates)))
        for i in range(target):
            if i % len(order) == 0:
                builder.rng.shuffle(order)
            messages.append(builder.message(category, templates[order[i % len(order)]]))
    builder.rng.shuffle(messages)
    for i, msg in enumerate(messages, 1):
        msg["id"] = f"c{i:04d}"
    return messages


def counts(messages: list[dict]) -> tuple[Counter, Counter, int]:
    cats = Counter(m["label"]["category"] + ("" if m["label"]["direction"] == "in" or
                                             m["label"]["category"] == "outgoing" else " (out)")
                   for m in messages)
    vendors = Counter(m["label"]["vendor"] for m in messages)
    employers = len({m["label"]["company"] for m in messages if m["label"]["company"]})
    return cats, vendors, employers


def readme(messages: list[dict]) -> str:
    cats, vendors, employers = counts(messages)
    head = (HERE / "README.head.md").read_text(encoding="utf-8")
    lines = [head.rstrip(), "", "## Counts (generated by build_corpus.py)", "",
             f"{len(messages)} messages, {employers} distinct employers, "
             f"{sum(1 for v in vendors if v in slotlib.SYSTEMS)} distinct sender systems (ATS, job boards, "
             "scheduling and assessment tools).", "",
             "| category | messages |", "|---|---|"]
    lines += [f"| {c} | {n} |" for c, n in sorted(cats.items())]
    kinds = Counter(m["label"]["outgoing_kind"] for m in messages if m["label"]["outgoing_kind"])
    lines += ["", "Outgoing kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ".",
              f"HTML-only: {sum(1 for m in messages if not m['body'])}; with a calendar invite: "
              f"{sum(1 for m in messages if m.get('ics'))}; noise (hard negatives): "
              f"{sum(1 for m in messages if m['label']['category'] in ('job_alert_or_newsletter', 'not_job_related'))}."]
    lines += ["", "| vendor / sender kind | messages |", "|---|---|"]
    lines += [f"| {v} | {n} |" for v, n in sorted(vendors.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    messages = build()
    text = "".join(json.dumps(m, ensure_ascii=False, sort_keys=False) + "\n" for m in messages)
    doc = readme(messages)
    if "--check" in argv:
        stale = [p.name for p, t in ((CORPUS, text), (README, doc))
                 if not p.exists() or p.read_text(encoding="utf-8") != t]
        if stale:
            print("stale, rerun build_corpus.py:", ", ".join(stale))
            return 1
        print("corpus is up to date")
        return 0
    CORPUS.write_text(text, encoding="utf-8")
    README.write_text(doc, encoding="utf-8")
    cats, vendors, employers = counts(messages)
    print(f"{len(messages)} messages, {employers} employers, {len(vendors)} vendor/sender kinds")
    for c, n in sorted(cats.items()):
        print(f"  {c:28} {n}")
    for v, n in sorted(vendors.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {v:28} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
