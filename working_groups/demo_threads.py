"""Conversations for the demo working groups of `make run`, written by the fictional demo people.

THREADS are whole conversations written out. TOPICS are the building blocks of the many shorter
posts around them: a situation, a question and replies that fit any of that topic's posts.
"{mention}" stands for another member of the group, written as "@Full Name".
"""

GROUPS = [
    {
        "slug": "people",
        "name": "People",
        "pillar": "people",
        "join_policy": "open",
        "leads": ["olumide.adeyemi@paycircuit.example", "leah.goldberg@cobaltharbor.example"],
        "purpose": (
            "Hiring, onboarding and growing product managers and product ops people: career "
            "ladders, skills matrices, first-90-days plans and how to staff a product ops team."
        ),
    },
    {
        "slug": "process",
        "name": "Process",
        "pillar": "process",
        "join_policy": "open",
        "leads": ["amara.okafor@lumenpay.example", "kenji.watanabe@hoshilogistics.example"],
        "purpose": (
            "Roadmap standards, business-case templates, quarterly planning and product reviews: "
            "processes light enough that teams keep using them and strong enough to compare "
            "across teams."
        ),
    },
    {
        "slug": "insights",
        "name": "Insights",
        "pillar": "insight",
        "join_policy": "open",
        "leads": ["sofia.lindqvist@brightfjord.example"],
        "purpose": (
            "Getting customer and market insight to product teams: research repositories, "
            "product analytics, win/loss programmes and the metrics leaders actually read."
        ),
    },
    {
        "slug": "stakeholders",
        "name": "Stakeholders",
        "pillar": "stakeholders",
        "join_policy": "request",
        "leads": [
            "declan.fitzgerald@harbourline.example",
            "grace.nakamura-ellis@pelicanshore.example",
        ],
        "purpose": (
            "Alignment with sales, finance, marketing and the executive team: release "
            "communication, roadmap reviews with leadership and saying no gracefully. A smaller "
            "circle, so we ask you to request to join and keep what is said here in the room."
        ),
    },
    {
        "slug": "starting-and-scaling",
        "name": "Starting & Scaling Product Ops",
        "pillar": "",
        "join_policy": "open",
        "leads": ["priya.raghavan@northpass.example", "marcus.bellamy@ridgelinesg.example"],
        "purpose": (
            "For anyone setting up product ops for the first time or growing it from one person "
            "to a team: the charter, the first wins, where the role reports and how to show it "
            "is working."
        ),
    },
]

# (group slug, author email, title, body, tags, [(author email, reply body), ...])
THREADS = [
    (
        "process",
        "amara.okafor@lumenpay.example",
        "One roadmap format for six squads: what finally worked",
        "After three failed attempts we have one roadmap format across all six squads. What "
        "made the difference:\n\n"
        "1. **Now / Next / Later** columns instead of dates beyond the current quarter.\n"
        "2. Every item states the *outcome* it moves, not the feature.\n"
        "3. Product ops owns the template, squads own the content. We never edit their items.\n\n"
        "The exec team pushed back on losing dates. We gave them a separate delivery view for "
        "committed work only. Curious whether others split the two views like this?",
        ["roadmaps", "templates"],
        [
            (
                "kenji.watanabe@hoshilogistics.example",
                "We split them the same way at Hoshi. The trick for us was a rule that anything "
                "in *Now* must have a delivery date in the other view within two weeks, so the "
                "two never drift apart.",
            ),
            (
                "ingrid.vogel@kaltwerk.example",
                "How did you stop squads from sneaking dates back into *Later*? Ours keep doing "
                "it because sales asks them directly.",
            ),
            (
                "amara.okafor@lumenpay.example",
                "@Ingrid Vogel honestly, by making sales' question someone's job: our head of "
                "solutions now asks product ops, not the squads, and we answer from the "
                "delivery view.",
            ),
            (
                "anneke.de.vries@poldersoftware.example",
                "Stealing the outcome-per-item rule. We had the format but not that, and our "
                "roadmaps read like backlogs.",
            ),
        ],
    ),
    (
        "process",
        "marcus.bellamy@ridgelinesg.example",
        "A one-page business case template (after we acquired four companies)",
        "Four acquisitions in two years means four ways of asking for money. Our new one-page "
        "business case has five boxes:\n\n"
        "- Problem and who has it (with evidence)\n- Outcome and the metric it moves\n"
        "- Cost: people × months, plus anything bought\n- Confidence: low / medium / high, "
        "and why\n- What we stop doing to make room\n\n"
        "The last box caused the most arguments and has done the most good. Happy to share the "
        "doc with anyone who wants it.",
        ["business cases", "templates", "private equity"],
        [
            (
                "elena.petrova@stratumpg.example",
                "Same situation at Stratum, roll-up of seven. Did you keep the acquired "
                "companies' finance approvals, or move everything to one investment committee?",
            ),
            (
                "marcus.bellamy@ridgelinesg.example",
                "One committee, monthly, with a fast lane for anything under two "
                "people-months. The fast lane is what got the acquired teams to accept it.",
            ),
            (
                "fatima.al-sayed@dunecrest.example",
                "Please share the doc! The *what we stop doing* box is exactly what our CFO "
                "has been asking for.",
            ),
        ],
    ),
    (
        "process",
        "kenji.watanabe@hoshilogistics.example",
        "Quarterly planning for 40 teams in two weeks, not six",
        "Our quarterly planning used to take six weeks and produced a spreadsheet nobody "
        "trusted. This quarter we did it in two:\n\n"
        "- Capacity is agreed with finance *before* planning starts, per team, in "
        "people-weeks.\n- Each team brings at most three bets, each with a business case.\n"
        "- Dependencies are raised in a single two-hour market-place session, not in 40 "
        "separate meetings.\n\nThe market place was chaotic but it worked. Has anyone run one "
        "remotely across time zones?",
        ["quarterly planning", "capacity"],
        [
            (
                "wiremu.parata@southerlycloud.example",
                "We run ours across Auckland, Sydney and London. Two sessions, eight hours "
                "apart, with a shared board; the London session picks up what the first one "
                "left open. Not pretty but everyone gets a daytime slot.",
            ),
            (
                "min-jun.park@hanbitcommerce.example",
                "Agreeing capacity with finance first is the part I want to copy. Who owns "
                "the number if a team disagrees?",
            ),
            (
                "kenji.watanabe@hoshilogistics.example",
                "@Min-jun Park the team's director, not product ops. We facilitate; if we own "
                "the number we become the people who say no, and then nobody brings us "
                "problems early.",
            ),
        ],
    ),
    (
        "starting-and-scaling",
        "priya.raghavan@northpass.example",
        "Your first 90 days as the first product ops hire",
        "I have now helped five companies hire their first product ops person. The pattern "
        "that works:\n\n"
        "**Days 1–30:** interview every PM and every product leader. Ask what wastes their "
        "week. Change nothing.\n\n**Days 31–60:** pick one painful, visible problem (usually "
        "roadmap reporting or planning) and fix it for everyone.\n\n**Days 61–90:** write the "
        "charter, with the evidence from the first two months.\n\nWhat would you add?",
        ["first 90 days", "charter", "onboarding"],
        [
            (
                "niamh.oconnell@fieldnote.example",
                "I would add: agree with your manager *which* problem in week four, in "
                "writing. Otherwise you fix the problem you found and your CPO wanted a "
                "different one.",
            ),
            (
                "jamal.carter@civiccommons.example",
                "Change nothing for 30 days is hard advice to follow when everyone expects "
                "you to arrive with answers. It is still right.",
            ),
            (
                "hannah.kowalczyk@meridianstack.example",
                "This is almost exactly how my first quarter went, except I skipped the "
                "charter and regretted it by month six. Write the charter.",
            ),
        ],
    ),
    (
        "starting-and-scaling",
        "marcus.bellamy@ridgelinesg.example",
        "Where should product ops report?",
        "We are going from one product ops person to a team of four and the question of "
        "where we report has come up again. Options on the table: the CPO, the COO, or a "
        "shared 'product & engineering operations' group.\n\nWhere does yours report, and "
        "would you choose the same again?",
        ["org design", "reporting lines"],
        [
            (
                "tobias.schreiber@alpenrose.example",
                "CPO, and I would not change it. Under the COO we would be optimising "
                "the company's process; under the CPO we optimise product management, "
                "which is the job.",
            ),
            (
                "benjamin.adler@corvex.example",
                "We sit in a shared product and engineering operations group. It works "
                "for tooling and reporting, less so for the people side: PM career ladders "
                "never feel like ours.",
            ),
            (
                "rosa.martinez@altamarhealth.example",
                "As a chief of staff to a CPO I will say: whoever reports to the CPO gets "
                "the context. Context is most of what product ops needs.",
            ),
        ],
    ),
    (
        "people",
        "olumide.adeyemi@paycircuit.example",
        "PM onboarding: the two-week buddy programme",
        "New PMs at Paycircuit now get a buddy from another squad for their first two "
        "weeks. The buddy walks them through our roadmap format, the planning calendar "
        "and the three dashboards that matter.\n\nTime to first shipped change dropped "
        "from nine weeks to five. The buddies say they learn as much as the new PMs.",
        ["onboarding", "pm career"],
        [
            (
                "isabel.costa@marelearning.example",
                "Do buddies get any time back for this? Ours volunteered enthusiastically "
                "for the first two hires and then much less enthusiastically.",
            ),
            (
                "olumide.adeyemi@paycircuit.example",
                "@Isabel Costa yes: we take four hours a week off their sprint "
                "commitment for the two weeks, and it counts in their review under "
                "'raising others'.",
            ),
            (
                "zanele.dlamini@sunvaletelecom.example",
                "Time to first shipped change is a great measure. We use time to first "
                "roadmap review presented by the new PM, which catches a different kind "
                "of readiness.",
            ),
        ],
    ),
    (
        "people",
        "leah.goldberg@cobaltharbor.example",
        "A skills matrix for product managers that people actually use",
        "We threw out our 40-row PM competency framework. The new one has eight skills, "
        "each with four levels described in one sentence, and every PM rates themselves "
        "before their review.\n\nThe self-rating conversation is now the best hour of the "
        "review. Anyone else gone smaller and seen it work?",
        ["career ladders", "pm career", "skills"],
        [
            (
                "zanele.dlamini@sunvaletelecom.example",
                "Eight is about right. We have nine and the ninth (commercial acumen) "
                "is the one everyone rates themselves lowest on, which is a useful "
                "signal in itself.",
            ),
            (
                "kwame.mensah@lumenpay.example",
                "Would you be open to sharing the eight? We are drafting ours at LumenPay.",
            ),
        ],
    ),
    (
        "insights",
        "sofia.lindqvist@brightfjord.example",
        "A research repository that product managers open",
        "Our research repository had 600 notes and almost no readers. We changed two "
        "things: every study ends with a five-line summary at the top, and product ops "
        "sends a fortnightly 'three things we learned' email that links into it.\n\n"
        "Weekly readers went from about 10 to about 70 people.",
        ["research ops", "insight"],
        [
            (
                "mei-lin.chou@orbitly.example",
                "The fortnightly email is the piece we were missing. A repository is a "
                "library; someone has to be the librarian who tells you what is new.",
            ),
            (
                "samuel.osei@greenlightgrid.example",
                "Which tool are you on? We are trying to get from three to one.",
            ),
            (
                "sofia.lindqvist@brightfjord.example",
                "@Samuel Osei a plain wiki, honestly. The tool mattered far less than the "
                "summaries and the email.",
            ),
        ],
    ),
    (
        "insights",
        "tomas.herrera@vetrahealth.example",
        "Win/loss interviews without a sales revolt",
        "We started running win/loss interviews on lost deals over $50k. Sales hated it "
        "for a month, then the first readout explained three losses they had blamed on "
        "pricing. Now they ask for the interviews.\n\nThe key was letting the account "
        "executive read the notes before anyone else did.",
        ["win/loss", "sales"],
        [
            (
                "ravi.subramanian@threadwise.example",
                "Letting the AE read first is smart. Do you use an outside interviewer? We "
                "found customers are much franker with someone who is not from the company.",
            ),
            (
                "tomas.herrera@vetrahealth.example",
                "In-house, but never someone from the account's own team.",
            ),
        ],
    ),
    (
        "stakeholders",
        "declan.fitzgerald@harbourline.example",
        "Release notes for sales that sales read",
        "Our release notes were written for engineers and ignored by sales. Now each note "
        "has three lines at the top: who it is for, what they can now sell or stop "
        "apologising for, and one sentence to say to a customer.\n\nSales enablement "
        "copies those three lines straight into their weekly update.",
        ["release notes", "sales", "communication"],
        [
            (
                "chloe.marchand@papillon-analytics.example",
                "'Stop apologising for' is brilliant. It is exactly how a salesperson thinks "
                "about a bug fix.",
            ),
            (
                "callum.fraser@thistlesoftware.example",
                "We did something similar and added a monthly 20-minute release call for "
                "customer success. Recording it was the part that made it stick.",
            ),
        ],
    ),
    (
        "stakeholders",
        "grace.nakamura-ellis@pelicanshore.example",
        "Quarterly roadmap reviews with the board",
        "Our board wants a roadmap review every quarter. The first two were disasters: "
        "30 slides, questions on slide 4, never reached slide 12.\n\nNow: one page of "
        "outcomes against last quarter's commitments, one page of the next quarter's bets, "
        "and the rest in an appendix we send a week early. How do others handle the board?",
        ["roadmaps", "executives", "quarterly planning"],
        [
            (
                "declan.fitzgerald@harbourline.example",
                "Sending the appendix a week early is the key. Board members who have read "
                "ahead ask better questions and fewer of them.",
            ),
            (
                "nadia.haddad@cedarline.example",
                "Looking back at last quarter's commitments first builds so much trust. "
                "Most teams only ever show the future.",
            ),
        ],
    ),
    (
        "process",
        "ingrid.vogel@kaltwerk.example",
        "Tooling consolidation: from four roadmap tools to one",
        "We had four roadmapping tools, two of them paid for twice. Consolidating took "
        "five months. Lessons:\n\n- Pick the tool for the *readers* (leadership, sales), "
        "not the writers.\n- Migrate only what is in *Now* and *Next*; archive the rest.\n"
        "- Kill the old tools on a date, announced a month ahead.\n\nSavings paid for a "
        "product ops analyst.",
        ["tooling", "roadmaps", "consolidation"],
        [
            (
                "luca.bianchi@vitrealabs.example",
                "Picking for the readers is the lesson I learned the hard way. PMs will "
                "adapt to anything; executives will not open a tool they find confusing.",
            ),
            (
                "siddharth.iyer@vayupayments.example",
                "Did you get pushback from teams whose tool was the one killed?",
            ),
            (
                "ingrid.vogel@kaltwerk.example",
                "@Siddharth Iyer plenty. What helped: those teams got first say on the "
                "new tool's templates.",
            ),
        ],
    ),
]

# Building blocks of the shorter posts: each topic gives situations, questions and replies.
TOPICS = [
    {
        "groups": ["process"],
        "tags": ["roadmaps"],
        "titles": ["{thing}", "How do you handle {thing}?", "Question about {thing}"],
        "things": [
            "confidence levels on roadmap items",
            "roadmap reviews with engineering",
            "roadmaps for platform teams",
            "keeping roadmaps current between quarters",
            "showing dependencies on a roadmap",
        ],
        "situations": [
            "Our squads update their roadmaps before quarterly planning and then not again "
            "until the next one.",
            "Leadership keeps reading our *Later* column as a promise.",
            "Platform teams struggle to express their work as customer outcomes.",
            "We have a template, but each team fills it in differently.",
        ],
        "questions": [
            "What has worked for you?",
            "Is a monthly review enough, or do you go weekly?",
            "Would love to see examples if anyone can share.",
        ],
        "replies": [
            "We ask for a two-line change note whenever an item moves columns. It keeps the "
            "history without another meeting.",
            "Platform teams at our place describe outcomes for internal customers: 'squads "
            "ship a new payment method in days, not weeks'. It reads fine.",
            "Confidence as low/medium/high on every item cut the 'you promised' conversations "
            "by half.",
            "A monthly review with the product leads, 30 minutes, only items that changed.",
        ],
    },
    {
        "groups": ["process", "starting-and-scaling"],
        "tags": ["quarterly planning"],
        "titles": ["Planning: {thing}", "{thing}?", "Sanity check on {thing}"],
        "things": [
            "capacity models",
            "planning templates",
            "mid-quarter replanning",
            "the planning calendar",
            "OKRs and roadmaps together",
        ],
        "situations": [
            "Planning takes our product leaders almost a month every quarter.",
            "Finance and product keep arriving at different capacity numbers.",
            "Half our teams replan in week six anyway.",
            "We run OKRs and a roadmap and they rarely match.",
        ],
        "questions": [
            "How long does yours take, end to end?",
            "Who owns the capacity number in your company?",
            "Do you plan quarterly, or on a rolling basis?",
        ],
        "replies": [
            "Two weeks for us, and the second week is mostly dependency negotiation.",
            "Finance owns headcount, product owns how it is spent. Product ops keeps the "
            "spreadsheet that joins the two.",
            "We moved to a six-week cycle for most teams and kept quarterly only for "
            "budget. Less ceremony, more replanning that is honest.",
            "Roadmap items link to exactly one key result or to 'keeping the lights on'. "
            "Anything linked to neither needs a very good reason.",
        ],
    },
    {
        "groups": ["people"],
        "tags": ["onboarding", "pm career"],
        "titles": ["{thing}", "Advice on {thing}", "How do you do {thing}?"],
        "things": [
            "PM onboarding checklists",
            "career ladders for product ops",
            "hiring a first product ops analyst",
            "interview loops for product managers",
            "PM communities of practice",
        ],
        "situations": [
            "We are hiring five PMs this half and onboarding is a shared doc from 2022.",
            "Our product ops team has no career ladder of its own.",
            "PM interviews vary wildly between hiring managers.",
            "Our PMs rarely learn from each other across product lines.",
        ],
        "questions": [
            "What does yours look like?",
            "Anything you would do differently?",
            "Happy to trade templates.",
        ],
        "replies": [
            "We run a monthly PM guild: one PM presents a decision they got wrong. It is the "
            "best-attended meeting we have.",
            "Our ladder for product ops has four levels; the jump to senior is about owning a "
            "process end to end, not about managing people.",
            "A fixed set of four interviews with written rubrics made our hiring fairer and "
            "faster.",
            "The onboarding checklist lives in our project tool as a template, with an owner "
            "for each item.",
        ],
    },
    {
        "groups": ["insights"],
        "tags": ["metrics", "insight"],
        "titles": ["{thing}", "Measuring {thing}", "Who owns {thing}?"],
        "things": [
            "product analytics dashboards",
            "customer feedback triage",
            "NPS comments",
            "feature adoption metrics",
            "research recruitment",
        ],
        "situations": [
            "We have 30 dashboards and nobody agrees which one is true.",
            "Feedback from sales, support and the community lands in four different places.",
            "Teams launch features and never look at adoption again.",
            "Recruiting customers for research takes us three weeks.",
        ],
        "questions": [
            "How do you decide which metrics leaders see?",
            "Does product ops own this where you are?",
            "What tooling are you using?",
        ],
        "replies": [
            "We cut to one dashboard per product line with five metrics, reviewed monthly.",
            "All feedback goes into one inbox, triaged weekly by a rotating PM with product "
            "ops support.",
            "A 30-day adoption check is now part of our definition of done.",
            "A standing research panel of 200 customers who opted in cut recruiting to days.",
        ],
    },
    {
        "groups": ["stakeholders"],
        "tags": ["communication", "executives"],
        "titles": ["{thing}", "Handling {thing}", "{thing}: what works?"],
        "things": [
            "roadmap requests from sales",
            "executive roadmap reviews",
            "saying no to a big customer",
            "launch communication",
            "marketing and product calendars",
        ],
        "situations": [
            "Sales escalates feature requests straight to our CEO.",
            "Marketing learns about launches a week before they happen.",
            "Our biggest customer wants a custom feature by next quarter.",
            "Executives ask for the roadmap in a different format every time.",
        ],
        "questions": [
            "How do you keep everyone aligned?",
            "Who is in the room when you decide?",
            "What is your cadence?",
        ],
        "replies": [
            "A single intake form for sales requests, reviewed weekly, with an answer within "
            "ten working days, even if the answer is no.",
            "We share a launch calendar with marketing that has three confidence levels; "
            "marketing plans on 'committed' only.",
            "We give executives the same one-page format every time. It took three months "
            "for them to stop asking for something else.",
            "Saying no with the reason and what we are doing instead went better than we feared.",
        ],
    },
    {
        "groups": ["starting-and-scaling"],
        "tags": ["charter", "getting started"],
        "titles": ["{thing}", "Starting out: {thing}", "Scaling {thing}"],
        "things": [
            "the product ops charter",
            "the first quick win",
            "product ops metrics",
            "a product ops team of one",
            "the second product ops hire",
        ],
        "situations": [
            "I am the first product ops hire at a 40-person product org.",
            "My CPO asked how we will know product ops is working.",
            "We are a team of one and the requests never stop.",
            "We are about to hire our second product ops person.",
        ],
        "questions": [
            "Where would you start?",
            "What did you measure in year one?",
            "What should the second hire focus on?",
        ],
        "replies": [
            "Measure PM time spent on admin before and after. It is crude but leaders get it "
            "at once.",
            "Our second hire was an analyst. Data requests were eating half my week.",
            "Publish what you will *not* do in your charter. It protects a team of one.",
            "Start with the problem every PM complains about in their first interview with "
            "you. It is usually planning or reporting.",
        ],
    },
]

# How a shorter post opens, so two posts on one topic never read alike. {company} and {size}
# come from the author's profile.
OPENERS = [
    "Context: {company}, {size}.",
    "Quick one from {company}.",
    "Looking for peers' experience here.",
    "We are {size} at {company}, for context.",
    "Something I keep coming back to at {company}.",
    "",
]
