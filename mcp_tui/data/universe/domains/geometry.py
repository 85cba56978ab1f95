"""Shapes and space: areas, volumes, perimeters, distances and angles."""

from mcp_tui.data.universe.fields import ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Group, Measure, Pick

D = "geometry"


def length(name: str, unit: str = "cm", lo: float = 1, hi: float = 500, **kw):
    return F(name, Measure(unit, lo, hi, ("mm", "m") if unit == "cm" else ("cm", "km")), **kw)


POINT = lambda: Group((("x", Decimal(-50, 50, 1)), ("y", Decimal(-50, 50, 1))), "({x}, {y})")  # noqa: E731

CAPS = (
    cap(D, "calculate circle area", "compute the area of a circle", [length("radius", label="radius")],
        [F("unit", Choice((("cm2", "in square centimeters"), ("m2", "in square meters"))), "{v}")],
        frames=("compute the area of a circle with a radius of {radius}{args}",),
        asks=("What's the area of a circle of radius {radius}{args}?",)),
    cap(D, "calculate circumference", "compute a circle's circumference", [length("diameter", "m", 0.1, 100)],
        frames=("get the circumference of a circle {diameter} across",)),
    cap(D, "calculate rectangle area", "compute the area of a rectangle",
        [length("width"), length("height")], frames=("compute the area of a rectangle {width} wide and {height} tall",
                                                     "find the area of a {width} by {height} rectangle")),
    cap(D, "calculate triangle area", "compute a triangle's area from base and height",
        [length("base"), length("height")], frames=("calculate the area of a triangle with base {base} and height {height}",)),
    cap(D, "calculate triangle area from sides", "compute a triangle's area from its three sides (Heron's formula)",
        [F("a", Count(3, 20), label="side a"), F("b", Count(3, 20), label="side b"), F("c", Count(3, 20), label="side c")],
        frames=("use Heron's formula on a triangle with sides {a}, {b} and {c}",)),
    cap(D, "calculate hypotenuse", "compute the hypotenuse of a right triangle",
        [F("leg a", Count(1, 50), label="first leg"), F("leg b", Count(1, 50), label="second leg")],
        frames=("find the hypotenuse when the legs are {leg_a} and {leg_b}",),
        asks=("How long is the hypotenuse if the legs are {leg_a} and {leg_b}?",)),
    cap(D, "calculate sphere volume", "compute the volume of a sphere", [length("radius", "m", 0.1, 50)],
        frames=("compute the volume of a sphere with radius {radius}",)),
    cap(D, "calculate cylinder volume", "compute the volume of a cylinder",
        [length("radius"), length("height")], frames=("get the volume of a cylinder {radius} in radius and {height} high",)),
    cap(D, "calculate cone volume", "compute the volume of a cone", [length("radius"), length("height")],
        frames=("compute the volume of a cone with radius {radius} and height {height}",)),
    cap(D, "calculate box volume", "compute the volume of a rectangular box",
        [F("dimensions", Group((("length", Measure("cm", 1, 300, ("m",))), ("width", Measure("cm", 1, 300, ("m",))),
                                ("height", Measure("cm", 1, 300, ("m",)))), "{length} by {width} by {height}"))],
        frames=("compute the volume of a box {dimensions}",)),
    cap(D, "calculate distance between points", "compute the distance between two points",
        [F("point a", POINT(), label="first point"), F("point b", POINT(), label="second point")],
        frames=("compute the distance between {point_a} and {point_b}",),
        asks=("How far apart are {point_a} and {point_b}?",)),
    cap(D, "calculate midpoint", "compute the midpoint of two points",
        [F("point a", POINT(), label="first point"), F("point b", POINT(), label="second point")],
        frames=("find the midpoint of {point_a} and {point_b}",)),
    cap(D, "calculate slope", "compute the slope of the line through two points",
        [F("point a", POINT(), label="first point"), F("point b", POINT(), label="second point")],
        frames=("compute the slope between {point_a} and {point_b}",)),
    cap(D, "convert angle", "convert an angle between degrees and radians",
        [F("value", Decimal(0, 360, 1), label="angle"), F("to unit", Choice((("radians", "to radians"),
                                                                            ("degrees", "to degrees"))), "{v}")],
        frames=("convert {value}{args}",)),
    cap(D, "calculate polygon angles", "compute the interior angle sum of a polygon",
        [F("sides", Count(3, 20), label="number of sides")],
        frames=("compute the interior angles of a polygon with {sides} sides",),
        asks=("What do the angles of a {sides}-sided polygon add up to?",)),
    cap(D, "calculate perimeter", "compute the perimeter of a regular polygon",
        [F("sides", Count(3, 12), label="number of sides"), length("side length", label="side length")],
        frames=("compute the perimeter of a regular polygon with {sides} sides of {side_length}",)),
    cap(D, "calculate sphere surface", "compute the surface area of a sphere", [length("radius")],
        frames=("compute the surface area of a sphere with radius {radius}",)),
    cap(D, "calculate trapezoid area", "compute a trapezoid's area",
        [length("base a", label="first base"), length("base b", label="second base"), length("height")],
        frames=("find the area of a trapezoid with bases {base_a} and {base_b} and height {height}",)),
    cap(D, "scale shape", "scale a shape's area by a linear factor",
        [F("area", Decimal(1, 500, 1), label="original area"), F("factor", Decimal(0.5, 4, 1), label="scale factor")],
        frames=("scale an area of {area} by a factor of {factor}",)),
    cap(D, "classify triangle", "classify a triangle by its sides",
        [F("a", Count(1, 20), label="side a"), F("b", Count(1, 20), label="side b"), F("c", Count(1, 20), label="side c")],
        frames=("classify a triangle with sides {a}, {b} and {c}",)),
    *resource(D, "floor plan room", "floor plan rooms", ident("room id", "RM", digits=4, label="room ID"),
              fields=[F("name", Pick(("kitchen", "bedroom 2", "study", "hallway")), "called {v}", ask="the room's name"),
                      F("length", Measure("m", 1, 15, ("cm",)), "{v} long"), F("width", Measure("m", 1, 12, ("cm",)),
                                                                             "{v} wide")],
              create_required=3, verbs={"create": "add"}, ops="get list create update delete"),
)

QUESTIONS = (
    ("What is pi?",
     "The ratio of a circle's circumference to its diameter, about 3.14159; it's irrational, so its decimals never "
     "end or repeat."),
    ("What's the Pythagorean theorem?",
     "In a right triangle, the square of the hypotenuse equals the sum of the squares of the other two sides: "
     "a² + b² = c²."),
    ("How many degrees are in a triangle?", "The interior angles of a triangle always add up to 180 degrees."),
)

DOMAIN = Domain(D, "Geometry", ("geometry", "shapes", "geo_calc"), CAPS, QUESTIONS, vendors=("shapely",),
                related=("math", "physics"))
