"""What users ask of the google-maps server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import ADDRESSES, COORDS, MODES, Draft, intent, pick, sample


@intent("google-maps", "maps_geocode", (
    "geocode {addr}", "get the coordinates of {addr}", "find the latitude and longitude of {addr}",
    "look up where {addr} is on the map",
), ("What are the coordinates for {addr}?",))  # fmt: skip
def geocode(rng: Random) -> Draft:
    a = pick(rng, ADDRESSES)
    return Draft({"address": a}, {"addr": a})


@intent("google-maps", "maps_reverse_geocode", (
    "reverse geocode {lat}, {lng}", "find the address at latitude {lat}, longitude {lng}",
    "tell me what's at coordinates {lat}, {lng}", "turn {lat}, {lng} into an address",
), ("Which address is at {lat}, {lng}?",))  # fmt: skip
def reverse(rng: Random) -> Draft:
    lat, lng, _ = pick(rng, COORDS)
    return Draft({"latitude": lat, "longitude": lng}, {"lat": str(lat), "lng": str(lng)})


@intent("google-maps", "maps_search_places", (
    "search for {q} within {r} meters of {lat}, {lng}", "find {q} near {lat}, {lng} (radius {r} m)",
    "look for {q} around {lat}, {lng}, at most {r} meters away",
), ("Are there {q} within {r} m of {lat}, {lng}?",))  # fmt: skip
def places(rng: Random) -> Draft:
    lat, lng, _ = pick(rng, COORDS)
    q, r = pick(rng, ["coffee", "EV charging stations", "pharmacies", "parking garages"]), pick(rng, [500, 1000, 2000])
    return Draft({"query": q, "location": {"latitude": lat, "longitude": lng}, "radius": r},
                 {"q": q, "lat": str(lat), "lng": str(lng), "r": str(r)})


@intent("google-maps", "maps_distance_matrix", (
    "compute {mode} times from {o} to {d1} and {d2}", "get the {mode} distance matrix from {o} to {d1} and {d2}",
    "how far is it, {mode}, from {o} to {d1} and to {d2}", "calculate {mode} distances between {o} and both {d1} and {d2}",
), ("By {mode}, how long from {o} to {d1}, and to {d2}?",))  # fmt: skip
def matrix(rng: Random) -> Draft:
    o, d1, d2 = sample(rng, ["Union Station, Chicago", "O'Hare Airport", "Navy Pier, Chicago", "Wrigley Field",
                             "Millennium Park, Chicago"], 3)  # fmt: skip
    mode = pick(rng, MODES)
    return Draft({"origins": [o], "destinations": [d1, d2], "mode": mode}, {"o": o, "d1": d1, "d2": d2, "mode": mode},
                 {"mode": [mode, ""] if mode == "driving" else [mode]})


@intent("google-maps", "maps_directions", (
    "get {mode} directions from {o} to {d}", "route me from {o} to {d} by {mode}", "show {mode} directions {o} to {d}",
    "plan a {mode} route from {o} to {d}",
), ("How do I get from {o} to {d}, {mode}?",))  # fmt: skip
def directions(rng: Random) -> Draft:
    o, d = sample(rng, ["Alexanderplatz, Berlin", "Berlin Hauptbahnhof", "Tempelhofer Feld", "East Side Gallery"], 2)
    mode = pick(rng, MODES)
    return Draft({"origin": o, "destination": d, "mode": mode}, {"o": o, "d": d, "mode": mode},
                 {"mode": [mode, ""] if mode == "driving" else [mode]})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "google-maps": [("Geocoding failed: REQUEST_DENIED - This API project is not authorized to use this API.",
                     "Google Maps denied the request: the API key's project doesn't have this Maps API enabled. Enable "
                     "it in the Google Cloud console and I'll retry.")],
}
