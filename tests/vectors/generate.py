#!/usr/bin/env python3
"""Writes the shared conformance vectors in this folder.

This is an independent implementation: the item points below are typed from the domain brief's
table (gbt19580_items.csv), not read from criteria/, and the arithmetic is plain Python integers.
The operation vectors (percent text, readiness, roadmaps, crosswalk, consensus) are computed here
too, by their own code: a plain knapsack, Decimal rounding, the award's numbers typed in.
A wrong point value in the criteria file, or a wrong sum in any engine, makes a vector fail.

Run: python3 tests/vectors/generate.py           (deterministic; commit the output)
     python3 tests/vectors/generate.py --check   (fails if the committed files are stale)
"""
import json
import sys
import random
import tomllib
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (item id, points, kind) for GB/T 19580-2012, framework order.
GBT = [
    ("4.1.2", 50, "process"), ("4.1.3", 30, "process"), ("4.1.4", 30, "process"),
    ("4.2.2", 40, "process"), ("4.2.3", 50, "process"),
    ("4.3.2", 40, "process"), ("4.3.3", 50, "process"),
    ("4.4.2", 60, "process"), ("4.4.3", 15, "process"), ("4.4.4", 20, "process"),
    ("4.4.5", 15, "process"), ("4.4.6", 10, "process"), ("4.4.7", 10, "process"),
    ("4.5.2", 50, "process"), ("4.5.3", 50, "process"),
    ("4.6.2", 40, "process"), ("4.6.3", 40, "process"),
    ("4.7.2", 80, "results"), ("4.7.3", 80, "results"), ("4.7.4", 80, "results"),
    ("4.7.5", 60, "results"), ("4.7.6", 50, "results"), ("4.7.7", 50, "results"),
]
# Baldrige (Business/Nonprofit) items, from baldrige_items.csv.
BALDRIGE = [
    ("1.1", 70, "process"), ("1.2", 50, "process"), ("2.1", 45, "process"), ("2.2", 40, "process"),
    ("3.1", 40, "process"), ("3.2", 45, "process"), ("4.1", 45, "process"), ("4.2", 45, "process"),
    ("5.1", 40, "process"), ("5.2", 45, "process"), ("6.1", 45, "process"), ("6.2", 40, "process"),
    ("7.1", 120, "results"), ("7.2", 80, "results"), ("7.3", 80, "results"), ("7.4", 80, "results"),
    ("7.5", 90, "results"),
]
# EFQM Model 2020 parts (points per part inferred as criterion points / parts), from efqm2020_criteria.csv.
EFQM = (
    [(f"1.{k}", 20, "process") for k in range(1, 6)]
    + [(f"2.{k}", 25, "process") for k in range(1, 5)]
    + [(f"3.{k}", 20, "process") for k in range(1, 6)]
    + [(f"4.{k}", 50, "process") for k in range(1, 5)]
    + [(f"5.{k}", 20, "process") for k in range(1, 6)]
    + [("6.1", 200, "results"), ("7.1", 200, "results")]
)
# Baldrige-style bands: lower bounds of bands 1..8 in whole points (GB/T 19580 uses them as reference).
BAND_LOWER = [0, 126, 211, 321, 446, 576, 706, 826]
# framework id -> (items, overall band lower bounds or None, percent step)
FRAMEWORKS = {
    "gbt19580-2012": (GBT, BAND_LOWER, 5),
    "baldrige-2023-2024": (BALDRIGE, BAND_LOWER, 5),
    "efqm-2025": (EFQM, None, 10),
}


def category(item_id):
    return item_id.rsplit(".", 1)[0]


def expected(percents, framework="gbt19580-2012"):
    """percents: dict item id -> percent (missing = not rated). Returns hundredths everywhere."""
    table, band_lower, _ = FRAMEWORKS[framework]
    items, cats = {}, {}
    process = results = 0
    for item_id, points, kind in table:
        p = percents.get(item_id)
        score = 0 if p is None else p * points  # hundredths of a point: percent x points / 100 x 100
        items[item_id] = score
        cats[category(item_id)] = cats.get(category(item_id), 0) + score
        if kind == "process":
            process += score
        else:
            results += score
    total = process + results
    band = None if band_lower is None else max(i + 1 for i, lower in enumerate(band_lower) if lower * 100 <= total)
    missing = [i for i, _, _ in table if percents.get(i) is None]
    return {
        "total_hundredths": total,
        "process_hundredths": process,
        "results_hundredths": results,
        "categories_hundredths": cats,
        "items_hundredths": items,
        "band": band,
        "missing": missing,
    }


def case(name, percents, partial=False, note=None, entries=None, warnings=None, framework="gbt19580-2012"):
    table = FRAMEWORKS[framework][0]
    items = entries if entries is not None else {i: percents[i] for i, _, _ in table if i in percents}
    out = {
        "name": name,
        "partial": partial,
        "assessment": {"framework": framework, "items": items},
        "expect": expected(percents, framework),
    }
    out["expect"]["warnings"] = warnings or []
    if note:
        out["note"] = note
    return out


def scoring_cases():
    rng = random.Random(19580)
    ids = [i for i, _, _ in GBT]
    cases = [
        case("all zero", {i: 0 for i in ids}, note="hand-checked: 0"),
        case("all 100", {i: 100 for i in ids}, note="hand-checked: 1000.00"),
        case("35% of the 15-point item 4.4.3", {**{i: 0 for i in ids}, "4.4.3": 35},
             note="hand-checked: 35% x 15 = 5.25"),
        case("all 50", {i: 50 for i in ids}, note="hand-checked: 500.00, band 5"),
    ]
    # One item at 100%, the rest at 0: the total is that item's points, so a wrong point value
    # for any single item fails its own vector.
    for item_id, points, _ in GBT:
        cases.append(case(f"only {item_id} at 100%", {**{i: 0 for i in ids}, item_id: 100},
                          note=f"hand-checked: {points}.00"))
    for n in range(40):
        percents = {i: rng.randrange(0, 101, 5) for i in ids}
        cases.append(case(f"random full #{n + 1}", percents))
    for n in range(8):
        percents = {i: rng.randrange(0, 101, 5) for i in ids if rng.random() < 0.6}
        cases.append(case(f"random partial #{n + 1}", percents, partial=True))
    cases.append(case("partial with nothing rated", {}, partial=True))
    # Object entries with dimension ratings. Suggestion = unweighted mean rounded to the nearest
    # 5%, ties down; a warning when its band is more than one band from the percent.
    base = {i: 50 for i in ids}
    entries = {i: 50 for i in ids}
    entries["4.1.2"] = {"percent": 50, "dimensions": {"A": 50, "D": 60, "L": 40, "I": 50}}
    entries["4.7.2"] = {"percent": 90, "dimensions": {"Le": 30, "T": 30, "C": 35, "I": 30},
                        "strengths": ["s"], "ofis": ["o"], "evidence": "e"}
    entries["4.2.2"] = {"percent": 5, "dimensions": {"A": 50, "D": 45}}  # mean 47.5 ties down to 45: two bands up
    base["4.7.2"] = 90
    base["4.2.2"] = 5
    entries["4.2.3"] = {"percent": 10, "dimensions": {"A": 45}}  # one band apart: no warning
    base["4.2.3"] = 10
    cases.append(case("dimension suggestions", base, entries=entries, warnings=[
        {"kind": "suggestion-gap", "item": "4.2.2", "percent": 5, "suggested": 45},
        {"kind": "suggestion-gap", "item": "4.7.2", "percent": 90, "suggested": 30},
    ]))
    return cases


def other_framework_cases(framework, seed):
    """Hand-checked ends, one vector per item at 100% (so each item's points are checked), random ones."""
    table, _, step = FRAMEWORKS[framework]
    rng = random.Random(seed)
    ids = [i for i, _, _ in table]
    cases = [
        case("all zero", {i: 0 for i in ids}, framework=framework, note="hand-checked: 0"),
        case("all 100", {i: 100 for i in ids}, framework=framework, note="hand-checked: 1000.00"),
    ]
    for item_id, points, _ in table:
        cases.append(case(f"only {item_id} at 100%", {**{i: 0 for i in ids}, item_id: 100}, framework=framework,
                          note=f"hand-checked: {points}.00"))
    for n in range(20):
        cases.append(case(f"random full #{n + 1}", {i: rng.randrange(0, 101, step) for i in ids}, framework=framework))
    for n in range(4):
        percents = {i: rng.randrange(0, 101, step) for i in ids if rng.random() < 0.6}
        cases.append(case(f"random partial #{n + 1}", percents, partial=True, framework=framework))
    return cases


def full_items(**overrides):
    items = {i: 50 for i, _, _ in GBT}
    items.update(overrides)
    return items


def doc(items, **top):
    return json.dumps({"framework": "gbt19580-2012", **top, "items": items}, ensure_ascii=False)


def error_cases():
    """Raw text in, a stable error code (and the item, where there is one) out."""
    full = full_items()
    dup = doc(full)[:-2] + ', "4.1.2": 50}}'
    assert dup.count('"4.1.2"') == 2
    nested = '{"framework": "gbt19580-2012", "items": ' + "[" * 10000 + "]" * 10000 + "}"
    nested_item = ('{"framework": "gbt19580-2012", "items": {"4.1.2": ' + '{"percent": ' * 10000
                   + "50" + "}" * 10000 + "}}")
    toml_ok_prefix = 'framework = "gbt19580-2012"\n[items]\n'
    return [
        {"name": "percent 37 is not on the 5% grid", "format": "json",
         "input": doc(full_items(**{"4.1.2": 37})), "code": "percent-off-grid", "item": "4.1.2"},
        {"name": "percent 105", "format": "json",
         "input": doc(full_items(**{"4.3.3": 105})), "code": "percent-out-of-range", "item": "4.3.3"},
        {"name": "percent -5", "format": "json",
         "input": doc(full_items(**{"4.7.7": -5})), "code": "percent-out-of-range", "item": "4.7.7"},
        {"name": "percent 55.5", "format": "json",
         "input": doc(full_items(**{"4.4.3": 55.5})), "code": "syntax", "item": "4.4.3"},
        {"name": "percent as text \"55\"", "format": "json",
         "input": doc(full_items(**{"4.4.4": "55"})), "code": "syntax", "item": "4.4.4"},
        {"name": "percent true", "format": "json",
         "input": doc(full_items(**{"4.4.4": True})), "code": "syntax", "item": "4.4.4"},
        {"name": "null item in a full score", "format": "json",
         "input": doc(full_items(**{"4.5.2": None})), "code": "missing-items"},
        {"name": "item left out of a full score", "format": "json",
         "input": doc({k: v for k, v in full.items() if k != "4.6.3"}), "code": "missing-items"},
        {"name": "unknown item id", "format": "json",
         "input": doc(full_items(**{"4.1.9": 50})), "code": "unknown-item", "item": "4.1.9"},
        {"name": "unscored general clause 4.1.1", "format": "json",
         "input": doc(full_items(**{"4.1.1": 50})), "code": "unknown-item", "item": "4.1.1"},
        {"name": "unknown framework", "format": "json",
         "input": json.dumps({"framework": "iso-9999", "items": full}), "code": "unknown-framework"},
        {"name": "duplicate item key", "format": "json", "input": dup, "code": "syntax",
         "item": "4.1.2"},  # the item given twice is named
        {"name": "duplicate top-level key", "format": "json",
         "input": '{"framework": "gbt19580-2012", "framework": "x", "items": {}}', "code": "syntax"},
        {"name": "empty input", "format": "json", "input": "", "code": "syntax"},
        {"name": "whitespace only", "format": "json", "input": "  \n ", "code": "syntax"},
        {"name": "truncated JSON", "format": "json", "input": doc(full)[:200], "code": "syntax"},
        {"name": "trailing garbage", "format": "json", "input": doc(full) + " x", "code": "syntax"},
        {"name": "deeply nested JSON", "format": "json", "input": nested, "code": "syntax"},
        {"name": "deeply nested item", "format": "json", "input": nested_item, "code": "syntax", "item": "4.1.2"},
        {"name": "deeply nested TOML", "format": "toml",
         "input": 'framework = "gbt19580-2012"\nitems = ' + "[" * 5000 + "]" * 5000 + "\n", "code": "syntax"},
        {"name": "a list instead of an object", "format": "json", "input": "[1, 2, 3]", "code": "syntax"},
        {"name": "items as a list", "format": "json",
         "input": '{"framework": "gbt19580-2012", "items": [50, 50]}', "code": "syntax"},
        {"name": "misspelt field is not ignored", "format": "json",
         "input": doc(full, organisaton={"name": "x"}), "code": "syntax"},
        {"name": "unknown field inside an item", "format": "json",
         "input": doc(full_items(**{"4.1.2": {"percent": 50, "strenghts": []}})), "code": "syntax", "item": "4.1.2"},
        {"name": "unknown sector", "format": "json",
         "input": doc(full, organisation={"sector": "mining"}), "code": "unknown-sector"},
        {"name": "missing framework field", "format": "json", "input": json.dumps({"items": full}), "code": "syntax"},
        {"name": "dimension for the wrong kind of item", "format": "json",
         "input": doc(full_items(**{"4.1.2": {"percent": 50, "dimensions": {"Le": 50}}})),
         "code": "unknown-dimension", "item": "4.1.2"},
        {"name": "dimension off the grid", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "dimensions": {"T": 42}}})),
         "code": "percent-off-grid", "item": "4.7.2"},
        {"name": "dimension out of range", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "dimensions": {"T": 120}}})),
         "code": "percent-out-of-range", "item": "4.7.2"},
        {"name": "hostile organisation name is only data", "format": "json",
         "input": doc(full_items(**{"4.1.2": 37}), organisation={"name": "<script>alert(1)</script>"}),
         "code": "percent-off-grid", "item": "4.1.2"},
        {"name": "TOML percent off grid", "format": "toml",
         "input": toml_ok_prefix + "\n".join(f'"{k}" = {37 if k == "4.2.3" else v}' for k, v in full.items()),
         "code": "percent-off-grid", "item": "4.2.3"},
        {"name": "TOML duplicate key", "format": "toml",
         "input": toml_ok_prefix + '"4.1.2" = 50\n"4.1.2" = 55\n', "code": "syntax"},
        {"name": "TOML percent as text", "format": "toml",
         "input": toml_ok_prefix + '"4.1.2" = "50"\n', "code": "syntax", "item": "4.1.2"},
        {"name": "unknown profile section", "format": "json",
         "input": doc(full, profile={"history": "x"}), "code": "unknown-section"},
        {"name": "profile section as a number", "format": "json",
         "input": doc(full, profile={"environment": 5}), "code": "syntax"},
        {"name": "key factor in an unknown section", "format": "json",
         "input": doc(full, profile={"key_factors": [{"id": "K1", "section": "nowhere", "text": "t"}]}),
         "code": "unknown-section"},
        {"name": "key factor listed twice", "format": "json",
         "input": doc(full, profile={"key_factors": [{"id": "K1", "section": "challenges", "text": "t"}] * 2}),
         "code": "key-factor"},
        {"name": "key factor id with markup", "format": "json",
         "input": doc(full, profile={"key_factors": [{"id": "<b>", "section": "challenges", "text": "t"}]}),
         "code": "key-factor"},
        {"name": "key factor without text field", "format": "json",
         "input": doc(full, profile={"key_factors": [{"id": "K1", "section": "challenges"}]}), "code": "syntax"},
        {"name": "narrative for the wrong kind of item", "format": "json",
         "input": doc(full_items(**{"4.1.2": {"percent": 50, "narrative": {"T": "trend"}}})),
         "code": "unknown-dimension", "item": "4.1.2"},
        {"name": "measures on a process item", "format": "json",
         "input": doc(full_items(**{"4.1.2": {"percent": 50, "measures": [{"name": "m", "better": "higher"}]}})),
         "code": "measure", "item": "4.1.2"},
        {"name": "a period listed twice", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "measures": [{"name": "m", "better": "lower", "values": [
             {"period": "2024", "value": 1}, {"period": "2024", "value": 2}]}]}})),
         "code": "measure", "item": "4.7.2"},
        # Each measure within its 50 periods, but the item's table would have 60 columns.
        {"name": "an item's measures naming more than 50 periods in all", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "measures": [
             {"name": name, "better": "higher", "values": [{"period": f"{name}-{k}", "value": k} for k in range(30)]}
             for name in ("a", "b")]}})),
         "code": "measure", "item": "4.7.2"},
        {"name": "better is neither higher nor lower", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "measures": [{"name": "m", "better": "up"}]}})),
         "code": "syntax", "item": "4.7.2"},
        {"name": "a measure value as text", "format": "json",
         "input": doc(full_items(**{"4.7.2": {"percent": 50, "measures": [{"name": "m", "better": "higher", "values": [
             {"period": "2024", "value": "97%"}]}]}})),
         "code": "syntax", "item": "4.7.2"},
        {"name": "TOML truncated", "format": "toml", "input": 'framework = "gbt19580-2012"\n[items\n', "code": "syntax"},
        {"name": "an individual's nomination naming no rubric has nothing to score", "format": "json",
         "input": json.dumps({"kind": "individual", "individual": {"name": "李明", "region": "shanghai"}},
                             ensure_ascii=False), "code": "applicant"},
        {"name": "an individual's achievements past the text limit", "format": "json",
         "input": json.dumps({"kind": "individual", "framework": "gbt19580-2012", "items": full,
                              "individual": {"name": "x", "achievements": "很" * 20001}}, ensure_ascii=False),
         "code": "too-long"},
    ]


# ---- operations beyond scoring: each computed here independently of the engines ----

def percent_text(part_hundredths, whole_points):
    """One decimal, rounded once, half up, from exact hundredths."""
    if whole_points == 0:
        return "0.0%"
    value = Decimal(part_hundredths) / Decimal(whole_points)  # part/100 / whole * 100
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def random_percents(rng, table, step=5, rate=1.0, top=100):
    return {i: rng.randrange(0, top + 1, step) for i, _, _ in table if rng.random() < rate}


# The Shanghai quality gold profile's numbers (criteria/awards/shanghai-quality-gold.toml): the score
# line, the near margin, the results floor, and its five gates.
GOLD_LINE, GOLD_MARGIN, GOLD_RESULTS_FLOOR = 550 * 100, 50 * 100, 160 * 100
GOLD_PROFILE_MAX = 3000


def gold_readiness(percents, org, year, profile=None):
    e = expected(percents)
    total, results = e["total_hundredths"], e["results_hundredths"]

    def judged(value):
        return "unknown" if value is None else ("pass" if value else "fail")

    region = org.get("region")
    years = None if org.get("founded") is None else year - org["founded"]
    gates = {
        "registered-locally": judged(None if region is None else region.strip().lower() == "shanghai"),
        "operating-3-years": judged(None if years is None else years >= 3),
        "legal-compliance": judged(org.get("legal_compliance")),
        "licences": judged(org.get("licences")),
        "industry-leading": judged(org.get("industry_leading")),
    }
    line_pass = total >= GOLD_LINE
    floor_pass = results >= GOLD_RESULTS_FLOOR
    if line_pass and floor_pass:
        score_verdict = "ready"
    elif total + GOLD_MARGIN >= GOLD_LINE:
        score_verdict = "near"
    else:
        score_verdict = "not-yet"
    # The profile's length in Unicode scalar values (Python's len), whitespace included.
    chars = sum(len(t) for t in (profile or {}).values())
    profile_status = "unknown" if chars == 0 else ("pass" if chars <= GOLD_PROFILE_MAX else "fail")
    if "fail" in gates.values():
        verdict = "ineligible"
    elif "unknown" in gates.values():
        verdict = "unknown"
    elif profile_status == "fail" and score_verdict == "ready":
        verdict = "near"
    else:
        verdict = score_verdict
    statuses = dict(gates)
    statuses["profile-length"] = profile_status
    statuses["score-line"] = "pass" if line_pass else "fail"
    statuses["results-subtotal"] = "pass" if floor_pass else "fail"
    return {
        "verdict": verdict,
        "score_verdict": score_verdict,
        "gap_hundredths": max(0, GOLD_LINE - total),
        "statuses": statuses,
    }


# The individual profiles' numbers (criteria/awards/shanghai-mayor-individual.toml and
# district-individual.toml): years of quality work, and the rules over time. No score line.
INDIVIDUAL_YEARS = {"shanghai-mayor-individual": 10, "district-individual": 5}
INDIVIDUAL_LEVEL = {"shanghai-mayor-individual": "city", "district-individual": "district"}
KNOWN_LEVELS = {"shanghai-mayor-individual": "city", "shanghai-gold-individual": "city", "district-individual": "district"}


def individual_readiness(award, person, year):
    def judged(value):
        return "unknown" if value is None else ("pass" if value else "fail")

    years = person.get("quality_work_years")
    region = person.get("region")
    won = person.get("prior_awards")
    wins = None if won is None else [a["year"] for a in won if a["award"] == award and a["year"] <= year]
    apps = person.get("applications")
    if apps is None:
        same_year = "unknown"
    else:
        others = [a for a in apps if a["year"] == year and a["award"] != award]
        levels = [a.get("level", KNOWN_LEVELS.get(a["award"])) for a in others]
        own = INDIVIDUAL_LEVEL[award]
        if any(l in ("city", "district") and l != own for l in levels):
            same_year = "fail"
        elif any(l is None for l in levels):
            same_year = "unknown"
        else:
            same_year = "pass"
    gates = {
        f"quality-work-{INDIVIDUAL_YEARS[award]}-years": judged(None if years is None else years >= INDIVIDUAL_YEARS[award]),
        "legal-compliance": judged(person.get("legal_compliance")),
        "not-city-and-district-same-year": same_year,
        "winner-waits-5-years": judged(None if wins is None else (not wins or year - max(wins) >= 5)),
    }
    if award == "shanghai-mayor-individual":
        gates["registered-or-employed-locally"] = judged(None if region is None else region.strip().lower() == "shanghai")
        gates["good-conduct"] = judged(person.get("good_conduct"))
    verdict = "ineligible" if "fail" in gates.values() else ("unknown" if "unknown" in gates.values() else "ready")
    return {"verdict": verdict, "score_verdict": None, "gap_hundredths": None, "statuses": gates}


def min_plan(percents, target_hundredths, max_raise=15, step=5):
    """Fewest cycles, then fewest 5% steps (uniform effort), to reach the target: a bounded knapsack."""
    start = expected(percents)["total_hundredths"]
    need = max(0, target_hundredths - start)
    if need == 0:
        return 0, 0
    items = [(points, (100 - percents.get(i, 0)) // step) for i, points, _ in GBT]
    unit = 25  # the gcd of every one-step gain (5% of 10, 15, 20, ... points) in hundredths
    need_units = -(-need // unit)
    for cycles in range(1, 100 // max_raise + 2):
        caps = [min(room, cycles * (max_raise // step)) for _, room in items]
        if sum(cap * step * points for (points, _), cap in zip(items, caps)) < need:
            continue
        best = [0] + [None] * need_units
        for (points, _), cap in zip(items, caps):
            gain = step * points // unit
            nxt = list(best)
            for g, cost in enumerate(best):
                if cost is None:
                    continue
                for k in range(1, cap + 1):
                    to = min(need_units, g + k * gain)
                    if nxt[to] is None or cost + k < nxt[to]:
                        nxt[to] = cost + k
            best = nxt
        return cycles, best[need_units]
    raise ValueError("unreachable target")


def crosswalk_expect(percents, mapping, step):
    out, missing = {}, []
    for m in mapping:
        weighted = covered = 0
        for src in m["sources"]:
            w = round(src["weight"] * 1000)
            if src["item"] in percents:
                weighted += w * percents[src["item"]]
                covered += w
        if covered == 0:
            missing.append(m["target"])
            out[m["target"]] = {"percent": None, "coverage_thousandths": 0}
            continue
        # Nearest multiple of the step to weighted / covered, ties down.
        k = -((-(2 * weighted - covered * step)) // (2 * covered * step))
        out[m["target"]] = {"percent": max(0, min(100, k * step)), "coverage_thousandths": covered}
    return out, missing


def consensus_expect(sheets, threshold=20, step=5):
    rows = {}
    for item, points, _ in GBT:
        rated = sorted(s[item] for s in sheets if item in s)
        if not rated:
            rows[item] = {"median": None, "spread": 0, "proposed": None, "flagged": False, "at_stake_hundredths": 0}
            continue
        n = len(rated)
        med = rated[n // 2] if n % 2 else (rated[n // 2 - 1] + rated[n // 2]) / 2
        below = int(med // step) * step
        proposed = below if med - below <= below + step - med else below + step
        spread = rated[-1] - rated[0]
        rows[item] = {"median": med, "spread": spread, "proposed": proposed, "flagged": spread > threshold,
                      "at_stake_hundredths": spread * points}
    return rows


def agreement_expect(sheets):
    """Rater statistics by their textbook formulas, in exact fractions: ICC(2,1) and ICC(2,k) from
    the two-way ANOVA over the items all examiners rated; Krippendorff's alpha as 1 - Do/De with
    Do averaged over the pairs within each unit and De over all pairs of pairable values (not the
    coincidence matrix the engine uses); leniency against the proposed percents."""
    from fractions import Fraction as F
    proposals = consensus_expect(sheets)
    items = [i for i, _, _ in GBT]
    table = [[F(s[i]) for s in sheets] for i in items if all(i in s for s in sheets)]
    n, k = len(table), len(sheets)

    def icc():
        if n < 2 or k < 2:
            return None, None
        grand = sum(sum(r) for r in table) / (n * k)
        ssr = k * sum((sum(r) / k - grand) ** 2 for r in table)
        ssc = n * sum((sum(r[j] for r in table) / n - grand) ** 2 for j in range(k))
        sst = sum((x - grand) ** 2 for r in table for x in r)
        msr, msc = ssr / (n - 1), ssc / (k - 1)
        mse = (sst - ssr - ssc) / ((n - 1) * (k - 1))
        d1 = msr + (k - 1) * mse + k * (msc - mse) / n
        dk = msr + (msc - mse) / n
        return (None if d1 == 0 else float((msr - mse) / d1)), (None if dk == 0 else float((msr - mse) / dk))

    def alpha(delta):
        units = [[s[i] for s in sheets if i in s] for i in items]
        units = [u for u in units if len(u) >= 2]
        values = [v for u in units for v in u]
        total = len(values)
        if total < 2:
            return None
        do = sum(F(sum(delta(a, b) for x, a in enumerate(u) for y, b in enumerate(u) if x != y), len(u) - 1) for u in units) / total
        de = F(sum(delta(a, b) for x, a in enumerate(values) for y, b in enumerate(values) if x != y), total * (total - 1))
        return None if de == 0 else float(1 - do / de)

    i21, i2k = icc()
    lenient = []
    for s in sheets:
        diffs = [F(s[i] - proposals[i]["proposed"]) for i in items if i in s and proposals[i]["proposed"] is not None]
        lenient.append(float(sum(diffs) / len(diffs)) if diffs else None)
    return {"icc_2_1": i21, "icc_2_k": i2k, "items": n,
            "krippendorff_alpha_interval": alpha(lambda a, b: (a - b) ** 2),
            "krippendorff_alpha_nominal": alpha(lambda a, b: int(a != b)),
            "leniency": lenient}


GBT_BANDS = [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]


def calibrate_expect(entries):
    """The default calibration rules without dimension ratings, typed from the rules file's
    thresholds: unsupported-high (>= 50, no strengths, no evidence), results-without-trend (results
    >= 50 with no table of 3 periods), above-category (more than 30 above the mean of the rest of its
    category), flat-scoring (>= 60% of >= 10 rated on one percent), process-results-apart (more
    than 25 points of percent apart). A flagged item drops once, to the top of the band below."""
    percents = {i: e["percent"] for i, e in entries.items() if e.get("percent") is not None}
    flags, low = [], dict(percents)

    def below(p):
        b = max(k for k, (lo, _) in enumerate(GBT_BANDS) if lo <= p)
        return p if b == 0 else min(GBT_BANDS[b - 1][1], p)

    def flag(rule, item):
        flags.append([rule, item])
        if item is not None:
            low[item] = min(low[item], below(percents[item]))

    for item_id, _, _ in GBT:
        p, e = percents.get(item_id), entries.get(item_id, {})
        if p is not None and p >= 50 and not e.get("strengths") and not e.get("evidence"):
            flag("unsupported-high", item_id)
    for item_id, _, kind in GBT:
        p = percents.get(item_id)
        if p is not None and kind == "results" and p >= 50:
            flag("results-without-trend", item_id)
    for item_id, _, _ in GBT:
        p = percents.get(item_id)
        rated = [percents[i] for i, _, _ in GBT if category(i) == category(item_id) and i in percents]
        if p is not None and len(rated) >= 2:
            others = Decimal(sum(rated) - p) / (len(rated) - 1)
            if p - others > 30:
                flag("above-category", item_id)
    rated = list(percents.values())
    if len(rated) >= 10 and max(rated.count(v) for v in set(rated)) * 100 // len(rated) >= 60:
        flag("flat-scoring", None)
    proc = [(percents[i], pts) for i, pts, k in GBT if k == "process" and i in percents]
    res = [(percents[i], pts) for i, pts, k in GBT if k == "results" and i in percents]
    if proc and res:
        share = lambda xs: Decimal(sum(p * pts for p, pts in xs)) / sum(pts for _, pts in xs)
        if abs(share(proc) - share(res)) > 25:
            flag("process-results-apart", None)
    points = {i: pts for i, pts, _ in GBT}
    total = lambda ps: sum(p * points[i] for i, p in ps.items())
    return {"flags": flags, "low_hundredths": total(low), "claimed_hundredths": total(percents),
            "high_hundredths": total(percents)}


def operation_cases():
    rng = random.Random(19580)
    cases = []
    # Category percents as every surface prints them (the example's 4.1: 43.50 of 110 is 39.5%).
    for n in range(12):
        percents = random_percents(rng, GBT)
        if n == 0:
            percents.update({"4.1.2": 45, "4.1.3": 40, "4.1.4": 30})
        e = expected(percents)
        points = {}
        for i, p, _ in GBT:
            points[category(i)] = points.get(category(i), 0) + p
        texts = {c: percent_text(h, points[c]) for c, h in e["categories_hundredths"].items()}
        cases.append({"op": "score", "name": f"category percents {n}",
                      "assessment": {"framework": "gbt19580-2012", "items": percents},
                      "expect": {"categories_percent_text": texts}})
    # Readiness for the Shanghai gold award in 2026, with facts given, missing and failing.
    fact_sets = [
        {"region": "shanghai", "founded": 2006, "legal_compliance": True, "licences": True, "industry_leading": True},
        {"region": "Shanghai ", "founded": 2024, "legal_compliance": True, "licences": True, "industry_leading": True},
        {"region": "beijing", "founded": 2000, "legal_compliance": True, "licences": True, "industry_leading": True},
        {"region": "shanghai", "legal_compliance": True, "licences": True},
        {},
    ]
    # Profiles around the 3000-character limit: Chinese, Latin, emoji (one scalar value, four
    # UTF-8 bytes), newlines and spaces all count one each.
    profiles = [None, {"environment": "质" * 2999 + "\n"}, {"environment": "质" * 1500, "challenges": "q " * 751},
                {"environment": "😀" * 3000}, {"relationships": "a\u0301" * 1500}]
    for n in range(15):
        percents = random_percents(rng, GBT, top=rng.choice([60, 80, 100]))
        if n % 5 == 0:
            percents = {k: 90 for k in percents}
        org = fact_sets[n % len(fact_sets)] if n % 5 else fact_sets[0]
        profile = profiles[(n // 3) % len(profiles)]
        doc_ = {"framework": "gbt19580-2012", "organisation": org, "items": percents}
        if profile:
            doc_["profile"] = profile
        cases.append({"op": "readiness", "name": f"shanghai gold {n}", "award": "shanghai-quality-gold", "year": 2026,
                      "assessment": doc_, "expect": gold_readiness(percents, org, 2026, profile)})
    # Individual nominations: gates only, no line (total, gap and score verdict are null).
    for n in range(12):
        award = ["shanghai-mayor-individual", "district-individual"][n % 2]
        person = {"name": f"nominee {n}"}
        if n % 6:
            person["quality_work_years"] = rng.choice([3, 4, 5, 9, 10, 12, 30])
        if n % 4:
            person["region"] = rng.choice(["shanghai", " Shanghai ", "beijing"])
        for fact in ("legal_compliance", "good_conduct"):
            if n % 5:
                person[fact] = rng.random() < 0.85
        if n % 3:
            person["prior_awards"] = [{"award": rng.choice([award, "shanghai-gold-individual"]), "year": 2026 - rng.randrange(0, 9)}]
        if n % 7:
            other = rng.choice([("district-individual", None), ("shanghai-gold-individual", None), ("qingpu-individual", "district"), ("elsewhere", None)])
            app = {"award": other[0], "year": rng.choice([2025, 2026])}
            if other[1]:
                app["level"] = other[1]
            person["applications"] = [app]
        if n in (1, 2, 8):  # eligible nominees, at and above the years asked
            person.update(quality_work_years=INDIVIDUAL_YEARS[award] + (n == 8) * 2, region="shanghai",
                          legal_compliance=True, good_conduct=True, prior_awards=[], applications=[])
        doc_ = {"kind": "individual", "individual": person}
        cases.append({"op": "readiness", "name": f"individual {n}", "award": award, "year": 2026,
                      "assessment": doc_, "expect": individual_readiness(award, person, 2026)})
    # Roadmaps to a total in points: fewest cycles, then least effort (uniform weights).
    for n in range(10):
        percents = random_percents(rng, GBT, top=60)
        start = expected(percents)["total_hundredths"]
        target = min(100000, start + rng.randrange(2000, 40000, 25))
        cycles, steps = min_plan(percents, target)
        cases.append({"op": "plan", "name": f"plan {n}", "target": f"{target // 100}.{target % 100:02d}",
                      "assessment": {"framework": "gbt19580-2012", "items": percents},
                      "expect": {"cycle_count": cycles, "cost_thousandths": steps * 1000}})
    # GB/T 19580 -> Baldrige through the built-in crosswalk (its weights are data; the arithmetic is here).
    walk = tomllib.loads((HERE.parent.parent / "criteria/crosswalks/gbt19580-2012-to-baldrige-2023-2024.toml").read_text("utf-8"))
    for n in range(8):
        percents = random_percents(rng, GBT, rate=0.7)
        items, missing = crosswalk_expect(percents, walk["map"], 5)
        cases.append({"op": "crosswalk", "name": f"gbt to baldrige {n}", "to": "baldrige-2023-2024",
                      "assessment": {"framework": "gbt19580-2012", "items": percents},
                      "expect": {"items": items, "missing": missing}})
    # Consensus of three examiners (some items left to the team).
    for n in range(6):
        sheets = [random_percents(rng, GBT, rate=0.85) for _ in range(3)]
        cases.append({"op": "consensus", "name": f"three examiners {n}", "threshold": 20,
                      "examiners": [{"name": f"E{k}", "assessment": {"framework": "gbt19580-2012", "items": s}}
                                    for k, s in enumerate(sheets)],
                      "expect": {"rows": consensus_expect(sheets), "agreement": agreement_expect(sheets)}})
    # Calibration: random percents, some items written up (a strength or evidence), some flat.
    for n in range(10):
        top = 100 if n % 2 else 70
        percents = random_percents(rng, GBT, rate=0.9, top=top)
        if n in (3, 7):
            percents = {i: 60 for i in percents}
        entries = {}
        for item_id, p in percents.items():
            e = {"percent": p}
            pick = rng.random()
            if pick < 0.3:
                e["strengths"] = ["documented and deployed"]
            elif pick < 0.5:
                e["evidence"] = "records 2024-2026"
            entries[item_id] = e
        cases.append({"op": "calibrate", "name": f"calibrate {n}",
                      "assessment": {"framework": "gbt19580-2012", "items": entries},
                      "expect": calibrate_expect(entries)})
    # The dossier: every narrative the organisation has not written is marked, none dropped.
    dims = {"process": ["A", "D", "L", "I"], "results": ["Le", "T", "C", "I"]}
    for n in range(6):
        percents = random_percents(rng, GBT, rate=0.6)
        items, unwritten = {}, 0
        for item_id, _, kind in GBT:
            written = [d for d in dims[kind] if rng.random() < 0.4]
            unwritten += len(dims[kind]) - len(written)
            entry = {"narrative": {d: f"{item_id} {d} <b>&</b>" for d in written}}
            if item_id in percents:
                entry["percent"] = percents[item_id]
            items[item_id] = entry
        profile = {"environment": "示例 " * (n * 40)} if n else {}
        chars = sum(len(t) for t in profile.values())
        cases.append({"op": "dossier", "name": f"dossier {n}", "lang": "en", "award": "shanghai-quality-gold",
                      "assessment": {"framework": "gbt19580-2012", "profile": profile, "items": items},
                      "expect": {"not_written": unwritten,
                                 "contains": [f"{chars} characters; the limit is 3000.", "4.7.7 Leadership results"]}})
    return cases


def main():
    scoring = scoring_cases()
    errors = error_cases()
    baldrige = other_framework_cases("baldrige-2023-2024", 2023)
    efqm = other_framework_cases("efqm-2025", 2025)
    operations = operation_cases()
    files = {
        "gbt19580-2012.scores.json": {"framework": "gbt19580-2012", "count": len(scoring), "cases": scoring},
        "baldrige-2023-2024.scores.json": {"framework": "baldrige-2023-2024", "count": len(baldrige), "cases": baldrige},
        "efqm-2025.scores.json": {"framework": "efqm-2025", "count": len(efqm), "cases": efqm},
        "errors.json": {"count": len(errors), "cases": errors},
        "operations.json": {"count": len(operations), "cases": operations},
    }
    stale = []
    for name, content in files.items():
        text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        path = HERE / name
        if "--check" in sys.argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        sys.exit(f"stale vectors: {', '.join(stale)}; run python3 tests/vectors/generate.py and commit")
    print(f"vectors: {len(scoring)} + {len(baldrige)} + {len(efqm)} scoring cases, {len(errors)} error cases, "
          f"{len(operations)} operation cases")


if __name__ == "__main__":
    main()
