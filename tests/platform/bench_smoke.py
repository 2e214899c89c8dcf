#!/usr/bin/python3
"""Smoke test of `genlab bench --json` on a GEMM case, the SIMD peak case and the thread handoff
case: every line parses as JSON and carries the documented keys, with a positive rate; on 2
threads every case but thread_handoff itself carries the hand-off rate read before it
(handoff_per_s), on 1 none does; a case that needs 2 threads prints nothing on 1. Not a timing
assertion: any speed passes.

usage: bench_smoke.py COMMAND... (the CLI to run, e.g. build/native/genlab, or node genlab-cli.js)
"""
import json
import subprocess
import sys

COMMON = {"name", "threads", "statistic", "repetitions", "seconds", "gemm_kernel", "target", "simd_isa",
          "build_type"}
# --filter: the rate's key, and the keys its cases add
CASES = {
    "sgemm_256": ("gflops", {"m", "n", "k", "trans"}),
    "f32x4_mul_add_peak": ("gflops", {"chains", "lanes"}),
    "thread_handoff": ("it_per_s", {"round_trips_per_run"}),
}


def bench_lines(cli, name, threads):
    """The JSON lines of `bench --filter NAME --threads THREADS`, which must exit 0."""
    cmd = cli + ["bench", "--filter", name, "--seconds", "0.05", "--threads", str(threads), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {out.returncode}:\n{out.stderr}")
    return out.stdout.splitlines()


def check(cli, name, rate, extra):
    extra = extra | {rate, rate + "_best"}
    lines = bench_lines(cli, name, 2)
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
        if not (case[rate] > 0 and case[rate + "_best"] >= case[rate] and case["seconds"] >= 0.05):
            sys.exit(f"implausible figures: {line}")
        if name == "thread_handoff":
            if "handoff_per_s" in case:
                sys.exit(f"thread_handoff carries a reading of itself: {line}")
        elif not case.get("handoff_per_s", 0) > 0:
            sys.exit(f"no positive handoff_per_s on 2 threads: {line}")
    print(f"{len(lines)} bench line(s) parsed: {lines[0]}")


def check_one_thread(cli, name):
    """On 1 thread there is no hand-off to read, and no key for it."""
    for line in bench_lines(cli, name, 1):
        if "handoff_per_s" in json.loads(line):
            sys.exit(f"handoff_per_s on 1 thread: {line}")
    print(f"--threads 1 --filter {name}: no handoff_per_s")


def check_skipped(cli, name):
    """A case that needs 2 threads is left out on 1, without failing the run."""
    lines = bench_lines(cli, name, 1)
    if lines:
        sys.exit(f"bench --filter {name} --threads 1: expected no lines, got:\n" + "\n".join(lines))
    print(f"--threads 1 --filter {name}: skipped")


def main():
    for name, (rate, extra) in CASES.items():
        check(sys.argv[1:], name, rate, extra)
    check_skipped(sys.argv[1:], "thread_handoff")
    check_one_thread(sys.argv[1:], "sgemm_256")


if __name__ == "__main__":
    main()
