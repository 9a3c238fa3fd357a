"""The playbook: one table of rules, each citing the seed article it comes from.

Read a row as a sentence: *when* ``trigger``, *do* ``title``, *within* ``timing``, *by*
``channel``, drafted from ``template``, because ``article`` says so. ``find`` is the code that
spots the trigger in a History (in pipeline/interviews/outcomes/network). The timing text is
formatted with the user's settings, so docs/PLAYBOOK.md and the settings page never disagree
with the code.

The articles (their titles in ARTICLE_TITLES, listed under Sources in docs/PLAYBOOK.md):
  000  staying top-of-mind with hiring managers (thank-yous, occasional check-ins)
  001  after the interview: thank-you within 24 h, next steps, extra material
  002  polite persistent pings: follow up again within a week, reset after two, preferred channel
  003  outreach situations and timelines: networking, applications, interviews, offers, filled
  004  whom to follow up with, 24–36 h, after a résumé, after rejection, "time kills deals"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from topofmind.playbook import conversation, interviews, network, outcomes, pipeline
from topofmind.playbook.context import Context, Proposal
from topofmind.playbook.settings import PlaybookSettings

A000 = "000_36bd8928a2593085.txt"
A001 = "001_9515ce96f259ccec.txt"
A002 = "002_c4cd3cc87956f898.txt"
A003 = "003_a3c5e37a3451d788.txt"
A004 = "004_b040e89f92f45bb5.txt"
ARTICLES = (A000, A001, A002, A003, A004)
# How docs/PLAYBOOK.md cites each article (the file names are the articles' ids).
ARTICLE_TITLES = {
    A000: "Strategies for Staying Top-of-Mind with Hiring Managers (a chapter on rapport during the interview process)",
    A001: "Strategies for Staying Top-of-Mind with Hiring Managers (a chapter on following up after the interview)",
    A002: "Lucky job seekers follow up better than other candidates",
    A003: "Looking for a new job? (on follow-up after applying, networking, interviews and offers)",
    A004: "Follow Up Is Critical",
}


@dataclass(frozen=True)
class Rule:
    id: str  # also the Action kind and the draft template name
    number: int  # the rule's number in the playbook (issue 2)
    title: str
    trigger: str
    timing: str  # formatted with PlaybookSettings fields
    channel: str  # the default; a person's preferred channel wins; "task" = nothing to send
    template: str
    article: str
    find: Callable[[Context], Iterable[Proposal]]
    thank_you: bool = False  # thank-you notes are exempt from the 14-day spacing guard
    reply: bool = False  # answers a message: not outreach, never held back by spacing
    expires: bool = True  # event-bound: disappears once long past (see stale_after_days)

    @property
    def is_task(self) -> bool:
        return self.channel == "task"

    def timing_text(self, settings: PlaybookSettings) -> str:
        return self.timing.format(**_fmt(settings))


RULES: tuple[Rule, ...] = (
    Rule("answer", 0, "Answer the open question first",
         "Someone you met in your search asked or proposed something (a time, a document, "
         "\"are you available…\") and you have not answered; their pending thank-you or "
         "follow-up folds into the reply",
         "within {thank_you_hours} hours of their message",
         "email", "answer", A003, conversation.answer, reply=True),
    Rule("find_contact", 1, "Find the hiring contact and follow up",
         "You applied online and no recruiter or hiring manager is known yet",
         "{application_follow_up_min_days}–{application_follow_up_max_days} days after applying",
         "linkedin", "find_contact", A003, pipeline.find_contact),
    Rule("follow_up", 1, "Follow up on an application, offering value",
         "You applied online and know the recruiter or hiring manager; nobody has answered",
         "{application_follow_up_min_days}–{application_follow_up_max_days} days after applying",
         "email", "follow_up", A004, pipeline.application_follow_up),
    Rule("thank_referrer", 2, "Thank the person who referred you",
         "Someone passed your résumé on or referred you",
         "right away, within {thank_you_hours} hours",
         "email", "thank_referrer", A003, pipeline.thank_referrer, thank_you=True),
    Rule("contact_introduced", 2, "Contact the person you were referred to",
         "A referral put you in touch with someone at the company",
         "right away, within {thank_you_hours} hours",
         "email", "contact_introduced", A003, pipeline.contact_introduced),
    Rule("warm_follow_up", 2, "Warm follow-up with the referred contact",
         "Your first message to a referred contact got no answer",
         "{referral_follow_up_min_days}–{referral_follow_up_max_days} days after that message",
         "email", "warm_follow_up", A003, pipeline.warm_follow_up),
    Rule("second_follow_up", 3, "One more follow-up, then switch to check-ins",
         "A follow-up got no answer (stops after {max_unanswered_nudges} unanswered messages)",
         "{second_nudge_min_days}–{second_nudge_max_days} days after the last message",
         "email", "second_follow_up", A002, pipeline.second_follow_up),
    Rule("thank_you", 4, "Thank everyone involved in an interview",
         "An interview ended: each interviewer, the recruiter or coordinator who set it up, "
         "and (after the first interview) whoever helped you get it",
         "within {thank_you_hours} hours of the interview's end",
         "email", "thank_you", A001, interviews.thank_you, thank_you=True),
    Rule("status_follow_up", 5, "Ask for a status update after an interview",
         "An interview is over and the employer is silent",
         "{post_interview_status_days} days after (or the day after a stated timeline), then every "
         "{post_interview_repeat_days} days ({post_interview_repeat_count} times), then every "
         "{post_interview_monthly_days} days until an answer",
         "email", "status_follow_up", A003, interviews.status_follow_up, expires=False),
    Rule("at_risk", 6, "Opportunity at risk: line up other interviews",
         "A promised decision is {at_risk_grace_days} days late, or no word "
         "{at_risk_silence_days} days after an interview",
         "as soon as it is late",
         "task", "at_risk", A004, interviews.at_risk, expires=False),
    Rule("offer_in_writing", 7, "Get a verbal offer in writing",
         "An offer arrived and you do not have it in writing yet",
         "within a day of the offer",
         "email", "offer_in_writing", A003, outcomes.offer_in_writing),
    Rule("offer_review", 7, "Review and negotiate the offer",
         "An offer arrived", "within {offer_review_days} days of the offer",
         "email", "offer_review", A003, outcomes.offer_review),
    Rule("notify_other_opportunities", 7, "Tell the other employers you have accepted",
         "You accepted an offer and other applications are still open",
         "within {wrap_up_days} days of accepting",
         "email", "notify_other_opportunities", A003, outcomes.notify_other_opportunities),
    Rule("thank_helper", 7, "Thank everyone who helped in your search",
         "You accepted an offer: each referrer, introducer, helper and networking contact you met",
         "within {wrap_up_days} days of accepting",
         "email", "thank_helper", A003, outcomes.thank_helper, thank_you=True),
    Rule("rejection_reply", 8, "Answer a rejection gracefully",
         "A rejection, or the position was filled: to the hiring manager and the recruiter",
         "within {networking_follow_up_hours}–{follow_up_latest_hours} hours",
         "email", "rejection_reply", A004, outcomes.rejection_reply, thank_you=True),
    Rule("networking_follow_up", 9, "Follow up a new networking contact",
         "A networking meeting, an informational interview, a networking message, or a new contact",
         "within {networking_follow_up_hours} hours",
         "email", "networking_follow_up", A003, network.networking_follow_up),
    Rule("thank_introducer", 9, "Thank the person who introduced you",
         "Someone introduced you to a new contact",
         "within {thank_you_hours} hours",
         "email", "thank_introducer", A003, network.thank_introducer, thank_you=True),
    Rule("check_in", 10, "Check in with something of value",
         "Any contact worth keeping, once active follow-up is over",
         "every {check_in_min_days}–{check_in_max_days} days after the last contact",
         "email", "check_in", A003, network.check_in, expires=False),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def playbook_markdown(settings: PlaybookSettings | None = None) -> str:
    """docs/PLAYBOOK.md: the rules for a job seeker to review (tests keep the file in sync)."""
    settings = settings or PlaybookSettings()
    lines = [
        "# The follow-up playbook",
        "",
        "<!-- Generated from topofmind/playbook/rules.py by playbook_markdown(); do not edit. -->",
        "",
        "topofmind suggests these follow-ups. It never sends anything: you review each draft.",
        "Timings shown are the defaults; every one of them can be changed in your settings.",
        "",
        "| # | Rule | When | Timing | Channel | Source |",
        "|---|------|------|--------|---------|--------|",
    ]
    for r in RULES:
        lines.append(f"| {r.number} | {r.title} (`{r.id}`) | {r.trigger.format(**_fmt(settings))} | "
                     f"{r.timing_text(settings)} | {r.channel} | [{ARTICLES.index(r.article) + 1}] |")
    lines += [
        "",
        "## First, the conversation",
        "",
        "Before any rule drafts a follow-up, topofmind reads the conversation with that person:",
        "",
        "- A question or proposal from the other side that you have not answered (a time for",
        "  coffee, \"could you send…\", \"are you available…\") makes the next step **Answer <name>**",
        "  (rule 0), drafted as a reply to it. Whatever else they were due — a thank-you, a",
        "  follow-up, a check-in — folds into that one reply instead of arriving beside it",
        "  (\"address any questions that came up\" and \"respond within an acceptable timeframe\",",
        "  *5 Outreach situations and follow-up timelines*).",
        "- What you already sent closes or postpones the matching step: no thank-you after your own",
        "  thank-you for that interview, no follow-up while your last one is still fresh.",
        "- Only people met in your search get job outreach: recruiters, interviewers, hiring",
        "  managers, referrers, networking contacts and helpers. Family is never drafted to; a",
        "  friend or neighbour may get a personal check-in, never a job one (*Follow up is",
        "  critical*). A personal mailbox's domain is nobody's company.",
        "- No draft is addressed to a no-reply, ATS or scheduling address. When a rejection comes",
        "  from a team mailbox that accepts replies (careers@…) and no person is known, a short",
        "  gracious reply may go there.",
        "- Each person is thanked for their part: interviewers for the conversation, whoever",
        "  arranged it for arranging it, the referrer told that the interview happened",
        "  (*Strategies for Staying Top-of-Mind with Hiring Managers*).",
        "- Drafts use only what is known (the person's title, the interview's day, format and",
        "  panel, the role) and the one or two specifics you add on the card; they never promise",
        "  an article or attachment you did not give (*Lucky job seekers follow up better than",
        "  other candidates*: value, not fluff).",
        "",
        "## Guards over every rule",
        "",
        f"- At most one outreach to the same person within {settings.min_gap_days} days, thank-you "
        "notes excepted; an ongoing conversation about the same opportunity keeps its own pace.",
        "- A reply from the person resets their follow-up cycle.",
        "- An explicit no, or \"position filled\", closes the opportunity: only a gracious reply follows.",
        "- A next-step date the employer stated replaces the default wait.",
        "- The person's preferred channel (email, phone, LinkedIn, text, letter) wins.",
        "- Dates are in your timezone; work outreach that would fall on a weekend moves to "
        f"Monday {settings.work_day_start_hour:02d}:00.",
        "- What you marked done or dismissed stays so; a snoozed action comes back when the snooze ends.",
        f"- A missed, one-off action disappears {settings.stale_after_days} days after its latest "
        "date; the periodic check-in picks the person up again. Status follow-ups, at-risk "
        "warnings and check-ins stay until you act on them.",
        "",
        "## Sources",
        "",
        *[f"{n}. {ARTICLE_TITLES[article]}" for n, article in enumerate(ARTICLES, start=1)],
        "",
    ]
    return "\n".join(lines)


def _fmt(settings: PlaybookSettings) -> dict:
    return {k: getattr(settings, k) for k in settings.__dataclass_fields__}
