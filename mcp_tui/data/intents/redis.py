"""What users ask of the redis server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import REDIS_KEYS, REDIS_VALUES, Draft, intent, pick


@intent("redis", "set", (
    "set the redis key {key} to {value}", "store {value} under {key} in Redis", "write {key} = {value} to redis",
), ("Put {value} in Redis at {key}.",))  # fmt: skip
def rset(rng: Random) -> Draft:
    k, v = pick(rng, REDIS_KEYS), pick(rng, REDIS_VALUES)
    return Draft({"key": k, "value": v}, {"key": k, "value": v})


@intent("redis", "set", (
    "set {key} to {value} in Redis, expiring after {s} seconds", "cache {value} at {key} for {s} seconds",
    "store {key}={value} in redis with a {s}s TTL",
), ("Save {value} under {key} in Redis; it should expire in {s} seconds.",))  # fmt: skip
def rset_ttl(rng: Random) -> Draft:
    k, v, s = pick(rng, REDIS_KEYS), pick(rng, REDIS_VALUES), pick(rng, [60, 300, 3600, 86400])
    return Draft({"key": k, "value": v, "expireSeconds": s}, {"key": k, "value": v, "s": str(s)})


@intent("redis", "get", (
    "get the value of {key} from Redis", "read redis key {key}", "look up {key} in redis",
), ("What's stored at {key} in Redis?",))  # fmt: skip
def rget(rng: Random) -> Draft:
    k = pick(rng, REDIS_KEYS)
    return Draft({"key": k}, {"key": k})


@intent("redis", "list", (
    "list the redis keys matching {pat}", "show keys like {pat} in Redis", "find Redis keys that match {pat}",
), ("Which Redis keys match {pat}?",))  # fmt: skip
def rlist(rng: Random) -> Draft:
    pat = pick(rng, ["session:*", "cache:*", "feature_flags:*", "rate_limit:*"])
    return Draft({"pattern": pat}, {"pat": pat})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "redis": [("Error: connect ECONNREFUSED 127.0.0.1:6379",
               "Redis refused the connection on 127.0.0.1:6379, so the server isn't running or listens elsewhere. "
               "Start Redis (or fix the URL) and I'll try again.")],
}
