"""Result objects: attribute access over the engine's plain data, `to_dict()`, a short repr, and
HTML for Jupyter (a table and a radar chart, all text escaped)."""

from __future__ import annotations

import copy
import html
import json
from typing import Any, Callable, Optional


class _Result:
    def __init__(self, data: dict[str, Any]):
        self._data = data

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_data"][name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}") from None

    def __getitem__(self, key: str) -> Any:
        """Dict-style access too, so code written against the plain dicts keeps working."""
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._data))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data  # type: ignore[attr-defined]

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the data, ready for `json.dumps`."""
        return copy.deepcopy(self._data)


class Framework(_Result):
    def __repr__(self) -> str:
        items = sum(len(c["items"]) for c in self._data["categories"])
        return f"<Framework {self.id} {self.name['en']!r}: {len(self.categories)} categories, {items} items, {self.max_points} points>"

    @property
    def items(self) -> list[dict[str, Any]]:
        """All items in framework order, each with its category id."""
        return [dict(i, category=c["id"]) for c in self._data["categories"] for i in c["items"]]


class Scorecard(_Result):
    """total, total_hundredths, max, band, process, results, categories, items, complete, missing,
    warnings, organisation, framework."""

    def __init__(self, data: dict[str, Any], charts: Optional[Callable[[], dict[str, str]]] = None):
        super().__init__(data)
        self.__dict__["_charts"] = charts

    def __repr__(self) -> str:
        name = (self._data.get("organisation") or {}).get("name")
        who = f" {name!r}" if name else ""
        return f"<Scorecard{who} {self.framework}: {self.total:.2f} / {self.max:.0f}, band {self.band}>"

    def _repr_html_(self) -> str:
        esc = html.escape
        name = (self._data.get("organisation") or {}).get("name") or ""
        rows = "".join(
            f"<tr><td>{esc(c['id'])}</td><td>{esc(c['name']['zh'])} {esc(c['name']['en'])}</td>"
            f"<td style='text-align:right'>{c['score']:.2f}</td><td style='text-align:right'>{c['max']:.0f}</td>"
            f"<td style='text-align:right'>{esc(c['percent_text'])}</td></tr>"
            for c in self.categories
        )
        table = (
            f"<table><caption>{esc(name)} {esc(self.framework)}: {self.total:.2f} / {self.max:.0f}, band {self.band}</caption>"
            f"<thead><tr><th>id</th><th>category</th><th>score</th><th>max</th><th>%</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        charts = self.__dict__.get("_charts")
        radar = charts()["radar"] if charts else ""  # the engine's own chart, as in the report
        return f"<div style='display:flex;gap:1em;align-items:flex-start'>{table}{radar}</div>"


class Readiness(_Result):
    """award, applicant, verdict, score_verdict, total, line, gap, reasons, level_reached, next_level
    (total, line, gap and score_verdict are None for an award judged on gates alone)."""

    def _repr_html_(self) -> str:
        rows = [[r["status"], r["sentence"]["zh"], r["sentence"]["en"]] for r in self.reasons]
        return _table(f"{self.award}: {self.verdict}", ["status", "zh", "en"], rows)

    def __repr__(self) -> str:
        if self.line is None:
            return f"<Readiness {self.award}: {self.verdict} ({self.applicant}; judged on the gates)>"
        return f"<Readiness {self.award}: {self.verdict} (total {self.total:.2f}, line {self.line:.2f})>"


class Plan(_Result):
    """plan (start, end, target, cycle_count, cycles, cost) and gaps (items by headroom)."""

    def __repr__(self) -> str:
        p = self._data["plan"]
        return f"<Plan {p['start']:.2f} -> {p['target']:.2f}: {p['cycle_count']} cycle(s), effort {p['cost']:g}>"

    @property
    def cycles(self) -> list[dict[str, Any]]:
        return list(self._data["plan"]["cycles"])

    @property
    def cost(self) -> float:
        return float(self._data["plan"]["cost"])


def _table(caption: str, headers: list[str], rows: list[list[Any]]) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class Consensus(_Result):
    """worksheet (rows, discuss, agreement, examiners) and, with a record, agreed (assessment, score,
    overrides, themes). `agreement` holds icc_2_1, icc_2_k, krippendorff_alpha_interval and _nominal,
    and per examiner leniency, spread, flat and outlier."""

    def __repr__(self) -> str:
        w = self._data["worksheet"]
        agreed = self._data.get("agreed")
        total = f", agreed total {agreed['score']['total']:.2f}" if agreed else ""
        return f"<Consensus {w['framework']}: {len(w['examiners'])} examiners, discuss {len(w['discuss'])} item(s){total}>"

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self._data["worksheet"]["rows"])

    @property
    def agreement(self) -> dict[str, Any]:
        return dict(self._data["worksheet"]["agreement"])

    def _repr_html_(self) -> str:
        w = self._data["worksheet"]
        dash = lambda v: "-" if v is None else v  # noqa: E731
        rows = [
            [r["item"], " ".join("-" if p is None else str(p) for p in r["percents"]), r["spread"],
             dash(r["proposed"]), dash(r["agreed"]), "discuss" if r["flagged"] else ""]
            for r in w["rows"]
        ]
        a = w["agreement"]
        stat = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        title = (
            f"Consensus worksheet ({', '.join(w['examiners'])}): ICC(2,1) {stat(a['icc_2_1'])}, "
            f"ICC(2,k) {stat(a['icc_2_k'])}, Krippendorff's alpha (interval) {stat(a['krippendorff_alpha_interval'])}"
        )
        return _table(title, ["item", "percents", "spread", "proposed", "agreed", ""], rows)


class Cohort(_Result):
    """rows, failures, skipped, sectors (summaries), bands, verdicts."""

    def __repr__(self) -> str:
        return f"<Cohort {len(self.rows)} rows, {len(self.failures)} failed, {len(self.sectors)} summaries>"

    def chart(self, lang: str = "zh") -> str:
        """The totals by sector (then "all") as box plots: the engine's own SVG."""
        from . import _engine

        framework = self.rows[0]["framework"] if self.rows else "gbt19580-2012"
        return _engine.cohort_chart(json.dumps({"groups": self.sectors}), framework, lang)

    def _repr_html_(self) -> str:
        rows = [[s["group"], s["count"], f"{s['mean']:.2f}", f"{s['median']:.2f}", f"{s['min']:.2f}", f"{s['max']:.2f}"] for s in self.sectors]
        table = _table(f"Cohort of {len(self.rows)}", ["sector", "count", "mean", "median", "min", "max"], rows)
        return table + (self.chart() if self.sectors else "")


class Programme(_Result):
    """programme, year, progress (lines, without_trained_manager, bodies, unfiled, special_sessions),
    candidates (organisations and individuals), plan_table (headers, rows) and plan_tables (one per
    organising body)."""

    def __repr__(self) -> str:
        behind = sum(1 for line in self._data["progress"]["lines"] if line["on_track"] is False)
        return f"<Programme {self.programme} to {self.year}: {behind} line(s) behind, {len(self.candidates)} candidate(s)>"

    def _repr_html_(self) -> str:
        lines = self._data["progress"]["lines"]
        track = {True: "yes", False: "NO", None: "-"}
        dash = lambda v: "-" if v is None else v
        rows = [[l["year"], l["measure"], l["cumulative"], dash(l["target"]), dash(l["due"]), track[l["on_track"]]] for l in lines]
        return _table(f"Programme {self.programme}", ["year", "measure", "cumulative", "target", "due", "on track"], rows)


class Training(_Result):
    """framework, rule, trainees (name, rated, mad, bias, spearman, passed, categories, items,
    furthest, found, accuracy) and group (passed, mean_mad, mean_bias, lenient, severe, misread)."""

    def __repr__(self) -> str:
        passed = self.group["passed"]
        return f"<Training {len(self.trainees)} trainee(s){'' if passed is None else f', {passed} passed'}>"

    def _repr_html_(self) -> str:
        def num(v: Any, places: int = 2) -> str:
            return "" if v is None else f"{v:.{places}f}"

        rows = [[t["name"], t["rated"], num(t["mad"]), num(t["bias"]), num(t["spearman"], 3),
                 {True: "yes", False: "NO", None: ""}[t["passed"]]] for t in self.trainees]
        table = _table(f"Training on {self.framework}", ["trainee", "rated", "MAD", "bias", "rho", "passed"], rows)
        return table + self.group["chart"]
