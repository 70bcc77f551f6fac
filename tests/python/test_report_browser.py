"""report.html opens in a real browser (headless Chromium) with every image shown."""

import importlib.util
import os

import pytest

import gridgov as gg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("check_report_browser",
                                              os.path.join(ROOT, "benchmarks", "check_report_browser.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    written = gg.report.planner_report(gg.datasets.seed_county(0), out, notes=["browser check"])
    return written["report"]


def test_report_is_self_contained(report_html):
    html = open(report_html, encoding="utf-8").read()
    assert "<img" in html and "src='http" not in html and 'src="http' not in html
    assert "<script" not in html  # nothing to fetch or run


@pytest.mark.skipif(check.find_chromium() is None, reason="no Chromium installed (Debian: apt-get install chromium)")
def test_every_image_is_shown_in_chromium(report_html, tmp_path):
    browser = check.find_chromium()
    images = check.check_images(browser, report_html)
    assert len(images) >= 3
    assert all(complete and width > 100 and height > 100 for _, complete, width, height in images), images
    ink = check.screenshot(browser, report_html, str(tmp_path / "shot.png"))
    assert ink > 0.02
    assert check.main([report_html, "--screenshot", str(tmp_path / "shot2.png")]) == 0
