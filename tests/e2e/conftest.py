"""Browser tests: Debian's chromium driven by Playwright, against real waitress servers.

Each server runs in a thread on a free port of 127.0.0.1 over an index built in
a temp folder. A missing /usr/bin/chromium fails these tests (it is part of the
project's test setup: scripts/setup --test installs it), never skips them. The browser is
tests/conftest.py's, one per session, shared with the PDF tests that print with it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

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
        self.app.extensions["kaigiroku"].backend.close()


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


@pytest.fixture(scope="session")
def people_server(tmp_path_factory):
    """One session of an assembly of our own (tests/fixtures/people_e2e): bills referred, decided, voted."""
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("people-e2e-index")
    build(root, [FIXTURES.parent.parent / "fixtures" / "people_e2e"], workers=1)
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
