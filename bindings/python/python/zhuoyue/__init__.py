"""zhuoyue (卓越): performance-excellence self-assessment with the exact Rust engine.

>>> import zhuoyue
>>> card = zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.4.3": 35}}, partial=True)
>>> card.total
5.25
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any, Optional, Union

from . import _core
from ._results import Framework, Plan, Readiness, Scorecard
from .errors import AssessmentError, AwardError, CriteriaError, PlanError, ProgrammeError, ZhuoyueError
from .frames import score_many as _score_many

__all__ = [
    "AssessmentError",
    "AwardError",
    "CriteriaError",
    "Framework",
    "Plan",
    "PlanError",
    "ProgrammeError",
    "Readiness",
    "Scorecard",
    "ZhuoyueError",
    "awards",
    "cohort",
    "consensus",
    "crosswalk",
    "framework",
    "frameworks",
    "load_award",
    "load_framework",
    "plan",
    "programme",
    "readiness",
    "report",
    "score",
    "score_many",
]

AssessmentLike = Union[Mapping, str, bytes, "os.PathLike[str]"]

_engine = _core.Engine()


def _read(path: "os.PathLike[str]", error: type) -> tuple[str, str]:
    """A file's text, refused by size before it is read whole (the engine's own limit)."""
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > _core.MAX_INPUT_BYTES:
            raise error(f"{name}: file is {size} bytes; the limit is {_core.MAX_INPUT_BYTES} bytes", "too-large", None, name)
        with open(name, encoding="utf-8-sig") as f:
            return f.read(), name
    except OSError as e:
        raise error(f"{name}: cannot read: {e.strerror}", "io", None, name) from e
    except UnicodeDecodeError as e:
        raise error(f"{name}: file is not UTF-8 text", "io", None, name) from e


def _text(assessment: AssessmentLike) -> tuple[str, Optional[str]]:
    if isinstance(assessment, Mapping):
        try:
            return json.dumps(assessment, ensure_ascii=False, allow_nan=False), None
        except (TypeError, ValueError) as e:
            raise AssessmentError(f"the assessment dict is not plain JSON data: {e}", "syntax") from e
    if isinstance(assessment, os.PathLike):
        return _read(assessment, AssessmentError)
    if isinstance(assessment, bytes):
        try:
            return assessment.decode("utf-8-sig"), None
        except UnicodeDecodeError as e:
            raise AssessmentError("the assessment bytes are not UTF-8 text", "syntax") from e
    if isinstance(assessment, str):
        return assessment, None
    raise TypeError(f"an assessment is a dict, JSON or TOML text, or a path (pathlib.Path), not {type(assessment).__name__}")


def frameworks() -> list[Framework]:
    """The frameworks known: the built-ins and any loaded with `load_framework`."""
    return [Framework(f) for f in _engine.frameworks()]


def framework(id: str) -> Framework:
    """One framework by id (categories, items with zh/en names and points, bands)."""
    for f in frameworks():
        if f.id == id:
            return f
    known = ", ".join(f.id for f in frameworks())
    raise AssessmentError(f"unknown framework `{id}` (known: {known})", "unknown-framework")


def awards() -> list[dict[str, Any]]:
    """The award profiles known, as dicts (id, names, level, line, floors, gates, provenance)."""
    return list(_engine.awards())


def load_framework(source: Union[str, "os.PathLike[str]"]) -> Framework:
    """Loads a framework file (a path) or text, validated like the built-ins, for later calls."""
    text, path = _read(source, CriteriaError) if isinstance(source, os.PathLike) else (source, None)
    return framework(_engine.add_framework(text, path))


def load_award(source: Union[str, "os.PathLike[str]"]) -> str:
    """Loads an award profile file (a path) or text; returns its id."""
    text, path = _read(source, AwardError) if isinstance(source, os.PathLike) else (source, None)
    return _engine.add_award(text, path)


def score(assessment: AssessmentLike, *, partial: bool = False) -> Scorecard:
    """Scores one assessment: a dict in the interchange format, JSON/TOML text, or a path."""
    text, path = _text(assessment)
    return Scorecard(_engine.score(text, partial, path))


def readiness(assessment: AssessmentLike, award: str, *, year: Optional[int] = None, partial: bool = False) -> Readiness:
    """Judges an assessment against an award profile's gates, line and floors in `year` (default: this year)."""
    text, path = _text(assessment)
    when = datetime.date.today().year if year is None else year
    return Readiness(_engine.readiness(text, award, when, partial, path))


def plan(
    assessment: AssessmentLike,
    *,
    target: Union[int, float, str, None] = None,
    award: Optional[str] = None,
    effort: Optional[Mapping[str, float]] = None,
    max_raise: Optional[int] = None,
    partial: bool = False,
) -> Plan:
    """The cheapest grid-step raises reaching `target` points or an `award`'s line and floors, each item
    rising at most `max_raise` points of percent per cycle (default 15, or the framework's nearest step)."""
    text, path = _text(assessment)
    if (target is None) == (award is None):
        raise PlanError("give exactly one of target= or award=", "target")
    if isinstance(target, bool):
        raise TypeError("target is a number of points, not a bool")
    pairs = None if effort is None else [(str(k), float(v)) for k, v in effort.items()]
    return Plan(_engine.plan(text, None if target is None else str(target), award, pairs, max_raise, partial, path))


def report(
    assessment: AssessmentLike,
    *,
    award: Optional[str] = None,
    lang: str = "zh",
    format: str = "html",
    year: Optional[int] = None,
    partial: bool = False,
) -> str:
    """The self-assessment report: one self-contained HTML page with charts (or Markdown with
    `format="md"`), in `lang` "zh" or "en", with readiness and the roadmap when `award` is given."""
    if lang not in ("zh", "en") or format not in ("html", "md"):
        raise ValueError("lang is 'zh' or 'en'; format is 'html' or 'md'")
    text, path = _text(assessment)
    when = datetime.date.today().year if year is None else year
    return _engine.report(text, award, when, lang, format == "md", partial, path)


def crosswalk(assessment: AssessmentLike, to: str, *, partial: bool = False) -> dict[str, Any]:
    """Carries an assessment into framework `to`: per target item the carried percent and the
    coverage (0..1) of its rated sources; `missing` lists targets with nothing to carry; the
    translated assessment is under `assessment` (pass it to `score`)."""
    text, path = _text(assessment)
    return dict(_engine.crosswalk(text, to, partial, path))


def _named(assessments: Any) -> list[tuple[str, str]]:
    """(name, text) pairs from a mapping of names to assessments, or a list (named by position or path)."""
    items = assessments.items() if isinstance(assessments, Mapping) else (
        (os.fspath(a) if isinstance(a, os.PathLike) else f"#{i + 1}", a) for i, a in enumerate(assessments)
    )
    return [(str(name), _text(a)[0]) for name, a in items]


def consensus(assessments: Any, *, threshold: int = 20, record: Union[Mapping, str, None] = None) -> dict[str, Any]:
    """Examiners' consensus: `assessments` maps examiner names to assessments (or is a list; an
    assessment's `assessor` names it). Returns the worksheet and, given a `record` of decisions, the
    consensus assessment and its overrides (each with who and why)."""
    text = None if record is None else (json.dumps(record, ensure_ascii=False) if isinstance(record, Mapping) else record)
    return dict(_engine.consensus(_named(assessments), threshold, text))


def cohort(assessments: Any, *, award: Optional[str] = None, year: Optional[int] = None, partial: bool = False) -> dict[str, Any]:
    """Many assessments as one table with per-sector summaries; failures are reported by name, the
    rest still counted. `assessments` maps names to assessments, or is a list (e.g. of paths)."""
    when = datetime.date.today().year if year is None else year
    return dict(_engine.cohort(_named(assessments), award, when, partial))


def programme(roster: Union[str, "os.PathLike[str]"], targets: str, *, year: Optional[int] = None, award: Optional[str] = None) -> dict[str, Any]:
    """A roster's progress against programme targets, award candidates by readiness for `award`, and
    the yearly plan table (headers and rows). Assessment files are read relative to the roster file."""
    base = os.path.dirname(os.fspath(roster)) if isinstance(roster, os.PathLike) else os.getcwd()
    text = _read(roster, ProgrammeError)[0] if isinstance(roster, os.PathLike) else roster
    files = [(org, _read(pathlib.Path(base, path), AssessmentError)[0]) for org, path in _engine.roster_assessments(text)]
    return dict(_engine.programme(text, targets, year, award, files))


def score_many(frame: Any, *, framework: str = "gbt19580-2012", partial: bool = False) -> Any:
    """Scores every row of a pandas or polars DataFrame or a pyarrow Table (a column per item id,
    optional id / name / sector columns) in one engine call; returns the same kind of frame with
    totals, subtotals, category scores and band."""
    return _score_many(_engine, frame, framework, partial)
