"""argparse's own messages in Japanese, as the rest of the tool speaks.

argparse looks its messages up through gettext when it needs them, by the
module-level names `_` and `ngettext`; `install()` puts this catalogue there.
Only the command-line entry point calls it, so importing kaigiroku as a
library changes nothing.
"""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "使い方: ",
    "options": "オプション",
    "positional arguments": "引数",
    "show this help message and exit": "このヘルプを表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "不明な引数です: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません（選べるもの: %(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません（%(type)s）",
    "expected one argument": "値が1つ必要です",
    "expected at most one argument": "値は1つまでです",
    "expected at least one argument": "値が1つ以上必要です",
    "expected %s argument": "値が %s 個必要です",
    "expected %s arguments": "値が %s 個必要です",
    "ambiguous option: %(option)s could match %(matches)s": "オプション %(option)s があいまいです（候補: %(matches)s）",
    "not allowed with argument %s": "%s と一緒には使えません",
    "one of the arguments %s is required": "%s のいずれかが必要です",
    "ignored explicit argument %r": "値 %r は使えません",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' を開けません: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "不明なコマンド %(parser_name)r です（使えるもの: %(choices)s）",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
