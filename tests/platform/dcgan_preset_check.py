#!/usr/bin/python3
"""`genlab train dcgan` trains the registry's preset, whose discriminator has a hidden dense layer
(models/dcgan.h, disc_hidden), and `--config '{"disc_hidden": 0}'` trains W3's network as it is:
checked in the configs and tensors of the checkpoints that two runs of 2 steps write.

usage: dcgan_preset_check.py GENLAB WORKDIR   (GENLAB_DATA must point at MNIST)
"""
import json
import os
import subprocess
import sys

from export_check import header  # the safetensors header as JSON


def train(genlab, out, *extra):
    args = [genlab, "train", "dcgan", "--steps", "2", "--batch", "8", "--threads", "1", "--json", "--out", out, *extra]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited with {done.returncode}:\n{done.stderr}")


def main():
    genlab, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    preset, w3 = os.path.join(work, "preset.safetensors"), os.path.join(work, "w3.safetensors")
    train(genlab, preset)
    train(genlab, w3, "--config", '{"disc_hidden": 0}')
    failures = []
    for path, hidden, fc_in in [(preset, 256, 256), (w3, 0, 6272)]:
        h = header(path)
        config = json.loads(h["__metadata__"]["config"])
        if config.get("disc_hidden") != hidden:
            failures.append(f"{path}: disc_hidden {config.get('disc_hidden')}, expected {hidden}")
        if h["disc.fc.weight"]["shape"] != [1, fc_in]:
            failures.append(f"{path}: disc.fc.weight {h['disc.fc.weight']['shape']}, expected [1, {fc_in}]")
        want_hidden = [hidden, 6272] if hidden else None
        got_hidden = h["disc.hidden.weight"]["shape"] if "disc.hidden.weight" in h else None
        if got_hidden != want_hidden:
            failures.append(f"{path}: disc.hidden.weight {got_hidden}, expected {want_hidden}")
    if failures:
        sys.exit("\n".join(failures))
    print("dcgan preset: disc_hidden 256 by default, 0 on request")


if __name__ == "__main__":
    main()
