"""Every bad input of `tests/bad_inputs.py` through the real command, in-process: an exit
code and a one-line message naming the file, field or line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_inputs import CASES, Case
from mcp_tui.cli import main


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_input_is_a_one_line_error(case: Case, tmp_path: Path, runs_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)
    argv = case.setup(tmp_path)
    code = main(argv)  # any exception escaping here fails the test with its traceback
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code:  # a one-line error on stderr, or (`data check`) a report listing each problem by line
        lines = [line for line in (err or out).splitlines() if line.strip()]
        assert lines, f"exit {code} without a word"
        assert all(len(line) < 600 for line in lines), max(lines, key=len)[:300]
        assert err or "FAILED: " in out
    assert code or case.may_succeed, "the bad input was accepted"
    assert not [r for r in (tmp_path / "runs").glob("*/worker.log")], "a worker was started for a bad input"
