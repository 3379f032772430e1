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


MANY_MEETINGS = 45  # more than any facet list shows, so capped lists and paging are exercised


def write_many_meetings(folder: Path, n: int = MANY_MEETINGS) -> None:
    """`n` short minutes in the colon layout, in our own words: two towns, dates 平成20–30年, one each."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        year, month = 20 + i % 11, 4 + i // 11
        town = ("北町", "南町")[i % 2]
        text = (f"名称：平成{year}年度第{i + 1}回　情報公開審議会\n日時：平成{year}年{month}月10日（月）\n"
                f"会場：{town}役場　第{i % 3 + 1}会議室\n\n３　諮問事項\n（１）窓口業務の再委託について\n\n"
                "会長：諮問事項について事務局から説明をお願いします。\n"
                "事務局：窓口業務の一部を民間事業者に再委託するものです。\n"
                f"委員：再委託先での個人情報の管理はどのように確認するのですか（第{i + 1}回）。\n"
                "課長：年に一度、立入検査を行って確認いたします。\n")
        (folder / f"{('kita', 'minami')[i % 2]}-h{year}-{i:02d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def many_meetings_index(tmp_path_factory):
    """An index of MANY_MEETINGS small meetings (read-only for tests)."""
    from kaigiroku.indexer.build import build

    src = tmp_path_factory.mktemp("many-src")
    write_many_meetings(src)
    root = tmp_path_factory.mktemp("many-index")
    build(root, [src], workers=1)
    return root


@pytest.fixture(scope="session")
def many_meetings_count():
    """How many meetings many_meetings_index holds."""
    return MANY_MEETINGS


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
