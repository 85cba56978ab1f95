"""Live events: concerts, festivals, theater and sports tickets, venues."""

from mcp_tui.data.universe.fields import PEOPLE, city, date, email, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Money, Pick

D = "events"
CATEGORY = Choice((("concert", "concerts", "live music"), ("theater", "theater", "plays"), ("comedy", "comedy shows"),
                   ("sports", "sports games"), ("festival", "festivals"), ("exhibition", "exhibitions")))
SECTION = Choice((("floor", "on the floor"), ("lower", "in the lower tier"), ("upper", "in the upper tier"),
                  ("balcony", "on the balcony"), ("vip", "VIP")))
VENUES = Pick(("Madison Square Garden", "Royal Albert Hall", "Red Rocks", "The Fillmore", "O2 Arena", "Sydney Opera House"),
              quote=0.2)

event_id = ident("event id", "EV", digits=6, label="event ID")
order_id = ident("order id", "TO-", digits=6, label="order number")

CAPS = (
    *resource(D, "event", "events", event_id,
              filters=[city("city", "in {v}"), F("category", CATEGORY, "({v})", "for {v}"),
                       date("start date", "from {b}", "starting {v}", lo=0, hi=30),
                       date("end date", "until {b}", "through {b}", lo=31, hi=90),
                       F("max price", Money(20, 300), "under {v}", label="maximum ticket price"),
                       flag("family friendly", ("suitable for kids",), ("adults only",))],
              extra=[limit("limit", "events"), F("sort", Choice((("date", "soonest first"), ("price", "cheapest first"),
                                                               ("popularity", "most popular first"))), "sorted {v}",
                                                 "{v}", label="sort order")], ops="search get"),
    *resource(D, "ticket order", "ticket orders", order_id,
              fields=[F("event id", event_id.kind, "for event {v}", ask="which event"),
                      F("quantity", Count(1, 8), "{v} tickets", ask="how many tickets"),
                      F("section", SECTION, "{v}", "seated {v}"),
                      F("holder name", Pick(PEOPLE), "for {v}", "in the name of {v}")],
              create_required=2, verbs={"create": "buy", "delete": "refund"}, ops="get list create delete"),
    *resource(D, "venue", "venues", ident("venue id", "VN", digits=4, label="venue ID"),
              filters=[city("city", "in {v}"), F("min capacity", Count(500, 20000), "holding at least {v} people")],
              ops="search get"),
    cap(D, "transfer tickets", "send tickets to someone else",
        [order_id, email("recipient email", "to {v}", ask="who to send them to")],
        [F("quantity", Count(1, 4), "({v} of them)")],
        frames=("transfer the tickets from order {order_id}{args}", "send tickets of order {order_id}{args}")),
    cap(D, "resell tickets", "list tickets for resale",
        [order_id, F("price each", Money(30, 400), "for {v} each", label="price per ticket")],
        frames=("put the tickets from order {order_id} up for resale{args}",)),
    cap(D, "get seating chart", "get the seating chart of an event", [event_id],
        frames=("show the seating chart for event {event_id}",)),
    cap(D, "get event lineup", "get the performers of an event", [event_id],
        frames=("get the lineup of event {event_id}",), asks=("Who's playing at event {event_id}?",)),
    cap(D, "join event waitlist", "join the waitlist of a sold-out event",
        [event_id, F("quantity", Count(1, 6), "for {v} tickets"), email("email", "(notify {v})")],
        frames=("put me on the waitlist for event {event_id}{args}",)),
    cap(D, "follow performer", "get alerts when a performer announces shows",
        [F("performer", Pick(("Taylor Swift", "Coldplay", "Hamilton", "Cirque du Soleil", "Dave Chappelle")))],
        [city("city", "in {v}", implied=False)], frames=("follow {performer}{args}", "alert me about {performer} shows{args}")),
    cap(D, "get venue directions", "get directions and parking info for a venue", [F("venue", VENUES, "to {v}")],
        frames=("get directions{args}",), asks=("How do I get to {venue}?",)),
    cap(D, "check ticket prices", "get the price range of an event's tickets", [event_id],
        [F("section", SECTION, "{v}")], frames=("check ticket prices for event {event_id}{args}",),
        asks=("How much are tickets for event {event_id}{args}?",)),
    cap(D, "add event to calendar", "create a calendar file for an event", [event_id],
        [F("reminder hours", Count(1, 48), "with a reminder {v} hours before")],
        frames=("add event {event_id} to my calendar{args}",)),
)

QUESTIONS = (
    ("What does 'general admission' mean on a concert ticket?",
     "No assigned seat: you can stand or sit anywhere in the general-admission area, first come, first served."),
    ("Why are ticket fees so high?",
     "Ticketing platforms add service, facility and processing fees on top of the face value; they fund the "
     "platform and often the venue."),
)

DOMAIN = Domain(D, "Events", ("events", "ticketing", "eventbrite-mcp", "showtix"), CAPS, QUESTIONS,
                vendors=("tixly", "gigsy"), related=("movies", "sports", "calendar"))
