"""Libraries (foreign set only): catalog, loans, holds, renewals, fines and reading rooms."""

from mcp_tui.data.universe.fields import date, flag, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Pick

D = "library"
TITLES = Pick(("The Left Hand of Darkness", "Middlemarch", "Sapiens", "The Overstory", "Beloved"), quote=0.6)
AUTHORS = Pick(("Ursula K. Le Guin", "George Eliot", "Yuval Noah Harari", "Richard Powers", "Toni Morrison"))
FORMAT = Choice((("print", "a paper copy"), ("ebook", "an e-book"), ("audiobook", "an audiobook")))
BRANCH = Choice((("central", "the central branch"), ("eastside", "the Eastside branch"), ("harbor", "the Harbor "
                                                                                                 "branch")))

card = ident("card number", "LIB", digits=7, label="library card number")
item_id = ident("item id", "ITM", digits=6, label="item ID")

CAPS = (
    *resource(D, "catalog item", "catalog items", item_id,
              filters=[F("title", TITLES, "titled {v}"), F("author", AUTHORS, "written by {v}"), F("format", FORMAT, "as {v}"),
                       flag("available now", ("on the shelf now",), ("whether or not on the shelf",))],
              search_required=0, extra=[limit("limit", "items")], ops="search get"),
    *resource(D, "hold", "holds", ident("hold id", "HLD", digits=6),
              fields=[card, item_id, F("pickup branch", BRANCH, "collecting at {v}")],
              create_required=2, verbs={"create": "place", "delete": "drop"}, ops="list create delete"),
    cap(D, "renew loan", "extend a borrowed item's due date", [card, item_id],
        [F("weeks", Count(1, 4), "by {v} weeks", label="extension in weeks")],
        frames=("extend the loan of item {item_id} on card {card_number}{args}",)),
    cap(D, "list loans", "list items on a card", [card], [flag("overdue only", ("only the overdue ones",),
                                                                ("overdue or not",))],
        frames=("show what card {card_number} has out{args}",)),
    cap(D, "pay fines", "pay outstanding fines", [card], frames=("settle the fines on card {card_number}",)),
    cap(D, "book study room", "reserve a study room",
        [F("branch", BRANCH, "at {v}"), when("start", "{v}", lo=0, hi=7),
         F("duration", Measure("min", 30, 240, ("h",), integer=True), "for {v}")],
        [F("people", Count(1, 8), "seating {v}")], frames=("reserve a study room{args}",)),
    cap(D, "get branch hours", "get a branch's opening hours", [F("branch", BRANCH, "at {v}")],
        [date("date", lo=0, hi=7)], frames=("find the opening times{args}",)),
    cap(D, "suggest purchase", "suggest a book the library should buy",
        [F("title", Pick(("Tomorrow, and Tomorrow, and Tomorrow", "The Wager", "Demon Copperhead"), quote=0.9)),
         F("author", Pick(("Gabrielle Zevin", "David Grann", "Barbara Kingsolver")), "by {v}")],
        frames=("propose the library acquire {title}{args}",)),
    cap(D, "get reading history", "list a card's past loans", [card], [limit("limit", "items")],
        frames=("dig out the reading history of card {card_number}{args}",)),
    cap(D, "register card", "sign up for a library card",
        [F("name", Pick(("Ada Byrne", "Jonas Weber", "Lupe Ortiz"))), F("email", Pick(("ada@example.org",
                                                                                       "jonas@example.org")), "({v})")],
        [F("home branch", BRANCH, "with {v} as home")], frames=("sign {name} up for a card{args}",)),
    cap(D, "get events", "list library events", [F("branch", BRANCH, "at {v}")],
        [F("audience", Choice((("kids",), ("teens",), ("adults",))), "for {v}")], frames=("list library events{args}",)),
)

QUESTIONS = (
    ("What is the Dewey Decimal System?",
     "A way of shelving nonfiction by subject in ten numbered classes (000-999), so related books sit together."),
    ("What's the difference between a library and an archive?",
     "A library lends published material for use; an archive preserves unique records and usually lets you read them "
     "only on site."),
)

DOMAIN = Domain(D, "Library", ("library", "catalog", "libby-api"), CAPS, QUESTIONS, vendors=("overdrive",))
