"""How much of the query each record matches: every word, or most of them.

For each word of a Plan the matcher finds, as arrays over the index's
documents:

- the records that match it as typed or by a synonym (exact);
- when it has fewer than NEAR_FEW records, those with a looser form of it
  (its words with particles between: 事前説明 as 事前に説明, 学習の支援), at
  NEAR_WEIGHT;
- the records that match it only as part of a longer word (substring.py),
  at SUBSTRING_WEIGHT;
- the records whose Q&A counterpart matches it (context), at CONTEXT_WEIGHT:
  an answer that never repeats the question's words is found through them, and
  a question through its answer's.

A typed word that matches nothing as a whole is replaced by its content words
(マイナ保険証 → マイナ, 保険証), reported as such. Quoted phrases are required
and matched exactly; excluded words are excluded. Each record then has the
number of words it matches (in any way), the number it matches exactly, and
the sum of its BM25F scores: the engine ranks by them in that order, so every
record with all the words comes first, and a word found only in a looser form,
inside a longer word or through the counterpart ranks below the same word
found as typed.

Arrays are dense (one slot per document number): at archive scale that is
cheaper than merging sparse sets word by word, and it makes the counterpart
step a gather.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from .. import budget
from ..budget import OverBudget
from ..units import NEAR_FILLERS, NEAR_GAP
from .docsets import match_ids, scored_ids, shared_reads
from .exchanges import Links
from .compile import Plan, QueryWord
from .offsets import Occurrences, occurrences
from .pairs import SEP, PairPhrase

SUBSTRING_WEIGHT = 0.5
# A looser form (事前に説明 for 事前説明) says the same thing less surely than the form typed, and
# more surely than the typed string inside a longer word.
NEAR_WEIGHT = 0.7
# Looser forms are looked for when the unit as typed has fewer records than a page shows
# (api.PER_PAGE): with a page's worth, what was typed is what the person gets.
NEAR_FEW = 10
# Records whose looser form is checked word by word (their term vectors are read: about 0.2 ms
# for a long speech), the likeliest first: enough to fill the pages people read, and a bound
# on the cost whatever the words.
NEAR_DOCS = 100
CONTEXT_WEIGHT = 0.3
# A word that names a speaker (市長, 答弁): a record by that speaker scores WHO_SCORE for it, one
# that only says the word WHO_TEXT of its BM25F; a word of a kind of speech (討論) weighs WHO_BOOST
# times more in records by that speaker.
WHO_SCORE = 8.0
WHO_TEXT = 0.5
WHO_BOOST = 2.0
# Length prior: a record shorter than SHORT tokens (a chair's 「教育長。」) has its score scaled by
# ((length + 2) / (SHORT + 2)) ** 0.5, so a call or a greeting never outranks substance.
SHORT = 12
# How a record matched a word, per word (uint8): what the hit shows.
NONE, CONTEXT, SUBSTRING, NEAR, EXACT = 0, 1, 2, 3, 4
HOW = {CONTEXT: "context", SUBSTRING: "substring", NEAR: "near", EXACT: "exact"}


@dataclass
class WordReport:
    """One word as it was matched: for the result's `words` list."""

    word: str
    records: int  # records matching it in any way (before filters)
    split_from: str | None = None  # the typed word it is a content word of, when that matched nothing whole
    substrings: list[str] = field(default_factory=list)  # the longer index words it was found inside
    near: list[str] = field(default_factory=list)  # its looser forms found (事前に説明)

    def to_dict(self) -> dict:
        return {"word": self.word, "records": self.records, "split_from": self.split_from,
                "substrings": self.substrings, "near": self.near}


@dataclass
class Matches:
    """Every candidate record (sorted document numbers) with what it matched."""

    ids: np.ndarray
    n_any: np.ndarray  # words matched in any way
    n_exact: np.ndarray  # words matched as typed or by synonym
    score: np.ndarray
    info: np.ndarray  # the rarity of the words matched as typed or by synonym: sum of log(1 + records / records with it)
    how: np.ndarray  # (len(ids), len(words)) of NONE / CONTEXT / SUBSTRING / NEAR / EXACT
    words: list[WordReport]
    expansions: list[dict]  # synonym groups of the words actually searched
    highlight: list[tuple[str, ...]]
    fragments: list[str]  # typed parts of words, highlighted inside longer words
    timed_out: bool = False  # the budget ran out: words after that point matched nothing
    # Per word found in the text: its token sequences (forms, synonyms, longer words holding it)
    # and its rarity, for the passage that ranks a record (search/passages.py).
    passage_words: list[tuple[tuple[tuple[str, ...], ...], float]] = field(default_factory=list)
    n_who: np.ndarray | None = None  # words that name a speaker (市長, 答弁) matched by who speaks

    @property
    def n_words(self) -> int:
        return len(self.words)

    def subset(self, keep: np.ndarray) -> "Matches":
        return Matches(self.ids[keep], self.n_any[keep], self.n_exact[keep], self.score[keep], self.info[keep],
                       self.how[keep], self.words, self.expansions, self.highlight, self.fragments, self.timed_out,
                       self.passage_words, self.n_who[keep] if self.n_who is not None else None)


def _dense(n: int, ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    out = np.zeros(n)
    out[ids] = scores
    return out


class _Scope:
    """The columns the matcher reads, for some of the documents (sorted global numbers, e.g. one
    meeting's): dense arrays then have a slot per document of the scope, not of the archive."""

    def __init__(self, columns, docs: np.ndarray) -> None:
        self.n = len(docs)
        self.parent, self.docs = columns, docs
        self.lengths, self.terms = columns.lengths, columns.terms
        self.is_record = np.asarray(columns.is_record)[docs]
        self.records = np.flatnonzero(self.is_record)
        partner = np.asarray(columns.partner)[docs]
        local = np.minimum(np.searchsorted(docs, partner), max(len(docs) - 1, 0))
        inside = np.where((partner >= 0) & (docs[local] == partner), local, -1) if len(docs) else partner
        self.links = Links.of(inside)  # counterparts by local number; one outside the scope is none


class Matcher:
    """Evaluates a Plan over one searcher and its columns (engine._Columns), or over the documents
    `within` (sorted global numbers): then only they are read and matched, with the whole index's
    scores, and word counts are theirs."""

    def __init__(self, searcher, columns, within: np.ndarray | None = None) -> None:
        self.searcher = searcher
        self.within = within
        self.columns = columns if within is None else _Scope(columns, within)
        self.n = self.columns.n
        # The search's budget ran out (search/budget.py): from then on every query matches nothing,
        # so the result is what the words before that point found.
        self.timed_out = False

    def _local(self, ids: np.ndarray) -> np.ndarray:
        return ids if self.within is None else np.searchsorted(self.within, ids)

    def _scores(self, q: Q.Query) -> np.ndarray:
        if self.timed_out:
            return np.zeros(self.n)
        try:
            ids, scores = scored_ids(self.searcher, q, self.columns.lengths, self.within)
        except OverBudget:
            self.timed_out = True
            return np.zeros(self.n)
        return _dense(self.n, self._local(ids), scores)

    def _who(self, who) -> np.ndarray:
        """1.0 for each document by the speaker `who` names (title or role), else 0; from the label
        columns, once per distinct label (cached per searcher's columns)."""
        columns = getattr(self.columns, "parent", self.columns)
        cache = columns.__dict__.setdefault("_who_masks", {})
        mask = cache.get(who)
        if mask is None:
            from ..roles import core

            speakers = columns.labels["speaker"]
            wanted = np.fromiter((i for i, label in enumerate(speakers)
                                  if who.titles and who.matches_title(core(label).replace("國", "国"))), dtype=np.int64)
            mask = np.isin(np.asarray(columns.codes["speaker"]), wanted)
            if who.roles:
                codes = [i for i, r in enumerate(columns.labels["role"]) if r in who.roles]
                mask |= np.isin(np.asarray(columns.codes["role"]), codes)
            mask = mask & np.asarray(columns.is_record)
            cache[who] = mask
        return (mask if self.within is None else mask[self.within]).astype(np.float64)

    def _loose(self, w: QueryWord) -> tuple[np.ndarray, list[str]]:
        """Parts of words: longer index words containing the typed form, and the shorter form."""
        terms: list[str] = []
        if self.timed_out:
            return np.zeros(self.n), terms
        for f in w.fragments:
            terms.extend(t for t in self.columns.terms.containing(f) if t not in terms)
        parts = [Q.Term("text", t) for t in terms] + ([w.loose] if w.loose is not None else [])
        if not parts:
            return np.zeros(self.n), []
        return self._scores(Q.Or(parts) if len(parts) > 1 else parts[0]) * SUBSTRING_WEIGHT, terms

    def _near(self, w: QueryWord, exact: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Records with a looser form of a unit that has few records as typed, and the forms found.

        Candidates come from the pair index: each content word next to a particle (事前|に,
        に|説明) or to the next word. NEAR_DOCS of them are then checked in their term vectors,
        where pairs found apart (事前に … に説明) do not count: first those with one particle
        on both sides (事前|に and に|説明), then the rest, each the best scoring first. A
        looser form scores as its words' mean BM25F, times NEAR_WEIGHT.
        """
        out = np.zeros(self.n)
        if not w.near or self.timed_out:
            return out, []
        fillers = sorted(NEAR_FILLERS)
        try:
            # Few is decided over the whole index, so that a search of one meeting is the same search.
            typed = np.count_nonzero(exact) if self.within is None else len(match_ids(self.searcher, w.exact))
            few = typed < NEAR_FEW
        except OverBudget:
            self.timed_out = True
            return out, []
        if not few:
            return out, []
        parts: list[Q.Query] = [PairPhrase(list(seg)) for seg in w.near if len(seg) > 1]
        chains: list[Q.Query] = []  # one particle between, the same on both sides: most looser forms
        for a, b in zip(w.near, w.near[1:]):
            touch = Q.Term("pairs", a[-1] + SEP + b[0])
            parts.append(Q.Or([touch] + [Q.Term("pairs", a[-1] + SEP + f) for f in fillers]))
            parts.append(Q.Or([touch] + [Q.Term("pairs", f + SEP + b[0]) for f in fillers]))
            chains.append(Q.Or([touch] + [PairPhrase([a[-1], f, b[0]]) for f in fillers]))
        words = list(dict.fromkeys(t for seg in w.near for t in seg))
        found: list[tuple[str, ...]] = []
        try:
            cand = match_ids(self.searcher, Q.And(parts), self.within)
            local = self._local(cand)
            keep = (exact[local] == 0) & self.columns.is_record[local]
            if not keep.any():
                return out, []
            ids, scores = scored_ids(self.searcher, Q.And([Q.Term("text", t) for t in words]),
                                     self.columns.lengths, cand[keep])
            likely = np.isin(ids, match_ids(self.searcher, Q.And(chains), cand[keep]), assume_unique=True)
            order = np.lexsort((-scores, ~likely))[:NEAR_DOCS]
            terms = words + fillers
            for i in order:
                budget.check()
                doc = int(ids[i])
                # The words' own places first: the particles' (の, に: hundreds in a long speech)
                # are read only where the words stand close enough.
                if not _close(occurrences(self.searcher, [doc], words)[doc], w.near):
                    continue
                form = near_form(occurrences(self.searcher, [doc], terms)[doc], w.near)
                if form is not None:
                    out[self._local(np.array([doc]))[0]] = scores[i] / len(words) * NEAR_WEIGHT
                    if form not in found:
                        found.append(form)
        except OverBudget:
            self.timed_out = True
        return out, found

    def _context(self, direct: np.ndarray) -> np.ndarray:
        """Each record's best counterpart score (a question may have several answers)."""
        out = np.zeros(self.n)
        links = self.columns.links
        if not len(links.src):
            return out
        out[links.src] = direct[links.dst]  # each document gets its counterpart's score (src is unique)
        # and the counterpart gets each of its documents' scores, the best of them where it has several
        d = links.once_dst
        out[d] = np.maximum(out[d], direct[links.once_src])
        np.maximum.at(out, links.shared_dst, direct[links.shared_src])
        return out

    def run(self, plan: Plan) -> Matches:
        """The plan's matches; posting lists are read once for all its words and pieces."""
        with shared_reads():
            return self._run(plan)

    def _run(self, plan: Plan) -> Matches:
        n = self.n
        words: list[tuple[QueryWord, str | None, np.ndarray, np.ndarray, list[str]]] = []
        required = np.ones(n, dtype=bool)
        extra = np.zeros(n)  # scores of quoted phrases and question words: never counted as words
        any_strict = False
        who_hits = np.zeros(n, dtype=np.int16)
        expansions = list(plan.expansions)
        hard = {id(w) for w in ([w for w in plan.words if not w.soft] or plan.words)}  # question words alone are words
        for w in plan.words:
            exact = self._scores(w.exact)
            if w.strict:
                required &= exact > 0
                extra += exact
                any_strict = True
                continue
            if id(w) not in hard:
                extra += exact + self._context(exact) * CONTEXT_WEIGHT
                continue
            by = self._who(w.who) if w.who is not None else None
            if by is not None and by.any():
                if w.who.replace:  # by the speaker, or saying the word (below); never through the counterpart
                    who_hits += by > 0
                    words.append((w, None, by * WHO_SCORE + exact * WHO_TEXT, np.zeros(n), [], np.zeros(n), [],
                                  False))
                    continue
                exact = exact * (1 + WHO_BOOST * by)
            loose, terms = self._loose(w)
            near, forms = self._near(w, exact)
            if not exact.any() and not loose.any() and w.pieces:
                # Split, as ever (its words anywhere find more of what was meant than its looser
                # forms alone); among the records with every piece, those with a looser form first.
                extra += near
                near_split = forms
                needed = {id(p) for p in ([p for p in w.pieces if not p.soft] or w.pieces)}
                for p in w.pieces:
                    p_exact = self._scores(p.exact)
                    expansions.extend(e for e in p.expansions if e not in expansions)
                    if id(p) not in needed:  # a question word inside (誰が決める): scores, never required
                        extra += p_exact + self._context(p_exact) * CONTEXT_WEIGHT
                        continue
                    p_loose, p_terms = self._loose(p)
                    words.append((p, w.label, p_exact, p_loose, p_terms, np.zeros(n), near_split, True))
                    near_split = []  # the forms are reported once, with the first piece
            else:
                words.append((w, None, exact, loose, terms, near, forms, True))

        n_any = np.zeros(n, dtype=np.int16)
        n_exact = np.zeros(n, dtype=np.int16)
        info = np.zeros(n)
        n_records = max(1, len(self.columns.records))
        score = extra
        hows, reports, passage_words = [], [], []
        near_highlight: list[tuple[str, ...]] = []
        for w, split_from, exact, loose, terms, near, forms, through in words:  # near: 0 for a piece
            direct = np.where(exact > 0, exact, np.maximum(near, loose))
            context = self._context(direct) * CONTEXT_WEIGHT if through else np.zeros(n)
            s = direct + context
            # EXACT > NEAR > SUBSTRING > CONTEXT > NONE: the best way the word matched, in uint8 throughout
            how = np.maximum(np.maximum((exact > 0).view(np.uint8) * np.uint8(EXACT),
                                        (loose > 0).view(np.uint8) * np.uint8(SUBSTRING)),
                             (context > 0).view(np.uint8) * np.uint8(CONTEXT))
            how = np.maximum(how, ((near > 0) & (exact == 0)).view(np.uint8) * np.uint8(NEAR))
            n_any += s > 0
            n_exact += exact > 0
            # A rare word found says more than a common one (熊 in 2 records, 出る in 204).
            rarity = np.log1p(n_records / max(1, int(np.count_nonzero(s > 0))))
            info += (exact > 0) * rarity
            if through:  # a word said in the text (not a speaker's title matched by label)
                seqs = [*w.highlight, *((t,) for t in terms), *(tuple(f) for f in forms)]
                passage_words.append((tuple(dict.fromkeys(seqs)), float(rarity)))
            score = score + s
            hows.append(how)
            reports.append(WordReport(w.label, 0, split_from, terms, ["".join(f) for f in forms]))
            near_highlight.extend(forms)

        if words:
            cand = n_any > 0
        elif any_strict:
            cand = required.copy()
        else:
            cand = np.zeros(n, dtype=bool)
            cand[self.columns.records] = True
        cand &= required & self.columns.is_record
        if plan.negative is not None:
            try:
                cand[self._local(match_ids(self.searcher, plan.negative, self.within))] = False
            except OverBudget:  # what to exclude is unknown: nothing is shown rather than excluded records
                self.timed_out = True
                cand[:] = False
        ids = np.flatnonzero(cand)
        lengths = np.asarray(self.columns.lengths)
        length = lengths[ids if self.within is None else self.within[ids]]
        score = score[ids] * np.minimum(1.0, (length + 2) / (SHORT + 2)) ** 0.5
        how = np.stack([h[ids] for h in hows], axis=1) if hows else np.zeros((len(ids), 0), dtype=np.uint8)
        for i, r in enumerate(reports):
            r.records = int(np.count_nonzero(how[:, i]))
        used = [w for w, *_ in words] + [w for w in plan.words if w.strict or id(w) not in hard]
        highlight = list(dict.fromkeys([h for w in used for h in w.highlight] + near_highlight))
        fragments = list(dict.fromkeys(f for w, *_ in words for f in w.fragments))
        found = ids if self.within is None else self.within[ids]
        return Matches(found, n_any[ids], n_exact[ids], score, info[ids], how, reports, expansions, highlight, fragments,
                       self.timed_out, passage_words, who_hits[ids])


def _close(occ: Occurrences, segments: tuple[tuple[str, ...], ...]) -> bool:
    """Whether each segment's first word stands within NEAR_GAP + 1 positions after the word
    before it somewhere: what a looser form needs, from the words' positions alone."""
    for a, b in zip(segments, segments[1:]):
        before = {p for p, _, _ in occ.get(a[-1], ())}
        if not any(p - k in before for p, _, _ in occ.get(b[0], ()) for k in range(1, NEAR_GAP + 2)):
            return False
    return True


def near_form(occ: Occurrences, segments: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The first looser form of `segments` in one record's occurrences, as its words in order
    (事前, に, 説明), or None.

    Each segment's words touch (a compound's pieces at one position, or words at the next), and
    between two segments stand at most NEAR_GAP particles of NEAR_FILLERS, each touching the word
    before it: characters, not positions, decide, so a full stop or a comma between breaks it.
    """
    at: dict[int, list[tuple[str, int, int]]] = {}
    for term, spots in occ.items():
        for pos, start, end in spots:
            at.setdefault(start, []).append((term, pos, end))

    def place(term: str, pos: int, end: int, same: bool):
        return [(p, e) for t, p, e in at.get(end, ()) if t == term and (p == pos + 1 or (same and p == pos))]

    def segment(seg: tuple[str, ...], pos: int, end: int, first_same: bool):
        states = [(pos, end)]
        for k, term in enumerate(seg):
            states = [nxt for p, e in states for nxt in place(term, p, e, first_same or k > 0)]
        return states

    def rest(i: int, pos: int, end: int, form: tuple[str, ...]):
        if i == len(segments):
            return form
        gaps = [(pos, end, ())]
        for k in range(NEAR_GAP + 1):
            for p, e, between in gaps:
                for q, f in segment(segments[i], p, e, not between):
                    done = rest(i + 1, q, f, form + between + segments[i])
                    if done is not None:
                        return done
            if k < NEAR_GAP:
                gaps = [(q, f, between + (t,)) for p, e, between in gaps
                        for t, q, f in at.get(e, ()) if t in NEAR_FILLERS and q == p + 1]
        return None

    for pos, _, end in occ.get(segments[0][0], ()):
        for p, e in segment(segments[0][1:], pos, end, True):
            found = rest(1, p, e, segments[0])
            if found is not None:
                return found
    return None
