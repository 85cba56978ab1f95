"""Calendars: events, reminders, availability, invitations and time zones."""

from mcp_tui.data.universe.fields import EMAILS, date, flag, ident, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Measure, Pick

D = "calendar"
TITLES = ("Quarterly planning", "Dentist", "1:1 with Priya", "Team lunch", "Budget review", "Yoga class",
          "Flight to Lisbon")
ATTENDEES = Many(Pick(EMAILS), 1, 3)
ZONES = Choice((("America/New_York", "New York time", "Eastern time"), ("Europe/London", "London time"),
                ("Asia/Tokyo", "Tokyo time"), ("Europe/Berlin", "Berlin time", "CET"),
                ("America/Los_Angeles", "Pacific time")))
event_id = ident("event id", "EVT", digits=6, label="event ID")

CAPS = (
    *resource(D, "calendar event", "calendar events", event_id,
              fields=[text("title", TITLES, "called {v}", "titled {v}", ask="what to call it"),
                      when("start", "{v}", lo=0, hi=30, ask="when it starts"),
                      F("duration minutes", Measure("min", 15, 240, ("h",), integer=True), "for {v}",
                        label="duration", default=60),
                      F("attendees", ATTENDEES, "with {v}", "inviting {v}"),
                      F("location", Pick(("Room 4B", "Zoom", "the café on 5th", "HQ lobby")), "in {v}", "at {v}"),
                      flag("all day", ("as an all-day event",), ("as a timed event",))],
              filters=[date("from date", "from {b}", "starting {v}", lo=-7, hi=7),
                       date("to date", "to {b}", "until {b}", lo=8, hi=30),
                       F("query", Pick(("planning", "lunch", "review", "dentist")), "matching {v}")],
              create_required=2, search_required=1, verbs={"create": "schedule"},
              ops="search get create update delete"),
    *resource(D, "reminder", "reminders", ident("reminder id", "REM", digits=5),
              fields=[text("text", ("Call mom", "Pay rent", "Take the recycling out", "Renew passport",
                                    "Water the plants"), "to {v}", "saying {v}", ask="what to remind you about"),
                      when("remind at", "{v}", lo=0, hi=14, label="reminder time", ask="when"),
                      F("repeat", Choice((("none", "just once"), ("daily", "every day"), ("weekly", "every week"))),
                        "{v}", default="none")],
              create_required=2, verbs={"create": "set"}, ops="list create delete"),
    cap(D, "find free time", "find free slots shared by several people",
        [F("attendees", ATTENDEES, "for {v}"), date("date", lo=0, hi=14),
         F("duration minutes", Measure("min", 15, 120, ("h",), integer=True), "for {v}", label="meeting length")],
        frames=("find a free slot{args}",), asks=("When are {attendees} all free{args}?",)),
    cap(D, "respond to invitation", "accept or decline a meeting invitation",
        [event_id, F("response", Choice((("accepted", "accept"), ("declined", "decline"), ("tentative", "tentatively accept"))))],
        [text("note", ("Running 5 min late", "Can we move it to Friday?"), "with the note {v}")],
        frames=("{response} the invitation for event {event_id}{args}",)),
    cap(D, "convert time zone", "convert a time between time zones",
        [when("time", lo=0, hi=7), F("from zone", ZONES, "from {v}"), F("to zone", ZONES, "to {v}")],
        frames=("convert {time}{args}",)),
    cap(D, "get agenda", "list the events of a day", [date("date", lo=-1, hi=7)],
        [F("calendar", Pick(("work", "personal", "family")), "on my {v} calendar")],
        frames=("show my agenda{args}",), asks=("What's on my calendar{args}?",)),
    *resource(D, "calendar", "calendars", ident("calendar id", "CAL", digits=4),
              fields=[F("name", Pick(("Book club", "Kids", "Side project", "Gym"), quote=0.8), "called {v}"),
                      F("color", Pick(("blue", "green", "orange", "purple")), "in {v}")],
              create_required=1, ops="list create delete"),
    cap(D, "share calendar", "share a calendar with someone",
        [ident("calendar id", "CAL", digits=4), F("email", Pick(EMAILS), "with {v}"),
         F("permission", Choice((("view", "view-only"), ("edit", "with edit rights"))), "{v}", default="view")],
        frames=("share calendar {calendar_id}{args}",)),
    cap(D, "set out of office", "set an out-of-office period",
        [date("start date", "from {b}", lo=1, hi=20), date("end date", "to {b}", "until {b}", lo=21, hi=40)],
        [text("message", ("I'm on vacation with limited access to email.", "Out for a conference, back soon."),
              "with the message {v}")], frames=("set me as out of office{args}",)),
    cap(D, "get holidays", "list public holidays in a country",
        [F("country", Choice((("US", "the US"), ("DE", "Germany"), ("JP", "Japan"), ("BR", "Brazil"))), "in {v}"),
         F("year", Count(2024, 2027), "for {v}")], frames=("list the public holidays{args}",)),
    cap(D, "count days between", "count the days between two dates",
        [date("start", "from {b}", lo=-30, hi=0), date("end", "to {b}", lo=1, hi=200)],
        [flag("business days only", ("counting only business days",), ("counting every day",))],
        frames=("count the days{args}",), asks=("How many days are there{args}?",)),
    *resource(D, "room booking", "room bookings", ident("booking id", "RB", digits=6, label="room booking ID"),
              fields=[F("room", Pick(("Room 4B", "Atlas", "Boardroom", "Focus pod 2")), "{v}", ask="which room"),
                      when("start", "{v}", lo=0, hi=14), F("duration minutes", Measure("min", 15, 240, ("h",),
                                                                                         integer=True),
                                                          "for {v}", label="duration")],
              filters=[F("room", Pick(("Room 4B", "Atlas", "Boardroom")), "for {v}")],
              create_required=3, search_required=0, verbs={"create": "book", "delete": "release"},
              ops="search create delete"),
)

QUESTIONS = (
    ("Why does daylight saving time exist?",
     "It shifts clocks forward in summer so that evenings have more daylight; it was introduced to save energy, "
     "though the savings today are debated."),
    ("What's the difference between GMT and UTC?",
     "They show the same time in practice; UTC is an atomic time standard, GMT a time zone used by the UK in winter."),
)

DOMAIN = Domain(D, "Calendar", ("calendar", "gcal", "scheduler", "agenda"), CAPS, QUESTIONS, vendors=("calendly",),
                related=("messaging", "events", "hr"))
