"""Requests whose right answer is plain text: questions the model answers from what it
knows (some next to a server that looks relevant, the tempting case), and requests
for something no connected server can do. The LAST `HELD_OUT` entries of each bank
are evaluation-only (see `phrasings`)."""

from __future__ import annotations

HELD_OUT = 8

# (question, short correct answer, a server that looks relevant but is not needed)
QUESTIONS: list[tuple[str, str, str | None]] = [
    ("What does `git rebase -i HEAD~3` do?",
     "It starts an interactive rebase of your last three commits: an editor lists them, and you can reorder, squash, "
     "reword, edit or drop each one before git replays them on top of HEAD~3.", "git"),
    ("What's the difference between `git fetch` and `git pull`?",
     "`git fetch` downloads new commits from the remote without touching your branch; `git pull` fetches and then "
     "merges (or rebases) them into your current branch.", "git"),
    ("What does HTTP status 429 mean?",
     "429 Too Many Requests: the client sent too many requests in a given time and is being rate-limited. The "
     "Retry-After header, when present, says how long to wait.", "fetch"),
    ("Is UTC the same as GMT?",
     "For everyday purposes they show the same time, but UTC is an atomic-clock standard while GMT is a time zone "
     "(used by the UK in winter). Neither observes daylight saving time.", "time"),
    ("How do I reverse a list in Python?",
     "Use `my_list.reverse()` to reverse it in place, or `my_list[::-1]` / `list(reversed(my_list))` to get a new "
     "reversed list.", None),
    ("What's a LEFT JOIN in SQL?",
     "A LEFT JOIN returns every row of the left table plus the matching rows of the right table; where there is no "
     "match, the right table's columns are NULL.", "sqlite"),
    ("Explain what a race condition is in one or two sentences.",
     "A race condition is a bug where the result depends on the timing of concurrent operations, such as two "
     "threads updating shared data without synchronization, so it fails only under some interleavings.", None),
    ("What is the Model Context Protocol?",
     "MCP is an open protocol that lets AI applications connect to external tools and data through servers that "
     "expose tools, resources and prompts over a standard JSON-RPC interface (stdio or HTTP).", None),
    ("Should I use a Python list or a tuple for fixed coordinates?",
     "A tuple: it's immutable, hashable (usable as a dict key) and signals that the pair of values won't change.", None),
    ("What does `chmod 755` do?",
     "It sets the owner's permissions to read, write and execute, and gives group and others read and execute "
     "(rwxr-xr-x).", "filesystem"),
    ("How do I undo my last commit but keep the changes?",
     "Run `git reset --soft HEAD~1`: the commit is removed and its changes stay staged. Use `git reset HEAD~1` to "
     "keep them unstaged instead.", "git"),
    ("What's the difference between a process and a thread?",
     "A process has its own memory space; threads are units of execution inside a process that share its memory, "
     "which makes them cheaper to create but requires synchronization.", None),
    ("Write a regex that matches a US ZIP code.",
     "`^\\d{5}(-\\d{4})?$` matches five digits, optionally followed by a hyphen and four more (ZIP+4).", None),
    ("What's an index in a database and why does it help?",
     "An index is a separate sorted structure (usually a B-tree) over one or more columns that lets the database find "
     "matching rows without scanning the whole table, at the cost of extra storage and slower writes.", "postgres"),
    ("Thanks, that's all I needed!", "You're welcome! Let me know if anything else comes up.", None),
    ("What does a pull request's \"squash and merge\" do?",
     "It combines all commits of the pull request into a single commit on the base branch, keeping history linear "
     "and tidy.", "github"),
    ("Can you explain what `async`/`await` does in JavaScript?",
     "`async` makes a function return a Promise; `await` pauses that function until a Promise settles and gives its "
     "result, letting asynchronous code read like sequential code without blocking the event loop.", None),
    ("What's the difference between `==` and `===` in JavaScript?",
     "`===` compares value and type without conversion; `==` converts types first, so `0 == '0'` is true but "
     "`0 === '0'` is false. Prefer `===`.", None),
    ("How many milliseconds are in a day?", "86,400,000 (24 × 60 × 60 × 1000).", None),
    ("What does CORS stand for?",
     "Cross-Origin Resource Sharing: the browser mechanism by which a server uses HTTP headers to allow pages from "
     "other origins to read its responses.", "fetch"),
    ("What does `docker compose up -d` do?",
     "It creates and starts all services defined in the compose file in the background (detached), building or "
     "pulling images as needed.", "docker"),
    ("In Slack, what's the difference between a channel and a thread?",
     "A channel is a shared conversation space; a thread is a side conversation attached to one message in a "
     "channel, which keeps replies out of the main flow.", "slack"),
    ("What is a knowledge graph?",
     "A knowledge graph stores facts as entities (nodes) connected by typed relations (edges), often with "
     "attributes or observations on each entity, so facts can be queried by their connections.", "memory"),
    ("What's idempotency in an API?",
     "An idempotent operation gives the same result however many times it is repeated, like PUT or DELETE; it makes "
     "retries safe.", None),
    ("Which is bigger, a kibibyte or a kilobyte?",
     "A kibibyte: 1 KiB is 1024 bytes, while 1 kB is 1000 bytes.", None),
    ("What's the time complexity of binary search?",
     "O(log n): each step halves the remaining search range of a sorted array.", None),
    ("What does the `--force-with-lease` flag of `git push` protect against?",
     "It refuses to overwrite the remote branch if it has commits you haven't seen, so you don't clobber someone "
     "else's work the way a plain `--force` could.", "git"),
    ("What's the capital of Australia?", "Canberra.", None),
    ("How do I read an environment variable in Python?",
     "Use `os.environ['NAME']` (raises KeyError when unset) or `os.environ.get('NAME', default)`.", None),
    ("What's the difference between TCP and UDP?",
     "TCP is connection-oriented and guarantees ordered, reliable delivery; UDP sends independent datagrams with no "
     "delivery or ordering guarantees, trading reliability for lower latency.", None),
    ("Is a SQL view stored data?",
     "A regular view is not: it's a saved query evaluated when you select from it. A materialized view does store "
     "its results and must be refreshed.", "sqlite"),
    ("What's semantic versioning?",
     "A MAJOR.MINOR.PATCH scheme: bump MAJOR for breaking changes, MINOR for backward-compatible features, PATCH for "
     "backward-compatible fixes.", "github"),
    ("What does a 502 Bad Gateway error usually mean?",
     "A proxy or gateway got an invalid response from the upstream server, often because the backend crashed, timed "
     "out or isn't running.", "fetch"),
    ("Good morning!", "Good morning! What can I help you with today?", None),
    ("What does `SELECT DISTINCT` do?",
     "It removes duplicate rows from the result, returning each unique combination of the selected columns once.",
     "postgres"),
    ("What's the difference between a Docker image and a container?",
     "An image is a read-only template (filesystem plus metadata); a container is a running (or stopped) instance "
     "created from an image, with its own writable layer.", "docker"),
    ("What is a CSS selector specificity?",
     "Specificity decides which rule wins when several match an element: inline styles beat IDs, which beat classes, "
     "attributes and pseudo-classes, which beat element selectors.", "puppeteer"),
    ("How long is a Unix timestamp in seconds for one week?", "604,800 seconds (7 × 24 × 60 × 60).", None),
    ("Why do people say never to store passwords in plain text?",
     "Anyone who gets the database (a breach, a backup, an insider) would see every password, and users reuse them. "
     "Store a salted hash from a slow algorithm such as bcrypt or Argon2 instead.", None),
    ("What's the difference between `git merge` and `git rebase`?",
     "Merge joins two histories with a merge commit and keeps them as they were; rebase replays your commits on top "
     "of the other branch, giving a linear history but rewriting commit IDs.", "git"),
    ("How do I exit vim?", "Press Esc, then type `:q` and Enter (`:wq` to save first, `:q!` to discard changes).", None),
    ("What does DNS do?",
     "DNS translates human-readable domain names like example.com into the IP addresses computers use to connect.",
     "fetch"),
    ("What's the difference between a 301 and a 302 redirect?",
     "301 is permanent (clients and search engines update the URL); 302 is temporary (the original URL stays the "
     "canonical one).", "fetch"),
    ("What is a foreign key?",
     "A column that references the primary key of another table, so the database enforces that each value points to "
     "an existing row.", "sqlite"),
    ("Can you explain what a mutex is?",
     "A mutex is a lock that lets only one thread at a time enter a critical section, protecting shared data from "
     "concurrent modification.", None),
    ("What time zone does Iceland use?",
     "Iceland uses GMT (UTC+0) all year, with no daylight saving time.", "time"),
    ("What is the default branch name for new GitHub repositories?", "`main`.", "github"),
    ("Is JSON a subset of YAML?",
     "Practically yes: YAML 1.2 is designed so that almost every JSON document is valid YAML.", None),
]

# (request, what it would need) for things no bundled server can do. The generator pairs
# them only with servers that could not even be stretched to do them (no browser, no chat).
UNAVAILABLE: list[tuple[str, str]] = [
    ("Send an email to priya@example.com saying the build is green.", "send email"),
    ("Book me a flight from Berlin to Lisbon next Friday.", "book flights"),
    ("Order a large pepperoni pizza to the office.", "place food orders"),
    ("Call my dentist and move my appointment to Thursday.", "make phone calls"),
    ("Play some lo-fi music on Spotify.", "control music playback"),
    ("Transfer $200 from my checking account to savings.", "access bank accounts"),
    ("Set an alarm on my phone for 6:30 tomorrow.", "set phone alarms"),
    ("Turn off the lights in the living room.", "control smart-home devices"),
    ("Text Marcus that I'm running ten minutes late.", "send text messages"),
    ("Print the quarterly report on the office printer.", "print documents"),
    ("Buy two tickets for the 8pm showing of Dune.", "buy tickets"),
    ("Tweet our release announcement from the company account.", "post to social media"),
    ("Translate this voicemail audio into text.", "transcribe audio"),
    ("Check my Gmail inbox for anything from the landlord.", "read email"),
    ("Start a Zoom call with the design team right now.", "start video calls"),
    ("Order more printer paper from Amazon.", "place online orders"),
    ("Reboot the production database server.", "restart remote machines"),
    ("Send the invoice PDF to our accountant on WhatsApp.", "send WhatsApp messages"),
    ("Unlock the front door for the courier.", "control door locks"),
    ("Renew my passport online.", "file government applications"),
]
