"""Fictional people for the demo data of `make run`: Product Ops leaders and their applications.

Names, companies and addresses are invented; any likeness to real people is chance.
"""

# (name, email, job title, company, company type, org size band, pillars, time zone,
#  bio, motivation, status)
PEOPLE = [
    (
        "Amara Okafor",
        "amara.okafor@lumenpay.example",
        "Head of Product Operations",
        "LumenPay",
        "vc_funded",
        "50-199",
        ["process", "tools"],
        "Europe/London",
        (
            "Built the product ops function at LumenPay from scratch after the Series B: one "
            "roadmap standard across six squads, a lightweight business-case template and one "
            "consolidated tooling stack instead of four."
        ),
        (
            "I want to compare how others run quarterly planning at this size, and stop "
            "reinventing things that peers have already solved."
        ),
        "member",
    ),
    (
        "Kenji Watanabe",
        "kenji.watanabe@hoshilogistics.example",
        "Director of Product Operations",
        "Hoshi Logistics",
        "public",
        "1000+",
        ["process", "stakeholders"],
        "Asia/Tokyo",
        (
            "Runs quarterly planning for more than 40 product teams across Japan and Southeast "
            "Asia. Introduced a shared capacity model that finance and product both trust, and "
            "leads the product review cadence for the executive committee."
        ),
        (
            "Few people in my region do this job at this scale. I am looking for true peers to "
            "test ideas with before I take them to the board."
        ),
        "member",
    ),
    (
        "Sofia Lindqvist",
        "sofia.lindqvist@brightfjord.example",
        "Product Ops Manager",
        "Brightfjord",
        "startup",
        "10-49",
        ["tools", "insight"],
        "Europe/Stockholm",
        (
            "First product ops hire at Brightfjord. Set up product analytics from zero, wrote the "
            "event taxonomy and moved customer feedback from three Slack channels into one "
            "triaged pipeline."
        ),
        (
            "I'm a team of one and would love to learn from people who have grown the function "
            "beyond that stage."
        ),
        "member",
    ),
    (
        "Marcus Bellamy",
        "marcus.bellamy@ridgelinesg.example",
        "VP Product Operations",
        "Ridgeline Software Group",
        "pe_rollup",
        "200-999",
        ["process", "tools", "stakeholders"],
        "America/Chicago",
        (
            "Leads product ops across seven acquired software companies. Harmonised roadmaps, "
            "release notes and pricing governance within 18 months of each acquisition, and built "
            "the portfolio reporting the operating partners now rely on."
        ),
        (
            "PE integration is its own discipline. I want to compare integration playbooks with "
            "others who have done it, and write some of it down for the manifesto."
        ),
        "member",
    ),
    (
        "Priya Raghavan",
        "priya.raghavan@northpass.example",
        "Product Ops consultant",
        "Northpass Advisory",
        "consulting",
        "1-9",
        ["process", "people"],
        "Asia/Kolkata",
        (
            "Independent consultant who has set up product ops in nine scale-ups across India and "
            "the UK. Known for her 30-60-90 day plans for new product ops leads and a "
            "business-case template several clients still use."
        ),
        (
            "I want to stay close to practitioners rather than other consultants, and give back "
            "the patterns I have seen work."
        ),
        "member",
    ),
    (
        "Tomás Herrera",
        "tomas.herrera@vetrahealth.example",
        "Senior Product Operations Lead",
        "Vetra Health",
        "vc_funded",
        "200-999",
        ["insight", "stakeholders"],
        "America/Mexico_City",
        (
            "Owns the product insight practice at Vetra Health: a monthly customer-evidence "
            "review, a shared research repository and the outcome metrics each product line "
            "reports on."
        ),
        (
            "I'd like to see how other health-tech companies balance regulatory work with "
            "discovery, and share what we learned the hard way."
        ),
        "member",
    ),
    (
        "Ingrid Vogel",
        "ingrid.vogel@kaltwerk.example",
        "Head of Product Operations",
        "Kaltwerk Systems",
        "public",
        "1000+",
        ["tools", "process"],
        "Europe/Berlin",
        (
            "Consolidated eleven roadmap and feedback tools into two across a 1,200-person "
            "product organisation, saving licence costs and, more importantly, arguments. Now "
            "leads portfolio planning for the industrial IoT division."
        ),
        (
            "I want honest conversations about what tooling consolidation really costs, with "
            "people who won't try to sell me something."
        ),
        "member",
    ),
    (
        "Olumide Adeyemi",
        "olumide.adeyemi@paycircuit.example",
        "Product Operations Lead",
        "Paycircuit",
        "startup",
        "10-49",
        ["people", "process"],
        "Europe/London",
        (
            "Joined Paycircuit as a PM and moved into product ops when the team tripled in a "
            "year. Wrote the PM onboarding programme, the career ladder and the weekly product "
            "rituals."
        ),
        (
            "I'm starting product ops properly in a fast-growing company and looking for people "
            "who have been two or three steps ahead of me."
        ),
        "member",
    ),
    (
        "Hannah Kowalczyk",
        "hannah.kowalczyk@meridianstack.example",
        "Product Ops Manager",
        "Meridian Stack",
        "pe_rollup",
        "50-199",
        ["process", "insight"],
        "Europe/Warsaw",
        (
            "Runs planning and portfolio reporting for Meridian Stack's three merged product "
            "lines. Introduced a common definition of a finished business case, so investors see "
            "the same numbers the teams do."
        ),
        (
            "I'd like to compare notes with others working under PE ownership, especially on the "
            "reporting the board expects."
        ),
        "member",
    ),
    (
        "Rafael Moreira",
        "rafael.moreira@tessellate.example",
        "Founder and Principal Consultant",
        "Tessellate Partners",
        "consulting",
        "1-9",
        ["stakeholders", "process"],
        "America/Sao_Paulo",
        (
            "Former product director turned consultant. Helps Latin American scale-ups set up "
            "product governance, from portfolio reviews to decision records, and coaches the "
            "people who will run it after he leaves."
        ),
        (
            "I want to contribute to the manifesto from a Latin American perspective and meet "
            "peers outside my usual network."
        ),
        "member",
    ),
    (
        "Mei-Lin Chou",
        "mei-lin.chou@orbitly.example",
        "Product Operations Manager",
        "Orbitly",
        "vc_funded",
        "50-199",
        ["insight", "tools"],
        "Asia/Taipei",
        (
            "Built Orbitly's product analytics layer and the weekly metrics review. Her "
            "self-serve dashboards replaced a long backlog of ad hoc data requests from product "
            "managers."
        ),
        (
            "I want to learn how other teams connect product metrics to planning decisions rather "
            "than just reporting them."
        ),
        "member",
    ),
    (
        "Declan Fitzgerald",
        "declan.fitzgerald@harbourline.example",
        "Director of Product Operations",
        "Harbourline Insurance",
        "public",
        "200-999",
        ["stakeholders", "process"],
        "Europe/Dublin",
        (
            "Sits between product, risk and compliance at Harbourline. Created the quarterly "
            "business review format and the release governance that lets 30 teams ship into "
            "regulated markets without a change board."
        ),
        (
            "I want to meet peers in regulated industries and compare how we keep governance "
            "light without upsetting the auditors."
        ),
        "member",
    ),
    (
        "Aisha Rahman",
        "aisha.rahman@quillstone.example",
        "Product Ops Lead",
        "Quillstone",
        "startup",
        "1-9",
        ["process", "tools"],
        "Asia/Dubai",
        (
            "Second product hire at Quillstone, now setting up the first roadmap process and tool "
            "stack for a product team of six."
        ),
        (
            "I'm just starting product ops in a new company and want to avoid the classic "
            "mistakes. A peer group to sanity-check my plans would help a lot."
        ),
        "pending",
    ),
    (
        "Jonas Eriksen",
        "jonas.eriksen@fjordbyte.example",
        "VP Product Operations",
        "Fjordbyte Holdings",
        "pe_rollup",
        "200-999",
        ["process", "people", "stakeholders"],
        "Europe/Oslo",
        (
            "Leads product operations for a buy-and-build group of Nordic vertical SaaS "
            "companies. Designed the 100-day product integration playbook now used on every "
            "acquisition."
        ),
        (
            "I'd like to compare integration playbooks with other PE-backed groups and help "
            "define what good looks like."
        ),
        "member",
    ),
    (
        "Lucía Navarro",
        "lucia.navarro@lanterna.example",
        "Senior Consultant, Product Operations",
        "Lanterna Consulting",
        "consulting",
        "10-49",
        ["insight", "process"],
        "Europe/Madrid",
        (
            "Leads the product ops practice at Lanterna. Recent work includes a "
            "discovery-to-delivery operating model for a Spanish retailer and a product metrics "
            "framework for a public broadcaster."
        ),
        (
            "I want to test our frameworks against what in-house leaders actually experience, and "
            "bring field evidence back to the community."
        ),
        "member",
    ),
    (
        "Wiremu Parata",
        "wiremu.parata@southerlycloud.example",
        "Head of Product Operations",
        "Southerly Cloud",
        "vc_funded",
        "10-49",
        ["people", "tools"],
        "Australia/Sydney",
        (
            "Set up product ops at Southerly Cloud a year ago, focused on PM onboarding, a shared "
            "discovery toolkit and a simple ritual calendar the whole company can follow."
        ),
        (
            "Time zones make it hard to find peers in APAC. I want regular conversations with "
            "people doing the same job."
        ),
        "member",
    ),
    (
        "Grace Nakamura-Ellis",
        "grace.nakamura-ellis@pelicanshore.example",
        "VP Product Operations",
        "Pelican Shore Financial",
        "public",
        "1000+",
        ["stakeholders", "people", "process"],
        "America/Los_Angeles",
        (
            "Leads a 14-person product ops team supporting 120 product managers. Runs the annual "
            "and quarterly planning cycle, the product leadership offsite and the PM career "
            "framework."
        ),
        (
            "I want to give back to the discipline and mentor newer leaders, and I still have "
            "open questions about scaling my own team."
        ),
        "member",
    ),
    (
        "Samuel Osei",
        "samuel.osei@greenlightgrid.example",
        "Product Operations Manager",
        "Greenlight Grid",
        "startup",
        "10-49",
        ["insight", "process"],
        "Europe/Amsterdam",
        (
            "Brought structure to customer feedback at an energy-tech start-up: one intake form, "
            "weekly triage and a quarterly insight report that now shapes the roadmap."
        ),
        (
            "Looking to compare practice with peers and learn how others decide when process is "
            "too much for a small team."
        ),
        "member",
    ),
    (
        "Elena Petrova",
        "elena.petrova@stratumpg.example",
        "Director of Product Operations",
        "Stratum Portfolio Group",
        "pe_rollup",
        "1000+",
        ["tools", "process", "insight"],
        "Europe/Sofia",
        (
            "Coordinates product ops across 12 portfolio companies. Built a shared product data "
            "model so that roadmaps, OKRs and investment cases roll up into one portfolio view."
        ),
        (
            "I want to meet others tackling portfolio-level product ops; most communities focus "
            "on single companies."
        ),
        "member",
    ),
    (
        "Arjun Mehta",
        "arjun.mehta@kestreladvisory.example",
        "Managing Partner",
        "Kestrel Product Advisory",
        "consulting",
        "1-9",
        ["tools"],
        "Asia/Singapore",
        "Runs a small advisory firm that implements roadmap software for mid-market companies.",
        (
            "Looking to connect with product ops leaders who might need help choosing and rolling "
            "out roadmap tools."
        ),
        "declined",
    ),
    (
        "Chloé Marchand",
        "chloe.marchand@papillon-analytics.example",
        "Head of Product Operations",
        "Papillon Analytics",
        "vc_funded",
        "200-999",
        ["process", "stakeholders"],
        "Europe/Paris",
        (
            "Introduced dual-track planning and a quarterly product council at Papillon "
            "Analytics. Writes the internal product newsletter that sales and support actually "
            "read."
        ),
        (
            "I want peers who understand the politics of the role, and to compare how we each "
            "earn the trust of the executive team."
        ),
        "member",
    ),
    (
        "Benjamin Adler",
        "benjamin.adler@corvex.example",
        "Senior Director, Product Operations",
        "Corvex Industries",
        "public",
        "1000+",
        ["tools", "insight"],
        "America/New_York",
        (
            "Leads the product systems team at Corvex: roadmap tooling, product analytics and the "
            "data contracts between them. Cut the time to produce the quarterly portfolio review "
            "from three weeks to two days."
        ),
        (
            "I want to swap notes on product data architecture and learn what others automate and "
            "what they keep human."
        ),
        "member",
    ),
    (
        "Yuki Saito",
        "yuki.saito@komorebi.example",
        "Product Manager and Product Ops Lead",
        "Komorebi Apps",
        "startup",
        "1-9",
        ["process"],
        "Asia/Tokyo",
        (
            "Product manager who also carries product ops at a seven-person consumer app company. "
            "Currently writing the first product principles and a lightweight release checklist."
        ),
        (
            "I'm not sure yet whether product ops should be my full-time job, and I'd like to "
            "learn from people who made that move."
        ),
        "pending",
    ),
    (
        "Fatima Al-Sayed",
        "fatima.al-sayed@dunecrest.example",
        "Product Operations Manager",
        "Dunecrest Software Holdings",
        "pe_rollup",
        "50-199",
        ["process", "stakeholders"],
        "Asia/Riyadh",
        (
            "Integrates product teams for a Gulf-based software holding company. Standardised the "
            "business-case template and the investment review across four recently acquired "
            "businesses."
        ),
        (
            "I want to learn from peers in PE-backed companies and share what integration looks "
            "like in the Middle East."
        ),
        "member",
    ),
    (
        "Niamh O'Connell",
        "niamh.oconnell@fieldnote.example",
        "Independent Product Ops consultant",
        "Fieldnote Product Ops",
        "consulting",
        "1-9",
        ["people", "process"],
        "Europe/Dublin",
        (
            "Former Head of Product Ops at two scale-ups, now independent. Specialises in "
            "onboarding product managers; her playbook cut ramp-up time from six months to ten "
            "weeks at her last client."
        ),
        (
            "I want to keep learning alongside in-house leaders and contribute practical material "
            "to the manifesto."
        ),
        "member",
    ),
    (
        "Luca Bianchi",
        "luca.bianchi@vitrealabs.example",
        "Product Ops Manager",
        "Vitrea Labs",
        "vc_funded",
        "50-199",
        ["tools", "process"],
        "Europe/Rome",
        (
            "Owns the product toolchain at Vitrea Labs and the intake process for ideas from "
            "sales and support. Replaced a sprawling spreadsheet roadmap with a single source of "
            "truth linked to delivery."
        ),
        (
            "Curious how others handle roadmap requests from sales without becoming a ticket "
            "desk. Happy to share our intake model."
        ),
        "member",
    ),
    (
        "Zanele Dlamini",
        "zanele.dlamini@sunvaletelecom.example",
        "Director of Product Operations",
        "Sunvale Telecom",
        "public",
        "1000+",
        ["people", "stakeholders"],
        "Europe/London",
        (
            "Leads product ops for the consumer division of a listed telecom group. Built a "
            "product leadership academy and the operating rhythm that connects 25 product teams "
            "to the annual plan."
        ),
        (
            "I'm looking for a small group of senior peers to think out loud with, away from "
            "vendor events and conference talks."
        ),
        "member",
    ),
    (
        "Diego Fernández",
        "diego.fernandez@brisamobility.example",
        "Product Operations Lead",
        "Brisa Mobility",
        "startup",
        "10-49",
        ["insight", "tools"],
        "America/Bogota",
        (
            "Set up product analytics and experiment tracking at an urban mobility start-up, and "
            "runs the weekly metrics review with the founders."
        ),
        (
            "I recently moved into product ops from data analytics and want to learn the rest of "
            "the job from experienced peers."
        ),
        "pending",
    ),
    (
        "Anneke de Vries",
        "anneke.de.vries@poldersoftware.example",
        "Head of Product Operations",
        "Polder Software Group",
        "pe_rollup",
        "200-999",
        ["process", "tools"],
        "Europe/Amsterdam",
        (
            "Brought five acquired companies onto one planning calendar, one roadmap format and "
            "one product tool. Also runs the product ops guild across the group."
        ),
        (
            "I want to compare notes on harmonising ways of working without flattening the "
            "culture of each acquired company."
        ),
        "member",
    ),
    (
        "Ravi Subramanian",
        "ravi.subramanian@threadwise.example",
        "Principal, Product Operations",
        "Threadwise Consulting",
        "consulting",
        "10-49",
        ["insight", "stakeholders"],
        "America/Toronto",
        (
            "Leads Threadwise's product operations engagements. Has helped a dozen North American "
            "software companies connect customer insight to portfolio decisions."
        ),
        (
            "I'd like to contribute case material to the community and hear directly from leaders "
            "where consultants actually help."
        ),
        "member",
    ),
    (
        "Leah Goldberg",
        "leah.goldberg@cobaltharbor.example",
        "VP Product Operations",
        "Cobalt Harbor",
        "vc_funded",
        "200-999",
        ["people", "process", "insight"],
        "America/New_York",
        (
            "Runs product operations and program management for a late-stage fintech. Introduced "
            "outcome-based roadmaps across 35 teams and built a product ops team of six."
        ),
        (
            "I want true peers at VP level to discuss team design, hiring and how to prove the "
            "function's value."
        ),
        "member",
    ),
    (
        "Min-jun Park",
        "min-jun.park@hanbitcommerce.example",
        "Product Operations Director",
        "Hanbit Commerce",
        "public",
        "1000+",
        ["process", "tools"],
        "Asia/Seoul",
        (
            "Leads planning and tooling for a large e-commerce product organisation. Rolled out a "
            "single product requirements standard across the Korean and Japanese teams."
        ),
        (
            "I want to share what works in fast-moving Asian e-commerce and learn how others run "
            "planning at scale."
        ),
        "member",
    ),
    (
        "Isabel Costa",
        "isabel.costa@marelearning.example",
        "Product Ops Manager",
        "Maré Learning",
        "startup",
        "50-199",
        ["people", "insight"],
        "Europe/Lisbon",
        (
            "Designed the product onboarding programme and the quarterly user research plan at an "
            "edtech scale-up. Also runs the internal product community of practice."
        ),
        (
            "Looking to exchange practice with others and find a sounding board as our team grows "
            "past 50 product people."
        ),
        "member",
    ),
    (
        "Callum Fraser",
        "callum.fraser@thistlesoftware.example",
        "Senior Product Operations Lead",
        "Thistle Software Holdings",
        "pe_rollup",
        "50-199",
        ["stakeholders", "insight"],
        "Europe/London",
        (
            "Built the monthly product performance pack the operating partners use across the "
            "Thistle portfolio, and the pricing and packaging review process."
        ),
        (
            "I want to see how others present product performance to investors without drowning "
            "the teams in reporting."
        ),
        "member",
    ),
    (
        "Nadia Haddad",
        "nadia.haddad@cedarline.example",
        "Product Ops consultant",
        "Cedarline Partners",
        "consulting",
        "1-9",
        ["process", "stakeholders"],
        "Europe/Paris",
        (
            "Advises French and Lebanese software companies on product governance. Recent work: a "
            "decision-rights matrix for a 200-person product org and a portfolio review for a "
            "family-owned software group."
        ),
        (
            "I want to contribute to the manifesto and keep my practice grounded in what in-house "
            "leaders face every week."
        ),
        "member",
    ),
    (
        "Ethan Brooks",
        "ethan.brooks@quarryai.example",
        "Product Operations Lead",
        "Quarry AI",
        "vc_funded",
        "10-49",
        ["tools"],
        "America/Denver",
        "Product ops lead at an AI start-up that builds a product feedback tool.",
        (
            "Would love to demo our platform to the community and get feedback from product ops "
            "leaders."
        ),
        "declined",
    ),
    (
        "Siddharth Iyer",
        "siddharth.iyer@vayupayments.example",
        "Head of Product Operations",
        "Vayu Payments",
        "public",
        "200-999",
        ["process", "insight", "tools"],
        "Asia/Kolkata",
        (
            "Runs quarterly planning across 22 teams at a listed payments company. Built the "
            "business-case template and the post-launch review that closes the loop on every "
            "major bet."
        ),
        (
            "I'd like to compare how peers measure the impact of product ops itself, beyond the "
            "number of processes launched."
        ),
        "member",
    ),
    (
        "Emma Thornton",
        "emma.thornton@wattlehealth.example",
        "Product Operations Manager",
        "Wattle Health",
        "startup",
        "50-199",
        ["people", "process"],
        "Australia/Melbourne",
        (
            "First product ops hire at a digital health start-up. Built PM onboarding, the "
            "monthly roadmap review and the release communication process."
        ),
        (
            "I want a peer group that understands the role, since nobody else in my company has "
            "done it before."
        ),
        "pending",
    ),
    (
        "Tobias Schreiber",
        "tobias.schreiber@alpenrose.example",
        "VP Product Operations",
        "Alpenrose Software Group",
        "pe_rollup",
        "1000+",
        ["stakeholders", "process", "tools"],
        "Europe/Zurich",
        (
            "Leads product operations for a PE-owned group of 15 software businesses. Built the "
            "group's product investment framework and a shared platform for roadmaps and customer "
            "feedback."
        ),
        (
            "I want to help shape a shared language for product ops in PE roll-ups, and learn "
            "from peers who are further along."
        ),
        "member",
    ),
    (
        "Camila Rojas",
        "camila.rojas@puentestudio.example",
        "Co-founder and Product Ops Lead",
        "Puente Product Studio",
        "consulting",
        "10-49",
        ["people", "insight"],
        "America/Santiago",
        (
            "Co-founded a product studio that embeds product ops leads in Chilean and Argentinian "
            "scale-ups. Designs the hiring and onboarding path for their product teams."
        ),
        (
            "Interested in the community's view on career paths in product ops, and keen to bring "
            "more Latin American voices in."
        ),
        "pending",
    ),
    (
        "Oliver Nguyen",
        "oliver.nguyen@bluegumfinance.example",
        "Product Ops Manager",
        "Bluegum Finance",
        "vc_funded",
        "50-199",
        ["insight", "tools"],
        "Australia/Sydney",
        (
            "Owns the product analytics stack and quarterly planning data at Bluegum Finance. "
            "Introduced a single OKR tracker that replaced four competing spreadsheets."
        ),
        (
            "I want to compare practice with peers in other regions and learn how they keep "
            "planning data clean."
        ),
        "member",
    ),
    (
        "Ana Kovačević",
        "ana.kovacevic@lindenhall.example",
        "Head of Product Operations",
        "Lindenhall Media",
        "public",
        "200-999",
        ["process", "stakeholders"],
        "Europe/Zagreb",
        (
            "Set up product ops for the digital division of a listed media group. Runs the "
            "portfolio review and the planning forum that aligns newsrooms with product teams."
        ),
        (
            "Media has unusual stakeholders. I want to learn from peers in other industries and "
            "bring fresh ideas back."
        ),
        "member",
    ),
    (
        "Jamal Carter",
        "jamal.carter@civiccommons.example",
        "Director of Product Operations",
        "Civic Commons Foundation",
        "other",
        "10-49",
        ["people", "process"],
        "America/New_York",
        (
            "Brings product practice to a non-profit that builds digital services for local "
            "governments. Created the product ops function, including roadmapping and a volunteer "
            "onboarding path."
        ),
        (
            "Product ops in the non-profit world is rare. I want peers to learn from, and to show "
            "what the role looks like outside commercial software."
        ),
        "member",
    ),
    (
        "Freya Halvorsen",
        "freya.halvorsen@nordlys-digital.example",
        "Product Operations Lead",
        "Nordlys Digital Agency",
        "other",
        "50-199",
        ["stakeholders", "process"],
        "Europe/Oslo",
        (
            "Leads product ops at a public-sector digital agency. Introduced a shared roadmap "
            "format across ministries and a service-metrics dashboard for the leadership team."
        ),
        (
            "I want to learn from private-sector peers and share how product ops adapts to "
            "public-sector governance."
        ),
        "pending",
    ),
    (
        "Kwame Mensah",
        "kwame.mensah@lumenpay.example",
        "Product Ops Manager",
        "LumenPay",
        "vc_funded",
        "50-199",
        ["insight", "people"],
        "Europe/London",
        (
            "Works in Amara's product ops team at LumenPay, focused on customer insight and PM "
            "enablement. Runs the monthly voice-of-customer session with support and sales."
        ),
        (
            "I'd like to connect with other product ops managers and contribute to the "
            "community's work on the insight pillar."
        ),
        "member",
    ),
    (
        "Rosa Martínez",
        "rosa.martinez@altamarhealth.example",
        "Chief of Staff to the CPO",
        "Altamar Health Trust",
        "other",
        "200-999",
        ["stakeholders", "people"],
        "Europe/Madrid",
        (
            "Chief of Staff to the CPO of a large not-for-profit health provider. Runs the "
            "product leadership rhythm, the annual planning cycle and the link between clinical "
            "and product teams."
        ),
        (
            "My role overlaps heavily with product ops. I want to compare practice and understand "
            "where the two roles draw the line."
        ),
        "member",
    ),
]
