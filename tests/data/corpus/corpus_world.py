"""The fictional world the corpus is written in: candidates, employers, people, roles and
the sender systems (ATS, job boards, scheduling and assessment tools) that write on an
employer's behalf. All names and companies are invented. Data module (no logic)."""

CANDIDATES = [
    {"name": "Alex Morgan", "first": "Alex", "email": "alex.morgan@example.com",
     "alt": "alex.morgan.work@example.com"},
    {"name": "Priya Natarajan", "first": "Priya", "email": "priya.n.dev@example.org",
     "alt": None},
    {"name": "Jide Okafor", "first": "Jide", "email": "j.okafor@example.net", "alt": None},
]

# name, domain, city, timezone
EMPLOYERS = [
    ("Northwind Analytics", "northwind-analytics.com", "Chicago", "America/Chicago"),
    ("Bluefin Robotics", "bluefinrobotics.io", "Boston", "America/New_York"),
    ("Cobalt Ledger", "cobaltledger.com", "New York", "America/New_York"),
    ("Lumen & Loom", "lumenandloom.co", "Portland", "America/Los_Angeles"),
    ("Quillfeather Health", "quillfeather.health", "Denver", "America/Denver"),
    ("Harborview Logistics", "harborviewlogistics.com", "Seattle", "America/Los_Angeles"),
    ("Sable Peak Software", "sablepeak.dev", "Austin", "America/Chicago"),
    ("Orchard Lane Foods", "orchardlanefoods.com", "Minneapolis", "America/Chicago"),
    ("Tessellate Labs", "tessellatelabs.ai", "San Francisco", "America/Los_Angeles"),
    ("Kestrel Mobility", "kestrelmobility.com", "Detroit", "America/Detroit"),
    ("Verdant Grid Energy", "verdantgrid.energy", "Houston", "America/Chicago"),
    ("Paperplane Studio", "paperplane.studio", "Brooklyn", "America/New_York"),
    ("Meridian Mutual", "meridianmutual.com", "Hartford", "America/New_York"),
    ("Foxglove Biotherapeutics", "foxglovebio.com", "Cambridge", "America/New_York"),
    ("Stillwater Games", "stillwatergames.com", "Montréal", "America/Toronto"),
    ("Acorn Civic Tech", "acorncivic.org", "Washington", "America/New_York"),
    ("Brightwell Education", "brightwell.education", "Atlanta", "America/New_York"),
    ("Ironbark Security", "ironbarksec.com", "Raleigh", "America/New_York"),
    ("Halcyon Travel", "halcyontravel.com", "Miami", "America/New_York"),
    ("Copperline Payments", "copperline.finance", "London", "Europe/London"),
    ("Nordlicht Systeme", "nordlicht-systeme.de", "Berlin", "Europe/Berlin"),
    ("Maison Ardoise", "maison-ardoise.fr", "Lyon", "Europe/Paris"),
    ("Fjordline Data", "fjordlinedata.no", "Oslo", "Europe/Oslo"),
    ("Tulip Works", "tulipworks.nl", "Amsterdam", "Europe/Amsterdam"),
    ("Saffron Cloud", "saffroncloud.in", "Bengaluru", "Asia/Kolkata"),
    ("Kōyō Instruments", "koyo-instruments.jp", "Tokyo", "Asia/Tokyo"),
    ("Wattle & Co", "wattleandco.com.au", "Melbourne", "Australia/Melbourne"),
    ("Granite Bay Capital", "granitebaycap.com", "Boston", "America/New_York"),
    ("Pinecrest Medical Group", "pinecrestmedical.org", "Sacramento", "America/Los_Angeles"),
    ("Beacon Street Media", "beaconstreetmedia.com", "Boston", "America/New_York"),
    ("Alderwood Retail", "alderwoodretail.com", "Columbus", "America/New_York"),
    ("Quantum Orchard", "quantumorchard.io", "Remote", "America/New_York"),
    ("Riverstone Insurance", "riverstoneins.com", "Omaha", "America/Chicago"),
    ("Small Batch Coffee Co", "smallbatchcoffee.co", "Oakland", "America/Los_Angeles"),
    ("Helix & Pine", "helixpine.com", "San Diego", "America/Los_Angeles"),
    ("Mosaic Learning", "mosaiclearning.org", "Philadelphia", "America/New_York"),
    ("Driftwood Hospitality", "driftwoodhotels.com", "Charleston", "America/New_York"),
    ("Lattice Freight", "latticefreight.com", "Memphis", "America/Chicago"),
    ("Ember Analytics", "emberanalytics.io", "Toronto", "America/Toronto"),
    ("Corvid Aerospace", "corvidaero.com", "Tucson", "America/Phoenix"),
    ("Silverleaf Pharmacy", "silverleafrx.com", "Nashville", "America/Chicago"),
    ("Wavecrest Telecom", "wavecrest-telecom.com", "Dublin", "Europe/Dublin"),
    ("Otter Pop Labs", "otterpoplabs.com", "Boulder", "America/Denver"),
    ("Juniper Ridge Bank", "juniperridgebank.com", "Salt Lake City", "America/Denver"),
    ("Ocelot Design", "ocelotdesign.co", "Mexico City", "America/Mexico_City"),
    ("Straylight Optics", "straylightoptics.com", "Rochester", "America/New_York"),
    ("Greyhaven Consulting", "greyhavenconsulting.com", "Chicago", "America/Chicago"),
    ("Trellis Home", "trellishome.com", "Minneapolis", "America/Chicago"),
    ("Bramble Books", "bramblebooks.com", "Ann Arbor", "America/Detroit"),
    ("Solstice Renewables", "solsticerenewables.es", "Madrid", "Europe/Madrid"),
]

ROLES = [
    "Senior Data Analyst", "Data Engineer", "Backend Engineer", "Senior Software Engineer",
    "Product Manager", "Senior Product Designer", "UX Researcher", "Analytics Engineer",
    "Machine Learning Engineer", "Site Reliability Engineer", "Engineering Manager",
    "Technical Program Manager", "Business Intelligence Developer", "Frontend Engineer",
    "Staff Software Engineer, Platform", "Data Scientist", "Solutions Engineer",
    "Customer Success Manager", "Marketing Analyst", "Operations Manager",
    "Full-Stack Developer", "QA Automation Engineer", "Security Engineer",
    "Product Analyst", "iOS Engineer", "DevOps Engineer", "Content Designer",
    "Growth Marketing Manager", "Financial Analyst", "Research Scientist",
]

FIRST_NAMES = [
    "Dana", "Marcus", "Sofia", "Wei", "Hannah", "Tomás", "Aisha", "Kenji", "Chloé",
    "Rafael", "Ingrid", "Oluwaseun", "Meera", "Liam", "Zoë", "Mateo", "Siobhán", "Björn",
    "Fatima", "Noah", "Amara", "Łukasz", "Yuki", "Carmen", "Elena", "Kwame", "Anneke",
    "Thanh", "Renée", "Diego", "Leila", "Grace", "Ravi", "Camille", "Jonas", "Nadia",
    "Emeka", "Ama", "François", "Ximena", "Søren", "Priyanka", "Ruth", "Haruto", "Gabriel",
    "Mei", "Tariq", "Ines", "Olga", "Sean",
]
LAST_NAMES = [
    "Whitaker", "Okonkwo", "García", "Zhang", "Fischer", "Ribeiro", "Haddad", "Tanaka",
    "Dubois", "Moreno", "Lindqvist", "Adeyemi", "Iyer", "Brennan", "Kowalski", "Nguyễn",
    "O'Sullivan", "Müller", "Rahman", "Castillo", "Petrov", "Mensah", "de Vries", "Sato",
    "Álvarez", "Nakamura", "Osei", "Bianchi", "Kaur", "Lefèvre", "Johansson", "Abdi",
    "Park", "Horvath", "Reyes", "Chen", "Novak", "Byrne", "Silva", "Yilmaz",
]

RECRUITER_TITLES = [
    "Technical Recruiter", "Senior Talent Partner", "Recruiting Coordinator",
    "Talent Acquisition Lead", "People Partner", "Senior Technical Recruiter",
    "Head of Talent", "Recruiter", "Talent Acquisition Specialist", "Campus & Early Careers Recruiter",
]
MANAGER_TITLES = [
    "Engineering Manager", "Director of Data", "VP of Product", "Head of Design",
    "Director of Engineering", "Analytics Lead", "CTO", "Co-founder & CEO",
    "Senior Manager, Platform", "Group Product Manager",
]
COORDINATOR_TITLES = ["Recruiting Coordinator", "Interview Coordinator", "Candidate Experience Coordinator"]

AGENCIES = [
    ("Talentbridge Partners", "talentbridgepartners.com"),
    ("Keystone Search Group", "keystonesearch.co"),
    ("Redwood Tech Staffing", "redwoodtechstaffing.com"),
    ("Blue Lantern Recruiting", "bluelanternrecruiting.com"),
    ("Hirewise Associates", "hirewise-associates.com"),
]

# ATS / board / tool -> how its mail looks. {company}, {slug} are filled per employer.
VENDORS = {
    "greenhouse": {"from": "{company} <no-reply@us.greenhouse-mail.io>", "link": "https://job-boards.greenhouse.io/{slug}/jobs/{num}",
                   "footer": "This message was sent via Greenhouse on behalf of {company}."},
    "lever": {"from": "{company} <no-reply@hire.lever.co>", "link": "https://jobs.lever.co/{slug}/{uuid}",
              "footer": "Sent by {company} using Lever."},
    "workday": {"from": "{company} Careers <{slug}@myworkday.com>", "link": "https://{slug}.wd5.myworkdayjobs.com/en-US/careers/job/{num}",
                "footer": "Please do not reply to this automated message."},
    "ashby": {"from": "{company} Recruiting <no-reply@ashbyhq.com>", "link": "https://jobs.ashbyhq.com/{slug}/{uuid}",
              "footer": "Powered by Ashby"},
    "icims": {"from": "{company} Talent Acquisition <{slug}@talent.icims.com>", "link": "https://careers-{slug}.icims.com/jobs/{num}/job",
              "footer": "This is an automated message from the {company} careers site."},
    "smartrecruiters": {"from": "{company} <noreply@smartrecruiters.com>", "link": "https://jobs.smartrecruiters.com/{company_nospace}/{num}",
                        "footer": "{company} uses SmartRecruiters to manage applications."},
    "workable": {"from": "{company} <noreply@candidates.workablemail.com>", "link": "https://apply.workable.com/{slug}/j/{hex}/",
                 "footer": "Sent with Workable on behalf of {company}."},
    "bamboohr": {"from": "{company} Hiring Team <notifications@app.bamboohr.com>", "link": "https://{slug}.bamboohr.com/careers/{short}",
                 "footer": "Powered by BambooHR"},
    "jobvite": {"from": "{company} Recruiting <notification@jobvite.com>", "link": "https://jobs.jobvite.com/{slug}/job/{hex}",
                "footer": "Sent via Jobvite"},
    "taleo": {"from": "{company} Careers <do-not-reply@taleo.net>", "link": "https://{slug}.taleo.net/careersection/2/jobdetail.ftl?job={num}",
              "footer": "This is a system-generated email. Replies to this address are not monitored."},
    "teamtailor": {"from": "{company} <no-reply@teamtailor-mail.com>", "link": "https://{slug}.teamtailor.com/jobs/{num}",
                   "footer": "Sent through Teamtailor"},
    "recruitee": {"from": "{company} <no-reply@recruiteemail.com>", "link": "https://{slug}.recruitee.com/o/{slug}-{short}",
                  "footer": "Sent via Recruitee"},
    "personio": {"from": "{company} <{slug}@jobs.personio.de>", "link": "https://{slug}.jobs.personio.de/job/{num}",
                 "footer": "Diese E-Mail wurde automatisch über Personio versendet. / Sent automatically via Personio."},
}
ATS_VENDORS = list(VENDORS)
