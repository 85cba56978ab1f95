"""Air travel: find and book flights, seats, check-in, flight status, airports and baggage."""

from mcp_tui.data.universe.fields import PEOPLE, count, date, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Money, Pick

D = "flights"
AIRPORTS = (("JFK", "New York JFK"), ("LHR", "London Heathrow"), ("CDG", "Paris Charles de Gaulle"),
            ("HND", "Tokyo Haneda"), ("SFO", "San Francisco"), ("LIS", "Lisbon"), ("FRA", "Frankfurt"),
            ("ORD", "Chicago O'Hare"), ("SYD", "Sydney"), ("DXB", "Dubai"), ("MAD", "Madrid"), ("YYZ", "Toronto Pearson"))
CODES = Choice(AIRPORTS)
CABIN = Choice((("economy", "economy", "coach"), ("premium_economy", "premium economy"), ("business", "business class"),
                ("first", "first class")))
FLIGHT_NO = Pick(tuple(f"{a}{n}" for a in ("UA", "LH", "BA", "AF", "DL", "TP") for n in (101, 288, 417, 962, 1350)))
MEALS = Choice((("vegetarian", "a vegetarian meal"), ("vegan", "a vegan meal"), ("gluten_free", "a gluten-free meal"),
                ("kosher", "a kosher meal"), ("halal", "a halal meal")))

origin = F("origin", CODES, "from {v}", desc="IATA code of the departure airport", ask="where you're flying from")
destination = F("destination", CODES, "to {v}", desc="IATA code of the arrival airport", ask="where you're flying to")
depart = date("departure date", "leaving {v}", lo=1, hi=90, ask="what date you want to leave")
booking_ref = ident("booking reference", "", "{v}", "with reference {v}", digits=6, label="booking reference")
seat = F("seat", Pick(tuple(f"{r}{c}" for r in (3, 12, 14, 21, 27, 33) for c in "ACDF")), "seat {v}", label="seat number")

CAPS = (
    *resource(D, "flight", "flights", F("flight number", FLIGHT_NO, label="flight number"),
              filters=[origin, destination, depart, count("passengers", "passengers", 1, 6, default=1),
                       F("cabin class", CABIN, "in {v}", default="economy"),
                       flag("nonstop only", ("nonstop only", "direct flights only"), ("connections are fine",
                                                                                        "with stops allowed")),
                       F("max price", Money(80, 1500), "under {v}", label="maximum fare")],
              search_required=3, extra=[limit("max results", "flights")], ops="search get"),
    *resource(D, "booking", "bookings", booking_ref,
              fields=[F("flight number", FLIGHT_NO, "on flight {v}", ask="which flight"),
                      F("passenger name", Pick(PEOPLE), "for {v}", ask="the passenger's name"),
                      F("cabin class", CABIN, "in {v}", default="economy"), F("meal", MEALS, "with {v}"),
                      F("checked bags", Count(0, 3), "with {v} checked bags", default=0)],
              create_required=2, verbs={"create": "book", "delete": "cancel"}, ops="get create update delete"),
    cap(D, "get flight status", "check whether a flight is on time", [F("flight number", FLIGHT_NO)],
        [date("date", lo=-1, hi=3)],
        frames=("check the status of flight {flight_number}{args}", "see if flight {flight_number} is on time{args}"),
        asks=("Is flight {flight_number} on time{args}?", "Has {flight_number} been delayed{args}?")),
    cap(D, "check in passenger", "check a passenger in for a flight",
        [booking_ref, F("passenger name", Pick(PEOPLE), "for {v}", ask="the passenger's name")],
        frames=("check in {passenger_name} on booking {booking_reference}",
                "do the online check-in for booking {booking_reference}{args}")),
    cap(D, "select seat", "pick a seat on a booked flight", [booking_ref, seat],
        frames=("put me in seat {seat} on booking {booking_reference}", "change my seat to {seat} for booking "
                "{booking_reference}")),
    cap(D, "get seat map", "show which seats are free on a flight", [F("flight number", FLIGHT_NO), depart],
        [F("cabin class", CABIN, "in {v}")], frames=("show the seat map of flight {flight_number}{args}",
                                                     "which seats are free on {flight_number}{args}")),
    cap(D, "get airport info", "get information about an airport", [F("airport code", CODES, label="airport")],
        frames=("get information about the airport {airport_code}", "look up airport details for {airport_code}")),
    cap(D, "find airport code", "find the IATA code of an airport from a city",
        [F("city name", Pick(("Lisbon", "Frankfurt", "Sydney", "Dubai", "Madrid", "Chicago")), label="city")],
        frames=("find the airport code for {city_name}",), asks=("What's the airport code for {city_name}?",)),
    cap(D, "get baggage allowance", "get the baggage allowance of a fare",
        [F("airline", Pick(("United", "Lufthansa", "British Airways", "Air France", "TAP")), ask="which airline"),
         F("cabin class", CABIN, "in {v}", ask="which cabin")],
        frames=("check the baggage allowance on {airline}{args}", "find out how many bags {airline} allows{args}")),
    cap(D, "report lost luggage", "file a report for lost luggage",
        [booking_ref, F("bag tag", Pick(tuple(f"TP{n}" for n in (448210, 559031, 663782))), "with tag {v}",
                        label="bag tag number"),
         F("description", Pick(("black hard-shell suitcase", "red duffel bag", "blue backpack")), "({v})")],
        frames=("report my lost bag for booking {booking_reference}{args}",)),
    cap(D, "estimate carbon emissions", "estimate a flight's CO2 emissions",
        [origin, destination], [F("cabin class", CABIN, "in {v}"), count("passengers", "passengers", 1, 4)],
        frames=("estimate the CO2 emissions of flying{args}", "work out the carbon footprint of a flight{args}")),
    cap(D, "track fare", "watch a route and alert when the fare drops below a price",
        [origin, destination, F("target price", Money(50, 900), "below {v}", label="target fare")],
        [depart], frames=("alert me when flights{args} go on sale", "track fares{args}")),
    cap(D, "convert miles", "convert frequent-flyer miles into a fare credit",
        [F("member number", Pick(("FF88213", "FF10432", "FF77650")), label="frequent-flyer number"),
         F("miles", Count(5000, 90000), "{v} miles")],
        frames=("convert {miles} miles on account {member_number}",)),
    cap(D, "get layover info", "find how long a connection between two flights is",
        [F("first flight", FLIGHT_NO, label="first flight"), F("second flight", FLIGHT_NO, label="connecting flight")],
        frames=("check the layover between {first_flight} and {second_flight}",)),
    cap(D, "add pet to booking", "add a pet travelling in the cabin to a booking",
        [booking_ref, F("pet weight", Measure("kg", 1, 8, ("g",)), "weighing {v}", label="pet weight"),
         F("species", Choice((("dog",), ("cat",))), "(a {v})")],
        frames=("add my pet to booking {booking_reference}{args}",)),
    *resource(D, "fare alert", "fare alerts", ident("alert id", "FA", digits=5, label="alert ID"),
              fields=[origin, destination, F("max fare", Money(50, 1200), "under {v}", label="maximum fare")],
              create_required=2, verbs={"create": "set"}, ops="list create update delete"),
)

QUESTIONS = (
    ("Why do my ears pop on a plane?",
     "Cabin pressure changes during climb and descent; the air in your middle ear expands or contracts until the "
     "Eustachian tube opens and equalizes it, which you feel as a pop. Swallowing or yawning helps."),
    ("What's the difference between a layover and a stopover?",
     "A layover is a short connection between flights (usually under 24 hours); a stopover is a planned stay of more "
     "than 24 hours in the connecting city."),
    ("What does the 'IATA code' of an airport mean?",
     "It's the three-letter code the International Air Transport Association assigns to an airport, such as LHR for "
     "London Heathrow, used on tickets and baggage tags."),
)

DOMAIN = Domain(D, "Flights", ("flights", "air-travel", "flight_booking", "skyways-api"), CAPS, QUESTIONS,
                vendors=("skyways", "jetset"), related=("ground_transport",))
