#!/usr/bin/python3
"""Native smoke test: genlab-app renders under Xvfb, and a broken shader fails loudly.

usage: app_smoke.py GENLAB_APP SCREENSHOT_DIR SHADER_DIR
Standard library only (the PNG is decoded with zlib), so any python3 runs it.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def run_app(app, *args):
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", app, *args]
    env = dict(os.environ)
    # Mesa's llvmpipe and libX11 keep allocations until exit; our own leaks are caught by the
    # unit tests, which run under the same AddressSanitizer without this.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, env=env)


def read_png_rgb(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", body[:10])
            assert (depth, color) == (8, 2), "expected 8-bit RGB"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = w * 3 + 1
    assert all(raw[y * stride] == 0 for y in range(h)), "unexpected PNG filter"
    return w, h, [raw[y * stride + 1:(y + 1) * stride] for y in range(h)]


def fail(message, result=None):
    print("FAIL:", message)
    if result is not None:
        print("exit code", result.returncode, "\nstdout:\n" + result.stdout + "\nstderr:\n" + result.stderr)
    sys.exit(1)


def main():
    app, out_dir, shader_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    shot = os.path.join(out_dir, "app.png")
    if os.path.exists(shot):
        os.remove(shot)

    result = run_app(app, "--frames", "30", "--screenshot", shot, "--size", "1280x800")
    if result.returncode != 0 or not os.path.exists(shot):
        fail("genlab-app did not render 30 frames and a screenshot", result)
    w, h, rows = read_png_rgb(shot)
    if (w, h) != (1280, 800):
        fail(f"screenshot is {w}x{h}, expected 1280x800")
    colors, lit = set(), 0
    background = rows[h - 1][(w - 1) * 3:w * 3]  # bottom-right corner: empty canvas
    for row in rows[::4]:
        for x in range(0, w * 3, 12):
            px = row[x:x + 3]
            colors.add(px)
            lit += px != background
    sampled = (h // 4) * (w // 4)
    # The About panel with text, a table and three colormapped images: many colours and a good
    # share of the window covered. A blank or clear-only frame has one colour.
    if len(colors) < 50 or lit < sampled * 0.05:
        fail(f"screenshot looks blank: {len(colors)} colours, {lit}/{sampled} pixels differ from the background")
    # The viridis test image must be there: its brightest colour is #fde725.
    if not any(abs(p[0] - 0xFD) < 8 and abs(p[1] - 0xE7) < 8 and abs(p[2] - 0x25) < 8 for p in colors):
        fail("no viridis yellow in the screenshot: the colormap shader did not draw")
    print(f"rendered: {w}x{h}, {len(colors)} colours, {lit}/{sampled} sampled pixels lit -> {shot}")

    with tempfile.TemporaryDirectory() as bad:
        for name in os.listdir(shader_dir):
            shutil.copy(os.path.join(shader_dir, name), bad)
        with open(os.path.join(bad, "image.frag"), "a") as f:
            f.write("\nthis is not GLSL;\n")
        result = run_app(app, "--frames", "2", "--shader-dir", bad)
        if result.returncode != 1 or "image.frag does not compile" not in result.stderr:
            fail("a broken shader must stop genlab-app with exit 1 and its compile log", result)
        print("broken shader reported:", result.stderr.strip().splitlines()[0])


if __name__ == "__main__":
    main()
