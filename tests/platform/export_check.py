#!/usr/bin/python3
"""The shipping path of scripts/pretrain on a small trained checkpoint: `genlab export` to half
precision, `genlab eval` of the exported weights found by name through GENLAB_MODELS, and `export
--metrics` stamping those metrics in. Checks the file a user gets: F16 tensors, no optimizer state,
the config, the measured metrics beside the full-precision ones and the rounding's size.

usage: export_check.py GENLAB CHECKPOINT WORKDIR   (GENLAB_DATA must point at MNIST)
"""
import json
import os
import struct
import subprocess
import sys


def run(*args, env=None):
    out = subprocess.run(list(args), capture_output=True, text=True, timeout=300, env=env)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} exited with {out.returncode}:\n{out.stderr}")
    return out.stdout


def header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n))


def main():
    genlab, ckpt, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    half = os.path.join(work, "half.safetensors")
    shipped_dir = os.path.join(work, "models")
    os.makedirs(shipped_dir, exist_ok=True)
    shipped = os.path.join(shipped_dir, "tiny.safetensors")

    # A full-precision checkpoint with its metrics, as `genlab train --eval` writes one.
    full = os.path.join(work, "full.safetensors")
    with open(os.path.join(work, "full_eval.json"), "w") as f:
        f.write(run(genlab, "eval", ckpt, "--limit", "500", "--json"))
    run(genlab, "export", ckpt, "--dtype", "f32", "--metrics", os.path.join(work, "full_eval.json"), "--out", full)
    if {v["dtype"] for k, v in header(full).items() if k != "__metadata__"} != {"F32"}:
        sys.exit("--dtype f32 did not keep full precision")

    print(run(genlab, "export", full, "--out", half), end="")
    env = dict(os.environ, GENLAB_MODELS=work)
    metrics = json.loads(run(genlab, "eval", "half", "--limit", "500", "--json", env=env))
    with open(os.path.join(work, "eval.json"), "w") as f:
        json.dump(metrics, f)
    run(genlab, "export", half, "--metrics", os.path.join(work, "eval.json"), "--out", shipped)

    h = header(shipped)
    meta = h.pop("__metadata__")
    if any(k.startswith("optim.") for k in h):
        sys.exit(f"optimizer state shipped: {sorted(h)}")
    if {v["dtype"] for v in h.values()} != {"F16"}:
        sys.exit(f"not all F16: { {k: v['dtype'] for k, v in h.items()} }")
    m = json.loads(meta["metrics"])
    for key in ("test_accuracy", "f32", "export_dtype", "export_max_abs_weight_change"):
        if key not in m:
            sys.exit(f"metadata metrics lack {key}: {m}")
    if not 0 < m["export_max_abs_weight_change"] < 1e-2:
        sys.exit(f"implausible rounding change {m['export_max_abs_weight_change']}")
    if m["test_accuracy"] != metrics["test_accuracy"]:
        sys.exit(f"stamped {m['test_accuracy']} but eval measured {metrics['test_accuracy']}")
    if "test_accuracy" not in m["f32"]:
        sys.exit(f"the full-precision metrics were lost: {m['f32']}")
    if abs(m["test_accuracy"] - m["f32"]["test_accuracy"]) > 0.02:
        sys.exit(f"half precision moved accuracy from {m['f32']['test_accuracy']} to {m['test_accuracy']}")
    json.loads(meta["config"])
    # The shipped file is found by name too, and loads as a model.
    again = json.loads(run(genlab, "eval", "tiny", "--limit", "500", "--json", env=dict(env, GENLAB_MODELS=shipped_dir)))
    if again["test_accuracy"] != metrics["test_accuracy"]:
        sys.exit(f"re-evaluating the shipped file gave {again['test_accuracy']}, not {metrics['test_accuracy']}")
    print(f"export ok: accuracy {m['f32']['test_accuracy']} (f32) -> {m['test_accuracy']} (f16), "
          f"largest weight change {m['export_max_abs_weight_change']:.3g}")


if __name__ == "__main__":
    main()
