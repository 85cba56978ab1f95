"""Value pools and fields that many domains share: places, people, dates, counts, limits.

Pools are made from parts where they can be (people from first and last names, e-mail
addresses from people), so a few short lists give hundreds of distinct values.
"""

from __future__ import annotations

from itertools import product

from mcp_tui.data.universe.kit import F, Field
from mcp_tui.data.universe.values import Count, Day, Flag, Ident, Pick, Text, When

CITIES = (("Paris", "Paris, France"), ("Lisbon", "Lisbon, Portugal"), ("Tokyo", "Tokyo, Japan"),
          ("Chicago", "Chicago, IL"), ("Austin", "Austin, TX"), ("Berlin", "Berlin, Germany"),
          ("Madrid", "Madrid, Spain"), ("Toronto", "Toronto, Canada"), ("Seoul", "Seoul, South Korea"),
          ("Nairobi", "Nairobi, Kenya"), ("Denver", "Denver, CO"), ("Rome", "Rome, Italy"), ("Oslo", "Oslo, Norway"),
          ("Lima", "Lima, Peru"), ("Dublin", "Dublin, Ireland"), ("Boston", "Boston, MA"), ("Sydney", "Sydney, Australia"),
          ("Mumbai", "Mumbai, India"), ("Cape Town", "Cape Town, South Africa"), ("Seattle", "Seattle, WA"),
          ("Prague", "Prague, Czech Republic"), ("Vienna", "Vienna, Austria"), ("Kyoto", "Kyoto, Japan"),
          ("Montreal", "Montreal, Canada"), ("San Diego", "San Diego, CA"), ("Buenos Aires", "Buenos Aires, Argentina"),
          ("Istanbul", "Istanbul, Turkey"), ("Hanoi", "Hanoi, Vietnam"), ("Edinburgh", "Edinburgh, UK"),
          ("Portland", "Portland, OR"), ("Athens", "Athens, Greece"), ("Marrakesh", "Marrakesh, Morocco"))  # fmt: skip
COUNTRIES = ("France", "Japan", "Brazil", "Canada", "Kenya", "Germany", "India", "Mexico", "Norway", "Australia",
             "Spain", "Vietnam", "Chile", "Ireland", "Egypt", "South Korea", "Portugal", "New Zealand")  # fmt: skip
FIRST = ("Maria", "James", "Aisha", "Chen", "Lucas", "Priya", "Omar", "Sofia", "Kenji", "Emma", "Diego", "Fatima",
         "Noah", "Ines", "Tomas", "Leila", "Hugo", "Grace")  # fmt: skip
LAST = ("Lopez", "Smith", "Khan", "Wang", "Martin", "Patel", "Haddad", "Rossi", "Tanaka", "Johnson", "Garcia",
        "Nguyen", "Müller", "Silva", "Novak", "Okafor", "Dubois", "Kim")  # fmt: skip
PEOPLE = tuple(f"{a} {b}" for a, b in product(FIRST, LAST))
EMAILS = tuple(f"{a.lower()}.{b.lower().replace('ü', 'u')}@example.com" for a, b in product(FIRST, LAST))
STREETS = tuple(f"{n} {s} {t}" for n, s, t in product((12, 48, 221, 7, 1600), ("Oak", "Maple", "Harbor", "Elm", "Mill"),
                                                        ("Street", "Avenue", "Road")))  # fmt: skip
ZIPS = ("02139", "10001", "94103", "60601", "73301", "98101", "80202", "30301")
COLORS = ("red", "blue", "green", "white", "black", "yellow", "purple", "orange")


def city(name: str = "city", *say: str, implied: bool = True, **kw) -> Field:
    """A city, said after "in" by default; the user's own city may be implied ("near me")."""
    return F(name, Pick(CITIES, typo=True, what="city"), *(say or ("in {v}",)),
             implied=("The user lives in {v}.", ("near me", "around here", "where I live")) if implied else None,
             ask=kw.pop("ask", "which city"), **kw)


def email(name: str = "email", *say: str, **kw) -> Field:
    return F(name, Pick(EMAILS), *(say or ("to {v}",)), ask=kw.pop("ask", "which email address"), **kw)


def date(name: str = "date", *say: str, lo: int = 0, hi: int = 60, fmt: str = "%Y-%m-%d", **kw) -> Field:
    return F(name, Day(fmt, lo, hi), *(say or ("{v}",)), ask=kw.pop("ask", "which date"), **kw)


def when(name: str = "start time", *say: str, lo: int = 0, hi: int = 30, **kw) -> Field:
    return F(name, When(lo, hi), *(say or ("{v}",)), ask=kw.pop("ask", "what day and time"), **kw)


def count(name: str, noun: str, lo: int = 2, hi: int = 9, **kw) -> Field:
    return F(name, Count(lo, hi), f"for {{v}} {noun}", ask=kw.pop("ask", f"how many {noun}"), **kw)


def limit(name: str = "limit", noun: str = "results", default: int = 10) -> Field:
    return F(name, Count(3, 25), "(just the top {v})", f"showing {{v}} {noun}", f"limited to {{v}} {noun}",
             label=f"maximum number of {noun}", default=default)


def ident(name: str, prefix: str, *say: str, digits: int = 5, integer: bool = False, **kw) -> Field:
    return F(name, Ident(prefix, digits, integer), *(say or ("{v}",)), **kw)


def text(name: str, pool: tuple[str, ...], *say: str, **kw) -> Field:
    return F(name, Text(pool), *(say or ("saying {v}",)), **kw)


def flag(name: str, yes: tuple[str, ...], no: tuple[str, ...], **kw) -> Field:
    return F(name, Flag(yes, no), "{v}", **kw)
