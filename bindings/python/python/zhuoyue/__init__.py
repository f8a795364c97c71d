"""zhuoyue (卓越): performance-excellence self-assessment with the exact Rust engine.

>>> import zhuoyue
>>> card = zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.4.3": 35}}, partial=True)
>>> card.total
5.25
"""

from __future__ import annotations

import json
import os
import pathlib
import stat
from collections.abc import Mapping
from typing import Any, Optional, Union

from . import _core
from ._results import Cohort, Consensus, Framework, Plan, Programme, Readiness, Scorecard, Training
from .errors import (
    AssessmentError,
    AwardError,
    CriteriaError,
    OptionError,
    PlanError,
    ProgrammeError,
    ScorebookError,
    WorkbookError,
    ZhuoyueError,
)
from .frames import score_many as _score_many

__all__ = [
    "AssessmentError",
    "AwardError",
    "Cohort",
    "Consensus",
    "CriteriaError",
    "Framework",
    "OptionError",
    "Plan",
    "PlanError",
    "Programme",
    "ProgrammeError",
    "Readiness",
    "ScorebookError",
    "Scorecard",
    "Training",
    "WorkbookError",
    "ZhuoyueError",
    "awards",
    "calibrate",
    "cohort",
    "consensus",
    "crosswalk",
    "dossier",
    "feedback",
    "framework",
    "frameworks",
    "history",
    "load_award",
    "load_framework",
    "plan",
    "programme",
    "readiness",
    "report",
    "score",
    "score_many",
    "scorebook_import",
    "scorebook_template",
    "seal",
    "sectors",
    "suggest",
    "training",
    "validate",
]

AssessmentLike = Union[Mapping, str, bytes, "os.PathLike[str]"]

_engine = _core.Engine()
#: The package's version: the workspace's, one for the crates, the wheel and the npm package.
__version__: str = _core.__version__


def _read_bytes(path: "os.PathLike[str] | str", error: type) -> tuple[bytes, str]:
    """A regular file's bytes, refused by size before it is read and read no further than the
    engine's limit (a device such as /dev/zero never ends; a FIFO would block)."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: not a regular file (rule: regular files only)", "not-a-file", None, name)
        if info.st_size > _core.MAX_INPUT_BYTES:
            raise error(f"{name}: file is {info.st_size} bytes; the limit is {_core.MAX_INPUT_BYTES} bytes", "too-large", None, name)
        with open(name, "rb") as f:
            data = f.read(_core.MAX_INPUT_BYTES + 1)
        if len(data) > _core.MAX_INPUT_BYTES:
            raise error(f"{name}: file is over the limit of {_core.MAX_INPUT_BYTES} bytes", "too-large", None, name)
        return data, name
    except OSError as e:
        raise error(f"{name}: cannot read: {e.strerror}", "io", None, name) from e


def _read(path: "os.PathLike[str] | str", error: type) -> tuple[str, str]:
    """A regular file's text (UTF-8, a leading byte-order mark dropped), bounded as `_read_bytes`."""
    data, name = _read_bytes(path, error)
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as e:
        raise error(f"{name}: file is not UTF-8 text", "io", None, name) from e


def _plain(value: Any, where: str) -> Any:
    """Plain JSON data from a dict that may hold numpy or pandas scalars (np.int64(55) is 55)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    item = getattr(value, "item", None)  # numpy and pandas scalars
    if callable(item) and type(value).__module__.split(".")[0] in ("numpy", "pandas"):
        plain = item()
        if isinstance(plain, (bool, int, float, str)) or plain is None:
            return plain
    raise AssessmentError(f"`{where}`: {type(value).__name__} is not plain JSON data", "syntax")


def _looks_like_path(text: str) -> bool:
    return "\n" not in text and "{" not in text and "=" not in text and len(text) < 4096


def _text(assessment: AssessmentLike) -> tuple[str, Optional[str], bool]:
    """(text, file name or None, whether it came from a dict)."""
    if isinstance(assessment, Mapping):
        try:
            return json.dumps(_plain(assessment, ""), ensure_ascii=False, allow_nan=False), None, True
        except ValueError as e:
            raise AssessmentError(f"the assessment dict is not plain JSON data: {e}", "syntax") from e
    if isinstance(assessment, os.PathLike):
        return (*_read(assessment, AssessmentError), False)
    if isinstance(assessment, bytes):
        try:
            return assessment.decode("utf-8-sig"), None, False
        except UnicodeDecodeError as e:
            raise AssessmentError("the assessment bytes are not UTF-8 text", "syntax") from e
    if isinstance(assessment, str):
        # A str naming an existing file is a path, as in open(); anything else is JSON or TOML text.
        if _looks_like_path(assessment) and os.path.exists(assessment):
            return (*_read(assessment, AssessmentError), False)
        return assessment, None, False
    raise TypeError(f"an assessment is a dict, JSON or TOML text, or a path, not {type(assessment).__name__}")


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


def sectors() -> list[dict[str, Any]]:
    """The sectors an organisation may name (id, zh/en name, programme quota), from the programme data."""
    return list(_engine.sectors())


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
    text, path, data = _text(assessment)
    return Scorecard(_engine.score(text, partial, path, data), charts=lambda: _engine.charts(text, partial, path, data))


def validate(assessment: AssessmentLike, *, partial: bool = False) -> dict[str, Any]:
    """Checks an assessment without scoring it: framework, items rated, warnings."""
    text, path, data = _text(assessment)
    return dict(_engine.validate(text, partial, path, data))


def suggest(framework: str, item: str, dimensions: Mapping[str, int]) -> int:
    """The percent an item's dimension ratings suggest (their mean on the grid, ties down)."""
    pairs = [(str(k), _number(v, f"dimensions.{k}")) for k, v in dimensions.items()]
    return _engine.suggest(framework, item, pairs)


def _number(value: Any, where: str) -> int:
    plain = _plain(value, where)
    if isinstance(plain, bool) or not isinstance(plain, (int, float)) or plain != int(plain):
        raise AssessmentError(f"`{where}`: {value!r} is not a whole number", "syntax")
    return int(plain)


def readiness(assessment: AssessmentLike, award: str, *, year: Optional[int] = None, partial: bool = False) -> Readiness:
    """Judges an organisation's assessment or an individual's nomination (kind = "individual") against an award profile's gates, line and floors in `year` (default: this year)."""
    text, path, data = _text(assessment)
    return Readiness(_engine.readiness(text, award, year, partial, path, data))


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
    text, path, data = _text(assessment)
    if isinstance(target, bool):
        raise TypeError("target is a number of points, not a bool")
    target = _plain(target, "target")
    pairs = None if effort is None else [(str(k), float(_plain(v, f"effort.{k}"))) for k, v in effort.items()]
    raise_ = None if max_raise is None else _number(max_raise, "max_raise")
    return Plan(_engine.plan(text, None if target is None else str(target), award, pairs, raise_, partial, path, data))


def report(
    assessment: AssessmentLike,
    *,
    award: Optional[str] = None,
    lang: str = "zh",
    format: str = "html",
    year: Optional[int] = None,
    partial: bool = False,
    since: Any = (),
) -> str:
    """The self-assessment report: one self-contained HTML page with charts (or Markdown with
    `format="md"`), in `lang` "zh" or "en", with readiness and the roadmap when `award` is given,
    and "since last time" (a trend chart, its table, the items that moved most) when `since` lists
    the organisation's earlier dated assessments."""
    if format not in ("html", "md"):
        raise OptionError(f"option `format`: `{format}` is not allowed (allowed: html, md)", "bad-option")
    text, path, data = _text(assessment)
    return _engine.report(text, award, year, lang, format == "md", partial, path, data, _named(since))


def dossier(
    assessment: AssessmentLike,
    *,
    award: Optional[str] = None,
    lang: str = "zh",
    format: Optional[str] = None,
    output: "Union[str, os.PathLike[str], None]" = None,
) -> Union[str, bytes]:
    """The application's self-assessment report (the dossier): a cover, the organisational profile
    with its length against `award`'s limit, then clause by clause each item's guidance, narrative,
    results tables, strengths, OFIs and self-score; unwritten parts are marked. `format` is "docx",
    "html" or "md" (default: from `output`'s extension, else html). Returns the HTML or Markdown
    text, or the DOCX bytes; with `output`, writes the file and returns its path as a string."""
    format = _format_of(format, output)
    text, path, data = _text(assessment)
    made = bytes(_engine.dossier(text, award, lang, format, path, data))
    return _deliver(made, format, output, [path] if path is not None else [])


def _format_of(format: Optional[str], output: Any) -> str:
    """A document's format: the one asked for, else the output's extension, else html."""
    if format is not None:
        return format
    ext = os.path.splitext(os.fspath(output))[1].lower() if output is not None else ""
    return {".docx": "docx", ".md": "md", ".markdown": "md"}.get(ext, "html")


def _deliver(made: bytes, format: str, output: Any, inputs: list) -> Any:
    """A document as text (html, md) or bytes (docx, xlsx); with `output`, written atomically (never
    over an input) and its path returned."""
    if output is None:
        return made if format in ("docx", "xlsx") else made.decode("utf-8")
    target = os.fspath(output)
    for source in inputs:
        if os.path.exists(target) and os.path.samefile(target, source):
            raise OptionError(f"{target}: is the input {source}; write the output elsewhere (rule: outputs never replace inputs)", "bad-option")
    # Written beside the target and renamed over it: a failed write never leaves half a file.
    partial_file = f"{target}.{os.getpid()}.part"
    with open(partial_file, "wb") as f:
        f.write(made)
    os.replace(partial_file, target)
    return target


def calibrate(
    assessment: AssessmentLike,
    *,
    partial: bool = False,
    calibration: Union[str, "os.PathLike[str]", None] = None,
) -> dict[str, Any]:
    """The optimism guard: `flags` (rule, item or None, points_at_stake, message and lift in zh
    and en) where the self-score is not yet credible, and `range` (low <= claimed <= high, in points
    with `_hundredths`), a range to discuss, never a "true" score. `calibration` is a rules file
    (TOML text or a path) of your own; default: the built-in rules."""
    text, path, data = _text(assessment)
    rules = None
    if calibration is not None:
        is_path = isinstance(calibration, os.PathLike) or (_looks_like_path(calibration) and os.path.exists(calibration))
        rules = _read(calibration, CriteriaError)[0] if is_path else str(calibration)
    return dict(_engine.calibrate(text, partial, path, data, rules))


def history(assessments: Any, *, plan: Union[Mapping, str, "os.PathLike[str]", None] = None, partial: bool = False) -> Any:
    """An organisation's history from its dated assessments, in any order (a list of dicts,
    texts or paths, a mapping of names to them, or a folder of their files). With pandas installed, a DataFrame with one row
    per date (date, source, total, process, results, a column per category, `since_previous`,
    `since_first`) and the whole result under `.attrs["history"]`; without pandas, the dict
    (`series` ascending by date, `items` with first, last and delta, `moved`, and with `plan` which
    planned raises happened)."""
    plan_text = None
    if isinstance(plan, Mapping):
        plan_text = json.dumps(_plain(plan, ""), ensure_ascii=False)
    elif plan is not None:
        is_path = isinstance(plan, os.PathLike) or (_looks_like_path(plan) and os.path.exists(plan))
        plan_text = _read(plan, AssessmentError)[0] if is_path else str(plan)
    result = dict(_engine.history(_named(assessments), plan_text, partial))
    try:
        import pandas as pd
    except ImportError:
        return result
    rows = []
    for point in result["series"]:
        row = {k: point[k] for k in ("date", "source", "total", "process", "results")}
        row.update(point["categories"])
        row["since_previous"] = point["since_previous"]
        row["since_first"] = point["since_first"]
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame.attrs["history"] = result
    return frame


def crosswalk(assessment: AssessmentLike, to: str, *, partial: bool = False) -> dict[str, Any]:
    """Carries an assessment into framework `to`: per target item the carried percent and the
    coverage (0..1) of its rated sources; `missing` lists targets with nothing to carry; the
    translated assessment is under `assessment` (pass it to `score`)."""
    text, path, data = _text(assessment)
    return dict(_engine.crosswalk(text, to, partial, path, data))


def _folder(assessments: Any) -> Optional[list[Any]]:
    """A folder given for a list: its regular `.json` and `.toml` files (any case), sorted, as the
    CLI reads a folder; None for anything else."""
    is_path = isinstance(assessments, os.PathLike) or (isinstance(assessments, str) and _looks_like_path(assessments))
    if not is_path or not os.path.isdir(assessments):
        return None
    import pathlib

    files = (p for p in pathlib.Path(assessments).iterdir() if p.suffix.lower() in (".json", ".toml"))
    return sorted(p for p in files if p.is_file())


def _named(assessments: Any) -> list[tuple[str, str]]:
    """(name, text) pairs from a mapping of names to assessments, a list (named by position or
    path), or a folder (its assessment files)."""
    folder = _folder(assessments)
    assessments = assessments if folder is None else folder
    # A path is named by its file name, as the CLI names the files of a folder.
    items = assessments.items() if isinstance(assessments, Mapping) else (
        (os.path.basename(os.fspath(a)) if isinstance(a, os.PathLike) else f"#{i + 1}", a) for i, a in enumerate(assessments)
    )
    return [(str(name), _text(a)[0]) for name, a in items]


def _record_text(record: Union[Mapping, str, "os.PathLike[str]", None]) -> Optional[str]:
    if isinstance(record, Mapping):
        return json.dumps(_plain(record, ""), ensure_ascii=False)
    if isinstance(record, os.PathLike) or (isinstance(record, str) and _looks_like_path(record) and os.path.exists(record)):
        return _read(record, ProgrammeError)[0]
    return record


def consensus(
    assessments: Any = None,
    *,
    team: Union[str, "os.PathLike[str]", None] = None,
    threshold: int = 20,
    record: Union[Mapping, str, "os.PathLike[str]", None] = None,
) -> Consensus:
    """Examiners' consensus: `assessments` maps examiner names to assessments or sealed scorebooks
    (or is a list; an assessment's `assessor` or a scorebook's `examiner` names it). Or `team`, a
    team file: its examiners' scorebooks must all be sealed, and its record is used. Returns the
    worksheet with rater statistics and, given a `record` of decisions, the agreed assessment, its
    score, its overrides (each with who and why) and the key themes."""
    if team is not None:
        if assessments is not None or record is not None:
            raise OptionError("give either a team file or assessments and a record, not both", "options")
        return Consensus(_team(team, threshold=_number(threshold, "threshold")))
    if assessments is None:
        raise OptionError("give the examiners' assessments or scorebooks, or a team file", "options")
    return Consensus(_engine.consensus(_named(assessments), _number(threshold, "threshold"), _record_text(record)))


def training(reference: AssessmentLike, trainees: Any, *, targets: Optional[str] = None) -> Training:
    """Frame-of-reference training: each trainee's scoring of the case study (a scorebook or an
    assessment; a dict, text or path, or a mapping of names to them) against the expert `reference`,
    with the pass rule of the programme `targets` (e.g. "city-drive-2013-2015"). A trainee's name is
    the scorebook's examiner, else the assessment's assessor, else its key or file name without
    extension. Returns per trainee `mad`, `bias`, `spearman`, `passed`, categories, items with the
    reference's reasoning, key comments found and Cronbach's accuracy components, and the group."""
    if isinstance(trainees, Mapping):
        items = list(trainees.items())
    elif isinstance(trainees, (str, os.PathLike, bytes)):
        raise TypeError("trainees is a list or a mapping of trainees' files, not one file")
    else:
        items = [
            (pathlib.Path(os.fspath(t)).stem if isinstance(t, os.PathLike) else f"trainee {i + 1}", t)
            for i, t in enumerate(trainees)
        ]
    pairs = [(str(name), _text(t)[0]) for name, t in items]
    ref_name = pathlib.Path(os.fspath(reference)).stem if isinstance(reference, os.PathLike) else "reference"
    return Training(_engine.training((ref_name, _text(reference)[0]), pairs, targets))


def _team(team: Union[str, "os.PathLike[str]"], threshold: int = 20, feedback: Optional[tuple] = None) -> Any:
    """Reads a team file and the files it names (each inside the team file's folder), and runs the
    team's consensus or, with `feedback` = (lang, format), its feedback report."""
    text, team_path = _read(team, ProgrammeError)
    base = os.path.dirname(os.path.abspath(team_path))
    application_name, books, record_name = _engine.team_files(text, team_path)

    def inside(name: str, error: type) -> tuple[str, str]:
        path = os.path.realpath(os.path.join(base, name))
        if os.path.commonpath([path, os.path.realpath(base)]) != os.path.realpath(base):
            raise error(f"{team_path}: `{name}` is outside the team file's folder (rule: a team file names files beside it)", "consensus", None, team_path)
        body, _ = _read(path, error)
        return os.path.join(base, name), body

    application = inside(application_name, AssessmentError) if application_name else None
    scorebooks = [inside(book, ScorebookError) for _, book in books]
    record = inside(record_name, ProgrammeError) if record_name else None
    return _engine.team(text, application, scorebooks, record, threshold, team_path, feedback)


def feedback(
    team: Union[str, "os.PathLike[str]"],
    *,
    lang: str = "zh",
    format: Optional[str] = None,
    output: Union[str, "os.PathLike[str]", None] = None,
) -> Union[str, bytes]:
    """The applicant's feedback report from a team file: the key themes, per item the
    feedback-ready strengths and OFIs and the scoring band, the overall band. `format` is "docx",
    "html" or "md" (default: from `output`'s extension, else html). Returns text or DOCX bytes; with
    `output`, writes the file and returns its path."""
    format = _format_of(format, output)
    made = bytes(_team(team, feedback=(lang, format)))
    return _deliver(made, format, output, [os.fspath(team)])


def _utc_now() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def seal(scorebook: AssessmentLike, *, at: Optional[str] = None, output: Union[str, "os.PathLike[str]", None] = None) -> Any:
    """Checks a scorebook (a dict, JSON/TOML text or a path) against its framework and seals it at
    `at` (UTC, default now): its content hash and the time are recorded, and it is read-only from
    then on (sealing is tamper-evident, not secret). Returns the sealed scorebook as a dict; with
    `output`, writes it as JSON and returns the path."""
    text, path, _ = _text(scorebook)
    sealed = dict(_engine.seal(text, at or _utc_now(), path))
    if output is None:
        return sealed
    _refuse_sealed(output)
    made = (json.dumps(sealed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    target = os.fspath(output)
    if path is not None and os.path.exists(target) and os.path.samefile(target, path):
        return _deliver(made, "json", output, [])  # sealing in place
    return _deliver(made, "json", output, [path] if path else [])


def _refuse_sealed(output: Any) -> None:
    """Refuses to write over a sealed scorebook: sealed scorebooks are read-only."""
    target = os.fspath(output)
    if not os.path.isfile(target):
        return
    try:
        existing = json.loads(_read(target, ScorebookError)[0])
    except (ValueError, ZhuoyueError):
        return
    if isinstance(existing, dict) and isinstance(existing.get("sealed"), dict):
        raise ScorebookError(f"{target}: sealed at {existing['sealed'].get('at')}; a sealed scorebook is read-only", "scorebook", None, target)


def scorebook_template(
    applicant: AssessmentLike,
    *,
    examiner: str,
    id: Optional[str] = None,
    lang: str = "zh",
    output: Union[str, "os.PathLike[str]", None] = None,
) -> Union[bytes, str]:
    """An examiner's blank Excel workbook for an applicant (sheets scores, summary, meta): the
    percent column limited to the framework's grid, guidance as notes, live subtotals. `id` is the
    applicant's id in the team file (default: the organisation's name). Returns the .xlsx bytes; with
    `output`, writes it and returns the path."""
    text, path, _ = _text(applicant)
    made = bytes(_engine.scorebook_workbook(text, examiner, id, lang, path))
    if output is not None:
        _refuse_sealed(output)
    return _deliver(made, "xlsx", output, [path] if path else [])


def scorebook_import(workbook: Union[bytes, str, "os.PathLike[str]"]) -> dict[str, Any]:
    """Reads an examiner's workbook (.xlsx bytes or a path) into a scorebook dict (unsealed). A bad
    cell is named by sheet and cell, e.g. `scores!B5`, with the rule it breaks."""
    if isinstance(workbook, (bytes, bytearray)):
        return dict(_engine.scorebook_from_workbook(bytes(workbook), None))
    data, name = _read_bytes(workbook, WorkbookError)
    return dict(_engine.scorebook_from_workbook(data, name))


def cohort(assessments: Any, *, award: Optional[str] = None, year: Optional[int] = None, partial: bool = False) -> Cohort:
    """Many assessments as one table with per-sector summaries; failures are reported by name, the
    rest still counted. `assessments` maps names to assessments, or is a list (e.g. of paths) or a
    folder (its `.json` and `.toml` files, as the CLI reads one)."""
    return Cohort(_engine.cohort(_named(assessments), award, year, partial))


def programme(
    roster: Union[str, "os.PathLike[str]"],
    targets: Optional[str] = None,
    *,
    year: Optional[int] = None,
    award: Optional[str] = None,
    individual_award: Optional[str] = None,
    body: Optional[str] = None,
    allow_outside: bool = False,
) -> Programme:
    """A roster's progress against its programme's targets (or `targets`): organisations and
    individuals, award candidates by readiness (organisations for `award`, individuals for
    `individual_award` or each person's planned award), the yearly plan table (headers and rows)
    and one per organising body (`plan_tables`), the bodies' filings and the sectors due a special
    training session. `body` narrows everything to one organising body. The roster is TOML or JSON
    (text or a path), or an Excel workbook (a `.xlsx` path: sheets meta, organisations, managers,
    applications, and optionally individuals, bodies, filings). Assessment and nomination files are
    read relative to the roster file and must stay in its folder unless `allow_outside`."""
    is_path = isinstance(roster, os.PathLike) or (_looks_like_path(roster) and os.path.exists(roster))
    base = os.path.dirname(os.path.abspath(os.fspath(roster))) if is_path else os.getcwd()
    if is_path and os.fspath(roster).lower().endswith(".xlsx"):
        data, name = _read_bytes(roster, WorkbookError)
        text = _engine.roster_from_workbook(data, name)
    else:
        text = _read(roster, ProgrammeError)[0] if is_path else str(roster)
    files = []
    for org, name in _engine.roster_assessments(text):
        path = os.path.realpath(os.path.join(base, name))
        if not allow_outside and os.path.commonpath([path, os.path.realpath(base)]) != os.path.realpath(base):
            raise ProgrammeError(
                f"assessment `{name}` of {org} is outside the roster's folder (rule: a roster names files beside it; allow_outside=True permits others)",
                "programme",
            )
        files.append((org, _read(path, AssessmentError)[0]))
    return Programme(_engine.programme(text, targets, year, award, files, body, individual_award))


def score_many(frame: Any, *, framework: str = "gbt19580-2012", partial: bool = False) -> Any:
    """Scores every row of a pandas or polars DataFrame or a pyarrow Table (a column per item id,
    optional id / name / sector columns) in one engine call; returns the same kind of frame with
    totals, subtotals, category scores and band."""
    return _score_many(_engine, frame, framework, partial)
