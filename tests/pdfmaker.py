"""Test helper: text -> a PDF as a council publishes it, rendered by Debian's chromium.

One `<div>` per source line (wrapped at the page width when longer), A4, a
Japanese font from Debian, a running header with the meeting's title and a
footer with the page number, drawn by Chromium's page template as on
published minutes.
"""

from __future__ import annotations

import html

FONT = "'IPAexMincho', 'Noto Serif CJK JP', serif"
TAB = '<span style="display: inline-block; width: 3em"></span>'  # a tab: a gap between columns
STYLE = (f"body {{ font-family: {FONT}; font-size: 10.5pt; line-height: 1.6; margin: 0 }}"
         " .l { white-space: pre-wrap; word-break: break-all; min-height: 1.6em }")


def text_html(text: str) -> str:
    rows = "".join(f'<div class="l">{html.escape(line).replace(chr(9), TAB)}</div>' for line in text.split("\n"))
    return f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>{STYLE}</style></head><body>{rows}</body></html>'


def render_pdf(browser, text: str, header: str) -> bytes:
    """The PDF of `text`, with `header` repeated at the top of each page and `- n -` at the bottom."""
    page = browser.new_page()
    try:
        page.set_content(text_html(text))
        tpl = f'<div style="font-family: {FONT}; font-size: 8pt; width: 100%; text-align: center">'
        return page.pdf(format="A4", display_header_footer=True,
                        header_template=f"{tpl}{html.escape(header)}</div>",
                        footer_template=f'{tpl}- <span class="pageNumber"></span> -</div>',
                        margin={"top": "22mm", "bottom": "22mm", "left": "20mm", "right": "20mm"})
    finally:
        page.close()
