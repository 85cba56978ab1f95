#!/usr/bin/env bash
# The benchmark sets run on the GPU machine, by phase; results go to $OUT (default bench/results/raw).
# Usage (repo root, wheels installed): bash bench/device.sh calib|ladder|packing|final|long|fused|auto|devstral2|peer|multigpu|gpu-tests|devstral2-tests ...
set -uo pipefail
out=${OUT:-bench/results/raw}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
bench() {  # bench NAME [timeout_s] ARGS...: one model build, one JSON
  local name=$1 limit=$2; shift 2
  echo "=== $name"
  timeout "$limit" python3 -m bench.qlora_bench --out "$out/$name.json" "$@" 2>&1 | grep -v -e "^Failed to load CPU" -e "Warning" | tee -a "$out/log.txt"
}
ours() { PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True bench "$@"; }
for phase in "$@"; do
  case $phase in
    gpu-tests)  # the demo model's tokenizer and config travel in .gpu_fixture/demo (carry it)
      MCP_TUI_TEST_TOKENIZER=$PWD/.gpu_fixture/demo MCP_TUI_CACHE=/tmp/mcp-tui-cache timeout 330 \
        python3 -m pytest -q -p no:cacheprovider -m gpu --timeout 300 --show-capture=no --tb=short \
        -W ignore::DeprecationWarning tests/test_gpu.py tests/test_training.py 2>&1 \
        | grep -v -e "^Failed to load CPU" -e "^Backend impl" | tail -60 | tee -a "$out/log.txt" ;;
    matmul)
      python3 - <<'PY' 2>&1 | tee -a "$out/log.txt"
import torch, triton.testing as tt
a, b = (torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16) for _ in range(2))
ms = tt.do_bench(lambda: a @ b, warmup=200, rep=1000, return_mode="median")
print(f"bf16 8192^3 matmul: {2 * 8192**3 / ms / 1e9:.0f} TFLOP/s")
PY
      ;;
    calib)
      ours devstral_preset 100 --shape devstral-small --recipe preset:rtx3090-devstral-small --label preset --seqs 2048,4096,8192,16384 --caps 23
      bench devstral_plain 120 --shape devstral-small --recipe plain --label plain --seqs 2048,4096,8192,16384 --caps 23,none
      ours devstral_offload 120 --shape devstral-small --recipe preset:rtx3090-devstral-small --label "+offload" --set train.activation_offload=true --seqs 16384,32768 --caps 23
      ours devstral_offload_tiled 140 --shape devstral-small --recipe preset:rtx3090-devstral-small --label "+offload+tiled" --set train.activation_offload=true --set train.tiled_mlp=true --seqs 16384,32768 --caps 23
      ;;
    ladder)  # what each switch buys, one at a time, at 8192 and 16384 tokens (no cap: all fit on the H100)
      d=(--shape devstral-small --recipe preset:rtx3090-devstral-small --seqs 8192,16384 --caps none)
      ours ladder1_bf16 70 "${d[@]}" --label "bf16, no fp32 upcast, non-reentrant ckpt (q/v)" \
        --set lora.target_modules=q_proj,v_proj --set train.liger_kernel=false --set train.optim=adamw_torch
      ours ladder2_liger 70 "${d[@]}" --label "+ Liger (q/v)" --set lora.target_modules=q_proj,v_proj --set train.optim=adamw_torch
      ours ladder3_all_linear 70 "${d[@]}" --label "+ LoRA on all linears" --set train.optim=adamw_torch
      ours ladder4_paged8bit 70 "${d[@]}" --label "+ paged 8-bit AdamW (the preset)"
      ours ladder5_dropout0 70 "${d[@]}" --label "+ LoRA dropout 0" --set lora.dropout=0
      ;;
    packing)  # the bundled train set's lengths, three batchings, 7B shape (the preset: fused LoRA, dropout 0)
      ours packing_7b 200 --shape mistral-7b --recipe preset:rtx3090-7b --label "7B batching" \
        --lengths bench/results/train_lengths.json --conversations 64 --batch 8 --pack-len 8192 --steps 1
      ;;
    final)  # the presets' settings at every length under the 23 GiB cap
      f=(--shape devstral-small --recipe preset:rtx3090-devstral-small --caps 23 --set lora.dropout=0)
      ours final_short 80 "${f[@]}" --label "preset" --seqs 2048,4096,8192
      ours final_offload 80 "${f[@]}" --label "preset + offload" --seqs 16384 --set train.activation_offload=true
      ours final_offload_tiled 200 "${f[@]}" --label "preset + offload + tiled MLP" --seqs 32768,65536 \
        --set train.activation_offload=true --set train.tiled_mlp=true
      ;;
    long)  # beyond 32k: 65536 tokens under the cap (LoRA dropout 0 leaves the room it needs)
      ours long_65k 150 --shape devstral-small --recipe preset:rtx3090-devstral-small --caps 23 --label "preset + offload + tiled MLP, dropout 0" \
        --seqs 65536 --set lora.dropout=0 --set train.activation_offload=true --set train.tiled_mlp=true
      ;;
    fused)  # the fused LoRA linear, side by side with the plain recipe and PEFT's LoRA forward
      d=(--shape devstral-small --seqs 2048,4096,8192,16384)
      bench fused_plain 120 "${d[@]}" --recipe plain --label plain --caps none
      ours fused_preset 150 "${d[@]}" --recipe preset:rtx3090-devstral-small --label "preset (fused LoRA)" \
        --caps none,23 --profile 2048,8192
      ours fused_off 120 "${d[@]}" --recipe preset:rtx3090-devstral-small --label "preset, PEFT's LoRA forward" \
        --caps none --set train.fused_lora=false
      ours fused_dropout0 120 "${d[@]}" --recipe preset:rtx3090-devstral-small --label "preset (fused LoRA), dropout 0" \
        --caps none --set lora.dropout=0
      ours fused_offload 200 --shape devstral-small --recipe preset:rtx3090-devstral-small --caps 23 \
        --label "preset (fused LoRA) + offload" --seqs 16384 --set train.activation_offload=true
      ours fused_offload_tiled 200 --shape devstral-small --recipe preset:rtx3090-devstral-small-32k --caps 23 \
        --label "preset 32k (fused LoRA, offload, tiled MLP)" --seqs 32768
      ;;
    auto)  # the preset as shipped (fused LoRA, dropout 0, unchecked_layers = -1), sized per length and cap
      # 2048-token steps are host-bound and jitter (0.70-0.99 s): 6 timed steps there, and the
      # plain recipe beside it, the one length where both fit the 23 GiB cap.
      bench plain_2048_cap23 90 --shape devstral-small --recipe plain --label plain --caps 23 --seqs 2048 --steps 6
      for seq in 2048 4096 8192; do
        ours "auto_${seq}_cap23" 90 --shape devstral-small --recipe preset:rtx3090-devstral-small --caps 23 \
          --label "preset (auto unchecked layers)" --seqs $seq --set data.max_seq_len=$seq \
          --steps $([ $seq = 2048 ] && echo 6 || echo 2)
      done
      for seq in 2048 4096 8192 16384; do
        ours "auto_${seq}_h100" 100 --shape devstral-small --recipe preset:rtx3090-devstral-small --caps none \
          --label "preset (auto unchecked layers)" --seqs $seq --set data.max_seq_len=$seq \
          $([ $seq = 8192 ] && echo --profile 8192)
      done
      ;;
    devstral2)  # Devstral Small 2's language model (ministral3) as its presets ship, under the 23 GiB cap;
      # then the FP8 -> NF4 streamed load of a 4- and a 12-layer checkpoint (peak GPU and host memory)
      d2=(--shape devstral-small-2 --caps 23)
      ours devstral2_8192 90 "${d2[@]}" --recipe preset:rtx3090-devstral-small-2 --label "Devstral Small 2 preset" \
        --seqs 8192 --set data.max_seq_len=8192
      ours devstral2_16384 120 "${d2[@]}" --recipe preset:rtx3090-devstral-small-2 --seqs 16384 \
        --label "Devstral Small 2 preset + offload" --set data.max_seq_len=16384 --set train.activation_offload=true
      ours devstral2_32768 170 "${d2[@]}" --recipe preset:rtx3090-devstral-small-2-32k --seqs 32768 \
        --label "Devstral Small 2 32k preset (offload, tiled MLP)"
      echo "=== devstral2_fp8_load"
      timeout 150 python3 -m bench.fp8_load --layers 4,12 --shard-gib 2 --dir /tmp --out "$out/devstral2_fp8_load.json" \
        2>&1 | grep -v -e "^Failed to load CPU" -e "Warning" | tee -a "$out/log.txt"
      ;;
    peer)  # beside Unsloth (.whl_peer installed too): one NF4 checkpoint, then each tool's ladders, within a time
      # budget; results in $out/peer_results.json and peer_log.txt (PEER_SHAPES, PEER_SEQS, PEER_UNSLOTH_SEQS,
      # PEER_TOOLS (order), PEER_BUDGET override). Past 8192 one timed step and no warm-up, except for a
      # process's first length (--long-steps 0).
      timeout $(( ${PEER_BUDGET:-340} + 20 )) python3 -m bench.peer_bench --shapes "${PEER_SHAPES:-devstral-small-2}" \
        --tools "${PEER_TOOLS:-unsloth,ours}" --seqs "${PEER_SEQS:-8192,32768,65536}" \
        ${PEER_UNSLOTH_SEQS:+--unsloth-seqs "$PEER_UNSLOTH_SEQS"} --caps 23 --long-steps 0 \
        --budget-s "${PEER_BUDGET:-340}" --dir /tmp/peer --out "$out" 2>&1 | tee -a "$out/log.txt" ;;
    multigpu)  # DDP on 1 and 2 GPUs (the nvidia-h200-x2 kind): tokens/s scaling at 8192 for the 7B and Devstral
      # Small shapes under the 23 GiB cap, 20 loss steps side by side at equal global batch (7B shape, fixed data),
      # peak memory per GPU (~3 min, at most MULTIGPU_BUDGET + 20 s); then the two-GPU test of the launcher
      # (~1 min, at most 100 s; the demo tokenizer in .gpu_fixture/demo). Results in $out/multi_gpu/.
      timeout $(( ${MULTIGPU_BUDGET:-220} + 20 )) python3 -m bench.multi_gpu --shapes mistral-7b,devstral-small \
        --gpus 1,2 --seq 8192 --warmup 3 --steps 5 --loss-steps 20 --loss-seq 1024 --cap-gib 23 --set train.lr=1e-3 \
        --budget-s "${MULTIGPU_BUDGET:-220}" --out "$out/multi_gpu" 2>&1 | grep -v -e "^Failed to load CPU" -e "Warning" \
        | tee -a "$out/log.txt"
      MCP_TUI_TEST_TOKENIZER=$PWD/.gpu_fixture/demo MCP_TUI_CACHE=/tmp/mcp-tui-cache timeout 100 \
        python3 -m pytest -q -p no:cacheprovider -m gpu --timeout 90 --show-capture=no --tb=short \
        -W ignore::DeprecationWarning tests/test_multi_rank.py 2>&1 \
        | grep -v -e "^Failed to load CPU" -e "^Backend impl" | tail -30 | tee -a "$out/log.txt" ;;
    devstral2-tests)  # the GPU tests of Devstral Small 2's loading, kernels and run (demo tokenizer in .gpu_fixture/demo)
      MCP_TUI_TEST_TOKENIZER=$PWD/.gpu_fixture/demo MCP_TUI_CACHE=/tmp/mcp-tui-cache timeout 280 \
        python3 -m pytest -q -p no:cacheprovider -m gpu --timeout 250 --show-capture=no --tb=short \
        -W ignore::DeprecationWarning tests/test_gpu_devstral2.py 2>&1 \
        | grep -v -e "^Failed to load CPU" -e "^Backend impl" | tail -60 | tee -a "$out/log.txt" ;;
    *) echo "unknown phase $phase"; exit 2 ;;
  esac
done
