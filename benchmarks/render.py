"""Planned meetings -> minutes files, in three layouts that today's parser and a general one read.

- colon (審議会 transcripts): a 名称/日時/会場/出席者 header, `２ 諮問事項` and
  `（１）…について` headings, `会長：text` turns one per line;
- written (書面開催): 審議開始日/議決日 in the header, the Q&A table
  (`番号<TAB>質問<TAB>区の考え方` rows), then `意見`;
- marked (assembly minutes, 本会議 and 委員会): the title line with the
  municipality (`令和3年第2回八王子市議会定例会本会議　会議録`), 日時/会場,
  `○議長（山田太郎君）　text`, `◆佐藤委員　text`, `◎総務課長（鈴木一郎君）　text`;
  long speeches go on over full-width-indented paragraph lines, as printed
  minutes do. Headings have blank lines around them; turns do not.

`expected()` says what parsing a file must give back. Roles are intended role
keys (chair, member, executive, secretariat), so the check survives a parser
that names roles differently.
"""

from __future__ import annotations

from collections import Counter

from .meetings import DEPARTMENTS, Planned, World, fw

WEEKDAYS = "月火水木金土日"


def wareki(d) -> str:
    from kaigiroku.search.wareki import to_wareki

    return to_wareki(d.isoformat())


def era_fiscal_year(fy: int) -> str:
    if fy >= 2019:
        n = fy - 2018
        return f"令和{'元' if n == 1 else n}年度"
    return f"平成{fy - 1988}年度"


def era_year(d) -> str:
    """令和3年 for a date in 2021 (平成31年 before May 2019)."""
    return wareki(d).split("年")[0] + "年"


def _dated(d) -> str:
    return f"{wareki(d)}（{WEEKDAYS[d.weekday()]}）"


def title_of(world: World, m: Planned) -> str:
    muni = world.munis[m.muni][0]
    if m.kind == "plenary":
        return f"{era_year(m.dates[0])}第{m.session}回{muni}議会定例会本会議　会議録"
    if m.kind == "committee":
        return f"{era_year(m.dates[0])}第{m.session}回{muni}議会定例会{m.body}　会議録"
    return f"{era_fiscal_year(m.fiscal_year)}第{m.session}回 {m.body}"


def render(world: World, m: Planned) -> str:
    return {"colon": _colon, "written": _written, "committee": _marked, "plenary": _marked}[m.kind](world, m)


def _written(world: World, m: Planned) -> str:
    muni = world.munis[m.muni][0]
    side = muni[-1]
    roster = world.roster_at(m.muni, m.dates[0])
    names = "、".join(p.surname for p in roster.council[:8])
    out = [
        "会議録", "", f"名称\t{title_of(world, m)}",
        f"日時\t審議開始日 {_dated(m.dates[0])} 議決日 {_dated(m.dates[-1])} 注：本審議会は書面による開催とした。",
        f"出席者\t（委員）{names}",
        "配布資料\t諮問事項の資料",
        f"諮問事項\t{m.items[0].title}",
        f"問い合わせ先\t{muni}役所 総務部 総務課",
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


def _colon(world: World, m: Planned) -> str:
    muni = world.munis[m.muni][0]
    side = muni[-1]
    roster = world.roster_at(m.muni, m.dates[0])
    names = "、".join(p.surname for p in roster.council[:8])
    venue = (f"{muni}総合庁舎本館{1 + m.index % 5}階会議室" if side == "区"
             else f"{muni}役所 本庁舎{1 + m.index % 5}階 第{1 + m.index % 3}会議室")
    depts = "、".join(sorted({DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(m.index, m.index + 4)}))
    out = [
        "会議録", "", f"名称\t{title_of(world, m)}",
        f"日時\t{_dated(m.dates[0])}午後{1 + m.index % 5}時から午後{6 + m.index % 3}時まで",
        f"会場\t{venue}",
        f"出席者\t（委員）{names} （{side}側）{depts}",
        f"傍聴者\t{m.audience}人",
        "配付資料\t諮問事項の資料",
        "発言の記録\t別紙のとおり",
        "",
        f"＜{era_fiscal_year(m.fiscal_year)}第{m.session}回審議会発言記録＞",
        "",
    ]
    number = 0
    for item in m.items:
        if item.section:
            out += [item.section, ""]
            number = 0
        if item.numbered:
            number += 1
            out += [f"（{fw(number)}）{item.title}", ""]
        for t in item.turns:
            out += [f"{t.label}：{t.text}", ""]
    out += ["以上", ""]
    return "\n".join(out)


def _marked(world: World, m: Planned) -> str:
    muni = world.munis[m.muni][0]
    hall = f"{muni}議会議場" if m.kind == "plenary" else f"{muni}役所 第{1 + m.index % 4}委員会室"
    out = [title_of(world, m), "", f"日時　{_dated(m.dates[0])}午前{9 + m.index % 2}時開議", f"会場　{hall}", ""]
    number = 0
    for item in m.items:
        if item.section:
            out += [item.section, ""]
            number = 0
        if item.numbered:
            number += 1
            out += [f"（{fw(number)}）{item.title}", ""]
        for t in item.turns:
            out.append(f"{t.mark}{t.label}\u3000{t.paras[0]}")
            out += ["\u3000" + p for p in t.paras[1:]]
        out.append("")
    out += ["以上", ""]
    return "\n".join(out)


def expected(world: World, m: Planned) -> dict:
    """What parsing the rendered file must give back (roles as intended role keys)."""
    kinds: Counter = Counter()
    roles: Counter = Counter()
    if m.kind == "written":
        n = sum(it.n_pairs for it in m.items)
        kinds.update({"question": n, "answer": n})
        roles.update({"member": n, "executive": n})
        if m.n_opinions:
            kinds["opinion"] += m.n_opinions
            roles["member"] += m.n_opinions
    else:
        for it in m.items:
            for t in it.turns:
                kinds["turn"] += 1
                roles[t.role] += 1
    return {
        "records": m.records,
        "kinds": dict(kinds),
        "roles": dict(roles),
        "municipality": world.munis[m.muni][0],
        "date": m.dates[-1].isoformat(),
        "layout": {"colon": "colon", "written": "written-qa"}.get(m.kind, "marked"),
        "kind": m.kind,
    }
