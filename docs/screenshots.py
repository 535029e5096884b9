"""Regenerate the README's pictures: ``make docs`` (needs Debian's chromium and CJK fonts:
``apt-get install -y chromium fonts-noto-cjk``).

Each picture is a page ``kg viz`` writes for the bundled samples, or a page of the site
``kg site`` writes from ``exports/kg.ttl``, opened offline in headless Chromium through
Playwright, with every non-file request refused. ``python -m docs.screenshots site-project.png``
makes only the pictures named.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Route, sync_playwright

from benchmarks.chromium import ARGS, CHROMIUM

DOCS = Path(__file__).resolve().parent
#: picture → (kg viz arguments, viewport width, height, what to wait for)
PICTURES: dict[str, tuple[list[str], int, int, str]] = {
    "network-liujiang.png": (["--region", "450206"], 1600, 900, "window.kgNetwork"),
    "network.png": ([], 1900, 2300, "window.kgNetwork"),
    "sankey-liujiang.png": (["--sankey", "--region", "450206"], 1600, 720, "window.kgSankey"),
    "sankey.png": (["--sankey"], 1600, 1800, "window.kgSankey"),
}
#: picture of a page of the site → (its file in the site, viewport width, height)
SITE_PICTURES: dict[str, tuple[str, int, int]] = {
    "site-department.png": ("department/450203-314.html", 1200, 1300),
    "site-project.png": ("project/450206220413600006280.html", 1200, 1250),
}


def _offline(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def main(only: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (args, width, height, ready) in PICTURES.items():
            if only and name not in only:
                continue
            page_file = Path(tmp) / (name + ".html")
            kg = [sys.executable, "-m", "kg.cli", "viz", *args, "--out", str(page_file)]
            subprocess.run(kg, check=True, stderr=subprocess.DEVNULL)
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", _offline)
            page.goto(page_file.as_uri())
            page.wait_for_function(f"() => {ready} !== undefined")
            if ready == "window.kgNetwork":  # fit the drawing, keep labels readable
                page.evaluate(
                    "(() => { const n = window.kgNetwork.network;"
                    " n.fit({animation: false}); n.moveTo({scale: n.getScale() * 0.92,"
                    " animation: false}); })()"
                )
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / name), full_page=True)
            page.close()
            print(f"docs/{name}", file=sys.stderr)
        _site_pictures(browser, Path(tmp) / "site", only)
        browser.close()


def _site_pictures(browser: Browser, site: Path, only: list[str]) -> None:
    wanted = {n: v for n, v in SITE_PICTURES.items() if not only or n in only}
    if not wanted:
        return
    kg = [sys.executable, "-m", "kg.cli", "site", "--out", str(site)]
    subprocess.run(kg, check=True, stderr=subprocess.DEVNULL)
    for name, (page_file, width, height) in wanted.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", _offline)
        page.goto((site / page_file).as_uri())
        page.screenshot(path=str(DOCS / name))  # the viewport: the top of the page
        page.close()
        print(f"docs/{name}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
