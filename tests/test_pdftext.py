"""PDF input: PDFs made at test time from the shipped text by Debian's chromium parse to the same
records as the text; running headers, page numbers, scans and broken files are handled by name."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import threading

import pytest

from kaigiroku.indexer.parse import parse_file, parse_source
from kaigiroku.indexer.pdftext import NO_TEXT, PdfLine, PdfPage, lay_out, pdf_text, strip_running
from kaigiroku.indexer.source import InputError, read_source
from kaigiroku.search.paths import CORPUS_DIR

from pdfmaker import render_pdf

HEADER = "会議録（写し）第12号"
# The transcript, the HTML table export and the summary minutes; the two written Q&A tables
# (tab-separated cells spanning many lines) do not survive a line-per-row rendering.
ROUND_TRIP = ["meguro-r04-02", "meguro-r02-02", "higashimurayama-h27-06"]


@pytest.fixture(scope="module")
def pdfs(browser, tmp_path_factory):
    """Corpus id -> a PDF of its text, with a running header and page numbers."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for stem in ROUND_TRIP:
        path = folder / f"{stem}.pdf"
        path.write_bytes(render_pdf(browser, read_source(CORPUS_DIR / f"{stem}.txt").text, HEADER))
        out[stem] = path
    return out


def _records(m):
    return [(r.speaker, r.role, r.kind, re.sub(r"\s+", "", r.text)) for r in m.records]


@pytest.mark.parametrize("stem", ROUND_TRIP)
def test_pdf_parses_to_the_records_of_its_text(pdfs, corpus, stem):
    from_pdf = parse_file(pdfs[stem])
    from_text = corpus[stem]
    assert len(from_pdf.records) == len(from_text.records)
    assert _records(from_pdf) == _records(from_text)
    assert [(i.kind, i.title, i.outcome) for i in from_pdf.items] == [(i.kind, i.title, i.outcome) for i in from_text.items]
    assert from_pdf.dates == from_text.dates and from_pdf.title == from_text.title


def test_running_header_and_page_numbers_are_gone(pdfs):
    text = pdf_text(pdfs["meguro-r04-02"].read_bytes())
    assert text.pages > 20
    lines = [ln.strip() for ln in text.text.split("\n")]
    assert HEADER not in lines
    # The text itself carries the page marks of the PDF it was once taken from; the new PDF's go.
    marks = {ln.strip() for ln in read_source(CORPUS_DIR / "meguro-r04-02.txt").lines if re.fullmatch(r"\s*-\s*\d+\s*-\s*", ln)}
    left = [ln for ln in lines if re.fullmatch(r"-\s*\d+\s*-", ln)]
    assert set(left) <= marks and len(left) <= len(marks) < text.pages / 2


def test_lines_keep_their_indent_and_speakers_their_lines(pdfs):
    lines = pdf_text(pdfs["meguro-r04-02"].read_bytes()).text.split("\n")
    source = read_source(CORPUS_DIR / "meguro-r04-02.txt").lines
    speakers = [s for s in source if re.match(r"^会長 ", s)]
    assert len(speakers) > 30
    assert sum(1 for s in lines if re.match(r"^会長 ", s)) == len(speakers)
    indented = sum(1 for s in lines if s.startswith("\u3000"))
    assert indented >= 0.9 * sum(1 for s in source if s[:1] in " \u3000" and s.strip())


def test_extraction_is_safe_from_threads(pdfs):
    data = pdfs["higashimurayama-h27-06"].read_bytes()
    want = pdf_text(data).text
    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(pdf_text(data).text)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 4


def _scan(browser, before: str = "") -> bytes:
    """A PDF whose last page is only a picture of text, as a scanner makes it; `before` is HTML of
    pages with text in front of it."""
    page = browser.new_page()
    try:
        page.set_content('<p style="font-size: 20pt">○議長（山田太郎君）　ただいまから会議を開きます。</p>')
        png = base64.b64encode(page.screenshot()).decode()
        page.set_content(f'{before}<img src="data:image/png;base64,{png}" style="width: 100%">')
        return page.pdf(format="A4")
    finally:
        page.close()


def test_scanned_pdf_is_refused_by_name(browser, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scan(browser))
    with pytest.raises(InputError) as e:
        read_source(path)
    assert "文字情報のない PDF です（スキャン画像？）" in str(e.value) and NO_TEXT in str(e.value)
    r = subprocess.run([sys.executable, "-m", "kaigiroku", "parse", str(path)], capture_output=True, text=True)
    assert r.returncode == 1 and "文字情報のない PDF です（スキャン画像？）" in r.stderr and "Traceback" not in r.stderr


def test_a_scanned_page_among_text_pages_is_skipped_with_a_warning(browser, tmp_path):
    turns = "".join(f"<p>{t}</p>" for t in ("令和6年第1回架空市議会定例会会議録", "令和6年3月1日",
                                             "○議長（山田太郎君）　ただいまから会議を開きます。",
                                             "○市長（鈴木一郎君）　ご報告いたします。", "○議長（山田太郎君）　散会します。"))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_scan(browser, f'<div style="break-after: page">{turns}</div>'))
    m = parse_file(path)
    assert [r.speaker for r in m.records] == ["議長（山田太郎君）", "市長（鈴木一郎君）", "議長（山田太郎君）"]
    assert "2 ページは文字情報のない画像です（読み飛ばしました）" in m.warnings


@pytest.mark.parametrize("data, why", [
    (b"%PDF-1.7\n" + b"\x00garbage" * 50, "PDF として読めません"),
    (b"<html><body>not a pdf</body></html>", "PDF として読めません"),
])
def test_broken_pdf_gets_a_clear_message(tmp_path, data, why):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_source(path)
    assert why in e.value.problem and e.value.path == str(path)


def test_truncated_pdf_gets_a_clear_message(pdfs, tmp_path):
    data = pdfs["higashimurayama-h27-06"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as e:
        parse_source(read_source(path))
    assert "PDF" in e.value.problem


# -- layout rules on positioned lines, without a browser -------------------------------------------

def _page(rows: list[tuple[str, float, float, float]]) -> PdfPage:
    return PdfPage([PdfLine(t, left, right, top, 10.0) for t, left, right, top in rows], chars=100)


def test_headers_repeated_with_changing_digits_and_page_numbers_go():
    body = ["○議長　開会します。", "○山田委員　質問します。", "○市長　お答えします。", "（休憩）", "○議長　再開します。",
            "○佐藤委員　賛成です。", "○議長　採決します。", "〔賛成者起立〕"]
    pages = [_page([(f"令和6年第{n}回定例会 {n}日目", 56, 300, 800)]
                   + [(f"{t}（{'甲乙丙丁'[n - 1]}）", 56, 200, 780 - 16 * k) for k, t in enumerate(body)]
                   + [(f"- {n} -", 280, 310, 40)]) for n in range(1, 5)]
    kept = [ln.text for lines in strip_running(pages) for ln in lines]
    assert kept == [f"{t}（{'甲乙丙丁'[n - 1]}）" for n in range(1, 5) for t in body]


def test_a_single_page_keeps_its_first_line():
    pages = [_page([("令和6年第1回定例会会議録", 56, 300, 800), ("○議長　開会します。", 56, 200, 780)])]
    assert [ln.text for ln in strip_running(pages)[0]] == ["令和6年第1回定例会会議録", "○議長　開会します。"]


def test_wrapped_lines_run_on_and_indents_and_gaps_come_back():
    rows = [("○議長　これは長い発言で、行の終わりまで", 56, 539, 800),  # reaches the right margin: wrapped
            ("続いています。", 56, 130, 784),
            ("二つ目の段落です。", 66, 150, 768),  # one em in: an indent
            ("会議の後の行。", 56, 120, 720),  # after a gap of three lines: a blank line before it
            ("○委員　行の終わりまでちょうど埋めた発言。", 56, 539, 704),
            ("○議長　次の人です。", 56, 200, 688)]  # a mark after a sentence end: a new line
    assert lay_out([_page(rows).lines]) == [
        "○議長　これは長い発言で、行の終わりまで続いています。", "\u3000二つ目の段落です。", "", "会議の後の行。",
        "○委員　行の終わりまでちょうど埋めた発言。", "○議長　次の人です。"]


def test_a_number_that_does_not_count_the_pages_stays():
    """A question's number opening a page is not the page number: page numbers count the pages."""
    pages = [_page([(f"{n + 1}", 56, 66, 800) if n == 2 else (f"質問の{'甲乙丙丁'[n]}です。", 56, 200, 800),
                    ("回答します。", 56, 150, 780), ("以上です。", 56, 150, 760), ("次へ。", 56, 100, 740),
                    (f"{'甲乙丙丁'[n]}の続き。", 56, 150, 720), ("終わり。", 56, 100, 700), ("了解。", 56, 100, 680),
                    (f"{n + 5}", 290, 300, 40)]) for n in range(4)]
    for p in pages:  # vary the repeated body lines so that only the numbers are in question
        for k, ln in enumerate(p.lines[1:7], 1):
            ln.text += "々" * (k + len(p.lines[0].text))
    kept = [[ln.text for ln in lines] for lines in strip_running(pages)]
    assert kept[2][0] == "3"  # stays, while the page's own number, 7, goes
    assert not any(t in ("5", "6", "7", "8") for lines in kept for t in lines)


def test_white_space_is_measured_from_the_glyphs(pdfs):
    """pdfium gives one space for any gap; the grammar tells `会長␣␣…` from `会長␣…` and a full-width space."""
    lines = pdf_text(pdfs["meguro-r04-02"].read_bytes()).text.split("\n")
    source = read_source(CORPUS_DIR / "meguro-r04-02.txt").lines
    assert sum(ln.startswith("会長  ") for ln in lines) == sum(ln.startswith("会長  ") for ln in source) > 30
    assert parse_file(pdfs["meguro-r04-02"]).layout == "pdf-transcript"


@pytest.mark.parametrize("user", ["himitsu", ""])
def test_a_password_protected_pdf_is_named_as_such(pdfs, tmp_path, user):
    """With a password to open it, the PDF is refused as protected; with only an owner's password
    (printing or copying restricted), its text is read as any other."""
    if shutil.which("qpdf") is None:
        pytest.fail("qpdf がありません (run scripts/setup --test, or apt-get install qpdf)", pytrace=False)
    locked = tmp_path / "locked.pdf"
    r = subprocess.run(["qpdf", "--encrypt", user, "owner-pw", "256", "--extract=n", "--",
                        str(pdfs["higashimurayama-h27-06"]), str(locked)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    if user:
        with pytest.raises(InputError) as e:
            read_source(locked)
        assert "パスワードで保護された PDF です" in e.value.problem
    else:
        assert [r.text for r in parse_file(locked).records] == [r.text for r in parse_file(pdfs["higashimurayama-h27-06"]).records]


def test_a_table_of_turns_reads_row_by_row(browser, tmp_path):
    """Label and speech in two cells, the speech wrapped inside its cell: one turn a row."""
    rows = [("会長", "ただいまから審議会を開会します。本日は報告が二件と諮問が一件あり、順に進めますので、皆様どうぞよろしくお願いいたします。"),
            ("委員", "資料の二ページについて伺います。委託先の事業者が個人情報を扱うとき、どのような管理の体制をとり、契約ではどう定めているのでしょうか。"),
            ("事務局", "お答えします。契約には個人情報の取扱いの特記事項を付け、事業者には管理の責任者を置くことと、作業の場所を限ることを求めております。"),
            ("委員", "わかりました。"), ("会長", "以上で閉会します。")]
    cells = "".join(f"<tr><td style='width: 5em; vertical-align: top'>{a}</td><td>{b}</td></tr>" for a, b in rows)
    page = browser.new_page()
    try:
        page.set_content(f"<body style=\"font-family: 'IPAexMincho'; font-size: 10.5pt\"><h1>令和5年度第1回架空市情報公開審議会</h1>"
                         f"<p>日時　令和5年7月3日</p><table style='width: 100%'>{cells}</table></body>")
        path = tmp_path / "table.pdf"
        path.write_bytes(page.pdf(format="A4"))
    finally:
        page.close()
    assert [(r.speaker, r.text) for r in parse_file(path).records] == rows
