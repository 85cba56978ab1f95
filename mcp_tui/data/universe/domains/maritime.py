"""Ships and ports (foreign set only): vessels, berths, cargo, tides and sea routes."""

from mcp_tui.data.universe.fields import date, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Pick

D = "maritime"
PORTS = Choice((("NLRTM", "Rotterdam"), ("SGSIN", "Singapore"), ("USLAX", "Los Angeles"), ("DEHAM", "Hamburg"),
                ("CNSHA", "Shanghai"), ("PTLIS", "Lisbon harbor")))
VESSELS = Pick(("MV Northern Star", "Ever Bright", "Atlantic Dawn", "Maersk Kobe"), quote=0.3)
CARGO = Choice((("container", "containers"), ("bulk", "dry bulk"), ("tanker", "liquid cargo"), ("roro", "vehicles")))

port = F("port", PORTS, "at {v}", label="port (UN/LOCODE)")
vessel_imo = ident("imo", "IMO", digits=7, label="IMO number")

CAPS = (
    cap(D, "get vessel position", "get a ship's current position", [vessel_imo],
        frames=("pinpoint vessel {imo}",), asks=("Where is ship {imo} right now?",)),
    cap(D, "get port arrivals", "list expected ship arrivals at a port", [port],
        [F("hours ahead", Count(6, 72), "over the coming {v} hours"), limit("limit", "ships")],
        frames=("show expected arrivals{args}",)),
    cap(D, "get tide times", "get high and low tide times", [port], [date("date", lo=0, hi=10)],
        frames=("fetch the tide table{args}",), asks=("When is high tide{args}?",)),
    *resource(D, "berth booking", "berth bookings", ident("berth booking id", "BRT", digits=5),
              fields=[vessel_imo, port, when("arrival", "arriving {v}", lo=1, hi=20),
                      F("length", Measure("m", 50, 400, ()), "for a {v} vessel", label="vessel length")],
              create_required=3, verbs={"create": "request", "delete": "release"}, ops="list create delete"),
    *resource(D, "cargo manifest", "cargo manifests", ident("manifest id", "MAN", digits=6),
              fields=[vessel_imo, F("cargo type", CARGO, "of {v}"), F("weight", Measure("kg", 1000, 900000, ()),
                                                                     "weighing {v}"),
                      F("destination", PORTS, "bound for {v}")],
              filters=[vessel_imo], create_required=3, search_required=0, verbs={"create": "file"},
              ops="search get create"),
    cap(D, "estimate voyage time", "estimate sailing time between ports",
        [F("from port", PORTS, "out of {v}"), F("to port", PORTS, "into {v}"),
         F("speed", Decimal(8, 24, 1), "at {v} knots", label="speed in knots")],
        frames=("reckon the voyage time{args}",)),
    cap(D, "get marine weather", "get wind and wave conditions at sea",
        [F("latitude", Decimal(-60, 60, 2)), F("longitude", Decimal(-150, 150, 2))],
        frames=("report sea conditions at {latitude}, {longitude}",)),
    cap(D, "calculate freight", "estimate freight cost",
        [F("from port", PORTS, "out of {v}"), F("to port", PORTS, "into {v}"), F("containers", Count(1, 40),
                                                                              "for {v} containers")],
        frames=("price a shipment{args}",)),
    cap(D, "get port congestion", "get waiting times at a port", [port], frames=("measure congestion{args}",)),
    cap(D, "search vessels", "search ships by name or type", [F("name", VESSELS, "named {v}")],
        [F("type", CARGO, "carrying {v}")], frames=("look for ships{args}",)),
    cap(D, "report incident", "report a maritime incident",
        [vessel_imo, F("kind", Choice((("collision",), ("grounding",), ("pollution", "an oil spill"))), "({v})"),
         F("latitude", Decimal(-60, 60, 2)), F("longitude", Decimal(-150, 150, 2))],
        frames=("raise an incident for vessel {imo}{args}",)),
    cap(D, "get crew list", "get a vessel's crew list", [vessel_imo], frames=("produce the crew list of {imo}",)),
)

QUESTIONS = (
    ("What's a knot?", "One nautical mile per hour, about 1.852 km/h."),
    ("Why do ships have IMO numbers?",
     "An IMO number is a permanent seven-digit identifier that stays with a ship through changes of name, owner or "
     "flag."),
)

DOMAIN = Domain(D, "Marine", ("marine", "port-ops", "ais-feed"), CAPS, QUESTIONS, vendors=("marinetraffic",))
