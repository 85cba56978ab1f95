"""Video games: players, leaderboards, matches, friends, store prices and servers."""

from mcp_tui.data.universe.fields import date, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Money, Pick

D = "gaming"
GAMES = Pick(("Minecraft", "Fortnite", "Valorant", "Rocket League", "Elden Ring", "Stardew Valley", "League of Legends"),
             quote=0.2)
PLATFORM = Choice((("pc", "PC"), ("ps5", "PlayStation 5", "PS5"), ("xbox", "Xbox"), ("switch", "Nintendo Switch",
                                                                                     "Switch")))
REGION = Choice((("na", "North America"), ("eu", "Europe"), ("asia", "Asia"), ("oce", "Oceania")))
GENRE = Choice((("rpg", "RPG", "role-playing"), ("shooter",), ("strategy",), ("puzzle",), ("racing",), ("sandbox",)))
PLAYERS = Pick(("xXShadowXx", "PixelPanda", "NoScopeNina", "Turbo_Ted", "MossyMage"))

player = F("username", PLAYERS, label="player name", ask="which player")

CAPS = (
    *resource(D, "game", "games", ident("game id", "GM", digits=6, label="game ID"),
              filters=[F("genre", GENRE, "in the {v} genre", "({v})"), F("platform", PLATFORM, "on {v}"),
                       F("max price", Money(0, 70), "under {v}"), flag("multiplayer", ("with multiplayer",),
                                                                       ("single-player is fine",))],
              search_required=0, extra=[limit("limit", "games")], ops="search get"),
    cap(D, "get player stats", "get a player's stats in a game", [player, F("game", GAMES, "in {v}")],
        [F("season", Count(1, 20), "for season {v}")], frames=("get stats for {username}{args}",),
        asks=("How is {username} doing{args}?",)),
    cap(D, "get leaderboard", "get a game's leaderboard", [F("game", GAMES, "for {v}")],
        [F("region", REGION, "in {v}"), F("limit", Count(5, 100), "(top {v})")],
        frames=("get the leaderboard{args}",), asks=("Who's top{args}?",)),
    cap(D, "get match history", "list a player's recent matches", [player],
        [F("game", GAMES, "in {v}"), F("limit", Count(3, 20), "(last {v})")],
        frames=("show the match history of {username}{args}",)),
    *resource(D, "friend", "friends", F("username", PLAYERS, label="player name"),
              fields=[F("username", PLAYERS, label="player name"),
                      F("message", Pick(("GG! Add me", "Let's duo tonight", "From the tournament")), "with the note "
                                                                                                 "{v}")],
              verbs={"create": "add", "delete": "remove"}, ops="list create delete"),
    cap(D, "get server status", "check whether a game's servers are up", [F("game", GAMES, "for {v}")],
        [F("region", REGION, "in {v}")], frames=("check the server status{args}",),
        asks=("Are the {game} servers down{args}?",)),
    cap(D, "get store price", "get a game's current store price", [F("game", GAMES, "of {v}")],
        [F("platform", PLATFORM, "on {v}")], frames=("get the price{args}",), asks=("How much is {game}{args}?",)),
    cap(D, "get achievements", "list a player's achievements in a game", [player, F("game", GAMES, "in {v}")],
        [flag("unlocked only", ("unlocked ones only",), ("locked and unlocked",))],
        frames=("list the achievements of {username}{args}",)),
    *resource(D, "tournament", "tournaments", ident("tournament id", "TRN", digits=5),
              filters=[F("game", GAMES, "for {v}"), F("region", REGION, "in {v}"),
                       date("starting after", "starting after {b}", lo=0, hi=30)],
              search_required=0, ops="search get"),
    cap(D, "register for tournament", "sign a team up for a tournament",
        [ident("tournament id", "TRN", digits=5), F("team name", Pick(("Night Owls", "Lag Busters", "Team Phoenix"),
                                                                      quote=0.7), "as {v}")],
        frames=("register for tournament {tournament_id}{args}",)),
    cap(D, "get patch notes", "get a game's latest patch notes", [F("game", GAMES, "for {v}")],
        frames=("get the latest patch notes{args}",), asks=("What changed in the last {game} patch?",)),
    cap(D, "get playtime", "get how long a player has played a game", [player, F("game", GAMES, "in {v}")],
        frames=("get the playtime of {username}{args}",), asks=("How many hours has {username} played{args}?",)),
    cap(D, "compare players", "compare two players' stats",
        [F("first player", PLAYERS), F("second player", PLAYERS), F("game", GAMES, "in {v}")],
        frames=("compare {first_player} and {second_player}{args}",)),
    cap(D, "get system requirements", "get a game's PC requirements", [F("game", GAMES, "for {v}")],
        [F("tier", Choice((("minimum",), ("recommended",))), "({v})")], frames=("get the system requirements{args}",),
        asks=("Can my PC run {game}?",)),
)

QUESTIONS = (
    ("What does 'GG' mean in games?", "'Good game': said at the end of a match as a sign of sportsmanship."),
    ("What's the difference between an MMO and a regular online game?",
     "An MMO (massively multiplayer online game) has a persistent world shared by thousands of players at once; most "
     "online games host small matches."),
)

DOMAIN = Domain(D, "Games", ("games", "steam-mcp", "gamestats", "esports_api"), CAPS, QUESTIONS, vendors=("steam",),
                related=("sports",))
