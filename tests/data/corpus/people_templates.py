"""Phrasings for people writing to the candidate: recruiter outreach, human replies and
networking. Original text written for this corpus. Data module (see build_corpus.py)."""

RECRUITER_OUTREACH = [
    {"vendor": "human", "sender": "recruiter", "subject": ["{role} opportunity at {company}", "Your background + {company}",
                                                           "Exploring {role} roles?"],
     "body": """{greet}

I'm «a|the» {recruiter_title} at {company}. I came across your profile and «thought you might be a great fit|your experience stood out» for our {role} role.

«We're building|We're growing» «the team that owns our core platform|a new analytics function|our product design team»«.|, and the role is {city}-based or remote.» [[The salary band is {salary} plus equity.]]

Would you be open to a «quick|15-minute» chat «this week|sometime soon»? «No pressure at all|Totally fine if the timing isn't right».

{sig_recruiter}
"""},
    {"vendor": "agency", "sender": "agent", "company": False,
     "subject": ["Confidential {role} search", "{role} — Series B client, remote", "Exciting opportunity"],
     "body": """{greet}

«I'm reaching out|I hope you don't mind me reaching out» about a «confidential|retained» search I'm running for «a fast-growing fintech client|a well-funded climate tech company|a leading healthcare platform». They're hiring a {role} and «your profile looks like a strong match|I think you'd be a great match».

«Compensation is competitive|The base is up to {salary}» and the role is «fully remote|hybrid in {city}».

«Are you open to a conversation?|Would you be interested in hearing more?» «If so, send me a good number and time.|Happy to share the full spec.»

{sig_agent}
"""},
    {"vendor": "linkedin", "from": "{recruiter} via LinkedIn <inmail-hit-reply@linkedin.com>",
     "subject": ["{recruiter_first} sent you a message: {role} at {company}", "InMail: Opportunity at {company}"],
     "body": """{recruiter}
{recruiter_title} at {company}

Hi {first}, I'm «hiring|recruiting» for a {role} at {company} and your «experience|background» «caught my eye|looks like a great fit». Would you be open to «a short call|chatting» «this week|in the next few days»?

Reply: https://www.linkedin.com/messaging/thread/{hex}/

You received an InMail. This email was intended for {me}. © 2026 LinkedIn Corporation.
""", "html": (0.9, 0.5)},
    {"vendor": "human", "sender": "manager", "subject": ["Hello from {company}", "Saw your talk — are you open to new roles?"],
     "body": """{greet}

«I saw your talk on|I read your blog post about» «data quality|migrating to event sourcing|accessible design» and «really enjoyed it|learned a lot». I lead «engineering|product|design» at {company} and «we're looking for|I'm hiring» a {role}.

«I'd love to tell you more if you're curious|If you're open to it, I'd love to buy you a virtual coffee». «No expectations.|Even if you're happy where you are, I'd enjoy the conversation.»

{sig_manager}
"""},
    {"vendor": "agency", "sender": "agent", "subject": ["{role} with {company}", "{company} is hiring — interested?"],
     "body": """{greet}

I'm a recruiter with {agency}, and we've been «engaged|asked» by {company} to help them «find|hire» a {role} «in {city}|(remote-friendly)».

«It's a great team and the product is growing fast.|They've just raised a new round and are scaling the team.» Would you be up for a «call|quick call» to «discuss|see if it's a fit»?

{sig_agent}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Re-connecting from {company}", "Thinking of you for a new role"],
     "body": """{greet}

«We spoke|We met» «last year|a while back» when you «interviewed with us|applied» for a different «role|position». «You made a great impression on the team|The team remembers you fondly», and we've just opened a {role} position that «I think suits you even better|matches your experience really well».

«Any interest in a chat?|Would you like to hear more?» [[Here's the description: {link}]]

{sig_recruiter}
"""},
    {"vendor": "wellfound", "from": "{recruiter} at {company} <notifications@wellfound.com>",
     "subject": ["{company} is interested in you", "{recruiter_first} from {company} wants to chat"],
     "body": """{recruiter} from {company} «sent you a message|reached out to you»:

"Hi {first} — «we're hiring a {role} and loved your profile|your profile fits what we're looking for in a {role}». Would you be up for a 20-minute intro call?"

Reply on Wellfound: https://wellfound.com/jobs/messages/{hex}
""", "html": (0.8, 0.3)},
    {"vendor": "human", "sender": "recruiter", "subject": ["Referral from {friend}", "{friend} suggested I reach out"],
     "body": """{greet}

«{friend} {friend_last}, who works on our team, suggested I reach out|Your former colleague {friend} passed along your name». We have a {role} opening at {company} and «{friend} thought of you right away|they spoke highly of your work».

Would you have time «for a call this week|for a short intro call»? «Here's the job description if you'd like a look first|The JD is here»: {link}

{sig_recruiter}
"""},
]

HUMAN_REPLY = [
    {"vendor": "human", "sender": "recruiter", "reply": True, "subject": ["Re: Following up on my application", "Re: {role} application"],
     "body": """{greet}

Thanks for «following up|reaching out»! «I've passed your note to|I've shared your résumé with» {manager}, «the hiring manager|who leads the team», and I'll let you know «what they think|their thoughts» «as soon as I hear back|shortly».

{sig_recruiter}

{quote}
""", "quote": "Hello {recruiter_first},\n\nI applied for the {role} position on {weekday} and wanted to introduce myself briefly. I'd love to learn more about the team.\n\nBest,\n{me}"},
    {"vendor": "human", "sender": "manager", "reply": True, "subject": ["Re: Thank you", "Re: Thank you for today", "RE: Great speaking with you"],
     "body": """{greet}

«Thank you for the kind note!|Appreciate the thank-you, that's very kind.» «I enjoyed our conversation too|It was a pleasure to talk», especially «the part about|your thoughts on» «the migration project|how you'd approach onboarding|experiment design».

«We'll be in touch soon about next steps.|{recruiter} will follow up about next steps.» [[{timeline}]]

{sig_manager}

{quote}
""", "quote": "Hi {manager_first},\n\nThank you for taking the time to talk with me today about the {role} role. I especially enjoyed hearing about the team's plans for next year.\n\nBest regards,\n{first}"},
    {"vendor": "human", "sender": "recruiter", "reply": True, "subject": ["Re: Checking in", "Re: Quick question about the process"],
     "body": """{greet}

«Good question!|Thanks for asking.» «The next round is|After this, there's» «a 60-minute technical session and then a conversation with {manager}|one more conversation, with the team lead». «We usually move|The whole process usually takes» «within two weeks|about three weeks from start to finish».

«Let me know if anything else comes up.|Happy to answer anything else.»

{sig_recruiter}

{quote}
""", "quote": "Hi {recruiter_first},\n\nQuick question: what are the remaining steps in the process, and what's the usual timeline?\n\nThanks,\n{first}"},
    {"vendor": "human", "sender": "manager", "reply": True, "subject": ["Re: Following up", "Re: Checking in on the {role} role"],
     "body": """{first} —

«Sorry for the slow response, it's been a hectic couple of weeks.|Apologies for the delay!» «We're still finishing first-round interviews|We're wrapping up interviews this week», so «no decision yet|nothing final yet». «I'll make sure you hear from us either way.|You'll hear from me by the end of next week.»

{sig_manager}

{quote}
""", "quote": "Hi {manager_first},\n\nI hope you're doing well. I wanted to check in on the {role} position and reiterate my interest.\n\nKind regards,\n{first}"},
    {"vendor": "human", "sender": "coordinator", "reply": True, "subject": ["Re: Reschedule request", "Re: Interview on {when_day}"],
     "body": """{greet}

«No problem at all!|Of course, happy to move it.» «I'll check with the interviewers and come back to you with new options.|Let me look at the team's calendars and send you a couple of alternatives.»

{sig_coordinator}

{quote}
""", "quote": "Hi {coordinator_first},\n\nWould it be possible to move my interview on {when_day}? Something urgent came up at work. I'm sorry for the inconvenience.\n\nBest,\n{first}"},
    {"vendor": "human", "sender": "recruiter", "reply": True, "subject": ["Re: Application for {role}", "Re: Interest in {company}"],
     "body": """{greet}

«Thanks for getting in touch and for the thoughtful note.|Thank you for your message.» «I've had a look at your profile|I looked at your background» and «I'd like to connect you with the team|it makes sense to talk». «Are you free for 20 minutes on {weekday}?|Could we chat briefly on {weekday}?»

{sig_recruiter}

{quote}
""", "quote": "Dear {recruiter_first},\n\nI recently applied for the {role} role and I'm writing to share a short case study that shows how I worked on a similar problem.\n\nBest wishes,\n{me}"},
    {"vendor": "human", "sender": "manager", "reply": True, "subject": ["Re: Offer questions", "Re: A few questions before I decide"],
     "body": """{greet}

«Great questions.|Happy to clarify.» «The role is hybrid, two days a week in the office|We're remote-first, with a team week every quarter», and «the team is six people today|you'd join a team of eight». «On the equity side, {recruiter} can send you the details.|{recruiter} will send over the benefits summary.»

«Take the time you need.|No rush — let me know if more questions come up.»

{sig_manager}

{quote}
""", "quote": "Hi {manager_first},\n\nThank you again for the offer. Before I decide, could you tell me a bit more about the team size and the working arrangements?\n\nThanks,\n{first}"},
    {"vendor": "human", "sender": "recruiter", "reply": True, "subject": ["Re: Withdrawing my application", "Re: Update from my side"],
     "body": """{greet}

«Thanks for letting me know, and congratulations on the new role!|Thank you for the heads-up — and congrats!» «Totally understand.|We'll miss you in the process, but I get it.» «Let's keep in touch|Please stay in touch»; «I'd love to reconnect down the road.|maybe our paths will cross again.»

{sig_recruiter}

{quote}
""", "quote": "Hi {recruiter_first},\n\nI wanted to let you know that I've accepted another offer, so I'd like to withdraw from the {role} process. Thank you for everything.\n\nBest,\n{first}"},
]

NETWORKING = [
    {"vendor": "human", "sender": "peer", "from": "{friend} {friend_last} <{friend_m}.{friend_last_m}@gmail.com>", "company": False,
     "subject": ["Intro: {first} <> {peer_first}", "Introduction — you two should talk"],
     "body": """«Hi both|Hello you two»,

{peer_first}, meet {first} — «we worked together for three years|we were at university together» and «they're|{first} is» «exploring new roles|thinking about a move» in «data|product|engineering».
{first}, meet {peer_first}, «a {peer_title} at {company}|who I met at a conference last spring».

«I think you'd enjoy a chat.|I'll let you two take it from here!»

{friend}
""", "cc": "{peer} <{peer_addr}>"},
    {"vendor": "human", "from": "{peer} <{peer_addr}>", "company": True, "subject": ["Great meeting you!", "Nice to meet you at {city} Data Meetup"],
     "body": """{greet}

«It was great to meet you|Really enjoyed chatting» at «the meetup|the conference|last night's event»! «As promised|Like I said», here's «the article|the talk» I mentioned about «hiring for analytics teams|scaling design systems»: https://blog.example.org/{hex}

«If you want to grab coffee sometime, I'm around.|Let's stay in touch.»

{peer}
{peer_title}, {company}
"""},
    {"vendor": "human", "from": "{peer} <{peer_addr}>", "company": True, "reply": True, "subject": ["Re: Informational chat?", "Re: Coffee?"],
     "body": """{greet}

«Happy to!|Of course — glad to help.» «How about {weekday} at 8:30 at the café near our office?|Could you do a 20-minute call on {weekday} afternoon?» «I'm happy to share what I know about the team|I can tell you how the team works» and «the job market in general|what we look for in candidates».

{peer_first}

{quote}
""", "quote": "Hi {peer_first},\n\nWe haven't met, but I found you through our alumni network. I'm exploring roles like yours and would love 20 minutes of your time to hear about your path.\n\nThank you,\n{me}"},
    {"vendor": "human", "from": "{friend} {friend_last} <{friend_m}{friend_last_m}@outlook.com>", "company": False,
     "subject": ["Someone you should meet", "Thought of you"],
     "body": """Hey {first}!

«Hope the search is going okay.|How's the job hunt going?» «My neighbour|My cousin|An old colleague of mine» works «in product at a healthcare startup|as a hiring manager» and «would be happy to talk|said they'd be glad to have a coffee with you». «Want me to connect you?|Should I make an intro?»

«Hugs|Talk soon|xo»,
{friend}
"""},
    {"vendor": "linkedin", "from": "{peer} via LinkedIn <invitations@linkedin.com>", "company": False,
     "subject": ["{peer_first} accepted your invitation", "{peer} wants to connect"],
     "body": """{peer}
{peer_title} at {company}

«{peer_first} accepted your invitation. Start a conversation|{peer_first} sent you an invitation to connect: "Hi {first}, great meeting you at the event!"»

View profile: https://www.linkedin.com/in/{hex}

This email was intended for {me}. © 2026 LinkedIn Corporation.
""", "html": (0.9, 0.5)},
    {"vendor": "human", "from": "{peer} <{peer_addr}>", "company": True, "subject": ["Following up on our coffee", "Thanks for the chat"],
     "body": """{greet}

«Thanks for the coffee this morning|Thanks again for the chat yesterday» — «I enjoyed it|it was fun». «As promised, I've forwarded your résumé to our recruiting lead.|I mentioned you to a friend at another team who is hiring.» «Keep me posted on how things go!|Let me know how it goes.»

{peer_first}
"""},
    {"vendor": "human", "from": "{friend} {friend_last} <{friend_m}@{friend_last_m}family.net>", "company": False,
     "subject": ["Alumni mixer next week", "Invitation: alumni career evening"],
     "body": """{greet}

«I'm organising|We're hosting» «a small alumni mixer|an informal career evening» «next {weekday}|on the 14th» for people «in tech|working in data and product». «There will be a few hiring managers.|Several folks there are hiring.» «Would you like to come?|Can I put you on the list?»

{friend}
"""},
    {"vendor": "human", "from": "{peer} <{peer_addr}>", "company": True, "reply": True, "subject": ["Re: Thank you for your time", "Re: Great talking today"],
     "body": """{greet}

«You're very welcome!|Glad it was useful.» «One more idea:|Also —» «reach out to {friend} {friend_last}; they run the analytics guild and know everyone.|check out the {city} product community Slack, lots of openings get posted there.» «Good luck!|Rooting for you.»

{peer_first}

{quote}
""", "quote": "Hi {peer_first},\n\nThank you for taking the time to speak with me today. Your advice about portfolio projects was really helpful.\n\nBest,\n{first}"},
    {"vendor": "human", "from": "{friend} {friend_last} <{friend_m}.{friend_last_m}@{domain}>", "company": True,
     "subject": ["Fwd: {role} opening on our team", "FW: New role — thought of you"],
     "body": """«Hey|Hi» {first}, «this just went up internally|saw this and thought of you right away» — want me to «put your name forward|refer you»? «The referral bonus is nice too, ha.|The team is great.»

{friend}

---------- Forwarded message ---------
From: {manager} <{manager_addr}>
Date: {orig_date}
Subject: {role} opening on our team
To: team@{domain}

Hi all, we're hiring a {role}. If you know anyone great, please send them my way!

{manager}
"""},
]


NETWORKING += [
    {"vendor": "human", "from": "{peer} <{peer_addr}>", "company": True, "subject": ["Catching up?", "Long time no see!"],
     "body": """{greet}

«It's been ages since {city}!|I saw your post about looking for your next role.» «I'm now a {peer_title} at {company}|I moved to {company} last spring as a {peer_title}», and «I'd be happy to tell you what it's like here|I'd love to catch up over a call». «No agenda, just coffee.|Let me know when you're free.»

{peer_first}
"""},
]


TEMPLATES = {"recruiter_outreach": RECRUITER_OUTREACH, "human_reply": HUMAN_REPLY, "networking": NETWORKING}
