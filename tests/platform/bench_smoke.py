#!/usr/bin/python3
"""Smoke test of `genlab bench --json` on a GEMM case and the SIMD peak case: every line parses as
JSON and carries the documented keys, with a positive rate. Not a timing assertion: any speed passes.

usage: bench_smoke.py COMMAND... (the CLI to run, e.g. build/native/genlab, or node genlab-cli.js)
"""
import json
import subprocess
import sys

COMMON = {"name", "threads", "gflops", "gflops_best", "statistic", "repetitions", "seconds", "gemm_kernel",
          "target", "simd_isa", "build_type"}
# --filter, and the keys its cases add
CASES = {"sgemm_256": {"m", "n", "k", "trans"}, "f32x4_mul_add_peak": {"chains", "lanes"}}


def check(cli, name, extra):
    cmd = cli + ["bench", "--filter", name, "--seconds", "0.05", "--threads", "2", "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {out.returncode}:\n{out.stderr}")
    lines = out.stdout.splitlines()
    if not lines:
        sys.exit(f"bench --filter {name} printed nothing")
    for line in lines:
        case = json.loads(line)
        missing = (COMMON | extra) - case.keys()
        if missing:
            sys.exit(f"missing keys {sorted(missing)} in: {line}")
        if not case["name"].startswith(name):
            sys.exit(f"--filter {name} let through {case['name']}")
        if case["threads"] != 2 or case["statistic"] != "median":
            sys.exit(f"unexpected threads or statistic: {line}")
        if not (case["gflops"] > 0 and case["gflops_best"] >= case["gflops"] and case["seconds"] >= 0.05):
            sys.exit(f"implausible figures: {line}")
    print(f"{len(lines)} bench line(s) parsed: {lines[0]}")


def main():
    for name, extra in CASES.items():
        check(sys.argv[1:], name, extra)


if __name__ == "__main__":
    main()
