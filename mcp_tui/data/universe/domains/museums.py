"""Museums and art (foreign set only): collections, exhibitions, tickets, tours and loans."""

from mcp_tui.data.universe.fields import date, flag, ident, limit, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Pick

D = "museums"
ARTISTS = Pick(("Frida Kahlo", "Claude Monet", "Hokusai", "Artemisia Gentileschi", "Yayoi Kusama"))
PERIOD = Choice((("baroque",), ("impressionism",), ("edo", "Edo-period"), ("modern",), ("renaissance",)))
MUSEUMS = Pick(("the Prado", "the Met", "Tate Modern", "the Rijksmuseum", "MoMA"))

object_id = ident("object id", "OBJ", digits=6, label="object ID")

CAPS = (
    *resource(D, "artwork", "artworks", object_id,
              filters=[F("artist", ARTISTS, "by {v}"), F("period", PERIOD, "from the {v} era"),
                       flag("on view", ("on display right now",), ("on display or in storage",))],
              search_required=0, extra=[limit("limit", "artworks")], ops="search get"),
    *resource(D, "exhibition", "exhibitions", ident("exhibition id", "EXH", digits=5),
              filters=[F("museum", MUSEUMS, "at {v}"), date("open on", "open {v}", lo=0, hi=60)], search_required=0,
              ops="search get"),
    *resource(D, "museum ticket", "museum tickets", ident("ticket id", "MT", digits=7),
              fields=[F("museum", MUSEUMS, "for {v}"), when("entry", "entering {v}", lo=1, hi=30),
                      F("adults", Count(1, 6), "admitting {v} adults"), F("children", Count(0, 4), "plus {v} kids")],
              create_required=3, verbs={"create": "purchase", "delete": "void"}, ops="get create delete"),
    cap(D, "book guided tour", "book a guided tour",
        [F("museum", MUSEUMS, "of {v}"), when("start", "{v}", lo=1, hi=20)],
        [F("language", Choice((("en", "in English"), ("es", "in Spanish"), ("ja", "in Japanese"))), "{v}"),
         F("group size", Count(1, 15), "for a party of {v}")], frames=("line up a guided tour{args}",)),
    cap(D, "get audio guide", "get the audio-guide track for an artwork", [object_id],
        [F("language", Choice((("en", "in English"), ("fr", "in French"))), "{v}")],
        frames=("play the audio guide for {object_id}{args}",)),
    cap(D, "request image license", "request a license to reproduce an artwork's image",
        [object_id, F("usage", Choice((("editorial", "for a magazine"), ("commercial", "for an ad"),
                                       ("academic", "for a thesis"))), "{v}")],
        frames=("ask to license the image of {object_id}{args}",)),
    cap(D, "get museum hours", "get a museum's opening hours", [F("museum", MUSEUMS, "of {v}")],
        [date("date", lo=0, hi=10)], frames=("find the opening times{args}",)),
    cap(D, "find artworks by color", "find artworks by dominant color",
        [F("color", Pick(("ultramarine", "ochre", "crimson", "emerald")), "with lots of {v}")], [limit("limit", "works")],
        frames=("surface artworks{args}",)),
    cap(D, "request loan", "request an artwork loan for an exhibition",
        [object_id, date("from", "from {b}", lo=60, hi=120), date("until", "until {b}", lo=121, hi=240)],
        frames=("ask to borrow {object_id}{args}",)),
    cap(D, "get provenance", "get an artwork's ownership history", [object_id],
        frames=("trace the provenance of {object_id}",)),
    cap(D, "check crate size", "check that an artwork fits a crate",
        [object_id, F("crate width", Measure("cm", 50, 400, ("m",)), "{v} wide", label="crate width")],
        frames=("verify {object_id} fits a crate{args}",)),
)

QUESTIONS = (
    ("What's the difference between a gallery and a museum?",
     "A museum collects, preserves and studies objects for the public; a gallery mainly shows (and often sells) art."),
    ("Why was Impressionism controversial?",
     "Its loose brushwork and everyday subjects broke academic rules, so critics first dismissed the paintings as "
     "unfinished sketches."),
)

DOMAIN = Domain(D, "Museum", ("museum", "collections", "artdb"), CAPS, QUESTIONS, vendors=("artsy",))
