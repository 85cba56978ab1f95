"""What users ask of the fetch server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import URLS, Draft, Recovery, intent, pick


def _fetch_fail(rng: Random, d: Draft) -> Recovery:
    url = d.args["url"]
    roll = rng.random()
    if roll < 0.45:
        return Recovery(
            error=f"<error>Content truncated. Call the fetch tool with a start_index of 5000 to get more content.</error>",
            text="The page was cut off at 5000 characters. Fetching the next part.",
            call=ToolCall("fetch", "fetch", {"url": url, "start_index": 5000}),
        )
    if roll < 0.75:
        return Recovery(
            error=f"Failed to fetch {url} - status code 404",
            text=f"The fetch failed: {url} returned 404 Not Found, so the page doesn't exist at that address. "
            "Double-check the URL, or I can search for where the content moved.",
        )
    return Recovery(
        error=f"The sites robots.txt (https://{url.split('/')[2]}/robots.txt), specifies that autonomous fetching of this page is not allowed",
        text=f"I can't fetch {url}: the site's robots.txt forbids automated fetching, and the fetch server respects it. "
        "You could open the page yourself and paste the part you need.",
    )


@intent("fetch", "fetch", (
    "fetch {url}", "grab the page at {url}", "download {url} and show me the text", "get the content of {url}",
    "pull {url} as markdown", "load {url}",
), ("What does {url} say?", "Summarize the page {url} for me.", "Read {url}."), recover=_fetch_fail)  # fmt: skip
def fetch(rng: Random) -> Draft:
    u = pick(rng, URLS)
    return Draft({"url": u}, {"url": u})


@intent("fetch", "fetch", (
    "fetch {url} and return at most {n} characters", "get {url}, but only the first {n} characters",
    "download {url} limited to {n} characters", "fetch {url} with max_length {n}",
), ("Give me the first {n} characters of {url}.",))  # fmt: skip
def fetch_len(rng: Random) -> Draft:
    u, n = pick(rng, URLS), pick(rng, [1000, 2000, 10000, 20000])
    return Draft({"url": u, "max_length": n}, {"url": u, "n": str(n)})


@intent("fetch", "fetch", (
    "fetch the raw HTML of {url}", "get {url} without converting it to markdown", "download {url} raw",
    "fetch {url} as raw content",
), ("I need the unprocessed source of {url}.",))  # fmt: skip
def fetch_raw(rng: Random) -> Draft:
    u = pick(rng, URLS)
    return Draft({"url": u, "raw": True}, {"url": u})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "fetch": [("Failed to fetch {target}: connection timed out after 30s",
               "The request to {target} timed out after 30 seconds, so the site is down or unreachable from here. "
               "Try again later, or check the URL.")],
}
