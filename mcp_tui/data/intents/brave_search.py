"""What users ask of the brave-search server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import LOCAL_QUERIES, WEB_QUERIES, Draft, Recovery, intent, pick


def _rate_limited(rng: Random, d: Draft) -> Recovery:
    return Recovery(
        error="Brave API error: 429 Too Many Requests - Rate limit exceeded",
        text="Brave Search is rate-limiting us (429 Too Many Requests), so repeating the search now would fail too. "
        "The free plan allows one query per second; let's try again in a moment.",
    )


@intent("brave-search", "brave_web_search", (
    "search the web for \"{q}\"", "look up \"{q}\" online", "do a web search on \"{q}\"", "google \"{q}\" for me",
    "find articles about \"{q}\"",
), ("What does the web say about \"{q}\"?",), recover=_rate_limited)  # fmt: skip
def web(rng: Random) -> Draft:
    q = pick(rng, WEB_QUERIES)
    return Draft({"query": q}, {"q": q})


@intent("brave-search", "brave_web_search", (
    "search the web for \"{q}\" and give me {n} results", "find {n} web results for \"{q}\"",
    "look up \"{q}\" online, {n} results", "get the top {n} hits for \"{q}\"",
), ("I want {n} search results on \"{q}\".",))  # fmt: skip
def web_n(rng: Random) -> Draft:
    q, n = pick(rng, WEB_QUERIES), pick(rng, [3, 5, 15, 20])
    return Draft({"query": q, "count": n}, {"q": q, "n": str(n)})


@intent("brave-search", "brave_local_search", (
    "find {q}", "search for {q}", "look up local results for {q}", "find places: {q}",
), ("Where can I find {q}?", "Any good {q}?"))  # fmt: skip
def local(rng: Random) -> Draft:
    q = pick(rng, LOCAL_QUERIES)
    return Draft({"query": q}, {"q": q})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "brave-search": [("Brave API error: 401 Unauthorized - invalid subscription token",
                      "Brave Search rejected the API key (401 Unauthorized). Set a valid BRAVE_API_KEY for the server "
                      "and I can search again.")],
}
