"""Parcels and freight: tracking, rates, shipments, pickups, customs and drop-off points."""

from mcp_tui.data.universe.fields import PEOPLE, STREETS, ZIPS, city, date, flag, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Group, Measure, Money, Pick

D = "shipping"
CARRIER = Choice((("ups", "UPS"), ("fedex", "FedEx"), ("usps", "USPS"), ("dhl", "DHL")))
SERVICE = Choice((("ground", "ground"), ("express", "express", "next-day"), ("two_day", "two-day"),
                  ("economy", "economy")))
TRACKING = Pick(("1Z999AA10123456784", "9400110200881234567890", "JD014600003828495021", "7946 1234 5678"))
ADDRESS = Group((("street", Pick(STREETS)), ("city", Pick(("Boston", "Austin", "Denver", "Seattle", "Chicago"))),
                 ("postal code", Pick(ZIPS))), "{street}, {city} {postal_code}")
DIMS = Group((("length", Measure("cm", 5, 120, ("mm", "m"))), ("width", Measure("cm", 5, 80, ("mm",))),
              ("height", Measure("cm", 2, 80, ("mm",)))), "{length} x {width} x {height}")

shipment_id = ident("shipment id", "SHP", digits=7, label="shipment ID")
weight = F("weight", Measure("kg", 0.1, 70, ("g",)), "weighing {v}", label="package weight", ask="how heavy it is")

CAPS = (
    cap(D, "track package", "track a package", [F("tracking number", TRACKING)], [F("carrier", CARRIER, "with {v}")],
        frames=("track package {tracking_number}{args}", "check where {tracking_number} is{args}"),
        asks=("Where is my package {tracking_number}?",)),
    cap(D, "get shipping rates", "compare shipping prices for a package",
        [F("from zip", Pick(ZIPS), "from {v}", label="origin ZIP code"), F("to zip", Pick(ZIPS), "to {v}",
                                                                          label="destination ZIP code"), weight],
        [F("dimensions", DIMS, "measuring {v}"), F("service", SERVICE, "by {v}")],
        frames=("get shipping rates{args}", "compare prices to ship a package{args}"),
        asks=("How much does it cost to ship a package{args}?",)),
    *resource(D, "shipment", "shipments", shipment_id,
              fields=[F("recipient", Pick(PEOPLE), "to {v}", ask="who it's going to"),
                      F("address", ADDRESS, "at {v}", ask="the delivery address"), weight,
                      F("service", SERVICE, "via {v}", default="ground"), F("carrier", CARRIER, "with {v}"),
                      flag("signature required", ("requiring a signature",), ("no signature needed",)),
                      F("insured value", Money(50, 5000), "insured for {v}")],
              filters=[F("carrier", CARRIER, "with {v}"), date("since", "since {b}", lo=-30, hi=-1)],
              create_required=3, search_required=0, verbs={"create": "create", "delete": "cancel"},
              ops="search get create delete"),
    *resource(D, "pickup", "pickups", ident("pickup id", "PU", digits=6),
              fields=[F("address", ADDRESS, "from {v}", ask="the pickup address"), date("date", lo=1, hi=10),
                      F("packages", Count(1, 10), "for {v} packages", default=1), F("carrier", CARRIER, "with {v}")],
              create_required=2, verbs={"create": "schedule", "delete": "cancel"}, ops="list create delete"),
    cap(D, "find drop off locations", "find carrier drop-off points", [city("city", "in {v}")],
        [F("carrier", CARRIER, "for {v}"), F("radius", Measure("km", 1, 25, ("m",)), "within {v}")],
        frames=("find drop-off points{args}",), asks=("Where can I drop off a parcel{args}?",)),
    cap(D, "create customs form", "fill a customs declaration for an international shipment",
        [shipment_id, F("contents", Pick(("books", "clothing", "electronics", "gifts")), "containing {v}"),
         F("value", Money(10, 3000), "worth {v}", label="declared value")],
        [F("origin country", Choice((("US",), ("DE",), ("JP",), ("GB",))), "made in {v}")],
        frames=("fill the customs form for shipment {shipment_id}{args}",)),
    cap(D, "validate address", "check and normalize a postal address", [F("address", ADDRESS)],
        frames=("validate the address {address}",), asks=("Is {address} a valid address?",)),
    cap(D, "redirect package", "send a package to another address",
        [F("tracking number", TRACKING), F("new address", ADDRESS, "to {v}")],
        frames=("redirect {tracking_number}{args}",)),
    cap(D, "hold package", "hold a package at a location for pickup", [F("tracking number", TRACKING)],
        [date("until", "until {b}", lo=1, hi=14)], frames=("hold {tracking_number} for pickup{args}",)),
    cap(D, "estimate delivery date", "estimate when a shipment will arrive",
        [F("from zip", Pick(ZIPS), "from {v}"), F("to zip", Pick(ZIPS), "to {v}"), F("service", SERVICE, "by {v}")],
        frames=("estimate the delivery date{args}",), asks=("When would it arrive{args}?",)),
    cap(D, "calculate dimensional weight", "compute a package's billable dimensional weight",
        [F("dimensions", DIMS, "for a box of {v}")], [F("divisor", Count(4000, 6000), "with divisor {v}", default=5000)],
        frames=("compute the dimensional weight{args}",)),
    cap(D, "file shipping claim", "file a claim for a lost or damaged package",
        [F("tracking number", TRACKING), F("reason", Choice((("lost",), ("damaged",), ("late",))), "as {v}"),
         F("amount", Money(10, 2000), "for {v}")],
        frames=("file a claim for {tracking_number}{args}",)),
    cap(D, "print label", "get a printable label for a shipment", [shipment_id],
        [F("format", Choice((("pdf", "as a PDF"), ("zpl", "for a thermal printer"), ("png", "as an image"))), "{v}",
           default="pdf")], frames=("print the label for shipment {shipment_id}{args}",)),
)

QUESTIONS = (
    ("What is dimensional weight in shipping?",
     "A billing weight based on a package's size (length × width × height ÷ a divisor); carriers charge the higher "
     "of it and the real weight, so large light boxes cost more."),
    ("What's the difference between FOB and CIF?",
     "Under FOB the buyer takes over cost and risk once goods are loaded on the ship; under CIF the seller pays "
     "freight and insurance to the destination port."),
)

DOMAIN = Domain(D, "Shipping", ("shipping", "parcel-api", "logistics", "shipengine"), CAPS, QUESTIONS,
                vendors=("shippo", "easypost"), related=("shopping",))
