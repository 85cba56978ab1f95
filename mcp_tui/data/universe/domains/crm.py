"""Customer relationships: contacts, companies, leads, deals, tasks and notes."""

from mcp_tui.data.universe.fields import PEOPLE, date, email, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Flag, Measure, Money, Percent, Pick

D = "crm"
COMPANIES = Pick(("Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods", "Hooli"),
                 quote=0.2)
STAGE = Choice((("prospecting",), ("qualified",), ("proposal", "proposal sent"), ("negotiation",),
                ("closed_won", "won", "closed won"), ("closed_lost", "lost", "closed lost")))
LEAD_STATUS = Choice((("new",), ("contacted",), ("qualified",), ("unqualified", "not a fit")))
INDUSTRY = Choice((("software",), ("healthcare",), ("retail",), ("logistics",), ("finance",)))
PHONES = Pick(("+1 555 0134", "+1 555 0168", "+44 20 7946 0321", "+49 30 901820"))

contact_id = ident("contact id", "C-", digits=5, label="contact ID")
deal_id = ident("deal id", "DEAL-", digits=5, label="deal ID")

CAPS = (
    *resource(D, "contact", "contacts", contact_id,
              fields=[F("name", Pick(PEOPLE), "for {v}", "named {v}", ask="the contact's name"), email("email", "with email {v}"),
                      F("phone", PHONES, "with phone {v}"), F("company", COMPANIES, "at {v}", "from {v}"),
                      F("title", Pick(("CTO", "Head of Sales", "Procurement Manager", "CEO")), "who is {v}",
                        label="job title")],
              filters=[F("company", COMPANIES, "at {v}"), F("name", Pick(PEOPLE), "named {v}")],
              search_required=0, extra=[limit("limit", "contacts")], verbs={"create": "add"},
              ops="search get create update delete"),
    *resource(D, "company", "companies", ident("company id", "CO", digits=5, label="company ID"),
              fields=[F("name", COMPANIES, "called {v}"), F("industry", INDUSTRY, "in {v}"),
                      F("employees", Count(10, 50000), "with {v} employees", label="number of employees")],
              filters=[F("industry", INDUSTRY, "in {v}"), F("min employees", Count(50, 5000), "with over {v} employees")],
              search_required=0, verbs={"create": "add"}, ops="search get create update"),
    *resource(D, "lead", "leads", ident("lead id", "L-", digits=5, label="lead ID"),
              fields=[F("name", Pick(PEOPLE), "for {v}"), F("company", COMPANIES, "from {v}"),
                      F("status", LEAD_STATUS, "marked {v}", "as {v}", default="new"),
                      F("source", Choice((("website",), ("referral",), ("trade_show", "a trade show"), ("cold_call",
                                                                                                   "a cold call"))),
                        "via {v}")],
              filters=[F("status", LEAD_STATUS, "that are {v}"), F("source", Choice((("website",), ("referral",))),
                                                                    "from {v}")],
              create_required=2, search_required=0, ops="search create update delete"),
    *resource(D, "deal", "deals", deal_id,
              fields=[text("name", ("Globex renewal 2025", "Initech pilot", "Acme expansion"), "called {v}"),
                      F("amount", Money(1000, 500000), "worth {v}", label="deal value"), F("stage", STAGE, "at the {v} stage",
                                                                                       "in {v}"),
                      date("close date", "closing {v}", lo=7, hi=180, label="expected close date"),
                      F("owner", Pick(PEOPLE), "owned by {v}")],
              filters=[F("stage", STAGE, "in {v}"), F("min amount", Money(5000, 100000), "over {v}"),
                       F("owner", Pick(PEOPLE), "owned by {v}")],
              create_required=3, search_required=0, ops="search get create update delete"),
    *resource(D, "crm task", "crm tasks", ident("task id", "T-", digits=5, label="task ID"),
              fields=[text("title", ("Send proposal", "Follow up on pricing", "Book a demo", "Renewal call"), "called {v}"),
                      date("due", "due {v}", lo=1, hi=30, label="due date"), F("assignee", Pick(PEOPLE), "for {v}")],
              create_required=2, ops="list create update delete"),
    cap(D, "add note to contact", "attach a note to a contact",
        [contact_id, text("note", ("Prefers calls after 2pm", "Interested in the enterprise plan", "Met at the expo"),
                          "saying {v}")], frames=("add a note to contact {contact_id}{args}",)),
    cap(D, "log call", "log a phone call with a contact",
        [contact_id, F("duration", Measure("min", 1, 90, ("h",), integer=True), "lasting {v}", label="call length")],
        [text("summary", ("Discussed pricing", "Left a voicemail", "Agreed on a demo"), "with the summary {v}")],
        frames=("log a call with contact {contact_id}{args}",)),
    cap(D, "merge contacts", "merge two duplicate contacts",
        [F("primary id", contact_id.kind, label="contact to keep"), F("duplicate id", contact_id.kind,
                                                                       label="duplicate contact")],
        frames=("merge contact {duplicate_id} into {primary_id}",)),
    cap(D, "get pipeline summary", "summarize the sales pipeline by stage", [],
        [F("owner", Pick(PEOPLE), "for {v}"), F("quarter", Choice((("Q1",), ("Q2",), ("Q3",), ("Q4",))), "for {v}")],
        frames=("summarize the pipeline{args}",), asks=("How does the pipeline look{args}?",)),
    cap(D, "send quote", "email a price quote for a deal", [deal_id, email("recipient", "to {v}")],
        [F("discount", Percent(0, 30),
           "with a {v} discount")], frames=("send the quote for deal {deal_id}{args}",)),
    cap(D, "assign lead", "assign a lead to a sales rep",
        [ident("lead id", "L-", digits=5, label="lead ID"), F("rep", Pick(PEOPLE), "to {v}")],
        frames=("assign lead {lead_id}{args}",)),
    cap(D, "import contacts", "import contacts from a file",
        [F("file url", Pick(("https://files.example.com/expo.csv", "https://files.example.com/q3-leads.csv")),
           "from {v}", label="file URL")],
        [F("skip duplicates", Flag(("skipping duplicates",), ("keeping duplicates",)), "{v}")],
        frames=("import contacts{args}",)),
)

QUESTIONS = (
    ("What's the difference between a lead and a prospect?",
     "A lead is anyone who has shown some interest; a prospect is a lead that has been qualified as a likely fit "
     "and is being actively pursued."),
    ("What is a sales pipeline?",
     "The stages a deal moves through from first contact to close, used to track deals and forecast revenue."),
)

DOMAIN = Domain(D, "CRM", ("crm", "salesforce-mcp", "hubspot", "sales_api"), CAPS, QUESTIONS, vendors=("hubspot", "pipedrive"),
                related=("messaging",))
