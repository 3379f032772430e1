"""HTML input: a page of minutes parses to its speakers, without ruby readings or scripts,
in the charset it declares; a table of turns reads as the table export does."""

from __future__ import annotations

from kaigiroku.indexer.htmltext import declared_charset, html_text
from kaigiroku.indexer.parse import parse_file
from kaigiroku.indexer.source import read_source

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>会議録 | 架空市</title>
<script>document.write("○議長（偽の発言）　これは台本です。");</script>
<style>p {{ margin: 0 }} .x::before {{ content: "○委員長"; }}</style></head>
<body><nav><a href="/">トップ</a> &gt; <a href="/gikai">市議会</a></nav>
<h1>令和6年第2回架空市議会定例会会議録</h1>
<p>令和6年6月12日（水曜日）</p>
<p>○議長（森田一郎君）　ただいまから本日の<ruby>会議<rp>（</rp><rt>かいぎ</rt><rp>）</rp></ruby>を開きます。
日程第1、一般質問を行います。</p>
<p>○12番（川口花子君）　公園の<ruby><rb>遊具</rb><rt>ゆうぐ</rt></ruby>について伺います。<br>
古くなった遊具の点検は、どのように行っていますか。<br>
更新の予定をお示しください。</p>
<p>○市長（小野次郎君）　お答えします。<br>遊具は毎年点検しており、順次更新いたします。</p>
<p>○12番（川口花子君）　ありがとうございました。</p>
<p>○議長（森田一郎君）　以上で一般質問を終わります。&nbsp;本日はこれで散会いたします。</p>
</body></html>
"""


def _write(tmp_path, charset: str, encoding: str, name: str = "kaigi.html"):
    path = tmp_path / name
    path.write_bytes(PAGE.format(charset=charset).encode(encoding))
    return path


def test_speakers_in_paragraphs_and_breaks_parse_to_records(tmp_path):
    m = parse_file(_write(tmp_path, "utf-8", "utf-8"))
    # The chair's turn is split where it opens 日程第1, so the entry's item starts with its announcement.
    assert [(r.speaker, r.role) for r in m.records] == [
        ("議長（森田一郎君）", "chair"), ("議長（森田一郎君）", "chair"), ("12番（川口花子君）", "member"),
        ("市長（小野次郎君）", "executive"), ("12番（川口花子君）", "member"), ("議長（森田一郎君）", "chair")]
    assert m.records[1].text == "日程第1、一般質問を行います。" and m.records[1].item == 0
    question = m.records[2].text
    assert "公園の遊具について伺います。" in question and "ゆうぐ" not in question
    assert "更新の予定をお示しください。" in question and "お答えします" not in question
    assert "本日の会議を開きます。" in m.records[0].text and "かいぎ" not in m.records[0].text
    assert not any("台本" in r.text or "偽の発言" in r.speaker for r in m.records)
    assert m.dates == ["2024-06-12"]


def test_the_declared_charset_is_used(tmp_path):
    path = _write(tmp_path, "Shift_JIS", "cp932", "sjis.htm")
    src = read_source(path)
    assert src.encoding == "html/cp932"
    assert "○市長（小野次郎君）　お答えします。" in src.text
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">') == "euc_jp"


def test_an_undeclared_charset_is_read_from_the_bytes(tmp_path):
    path = tmp_path / "nometa.html"
    path.write_bytes(PAGE.replace('<meta charset="{charset}">', "").format().encode("euc_jp"))
    assert "公園の遊具について伺います。" in read_source(path).text


def test_block_elements_end_lines_and_cells_are_tab_separated():
    text = html_text("<div>一行目<br>二行目</div><ul><li>項目ア</li><li>項目イ</li></ul>"
                     "<table><tr><th>会長</th><td><p>はい。</p><p>次へ進みます。</p></td></tr>"
                     "<tr><td>委員</td><td>賛成です。</td></tr></table><pre>  字下げ\n  のまま</pre>")
    assert text.split("\n") == ["一行目", "二行目", "項目ア", "項目イ", "会長\tはい。", "次へ進みます。",
                                "委員\t賛成です。", "  字下げ", "  のまま"]


def test_a_table_of_turns_parses_like_the_table_export(tmp_path):
    rows = [("会長", "ただいまから審議会を開会します。"), ("委員", "資料の二ページについて質問があります。"),
            ("事務局", "ご説明いたします。"), ("委員", "わかりました。"), ("会長", "それでは閉会します。")]
    body = "".join(f"<tr><td>{who}</td><td><p>{what}</p></td></tr>" for who, what in rows)
    path = tmp_path / "table.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body><h1>令和5年度第1回架空市情報公開審議会</h1>"
                    f"<p>日時　令和5年7月3日</p><table>{body}</table></body></html>", encoding="utf-8")
    m = parse_file(path)
    assert [(r.speaker, r.text) for r in m.records] == rows
