"""Public data and services: statistics, census, holidays, permits, registries, elections."""

from mcp_tui.data.universe.fields import COUNTRIES, PEOPLE, STREETS, city, date, flag, ident, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Money, Pick

D = "government"
COUNTRY = Pick(COUNTRIES)
ISO = Choice((("USA", "the United States"), ("DEU", "Germany"), ("JPN", "Japan"), ("BRA", "Brazil"), ("IND", "India"),
              ("FRA", "France"), ("NGA", "Nigeria"), ("CAN", "Canada")))
INDICATOR = Choice((("gdp", "GDP"), ("population",), ("unemployment", "unemployment rate"), ("inflation",),
                    ("life_expectancy", "life expectancy"), ("co2_emissions", "CO2 emissions")))
STATES = Choice((("CA", "California"), ("TX", "Texas"), ("NY", "New York"), ("FL", "Florida"), ("WA", "Washington")))
PERMIT = Choice((("building", "a building permit"), ("parking", "a residential parking permit"),
                 ("event", "an event permit"), ("business", "a business license")))

permit_id = ident("application id", "PRM-", digits=6, label="application number")

CAPS = (
    cap(D, "get indicator", "get a national statistic for a year",
        [F("country", ISO, "for {v}", "of {v}"), F("indicator", INDICATOR, label="statistic"),
         F("year", Count(1990, 2023), "in {v}")],
        frames=("get the {indicator}{args}",), asks=("What was the {indicator}{args}?",)),
    cap(D, "compare countries", "compare a statistic across countries",
        [F("countries", Many(ISO, 2, 3), "for {v}", label="countries"), F("indicator", INDICATOR, label="statistic")],
        [F("year", Count(2000, 2023), "in {v}")], frames=("compare the {indicator}{args}",)),
    cap(D, "get census data", "get census figures for a state",
        [F("state", STATES, "for {v}", "in {v}"), F("metric", Choice((("population",), ("median_income", "median income"),
                                                                     ("median_age", "median age"),
                                                                     ("households",))), label="census metric")],
        [F("year", Choice((("2010",), ("2020",))), "from the {v} census")],
        frames=("get the {metric}{args}",), asks=("What's the {metric}{args}?",)),
    cap(D, "get public holidays", "list a country's public holidays",
        [F("country", ISO, "in {v}", "for {v}"), F("year", Count(2024, 2027), "in {v}")],
        frames=("list the public holidays{args}",), asks=("What are the public holidays{args}?",)),
    *resource(D, "permit application", "permit applications", permit_id,
              fields=[F("permit type", PERMIT, "for {v}", ask="which permit"),
                      F("address", Pick(STREETS), "at {v}", ask="the address"),
                      F("applicant", Pick(PEOPLE), "for {v}", "in the name of {v}", ask="the applicant's name"),
                      date("start date", "starting {v}", lo=7, hi=90)],
              create_required=3, verbs={"create": "submit", "delete": "withdraw"}, ops="get create delete"),
    cap(D, "check application status", "check the status of an application", [permit_id],
        frames=("check the status of application {application_id}",),
        asks=("Where is my application {application_id} at?",)),
    cap(D, "lookup business registration", "look up a registered business",
        [F("company name", Pick(("Blue River Bakery LLC", "Northwind Traders", "Summit Solar Inc"), quote=0.5))],
        [F("state", STATES, "in {v}")], frames=("look up the business {company_name}{args}",)),
    cap(D, "get property record", "get a property's tax and ownership record", [F("address", Pick(STREETS))],
        [F("county", Pick(("King County", "Travis County", "Cook County")), "in {v}")],
        frames=("get the property record for {address}{args}",)),
    cap(D, "get election results", "get election results",
        [F("region", STATES, "in {v}", "for {v}"), F("year", Choice((("2016",), ("2020",), ("2024",))), "in {v}")],
        [F("office", Choice((("president",), ("governor",), ("senate", "the Senate"))), "for {v}")],
        frames=("get the election results{args}",)),
    cap(D, "get crime statistics", "get crime statistics for a city",
        [city("city", "in {v}", "for {v}", implied=False),
         F("year", Count(2015, 2023), "in {v}")],
        [F("category", Choice((("violent",), ("property",), ("all",))), "({v} crime)")],
        frames=("get crime statistics{args}",)),
    cap(D, "book government appointment", "book an appointment at a government office",
        [F("service", Choice((("passport", "a passport appointment"), ("drivers_license", "a driver's license "
                                                                                       "appointment"),
                              ("id_card", "an ID card appointment"))), "for {v}"),
         when("time", "{v}", lo=2, hi=30)], [F("office", Pick(("downtown office", "north branch", "city hall")),
                                                 "at the {v}")],
        frames=("book{args}",)),
    cap(D, "search open datasets", "search the open-data portal",
        [F("query", Pick(("bike counts", "air quality", "school enrollment", "building permits")), "about {v}",
           label="search terms")],
        [F("format", Choice((("csv", "as CSV"), ("json", "as JSON"), ("geojson", "as GeoJSON"))), "available {v}")],
        frames=("search the open data portal{args}",)),
    cap(D, "get tax bracket", "get the income tax bracket for an income",
        [F("income", Money(10000, 500000), "for {v}"),
         F("filing status", Choice((("single",), ("married", "married filing jointly"))), "filing {v}")],
        frames=("find the tax bracket{args}",)),
    cap(D, "get minimum wage", "get the minimum wage in a state", [F("state", STATES, "in {v}")],
        [F("year", Count(2015, 2025), "for {v}")], frames=("get the minimum wage{args}",),
        asks=("What's the minimum wage{args}?",)),
    cap(D, "report pothole", "report a street problem to the city",
        [F("address", Pick(STREETS), "at {v}"), F("issue", Choice((("pothole",), ("streetlight", "a broken "
                                                                                  "streetlight"),
                                                                    ("graffiti",))), "({v})")],
        frames=("report a problem{args}",)),
    cap(D, "get voter registration", "check a person's voter registration",
        [F("name", Pick(PEOPLE)), date("birth date", "born {v}", lo=-25000, hi=-7000)],
        frames=("check the voter registration of {name}{args}",)),
    *resource(D, "records request", "records requests", ident("request id", "FOIA-", digits=5, label="request number"),
              fields=[F("agency", Pick(("Department of Transportation", "EPA", "City Police Department")), "to the {v}",
                        ask="which agency"),
                      F("description", Pick(("emails about the bridge repair", "2023 inspection reports",
                                             "parking ticket data"), quote=0.8), "for {v}", ask="what records"),
                      flag("expedited", ("expedited",), ("at the normal pace",))],
              create_required=2, verbs={"create": "file", "delete": "withdraw"}, ops="get list create delete"),
)

QUESTIONS = (
    ("What's the difference between GDP and GNP?",
     "GDP counts everything produced inside a country's borders; GNP counts what its residents and companies produce, "
     "wherever they are."),
    ("How often is the US census taken?", "Every ten years, in years ending in 0, as the Constitution requires."),
    ("What is inflation?", "The general rise of prices over time, which lowers what a unit of money can buy."),
)

DOMAIN = Domain(D, "Gov", ("gov-data", "public_records", "opendata", "citizen-services"), CAPS, QUESTIONS,
                vendors=("datagov",), related=("finance_calc",))
