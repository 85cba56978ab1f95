"""What users ask of the calendar server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import EMAILS, EVENTS, TIMEZONES, Draft, intent, pick


@intent("calendar", "create_event", (
    "schedule \"{title}\" from {start} to {end} ({tz}) and invite {who}", "put \"{title}\" on my calendar, {start} to {end} {tz}, with {who}",
    "create a calendar event \"{title}\" starting {start}, ending {end}, timezone {tz}, attendee {who}",
), ("Book \"{title}\" between {start} and {end} ({tz} time) and send an invite to {who}.",))  # fmt: skip
def event(rng: Random) -> Draft:
    (title, start, end), (_, tz), who = pick(rng, EVENTS), pick(rng, TIMEZONES[:6]), pick(rng, EMAILS)
    args = {"summary": title, "start": {"dateTime": start, "timeZone": tz}, "end": {"dateTime": end, "timeZone": tz},
            "attendees": [{"email": who}]}  # fmt: skip
    return Draft(args, {"title": title, "start": start, "end": end, "tz": tz, "who": who})


@intent("calendar", "list_events", (
    "list my calendar events between {a} and {b}", "show what's on my calendar from {a} to {b}",
    "get events in my primary calendar from {a} until {b}",
), ("What do I have scheduled between {a} and {b}?",))  # fmt: skip
def events(rng: Random) -> Draft:
    a, b = pick(rng, [("2025-03-10T00:00:00Z", "2025-03-15T00:00:00Z"), ("2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z"),
                      ("2025-06-16T08:00:00Z", "2025-06-16T18:00:00Z")])  # fmt: skip
    return Draft({"timeMin": a, "timeMax": b}, {"a": a, "b": b})


@intent("calendar", "delete_event", (
    "delete the calendar event {eid}", "remove event {eid} from my calendar", "cancel calendar event {eid}",
), ("Take event {eid} off my calendar.",))  # fmt: skip
def del_event(rng: Random) -> Draft:
    eid = pick(rng, ["4k2j9sd0f1", "evt_7781aa", "q0pl3m8rt2"])
    return Draft({"eventId": eid}, {"eid": eid})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "calendar": [("Error: Request had insufficient authentication scopes.",
                  "Google Calendar refused: the server's credentials lack the calendar write scope. Re-authorize the "
                  "calendar server with calendar access and I'll retry.")],
}
