"""Music: search, playlists, playback, lyrics, artists and concerts' setlists."""

from mcp_tui.data.universe.fields import flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Measure, Pick

D = "music"
SONGS = Pick(("Bohemian Rhapsody", "Blinding Lights", "Hey Jude", "Levitating", "Clair de Lune", "Superstition",
              "Bad Guy", "Dreams", "Take Five", "Wonderwall"), quote=0.5)
ARTISTS = Pick(("Queen", "The Weeknd", "The Beatles", "Dua Lipa", "Debussy", "Stevie Wonder", "Billie Eilish",
                "Fleetwood Mac", "Dave Brubeck", "Oasis"))
GENRE = Choice((("pop",), ("rock",), ("jazz",), ("classical",), ("hip_hop", "hip-hop"), ("electronic",),
                ("lofi", "lo-fi")))
PLAYLISTS = Pick(("Road Trip", "Focus Mode", "Sunday Morning", "Gym Hits", "Dinner Party"), quote=0.8)
DEVICES = Pick(("kitchen speaker", "living room TV", "my phone", "office speaker"))

playlist_id = ident("playlist id", "PL", digits=6, label="playlist ID")

CAPS = (
    *resource(D, "track", "tracks", ident("track id", "TRK", digits=7, label="track ID"),
              filters=[F("query", SONGS, "called {v}", label="song title"), F("artist", ARTISTS, "by {v}"),
                       F("genre", GENRE, "in {v}"), F("year", Count(1960, 2024), "from {v}")],
              search_required=0, extra=[limit("limit", "tracks")], ops="search get"),
    *resource(D, "playlist", "playlists", playlist_id,
              fields=[F("name", PLAYLISTS, "called {v}", "named {v}", ask="what to call it"),
                      text("description", ("Songs for long drives", "No lyrics, just focus", "Chill weekend vibes"),
                           "described as {v}"),
                      flag("public", ("public", "visible to everyone"), ("private", "just for me"))],
              verbs={"delete": "delete"}, ops="get list create update delete"),
    cap(D, "add to playlist", "add songs to a playlist",
        [playlist_id, F("tracks", Many(SONGS, 1, 3), "with {v}", label="songs")],
        frames=("add {tracks} to playlist {playlist_id}", "put {tracks} on playlist {playlist_id}")),
    cap(D, "remove from playlist", "remove a song from a playlist", [playlist_id, F("track", SONGS, label="song")],
        frames=("remove {track} from playlist {playlist_id}", "take {track} off playlist {playlist_id}")),
    cap(D, "play", "start playing a song, album or playlist",
        [F("query", SONGS, label="what to play", ask="what to play")],
        [F("device", DEVICES, "on the {v}"), flag("shuffle", ("on shuffle",), ("in order",))],
        frames=("play {query}{args}", "put on {query}{args}", "start {query}{args}")),
    cap(D, "pause playback", "pause the music", [], [F("device", DEVICES, "on the {v}")],
        frames=("pause the music{args}", "stop playback{args}")),
    cap(D, "skip track", "skip to the next song", [], [F("count", Count(1, 5), "{v} songs ahead")],
        frames=("skip this song", "skip ahead{args}")),
    cap(D, "set volume", "set the playback volume",
        [F("level", Count(0, 100), "to {v} percent", label="volume level", desc="Volume from 0 to 100")],
        [F("device", DEVICES, "on the {v}")], frames=("set the volume{args}", "turn the volume{args}")),
    cap(D, "queue track", "add a song to the play queue", [F("track", SONGS, label="song")],
        frames=("queue {track}", "add {track} to the queue", "play {track} next")),
    cap(D, "get lyrics", "get the lyrics of a song", [F("track", SONGS, label="song")], [F("artist", ARTISTS, "by {v}")],
        frames=("get the lyrics of {track}{args}", "show me the words to {track}{args}"),
        asks=("What are the lyrics to {track}{args}?",)),
    cap(D, "get artist info", "get an artist's biography and top songs", [F("artist", ARTISTS, ask="which artist")],
        [F("top tracks", Count(3, 10), "with their top {v} songs", label="number of top songs")],
        frames=("tell me about {artist}{args}", "get info on {artist}{args}"), asks=("Who is {artist}?",)),
    cap(D, "get recommendations", "recommend songs like given ones", [F("seed tracks", Many(SONGS, 1, 3), label="songs")],
        [F("count", Count(5, 30), "({v} songs)"), F("genre", GENRE, "in {v}")],
        frames=("recommend songs like {seed_tracks}{args}",)),
    cap(D, "start radio", "start a radio station based on an artist", [F("artist", ARTISTS)],
        frames=("start a {artist} radio station", "play radio based on {artist}")),
    cap(D, "set sleep timer", "stop playback after a while",
        [F("duration", Measure("min", 5, 180, ("h",), integer=True), "after {v}", "in {v}", label="timer length")],
        frames=("set a sleep timer{args}", "stop the music{args}")),
    cap(D, "transfer playback", "move playback to another device", [F("device", DEVICES, "to the {v}")],
        frames=("move the music{args}", "continue playing{args}")),
    cap(D, "like track", "save a song to liked songs", [F("track", SONGS, label="song")],
        frames=("like {track}", "save {track} to my liked songs")),
    cap(D, "get listening stats", "get listening statistics for a period",
        [F("period", Choice((("week", "this week"), ("month", "this month"), ("year", "this year"))), "for {v}")],
        [F("top n", Count(3, 20), "(top {v} artists)")], frames=("show my listening stats{args}",),
        asks=("What did I listen to most{args}?",)),
)

QUESTIONS = (
    ("What's the difference between a major and a minor key?",
     "They use different scales: a major key's third note is a major third above the root, which sounds bright; a "
     "minor key's is a minor third, which sounds darker or sadder."),
    ("What does BPM mean in music?",
     "Beats per minute: the tempo of a piece. Around 60-80 is slow, 120 is a typical pop or dance tempo."),
    ("Who wrote the Moonlight Sonata?",
     "Ludwig van Beethoven, in 1801 (Piano Sonata No. 14 in C-sharp minor)."),
)

DOMAIN = Domain(D, "Music", ("music", "spotify-mcp", "player", "music_library"), CAPS, QUESTIONS,
                vendors=("tunely", "soundco"), related=("smart_home", "streaming"))
