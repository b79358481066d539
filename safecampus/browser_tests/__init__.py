"""Browser tests: a real headless Chromium (Debian's) drives the live server (make test-browser)."""
