"""Food delivery: carts, orders, tracking, promo codes and delivery addresses."""

from mcp_tui.data.universe.fields import STREETS, ZIPS, city, flag, ident, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Group, Many, Measure, Money, Percent, Pick

D = "food_delivery"
SHOPS = Pick(("Pizza Planet", "Sushi Go", "Burger Barn", "Green Bowl", "Taco Loco", "Curry House", "Noodle Box"),
             quote=0.25)
ITEMS = Pick(("margherita pizza", "salmon roll", "cheeseburger", "caesar salad", "chicken burrito", "pad thai",
              "veggie curry", "garlic naan", "fries", "lemonade"))
ADDRESS = Group((("street", Pick(STREETS)), ("city", Pick(("Boston", "Austin", "Denver", "Seattle"))),
                 ("zip", Pick(ZIPS))), "{street}, {city} {zip}")
NOTES = ("Leave it at the door", "Ring the bell twice", "No cutlery please", "Call when outside")

order_id = ident("order id", "ORD-", digits=6, label="order number")
shop = F("restaurant", SHOPS, "from {v}", ask="which restaurant")

CAPS = (
    *resource(D, "delivery order", "delivery orders", order_id,
              fields=[shop, F("items", Many(ITEMS, 1, 3), "with {v}", ask="what you'd like to order"),
                      F("delivery address", ADDRESS, "to {v}", ask="the delivery address"),
                      F("tip", Percent(5, 25), "with a {v} tip", label="tip percentage"),
                      text("instructions", NOTES, "with the note {v}"),
                      flag("contactless", ("contactless",), ("handed to me in person",))],
              create_required=3, verbs={"create": "place", "delete": "cancel"}, ops="get list create delete"),
    *resource(D, "cart item", "cart items", ident("item id", "CI", digits=4, label="cart item ID"),
              fields=[F("dish", ITEMS, ask="which dish"), F("quantity", Count(1, 6), "x{v}", "({v} of them)", default=1),
                      text("special request", ("extra spicy", "no onions", "sauce on the side"), "with {v}")],
              verbs={"create": "add", "delete": "remove"}, ops="list create update delete"),
    *resource(D, "saved address", "saved addresses", ident("address id", "ADR", digits=4),
              fields=[F("label", Pick(("home", "work", "gym", "mom's place")), "called {v}", ask="a name for it"),
                      F("address", ADDRESS, "at {v}", ask="the address")],
              create_required=2, verbs={"create": "save"}, ops="list create delete"),
    cap(D, "track order", "see where a delivery order is", [order_id],
        frames=("track order {order_id}", "check where order {order_id} is"),
        asks=("Where is my order {order_id}?", "When will order {order_id} arrive?")),
    cap(D, "search delivery restaurants", "find restaurants that deliver to an address",
        [city("city", "in {v}")],
        [F("cuisine", Choice((("pizza",), ("sushi",), ("burgers",), ("indian",), ("mexican",), ("vegan",))), "for {v}"),
         F("max delivery fee", Money(0, 8, whole=False), "with delivery under {v}"),
         F("max delivery time", Measure("min", 15, 90, ("h",), integer=True), "that deliver within {v}")],
        frames=("find places that deliver{args}", "show restaurants delivering{args}"),
        asks=("Who delivers{args}?",)),
    cap(D, "apply promo code", "apply a promo code to the cart",
        [F("code", Pick(("SAVE10", "FREESHIP", "WELCOME5", "LUNCH20")), "{v}", ask="which code")],
        frames=("apply the code {code}", "use promo code {code}")),
    cap(D, "estimate delivery time", "estimate how long delivery from a restaurant takes",
        [shop, F("delivery address", ADDRESS, "to {v}")],
        frames=("estimate delivery time{args}",), asks=("How long would delivery{args} take?",)),
    cap(D, "reorder previous order", "place a previous order again", [order_id],
        [F("delivery address", ADDRESS, "to {v}")], frames=("reorder {order_id}{args}", "repeat order {order_id}{args}")),
    cap(D, "rate delivery", "rate a delivered order",
        [order_id, F("stars", Count(1, 5), "{v} stars", "with {v} stars")],
        [text("comment", ("Arrived cold", "Super fast, thanks!", "Missing the fries"), "saying {v}")],
        frames=("rate order {order_id}{args}",)),
    cap(D, "report missing item", "report an item missing from a delivery",
        [order_id, F("dish", ITEMS, "({v} was missing)", label="missing item")],
        frames=("report a missing item on order {order_id}{args}",)),
    cap(D, "get restaurant menu", "get the delivery menu of a restaurant", [shop],
        [F("max price", Money(5, 30), "under {v}")], frames=("show the delivery menu{args}",)),
    cap(D, "schedule order", "schedule an order for later",
        [order_id, F("deliver at", Pick(("18:30", "19:00", "12:15", "20:45")), "for {v}", label="delivery time",
                     desc="Requested delivery time, HH:MM")],
        frames=("schedule order {order_id} {args}",)),
    cap(D, "get nutrition of dish", "get the calories and macros of a dish",
        [shop, F("dish", ITEMS, "for the {v}")], frames=("get nutrition info{args}",),
        asks=("How many calories are in the {dish} from {restaurant}?",)),
)

QUESTIONS = (
    ("Why are delivery prices higher than in the restaurant?",
     "Apps charge restaurants a commission of often 15-30%, so many restaurants raise menu prices on the app, and "
     "the app adds delivery and service fees on top."),
    ("Is it rude not to tip a delivery driver?",
     "In countries like the US drivers rely on tips, so a tip of 10-20% (or a few dollars minimum) is expected; "
     "elsewhere it's optional."),
)

DOMAIN = Domain(D, "FoodDelivery", ("delivery", "food-orders", "eats_delivery"), CAPS, QUESTIONS,
                vendors=("grubly", "dashfood"), related=("restaurants", "shopping", "recipes"))
