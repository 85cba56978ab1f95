"""What users ask of the puppeteer server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import SELECTORS, Draft, Recovery, intent, pick


def _no_element(rng: Random, d: Draft) -> Recovery:
    sel = d.args["selector"]
    return Recovery(
        error=f"Failed to click {sel}: Error: No element found for selector: {sel}",
        text=f"Nothing on the page matches {sel}. I'll take a screenshot to see what the page shows.",
        call=ToolCall("puppeteer", "puppeteer_screenshot", {"name": "page"}),
        accept={"name": ["page", "current-page", "debug", "screenshot", "current_page"]},
    )


@intent("puppeteer", "puppeteer_navigate", (
    "open {url} in the browser", "navigate the browser to {url}", "go to {url}", "load {url} in headless Chrome",
), ("Point the browser at {url}.",))  # fmt: skip
def nav(rng: Random) -> Draft:
    u = pick(rng, ["https://example.com/login", "https://staging.shop.dev/checkout", "http://localhost:3000",
                   "https://app.acme.io/dashboard", "https://en.wikipedia.org/wiki/Model_Context_Protocol"])  # fmt: skip
    return Draft({"url": u}, {"url": u})


@intent("puppeteer", "puppeteer_screenshot", (
    "take a screenshot named {name}", "screenshot the page and call it {name}", "capture the current page as {name}",
    "save a screenshot called {name}",
), ("Save a screenshot of the page as {name}.",))  # fmt: skip
def shot(rng: Random) -> Draft:
    name = pick(rng, ["homepage", "checkout-error", "login-form", "dashboard", "after-submit"])
    return Draft({"name": name}, {"name": name})


@intent("puppeteer", "puppeteer_screenshot", (
    "grab a {w}x{h} screenshot named {name}", "take a {w} by {h} screenshot called {name}",
    "screenshot the page at {w}x{h} and name it {name}", "capture {name} at a size of {w}x{h}",
), ("I need a {w}x{h} screenshot of the page, named {name}.",))  # fmt: skip
def shot_size(rng: Random) -> Draft:
    name = pick(rng, ["homepage", "checkout-error", "login-form", "dashboard", "after-submit"])
    w, h = pick(rng, [(1280, 720), (1920, 1080), (375, 812)])
    return Draft({"name": name, "width": w, "height": h}, {"name": name, "w": str(w), "h": str(h)})


@intent("puppeteer", "puppeteer_click", (
    "click {what} (`{sel}`)", "press `{sel}` on the page", "click the element `{sel}`", "hit {what}, selector `{sel}`",
), ("Click on {what} (`{sel}`).",), recover=_no_element)  # fmt: skip
def click(rng: Random) -> Draft:
    sel, what = pick(rng, SELECTORS[:5])
    return Draft({"selector": sel}, {"sel": sel, "what": what})


@intent("puppeteer", "puppeteer_fill", (
    "type \"{value}\" into {what} (`{sel}`)", "fill `{sel}` with \"{value}\"", "enter \"{value}\" in `{sel}`",
    "put \"{value}\" in {what}, selector `{sel}`",
), ("Fill in {what} (`{sel}`) with \"{value}\".",))  # fmt: skip
def fill(rng: Random) -> Draft:
    sel, what = pick(rng, [("input[name=email]", "the email field"), ("#search", "the search box"),
                           ("input#password", "the password field"), ("textarea#comment", "the comment box")])  # fmt: skip
    value = pick(rng, ["qa+test@example.com", "wireless headphones", "hunter2!", "Looks good to me"])
    return Draft({"selector": sel, "value": value}, {"sel": sel, "what": what, "value": value})


@intent("puppeteer", "puppeteer_select", (
    "choose {value} in {what} (`{sel}`)", "select \"{value}\" from `{sel}`", "pick {value} in the dropdown `{sel}`",
), ("Set {what} (`{sel}`) to {value}.",))  # fmt: skip
def select_opt(rng: Random) -> Draft:
    sel, what = pick(rng, [("select#country", "the country dropdown"), ("select[name=size]", "the size picker")])
    value = pick(rng, ["DE", "US", "JP", "M", "XL"])
    return Draft({"selector": sel, "value": value}, {"sel": sel, "what": what, "value": value})


@intent("puppeteer", "puppeteer_evaluate", (
    "run `{js}` in the page", "evaluate `{js}` in the browser console", "execute the script `{js}` on the page",
), ("In the browser, what does `{js}` return?",))  # fmt: skip
def eval_js(rng: Random) -> Draft:
    js = pick(rng, ["document.title", "document.querySelectorAll('a').length", "window.location.href",
                    "localStorage.getItem('cart')"])  # fmt: skip
    return Draft({"script": js}, {"js": js})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "puppeteer.puppeteer_navigate": [("Navigation failed: net::ERR_NAME_NOT_RESOLVED at {target}",
                   "The browser couldn't resolve the host for {target} (ERR_NAME_NOT_RESOLVED). Check the address, or "
                   "whether that host is reachable from this machine.")],
}
