"""Multi-step requests whose calls share values and must run in order ("create the
folder, then write the file into it"). Each step reuses an intent's phrasings with a
draft built here, so the steps agree on paths, branches and names; `after` names the
steps that must come first (the scorer's ordering rule)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from mcp_tui.data.intents import docker, filesystem, git, linear, memory, puppeteer, redis, sql
from mcp_tui.data.phrasings import (
    BASES, BRANCHES, COMMENTS, COMMIT_MSGS, IMAGES, ISSUE_TITLES, LINEAR_ISSUES, LINEAR_TEAMS, NEW_DIRS, PEOPLE,
    PRIORITIES, REPOS, SELECTORS, Draft, Intent, path_accept, pick, quoted,
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    intent: Intent
    draft: Draft
    after: tuple[int, ...] = ()


@dataclass(frozen=True)
class Workflow:
    servers: tuple[str, ...]
    build: Callable[[Random], list[Step]]


def _mkdir_write(rng: Random) -> list[Step]:
    folder = pick(rng, NEW_DIRS)
    name, content = pick(rng, [("README.md", "# Payments service"), ("index.ts", "export {};"), ("notes.txt", "draft"),
                               ("config.json", '{"enabled": true}')])  # fmt: skip
    path = posixpath.join(folder, name)
    return [
        Step(filesystem.mkdir, Draft({"path": folder}, {"path": folder}, {"path": path_accept(folder)})),
        Step(filesystem.write, Draft({"path": path, "content": content}, {"path": path, "content": content},
                                     {"path": path_accept(path)}), (0,)),
    ]


def _add_commit(rng: Random) -> list[Step]:
    repo, msg = pick(rng, REPOS), pick(rng, COMMIT_MSGS)
    files = rng.sample(["src/app.py", "README.md", "package.json", "lib/utils.ts"], rng.choice([1, 2]))
    return [
        Step(git.add, Draft({"repo_path": repo, "files": files}, {"repo": repo, "files": quoted(files)})),
        Step(git.commit, Draft({"repo_path": repo, "message": msg}, {"repo": repo, "msg": msg}), (0,)),
    ]


def _branch_checkout(rng: Random) -> list[Step]:
    repo, branch, base = pick(rng, REPOS), pick(rng, BRANCHES), pick(rng, BASES)
    return [
        Step(git.branch, Draft({"repo_path": repo, "branch_name": branch, "base_branch": base},
                               {"repo": repo, "branch": branch, "base": base})),
        Step(git.checkout, Draft({"repo_path": repo, "branch_name": branch}, {"repo": repo, "branch": branch}),
             (0,)),
    ]


def _write_add_commit(rng: Random) -> list[Step]:
    repo, msg = pick(rng, REPOS), pick(rng, COMMIT_MSGS)
    rel, content = pick(rng, [("CHANGELOG.md", "## 2.4.0\n- Dark mode"), ("VERSION", "2.4.0"), (".nvmrc", "20")])
    path = f"{repo}/{rel}"
    return [
        Step(filesystem.write, Draft({"path": path, "content": content},
                                     {"path": path, "content": content.replace("\n", "\\n")})),
        Step(git.add, Draft({"repo_path": repo, "files": [rel]}, {"repo": repo, "files": rel},
                            {"files": [[rel], [path]]}), (0,)),
        Step(git.commit, Draft({"repo_path": repo, "message": msg}, {"repo": repo, "msg": msg}), (1,)),
    ]


def _navigate_screenshot(rng: Random) -> list[Step]:
    url = pick(rng, ["https://example.com/pricing", "http://localhost:3000/signup", "https://staging.shop.dev/cart"])
    name = pick(rng, ["pricing-page", "signup", "cart-before-fix"])
    return [
        Step(puppeteer.nav, Draft({"url": url}, {"url": url})),
        Step(puppeteer.shot, Draft({"name": name}, {"name": name}), (0,)),
    ]


def _navigate_fill_click(rng: Random) -> list[Step]:
    url = pick(rng, ["https://example.com/login", "http://localhost:3000/signup"])
    value = pick(rng, ["qa+test@example.com", "demo@acme.io"])
    button, what = SELECTORS[0]
    return [
        Step(puppeteer.nav, Draft({"url": url}, {"url": url})),
        Step(puppeteer.fill, Draft({"selector": "input[name=email]", "value": value},
                                   {"sel": "input[name=email]", "what": "the email field", "value": value}), (0,)),
        Step(puppeteer.click, Draft({"selector": button}, {"sel": button, "what": what}), (1,)),
    ]


def _entity_relation(rng: Random) -> list[Step]:
    (name, etype, obs), other = pick(rng, PEOPLE[:3]), pick(rng, ["Billing Service", "Acme Corp"])
    rel = pick(rng, ["works on", "supports", "owns"])
    return [
        Step(memory.entity, Draft({"entities": [{"name": name, "entityType": etype, "observations": obs}]},
                                  {"name": name, "etype": etype, "obs": quoted([f'"{o}"' for o in obs])})),
        Step(memory.relation, Draft({"relations": [{"from": name, "to": other, "relationType": rel}]},
                                    {"a": name, "b": other, "rel": rel}), (0,)),
    ]


def _create_insert(rng: Random) -> list[Step]:
    create, insert = pick(rng, [
        ("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT UNIQUE)", "INSERT INTO tags (name) VALUES ('urgent')"),
        ("CREATE TABLE feedback (id INTEGER PRIMARY KEY, rating INTEGER, comment TEXT)",
         "INSERT INTO feedback (rating, comment) VALUES (5, 'Great support')"),
        ("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL)",
         "INSERT INTO audit_log (action) VALUES ('login')"),
    ])  # fmt: skip
    return [
        Step(sql.create, Draft({"query": create}, {"q": create})),
        Step(sql.write_q, Draft({"query": insert}, {"q": insert}), (0,)),
    ]


def _stop_run(rng: Random) -> list[Step]:
    image, name = pick(rng, IMAGES)
    hport = pick(rng, [8080, 5433, 6380])
    cport = {"web": "80/tcp", "db": "5432/tcp", "cache": "6379/tcp", "grafana": "3000/tcp", "worker": "8000/tcp"}[name]
    return [
        Step(docker.stop, Draft({"container_id": name}, {"c": name})),
        Step(docker.run, Draft({"image": image, "name": name, "ports": {cport: hport}},
                               {"image": image, "name": name, "cport": cport, "hport": str(hport)}), (0,)),
    ]


def _redis_set_get(rng: Random) -> list[Step]:
    key, value = pick(rng, ["feature_flags:checkout_v2", "config:maintenance"]), pick(rng, ["on", "off"])
    return [
        Step(redis.rset, Draft({"key": key, "value": value}, {"key": key, "value": value})),
        Step(redis.rget, Draft({"key": key}, {"key": key}), (0,)),
    ]


def _linear_issue_comment(rng: Random) -> list[Step]:
    (team, _), title, (p, word) = pick(rng, LINEAR_TEAMS), pick(rng, ISSUE_TITLES), pick(rng, PRIORITIES)
    issue, text = pick(rng, LINEAR_ISSUES), pick(rng, COMMENTS)
    return [
        Step(linear.lin_issue, Draft({"title": title, "teamId": team, "priority": p},
                                     {"team": team, "title": title, "prio": word})),
        Step(linear.lin_comment, Draft({"issueId": issue, "body": text}, {"issue": issue, "text": text})),
    ]


WORKFLOWS: list[Workflow] = [
    Workflow(("filesystem",), _mkdir_write),
    Workflow(("git",), _add_commit),
    Workflow(("git",), _branch_checkout),
    Workflow(("filesystem", "git"), _write_add_commit),
    Workflow(("puppeteer",), _navigate_screenshot),
    Workflow(("puppeteer",), _navigate_fill_click),
    Workflow(("memory",), _entity_relation),
    Workflow(("sqlite",), _create_insert),
    Workflow(("docker",), _stop_run),
    Workflow(("redis",), _redis_set_get),
    Workflow(("linear",), _linear_issue_comment),
]
