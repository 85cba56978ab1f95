"""Energy and water utilities (foreign set only): meters, bills, tariffs, outages and solar."""

from mcp_tui.data.universe.fields import date, flag, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Money, Percent, Pick

D = "utilities"
ACCOUNT = ident("account number", "UA", digits=8, label="utility account number")
TARIFF = Choice((("flat", "a flat rate"), ("time_of_use", "time-of-use pricing"), ("green", "the 100% green plan")))
METER = Pick(("MTR-88120", "MTR-40993", "MTR-77215"))

CAPS = (
    cap(D, "get meter reading", "get a meter's latest reading", [F("meter", METER, label="meter ID")],
        frames=("fetch the latest reading from meter {meter}",)),
    cap(D, "submit meter reading", "submit a manual meter reading",
        [F("meter", METER, label="meter ID"), F("reading", Measure("kWh", 100, 90000, ("Wh",), integer=True), "of {v}")],
        frames=("send in a reading for meter {meter}{args}",)),
    *resource(D, "bill", "bills", ident("bill id", "BILL", digits=7, label="bill number"),
              filters=[ACCOUNT, date("since", "from {b}", lo=-365, hi=-30)], ops="search get"),
    cap(D, "pay bill", "pay a utility bill", [ident("bill id", "BILL", digits=7, label="bill number"),
                                              F("amount", Money(20, 600, whole=False), "of {v}")],
        frames=("settle bill {bill_id}{args}",)),
    cap(D, "get usage", "get energy usage over a period",
        [ACCOUNT, date("start", "from {b}", lo=-90, hi=-31), date("end", "to {b}", lo=-30, hi=-1)],
        [F("resolution", Choice((("hourly",), ("daily",), ("monthly",))), "at {v} resolution")],
        frames=("chart usage for account {account_number}{args}",)),
    cap(D, "change tariff", "switch an account to another tariff", [ACCOUNT, F("tariff", TARIFF, "to {v}")],
        frames=("move account {account_number}{args}",)),
    cap(D, "report outage", "report a power or water outage",
        [F("address", Pick(("12 Oak Street", "48 Mill Road", "7 Harbor Avenue"))),
         F("service", Choice((("power",), ("water",), ("gas",))), "(no {v})")],
        frames=("flag an outage at {address}{args}",)),
    cap(D, "get outage map", "list current outages in an area", [F("zip", Pick(("02139", "10001", "94103")),
                                                                  "around {v}", label="ZIP code")],
        frames=("show outages{args}",), asks=("Is the power out{args}?",)),
    cap(D, "estimate solar savings", "estimate savings from rooftop solar",
        [F("roof area", Count(10, 150), "with {v} square meters of roof", label="roof area in m²"),
         F("monthly bill", Money(40, 600), "paying {v} a month")],
        [F("orientation", Choice((("south",), ("east",), ("west",))), "facing {v}")],
        frames=("project rooftop solar savings{args}",)),
    cap(D, "set usage alert", "alert when usage passes a threshold",
        [ACCOUNT, F("threshold", Measure("kWh", 100, 2000, ("Wh",), integer=True), "above {v}")],
        [F("channel", Choice((("sms", "by text"), ("email", "by email"))), "{v}")],
        frames=("warn me when account {account_number} goes{args}",)),
    *resource(D, "service transfer", "service transfers", ident("transfer id", "MOVE", digits=5),
              fields=[ACCOUNT, F("new address", Pick(("221 Elm Avenue", "1600 Maple Road")), "to {v}"),
                      date("move date", "moving {v}", lo=5, hi=60)],
              create_required=3, verbs={"create": "request", "delete": "call off"}, ops="get create delete"),
    cap(D, "enroll autopay", "turn on automatic payment", [ACCOUNT],
        [flag("paperless", ("and go paperless",), ("keeping paper bills",))],
        frames=("switch account {account_number} to autopay{args}",)),
    cap(D, "get rebate programs", "list energy-efficiency rebates", [F("zip", Pick(("02139", "10001")), "for {v}")],
        [F("min rebate", Percent(5, 50), "worth at least {v}")], frames=("list efficiency rebates{args}",)),
)

QUESTIONS = (
    ("What is a kilowatt-hour?", "The energy used by a 1,000-watt device running for one hour; bills are priced per "
     "kWh."),
    ("Why are electricity prices higher at peak times?",
     "Demand is highest then, so utilities run costlier plants and pay more for power; time-of-use tariffs pass that "
     "on."),
)

DOMAIN = Domain(D, "Utility", ("utility", "energy-portal", "grid-api"), CAPS, QUESTIONS, vendors=("powerco",))
