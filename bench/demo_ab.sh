#!/usr/bin/env bash
# The demo's A/B evaluation with the agentic category, on the GPU machine (its wheels, the mcp
# SDK's among them, and the demo model installed: see bench/README.md). Two phases, one device
# command each; both can be rerun (training resumes with --resume, evaluation resumes by itself).
#   bash bench/demo_ab.sh train   # the cpu-demo preset on CUDA, into $RUNS (default /tmp/runs)
#   bash bench/demo_ab.sh eval    # base vs tuned: single-turn tasks, then the 40 agentic tasks
# Results: $OUT/demo_ab/ (config, metrics, events, eval/ with summary, report and every
# transcript in eval/agentic/), logs $OUT/demo_train.log and $OUT/demo_eval.log.
set -uo pipefail
out=${OUT:-bench/results}
runs=${RUNS:-/tmp/runs}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
case ${1:-} in
  train)
    python3 -m mcp_tui --runs-dir "$runs" train --preset cpu-demo --set train.device=cuda --name demo \
      --foreground > "$out/demo_train.log" 2>&1
    echo "exit $?"; tail -n 15 "$out/demo_train.log" ;;
  eval)
    python3 -m mcp_tui --runs-dir "$runs" eval latest --agentic --batch-size 64 > "$out/demo_eval.log" 2>&1
    echo "exit $?"
    run=$(ls -d "$runs"/*/ | sort | tail -n 1)
    mkdir -p "$out/demo_ab"
    cp -r "$run/config.toml" "$run/metrics.jsonl" "$run/events.log" "$run/eval" "$out/demo_ab/"
    rm -f "$out/demo_ab/eval/.lock"
    grep -v "^\[" "$out/demo_eval.log" | tail -n 60 ;;
  *) echo "usage: bash bench/demo_ab.sh train|eval" >&2; exit 2 ;;
esac
