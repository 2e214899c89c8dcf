#!/usr/bin/python3
"""Smoke test of `genlab bench --json`: every line parses as JSON and carries the documented keys,
with a positive rate. Not a timing assertion: any speed passes.

usage: bench_smoke.py COMMAND... (the CLI to run, e.g. build/native/genlab, or node genlab-cli.js)
"""
import json
import subprocess
import sys

KEYS = {"name", "threads", "gflops", "gflops_best", "statistic", "repetitions", "seconds", "gemm_kernel",
        "target", "simd_isa", "build_type", "m", "n", "k", "trans"}


def main():
    cmd = sys.argv[1:] + ["bench", "--filter", "sgemm_256", "--seconds", "0.05", "--threads", "2", "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {out.returncode}:\n{out.stderr}")
    lines = out.stdout.splitlines()
    if not lines:
        sys.exit("bench printed nothing")
    for line in lines:
        case = json.loads(line)
        missing = KEYS - case.keys()
        if missing:
            sys.exit(f"missing keys {sorted(missing)} in: {line}")
        if not case["name"].startswith("sgemm_256"):
            sys.exit(f"--filter sgemm_256 let through {case['name']}")
        if case["threads"] != 2 or case["statistic"] != "median":
            sys.exit(f"unexpected threads or statistic: {line}")
        if not (case["gflops"] > 0 and case["gflops_best"] >= case["gflops"] and case["seconds"] >= 0.05):
            sys.exit(f"implausible figures: {line}")
    print(f"{len(lines)} bench line(s) parsed: {lines[0]}")


if __name__ == "__main__":
    main()
