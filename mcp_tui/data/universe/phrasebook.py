"""The generator's sentence templates, each a `Templates` with a training and a foreign
share (see `templates`). Domains add their own frames and fragments; everything that is
not domain-specific is here, so the split can be read in one place."""

from __future__ import annotations

from mcp_tui.data.universe.templates import Templates

T = Templates

# --------------------------------------------------------------------------- generic operations
# Clauses are imperative and lowercase (a wrapper makes the request); asks are whole requests.
OP_CLAUSES = {
    "search": T("search clause",
                ("find {things}{args}", "search for {things}{args}", "look up {things}{args}", "show me {things}{args}",
                 "pull up {things}{args}", "get me {things}{args}"),
                ("track down {things}{args}", "hunt for {things}{args}", "round up {things}{args}")),
    "get": T("get clause",
             ("get the details of {thing} {key}", "look up {thing} {key}", "show me {thing} {key}", "fetch {thing} {key}",
              "pull up {thing} {key}"),
             ("bring up everything on {thing} {key}", "open the record for {thing} {key}")),
    "list": T("list clause",
              ("list {things}{args}", "list all {things}{args}", "show all {things}{args}",
               "give me a list of {things}{args}"),
              ("enumerate the {things}{args}", "walk me through the {things}{args}")),
    "create": T("create clause",
                ("{verb} a new {thing}{args}", "{verb} {a_thing}{args}", "make {a_thing}{args}"),
                ("put in a new {thing}{args}", "get {a_thing} set up{args}")),
    "update": T("update clause",
                ("update {thing} {key}: set {changes}", "change {thing} {key} and set {changes}",
                 "edit {thing} {key} to set {changes}"),
                ("switch {changes} on {thing} {key}", "adjust {thing} {key} so it has {changes}")),
    "count": T("count clause", ("count the {things}{args}", "count {things}{args}", "get the number of {things}{args}"),
               ("tally up the {things}{args}",)),
    "export": T("export clause", ("export the {things}{args}", "export {things}{args}", "download the {things}{args}"),
                ("dump the {things}{args}", "produce a file of the {things}{args}")),
    "delete": T("delete clause",
                ("{verb} {thing} {key}", "{verb} the {thing} {key}", "{verb} {thing} {key} now"),
                ("get rid of {thing} {key}", "scrap {thing} {key}")),
}  # fmt: skip
OP_ASKS = {
    "search": T("search ask",
                ("I'm looking for {things}{args}.", "Are there any {things}{args}?", "What {things} are there{args}?"),
                ("Any {things}{args}? Let me know.", "I'd love to see some {things}{args}.")),
    "get": T("get ask", ("What are the details of {thing} {key}?", "Tell me about {thing} {key}."),
             ("What do we have on {thing} {key}?",)),
    "list": T("list ask", ("What {things} do we have{args}?",), ("Which {things} exist{args}?",)),
    "create": T("create ask", ("I need a new {thing}{args}.", "Can I get a new {thing}{args}?"),
                ("A new {thing}{args}, if you would.",)),
    "count": T("count ask", ("How many {things} are there{args}?", "How many {things} do we have{args}?"),
               ("What's the total number of {things}{args}?",)),
}  # fmt: skip
# How an update states one change; a Flag is said by its own words instead.
CHANGE = T("change", ("the {label} to {v}", "{label} to {v}"), ("{label} = {v}",))

DESCRIPTIONS = {
    "search": T("search desc", ("Search {things} by {params}.", "Find {things} matching the given filters.",
                                "Returns {things} that match the criteria ({params})."),
                ("Lookup service for {things}; filter by {params}.", "Query {things}.")),
    "get": T("get desc", ("Get the details of {a_thing} by its {key}.", "Retrieve one {thing}."),
             ("Fetches a single {thing} record.",)),
    "list": T("list desc", ("List {things}.", "List all {things}, optionally filtered."), ("Enumerates {things}.",)),
    "create": T("create desc", ("{Verb} a new {thing}.", "Create {a_thing} record ({verb})."), ("Adds {a_thing}.",)),
    "update": T("update desc", ("Update an existing {thing}.", "Change fields of {a_thing}."),
                ("Modifies {a_thing} record in place.",)),
    "count": T("count desc", ("Count {things}.", "Count {things} matching optional filters."),
               ("Returns the number of {things}.",)),
    "export": T("export desc", ("Export {things} to a file.", "Export {things} as CSV, JSON or Excel."),
                ("Writes {things} out to a downloadable file.",)),
    "delete": T("delete desc", ("{Verb} {a_thing}.", "{Verb} {a_thing} by its {key}."), ("Permanently {verb}s {a_thing}.",)),
    "": T("custom desc", ("{Need}.", "{Need}. Returns the result as JSON.", "Use this to {need}."), ("Tool to {need}.",)),
}  # fmt: skip

# --------------------------------------------------------------------------- requests
WRAP = T("wrapper",
         ("{C}.", "Please {c}.", "Can you {c}?", "Could you {c}?", "I need you to {c}.", "{C}, please.", "Hey, {c}.",
          "Would you {c} for me?", "pls {c}", "I want to {c}.", "Help me {c}.", "{C} when you have a sec."),
         ("When you get a chance, {c}.", "I'd like you to {c}.", "Do me a favor and {c}.",
          "Would it be possible to {c}?", "Let's {c}.", "Kindly {c}."))  # fmt: skip
OPENER = T("opener", ("Quick one. ", "Morning! ", "Hi! ", "Okay, next thing. ", "Hey there. ", "Thanks in advance. "),
           ("Hope you're well. ", "Right then. "))
JOIN_TWO = T("join two",
             ("{C1} and {c2}.", "{C1}, and also {c2}.", "Two things: {c1}, and {c2}.", "{C1}. Also, {c2}.",
              "Please {c1} and {c2}.", "Can you {c1} and {c2}?", "{C1}, then {c2}."),
             ("I need both of these: {c1}; {c2}.", "Could you {c1}, and while you're at it {c2}?",
              "Step one: {c1}. Step two: {c2}."))  # fmt: skip
JOIN_THREE = T("join three", ("First {c1}, then {c2}, and finally {c3}.", "{C1}, {c2}, and {c3}.",
                              "Please {c1}, {c2} and {c3}."),
               ("Three things: {c1}; {c2}; {c3}.",))  # fmt: skip
# The conversation's date, and facts that imply a value, in the system text.
DATE_LINE = T("date line", ("Today is {weekday}, {month} {day}, {year}.", "Current date: {iso} ({weekday})."),
              ("The date today is {weekday} the {nth} of {month}, {year}.",))
FACT_TURN = T("fact turn", ("By the way, {fact}", "Some context: {fact}", "FYI: {fact}"), ("Note that {fact}",))
FACT_REPLY = T("fact reply", ("Got it, thanks. What can I do for you?", "Noted. What would you like me to do?"),
               ("Understood. How can I help?",))

# --------------------------------------------------------------------------- answers
LEADS = ("", "", "", "Sure.", "On it.", "Let me do that.", "I'll take care of it.", "Right away.", "Okay.")
NEAR_MISS = T("near miss answer",
              ("None of the available tools can {need}. They can {can}, but not that.",
               "I can't {need} with these tools: they only {can}.",
               "There's no tool here to {need}; the connected tools {can}. You'll need another way to do it."),
              ("No tool here can {need} — what's connected can {can}.",))  # fmt: skip
UNRELATED = T("unrelated answer",
              ("I can't {need}: none of the connected tools does that (they {can}).",
               "That's not something these tools can do. They {can}, but none of them can {need}."),
              ("Sorry, {need} is outside what the connected tools cover (they {can}).",))  # fmt: skip
ASK_MISSING = T("ask missing",
                ("Sure, I can {need}. {Question}?", "I can do that, but first: {question}?",
                 "Happy to {need}. Could you tell me {question}?", "To {need} I need one more detail: {question}?"),
                ("Before I {need}, could you let me know {question}?",))  # fmt: skip
CHAT = T("chat",
         ("hi", "hello!", "thanks!", "thank you, that's all", "good morning", "what can you do?",
          "which tools do you have?", "ok great"),
         ("cheers, appreciate it", "hey, how's it going?", "what are you able to help with?"))  # fmt: skip
CHAT_ANSWERS = {
    "greeting": T("chat greeting answer", ("Hello! How can I help you today?", "Hi! What can I do for you?"),
                  ("Hey! What would you like to do?",)),
    "thanks": T("chat thanks answer", ("You're welcome! Let me know if you need anything else.", "Glad I could help!"),
                ("Any time!",)),
    "abilities": T("chat abilities answer", ("With the connected tools I can {can}. What would you like to do?",
                                             "I can {can}. Just tell me what you need."),
                   ("The tools here let me {can}. What should we start with?",)),
}  # fmt: skip
CHAT_KINDS = {"hi": "greeting", "hello!": "greeting", "good morning": "greeting", "hey, how's it going?": "greeting",
              "thanks!": "thanks", "thank you, that's all": "thanks", "ok great": "thanks",
              "cheers, appreciate it": "thanks", "what can you do?": "abilities", "which tools do you have?": "abilities",
              "what are you able to help with?": "abilities"}  # fmt: skip

# --------------------------------------------------------------------------- errors
SLIP_WRAP = T("slip error", ("Error: {e}", "{e}", "400 Bad Request: {e}", "ValueError: {e}"),
              ("ValidationError - {e}", "request rejected ({e})"))
MISSING_PARAM = T("missing param error", ("Error: missing required parameter '{param}'", "'{param}' is a required property"),
                  ("request rejected: field '{param}' is required",))
RECOVERY_LEAD = T("recovery lead",
                  ("Let me fix the {param} and try again.", "I'll correct the {param} and retry.",
                   "The {param} was wrong; retrying with the right value.", ""),
                  ("Retrying with a corrected {param}.",))  # fmt: skip
# `{server}` is a noun phrase: the server's name, or "the service" for a generic server.
MISSING_LEAD = T("missing lead", ("I left out the {param}; retrying with it.", "Adding the missing {param}.", ""),
                 ("Retrying, this time with {param}.",))
OUTAGES = {
    "unavailable": (T("unavailable error", ("503 Service Unavailable: {server} is temporarily down",
                                            "Error: upstream timeout after 30000 ms"),
                      ("ConnectionError: could not reach {server}",)),
                    T("unavailable answer", ("The {tool} call failed because the service is unavailable right now. "
                                             "Please try again in a few minutes.",
                                             "I couldn't {need}: the service isn't responding at the moment."),
                      ("{Server} can't be reached right now, so I couldn't {need}. Try again later.",))),
    "auth": (T("auth error", ("401 Unauthorized: invalid or expired API key", "Error: authentication required"),
               ("AuthError: token rejected by {server}",)),
             T("auth answer", ("I couldn't {need}: {server} rejected the credentials (invalid or expired API key). "
                               "Check the key configured for it, then I can try again.",),
               ("{Server} isn't authorized (its token was rejected), so I couldn't {need}. "
                "Please renew its credentials.",))),
    "rate": (T("rate error", ("429 Too Many Requests: rate limit exceeded, retry after 60 seconds",),
               ("quota exhausted for today on {server}",)),
             T("rate answer", ("{Server} is rate-limiting requests right now, so I couldn't {need}. "
                               "It says to retry in about a minute.",),
               ("{Server} has used up its request quota, so I couldn't {need} today.",))),
    "forbidden": (T("forbidden error", ("403 Forbidden: you do not have permission to perform this action",),
                    ("PermissionDenied: missing scope for {tool}",)),
                  T("forbidden answer", ("I don't have permission to {need}: the {tool} call returned 403 Forbidden. "
                                         "Someone with access will need to do it or grant the permission.",),
                    ("The {tool} call lacks the permission it needs, so I couldn't {need}.",))),
}  # fmt: skip
NOT_FOUND = (T("not found error", ("404 Not Found: no {thing} with {label} {value}", "Error: {thing} '{value}' does not exist"),
               ("lookup failed: unknown {thing} {value}",)),
             T("not found answer", ("There is no {thing} {value}: the lookup says it does not exist. Could you check "
                                    "the {label}?", "I couldn't find {thing} {value}. Is the {label} right?"),
               ("{Thing} {value} doesn't exist; please double-check it.",)))  # fmt: skip
