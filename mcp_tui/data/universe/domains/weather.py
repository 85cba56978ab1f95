"""Weather and climate: current conditions, forecasts, alerts, air quality, history."""

from mcp_tui.data.universe.fields import city, date, email, flag, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Group, Measure, Pick

D = "weather"
UNITS = Choice((("celsius", "in Celsius", "in °C"), ("fahrenheit", "in Fahrenheit", "in °F")))
SYSTEM = Choice((("metric", "in metric units"), ("imperial", "in imperial units")))
ALERT = Choice((("storm", "storm"), ("heat", "heat"), ("flood", "flood"), ("frost", "frost"), ("wind", "high wind")))
COORDS = Group((("lat", Decimal(-60, 60, 4)), ("lon", Decimal(-150, 150, 4))), "latitude {lat}, longitude {lon}")

where = city("location", "in {v}", "for {v}", ask="which city")
units = F("units", UNITS, "{v}", default="celsius", label="temperature unit")

CAPS = (
    cap(D, "get current weather", "get the current weather for a place", [where], [units],
        frames=("check the weather{args}", "get the current conditions{args}", "tell me the temperature{args}"),
        asks=("What's the weather like{args}?", "How warm is it{args} right now?")),
    cap(D, "get forecast", "get a daily weather forecast", [where],
        [F("days", Count(2, 10), "for the next {v} days", label="number of days", default=3), units],
        frames=("get the forecast{args}", "show me the weather forecast{args}"),
        asks=("What will the weather be like{args}?",)),
    cap(D, "get hourly forecast", "get an hour-by-hour forecast", [where],
        [F("hours", Count(3, 48), "for the next {v} hours", label="number of hours", default=12), units],
        frames=("get the hourly forecast{args}",), asks=("Will it rain in the next few hours{args}?",)),
    cap(D, "get weather alerts", "get active severe-weather alerts", [where],
        [F("severity", Choice((("minor",), ("moderate",), ("severe",), ("extreme",))), "of at least {v} severity")],
        frames=("check for weather warnings{args}", "list active weather alerts{args}"),
        asks=("Are there any weather warnings{args}?",)),
    cap(D, "get air quality", "get the air quality index", [where],
        [flag("include pollutants", ("with the pollutant breakdown",), ("without the pollutant details",))],
        frames=("check the air quality{args}", "get the AQI{args}"), asks=("How's the air quality{args}?",)),
    cap(D, "get uv index", "get the UV index", [where], [date("date", lo=0, hi=5)],
        frames=("get the UV index{args}",), asks=("How strong is the sun{args}?",)),
    cap(D, "get historical weather", "get the weather of a past date", [where, date("date", lo=-400, hi=-1)], [units],
        frames=("get the weather{args}", "look up what the weather was{args}"),
        asks=("What was the weather{args}?",)),
    cap(D, "get sun times", "get sunrise and sunset times", [where], [date("date", lo=0, hi=30)],
        frames=("get sunrise and sunset times{args}",), asks=("When does the sun set{args}?",)),
    cap(D, "get pollen count", "get the pollen count", [where],
        [F("pollen type", Choice((("grass",), ("tree",), ("weed",))), "for {v} pollen")],
        frames=("check the pollen count{args}",), asks=("Is the pollen bad{args} today?",)),
    cap(D, "get weather by coordinates", "get the current weather at exact coordinates",
        [F("coordinates", COORDS, "at {v}")], [units], frames=("get the weather{args}",)),
    cap(D, "get rainfall total", "get total rainfall over a period",
        [where, date("start date", "from {b}", lo=-60, hi=-10), date("end date", "to {b}", lo=-9, hi=-1)],
        [F("unit", Choice((("mm", "in millimeters"), ("in", "in inches"))), "{v}")],
        frames=("get total rainfall{args}",), asks=("How much rain fell{args}?",)),
    cap(D, "get marine forecast", "get a marine forecast (waves and wind) for a coast",
        [F("coast", Pick(("Cape Cod", "Algarve coast", "Bay of Biscay", "Gold Coast", "Oregon coast")), "for the {v}")],
        [F("min wave height", Measure("m", 0.5, 8, ("cm",)), "for waves over {v}")],
        frames=("get the marine forecast{args}",)),
    cap(D, "compare climates", "compare the average climate of two cities in a month",
        [city("city a", implied=False), city("city b", implied=False),
         F("month", Choice(tuple((m.lower(), m) for m in ("January", "April", "July", "October")))),],
        frames=("compare the climate of {city_a} and {city_b} in {month}",)),
    *resource(D, "weather alert subscription", "weather alert subscriptions", ident("subscription id", "SUB-"),
              fields=[city("location", "for {v}", implied=False), F("alert type", ALERT, "for {v} alerts"),
                      email("email", "to {v}")],
              create_required=2, verbs={"create": "subscribe to", "delete": "unsubscribe from"},
              ops="list create delete"),
    *resource(D, "weather station", "weather stations", ident("station id", "WS", digits=4, label="station ID"),
              filters=[city("location", "near {v}"), F("radius", Measure("km", 1, 50, ("m",)), "within {v}")],
              ops="search get"),
    cap(D, "get station readings", "get the latest readings of a weather station",
        [ident("station id", "WS", digits=4, label="station ID")],
        [F("metric", Choice((("temperature",), ("humidity",), ("wind_speed", "wind speed"), ("pressure",))), "({v})")],
        frames=("get the latest readings from station {station_id}{args}",)),
    cap(D, "convert temperature", "convert a temperature between scales",
        [F("value", Decimal(-30, 110, 1), "{v} degrees"), F("from unit", UNITS, "from {v}"),
         F("to unit", UNITS, "to {v}")], frames=("convert {value} degrees{args}",)),
    cap(D, "get frost dates", "get the typical first and last frost dates for a place", [where],
        frames=("get the frost dates{args}",), asks=("When is the last frost usually{args}?",)),
    cap(D, "get wind forecast", "get wind speed and direction for the next hours", [where],
        [F("hours", Count(3, 24), "for the next {v} hours"), F("speed unit", Choice((("kmh", "in km/h"),
                                                                                   ("mph", "in mph"),
                                                                                   ("knots", "in knots"))), "{v}")],
        frames=("get the wind forecast{args}",), asks=("How windy will it be{args}?",)),
    cap(D, "get snow report", "get snow depth and conditions at a ski resort",
        [F("resort", Pick(("Zermatt", "Whistler", "Niseko", "Aspen", "Chamonix")), "at {v}")],
        [F("units", SYSTEM, "{v}")], frames=("get the snow report{args}",),
        asks=("How much snow is there{args}?",)),
    cap(D, "get climate normals", "get a place's long-term monthly averages", [where],
        [F("month", Count(1, 12), "for month {v}")], frames=("get the climate averages{args}",)),
)

QUESTIONS = (
    ("What's the difference between weather and climate?",
     "Weather is the state of the atmosphere over hours or days; climate is the average of weather over decades for "
     "a region."),
    ("Why is the sky blue?",
     "Air molecules scatter short (blue) wavelengths of sunlight much more than long (red) ones (Rayleigh "
     "scattering), so blue light reaches your eyes from every direction of the sky."),
    ("What does a 40% chance of rain mean?",
     "It means that on 4 out of 10 days with conditions like these, measurable rain falls somewhere in the forecast "
     "area; it says nothing about how hard it will rain."),
)

DOMAIN = Domain(D, "Weather", ("weather-service", "openmeteo", "forecast_api", "wx"), CAPS, QUESTIONS,
                vendors=("meteo", "wxco"), related=())
