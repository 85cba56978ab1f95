"""What users ask of the linear server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import COMMENTS, ISSUE_TITLES, LINEAR_ISSUES, LINEAR_TEAMS, PRIORITIES, Draft, intent, pick


@intent("linear", "linear_create_issue", (
    "create a Linear issue \"{title}\" for team {team} with {prio} priority",
    "file \"{title}\" in Linear, team {team}, priority {prio}", "add a {prio}-priority Linear ticket \"{title}\" to team {team}",
    "open Linear issue \"{title}\" (team {team}, {prio} priority)",
), ("Ticket for {team} in Linear: \"{title}\". It's {prio} priority.",))  # fmt: skip
def lin_issue(rng: Random) -> Draft:
    (team, _), title, (p, word) = pick(rng, LINEAR_TEAMS), pick(rng, ISSUE_TITLES), pick(rng, PRIORITIES)
    return Draft({"title": title, "teamId": team, "priority": p}, {"team": team, "title": title, "prio": word})


@intent("linear", "linear_search_issues", (
    "search Linear for \"{q}\"", "find Linear issues about \"{q}\"", "look through Linear for tickets mentioning \"{q}\"",
    "query Linear issues for \"{q}\"",
), ("Is there already a Linear ticket about \"{q}\"?",))  # fmt: skip
def lin_search(rng: Random) -> Draft:
    q = pick(rng, ["Safari login", "CSV export", "memory leak", "invoice timezone", "flaky checkout test"])
    return Draft({"query": q}, {"q": q})


@intent("linear", "linear_add_comment", (
    "comment \"{text}\" on {issue} in Linear", "add a comment to Linear issue {issue}: \"{text}\"",
    "reply on {issue} with \"{text}\"",
), ("Leave \"{text}\" on the Linear ticket {issue}.",))  # fmt: skip
def lin_comment(rng: Random) -> Draft:
    issue, text = pick(rng, LINEAR_ISSUES), pick(rng, COMMENTS)
    return Draft({"issueId": issue, "body": text}, {"issue": issue, "text": text})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "linear": [("Linear API error: Authentication required, not authenticated",
                "Linear says the request isn't authenticated: the API key for the linear server is missing or "
                "invalid. Add a valid LINEAR_API_KEY and I'll retry.")],
}
