"""What users ask of the git server, and how its calls fail."""

from __future__ import annotations

import posixpath
from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import (
    BASES, BRANCHES, COMMIT_MSGS, FILES, REPOS, REVISIONS, Draft, Recovery, intent, pick, quoted, sample,
)  # fmt: skip


def _not_a_repo(rng: Random, d: Draft) -> Recovery:
    repo = d.args["repo_path"]
    parent = posixpath.dirname(repo)
    return Recovery(
        error=f"fatal: not a git repository (or any of the parent directories): {repo}",
        text=f"{repo} is not a git repository. Let me check {parent} to see which folder holds the checkout.",
        call=ToolCall("filesystem", "list_directory", {"path": parent}),
        accept={"path": [parent, parent + "/"]},
    ) if rng.random() < 0.3 else Recovery(
        error=f"fatal: not a git repository (or any of the parent directories): {repo}",
        text=f"{repo} is not a git repository, so git can't inspect it. Is the checkout somewhere else, "
        "or does it need a `git init` first?",
    )


@intent("git", "git_status", (
    "check the git status of {repo}", "show me what's changed in {repo}", "run git status in {repo}",
    "see which files are modified in {repo}", "tell me if {repo} has uncommitted changes",
), ("What's the state of the working tree in {repo}?", "Anything uncommitted in {repo}?"), recover=_not_a_repo)  # fmt: skip
def status(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_unstaged", (
    "show the unstaged changes in {repo}", "diff the working tree of {repo}", "show me what I changed but haven't staged in {repo}",
    "get the unstaged diff for {repo}",
), ("What have I changed in {repo} that isn't staged yet?",))  # fmt: skip
def diff_unstaged(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_staged", (
    "show the staged changes in {repo}", "diff what's staged in {repo}", "show what will go into the next commit in {repo}",
    "get the staged diff for {repo}",
), ("What's staged for commit in {repo}?",))  # fmt: skip
def diff_staged(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_staged", (
    "show the staged changes in {repo} with {n} lines of context", "diff what's staged in {repo}, {n} context lines",
    "show the cached diff of {repo} with {n} lines of context", "get the staged diff for {repo} using {n} lines of context",
), ("What's staged in {repo}? Use {n} lines of context.",))  # fmt: skip
def diff_staged_context(rng: Random) -> Draft:
    r, n = pick(rng, REPOS), pick(rng, [0, 1, 5, 10])
    return Draft({"repo_path": r, "context_lines": n}, {"repo": r, "n": str(n)})


@intent("git", "git_diff", (
    "diff {repo} against {target}", "compare the current branch of {repo} with {target}",
    "show how {repo} differs from {target}", "show the changes between {target} and the working branch in {repo}",
), ("What changed in {repo} compared to {target}?",))  # fmt: skip
def diff(rng: Random) -> Draft:
    r, t = pick(rng, REPOS), pick(rng, BASES + ["origin/main", "v2.3.0"])
    return Draft({"repo_path": r, "target": t}, {"repo": r, "target": t})


@intent("git", "git_commit", (
    "commit the staged changes in {repo} with the message \"{msg}\"", "make a commit in {repo}: \"{msg}\"",
    "commit in {repo} using \"{msg}\" as the message", "record a commit in {repo} saying \"{msg}\"",
), ("Commit what's staged in {repo}. Message: \"{msg}\"",))  # fmt: skip
def commit(rng: Random) -> Draft:
    r, m = pick(rng, REPOS), pick(rng, COMMIT_MSGS)
    return Draft({"repo_path": r, "message": m}, {"repo": r, "msg": m})


@intent("git", "git_add", (
    "stage {files} in {repo}", "git add {files} in {repo}", "add {files} to the index of {repo}",
    "mark {files} in {repo} for the next commit",
), ("Stage {files} in {repo}, please.",))  # fmt: skip
def add(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    files = sample(rng, FILES, rng.choice([1, 2, 3]))
    return Draft({"repo_path": r, "files": files}, {"repo": r, "files": quoted(files)})


@intent("git", "git_log", (
    "show the last {n} commits in {repo}", "list the {n} most recent commits of {repo}", "git log {repo}, {n} entries",
    "get the latest {n} commits from {repo}",
), ("What were the last {n} commits in {repo}?",))  # fmt: skip
def log(rng: Random) -> Draft:
    r, n = pick(rng, REPOS), pick(rng, [3, 5, 10, 20])
    return Draft({"repo_path": r, "max_count": n}, {"repo": r, "n": str(n)})


@intent("git", "git_log", (
    "show the commits in {repo} since {since}", "list what was committed to {repo} after {since}",
    "get the commit history of {repo} from {since} on", "show me {repo}'s log starting {since}",
), ("What has been committed in {repo} since {since}?",))  # fmt: skip
def log_since(rng: Random) -> Draft:
    r, since = pick(rng, REPOS), pick(rng, ["2 weeks ago", "yesterday", "2025-01-01", "1 month ago", "2024-11-15T09:00:00"])
    return Draft({"repo_path": r, "start_timestamp": since}, {"repo": r, "since": since})


@intent("git", "git_create_branch", (
    "create a branch {branch} in {repo}", "make a new branch called {branch} in {repo}", "branch off {branch} in {repo}",
    "start a {branch} branch in {repo}",
), ("I need a new branch {branch} in {repo}.",))  # fmt: skip
def branch(rng: Random) -> Draft:
    r, b = pick(rng, REPOS), pick(rng, BRANCHES)
    return Draft({"repo_path": r, "branch_name": b}, {"repo": r, "branch": b})


@intent("git", "git_create_branch", (
    "create a branch {branch} in {repo} off {base}", "make a new branch called {branch} in {repo} from {base}",
    "branch {branch} from {base} in {repo}", "start a {branch} branch in {repo} based on {base}",
), ("I need a new branch {branch} in {repo}, starting from {base}.",))  # fmt: skip
def branch_from(rng: Random) -> Draft:
    r, b, base = pick(rng, REPOS), pick(rng, BRANCHES), pick(rng, BASES)
    return Draft({"repo_path": r, "branch_name": b, "base_branch": base}, {"repo": r, "branch": b, "base": base})


def _no_branch(rng: Random, d: Draft) -> Recovery:
    b = d.args["branch_name"]
    return Recovery(
        error=f"error: pathspec '{b}' did not match any file(s) known to git",
        text=f"There's no branch named {b}. Let me list all branches to find the right name.",
        call=ToolCall("git", "git_branch", {"repo_path": d.args["repo_path"], "branch_type": "all"}),
        accept={"branch_type": ["all", "local", "remote"]},
    )


@intent("git", "git_checkout", (
    "switch {repo} to the {branch} branch", "check out {branch} in {repo}", "move {repo} over to {branch}",
    "go to branch {branch} in {repo}",
), ("Put {repo} on {branch}.",), recover=_no_branch)  # fmt: skip
def checkout(rng: Random) -> Draft:
    r, b = pick(rng, REPOS), pick(rng, BRANCHES)
    return Draft({"repo_path": r, "branch_name": b}, {"repo": r, "branch": b})


@intent("git", "git_show", (
    "show {what} in {repo}", "display the contents of {what} in {repo}", "git show {rev} in {repo}",
    "let me see what {what} changed in {repo}",
), ("What did {what} in {repo} do?",))  # fmt: skip
def show(rng: Random) -> Draft:
    r, (rev, what) = pick(rng, REPOS), pick(rng, REVISIONS)
    same = {"HEAD": ["HEAD", "@"], "HEAD~1": ["HEAD~1", "HEAD^", "HEAD~"]}.get(rev, [rev])
    return Draft({"repo_path": r, "revision": rev}, {"repo": r, "rev": rev, "what": what}, {"revision": same})


@intent("git", "git_branch", (
    "list the {kind} branches of {repo}", "show {kind} branches in {repo}", "which {kind} branches does {repo} have",
    "enumerate the {kind} branches in {repo}",
), ("What {kind} branches exist in {repo}?",))  # fmt: skip
def branches(rng: Random) -> Draft:
    r, (kind, word) = pick(rng, REPOS), pick(rng, [("local", "local"), ("remote", "remote"), ("all", "local and remote")])
    return Draft({"repo_path": r, "branch_type": kind}, {"repo": r, "kind": word})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "git": [("fatal: Unable to create '{target}/.git/index.lock': File exists.",
             "Git refused because {target}/.git/index.lock exists: another git process is running, or one crashed. "
             "If nothing else is using the repository, delete that lock file and I'll run it again.")],
}
