"""The meeting's source: --source-url, a `<file>.url` beside the file, or sources.tsv; kept in the
index, shown as 原本, and given as source_url (and pdfURL for a PDF) by the APIs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kaigiroku.indexer.build import add, build
from kaigiroku.indexer.parse import parse_file
from kaigiroku.indexer.source import InputError
from kaigiroku.search.paths import CORPUS_DIR

PDF_URL = "https://www.example.lg.jp/gikai/kaigiroku/r04-02.pdf"
PAGE_URL = "https://www.example.lg.jp/gikai/kaigiroku/r02-05.html"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], capture_output=True, text=True)


@pytest.fixture()
def folder(tmp_path):
    for stem in ("meguro-r04-02", "meguro-r02-05"):
        shutil.copy(CORPUS_DIR / f"{stem}.txt", tmp_path)
    return tmp_path


def test_without_a_url_the_source_is_the_file(folder):
    m = parse_file(folder / "meguro-r04-02.txt")
    assert m.source_url == "" and m.source == "meguro-r04-02.txt"


def test_sidecar_file_and_folder_list(folder):
    (folder / "meguro-r04-02.txt.url").write_text(f"\n{PDF_URL}\n", encoding="utf-8")
    (folder / "sources.tsv").write_text(f"meguro-r02-05.txt\t{PAGE_URL}\nother.txt\thttps://x.example/\n", encoding="utf-8")
    assert parse_file(folder / "meguro-r04-02.txt").source_url == PDF_URL
    assert parse_file(folder / "meguro-r02-05.txt").source_url == PAGE_URL
    assert parse_file(folder / "meguro-r02-05.txt", "https://a.example/b.pdf").source_url == "https://a.example/b.pdf"


def test_a_sidecar_that_is_not_a_url_is_an_error_naming_it(folder):
    (folder / "meguro-r04-02.txt.url").write_text("javascript:alert(1)", encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse_file(folder / "meguro-r04-02.txt")
    assert e.value.path.endswith("meguro-r04-02.txt.url") and "URL" in e.value.problem


def test_source_url_is_for_one_file_only(folder, tmp_path):
    r = run("parse", str(folder), "--source-url", PDF_URL)
    assert r.returncode != 0 and "1 つのファイルにだけ" in r.stderr and "2 件" in r.stderr and "Traceback" not in r.stderr
    r = run("build", str(folder), "--source-url", PDF_URL, "--index", str(tmp_path / "ix"), "-q")
    assert r.returncode != 0 and "1 つのファイルにだけ" in r.stderr and not (tmp_path / "ix").exists()
    r = run("parse", str(folder / "meguro-r04-02.txt"), "--source-url", "ftp:/nowhere")
    assert r.returncode != 0 and "URL" in r.stderr
    r = run("parse", str(folder / "meguro-r04-02.txt"), "--source-url", PDF_URL)
    assert r.returncode == 0 and f"原本: {PDF_URL}" in r.stdout


def test_the_url_is_stored_shown_and_served(folder, tmp_path):
    from kaigiroku.web import create_app

    root = tmp_path / "index"
    build(root, [folder / "meguro-r02-05.txt"], workers=1)
    s = add(root, [folder / "meguro-r04-02.txt"], workers=1, source_url=PDF_URL)
    assert s.added == ["meguro-r04-02"]
    # The same bytes with a new URL are a change.
    s = add(root, [folder / "meguro-r04-02.txt"], workers=1, source_url=PDF_URL + "?v=2")
    assert s.replaced == ["meguro-r04-02"]
    s = add(root, [folder / "meguro-r04-02.txt"], workers=1, source_url=PDF_URL)
    client = create_app({"INDEX_DIR": str(root)}).test_client()

    meetings = {m["id"]: m for m in client.get("/api/meetings").get_json()["meetings"]}
    assert meetings["meguro-r04-02"]["source_url"] == PDF_URL and meetings["meguro-r02-05"]["source_url"] == ""
    assert client.get("/api/meetings/meguro-r04-02").get_json()["source_url"] == PDF_URL

    page = client.get("/meetings/meguro-r04-02").get_data(as_text=True)
    assert "<dt>原本</dt>" in page and f'href="{PDF_URL}"' in page
    other = client.get("/meetings/meguro-r02-05").get_data(as_text=True)
    assert "<dt>原本</dt>" in other and "meguro-r02-05.txt" in other

    data = client.get("/api/meeting_list", query_string={"any": "個人情報", "recordPacking": "json"}).get_json()
    urls = {r["meetingURL"].rsplit("/", 1)[-1]: r["pdfURL"] for r in data["meetingRecord"]}
    assert urls["meguro-r04-02"] == PDF_URL and urls["meguro-r02-05"] is None
