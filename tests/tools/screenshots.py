"""Take full-page screenshots of site pages at phone and desktop widths (for eyeballing layout).

Usage: .venv/bin/python tests/tools/screenshots.py http://127.0.0.1:8301 OUTDIR /path/ ...
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9"]
WIDTHS = {"mobile": 390, "desktop": 1280}


def main(base: str, out: str, paths: list[str], scheme: str = "light") -> None:
    """Save OUT/<name>-<width>.png for each path."""
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            for path in paths:
                page.goto(base + path)
                name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                page.screenshot(path=str(target / f"{name}-{label}-{scheme}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    scheme = "dark" if "--dark" in sys.argv else "light"
    args = [a for a in sys.argv[1:] if a != "--dark"]
    main(args[0], args[1], args[2:], scheme)
