"""The HTTP server: waitress, taught to accept raw UTF-8 in the request line.

Browsers percent-encode non-ASCII URLs, but people and scripts type
`curl "…/api/search?q=遡及"`, which sends the UTF-8 bytes as they are. Waitress
answers those with a plain-text `400 Bad URI` before the application sees them.
Percent-encoding those bytes first is exactly what a browser would have sent,
so the request reaches the app, and its JSON answers, like any other.
"""

from __future__ import annotations

import re

import waitress
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser

_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _percent_encode(match: re.Match) -> bytes:
    return b"%%%02X" % match.group()[0]


class _Parser(HTTPRequestParser):
    def parse_header(self, header_plus: bytes) -> None:
        end = header_plus.find(b"\n")
        first = header_plus if end < 0 else header_plus[:end]
        if _NON_ASCII.search(first):
            header_plus = _NON_ASCII.sub(_percent_encode, first) + (b"" if end < 0 else header_plus[end:])
        super().parse_header(header_plus)


class _Channel(HTTPChannel):
    parser_class = _Parser


def create_server(app, host: str = "127.0.0.1", port: int = 8000, threads: int = 4):
    """A waitress server for `app` (not yet running). OSError or ValueError for a bad address."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="kaigiroku")
    server.channel_class = _Channel
    return server
