"""What users ask of the sqlite and postgres servers, and how their calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import PG_QUERIES, SQL_CREATES, SQL_READS, SQL_WRITES, TABLES, Draft, Recovery, intent, pick


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
def select(rng: Random) -> Draft:
    q = pick(rng, SQL_READS)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "write_query", (
    "run `{q}` against the database", "execute the statement `{q}`", "apply this change to the db: `{q}`",
    "update the SQLite database with `{q}`",
), ("Please execute `{q}`.",))  # fmt: skip
def write_q(rng: Random) -> Draft:
    q = pick(rng, SQL_WRITES)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "create_table", (
    "create a table with `{q}`", "run this DDL: `{q}`", "add a new table to the database: `{q}`",
    "set up the table `{q}`",
), ("We need a new table. Statement: `{q}`",))  # fmt: skip
def create(rng: Random) -> Draft:
    q = pick(rng, SQL_CREATES)
    return Draft({"query": q}, {"q": q})


@intent("sqlite", "list_tables", (
    "list the tables in the database", "show all tables in the SQLite db", "tell me which tables exist",
    "enumerate the database tables",
), ("What tables does the database have?", "Which tables are in the db?"))  # fmt: skip
def tables(rng: Random) -> Draft:
    return Draft({}, {})


@intent("sqlite", "describe_table", (
    "describe the {t} table", "show the schema of {t}", "list the columns of the {t} table",
    "get the structure of table {t}",
), ("What columns does {t} have?",))  # fmt: skip
def describe(rng: Random) -> Draft:
    t = pick(rng, TABLES)
    return Draft({"table_name": t}, {"t": t})


@intent("postgres", "query", (
    "run `{q}` on Postgres", "query the Postgres database: `{q}`", "execute `{q}` against Postgres",
    "check Postgres with `{q}`",
), ("What does `{q}` give on the Postgres side?",))  # fmt: skip
def pg(rng: Random) -> Draft:
    q = pick(rng, PG_QUERIES)
    return Draft({"sql": q}, {"q": q})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "sqlite": [("Database error: attempt to write a readonly database",
                "The database file is read-only, so the statement couldn't run. Give the server write access to the "
                "database file and I'll run it again.")],
    "postgres": [("error: permission denied for table {target}",
                  "Postgres denied the query: the server's role has no SELECT permission on {target}. A database admin "
                  "needs to grant it.")],
}
