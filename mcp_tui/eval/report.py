"""summary.json and report.md: the A/B verdict from the per-task results of both models.

Only tasks both models answered are compared (the comparison is paired), in the order
of the task file; the summary says how many that is out of how many tasks.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from mcp_tui.data.conversation import CATEGORIES, Conversation
from mcp_tui.eval.stats import compare_passes, compare_scores

Results = dict[str, dict[str, Any]]  # task id -> scored record


def summarize(tasks: list[Conversation], results: dict[str, Results],
              labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The summary (keys: models, tasks, categories, overall, relevance, execution, checks);
    `labels` says what each model is (shown in the report)."""
    base, tuned = results["base"], results["tuned"]
    paired = [t for t in tasks if t.id in base and t.id in tuned]
    categories = {}
    for category in CATEGORIES:
        ids = [t.id for t in paired if t.category == category]
        if ids:
            categories[category] = _rates(ids, base, tuned)
    graded = [t.id for t in paired if base[t.id].get("relevance") is not None and tuned[t.id].get("relevance") is not None]
    executed = [t.id for t in paired if "execution" in base[t.id] and "execution" in tuned[t.id]]
    return {
        "models": {
            name: {"label": (labels or {}).get(name, name), **_model_stats([results[name][t.id] for t in paired])}
            for name in ("base", "tuned")
        },
        "tasks": {"total": len(tasks), "paired": len(paired)},
        "categories": categories,
        "overall": _rates([t.id for t in paired], base, tuned),
        "relevance": compare_scores([base[i]["relevance"] for i in graded], [tuned[i]["relevance"] for i in graded]).to_dict()
        if graded else None,
        "execution": compare_passes([base[i]["execution"]["ok"] for i in executed], [tuned[i]["execution"]["ok"] for i in executed]).to_dict()
        if executed else None,
        "checks": _check_rates([base[t.id] for t in paired], [tuned[t.id] for t in paired]),
    }


def _rates(ids: list[str], base: Results, tuned: Results) -> dict[str, Any]:
    return compare_passes([base[i]["passed"] for i in ids], [tuned[i]["passed"] for i in ids]).to_dict()


# Check names results written by earlier versions used: call syntax was "xml".
LEGACY_CHECK_NAMES = {"xml": "syntax"}


def _check_name(check: dict[str, Any]) -> str:
    return LEGACY_CHECK_NAMES.get(check["name"], check["name"])


def _check_ok(record: dict[str, Any], name: str) -> bool | None:
    return next((c["ok"] for c in record["checks"] if _check_name(c) == name), None)


def _model_stats(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Pass rate, output validity and speed of one model."""
    n = len(records)
    wall = sum(r["wall_share_s"] for r in records)
    tokens = sum(r["new_tokens"] for r in records)
    latencies = [r["latency_s"] for r in records]
    graded = [r["relevance"] for r in records if r.get("relevance") is not None]
    return {
        "tasks": n,
        "passed": sum(r["passed"] for r in records),
        "pass_rate": _ratio(sum(r["passed"] for r in records), n),
        "syntax_valid": _ratio(sum(_check_ok(r, "syntax") is not False for r in records), n),
        "json_valid": _ratio(sum(_check_ok(r, "json") is not False for r in records), n),
        "finished": _ratio(sum(r["finished"] for r in records), n),
        "mean_latency_s": round(statistics.fmean(latencies), 3) if latencies else None,
        "median_latency_s": round(statistics.median(latencies), 3) if latencies else None,
        "tokens_per_s": round(tokens / wall, 2) if wall > 0 else None,
        "tasks_per_s": round(n / wall, 3) if wall > 0 else None,
        "generation_s": round(wall, 2),
        "mean_relevance": round(statistics.fmean(graded), 4) if graded else None,
        "failed_checks": dict(Counter(_check_name(c) for r in records for c in r["checks"] if not c["ok"]).most_common()),
    }


def _ratio(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def _check_rates(base: list[dict[str, Any]], tuned: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per check, the share of tasks (where it applies) each model passed."""
    out: dict[str, dict[str, Any]] = {}
    names = list(dict.fromkeys(_check_name(c) for r in base for c in r["checks"]))
    for name in names:
        b = [ok for r in base if (ok := _check_ok(r, name)) is not None]
        t = [ok for r in tuned if (ok := _check_ok(r, name)) is not None]
        out[name] = {"n": len(b), "base": _ratio(sum(b), len(b)), "tuned": _ratio(sum(t), len(t))}
    return out


# --- Markdown -----------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _signed_pct(x: float) -> str:
    return f"{100 * x:+.1f} pt"


def _ci(ci: list[float] | None) -> str:
    return "n/a" if not ci else f"[{100 * ci[0]:+.1f}, {100 * ci[1]:+.1f}]"


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def render_report(summary: dict[str, Any]) -> str:
    """The summary as a Markdown report a person reads."""
    tasks = summary["tasks"]
    lines = [
        "# A/B evaluation: base vs tuned",
        "",
        *(f"- {name}: {m['label']}" for name, m in summary["models"].items()),
        "",
        f"{tasks['paired']} of {tasks['total']} tasks answered by both models. Pass = every check of the "
        "task's category passed. Δ = tuned − base with a 95% paired bootstrap interval; "
        "p = McNemar's exact test on per-task pass/fail.",
        "",
        "| category | n | base | tuned | Δ | 95% CI | p |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    rows = [*summary["categories"].items(), ("**overall**", summary["overall"])]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['n']} | {_pct(r['base'])} | {_pct(r['tuned'])} | {_signed_pct(r['delta'])} "
            f"| {_ci(r['ci95'])} | {_p(r['p_value'])} |"
        )
    lines += _relevance_lines(summary) + _execution_lines(summary) + _agentic_lines(summary)
    lines += [
        "",
        "## Checks (share of tasks passing each check, where it applies)",
        "",
        "| check | n | base | tuned |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {c['n']} | {_pct(c['base'])} | {_pct(c['tuned'])} |" for name, c in summary["checks"].items()]
    lines += _model_lines(summary)
    return "\n".join(lines) + "\n"


def _relevance_lines(summary: dict[str, Any]) -> list[str]:
    r = summary["relevance"]
    if not r:
        return []
    return [
        "",
        "## Plain-answer relevance",
        "",
        f"Cosine similarity to the reference answer (all-MiniLM-L6-v2) on {r['n']} tasks: "
        f"base {r['base']:.3f}, tuned {r['tuned']:.3f}, Δ {r['delta']:+.3f}; "
        f"Wilcoxon signed-rank p = {_p(r['p_value'])}.",
    ]


def _execution_lines(summary: dict[str, Any]) -> list[str]:
    r = summary["execution"]
    if not r:
        return []
    return [
        "",
        "## Executed against the sandbox MCP server",
        "",
        f"{r['n']} tasks whose calls were run: outcome equal to the expected calls' outcome for "
        f"base {_pct(r['base'])}, tuned {_pct(r['tuned'])} (Δ {_signed_pct(r['delta'])}, "
        f"95% CI {_ci(r['ci95'])}, McNemar p = {_p(r['p_value'])}).",
    ]


def _agentic_lines(summary: dict[str, Any]) -> list[str]:
    a = summary.get("agentic")
    if not a:
        return []
    lines = [
        "",
        "## Agentic tasks (multi-step, on the sandbox MCP server)",
        "",
        f"{a['tasks']['paired']} tasks worked by both models through the sandbox's filesystem and memory servers "
        "(real tool results, step by step) until the model answered without a call or its step budget ran out. "
        "Pass = every check of the final state (files, their contents, the knowledge graph) held and the model "
        "answered. Δ with a 95% paired bootstrap interval; p = McNemar's exact test.",
        "",
        "| agentic | n | base | tuned | Δ | 95% CI | p |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for name, r in [*a["families"].items(), ("**all**", a)]:
        lines.append(f"| {name} | {r['n']} | {_pct(r['base'])} | {_pct(r['tuned'])} | {_signed_pct(r['delta'])} "
                     f"| {_ci(r['ci95'])} | {_p(r['p_value'])} |")
    lines += ["", "| model | pass | mean steps | calls | errored calls | answered | step budget spent |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for name, m in a["models"].items():
        lines.append(f"| {name} | {_pct(m['passed'] / m['tasks'])} | {m['mean_steps']:.1f} | {m['calls']} "
                     f"| {m['errored_calls']} ({_pct(m['errored_share'])}) | {_pct(m['answered'])} "
                     f"| {_pct(m['budget_spent'])} |")
    s = a["steps"]
    lines += ["", f"Steps used: base {s['base']:.2f}, tuned {s['tuned']:.2f} per task (Wilcoxon signed-rank "
                  f"p = {_p(s['p_value'])}). Transcripts: eval/agentic/base.jsonl and tuned.jsonl."]
    return lines


def _model_lines(summary: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Models",
        "",
        "| model | pass | call syntax valid | JSON valid | ended its turn | mean latency | tokens/s | tasks/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in summary["models"].items():
        latency = "n/a" if m["mean_latency_s"] is None else f"{m['mean_latency_s']:.2f} s"
        syntax = m["syntax_valid"] if "syntax_valid" in m else m["xml_valid"]  # summaries written before formats
        lines.append(
            f"| {name} | {_pct(m['pass_rate'])} | {_pct(syntax)} | {_pct(m['json_valid'])} "
            f"| {_pct(m['finished'])} | {latency} | {m['tokens_per_s'] or 'n/a'} | {m['tasks_per_s'] or 'n/a'} |"
        )
    lines += ["", "Most failed checks:"]
    for name, m in summary["models"].items():
        top = ", ".join(f"{k} ({v})" for k, v in list(m["failed_checks"].items())[:5]) or "none"
        lines.append(f"- {name}: {top}")
    return lines
