"""Scale the shipped corpus to N records by writing new minutes files.

The five real files are parsed with the product's own parser; their records
become pools of real sentences (by speaker role for transcript turns, by kind
for written questions, answers and opinions). New meetings are assembled from
those pools and written as minutes files in two layouts the parsers read:

- the colon transcript layout (`会長：…` lines under `２ 諮問事項` and
  `（１）…について` headings), with a 名称/日時/会場/出席者 header;
- the written-deliberation Q&A table (`番号<TAB>質問<TAB>区の考え方` rows, then
  `意見`), with 審議開始日/議決日 dates.

Meetings vary in municipality, council, date (和暦 headers over twenty fiscal
years, 平成18年度 to 令和7年度), agenda topics (real titles plus titles built
around a theme such as マイナンバーカード or 防犯カメラ, which also replaces the
real subject words in the texts) and speaker labels (会長, 副会長, 山田委員,
区側, 情報政策課長, 事務局 …). A record's text keeps the sentence count of a
real record of the same role and swaps about half of its sentences for other
real sentences of that role, so lengths and vocabulary stay realistic while
texts do not simply repeat.

Everything depends only on the seed: the same seed and size give byte-identical
files (checked after generation by rendering again in memory). After writing,
every file is parsed back and its record count, kinds, roles, municipality
and date are compared with what was intended.

    .venv/bin/python -m benchmarks.generate --records 10000 --out benchmarks/out/corpus-10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import random
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
REAL_CORPUS = PROJECT / "data" / "corpus"
GENERATOR_VERSION = "1"

# (name, id used in file names, kind of municipality)
MUNICIPALITIES = [
    ("西東京市", "nishitokyo"), ("八王子市", "hachioji"), ("町田市", "machida"), ("府中市", "fuchu"),
    ("調布市", "chofu"), ("小平市", "kodaira"), ("日野市", "hino"), ("国分寺市", "kokubunji"),
    ("中野区", "nakano"), ("杉並区", "suginami"), ("練馬区", "nerima"), ("世田谷区", "setagaya"),
    ("品川区", "shinagawa"), ("板橋区", "itabashi"),
]
BODIES = [
    "情報公開・個人情報保護審議会", "個人情報保護運営審議会", "個人情報保護審議会",
    "情報公開・個人情報保護運営審議会", "情報公開審査会",
]
THEMES = [
    "マイナンバーカード", "住民基本台帳システム", "介護保険システム", "児童手当", "防犯カメラ", "図書館システム",
    "選挙人名簿", "ふるさと納税", "学校給食費", "保育所入所申請", "生活保護", "国民健康保険", "後期高齢者医療",
    "道路占用許可", "粗大ごみ収集", "公共施設予約システム", "電子申請サービス", "テレワーク", "AI-OCR", "RPA",
    "LINE公式アカウント", "コンビニ交付", "住民税", "固定資産税", "子ども医療費助成", "がん検診", "特定健康診査",
    "就学援助", "GIGAスクール", "タブレット端末", "戸籍システム", "印鑑登録", "空き家対策", "高齢者見守り",
    "災害時要援護者名簿", "避難行動要支援者名簿", "ハザードマップ", "地域包括支援センター", "障害者手帳",
    "放課後児童クラブ", "児童相談", "DV相談", "消費生活相談", "コールセンター", "ドローン", "監視カメラ",
    "電子契約", "文書管理システム", "庁内ネットワーク", "基幹系システム", "ガバメントクラウド", "個人番号",
    "オンライン会議", "スマートフォン申請", "キャッシュレス決済", "健康ポイント", "自転車駐車場", "ワクチン接種",
    "感染症対策", "窓口業務",
]
# Subject words of the real minutes that an item's theme replaces.
SUBJECTS = [
    "新型コロナウイルスワクチン", "ワクチン接種円滑化システム", "人事給与システム", "特定健診受診券", "特定健診",
    "ストレスチェック", "PCR検査", "HER－SYS", "HER-SYS", "ワクチン", "自転車置場",
]
TOPIC_TEMPLATES = [
    ("諮問", "{t}に係る業務の外部委託に伴う個人情報の取扱いについて"),
    ("諮問", "{t}の導入に伴う電子計算組織の外部結合について"),
    ("諮問", "{t}における個人情報の目的外利用について"),
    ("諮問", "{t}に関する個人情報の本人外収集について"),
    ("諮問", "{t}のクラウド化に伴う個人情報の取扱いについて"),
    ("諮問", "{t}の更改に伴う外部委託について"),
    ("報告", "{t}に係る事務処理誤りについて"),
    ("報告", "{t}における個人情報の漏えい事故について"),
    ("報告", "{t}の運用状況について"),
]
SURNAMES = "山田 佐藤 鈴木 高橋 田中 伊藤 渡辺 中村 小林 加藤 吉田 山本 浅田 植野 岡田 前田 宮内 森田 河野 橋本".split()
DEPARTMENTS = [
    "情報政策課長", "総務課長", "健康推進課長", "国保年金課長", "人事課長", "子育て支援課長", "介護保険課長",
    "税務課長", "学務課長", "戸籍住民課長", "情報公開係長", "総務部長", "企画経営部長", "防災課長",
]
CHAIR_LABELS = ["会長"] * 8 + ["副会長", "会長職務代理"]
WEEKDAYS = "月火水木金土日"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
FIRST_FY, LAST_FY = 2006, 2025  # 平成18年度 .. 令和7年度
WRITTEN_SHARE = 0.25
MIX = 0.5  # share of a template's sentences replaced by other real sentences


# ---------------------------------------------------------------------------
# Pools of real text


@dataclass
class Pool:
    templates: list[list[str]] = field(default_factory=list)  # each: a real record's sentences
    sentences: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        sents = split_sentences(flatten(text))
        if sents:
            self.templates.append(sents)
            self.sentences.extend(sents)


_SENT_RE = re.compile(r"[^。？！?!]*[。？！?!]+|[^。？！?!]+$")


def split_sentences(text: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENT_RE.finditer(text)) if s and re.search(r"\w", s)]


def flatten(text: str) -> str:
    """One line: paragraphs joined, tabs gone (both layouts keep a record on one line)."""
    text = text.replace("\t", "\u3000").replace("\r", "")
    return "".join(p.strip() for p in text.split("\n")).strip()


def load_pools(corpus: Path = REAL_CORPUS) -> tuple[dict[str, Pool], list[tuple[str, str]], dict]:
    """Pools by key (chair/member/official/secretariat for turns; question/answer/opinion), real topics."""
    from kaigiroku.indexer.parse import parse_file

    pools = {k: Pool() for k in ("chair", "member", "official", "secretariat", "question", "answer", "opinion")}
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
                       "other": "member"}[r.role]
            else:
                key = r.kind
            pools[key].add(r.text)
    # The real minutes have almost no secretariat turns: borrow the officials' procedural ones.
    for sents in pools["official"].templates:
        if len(sents) <= 3:
            pools["secretariat"].templates.append(sents)
            pools["secretariat"].sentences.extend(sents)
    for k, p in pools.items():
        if not p.templates:
            raise SystemExit(f"generate: no real records for pool {k!r} in {corpus}")
    return pools, sorted(set(topics)), stats


# ---------------------------------------------------------------------------
# Planning meetings


@dataclass
class Turn:
    label: str
    text: str


@dataclass
class Item:
    kind: str  # 諮問 / 報告 / その他
    title: str
    theme: str | None
    turns: list[Turn] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # written Q&A
    section: str = ""


@dataclass
class Planned:
    index: int
    layout: str  # "colon" or "written"
    muni: str
    muni_id: str
    body: str
    body_no: int
    dates: list[date]
    items: list[Item]
    opinions: list[str] = field(default_factory=list)
    session: int = 0
    audience: int = 0
    members: list[str] = field(default_factory=list)

    @property
    def records(self) -> int:
        if self.layout == "written":
            return sum(2 * len(it.pairs) for it in self.items) + len(self.opinions)
        return sum(len(it.turns) for it in self.items)

    @property
    def fiscal_year(self) -> int:
        d = self.dates[0]
        return d.year if d.month >= 4 else d.year - 1


class Composer:
    """Record texts from the real pools, with the meeting's municipality and the item's theme."""

    _SUBJECT_RE = re.compile("|".join(re.escape(s) for s in sorted(SUBJECTS, key=len, reverse=True)))
    _MUNI_RE = re.compile(r"目黒区|東村山市")

    def __init__(self, pools: dict[str, Pool]):
        self.pools = pools

    def text(self, rng: random.Random, key: str, muni: str, theme: str | None, max_sentences: int = 0) -> str:
        pool = self.pools[key]
        tmpl = rng.choice(pool.templates)
        if max_sentences:
            tmpl = tmpl[:max_sentences]
        out = [rng.choice(pool.sentences) if rng.random() < MIX else s for s in tmpl]
        text = self._MUNI_RE.sub(muni, "".join(out))
        if theme:
            text = self._SUBJECT_RE.sub(theme, text)
        return text


def _official_label(rng: random.Random, muni: str) -> str:
    return (muni[-1] + "側") if rng.random() < 0.6 else rng.choice(DEPARTMENTS)


def _member_label(rng: random.Random, members: list[str]) -> str:
    return "委員" if rng.random() < 0.6 else rng.choice(members) + "委員"


def _topic(rng: random.Random, kind: str, real: list[tuple[str, str]], muni: str) -> tuple[str, str | None]:
    """(title, theme) of an agenda item of `kind` (諮問 or 報告)."""
    if rng.random() < 0.25:
        choices = [t for k, t in real if k == kind]
        if choices:
            return Composer._MUNI_RE.sub(muni, rng.choice(choices)), None
    theme = rng.choice(THEMES)
    tmpl = rng.choice([t for k, t in TOPIC_TEMPLATES if k == kind])
    return tmpl.format(t=theme), theme


def plan_meeting(index: int, seed: int, limit: int, composer: Composer, topics: list[tuple[str, str]],
                 force_transcript: bool = False) -> Planned:
    """One meeting with at most `limit` records, from its own RNG (so it does not depend on the others)."""
    rng = random.Random(f"kaigiroku-bench:{seed}:{index}")
    muni, muni_id = rng.choice(MUNICIPALITIES)
    body_no = (MUNICIPALITIES.index((muni, muni_id)) + (1 if rng.random() < 0.2 else 0)) % len(BODIES)
    start, end = date(FIRST_FY, 4, 1), date(LAST_FY + 1, 3, 31)
    day = start + timedelta(days=rng.randrange((end - start).days - 30))
    members = rng.sample(SURNAMES, 8)
    written = not force_transcript and limit >= 4 and rng.random() < WRITTEN_SHARE
    text = composer.text
    if written:
        title, theme = _topic(rng, "諮問", topics, muni)
        item = Item("諮問", title, theme, section="１ 諮問事項")
        budget = limit
        n_op = rng.randint(0, 8)
        n_pairs = max(1, min(rng.randint(8, 30), (budget - min(n_op, budget // 3)) // 2))
        for _ in range(n_pairs):
            item.pairs.append((text(rng, "question", muni, theme), text(rng, "answer", muni, theme)))
        n_op = min(n_op, budget - 2 * n_pairs)
        opinions = [text(rng, "opinion", muni, theme) for _ in range(max(0, n_op))]
        decided = day + timedelta(days=rng.randint(7, 21))
        return Planned(index, "written", muni, muni_id, BODIES[body_no], body_no, [day, decided], [item], opinions,
                       members=members)

    items: list[Item] = []
    remaining = limit

    def add(item: Item, label: str, key: str, theme: str | None, short: bool = False) -> bool:
        nonlocal remaining
        if remaining <= 0:
            return False
        item.turns.append(Turn(label, text(rng, key, muni, theme, max_sentences=2 if short else 0)))
        remaining -= 1
        return True

    chair = rng.choice(CHAIR_LABELS)
    opening = Item("その他", "開会", None, section="１ 開会")
    items.append(opening)
    add(opening, chair, "chair", None)
    add(opening, "事務局", "secretariat", None, short=True)
    sec_no = 2
    for kind, lo, hi in (("諮問", 1, 5), ("報告", 0, 2)):
        n = rng.randint(lo, hi)
        if not n:
            continue
        section = f"{str(sec_no).translate(FULLWIDTH)} {'諮問事項' if kind == '諮問' else '報告事項'}"
        sec_no += 1
        for _ in range(n):
            if remaining <= 0:
                break
            title, theme = _topic(rng, kind, topics, muni)
            item = Item(kind, title, theme, section=section)
            section = ""  # only the first item of a section carries its heading
            items.append(item)
            add(item, chair, "chair", theme)
            for _ in range(rng.randint(1, 2)):
                add(item, _official_label(rng, muni), "official", theme)
            for _ in range(rng.randint(2, 14) if kind == "諮問" else rng.randint(1, 5)):
                add(item, _member_label(rng, members), "member", theme)
                add(item, _official_label(rng, muni), "official", theme)
                if rng.random() < 0.3:
                    add(item, chair, "chair", theme, short=True)
            add(item, chair, "chair", theme)
    if remaining > 0:
        closing = Item("その他", "その他", None, section=f"{str(sec_no).translate(FULLWIDTH)} その他")
        items.append(closing)
        add(closing, chair, "chair", None, short=True)
        if rng.random() < 0.5:
            add(closing, "事務局", "secretariat", None, short=True)
    items = [it for it in items if it.turns]
    return Planned(index, "colon", muni, muni_id, BODIES[body_no], body_no, [day], items, members=members,
                   audience=rng.randint(0, 5))


def plan_corpus(n_records: int, seed: int, pools=None) -> list[Planned]:
    """Meetings adding up to exactly `n_records` records, sessions numbered per council and fiscal year."""
    if pools is None:
        pools, topics, _ = load_pools()
    else:
        pools, topics = pools
    composer = Composer(pools)
    meetings: list[Planned] = []
    total = 0
    while total < n_records:
        left = n_records - total
        m = plan_meeting(len(meetings), seed, left, composer, topics, force_transcript=left < 40)
        meetings.append(m)
        total += m.records
    assert total == n_records, (total, n_records)
    by_council: dict[tuple, list[Planned]] = {}
    for m in meetings:
        by_council.setdefault((m.muni_id, m.body_no, m.fiscal_year), []).append(m)
    for group in by_council.values():
        for n, m in enumerate(sorted(group, key=lambda m: (m.dates[0], m.index)), 1):
            m.session = n
    return meetings


# ---------------------------------------------------------------------------
# Rendering files


def wareki(d: date) -> str:
    from kaigiroku.search.wareki import to_wareki

    return to_wareki(d.isoformat())


def era_fiscal_year(fy: int) -> str:
    if fy >= 2019:
        n = fy - 2018
        return f"令和{'元' if n == 1 else n}年度"
    return f"平成{fy - 1988}年度"


def file_name(m: Planned) -> str:
    era = "r" if m.fiscal_year >= 2019 else "h"
    yy = m.fiscal_year - (2018 if era == "r" else 1988)
    return f"{m.muni_id}-{m.body_no}-{era}{yy:02d}-{m.session:02d}.txt"


def title_of(m: Planned) -> str:
    return f"{era_fiscal_year(m.fiscal_year)}第{m.session}回 {m.body}"


def _dated(d: date) -> str:
    return f"{wareki(d)}（{WEEKDAYS[d.weekday()]}）"


def render(m: Planned) -> str:
    side = m.muni[-1]
    out = ["会議録", "", f"名称\t{title_of(m)}"]
    names = "、".join(m.members)
    if m.layout == "written":
        out += [
            f"日時\t審議開始日 {_dated(m.dates[0])} 議決日 {_dated(m.dates[-1])} 注：本審議会は書面による開催とした。",
            f"出席者\t（委員）{names}",
            "配布資料\t諮問事項の資料",
            f"諮問事項\t{m.items[0].title}",
            f"問い合わせ先\t{m.muni}役所 総務部 総務課",
            "発言の記録\t別紙のとおり",
            "",
            f"＜{era_fiscal_year(m.fiscal_year)}第{m.session}回審議会発言記録＞",
            "",
        ]
        item = m.items[0]
        out += [item.section, "", f"（１）{item.title}", "", f"\t質問\t{side}の考え方"]
        for n, (q, a) in enumerate(item.pairs, 1):
            out.append(f"{n}\t{q}\t{a}")
        if m.opinions:
            out += ["", "意見", ""]
            for op in m.opinions:
                out += [op, ""]
        out += ["", "以上", ""]
        return "\n".join(out)

    venue = f"{m.muni}総合庁舎本館{1 + m.index % 5}階会議室" if side == "区" else f"{m.muni}役所 本庁舎{1 + m.index % 5}階 第{1 + m.index % 3}会議室"
    out += [
        f"日時\t{_dated(m.dates[0])}午後{1 + m.index % 5}時から午後{6 + m.index % 3}時まで",
        f"会場\t{venue}",
        f"出席者\t（委員）{names} （{side}側）" + "、".join(sorted(set(DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(m.index, m.index + 4)))),
        f"傍聴者\t{m.audience}人",
        "配付資料\t諮問事項の資料",
        "発言の記録\t別紙のとおり",
        "",
        f"＜{era_fiscal_year(m.fiscal_year)}第{m.session}回審議会発言記録＞",
        "",
    ]
    numbers: dict[str, int] = {}
    for item in m.items:
        if item.section:
            out += [item.section, ""]
            numbers.clear()
        if item.kind in ("諮問", "報告"):
            k = len(numbers) + 1
            numbers[item.title] = k
            out += [f"（{str(k).translate(FULLWIDTH)}）{item.title}", ""]
        for t in item.turns:
            out += [f"{t.label}：{t.text}", ""]
    out += ["以上", ""]
    return "\n".join(out)


def expected(m: Planned) -> dict:
    """What parsing the rendered file must give back."""
    from kaigiroku.indexer.headings import is_stage_direction
    from kaigiroku.search.roles import EXECUTIVE, MEMBER, SECRETARIAT, RoleContext

    kinds: Counter = Counter()
    roles: Counter = Counter()
    if m.layout == "written":
        n = sum(len(it.pairs) for it in m.items)
        kinds.update({"question": n, "answer": n})
        roles.update({MEMBER: n, EXECUTIVE: n})
        if m.opinions:
            kinds["opinion"] += len(m.opinions)
            roles[MEMBER] += len(m.opinions)
    else:
        # 副会長 presides a meeting where the 会長 never speaks: roles in the meeting's context.
        ctx = RoleContext.for_meeting("審議会", [t.label for it in m.items for t in it.turns])
        for it in m.items:
            for t in it.turns:
                if is_stage_direction(t.text):
                    continue  # (「はい」の声あり): a stage direction is never a record
                role = ctx.role(t.label, t.text)
                if role == EXECUTIVE and re.match(r"^[（(]\s*事務局", t.text):
                    role = SECRETARIAT
                kinds["turn"] += 1
                roles[role] += 1
    return {
        "records": sum(kinds.values()),
        "kinds": dict(kinds),
        "roles": dict(roles),
        "municipality": m.muni,
        "date": m.dates[-1].isoformat(),
        "layout": "written-qa" if m.layout == "written" else "colon",
    }


# ---------------------------------------------------------------------------
# Writing and checking


def _digest(files: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for name, text in files:
        h.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()


def _check_file(args: tuple[str, dict]) -> tuple[str, list[str], dict]:
    from kaigiroku.indexer.parse import parse_file

    path, want = args
    m = parse_file(path)
    got = {
        "records": len(m.records),
        "kinds": dict(Counter(r.kind for r in m.records)),
        "roles": dict(Counter(r.role for r in m.records)),
        "municipality": m.municipality,
        "date": m.date,
        "layout": m.layout,
    }
    errors = [f"{k}: want {want[k]!r}, got {got[k]!r}" for k in ("records", "kinds", "layout") if want[k] != got[k]]
    soft = [f"{k}: want {want[k]!r}, got {got[k]!r}" for k in ("roles", "municipality", "date") if want[k] != got[k]]
    return path, errors, {"soft": soft, "chars": sum(len(r.text) for r in m.records),
                          "bytes": sum(len(r.text.encode()) for r in m.records), "topics": [i.title for i in m.items],
                          "year": m.date[:4]}


def verify(out: Path, manifest: dict, workers: int = 2) -> dict:
    """Parse every generated file back and compare with the manifest; raises on a hard mismatch."""
    jobs = [(str(out / name), want) for name, want in manifest["files"].items()]
    t0 = time.perf_counter()
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            results = pool.map(_check_file, jobs, chunksize=8)
    else:
        results = list(map(_check_file, jobs))
    hard = [(p, e) for p, e, _ in results if e]
    soft = [(p, info["soft"]) for p, _, info in results if info["soft"]]
    if hard:
        for p, e in hard[:10]:
            print(f"generate: MISMATCH {p}: {'; '.join(e)}", file=sys.stderr)
        raise SystemExit(f"generate: {len(hard)} of {len(jobs)} files do not parse to the intended records")
    total = sum(w["records"] for w in manifest["files"].values())
    topics = {t for _, _, info in results for t in info["topics"]}
    years = Counter(info["year"] for _, _, info in results)
    return {
        "files": len(jobs),
        "records_parsed": total,
        "records_intended": manifest["records"],
        "soft_mismatches": len(soft),
        "soft_examples": [f"{Path(p).name}: {'; '.join(s)}" for p, s in soft[:5]],
        "text_chars": sum(info["chars"] for _, _, info in results),
        "text_bytes": sum(info["bytes"] for _, _, info in results),
        "distinct_topics": len(topics),
        "years": dict(sorted(years.items())),
        "seconds": round(time.perf_counter() - t0, 2),
    }


def generate(n_records: int, out: Path, seed: int = 1, check: bool = True, force: bool = False,
             quiet: bool = False) -> dict:
    """Write the corpus (or reuse an identical one already there) and return its manifest with checks."""
    out = Path(out)
    man_path = out / "manifest.json"
    if not force and man_path.exists():
        man = json.loads(man_path.read_text(encoding="utf-8"))
        if (man.get("records") == n_records and man.get("seed") == seed and man.get("version") == GENERATOR_VERSION
                and man.get("verified")):
            files = [(n, (out / n).read_text(encoding="utf-8")) for n in sorted(man["files"])]
            if _digest(files) == man["digest"]:
                # The files are the same; the parser may not be: check them again with today's.
                if check:
                    man["check"] = verify(out, man)
                if not quiet:
                    print(f"generate: reusing {out} ({n_records} records, digest {man['digest'][:12]}; parsed back "
                          f"{man.get('check', {}).get('records_parsed', '?')} records)", file=sys.stderr)
                man["reused"] = True
                return man
    t0 = time.perf_counter()
    pools, topics, real = load_pools()
    meetings = plan_corpus(n_records, seed, (pools, topics))
    rendered = sorted((file_name(m), render(m)) for m in meetings)
    names = [n for n, _ in rendered]
    if len(set(names)) != len(names):
        raise SystemExit("generate: duplicate file names")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name, text in rendered:
        (out / name).write_text(text, encoding="utf-8")
    by_name = {file_name(m): m for m in meetings}
    manifest = {
        "version": GENERATOR_VERSION,
        "seed": seed,
        "records": n_records,
        "meetings": len(meetings),
        "layouts": dict(Counter(m.layout for m in meetings)),
        "real_corpus": real,
        "digest": _digest(rendered),
        "files": {n: expected(by_name[n]) for n in names},
        "generate_seconds": round(time.perf_counter() - t0, 2),
    }
    # Determinism: planning and rendering again from the seed gives the same bytes.
    again = sorted((file_name(m), render(m)) for m in plan_corpus(n_records, seed, (pools, topics)))
    manifest["deterministic"] = _digest(again) == manifest["digest"]
    if not manifest["deterministic"]:
        raise SystemExit("generate: the same seed rendered different files")
    if check:
        manifest["check"] = verify(out, manifest)
        manifest["verified"] = True
    man_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if not quiet:
        c = manifest.get("check", {})
        print(f"generate: {n_records} records in {len(meetings)} files -> {out} "
              f"({manifest['generate_seconds']} s; parsed back {c.get('records_parsed', '?')} records, "
              f"{c.get('soft_mismatches', '?')} soft mismatches)", file=sys.stderr)
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, required=True, help="number of records (speaker turns, Q&A) to generate")
    p.add_argument("--out", type=Path, help="output folder (default benchmarks/out/corpus-N-sSEED)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-check", action="store_true", help="skip parsing the files back")
    p.add_argument("--force", action="store_true", help="regenerate even if an identical corpus is there")
    args = p.parse_args(argv)
    out = args.out or PROJECT / "benchmarks" / "out" / f"corpus-{args.records}-s{args.seed}"
    man = generate(args.records, out, args.seed, check=not args.no_check, force=args.force)
    print(json.dumps({k: v for k, v in man.items() if k != "files"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
