"""News: headlines, article search, summaries, sources, saved articles and topic alerts."""

from mcp_tui.data.universe.fields import city, date, email, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Pick

D = "news"
CATEGORY = Choice((("business",), ("technology", "tech"), ("sports",), ("science",), ("health",), ("politics",),
                   ("entertainment",)))
COUNTRY = Choice((("us", "the US"), ("gb", "the UK"), ("de", "Germany"), ("jp", "Japan"), ("in", "India"),
                  ("br", "Brazil")))
LANG = Choice((("en", "in English"), ("es", "in Spanish"), ("fr", "in French"), ("de", "in German")))
TOPICS = Pick(("climate summit", "electric cars", "interest rates", "the World Cup", "AI regulation", "Mars mission"),
              quote=0.3)
SOURCES = Pick(("Reuters", "BBC News", "The Guardian", "Associated Press", "Le Monde", "NHK"))
URLS = Pick(("https://news.example.com/2024/rates-hold", "https://news.example.com/tech/chip-shortage-ends",
             "https://news.example.com/science/comet-visible"))

CAPS = (
    cap(D, "get top headlines", "get the top headlines", [],
        [F("country", COUNTRY, "in {v}", "from {v}"), F("category", CATEGORY, "about {v}", "in {v}"),
         F("page size", Count(3, 30), "(top {v})", label="number of headlines")],
        frames=("get the top headlines{args}", "show me today's headlines{args}"),
        asks=("What's in the news{args}?",)),
    cap(D, "search articles", "search news articles", [F("query", TOPICS, "about {v}", "on {v}", label="search terms")],
        [date("from date", "since {b}", "from {b}", lo=-30, hi=-1), F("language", LANG, "{v}"),
         F("sort by", Choice((("relevancy", "most relevant first"), ("published_at", "newest first"),
                              ("popularity", "most popular first"))), "{v}", label="sort order"),
         F("source", SOURCES, "from {v}")],
        frames=("search the news{args}", "find articles{args}"), asks=("Any recent articles{args}?",)),
    cap(D, "summarize article", "summarize a news article", [F("url", URLS, "at {v}", label="article URL")],
        [F("length", Choice((("short", "in a sentence or two"), ("medium", "in a paragraph"), ("long", "in detail"))),
           "{v}", default="short")],
        frames=("summarize the article{args}",)),
    *resource(D, "news source", "news sources", F("source", SOURCES),
              filters=[F("country", COUNTRY, "from {v}"), F("category", CATEGORY, "covering {v}"), F("language", LANG, "{v}")],
              search_required=0, ops="list"),
    *resource(D, "saved article", "saved articles", ident("article id", "ART", digits=6, label="article ID"),
              fields=[F("url", URLS, "{v}", label="article URL"),
                      F("folder", Pick(("read later", "research", "favorites")), "in {v}")],
              verbs={"create": "save", "delete": "remove"}, ops="list create delete"),
    *resource(D, "topic alert", "topic alerts", ident("alert id", "NA", digits=5, label="alert ID"),
              fields=[F("topic", TOPICS, "about {v}", "for {v}"), email("email", "to {v}"),
                      F("frequency", Choice((("instant", "instantly"), ("daily", "as a daily digest"),
                                             ("weekly", "weekly"))), "{v}", default="daily")],
              verbs={"create": "create", "delete": "delete"}, ops="list create update delete"),
    cap(D, "get trending topics", "list trending news topics", [], [F("country", COUNTRY, "in {v}"),
                                                                    F("limit", Count(3, 20), "(top {v})")],
        frames=("list trending topics{args}",), asks=("What's trending{args}?",)),
    cap(D, "get article sentiment", "analyze the tone of an article", [F("url", URLS, "at {v}")],
        frames=("analyze the sentiment of the article{args}",)),
    cap(D, "get fact check", "look up fact checks about a claim",
        [F("claim", Pick(("the moon landing was staged", "5G spreads viruses", "coffee stunts growth"), quote=0.9),
           label="claim")], frames=("fact-check the claim {claim}",), asks=("Is it true that {claim}?",)),
    cap(D, "get related articles", "find articles related to one", [F("url", URLS, "to {v}")],
        [limit("limit", "articles")], frames=("find related articles{args}",)),
    cap(D, "get article translation", "translate a news article",
        [F("url", URLS, "at {v}"), F("language", LANG, "{v}")], frames=("translate the article{args}",)),
    cap(D, "subscribe newsletter", "subscribe an email to a newsletter",
        [F("newsletter", Pick(("Morning Brief", "Tech Weekly", "Science Digest")), "to {v}"), email("email", "for {v}")],
        frames=("subscribe{args}",)),
    cap(D, "get local news", "get local news for a city",
        [city("city", "in {v}", "for {v}")],
        [flag("breaking only", ("breaking news only",), ("all stories",))], frames=("get local news{args}",)),
)

QUESTIONS = (
    ("What's the difference between news and opinion pieces?",
     "News reports what happened and attributes claims to sources; opinion pieces argue a position and reflect the "
     "author's views."),
    ("What is a paywall?", "A block that lets only subscribers read a site's articles, sometimes after a few free ones."),
)

DOMAIN = Domain(D, "News", ("news", "newsapi", "headlines", "press_feed"), CAPS, QUESTIONS, vendors=("newsly",),
                related=())
