"""Farming (foreign set only): fields, crops, irrigation, soil, livestock and market prices."""

from mcp_tui.data.universe.fields import date, flag, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Money, Pick

D = "agriculture"
CROPS = Choice((("wheat",), ("corn", "corn", "maize"), ("soybeans", "soy"), ("barley",), ("potatoes",), ("grapes",)))
FIELDS = Pick(("north paddock", "river field", "hill plot 3", "orchard east"), quote=0.3)
ANIMALS = Choice((("cattle", "cows"), ("sheep",), ("goats",), ("chickens", "hens"), ("pigs",)))

field_name = F("field", FIELDS, "on the {v}", "for the {v}", ask="which field")

CAPS = (
    *resource(D, "planting", "plantings", ident("planting id", "PLT", digits=5, label="planting ID"),
              fields=[field_name, F("crop", CROPS, "of {v}"), date("sown on", "sown {v}", lo=-20, hi=20),
                      F("area", Decimal(1, 200, 1), "across {v} hectares",
                        label="area in hectares")],
              filters=[F("crop", CROPS, "of {v}"), field_name], create_required=3, search_required=0,
              verbs={"create": "register"}, ops="search get create update delete"),
    cap(D, "get soil moisture", "read soil moisture sensors of a field", [field_name],
        [F("depth", Measure("cm", 10, 100, ("mm", "m"), integer=True), "at a depth of {v}")],
        frames=("read the soil moisture{args}",), asks=("How wet is the soil{args}?",)),
    cap(D, "schedule irrigation", "schedule watering of a field",
        [field_name, F("volume", Measure("l", 500, 50000, ("ml",), integer=True), "with {v}", label="water volume")],
        [date("on", lo=0, hi=7, label="irrigation date")], frames=("plan watering{args}",)),
    cap(D, "get crop prices", "get market prices of a crop", [F("crop", CROPS, "for {v}")],
        [F("market", Choice((("chicago", "in Chicago"), ("paris", "on Euronext Paris"), ("local", "locally"))), "{v}")],
        frames=("quote the market price{args}",), asks=("What's {crop} selling for{args}?",)),
    cap(D, "estimate yield", "estimate the harvest of a field",
        [field_name, F("crop", CROPS, "of {v}")], [F("rainfall", Measure("mm", 100, 1200, ("cm",), integer=True),
                                                     "given {v} of rain", label="season rainfall")],
        frames=("forecast the harvest{args}",)),
    cap(D, "get soil test", "get the latest soil analysis of a field", [field_name],
        [F("nutrient", Choice((("nitrogen",), ("phosphorus",), ("potassium",), ("ph", "pH"))), "({v} only)")],
        frames=("retrieve the soil analysis{args}",)),
    cap(D, "calculate fertilizer", "compute fertilizer needed for a field",
        [F("area", Decimal(1, 200, 1), "for {v} hectares", label="area in hectares"),
         F("rate", Measure("kg", 20, 300, ("g",)), "at {v} per hectare", label="application rate per hectare")],
        frames=("work out fertilizer{args}",)),
    *resource(D, "herd record", "herd records", ident("animal tag", "TAG", digits=5, label="ear tag"),
              fields=[F("species", ANIMALS, "({v})"), F("weight", Measure("kg", 20, 900, ()), "weighing {v}"),
                      date("born", "born {v}", lo=-900, hi=-10), flag("vaccinated", ("vaccinated",), ("not vaccinated",))],
              filters=[F("species", ANIMALS, "of {v}"), flag("vaccinated", ("that are vaccinated",),
                                                              ("vaccinated or not",))],
              create_required=2, search_required=0, ops="search get create update"),
    cap(D, "get frost risk", "get the frost risk for a field's coming nights", [field_name],
        [F("nights", Count(1, 7), "across {v} nights")], frames=("check the frost risk{args}",)),
    cap(D, "order seed", "order seed for a crop",
        [F("crop", CROPS, "of {v}"), F("quantity", Measure("kg", 10, 5000, ()), "({v})")],
        [F("supplier", Pick(("AgriSupply", "GreenSeed Co")), "through {v}")], frames=("buy seed{args}",)),
    cap(D, "get pest alerts", "get pest and disease alerts for a crop", [F("crop", CROPS, "threatening {v}")],
        frames=("fetch pest warnings{args}",)),
    cap(D, "log harvest", "record a harvest",
        [field_name, F("crop", CROPS, "of {v}"), F("amount", Measure("kg", 100, 90000, ()), "totaling {v}")],
        frames=("book a harvest{args}",)),
    cap(D, "get subsidy eligibility", "check eligibility for a farm subsidy",
        [F("program", Pick(("cover crop incentive", "organic transition grant", "drought relief"))),
         F("farm size", Decimal(1, 2000, 1), "with {v} hectares", label="farm size in hectares")],
        frames=("see if I qualify for the {program}{args}",)),
    cap(D, "sell livestock", "list animals for sale",
        [F("species", ANIMALS, "({v})"), F("count", Count(1, 50), "{v} head"), F("price each", Money(50, 3000), "at {v} "
                                                                                                  "each")],
        frames=("put livestock up for sale:{args}",)),
)

QUESTIONS = (
    ("Why do farmers rotate crops?",
     "Rotating crops keeps soil nutrients balanced (legumes add nitrogen) and breaks pest and disease cycles tied to "
     "one crop."),
    ("What is a hectare?", "10,000 square meters, about 2.47 acres."),
)

DOMAIN = Domain(D, "Farm", ("farm", "agri-ops", "fieldview"), CAPS, QUESTIONS, vendors=("deere",))
