"""What users ask of the github server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import (
    BASES, BRANCHES, CODE_QUERIES, COMMENTS, COMMIT_MSGS, GH_REPOS, GH_USERS, ISSUE_BODIES, ISSUE_TITLES, LABELS,
    SEARCH_QUERIES, Draft, Recovery, intent, pick, quoted, sample,
)  # fmt: skip


def _gh_fail(rng: Random, d: Draft) -> Recovery:
    owner, repo = d.args["owner"], d.args["repo"]
    if rng.random() < 0.5:
        return Recovery(
            error=f"Not Found: Resource not found: repository {owner}/{repo}",
            text=f"GitHub doesn't know {owner}/{repo}. I'll search for the repository to get its exact name.",
            call=ToolCall("github", "search_repositories", {"query": repo}),
            accept={"query": [repo, f"{repo} in:name", f"{owner}/{repo}", f"repo:{owner}/{repo}"]},
        )
    return Recovery(
        error="Authentication Failed: Bad credentials",
        text="GitHub rejected the request with \"Bad credentials\": the token configured for the github server "
        "is missing, expired or revoked. Please update GITHUB_PERSONAL_ACCESS_TOKEN and I'll try again.",
    )


@intent("github", "create_issue", (
    "open an issue in {owner}/{repo} titled \"{title}\"", "file a GitHub issue on {owner}/{repo}: \"{title}\"",
    "create an issue \"{title}\" in {owner}/{repo}", "report \"{title}\" as a new issue in {owner}/{repo}",
), ("Please log an issue for {owner}/{repo} called \"{title}\".",), recover=_gh_fail)  # fmt: skip
def issue(rng: Random) -> Draft:
    (o, r), t = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES)
    return Draft({"owner": o, "repo": r, "title": t}, {"owner": o, "repo": r, "title": t})


@intent("github", "create_issue", (
    "open an issue in {owner}/{repo} titled \"{title}\" with the labels {labels}, assigned to {who}",
    "file \"{title}\" on {owner}/{repo}, label it {labels} and assign {who}",
    "create a GitHub issue \"{title}\" in {owner}/{repo}; labels: {labels}; assignee: {who}",
    "log \"{title}\" in {owner}/{repo} for {who} with labels {labels}",
), ("New issue for {owner}/{repo}: \"{title}\". Tag it {labels} and give it to {who}.",))  # fmt: skip
def issue_rich(rng: Random) -> Draft:
    (o, r), t = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES)
    labels, who = sample(rng, LABELS, rng.choice([1, 2])), pick(rng, GH_USERS)
    return Draft({"owner": o, "repo": r, "title": t, "labels": labels, "assignees": [who]},
                 {"owner": o, "repo": r, "title": t, "labels": quoted(labels), "who": who})


@intent("github", "create_issue", (
    "open an issue in {owner}/{repo} titled \"{title}\" with the body \"{body}\"",
    "file \"{title}\" on {owner}/{repo} and describe it as \"{body}\"",
    "create issue \"{title}\" in {owner}/{repo}, description: \"{body}\"",
), ("Log \"{title}\" for {owner}/{repo}. Put this in the body: \"{body}\"",))  # fmt: skip
def issue_body(rng: Random) -> Draft:
    (o, r), t, b = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES), pick(rng, ISSUE_BODIES)
    return Draft({"owner": o, "repo": r, "title": t, "body": b}, {"owner": o, "repo": r, "title": t, "body": b})


@intent("github", "list_issues", (
    "list the {state} issues in {owner}/{repo}", "show {state} issues for {owner}/{repo}",
    "get {owner}/{repo}'s {state} issues", "pull the {state} issues of {owner}/{repo}",
), ("Which issues are {state} in {owner}/{repo}?",), recover=_gh_fail)  # fmt: skip
def issues(rng: Random) -> Draft:
    (o, r), state = pick(rng, GH_REPOS), pick(rng, ["open", "closed", "all"])
    args = {"owner": o, "repo": r, "state": state}
    return Draft(args, {"owner": o, "repo": r, "state": state if state != "all" else "open and closed"},
                 {"state": [state, ""] if state == "open" else [state]})


@intent("github", "list_issues", (
    "list the {state} issues in {owner}/{repo} labeled {label}, most recently updated first",
    "show {owner}/{repo} issues with the {label} label that are {state}, sorted by last update",
    "get {state} {label} issues from {owner}/{repo} ordered by update time, newest first",
), ("Which {state} {label} issues in {owner}/{repo} were touched most recently?",))  # fmt: skip
def issues_rich(rng: Random) -> Draft:
    (o, r), state, label = pick(rng, GH_REPOS), pick(rng, ["open", "closed"]), pick(rng, LABELS)
    args = {"owner": o, "repo": r, "state": state, "labels": [label], "sort": "updated", "direction": "desc"}
    return Draft(args, {"owner": o, "repo": r, "state": state, "label": label},
                 {"state": [state, ""] if state == "open" else [state], "direction": ["desc", ""]})


@intent("github", "add_issue_comment", (
    "comment on issue #{n} in {owner}/{repo}: \"{text}\"", "reply to {owner}/{repo}#{n} with \"{text}\"",
    "post \"{text}\" as a comment on issue {n} of {owner}/{repo}", "leave a comment on {owner}/{repo} issue #{n} saying \"{text}\"",
), ("Add \"{text}\" to the discussion on {owner}/{repo}#{n}.",))  # fmt: skip
def comment(rng: Random) -> Draft:
    (o, r), n, text = pick(rng, GH_REPOS), rng.randint(12, 4800), pick(rng, COMMENTS)
    return Draft({"owner": o, "repo": r, "issue_number": n, "body": text}, {"owner": o, "repo": r, "n": str(n), "text": text})


@intent("github", "create_pull_request", (
    "open a pull request in {owner}/{repo} from {head} into {base} titled \"{title}\"",
    "create a PR on {owner}/{repo}: {head} -> {base}, title \"{title}\"",
    "make a pull request \"{title}\" merging {head} into {base} in {owner}/{repo}",
    "send {head} to {base} as a PR in {owner}/{repo} called \"{title}\"",
), ("I'm done with {head}. Open a PR against {base} in {owner}/{repo}, title it \"{title}\".",))  # fmt: skip
def pr(rng: Random) -> Draft:
    (o, r), head, base, t = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, BASES), pick(rng, COMMIT_MSGS)
    return Draft({"owner": o, "repo": r, "title": t, "head": head, "base": base},
                 {"owner": o, "repo": r, "head": head, "base": base, "title": t})


@intent("github", "create_pull_request", (
    "open a draft pull request in {owner}/{repo} from {head} into {base} titled \"{title}\"",
    "create a draft PR on {owner}/{repo}: {head} into {base}, title \"{title}\"",
    "put up {head} as a draft PR against {base} in {owner}/{repo} named \"{title}\"",
), ("Start a draft PR \"{title}\" for {head} -> {base} on {owner}/{repo}; it isn't ready for review yet.",))  # fmt: skip
def pr_draft(rng: Random) -> Draft:
    (o, r), head, base, t = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, BASES), pick(rng, COMMIT_MSGS)
    return Draft({"owner": o, "repo": r, "title": t, "head": head, "base": base, "draft": True},
                 {"owner": o, "repo": r, "head": head, "base": base, "title": t})


@intent("github", "merge_pull_request", (
    "{method_verb} PR #{n} in {owner}/{repo}", "merge pull request {n} of {owner}/{repo} using {method}",
    "{method_verb} {owner}/{repo}#{n}", "land PR {n} on {owner}/{repo} with a {method} merge",
), ("PR #{n} on {owner}/{repo} is approved, {method_verb} it.",))  # fmt: skip
def merge(rng: Random) -> Draft:
    (o, r), n = pick(rng, GH_REPOS), rng.randint(3, 900)
    method, verb = pick(rng, [("squash", "squash-merge"), ("rebase", "rebase-merge"), ("merge", "merge")])
    return Draft({"owner": o, "repo": r, "pull_number": n, "merge_method": method},
                 {"owner": o, "repo": r, "n": str(n), "method": method, "method_verb": verb},
                 {"merge_method": [method, ""] if method == "merge" else [method]})


@intent("github", "get_file_contents", (
    "fetch {path} from {owner}/{repo} on GitHub", "get the contents of {path} in the {owner}/{repo} repo",
    "read {path} from GitHub repo {owner}/{repo}", "show me {owner}/{repo}'s {path}",
), ("What does {path} look like in {owner}/{repo}?",), recover=_gh_fail)  # fmt: skip
def gh_file(rng: Random) -> Draft:
    (o, r), p = pick(rng, GH_REPOS), pick(rng, ["README.md", "package.json", "setup.py", "LICENSE", "docs/index.md", "Cargo.toml"])
    return Draft({"owner": o, "repo": r, "path": p}, {"owner": o, "repo": r, "path": p})


@intent("github", "get_file_contents", (
    "fetch {path} from the {branch} branch of {owner}/{repo}", "get {path} in {owner}/{repo} as it is on {branch}",
    "read {owner}/{repo}:{path} on branch {branch}",
), ("How does {path} look on {branch} in {owner}/{repo}?",))  # fmt: skip
def gh_file_branch(rng: Random) -> Draft:
    (o, r), p, b = pick(rng, GH_REPOS), pick(rng, ["README.md", "package.json", "src/index.ts", "Makefile"]), pick(rng, BRANCHES)
    return Draft({"owner": o, "repo": r, "path": p, "branch": b}, {"owner": o, "repo": r, "path": p, "branch": b})


@intent("github", "search_repositories", (
    "search GitHub for {what} with the query `{q}`", "find repositories matching `{q}`", "look up GitHub repos for `{q}`",
    "run a GitHub repo search: `{q}`",
), ("Find me {what} on GitHub (query: `{q}`).",))  # fmt: skip
def search_repos(rng: Random) -> Draft:
    q, what = pick(rng, SEARCH_QUERIES)
    return Draft({"query": q}, {"q": q, "what": what})


@intent("github", "search_code", (
    "search GitHub code for `{q}`", "find code on GitHub matching `{q}`", "grep GitHub for `{q}`",
    "look through GitHub code with the query `{q}`",
), ("Where on GitHub does `{q}` show up in code?",))  # fmt: skip
def search_code(rng: Random) -> Draft:
    q = pick(rng, CODE_QUERIES)
    return Draft({"q": q}, {"q": q})


@intent("github", "push_files", (
    "push {p1} and {p2} to {branch} of {owner}/{repo} in one commit \"{msg}\", with contents \"{c1}\" and \"{c2}\"",
    "commit two files to {owner}/{repo} on {branch}: {p1} (\"{c1}\") and {p2} (\"{c2}\"), message \"{msg}\"",
    "upload {p1} containing \"{c1}\" and {p2} containing \"{c2}\" to {owner}/{repo}@{branch}; commit message \"{msg}\"",
), ("Push these to {owner}/{repo} on {branch} as one commit (\"{msg}\"): {p1} = \"{c1}\", {p2} = \"{c2}\".",))  # fmt: skip
def push(rng: Random) -> Draft:
    (o, r), b, msg = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, COMMIT_MSGS)
    (p1, c1), (p2, c2) = sample(rng, [("VERSION", "2.4.0"), ("docs/CHANGES.md", "Added CSV export"),
                                      ("config/flags.json", '{"darkMode": true}'), ("NOTICE", "Copyright 2025 Acme")], 2)  # fmt: skip
    files = [{"path": p1, "content": c1}, {"path": p2, "content": c2}]
    return Draft({"owner": o, "repo": r, "branch": b, "files": files, "message": msg},
                 {"owner": o, "repo": r, "branch": b, "msg": msg, "p1": p1, "p2": p2, "c1": c1, "c2": c2})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "github": [("GitHub API error: 403 API rate limit exceeded for user ID 4821937",
                "GitHub's API rate limit is used up (403 rate limit exceeded). It resets within the hour; retrying now "
                "would fail the same way.")],
}
