"""Social networks: posts, comments, follows, profiles, messages, hashtags and analytics."""

from mcp_tui.data.universe.fields import date, flag, ident, limit, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Pick

D = "social"
HANDLES = Pick(("@nasa", "@natgeo", "@maya_codes", "@chef_omar", "@citybikes", "@lisbon_eats"))
VISIBILITY = Choice((("public", "publicly", "for everyone"), ("followers", "for followers only"),
                     ("private", "privately", "just for me")))
POSTS = ("Launch day! Our new app is live.", "Sunset over the harbor tonight.", "Hiring: two backend engineers.",
         "Thanks for 10k followers!", "Our office is closed on Monday.")
TAGS = Pick(("#travel", "#foodie", "#tech", "#startup", "#photography", "#running"))

post_id = ident("post id", "POST", digits=8, label="post ID")

CAPS = (
    *resource(D, "post", "posts", post_id,
              fields=[text("text", POSTS, "saying {v}", ask="what to post"), F("visibility", VISIBILITY, "{v}",
                                                                              default="public"),
                      F("hashtags", Many(TAGS, 1, 3), "tagged {v}", "with {v}"),
                      F("image url", Pick(("https://img.example.com/harbor.jpg", "https://img.example.com/team.png")),
                        "with the image {v}")],
              filters=[F("author", HANDLES, "by {v}"), F("hashtag", TAGS, "tagged {v}"), date("since", "since {b}",
                                                                                               lo=-30, hi=-1)],
              search_required=0, extra=[limit("limit", "posts")], verbs={"create": "publish"},
              ops="search get create update delete"),
    *resource(D, "comment", "comments", ident("comment id", "CMT", digits=8, label="comment ID"),
              fields=[post_id, text("text", ("Congrats!", "Where is this?", "Love it", "DM sent"), "saying {v}")],
              create_required=2, verbs={"create": "post"}, ops="list create delete"),
    cap(D, "follow user", "follow an account", [F("handle", HANDLES, label="account handle")],
        frames=("follow {handle}",)),
    cap(D, "unfollow user", "unfollow an account", [F("handle", HANDLES, label="account handle")],
        frames=("unfollow {handle}",)),
    cap(D, "get profile", "get an account's public profile", [F("handle", HANDLES)],
        frames=("get the profile of {handle}",), asks=("Who is {handle}?",)),
    cap(D, "list followers", "list an account's followers", [F("handle", HANDLES)], [limit("limit", "followers")],
        frames=("list the followers of {handle}{args}",)),
    cap(D, "like post", "like a post", [post_id], frames=("like post {post_id}",)),
    cap(D, "share post", "repost a post", [post_id], [text("comment", ("Worth reading", "So true"), "with {v}")],
        frames=("share post {post_id}{args}",)),
    cap(D, "schedule post", "schedule a post for later",
        [text("text", POSTS, "saying {v}"), when("publish at", "{v}", lo=1, hi=14, label="publish time")],
        [F("visibility", VISIBILITY, "{v}")], frames=("schedule a post{args}",)),
    cap(D, "send direct message", "send a private message to an account",
        [F("handle", HANDLES, "to {v}"), text("text", ("Loved your post!", "Can we collaborate?", "Is this available?"),
                                               "saying {v}")], frames=("DM {handle}{args}", "message {handle}{args}")),
    cap(D, "get trending hashtags", "list trending hashtags", [],
        [F("region", Choice((("us", "in the US"), ("uk", "in the UK"), ("global", "worldwide"))), "{v}"),
         F("limit", Count(3, 20), "(top {v})")], frames=("list trending hashtags{args}",),
        asks=("What's trending{args}?",)),
    cap(D, "get post analytics", "get a post's reach and engagement", [post_id],
        [F("metric", Choice((("impressions",), ("likes",), ("shares",), ("engagement_rate", "engagement rate"))),
           "({v})")], frames=("get the analytics of post {post_id}{args}",)),
    cap(D, "block user", "block an account", [F("handle", HANDLES)], [flag("report", ("and report them",),
                                                                            ("without reporting",))],
        frames=("block {handle}{args}",)),
    cap(D, "mute keyword", "hide posts with a word",
        [F("keyword", Pick(("spoilers", "crypto", "election")), label="word to mute")],
        [F("days", Count(1, 30), "for {v} days", label="duration in days")], frames=("mute {keyword}{args}",)),
    cap(D, "get mentions", "list posts that mention the account", [], [date("since", "since {b}", lo=-14, hi=-1),
                                                                       limit("limit", "mentions")],
        frames=("show my mentions{args}",), asks=("Who mentioned me{args}?",)),
)

QUESTIONS = (
    ("What's the difference between followers and following?",
     "Followers are the accounts that follow you; following is the list of accounts you follow."),
    ("What is an algorithmic feed?", "A feed ordered by predicted interest instead of by time."),
)

DOMAIN = Domain(D, "Social", ("social", "twitter-mcp", "mastodon", "social_api"), CAPS, QUESTIONS,
                vendors=("buffer", "hootsuite"), related=("messaging",))
