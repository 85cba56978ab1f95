"""Online shopping: products, cart, orders, returns, wishlists, price alerts and stores."""

from mcp_tui.data.universe.fields import COLORS, city, date, email, flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Money, Percent, Pick

D = "shopping"
PRODUCTS = Pick(("wireless earbuds", "running shoes", "coffee grinder", "yoga mat", "desk lamp", "backpack",
                 "mechanical keyboard", "water bottle"), quote=0.2)
CATEGORY = Choice((("electronics",), ("sports",), ("home", "home goods"), ("fashion", "clothing"), ("books",),
                   ("toys",)))
BRANDS = Pick(("Sony", "Nike", "Bodum", "Anker", "Patagonia", "Logitech"))
SIZES = Choice((("xs", "extra small"), ("s", "small"), ("m", "medium"), ("l", "large"), ("xl", "extra large")))
REASON = Choice((("damaged", "it arrived damaged"), ("wrong_item", "it's the wrong item"), ("too_small", "it's too "
                                                                                            "small"),
                 ("changed_mind", "I changed my mind")))

product_id = ident("product id", "B0", digits=8, label="product ID")
order_id = ident("order id", "", digits=9, label="order number")

CAPS = (
    *resource(D, "product", "products", product_id,
              filters=[F("query", PRODUCTS, "for {v}", label="search terms"), F("category", CATEGORY, "in {v}"),
                       F("max price", Money(10, 500), "under {v}"), F("brand", BRANDS, "by {v}", "from {v}"),
                       F("min rating", Decimal(3, 4.8, 1), "rated {v} or more"),
                       flag("prime only", ("with free shipping",), ("any shipping",))],
              extra=[limit("limit", "products"), F("sort", Choice((("price_asc", "cheapest first"), ("rating",
                                                                                                    "best rated first"),
                                                                  ("newest", "newest first"))), "sorted {v}", "{v}",
                                                   label="sort order")], ops="search get"),
    *resource(D, "cart item", "cart items", ident("cart item id", "CRT", digits=5),
              fields=[product_id, F("quantity", Count(1, 5), "x{v}", "({v} of them)", default=1),
                      F("size", SIZES, "in {v}"), F("color", Pick(COLORS), "in {v}")],
              verbs={"create": "add", "delete": "remove"}, ops="list create update delete"),
    *resource(D, "order", "orders", order_id,
              filters=[F("status", Choice((("pending",), ("shipped",), ("delivered",), ("cancelled",))), "that are {v}"),
                       date("since", "since {b}", lo=-90, hi=-1)],
              search_required=0, verbs={"delete": "cancel"}, ops="search get delete"),
    cap(D, "checkout", "place an order for the cart",
        [F("payment method", Choice((("card", "with my card"), ("paypal", "with PayPal"), ("gift_card", "with a gift "
                                                                                                     "card"))), "{v}")],
        [F("shipping speed", Choice((("standard",), ("express",), ("next_day", "next-day"))), "with {v} shipping"),
         F("coupon", Pick(("SPRING10", "WELCOME", "FREESHIP")), "using coupon {v}")],
        frames=("check out{args}", "place the order{args}")),
    *resource(D, "return request", "return requests", ident("return id", "RMA", digits=6, label="return number"),
              fields=[order_id, F("reason", REASON, "because {v}", ask="why you're returning it"),
                      F("refund method", Choice((("original", "to my card"), ("store_credit", "as store credit"))),
                        "refunded {v}", default="original")],
              create_required=2, verbs={"create": "start"}, ops="get create delete"),
    *resource(D, "wishlist item", "wishlist items", ident("wishlist item id", "WI", digits=5),
              fields=[product_id, text("note", ("for mom's birthday", "wait for a sale"), "noting {v}")],
              verbs={"create": "add", "delete": "remove"}, ops="list create delete"),
    *resource(D, "price alert", "price alerts", ident("alert id", "PA", digits=5),
              fields=[product_id, F("target price", Money(5, 400, whole=False), "below {v}", "when it drops under {v}"),
                      email("email", "(email {v})")],
              create_required=2, verbs={"create": "set"}, ops="list create delete"),
    cap(D, "track order", "track an order's delivery", [order_id],
        frames=("track order {order_id}",), asks=("Where's order {order_id}?",)),
    cap(D, "find stores", "find stores that stock a product", [product_id, city("city", "near {v}", "in {v}")],
        [flag("in stock only", ("that have it in stock",), ("in stock or not",))],
        frames=("find stores with product {product_id}{args}",)),
    cap(D, "get product reviews", "get a product's reviews", [product_id],
        [F("min stars", Count(1, 5), "with at least {v} stars"), F("sort", Choice((("helpful", "most helpful first"),
                                                                                   ("recent", "newest first"))), "{v}")],
        frames=("get the reviews of product {product_id}{args}",)),
    cap(D, "compare products", "compare products side by side",
        [F("first product", product_id.kind), F("second product", product_id.kind)],
        frames=("compare {first_product} with {second_product}",)),
    cap(D, "apply gift card", "apply a gift card to the account",
        [F("code", Pick(("GC-4X9K-22LM", "GC-77QP-01ZZ", "GC-5TRE-88AB")), label="gift card code")],
        frames=("apply gift card {code}",)),
    cap(D, "get shipping options", "list shipping options to a ZIP code",
        [F("zip", Pick(("02139", "10001", "94103")), "to {v}", label="ZIP code")], [product_id],
        frames=("list shipping options{args}",)),
    cap(D, "get size guide", "get the size guide of a product", [product_id],
        frames=("get the size guide for {product_id}",)),
    cap(D, "estimate sales tax", "estimate sales tax on a purchase",
        [F("amount", Money(5, 3000, whole=False), "on {v}"), F("rate", Percent(0, 11), "at {v}", label="tax rate")],
        frames=("estimate the sales tax{args}",)),
)

QUESTIONS = (
    ("What does 'MSRP' mean?", "Manufacturer's suggested retail price: the price the maker recommends stores charge."),
    ("Is it safe to shop on public Wi-Fi?",
     "It's risky: others on the network may snoop on unencrypted traffic. Use sites with HTTPS, a VPN, or your phone's "
     "data instead."),
)

DOMAIN = Domain(D, "Shop", ("shop", "store-api", "commerce", "amazon-mcp"), CAPS, QUESTIONS, vendors=("shopify", "etsy"),
                related=("food_delivery", "shipping", "banking"))
