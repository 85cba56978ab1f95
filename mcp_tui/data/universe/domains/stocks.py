"""Markets: quotes, price history, company data, watchlists, price alerts, crypto."""

from mcp_tui.data.universe.fields import date, email, flag, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Money, Pick

D = "stocks"
SYMBOLS = Choice((("AAPL", "Apple", "AAPL"), ("MSFT", "Microsoft", "MSFT"), ("NVDA", "Nvidia", "NVDA"),
                  ("TSLA", "Tesla", "TSLA"), ("AMZN", "Amazon", "AMZN"), ("GOOGL", "Alphabet", "Google"),
                  ("KO", "Coca-Cola"), ("NFLX", "Netflix")))
COINS = Choice((("BTC", "Bitcoin", "BTC"), ("ETH", "Ether", "Ethereum"), ("SOL", "Solana"), ("ADA", "Cardano")))
INTERVAL = Choice((("1d", "daily"), ("1wk", "weekly"), ("1mo", "monthly"), ("1h", "hourly")))
EXCHANGE = Choice((("NASDAQ",), ("NYSE",), ("LSE", "the London Stock Exchange"), ("TSE", "the Tokyo exchange")))

symbol = F("symbol", SYMBOLS, "for {v}", "of {v}", desc="Ticker symbol", ask="which stock")
alert_id = ident("alert id", "AL", digits=6, label="alert ID")

CAPS = (
    cap(D, "get stock quote", "get a stock's latest price", [symbol],
        [flag("extended hours", ("including after-hours trading",), ("regular hours only",))],
        frames=("get the stock price{args}", "check the share price{args}", "get a quote{args}"),
        asks=("How is {symbol} trading?", "What's {symbol} trading at{args}?")),
    cap(D, "get price history", "get historical prices of a stock",
        [symbol, date("start date", "from {b}", "since {b}", lo=-700, hi=-30), date("end date", "to {b}", lo=-29, hi=-1)],
        [F("interval", INTERVAL, "with {v} bars", "({v})")],
        frames=("get the price history{args}", "pull historical prices{args}")),
    cap(D, "get company profile", "get a company's profile (sector, employees, description)", [symbol],
        frames=("get the company profile{args}", "tell me about the company{args}")),
    cap(D, "get financials", "get a company's income statement",
        [symbol], [F("period", Choice((("annual", "annual"), ("quarterly", "quarterly"))), "({v})"),
                   F("years", Count(1, 10), "for the last {v} years")],
        frames=("get the financial statements{args}",)),
    cap(D, "get dividends", "get a stock's dividend history", [symbol], [F("limit", Count(2, 20), "(last {v})")],
        frames=("get the dividend history{args}",), asks=("Does {symbol} pay a dividend?",)),
    cap(D, "get market movers", "list the day's biggest gainers or losers",
        [F("direction", Choice((("gainers", "biggest gainers", "top gainers"), ("losers", "biggest losers"),
                                ("active", "most active"))), "{v}")],
        [F("exchange", EXCHANGE, "on {v}"), F("limit", Count(3, 25), "(top {v})")],
        frames=("show today's {direction}{args}", "list the {direction}{args}")),
    cap(D, "get crypto price", "get a cryptocurrency's price", [F("coin", COINS, "of {v}", ask="which coin")],
        [F("currency", Choice((("USD", "in dollars"), ("EUR", "in euros"), ("GBP", "in pounds"))), "{v}")],
        frames=("get the price{args}",), asks=("How much is {coin} worth{args}?",)),
    cap(D, "get market news", "get recent news about a stock", [symbol], [F("limit", Count(3, 15), "(latest {v})")],
        frames=("get the latest news{args}",), asks=("Any news{args}?",)),
    cap(D, "get analyst ratings", "get analysts' ratings and price targets", [symbol],
        frames=("get the analyst ratings{args}",), asks=("What do analysts say about {symbol}?",)),
    cap(D, "get earnings calendar", "get upcoming earnings dates",
        [date("from date", "from {b}", "starting {v}", lo=0, hi=10)], [date("to date", "to {b}", lo=11, hi=40)],
        frames=("show the earnings calendar{args}",), asks=("Who reports earnings{args}?",)),
    cap(D, "compare stocks", "compare the performance of several stocks",
        [F("symbols", Many(SYMBOLS, 2, 3), label="stocks")],
        [F("period", Choice((("1mo", "over the last month"), ("6mo", "over six months"), ("1y", "over the past year"),
                             ("5y", "over five years"))), "{v}")],
        frames=("compare {symbols}{args}",)),
    cap(D, "get options chain", "get the options chain of a stock",
        [symbol, date("expiration", "expiring {v}", lo=5, hi=120)],
        [F("side", Choice((("call", "calls"), ("put", "puts"))), "({v} only)")],
        frames=("get the options chain{args}",)),
    *resource(D, "price alert", "price alerts", alert_id,
              fields=[symbol, F("condition", Choice((("above", "rises above"), ("below", "falls below"))), "when it {v}"),
                      F("price", Money(10, 900, whole=False), "{v}", label="trigger price"),
                      email("email", "(email {v})")],
              create_required=3, verbs={"create": "set"}, ops="list create delete"),
    *resource(D, "watchlist", "watchlists", ident("watchlist id", "W", digits=4, label="watchlist ID"),
              fields=[F("name", Pick(("Tech", "Dividends", "Long term", "Crypto"), quote=0.8), "called {v}"),
                      F("symbols", Many(SYMBOLS, 1, 4),
                        "with {v}", label="stocks")],
              ops="get list create update delete"),
    cap(D, "simulate trade", "estimate the cost of buying shares",
        [symbol, F("shares", Count(1, 500), "{v} shares")], [F("commission", Money(0, 10, whole=False), "with a {v} fee")],
        frames=("estimate the cost of buying {shares} shares{args}",)),
    cap(D, "get market hours", "get whether a market is open", [F("exchange", EXCHANGE, ask="which exchange")],
        frames=("check the trading hours of {exchange}",), asks=("Is {exchange} open right now?",)),
)

QUESTIONS = (
    ("What's the difference between a stock and a bond?",
     "A stock is a share of ownership in a company; a bond is a loan to a company or government that pays interest "
     "and returns the principal at maturity."),
    ("What is a P/E ratio?",
     "Price-to-earnings: the share price divided by earnings per share, a rough measure of how expensive a stock is "
     "relative to its profits."),
    ("What does 'market cap' mean?", "The total value of a company's shares: share price times shares outstanding."),
)

DOMAIN = Domain(D, "Markets", ("markets", "stock-data", "finance_quotes", "tickertape"), CAPS, QUESTIONS,
                vendors=("alphaq", "quotely"), related=("banking", "finance_calc"))
