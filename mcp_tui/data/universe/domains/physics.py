"""Mechanics, electricity, waves and heat as calculator functions."""

from mcp_tui.data.universe.fields import ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Pick

D = "physics"
UNIT = Choice((("m", "meters"), ("km", "kilometers"), ("mi", "miles"), ("ft", "feet"), ("kg", "kilograms"),
               ("lb", "pounds"), ("c", "Celsius"), ("f", "Fahrenheit"), ("j", "joules"), ("kwh", "kilowatt-hours")))

mass = F("mass", Measure("kg", 0.1, 2000, ("g",)), "of {v}", label="mass")
distance = F("distance", Measure("m", 1, 50000, ("km", "cm")), label="distance")
time = F("time", Measure("s", 1, 7200, ("min", "h")), label="time")

CAPS = (
    cap(D, "calculate velocity", "compute average speed from distance and time", [distance, time],
        frames=("calculate the speed of something covering {distance} in {time}",),
        asks=("How fast do you go if you travel {distance} in {time}?",)),
    cap(D, "calculate acceleration", "compute acceleration from a change of speed over time",
        [F("initial velocity", Count(0, 30), label="initial speed in m/s"),
         F("final velocity", Count(10, 80), label="final speed in m/s"), time],
        frames=("compute the acceleration from {initial_velocity} m/s to {final_velocity} m/s in {time}",)),
    cap(D, "calculate force", "compute force from mass and acceleration (F = ma)",
        [mass, F("acceleration", Decimal(0.5, 20, 1), label="acceleration in m/s²")],
        frames=("calculate the force on a mass {mass} accelerating at {acceleration} m/s²",)),
    cap(D, "calculate kinetic energy", "compute kinetic energy", [mass, F("velocity", Count(1, 100), label="speed in m/s")],
        frames=("compute the kinetic energy of {mass} moving at {velocity} m/s",)),
    cap(D, "calculate potential energy", "compute gravitational potential energy",
        [mass, F("height", Measure("m", 0.5, 2000, ("cm", "km")), label="height")],
        [F("gravity", Decimal(1.6, 24.8, 2), "with g = {v}", label="gravitational acceleration in m/s²", default=9.81)],
        frames=("compute the potential energy of {mass} at a height of {height}{args}",)),
    cap(D, "calculate work", "compute work done by a force over a distance",
        [F("force", Count(1, 5000), label="force in newtons"), distance],
        frames=("compute the work done by a {force} N force over {distance}",)),
    cap(D, "calculate power", "compute power from work and time", [F("work", Count(10, 100000), label="work in joules"), time],
        frames=("calculate the power when {work} J of work is done in {time}",)),
    cap(D, "apply ohms law", "compute a missing value with Ohm's law",
        [F("voltage", Decimal(1, 240, 1), label="voltage in volts"), F("resistance", Decimal(1, 1000, 1),
                                                                     label="resistance in ohms")],
        frames=("use Ohm's law for {voltage} V across {resistance} ohms",),
        asks=("What current flows at {voltage} volts through {resistance} ohms?",)),
    cap(D, "calculate projectile range", "compute how far a projectile travels",
        [F("velocity", Count(5, 100), label="launch speed in m/s"), F("angle", Count(10, 80), label="launch angle in degrees")],
        frames=("compute the range of a projectile launched at {velocity} m/s and {angle} degrees",)),
    cap(D, "calculate free fall time", "compute the time an object takes to fall",
        [F("height", Measure("m", 1, 1000, ("cm", "km")), label="drop height")],
        frames=("compute how long a fall from {height} takes",), asks=("How long does it take to fall {height}?",)),
    cap(D, "calculate wavelength", "compute a wave's wavelength from its frequency",
        [F("frequency", Count(20, 20000), label="frequency in hertz")],
        [F("wave speed", Count(300, 1500), label="wave speed in m/s", default=343)],
        frames=("compute the wavelength of a {frequency} Hz wave{args}",)),
    cap(D, "calculate density", "compute density from mass and volume",
        [mass, F("volume", Measure("l", 0.1, 500, ("ml",)), label="volume")],
        frames=("compute the density of {mass} taking up {volume}",)),
    cap(D, "calculate momentum", "compute momentum", [mass, F("velocity", Count(1, 60), label="speed in m/s")],
        frames=("compute the momentum of {mass} moving at {velocity} m/s",)),
    cap(D, "calculate heat energy", "compute heat needed to change a substance's temperature",
        [mass, F("specific heat", Count(100, 4200), label="specific heat in J/(kg·K)"),
         F("temperature change", Count(1, 90), label="temperature change in kelvin")],
        frames=("compute the heat to warm {mass} by {temperature_change} K with specific heat {specific_heat}",)),
    cap(D, "convert units", "convert a physical quantity between units",
        [F("value", Decimal(0.5, 1000, 1)), F("from unit", UNIT, "from {v}"), F("to unit", UNIT, "to {v}")],
        frames=("convert {value}{args}",)),
    cap(D, "calculate half life decay", "compute what remains after radioactive decay",
        [F("initial amount", Count(10, 1000), label="initial amount in grams"),
         F("half life", Measure("day", 1, 3650, ("week",)), label="half-life"),
         F("elapsed", Measure("day", 1, 7300, ("week",)), label="elapsed time")],
        frames=("compute how much of {initial_amount} g remains after {elapsed} with a half-life of {half_life}",)),
    cap(D, "calculate pressure", "compute pressure from force and area",
        [F("force", Count(1, 10000), label="force in newtons"), F("area", Decimal(0.01, 10, 2), label="area in m²")],
        frames=("compute the pressure of {force} N over {area} m²",)),
    cap(D, "calculate escape velocity", "compute a body's escape velocity",
        [F("body", Choice((("earth", "Earth"), ("moon", "the Moon"), ("mars", "Mars"), ("jupiter", "Jupiter"))))],
        frames=("compute the escape velocity of {body}",), asks=("What's the escape velocity of {body}?",)),
    cap(D, "calculate electrical power", "compute electrical power from voltage and current",
        [F("voltage", Decimal(1, 240, 1), label="voltage in volts"), F("current", Decimal(0.1, 30, 1), label="current in amps")],
        frames=("compute the power of {current} A at {voltage} V",)),
    cap(D, "calculate pendulum period", "compute a pendulum's period",
        [F("length", Measure("m", 0.1, 20, ("cm",)), label="pendulum length")],
        frames=("compute the period of a pendulum {length} long",)),
    *resource(D, "measurement", "measurements", ident("measurement id", "MEAS", digits=6, label="measurement ID"),
              fields=[F("experiment", Pick(("pendulum lab", "spring constant", "free fall", "circuit B")), "for the {v}",
                        ask="which experiment"),
                      F("quantity", Choice((("length",), ("time",), ("mass",), ("voltage",), ("temperature",))),
                        "of {v}"),
                      F("value", Decimal(0.1, 500, 2), "reading {v}"),
                      F("uncertainty", Decimal(0.01, 2, 2), "± {v}")],
              filters=[F("experiment", Pick(("pendulum lab", "spring constant", "free fall")), "from the {v}")],
              create_required=3, search_required=0, verbs={"create": "record"}, ops="search create update delete"),
)

QUESTIONS = (
    ("What's the difference between mass and weight?",
     "Mass is the amount of matter (kilograms) and is the same everywhere; weight is the gravitational force on it "
     "(newtons), which changes with gravity."),
    ("Why does ice float?",
     "Water expands as it freezes into an open hexagonal lattice, so ice is about 9% less dense than liquid water."),
    ("What is Newton's third law?", "For every action there is an equal and opposite reaction."),
)

DOMAIN = Domain(D, "Physics", ("physics", "phys_calc", "sci-tools"), CAPS, QUESTIONS, vendors=("newton",),
                related=("math", "geometry", "chemistry"))
