"""Browser tests: Debian's chromium driven by Playwright, against real waitress servers.

Each server runs in a thread on a free port of 127.0.0.1 over an index built in
a temp folder. A missing /usr/bin/chromium fails these tests (it is part of the
project's test setup: scripts/setup --test installs it), never skips them.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KAIGIROKU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


class Server:
    """The app on waitress in a background thread."""

    def __init__(self, index_dir: Path):
        from kaigiroku.web import create_app
        from kaigiroku.web.server import create_server

        self.app = create_app({"INDEX_DIR": str(index_dir)})
        self.server = create_server(self.app, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()
        self.server.task_dispatcher.shutdown(timeout=2)
        self.thread.join(timeout=5)
        self.app.extensions["kaigiroku"].engine.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} がありません: browser tests need Debian's chromium "
                    "(run scripts/setup --test, or apt-get install chromium)", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def corpus_server(corpus_index):
    s = Server(corpus_index)
    yield s.url
    s.close()


@pytest.fixture(scope="session")
def xss_server(tmp_path_factory):
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("xss-index-e2e")
    build(root, [FIXTURES / "xss-r04-09.txt"], workers=1)
    s = Server(root)
    yield s.url
    s.close()


@pytest.fixture()
def page(browser):
    """A fresh page; any JavaScript dialog (alert, confirm…) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    pg = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.dialogs = dialogs
    yield pg
    context.close()
    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
