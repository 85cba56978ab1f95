"""Arithmetic, number theory, algebra, calculus and statistics as function calls."""

from mcp_tui.data.universe.fields import ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Many, Pick

D = "math"
FUNCS = Pick(("x^2 + 3x", "sin(x)", "e^x", "3x^3 - 2x", "ln(x)", "x^4 - x^2 + 1", "cos(2x)"), quote=0.6)
nums = F("numbers", Many(Count(1, 99), 3, 6), "of {v}", label="list of numbers", ask="which numbers")
decs = F("values", Many(Decimal(0, 100, 1), 3, 6), "of {v}", label="data values", ask="which values")
n = F("n", Count(2, 30), "of {v}", label="number")
a, b = F("a", Count(2, 500), label="first number"), F("b", Count(2, 500), label="second number")

CAPS = (
    cap(D, "calculate factorial", "compute the factorial of a number", [n],
        frames=("calculate the factorial of {n}", "compute {n} factorial"), asks=("What is {n}!?",)),
    cap(D, "calculate gcd", "find the greatest common divisor of two numbers", [a, b],
        frames=("find the greatest common divisor of {a} and {b}", "compute gcd({a}, {b})"),
        asks=("What's the GCD of {a} and {b}?",)),
    cap(D, "calculate lcm", "find the least common multiple of two numbers", [a, b],
        frames=("find the least common multiple of {a} and {b}", "compute the LCM of {a} and {b}")),
    cap(D, "check prime", "check whether a number is prime", [F("number", Count(2, 100000))],
        frames=("check whether {number} is prime", "test {number} for primality"), asks=("Is {number} a prime number?",)),
    cap(D, "factorize", "find the prime factors of a number", [F("number", Count(4, 100000))],
        frames=("factorize {number}", "find the prime factors of {number}"),
        asks=("What are the prime factors of {number}?",)),
    cap(D, "get fibonacci", "compute the first n Fibonacci numbers", [F("count", Count(3, 40), label="how many terms")],
        frames=("list the first {count} Fibonacci numbers", "generate {count} terms of the Fibonacci sequence")),
    cap(D, "solve quadratic", "solve a quadratic equation ax^2 + bx + c = 0",
        [F("a", Count(1, 9), label="coefficient a"), F("b", Count(-20, 20), label="coefficient b"),
         F("c", Count(-30, 30), label="coefficient c")],
        frames=("solve the quadratic with a = {a}, b = {b} and c = {c}",
                "find the roots of {a}x^2 + ({b})x + ({c}) = 0"),
        asks=("What are the roots of {a}x² + {b}x + {c} = 0?",)),
    cap(D, "calculate derivative", "evaluate the derivative of a function at a point",
        [F("function", FUNCS, label="function of x"), F("x", Decimal(-5, 5, 1), "at x = {v}", label="point")],
        frames=("differentiate {function}{args}", "compute the derivative of {function}{args}")),
    cap(D, "calculate integral", "compute a definite integral",
        [F("function", FUNCS, label="function of x"), F("lower", Count(-5, 2), "from {v}", label="lower bound"),
         F("upper", Count(3, 10), "to {v}", label="upper bound")],
        frames=("integrate {function}{args}", "compute the definite integral of {function}{args}")),
    cap(D, "calculate mean", "compute the arithmetic mean of numbers", [decs],
        frames=("calculate the average{args}", "compute the mean{args}"), asks=("What's the average of {values}?",)),
    cap(D, "calculate median", "compute the median of numbers", [nums],
        frames=("find the median{args}",), asks=("What's the median of {numbers}?",)),
    cap(D, "calculate standard deviation", "compute the standard deviation of numbers", [decs],
        [F("sample", Choice((("true", "as a sample"), ("false", "as a population"))), "{v}")],
        frames=("compute the standard deviation{args}",)),
    cap(D, "calculate permutations", "count the ordered arrangements of k out of n items",
        [F("n", Count(3, 20), label="total items"), F("k", Count(1, 3), label="items chosen")],
        frames=("count the permutations of {k} out of {n} items", "compute P({n}, {k})")),
    cap(D, "calculate combinations", "count the ways to choose k of n items",
        [F("n", Count(3, 40), label="total items"), F("k", Count(1, 3), label="items chosen")],
        frames=("count how many ways to choose {k} from {n}", "compute {n} choose {k}"),
        asks=("How many ways can I pick {k} out of {n}?",)),
    cap(D, "calculate power", "raise a number to a power",
        [F("base", Count(2, 20)), F("exponent", Count(2, 12))],
        frames=("compute {base} to the power of {exponent}", "raise {base} to the {exponent}"),
        asks=("What is {base}^{exponent}?",)),
    cap(D, "calculate root", "compute the nth root of a number",
        [F("number", Count(2, 10000)), F("degree", Count(2, 5), label="root degree", default=2)],
        frames=("compute the root of degree {degree} of {number}", "take the {degree}th root of {number}")),
    cap(D, "calculate logarithm", "compute a logarithm in a given base",
        [F("number", Count(2, 100000)), F("base", Choice((("10", "base 10"), ("2", "base 2"), ("e", "natural log"))),
                                          "in {v}", default="10")],
        frames=("compute the logarithm of {number}{args}",)),
    cap(D, "convert base", "convert an integer between number bases",
        [F("number", Pick(("255", "1010", "777", "1F", "4096")), label="number as a string"),
         F("from base", Choice((("2", "binary"), ("8", "octal"), ("10", "decimal"), ("16", "hex"))), "from {v}"),
         F("to base", Choice((("2", "binary"), ("8", "octal"), ("10", "decimal"), ("16", "hex"))), "to {v}")],
        frames=("convert {number}{args}",)),
    cap(D, "multiply matrices", "multiply two matrices",
        [F("matrix a", Pick(("[[1, 2], [3, 4]]", "[[2, 0], [1, 3]]", "[[5, 1], [0, 2]]")), label="first matrix"),
         F("matrix b", Pick(("[[0, 1], [1, 0]]", "[[4, 2], [1, 1]]", "[[1, 3], [2, 5]]")), label="second matrix")],
        frames=("multiply the matrices {matrix_a} and {matrix_b}",)),
    cap(D, "calculate percentile", "compute a percentile of a list of numbers",
        [nums, F("percentile", Count(5, 99), label="percentile")], frames=("compute the {percentile}th percentile{args}",)),
    cap(D, "linear regression", "fit a straight line to x and y values",
        [F("x values", Many(Count(0, 20), 4, 5), "x = {v}", label="x values"),
         F("y values", Many(Count(0, 50), 4, 5), "y = {v}", label="y values")],
        frames=("fit a line to {args}", "run a linear regression on {args}")),
    cap(D, "round number", "round a number to a number of decimals",
        [F("number", Decimal(0, 1000, 4)), F("decimals", Count(0, 3), label="decimal places")],
        frames=("round {number} to {decimals} decimal places",)),
    cap(D, "calculate percentage change", "compute the percentage change between two values",
        [F("old value", Count(10, 1000), "from {v}"), F("new value", Count(10, 1000), "to {v}")],
        frames=("calculate the percentage change{args}",), asks=("By what percent did it change{args}?",)),
    cap(D, "check perfect square", "check whether a number is a perfect square", [F("number", Count(2, 10000))],
        frames=("check if {number} is a perfect square",)),
    *resource(D, "dataset", "datasets", ident("dataset id", "DS", digits=5, label="dataset ID"),
              fields=[F("name", Pick(("exam scores", "daily temperatures", "sales by week"), quote=0.8), "called {v}",
                        ask="a name for it"),
                      F("values", Many(Decimal(0, 100, 1), 3, 6), "holding {v}", label="data values")],
              create_required=2, verbs={"create": "save"}, ops="get list create delete"),
)

QUESTIONS = (
    ("What is a prime number?",
     "A whole number greater than 1 whose only divisors are 1 and itself, like 2, 3, 5, 7 and 11."),
    ("Why can't you divide by zero?",
     "No number times zero gives a nonzero result, so a/0 has no value; and 0/0 could be anything, so it's left "
     "undefined."),
    ("What's the difference between mean and median?",
     "The mean is the sum divided by the count; the median is the middle value when sorted. Outliers move the mean "
     "but barely the median."),
    ("What does the derivative of a function tell you?", "Its instantaneous rate of change: the slope of its graph at "
     "each point."),
)

DOMAIN = Domain(D, "Math", ("math", "calculator", "math_tools", "numlib"), CAPS, QUESTIONS,
                vendors=("wolfram", "numpy_svc"), related=("geometry", "finance_calc", "physics"))
