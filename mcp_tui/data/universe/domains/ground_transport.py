"""Getting around on the ground: rental cars, ride-hailing, trains and buses."""

from mcp_tui.data.universe.fields import PEOPLE, city, count, date, flag, ident, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Money, Pick

D = "ground_transport"
CAR = Choice((("economy", "an economy car", "a small car"), ("compact", "a compact"), ("suv", "an SUV"),
              ("van", "a van", "a minivan"), ("luxury", "a luxury car"), ("electric", "an electric car", "an EV")))
RIDE = Choice((("standard", "a standard ride"), ("xl", "an XL ride", "a bigger car"), ("shared", "a shared ride"),
               ("premium", "a premium ride")))
PLACES = Pick(("the airport", "Union Station", "the convention center", "221 Harbor Road", "the Grand Hotel",
               "Central Park entrance", "48 Elm Street"), quote=0.2)
STATIONS = Pick(("Paris Gare de Lyon", "Lyon Part-Dieu", "Berlin Hbf", "Munich Hbf", "Madrid Atocha", "Barcelona Sants",
                 "London St Pancras", "Brussels Midi"), quote=0.2)
TRAIN_CLASS = Choice((("second", "second class", "standard class"), ("first", "first class")))

rental_id = ident("reservation id", "CR-", "{v}", digits=6, label="reservation number")
ride_id = ident("ride id", "RIDE", "{v}", digits=7, label="ride ID")
ticket_id = ident("ticket id", "TK", digits=8, label="ticket number")

CAPS = (
    *resource(D, "rental car", "rental cars", F("car id", Pick(("CAR-118", "CAR-220", "CAR-374", "CAR-409"))),
              filters=[city("pickup city", "in {v}", label="pickup city"),
                       date("pickup date", "from {b}", "picking up {v}", lo=1, hi=60),
                       date("return date", "until {b}", "returning {v}", lo=61, hi=90),
                       F("car type", CAR, "({v})", "for {v}"), F("max daily rate", Money(20, 150), "under {v} a day")],
              search_required=3, ops="search get"),
    *resource(D, "car reservation", "car reservations", rental_id,
              fields=[F("car id", Pick(("CAR-118", "CAR-220", "CAR-374", "CAR-409")), "for car {v}", ask="which car"),
                      F("driver name", Pick(PEOPLE), "for {v}", "under {v}", ask="the driver's name"),
                      flag("additional driver", ("with an additional driver",), ("with no extra driver",)),
                      flag("full insurance", ("with full insurance",), ("without extra insurance",))],
              create_required=2, verbs={"create": "reserve", "delete": "cancel"}, ops="get create update delete"),
    *resource(D, "ride", "rides", ride_id,
              fields=[F("pickup", PLACES, "from {v}", ask="where to pick you up"),
                      F("dropoff", PLACES, "to {v}", ask="where you're going"), F("ride type", RIDE, "({v})", "as {v}"),
                      count("passengers", "people", 1, 5)],
              create_required=2, verbs={"create": "request", "delete": "cancel"}, ops="get create delete"),
    *resource(D, "train ticket", "train tickets", ticket_id,
              fields=[F("from station", STATIONS, "from {v}", ask="the departure station"),
                      F("to station", STATIONS, "to {v}", ask="the arrival station"),
                      when("departure", "leaving {v}", lo=1, hi=30), F("travel class", TRAIN_CLASS, "in {v}"),
                      count("travelers", "travelers", 1, 5)],
              create_required=3, verbs={"create": "book", "delete": "refund"}, ops="get create delete"),
    cap(D, "search trains", "find train connections between two stations",
        [F("from station", STATIONS, ask="the departure station"), F("to station", STATIONS, ask="the arrival station"),
         date("travel date", lo=0, hi=30)],
        [F("travel class", TRAIN_CLASS, "in {v}"), flag("direct only", ("direct trains only",), ("changes are ok",))],
        frames=("find trains from {from_station} to {to_station}{args}", "search train times {from_station} to "
                "{to_station}{args}"), asks=("Which trains go from {from_station} to {to_station}{args}?",)),
    cap(D, "estimate ride fare", "estimate the price of a ride",
        [F("pickup", PLACES, ask="where to pick you up"), F("dropoff", PLACES, ask="where you're going")],
        [F("ride type", RIDE, "for {v}")],
        frames=("estimate the fare from {pickup} to {dropoff}{args}",),
        asks=("How much would a ride from {pickup} to {dropoff} cost{args}?",)),
    cap(D, "get driver location", "see where the driver of a ride is", [ride_id],
        frames=("show where the driver for ride {ride_id} is",), asks=("Where's my driver for ride {ride_id}?",)),
    cap(D, "rate driver", "rate the driver of a finished ride",
        [ride_id, F("stars", Count(1, 5), "{v} stars", "with {v} stars")],
        [F("tip", Money(1, 20, whole=False), "and tip {v}")], frames=("rate ride {ride_id}{args}",)),
    cap(D, "find bus routes", "find bus routes between two places",
        [F("origin", PLACES, ask="where you're starting"), F("destination", PLACES, ask="where you're going")],
        [when("depart at", "leaving {v}")], frames=("find a bus from {origin} to {destination}{args}",),
        asks=("Which bus takes me from {origin} to {destination}{args}?",)),
    cap(D, "get parking rates", "get parking prices near a place", [F("place", PLACES, ask="near which place")],
        [F("hours", Measure("h", 1, 24, ("min",)), "for {v}", label="parking duration")],
        frames=("check parking prices near {place}{args}",)),
    cap(D, "find charging stations", "find electric-vehicle charging stations near a place",
        [F("place", PLACES, ask="near which place")],
        [F("radius", Measure("km", 1, 30, ("m",)), "within {v}", label="search radius")],
        frames=("find EV chargers near {place}{args}",)),
    cap(D, "get rail pass price", "get the price of a rail pass",
        [F("pass", Choice((("eurail_global", "a Eurail Global pass"), ("interrail", "an Interrail pass"),
                           ("jr_pass", "a Japan Rail pass"))), "of {v}", ask="which pass"),
         F("days", Count(3, 30), "for {v} days")],
        frames=("check the price{args}",)),
)

QUESTIONS = (
    ("Do I need an international driving permit to rent a car in Japan?",
     "Yes, most visitors need an International Driving Permit under the 1949 Geneva Convention alongside their home "
     "license; a few countries (e.g. Switzerland, Germany, France) need an official translation instead."),
    ("Is it cheaper to rent a car at the airport or in the city?",
     "Usually in the city: airport locations add concession fees and taxes, though they're more convenient and "
     "often open longer."),
    ("What's the difference between a ride-share and a taxi?",
     "A taxi is licensed to pick up street hails at regulated rates; a ride-share is booked through an app with "
     "private drivers and dynamic pricing."),
)

DOMAIN = Domain(D, "Transport", ("rides", "car-rental", "ground_transport", "trainline-mcp"), CAPS, QUESTIONS,
                vendors=("zipcar", "railco"), related=("flights", "maps", "automotive"))
