"""Eating out: find restaurants, book tables, menus, reviews and waitlists."""

from mcp_tui.data.universe.fields import PEOPLE, city, date, flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Clock, Count, Decimal, Measure, Money, Percent, Pick

D = "restaurants"
NAMES = tuple(f"{a} {b}" for a in ("Bella", "Golden", "Blue", "Little", "Casa", "Saffron") for b in
              ("Trattoria", "Dragon", "Bistro", "Kitchen", "Taqueria", "Table"))  # fmt: skip
CUISINE = Choice((("italian", "Italian"), ("japanese", "Japanese", "sushi"), ("mexican", "Mexican"),
                  ("indian", "Indian"), ("thai", "Thai"), ("french", "French"), ("vegan", "vegan"),
                  ("korean", "Korean")))
PRICE = Choice((("cheap", "cheap", "inexpensive"), ("moderate", "moderately priced", "mid-range"),
                ("expensive", "expensive", "fancy")))
SEATING = Choice((("indoor", "inside"), ("outdoor", "outside", "on the terrace"), ("bar", "at the bar")))
NOTES = ("Window seat if possible", "It's a birthday dinner", "One guest uses a wheelchair", "Allergic to peanuts")

restaurant = F("restaurant", Pick(NAMES, quote=0.3), "at {v}", ask="which restaurant")
reservation_id = ident("reservation id", "RES-", digits=6, label="reservation number")

CAPS = (
    *resource(D, "restaurant", "restaurants", ident("restaurant id", "R", digits=5, label="restaurant ID"),
              filters=[city("city", "in {v}"), F("cuisine", CUISINE, "serving {v} food", "({v})"),
                       F("price range", PRICE, "that are {v}"),
                       F("min rating", Decimal(3.0, 4.8), "rated {v} or higher"),
                       flag("open now", ("open right now",), ("open or not",)),
                       F("max distance", Measure("km", 0.5, 15, ("m",)), "within {v}")],
              extra=[limit("limit", "restaurants")], ops="search get"),
    *resource(D, "reservation", "reservations", reservation_id,
              fields=[restaurant, date("date", "{v}", lo=0, hi=45, ask="which day"),
                      F("time", Clock(), "at {v}", ask="what time"),
                      F("party size", Count(2, 12), "for {v} people", ask="how many people"),
                      F("name", Pick(PEOPLE), "under {v}", "under the name {v}"),
                      F("seating", SEATING, "{v}", "seated {v}"), text("notes", NOTES, "with the note {v}")],
              create_required=4, verbs={"create": "book", "delete": "cancel"}, ops="get list create update delete"),
    cap(D, "get menu", "get a restaurant's menu", [restaurant],
        [F("course", Choice((("starters",), ("mains", "main courses"), ("desserts",), ("drinks",))), "({v} only)"),
         flag("vegetarian only", ("vegetarian dishes only",), ("all dishes",))],
        frames=("show me the menu at {restaurant}{args}", "get the menu of {restaurant}{args}"),
        asks=("What's on the menu at {restaurant}{args}?",)),
    cap(D, "check table availability", "check which times a restaurant has tables",
        [restaurant, date("date", lo=0, hi=30), F("party size", Count(2, 12), "for {v} people")],
        frames=("check if {restaurant} has a table{args}",), asks=("Can {restaurant} fit us{args}?",)),
    cap(D, "join waitlist", "join a restaurant's walk-in waitlist",
        [restaurant, F("party size", Count(2, 8), "for {v} people"),
         F("phone", Pick(("+1 555 0143", "+1 555 0199", "+44 20 7946 0018")), "(text me at {v})")],
        frames=("put us on the waitlist at {restaurant}{args}",)),
    *resource(D, "restaurant review", "restaurant reviews", ident("review id", "RRV", digits=6),
              fields=[restaurant, F("stars", Count(1, 5), "with {v} stars"),
                      text("text", ("Amazing pasta, slow service", "Best ramen in town", "Overpriced and cold"),
                           "saying {v}")],
              filters=[restaurant, F("min stars", Count(2, 5), "with at least {v} stars")],
              create_required=2, verbs={"create": "write"}, ops="search create delete"),
    cap(D, "get opening hours", "get a restaurant's opening hours", [restaurant],
        [date("date", lo=0, hi=14)], frames=("check the opening hours of {restaurant}{args}",),
        asks=("When is {restaurant} open{args}?",)),
    cap(D, "split bill", "split a restaurant bill between people",
        [F("total", Money(40, 400, whole=False), "of {v}", label="bill total"),
         F("people", Count(2, 8), "between {v} people")],
        [F("tip", Percent(10, 25), "with a {v} tip", label="tip percentage")],
        frames=("split a bill{args}",)),
    cap(D, "order gift card", "buy a restaurant gift card",
        [restaurant, F("amount", Money(25, 150), "worth {v}"),
         F("recipient", Pick(PEOPLE), "for {v}")], frames=("buy a gift card{args}",)),
    cap(D, "get dish allergens", "list the allergens in a dish",
        [restaurant, F("dish", Pick(("pad thai", "tiramisu", "margherita pizza", "chicken tikka masala")), "in the {v}")],
        frames=("list the allergens{args}",), asks=("Does the {dish} at {restaurant} contain nuts?",)),
    cap(D, "get wait time", "get the current walk-in wait at a restaurant", [restaurant],
        frames=("check the wait at {restaurant}",), asks=("How long is the wait at {restaurant} right now?",)),
    cap(D, "find happy hours", "find bars and restaurants with a happy hour", [city("city", "in {v}")],
        [F("day", Choice(tuple((d.lower(), d) for d in ("Monday", "Friday", "Saturday"))), "on {v}")],
        frames=("find happy hours{args}",)),
)

QUESTIONS = (
    ("What does 'al dente' mean?",
     "Cooked so that pasta is still firm when bitten, literally 'to the tooth' in Italian."),
    ("How much should I tip at a restaurant in the US?",
     "15-20% of the pre-tax bill for table service is standard; more for excellent service."),
    ("What's the difference between a bistro and a brasserie?",
     "Both are French: a bistro is a small, casual place with a short menu; a brasserie is larger, serves all day "
     "and traditionally brews or serves beer."),
)

DOMAIN = Domain(D, "Restaurants", ("restaurants", "dine-out", "tablebooker", "eats_api"), CAPS, QUESTIONS,
                vendors=("opentable", "dinely"), related=("food_delivery", "maps"))
