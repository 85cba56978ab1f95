"""Home devices: lights, thermostat, locks, cameras, blinds, appliances, scenes, energy."""

from mcp_tui.data.universe.fields import COLORS, date, ident, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Clock, Count, Decimal, Measure, Pick

D = "smart_home"
ROOMS = Choice((("living_room", "living room"), ("kitchen", "kitchen"), ("bedroom", "bedroom"), ("office", "office"),
                ("garage", "garage"), ("bathroom", "bathroom")))
DOORS = Choice((("front", "front door"), ("back", "back door"), ("garage", "garage door")))
MODE = Choice((("heat", "heating"), ("cool", "cooling"), ("auto", "auto mode"), ("off", "off")))
CAMERAS = Pick(("driveway", "porch", "backyard", "nursery"))

room = F("room", ROOMS, "in the {v}", ask="which room")

CAPS = (
    cap(D, "turn on lights", "turn lights on", [room],
        [F("brightness", Count(1, 100), "at {v} percent", label="brightness (0-100)"),
         F("color", Pick(COLORS), "in {v}")], frames=("turn on the lights{args}", "switch the lights on{args}")),
    cap(D, "turn off lights", "turn lights off", [room], frames=("turn off the lights{args}", "switch off the lights{args}")),
    cap(D, "set thermostat", "set the thermostat's target temperature",
        [F("temperature", Decimal(16, 28, 1), "to {v} degrees", label="target temperature in °C")],
        [F("mode", MODE, "on {v}")], frames=("set the thermostat{args}", "make it{args} inside")),
    cap(D, "get thermostat status", "read the current indoor temperature and mode", [],
        frames=("check the thermostat",), asks=("How warm is it inside?", "What's the thermostat set to?")),
    cap(D, "lock door", "lock a door", [F("door", DOORS, "the {v}")], frames=("lock {args}",)),
    cap(D, "unlock door", "unlock a door", [F("door", DOORS, "the {v}")],
        [F("duration", Measure("min", 1, 60, ("s",), integer=True), "for {v}", label="how long it stays unlocked")],
        frames=("unlock{args}",)),
    cap(D, "get camera snapshot", "get a still image from a camera", [F("camera", CAMERAS, "from the {v} camera")],
        frames=("get a snapshot{args}", "show me a picture{args}")),
    cap(D, "list camera recordings", "list a camera's motion recordings", [F("camera", CAMERAS, "from the {v} camera")],
        [date("date", lo=-7, hi=0)], frames=("list recordings{args}",)),
    cap(D, "set blinds position", "open or close blinds to a position",
        [room, F("position", Count(0, 100), "to {v} percent open", label="open percentage")],
        frames=("set the blinds{args}",)),
    cap(D, "start vacuum", "start the robot vacuum", [], [F("room", ROOMS, "in the {v}")],
        frames=("start the vacuum{args}", "vacuum{args}")),
    cap(D, "activate scene", "activate a lighting and device scene",
        [F("scene", Pick(("movie night", "good morning", "away", "dinner", "bedtime")), ask="which scene")],
        frames=("activate the {scene} scene", "switch to {scene} mode")),
    cap(D, "arm alarm", "arm or disarm the security system",
        [F("mode", Choice((("away", "in away mode"), ("home", "in home mode"), ("disarmed", "off", "disarmed"))), "{v}")],
        frames=("set the alarm{args}", "put the security system{args}")),
    cap(D, "run sprinklers", "run a sprinkler zone",
        [F("zone", Count(1, 6), "zone {v}"), F("duration", Measure("min", 5, 60, ("h",), integer=True), "for {v}")],
        frames=("run the sprinklers on{args}", "water{args}")),
    cap(D, "get energy usage", "get electricity usage over a period",
        [date("start date", "from {b}", lo=-60, hi=-8), date("end date", "to {b}", lo=-7, hi=0)],
        [F("granularity", Choice((("hour", "hourly"), ("day", "daily"))), "broken down {v}")],
        frames=("get my energy usage{args}",), asks=("How much electricity did we use{args}?",)),
    cap(D, "toggle smart plug", "switch a smart plug on or off",
        [F("plug", Pick(("coffee maker", "space heater", "fan", "aquarium light"))),
         F("state", Choice((("on",), ("off",))), "{v}")],
        frames=("turn the {plug} {state}",)),
    cap(D, "set oven", "preheat the oven",
        [F("temperature", Count(120, 250), "to {v} degrees", label="temperature in °C")],
        [F("mode", Choice((("bake",), ("convection",), ("broil",))), "on {v}")], frames=("preheat the oven{args}",)),
    cap(D, "schedule device", "schedule a device to switch on at a time",
        [F("device", Pick(("porch light", "coffee maker", "heater", "dishwasher"))), F("time", Clock(), "at {v}")],
        frames=("schedule the {device}{args}",)),
    *resource(D, "automation", "automations", ident("automation id", "AUTO", digits=4),
              fields=[text("name", ("Lights off at midnight", "Heat before I wake up", "Lock up when I leave"),
                           "called {v}"),
                      F("trigger", Choice((("sunset", "at sunset"), ("sunrise", "at sunrise"), ("arrive", "when I get "
                                                                                               "home"),
                                           ("leave", "when I leave"))), "running {v}")],
              create_required=2, ops="list create delete"),
    cap(D, "get device battery", "get the battery level of a device", [F("device", Pick(("front door lock",
                                                                                       "porch camera",
                                                                                       "smoke detector")))],
        frames=("check the battery of the {device}",), asks=("How much battery does the {device} have?",)),
    cap(D, "get air purifier status", "read the air purifier's filter and air quality", [room],
        frames=("check the air purifier{args}",)),
)

QUESTIONS = (
    ("What's the difference between Zigbee and Wi-Fi smart devices?",
     "Zigbee devices use a low-power mesh network through a hub and save battery; Wi-Fi devices connect straight to "
     "your router but use more power."),
    ("What temperature should I set my thermostat to in winter?",
     "Around 20°C (68°F) when you're home and awake is a common recommendation, lower at night or when away to save "
     "energy."),
)

DOMAIN = Domain(D, "Home", ("home", "smart-home", "homeassistant", "devices"), CAPS, QUESTIONS, vendors=("hue", "nest"),
                related=("music",))
