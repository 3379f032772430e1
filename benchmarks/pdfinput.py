"""PDF input, measured: each shipped corpus file printed to PDF by Debian's chromium (as the
tests do: tests/pdfmaker.py, a running header and page numbers), then read back.

    .venv/bin/python -m benchmarks.pdfinput [--repeats 7] [--keep DIR]

Prints, per file, the pages, whether the PDF parses to the same records as the text
(speaker, role, kind, text without white space), how many records agree, and the
extraction time per page (median over the repeats; parse of the text file as the
baseline, measured in the same run).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _records(m) -> list[tuple]:
    return [(r.speaker, r.role, r.kind, re.sub(r"\s+", "", r.text)) for r in m.records]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="write the PDFs here")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from pdfmaker import render_pdf
    from playwright.sync_api import sync_playwright

    from kaigiroku.indexer.parse import parse_source
    from kaigiroku.indexer.pdftext import pdf_text
    from kaigiroku.indexer.source import SourceText, read_source
    from kaigiroku.search.paths import CORPUS_DIR

    equal = 0
    files = sorted(CORPUS_DIR.glob("*.txt"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pdfs = {f: render_pdf(browser, read_source(f).text, "会議録（写し）第12号") for f in files}
        browser.close()
    for f, data in pdfs.items():
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{f.stem}.pdf").write_bytes(data)
        src = read_source(f)
        text_m = parse_source(src)
        got = pdf_text(data)
        pdf_m = parse_source(SourceText(f"{f.stem}.pdf", got.text, "pdf"))
        a, b = _records(text_m), _records(pdf_m)
        same = a == b
        equal += same
        agree = sum(x == y for x, y in zip(a, b))
        per_page = _median(lambda: pdf_text(data), args.repeats) / got.pages * 1000
        text_ms = _median(lambda: parse_source(src), args.repeats) * 1000
        print(f"{f.name}: {got.pages} pages, records text {len(a)} / pdf {len(b)}, "
              f"{'equal' if same else f'{agree} agree in order'}; "
              f"extraction {per_page:.2f} ms/page (median of {args.repeats}); parse of the text {text_ms:.0f} ms")
    print(f"PDF parses to the records of its text: {equal} of {len(files)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
