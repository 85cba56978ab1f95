"""What users ask of the weather server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import COORDS, STATES, Draft, intent, pick


@intent("weather", "get_alerts", (
    "get the active weather alerts for {state}", "check for weather warnings in {state}", "list current NWS alerts in {state}",
), ("Are there any weather alerts in {state} right now?", "Any storms or warnings for {state} today?"))  # fmt: skip
def alerts(rng: Random) -> Draft:
    state, code = pick(rng, STATES)
    return Draft({"state": code}, {"state": state})


@intent("weather", "get_forecast", (
    "get the forecast for {place} ({lat}, {lng})", "check the weather forecast at {lat}, {lng}",
    "pull the forecast for latitude {lat}, longitude {lng}",
), ("Will it rain in {place} ({lat}, {lng}) this week?", "What's the weather looking like at {lat}, {lng}?"))  # fmt: skip
def forecast(rng: Random) -> Draft:
    lat, lng, place = pick(rng, COORDS)
    return Draft({"latitude": lat, "longitude": lng}, {"lat": str(lat), "lng": str(lng), "place": place})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "weather.get_forecast": [("Unable to fetch forecast data for this location.",
                 "The National Weather Service returned no forecast for that point; it only covers the United States. "
                 "For a US location, give me its coordinates and I'll check again.")],
}
