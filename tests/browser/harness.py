"""Browser-test harness: Debian's Chromium driven by Playwright against the live server, with
a screenshot, an axe-core WCAG check and a console-error check for every page a journey sees."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    # Keep the browser from phoning home: the machines have no route out, and a stalled
    # request would only slow the run.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The bar the district holds its pages to: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Console errors (CSP violations, uncaught exceptions) per open page, filled by listeners.
console_errors = {}


def open_page(browser, **context_options):
    """A tab in a fresh context (no cookies shared between tests) that records console errors."""
    # Reduced motion turns off Bootstrap's transitions, so a screenshot or an axe run right
    # after a click sees the finished state, not a half-open menu.
    context = browser.new_context(reduced_motion="reduce", **context_options)
    # A journey that stalls should fail in seconds, not after Playwright's 30 s default.
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = console_errors[page] = []

    def on_console(msg):
        # Chromium logs a page served with an error status (the friendly 404) as "Failed to
        # load resource"; only that, for the document itself, is excused: a missing stylesheet
        # or a CSP violation still fails.
        own_status = (
            msg.text.startswith("Failed to load resource") and msg.location["url"] == page.url
        )
        if msg.type == "error" and not own_status:
            errors.append(f"{msg.text} ({msg.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return page


def close_page(page):
    """Close the tab; errors logged after a journey's last check still fail it."""
    errors = console_errors.pop(page)
    page.context.close()
    assert not errors, "browser console errors:\n" + "\n".join(errors)


def check_page(page, name):
    """Screenshot the page as it is now, then fail on console errors or on serious/critical
    WCAG 2.x A/AA violations that axe-core finds."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    # A full-page capture stretches the emulated screen for a moment; set it back before the
    # journey's next click, so no click lands on a stretched phone page.
    page.set_viewport_size(size)
    # Axe injects its script with page.evaluate, which goes through the DevTools protocol and
    # is not subject to the page's Content-Security-Policy: no bypass_csp needed.
    # No CSSOM preload: for a stylesheet that @imports another (the admin's forms.css) axe
    # copies the CSS into <style> elements, which the page's CSP refuses and logs as errors
    # that are axe's, not the page's. Only the css-orientation-lock rule needs the preload.
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "preload": False,
    }
    violations = Axe().run(page, options=options).response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"accessibility violations on {name}:\n" + "\n".join(blocking)
    errors = console_errors[page]
    assert not errors, f"browser console errors on {name}:\n" + "\n".join(errors)


def visit(page, url, name):
    """Open ``url``, wait for it to load, then check it (see ``check_page``)."""
    response = page.goto(url, wait_until="load")
    check_page(page, name)
    return response
