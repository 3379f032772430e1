"""Shared fixtures: the shipped corpus, parsed once per session (parsing is pure), and Debian's chromium
(one Playwright per session: the browser tests and the PDF tests, which print with it, share it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kaigiroku.indexer.parse import parse_file

from kaigiroku.search.paths import CORPUS_DIR as CORPUS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KAIGIROKU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus():
    """Meeting id -> parsed Meeting, for the five shipped files."""
    return {p.stem: parse_file(p) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """The shipped corpus indexed once into a temp folder (read-only for tests)."""
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("index")
    build(root, [CORPUS], workers=1)
    return root


@pytest.fixture(scope="module")
def app(corpus_index):
    """The web app over the corpus index (one per test module)."""
    from kaigiroku.web import create_app

    return create_app({"INDEX_DIR": str(corpus_index)})


@pytest.fixture()
def client(app):
    return app.test_client()


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
