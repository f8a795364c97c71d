//! The Python surface: thin conversions around the core. Text in (Python reads files and dumps
//! dicts to JSON), plain dicts out (via pythonize), typed exceptions defined in `zhuoyue.errors`.
//! No score is computed here; every number comes from the core.

mod arrow;

use std::panic::{catch_unwind, AssertUnwindSafe};

// The batch buffers are little-endian on the Python side ('<f8', '<i8'); bytemuck views them in
// native order, so refuse to build where the two differ.
#[cfg(target_endian = "big")]
compile_error!("zhuoyue-python's batch buffers assume a little-endian target");

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use zhuoyue::award::AwardProfile;
use zhuoyue::consensus::Team;
use zhuoyue::ops::{self, EffortInput, Examiner, Options, PlanOptions, Source};
use zhuoyue::score::Layout;
use zhuoyue::scorebook::Scorebook;
use zhuoyue::{Assessment, Catalog, Completeness, Date, Error, Format, Framework, Lang};

/// The exception class of `zhuoyue.errors` for each of the core's error codes: one table, and a
/// test that every code has a row (no fall-through to a default class).
const ERROR_CLASSES: &[(&str, &str)] = &[
    ("too-large", "AssessmentError"),
    ("syntax", "AssessmentError"),
    ("criteria", "CriteriaError"),
    ("duplicate-framework", "CriteriaError"),
    ("batch-shape", "AssessmentError"),
    ("award", "AwardError"),
    ("crosswalk", "CriteriaError"),
    ("consensus", "ProgrammeError"),
    ("programme", "ProgrammeError"),
    ("no-crosswalk", "CriteriaError"),
    ("unknown-award", "AwardError"),
    ("award-framework", "AwardError"),
    ("applicant-kind", "AwardError"),
    ("applicant", "AssessmentError"),
    ("target-out-of-range", "PlanError"),
    ("effort", "PlanError"),
    ("max-raise", "PlanError"),
    ("unknown-framework", "AssessmentError"),
    ("unknown-item", "AssessmentError"),
    ("duplicate-item", "AssessmentError"),
    ("percent-out-of-range", "AssessmentError"),
    ("percent-off-grid", "AssessmentError"),
    ("unknown-dimension", "AssessmentError"),
    ("missing-items", "AssessmentError"),
    ("too-many-items", "AssessmentError"),
    ("too-long", "AssessmentError"),
    ("bad-option", "OptionError"),
    ("options", "OptionError"),
    ("too-many", "AssessmentError"),
    ("plan-budget", "PlanError"),
    ("unknown-sector", "AssessmentError"),
    ("unknown-section", "AssessmentError"),
    ("key-factor", "AssessmentError"),
    ("measure", "AssessmentError"),
    ("scorebook", "ScorebookError"),
    ("calibration", "CriteriaError"),
    ("history", "AssessmentError"),
    ("training", "AssessmentError"),
    ("date", "AssessmentError"),
    ("sheet", "WorkbookError"),
];

/// A scorer from (name, text): a scorebook (named by its examiner) or an assessment, named by
/// `name`, or with `by_assessor` by its `assessor` first.
fn examiner(py: Python<'_>, name: &str, text: &str, by_assessor: bool) -> PyResult<Examiner> {
    let format = Format::detect(name, text);
    if Scorebook::looks_like(text, format) {
        let book = Scorebook::parse(text, format).map_err(|e| raise(py, &e, Some(name)))?;
        return Ok(Examiner::from_scorebook(book));
    }
    let input = Input { text, path: Some(name), from_data: false };
    let a = input.parse().map_err(|e| raise(py, &e, Some(name)))?;
    let named = a.assessor.clone().filter(|n| by_assessor && !n.trim().is_empty()).unwrap_or_else(|| name.to_string());
    Ok(Examiner::from_assessment(named, a))
}

/// Builds the exception class of `zhuoyue.errors` that matches an error's code.
fn raise(py: Python<'_>, error: &Error, path: Option<&str>) -> PyErr {
    let class = ERROR_CLASSES.iter().find(|(code, _)| *code == error.code()).map_or("ZhuoyueError", |(_, c)| c);
    let message = match path {
        Some(p) => format!("{p}: {error}"),
        None => error.to_string(),
    };
    let err = internal(py, class, &message, error.code(), error.item(), path);
    // The named rule beside the code: `e.rule` in Python (None where the rule is data).
    let _ = err.value(py).setattr("rule", error.rule());
    err
}

fn internal(py: Python<'_>, class: &str, message: &str, code: &str, item: Option<&str>, path: Option<&str>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("zhuoyue.errors")?.getattr(class)?;
        Ok(PyErr::from_value(cls.call1((message, code, item, path))?))
    };
    build().unwrap_or_else(|e| e)
}

/// Runs a call with panics caught, so none crosses into Python as a `PanicException`.
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(internal(
                py,
                "ZhuoyueError",
                &format!("internal error (please report): {what}"),
                "internal",
                None,
                None,
            ))
        }
    }
}

fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

#[pyclass(module = "zhuoyue._core")]
struct Engine {
    catalog: Catalog,
}

/// Today, from the system clock: the core never reads it, so the binding passes it in.
fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_unix_seconds(secs)
}

/// An assessment as the Python layer hands it over: text (JSON or TOML), the file it came from,
/// and whether it was a dict (then errors name the key path, not a position in JSON nobody wrote).
struct Input<'a> {
    text: &'a str,
    path: Option<&'a str>,
    from_data: bool,
}

impl Input<'_> {
    fn parse(&self) -> Result<Assessment, Error> {
        let parsed = Assessment::parse(self.text, Format::detect(self.path.unwrap_or(""), self.text));
        parsed.map_err(|e| if self.from_data { e.without_position() } else { e })
    }
}

fn options(partial: bool, award: Option<&str>, year: Option<i32>, lang: &str) -> Result<Options, Error> {
    Ok(Options { partial, award: award.map(str::to_string), year, today: Some(today()), lang: Lang::parse(lang)? })
}

/// Runs one core operation on one assessment: parse, call, convert; errors name the file.
fn on_one<'py, T: serde::Serialize>(
    py: Python<'py>,
    input: Input<'_>,
    op: impl FnOnce(&Assessment) -> Result<T, Error>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let result =
            input.parse().and_then(|a| op(&a)).map_err(|e| if input.from_data { e.without_position() } else { e });
        to_py(py, &result.map_err(|e| raise(py, &e, input.path))?)
    })
}

#[pymethods]
impl Engine {
    #[new]
    fn new(py: Python<'_>) -> PyResult<Engine> {
        guard(py, || Ok(Engine { catalog: Catalog::builtin().map_err(|e| raise(py, &e, None))? }))
    }

    /// Loads a framework file's text; returns its id.
    #[pyo3(signature = (text, path=None))]
    fn add_framework(&mut self, py: Python<'_>, text: &str, path: Option<&str>) -> PyResult<String> {
        guard(py, || {
            let framework = Framework::from_toml(text).map_err(|e| raise(py, &e, path))?;
            let id = framework.id.clone();
            self.catalog.add(framework).map_err(|e| raise(py, &e, path))?;
            Ok(id)
        })
    }

    /// Loads an award profile's text; returns its id.
    #[pyo3(signature = (text, path=None))]
    fn add_award(&mut self, py: Python<'_>, text: &str, path: Option<&str>) -> PyResult<String> {
        guard(py, || {
            let award = AwardProfile::from_toml(text).map_err(|e| raise(py, &e, path))?;
            let id = award.id.clone();
            self.catalog.add_award(award).map_err(|e| raise(py, &e, path))?;
            Ok(id)
        })
    }

    fn frameworks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.catalog.frameworks()))
    }

    fn awards<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.catalog.awards()))
    }

    /// The sectors the programme data defines (id, zh/en name, quota).
    fn sectors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.catalog.sectors()))
    }

    #[pyo3(signature = (text, partial=false, path=None, from_data=false))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_one(py, Input { text, path, from_data }, |a| {
            ops::score(&self.catalog, a, &options(partial, None, None, "zh")?)
        })
    }

    /// The report's radar and bar charts (SVG) for a scorecard's Jupyter view.
    #[pyo3(signature = (text, partial=false, path=None, from_data=false, lang="zh"))]
    fn charts<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_one(py, Input { text, path, from_data }, |a| {
            ops::charts(&self.catalog, a, &options(partial, None, None, lang)?)
        })
    }

    /// A cohort's summaries (JSON `{"groups": its sectors}`) as box plots in one SVG, on
    /// `framework`'s scale.
    #[pyo3(signature = (summaries, framework="gbt19580-2012", lang="zh"))]
    fn cohort_chart(&self, py: Python<'_>, summaries: &str, framework: &str, lang: &str) -> PyResult<String> {
        #[derive(serde::Deserialize)]
        struct Groups {
            groups: Vec<zhuoyue::cohort::Summary>,
        }
        guard(py, || {
            let parsed: Groups = zhuoyue::text::from_text(summaries, Format::Json).map_err(|e| raise(py, &e, None))?;
            options(false, None, None, lang)
                .and_then(|o| ops::cohort_chart(&self.catalog, &parsed.groups, framework, &o))
                .map_err(|e| raise(py, &e, None))
        })
    }

    #[pyo3(signature = (text, partial=false, path=None, from_data=false))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_one(py, Input { text, path, from_data }, |a| {
            ops::validate(&self.catalog, a, &options(partial, None, None, "zh")?)
        })
    }

    /// The percent an item's dimension ratings suggest.
    fn suggest(&self, py: Python<'_>, framework: &str, item: &str, dimensions: Vec<(String, i64)>) -> PyResult<u8> {
        guard(py, || ops::suggest(&self.catalog, framework, item, &dimensions).map_err(|e| raise(py, &e, None)))
    }

    #[pyo3(signature = (text, award, year=None, partial=false, path=None, from_data=false))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn readiness<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        award: &str,
        year: Option<i32>,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_one(py, Input { text, path, from_data }, |a| {
            ops::readiness(&self.catalog, a, &options(partial, Some(award), year, "zh")?)
        })
    }

    #[pyo3(signature = (text, target=None, award=None, effort=None, max_raise=None, partial=false, path=None, from_data=false))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn plan<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        target: Option<String>,
        award: Option<&str>,
        effort: Option<Vec<(String, f64)>>,
        max_raise: Option<i64>,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request =
            PlanOptions { target, effort: effort.map_or(EffortInput::Uniform, EffortInput::Pairs), max_raise };
        on_one(py, Input { text, path, from_data }, |a| {
            ops::plan(&self.catalog, a, &options(partial, award, None, "zh")?, &request)
        })
    }

    /// The report as HTML (or Markdown), with readiness and the roadmap when `award` is given.
    /// With `since` ((name, text) pairs of earlier dated assessments), "since last time" too.
    #[pyo3(signature = (text, award=None, year=None, lang="zh", markdown=false, partial=false, path=None, from_data=false, since=Vec::new()))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn report(
        &self,
        py: Python<'_>,
        text: &str,
        award: Option<&str>,
        year: Option<i32>,
        lang: &str,
        markdown: bool,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
        since: Vec<(String, String)>,
    ) -> PyResult<String> {
        guard(py, || {
            let input = Input { text, path, from_data };
            let format = if markdown { ops::ReportFormat::Markdown } else { ops::ReportFormat::Html };
            let mut earlier = Vec::with_capacity(since.len());
            for (name, t) in &since {
                let a = Input { text: t, path: Some(name), from_data: false }
                    .parse()
                    .map_err(|e| raise(py, &e, Some(name)))?;
                earlier.push((name.clone(), a));
            }
            let report = options(partial, award, year, lang)
                .and_then(|o| input.parse().and_then(|a| ops::report_since(&self.catalog, &a, &earlier, &o, format)));
            report.map_err(|e| match &e {
                Error::In { source_name, source } if since.iter().any(|(n, _)| n == source_name) => {
                    raise(py, source, Some(source_name))
                }
                _ => raise(py, &e, path),
            })
        })
    }

    /// The application's dossier in `format` ("docx", "html", "md"), as bytes.
    #[pyo3(signature = (text, award=None, lang="zh", format="html", path=None, from_data=false))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn dossier<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        award: Option<&str>,
        lang: &str,
        format: &str,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(py, || {
            let input = Input { text, path, from_data };
            let made = ops::DossierFormat::parse(format).and_then(|kind| {
                options(false, award, None, lang)
                    .and_then(|o| input.parse().and_then(|a| ops::dossier(&self.catalog, &a, &o, kind)))
            });
            made.map(|bytes| PyBytes::new(py, &bytes)).map_err(|e| raise(py, &e, path))
        })
    }

    /// Translates an assessment into framework `to` through the catalog's crosswalk.
    #[pyo3(signature = (text, to, partial=false, path=None, from_data=false))]
    fn crosswalk<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        to: &str,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_one(py, Input { text, path, from_data }, |a| {
            ops::crosswalk(&self.catalog, a, to, &options(partial, None, None, "zh")?)
        })
    }

    /// A consensus worksheet from (examiner, text) pairs; with a record (JSON or TOML text), the
    /// consensus assessment, its score and its overrides too.
    #[pyo3(signature = (assessments, threshold=20, record=None))]
    fn consensus<'py>(
        &self,
        py: Python<'py>,
        assessments: Vec<(String, String)>,
        threshold: u8,
        record: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let examiners =
                assessments.iter().map(|(name, text)| examiner(py, name, text, false)).collect::<PyResult<Vec<_>>>()?;
            let record = record
                .map(|text| zhuoyue::consensus::Record::parse(text, Format::detect("", text)))
                .transpose()
                .map_err(|e| raise(py, &e, None))?;
            let result = ops::consensus(&self.catalog, &examiners, threshold, record.as_ref());
            to_py(py, &result.map_err(|e| raise(py, &e, None))?)
        })
    }

    /// Frame-of-reference training: trainees' (name, text) pairs, each a scorebook or an assessment,
    /// against the reference's text, with the pass rule of `targets` when given.
    #[pyo3(signature = (reference, trainees, targets=None))]
    fn training<'py>(
        &self,
        py: Python<'py>,
        reference: (String, String),
        trainees: Vec<(String, String)>,
        targets: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let expert = examiner(py, &reference.0, &reference.1, true)?;
            let group =
                trainees.iter().map(|(name, text)| examiner(py, name, text, true)).collect::<PyResult<Vec<_>>>()?;
            let result = ops::training(&self.catalog, &expert, &group, targets);
            to_py(py, &result.map_err(|e| raise(py, &e, None))?)
        })
    }

    /// The optimism guard on one assessment, with calibration rules of the caller's own (TOML
    /// text) when given.
    #[pyo3(signature = (text, partial=false, path=None, from_data=false, calibration=None))]
    fn calibrate<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        partial: bool,
        path: Option<&str>,
        from_data: bool,
        calibration: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A caller's own rules go into a copy of the catalog, for this call only.
        let owned;
        let (catalog, id) = match calibration {
            None => (&self.catalog, None),
            Some(rules) => {
                let mut copy = self.catalog.clone();
                let id = guard(py, || {
                    // A rules file that does not parse is a criteria error, like a framework file's.
                    let c = zhuoyue::calibration::Calibration::from_toml(rules).map_err(|e| match e {
                        Error::Calibration { .. } => raise(py, &e, None),
                        other => internal(
                            py,
                            "CriteriaError",
                            &format!("calibration rules: {other}"),
                            other.code(),
                            None,
                            None,
                        ),
                    })?;
                    let id = c.id.clone();
                    copy.add_calibration(c).map_err(|e| raise(py, &e, None))?;
                    Ok(id)
                })?;
                owned = copy;
                (&owned, Some(id))
            }
        };
        on_one(py, Input { text, path, from_data }, |a| {
            ops::calibrate(catalog, a, &options(partial, None, None, "zh")?, id.as_deref())
        })
    }

    /// An organisation's history from (name, text) pairs in any order; `plan` is a roadmap's JSON.
    #[pyo3(signature = (assessments, plan=None, partial=false))]
    fn history<'py>(
        &self,
        py: Python<'py>,
        assessments: Vec<(String, String)>,
        plan: Option<&str>,
        partial: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let mut inputs = Vec::with_capacity(assessments.len());
            for (name, text) in &assessments {
                let a = Input { text, path: Some(name), from_data: false }
                    .parse()
                    .map_err(|e| raise(py, &e, Some(name)))?;
                inputs.push((name.clone(), a));
            }
            let plan = plan
                .map(|t| zhuoyue::history::PlanFile::parse(t, Format::detect("", t)))
                .transpose()
                .map_err(|e| raise(py, &e, None))?;
            let opts = options(partial, None, None, "zh").map_err(|e| raise(py, &e, None))?;
            let result = ops::history(&self.catalog, &inputs, &opts, plan.as_ref()).map_err(|e| match &e {
                Error::In { source_name, source } if assessments.iter().any(|(n, _)| n == source_name) => {
                    raise(py, source, Some(source_name))
                }
                _ => raise(py, &e, None),
            })?;
            to_py(py, &result)
        })
    }

    /// The files a team file names: (application or None, [(examiner, scorebook)], record or None).
    #[allow(clippy::type_complexity)]
    fn team_files(
        &self,
        py: Python<'_>,
        team: &str,
        path: Option<&str>,
    ) -> PyResult<(Option<String>, Vec<(String, String)>, Option<String>)> {
        guard(py, || {
            let t = Team::parse(team, Format::detect(path.unwrap_or(""), team)).map_err(|e| raise(py, &e, path))?;
            let books = t.examiners.iter().map(|m| (m.name.clone(), m.scorebook.clone())).collect();
            Ok((t.application, books, t.record))
        })
    }

    /// A team's consensus: the team file's text, the application's, each scorebook as (file, text)
    /// in the team's order, the record's; errors name the file they come from.
    #[pyo3(signature = (team, application, scorebooks, record=None, threshold=20, team_path=None, feedback=None))]
    #[allow(clippy::too_many_arguments)]
    fn team<'py>(
        &self,
        py: Python<'py>,
        team: &str,
        application: Option<(String, String)>,
        scorebooks: Vec<(String, String)>,
        record: Option<(String, String)>,
        threshold: u8,
        team_path: Option<&str>,
        feedback: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let team_file = Team::parse(team, Format::detect(team_path.unwrap_or(""), team))
                .map_err(|e| raise(py, &e, team_path))?;
            let application = match &application {
                None => None,
                Some((path, text)) => Some(
                    Input { text, path: Some(path), from_data: false }
                        .parse()
                        .map_err(|e| raise(py, &e, Some(path)))?,
                ),
            };
            let mut books = Vec::with_capacity(scorebooks.len());
            for (path, text) in &scorebooks {
                books.push(Scorebook::parse(text, Format::detect(path, text)).map_err(|e| raise(py, &e, Some(path)))?);
            }
            let record_path = record.as_ref().map(|(p, _)| p.as_str());
            let record = match &record {
                None => None,
                Some((path, text)) => Some(
                    zhuoyue::consensus::Record::parse(text, Format::detect(path, text))
                        .map_err(|e| raise(py, &e, Some(path)))?,
                ),
            };
            let review = ops::TeamReview {
                team: &team_file,
                application: application.as_ref(),
                scorebooks: &books,
                record: record.as_ref(),
            };
            // An error inside one file names that file: a scorebook by its examiner, or the record.
            let named = |e: Error| -> PyErr {
                if let Error::In { source_name, source } = &e {
                    if let Some(i) = team_file.examiners.iter().position(|m| m.name == *source_name) {
                        return raise(py, source, scorebooks.get(i).map(|(p, _)| p.as_str()));
                    }
                    if let (Some(p), "record") = (record_path, source_name.as_str()) {
                        return raise(py, source, Some(p));
                    }
                }
                raise(py, &e, team_path)
            };
            match &feedback {
                None => {
                    let result = ops::team_consensus(&self.catalog, review, threshold).map_err(named)?;
                    to_py(py, &result)
                }
                Some((lang, format)) => {
                    let made = ops::DossierFormat::parse(format)
                        .and_then(|kind| options(false, None, None, lang).map(|o| (kind, o)))
                        .map_err(|e| raise(py, &e, None))?;
                    let bytes = ops::feedback(&self.catalog, review, &made.1, made.0).map_err(named)?;
                    Ok(PyBytes::new(py, &bytes).into_any())
                }
            }
        })
    }

    /// Seals a scorebook (JSON or TOML text) at `at` (UTC `YYYY-MM-DDTHH:MM:SSZ`).
    #[pyo3(signature = (text, at, path=None))]
    fn seal<'py>(&self, py: Python<'py>, text: &str, at: &str, path: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let book =
                Scorebook::parse(text, Format::detect(path.unwrap_or(""), text)).map_err(|e| raise(py, &e, path))?;
            to_py(py, &ops::seal(&self.catalog, &book, at).map_err(|e| raise(py, &e, path))?)
        })
    }

    /// An examiner's blank workbook (.xlsx bytes) for an applicant's assessment.
    #[pyo3(signature = (applicant, examiner, applicant_id=None, lang="zh", path=None))]
    fn scorebook_workbook<'py>(
        &self,
        py: Python<'py>,
        applicant: &str,
        examiner: &str,
        applicant_id: Option<&str>,
        lang: &str,
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(py, || {
            let made = Input { text: applicant, path, from_data: false }.parse().and_then(|a| {
                let fw = self.catalog.get(&a.framework)?;
                // The applicant's id: as given, else the organisation's name, else the file's name.
                let stem = path.map(|p| {
                    std::path::Path::new(p).file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                });
                let id = applicant_id
                    .map(str::to_string)
                    .or_else(|| a.organisation.name.clone().filter(|n| !n.trim().is_empty()))
                    .or(stem)
                    .unwrap_or_else(|| "applicant".into());
                let book = Scorebook::template(fw, &id, examiner);
                zhuoyue::sheet::scorebook_workbook(fw, &book, Lang::parse(lang)?)
            });
            made.map(|bytes| PyBytes::new(py, &bytes)).map_err(|e| raise(py, &e, path))
        })
    }

    /// A roster read from a workbook (.xlsx bytes), as roster JSON text.
    #[pyo3(signature = (data, path=None))]
    fn roster_from_workbook(&self, py: Python<'_>, data: &[u8], path: Option<&str>) -> PyResult<String> {
        guard(py, || {
            let roster = zhuoyue::sheet::roster_from_workbook(data).map_err(|e| raise(py, &e, path))?;
            // Serialising plain data to a string cannot fail.
            Ok(serde_json::to_string(&roster).unwrap_or_default())
        })
    }

    /// An examiner's workbook (.xlsx bytes) read into a scorebook (a dict, unsealed).
    #[pyo3(signature = (data, path=None))]
    fn scorebook_from_workbook<'py>(
        &self,
        py: Python<'py>,
        data: &[u8],
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let book = zhuoyue::sheet::scorebook_from_workbook(data, &self.catalog).map_err(|e| raise(py, &e, path))?;
            to_py(py, &book)
        })
    }

    /// A cohort from (source, text) pairs: rows, failures by source, summaries.
    #[pyo3(signature = (assessments, award=None, year=None, partial=false))]
    fn cohort<'py>(
        &self,
        py: Python<'py>,
        assessments: Vec<(String, String)>,
        award: Option<&str>,
        year: Option<i32>,
        partial: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let sources: Vec<Source> =
                assessments.into_iter().map(|(name, text)| Source { name, text: Ok(text) }).collect();
            let result = options(partial, award, year, "zh").and_then(|o| ops::cohort(&self.catalog, &sources, &o));
            to_py(py, &result.map_err(|e| raise(py, &e, None))?)
        })
    }

    /// The assessment and nomination files a roster names: (roster id, path relative to the roster).
    fn roster_assessments(&self, py: Python<'_>, roster: &str) -> PyResult<Vec<(String, String)>> {
        guard(py, || {
            let list = zhuoyue::programme::Roster::parse(roster, Format::detect("", roster))
                .map_err(|e| raise(py, &e, None))?;
            let files = list.organisations.iter().filter_map(|m| m.assessment.clone().map(|a| (m.id.clone(), a)));
            let nominations = list.individuals.iter().filter_map(|p| p.nomination.clone().map(|a| (p.id.clone(), a)));
            Ok(files.chain(nominations).collect())
        })
    }

    /// Progress of a roster against programme targets (default: the roster's programme) up to
    /// `year`, award candidates for `award` and `individual_award` (assessments and nominations as
    /// (roster id, text) pairs), the plan table, and one per organising body; `body` narrows it.
    #[pyo3(signature = (roster, targets=None, year=None, award=None, assessments=Vec::new(), body=None, individual_award=None))]
    #[allow(clippy::too_many_arguments)]
    fn programme<'py>(
        &self,
        py: Python<'py>,
        roster: &str,
        targets: Option<&str>,
        year: Option<i32>,
        award: Option<&str>,
        assessments: Vec<(String, String)>,
        body: Option<&str>,
        individual_award: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let list = zhuoyue::programme::Roster::parse(roster, Format::detect("", roster))
                .map_err(|e| raise(py, &e, None))?;
            let mut parsed = Vec::with_capacity(assessments.len());
            for (id, text) in &assessments {
                let input = Input { text, path: Some(id), from_data: false };
                parsed.push((id.clone(), input.parse().map_err(|e| raise(py, &e, Some(id)))?));
            }
            let request = ops::ProgrammeRequest {
                targets: targets.map(str::to_string),
                body: body.map(str::to_string),
                individual_award: individual_award.map(str::to_string),
            };
            let result = options(true, award, year, "zh")
                .and_then(|o| ops::programme(&self.catalog, &list, &request, &parsed, &o));
            to_py(py, &result.map_err(|e| raise(py, &e, None))?)
        })
    }

    /// Item ids of a framework, in the order `score_columns` expects.
    fn item_ids(&self, py: Python<'_>, framework: &str) -> PyResult<Vec<String>> {
        guard(py, || {
            let fw = self.catalog.get(framework).map_err(|e| raise(py, &e, None))?;
            Ok(fw.items().map(|i| i.id.clone()).collect())
        })
    }

    /// Scores little-endian float64 bytes (NaN = not rated) in one call: row-major (rows x items)
    /// or, with `column_major`, one item column after another as DataFrames hold them. Bytes rather
    /// than the buffer protocol: that needs Python 3.11 under the stable ABI. Returns little-endian
    /// buffers: totals, process, results (int64 hundredths), categories (int64, categories x rows),
    /// bands (uint8), rated (uint32).
    #[pyo3(signature = (framework, values, rows, partial=false, column_major=false))]
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        framework: &str,
        values: &[u8],
        rows: usize,
        partial: bool,
        column_major: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let fw = self.catalog.get(framework).map_err(|e| raise(py, &e, None))?;
            if !values.len().is_multiple_of(8) {
                let e = Error::BatchShape { values: values.len() / 8, rows, columns: fw.item_count() };
                return Err(raise(py, &e, None));
            }
            // Borrow the bytes as floats when aligned (they are, from numpy); copy otherwise.
            let copied: Vec<f64>;
            let cells: &[f64] = match bytemuck::try_cast_slice(values) {
                Ok(cells) => cells,
                Err(_) => {
                    copied =
                        values.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap_or([0; 8]))).collect();
                    &copied
                }
            };
            let completeness = if partial { Completeness::Partial } else { Completeness::Full };
            let layout = if column_major { Layout::ColumnMajor } else { Layout::RowMajor };
            let batch = py
                .detach(|| zhuoyue::score::batch_with_layout(fw, cells, rows, layout, completeness))
                .map_err(|e| raise(py, &e, None))?;
            let out = PyDict::new(py);
            out.set_item("totals", PyBytes::new(py, bytemuck::cast_slice(&batch.totals)))?;
            out.set_item("process", PyBytes::new(py, bytemuck::cast_slice(&batch.process)))?;
            out.set_item("results", PyBytes::new(py, bytemuck::cast_slice(&batch.results)))?;
            out.set_item("categories", PyBytes::new(py, bytemuck::cast_slice(&batch.categories)))?;
            out.set_item("bands", PyBytes::new(py, &batch.bands))?;
            out.set_item("rated", PyBytes::new(py, bytemuck::cast_slice(&batch.rated)))?;
            Ok(out)
        })
    }

    /// Scores a frame's columns given as `names` and 1-D NumPy `arrays` (one per name), each
    /// borrowed in place (int8..int64, uint8..uint64, float32, float64; NaN is "not rated"); the
    /// same column rules as Arrow input. Returns the results as two NumPy blocks the engine wrote
    /// in place: `points` (float64) and `wholes` (int64), each `(columns, rows)`, with `columns`
    /// (the result names, as the Arrow results are named, in order) and `points_at` / `wholes_at`
    /// (where each block row goes among them): a pandas frame is made over the blocks as they are.
    #[pyo3(signature = (framework, names, arrays, rows, partial=false))]
    fn score_numpy(
        &self,
        py: Python<'_>,
        framework: &str,
        names: Vec<String>,
        arrays: Vec<Bound<'_, PyAny>>,
        rows: usize,
        partial: bool,
    ) -> PyResult<Py<pyo3::types::PyDict>> {
        use numpy::{PyArrayMethods, PyReadonlyArray1};
        guard(py, || {
            let fw = self.catalog.get(framework).map_err(|e| raise(py, &e, None))?;
            let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let positions = arrow::plan_columns(fw, &name_refs, partial).map_err(|e| raise(py, &e, None))?;
            let columns: Vec<Option<&Bound<'_, PyAny>>> =
                positions.iter().map(|p| p.and_then(|p| arrays.get(p))).collect();
            /// One column borrowed as the first NumPy type that fits it.
            enum Borrowed<'py> {
                I64(PyReadonlyArray1<'py, i64>),
                I32(PyReadonlyArray1<'py, i32>),
                I16(PyReadonlyArray1<'py, i16>),
                I8(PyReadonlyArray1<'py, i8>),
                U64(PyReadonlyArray1<'py, u64>),
                U32(PyReadonlyArray1<'py, u32>),
                U16(PyReadonlyArray1<'py, u16>),
                U8(PyReadonlyArray1<'py, u8>),
                F64(PyReadonlyArray1<'py, f64>),
                F32(PyReadonlyArray1<'py, f32>),
                None,
            }
            let mut borrowed = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                let item = fw.item_id(i).unwrap_or_default();
                let Some(column) = column else {
                    borrowed.push(Borrowed::None);
                    continue;
                };
                macro_rules! try_as {
                    ($($variant:ident: $t:ty),*) => {
                        $(if let Ok(a) = column.extract::<PyReadonlyArray1<'_, $t>>() { Borrowed::$variant(a) } else)*
                        {
                            let e = Error::Syntax {
                                format: zhuoyue::Format::Json,
                                path: format!("items.{item}"),
                                item: Some(item.to_string()),
                                message: format!("column {item} is not a 1-D array of numbers"),
                                line: None,
                                column: None,
                            };
                            return Err(raise(py, &e, None));
                        }
                    };
                }
                borrowed.push(try_as!(I64: i64, F64: f64, I32: i32, I16: i16, I8: i8, U64: u64, U32: u32, U16: u16, U8: u8, F32: f32));
            }
            let not_contiguous = |i: usize| {
                let item = fw.item_id(i).unwrap_or_default();
                raise(py, &Error::Options { rule: format!("column {item}: the array is not contiguous") }, None)
            };
            let mut views = Vec::with_capacity(borrowed.len());
            for (i, b) in borrowed.iter().enumerate() {
                use zhuoyue::score::{Cells, Column};
                let cells = match b {
                    Borrowed::I64(a) => Cells::I64(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::I32(a) => Cells::I32(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::I16(a) => Cells::I16(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::I8(a) => Cells::I8(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::U64(a) => Cells::U64(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::U32(a) => Cells::U32(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::U16(a) => Cells::U16(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::U8(a) => Cells::U8(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::F64(a) => Cells::F64(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::F32(a) => Cells::F32(a.as_slice().map_err(|_| not_contiguous(i))?),
                    Borrowed::None => Cells::Absent,
                };
                views.push(Column { cells, valid: None });
            }
            let completeness = if partial { Completeness::Partial } else { Completeness::Full };
            // The results (a float64 block of points, an int64 block of whole numbers) go into one
            // block of bytes from NumPy's `empty`: no zeroed memory, and at 4 MB or more NumPy
            // advises huge pages for it, so fresh memory costs a few faults, not thousands. A large
            // block gets 2 MB of slack and the results start at a 2 MB boundary in it, so that every
            // 2 MB of them can be one huge page (the slack is never touched).
            let placed = arrow::placed_columns(fw);
            let floats = placed.iter().filter(|p| p.float).count();
            const HUGE: usize = 2 << 20;
            let Some((point_bytes, bytes)) = (8 * floats).checked_mul(rows).zip((8 * placed.len()).checked_mul(rows))
            else {
                let rule = format!("{rows} rows of results do not fit in memory");
                return Err(raise(py, &Error::Options { rule }, None));
            };
            let slack = if bytes >= 2 * HUGE { HUGE } else { 0 };
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("dtype", "uint8")?;
            let block = py.import("numpy")?.getattr("empty")?.call((bytes + slack,), Some(&kwargs))?;
            let block = block.cast_into::<numpy::PyArray1<u8>>()?;
            let start;
            {
                let mut memory = block.readwrite();
                let memory = memory.as_slice_mut()?;
                start = if slack == 0 { 0 } else { (HUGE - memory.as_ptr() as usize % HUGE) % HUGE };
                let (p, w) = memory[start..start + bytes].split_at_mut(point_bytes);
                let misaligned = |_| {
                    let rule = "internal error: numpy.empty gave memory not aligned to 8 bytes".to_string();
                    raise(py, &Error::Options { rule }, None)
                };
                let p: &mut [f64] =
                    if rows == 0 { &mut [] } else { bytemuck::try_cast_slice_mut(p).map_err(misaligned)? };
                let w: &mut [i64] =
                    if rows == 0 { &mut [] } else { bytemuck::try_cast_slice_mut(w).map_err(misaligned)? };
                py.detach(|| arrow::score_into_blocks(fw, &views, rows, completeness, p, w))
                    .map_err(|e| raise(py, &e, None))?;
            }
            // The two blocks as views of it, (columns, rows) each.
            let part = |range: std::ops::Range<usize>, dtype: &str, count: usize| {
                block
                    .get_item(pyo3::types::PySlice::new(py, range.start as isize, range.end as isize, 1))?
                    .call_method1("view", (dtype,))?
                    .call_method1("reshape", ((count, rows),))
            };
            let points = part(start..start + point_bytes, "float64", floats)?;
            let wholes = part(start + point_bytes..start + bytes, "int64", placed.len() - floats)?;
            let out = pyo3::types::PyDict::new(py);
            let at = |float: bool| -> Vec<usize> {
                placed.iter().enumerate().filter(|(_, c)| c.float == float).map(|(k, _)| k).collect()
            };
            out.set_item("points_at", at(true))?;
            out.set_item("wholes_at", at(false))?;
            out.set_item("columns", placed.into_iter().map(|c| c.name).collect::<Vec<_>>())?;
            out.set_item("points", points)?;
            out.set_item("wholes", wholes)?;
            Ok(out.unbind())
        })
    }

    /// Scores an Arrow table, record batch or stream (pyarrow, polars, pandas >= 2.2, DuckDB: the
    /// Arrow PyCapsule interface) in place: one core batch call per record batch, item columns read
    /// as they lie in memory. Returns an Arrow table (the PyCapsule interface again) of the
    /// passthrough columns and the results.
    #[pyo3(signature = (framework, data, partial=false))]
    fn score_arrow<'py>(
        &self,
        py: Python<'py>,
        framework: &str,
        data: pyo3_arrow::input::AnyRecordBatch,
        partial: bool,
    ) -> PyResult<pyo3_arrow::PyTable> {
        guard(py, || {
            let fw = self.catalog.get(framework).map_err(|e| raise(py, &e, None))?;
            let reader = data.into_reader()?;
            let input = reader.schema();
            let names: Vec<&str> = input.fields().iter().map(|f| f.name().as_str()).collect();
            let positions = arrow::plan_columns(fw, &names, partial).map_err(|e| raise(py, &e, None))?;
            let schema = arrow::result_schema(fw, &input);
            let completeness = if partial { Completeness::Partial } else { Completeness::Full };
            let mut out = Vec::new();
            let mut offset = 0;
            for batch in reader {
                let batch = batch.map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
                let rows = batch.num_rows();
                let scored = py
                    .detach(|| arrow::score_batch(fw, &batch, &positions, completeness, offset, &schema))
                    .map_err(|e| raise(py, &e, None))?;
                out.push(scored);
                offset += rows;
            }
            pyo3_arrow::PyTable::try_new(out, schema)
        })
    }
}

/// Panics inside the guard, so the tests can prove a panic reaches Python as `ZhuoyueError`, not
/// as pyo3's `PanicException` (a `BaseException` that `except Exception` does not catch).
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    guard(py, || -> PyResult<()> {
        let empty: Vec<u8> = Vec::new();
        let index = empty.len() + 1;
        std::hint::black_box(empty[index]);
        Ok(())
    })
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("MAX_INPUT_BYTES", zhuoyue::limits::MAX_INPUT_BYTES)?;
    m.add("MAX_TEXT_CHARS", zhuoyue::limits::MAX_TEXT_CHARS)?;
    m.add("MAX_NOTES", zhuoyue::limits::MAX_NOTES)?;
    m.add("MAX_ITEMS", zhuoyue::limits::MAX_ITEMS)?;
    m.add("ERROR_CODES", zhuoyue::error::CODES.to_vec())?;
    // The one version of the workspace, the wheel and the npm package (Cargo.toml).
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ERROR_CLASSES", ERROR_CLASSES.iter().map(|(c, k)| (c.to_string(), k.to_string())).collect::<Vec<_>>())?;
    Ok(())
}
