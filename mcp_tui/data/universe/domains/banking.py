"""Personal banking: accounts, transfers, transactions, cards, payees and bills."""

from mcp_tui.data.universe.fields import PEOPLE, date, flag, ident, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Money, Pick

D = "banking"
ACCOUNTS = Choice((("checking", "checking", "my checking account"), ("savings", "savings", "my savings account"),
                   ("credit", "credit card", "my credit card account")))
CATEGORY = Choice((("groceries",), ("dining", "restaurants"), ("travel",), ("utilities", "bills"), ("shopping",),
                   ("transport",)))
MEMOS = ("Rent for May", "Dinner split", "Birthday gift", "Electricity bill", "Book club dues")
CARDS = Pick(("card ending 4421", "card ending 9034", "card ending 1187"))

transfer_id = ident("transfer id", "TRF", digits=7, label="transfer ID")

CAPS = (
    *resource(D, "account", "accounts", F("account", ACCOUNTS, ask="which account"), ops="get list"),
    cap(D, "get balance", "get an account's balance", [F("account", ACCOUNTS, "in {v}", "of {v}")],
        frames=("check the balance{args}", "get my balance{args}"),
        asks=("How much money is there{args}?", "What's the balance{args}?")),
    *resource(D, "transfer", "transfers", transfer_id,
              fields=[F("from account", ACCOUNTS, "from {v}", ask="which account to send from"),
                      F("to account", ACCOUNTS, "to {v}", ask="which account to send to"),
                      F("amount", Money(10, 3000, whole=False), "{v}", ask="how much"),
                      date("date", "on {b}", "{v}", lo=0, hi=30), text("memo", MEMOS, "with the memo {v}")],
              create_required=3, verbs={"create": "make", "delete": "cancel"}, ops="get list create delete"),
    cap(D, "send money", "send money to a person",
        [F("recipient", Pick(PEOPLE), "to {v}", ask="who to pay"), F("amount", Money(5, 500, whole=False), "{v}",
                                                                    ask="how much")],
        [text("note", MEMOS, "with the note {v}"), flag("instant", ("instantly",), ("with a standard transfer",))],
        frames=("send {amount} to {recipient}{args}", "pay {recipient} {amount}{args}")),
    cap(D, "search transactions", "search an account's transactions",
        [F("account", ACCOUNTS, "in {v}", "on {v}")],
        [date("start date", "since {b}", "from {b}", lo=-90, hi=-31), date("end date", "until {b}", lo=-30, hi=0),
         F("min amount", Money(20, 500), "over {v}"), F("category", CATEGORY, "for {v}"),
         F("merchant", Pick(("Amazon", "Uber", "Whole Foods", "Netflix", "Shell")), "at {v}")],
        frames=("find transactions{args}", "search my transactions{args}", "list payments{args}"),
        asks=("What did I spend{args}?",)),
    cap(D, "get spending summary", "summarize spending by category for a month",
        [F("month", Choice(tuple((m.lower()[:3], m) for m in ("January", "March", "June", "September", "December"))),
           "for {v}")], [F("account", ACCOUNTS, "on {v}")],
        frames=("summarize my spending{args}",), asks=("Where did my money go{args}?",)),
    cap(D, "freeze card", "temporarily block a card", [F("card", CARDS, ask="which card")],
        frames=("freeze my {card}", "block my {card} for now")),
    cap(D, "unfreeze card", "unblock a frozen card", [F("card", CARDS)], frames=("unfreeze my {card}",)),
    cap(D, "report card lost", "report a card as lost or stolen and order a replacement",
        [F("card", CARDS), F("reason", Choice((("lost",), ("stolen",), ("damaged",))), "as {v}")],
        [flag("express delivery", ("with express delivery of the new card",), ("standard delivery is fine",))],
        frames=("report my {card}{args}",)),
    cap(D, "set card limit", "set a card's daily spending limit",
        [F("card", CARDS), F("limit", Money(100, 5000), "to {v}", label="daily limit")],
        frames=("set the daily limit on my {card}{args}",)),
    *resource(D, "payee", "payees", ident("payee id", "PY", digits=5),
              fields=[F("name", Pick(PEOPLE), "for {v}", ask="the payee's name"),
                      F("iban", Pick(("DE89370400440532013000", "GB29NWBK60161331926819", "FR1420041010050500013M02606")),
                        "with IBAN {v}", label="IBAN", ask="their IBAN")],
              create_required=2, verbs={"create": "add", "delete": "remove"}, ops="list create delete"),
    *resource(D, "scheduled bill payment", "scheduled bill payments", ident("payment id", "BP", digits=6),
              fields=[F("biller", Pick(("City Water", "PowerCo", "Comcast", "State Farm")), "to {v}", ask="which biller"),
                      F("amount", Money(20, 600, whole=False), "of {v}", ask="how much"),
                      date("pay on", "on {b}", "{v}", lo=1, hi=40, label="payment date"),
                      F("repeat", Choice((("once",), ("monthly", "every month"), ("quarterly", "every quarter"))),
                        "{v}", default="once")],
              create_required=3, verbs={"create": "schedule", "delete": "cancel"}, ops="list create delete"),
    cap(D, "download statement", "get an account statement for a month",
        [F("account", ACCOUNTS, "for {v}"), F("month", Count(1, 12), "for month {v}"),
         F("year", Count(2022, 2025), "of {v}")],
        [F("format", Choice((("pdf", "as a PDF"), ("csv", "as CSV"))), "{v}", default="pdf")],
        frames=("download my statement{args}",)),
    cap(D, "dispute transaction", "dispute a card transaction",
        [ident("transaction id", "TX", digits=8, label="transaction ID"),
         F("reason", Choice((("not_recognized", "I don't recognize it"), ("duplicate", "it was charged twice"),
                             ("not_received", "I never got the item"))), "because {v}")],
        frames=("dispute transaction {transaction_id}{args}",)),
)

QUESTIONS = (
    ("What's the difference between a debit card and a credit card?",
     "A debit card spends money already in your account; a credit card borrows from the bank up to a limit, which "
     "you repay later (with interest if you don't pay in full)."),
    ("What is an IBAN?",
     "The International Bank Account Number: a standard format (country code, check digits, bank and account "
     "numbers) that identifies an account for international transfers."),
    ("How long does a wire transfer take?",
     "Domestic wires usually arrive the same day; international ones take 1-5 business days."),
)

DOMAIN = Domain(D, "Banking", ("bank", "banking-api", "accounts", "mybank"), CAPS, QUESTIONS,
                vendors=("finbank", "nova"), related=("stocks", "finance_calc", "shopping"))
