"""Video and podcasts: search, channels, playlists, episodes, captions and history."""

from mcp_tui.data.universe.fields import date, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Measure, Pick

D = "streaming"
QUERIES = Pick(("sourdough baking", "learn Python", "home workout", "travel vlog Japan", "guitar lesson",
                "history of Rome"), quote=0.3)
CHANNELS = Pick(("@veritasium", "@babishculinary", "@kurzgesagt", "@mkbhd", "@yogawithadriene"))
PODCASTS = Pick(("The Daily", "Hardcore History", "Radiolab", "Planet Money", "99% Invisible"), quote=0.4)
LANG = Choice((("en", "English"), ("es", "Spanish"), ("fr", "French"), ("de", "German"), ("ja", "Japanese")))
DURATION = Choice((("short", "under 4 minutes", "short"), ("medium", "4 to 20 minutes long"),
                   ("long", "over 20 minutes", "long")))

video_id = ident("video id", "v", digits=9, label="video ID")
episode_id = ident("episode id", "EP", digits=6, label="episode ID")

CAPS = (
    *resource(D, "video", "videos", video_id,
              filters=[F("query", QUERIES, "about {v}", "on {v}", label="search terms"), F("duration", DURATION, "{v}"),
                       date("uploaded after", "uploaded since {b}", lo=-365, hi=-1), F("channel", CHANNELS, "from {v}")],
              extra=[limit("max results", "videos"), F("order", Choice((("relevance", "most relevant first"),
                                                                        ("date", "newest first"),
                                                                        ("views", "most viewed first"))), "{v}",
                                                       label="sort order")], ops="search get"),
    *resource(D, "video playlist", "video playlists", ident("playlist id", "VPL", digits=6),
              fields=[F("title", Pick(("Watch later", "Cooking", "Workouts", "Guitar"), quote=0.8), "called {v}"),
                      F("privacy", Choice((("public",), ("unlisted",), ("private",))), "as {v}", default="private")],
              ops="list create update delete"),
    cap(D, "add video to playlist", "add a video to a playlist",
        [ident("playlist id", "VPL", digits=6), video_id], frames=("add video {video_id} to playlist {playlist_id}",)),
    cap(D, "subscribe to channel", "subscribe to a channel", [F("channel", CHANNELS)],
        [flag("notifications", ("with notifications on",), ("without notifications",))],
        frames=("subscribe to {channel}{args}",)),
    cap(D, "get captions", "get a video's captions", [video_id], [F("language", LANG, "in {v}", default="en")],
        frames=("get the captions of video {video_id}{args}",)),
    cap(D, "get watch history", "list recently watched videos", [], [date("since", "since {b}", lo=-30, hi=-1),
                                                                      limit("limit", "videos")],
        frames=("show my watch history{args}",), asks=("What did I watch{args}?",)),
    *resource(D, "podcast episode", "podcast episodes", episode_id,
              filters=[F("podcast", PODCASTS, "of {v}", "from {v}"), F("query", QUERIES, "about {v}"),
                       F("max length", Measure("min", 10, 180, ("h",), integer=True), "shorter than {v}")],
              search_required=1, ops="search get"),
    cap(D, "download episode", "download a podcast episode for offline listening", [episode_id],
        [F("quality", Choice((("low",), ("standard",), ("high",))), "in {v} quality")],
        frames=("download episode {episode_id}{args}",)),
    cap(D, "set playback speed", "set the playback speed",
        [F("speed", Choice((("0.75", "0.75x"), ("1.0", "normal speed"), ("1.25", "1.25x"), ("1.5", "1.5x"),
                            ("2.0", "double speed"))), "to {v}")],
        frames=("set the playback speed{args}",)),
    cap(D, "get channel stats", "get a channel's subscriber and view counts", [F("channel", CHANNELS, "for {v}")],
        frames=("get the stats{args}",), asks=("How many subscribers does {channel} have?",)),
    cap(D, "get recommendations", "recommend videos based on one", [video_id], [limit("limit", "videos")],
        frames=("recommend videos like {video_id}{args}",)),
    cap(D, "summarize video", "summarize a video's transcript", [video_id],
        [F("length", Choice((("short", "briefly"), ("detailed", "in detail"))), "{v}")],
        frames=("summarize video {video_id}{args}",)),
    cap(D, "follow podcast", "follow a podcast", [F("podcast", PODCASTS)],
        [flag("auto download", ("and download new episodes automatically",), ("without auto-download",))],
        frames=("follow {podcast}{args}",)),
    cap(D, "clip video", "make a short clip from a video",
        [video_id, F("start", Measure("s", 0, 3000, ("min",), integer=True), "starting at {v} in",
                     label="clip start"),
         F("length", Measure("s", 5, 60, (), integer=True), "lasting {v}", label="clip length")],
        frames=("make a clip of video {video_id}{args}",)),
)

QUESTIONS = (
    ("Why do videos buffer?", "The player is waiting for more data than the connection delivers in time, so it pauses "
     "to fill its buffer."),
    ("What's the difference between a podcast and a radio show?",
     "A podcast is recorded audio you download or stream on demand; a radio show is broadcast live on a schedule."),
)

DOMAIN = Domain(D, "Video", ("video", "youtube-mcp", "podcasts", "media_api"), CAPS, QUESTIONS, vendors=("vimeo",),
                related=("music", "movies"))
