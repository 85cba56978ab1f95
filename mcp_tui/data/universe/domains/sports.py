"""Sports data: scores, standings, schedules, player and team statistics."""

from mcp_tui.data.universe.fields import date, flag, ident, limit
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Pick

D = "sports"
LEAGUE = Choice((("nba", "the NBA"), ("nfl", "the NFL"), ("epl", "the Premier League"), ("mlb", "MLB"),
                 ("laliga", "La Liga"), ("nhl", "the NHL")))
TEAMS = Pick(("Lakers", "Celtics", "Arsenal", "Real Madrid", "Yankees", "Chiefs", "Warriors", "Liverpool", "Bayern",
              "Maple Leafs"))
PLAYERS = Pick(("LeBron James", "Stephen Curry", "Erling Haaland", "Shohei Ohtani", "Patrick Mahomes", "Bukayo Saka",
                "Connor McDavid", "Aitana Bonmatí"))
SEASON = Pick(("2021-22", "2022-23", "2023-24", "2024-25"))
STAT = Choice((("points",), ("assists",), ("rebounds",), ("goals",), ("home_runs", "home runs"),
               ("touchdowns",)))

game_id = ident("game id", "G", digits=7, label="game ID")
team = F("team", TEAMS, "of the {v}", "for the {v}", ask="which team")

CAPS = (
    *resource(D, "game", "games", game_id,
              filters=[F("league", LEAGUE, "in {v}"), date("date", lo=-7, hi=7), F("team", TEAMS, "involving the {v}")],
              search_required=1, ops="search get"),
    *resource(D, "player", "players", ident("player id", "P", digits=6, label="player ID"),
              filters=[F("name", PLAYERS, "named {v}"), F("team", TEAMS, "on the {v}"),
                       F("position", Choice((("guard",), ("forward",), ("goalkeeper",), ("pitcher",),
                                             ("quarterback",))), "playing {v}")],
              search_required=0, extra=[limit("limit", "players")], ops="search get"),
    *resource(D, "fantasy team", "fantasy teams", ident("fantasy team id", "FT", digits=5, label="fantasy team ID"),
              fields=[F("name", Pick(("Dunk Dynasty", "Goal Diggers", "Net Profits", "Gridiron Gang"), quote=0.8),
                        "called {v}", ask="the team's name"), F("league", LEAGUE, "for {v}")],
              create_required=2, ops="get create delete"),
    cap(D, "get live score", "get the live score of a game", [team], [F("league", LEAGUE, "in {v}")],
        frames=("get the score of the {team} game{args}", "check the {team} score{args}"),
        asks=("What's the score in the {team} game?", "Are the {team} winning?")),
    cap(D, "get standings", "get a league's standings table", [F("league", LEAGUE, ask="which league")],
        [F("season", SEASON, "for the {v} season"), F("top n", Count(3, 20), "(top {v})")],
        frames=("get the standings of {league}{args}", "show the {league} table{args}"),
        asks=("Who's top of {league}{args}?",)),
    cap(D, "get team schedule", "get a team's upcoming games", [team],
        [F("next games", Count(1, 10), "(next {v} games)", label="number of games"),
         flag("home only", ("home games only",), ("home and away",))],
        frames=("get the schedule of the {team}{args}", "list upcoming games for the {team}{args}"),
        asks=("When do the {team} play next?",)),
    cap(D, "get player stats", "get a player's statistics for a season",
        [F("player", PLAYERS, ask="which player")], [F("season", SEASON, "in {v}"), F("stat", STAT, "({v})")],
        frames=("get {player}'s stats{args}", "look up stats for {player}{args}"),
        asks=("How many {stat} did {player} have{args}?",)),
    cap(D, "compare players", "compare two players' statistics",
        [F("players", Many(PLAYERS, 2, 2), label="players")], [F("season", SEASON, "in {v}")],
        frames=("compare {players}{args}",)),
    cap(D, "get league leaders", "get the leaders of a statistic in a league",
        [F("league", LEAGUE), F("stat", STAT, "in {v}")], [F("top n", Count(3, 10), "(top {v})")],
        frames=("get the leaders in {stat} for {league}{args}",),
        asks=("Who leads {league} in {stat}{args}?",)),
    cap(D, "get head to head", "get the record between two teams",
        [F("team a", TEAMS, label="first team"), F("team b", TEAMS, label="second team")],
        [F("last n", Count(3, 20), "over the last {v} meetings")],
        frames=("get the head-to-head of the {team_a} and the {team_b}{args}",)),
    cap(D, "get injury report", "get a team's injury list", [team],
        frames=("get the injury report for the {team}",), asks=("Who's injured on the {team}?",)),
    cap(D, "get game highlights", "get highlight clips of a game", [game_id],
        [F("max clips", Count(1, 10), "({v} clips)")], frames=("get highlights of game {game_id}{args}",)),
    cap(D, "follow team", "get notifications about a team", [team],
        [flag("score alerts", ("with score alerts",), ("without score alerts",))],
        frames=("follow the {team}{args}",)),
    cap(D, "get betting odds", "get betting odds for a game", [game_id],
        [F("market", Choice((("moneyline",), ("spread",), ("total", "over/under"))), "for the {v}")],
        frames=("get the odds of game {game_id}{args}",)),
    *resource(D, "season ticket", "season tickets", ident("ticket id", "ST", digits=6, label="season ticket ID"),
              fields=[team, F("seats", Count(1, 6), "for {v} seats"), F("section", Pick(("101", "214", "318")), "in "
                                                                                    "section {v}")],
              create_required=2, verbs={"create": "buy", "delete": "cancel"}, ops="get list create delete"),
)

QUESTIONS = (
    ("What's the offside rule in football?",
     "An attacker is offside if, when the ball is played to them, they are in the opponents' half and nearer the "
     "goal line than both the ball and the second-last defender."),
    ("How many players are on a basketball team on court?", "Five per team."),
    ("What is a hat-trick?", "Three goals (or equivalent scores) by one player in a single game."),
)

DOMAIN = Domain(D, "Sports", ("sports", "scores-api", "sportsdata", "league_stats"), CAPS, QUESTIONS,
                vendors=("statsbomb", "espnx"), related=("events", "gaming"))
