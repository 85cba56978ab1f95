"""Kinds of parameter values: how each is typed in a schema, described, drawn, and said
the way people say it, with what the scorer accepts.

A kind turns a draw into a `Said`: the argument value, the words a request uses for it
("two and a half kilometers", "next Friday", "premium economy"), and the other values
that mean the same (BFCL's accepted-value lists). Turning the words back into the value
is the skill the data teaches: units converted where the schema asks for another unit,
numbers spelled out, dates relative to the day the conversation happens, enum values said
as words. `slip` gives a plausible wrong first try and the error a tool would answer with,
for error-recovery tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mcp_tui.data.universe.templates import Ctx, Templates, join_words


@dataclass(frozen=True)
class Said:
    """A value as a request states it. `words` stand alone ("on March 14"); `bare` is
    the form after a preposition a frame supplies ("from March 14"), when it differs."""

    value: Any
    words: str
    accept: tuple[Any, ...] = ()
    bare: str = ""

    @property
    def plain(self) -> str:
        return self.bare or self.words

    def accepted(self) -> list[Any]:
        return [self.value, *[a for a in self.accept if a != self.value]]


@dataclass(frozen=True)
class Slip:
    """A wrong first try: the value sent, the tool's error (with `{param}` for the
    parameter's name), and the words the request used when they caused it."""

    value: Any
    error: str
    words: str | None = None


class Obj(dict):
    """A nested object's value, keyed by its parts' plain names (the listing styles the
    keys, as it styles parameter names)."""


class Kind:
    """How one parameter's values are typed, described, drawn and said."""

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}

    def hint(self) -> str:
        """What the parameter's description must say for the value to be decidable (a unit, a format)."""
        return ""

    def say(self, ctx: Ctx) -> Said:
        raise NotImplementedError

    def slip(self, ctx: Ctx, said: Said) -> Slip | None:
        return None


# ----------------------------------------------------------------------------- numbers

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def spell(n: int) -> str:
    """English words for 0-999 and round thousands: 42 -> forty-two, 3000 -> three thousand."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return f"{_ONES[n // 100]} hundred" + (f" {spell(rest)}" if rest else "")
    if n % 1000 == 0 and n < 100_000:
        return f"{spell(n // 1000)} thousand"
    return f"{n:,}"


def say_int(ctx: Ctx, n: int, spelled: float = 0.35, dozens: bool = True) -> str:
    """Digits, or words now and then (a dozen, twenty-five)."""
    if dozens and n == 12 and ctx.chance(0.3):
        return "a dozen"
    if dozens and n == 6 and ctx.chance(0.2):
        return "half a dozen"
    if (n < 100 or n % 1000 == 0) and ctx.chance(spelled):
        return spell(n)
    return f"{n:,}" if n >= 10_000 and ctx.chance(0.5) else str(n)


def num(x: float) -> int | float:
    """A clean number: integral floats as ints, others rounded off float noise."""
    x = round(float(x), 6)
    return int(x) if x == int(x) else x


def show(x: float) -> str:
    x = num(x)
    return f"{x:,}" if isinstance(x, int) and x >= 10_000 else str(x)


@dataclass(frozen=True)
class Count(Kind):
    """A whole number of things (guests, results, years)."""

    lo: int
    hi: int

    def schema(self) -> dict[str, Any]:
        return {"type": "integer"}

    def say(self, ctx: Ctx) -> Said:
        n = ctx.rng.randint(self.lo, self.hi)
        return Said(n, say_int(ctx, n))

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        return Slip(str(said.value), f"'{said.value}' is not of type 'integer' (parameter '{{param}}')")


@dataclass(frozen=True)
class Decimal(Kind):
    """A number with a fixed number of decimals (a rating, a coordinate)."""

    lo: float
    hi: float
    places: int = 1

    def schema(self) -> dict[str, Any]:
        return {"type": "number"}

    def say(self, ctx: Ctx) -> Said:
        x = num(round(ctx.rng.uniform(self.lo, self.hi), self.places))
        return Said(x, show(x))

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        return Slip(str(said.value), f"Invalid type for '{{param}}': expected a number, got the string \"{said.value}\"")


# ----------------------------------------------------------------------------- quantities

# unit -> (plural words, abbreviation, dimension, size in the dimension's base unit)
UNITS: dict[str, tuple[str, str, str, float]] = {
    "mm": ("millimeters", "mm", "length", 0.001), "cm": ("centimeters", "cm", "length", 0.01),
    "m": ("meters", "m", "length", 1), "km": ("kilometers", "km", "length", 1000),
    "s": ("seconds", "s", "time", 1), "min": ("minutes", "min", "time", 60), "h": ("hours", "h", "time", 3600),
    "day": ("days", "", "time", 86400), "week": ("weeks", "", "time", 604800),
    "mg": ("milligrams", "mg", "mass", 0.001), "g": ("grams", "g", "mass", 1), "kg": ("kilograms", "kg", "mass", 1000),
    "ml": ("milliliters", "ml", "volume", 1), "l": ("liters", "L", "volume", 1000),
    "MB": ("megabytes", "MB", "data", 1), "GB": ("gigabytes", "GB", "data", 1000),
    "W": ("watts", "W", "power", 1), "kW": ("kilowatts", "kW", "power", 1000),
    "Wh": ("watt-hours", "Wh", "energy", 1), "kWh": ("kilowatt-hours", "kWh", "energy", 1000),
}  # fmt: skip
IDIOMS: dict[tuple[str, float], str] = {
    ("h", 1.5): "an hour and a half", ("min", 30): "half an hour", ("min", 15): "a quarter of an hour",
    ("h", 1): "an hour", ("kg", 1): "a kilo", ("h", 0.5): "half an hour", ("day", 1): "a day",
    ("week", 1): "a week", ("l", 0.5): "half a liter", ("km", 0.5): "half a kilometer", ("h", 2): "a couple of hours",
}  # fmt: skip
_NICE = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 100, 120, 150, 200, 250, 300, 400,
         500, 750, 1000, 1500, 2000, 2500, 5000)  # fmt: skip


def unit_words(unit: str, x: float, ctx: Ctx) -> str:
    """`x` of `unit` as a person writes it: an idiom, words, or digits with a unit."""
    plural, abbr, _, _ = UNITS[unit]
    if (unit, x) in IDIOMS and ctx.chance(0.6):
        return IDIOMS[(unit, x)]
    name = plural[:-1] if x == 1 and plural.endswith("s") else plural
    if isinstance(num(x), int) and x < 20 and ctx.chance(0.3):
        return f"{spell(int(x))} {name}"
    if abbr and ctx.chance(0.45):
        return f"{show(x)} {abbr}" if ctx.chance(0.5) else f"{show(x)}{abbr}"
    return f"{show(x)} {name}"


@dataclass(frozen=True)
class Measure(Kind):
    """A quantity the schema wants in `unit`, said in any of `spoken` (converted)."""

    unit: str
    lo: float
    hi: float
    spoken: tuple[str, ...] = ()
    integer: bool = False

    def schema(self) -> dict[str, Any]:
        return {"type": "integer" if self.integer else "number"}

    def hint(self) -> str:
        return f"in {UNITS[self.unit][0]}"

    def say(self, ctx: Ctx) -> Said:
        size = UNITS[self.unit][3]
        for _ in range(60):
            said_unit = ctx.choice(self.spoken or (self.unit,)) if ctx.chance(0.55) else self.unit
            factor = UNITS[said_unit][3] / size
            spoken = ctx.choice(_NICE) * ctx.choice((1, 1, 1, 0.5, 0.1 if said_unit != self.unit else 1))
            value = num(spoken * factor)
            if self.lo <= value <= self.hi and (not self.integer or isinstance(value, int)):
                return Said(value, unit_words(said_unit, num(spoken), ctx))
        value = num(self.lo if self.integer else round(ctx.rng.uniform(self.lo, self.hi), 1))
        return Said(value, unit_words(self.unit, value, ctx))


CURRENCIES: dict[str, tuple[str, str]] = {"USD": ("$", "dollars"), "EUR": ("€", "euros"), "GBP": ("£", "pounds"),
                                          "JPY": ("¥", "yen"), "CAD": ("C$", "Canadian dollars")}  # fmt: skip


def money_words(ctx: Ctx, amount: float, currency: str) -> str:
    symbol, name = CURRENCIES[currency]
    text = f"{amount:,.2f}" if amount != int(amount) else f"{int(amount):,}"
    form = ctx.rng.randrange(3)
    if form == 0:
        return f"{symbol}{text}"
    if form == 1:
        return f"{text} {name}" if amount != 1 else f"1 {name.rstrip('s')}"
    return f"{text} {currency}"


@dataclass(frozen=True)
class Money(Kind):
    """An amount in one currency, as a number (or as integer cents with `cents`)."""

    lo: float
    hi: float
    currency: str = "USD"
    cents: bool = False
    whole: bool = True

    def schema(self) -> dict[str, Any]:
        return {"type": "integer" if self.cents else "number"}

    def hint(self) -> str:
        return f"in {self.currency} cents" if self.cents else f"in {self.currency}"

    def say(self, ctx: Ctx) -> Said:
        amount = float(ctx.rng.randint(int(self.lo), int(self.hi)))
        if not self.whole or self.cents:
            amount += ctx.choice((0, 0, 0.5, 0.25, 0.99, 0.75))
            amount = min(amount, self.hi)
        value = int(round(amount * 100)) if self.cents else num(amount)
        return Said(value, money_words(ctx, amount, self.currency))


@dataclass(frozen=True)
class Percent(Kind):
    """A rate said in percent, wanted as a percentage or as a fraction (0.05)."""

    lo: float
    hi: float
    fraction: bool = False

    def schema(self) -> dict[str, Any]:
        return {"type": "number"}

    def hint(self) -> str:
        return "as a decimal fraction (0.05 = 5%)" if self.fraction else "in percent (5 = 5%)"

    def say(self, ctx: Ctx) -> Said:
        pct = num(ctx.choice((round(ctx.rng.uniform(self.lo, self.hi) * 4) / 4, ctx.rng.randint(int(self.lo), int(self.hi)))))
        pct = min(max(pct, self.lo), self.hi)
        words = f"{show(pct)}%" if ctx.chance(0.7) else f"{show(pct)} percent"
        return Said(num(pct / 100) if self.fraction else pct, words)


# ----------------------------------------------------------------------------- dates and times

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year(d: dt.date, today: dt.date) -> str:
    return "" if d.year == today.year else f", {d.year}"


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


# Ways of saying a date relative to the day of the conversation: (words, the dates they
# may mean, the words after a preposition) for a date `delta` days away, or None where
# the form does not apply.
def _days_words(ctx: Ctx, today: dt.date, delta: int) -> tuple[str, list[dt.date], str] | None:
    d = today + dt.timedelta(days=delta)
    forms = {
        "today": lambda: "today" if delta == 0 else None,
        "tomorrow": lambda: "tomorrow" if delta == 1 else None,
        "yesterday": lambda: "yesterday" if delta == -1 else None,
        "in N days": lambda: f"in {say_int(ctx, delta, dozens=False)} days" if 2 <= delta <= 20 else None,
        "N days ago": lambda: f"{say_int(ctx, -delta, dozens=False)} days ago" if -20 <= delta <= -2 else None,
        "next WEEKDAY": lambda: f"next {WEEKDAYS[d.weekday()]}" if 1 <= delta <= 13 else None,
        "last WEEKDAY": lambda: f"last {WEEKDAYS[d.weekday()]}" if -13 <= delta <= -1 else None,
        "on MONTH D": lambda: f"on {MONTHS[d.month - 1]} {d.day}{_year(d, today)}",
        "on MONTH Dth": lambda: f"on {MONTHS[d.month - 1]} {ordinal(d.day)}{_year(d, today)}",
        "on WEEKDAY, MONTH D": lambda: f"on {WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}{_year(d, today)}",
        "on M/D/YYYY": lambda: f"on {d.month}/{d.day}/{d.year}" if d.day > 12 else None,
        "the day after tomorrow": lambda: "the day after tomorrow" if delta == 2 else None,
        "N days from now": lambda: f"{say_int(ctx, delta, dozens=False)} days from now" if 3 <= delta <= 20 else None,
        "a week from today": lambda: {7: "a week from today", 14: "two weeks from today"}.get(delta),
        "this coming WEEKDAY": lambda: f"this coming {WEEKDAYS[d.weekday()]}" if 1 <= delta <= 6 else None,
        "on the Dth of MONTH": lambda: f"on the {ordinal(d.day)} of {MONTHS[d.month - 1]}{_year(d, today)}",
        "D Mon": lambda: f"on {d.day} {MONTHS[d.month - 1][:3]}{' ' + str(d.year) if d.year != today.year else ''}",
        "the day before yesterday": lambda: "the day before yesterday" if delta == -2 else None,
        "a week ago": lambda: {-7: "a week ago", -14: "two weeks ago"}.get(delta),
    }
    form = DATE_FORMS.pick(ctx)
    words = forms[form]()
    if words is None:
        return None
    if form == "in N days":  # after a preposition ("until in 3 days") only the date itself reads right
        bare = f"{MONTHS[d.month - 1]} {d.day}{_year(d, today)}"
    else:
        bare = words[3:] if words.startswith("on ") else words
    means = [d]
    if form in ("next WEEKDAY", "last WEEKDAY"):  # people disagree on which one "next Friday" is
        step = 7 if form == "next WEEKDAY" else -7
        first = _next_weekday(today, d.weekday()) if step > 0 else today - dt.timedelta(
            days=(today.weekday() - d.weekday() - 1) % 7 + 1)
        means = [first, first + dt.timedelta(days=step)]
        if d not in means:
            return None
    return words, means, bare


DATE_FORMS = Templates(
    "date words",
    train=("today", "tomorrow", "yesterday", "in N days", "N days ago", "next WEEKDAY", "last WEEKDAY", "on MONTH D",
           "on MONTH Dth", "on WEEKDAY, MONTH D", "on M/D/YYYY"),
    foreign=("the day after tomorrow", "N days from now", "a week from today", "this coming WEEKDAY",
             "on the Dth of MONTH", "D Mon", "the day before yesterday", "a week ago"),
)  # fmt: skip
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD", "%m/%d/%Y": "MM/DD/YYYY", "%d.%m.%Y": "DD.MM.YYYY", "%Y%m%d": "YYYYMMDD"}


def say_date(ctx: Ctx, lo: int, hi: int) -> tuple[str, list[dt.date], str]:
    """Words for a date between `lo` and `hi` days from the conversation's day, the dates
    they may mean, and the words after a preposition ("from March 14", not "from on March 14")."""
    for _ in range(80):
        delta = ctx.rng.randint(lo, hi) if ctx.chance(0.6) else ctx.rng.choice([d for d in (-2, -1, 0, 1, 2, 7, 14)
                                                                                 if lo <= d <= hi] or [lo])
        found = _days_words(ctx, ctx.today, delta)
        if found is not None:
            return found
    d = ctx.today + dt.timedelta(days=hi)
    return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}", [d], f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


@dataclass(frozen=True)
class Day(Kind):
    """A calendar date in the schema's format, said relative to today or absolutely."""

    fmt: str = "%Y-%m-%d"
    lo: int = 0
    hi: int = 60

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"} if self.fmt == "%Y-%m-%d" else {"type": "string"}

    def hint(self) -> str:
        return f"({DATE_FORMATS[self.fmt]})"

    def say(self, ctx: Ctx) -> Said:
        words, means, bare = say_date(ctx, self.lo, self.hi)
        values = [d.strftime(self.fmt) for d in means]
        return Said(values[0], words, tuple(values[1:]), bare)

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        d = dt.datetime.strptime(said.value, self.fmt).date()
        other = ctx.choice([f for f in ("%m/%d/%Y", "%d %B %Y", "%B %d, %Y", "%Y-%m-%d") if f != self.fmt])
        return Slip(d.strftime(other), f"Invalid date '{d.strftime(other)}' for '{{param}}': expected "
                                       f"{DATE_FORMATS[self.fmt]}")


CLOCK_FORMS = Templates(
    "time words",
    train=("3pm", "3:30 pm", "15:00", "noon", "9 in the morning"),
    foreign=("half past seven in the evening", "quarter past nine", "seven o'clock"),
)


def say_time(ctx: Ctx) -> tuple[str, str]:
    """(words, HH:MM) for a time of day."""
    form = CLOCK_FORMS.pick(ctx)
    h = ctx.rng.randint(7, 21)
    if form == "noon":
        return ctx.choice(("noon", "midday", "12 noon")), "12:00"
    if form == "9 in the morning":
        h = ctx.rng.randint(6, 11)
        return f"{h} in the morning", f"{h:02d}:00"
    if form == "half past seven in the evening":
        h = ctx.rng.randint(5, 10)
        return f"half past {spell(h)} in the evening", f"{h + 12:02d}:30"
    if form == "quarter past nine":
        h = ctx.rng.randint(7, 11)
        return f"quarter past {spell(h)} in the morning", f"{h:02d}:15"
    if form == "seven o'clock":
        h = ctx.rng.randint(6, 11)
        return f"{spell(h)} o'clock in the evening", f"{h + 12:02d}:00"
    m = 0 if form in ("3pm", "15:00") else ctx.choice((15, 30, 45))
    if form == "15:00":
        return f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}"
    twelve = h - 12 if h > 12 else h
    suffix = "pm" if h >= 12 else "am"
    words = f"{twelve}{suffix}" if m == 0 else f"{twelve}:{m:02d} {suffix}"
    return words, f"{h:02d}:{m:02d}"


@dataclass(frozen=True)
class Clock(Kind):
    """A time of day as HH:MM (24-hour)."""

    def hint(self) -> str:
        return "(24-hour HH:MM)"

    def say(self, ctx: Ctx) -> Said:
        words, hhmm = say_time(ctx)
        return Said(hhmm, words, (hhmm + ":00",))

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        h, m = map(int, said.value.split(":"))
        bad = f"{h % 12 or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}"
        return Slip(bad, f"Invalid time '{bad}' for '{{param}}': use 24-hour HH:MM")


@dataclass(frozen=True)
class When(Kind):
    """A date and time, ISO 8601 (YYYY-MM-DDTHH:MM:SS)."""

    lo: int = 0
    hi: int = 30

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}

    def hint(self) -> str:
        return "(ISO 8601, YYYY-MM-DDTHH:MM:SS)"

    def say(self, ctx: Ctx) -> Said:
        day_words, means, bare = say_date(ctx, self.lo, self.hi)
        time_words, hhmm = say_time(ctx)
        values = [f"{d.isoformat()}T{hhmm}:00" for d in means]
        alts = [v[:-3] for v in values] + [v.replace("T", " ") for v in values]
        return Said(values[0], f"{day_words} at {time_words}", tuple(values[1:] + alts), f"{bare} at {time_words}")

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        d = dt.datetime.fromisoformat(said.value)
        bad = d.strftime("%m/%d/%Y %I:%M %p")
        return Slip(bad, f"Invalid datetime '{bad}' for '{{param}}': expected ISO 8601 (YYYY-MM-DDTHH:MM:SS)")


# ----------------------------------------------------------------------------- words and names


@dataclass(frozen=True)
class Pick(Kind):
    """One of a pool of names. An entry may be a tuple: the value, then other accepted
    spellings. `quote` is how often the request quotes it; `typo` lets error tasks
    start from a misspelling the tool corrects ("Did you mean ...?")."""

    pool: tuple[Any, ...]
    quote: float = 0.0
    typo: bool = False
    what: str = "value"

    def say(self, ctx: Ctx) -> Said:
        entry = ctx.choice(self.pool)
        value, *alts = entry if isinstance(entry, tuple) else (entry,)
        words = f'"{value}"' if ctx.chance(self.quote) else str(value)
        return Said(value, words, tuple(alts))

    def slip(self, ctx: Ctx, said: Said) -> Slip | None:
        word = str(said.value)
        if not self.typo or len(word) < 5:
            return None
        k = ctx.rng.randrange(1, len(word) - 1)
        bad = word[:k] + word[k + 1 :] if word[k] != " " else word[: k - 1] + word[k:]
        return Slip(bad, f"No {self.what} named '{bad}' was found. Did you mean '{word}'?", bad)


@dataclass(frozen=True)
class Figure(Kind):
    """A number from a pool of meaningful ones (a concentration, a version)."""

    pool: tuple[float, ...]

    def schema(self) -> dict[str, Any]:
        return {"type": "number"}

    def say(self, ctx: Ctx) -> Said:
        value = ctx.choice(self.pool)
        return Said(value, str(value))


@dataclass(frozen=True)
class Text(Kind):
    """Free text the call must carry verbatim, so the request always quotes it."""

    pool: tuple[str, ...]

    def say(self, ctx: Ctx) -> Said:
        value = ctx.choice(self.pool)
        return Said(value, f'"{value}"')


@dataclass(frozen=True)
class Ident(Kind):
    """An identifier: `prefix` and digits as a string, or a bare integer with `integer`."""

    prefix: str = ""
    digits: int = 5
    integer: bool = False

    def schema(self) -> dict[str, Any]:
        return {"type": "integer" if self.integer else "string"}

    def say(self, ctx: Ctx) -> Said:
        n = ctx.rng.randint(10 ** (self.digits - 1), 10**self.digits - 1)
        if self.integer:
            return Said(n, f"#{n}" if ctx.chance(0.3) else str(n))
        value = f"{self.prefix}{n}"
        return Said(value, value)

    def slip(self, ctx: Ctx, said: Said) -> Slip | None:
        if self.integer:
            return Slip(str(said.value), f"'{said.value}' is not of type 'integer' (parameter '{{param}}')")
        return None


@dataclass(frozen=True)
class Choice(Kind):
    """An enum. Each option is a value, optionally followed by the words people use for
    it ("price_asc", "cheapest first"); without words, the value with spaces is said."""

    options: tuple[tuple[str, ...], ...]

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": [o[0] for o in self.options]}

    def say(self, ctx: Ctx) -> Said:
        value, *words = ctx.choice(self.options)
        return Said(value, ctx.choice(words) if words else value.replace("_", " "))

    def slip(self, ctx: Ctx, said: Said) -> Slip | None:
        value = said.value
        bad = value.replace("_", " ").title() if value.islower() else value.lower()
        if bad == value:
            return None
        allowed = ", ".join(o[0] for o in self.options)
        return Slip(bad, f"'{bad}' is not a valid value for '{{param}}'. Allowed values: {allowed}")


@dataclass(frozen=True)
class Flag(Kind):
    """A boolean, said as one of the fragments for true or for false."""

    yes: tuple[str, ...]
    no: tuple[str, ...]

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def say(self, ctx: Ctx) -> Said:
        value = ctx.chance(0.6)
        return Said(value, ctx.choice(self.yes if value else self.no))

    def slip(self, ctx: Ctx, said: Said) -> Slip:
        bad = "yes" if said.value else "no"
        return Slip(bad, f"Parameter '{{param}}' must be a boolean (true or false), got '{bad}'")


@dataclass(frozen=True)
class Many(Kind):
    """A list of distinct values of `inner`, said as "a, b and c"."""

    inner: Kind
    lo: int = 2
    hi: int = 3

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.inner.schema()}

    def hint(self) -> str:
        return self.inner.hint()

    def say(self, ctx: Ctx) -> Said:
        target = ctx.rng.randint(self.lo, self.hi)
        values: list[Any] = []
        words: list[str] = []
        for _ in range(target * 6):
            s = self.inner.say(ctx)
            if s.value not in values:
                values.append(s.value)
                words.append(s.words)
            if len(values) == target:
                break
        return Said(values, join_words(words))


@dataclass(frozen=True)
class Group(Kind):
    """A nested object of named parts, said through one template naming the parts by
    their slot (name with underscores): "{length} by {width} by {height}"."""

    parts: tuple[tuple[str, Kind], ...]
    template: str

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": {n: k.schema() for n, k in self.parts},
                "required": [n for n, _ in self.parts]}  # fmt: skip

    def say(self, ctx: Ctx) -> Said:
        said = {n: k.say(ctx) for n, k in self.parts}
        words = self.template.format(**{n.replace(" ", "_"): s.words for n, s in said.items()})
        return Said(Obj({n: s.value for n, s in said.items()}), words)
