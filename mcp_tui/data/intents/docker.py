"""What users ask of the docker server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import CONTAINERS, IMAGES, Draft, intent, pick


@intent("docker", "list_containers", (
    "list the running containers", "show docker containers", "what containers are up", "docker ps",
), ("Which containers are running right now?",))  # fmt: skip
def ps(rng: Random) -> Draft:
    return Draft({}, {})


@intent("docker", "list_containers", (
    "list all containers, including stopped ones", "show every docker container, even exited ones", "docker ps -a",
), ("Show me all containers, stopped ones too.",))  # fmt: skip
def ps_all(rng: Random) -> Draft:
    return Draft({"all": True}, {})


@intent("docker", "run_container", (
    "run {image} as {name}, mapping port {cport} to {hport} on the host", "start a {image} container named {name} with {cport} published on {hport}",
    "spin up {image} called {name}, host port {hport} -> container port {cport}",
), ("Start {image} as \"{name}\" and expose container port {cport} on host port {hport}.",))  # fmt: skip
def run(rng: Random) -> Draft:
    (image, name), hport = pick(rng, IMAGES), pick(rng, [8080, 5433, 6380, 3001])
    cport = {"web": "80/tcp", "db": "5432/tcp", "cache": "6379/tcp", "grafana": "3000/tcp", "worker": "8000/tcp"}[name]
    return Draft({"image": image, "name": name, "ports": {cport: hport}},
                 {"image": image, "name": name, "cport": cport, "hport": str(hport)})


@intent("docker", "stop_container", (
    "stop the {c} container", "shut down container {c}", "halt {c}", "docker stop {c}",
), ("Please stop {c}.",))  # fmt: skip
def stop(rng: Random) -> Draft:
    c = pick(rng, CONTAINERS)
    return Draft({"container_id": c}, {"c": c})


@intent("docker", "fetch_container_logs", (
    "show the last {n} log lines of {c}", "get {c}'s logs, {n} lines", "tail the logs of container {c}, {n} lines",
    "fetch {n} lines of logs from {c}",
), ("What did {c} log recently? The last {n} lines will do.",))  # fmt: skip
def logs(rng: Random) -> Draft:
    c, n = pick(rng, CONTAINERS), pick(rng, [20, 50, 200])
    return Draft({"container_id": c, "tail": n}, {"c": c, "n": str(n)})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "docker": [("Error: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
                "The Docker daemon isn't reachable, so no container command can work right now. Start Docker and "
                "I'll try again.")],
}
