"""Hotels and short stays: find a place, book it, change or cancel the booking, reviews."""

from mcp_tui.data.universe.fields import PEOPLE, city, count, date, flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Many, Money, Pick

D = "lodging"
HOTELS = tuple(f"{a} {b}" for a in ("Grand", "Harbor", "Old Town", "Riverside", "Skyline", "Garden") for b in
               ("Hotel", "Inn", "Suites", "Lodge"))  # fmt: skip
AMENITIES = Pick(("wifi", "parking", "pool", "gym", "breakfast", "spa", "pet_friendly", "airport_shuttle"))
ROOM = Choice((("single", "a single room"), ("double", "a double room"), ("suite", "a suite"),
               ("family", "a family room")))  # fmt: skip

hotel_id = ident("hotel id", "HTL-", "{v}", "with ID {v}", label="hotel ID")
booking_id = ident("booking id", "BK", "{v}", "number {v}", digits=6, label="booking number")
filters = [city("city", "in {v}"), date("check in", "checking in {v}", "from {b}", label="check-in date"),
           F("nights", Count(1, 10), "for {v} nights", ask="how many nights"), count("guests", "guests", 1, 6),
           F("max price", Money(60, 400), "under {v} a night", "for at most {v} per night",
             label="maximum nightly price"),
           F("min rating", Decimal(3.0, 4.8), "rated at least {v}", label="minimum guest rating"),
           F("amenities", Many(AMENITIES, 1, 3), "with {v}")]
booking = [F("hotel name", Pick(HOTELS, quote=0.3), "at the {v}", "at {v}", ask="which hotel"),
           date("check in", "checking in {v}", "from {b}", label="check-in date", ask="the check-in date"),
           F("nights", Count(1, 10), "for {v} nights", ask="how many nights"),
           F("guest name", Pick(PEOPLE), "for {v}", "under the name {v}", ask="whose name the booking is under"),
           F("room type", ROOM, "in {v}", "({v})", default="double"), count("guests", "guests", 1, 6, default=2),
           flag("breakfast included", ("with breakfast", "breakfast included"), ("without breakfast", "no breakfast"))]
REVIEW_TEXT = ("Lovely staff, tiny room", "Great view, noisy street", "Spotless and quiet", "Would not stay again")

CAPS = (
    *resource(D, "hotel", "hotels", hotel_id, filters=filters, extra=[limit("limit", "hotels"),
              F("sort", Choice((("price_asc", "cheapest first"), ("rating_desc", "best rated first"),
                                ("distance", "closest to the center first"))), "sorted {v}", "{v}",
                label="sort order")], ops="search get"),
    *resource(D, "booking", "bookings", booking_id, fields=booking, create_required=4, verbs={"delete": "cancel"},
              extra=[F("status", Choice((("upcoming",), ("past",), ("cancelled",))), "that are {v}")],
              ops="get list create update delete"),
    *resource(D, "review", "reviews", ident("review id", "RV", digits=6, label="review ID"),
              fields=[F("hotel name", Pick(HOTELS, quote=0.3), "for the {v}", "of {v}", ask="which hotel"),
                      F("rating", Count(1, 5), "with {v} stars", "rated {v} out of 5", label="star rating"),
                      text("comment", REVIEW_TEXT, "saying {v}", "with the comment {v}")],
              filters=[F("hotel name", Pick(HOTELS, quote=0.3), "for the {v}", "of {v}", ask="which hotel"),
                       F("min stars", Count(1, 5), "with at least {v} stars")],
              create_required=2, verbs={"create": "post"}, ops="search create delete"),
    cap(D, "check room availability", "check whether a hotel has rooms free",
        [F("hotel name", Pick(HOTELS, quote=0.3), ask="which hotel"),
         date("check in", label="check-in date", ask="the check-in date"),
         date("check out", label="check-out date", ask="the check-out date")],
        [count("guests", "guests", 1, 6)],
        frames=("check if the {hotel_name} has rooms from {check_in} to {check_out}{args}",
                "see whether {hotel_name} is available from {check_in} until {check_out}{args}"),
        asks=("Does the {hotel_name} have any rooms free from {check_in} to {check_out}{args}?",)),
    cap(D, "get hotel photos", "get photos of a hotel", [F("hotel id", hotel_id.kind, label="hotel ID")],
        [F("max photos", Count(2, 20), "(at most {v})", label="maximum number of photos")],
        frames=("show me photos of hotel {hotel_id}{args}", "get pictures of hotel {hotel_id}{args}")),
    cap(D, "request late checkout", "ask a hotel for a late checkout on a booking",
        [F("booking id", booking_id.kind, label="booking number"),
         F("checkout time", Pick(("12:00", "13:00", "14:00", "15:00")), "until {v}", label="checkout time",
           desc="Requested checkout time, 24-hour HH:MM")],
        frames=("ask for a late checkout until {checkout_time} on booking {booking_id}",
                "request late check-out at {checkout_time} for booking {booking_id}")),
    cap(D, "get cancellation policy", "get the cancellation policy of a hotel",
        [F("hotel name", Pick(HOTELS, quote=0.3), ask="which hotel")],
        frames=("get the cancellation policy of the {hotel_name}", "check how cancellation works at {hotel_name}"),
        asks=("What's the cancellation policy at the {hotel_name}?",)),
    cap(D, "convert loyalty points", "turn hotel loyalty points into a stay credit",
        [F("member id", Pick(tuple(f"M{n}" for n in range(40213, 40299, 7))), label="member number"),
         F("points", Count(1000, 50000), "{v} points")],
        frames=("redeem {points} points for member {member_id}", "convert {points} loyalty points on account {member_id}")),
    *resource(D, "guest profile", "guest profiles", ident("guest id", "G", digits=6, label="guest ID"),
              fields=[F("name", Pick(PEOPLE), "for {v}", ask="the guest's name"),
                      F("room preference", ROOM, "preferring {v}"),
                      flag("smoking", ("smoking",), ("non-smoking",)),
                      text("notes", ("Allergic to feathers", "Late arrival usually", "Quiet floor please"), "noting {v}")],
              filters=[F("name", Pick(PEOPLE), "named {v}")],
              search_required=0, ops="search get create update delete"),
)

QUESTIONS = (
    ("What's the difference between a hotel and a hostel?",
     "A hotel rents private rooms with services like housekeeping; a hostel mostly rents beds in shared dorms with "
     "shared bathrooms and kitchens, which makes it much cheaper."),
    ("Is it normal to tip hotel housekeeping?",
     "In the US it's customary to leave a few dollars per night for housekeeping; in much of Europe and Asia it's "
     "appreciated but not expected."),
    ("What does 'non-refundable rate' mean when booking a room?",
     "You pay less, but if you cancel or change the booking you get no money back, whatever the reason."),
)

DOMAIN = Domain(D, "Hotels", ("hotels", "stay-finder", "lodging_api", "acme-hotels"), CAPS, QUESTIONS,
                vendors=("staybnb", "hotelio"), related=("travel",))
