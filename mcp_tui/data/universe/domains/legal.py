"""Law and courts (foreign set only): cases, filings, hearings, statutes and contracts."""

from mcp_tui.data.universe.fields import PEOPLE, date, flag, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Money, Pick

D = "legal"
COURTS = Choice((("district", "the district court"), ("appeals", "the court of appeals"), ("small_claims",
                                                                                          "small claims court"),
                 ("family", "family court")))
CASE_TYPES = Choice((("civil",), ("criminal",), ("probate",), ("bankruptcy",)))
JURIS = Choice((("CA", "California"), ("NY", "New York"), ("TX", "Texas"), ("UK", "England and Wales")))

case_no = ident("case number", "CV-2024-", digits=5, label="case number")

CAPS = (
    *resource(D, "case", "cases", case_no,
              filters=[F("party", Pick(PEOPLE), "involving {v}"), F("court", COURTS, "in {v}"),
                       F("case type", CASE_TYPES, "({v})"), date("filed after", "filed since {b}", lo=-400, hi=-1)],
              search_required=0, extra=[limit("limit", "cases")], ops="search get"),
    *resource(D, "filing", "filings", ident("filing id", "FIL", digits=6, label="filing ID"),
              fields=[case_no, F("document type", Choice((("motion",), ("brief",), ("complaint",), ("answer",))), "as a {v}"),
                      F("document url", Pick(("https://docs.example.law/motion.pdf", "https://docs.example.law/brief.pdf")),
                        "from {v}")],
              create_required=3, verbs={"create": "submit"}, ops="list create"),
    cap(D, "get hearing schedule", "list hearings of a case", [case_no], [date("from", "from {b}", lo=0, hi=30)],
        frames=("pull the hearing calendar for case {case_number}{args}",)),
    cap(D, "schedule consultation", "book a consultation with a lawyer",
        [F("lawyer", Pick(("Ana Ferreira, Esq.", "Daniel Brooks, Esq.", "Mei Lin, Esq."))), when("time", "{v}", lo=1, hi=20)],
        [F("topic", Choice((("tenancy",), ("employment",), ("immigration",), ("contracts",))), "about {v}")],
        frames=("set up a consultation with {lawyer}{args}",)),
    cap(D, "search statutes", "search statutes by keyword",
        [F("keywords", Pick(("security deposit", "overtime pay", "noise ordinance", "data breach notification")),
           "about {v}"), F("jurisdiction", JURIS, "in {v}")], frames=("look through the statutes{args}",)),
    cap(D, "get court fees", "get filing fees for a court", [F("court", COURTS, "for {v}"), F("jurisdiction", JURIS, "in {v}")],
        frames=("quote the filing fees{args}",)),
    cap(D, "calculate statute of limitations", "compute the deadline to file a claim",
        [F("claim type", Choice((("personal_injury", "a personal injury claim"), ("breach_of_contract", "a breach of "
                                                                                                   "contract"),
                                 ("property_damage", "property damage"))), "for {v}"),
         F("jurisdiction", JURIS, "in {v}"), date("incident date", "after an incident {v}", lo=-800, hi=-30)],
        frames=("compute the filing deadline{args}",)),
    cap(D, "draft contract", "draft a contract from a template",
        [F("template", Choice((("nda", "an NDA"), ("lease", "a residential lease"), ("freelance", "a freelance "
                                                                                           "agreement"))), "for {v}"),
         F("party a", Pick(PEOPLE), "between {v}"), F("party b", Pick(PEOPLE), "and {v}")],
        [F("term months", Count(1, 36), "lasting {v} months", label="term in months")],
        frames=("prepare a contract{args}",)),
    cap(D, "file small claim", "file a small-claims case",
        [F("defendant", Pick(PEOPLE), "against {v}"), F("amount", Money(100, 10000), "for {v}")],
        [flag("request mediation", ("asking for mediation first",), ("straight to a hearing",))],
        frames=("open a small-claims case{args}",)),
    cap(D, "get judge info", "get information about a judge",
        [F("judge", Pick(("Judge R. Alvarez", "Judge K. Osei", "Judge P. Lindqvist")))],
        frames=("profile {judge}",)),
    cap(D, "get docket", "list the docket entries of a case", [case_no], [limit("limit", "entries")],
        frames=("show the docket of {case_number}{args}",)),
    cap(D, "notarize document", "request remote notarization of a document",
        [F("document url", Pick(("https://docs.example.law/poa.pdf", "https://docs.example.law/affidavit.pdf")),
           label="document URL"), when("time", "{v}", lo=1, hi=10)], frames=("get {document_url} notarized{args}",)),
    cap(D, "check conflicts", "run a conflict-of-interest check on parties",
        [F("client", Pick(PEOPLE)), F("opposing party", Pick(PEOPLE))],
        frames=("run a conflict check for {client} against {opposing_party}",)),
)

QUESTIONS = (
    ("What's the difference between civil and criminal law?",
     "Criminal law deals with offenses against the state, prosecuted by the government; civil law settles disputes "
     "between private parties, usually with money damages."),
    ("What does 'pro bono' mean?", "Legal work done for free, for the public good."),
)

DOMAIN = Domain(D, "Legal", ("legal", "court-records", "lawfirm-tools"), CAPS, QUESTIONS, vendors=("lexis",))
