"""Chemistry: elements, compounds, molar masses, solutions, gases and reactions."""

from mcp_tui.data.universe.fields import date, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Figure, Measure, Pick

D = "chemistry"
FORMULAS = Pick(("H2O", "CO2", "NaCl", "C6H12O6", "H2SO4", "NH3", "CaCO3", "C2H5OH"))
ELEMENTS = Choice((("Fe", "iron"), ("Au", "gold"), ("Na", "sodium"), ("O", "oxygen"), ("C", "carbon"),
                   ("He", "helium"), ("Cu", "copper"), ("U", "uranium")))
EQUATIONS = Pick(("H2 + O2 -> H2O", "CH4 + O2 -> CO2 + H2O", "Fe + O2 -> Fe2O3", "N2 + H2 -> NH3"), quote=0.8)

formula = F("formula", FORMULAS, label="chemical formula", ask="which compound")

CAPS = (
    cap(D, "calculate molar mass", "compute the molar mass of a compound", [formula],
        frames=("calculate the molar mass of {formula}",), asks=("What's the molar mass of {formula}?",)),
    cap(D, "get element info", "get an element's properties", [F("element", ELEMENTS, label="element symbol")],
        [F("property", Choice((("atomic_mass", "atomic mass"), ("melting_point", "melting point"),
                               ("electronegativity",), ("density",))), "(just the {v})")],
        frames=("look up {element}{args}", "get the properties of {element}{args}"),
        asks=("What's the atomic number of {element}?",)),
    cap(D, "balance equation", "balance a chemical equation", [F("equation", EQUATIONS)],
        frames=("balance {equation}", "balance the equation {equation}")),
    cap(D, "calculate ph", "compute pH from the hydrogen ion concentration",
        [F("concentration", Figure((0.001, 0.01, 0.0001, 0.05, 0.002)), "of {v} mol/L", label="H+ concentration in mol/L")],
        frames=("compute the pH of a solution with [H+]{args}",)),
    cap(D, "grams to moles", "convert a mass of a compound to moles",
        [formula, F("mass", Measure("g", 0.1, 5000, ("kg", "mg")), label="mass")],
        frames=("convert {mass} of {formula} to moles",), asks=("How many moles are in {mass} of {formula}?",)),
    cap(D, "calculate dilution", "compute the final volume for a dilution (C1V1 = C2V2)",
        [F("initial concentration", Decimal(0.5, 12, 1), label="initial molarity"),
         F("initial volume", Measure("ml", 1, 1000, ("l",)), label="initial volume"),
         F("final concentration", Decimal(0.01, 0.5, 2), label="target molarity")],
        frames=("work out the dilution of {initial_volume} of {initial_concentration} M down to {final_concentration} M",)),
    cap(D, "ideal gas calculation", "solve the ideal gas law for volume",
        [F("moles", Decimal(0.1, 10, 1)), F("temperature", Count(200, 600), label="temperature in kelvin"),
         F("pressure", Decimal(0.5, 5, 1), label="pressure in atm")],
        frames=("compute the volume of {moles} mol of gas at {temperature} K and {pressure} atm",)),
    cap(D, "get compound properties", "get a compound's physical properties", [formula],
        [F("properties", Choice((("boiling_point", "boiling point"), ("solubility",), ("density",))), "({v})")],
        frames=("get the properties of {formula}{args}",)),
    cap(D, "calculate percent yield", "compute the percent yield of a reaction",
        [F("actual yield", Measure("g", 1, 500, ("mg",)), label="actual yield"),
         F("theoretical yield", Measure("g", 501, 1000, ()), label="theoretical yield")],
        frames=("compute the percent yield when I got {actual_yield} of a possible {theoretical_yield}",)),
    cap(D, "get electron configuration", "get an element's electron configuration",
        [F("element", ELEMENTS, label="element symbol")],
        frames=("get the electron configuration of {element}",)),
    cap(D, "calculate molarity", "compute molarity from moles and volume",
        [F("moles", Decimal(0.01, 5, 2)), F("volume", Measure("l", 0.05, 5, ("ml",)), label="solution volume")],
        frames=("compute the molarity of {moles} mol in {volume}",)),
    cap(D, "get isotope info", "get an isotope's half-life and abundance",
        [F("element", ELEMENTS, label="element symbol"), F("mass number", Count(1, 240))],
        frames=("get info on the isotope of {element} with mass number {mass_number}",)),
    cap(D, "predict reaction products", "predict the products of a reaction",
        [F("reactants", Pick(("Na + Cl2", "HCl + NaOH", "CaCO3 (heated)", "Zn + CuSO4")), label="reactants")],
        frames=("predict the products of {reactants}",)),
    cap(D, "calculate boiling point elevation", "compute the boiling-point elevation of a solution",
        [F("molality", Decimal(0.1, 3, 1), label="molality in mol/kg"), F("van t hoff factor", Count(1, 3),
                                                                         label="van 't Hoff factor")],
        frames=("compute the boiling point elevation for molality {molality} and i = {van_t_hoff_factor}",)),
    cap(D, "get safety data", "get the hazard information of a chemical", [F("chemical", Pick(("acetone", "bleach",
                                                                                             "ammonia", "ethanol")))],
        frames=("get the safety data for {chemical}",), asks=("Is {chemical} dangerous to handle?",)),
    cap(D, "calculate half reaction potential", "compute a cell's standard potential from two half-reactions",
        [F("anode", ELEMENTS, label="anode element"), F("cathode", ELEMENTS, label="cathode element")],
        frames=("compute the cell potential with a {anode} anode and a {cathode} cathode",)),
    *resource(D, "reagent", "reagents", ident("reagent id", "RG", digits=5, label="reagent ID"),
              fields=[F("name", Pick(("sodium chloride", "ethanol", "hydrochloric acid", "acetone", "glucose")),
                        "of {v}", ask="which chemical"),
                      F("quantity", Measure("g", 1, 5000, ("kg", "mg")), "({v})", label="quantity"),
                      F("location", Pick(("cabinet A2", "fridge 3", "flammables locker")), "stored in {v}"),
                      date("expires", "expiring {v}", lo=30, hi=700, label="expiry date")],
              filters=[F("name", Pick(("sodium chloride", "ethanol", "hydrochloric acid", "acetone")), "named {v}"),
                       F("location", Pick(("cabinet A2", "fridge 3", "flammables locker")), "in {v}")],
              create_required=2, search_required=0, verbs={"create": "register"},
              ops="search get create update delete"),
)

QUESTIONS = (
    ("What's the difference between an atom and a molecule?",
     "An atom is a single unit of an element; a molecule is two or more atoms bonded together, like O2 or H2O."),
    ("Why is water called the universal solvent?",
     "Its polar molecules dissolve more substances than any other common liquid, especially salts and other polar "
     "compounds."),
    ("What does pH measure?", "The acidity of a solution: the negative log of the hydrogen-ion concentration; 7 is "
     "neutral, lower is acidic, higher is basic."),
)

DOMAIN = Domain(D, "Chemistry", ("chemistry", "chem-tools", "periodic"), CAPS, QUESTIONS, vendors=("chemsvc",),
                related=("physics", "biology"))
