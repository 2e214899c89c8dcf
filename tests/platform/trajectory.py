#!/usr/bin/python3
"""Same seed, same run: a VAE's training losses are bit-identical between two native runs, and the
WebAssembly build (under node) follows the native trajectory to 1e-4 relative over 200 steps.

usage: trajectory.py NATIVE_GENLAB WASM_GENLAB_JS OUT_DIR
Needs MNIST where genlab finds it (GENLAB_DATA). Standard library only.
"""
import json
import os
import subprocess
import sys

STEPS = 200
ARGS = ["train", "vae", "--steps", str(STEPS), "--batch", "32", "--seed", "7", "--threads", "2",
        "--log-every", "1", "--json"]


def losses(cmd, out):
    result = subprocess.run(cmd + ARGS + ["--out", out], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {result.returncode}\n{result.stderr}")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    values = [line["loss"] for line in lines if line.get("event") == "progress"]
    if len(values) != STEPS:
        sys.exit(f"FAIL: {len(values)} progress lines from {' '.join(cmd)}, expected {STEPS}")
    return values


def main():
    native, wasm, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    ckpt = os.path.join(out_dir, "trajectory.safetensors")
    a = losses([native], ckpt)
    b = losses([native], ckpt)
    if a != b:
        first = next(i for i in range(STEPS) if a[i] != b[i])
        sys.exit(f"FAIL: two native runs differ from step {first + 1}: {a[first]!r} vs {b[first]!r}")
    w = losses(["node", "--no-experimental-fetch", wasm], ckpt)
    worst = max(abs(x - y) / abs(x) for x, y in zip(a, w))
    print(f"native runs identical over {STEPS} steps; wasm vs native: worst relative difference {worst:.2e} "
          f"(first loss {a[0]:.4f}, last {a[-1]:.4f})")
    if worst > 1e-4:
        sys.exit(f"FAIL: wasm trajectory departs from the native one by {worst:.2e} > 1e-4")


if __name__ == "__main__":
    main()
