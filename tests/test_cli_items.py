"""`kaigiroku items` and `kaigiroku similar`, driven as a person runs them (a real process)."""

from __future__ import annotations

import json

from tests.test_cli_errors import run


def test_items_prints_items_with_their_outcome_and_matching_utterances(corpus_index):
    p = run("items", "遡及", "--index", str(corpus_index))
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.startswith("案件 1 件")
    assert "[諮問] 感染症対策業務の一部の外部委託に伴う個人情報の取扱いについて" in out
    assert "ID: meguro-r03-06.0" in out and "【遡及】" in out


def test_items_json_filters_and_paging(corpus_index):
    ix = str(corpus_index)
    p = run("items", "--outcome", "承認", "--fiscal-year", "令和4年度", "--limit", "2", "--page", "2", "--json", "--index", ix)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["total"] == 5 and data["page"] == 2 and len(data["items"]) == 2
    assert all(i["outcome"] == "承認" and i["fiscal_year"] == "2022" for i in data["items"])
    assert sum(data["facets"]["outcome"].values()) >= data["total"]


def test_similar_prints_the_key_terms_and_the_similar_items(corpus_index):
    ix = str(corpus_index)
    p = run("similar", "meguro-r04-02.1", "--limit", "2", "--index", ix)
    assert p.returncode == 0, p.stderr
    assert "手がかりにした語: " in p.stdout and "人事給与" in p.stdout
    assert "ID: meguro-r02-02.2" in p.stdout
    data = json.loads(run("similar", "meguro-r04-02.1", "--json", "--index", ix).stdout)
    assert data["item"]["id"] == "meguro-r04-02.1" and data["items"][0]["id"] == "meguro-r02-02.2"
    assert len(data["items"]) == 5


def test_help_is_japanese():
    for cmd in ("items", "similar"):
        p = run(cmd, "--help")
        assert p.returncode == 0
        assert p.stdout.startswith(f"使い方: kaigiroku {cmd}") and "案件" in p.stdout and "usage" not in p.stdout
