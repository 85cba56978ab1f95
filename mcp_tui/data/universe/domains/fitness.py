"""Health and fitness: body metrics, calories, workouts, steps, sleep and hydration."""

from mcp_tui.data.universe.fields import date, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure

D = "fitness"
ACTIVITY = Choice((("running", "running", "a run"), ("cycling", "cycling", "a bike ride"), ("swimming", "swimming"),
                   ("walking", "walking", "a walk"), ("yoga", "yoga"), ("strength", "weight training", "lifting")))
LEVEL = Choice((("sedentary", "sedentary", "barely active"), ("light", "lightly active"), ("moderate", "moderately active"),
                ("very_active", "very active")))
SEX = Choice((("female", "female", "a woman"), ("male", "male", "a man")))

weight = F("weight", Measure("kg", 40, 150, ("g",)), label="body weight", ask="your weight")
height = F("height", Measure("cm", 140, 210, ("m",)), label="height", ask="your height")
age = F("age", Count(18, 80), "{v} years old", label="age", ask="your age")
duration = F("duration", Measure("min", 10, 180, ("h",), integer=True), "for {v}", label="duration", ask="how long")

CAPS = (
    cap(D, "calculate bmi", "compute body-mass index", [weight, height],
        frames=("calculate my BMI: I weigh {weight} and I'm {height} tall", "compute BMI for {weight} at {height}"),
        asks=("What's the BMI of someone who is {height} and weighs {weight}?",)),
    cap(D, "calculate calories burned", "estimate calories burned by an activity", [F("activity", ACTIVITY), duration],
        [weight], frames=("estimate the calories burned by {activity}{args}",),
        asks=("How many calories does {activity} burn{args}?",)),
    cap(D, "calculate daily calories", "estimate daily calorie needs",
        [age, F("sex", SEX, "({v})"), weight, height], [F("activity level", LEVEL, "and {v}")],
        frames=("estimate my daily calorie needs: {age}, {sex}, {weight}, {height}{args}",)),
    cap(D, "get heart rate zones", "compute heart-rate training zones", [age],
        [F("resting heart rate", Count(45, 90), "with a resting pulse of {v}", label="resting heart rate")],
        frames=("compute my heart rate zones, I'm {age}{args}",)),
    *resource(D, "workout", "workouts", ident("workout id", "WO", digits=6),
              fields=[F("activity", ACTIVITY, "of {v}"), duration, date("date", lo=-7, hi=0),
                      F("distance", Measure("km", 1, 60, ("m",)), "covering {v}"),
                      F("intensity", Choice((("easy",), ("moderate",), ("hard",))), "at {v} intensity")],
              filters=[F("activity", ACTIVITY, "of {v}"), date("since", "since {b}", lo=-60, hi=-1)],
              create_required=2, verbs={"create": "log"}, ops="search create update delete"),
    cap(D, "get step count", "get the step count for a day", [date("date", lo=-14, hi=0)],
        frames=("get my step count{args}",), asks=("How many steps did I take{args}?",)),
    *resource(D, "sleep log", "sleep logs", ident("sleep id", "SL", digits=6),
              fields=[date("night of", lo=-7, hi=0, label="night"), F("hours", Measure("h", 3, 11, ("min",)), "of {v}",
                                                                  label="sleep duration"),
                      F("quality", Count(1, 5), "rated {v}/5", label="sleep quality")],
              create_required=2, verbs={"create": "log"}, ops="list create delete"),
    cap(D, "log water intake", "record water drunk", [F("amount", Measure("ml", 100, 3000, ("l",)), label="amount")],
        frames=("log {amount} of water", "record that I drank {amount}")),
    cap(D, "get hydration goal", "compute a daily water goal", [weight], [duration],
        frames=("compute my daily water goal for {weight}{args}",)),
    cap(D, "calculate pace", "compute running pace from distance and time",
        [F("distance", Measure("km", 1, 50, ("m",)), label="distance"), F("time", Measure("min", 5, 400, ("h",)),
                                                                        label="time")],
        frames=("compute my pace for {distance} in {time}",), asks=("What's my pace if I ran {distance} in {time}?",)),
    cap(D, "calculate one rep max", "estimate a one-repetition maximum",
        [F("weight lifted", Measure("kg", 10, 250, ()), label="weight lifted"), F("reps", Count(2, 12), label="repetitions")],
        frames=("estimate my one-rep max from {weight_lifted} for {reps} reps",)),
    cap(D, "get workout plan", "suggest a weekly workout plan",
        [F("goal", Choice((("lose_weight", "losing weight"), ("build_muscle", "building muscle"), ("endurance",
                                                                                                 "endurance"))),
           "for {v}"), F("days per week", Count(2, 6), "{v} days a week")],
        frames=("make a workout plan{args}",)),
    cap(D, "calculate body fat", "estimate body-fat percentage from measurements",
        [F("waist", Measure("cm", 60, 130, ("mm",)), "waist {v}"), F("neck", Measure("cm", 30, 50, ()), "neck {v}"),
         height, F("sex", SEX, "({v})")],
        frames=("estimate my body fat:{args}",)),
    cap(D, "set activity goal", "set a daily activity goal",
        [F("metric", Choice((("steps",), ("active_minutes", "active minutes"), ("calories",))), "for {v}"),
         F("target", Count(30, 15000), "of {v}")], frames=("set a daily goal{args}",)),
    cap(D, "get recovery score", "get today's recovery score from sleep and heart data", [],
        [date("date", lo=-3, hi=0)], frames=("get my recovery score{args}",), asks=("How recovered am I{args}?",)),
)

QUESTIONS = (
    ("Is BMI a good measure of health?",
     "It's a quick screening number from height and weight, but it can't tell muscle from fat, so it misjudges "
     "athletes and older adults; waist size and other measures add context."),
    ("How much water should I drink a day?",
     "A common guideline is about 2-3 liters of total fluids for adults, more with heat or exercise; thirst and pale "
     "urine are good guides."),
    ("What's the difference between aerobic and anaerobic exercise?",
     "Aerobic exercise (jogging, cycling) uses oxygen for sustained effort; anaerobic exercise (sprints, heavy "
     "lifting) is short and intense, fueled without enough oxygen."),
)

DOMAIN = Domain(D, "Fitness", ("fitness", "health-tracker", "wellness_api"), CAPS, QUESTIONS, vendors=("fitly",),
                related=("clinic", "recipes", "biology"))
