"""Phrase families: the wording of each kind of job-search message, as weighted regexes.

Each rule names a family ("asks for availability"), the category it supports, a weight,
and where it is looked for (subject, body or both). Families are written over many
phrasings (verbs, tenses, synonyms), never one sentence: the classifier is judged on real
mail it has never seen. Text is matched lower-cased, with typographic apostrophes folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUBJECT, BODY, BOTH = "subject", "body", "both"


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    weight: float
    pattern: re.Pattern
    where: str = BOTH


def _rules(category: str, items) -> list[Rule]:
    out = []
    for item in items:
        name, weight, pattern = item[:3]
        where = item[3] if len(item) > 3 else BOTH
        out.append(Rule(name, category, weight, re.compile(pattern), where))
    return out


_W = r"(?:[\w'-]+\s+){0,3}"  # up to three filler words ("a quick 30-minute video")
_MEET = r"(?:interview|call|chat|conversation|screen(?:ing)?|meeting|onsite|on-site|loop|session)"

# Applications that are not for a job: a flat, a loan, a card, a grant.
NOT_JOB_APPLICATION = re.compile(
    r"\b(?:rental|lease|leasing|apartment|unit \w+|tenan\w+|landlord|loan|mortgage|credit card|card application|"
    r"credit limit|card|credit union|admissions?|msc|mba|ph\.?d|degree|bachelor\w*|master'?s|enrol\w*|tuition|membership|scholarship|grant|visa|passport|permit|insurance (?:policy|claim)|claim|"
    r"pre-?approv\w+|account application|library card|volunteer|programmes?|study programs?|courses?|semester|"
    r"intake|undergraduate|postgraduate|graduate school|cohort|offer of admission|place on the)\b"
)

INCOMING: list[Rule] = []

INCOMING += _rules("application_confirmation", [
    ("application sent", 2.5, r"\bapplication (?:sent|submitted|received)\b|\byou applied (?:to|for)\b", SUBJECT),
    ("thanks for applying", 2.5, r"\bthanks?(?: you)?(?: so much| again)? for (?:applying|your (?:recent )?application|submitting (?:your|an) application|your interest in (?:the|our|joining|working))|\bthanks?(?: you)? for your interest in (?:[\w&/,().'-]+ ){1,12}(?:position|role|opening|vacancy|job)\b"),
    ("application received", 3.0, r"\b(?:we(?:'ve| have)?|has been|have been|was|were|is) (?:successfully |now )?(?:received|submitted|completed)\b.{0,40}\b(?:application|resume|cv|submission)|\b(?:application|resume|cv|submission)\b.{0,40}\b(?:has been|was|is|were) (?:successfully )?(?:received|submitted|complete[d]?)\b"),
    ("received your application", 3.5, r"\b(?:received|got|have) your (?:application|resume|cv|submission)\b"),
    ("application sent to", 5.0, r"\byour application (?:was|has been) sent to\b"),
    ("you applied", 2.5, r"\byou(?:'ve| have)? (?:successfully |just )?applied\b|\bapplication (?:confirmation|received|submitted|complete)\b"),
    ("we will review", 1.5, r"\b(?:we|team|recruiters?|hiring manager)(?:'ll| will| are going to)? (?:now )?(?:carefully |be )?(?:review|reviewing|look(?:ing)? (?:over|at)|assess(?:ing)?) (?:your|all|each|the) (?:application|applications|resume|cv|profile|qualifications|experience|background|submission)"),
    ("if a match", 1.5, r"\bif (?:your|you(?:r)?|there(?:'s| is)) (?:\w+ ){0,4}(?:match|fit|aligns?|a good fit|qualif)"),
    ("subject: application", 2.0, r"\b(?:application (?:received|submitted|confirmation|confirmed|complete)|thanks? (?:you )?for applying|we(?:'ve)? received your application|your application (?:to|for|at|with))\b", SUBJECT),
])

INCOMING += _rules("rejection", [
    ("filled elsewhere", 5.0, r"\b(?:filled|closed) the (?:role|position|job|opening|req)\b|\bgoing in a different direction\b|\bwish i had better news\b|\bpursu\w+ (?:other |different )?(?:candidates|applicants)\b|\b(?:decided|chosen) to (?:go|move) (?:forward )?with (?:a|another|someone)\b"),
    ("chose someone else", 5.0, r"\b(?:chosen|selected|offered the (?:role|position|job) to|gone with|hired|decided on|made an offer to) (?:a|another|one|someone|an?) (?:other |different |internal )?(?:candidate|applicant|person|someone|whose)\b|\boffered the (?:role|position|job) to someone\b"),
    ("role closed", 5.0, r"\b(?:role|position|job|requisition|opening) (?:is|has been|was) no longer (?:open|available)\b|\b(?:closing|withdrawing|closed) (?:all )?(?:remaining |open |other )?applications\b"),
    ("not going to move forward", 5.0, r"\b(?:not going to|won't be able to|can't|cannot|unable to|decided not to) (?:move|moving|go|proceed|progress|continue|advance)(?: forward| ahead)?\b"),
    ("unfortunately", 1.5, r"\b(?:unfortunately|sadly|regrettably)\b"),
    ("regret to inform", 2.5, r"\b(?:regret|sorry|sad) to (?:inform|let you know|share|tell|say)\b|\bwe regret\b"),
    ("other candidates", 5.0, r"\b(?:decided|chosen|decision|elected|opted|going|plan) (?:to |not to )?(?:move|moving|go|going|proceed|proceeding|continue|pursue|pursuing|progress|advance)(?: forward| ahead)? with (?:other|another|a different|different|candidates|applicants|someone|a candidate)"),
    ("not moving forward", 5.0, r"\b(?:not|won't|will not|unable to|cannot|can't|decided not to|chosen not to) (?:be )?(?:moving|move|proceed|proceeding|progress|progressing|advance|advancing|continue|continuing|take|taking|offer(?:ing)?)(?: forward| further| ahead)? (?:with (?:your|you|the next)|your (?:application|candidacy))"),
    ("not proceed", 3.0, r"\b(?:will not|won't|not) be (?:moving|proceeding|progressing|advancing|extending|pursuing)\b|\bnot (?:to )?(?:proceed|progress|advance) (?:further|with)\b"),
    ("position filled", 3.0, r"\b(?:position|role|requisition|job|opening|vacancy) (?:has been|was|is now|has now been|is) (?:filled|closed|cancelled|canceled)\b"),
    ("not selected", 4.0, r"\b(?:not|weren't|were not|wasn't|was not|haven't been|have not been) (?:been )?(?:selected|shortlisted|successful)\b"),
    ("closer match", 2.5, r"\b(?:more|most|better) (?:closely )?(?:match(?:es|ed)?|aligned?|suited|fit)\b|\bexperience (?:more|better) (?:closely )?align"),
    ("keep on file", 1.5, r"\bkeep (?:your|you) (?:resume|cv|details|information|profile|application|in mind)\b|\b(?:on file|in our (?:talent )?(?:pool|database))\b"),
    ("best in your search", 1.5, r"\bwish(?:ing)? you (?:the best|all the best|every success|success|luck|well)\b|\b(?:future|job search|career) (?:endeavou?rs|search|success)\b"),
    ("careful consideration", 1.5, r"\bafter (?:careful|thoughtful|much|a lot of) (?:consideration|review|deliberation|thought)\b|\bdifficult decision\b|\bhighly competitive\b"),
    ("not a fit", 2.5, r"\bnot (?:a|the right|the best) (?:fit|match)\b|\b(?:isn't|is not|wasn't|was not) (?:a|the right) (?:fit|match)\b"),
    ("no longer considered", 3.0, r"\bno longer (?:under consideration|being considered|in consideration|moving forward)\b"),
    ("subject: decision", 1.0, r"\b(?:your application|application status|update on your application|regarding your application)\b", SUBJECT),
])

INCOMING += _rules("offer", [
    ("offer you the role", 5.0, r"\b(?:like|love|want|pleased|delighted|happy|excited|thrilled) to offer you\b|\boffer you the (?:\w+ ){0,5}(?:role|position|job)\b"),
    ("make you an offer", 5.0, r"\b(?:make|making|extend|send|sending) you (?:an|a formal|a written|the) offer\b|\bwe(?:'d| would) (?:like|love) to (?:make|extend) (?:you )?an offer\b|\bwant you on the team\b|\b(?:the answer is yes|you got the job|love for you to join us)\b"),
    ("compensation figures", 3.0, r"\$\s?\d{2,3}(?:,\d{3}|k)\b|\b(?:target bonus|annual bonus|base of|base salary of|equity grant|compensation summary|the (?:full )?package)\b"),
    ("work together", 1.5, r"\b(?:can't wait to|looking forward to|excited to) (?:work(?:ing)? (?:with you|together)|have you (?:on board|join))\b|\b(?:you )?joining (?:us|the team)\b"),
    ("extend an offer", 6.0, r"\b(?:pleased|delighted|excited|happy|thrilled|glad) to (?:extend|offer|make|share)(?: you)? (?:an? |the |our )?(?:formal |verbal |written |official )?(?:offer|position)\b|\bextend(?:ing)?(?: you)? (?:an?|the|our) (?:formal |verbal |written |official )?offer\b"),
    ("offer letter", 3.0, r"\boffer (?:letter|of employment|package|details|paperwork)\b|\b(?:job|employment|formal|written|verbal|official) offer\b"),
    ("compensation terms", 1.0, r"\b(?:base salary|annual salary|compensation|signing bonus|sign-on bonus|equity|stock options|rsus?|relocation package|benefits package)\b"),
    ("start date", 1.0, r"\b(?:start date|proposed start|first day)\b"),
    ("sign the offer", 2.0, r"\b(?:sign|review|accept|countersign|e-?sign)(?:ed)? (?:and return )?(?:the|your) (?:offer|letter|contract)\b|\baccept (?:the|our|this) offer\b"),
    ("welcome aboard", 2.0, r"\bwelcome (?:to the team|aboard)\b|\bcongratulations\b"),
    ("subject: offer", 2.0, r"\boffer\b", SUBJECT),
])

INCOMING += _rules("interview_invitation", [
    ("get to know you", 3.0, r"\b(?:like|love|want) to (?:get to know you|meet you|talk to you|speak (?:with|to) you|chat with you)\b|\b(?:read|reviewed|went through|looked at) your (?:application|r[eé]sum[eé]|cv)\b"),
    ("bring you in", 4.0, r"\b(?:bring you in|invite you (?:in|on-?site|onsite)|coordinat\w+ (?:your|the) (?:interviews?|loop|onsite)|final round|the loop is|interview loop)\b"),
    ("time for a call", 2.0, r"\b(?:would|do) you have (?:time|\d+ minutes|a few minutes) for an?\b|\bwould you be (?:up for|free for|open to|available for) an? (?:\d+[- ]minute |short |quick |brief )?(?:intro |introductory |phone |video )?(?:call|chat|conversation)\b|\b(?:could|can) you (?:send|share|let me know|suggest|propose) (?:me |us )?(?:a few |some |your )?(?:times|slots|availability|windows)\b"),
    ("would like to schedule", 4.0, rf"\b(?:like|love|want|happy|pleased|excited|delighted|keen) to (?:invite you|schedule|set up|setup|arrange|book|organi[sz]e|line up|move forward with|have) {_W}{_MEET}"),
    ("invite to interview", 4.0, rf"\binvit(?:e|es|ed|ing|ation) (?:you )?(?:to|for) {_W}{_MEET}"),
    ("asks availability", 3.0, r"\b(?:your|share your|send (?:me|us) your|let (?:me|us) know your|what(?:'s| is) your|provide your|with your|confirm your|know your) (?:general )?availability\b|\bwhen (?:are|would) you (?:be )?(?:free|available)\b|\bare you (?:free|available)\b"),
    ("pick a time", 3.0, r"\b(?:select|pick|choose|book|grab|find|schedule) (?:a |an |your )?(?:convenient |preferred |suitable )?(?:time|slot|time ?slot|date and time)\b|\b(?:self-schedule|scheduling link|schedule here|booking link)\b"),
    ("which times work", 3.0, r"\b(?:what|which) (?:times?|days?|dates?|slots?) (?:work|would work|suit|are good|fit)\b|\b(?:times?|slots?|days?) that (?:work|suit)s? (?:best )?for you\b|\bwork for you\??\b.{0,40}\b(?:monday|tuesday|wednesday|thursday|friday)"),
    ("next step is a call", 2.5, rf"\b(?:next|first) (?:step|round|stage)s? (?:is|would be|will be|in (?:the|our) process is) {_W}{_MEET}"),
    ("screen call", 1.0, r"\b(?:phone|video|technical|initial|intro|introductory|recruiter|hiring manager|first-round|first round|final round|panel) (?:screen|interview|call|chat)\b"),
    ("scheduling tool link", 2.0, r"calendly\.com|goodtime\.io|/schedule|cal\.com/|savvycal\.com|youcanbook\.me"),
    ("subject: interview request", 2.0, r"\b(?:interview (?:request|invitation|invite)|invitation to (?:an? )?interview|schedul(?:e|ing) (?:an? |your )?(?:interview|call|chat)|let's (?:chat|talk|connect)|next steps?)\b", SUBJECT),
])

INCOMING += _rules("interview_scheduled", [
    ("booked you", 3.5, r"\b(?:booked|scheduled|put) you (?:in |down )?(?:for|on|at)\b|\b(?:interview|call|session) will take place\b"),
    ("time agreed", 4.0, r"\b(?:great|perfect|sounds good|ok|okay|excellent|wonderful)[,!.]?\s+(?:\w+\s+)?(?:works|it is|that works)\b|\bi(?:'ll| will) (?:give you a (?:ring|call)|call you|ring you|phone you|send (?:you )?(?:the|a) (?:link|invite|calendar))\b|\b(?:talk|speak|see you) (?:to you )?then\b"),
    ("interview confirmed", 4.0, rf"\b{_MEET} (?:is|has been|was|have been|are|'s) (?:now )?(?:confirmed|scheduled|booked|set|rescheduled|moved|locked in)\b|\b{_MEET} (?:for|with|on) [^.\n]{{1,60}}? (?:is|has been|was) (?:now )?(?:confirmed|scheduled|booked|set)\b|\b(?:confirmed|scheduled|booked) (?:your|the|an?) {_W}{_MEET}"),
    ("confirming the interview", 3.5, rf"\b(?:confirm(?:ing|ed|s)?|confirmation (?:of|for)) (?:your |the |our )?{_W}{_MEET}"),
    ("all set", 3.0, r"\byou(?:'re| are) (?:all set|confirmed|scheduled|booked|on the calendar)\b"),
    ("see you on", 2.5, r"\blook(?:ing)? forward to (?:speaking|talking|meeting|chatting|seeing|connecting) (?:with )?you (?:on|at|tomorrow|next|this)\b|\bsee you (?:on|at|tomorrow|next|then)\b"),
    ("calendar invite sent", 2.5, r"\bcalendar (?:invit(?:e|ation)|hold)s? (?:has been |have been |was |were |will be |is |are )?(?:sent|attached|to follow|on its way|coming)\b|\b(?:sent|attached|sending|forwarded)(?: you)? (?:a|the|an) (?:calendar )?invit(?:e|ation)\b"),
    ("meeting details", 1.5, r"\b(?:join(?:ing)?|dial[- ]in|meeting|video|zoom|teams|google meet) (?:link|details|id|info|information|instructions)\b|zoom\.us/j|meet\.google\.com|teams\.microsoft\.com/l/meetup"),
    ("agenda", 1.0, r"\b(?:you(?:'ll| will) (?:meet|speak|be meeting|be speaking) with|agenda|interview panel|the panel)\b"),
    ("subject: confirmed", 3.0, r"^(?:updated )?invitation:|\b(?:interview|call|meeting) (?:confirmed|confirmation|scheduled|details|rescheduled)\b|\bconfirmed:", SUBJECT),
])

INCOMING += _rules("assessment", [
    ("practical exercise", 3.0, r"\b(?:practical|pairing|design|coding|technical|written|data|sample|short) (?:exercise|challenge|task|assignment|test|brief)\b|\bthe (?:brief|materials|dataset) (?:is|are) attached\b"),
    ("assessment", 3.0, r"\b(?:assessment|coding (?:challenge|test|exercise|assignment|task)|take[- ]home|technical (?:exercise|test|assignment|challenge|task)|online (?:test|exercise|assessment)|skills? test|aptitude test|case study|work sample|(?:homework|home) (?:assignment|exercise)|(?:one-way|recorded|async(?:hronous)?|on-demand) video interview|personality (?:test|questionnaire))\b"),
    ("assessment tool", 2.5, r"\b(?:hackerrank|codility|codesignal|testgorilla|coderpad|hirevue|karat|pymetrics|criteria|shl|vervoe|devskiller|qualified\.io|codingame|hackerearth)\b"),
    ("complete the test", 3.0, r"\b(?:complete|submit|finish|take|start|attempt|begin) (?:the|this|your|an?|our) (?:\w+[- ]){0,2}(?:assessment|test|challenge|exercise|assignment|questionnaire|evaluation|task)\b"),
    ("deadline", 1.0, r"\b(?:within|in) (?:the next )?\d+ (?:hours|days)\b|\b(?:link|invitation|invite) (?:will )?expires?\b|\btime limit\b"),
])

INCOMING += _rules("status_update", [
    ("still in the running", 3.0, r"\b(?:still (?:very much )?in the running|keep you in the process|still (?:under )?consider\w+|(?:won't|will not|don't|do not) have a decision|(?:advanced|moved|progressed|passed|forwarded) (?:on )?to (?:the )?(?:hiring manager|next|final|second|technical|team)|(?:sharing|forwarding) (?:the )?(?:note|feedback) from)\b"),
    ("under review", 3.5, r"\b(?:application|candidacy|profile|resume|cv)\b.{0,30}\b(?:is|remains|has been|was|are) (?:still |currently |now )?(?:under review|being reviewed|in review|viewed|reviewed|shortlisted|moved|forwarded|on hold|paused|progressing|with the hiring)\b"),
    ("still reviewing", 2.5, r"\b(?:still|currently|actively) (?:reviewing|considering|evaluating|interviewing|working through|finali[sz]ing)\b"),
    ("moved forward", 2.5, r"\b(?:moved|moving|advanced|advancing|progressed|progressing|passed) (?:you |your (?:application|candidacy|profile) )?(?:forward |on |ahead )?to the (?:next|following) (?:stage|step|round|phase)\b"),
    ("on hold", 2.5, r"\b(?:on hold|paused|delayed|taking (?:a bit |a little )?longer|slower than|(?:hiring|recruiting|interview) (?:process|timeline|decision)s? (?:has|have|is|are|was) (?:been )?(?:delayed|paused|extended|taking))\b"),
    ("quick update", 2.5, r"\b(?:wanted to|want to|just|to) (?:give you an?|provide (?:you with )?an?|share an?|send (?:you )?an?) (?:quick |brief |short )?(?:update|status update)\b|\bquick update\b"),
    ("viewed your application", 3.0, r"\b(?:viewed|looked at|reviewed|opened|downloaded) your (?:application|profile|resume|cv)\b"),
    ("application status", 2.0, r"\bstatus (?:of your application|update|has changed)\b|\bapplication (?:status|update)\b"),
    ("no decision yet", 2.5, r"\b(?:haven't|have not|has not|hasn't) (?:forgotten|made a (?:final )?decision|been (?:a|any) decision)\b|\bno (?:final )?decision (?:yet|has been made)\b"),
    ("subject: update", 2.0, r"\b(?:application (?:update|status)|update on your application|status update|your application was viewed|update regarding)\b", SUBJECT),
])

INCOMING += _rules("recruiter_outreach", [
    ("intro call", 1.5, r"\bintro(?:ductory)? (?:call|chat)\b"),
    ("reached out to you", 3.0, r"\breached out to you\b|\bwants to (?:chat|talk|connect with you about)\b|\b(?:loved|liked) your profile\b|\byour profile (?:fits|matches|stood out|looks like)\b"),
    ("new role for you", 3.0, r"\b(?:(?:just )?opened|have|got) an? (?:new )?[\w ,&/-]{0,40}(?:position|role|opening) (?:that|which|and) (?:i think |we think )?(?:suits|fits|matches|might (?:suit|interest))\b|\bwe(?:'re| are) (?:looking for|hiring) an?\b|\bsuggested i (?:reach out|contact you|get in touch)\b|\bpassed (?:along )?your name\b|\b(?:read|enjoyed) your (?:blog|post|article|talk|paper)\b|\bany interest\b|\bif you(?:'re| are) curious\b"),
    ("saw your profile", 3.5, r"\b(?:came across|found|saw|noticed|reviewed|read|looked at|impressed (?:by|with)|was struck by|stumbled (?:upon|on)) your (?:\w+ )?(?:profile|background|experience|resume|cv|work|github|portfolio|talk|post)\b"),
    ("i am a recruiter", 2.5, r"\b(?:i(?:'m| am)|we(?:'re| are)) (?:a |an |the )?(?:\w+ )?(?:recruiter|recruiting (?:for|on)|sourcer|talent partner|headhunter|search consultant|working with|partnering with|retained by)\b"),
    ("open to a role", 3.0, r"\b(?:would you|are you|might you|if you(?:'re| are)|you might) (?:be )?(?:open|interested|available|up|keen) (?:to|in|for) (?:a |an )?(?:new |exploring |hearing |learning |discussing |quick |brief |short )?(?:chat|conversation|call|opportunit|role|position|move|change|something)"),
    ("client", 3.0, r"\b(?:my|our) client\b|\b(?:on behalf of|working with|partnered with|partnering with) (?:a|an|my|our|one of our) (?:\w+ )?client"),
    ("reaching out about", 2.0, r"\b(?:reaching out|reach out|getting in touch|contacting you|writing to you|writing) (?:about|regarding|because|to see|to ask|with|as|in case|on behalf)\b"),
    ("open to opportunities", 2.0, r"\b(?:open to|considering|exploring|looking for) (?:new |other )?(?:opportunities|roles|a move|a change|your next)\b"),
    ("hiring for", 2.0, r"\bi(?:'m| am) (?:currently )?(?:hiring|recruiting|looking) (?:for|a|an)\b|\bwe(?:'re| are) (?:building|growing) (?:out |our )?(?:the |a )?team\b"),
    ("your background fits", 2.0, r"\byour (?:background|experience|skills?|profile) (?:\w+ ){0,3}(?:fit|match|align|stood out|caught|would be)\b"),
])

INCOMING += _rules("human_reply", [
    ("answers a question", 2.5, r"\b(?:happy to clarify|great questions?|good questions?|thanks for (?:asking|the heads[- ]up|letting (?:me|us) know|your patience)|no rush|take the time you need|apologies for the delay|sorry for the (?:delay|slow)|you(?:'re| are) (?:very )?welcome)\b"),
    ("thanks for your note", 2.5, r"\bthanks?(?: you)?(?: so much)? for (?:your (?:note|email|message|follow[- ]up|reply|response|patience|thank[- ]you|kind (?:words|note)|checking in|reaching out|update|question)|following up|checking in|getting back|the (?:update|note|follow[- ]up|thank[- ]you|kind)|sending|circling back)\b"),
    ("glad to help", 1.5, r"\b(?:great|good|nice|lovely|happy) (?:to hear from you|hearing from you|question)\b|\b(?:happy|glad) to (?:help|answer|share|pass|clarify)\b"),
    ("i'll pass it on", 2.0, r"\b(?:i'll|i will|let me|i've|i have) (?:pass(?:ed)?|forward(?:ed)?|share[d]?|check(?:ed)?|ask(?:ed)?|loop(?:ed)?|find out|get back|circle back|follow up)\b"),
    ("appreciated", 1.5, r"\b(?:really |truly )?(?:appreciated|appreciate) (?:your|you|the)\b|\bit was (?:great|a pleasure|nice|lovely) (?:to )?(?:speak|speaking|talk|talking|meet|meeting|chat)"),
])

INCOMING += _rules("networking", [
    ("points to someone", 3.0, r"\breach out to \w+ \w+[;,.]|\bknow(?:s)? everyone\b|\brooting for you\b|\b(?:they|she|he) (?:run|runs|lead|leads) the\b"),
    ("subject: coffee", 2.0, r"\bcoffee\b|\bintro(?:duction)?\b|\bcatch(?:ing)? up\b", SUBJECT),
    ("meet each other", 3.5, r",\s+meet\s+[\w'-]+|\byou two\b|\bhi both\b|\btake it from here\b|\byou (?:two |both )?should (?:talk|meet|connect)\b|\bsomeone you should (?:meet|know)\b|\b(?:make|making) an intro\b|\bconnect you (?:two|both|with (?:my|an?|some|him|her|them))\b|\bwant me to connect you\b"),
    ("keep in touch", 2.5, r"\b(?:stay|keep) in touch\b|\bkeep me posted\b|\bit(?:'s| has) been (?:ages|a while|too long)\b|\blong time no see\b|\bcatch up\b|\b(?:enjoyed|great|nice) (?:chatting|meeting|catching up) (?:at|with|yesterday|today|last)\b|\bforwarded your r[eé]sum[eé]\b|\bhow(?:'s| is) the (?:job )?(?:search|hunt)\b"),
    ("connection request", 3.5, r"\baccepted your (?:invitation|connection request)\b|\bwants to connect\b|\binvitation to connect\b|\bconnection request\b|\bsent you a (?:message|connection)\b|\bendorsed you\b"),
    ("coffee chat", 3.0, r"\b(?:(?:grab|get|for|over|a|virtual) coffee|coffee chat|catch[- ]up|grab (?:a )?(?:coffee|lunch|drink)|informational (?:interview|chat|call|conversation)|pick your brain|virtual coffee)\b"),
    ("introduction", 3.0, r"\b(?:introduc(?:e|ing)(?: you)? (?:to|you|both)|(?:an |the )?intro(?:duction)? (?:to|between)|making (?:an |the )?intro(?:duction)?|connect(?:ing)? you (?:two|both|with)|looping in|cc'ing (?:my|our)|ccing (?:my|our))\b"),
    ("met at event", 2.5, r"\b(?:great|nice|lovely|good|wonderful) (?:to (?:meet|connect|see|chat with|run into) you|meeting you|connecting|chatting)\b|\b(?:at|after) the (?:meetup|conference|event|career fair|alumni|summit|workshop)\b"),
    ("referral", 2.5, r"\b(?:refer(?:ral)?|put in a (?:good )?word|recommend(?:ed)? you|pass (?:along )?your (?:resume|cv|name))\b"),
    ("mutual connection", 2.0, r"\b(?:mutual (?:friend|connection|contact)|alumni|alumnus|fellow|suggested (?:i|that i) (?:reach|contact|connect))\b"),
    ("happy to chat", 1.5, r"\b(?:happy|glad|would love) to (?:chat|connect|share|tell you|talk shop|help out|help however)\b"),
])

INCOMING += _rules("job_alert_or_newsletter", [
    ("essay for readers", 3.0, r"\bthis (?:week|month)'?s? (?:essay|issue|edition|post|newsletter|letter|tip)\b|\b\d+(?:[.,]\d+)?k? (?:readers|subscribers|members)\b|\b(?:hi|hey|hello) (?:friends?|everyone|all|readers|there, reader)\b"),
    ("episode", 3.0, r"\b(?:new episode|in this episode|listen (?:now|here)|out now|read (?:more|the full)|this (?:week|month)(?:'s)? (?:issue|edition))\b"),
    ("jobs for you", 3.0, r"\b(?:new )?(?:jobs?|roles|positions|openings|opportunities) (?:for you|matching|that match|you may (?:be interested in|like)|you might like|recommended for you|near you|picked for you|based on)\b|\bjob alerts?\b|\brecommended (?:jobs|for you|roles)\b"),
    ("n new jobs", 2.5, r"\b\d+\+? (?:new )?(?:jobs|roles|positions|openings|companies)\b|\bsimilar jobs\b|\btop (?:jobs|companies|picks)\b"),
    ("apply now", 1.5, r"\b(?:apply now|easy apply|quick apply|1-click apply|view (?:all )?jobs|see (?:all |more )?jobs|browse (?:jobs|roles)|view job|explore (?:jobs|roles))\b"),
    ("saved search", 2.5, r"\b(?:saved search|your (?:job )?(?:search|alert|preferences)|based on your (?:profile|search|preferences|activity)|job recommendations)\b"),
    ("newsletter", 2.5, r"\b(?:newsletter|digest|roundup|round-up|this week in|weekly|monthly|edition|issue #?\d+|webinar|podcast|episode|subscribe|unsubscribe|view (?:this email )?in (?:your )?browser)\b"),
    ("is hiring", 1.5, r"\b(?:is|are) (?:now )?hiring\b|\bhiring now\b|\bwe(?:'re| are) hiring\b|\bcareer (?:fair|tips|advice)\b"),
    ("manage alerts", 2.0, r"\b(?:manage|update|change|edit) (?:your )?(?:job )?(?:alerts?|preferences|notification settings|subscriptions?|email settings)\b|\byou(?:'re| are) receiving this\b"),
])

INCOMING += _rules("not_job_related", [
    ("out of office", 5.0, r"\b(?:out of (?:the )?office|automatic reply|auto-?reply|i am currently (?:away|out)|i(?:'m| am) (?:currently )?on (?:annual |parental |sick )?leave|limited access to (?:my )?email|will respond (?:to your (?:email|message) )?(?:upon|when i) return)\b"),
    ("non-job application", 4.0, NOT_JOB_APPLICATION.pattern),
    ("prize", 4.0, r"\b(?:claim your (?:prize|reward|winnings)|you(?:'ve| have) won|lottery|sweepstakes?)\b"),
    ("commerce", 2.5, r"\b(?:order|receipt|invoice|shipped|shipping|delivery|tracking number|payment|refund|subscription|renewal|purchase|cart|coupon|discount|sale|% off|free shipping)\b"),
    ("account", 2.0, r"\b(?:password|verify your (?:email|account)|sign-in|login|security alert|two-factor|verification code|account (?:update|activity))\b"),
    ("personal", 1.0, r"\b(?:birthday|dinner|weekend|vacation|holiday|family|kids|party|wedding|recipe|rsvp)\b"),
])

OUTGOING: list[Rule] = []
OUTGOING += _rules("application", [
    ("be considered", 3.5, r"\b(?:like|love|hope|want) to be considered for\b|\bthrow my hat in the ring\b|\b(?:i(?:'ve| have)|just) (?:submitted|sent) my (?:application|r[eé]sum[eé]|cv)\b|\binterested in the [\w ,&-]{0,60}(?:role|position|opening)\b"),
    ("applying", 3.0, r"\b(?:i(?:'m| am| would like to| wish to|'d like to)|please accept (?:this|my)) (?:\w+ ){0,2}(?:apply|applying|application|submit(?:ting)? my (?:application|resume|cv))\b|\b(?:excited|writing) to apply\b"),
    ("resume attached", 2.5, r"\b(?:attached|enclosed|please find) (?:is |are )?(?:my )?(?:resume|cv|cover letter|application|portfolio)\b|\bmy (?:resume|cv) (?:is )?attached\b"),
    ("subject: application", 2.5, r"\b(?:application for|applying for|application:|candidate for|interested in the)\b", SUBJECT),
])
OUTGOING += _rules("thank_you", [
    ("thanks for letting me know", 3.0, r"\bthank(?:s| you)(?: so much)? for (?:letting me know|the (?:update|news|feedback|opportunity))\b|\bconsidered for future (?:openings|roles|opportunities)\b"),
    ("thank you for the interview", 4.0, r"\bthank(?:s| you)(?: so much| again| very much)? for (?:organi[sz]ing|coordinating|arranging|setting up|scheduling|hosting|taking the time|your time|the (?:\w+ ){0,2}(?:interview|conversation|call|chat|opportunity to (?:interview|speak|meet))|meeting|speaking|talking|interviewing|the time)\b"),
    ("enjoyed speaking", 3.0, r"\b(?:really |truly )?(?:enjoyed|appreciated|loved) (?:our|the|speaking|talking|meeting|learning|getting|hearing|your time)\b|\b(?:great|pleasure|wonderful) (?:speaking|talking|meeting|chatting) (?:with )?you\b"),
    ("subject: thank you", 2.0, r"\bthank(?:s| you)\b", SUBJECT),
])
OUTGOING += _rules("follow_up", [
    ("wanted to follow up", 3.5, r"\b(?:wanted|want|writing|would like|i'd like) to (?:follow up|check in|circle back)\b|\b(?:recently|just) applied\b.{0,80}\b(?:follow|share one more|add)\b"),
    ("following up", 3.5, r"\b(?:follow(?:ing)?[- ]up|check(?:ing)? in|touch(?:ing)? base|circl(?:e|ing) back)\b.{0,60}\b(?:application|candidacy|interview|status|role|position|conversation|next steps|decision|timeline)\b"),
    ("any update", 3.0, r"\b(?:any (?:update|news)|an update on|where things stand|status of my|timeline for|still (?:interested|excited))\b"),
    ("subject: follow up", 2.0, r"\b(?:follow(?:ing)?[- ]up|checking in)\b", SUBJECT),
])
OUTGOING += _rules("check_in", [
    ("sharing something", 3.0, r"\b(?:thought of (?:you|our conversation)|no reply needed|just wanted to say (?:hello|hi)|thought you(?:'d| would) (?:like|enjoy)|came across this)\b"),
    ("keeping in touch", 3.0, r"\b(?:hope (?:you|all|things|this)|been a (?:while|few months)|keep(?:ing)? in touch|stay(?:ing)? in touch|quick (?:hello|note|update)|wanted to (?:say hi|reconnect|share (?:a|some) (?:news|update)))\b"),
    ("reconnect", 2.0, r"\b(?:reconnect|catch up|touch base|thought of you|saw your (?:post|news|article)|congrat(?:s|ulations) on)\b"),
])
OUTGOING += _rules("acceptance", [
    ("joining", 4.0, r"\b(?:i(?:'ve| have) accepted|just signed|signed (?:the|my) (?:offer|contract)|i(?:'m| am) joining|can't wait to (?:start|join))\b"),
    ("accept offer", 5.0, r"\b(?:happy|pleased|delighted|thrilled|excited|glad) to (?:formally |officially )?accept\b|\b(?:formally |officially |gladly )?accept(?:ing)? (?:the|your|this|your kind) (?:\w+ ){0,2}offer\b|\bsigned (?:offer|the offer)"),
])
OUTGOING += _rules("decline", [
    ("say no", 4.5, r"\b(?:accept(?:ed)? another (?:role|offer|position)|have to (?:say no|decline|pass)|(?:will|must) (?:respectfully )?(?:decline|pass))\b"),
    ("other direction", 4.0, r"\b(?:decided to|will) (?:go|going) (?:in )?a (?:different|another) direction\b|\b(?:decided|chosen) (?:not to|to decline)\b|\baccepted (?:a|another) (?:role|position|offer) elsewhere\b"),
    ("step back", 4.5, r"\b(?:step(?:ping)?|stepped) back from (?:the|this) process\b|\bpull(?:ing)? out of (?:the|this) process\b|\bno longer (?:be )?pursu(?:e|ing) (?:the|this) (?:role|position|opportunity)\b"),
    ("decline offer", 5.0, r"\b(?:respectfully |regretfully |must |have to |to )?declin(?:e|ing) (?:the|your|this) (?:\w+ ){0,2}(?:offer|opportunity|position|role)\b|\bwithdraw(?:ing|n)? (?:my|from) (?:application|candidacy|consideration|the process)\b|\b(?:accepted|accept) (?:another|a different|an?) (?:offer|position|role)\b"),
])

# Words that mark a message as about a job search at all.
JOB_CONTEXT = re.compile(
    r"\b(?:applications?|applying|applied|apply|candidates?|candidacy|"
    r"(?:your|our|the next|next|phone|video|onsite|on-site|final|first|technical|panel|virtual|in-person|job) interviews?|"
    r"interviews|interview (?:day|process|loop|panel|round|invitation)|final round|debrief|your [\w ]{0,30}interview|"
    r"invit(?:ed|ation) (?:you )?(?:to|for) (?:an? |the )?interview|"
    r"next (?:round|stage)|the process|interview (?:will|is|has)|(?:the|your|an|our) offer|offer (?:questions|details)|join (?:a|the|our) team|"
    r"interview (?:with (?:the|our|me|us|you)|for (?:the|a|an|our))|interviewers?|interviewing (?:with|for|at)|"
    r"schedul\w+ (?:an|your|the|a) interview|recruit\w*|hiring|r[eé]sum[eé]|cv|positions?|roles?|jobs?|"
    r"job search|job hunt|openings?|offer letter|opportunit\w+|talent|careers?|onboarding|salary|take-home|"
    r"headcount|requisition|portfolio|work(?:ing)? together|join us|join the team|next steps?|"
    r"(?:a|the) move in(?:to)?|the (?:job )?search|looking for work|new job|next role|hiring manager)\b"
)
# The same, without the words a flat or a loan application also uses.
STRONG_JOB_CONTEXT = re.compile(
    r"\b(?:candidates?|candidacy|interviews?|interviewers?|interviewing|recruit\w*|hiring|r[eé]sum[eé]|cv|"
    r"positions?|roles?|jobs?|opening|offer letter|talent|careers?|salary|take-home|requisition|employ\w+)\b"
)
