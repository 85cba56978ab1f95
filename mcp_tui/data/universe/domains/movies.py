"""Film and cinema: movies, showtimes, tickets, cast and watchlists."""

from mcp_tui.data.universe.fields import city, date, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Pick

D = "movies"
TITLES = Pick(("Dune: Part Two", "Inside Out 2", "Oppenheimer", "The Matrix", "Spirited Away", "Past Lives",
               "Top Gun: Maverick", "Parasite", "Arrival", "Coco"), quote=0.5)
PEOPLE = Pick(("Greta Gerwig", "Denis Villeneuve", "Zendaya", "Cillian Murphy", "Hayao Miyazaki", "Bong Joon-ho",
               "Emma Stone", "Keanu Reeves"))
GENRE = Choice((("action",), ("comedy",), ("drama",), ("horror",), ("animation", "animated"), ("sci_fi", "sci-fi",
                                                                                             "science fiction"),
                ("documentary",), ("romance", "romantic")))
FORMAT = Choice((("standard", "regular"), ("imax", "IMAX"), ("3d", "3D"), ("dolby", "Dolby Cinema")))
CINEMAS = Pick(("Rex Cinema", "Odeon Leicester Square", "AMC Lincoln Square", "Cineplex Yonge", "Metrograph"), quote=0.2)

movie = F("title", TITLES, "{v}", ask="which movie")
showtime_id = ident("showtime id", "SHW", digits=6, label="showtime ID")

CAPS = (
    *resource(D, "movie", "movies", ident("movie id", "tt", digits=7, label="movie ID"),
              filters=[F("query", TITLES, "called {v}", "titled {v}", label="title"), F("genre", GENRE, "in {v}"),
                       F("year", Count(1990, 2024), "from {v}", label="release year"),
                       F("min rating", Decimal(5, 9, 1), "rated above {v}")],
              search_required=0, extra=[limit("limit", "movies")], ops="search get"),
    *resource(D, "showtime", "showtimes", showtime_id,
              filters=[city("city", "in {v}"), F("title", TITLES, "for {v}"), date("date", lo=0, hi=10),
                       F("format", FORMAT, "in {v}")],
              search_required=1, ops="search get"),
    *resource(D, "ticket order", "ticket orders", ident("order id", "TIX", digits=6, label="ticket order number"),
              fields=[F("showtime id", showtime_id.kind, "for showtime {v}", ask="which showtime"),
                      F("tickets", Count(1, 8), "{v} tickets", ask="how many tickets"),
                      F("seat type", Choice((("standard",), ("premium",), ("recliner",))), "({v} seats)")],
              create_required=2, verbs={"create": "buy", "delete": "refund"}, ops="get create delete"),
    *resource(D, "watchlist entry", "watchlist entries", ident("entry id", "WL", digits=5),
              fields=[movie, F("priority", Choice((("high",), ("normal",), ("low",))), "with {v} priority")],
              verbs={"create": "add", "delete": "remove"}, ops="list create delete"),
    cap(D, "get cast", "get the cast of a movie", [movie],
        [F("max people", Count(3, 15), "(top {v})", label="number of cast members")],
        frames=("get the cast of {title}{args}", "list who stars in {title}{args}"),
        asks=("Who's in {title}?",)),
    cap(D, "get filmography", "list the films of an actor or director",
        [F("person", PEOPLE, ask="whose films")], [F("role", Choice((("actor",), ("director",))), "as {v}")],
        frames=("list the films of {person}{args}",), asks=("What has {person} made{args}?",)),
    cap(D, "get movie ratings", "get critic and audience ratings of a movie", [movie],
        frames=("get the ratings of {title}",), asks=("How well was {title} reviewed?",)),
    cap(D, "find streaming availability", "find which services stream a movie", [movie],
        [F("country", Choice((("US",), ("GB", "the UK"), ("DE", "Germany"), ("FR", "France"))), "in {v}")],
        frames=("find where {title} is streaming{args}",), asks=("Where can I stream {title}{args}?",)),
    cap(D, "get trailer", "get the trailer link of a movie", [movie],
        [F("language", Choice((("en", "English"), ("es", "Spanish"), ("fr", "French"))), "in {v}")],
        frames=("get the trailer for {title}{args}",)),
    cap(D, "get box office", "get a movie's box-office gross", [movie],
        [F("region", Choice((("domestic", "in the US"), ("worldwide", "worldwide"))), "{v}")],
        frames=("get the box office of {title}{args}",), asks=("How much did {title} make{args}?",)),
    cap(D, "find cinemas", "find cinemas near a city", [city("city", "in {v}")],
        [F("radius", Measure("km", 1, 40, ("m",)), "within {v}"), F("format", FORMAT, "with {v} screens")],
        frames=("find cinemas{args}",), asks=("Which cinemas are there{args}?",)),
    cap(D, "get cinema showtimes", "list all showtimes at one cinema", [F("cinema", CINEMAS, "at {v}")],
        [date("date", lo=0, hi=7)], frames=("list showtimes{args}",), asks=("What's playing at {cinema}{args}?",)),
    cap(D, "recommend similar movies", "suggest movies similar to one", [movie],
        [F("count", Count(3, 10), "({v} of them)", label="number of suggestions")],
        frames=("recommend movies like {title}{args}",)),
    cap(D, "check parental rating", "get a movie's age rating", [movie],
        frames=("check the age rating of {title}",), asks=("Is {title} ok for kids?",)),
)

QUESTIONS = (
    ("What's the difference between IMAX and a regular cinema screen?",
     "IMAX uses larger screens with a taller aspect ratio, brighter projection and a more powerful sound system; "
     "films shot for it show more of the picture."),
    ("What does a post-credits scene mean?",
     "It's a short scene after the end credits, often a joke or a tease of a sequel."),
    ("Why are old movies 24 frames per second?",
     "24 fps became the sound-film standard in the late 1920s as the slowest rate that gave smooth motion and "
     "intelligible optical soundtracks, saving film stock."),
)

DOMAIN = Domain(D, "Movies", ("movies", "cinema-finder", "film_db", "showtimes"), CAPS, QUESTIONS,
                vendors=("flixdb", "reelz"), related=("events", "streaming"))
