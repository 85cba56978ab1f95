#!/usr/bin/env bash
# The demo's A/B evaluation with the agentic category, on the GPU machine (its wheels, the mcp
# SDK's among them, and the demo model installed: see bench/README.md). Two phases, one device
# command each; both can be rerun (training resumes with --resume, evaluation resumes by itself).
#   bash bench/demo_ab.sh train   # the cpu-demo preset on CUDA, into $RUNS (default /tmp/runs)
#   bash bench/demo_ab.sh eval    # base vs tuned: single-turn tasks, then the 40 agentic tasks
#   bash bench/demo_ab.sh sweep BUDGET_S RECIPES [RECIPES...]   # bench.demo_recipes once per GPU
#       (the i-th comma-separated recipe list on GPU i, in parallel), packed as $OUT/sweep.tar.gz
#   bash bench/demo_ab.sh agentic LIMIT_S RUN_FOLDER [RUN_FOLDER...]   # the agentic tasks of each
#       run (the i-th on GPU i, in parallel), packed as $OUT/agentic.tar.gz; rerun to resume
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
  sweep)
    budget=$2; shift 2; i=0
    mkdir -p /tmp/sweep
    for recipes in "$@"; do
      CUDA_VISIBLE_DEVICES=$i timeout $((${budget%.*} + 60)) python3 -m bench.demo_recipes --out /tmp/sweep/gpu$i \
        --work /tmp/demo_recipes$i --budget "$budget" --eval-reserve "${EVAL_RESERVE:-180}" --recipes "$recipes" --bundled "${BUNDLED:-200}" \
        --foreign "${FOREIGN:-0}" ${SWEEP_FLAGS:-} > "/tmp/sweep/gpu$i.log" 2>&1 &
      i=$((i + 1))
    done
    wait
    for d in /tmp/sweep/gpu*/; do cp "$d/summary.md" "$out/summary_$(basename "$d").md" 2>/dev/null; done
    # a device call returns files of ~16 MB at most: the agentic run's adapters travel in parts
    tar -czf "$out/sweep.tar.gz" --exclude=agentic_run.tar.gz -C /tmp sweep
    for f in /tmp/sweep/gpu*/agentic_run.tar.gz; do
      [ -f "$f" ] && split -b 10000000 "$f" "$out/agentic_run_$(basename "$(dirname "$f")").tar.gz.part_"
    done
    cat "$out"/summary_gpu*.md ;;
  agentic)
    limit=$2; shift 2; i=0
    mkdir -p /tmp/agentic
    for run in "$@"; do
      CUDA_VISIBLE_DEVICES=$i timeout "$limit" python3 -m mcp_tui eval "$run" --agentic --limit 1 --batch-size 64 \
        > "/tmp/agentic/$(basename "$run").log" 2>&1 &
      i=$((i + 1))
    done
    wait
    for run in "$@"; do
      mkdir -p "/tmp/agentic/$(basename "$run")"
      cp -r "$run/config.toml" "$run/metrics.jsonl" "$run/events.log" "$run/eval" "/tmp/agentic/$(basename "$run")/"
    done
    tar -czf "$out/agentic.tar.gz" -C /tmp agentic
    for run in "$@"; do grep -v "^\[" "/tmp/agentic/$(basename "$run").log" | tail -n 25; done ;;
  *) echo "usage: bash bench/demo_ab.sh train|eval|sweep|agentic" >&2; exit 2 ;;
esac
