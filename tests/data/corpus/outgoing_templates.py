"""The candidate's own mail: applications, thank-you notes, follow-ups, check-ins,
acceptances, declines, other job mail — and personal mail that is not job related.
Original text written for this corpus. Data module."""

TEMPLATES = [
    {"kind": "application", "vendor": "human", "sender": "me", "to": "{recruiter_from}",
     "subject": ["Application: {role}", "{role} — {me}", "Applying for the {role} role ({job_id})"],
     "body": """«Dear|Hi|Hello» {recruiter_first},

«I'm writing to apply for|I'd like to be considered for» the {role} «position|role» at {company}«.|, which I found on your careers page.» «For the last four years I've|Over the past few years I have» «built data pipelines at a logistics company|led product discovery for a B2B platform|shipped mobile apps used by a million people», and «I'd love to bring that to your team|the work your team does is exactly where I want to grow».

«My résumé is attached|I've attached my résumé and a short portfolio». [[I'd welcome the chance to talk.]]

{sig_me}
"""},
    {"kind": "thank_you", "vendor": "human", "sender": "me", "to": "{manager_from}",
     "subject": ["Thank you", "Thank you for today", "Thanks for your time, {manager_first}"],
     "body": """«Hi|Dear» {manager_first},

Thank you for «taking the time to speak with me|meeting with me» «today|yesterday» about the {role} role. I «especially enjoyed|really appreciated» «hearing about|our discussion of» «the roadmap for next year|how the team handles on-call|your approach to research».

«Our conversation made me even more excited about the role.|It confirmed how much I'd like to join the team.» [[Please let me know if I can send anything else.]]

{sig_me}
"""},
    {"kind": "thank_you", "vendor": "human", "sender": "me", "to": "{coordinator_from}",
     "subject": ["Thanks for organising the interviews", "Thank you!"],
     "body": """Hi {coordinator_first},

«Thanks so much for coordinating|Thank you for organising» «yesterday's interviews|the interview day»«!|.» «Everything ran smoothly|It all went very smoothly», and «I appreciated the clear instructions|the schedule you sent helped a lot».

{sig_me}
"""},
    {"kind": "follow_up", "vendor": "human", "sender": "me", "to": "{recruiter_from}",
     "subject": ["Following up on my application", "Following up: {role}", "{role} application — a quick follow-up"],
     "body": """«Hi|Hello» {recruiter_first},

«I applied for the {role} role on {weekday} and wanted to follow up to introduce myself.|I hope your week is going well. I recently applied for the {role} position and wanted to share one more thing.» «I recently wrote up a case study on a similar problem: https://portfolio.example.com/{hex}|I'd be glad to walk you through a project that's very close to what the team is doing.»

«Is there anything else I can share?|Thank you for considering my application.»

{sig_me}
"""},
    {"kind": "follow_up", "vendor": "human", "sender": "me", "to": "{manager_from}", "reply": True,
     "subject": ["Re: {role} interview", "Checking in on the {role} role", "Re: Thank you"],
     "body": """Hi {manager_first},

«I hope you're well.|I hope you had a good week.» «I wanted to follow up on|I'm checking in about» the {role} «position|role» «since our interview on {weekday}|after our conversation last week». «I'm still very interested|I remain very excited about the opportunity» and «would be glad to|happy to» «answer any other questions|provide references».

{sig_me}
"""},
    {"kind": "check_in", "vendor": "human", "sender": "me", "to": "{recruiter_from}",
     "subject": ["Saw the news about {company}", "Congrats on the launch!", "Hello again"],
     "body": """Hi {recruiter_first},

«I saw the news about {company}'s new funding — congratulations!|Congrats on the product launch last week, it looks great.» «It's been a few months since we last spoke|I hope things are well on your side», and «I thought you might enjoy this article on hiring analytics teams: https://blog.example.org/{hex}|I wanted to say hello».

«No ask — just keeping in touch.|If anything opens up on the team, I'd love to hear about it.»

{sig_me}
"""},
    {"kind": "acceptance", "vendor": "human", "sender": "me", "to": "{recruiter_from}", "reply": True,
     "subject": ["Re: Your offer from {company}", "Accepting the offer", "Re: Offer — {role}"],
     "body": """Hi {recruiter_first},

«I'm delighted to accept|I'm happy to formally accept» the offer for the {role} position«!|.» «I've signed the letter and sent it back through DocuSign.|The signed letter is attached.» «I'm looking forward to starting on {start_date}.|See you on {start_date}!»

«Thank you for all your help through the process.|Thanks for making the process so smooth.»

{sig_me}

{quote}
""", "quote": "Hi {first},\n\nCongratulations! Your offer letter for the {role} role is attached. Let me know if you have any questions.\n\n{recruiter}", "quote_from": "{recruiter_from}"},
    {"kind": "decline", "vendor": "human", "sender": "me", "to": "{recruiter_from}",
     "subject": ["Re: Offer from {company}", "Thank you — my decision", "Withdrawing from the {role} process"],
     "body": """Dear {recruiter_first},

«Thank you very much for the offer and for your time.|Thank you for the generous offer.» «After a lot of thought, I've decided to accept another role|I've decided to withdraw from the process» «that's a closer fit for my goals|closer to home», so «I must decline|I'll have to say no».

«I really enjoyed meeting the team and hope we stay in touch.|I have great respect for {company} and hope our paths cross again.»

{sig_me}
"""},
    {"kind": "other", "vendor": "human", "sender": "me", "to": "{coordinator_from}", "reply": True,
     "subject": ["Re: Schedule your interview", "Re: Interview availability", "Availability for next week"],
     "body": """Hi {coordinator_first},

Thanks for reaching out! «I'm available|I could do» {slot1} or {slot2}«.|; mornings are best for me.» «Please let me know which works.|Either works for me.»

{sig_me}

{quote}
""", "quote": "Hi {first},\n\nCould you send me two or three times that work for your next interview?\n\n{coordinator}", "quote_from": "{coordinator_from}"},
    {"kind": "thank_you", "vendor": "human", "sender": "me", "to": "{recruiter_from}", "reply": True,
     "subject": ["Re: Update from {company}", "Re: Your application to {company}", "Thank you for letting me know"],
     "body": """Hi {recruiter_first},

«Thank you for letting me know, and for the time everyone spent with me.|I appreciate you telling me personally.» «Of course I'm disappointed, but I enjoyed the process.|I learned a lot from the interviews.» «If you have any feedback on how I could improve, I'd welcome it.|I'd love to be considered for future openings.»

{sig_me}
"""},
    {"kind": "application", "vendor": "human", "sender": "me", "to": "{manager_from}",
     "subject": ["Interested in the {role} opening", "{me}: {role} at {company}"],
     "body": """Hi {manager_first},

«I saw that your team is hiring a {role}|I noticed the {role} opening on your team» and «wanted to reach out directly|I'd love to throw my hat in the ring». «I've submitted my application through the careers site as well.|My résumé is attached.»

«In my current role I|Most recently I» «reduced our reporting cycle from a week to a day|designed the onboarding flow for our mobile app|migrated a monolith to services without downtime». «I think that experience maps well to what you described in the posting.|Happy to share details.»

{sig_me}
"""},
    {"kind": "check_in", "vendor": "human", "sender": "me", "to": "{manager_from}",
     "subject": ["Checking in from {city}", "A quick hello", "Thought you'd like this"],
     "body": """Hi {manager_first},

«It's been a while since we spoke about the {role} role|I hope the quarter is going well for you and the team». «I came across this piece on data contracts and thought of our conversation: https://blog.example.org/{hex}|I just finished a course on experimentation and remembered your team's work on it.»

«Hope all is well at {company}!|No reply needed — just wanted to say hello.»

{sig_me}
"""},
    {"kind": "acceptance", "vendor": "human", "sender": "me", "to": "{manager_from}",
     "subject": ["I'm in!", "Yes! Excited to join {company}"],
     "body": """Hi {manager_first},

«I wanted to tell you personally that I've accepted the offer|Just signed — I'm joining the team»! «Thank you for your trust and for the great conversations along the way.|I'm really looking forward to working with you.»

«See you on {start_date}.|Let me know if there's anything I should read before I start.»

{sig_me}
"""},
    {"kind": "decline", "vendor": "human", "sender": "me", "to": "{manager_from}", "reply": True,
     "subject": ["Re: Offer — {role}", "Re: Next steps"],
     "body": """Hi {manager_first},

«Thank you so much for the offer and for the time your team spent with me.|I'm grateful for the offer.» «After careful thought, I've decided not to accept it|I've decided to go in a different direction»; «it was a difficult decision|it was not an easy choice».

«I hope we cross paths again.|I'd love to stay in touch.»

{sig_me}
"""},
]

PERSONAL = [
    {"vendor": "personal", "sender": "me", "direction": "out", "to": "{friend} {me_last} <{friend_m}.{me_last_m}.family@gmail.com>",
     "subject": ["Re: Sunday dinner?", "weekend plans", "Re: photos from the lake"], "reply": True,
     "body": """«Hi|Hey» {friend}!

«Yes, I'll be there around 6. Should I bring dessert?|Love these photos, thank you!|Can't make it this weekend, sorry — next one for sure.»

«xx|Love»,
{first}
"""},
    {"vendor": "personal", "sender": "me", "direction": "out", "to": "Oakline Leasing <leasing@oaklineapartments.com>",
     "subject": ["Question about the lease", "Re: Your rental application has been received"],
     "body": """Hello,

«Could you let me know when the lease would start?|I've uploaded the proof of income you asked for.» «Thank you!|Thanks for your help.»

{me}
"""},
    {"vendor": "personal", "sender": "me", "direction": "out", "to": "Tandem Support <support@tandem-app.zendesk.com>",
     "subject": ["Can't log in", "Re: [Request #{ticket}] Login issue"],
     "body": """Hi,

«I can't log in to my account since the last update.|The reset link you sent has expired.» «Could you help?|Thanks in advance.»

{me}
"""},
    {"vendor": "personal", "sender": "me", "direction": "out", "to": "{friend} {friend_last} <{friend_m}{friend_last_m}@outlook.com>",
     "subject": ["Climbing on Thursday?", "Book club", "Re: Thought of you"],
     "body": """Hey {friend},

«Are you still up for climbing on Thursday?|Finished the book — let's talk about it over coffee.|Thanks! Let me think about it and get back to you.»

{first}
"""},
]
