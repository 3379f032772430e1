"""Every subcommand, given what a person might get wrong: a message and a non-zero exit, never a
traceback, and nothing left behind in an index folder that could not be used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("KAIGIROKU_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=full_env, timeout=120)


@pytest.fixture(scope="module")
def places(tmp_path_factory, corpus_index):
    base = tmp_path_factory.mktemp("bad")
    (base / "empty").mkdir()
    (base / "notes.txt").write_text("会議録ではない、ただのメモです。\n買い物: 牛乳、卵\n", encoding="utf-8")
    (base / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (base / "afile").write_text("x", encoding="utf-8")
    return {"base": base, "index": str(corpus_index)}


def cases(p: dict) -> list[tuple[list[str], str]]:
    b, ix = p["base"], p["index"]
    missing = str(b / "no-index-here")
    return [
        (["nonsense"], "は選べません"),
        ([], "次の引数が必要です"),
        (["parse"], "次の引数が必要です"),
        (["parse", str(b / "nope.txt")], "見つかりません"),
        (["parse", str(b / "empty")], "フォルダに会議録のファイル"),
        (["parse", str(b / "image.txt")], "PNG"),
        (["parse", str(b / "notes.txt")], "形式"),
        (["build", str(b / "nope")], "見つかりません"),
        (["build", str(b / "empty"), "--index", str(b / "ix1")], "フォルダに会議録のファイル"),
        (["build", "--index", str(b / "afile")], "ファイルです"),
        (["build", "--index", "/proc/nope"], "索引のフォルダ"),
        (["build", "--workers", "0"], "1 から 64 まで"),
        (["build", "--workers", "many"], "整数"),
        (["build", str(CORPUS / "meguro-r03-06.txt"), str(b / "notes.txt"), "--index", str(b / "ix2")], "--skip-bad"),
        (["add"], "次の引数が必要です"),
        (["add", str(b / "empty"), "--index", ix], "フォルダに会議録のファイル"),
        (["add", str(CORPUS / "meguro-r03-06.txt"), "--index", missing], "索引がありません"),
        (["remove", "nope", "--index", ix], "索引にありません"),
        (["remove", "nope", "--index", missing], "索引がありません"),
        (["stats", "--index", missing], "索引がありません"),
        (["stats", "--index", str(b / "afile")], "索引"),
        (["search", "遡及", "--index", missing], "索引がありません"),
        (["search", "遡及", "--index", ix, "--limit", "x"], "整数"),
        (["search", "遡及", "--index", ix, "--limit", "1000"], "1 から 100 まで"),
        (["search", "遡及", "--index", ix, "--facet-size", "-1"], "0 から 1000 まで"),
        (["search", "遡及", "--index", ix, "--page", "0"], "1 から 1000 まで"),
        (["search", "遡及", "--index", ix, "--from", "昨日"], "日付"),
        (["search", "遡及", "--index", ix, "--role", "市長"], "発言者"),
        (["search", "遡及", "--index", ix, "--fiscal-year", "来年度"], "年度"),
        (["search", "遡及", "--index", ix, "--sort", "best"], "選べません"),
        (["search", '"遡及', "--index", ix], "引用符"),
        (["search", "--index", ix, "--nope"], "不明な引数"),
        (["items", "遡及", "--index", missing], "索引がありません"),
        (["items", "遡及", "--index", ix, "--outcome", "大成功"], "結果は"),
        (["items", "遡及", "--index", ix, "--kind", "質問"], "案件の種類"),
        (["items", "遡及", "--index", ix, "--topic", "x"], "不明な引数"),
        (["items", '"遡及', "--index", ix], "引用符"),
        (["items", "--index", ix, "--limit", "0"], "1 から 100 まで"),
        (["items", "--index", ix, "--from", "昨日"], "日付"),
        (["similar"], "次の引数が必要です"),
        (["similar", "nope", "--index", ix], "会議ID.番号"),
        (["similar", "nope.3", "--index", ix], "案件が見つかりません"),
        (["similar", "meguro-r04-02.1", "--index", missing], "索引がありません"),
        (["similar", "meguro-r04-02.1", "--index", ix, "--limit", "99"], "1 から 20 まで"),
        (["serve", "--index", ix, "--host", "256.1.1.1", "--port", "0"], "待ち受けできません"),
        (["serve", "--index", ix, "--port", "70000"], "0 から 65535 まで"),
        (["serve", "--index", ix, "--port", "http"], "整数"),
        (["serve", "--index", ix, "--threads", "0"], "1 から 64 まで"),
        (["serve", "--index", missing], "索引がありません"),
    ]


def test_every_subcommand_with_bad_arguments_says_why_without_a_traceback(places):
    failures = []
    for args, needle in cases(places):
        p = run(*args)
        problems = []
        if p.returncode == 0:
            problems.append("exit 0")
        if "Traceback" in p.stderr or "Traceback" in p.stdout:
            problems.append("traceback")
        if needle not in p.stderr:
            problems.append(f"no {needle!r} in stderr")
        if problems:
            failures.append(f"kaigiroku {' '.join(args)}: {', '.join(problems)}\n{p.stderr[-400:]}")
    assert not failures, "\n\n".join(failures)


def test_a_command_that_cannot_run_leaves_no_folder_or_lock_behind(places):
    missing = places["base"] / "no-index-here"
    for args in (["add", str(CORPUS / "meguro-r03-06.txt")], ["remove", "x"]):
        assert run(*args, "--index", str(missing)).returncode != 0
    assert not missing.exists()
    bad = places["base"] / "ix2"  # the build that stopped at a bad file
    assert not (bad / "current").exists()


def test_help_and_messages_are_japanese_and_there_is_a_version():
    p = run("--help")
    assert p.returncode == 0 and "使い方:" in p.stdout and "コマンド" in p.stdout and "Traceback" not in p.stderr
    for cmd in ("parse", "build", "add", "remove", "stats", "search", "serve"):
        p = run(cmd, "--help")
        assert p.returncode == 0 and "使い方:" in p.stdout and "このヘルプを表示して終了する" in p.stdout, cmd
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith("kaigiroku ")


def test_parse_reads_a_folder_like_build_does(tmp_path):
    for name in ("meguro-r03-06.txt", "meguro-r02-05.txt"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    p = run("parse", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "meguro-r02-05  " in p.stdout and "meguro-r03-06  " in p.stdout


def test_stats_columns_line_up_beside_japanese_labels(corpus_index):
    from kaigiroku.cliargs import display_width

    p = run("stats", "--index", str(corpus_index))
    assert p.returncode == 0
    rows = [line for line in p.stdout.splitlines() if line.startswith("  ")]
    # Within each block, every count ends in the same display column.
    blocks, block = [], []
    for line in p.stdout.splitlines():
        if line.startswith("  "):
            block.append(display_width(line))
        elif block:
            blocks.append(block)
            block = []
    blocks.append(block)
    assert rows and all(len(set(b)) == 1 for b in blocks if b), blocks


def test_an_unforeseen_failure_is_a_message_and_debug_shows_the_traceback(monkeypatch, capsys, tmp_path):
    from kaigiroku import cli
    from kaigiroku.search.whoosh import backend

    def broken(self, req):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(backend.WhooshBackend, "__init__", lambda self, root: None)
    monkeypatch.setattr(backend.WhooshBackend, "search", broken)
    monkeypatch.delenv("KAIGIROKU_DEBUG", raising=False)
    assert cli.main(["search", "遡及", "--index", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "予期しない問題" in err and "disk on fire" in err and "Traceback" not in err
    monkeypatch.setenv("KAIGIROKU_DEBUG", "1")
    assert cli.main(["search", "遡及", "--index", str(tmp_path)]) == 1
    assert "Traceback" in capsys.readouterr().err
