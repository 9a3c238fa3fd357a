"""Names, roles and message text for the API data set (bench/api_dataset.py): invented, varied enough."""

FIRST = ("Ada Alex Amir Ana Anna Ari Ben Bianca Carla Chen Chloe Dana Daniel David Elena Emma Eric Farah Felix "
         "Fatima Grace Hana Hugo Ines Ivan Jan Jana Jonas Julia Kai Kim Lara Leo Lina Luca Maya Mei Mia Nadia "
         "Noah Nora Omar Oscar Paula Priya Quinn Rafael Rosa Sam Sara Sofia Tariq Theo Uma Victor Wei Yara "
         "Yusuf Zoe Aiko Bruno Camille Dario Eva Femi Gita Helga Igor Jamal Kofi Lea Marta Nils Olga Pedro "
         "Rania Sven Tomas Ursula Vera Wanda Xavier Yan Zara").split()
LAST = ("Adams Ahmed Akhtar Alvarez Andersen Bauer Becker Bianchi Brown Castro Chen Costa Cruz Diaz Dubois "
        "Eriksen Evans Fischer Fontaine Garcia Gomez Green Gupta Hansen Hoffmann Huang Ibrahim Ito Jensen "
        "Johnson Kaur Khan Kim Klein Kowalski Larsen Lee Lopez Martin Meyer Moreau Muller Murphy Nakamura "
        "Nguyen Novak Okafor Olsen Park Patel Perez Petrov Quinn Rossi Russo Santos Sato Schmidt Schulz Silva "
        "Singh Smith Sousa Suzuki Tanaka Taylor Thomas Torres Wagner Walker Wang Weber Williams Wilson Wong "
        "Yamamoto Young Zhang Zimmermann").split()
SYLLABLES = "ac al an ar ax be bri ca co da de el en ex fi flo ga gen hi in io ka ko la lu ma mi no nu or pa pi ra ro sa si ta ti tra ve vi xo ze".split()
SUFFIXES = ("Labs", "Systems", "Health", "Bank", "Logistics", "Energy", "Software", "Analytics", "Group", "Media")
ROLES = ("Data Analyst", "Backend Engineer", "Product Manager", "UX Designer", "Account Executive", "Nurse",
         "Operations Lead", "Financial Analyst", "Marketing Manager", "Site Reliability Engineer",
         "Project Coordinator", "Customer Success Manager", "Mechanical Engineer", "HR Business Partner")
TITLES = ("Talent Acquisition Partner", "Senior Recruiter", "Engineering Manager", "Head of Product",
          "Recruiting Coordinator", "Director of Operations", "Staff Engineer", "VP Sales", "Team Lead", None)
PARAGRAPHS = (
    "Thank you for applying. Our team reviews every application and will be in touch within two weeks if "
    "your background matches what the hiring manager is looking for.",
    "It was great speaking with you today. As discussed, the next step is a conversation with the team; "
    "could you share a few times that work for you next week?",
    "Following up on my application from last week: I remain very interested in the role and would be glad "
    "to share more about the migration project I led.",
    "We have decided to move forward with other candidates whose experience more closely matches our "
    "current needs. We will keep your details on file for future openings.",
    "Your interview is confirmed. You will meet the hiring manager and two engineers; the video link is in "
    "the calendar invitation attached to this message.",
    "Thanks again for your time yesterday. I enjoyed learning about the roadmap and the way the team "
    "handles on-call; it made me even more excited about the position.",
    "I came across your profile and think you could be a strong fit for a role we are hiring for. Would you "
    "be open to a short call this week to hear more?",
)
DETAILS = ("Best regards", "Kind regards", "Thanks", "Cheers", "Talk soon")
