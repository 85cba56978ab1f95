"""The intent bank: for each tool of the bundled catalog, what users ask of it, in
their words, and how its calls fail (see `phrasings` for the held-out rule)."""

from __future__ import annotations

import posixpath
from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import (
    ADDRESSES, BASES, BRANCHES, CODE_QUERIES, COMMENTS, COMMIT_MSGS, CONTAINERS, COORDS, DIRS, EDITS, EMAILS,
    EVENTS, EXCLUDES, FILES, GH_REPOS, GH_USERS, GLOBS, IMAGES, ISSUE_BODIES, ISSUE_TITLES, LABELS, LINEAR_ISSUES,
    LINEAR_TEAMS, LOCAL_QUERIES, MODES, NEW_DIRS, NEW_FILES, OBSERVATIONS, PEOPLE, PG_QUERIES, PRIORITIES,
    REACTIONS, REDIS_KEYS, REDIS_VALUES, RELATIONS, REPOS, REVISIONS, SEARCH_QUERIES, SELECTORS, SLACK_CHANNELS,
    SLACK_MESSAGES, SLACK_TS, SLACK_USERS, SQL_CREATES, SQL_READS, SQL_WRITES, STATES, TABLES, TIMES, TIMEZONES,
    URLS, WEB_QUERIES, Draft, Intent, Recovery, path_accept, pick, quoted, sample,
)  # fmt: skip

INTENTS: list[Intent] = []


def intent(server: str, tool: str, clauses: tuple[str, ...], asks: tuple[str, ...] = (), recover=None):
    """Register the decorated draft function as an intent."""

    def wrap(fn):
        INTENTS.append(Intent(server, tool, fn, clauses, asks, recover))
        return fn

    return wrap


# ----------------------------------------------------------------------------- filesystem


def _missing_file(rng: Random, d: Draft) -> Recovery:
    path = d.args["path"]
    folder = posixpath.dirname(path) or "."
    name = posixpath.basename(path)
    if rng.random() < 0.5:
        return Recovery(
            error=f"ENOENT: no such file or directory, open '{path}'",
            text=f"{path} doesn't exist. I'll search for {name} elsewhere in the project.",
            call=ToolCall("filesystem", "search_files", {"path": ".", "pattern": name}),
            accept={"path": [".", "./", ""], "pattern": [name, f"**/{name}", f"*{name}"]},
        )
    return Recovery(
        error=f"Error: Access denied - path outside allowed directories: /home/dev/{path} not in /workspace",
        text=f"I can't open {path}: the filesystem server only allows access inside /workspace. "
        "If the file should be readable, add its folder to the server's allowed directories.",
    )


@intent("filesystem", "read_text_file", (
    "read {path}", "show me what's in {path}", "open {path} and show me its contents", "print the contents of {path}",
    "pull up {path}", "dump {path} for me",
), ("What's in {path}?", "I want to look at {path}.", "Let me see {path}.", "Display the file {path}."),
   recover=_missing_file)  # fmt: skip
def _read(rng: Random) -> Draft:
    p = pick(rng, FILES)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "read_text_file", (
    "show the first {n} lines of {path}", "read just the first {n} lines of {path}", "give me the top {n} lines of {path}",
    "print the head of {path}, {n} lines",
), ("How does {path} start? The first {n} lines are enough.", "Peek at the first {n} lines of {path}."))  # fmt: skip
def _head(rng: Random) -> Draft:
    p, n = pick(rng, FILES), pick(rng, [5, 10, 20, 30, 50])
    return Draft({"path": p, "head": n}, {"path": p, "n": str(n)}, {"path": path_accept(p)})


@intent("filesystem", "read_text_file", (
    "show the last {n} lines of {path}", "tail {path}, last {n} lines", "read the final {n} lines of {path}",
    "get the end of {path}, {n} lines",
), ("What are the last {n} lines of {path}?", "I only need the last {n} lines of {path}."))  # fmt: skip
def _tail(rng: Random) -> Draft:
    p, n = pick(rng, ["logs/app.log", "logs/error.log", "CHANGELOG.md", "build/output.txt"]), pick(rng, [10, 20, 50, 100])
    return Draft({"path": p, "tail": n}, {"path": p, "n": str(n)}, {"path": path_accept(p)})


@intent("filesystem", "read_multiple_files", (
    "read {files}", "show me {files} together", "open {files} at once", "load the contents of {files}",
    "compare {files} side by side",
), ("I need to see {files}.", "What do {files} contain?"))  # fmt: skip
def _read_many(rng: Random) -> Draft:
    files = sample(rng, FILES, rng.choice([2, 2, 3]))
    return Draft({"paths": files}, {"files": quoted(files)})


@intent("filesystem", "write_file", (
    "create {path} with the content \"{content}\"", "write \"{content}\" to {path}",
    "save a file at {path} containing \"{content}\"", "make a new file {path} that says \"{content}\"",
    "put \"{content}\" into {path}",
), ("Create the file {path}. Its content should be exactly: \"{content}\"",))  # fmt: skip
def _write(rng: Random) -> Draft:
    p, content = pick(rng, NEW_FILES)
    return Draft({"path": p, "content": content}, {"path": p, "content": content.replace("\n", "\\n")},
                 {"path": path_accept(p), "content": [content]})


@intent("filesystem", "edit_file", (
    "in {path}, replace `{old}` with `{new}`", "change `{old}` to `{new}` in {path}", "edit {path}: `{old}` becomes `{new}`",
    "update {path} so that `{old}` reads `{new}`", "swap `{old}` for `{new}` in {path}",
), ("Can you fix {path}? The line `{old}` should be `{new}`.",))  # fmt: skip
def _edit(rng: Random) -> Draft:
    p, old, new = pick(rng, EDITS)
    return Draft({"path": p, "edits": [{"oldText": old, "newText": new}]}, {"path": p, "old": old, "new": new},
                 {"path": path_accept(p)})


@intent("filesystem", "edit_file", (
    "preview replacing `{old}` with `{new}` in {path} without saving", "do a dry run of changing `{old}` to `{new}` in {path}",
    "show me the diff for replacing `{old}` by `{new}` in {path}, but don't apply it",
    "dry-run an edit of {path} that turns `{old}` into `{new}`",
), ("What would the diff look like if {path} had `{new}` instead of `{old}`? Don't change the file yet.",))  # fmt: skip
def _edit_dry(rng: Random) -> Draft:
    p, old, new = pick(rng, EDITS)
    return Draft({"path": p, "edits": [{"oldText": old, "newText": new}], "dryRun": True},
                 {"path": p, "old": old, "new": new}, {"path": path_accept(p)})


@intent("filesystem", "create_directory", (
    "create the directory {path}", "make a folder {path}", "mkdir {path}", "set up an empty {path} directory",
    "add a new folder at {path}",
), ("I need a {path} folder.",))  # fmt: skip
def _mkdir(rng: Random) -> Draft:
    p = pick(rng, NEW_DIRS)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "list_directory", (
    "list the files in {path}", "show me what's inside {path}", "ls {path}", "list the contents of the {path} folder",
    "tell me which files are in {path}",
), ("What's in the {path} directory?", "Which files does {path} have?"))  # fmt: skip
def _ls(rng: Random) -> Draft:
    p = pick(rng, DIRS)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "directory_tree", (
    "show the directory tree of {path}", "give me a recursive tree of {path}", "map out the folder structure under {path}",
    "print the tree for {path}",
), ("How is {path} organized? Show me the whole tree.",))  # fmt: skip
def _tree(rng: Random) -> Draft:
    p = pick(rng, ["src", "docs", "tests", "app", "."])
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p) if p != "." else [".", "./"]})


@intent("filesystem", "directory_tree", (
    "show the directory tree of {path}, leaving out {ex}", "give me a tree of {path} without {ex}",
    "map the structure of {path} but skip {ex}", "print the tree for {path}, excluding {ex}",
), ("What does {path} look like as a tree? Ignore {ex}.",))  # fmt: skip
def _tree_ex(rng: Random) -> Draft:
    p = pick(rng, [".", "src", "frontend"])
    ex = sample(rng, EXCLUDES, rng.choice([1, 2]))
    return Draft({"path": p, "excludePatterns": ex}, {"path": p, "ex": quoted(ex)},
                 {"path": path_accept(p) if p != "." else [".", "./"]})


@intent("filesystem", "move_file", (
    "rename {src} to {dst}", "move {src} to {dst}", "mv {src} {dst}", "relocate {src} so it lives at {dst}",
    "change the name of {src} to {dst}",
), ("{src} should be at {dst} instead.",))  # fmt: skip
def _mv(rng: Random) -> Draft:
    src, dst = pick(rng, [("notes.txt", "docs/notes.txt"), ("src/helpers.py", "src/utils/helpers.py"),
                          ("old_README.md", "docs/legacy/README.md"), ("config.yml", "config/app.yml"),
                          ("draft.md", "posts/2025-03-launch.md")])  # fmt: skip
    return Draft({"source": src, "destination": dst}, {"src": src, "dst": dst},
                 {"source": path_accept(src), "destination": path_accept(dst)})


@intent("filesystem", "search_files", (
    "find all {what} under {path}", "search {path} for files matching {pat}", "look for {pat} files in {path}",
    "locate every {what} in {path}", "list files named {pat} anywhere in {path}",
), ("Where are the {what} in {path}?", "Which {what} exist under {path}?"))  # fmt: skip
def _find(rng: Random) -> Draft:
    pat, what = pick(rng, GLOBS)
    p = pick(rng, [".", "src", "tests", "docs"])
    return Draft({"path": p, "pattern": pat}, {"path": p if p != "." else "the project", "pat": pat, "what": what},
                 {"path": path_accept(p) if p != "." else [".", "./"], "pattern": [pat, f"**/{pat}"]})


@intent("filesystem", "get_file_info", (
    "get the metadata of {path}", "check the size and modification time of {path}", "show file info for {path}",
    "tell me when {path} was last modified", "look up the permissions on {path}",
), ("How big is {path}?", "When did {path} last change?"))  # fmt: skip
def _info(rng: Random) -> Draft:
    p = pick(rng, FILES)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


# ----------------------------------------------------------------------------- git


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
def _status(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_unstaged", (
    "show the unstaged changes in {repo}", "diff the working tree of {repo}", "show me what I changed but haven't staged in {repo}",
    "get the unstaged diff for {repo}",
), ("What have I changed in {repo} that isn't staged yet?",))  # fmt: skip
def _diff_unstaged(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_staged", (
    "show the staged changes in {repo}", "diff what's staged in {repo}", "show what will go into the next commit in {repo}",
    "get the staged diff for {repo}",
), ("What's staged for commit in {repo}?",))  # fmt: skip
def _diff_staged(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    return Draft({"repo_path": r}, {"repo": r})


@intent("git", "git_diff_staged", (
    "show the staged changes in {repo} with {n} lines of context", "diff what's staged in {repo}, {n} context lines",
    "show the cached diff of {repo} with {n} lines of context", "get the staged diff for {repo} using {n} lines of context",
), ("What's staged in {repo}? Use {n} lines of context.",))  # fmt: skip
def _diff_staged_context(rng: Random) -> Draft:
    r, n = pick(rng, REPOS), pick(rng, [0, 1, 5, 10])
    return Draft({"repo_path": r, "context_lines": n}, {"repo": r, "n": str(n)})


@intent("git", "git_diff", (
    "diff {repo} against {target}", "compare the current branch of {repo} with {target}",
    "show how {repo} differs from {target}", "show the changes between {target} and the working branch in {repo}",
), ("What changed in {repo} compared to {target}?",))  # fmt: skip
def _diff(rng: Random) -> Draft:
    r, t = pick(rng, REPOS), pick(rng, BASES + ["origin/main", "v2.3.0"])
    return Draft({"repo_path": r, "target": t}, {"repo": r, "target": t})


@intent("git", "git_commit", (
    "commit the staged changes in {repo} with the message \"{msg}\"", "make a commit in {repo}: \"{msg}\"",
    "commit in {repo} using \"{msg}\" as the message", "record a commit in {repo} saying \"{msg}\"",
), ("Commit what's staged in {repo}. Message: \"{msg}\"",))  # fmt: skip
def _commit(rng: Random) -> Draft:
    r, m = pick(rng, REPOS), pick(rng, COMMIT_MSGS)
    return Draft({"repo_path": r, "message": m}, {"repo": r, "msg": m})


@intent("git", "git_add", (
    "stage {files} in {repo}", "git add {files} in {repo}", "add {files} to the index of {repo}",
    "mark {files} in {repo} for the next commit",
), ("Stage {files} in {repo}, please.",))  # fmt: skip
def _add(rng: Random) -> Draft:
    r = pick(rng, REPOS)
    files = sample(rng, FILES, rng.choice([1, 2, 3]))
    return Draft({"repo_path": r, "files": files}, {"repo": r, "files": quoted(files)})


@intent("git", "git_log", (
    "show the last {n} commits in {repo}", "list the {n} most recent commits of {repo}", "git log {repo}, {n} entries",
    "get the latest {n} commits from {repo}",
), ("What were the last {n} commits in {repo}?",))  # fmt: skip
def _log(rng: Random) -> Draft:
    r, n = pick(rng, REPOS), pick(rng, [3, 5, 10, 20])
    return Draft({"repo_path": r, "max_count": n}, {"repo": r, "n": str(n)})


@intent("git", "git_log", (
    "show the commits in {repo} since {since}", "list what was committed to {repo} after {since}",
    "get the commit history of {repo} from {since} on", "show me {repo}'s log starting {since}",
), ("What has been committed in {repo} since {since}?",))  # fmt: skip
def _log_since(rng: Random) -> Draft:
    r, since = pick(rng, REPOS), pick(rng, ["2 weeks ago", "yesterday", "2025-01-01", "1 month ago", "2024-11-15T09:00:00"])
    return Draft({"repo_path": r, "start_timestamp": since}, {"repo": r, "since": since})


@intent("git", "git_create_branch", (
    "create a branch {branch} in {repo}", "make a new branch called {branch} in {repo}", "branch off {branch} in {repo}",
    "start a {branch} branch in {repo}",
), ("I need a new branch {branch} in {repo}.",))  # fmt: skip
def _branch(rng: Random) -> Draft:
    r, b = pick(rng, REPOS), pick(rng, BRANCHES)
    return Draft({"repo_path": r, "branch_name": b}, {"repo": r, "branch": b})


@intent("git", "git_create_branch", (
    "create a branch {branch} in {repo} off {base}", "make a new branch called {branch} in {repo} from {base}",
    "branch {branch} from {base} in {repo}", "start a {branch} branch in {repo} based on {base}",
), ("I need a new branch {branch} in {repo}, starting from {base}.",))  # fmt: skip
def _branch_from(rng: Random) -> Draft:
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
def _checkout(rng: Random) -> Draft:
    r, b = pick(rng, REPOS), pick(rng, BRANCHES)
    return Draft({"repo_path": r, "branch_name": b}, {"repo": r, "branch": b})


@intent("git", "git_show", (
    "show {what} in {repo}", "display the contents of {what} in {repo}", "git show {rev} in {repo}",
    "let me see what {what} changed in {repo}",
), ("What did {what} in {repo} do?",))  # fmt: skip
def _show(rng: Random) -> Draft:
    r, (rev, what) = pick(rng, REPOS), pick(rng, REVISIONS)
    same = {"HEAD": ["HEAD", "@"], "HEAD~1": ["HEAD~1", "HEAD^", "HEAD~"]}.get(rev, [rev])
    return Draft({"repo_path": r, "revision": rev}, {"repo": r, "rev": rev, "what": what}, {"revision": same})


@intent("git", "git_branch", (
    "list the {kind} branches of {repo}", "show {kind} branches in {repo}", "which {kind} branches does {repo} have",
    "enumerate the {kind} branches in {repo}",
), ("What {kind} branches exist in {repo}?",))  # fmt: skip
def _branches(rng: Random) -> Draft:
    r, (kind, word) = pick(rng, REPOS), pick(rng, [("local", "local"), ("remote", "remote"), ("all", "local and remote")])
    return Draft({"repo_path": r, "branch_type": kind}, {"repo": r, "kind": word})


# ----------------------------------------------------------------------------- github


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
def _issue(rng: Random) -> Draft:
    (o, r), t = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES)
    return Draft({"owner": o, "repo": r, "title": t}, {"owner": o, "repo": r, "title": t})


@intent("github", "create_issue", (
    "open an issue in {owner}/{repo} titled \"{title}\" with the labels {labels}, assigned to {who}",
    "file \"{title}\" on {owner}/{repo}, label it {labels} and assign {who}",
    "create a GitHub issue \"{title}\" in {owner}/{repo}; labels: {labels}; assignee: {who}",
    "log \"{title}\" in {owner}/{repo} for {who} with labels {labels}",
), ("New issue for {owner}/{repo}: \"{title}\". Tag it {labels} and give it to {who}.",))  # fmt: skip
def _issue_rich(rng: Random) -> Draft:
    (o, r), t = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES)
    labels, who = sample(rng, LABELS, rng.choice([1, 2])), pick(rng, GH_USERS)
    return Draft({"owner": o, "repo": r, "title": t, "labels": labels, "assignees": [who]},
                 {"owner": o, "repo": r, "title": t, "labels": quoted(labels), "who": who})


@intent("github", "create_issue", (
    "open an issue in {owner}/{repo} titled \"{title}\" with the body \"{body}\"",
    "file \"{title}\" on {owner}/{repo} and describe it as \"{body}\"",
    "create issue \"{title}\" in {owner}/{repo}, description: \"{body}\"",
), ("Log \"{title}\" for {owner}/{repo}. Put this in the body: \"{body}\"",))  # fmt: skip
def _issue_body(rng: Random) -> Draft:
    (o, r), t, b = pick(rng, GH_REPOS), pick(rng, ISSUE_TITLES), pick(rng, ISSUE_BODIES)
    return Draft({"owner": o, "repo": r, "title": t, "body": b}, {"owner": o, "repo": r, "title": t, "body": b})


@intent("github", "list_issues", (
    "list the {state} issues in {owner}/{repo}", "show {state} issues for {owner}/{repo}",
    "get {owner}/{repo}'s {state} issues", "pull the {state} issues of {owner}/{repo}",
), ("Which issues are {state} in {owner}/{repo}?",), recover=_gh_fail)  # fmt: skip
def _issues(rng: Random) -> Draft:
    (o, r), state = pick(rng, GH_REPOS), pick(rng, ["open", "closed", "all"])
    args = {"owner": o, "repo": r, "state": state}
    return Draft(args, {"owner": o, "repo": r, "state": state if state != "all" else "open and closed"},
                 {"state": [state, ""] if state == "open" else [state]})


@intent("github", "list_issues", (
    "list the {state} issues in {owner}/{repo} labeled {label}, most recently updated first",
    "show {owner}/{repo} issues with the {label} label that are {state}, sorted by last update",
    "get {state} {label} issues from {owner}/{repo} ordered by update time, newest first",
), ("Which {state} {label} issues in {owner}/{repo} were touched most recently?",))  # fmt: skip
def _issues_rich(rng: Random) -> Draft:
    (o, r), state, label = pick(rng, GH_REPOS), pick(rng, ["open", "closed"]), pick(rng, LABELS)
    args = {"owner": o, "repo": r, "state": state, "labels": [label], "sort": "updated", "direction": "desc"}
    return Draft(args, {"owner": o, "repo": r, "state": state, "label": label},
                 {"state": [state, ""] if state == "open" else [state], "direction": ["desc", ""]})


@intent("github", "add_issue_comment", (
    "comment on issue #{n} in {owner}/{repo}: \"{text}\"", "reply to {owner}/{repo}#{n} with \"{text}\"",
    "post \"{text}\" as a comment on issue {n} of {owner}/{repo}", "leave a comment on {owner}/{repo} issue #{n} saying \"{text}\"",
), ("Add \"{text}\" to the discussion on {owner}/{repo}#{n}.",))  # fmt: skip
def _comment(rng: Random) -> Draft:
    (o, r), n, text = pick(rng, GH_REPOS), rng.randint(12, 4800), pick(rng, COMMENTS)
    return Draft({"owner": o, "repo": r, "issue_number": n, "body": text}, {"owner": o, "repo": r, "n": str(n), "text": text})


@intent("github", "create_pull_request", (
    "open a pull request in {owner}/{repo} from {head} into {base} titled \"{title}\"",
    "create a PR on {owner}/{repo}: {head} -> {base}, title \"{title}\"",
    "make a pull request \"{title}\" merging {head} into {base} in {owner}/{repo}",
    "send {head} to {base} as a PR in {owner}/{repo} called \"{title}\"",
), ("I'm done with {head}. Open a PR against {base} in {owner}/{repo}, title it \"{title}\".",))  # fmt: skip
def _pr(rng: Random) -> Draft:
    (o, r), head, base, t = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, BASES), pick(rng, COMMIT_MSGS)
    return Draft({"owner": o, "repo": r, "title": t, "head": head, "base": base},
                 {"owner": o, "repo": r, "head": head, "base": base, "title": t})


@intent("github", "create_pull_request", (
    "open a draft pull request in {owner}/{repo} from {head} into {base} titled \"{title}\"",
    "create a draft PR on {owner}/{repo}: {head} into {base}, title \"{title}\"",
    "put up {head} as a draft PR against {base} in {owner}/{repo} named \"{title}\"",
), ("Start a draft PR \"{title}\" for {head} -> {base} on {owner}/{repo}; it isn't ready for review yet.",))  # fmt: skip
def _pr_draft(rng: Random) -> Draft:
    (o, r), head, base, t = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, BASES), pick(rng, COMMIT_MSGS)
    return Draft({"owner": o, "repo": r, "title": t, "head": head, "base": base, "draft": True},
                 {"owner": o, "repo": r, "head": head, "base": base, "title": t})


@intent("github", "merge_pull_request", (
    "{method_verb} PR #{n} in {owner}/{repo}", "merge pull request {n} of {owner}/{repo} using {method}",
    "{method_verb} {owner}/{repo}#{n}", "land PR {n} on {owner}/{repo} with a {method} merge",
), ("PR #{n} on {owner}/{repo} is approved, {method_verb} it.",))  # fmt: skip
def _merge(rng: Random) -> Draft:
    (o, r), n = pick(rng, GH_REPOS), rng.randint(3, 900)
    method, verb = pick(rng, [("squash", "squash-merge"), ("rebase", "rebase-merge"), ("merge", "merge")])
    return Draft({"owner": o, "repo": r, "pull_number": n, "merge_method": method},
                 {"owner": o, "repo": r, "n": str(n), "method": method, "method_verb": verb},
                 {"merge_method": [method, ""] if method == "merge" else [method]})


@intent("github", "get_file_contents", (
    "fetch {path} from {owner}/{repo} on GitHub", "get the contents of {path} in the {owner}/{repo} repo",
    "read {path} from GitHub repo {owner}/{repo}", "show me {owner}/{repo}'s {path}",
), ("What does {path} look like in {owner}/{repo}?",), recover=_gh_fail)  # fmt: skip
def _gh_file(rng: Random) -> Draft:
    (o, r), p = pick(rng, GH_REPOS), pick(rng, ["README.md", "package.json", "setup.py", "LICENSE", "docs/index.md", "Cargo.toml"])
    return Draft({"owner": o, "repo": r, "path": p}, {"owner": o, "repo": r, "path": p})


@intent("github", "get_file_contents", (
    "fetch {path} from the {branch} branch of {owner}/{repo}", "get {path} in {owner}/{repo} as it is on {branch}",
    "read {owner}/{repo}:{path} on branch {branch}",
), ("How does {path} look on {branch} in {owner}/{repo}?",))  # fmt: skip
def _gh_file_branch(rng: Random) -> Draft:
    (o, r), p, b = pick(rng, GH_REPOS), pick(rng, ["README.md", "package.json", "src/index.ts", "Makefile"]), pick(rng, BRANCHES)
    return Draft({"owner": o, "repo": r, "path": p, "branch": b}, {"owner": o, "repo": r, "path": p, "branch": b})


@intent("github", "search_repositories", (
    "search GitHub for {what} with the query `{q}`", "find repositories matching `{q}`", "look up GitHub repos for `{q}`",
    "run a GitHub repo search: `{q}`",
), ("Find me {what} on GitHub (query: `{q}`).",))  # fmt: skip
def _search_repos(rng: Random) -> Draft:
    q, what = pick(rng, SEARCH_QUERIES)
    return Draft({"query": q}, {"q": q, "what": what})


@intent("github", "search_code", (
    "search GitHub code for `{q}`", "find code on GitHub matching `{q}`", "grep GitHub for `{q}`",
    "look through GitHub code with the query `{q}`",
), ("Where on GitHub does `{q}` show up in code?",))  # fmt: skip
def _search_code(rng: Random) -> Draft:
    q = pick(rng, CODE_QUERIES)
    return Draft({"q": q}, {"q": q})


@intent("github", "push_files", (
    "push {p1} and {p2} to {branch} of {owner}/{repo} in one commit \"{msg}\", with contents \"{c1}\" and \"{c2}\"",
    "commit two files to {owner}/{repo} on {branch}: {p1} (\"{c1}\") and {p2} (\"{c2}\"), message \"{msg}\"",
    "upload {p1} containing \"{c1}\" and {p2} containing \"{c2}\" to {owner}/{repo}@{branch}; commit message \"{msg}\"",
), ("Push these to {owner}/{repo} on {branch} as one commit (\"{msg}\"): {p1} = \"{c1}\", {p2} = \"{c2}\".",))  # fmt: skip
def _push(rng: Random) -> Draft:
    (o, r), b, msg = pick(rng, GH_REPOS), pick(rng, BRANCHES), pick(rng, COMMIT_MSGS)
    (p1, c1), (p2, c2) = sample(rng, [("VERSION", "2.4.0"), ("docs/CHANGES.md", "Added CSV export"),
                                      ("config/flags.json", '{"darkMode": true}'), ("NOTICE", "Copyright 2025 Acme")], 2)  # fmt: skip
    files = [{"path": p1, "content": c1}, {"path": p2, "content": c2}]
    return Draft({"owner": o, "repo": r, "branch": b, "files": files, "message": msg},
                 {"owner": o, "repo": r, "branch": b, "msg": msg, "p1": p1, "p2": p2, "c1": c1, "c2": c2})


# ----------------------------------------------------------------------------- fetch


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
def _fetch(rng: Random) -> Draft:
    u = pick(rng, URLS)
    return Draft({"url": u}, {"url": u})


@intent("fetch", "fetch", (
    "fetch {url} and return at most {n} characters", "get {url}, but only the first {n} characters",
    "download {url} limited to {n} characters", "fetch {url} with max_length {n}",
), ("Give me the first {n} characters of {url}.",))  # fmt: skip
def _fetch_len(rng: Random) -> Draft:
    u, n = pick(rng, URLS), pick(rng, [1000, 2000, 10000, 20000])
    return Draft({"url": u, "max_length": n}, {"url": u, "n": str(n)})


@intent("fetch", "fetch", (
    "fetch the raw HTML of {url}", "get {url} without converting it to markdown", "download {url} raw",
    "fetch {url} as raw content",
), ("I need the unprocessed source of {url}.",))  # fmt: skip
def _fetch_raw(rng: Random) -> Draft:
    u = pick(rng, URLS)
    return Draft({"url": u, "raw": True}, {"url": u})


# ----------------------------------------------------------------------------- memory


@intent("memory", "create_entities", (
    "remember that {name} is a {etype}: {obs}", "store {name} ({etype}) in memory with the notes {obs}",
    "add {name} to the knowledge graph as a {etype}, noting {obs}", "create a {etype} entity {name} with observations {obs}",
), ("Keep in mind: {name} is a {etype}. Facts: {obs}.",))  # fmt: skip
def _entity(rng: Random) -> Draft:
    name, etype, obs = pick(rng, PEOPLE)
    return Draft({"entities": [{"name": name, "entityType": etype, "observations": obs}]},
                 {"name": name, "etype": etype, "obs": quoted([f'"{o}"' for o in obs])})


@intent("memory", "create_relations", (
    "record that {a} {rel} {b}", "add a relation: {a} {rel} {b}", "link {a} to {b} with the relation \"{rel}\"",
    "save in the knowledge graph that {a} {rel} {b}",
), ("Note the relationship: {a} {rel} {b}.",))  # fmt: skip
def _relation(rng: Random) -> Draft:
    a, b, rel = pick(rng, RELATIONS)
    return Draft({"relations": [{"from": a, "to": b, "relationType": rel}]}, {"a": a, "b": b, "rel": rel})


@intent("memory", "add_observations", (
    "add to {name}'s notes: {obs}", "record about {name} that {obs}", "update {name} in memory with {obs}",
    "append the observations {obs} to {name}",
), ("New facts about {name}: {obs}.",))  # fmt: skip
def _observe(rng: Random) -> Draft:
    name, obs = pick(rng, OBSERVATIONS)
    return Draft({"observations": [{"entityName": name, "contents": obs}]},
                 {"name": name, "obs": quoted([f'"{o}"' for o in obs])})


@intent("memory", "delete_entities", (
    "forget {names}", "delete {names} from memory", "remove the entities {names} from the knowledge graph",
    "drop {names} and their relations from memory",
), ("Please erase everything you remember about {names}.",))  # fmt: skip
def _forget(rng: Random) -> Draft:
    names = [p[0] for p in sample(rng, PEOPLE, rng.choice([1, 2]))]
    return Draft({"entityNames": names}, {"names": quoted(names)})


@intent("memory", "read_graph", (
    "show everything in the knowledge graph", "dump the whole memory graph", "read the entire knowledge graph",
    "list all entities and relations you've stored",
), ("What do you have stored in memory?", "Show me your whole memory."))  # fmt: skip
def _graph(rng: Random) -> Draft:
    return Draft({}, {})


@intent("memory", "search_nodes", (
    "search memory for \"{q}\"", "look up \"{q}\" in the knowledge graph", "find stored nodes matching \"{q}\"",
    "check what you remember about \"{q}\"",
), ("Do you have anything in memory on \"{q}\"?",))  # fmt: skip
def _search_nodes(rng: Random) -> Draft:
    q = pick(rng, ["payments", "Berlin", "on-call", "Atlas", "Go", "renewal"])
    return Draft({"query": q}, {"q": q})


@intent("memory", "open_nodes", (
    "open the memory nodes {names}", "pull up the entities {names}", "show the stored details for {names}",
    "retrieve the nodes {names} from the knowledge graph",
), ("What exactly is stored under {names}?",))  # fmt: skip
def _open_nodes(rng: Random) -> Draft:
    names = [p[0] for p in sample(rng, PEOPLE, rng.choice([1, 2]))]
    return Draft({"names": names}, {"names": quoted(names)})


# ----------------------------------------------------------------------------- time


@intent("time", "get_current_time", (
    "tell me the current time in {city}", "check what time it is in {city}", "get the local time in {city}",
    "look up the time in {city} right now",
), ("What time is it in {city}?", "Is it still morning in {city}?", "Do you know the current time in {city}?"))  # fmt: skip
def _now(rng: Random) -> Draft:
    city, tz = pick(rng, TIMEZONES)
    return Draft({"timezone": tz}, {"city": city})


@intent("time", "convert_time", (
    "convert {t} {src} time to {dst} time", "tell me what {t} in {src} is in {dst}", "translate {t} {src} time into {dst} time",
    "work out {dst} time for {t} in {src}",
), ("If it's {t} in {src}, what time is it in {dst}?", "Our call is at {t} {src} time. When is that for someone in {dst}?"))  # fmt: skip
def _convert(rng: Random) -> Draft:
    (src, stz), (dst, dtz) = sample(rng, TIMEZONES, 2)
    hhmm, spoken = pick(rng, TIMES)
    return Draft({"source_timezone": stz, "time": hhmm, "target_timezone": dtz}, {"src": src, "dst": dst, "t": spoken})


# ----------------------------------------------------------------------------- sqlite / postgres


def _no_table(rng: Random, d: Draft) -> Recovery:
    q = d.args["query"]
    table = next((t for t in TABLES if t in q), "orders")
    return Recovery(
        error=f"Database error: no such table: {table}",
        text=f"There is no {table} table in this database. Let me list the tables to see what it is called.",
        call=ToolCall("sqlite", "list_tables", {}),
    ) if rng.random() < 0.6 else Recovery(
        error="Database error: database is locked",
        text="SQLite reported \"database is locked\": another process holds a write lock on the database file. "
        "Once that process finishes (or is stopped), the query can run.",
    )


@intent("sqlite", "read_query", (
    "run `{q}` on the database", "query the SQLite db: `{q}`", "execute this select: `{q}`",
    "run the query `{q}` and show me the rows", "check the database with `{q}`",
), ("What does `{q}` return?",), recover=_no_table)  # fmt: skip
def _select(rng: Random) -> Draft:
    q = pick(rng, SQL_READS)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "write_query", (
    "run `{q}` against the database", "execute the statement `{q}`", "apply this change to the db: `{q}`",
    "update the SQLite database with `{q}`",
), ("Please execute `{q}`.",))  # fmt: skip
def _write_q(rng: Random) -> Draft:
    q = pick(rng, SQL_WRITES)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "create_table", (
    "create a table with `{q}`", "run this DDL: `{q}`", "add a new table to the database: `{q}`",
    "set up the table `{q}`",
), ("We need a new table. Statement: `{q}`",))  # fmt: skip
def _create(rng: Random) -> Draft:
    q = pick(rng, SQL_CREATES)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "list_tables", (
    "list the tables in the database", "show all tables in the SQLite db", "tell me which tables exist",
    "enumerate the database tables",
), ("What tables does the database have?", "Which tables are in the db?"))  # fmt: skip
def _tables(rng: Random) -> Draft:
    return Draft({}, {})


@intent("sqlite", "describe_table", (
    "describe the {t} table", "show the schema of {t}", "list the columns of the {t} table",
    "get the structure of table {t}",
), ("What columns does {t} have?",))  # fmt: skip
def _describe(rng: Random) -> Draft:
    t = pick(rng, TABLES)
    return Draft({"table_name": t}, {"t": t})


@intent("postgres", "query", (
    "run `{q}` on Postgres", "query the Postgres database: `{q}`", "execute `{q}` against Postgres",
    "check Postgres with `{q}`",
), ("What does `{q}` give on the Postgres side?",))  # fmt: skip
def _pg(rng: Random) -> Draft:
    q = pick(rng, PG_QUERIES)
    return Draft({"sql": q}, {"q": q})


# ----------------------------------------------------------------------------- slack


def _slack_fail(rng: Random, d: Draft) -> Recovery:
    if rng.random() < 0.6:
        return Recovery(
            error="Slack API error: channel_not_found",
            text="Slack doesn't recognize that channel ID. I'll list the channels to find the right one.",
            call=ToolCall("slack", "slack_list_channels", {}),
        )
    return Recovery(
        error="Slack API error: not_in_channel",
        text="The Slack bot isn't a member of that channel, so it can't post there. Invite the app to the channel "
        "(`/invite @your-bot`) and I'll send the message.",
    )


@intent("slack", "slack_post_message", (
    "post \"{text}\" in {chan} ({cid})", "send \"{text}\" to the {chan} channel, id {cid}",
    "message {chan} (channel {cid}): \"{text}\"", "announce \"{text}\" in Slack channel {cid} ({chan})",
), ("Let {chan} know: \"{text}\" (channel ID {cid}).",), recover=_slack_fail)  # fmt: skip
def _post(rng: Random) -> Draft:
    (chan, cid), text = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_MESSAGES)
    return Draft({"channel_id": cid, "text": text}, {"chan": chan, "cid": cid, "text": text})


@intent("slack", "slack_reply_to_thread", (
    "reply \"{text}\" in the thread {ts} in {chan} ({cid})", "answer the thread at {ts} in channel {cid} with \"{text}\"",
    "respond in {chan}'s thread {ts} (channel {cid}): \"{text}\"",
), ("In {chan} ({cid}), under the message {ts}, reply: \"{text}\"",))  # fmt: skip
def _reply(rng: Random) -> Draft:
    (chan, cid), text, ts = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_MESSAGES), pick(rng, SLACK_TS)
    return Draft({"channel_id": cid, "thread_ts": ts, "text": text}, {"chan": chan, "cid": cid, "text": text, "ts": ts})


@intent("slack", "slack_add_reaction", (
    "react with {emoji} to message {ts} in {cid}", "add a {emoji} reaction to the message at {ts} in {chan} ({cid})",
    "put {emoji} on message {ts} in channel {cid}",
), ("Give the message {ts} in {chan} ({cid}) a {emoji}.",))  # fmt: skip
def _react(rng: Random) -> Draft:
    (chan, cid), ts, (emoji, name) = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_TS), pick(rng, REACTIONS)
    return Draft({"channel_id": cid, "timestamp": ts, "reaction": name}, {"chan": chan, "cid": cid, "ts": ts, "emoji": emoji})


@intent("slack", "slack_get_channel_history", (
    "show the last {n} messages in {chan} ({cid})", "get recent history of channel {cid}, {n} messages",
    "read the latest {n} posts in {chan} (id {cid})", "catch me up on {chan} ({cid}), last {n} messages",
), ("What were the last {n} messages in {chan} ({cid})?",))  # fmt: skip
def _history(rng: Random) -> Draft:
    (chan, cid), n = pick(rng, SLACK_CHANNELS), pick(rng, [5, 10, 20, 50])
    return Draft({"channel_id": cid, "limit": n}, {"chan": chan, "cid": cid, "n": str(n)})


@intent("slack", "slack_list_channels", (
    "list the Slack channels", "show me the public channels in the workspace", "get our Slack channel list",
    "enumerate our Slack channels",
), ("Which channels do we have in Slack?",))  # fmt: skip
def _channels(rng: Random) -> Draft:
    return Draft({}, {})


@intent("slack", "slack_list_channels", (
    "list up to {n} Slack channels", "get at most {n} channels from Slack", "show the first {n} public channels",
    "fetch {n} Slack channels",
), ("Give me {n} of our Slack channels.",))  # fmt: skip
def _channels_limit(rng: Random) -> Draft:
    n = pick(rng, [20, 50, 200])
    return Draft({"limit": n}, {"n": str(n)})


@intent("slack", "slack_get_users", (
    "list the people in the Slack workspace", "get the Slack user list", "show all workspace members",
    "fetch the users of our Slack",
), ("Who's in our Slack workspace?",))  # fmt: skip
def _users(rng: Random) -> Draft:
    return Draft({}, {})


@intent("slack", "slack_get_user_profile", (
    "get the Slack profile of {who} ({uid})", "look up user {uid} in Slack", "show {who}'s profile, user id {uid}",
    "fetch profile details for Slack user {uid} ({who})",
), ("What does {who}'s Slack profile say? Their ID is {uid}.",))  # fmt: skip
def _profile(rng: Random) -> Draft:
    who, uid = pick(rng, SLACK_USERS)
    return Draft({"user_id": uid}, {"who": who, "uid": uid})


# ----------------------------------------------------------------------------- puppeteer


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
def _nav(rng: Random) -> Draft:
    u = pick(rng, ["https://example.com/login", "https://staging.shop.dev/checkout", "http://localhost:3000",
                   "https://app.acme.io/dashboard", "https://en.wikipedia.org/wiki/Model_Context_Protocol"])  # fmt: skip
    return Draft({"url": u}, {"url": u})


@intent("puppeteer", "puppeteer_screenshot", (
    "take a screenshot named {name}", "screenshot the page and call it {name}", "capture the current page as {name}",
    "save a screenshot called {name}",
), ("Save a screenshot of the page as {name}.",))  # fmt: skip
def _shot(rng: Random) -> Draft:
    name = pick(rng, ["homepage", "checkout-error", "login-form", "dashboard", "after-submit"])
    return Draft({"name": name}, {"name": name})


@intent("puppeteer", "puppeteer_screenshot", (
    "grab a {w}x{h} screenshot named {name}", "take a {w} by {h} screenshot called {name}",
    "screenshot the page at {w}x{h} and name it {name}", "capture {name} at a size of {w}x{h}",
), ("I need a {w}x{h} screenshot of the page, named {name}.",))  # fmt: skip
def _shot_size(rng: Random) -> Draft:
    name = pick(rng, ["homepage", "checkout-error", "login-form", "dashboard", "after-submit"])
    w, h = pick(rng, [(1280, 720), (1920, 1080), (375, 812)])
    return Draft({"name": name, "width": w, "height": h}, {"name": name, "w": str(w), "h": str(h)})


@intent("puppeteer", "puppeteer_click", (
    "click {what} (`{sel}`)", "press `{sel}` on the page", "click the element `{sel}`", "hit {what}, selector `{sel}`",
), ("Click on {what} (`{sel}`).",), recover=_no_element)  # fmt: skip
def _click(rng: Random) -> Draft:
    sel, what = pick(rng, SELECTORS[:5])
    return Draft({"selector": sel}, {"sel": sel, "what": what})


@intent("puppeteer", "puppeteer_fill", (
    "type \"{value}\" into {what} (`{sel}`)", "fill `{sel}` with \"{value}\"", "enter \"{value}\" in `{sel}`",
    "put \"{value}\" in {what}, selector `{sel}`",
), ("Fill in {what} (`{sel}`) with \"{value}\".",))  # fmt: skip
def _fill(rng: Random) -> Draft:
    sel, what = pick(rng, [("input[name=email]", "the email field"), ("#search", "the search box"),
                           ("input#password", "the password field"), ("textarea#comment", "the comment box")])  # fmt: skip
    value = pick(rng, ["qa+test@example.com", "wireless headphones", "hunter2!", "Looks good to me"])
    return Draft({"selector": sel, "value": value}, {"sel": sel, "what": what, "value": value})


@intent("puppeteer", "puppeteer_select", (
    "choose {value} in {what} (`{sel}`)", "select \"{value}\" from `{sel}`", "pick {value} in the dropdown `{sel}`",
), ("Set {what} (`{sel}`) to {value}.",))  # fmt: skip
def _select_opt(rng: Random) -> Draft:
    sel, what = pick(rng, [("select#country", "the country dropdown"), ("select[name=size]", "the size picker")])
    value = pick(rng, ["DE", "US", "JP", "M", "XL"])
    return Draft({"selector": sel, "value": value}, {"sel": sel, "what": what, "value": value})


@intent("puppeteer", "puppeteer_evaluate", (
    "run `{js}` in the page", "evaluate `{js}` in the browser console", "execute the script `{js}` on the page",
), ("In the browser, what does `{js}` return?",))  # fmt: skip
def _eval_js(rng: Random) -> Draft:
    js = pick(rng, ["document.title", "document.querySelectorAll('a').length", "window.location.href",
                    "localStorage.getItem('cart')"])  # fmt: skip
    return Draft({"script": js}, {"js": js})


# ----------------------------------------------------------------------------- brave-search


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
def _web(rng: Random) -> Draft:
    q = pick(rng, WEB_QUERIES)
    return Draft({"query": q}, {"q": q})


@intent("brave-search", "brave_web_search", (
    "search the web for \"{q}\" and give me {n} results", "find {n} web results for \"{q}\"",
    "look up \"{q}\" online, {n} results", "get the top {n} hits for \"{q}\"",
), ("I want {n} search results on \"{q}\".",))  # fmt: skip
def _web_n(rng: Random) -> Draft:
    q, n = pick(rng, WEB_QUERIES), pick(rng, [3, 5, 15, 20])
    return Draft({"query": q, "count": n}, {"q": q, "n": str(n)})


@intent("brave-search", "brave_local_search", (
    "find {q}", "search for {q}", "look up local results for {q}", "find places: {q}",
), ("Where can I find {q}?", "Any good {q}?"))  # fmt: skip
def _local(rng: Random) -> Draft:
    q = pick(rng, LOCAL_QUERIES)
    return Draft({"query": q}, {"q": q})


# ----------------------------------------------------------------------------- google-maps


@intent("google-maps", "maps_geocode", (
    "geocode {addr}", "get the coordinates of {addr}", "find the latitude and longitude of {addr}",
    "look up where {addr} is on the map",
), ("What are the coordinates for {addr}?",))  # fmt: skip
def _geocode(rng: Random) -> Draft:
    a = pick(rng, ADDRESSES)
    return Draft({"address": a}, {"addr": a})


@intent("google-maps", "maps_reverse_geocode", (
    "reverse geocode {lat}, {lng}", "find the address at latitude {lat}, longitude {lng}",
    "tell me what's at coordinates {lat}, {lng}", "turn {lat}, {lng} into an address",
), ("Which address is at {lat}, {lng}?",))  # fmt: skip
def _reverse(rng: Random) -> Draft:
    lat, lng, _ = pick(rng, COORDS)
    return Draft({"latitude": lat, "longitude": lng}, {"lat": str(lat), "lng": str(lng)})


@intent("google-maps", "maps_search_places", (
    "search for {q} within {r} meters of {lat}, {lng}", "find {q} near {lat}, {lng} (radius {r} m)",
    "look for {q} around {lat}, {lng}, at most {r} meters away",
), ("Are there {q} within {r} m of {lat}, {lng}?",))  # fmt: skip
def _places(rng: Random) -> Draft:
    lat, lng, _ = pick(rng, COORDS)
    q, r = pick(rng, ["coffee", "EV charging stations", "pharmacies", "parking garages"]), pick(rng, [500, 1000, 2000])
    return Draft({"query": q, "location": {"latitude": lat, "longitude": lng}, "radius": r},
                 {"q": q, "lat": str(lat), "lng": str(lng), "r": str(r)})


@intent("google-maps", "maps_distance_matrix", (
    "compute {mode} times from {o} to {d1} and {d2}", "get the {mode} distance matrix from {o} to {d1} and {d2}",
    "how far is it, {mode}, from {o} to {d1} and to {d2}", "calculate {mode} distances between {o} and both {d1} and {d2}",
), ("By {mode}, how long from {o} to {d1}, and to {d2}?",))  # fmt: skip
def _matrix(rng: Random) -> Draft:
    o, d1, d2 = sample(rng, ["Union Station, Chicago", "O'Hare Airport", "Navy Pier, Chicago", "Wrigley Field",
                             "Millennium Park, Chicago"], 3)  # fmt: skip
    mode = pick(rng, MODES)
    return Draft({"origins": [o], "destinations": [d1, d2], "mode": mode}, {"o": o, "d1": d1, "d2": d2, "mode": mode},
                 {"mode": [mode, ""] if mode == "driving" else [mode]})


@intent("google-maps", "maps_directions", (
    "get {mode} directions from {o} to {d}", "route me from {o} to {d} by {mode}", "show {mode} directions {o} to {d}",
    "plan a {mode} route from {o} to {d}",
), ("How do I get from {o} to {d}, {mode}?",))  # fmt: skip
def _directions(rng: Random) -> Draft:
    o, d = sample(rng, ["Alexanderplatz, Berlin", "Berlin Hauptbahnhof", "Tempelhofer Feld", "East Side Gallery"], 2)
    mode = pick(rng, MODES)
    return Draft({"origin": o, "destination": d, "mode": mode}, {"o": o, "d": d, "mode": mode},
                 {"mode": [mode, ""] if mode == "driving" else [mode]})


# ----------------------------------------------------------------------------- docker


@intent("docker", "list_containers", (
    "list the running containers", "show docker containers", "what containers are up", "docker ps",
), ("Which containers are running right now?",))  # fmt: skip
def _ps(rng: Random) -> Draft:
    return Draft({}, {})


@intent("docker", "list_containers", (
    "list all containers, including stopped ones", "show every docker container, even exited ones", "docker ps -a",
), ("Show me all containers, stopped ones too.",))  # fmt: skip
def _ps_all(rng: Random) -> Draft:
    return Draft({"all": True}, {})


@intent("docker", "run_container", (
    "run {image} as {name}, mapping port {cport} to {hport} on the host", "start a {image} container named {name} with {cport} published on {hport}",
    "spin up {image} called {name}, host port {hport} -> container port {cport}",
), ("Start {image} as \"{name}\" and expose container port {cport} on host port {hport}.",))  # fmt: skip
def _run(rng: Random) -> Draft:
    (image, name), hport = pick(rng, IMAGES), pick(rng, [8080, 5433, 6380, 3001])
    cport = {"web": "80/tcp", "db": "5432/tcp", "cache": "6379/tcp", "grafana": "3000/tcp", "worker": "8000/tcp"}[name]
    return Draft({"image": image, "name": name, "ports": {cport: hport}},
                 {"image": image, "name": name, "cport": cport, "hport": str(hport)})


@intent("docker", "stop_container", (
    "stop the {c} container", "shut down container {c}", "halt {c}", "docker stop {c}",
), ("Please stop {c}.",))  # fmt: skip
def _stop(rng: Random) -> Draft:
    c = pick(rng, CONTAINERS)
    return Draft({"container_id": c}, {"c": c})


@intent("docker", "fetch_container_logs", (
    "show the last {n} log lines of {c}", "get {c}'s logs, {n} lines", "tail the logs of container {c}, {n} lines",
    "fetch {n} lines of logs from {c}",
), ("What did {c} log recently? The last {n} lines will do.",))  # fmt: skip
def _logs(rng: Random) -> Draft:
    c, n = pick(rng, CONTAINERS), pick(rng, [20, 50, 200])
    return Draft({"container_id": c, "tail": n}, {"c": c, "n": str(n)})


# ----------------------------------------------------------------------------- linear


@intent("linear", "linear_create_issue", (
    "create a Linear issue \"{title}\" for team {team} with {prio} priority",
    "file \"{title}\" in Linear, team {team}, priority {prio}", "add a {prio}-priority Linear ticket \"{title}\" to team {team}",
    "open Linear issue \"{title}\" (team {team}, {prio} priority)",
), ("Ticket for {team} in Linear: \"{title}\". It's {prio} priority.",))  # fmt: skip
def _lin_issue(rng: Random) -> Draft:
    (team, _), title, (p, word) = pick(rng, LINEAR_TEAMS), pick(rng, ISSUE_TITLES), pick(rng, PRIORITIES)
    return Draft({"title": title, "teamId": team, "priority": p}, {"team": team, "title": title, "prio": word})


@intent("linear", "linear_search_issues", (
    "search Linear for \"{q}\"", "find Linear issues about \"{q}\"", "look through Linear for tickets mentioning \"{q}\"",
    "query Linear issues for \"{q}\"",
), ("Is there already a Linear ticket about \"{q}\"?",))  # fmt: skip
def _lin_search(rng: Random) -> Draft:
    q = pick(rng, ["Safari login", "CSV export", "memory leak", "invoice timezone", "flaky checkout test"])
    return Draft({"query": q}, {"q": q})


@intent("linear", "linear_add_comment", (
    "comment \"{text}\" on {issue} in Linear", "add a comment to Linear issue {issue}: \"{text}\"",
    "reply on {issue} with \"{text}\"",
), ("Leave \"{text}\" on the Linear ticket {issue}.",))  # fmt: skip
def _lin_comment(rng: Random) -> Draft:
    issue, text = pick(rng, LINEAR_ISSUES), pick(rng, COMMENTS)
    return Draft({"issueId": issue, "body": text}, {"issue": issue, "text": text})


# ----------------------------------------------------------------------------- redis


@intent("redis", "set", (
    "set the redis key {key} to {value}", "store {value} under {key} in Redis", "write {key} = {value} to redis",
), ("Put {value} in Redis at {key}.",))  # fmt: skip
def _rset(rng: Random) -> Draft:
    k, v = pick(rng, REDIS_KEYS), pick(rng, REDIS_VALUES)
    return Draft({"key": k, "value": v}, {"key": k, "value": v})


@intent("redis", "set", (
    "set {key} to {value} in Redis, expiring after {s} seconds", "cache {value} at {key} for {s} seconds",
    "store {key}={value} in redis with a {s}s TTL",
), ("Save {value} under {key} in Redis; it should expire in {s} seconds.",))  # fmt: skip
def _rset_ttl(rng: Random) -> Draft:
    k, v, s = pick(rng, REDIS_KEYS), pick(rng, REDIS_VALUES), pick(rng, [60, 300, 3600, 86400])
    return Draft({"key": k, "value": v, "expireSeconds": s}, {"key": k, "value": v, "s": str(s)})


@intent("redis", "get", (
    "get the value of {key} from Redis", "read redis key {key}", "look up {key} in redis",
), ("What's stored at {key} in Redis?",))  # fmt: skip
def _rget(rng: Random) -> Draft:
    k = pick(rng, REDIS_KEYS)
    return Draft({"key": k}, {"key": k})


@intent("redis", "list", (
    "list the redis keys matching {pat}", "show keys like {pat} in Redis", "find Redis keys that match {pat}",
), ("Which Redis keys match {pat}?",))  # fmt: skip
def _rlist(rng: Random) -> Draft:
    pat = pick(rng, ["session:*", "cache:*", "feature_flags:*", "rate_limit:*"])
    return Draft({"pattern": pat}, {"pat": pat})


# ----------------------------------------------------------------------------- weather


@intent("weather", "get_alerts", (
    "get the active weather alerts for {state}", "check for weather warnings in {state}", "list current NWS alerts in {state}",
), ("Are there any weather alerts in {state} right now?", "Any storms or warnings for {state} today?"))  # fmt: skip
def _alerts(rng: Random) -> Draft:
    state, code = pick(rng, STATES)
    return Draft({"state": code}, {"state": state})


@intent("weather", "get_forecast", (
    "get the forecast for {place} ({lat}, {lng})", "check the weather forecast at {lat}, {lng}",
    "pull the forecast for latitude {lat}, longitude {lng}",
), ("Will it rain in {place} ({lat}, {lng}) this week?", "What's the weather looking like at {lat}, {lng}?"))  # fmt: skip
def _forecast(rng: Random) -> Draft:
    lat, lng, place = pick(rng, COORDS)
    return Draft({"latitude": lat, "longitude": lng}, {"lat": str(lat), "lng": str(lng), "place": place})


# ----------------------------------------------------------------------------- calendar


@intent("calendar", "create_event", (
    "schedule \"{title}\" from {start} to {end} ({tz}) and invite {who}", "put \"{title}\" on my calendar, {start} to {end} {tz}, with {who}",
    "create a calendar event \"{title}\" starting {start}, ending {end}, timezone {tz}, attendee {who}",
), ("Book \"{title}\" between {start} and {end} ({tz} time) and send an invite to {who}.",))  # fmt: skip
def _event(rng: Random) -> Draft:
    (title, start, end), (_, tz), who = pick(rng, EVENTS), pick(rng, TIMEZONES[:6]), pick(rng, EMAILS)
    args = {"summary": title, "start": {"dateTime": start, "timeZone": tz}, "end": {"dateTime": end, "timeZone": tz},
            "attendees": [{"email": who}]}  # fmt: skip
    return Draft(args, {"title": title, "start": start, "end": end, "tz": tz, "who": who})


@intent("calendar", "list_events", (
    "list my calendar events between {a} and {b}", "show what's on my calendar from {a} to {b}",
    "get events in my primary calendar from {a} until {b}",
), ("What do I have scheduled between {a} and {b}?",))  # fmt: skip
def _events(rng: Random) -> Draft:
    a, b = pick(rng, [("2025-03-10T00:00:00Z", "2025-03-15T00:00:00Z"), ("2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z"),
                      ("2025-06-16T08:00:00Z", "2025-06-16T18:00:00Z")])  # fmt: skip
    return Draft({"timeMin": a, "timeMax": b}, {"a": a, "b": b})


@intent("calendar", "delete_event", (
    "delete the calendar event {eid}", "remove event {eid} from my calendar", "cancel calendar event {eid}",
), ("Take event {eid} off my calendar.",))  # fmt: skip
def _del_event(rng: Random) -> Draft:
    eid = pick(rng, ["4k2j9sd0f1", "evt_7781aa", "q0pl3m8rt2"])
    return Draft({"eventId": eid}, {"eid": eid})


# ----------------------------------------------------------------------------- unrecoverable errors, per server

# Errors no call can fix (credentials, limits, outages): the right answer explains.
# Keyed by server, or by "server.tool" where the error only fits one tool.
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "filesystem": [("Error: EACCES: permission denied, open '{target}'",
                    "The filesystem server was denied permission to access {target} (EACCES). The file's permissions "
                    "don't let the server's user read or write it; fix them (for example with chmod) and I'll retry.")],
    "git": [("fatal: Unable to create '{target}/.git/index.lock': File exists.",
             "Git refused because {target}/.git/index.lock exists: another git process is running, or one crashed. "
             "If nothing else is using the repository, delete that lock file and I'll run it again.")],
    "github": [("GitHub API error: 403 API rate limit exceeded for user ID 4821937",
                "GitHub's API rate limit is used up (403 rate limit exceeded). It resets within the hour; retrying now "
                "would fail the same way.")],
    "fetch": [("Failed to fetch {target}: connection timed out after 30s",
               "The request to {target} timed out after 30 seconds, so the site is down or unreachable from here. "
               "Try again later, or check the URL.")],
    "memory": [("Error: EROFS: read-only file system, open '/data/memory.json'",
                "The memory server can't save: its storage file /data/memory.json is on a read-only file system. "
                "Point MEMORY_FILE_PATH at a writable location and restart the server.")],
    "time.convert_time": [("Error processing mcp-server-time query: Invalid time format. Expected HH:MM [24-hour format]",
              "The time server rejected the time format; it expects 24-hour HH:MM. Could you confirm the exact time "
              "you mean?")],
    "sqlite": [("Database error: attempt to write a readonly database",
                "The database file is read-only, so the statement couldn't run. Give the server write access to the "
                "database file and I'll run it again.")],
    "postgres": [("error: permission denied for table {target}",
                  "Postgres denied the query: the server's role has no SELECT permission on {target}. A database admin "
                  "needs to grant it.")],
    "slack": [("Slack API error: invalid_auth",
               "Slack rejected the request with invalid_auth: the bot token configured for the slack server is "
               "invalid or revoked. Update SLACK_BOT_TOKEN and I'll try again.")],
    "puppeteer.puppeteer_navigate": [("Navigation failed: net::ERR_NAME_NOT_RESOLVED at {target}",
                   "The browser couldn't resolve the host for {target} (ERR_NAME_NOT_RESOLVED). Check the address, or "
                   "whether that host is reachable from this machine.")],
    "brave-search": [("Brave API error: 401 Unauthorized - invalid subscription token",
                      "Brave Search rejected the API key (401 Unauthorized). Set a valid BRAVE_API_KEY for the server "
                      "and I can search again.")],
    "google-maps": [("Geocoding failed: REQUEST_DENIED - This API project is not authorized to use this API.",
                     "Google Maps denied the request: the API key's project doesn't have this Maps API enabled. Enable "
                     "it in the Google Cloud console and I'll retry.")],
    "docker": [("Error: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
                "The Docker daemon isn't reachable, so no container command can work right now. Start Docker and "
                "I'll try again.")],
    "linear": [("Linear API error: Authentication required, not authenticated",
                "Linear says the request isn't authenticated: the API key for the linear server is missing or "
                "invalid. Add a valid LINEAR_API_KEY and I'll retry.")],
    "redis": [("Error: connect ECONNREFUSED 127.0.0.1:6379",
               "Redis refused the connection on 127.0.0.1:6379, so the server isn't running or listens elsewhere. "
               "Start Redis (or fix the URL) and I'll try again.")],
    "weather.get_forecast": [("Unable to fetch forecast data for this location.",
                 "The National Weather Service returned no forecast for that point; it only covers the United States. "
                 "For a US location, give me its coordinates and I'll check again.")],
    "calendar": [("Error: Request had insufficient authentication scopes.",
                  "Google Calendar refused: the server's credentials lack the calendar write scope. Re-authorize the "
                  "calendar server with calendar access and I'll retry.")],
}

# For servers this bank does not know (imported ones): a failure on the service's side.
GENERIC_OUTAGES: list[tuple[str, str]] = [
    ("MCP error -32603: Internal error: upstream service unavailable (503)",
     "The {server} server reported an internal error: the service behind it is unavailable (503). That is on the "
     "service's side, so repeating the call right away would fail the same way; let's retry in a few minutes."),
]
