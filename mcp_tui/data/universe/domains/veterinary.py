"""Pets and vets (foreign set only): pets, visits, vaccines, prescriptions, food and boarding."""

from mcp_tui.data.universe.fields import date, flag, ident, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Pick

D = "veterinary"
SPECIES = Choice((("dog",), ("cat",), ("rabbit",), ("parrot",), ("hamster",)))
PETS = Pick(("Biscuit", "Luna", "Mochi", "Pepper", "Rex", "Olive"), quote=0.3)
VACCINES = Choice((("rabies",), ("dhpp", "DHPP"), ("fvrcp", "FVRCP"), ("bordetella", "kennel cough")))

pet_id = ident("pet id", "PET", digits=5, label="pet ID")

CAPS = (
    *resource(D, "pet", "pets", pet_id,
              fields=[F("name", PETS, "named {v}", "called {v}", ask="the pet's name"), F("species", SPECIES, "(a {v})"),
                      F("weight", Measure("kg", 0.1, 60, ("g",)), "weighing {v}"), date("birth date", "born {v}",
                                                                                       lo=-4000, hi=-30)],
              create_required=2, verbs={"create": "register"}, ops="get list create update delete"),
    *resource(D, "vet visit", "vet visits", ident("visit id", "VV", digits=6),
              fields=[pet_id, when("time", "{v}", lo=1, hi=20), F("reason", Choice((("checkup", "a checkup"),
                                                                                   ("vaccination", "shots"),
                                                                                   ("dental", "a dental clean"),
                                                                                   ("injury", "a limp"))), "for {v}"),
                      flag("house call", ("as a home visit",), ("at the clinic",))],
              create_required=2, verbs={"create": "arrange", "delete": "call off"}, ops="list create update delete"),
    cap(D, "record vaccination", "log a vaccine a pet received",
        [pet_id, F("vaccine", VACCINES, "for {v}"), date("given on", "given {v}", lo=-30, hi=0)],
        frames=("note a vaccination for pet {pet_id}{args}",)),
    cap(D, "get vaccination due", "list vaccines a pet is due for", [pet_id],
        frames=("see which shots pet {pet_id} needs",), asks=("Is pet {pet_id} due for any vaccines?",)),
    cap(D, "calculate food portion", "compute a pet's daily food portion",
        [F("species", SPECIES, "for a {v}"), F("weight", Measure("kg", 1, 60, ("g",)), "of {v}")],
        [F("activity", Choice((("low",), ("normal",), ("high",))), "with {v} activity")],
        frames=("size a daily food portion{args}",)),
    cap(D, "check toxic food", "check whether a food is toxic to a species",
        [F("food", Pick(("grapes", "chocolate", "onions", "carrots", "xylitol gum"))), F("species", SPECIES, "for a {v}")],
        frames=("tell me if {food} is poisonous{args}",), asks=("Can a {species} eat {food}?",)),
    cap(D, "refill pet prescription", "refill a pet's medication",
        [pet_id, F("medication", Pick(("carprofen", "apoquel", "heartworm chewables")))],
        [F("doses", Count(10, 90), "({v} doses)")], frames=("reorder {medication} for pet {pet_id}{args}",)),
    *resource(D, "boarding stay", "boarding stays", ident("stay id", "BOARD", digits=5),
              fields=[pet_id, date("check in", "dropping off {v}", lo=2, hi=30),
                      F("nights", Count(1, 14), "for {v} nights"), flag("grooming", ("with a bath before pickup",),
                                                                        ("no grooming",))],
              create_required=3, verbs={"create": "reserve", "delete": "call off"}, ops="list create delete"),
    cap(D, "find emergency vet", "find an emergency vet open now",
        [F("zip", Pick(("02139", "94103", "60601")), "near {v}", label="ZIP code")],
        [F("radius", Measure("km", 1, 50, ("m",)), "inside {v}")], frames=("locate an emergency vet{args}",)),
    cap(D, "get breed info", "get information about a breed",
        [F("breed", Pick(("border collie", "maine coon", "dachshund", "siamese", "labrador")))],
        frames=("describe the {breed} breed",)),
    cap(D, "log weight", "record a pet's weight", [pet_id, F("weight", Measure("kg", 0.1, 60, ("g",)), "at {v}")],
        frames=("weigh in pet {pet_id}{args}",)),
)

QUESTIONS = (
    ("Why do cats purr?",
     "Mostly to signal contentment or to solicit care, but also when stressed or hurt; the vibration may even help "
     "healing."),
    ("How often should a dog see the vet?", "Once a year for a healthy adult dog; puppies and seniors more often."),
)

DOMAIN = Domain(D, "Vet", ("vet", "petcare", "animal-clinic"), CAPS, QUESTIONS, vendors=("petdesk",))
