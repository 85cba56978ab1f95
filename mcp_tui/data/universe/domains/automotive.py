"""Cars: VIN decoding, valuations, recalls, fuel prices, chargers, service and maintenance."""

from mcp_tui.data.universe.fields import city, date, flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Money, Pick

D = "automotive"
MAKES = Choice((("toyota", "Toyota"), ("ford", "Ford"), ("honda", "Honda"), ("tesla", "Tesla"), ("bmw", "BMW"),
                ("volkswagen", "Volkswagen", "VW")))
MODELS = Pick(("Corolla", "F-150", "Civic", "Model 3", "3 Series", "Golf", "RAV4"))
VINS = Pick(("1HGCM82633A004352", "5YJ3E1EA7KF317000", "WBA8E9G50GNT12345", "3VW2B7AJ5HM123456"))
FUEL = Choice((("regular",), ("premium",), ("diesel",), ("e85", "E85")))
CONNECTOR = Choice((("ccs", "CCS"), ("chademo", "CHAdeMO"), ("tesla", "Tesla"), ("type2", "Type 2")))
SERVICE = Choice((("oil_change", "an oil change"), ("tire_rotation", "a tire rotation"), ("brake_inspection",
                                                                                          "a brake check"),
                  ("battery", "a battery test"), ("inspection", "an annual inspection")))

vin = F("vin", VINS, label="VIN", desc="17-character vehicle identification number")
year = F("year", Count(2008, 2024), "from {v}", label="model year")

CAPS = (
    cap(D, "decode vin", "decode a vehicle identification number", [vin], frames=("decode VIN {vin}",),
        asks=("What car has the VIN {vin}?",)),
    cap(D, "get car value", "estimate a used car's market value",
        [F("make", MAKES), F("model", MODELS), year,
         F("mileage", Count(1000, 200000), "with {v} miles on it", label="mileage in miles")],
        [F("condition", Choice((("excellent",), ("good",), ("fair",))), "in {v} condition")],
        frames=("estimate the value of a {year} {make} {model}{args}",),
        asks=("What's a {year} {make} {model}{args} worth?",)),
    cap(D, "check recalls", "check open safety recalls for a vehicle", [vin], frames=("check recalls for VIN {vin}",),
        asks=("Does the car with VIN {vin} have any recalls?",)),
    cap(D, "get fuel prices", "get fuel prices near a city", [city("city", "in {v}", "near {v}")],
        [F("fuel type", FUEL, "for {v}"), limit("limit", "stations")],
        frames=("get fuel prices{args}", "find cheap gas{args}"), asks=("How much is gas{args}?",)),
    cap(D, "find ev chargers", "find EV chargers near a city", [city("city", "near {v}", "in {v}")],
        [F("connector", CONNECTOR, "with {v} plugs"), F("min power", Measure("kW", 7, 350, ("W",)), "of at least {v}",
                                                       label="minimum charging power"),
         flag("available now", ("available right now",), ("busy or free",))],
        frames=("find EV chargers{args}",)),
    *resource(D, "service appointment", "service appointments", ident("appointment id", "SVC", digits=6),
              fields=[vin, F("service type", SERVICE, "for {v}", ask="what service"), date("date", lo=1, hi=30),
                      F("shop", Pick(("Main St Auto", "QuickLube Downtown", "Dealer service center")), "at {v}"),
                      flag("loaner car", ("with a loaner car",), ("without a loaner",))],
              create_required=2, verbs={"create": "book", "delete": "cancel"}, ops="list create update delete"),
    *resource(D, "maintenance record", "maintenance records", ident("record id", "MR", digits=6),
              fields=[vin, F("service type", SERVICE, "for {v}"), date("date", lo=-300, hi=0),
                      F("cost", Money(20, 2000, whole=False), "costing {v}"),
                      F("odometer", Count(1000, 200000), "at {v} miles")],
              filters=[vin, date("since", "since {b}", lo=-700, hi=-30)],
              create_required=3, verbs={"create": "log"}, ops="search create delete"),
    cap(D, "calculate fuel cost", "estimate the fuel cost of a trip",
        [F("distance", Measure("km", 10, 2000, ("m",)), "for {v}", label="trip distance"),
         F("consumption", Count(4, 15), "at {v} liters per 100 km", label="fuel consumption in L/100 km"),
         F("fuel price", Money(1, 3, whole=False, currency="EUR"), "with fuel at {v} a liter", label="price per liter")],
        frames=("estimate the fuel cost{args}",), asks=("How much fuel money do I need{args}?",)),
    cap(D, "compare cars", "compare two car models",
        [F("first model", MODELS, label="first car"), F("second model", MODELS, label="second car")], [year],
        frames=("compare the {first_model} with the {second_model}{args}",)),
    cap(D, "get maintenance schedule", "get the recommended maintenance schedule", [F("make", MAKES), F("model", MODELS), year],
        frames=("get the maintenance schedule of a {year} {make} {model}",)),
    cap(D, "get insurance quote", "get a car insurance quote",
        [vin, F("driver age", Count(18, 80), "for a {v}-year-old driver")],
        [F("coverage", Choice((("liability",), ("full", "full coverage"))), "with {v}")],
        frames=("get an insurance quote for VIN {vin}{args}",)),
    cap(D, "find parking", "find parking garages near a city center", [city("city", "in {v}")],
        [F("max hourly rate", Money(1, 15, whole=False), "under {v} an hour"), flag("covered", ("covered",),
                                                                                   ("covered or open",))],
        frames=("find parking{args}",)),
    cap(D, "get tire size", "look up a car's tire size", [F("make", MAKES), F("model", MODELS), year],
        frames=("look up the tire size of a {year} {make} {model}",)),
    cap(D, "report accident", "file an accident report",
        [vin, date("date", lo=-3, hi=0), text("description", ("Rear-ended at a red light", "Scraped a pillar while "
                                                                                          "parking"), "saying {v}")],
        frames=("file an accident report for VIN {vin}{args}",)),
)

QUESTIONS = (
    ("What's the difference between a hybrid and a plug-in hybrid?",
     "A hybrid charges its small battery from the engine and braking; a plug-in hybrid has a bigger battery you charge "
     "from the grid and can drive tens of kilometers on electricity alone."),
    ("How often should I change my oil?",
     "Most modern cars need it every 8,000-16,000 km (5,000-10,000 miles) with synthetic oil; follow the owner's "
     "manual."),
)

DOMAIN = Domain(D, "Auto", ("auto", "carinfo", "vehicle_api", "garage-mcp"), CAPS, QUESTIONS, vendors=("carfax", "edmunds"),
                related=("ground_transport", "maps"))
