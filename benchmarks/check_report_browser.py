#!/usr/bin/env python3
"""Open report.html in a real browser (headless Chromium) and check every image is shown.

Usage::

    python benchmarks/check_report_browser.py demo-out/report.html [--screenshot shot.png]

What it does:

1. copies the report beside itself with a small script added that, once the page has loaded,
   writes each ``<img>``'s ``complete`` flag and natural size into the page,
2. loads that copy with ``chromium --headless --dump-dom`` and reads the results back,
3. takes a full-width screenshot (``--screenshot``) and checks it is not blank.

It exits 0 when every image decoded with a non-zero size and the screenshot shows content,
1 otherwise (and 2 when no Chromium is installed: Debian ``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

_PROBE = """
<script>
window.addEventListener('load', function () {
  var out = [];
  var images = document.images;
  for (var i = 0; i < images.length; i++) {
    var im = images[i];
    out.push(i + ':' + (im.complete ? 1 : 0) + ':' + im.naturalWidth + 'x' + im.naturalHeight);
  }
  var pre = document.createElement('pre');
  pre.id = 'gridgov-image-check';
  pre.textContent = 'IMAGES ' + images.length + ' ' + out.join(' ');
  document.body.appendChild(pre);
});
</script>
"""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _chromium(browser: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage",
             "--virtual-time-budget=10000", "--allow-file-access-from-files"]
    # The browser is not ours to sanitize: under `make asan-py` the sanitizer runtimes preloaded
    # into Python must not follow it into Chromium (its launcher script breaks under them).
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS")}
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=timeout, env=env)


def check_images(browser: str, report: str) -> list[tuple[int, bool, int, int]]:
    """(index, complete, width, height) of every image as Chromium decoded it."""
    text = open(report, encoding="utf-8").read()
    probed = text.replace("</body>", _PROBE + "</body>") if "</body>" in text else text + _PROBE
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, "report_probe.html")
        with open(copy, "w", encoding="utf-8") as handle:
            handle.write(probed)
        result = _chromium(browser, "--dump-dom", "file://" + copy)
    match = re.search(r"IMAGES (\d+)((?: \d+:\d:\d+x\d+)*)", result.stdout)
    if not match:
        raise RuntimeError("the page did not report its images; chromium said: " + result.stderr[-500:])
    images = []
    for item in match.group(2).split():
        index, complete, size = item.split(":")
        width, height = (int(v) for v in size.split("x"))
        images.append((int(index), complete == "1", width, height))
    if len(images) != int(match.group(1)):
        raise RuntimeError("image report is incomplete")
    return images


def screenshot(browser: str, report: str, path: str, *, width: int = 1200, height: int = 8000) -> float:
    """Screenshot the page; returns the share of pixels that are not white."""
    result = _chromium(browser, f"--screenshot={os.path.abspath(path)}", f"--window-size={width},{height}",
                       "file://" + os.path.abspath(report))
    if not os.path.exists(path):
        raise RuntimeError("chromium wrote no screenshot: " + result.stderr[-500:])
    import matplotlib.image as mpimg

    pixels = mpimg.imread(path)[..., :3]
    return float((pixels.min(axis=2) < 0.95).mean())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="path of report.html")
    parser.add_argument("--screenshot", help="where to save the screenshot [default: beside the report]")
    args = parser.parse_args(argv)
    browser = find_chromium()
    if browser is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    report = os.path.abspath(args.report)
    html = open(report, encoding="utf-8").read()
    expected = len(re.findall(r"<img\b", html))
    images = check_images(browser, report)
    broken = [i for i, complete, w, h in images if not complete or w == 0 or h == 0]
    shot = args.screenshot or os.path.join(os.path.dirname(report), "report_screenshot.png")
    ink = screenshot(browser, report, shot)
    print(f"{browser}: {len(images)} image(s) in the page ({expected} <img> tags), "
          f"{len(images) - len(broken)} shown; sizes " + ", ".join(f"{w}x{h}" for _, _, w, h in images))
    print(f"screenshot {shot}: {ink:.1%} of pixels carry content")
    ok = not broken and len(images) == expected and expected > 0 and ink > 0.02
    if broken:
        print(f"images not shown: {broken}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
