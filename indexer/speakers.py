"""The grammar of a speaker line: how minutes write "who speaks, then what they say".

Every council writes a turn's start as the same few parts, in this order:

    [mark] [open bracket] LABEL [close bracket] (separator | end of line) [text]

- mark: ○ ◯ 〇 ◆ ◎ ● … (the ◆/◎ of some assemblies say member/executive), or a
  bullet ・ •, with or without a space after it;
- brackets of any width: （…） (…) 【…】 〔…〕 <…> ＜…＞ ［…］, or a lone closing one
  (山本委員長)ただ今から);
- LABEL: a title (議長, 事務局, 都市計画課係長), a name and a title (新美会長,
  北 三郎委員長), a title and the name in brackets (議長（山田太郎君）), a name and
  a title in brackets (（山田太郎議長）), or a name called 君 (佐藤花子君);
- separator: one space, two or more (PDF text), a tab (table exports), a colon
  (：or :), the closing bracket itself, or the end of the line (the text follows
  on the next lines).

`parse_line` splits a line into those parts; SHAPES names the combinations, one
declarative row each, and a document's profile (indexer/profile.py) learns which
of them the document uses. To read a new shape, add a row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kaigiroku.search.nfkc import nfkc
from kaigiroku.search.roles import core, has_title, is_name_only

MARKS = "○◯〇◆◎●◇□■◉"
BULLETS = "・•･"
OPEN = "（(【〔<＜［[《〈"
CLOSE = "）)】〕>＞］]》〉"
WS = " \u3000\u00a0"
# Characters a label never contains: sentence punctuation, quotes, separators.
_NOT_LABEL = set("。、，,．「」『』：:；;!！?？\t" + WS + OPEN + CLOSE)
# Words of stage directions and counts, never a speaker: （拍手）, (8人), （資料1により説明）, 〔…降壇〕.
STAGE_WORDS = re.compile(
    r"拍手|休憩|再開|挙手|起立|着席|退席|退場|入場|入室|退室|登壇|降壇|呼ぶ者|発言する者|説明|紹介|朗読|配付|配布|"
    r"異議|賛成|反対|笑|一同|全員|なし|あり|録音|中断|ざわ|聴取|黙とう|黙祷|[0-9０-９]+\s*([人名分秒時頁]|ページ)|[人名]\s*[/／]"
)


_TURN_NUMBER = re.compile(r"^[ \u3000]*[0-9０-９]{1,4}[ \u3000]+(?=[" + MARKS + "])")


@dataclass(frozen=True)
class SpeakerLine:
    """A line split by the grammar: the parts of a turn's start, and the text after it."""

    mark: str  # the mark or bullet, "" for none
    bracket: str  # "paired" (（会長）), "half" (山本委員長)), "" for none
    label: str  # as written, without the mark and the outer brackets
    sep: str  # "eol", "colon", "tab", "wide", "space", "glued"
    rest: str  # the text after the separator
    indent: bool  # the line starts with white space

    @property
    def speaker(self) -> str:
        """The label as stored: spaces inside a name folded to one, never the mark."""
        return re.sub(r"[ \u3000]+", " ", self.label).strip()

    @property
    def key(self) -> str:
        """The label compared across a document: NFKC, without spaces."""
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", self.label))


@dataclass(frozen=True)
class Shape:
    """One way a document writes its turns: which marks, brackets and separators."""

    name: str
    example: str  # shown to people, in refusals and in the README
    marks: str  # "mark", "bullet" or "none"
    brackets: tuple[str, ...]  # bracket kinds allowed: "paired", "half", ""
    seps: tuple[str, ...]  # separators allowed
    strong: bool = False  # a titled label in this shape opens a turn even in a document of another shape
    markup: bool = False  # its text carries the HTML of a table export

    def accepts(self, sp: SpeakerLine) -> bool:
        kind = "mark" if sp.mark and sp.mark in MARKS else ("bullet" if sp.mark else "none")
        return kind == self.marks and sp.bracket in self.brackets and sp.sep in self.seps


ANY_SEP = ("eol", "colon", "tab", "wide", "space", "glued")
# The shapes, first match wins. Names of the layouts that existed before the grammar are kept.
SHAPES: tuple[Shape, ...] = (
    Shape("marked", "○議長（山田太郎君）　発言", "mark", ("", "paired", "half"), ANY_SEP, strong=True),
    Shape("bulleted", "・小林会長（改行）発言", "bullet", ("", "paired"), ("eol", "colon", "wide", "space")),
    Shape("html-table", "会長<TAB><p>発言</p>", "none", ("",), ("tab",), markup=True),
    Shape("colon", "会長：発言", "none", ("", "paired"), ("colon",)),
    Shape("bracketed", "（委員）（改行）発言、（事務局）発言", "none", ("paired",), ("eol", "glued", "space", "wide")),
    Shape("half-bracket", "山本委員長)発言", "none", ("half",), ANY_SEP),
    Shape("pdf-transcript", "会長␣␣発言", "none", ("",), ("wide",)),
    Shape("spaced", "都市計画課係長(田中一郎君) 発言", "none", ("",), ("space",)),
    Shape("bare", "中村委員（改行）　発言", "none", ("",), ("eol",)),
)
def shape_of(sp: SpeakerLine) -> Shape | None:
    return next((s for s in SHAPES if s.accepts(sp)), None)


def _separator(rest: str) -> tuple[str, str]:
    """The separator at the start of `rest`, and the text after it."""
    if not rest.strip(WS):
        return "eol", ""
    stripped = rest.lstrip(WS)
    if stripped[:1] in "：:":
        return "colon", stripped[1:].strip(WS + "\t")
    if rest[:1] == "\t":
        return "tab", rest.strip(WS + "\t")
    spaces = len(rest) - len(rest.lstrip(WS))
    if spaces >= 2 or rest[:1] == "\u3000":
        return "wide", stripped
    if spaces == 1:
        return "space", stripped
    return "glued", rest


def _plain_label(s: str) -> tuple[str, int]:
    """The label at the start of `s` when it has no outer bracket: characters up to a
    separator, with a bracketed name attached (議長（山田太郎君）); (label, end)."""
    i = 0
    while i < len(s) and s[i] not in _NOT_LABEL and i < 30:
        i += 1
    if i and i < len(s) and s[i] in "（(【［[〔":  # a name in brackets after the title: 議長（山田君）, 議長【中村君】
        close = _matching(s, i, 40)
        if close is not None and not any(c in "。、「」" for c in s[i + 1:close]):
            j = close + 1
            while j < len(s) and s[j] not in _NOT_LABEL and j - close <= 12:
                j += 1
            # 吉川（元）委員, 佐々木［雅宏］委員長: a short disambiguator inside the name, the title after it
            i = j if j > close + 1 and close - i <= 4 and has_title(s[:j]) else close + 1
    return s[:i], i


def _matching(s: str, i: int, limit: int) -> int | None:
    """The index of the bracket closing the one at `i` (any width, nested ones counted), within `limit`."""
    depth = 0
    for k in range(i, min(len(s), i + limit)):
        if s[k] in OPEN:
            depth += 1
        elif s[k] in CLOSE:
            depth -= 1
            if depth == 0:
                return k
    return None


def parse_line(text: str) -> SpeakerLine | None:
    """Split a line into the grammar's parts; None when it cannot start a turn at all.

    The label is not judged here (a stage direction in brackets parses too):
    `is_speaker` and the document profile decide whether the label names someone.
    """
    s = text.rstrip(WS + "\r\n")
    s = _TURN_NUMBER.sub("", s)  # 2 ◯総務分科会長…: the number of the turn in some exports
    body = s.lstrip(WS + "\t")
    if not body:
        return None
    indent = len(body) != len(s)
    mark = ""
    if body[0] in MARKS or body[0] in BULLETS:
        mark, body = body[0], body[1:].lstrip(WS)
        if not body:
            return None
    if body[0] in OPEN:
        close = _matching(body, 0, 42)
        if close is None or close == 1:
            return None
        label, after = body[1:close], body[close + 1:]
        # A second bracket right after a title is the name: （委員長）（佐藤君）
        if after[:1] in OPEN:
            k = next((k for k in range(1, min(len(after), 26)) if after[k] in CLOSE), None)
            if k is not None and is_name_only(after[1:k]):
                label, after = label + after[:k + 1], after[k + 1:]
        sep, rest = _separator(after)
        return SpeakerLine(mark, "paired", label.strip(WS), sep, rest, indent)
    label, end = _plain_label(body)
    if not label:
        return None
    after = body[end:]
    # A name written with a space before the title: 北 三郎委員長, 林 会長.
    # 副 村 長, ５ 番: a title set one character to a cell, as PDF tables print it.
    if not has_title(label) and after[:1] in WS and len(label) <= 4 \
            and re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff々0-9０-９]+", label):
        joined, rest = label, after
        for _ in range(6):
            if rest[:1] not in WS:
                break
            nxt, nend = _plain_label(rest.lstrip(WS))
            if not nxt or len(nxt) > 6:
                break
            joined, rest = joined + " " + nxt, rest.lstrip(WS)[nend:]
            if has_title(joined):
                label, after = joined, rest
                break
    bracket = ""
    if after and after[0] in "）)" and not any(c in OPEN for c in label):
        bracket, after = "half", after[1:]
    sep, rest = _separator(after)
    if sep == "glued" and bracket != "half" and not label.endswith(tuple(CLOSE)):
        return None  # 議長ただいまから: a word at the start of a sentence, not a label
    return SpeakerLine(mark, bracket, label, sep, rest, indent)


def is_stage_label(label: str) -> bool:
    """（拍手）, (8人), （資料1により説明）, 〔市長 山田一郎 降壇〕: a note, never a speaker."""
    return bool(STAGE_WORDS.search(unicodedata.normalize("NFKC", label))) and not has_title(label)


def is_speaker(sp: SpeakerLine) -> bool:
    """Whether the label names a speaker by the vocabulary alone (a title, or a name called 君), or by
    the mark of assemblies that mark members ◆ and the executive ◎ (◆田中　質問します。)."""
    if is_stage_label(sp.label):
        return False
    return has_title(sp.label) or (sp.mark in ("◆", "◎") and sp.sep != "eol" and is_name_like(sp.label))


def is_name_like(label: str) -> bool:
    """A bare name a document may use as a label (田中, 佐藤 花子): learned only when it recurs."""
    k = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))
    return (bool(re.fullmatch(r"[\u4e00-\u9fff々ヶ\u30a0-\u30ff\u3040-\u309f]{2,6}", k)) and not is_stage_label(label)
            and not _NOT_A_NAME.search(k)
            and not re.search(r"[のをにがはでと]", k) and core(label) == k)


# Words that head an entry of business or a list, never a person: 議案第, 報告第, 日程第.
_NOT_A_NAME = re.compile(r"第$|^(議案|報告|請願|陳情|日程|承認|認定|諮問|発議|同意|選任)")


def is_list(rest: str) -> bool:
    """委員:伊藤一郎、加藤二郎 or 市長　山田一郎: names after a title are an attendance list, not speech."""
    # Only the head is normalised: a turn's whole speech passes through here, and past
    # _LIST_HEAD characters nothing but a spaced-out name (decided by its start) is a list.
    head = rest.lstrip(WS)[:_LIST_HEAD]
    if "番" in head[:40] and _NOMINATED.match(nfkc(head[:40])):
        return True  # ８番 石川康弘議員、９番 高橋修平議員を指名: members named by seat, inside the chair's speech
    r = re.sub(r"(君|さん|氏|様)", "", nfkc(head).strip(WS))
    if _SPACED_NAME.match(r):
        return True  # 松 下 浩 史 …: a name spaced out to the width of a column, as attendance lists print it
    if not r or len(head) == _LIST_HEAD or len(r) > 200 or re.search(r"[。．？！?!「」]", r):
        return False
    items = [x for x in re.split(r"[、，,・/／\s]+|[:：]", r) if x]
    if not items:
        return False
    listed = [x for x in items if _LISTED.fullmatch(x) or (has_title(x) and len(x) <= 14)]
    kana = [x for x in items if re.search(r"[\u3041-\u3093]", x)]
    # All names, titles and counts. A name may be written partly in kana (押田 まり子), or wholly in kana
    # among many that are not (かいでん); kana alone and short is more likely a word said (はい).
    named = all(re.fullmatch(r"[\u3041-\u3093]{1,4}[\u4e00-\u9fff々]{1,3}|[\u4e00-\u9fff々]{1,3}[\u3041-\u3093]{1,4}", x)
                and not re.search(r"[はがをにでもへとや]$", x) for x in kana)
    return len(listed) == len(items) and (not kana or named or (len(items) >= 3 and len(kana) <= 0.4 * len(items)))


_LIST_HEAD = 400
_NOMINATED = re.compile(r"^[^、。\s]{1,5}[ \u3000]?[^、。\s]{0,5}(議員|君)[ \u3000]*(、|及び|と)[ \u3000]*\d{1,2}[ \u3000]*番")
_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff々](?:[ \u3000]+[\u4e00-\u9fff々]){2,}(?:[ \u3000]|$)")
# A word of an attendance list: a name (kanji, kana), a seat number, a count, 兼.
_LISTED = re.compile(r"[\u4e00-\u9fff々ヶ\u30a0-\u30ff\u3041-\u3093]{1,7}|\d{1,3}番|[(（]?\d{1,3}[名人][)）]?|[(（][^()（）]{1,12}[)）]|兼|なし")
