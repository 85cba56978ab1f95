"""What users ask of the time server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import TIMES, TIMEZONES, Draft, intent, pick, sample


@intent("time", "get_current_time", (
    "tell me the current time in {city}", "check what time it is in {city}", "get the local time in {city}",
    "look up the time in {city} right now",
), ("What time is it in {city}?", "Is it still morning in {city}?", "Do you know the current time in {city}?"))  # fmt: skip
def now(rng: Random) -> Draft:
    city, tz = pick(rng, TIMEZONES)
    return Draft({"timezone": tz}, {"city": city})


@intent("time", "convert_time", (
    "convert {t} {src} time to {dst} time", "tell me what {t} in {src} is in {dst}", "translate {t} {src} time into {dst} time",
    "work out {dst} time for {t} in {src}",
), ("If it's {t} in {src}, what time is it in {dst}?", "Our call is at {t} {src} time. When is that for someone in {dst}?"))  # fmt: skip
def convert(rng: Random) -> Draft:
    (src, stz), (dst, dtz) = sample(rng, TIMEZONES, 2)
    hhmm, spoken = pick(rng, TIMES)
    return Draft({"source_timezone": stz, "time": hhmm, "target_timezone": dtz}, {"src": src, "dst": dst, "t": spoken})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "time.convert_time": [("Error processing mcp-server-time query: Invalid time format. Expected HH:MM [24-hour format]",
              "The time server rejected the time format; it expects 24-hour HH:MM. Could you confirm the exact time "
              "you mean?")],
}
