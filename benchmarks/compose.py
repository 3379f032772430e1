"""Record texts from the real sentences of the shipped minutes, with a growing vocabulary.

The five real files are parsed with the product's own parser; their records
become pools of real sentences, by speaker role for transcript turns and by
kind for written questions, answers and opinions. Each sentence is tokenized
once with Sudachi (mode C, as the index does) to find its noun slots.

A text is made from the sentences of a real record of the same role (its
template), about half of them swapped for other real sentences of that role,
so lengths and style stay real while texts do not simply repeat. Long speeches
are built the same way to a target length, in paragraphs. Then:

- about a third of the nouns outside the corpus's core vocabulary are replaced
  by words of the agenda item (drawn per item from the Sudachi dictionary,
  lexicon.py), now and then by a word drawn fresh from the whole dictionary;
- places, firms and people come from the meeting's municipality and item;
- the real subject words (ワクチン, 人事給与システム …) become the item's theme and
  the real municipalities (目黒区, 東村山市) the meeting's.

The core vocabulary (the 300 nouns in most real records: 個人情報, 委託, 審議会 …)
is never replaced, so the query mix built from real words keeps its match
shares.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .lexicon import Ranked

# Subject words of the real minutes that an item's theme replaces.
SUBJECTS = [
    "新型コロナウイルスワクチン", "ワクチン接種円滑化システム", "人事給与システム", "特定健診受診券", "特定健診",
    "ストレスチェック", "PCR検査", "HER－SYS", "HER-SYS", "ワクチン", "自転車置場",
]
MUNI_RE = re.compile(r"目黒区|東村山市")
SUBJECT_RE = re.compile("|".join(re.escape(s) for s in sorted(SUBJECTS, key=len, reverse=True)))
PROTECTED_TOP = 300
P_REPLACE = 0.35  # share of replaceable common nouns replaced
P_FRESH = 0.25  # of those, drawn from the whole dictionary instead of the item's words
P_PLACE = 0.5  # places / facility nouns that get a place name in front
P_ORG = 0.6  # contractor nouns that become a firm's name
MIX = 0.5  # share of a template's sentences swapped for other real sentences of the role
# Real one-line turns (分かりました。 ありがとうございます。) would make a fifth of all records exact
# duplicates: most texts that are short or came out as real sentences unchanged get more
# sentences of the role (up to 4), a few are kept as they are.
MIN_CHARS = 40
MAX_EXTRA = 4
KEEP_SHORT = 0.03
AGENT_NOUNS = frozenset("事業者 業者 委託先 受託者 委託事業者 受託事業者 会社 企業 事業所 法人 団体 再委託先 ベンダー".split())
PLACE_NOUNS = frozenset("施設 会議室 庁舎 地域 地区 学校 公園 図書館 センター 会場 窓口 出張所 支所 保健所 事務所 住宅 病院".split())
# A sentence may open a line of a generated file: none may look like a heading, a speaker or a row.
_UNSAFE_START = re.compile(r"^[ \u3000]*(?:[○◯◆◎〇●・•＜<【〔\[（(0-9０-９]|以[ \u3000]*上|[^\s。、]{1,15}[：:])")


@dataclass
class Sentence:
    text: str
    slots: tuple  # ((start, end, kind), ...): kind "common" | "place" | "agent" | "person"


@dataclass
class Pool:
    templates: list[list[Sentence]] = field(default_factory=list)  # each: a real record's sentences
    sentences: list[Sentence] = field(default_factory=list)

    def add(self, sents: list[Sentence]) -> None:
        if sents:
            self.templates.append(sents)
            self.sentences.extend(sents)


_SENT_RE = re.compile(r"[^。？！?!]*[。？！?!]+|[^。？！?!]+$")


def split_sentences(text: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENT_RE.finditer(text)) if s and re.search(r"\w", s)]


def flatten(text: str) -> str:
    """One line: paragraphs joined, tabs gone (every layout may keep a text on one line)."""
    text = text.replace("\t", "\u3000").replace("\r", "")
    return "".join(p.strip() for p in text.split("\n")).strip()


def _slots(tok, text: str, protected: set[str]) -> tuple:
    keep_out = [(m.start(), m.end()) for r in (MUNI_RE, SUBJECT_RE) for m in r.finditer(text)]
    out = []
    for m in tok.tokenize(text):
        pos = m.part_of_speech()
        if pos[0] != "名詞":
            continue
        s, e = m.begin(), m.end()
        if any(a < e and s < b for a, b in keep_out):
            continue
        w = m.surface()
        if pos[1] == "固有名詞" and pos[2] == "人名":
            out.append((s, e, "person"))
        elif pos[1] != "普通名詞" or pos[2] not in ("一般", "サ変可能"):
            continue
        elif w in AGENT_NOUNS:
            out.append((s, e, "agent"))
        elif w in PLACE_NOUNS:
            out.append((s, e, "place"))
        elif len(w) >= 2 and w not in protected and re.search(r"[\u4e00-\u9fff\u30a1-\u30fa]", w):
            out.append((s, e, "common"))
    return tuple(out)


def load_pools(corpus: Path) -> tuple[dict[str, Pool], list[tuple[str, str]], dict]:
    """Pools by key (chair/member/official/secretariat for turns; question/answer/opinion), real topics."""
    from sudachipy import Dictionary, SplitMode

    from kaigiroku.indexer.parse import parse_file

    raw: dict[str, list[list[str]]] = {k: [] for k in ("chair", "member", "official", "secretariat", "question",
                                                       "answer", "opinion")}
    topics: list[tuple[str, str]] = []
    stats = {"files": 0, "records": 0}
    for path in sorted(corpus.glob("*.txt")):
        m = parse_file(path)
        stats["files"] += 1
        stats["records"] += len(m.records)
        for it in m.items:
            if it.kind in ("諮問", "報告") and len(it.title) > 8:
                topics.append((it.kind, it.title))
        for r in m.records:
            if r.kind == "turn":
                key = {"chair": "chair", "member": "member", "executive": "official", "secretariat": "secretariat",
                       "会長": "chair", "委員": "member", "説明員": "official", "事務局": "secretariat"}.get(r.role, "member")
            else:
                key = r.kind
            sents = [s for s in split_sentences(flatten(r.text)) if not _UNSAFE_START.match(s)]
            if sents:
                raw[key].append(sents)
    # The real minutes have almost no secretariat turns: borrow the officials' procedural ones.
    raw["secretariat"] += [s for s in raw["official"] if len(s) <= 3]

    tok = Dictionary(dict="core").tokenizer(SplitMode.C)
    df: Counter = Counter()
    for recs in raw.values():
        for sents in recs:
            df.update({m.surface() for s in sents for m in tok.tokenize(s) if m.part_of_speech()[0] == "名詞"})
    protected = {w for w, _ in df.most_common(PROTECTED_TOP)}
    cache: dict[str, Sentence] = {}
    pools = {k: Pool() for k in raw}
    for key, recs in raw.items():
        for sents in recs:
            pools[key].add([cache.setdefault(s, Sentence(s, _slots(tok, s, protected))) for s in sents])
    for k, p in pools.items():
        if not p.templates:
            raise SystemExit(f"generate: no real records for pool {k!r} in {corpus}")
    stats["sentences"] = len(cache)
    stats["slots"] = dict(Counter(kind for s in cache.values() for *_, kind in s.slots))
    return pools, sorted(set(topics)), stats


@dataclass
class Vocab:
    """The words an agenda item brings: what its texts are about."""

    muni: str
    theme: str | None
    common: list[str]
    places: list[str]
    orgs: list[str]
    persons: list[str]  # surnames of people of the meeting


class Composer:
    def __init__(self, pools: dict[str, Pool], fresh: Ranked):
        self.pools = pools
        self.fresh = fresh  # the whole dictionary's common nouns

    def _fill(self, rng, s: Sentence, v: Vocab) -> str:
        """The sentence with some of its nouns replaced by the item's words."""
        if not s.slots:
            return s.text
        out, at = [], 0
        for start, end, kind in s.slots:
            word = s.text[start:end]
            new = None
            if kind == "common" and v.common and rng.random() < P_REPLACE:
                new = self.fresh.draw(rng) if rng.random() < P_FRESH else rng.choice(v.common)
            elif kind == "place" and v.places and rng.random() < P_PLACE:
                new = rng.choice(v.places) + word
            elif kind == "agent" and v.orgs and rng.random() < P_ORG:
                new = rng.choice(v.orgs)
            elif kind == "person" and v.persons:
                new = rng.choice(v.persons)
            if new is not None:
                out += [s.text[at:start], new]
                at = end
        out.append(s.text[at:])
        return "".join(out)

    def _finish(self, text: str, v: Vocab) -> str:
        text = MUNI_RE.sub(v.muni, text)
        return SUBJECT_RE.sub(v.theme, text) if v.theme else text

    def text(self, rng, key: str, v: Vocab, max_sentences: int = 0) -> str:
        """One record's text on one line, modelled on a real record of the pool."""
        pool = self.pools[key]
        tmpl = rng.choice(pool.templates)
        if max_sentences:
            tmpl = tmpl[:max_sentences]
        sents = [rng.choice(pool.sentences) if rng.random() < MIX else s for s in tmpl]
        filled = [self._fill(rng, s, v) for s in sents]
        text = "".join(filled)
        if rng.random() >= KEEP_SHORT:
            extra = 0
            while extra < MAX_EXTRA and (len(text) < MIN_CHARS or all(f is s.text for f, s in zip(filled, sents))):
                s = rng.choice(pool.sentences)
                sents.append(s)
                filled.append(self._fill(rng, s, v))
                text += filled[-1]
                extra += 1
        return self._finish(text, v)

    def paragraphs(self, rng, keys: tuple[str, ...], v: Vocab, target: int) -> list[str]:
        """A long speech of about `target` characters, in paragraphs of 2-6 sentences, from real
        records of the pools `keys` taken whole in turn (so a speech reads as runs of real turns)."""
        paras: list[str] = []
        size = 0
        cur: list[str] = []
        want = rng.randint(2, 6)
        while size < target:
            pool = self.pools[rng.choice(keys)]
            for s in rng.choice(pool.templates):
                if rng.random() < MIX:
                    s = rng.choice(pool.sentences)
                t = self._fill(rng, s, v)
                cur.append(t)
                size += len(t)
                if len(cur) >= want:
                    paras.append("".join(cur))
                    cur, want = [], rng.randint(2, 6)
                if size >= target:
                    break
        if cur:
            paras.append("".join(cur))
        return [self._finish(p, v) for p in paras]
