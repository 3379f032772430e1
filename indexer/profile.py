"""A document's profile: which variant of the speaker grammar it uses, learned from the document.

Detection is relative to the document. Every line the grammar can split is a
candidate; the shape whose candidates name speakers most often is the
document's own. Lines of other shapes are turns too when they carry a label
the document already uses that way (a table export whose rows fell out of the
table, `委員 text` among `委員<TAB>text`), or a mark and a title. A label
outside the vocabulary (a bare name, 田中) is learned when it recurs, always
followed by speech, alongside titled turns or other such names.

The profile then says whether the turns are the document: at least two
speakers, and turns that cover most of the text after the header (a short
meeting of 2–5 turns must cover more than a long one). When they are not, the
refusal says what was found and why it was not enough.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .clean import Line, is_blank, is_page_mark, is_rule
from .header import is_prose
from .headings import heading, is_stage_direction
from .speakers import SHAPES, Shape, SpeakerLine, is_list, is_name_like, is_speaker, is_stage_label, parse_line, shape_of

MIN_COVER_SHORT = 0.6  # 2-5 turns: they must be most of the text
MIN_COVER = 0.4
SHORT = 5


@dataclass
class Candidate:
    index: int  # into the body's lines
    sp: SpeakerLine
    shape: Shape
    named: bool  # the label names a speaker by the vocabulary
    written: str  # how the line starts, for messages: `（会長）`, `○議長（山田太郎君）`


@dataclass
class Profile:
    shape: Shape | None = None  # the document's own shape
    turns: dict[int, SpeakerLine] = field(default_factory=dict)  # body line index -> the turn's start
    learned: set[str] = field(default_factory=set)  # labels outside the vocabulary that the document uses
    coverage: float = 0.0
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return not self.refusal


def _written(text: str, sp: SpeakerLine) -> str:
    head = text.strip(" \u3000\t")
    if sp.rest:
        head = head[: max(len(head) - len(sp.rest), 0)].rstrip(" \u3000\t:：")
    return head[:24]


def _next_text(lines: list[Line], i: int) -> str:
    for ln in lines[i + 1: i + 6]:
        if not is_blank(ln.text) and not is_page_mark(ln.text) and not is_rule(ln.text):
            return ln.text
    return ""


def candidates(lines: list[Line]) -> list[Candidate]:
    """Every line that the grammar splits into a label and speech (or a label alone, speech below)."""
    out = []
    for i, ln in enumerate(lines):
        sp = parse_line(ln.text)
        if sp is None or is_list(sp.rest):
            continue
        shape = shape_of(sp)
        if shape is None or is_stage_label(sp.label):
            continue
        if not sp.rest.strip():  # the label alone (`○鈴木委員長`, `会長：`): the text is below
            nxt = _next_text(lines, i)
            after = parse_line(nxt) if nxt else None
            if not nxt or (after is not None and not after.rest.strip() and is_speaker(after)) or is_list(nxt):
                continue  # a label followed by another label, by a list of names, or by nothing: a list
            if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", nxt):
                continue
        out.append(Candidate(i, sp, shape, is_speaker(sp), _written(ln.text, sp)))
    return out


def _chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def learn(lines: list[Line]) -> Profile:
    """The profile of a body: its shape, its turns, and whether they are the document."""
    found = candidates(lines)
    named = [c for c in found if c.named]
    by_shape: dict[str, list[Candidate]] = defaultdict(list)
    for c in named:
        by_shape[c.shape.name].append(c)
    # Bare names that recur in one shape, each time followed by speech.
    names: dict[str, Counter] = defaultdict(Counter)
    for c in found:
        if not c.named and is_name_like(c.sp.label):
            names[c.shape.name][c.sp.key] += 1
    learned_by_shape = {s: {k for k, n in cnt.items() if n >= 3} for s, cnt in names.items()}
    for s, keys in learned_by_shape.items():
        if keys and (by_shape.get(s) or len(keys) >= 2):
            by_shape[s].extend(c for c in found if c.shape.name == s and not c.named and c.sp.key in keys)
    if not by_shape:
        return Profile(refusal=_nothing_found(lines, found))
    order = {s.name: n for n, s in enumerate(SHAPES)}
    best = max(by_shape, key=lambda s: (len(by_shape[s]), -order[s]))
    shape = next(s for s in SHAPES if s.name == best)
    learned = learned_by_shape.get(best, set()) if by_shape[best] else set()
    own = by_shape[best]
    labels = {c.sp.key for c in own}
    turns = {c.index: c.sp for c in own}
    for c in found:
        if c.index in turns or c.shape.name == best:
            continue
        if c.sp.key in labels or (c.named and c.shape.strong):
            turns[c.index] = c.sp
    prof = Profile(shape, dict(sorted(turns.items())), learned)
    prof.coverage = _coverage(lines, sorted(turns))
    prof.refusal = _judge(prof, own[0])
    return prof


# A sentence that reports a meeting rather than speaks in it: 説明があった。 意見が出された。
NARRATIVE = re.compile(r"(があった|が出された|がなされた|された|を行った|が行われた|とした|であった|が示された|を求めた|"
                       r"が確認された|こととなった|ことになった|旨の[^。]{0,20}|と述べた)。\s*$")


def _coverage(lines: list[Line], starts: list[int]) -> float:
    """The share of the body's characters inside turns (from a turn's start to the next one);
    sentences that report the meeting instead of speaking in it are outside."""
    counted = [_chars(ln.text) if _counts(ln.text) else 0 for ln in lines]
    total = sum(counted)
    if not total or not starts:
        return 0.0
    covered = 0
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        covered += sum(counted[j] for j in range(s, end) if counted[j] and not NARRATIVE.search(lines[j].text))
    return min(covered / total, 1.0)


def _counts(text: str) -> bool:
    """Whether a line is text of the meeting at all (not a heading, a stage direction, a rule or a page mark)."""
    t = text.strip(" \u3000\t")
    return bool(t) and not (is_page_mark(t) or is_rule(t) or heading(t) or is_stage_direction(t))


def _judge(prof: Profile, first: Candidate) -> str:
    n = len(prof.turns)
    speakers = {sp.key for sp in prof.turns.values()}
    what = f"`{first.written}` 形式の行が {n} 行ありましたが、"
    if len(speakers) < 2:
        return what + "発言者が 1 人（" + first.sp.speaker + "）だけのため、会議の発言録と判断できませんでした"
    need = MIN_COVER_SHORT if n <= SHORT else MIN_COVER
    if prof.coverage < need:
        return (what + f"発言は本文の {int(prof.coverage * 100)}% しか占めていません（発言が {n} 件の会議では "
                f"{need:.0%} 以上が必要です）。発言録ではなく要旨や資料と判断しました")
    return ""


def _nothing_found(lines: list[Line], found: list[Candidate]) -> str:
    prose = sum(1 for ln in lines if is_prose(ln.text))
    if found:
        shown = "、".join(dict.fromkeys(f"`{c.written}`" for c in found[:12]))
        return (f"発言者らしい行（{shown} など {len(found)} 行）はありましたが、役職名（議長・委員・課長・事務局など）や"
                "「君」付きの名前ではなく、繰り返し発言の前に現れる名前でもないため、発言者と判断できませんでした")
    examples = "、".join(f"`{s.example}`" for s in SHAPES[:5])
    return (f"発言者の行が見つかりません（本文 {sum(1 for ln in lines if not is_blank(ln.text))} 行、うち文 {prose} 行）。"
            f"{examples} のように、発言者で始まる行を探しました")
