"""Cooking: recipes, nutrition facts, meal plans, shopping lists and unit conversions."""

from mcp_tui.data.universe.fields import date, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Measure, Pick

D = "recipes"
INGREDIENTS = Pick(("chicken", "chickpeas", "spinach", "rice", "tomatoes", "eggs", "salmon", "mushrooms", "tofu",
                    "lentils", "potatoes", "basil"))
CUISINE = Choice((("italian", "Italian"), ("mexican", "Mexican"), ("thai", "Thai"), ("indian", "Indian"),
                  ("mediterranean", "Mediterranean"), ("japanese", "Japanese")))
DIET = Choice((("vegetarian",), ("vegan",), ("gluten_free", "gluten-free"), ("keto",), ("dairy_free", "dairy-free")))
COOK_UNITS = Choice((("cup", "cups"), ("tbsp", "tablespoons"), ("tsp", "teaspoons"), ("ml", "milliliters"),
                     ("g", "grams"), ("oz", "ounces")))
DISHES = Pick(("lasagna", "chicken curry", "banana bread", "pad thai", "shakshuka", "risotto"), quote=0.3)

recipe_id = ident("recipe id", "RCP", digits=6, label="recipe ID")

CAPS = (
    *resource(D, "recipe", "recipes", recipe_id,
              filters=[F("ingredients", Many(INGREDIENTS, 1, 3), "with {v}", "using {v}"), F("cuisine", CUISINE, "({v})"),
                       F("diet", DIET, "that are {v}"),
                       F("max time", Measure("min", 10, 120, ("h",), integer=True), "that take under {v}",
                         label="maximum total time"),
                       F("max calories", Count(200, 900), "under {v} calories per serving")],
              search_required=0, extra=[limit("limit", "recipes")], ops="search get"),
    cap(D, "get nutrition facts", "get the nutrition facts of a food",
        [F("food", INGREDIENTS, "for {v}", "of {v}"), F("amount", Measure("g", 10, 1000, ("kg",)), "in {v}",
                                                      label="serving size")],
        frames=("get the nutrition facts{args}",), asks=("How many calories are in {amount} of {food}?",)),
    cap(D, "convert cooking units", "convert a cooking measurement",
        [F("amount", Count(1, 10), label="quantity"), F("from unit", COOK_UNITS, "from {v}"),
         F("to unit", COOK_UNITS, "to {v}")], [F("ingredient", Pick(("flour", "sugar", "butter", "milk")), "of {v}")],
        frames=("convert {amount}{args}",)),
    cap(D, "scale recipe", "scale a recipe to a number of servings",
        [recipe_id, F("servings", Count(2, 12), "for {v} people", "to {v} servings")],
        frames=("scale recipe {recipe_id}{args}",)),
    cap(D, "substitute ingredient", "suggest a substitute for an ingredient",
        [F("ingredient", Pick(("buttermilk", "eggs", "butter", "heavy cream", "soy sauce")), "for {v}")],
        [F("diet", DIET, "that's {v}")], frames=("suggest a substitute{args}",),
        asks=("What can I use instead of {ingredient}?",)),
    *resource(D, "meal plan", "meal plans", ident("plan id", "MP", digits=5),
              fields=[date("start date", "starting {v}", lo=0, hi=14),
                      F("days", Count(3, 14), "for {v} days"), F("daily calories", Count(1200, 3000), "at {v} calories a "
                                                                                              "day"),
                      F("diet", DIET, "that's {v}")],
              create_required=2, ops="get create delete"),
    *resource(D, "shopping list item", "shopping list items", ident("item id", "SLI", digits=4),
              fields=[F("item", INGREDIENTS, "{v}", ask="what to add"), F("quantity", Count(1, 6), "x{v}", default=1)],
              verbs={"create": "add", "delete": "remove"}, ops="list create delete"),
    cap(D, "add recipe to shopping list", "add a recipe's ingredients to the shopping list", [recipe_id],
        [F("servings", Count(2, 10), "for {v} servings")], frames=("add the ingredients of recipe {recipe_id} to my list{args}",)),
    cap(D, "get cooking time", "get cooking time and temperature for a food",
        [F("food", Pick(("whole chicken", "salmon fillet", "pork shoulder", "baked potato"))),
         F("weight", Measure("kg", 0.2, 6, ("g",)), "weighing {v}")],
        [F("method", Choice((("roast",), ("grill",), ("air_fry", "air fryer"))), "in the {v}")],
        frames=("get the cooking time for a {food}{args}",), asks=("How long do I cook a {food}{args}?",)),
    cap(D, "find recipe by dish", "find recipes for a named dish", [F("dish", DISHES, "for {v}")],
        [F("diet", DIET, "that are {v}")], frames=("find recipes{args}",), asks=("How do I make {dish}?",)),
    cap(D, "rate recipe", "rate a recipe", [recipe_id, F("stars", Count(1, 5), "{v} stars")],
        frames=("rate recipe {recipe_id}{args}",)),
    cap(D, "check pantry", "list which recipes the pantry can make",
        [F("ingredients", Many(INGREDIENTS, 2, 4), "with {v}")], [limit("limit", "recipes")],
        frames=("find recipes I can make{args}",), asks=("What can I cook with {ingredients}?",)),
    cap(D, "set kitchen timer", "start a kitchen timer",
        [F("duration", Measure("min", 1, 180, ("h", "s"), integer=True), "for {v}")],
        [F("label", Pick(("pasta", "eggs", "bread", "rice")), "for the {v}")], frames=("set a timer{args}",)),
)

QUESTIONS = (
    ("What's the difference between baking soda and baking powder?",
     "Baking soda is pure sodium bicarbonate and needs an acid to react; baking powder contains its own acid, so it "
     "works with neutral ingredients."),
    ("Why do you rest meat after cooking?",
     "Resting lets the juices redistribute and the temperature even out, so less juice runs out when you cut it."),
)

DOMAIN = Domain(D, "Recipes", ("recipes", "cookbook", "kitchen_api"), CAPS, QUESTIONS, vendors=("spoonacular",),
                related=("food_delivery", "fitness", "smart_home"))
