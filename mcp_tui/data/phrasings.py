"""What users ask for, per MCP tool: intents with realistic values and many phrasings.

An `Intent` draws concrete values (paths, repos, SQL, URLs, dates, time zones) and
builds the call they imply, with BFCL-style accepted values. Users speak in clauses
("read src/app.py") that wrappers turn into requests ("Can you read src/app.py?") or
that the generator chains into multi-call requests, and in whole requests (`asks`).

Held out for evaluation: the LAST clause and the LAST ask of every intent, and the
EVAL_* wrappers, openers and joiners. Training only ever sees the others, so the eval
set measures whether the model understood the request, not whether it memorized a
sentence. Free text the call must carry verbatim (messages, titles, SQL) is quoted in
the request, so a right answer is decidable by code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

from mcp_tui.data.conversation import ToolCall


@dataclass(frozen=True)
class Draft:
    """One concrete request's values: the call's arguments, the accepted values per
    argument (default: exactly the argument), and the words the phrasings fill in."""

    args: dict[str, Any]
    slots: dict[str, str] = field(default_factory=dict)
    accept: dict[str, list[Any]] = field(default_factory=dict)

    def accepted(self) -> dict[str, list[Any]]:
        return {k: self.accept.get(k, [v]) for k, v in self.args.items()}


@dataclass(frozen=True)
class Recovery:
    """How a call fails and what a good next answer is: a different, corrected call
    (`call`, with `accept`), or, when no call can help, a plain explanation (`text`)."""

    error: str
    text: str
    call: ToolCall | None = None
    accept: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Intent:
    server: str
    tool: str
    draft: Callable[[Random], Draft]
    clauses: tuple[str, ...]
    asks: tuple[str, ...] = ()
    recover: Callable[[Random, Draft], Recovery] | None = None


def intent(server: str, tool: str, clauses: tuple[str, ...], asks: tuple[str, ...] = (),
           recover: Callable[[Random, Draft], Recovery] | None = None) -> Callable[[Callable[[Random], Draft]], Intent]:
    """Make the decorated draft function an Intent (data/intents/ collects them per domain)."""

    def wrap(draft: Callable[[Random], Draft]) -> Intent:
        return Intent(server, tool, draft, clauses, asks, recover)

    return wrap


def path_accept(p: str) -> list[str]:
    """A relative path may be written with or without `./`."""
    return [p] if p.startswith(("/", "~")) else [p, f"./{p}"]


# ----------------------------------------------------------------------------- values

REPOS = ["/home/dev/shop-api", "/home/dev/blog", "/srv/apps/billing", "/Users/maya/code/inventory",
         "/home/sam/projects/chat-server", "/opt/src/analytics", "/workspace/webapp", "/home/lee/infra"]  # fmt: skip
FILES = ["src/app.py", "src/main.rs", "lib/utils.ts", "README.md", "package.json", "config/settings.yaml",
         "docs/setup.md", "tests/test_api.py", ".github/workflows/ci.yml", "Dockerfile", "cmd/server/main.go",
         "app/models/user.rb", "src/components/Navbar.tsx", "pyproject.toml", "Makefile", "scripts/deploy.sh",
         "migrations/0003_add_index.sql", "CHANGELOG.md", "internal/auth/token.go", "web/static/css/site.css"]  # fmt: skip
DIRS = ["src", "src/components", "tests", "docs", "config", "scripts", "internal/auth", "app/models", "notebooks",
        "assets/images"]  # fmt: skip
NEW_DIRS = ["src/services/payments", "docs/adr", "tests/fixtures/json", "scripts/ci", "assets/icons", "tmp/exports"]
# Only globs a description pins down ("YAML files" could be *.yml as well as *.yaml).
GLOBS = [("*.py", "Python files"), ("*.md", "Markdown files"), ("*.sql", "SQL files"), ("*.go", "Go files"),
         ("*.log", "log files"), ("*.ipynb", "Jupyter notebooks"), ("*.rs", "Rust source files")]  # fmt: skip
EXCLUDES = ["node_modules", ".git", "dist", "__pycache__", ".venv", "build"]
NEW_FILES = [
    ("notes/todo.md", "# TODO\n- write tests\n- update docs"),
    (".env.example", "DATABASE_URL=postgres://localhost/app\nREDIS_URL=redis://localhost:6379"),
    ("src/version.py", '__version__ = "2.4.0"'),
    ("docs/release-2.4.md", "# Release 2.4\n\nDark mode and CSV export."),
    ("scripts/hello.sh", "#!/bin/sh\necho hello"),
    (".gitignore", "node_modules/\ndist/\n.env"),
]
EDITS = [
    ("config/settings.yaml", "debug: true", "debug: false"),
    ("src/app.py", "PORT = 8000", "PORT = 8080"),
    ("package.json", '"version": "1.3.0"', '"version": "1.4.0"'),
    ("README.md", "pip install shop", "pip install shop-api"),
    ("Dockerfile", "FROM python:3.11-slim", "FROM python:3.12-slim"),
    ("lib/utils.ts", "const TIMEOUT = 5000;", "const TIMEOUT = 10000;"),
]
BRANCHES = ["feature/login-form", "fix/null-pointer-in-cart", "release/2.4", "chore/bump-deps", "feat/dark-mode",
            "hotfix/payment-timeout", "docs/api-examples", "refactor/db-layer"]  # fmt: skip
BASES = ["main", "develop", "master"]
COMMIT_MSGS = ["Fix off-by-one error in pagination", "Add retry logic to the HTTP client",
               "Update README with setup steps", "Bump lodash to 4.17.21", "Remove unused imports",
               "Handle empty cart on checkout", "Add dark mode toggle", "Refactor user service into modules"]  # fmt: skip
REVISIONS = [("HEAD", "the latest commit"), ("HEAD~1", "the commit before HEAD"), ("a1b2c3d", "commit a1b2c3d"),
             ("v2.3.0", "the v2.3.0 tag"), ("9f8e7d6", "commit 9f8e7d6")]  # fmt: skip
GH_REPOS = [("facebook", "react"), ("psf", "requests"), ("tiangolo", "fastapi"), ("vercel", "next.js"),
            ("rust-lang", "cargo"), ("pallets", "flask"), ("acme-corp", "billing-service"), ("octo-org", "design-system"),
            ("huggingface", "transformers"), ("django", "django"), ("grafana", "loki"), ("my-team", "mobile-app")]  # fmt: skip
ISSUE_TITLES = ["Login button unresponsive on Safari", "Crash when uploading files larger than 2 GB",
                "Docs: typo in quickstart", "Add CSV export to reports page", "Memory leak in websocket handler",
                "Timezone bug in invoice dates", "Flaky test: test_checkout_total"]  # fmt: skip
ISSUE_BODIES = ["Steps to reproduce: open the login page in Safari 17 and click Sign in. Nothing happens.",
                "The upload worker runs out of memory and restarts.", "The quickstart says `npm run strat`.",
                "Finance needs monthly exports as CSV.", "Heap grows by ~50 MB per hour under load."]  # fmt: skip
LABELS = ["bug", "enhancement", "documentation", "good first issue", "help wanted", "frontend", "backend",
          "performance"]  # fmt: skip
GH_USERS = ["octocat", "maya-chen", "dev-sam", "lee-park", "jpatel"]
COMMENTS = ["Thanks for the report, I can reproduce this on main.", "Fixed in #482, please re-test.",
            "Could you share the full stack trace?", "This is scheduled for the 2.4 release."]  # fmt: skip
SEARCH_QUERIES = [("language:rust stars:>1000 http client", "popular Rust HTTP clients"),
                  ("topic:mcp language:python", "Python MCP projects"), ("fastapi boilerplate", "FastAPI boilerplates"),
                  ("org:grafana dashboards", "Grafana's dashboard repos"), ("react state management", "React state management libraries")]  # fmt: skip
CODE_QUERIES = ["useEffect cleanup repo:facebook/react", "def retry language:python org:psf",
                "TODO remove before release repo:acme-corp/billing-service", "ConnectionResetError language:python"]  # fmt: skip
URLS = ["https://docs.python.org/3/library/asyncio.html", "https://example.com/pricing",
        "https://news.ycombinator.com", "https://github.com/astral-sh/uv/releases",
        "https://www.rfc-editor.org/rfc/rfc9110", "https://kubernetes.io/docs/concepts/workloads/pods/",
        "https://blog.rust-lang.org/", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429",
        "https://status.openai.com", "https://pypi.org/project/httpx/"]  # fmt: skip
TIMEZONES = [("Tokyo", "Asia/Tokyo"), ("London", "Europe/London"), ("New York", "America/New_York"),
             ("San Francisco", "America/Los_Angeles"), ("Berlin", "Europe/Berlin"), ("Sydney", "Australia/Sydney"),
             ("São Paulo", "America/Sao_Paulo"), ("Mumbai", "Asia/Kolkata"), ("Singapore", "Asia/Singapore"),
             ("Toronto", "America/Toronto"), ("Paris", "Europe/Paris"), ("Dubai", "Asia/Dubai"), ("Seoul", "Asia/Seoul"),
             ("Chicago", "America/Chicago"), ("Denver", "America/Denver"), ("Auckland", "Pacific/Auckland")]  # fmt: skip
TIMES = [("09:00", "9am"), ("14:30", "2:30pm"), ("17:00", "5pm"), ("08:15", "8:15 in the morning"),
         ("11:00", "11am"), ("16:45", "4:45pm"), ("20:00", "8pm")]  # fmt: skip
SQL_READS = [
    "SELECT COUNT(*) FROM orders WHERE status = 'shipped'",
    "SELECT name, email FROM customers ORDER BY created_at DESC LIMIT 10",
    "SELECT product_id, SUM(quantity) AS sold FROM order_items GROUP BY product_id ORDER BY sold DESC LIMIT 5",
    "SELECT * FROM invoices WHERE due_date < date('now') AND paid = 0",
    "SELECT AVG(total) FROM orders WHERE created_at >= '2024-01-01'",
    "SELECT city, COUNT(*) FROM customers GROUP BY city",
]
SQL_WRITES = [
    "UPDATE orders SET status = 'cancelled' WHERE id = 1042",
    "INSERT INTO customers (name, email) VALUES ('Ana Ruiz', 'ana@example.com')",
    "DELETE FROM sessions WHERE expires_at < date('now')",
    "UPDATE products SET price = 19.99 WHERE sku = 'MUG-001'",
]
SQL_CREATES = [
    "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL, created_at TEXT)",
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
    "CREATE TABLE feedback (id INTEGER PRIMARY KEY, customer_id INTEGER, rating INTEGER, comment TEXT)",
]
TABLES = ["orders", "customers", "products", "invoices", "order_items", "sessions"]
PG_QUERIES = [
    "SELECT COUNT(*) FROM users WHERE last_login > now() - interval '7 days'",
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    "SELECT plan, COUNT(*) FROM subscriptions GROUP BY plan",
    "SELECT id, amount FROM payments WHERE status = 'failed' ORDER BY created_at DESC LIMIT 20",
]
SLACK_CHANNELS = [("#general", "C01GEN0001"), ("#deploys", "C04DEPLOY7"), ("#eng-backend", "C02BACK3ND"),
                  ("#incidents", "C05INC1D3N"), ("#random", "C01RAND0M9"), ("#design", "C03DES1GN4")]  # fmt: skip
SLACK_MESSAGES = ["Deploy of v2.4.0 to production is done :rocket:", "Heads up: the staging DB restarts at 3pm.",
                  "Standup moved to 10:30 today.", "Incident resolved, postmortem to follow.",
                  "Reminder: code freeze starts Friday."]  # fmt: skip
SLACK_TS = ["1712345678.123456", "1719999999.000200", "1720001234.555500", "1715550000.101010"]
SLACK_USERS = [("Priya", "U024BE7LH"), ("Marcus", "U03XK9P2Q"), ("Dana", "U05ABCD12"), ("Tom", "U01ZZTOP7")]
REACTIONS = [("thumbs up", "thumbsup"), ("eyes", "eyes"), ("white check mark", "white_check_mark"), ("tada", "tada"),
             ("rocket", "rocket")]  # fmt: skip
SELECTORS = [("#submit", "the submit button"), ("input[name=email]", "the email field"),
             (".nav a.pricing", "the Pricing link in the nav"), ("#search", "the search box"),
             ("button.accept-cookies", "the accept-cookies button"), ("select#country", "the country dropdown")]  # fmt: skip
WEB_QUERIES = ["rust async runtime comparison", "python 3.13 release notes", "postgres partial index best practices",
               "kubernetes CrashLoopBackOff causes", "how to rotate AWS access keys", "vite vs webpack 2025",
               "OWASP top 10 2021"]  # fmt: skip
LOCAL_QUERIES = ["coffee shops near Union Square", "24 hour pharmacy in Austin", "ramen near Shinjuku Station",
                 "bike repair in Amsterdam Oost", "vegan restaurants in Berlin Mitte"]  # fmt: skip
ADDRESSES = ["1600 Amphitheatre Parkway, Mountain View, CA", "10 Downing Street, London",
             "Brandenburger Tor, Berlin", "350 5th Ave, New York, NY", "Sydney Opera House",
             "1 Infinite Loop, Cupertino, CA"]  # fmt: skip
COORDS = [(40.7128, -74.006, "New York City"), (51.5074, -0.1278, "central London"), (35.6762, 139.6503, "Tokyo"),
          (37.7749, -122.4194, "San Francisco"), (47.6062, -122.3321, "Seattle"), (39.7392, -104.9903, "Denver"),
          (25.7617, -80.1918, "Miami"), (41.8781, -87.6298, "Chicago")]  # fmt: skip
MODES = ["driving", "walking", "bicycling", "transit"]
IMAGES = [("nginx:1.27", "web"), ("postgres:16", "db"), ("redis:7-alpine", "cache"), ("grafana/grafana:11.0.0", "grafana"),
          ("python:3.12-slim", "worker")]  # fmt: skip
CONTAINERS = ["web", "db", "api-gateway", "worker-1", "cache", "3f2a9c1be4d7"]
PEOPLE = [("Maya Chen", "person", ["Leads the payments team", "Prefers async updates"]),
          ("Project Atlas", "project", ["Migrates billing to Postgres", "Due end of Q3"]),
          ("Sam Ortiz", "person", ["On-call this week"]), ("Acme Corp", "organization", ["Enterprise customer since 2021"]),
          ("Billing Service", "service", ["Written in Go", "Owned by the payments team"])]  # fmt: skip
RELATIONS = [("Maya Chen", "Project Atlas", "leads"), ("Sam Ortiz", "Billing Service", "maintains"),
             ("Acme Corp", "Billing Service", "uses"), ("Maya Chen", "Sam Ortiz", "manages")]  # fmt: skip
OBSERVATIONS = [("Maya Chen", ["Moved to the Berlin office"]), ("Project Atlas", ["Launch slipped to October"]),
                ("Sam Ortiz", ["Prefers Go over Python", "Speaks Spanish"]), ("Acme Corp", ["Renewal due in March"])]  # fmt: skip
LINEAR_TEAMS = [("ENG", "the engineering team"), ("DES", "design"), ("OPS", "ops"), ("MOB", "the mobile team")]
LINEAR_ISSUES = ["ENG-142", "DES-37", "OPS-508", "MOB-77", "ENG-1290"]
PRIORITIES = [(1, "urgent"), (2, "high"), (3, "normal"), (4, "low")]
REDIS_KEYS = ["session:8f2a", "feature_flags:checkout_v2", "rate_limit:user:1042", "cache:homepage", "config:maintenance"]
REDIS_VALUES = ["on", "off", "42", "enabled", "2025-01-31"]
STATES = [("California", "CA"), ("Texas", "TX"), ("Florida", "FL"), ("New York", "NY"), ("Washington", "WA"),
          ("Colorado", "CO"), ("Oklahoma", "OK")]  # fmt: skip
EVENTS = [("Sprint planning", "2025-03-10T10:00:00", "2025-03-10T11:00:00"),
          ("1:1 with Priya", "2025-04-02T15:30:00", "2025-04-02T16:00:00"),
          ("Design review", "2025-05-14T13:00:00", "2025-05-14T14:30:00"),
          ("Release retro", "2025-06-20T16:00:00", "2025-06-20T17:00:00")]  # fmt: skip
EMAILS = ["priya@example.com", "marcus@example.com", "dana@example.org", "tom@acme.io"]


def pick(rng: Random, pool: list[Any]) -> Any:
    return pool[rng.randrange(len(pool))]


def sample(rng: Random, pool: list[Any], k: int) -> list[Any]:
    return rng.sample(pool, k)


def quoted(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
