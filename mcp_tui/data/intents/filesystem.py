"""What users ask of the filesystem server, and how its calls fail."""

from __future__ import annotations

import posixpath
from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import (
    DIRS, EDITS, EXCLUDES, FILES, GLOBS, NEW_DIRS, NEW_FILES, Draft, Recovery, intent, path_accept, pick, quoted,
    sample,
)  # fmt: skip


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
def read(rng: Random) -> Draft:
    p = pick(rng, FILES)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "read_text_file", (
    "show the first {n} lines of {path}", "read just the first {n} lines of {path}", "give me the top {n} lines of {path}",
    "print the head of {path}, {n} lines",
), ("How does {path} start? The first {n} lines are enough.", "Peek at the first {n} lines of {path}."))  # fmt: skip
def head(rng: Random) -> Draft:
    p, n = pick(rng, FILES), pick(rng, [5, 10, 20, 30, 50])
    return Draft({"path": p, "head": n}, {"path": p, "n": str(n)}, {"path": path_accept(p)})


@intent("filesystem", "read_text_file", (
    "show the last {n} lines of {path}", "tail {path}, last {n} lines", "read the final {n} lines of {path}",
    "get the end of {path}, {n} lines",
), ("What are the last {n} lines of {path}?", "I only need the last {n} lines of {path}."))  # fmt: skip
def tail(rng: Random) -> Draft:
    p, n = pick(rng, ["logs/app.log", "logs/error.log", "CHANGELOG.md", "build/output.txt"]), pick(rng, [10, 20, 50, 100])
    return Draft({"path": p, "tail": n}, {"path": p, "n": str(n)}, {"path": path_accept(p)})


@intent("filesystem", "read_multiple_files", (
    "read {files}", "show me {files} together", "open {files} at once", "load the contents of {files}",
    "compare {files} side by side",
), ("I need to see {files}.", "What do {files} contain?"))  # fmt: skip
def read_many(rng: Random) -> Draft:
    files = sample(rng, FILES, rng.choice([2, 2, 3]))
    return Draft({"paths": files}, {"files": quoted(files)})


@intent("filesystem", "write_file", (
    "create {path} with the content \"{content}\"", "write \"{content}\" to {path}",
    "save a file at {path} containing \"{content}\"", "make a new file {path} that says \"{content}\"",
    "put \"{content}\" into {path}",
), ("Create the file {path}. Its content should be exactly: \"{content}\"",))  # fmt: skip
def write(rng: Random) -> Draft:
    p, content = pick(rng, NEW_FILES)
    return Draft({"path": p, "content": content}, {"path": p, "content": content.replace("\n", "\\n")},
                 {"path": path_accept(p), "content": [content]})


@intent("filesystem", "edit_file", (
    "in {path}, replace `{old}` with `{new}`", "change `{old}` to `{new}` in {path}", "edit {path}: `{old}` becomes `{new}`",
    "update {path} so that `{old}` reads `{new}`", "swap `{old}` for `{new}` in {path}",
), ("Can you fix {path}? The line `{old}` should be `{new}`.",))  # fmt: skip
def edit(rng: Random) -> Draft:
    p, old, new = pick(rng, EDITS)
    return Draft({"path": p, "edits": [{"oldText": old, "newText": new}]}, {"path": p, "old": old, "new": new},
                 {"path": path_accept(p)})


@intent("filesystem", "edit_file", (
    "preview replacing `{old}` with `{new}` in {path} without saving", "do a dry run of changing `{old}` to `{new}` in {path}",
    "show me the diff for replacing `{old}` by `{new}` in {path}, but don't apply it",
    "dry-run an edit of {path} that turns `{old}` into `{new}`",
), ("What would the diff look like if {path} had `{new}` instead of `{old}`? Don't change the file yet.",))  # fmt: skip
def edit_dry(rng: Random) -> Draft:
    p, old, new = pick(rng, EDITS)
    return Draft({"path": p, "edits": [{"oldText": old, "newText": new}], "dryRun": True},
                 {"path": p, "old": old, "new": new}, {"path": path_accept(p)})


@intent("filesystem", "create_directory", (
    "create the directory {path}", "make a folder {path}", "mkdir {path}", "set up an empty {path} directory",
    "add a new folder at {path}",
), ("I need a {path} folder.",))  # fmt: skip
def mkdir(rng: Random) -> Draft:
    p = pick(rng, NEW_DIRS)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "list_directory", (
    "list the files in {path}", "show me what's inside {path}", "ls {path}", "list the contents of the {path} folder",
    "tell me which files are in {path}",
), ("What's in the {path} directory?", "Which files does {path} have?"))  # fmt: skip
def ls(rng: Random) -> Draft:
    p = pick(rng, DIRS)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


@intent("filesystem", "directory_tree", (
    "show the directory tree of {path}", "give me a recursive tree of {path}", "map out the folder structure under {path}",
    "print the tree for {path}",
), ("How is {path} organized? Show me the whole tree.",))  # fmt: skip
def tree(rng: Random) -> Draft:
    p = pick(rng, ["src", "docs", "tests", "app", "."])
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p) if p != "." else [".", "./"]})


@intent("filesystem", "directory_tree", (
    "show the directory tree of {path}, leaving out {ex}", "give me a tree of {path} without {ex}",
    "map the structure of {path} but skip {ex}", "print the tree for {path}, excluding {ex}",
), ("What does {path} look like as a tree? Ignore {ex}.",))  # fmt: skip
def tree_ex(rng: Random) -> Draft:
    p = pick(rng, [".", "src", "frontend"])
    ex = sample(rng, EXCLUDES, rng.choice([1, 2]))
    return Draft({"path": p, "excludePatterns": ex}, {"path": p, "ex": quoted(ex)},
                 {"path": path_accept(p) if p != "." else [".", "./"]})


@intent("filesystem", "move_file", (
    "rename {src} to {dst}", "move {src} to {dst}", "mv {src} {dst}", "relocate {src} so it lives at {dst}",
    "change the name of {src} to {dst}",
), ("{src} should be at {dst} instead.",))  # fmt: skip
def mv(rng: Random) -> Draft:
    src, dst = pick(rng, [("notes.txt", "docs/notes.txt"), ("src/helpers.py", "src/utils/helpers.py"),
                          ("old_README.md", "docs/legacy/README.md"), ("config.yml", "config/app.yml"),
                          ("draft.md", "posts/2025-03-launch.md")])  # fmt: skip
    return Draft({"source": src, "destination": dst}, {"src": src, "dst": dst},
                 {"source": path_accept(src), "destination": path_accept(dst)})


@intent("filesystem", "search_files", (
    "find all {what} under {path}", "search {path} for files matching {pat}", "look for {pat} files in {path}",
    "locate every {what} in {path}", "list files named {pat} anywhere in {path}",
), ("Where are the {what} in {path}?", "Which {what} exist under {path}?"))  # fmt: skip
def find(rng: Random) -> Draft:
    pat, what = pick(rng, GLOBS)
    p = pick(rng, [".", "src", "tests", "docs"])
    return Draft({"path": p, "pattern": pat}, {"path": p if p != "." else "the project", "pat": pat, "what": what},
                 {"path": path_accept(p) if p != "." else [".", "./"], "pattern": [pat, f"**/{pat}"]})


@intent("filesystem", "get_file_info", (
    "get the metadata of {path}", "check the size and modification time of {path}", "show file info for {path}",
    "tell me when {path} was last modified", "look up the permissions on {path}",
), ("How big is {path}?", "When did {path} last change?"))  # fmt: skip
def info(rng: Random) -> Draft:
    p = pick(rng, FILES)
    return Draft({"path": p}, {"path": p}, {"path": path_accept(p)})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "filesystem": [("Error: EACCES: permission denied, open '{target}'",
                    "The filesystem server was denied permission to access {target} (EACCES). The file's permissions "
                    "don't let the server's user read or write it; fix them (for example with chmod) and I'll retry.")],
}
