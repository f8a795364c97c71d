"""Result objects: attribute access over the engine's plain data, `to_dict()`, a short repr, and
HTML for Jupyter (a table and a radar chart, all text escaped)."""

from __future__ import annotations

import copy
import html
import math
from typing import Any


class _Result:
    def __init__(self, data: dict[str, Any]):
        self._data = data

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_data"][name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}") from None

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


def _radar(categories: list[dict[str, Any]], size: int = 220) -> str:
    """An inline SVG radar of category percentages (text alternative: the table beside it)."""
    n = len(categories)
    if n < 3:
        return ""
    c = size / 2
    r = size / 2 - 40

    def point(i: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return c + r * fraction * math.cos(angle), c + r * fraction * math.sin(angle)

    rings = "".join(
        '<polygon points="{}" fill="none" stroke="#ccc"/>'.format(
            " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, f) for i in range(n)))
        )
        for f in (0.25, 0.5, 0.75, 1.0)
    )
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, cat["percent"] / 100) for i, cat in enumerate(categories)))
    labels = "".join(
        '<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle">{}</text>'.format(
            *point(i, 1.18), html.escape(cat["id"])
        )
        for i, cat in enumerate(categories)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img" '
        f'aria-label="Category percentages">{rings}<polygon points="{shape}" fill="rgba(200,30,30,0.3)" '
        f'stroke="#c81e1e"/>{labels}</svg>'
    )


class Scorecard(_Result):
    """total, total_hundredths, max, band, process, results, categories, items, complete, missing,
    warnings, organisation, framework."""

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
            f"<td style='text-align:right'>{c['percent']:.1f}%</td></tr>"
            for c in self.categories
        )
        table = (
            f"<table><caption>{esc(name)} {esc(self.framework)}: {self.total:.2f} / {self.max:.0f}, band {self.band}</caption>"
            f"<thead><tr><th>id</th><th>category</th><th>score</th><th>max</th><th>%</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        return f"<div style='display:flex;gap:1em;align-items:flex-start'>{table}{_radar(self.categories)}</div>"


class Readiness(_Result):
    """award, verdict, score_verdict, total, line, gap, reasons, level_reached, next_level."""

    def __repr__(self) -> str:
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
