"""`mcp-tui data check`: what a dataset holds and everything wrong with it, by line.

A mix of datasets (`data.sources`) is checked source by source, and the report adds what
each source contributes to training, in conversations and in tokens.

Errors (exit code 1): records that do not parse or convert, calls to tools the record's
servers do not list, arguments that break a tool's JSON schema, expected calls that no
answer could satisfy. Warnings: tasks the evaluator cannot score fully (no category,
no reference answer for a plain-text task) and conversations longer than the sequence
limit (training drops or truncates those, as configured).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.data.conversation import CATEGORIES, Conversation, ExpectedCall, ToolCall
from mcp_tui.data.formats import EMPTY_DATASET, read_report
from mcp_tui.data.mixing import Source
from mcp_tui.tools.call_types import CallFormat
from mcp_tui.tools.catalog import Catalog, call_problems


@dataclass
class CheckReport:
    """The outcome of checking one dataset."""

    path: str
    records: int = 0
    formats: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    tokenizer: str = ""
    max_seq_len: int = 0
    # For a mix of datasets: per source, its path, weight, records, conversations used
    # and tokens contributed (weight x its conversations' tokens; 0 without a tokenizer).
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _expected_problems(exp: ExpectedCall, conv: Conversation) -> list[str]:
    """An expected call must name a listed tool, and its first accepted value for each
    parameter must fit the schema (else no answer can ever pass the task)."""
    args = {k: next((v for v in vals if v != ""), None) for k, vals in exp.arguments.items()}
    args = {k: v for k, v in args.items() if v is not None}
    required_optional = [k for k, vals in exp.arguments.items() if not vals]
    problems = [f"expected {exp.server}.{exp.tool}: parameter {k!r} has no accepted value" for k in required_optional]
    return problems + [f"expected call: {p}" for p in call_problems(ToolCall(exp.server, exp.tool, args), conv.tools)]


def _failed(conv: Conversation, i: int) -> bool:
    """Whether the turn at `i` made calls that came back with an error result."""
    following = conv.messages[i + 1 : i + 2]
    return bool(following) and following[0].role == "tool" and following[0].is_error


def check_conversation(conv: Conversation, catalog: Catalog | None = None) -> tuple[list[str], list[str]]:
    """(errors, warnings) of one conversation, each a sentence without the line prefix."""
    errors: list[str] = []
    warnings: list[str] = []
    if not conv.tools and catalog is not None:
        conv.tools = catalog.all_tools()  # records without their own tool list use the catalog's
    seen: set[str] = set()
    for i, m in enumerate(conv.messages):
        for call in m.tool_calls:
            problems = call_problems(call, conv.tools)
            if _failed(conv, i) and conv.tool(call.server, call.tool) is not None:
                continue  # a call the tool rejected may break its schema: that is why it failed
            seen.update(problems)
            errors += [f"messages[{i}]: {p}" for p in problems]
    for exp in conv.expected_calls:
        # Expected calls taken from a broken gold call would repeat its problems.
        errors += [p for p in _expected_problems(exp, conv) if p.removeprefix("expected call: ") not in seen]
    if conv.category is None:
        warnings.append("no category; the evaluator cannot place this task (set 'category')")
    gold = conv.gold_answer()
    if gold is not None and not gold.tool_calls and conv.reference is None and conv.category in ("no_tool", "error_handling"):
        warnings.append("a plain-text task without a 'reference' answer")
    if conv.category == "no_tool" and (conv.expected_calls or (gold is not None and gold.tool_calls)):
        errors.append("category no_tool, but the task expects a tool call")
    if conv.category in ("tool_selection", "parameter_formatting", "completeness") and not conv.expected_calls:
        errors.append(f"category {conv.category} needs expected_calls (or a gold answer with calls)")
    return errors, warnings


def check_dataset(
    path: str | Path,
    catalog: Catalog | None = None,
    tokenizer: Any = None,
    fmt: CallFormat | None = None,
    max_seq_len: int = 0,
    tokenizer_name: str = "",
) -> CheckReport:
    """Read and check every record of a dataset; never raises for bad records."""
    result = read_report(path)
    report = CheckReport(str(path), formats=result.formats, tokenizer=tokenizer_name, max_seq_len=max_seq_len)
    report.records = len(result.conversations) + len(result.errors)
    report.errors += result.errors
    if not report.records:
        report.errors.append(f"{path}: {EMPTY_DATASET}")  # training refuses it, so the check does too
    where = "row" if Path(path).is_dir() else "line"
    encode = None
    if tokenizer is not None:
        from mcp_tui.data.tokenize import encode_conversation
        from mcp_tui.tools.xml_format import XmlMcpFormat

        call_format = fmt or XmlMcpFormat()
        encode = lambda c: encode_conversation(c, tokenizer, call_format)  # noqa: E731
    for line, conv in zip(result.lines, result.conversations):
        prefix = f"{path}:{where} {line}: "
        report.categories[conv.category or "(none)"] += 1
        errors, warnings = check_conversation(conv, catalog)
        report.errors += [prefix + e for e in errors]
        report.warnings += [prefix + w for w in warnings]
        if encode is not None and conv.gold_answer() is not None:
            try:
                n = len(encode(conv).input_ids)
            except Exception as e:  # a template the tokenizer cannot render is a finding, not a crash
                report.errors.append(prefix + f"cannot tokenize ({e})")
                continue
            report.lengths.append(n)
            if max_seq_len and n > max_seq_len:
                report.warnings.append(prefix + f"{n} tokens, longer than max_seq_len {max_seq_len}")
    return report


def check_mix(
    plan: list[Source],
    catalog: Catalog | None = None,
    tokenizer: Any = None,
    fmt: CallFormat | None = None,
    max_seq_len: int = 0,
    tokenizer_name: str = "",
) -> CheckReport:
    """Check every dataset of a mix (see `data.mixing`); with more than one, the report
    also says what each contributes, in conversations and in tokens."""
    reports = [check_dataset(s.path, catalog, tokenizer, fmt, max_seq_len, tokenizer_name) for s in plan]
    if len(reports) == 1:
        return reports[0]
    out = CheckReport(" + ".join(r.path for r in reports), tokenizer=tokenizer_name, max_seq_len=max_seq_len)
    for source, r in zip(plan, reports):
        out.records += r.records
        out.formats.update(r.formats)
        out.categories.update(r.categories)
        out.errors += r.errors
        out.warnings += r.warnings
        out.lengths += r.lengths
        out.sources.append({"path": r.path, "weight": source.weight, "records": r.records,
                            "used": round(source.weight * r.records), "tokens": round(source.weight * sum(r.lengths))})
    return out


def mix_lines(report: CheckReport) -> list[str]:
    """One line per source of a mix: its weight, conversations used and share."""
    total_tokens = sum(s["tokens"] for s in report.sources)
    total_used = sum(s["used"] for s in report.sources) or 1
    lines = ["mix:"]
    for s in report.sources:
        share = (f"{s['tokens']} tokens, {100 * s['tokens'] / total_tokens:.0f}% of tokens" if total_tokens
                 else f"{100 * s['used'] / total_used:.0f}% of conversations")
        lines.append(f"  {s['path']} x{s['weight']:g}: {s['records']} records, {s['used']} used, {share}")
    return lines


def histogram(values: list[int], bins: int = 10, width: int = 40) -> list[str]:
    """Text histogram lines: `  512-  767 | ######## 123`."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    step = max(1, -(-(hi - lo + 1) // bins))
    counts = Counter((v - lo) // step for v in values)
    top = max(counts.values())
    digits = len(str(hi))
    lines = []
    for b in range(-(-(hi - lo + 1) // step)):
        n = counts.get(b, 0)
        start = lo + b * step
        bar = "#" * max(1 if n else 0, round(width * n / top))
        lines.append(f"  {start:>{digits}}-{start + step - 1:>{digits}} | {bar} {n}")
    return lines


def render_report(report: CheckReport, max_listed: int = 200) -> str:
    """The human-readable report `data check` prints."""
    out = [f"{report.path}: {report.records} records"]
    if report.sources:
        out += mix_lines(report)
    if report.formats:
        out.append("format: " + ", ".join(f"{k} {v}" for k, v in report.formats.most_common()))
    out.append("categories:")
    for cat in (*CATEGORIES, *sorted(set(report.categories) - set(CATEGORIES))):
        if cat in report.categories or cat in CATEGORIES:
            out.append(f"  {cat:<22} {report.categories.get(cat, 0)}")
    if report.lengths:
        ls = sorted(report.lengths)
        out.append(
            f"tokens ({report.tokenizer}): min {ls[0]}, median {ls[len(ls) // 2]}, p95 {ls[int(0.95 * (len(ls) - 1))]}, "
            f"max {ls[-1]}" + (f"; {sum(x > report.max_seq_len for x in ls)} over {report.max_seq_len}" if report.max_seq_len else "")
        )
        out += histogram(report.lengths)
    for label, items in (("errors", report.errors), ("warnings", report.warnings)):
        if items:
            out.append(f"{label}: {len(items)}")
            out += [f"  {x}" for x in items[:max_listed]]
            if len(items) > max_listed:
                out.append(f"  ... and {len(items) - max_listed} more")
    out.append("OK" if report.ok else f"FAILED: {len(report.errors)} errors")
    return "\n".join(out)


def report_json(report: CheckReport) -> str:
    """The report as JSON, for scripts and the TUI."""
    return json.dumps({
        "path": report.path, "records": report.records, "formats": dict(report.formats),
        "categories": dict(report.categories), "errors": report.errors, "warnings": report.warnings,
        "lengths": report.lengths, "tokenizer": report.tokenizer, "max_seq_len": report.max_seq_len, "ok": report.ok,
        "sources": report.sources,
    })  # fmt: skip
