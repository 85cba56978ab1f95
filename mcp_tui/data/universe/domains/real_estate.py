"""Homes: listings, valuations, mortgages, viewings, rentals, agents and neighborhoods."""

from mcp_tui.data.universe.fields import PEOPLE, STREETS, city, email, flag, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Money, Percent, Pick

D = "real_estate"
PROPERTY = Choice((("house", "houses", "a house"), ("apartment", "apartments", "flats"), ("condo", "condos"),
                   ("townhouse", "townhouses")))
ADDRESS = Pick(STREETS)

listing_id = ident("listing id", "MLS", digits=7, label="listing ID")

CAPS = (
    *resource(D, "listing", "listings", listing_id,
              filters=[city("city", "in {v}"), F("min bedrooms", Count(1, 5), "with at least {v} bedrooms"),
                       F("max price", Money(100000, 2000000), "under {v}", label="maximum price"),
                       F("property type", PROPERTY, "({v})"),
                       F("min area", Count(40, 400), "over {v} square meters", label="minimum floor area in m²"),
                       flag("garage", ("with a garage",), ("with or without a garage",))],
              extra=[limit("limit", "listings"), F("sort", Choice((("price_asc", "cheapest first"), ("newest",
                                                                                                    "newest first"),
                                                                  ("price_desc", "most expensive first"))),
                                                   "sorted {v}", "{v}", label="sort order")],
              ops="search get"),
    *resource(D, "rental", "rentals", ident("rental id", "RNT", digits=6, label="rental ID"),
              filters=[city("city", "in {v}"), F("max rent", Money(500, 6000), "under {v} a month",
                                                 label="maximum monthly rent"),
                       F("bedrooms", Count(1, 4), "with {v} bedrooms"), flag("pets allowed", ("that allow pets",),
                                                                             ("pets or not",)),
                       flag("furnished", ("furnished",), ("unfurnished",))],
              ops="search get"),
    *resource(D, "viewing", "viewings", ident("viewing id", "VW", digits=6),
              fields=[F("listing id", listing_id.kind, "of listing {v}", "for listing {v}", ask="which listing"),
                      when("time", "{v}", lo=1, hi=21), F("name", Pick(PEOPLE), "for {v}"),
                      flag("virtual", ("as a video tour",), ("in person",))],
              create_required=2, verbs={"create": "schedule", "delete": "cancel"}, ops="list create update delete"),
    *resource(D, "saved search", "saved searches", ident("search id", "SS", digits=5),
              fields=[city("city", "in {v}", implied=False), F("max price", Money(100000, 2000000), "under {v}"),
                      email("email", "alerting {v}")],
              create_required=1, verbs={"create": "save"}, ops="list create delete"),
    cap(D, "estimate home value", "estimate a home's market value", [F("address", ADDRESS, "of {v}", "for {v}")],
        frames=("estimate the value{args}",), asks=("What's {address} worth?",)),
    cap(D, "estimate rent", "estimate the market rent of a property",
        [F("address", ADDRESS, "for {v}"), F("bedrooms", Count(1, 5), "with {v} bedrooms")],
        frames=("estimate the rent{args}",)),
    cap(D, "calculate affordability", "estimate how much house someone can afford",
        [F("annual income", Money(30000, 400000), "on {v} a year", label="annual income"),
         F("monthly debts", Money(0, 3000), "with {v} of monthly debt payments")],
        [F("down payment", Money(5000, 200000), "with {v} down")],
        frames=("work out how much house I can afford{args}",)),
    cap(D, "get neighborhood stats", "get statistics about a neighborhood",
        [F("zip code", Pick(("02139", "10001", "94103", "60601", "78701")), "for {v}", label="ZIP code")],
        [F("metrics", Choice((("schools",), ("crime",), ("walkability",), ("prices", "home prices"))), "({v})")],
        frames=("get neighborhood stats{args}",)),
    cap(D, "get price history", "get a property's sale history", [F("address", ADDRESS, "for {v}")],
        frames=("get the sale history{args}",), asks=("When did {address} last sell?",)),
    cap(D, "find agents", "find real-estate agents in a city", [city("city", "in {v}")],
        [F("min rating", Count(3, 5), "rated at least {v} stars"), flag("speaks spanish", ("who speak Spanish",),
                                                                        ("any language",))],
        frames=("find agents{args}",)),
    cap(D, "contact agent", "send a message to a listing's agent", [listing_id,
                                                                  F("message", Pick(("Is it still available?",
                                                                                     "Can we see it this weekend?",
                                                                                     "Is the price negotiable?"),
                                                                                    quote=1.0), "asking {v}")],
        frames=("ask the agent of listing {listing_id}{args}",)),
    cap(D, "calculate closing costs", "estimate closing costs of a purchase",
        [F("price", Money(100000, 2000000), "on a {v} purchase"), F("state", Choice((("CA", "in California"),
                                                                                   ("TX", "in Texas"),
                                                                                   ("NY", "in New York"))), "{v}")],
        frames=("estimate closing costs{args}",)),
    cap(D, "compare listings", "compare listings side by side",
        [F("first listing", listing_id.kind), F("second listing", listing_id.kind)],
        frames=("compare listing {first_listing} with {second_listing}",)),
    cap(D, "get property taxes", "estimate annual property tax", [F("address", ADDRESS, "for {v}")],
        [F("assessed value", Money(100000, 2000000), "assessed at {v}")], frames=("estimate property taxes{args}",)),
    cap(D, "calculate mortgage payment", "calculate a monthly mortgage payment",
        [F("loan amount", Money(50000, 1500000), "for {v}"), F("rate", Percent(2, 9), "at {v}"),
         F("years", Choice((("15", "over 15 years"), ("30", "over 30 years"))), "{v}")],
        frames=("calculate the mortgage payment{args}",)),
)

QUESTIONS = (
    ("What's the difference between a condo and a townhouse?",
     "With a condo you own the unit's interior and share ownership of common areas; with a townhouse you usually own "
     "the building and its land too."),
    ("What does 'escrow' mean when buying a house?",
     "A neutral third party holds the money and documents until every condition of the sale is met."),
)

DOMAIN = Domain(D, "RealEstate", ("homes", "zillow-mcp", "realty_api", "property-search"), CAPS, QUESTIONS,
                vendors=("redfin",), related=("finance_calc", "maps", "lodging"))
