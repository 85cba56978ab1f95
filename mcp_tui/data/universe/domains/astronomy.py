"""Sky and space (foreign set only): objects, visibility, launches, observations and telescopes."""

from mcp_tui.data.universe.fields import city, date, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Pick

D = "astronomy"
BODIES = Choice((("mars", "Mars"), ("jupiter", "Jupiter"), ("saturn", "Saturn"), ("venus", "Venus"),
                 ("moon", "the Moon"), ("m31", "the Andromeda galaxy"), ("orion_nebula", "the Orion Nebula")))
SHOWERS = Pick(("Perseids", "Geminids", "Leonids", "Quadrantids", "Lyrids"))
TELESCOPES = Pick(("Dob-8", "Refractor-102", "Schmidt-Cassegrain 11"))

CAPS = (
    cap(D, "get planet position", "get where a planet is in the sky", [F("body", BODIES, label="celestial body")],
        [city("observer city", "as seen from {v}", label="observer location"), when("at time", "{v}", lo=0, hi=10)],
        frames=("locate {body} in the sky{args}",), asks=("Where is {body}{args}?",)),
    cap(D, "get moon phase", "get the Moon's phase on a date", [date("date", lo=-10, hi=60)],
        frames=("work out the moon phase{args}",), asks=("What phase is the Moon in{args}?",)),
    cap(D, "get meteor shower", "get the peak and rate of a meteor shower", [F("shower", SHOWERS)],
        [F("year", Count(2024, 2027), "in {v}")], frames=("give me the peak of the {shower}{args}",),
        asks=("When do the {shower} peak{args}?",)),
    cap(D, "get iss passes", "list visible passes of the space station", [city("city", "over {v}")],
        [F("days ahead", Count(1, 10), "across the coming {v} days", label="number of days"),
         F("min elevation", Count(10, 60), "climbing above {v} degrees", label="minimum elevation in degrees")],
        frames=("list ISS passes{args}",), asks=("Can I spot the ISS{args}?",)),
    cap(D, "get light pollution", "get the sky darkness (Bortle class) at a place", [city("site", "at {v}")],
        frames=("rate the sky darkness{args}",)),
    cap(D, "get rocket launches", "list upcoming rocket launches", [],
        [F("provider", Choice((("spacex", "SpaceX"), ("rocket_lab", "Rocket Lab"), ("esa", "ESA"), ("isro", "ISRO"))),
           "by {v}"), limit("limit", "launches")],
        frames=("list upcoming launches{args}",), asks=("Which rockets go up soon{args}?",)),
    cap(D, "convert light years", "convert a distance in light-years",
        [F("light years", Decimal(0.5, 5000, 1), label="distance in light-years"),
         F("to unit", Choice((("km", "kilometers"), ("au", "astronomical units"), ("parsec", "parsecs"))), "into {v}")],
        frames=("turn {light_years} light-years{args}",)),
    cap(D, "get exoplanet", "look up an exoplanet's properties",
        [F("name", Pick(("Kepler-22b", "TRAPPIST-1e", "Proxima Centauri b", "51 Pegasi b")), label="exoplanet name")],
        frames=("pull up data on {name}",), asks=("How big is {name}?",)),
    cap(D, "plan observing session", "plan the best targets for a night",
        [city("site", "from {v}", implied=False), date("night", lo=0, hi=30)],
        [F("aperture", Measure("mm", 50, 400, ("cm",), integer=True), "using a {v} scope", label="telescope aperture")],
        frames=("plan a night of stargazing{args}",)),
    cap(D, "get eclipse", "find the next eclipse visible from a place", [city("city", "visible from {v}")],
        [F("kind", Choice((("solar",), ("lunar",))), "({v})")], frames=("find the next eclipse{args}",),
        asks=("When's the next eclipse{args}?",)),
    *resource(D, "observation", "observations", ident("observation id", "OBS", digits=6, label="observation ID"),
              fields=[F("target", BODIES, "of {v}"), when("observed at", "{v}", lo=-10, hi=0),
                      F("seeing", Count(1, 5), "with seeing {v}/5", label="seeing quality"),
                      F("telescope", TELESCOPES, "through the {v}")],
              filters=[F("target", BODIES, "of {v}"), F("telescope", TELESCOPES, "through the {v}")],
              create_required=2, search_required=0, verbs={"create": "log"}, ops="search get create delete"),
    *resource(D, "telescope booking", "telescope bookings", ident("booking id", "TB", digits=5),
              fields=[F("telescope", TELESCOPES, "the {v}"), when("slot", "{v}", lo=1, hi=20),
                      F("hours", Measure("h", 1, 6, ("min",)), "for {v}")],
              create_required=2, verbs={"create": "reserve", "delete": "release"}, ops="list create delete"),
    cap(D, "get star info", "get a star's magnitude, distance and type",
        [F("star", Pick(("Sirius", "Betelgeuse", "Vega", "Polaris", "Rigel")))], frames=("describe the star {star}",),
        asks=("How far away is {star}?",)),
    cap(D, "get sky chart", "render a sky chart for a place and time", [city("site", "from {v}", implied=False)],
        [when("time", "{v}", lo=0, hi=5), F("field", Count(10, 120), "spanning {v} degrees", label="field of view")],
        frames=("draw a sky chart{args}",)),
    cap(D, "get space weather", "get the solar wind and aurora forecast", [],
        [F("hemisphere", Choice((("north", "for the north"), ("south", "for the south"))), "{v}")],
        frames=("fetch the aurora outlook{args}",), asks=("Will there be northern lights tonight{args}?",)),
)

QUESTIONS = (
    ("Why does the Moon have phases?",
     "As the Moon orbits Earth we see different portions of its sunlit half, from fully lit (full) to unlit (new)."),
    ("What is a light-year?", "The distance light travels in a year, about 9.46 trillion kilometers; it's a distance, "
     "not a time."),
    ("Is Pluto a planet?", "Since 2006 the IAU classifies Pluto as a dwarf planet, because it hasn't cleared its orbit "
     "of other bodies."),
)

DOMAIN = Domain(D, "Astro", ("astro", "skywatch", "space-data"), CAPS, QUESTIONS, vendors=("heavens",))
