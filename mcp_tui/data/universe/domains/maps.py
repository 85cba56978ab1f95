"""Maps and places: geocoding, routes, nearby places, travel times, traffic and elevation."""

from mcp_tui.data.universe.fields import city, flag, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Group, Many, Measure, Pick

D = "maps"
ADDRESSES = Pick(("1600 Amphitheatre Parkway, Mountain View", "10 Downing Street, London", "350 Fifth Avenue, New York",
                  "Champ de Mars, Paris", "1 Infinite Loop, Cupertino", "Alexanderplatz 1, Berlin"), quote=0.3)
MODE = Choice((("driving", "by car", "driving"), ("walking", "on foot", "walking"), ("bicycling", "by bike"),
               ("transit", "by public transport", "by transit")))
PLACE_TYPE = Choice((("cafe", "cafés", "coffee shops"), ("pharmacy", "pharmacies"), ("gas_station", "gas stations"),
                     ("atm", "ATMs", "cash machines"), ("park", "parks"), ("supermarket", "supermarkets"),
                     ("hospital", "hospitals")))
COORDS = Group((("latitude", Decimal(-60, 60, 4)), ("longitude", Decimal(-150, 150, 4))), "{latitude}, {longitude}")

origin = F("origin", ADDRESSES, "from {v}", ask="where you're starting")
destination = F("destination", ADDRESSES, "to {v}", ask="where you're going")

CAPS = (
    cap(D, "geocode address", "turn an address into coordinates", [F("address", ADDRESSES)],
        frames=("geocode {address}", "get the coordinates of {address}"), asks=("Where exactly is {address}?",)),
    cap(D, "reverse geocode", "turn coordinates into an address",
        [F("latitude", Decimal(-60, 60, 4)), F("longitude", Decimal(-150, 150, 4))],
        frames=("find the address at {latitude}, {longitude}",), asks=("What's at {latitude}, {longitude}?",)),
    cap(D, "get directions", "get directions between two places", [origin, destination],
        [F("mode", MODE, "{v}", default="driving"), flag("avoid tolls", ("avoiding tolls",), ("tolls are ok",)),
         flag("avoid highways", ("avoiding highways",), ("highways are fine",))],
        frames=("get directions{args}", "route me{args}"), asks=("How do I get{args}?",)),
    cap(D, "get travel time", "estimate the travel time between two places", [origin, destination],
        [F("mode", MODE, "{v}"), when("departure time", "leaving {v}", lo=0, hi=3)],
        frames=("estimate the travel time{args}",), asks=("How long does it take to get{args}?",)),
    cap(D, "get distance matrix", "compute distances between several origins and destinations",
        [F("origins", Many(ADDRESSES, 2, 2), "from {v}", label="origins"),
         F("destinations", Many(ADDRESSES, 1, 2), "to {v}", label="destinations")],
        [F("units", Choice((("metric", "in kilometers"), ("imperial", "in miles"))), "{v}", default="metric")],
        frames=("compute a distance matrix{args}",)),
    cap(D, "find nearby places", "find places of a type near a location",
        [F("location", ADDRESSES, "near {v}", ask="near where"), F("type", PLACE_TYPE, "({v})", label="place type")],
        [F("radius", Measure("m", 100, 20000, ("km",), integer=True), "within {v}", label="search radius", default=1000),
         flag("open now", ("open now",), ("open or closed",)), limit("limit", "places")],
        frames=("find {type}{args}", "look for {type}{args}"), asks=("Are there any {type}{args}?",)),
    *resource(D, "place", "places", ident("place id", "ChIJ", digits=8, label="place ID"),
              filters=[F("query", Pick(("Louvre", "Golden Gate Bridge", "Shibuya Crossing", "Sagrada Familia")),
                         "called {v}", "named {v}"), city("city", "in {v}")],
              ops="search get"),
    cap(D, "get traffic", "get current traffic on a route", [origin, destination],
        frames=("check the traffic{args}",), asks=("Is there traffic{args}?",)),
    cap(D, "get elevation", "get the elevation of a point", [F("coordinates", COORDS, "at {v}")],
        [F("units", Choice((("meters", "in meters"), ("feet", "in feet"))), "{v}")], frames=("get the elevation{args}",)),
    cap(D, "get timezone", "get the time zone of a location", [F("coordinates", COORDS, "at {v}")],
        frames=("get the time zone{args}",), asks=("What time zone is{args}?",)),
    *resource(D, "saved place", "saved places", ident("saved place id", "SP", digits=5),
              fields=[F("name", Pick(("Home", "Work", "Gym", "Grandma's"), quote=0.6), "as {v}", "called {v}"),
                      F("address", ADDRESSES, "at {v}", ask="the address")],
              create_required=2, verbs={"create": "save", "delete": "remove"}, ops="list create update delete"),
    cap(D, "snap to roads", "snap a GPS trace to the nearest roads",
        [F("points", Many(COORDS, 2, 3), "for {v}", label="GPS points")], frames=("snap the points to roads{args}",)),
    cap(D, "get static map", "render a map image of a place",
        [F("center", ADDRESSES, "of {v}"), F("zoom", Count(3, 18), "at zoom {v}")],
        [F("map type", Choice((("roadmap", "road map"), ("satellite",), ("terrain",))), "as a {v}")],
        frames=("render a map{args}",)),
    cap(D, "get isochrone", "get the area reachable within a travel time",
        [F("location", ADDRESSES, "from {v}"), F("minutes", Measure("min", 5, 120, ("h",), integer=True), "within {v}",
                                                 label="travel time")], [F("mode", MODE, "{v}")],
        frames=("show what's reachable{args}",)),
    cap(D, "compare routes", "compare the routes between two places", [origin, destination],
        [F("alternatives", Count(2, 4), "({v} alternatives)", label="number of routes")],
        frames=("compare routes{args}",)),
)

QUESTIONS = (
    ("What's the difference between latitude and longitude?",
     "Latitude measures north-south position from the equator (−90° to 90°); longitude measures east-west position "
     "from the prime meridian (−180° to 180°)."),
    ("Why do maps distort Greenland?",
     "The Mercator projection stretches areas more the farther they are from the equator, so Greenland looks about "
     "as big as Africa though it's 14 times smaller."),
)

DOMAIN = Domain(D, "Maps", ("maps", "google-maps", "geo", "navigation_api"), CAPS, QUESTIONS, vendors=("mapbox",),
                related=("ground_transport", "restaurants", "lodging", "real_estate", "clinic", "automotive", "food_delivery"))
