"""E-mail and messages: send, search, organize, drafts, SMS and team chat."""

from mcp_tui.data.universe.fields import EMAILS, PEOPLE, date, flag, ident, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Flag, Many, Pick

D = "messaging"
SUBJECTS = ("Q3 report", "Lunch on Friday?", "Invoice #4471", "Welcome aboard", "Trip itinerary", "Contract draft")
BODIES = ("Please find the report attached.", "Are you free for lunch on Friday?", "Thanks, see you tomorrow!",
          "Can you review the draft by Monday?", "The meeting moved to 3pm.")
FOLDERS = Choice((("inbox",), ("archive",), ("spam",), ("sent",), ("drafts",)))
CHANNELS = Pick(("#general", "#design", "#release", "#random", "#support"))
PHONES = Pick(("+1 555 0101", "+1 555 0177", "+44 7700 900456", "+49 151 2345678"))
message_id = ident("message id", "MSG", digits=8, label="message ID")

CAPS = (
    cap(D, "send email", "send an email",
        [F("to", Many(Pick(EMAILS), 1, 2), "to {v}", ask="who to send it to"),
         text("subject", SUBJECTS, "with the subject {v}", "about {v}", ask="the subject"),
         text("body", BODIES, "saying {v}", ask="what it should say")],
        [F("cc", Many(Pick(EMAILS), 1, 2), "cc {v}", "copying {v}"),
         F("priority", Choice((("high", "marked urgent"), ("normal", "normal priority"), ("low", "low priority"))), "{v}",
           default="normal")],
        frames=("send an email{args}", "email {to}{args}")),
    cap(D, "search emails", "search the mailbox",
        [F("query", Pick(("invoice", "flight", "contract", "password reset")), "about {v}", "matching {v}")],
        [F("from", Pick(EMAILS), "from {v}"), flag("unread only", ("that are unread",), ("read or unread",)),
         date("after", "after {b}", "since {b}", lo=-60, hi=-1), F("folder", FOLDERS, "in {v}")],
        frames=("search my email{args}", "find emails{args}"), asks=("Do I have any emails{args}?",)),
    *resource(D, "email", "emails", message_id, ops="get delete"),
    cap(D, "move email", "move an email to a folder", [message_id, F("folder", FOLDERS, "to {v}")],
        frames=("move email {message_id}{args}",)),
    cap(D, "mark email read", "mark an email as read or unread",
        [message_id, F("read", Flag(("as read",), ("as unread",)), "{v}")],
        frames=("mark email {message_id}{args}",)),
    cap(D, "reply to email", "reply to an email", [message_id, text("body", BODIES, "saying {v}")],
        [flag("reply all", ("to everyone on the thread",), ("just to the sender",))],
        frames=("reply to email {message_id}{args}",)),
    cap(D, "forward email", "forward an email", [message_id, F("to", Many(Pick(EMAILS), 1, 2), "to {v}")],
        [text("note", ("FYI", "See below", "Can you handle this?"), "with {v}")],
        frames=("forward email {message_id}{args}",)),
    *resource(D, "draft", "drafts", ident("draft id", "DRF", digits=6),
              fields=[F("to", Many(Pick(EMAILS), 1, 2), "to {v}"), text("subject", SUBJECTS, "with the subject {v}"),
                      text("body", BODIES, "saying {v}")],
              create_required=2, verbs={"create": "save"}, ops="list create update delete"),
    cap(D, "send sms", "send a text message", [F("phone", PHONES, "to {v}", ask="which number"),
                                              text("message", BODIES, "saying {v}", ask="what to say")],
        frames=("text {phone}{args}", "send an SMS{args}")),
    cap(D, "post chat message", "post a message to a team chat channel",
        [F("channel", CHANNELS, "in {v}", "to {v}"), text("text", BODIES, "saying {v}")],
        [flag("notify channel", ("and notify everyone",), ("without notifying anyone",))],
        frames=("post{args}", "send a message{args}")),
    cap(D, "set auto reply", "turn on an automatic reply",
        [text("message", ("I'm away until Monday.", "Thanks, I'll reply within 2 days."), "saying {v}"),
         date("until", "until {b}", lo=1, hi=21)], frames=("set an auto-reply{args}",)),
    cap(D, "block sender", "block an email sender", [F("sender", Pick(EMAILS))], frames=("block {sender}",)),
    cap(D, "create label", "create a mail label",
        [F("name", Pick(("Receipts", "Travel", "Taxes 2024", "Newsletters"), quote=0.8), "called {v}"),
         F("color", Pick(("red", "blue", "green")), "in {v}")],
        frames=("create a label{args}",)),
    cap(D, "get unread count", "count unread emails", [], [F("folder", FOLDERS, "in {v}")],
        frames=("count my unread emails{args}",), asks=("How many unread emails do I have{args}?",)),
    cap(D, "schedule email", "schedule an email to send later",
        [F("to", Many(Pick(EMAILS), 1, 1), "to {v}"), text("body", BODIES, "saying {v}"),
         when("send at", "{v}", lo=1, hi=7, label="send time")],
        frames=("schedule an email{args}",)),
    cap(D, "lookup contact email", "find a person's email address in the directory",
        [F("name", Pick(PEOPLE), ask="whose address")], frames=("find the email address of {name}",),
        asks=("What's {name}'s email?",)),
    *resource(D, "mailing list", "mailing lists", ident("list id", "ML", digits=5, label="list ID"),
              fields=[F("name", Pick(("Book club", "Neighbors", "Project Apollo"), quote=0.8), "called {v}"),
                      F("members", Many(Pick(EMAILS), 2, 3), "with {v}")],
              create_required=2, ops="list create delete"),
)

QUESTIONS = (
    ("What's the difference between CC and BCC?",
     "Everyone sees CC recipients; BCC recipients get the email without the others seeing their addresses."),
    ("What is phishing?",
     "A scam message that pretends to come from a trusted sender to trick you into revealing passwords or paying "
     "money."),
)

DOMAIN = Domain(D, "Mail", ("mail", "gmail-mcp", "messages", "outlook_api"), CAPS, QUESTIONS, vendors=("gmail", "slackr"),
                related=("calendar", "crm"))
