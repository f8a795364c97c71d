//! The Python surface: thin conversions around the core. Text in (Python reads files and dumps
//! dicts to JSON), plain dicts out (via pythonize), typed exceptions defined in `zhuoyue.errors`.
//! No score is computed here; every number comes from the core.

use std::panic::{catch_unwind, AssertUnwindSafe};

// The batch buffers are little-endian on the Python side ('<f8', '<i8'); bytemuck views them in
// native order, so refuse to build where the two differ.
#[cfg(target_endian = "big")]
compile_error!("zhuoyue-python's batch buffers assume a little-endian target");

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use zhuoyue::award::AwardProfile;
use zhuoyue::plan::{Effort, Target};
use zhuoyue::score::Layout;
use zhuoyue::{Assessment, Catalog, Completeness, Error, Format, Framework, Points};

/// Builds the exception class of `zhuoyue.errors` that matches an error's code.
fn raise(py: Python<'_>, error: &Error, path: Option<&str>) -> PyErr {
    let class = match error.code() {
        "criteria" | "duplicate-framework" => "CriteriaError",
        "award" | "unknown-award" | "award-framework" => "AwardError",
        "crosswalk" => "CriteriaError",
        "programme" | "consensus" => "ProgrammeError",
        "target-out-of-range" | "effort" | "max-raise" => "PlanError",
        _ => "AssessmentError",
    };
    let message = match path {
        Some(p) => format!("{p}: {error}"),
        None => error.to_string(),
    };
    internal(py, class, &message, error.code(), error.item(), path)
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

impl Engine {
    fn parse<'c>(
        &'c self,
        py: Python<'_>,
        text: &str,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<(Assessment, zhuoyue::Checked<'c>)> {
        let format = Format::detect(path.unwrap_or(""), text);
        let assessment = Assessment::parse(text, format).map_err(|e| raise(py, &e, path))?;
        let completeness = if partial { Completeness::Partial } else { Completeness::Full };
        let checked = self.catalog.check(&assessment, completeness).map_err(|e| raise(py, &e, path))?;
        Ok((assessment, checked))
    }
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

    #[pyo3(signature = (text, partial=false, path=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let (assessment, checked) = self.parse(py, text, partial, path)?;
            to_py(py, &zhuoyue::score::ScoreResult::new(&assessment, &checked, &checked.score()))
        })
    }

    #[pyo3(signature = (text, award, year, partial=false, path=None))]
    fn readiness<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        award: &str,
        year: i32,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let (assessment, checked) = self.parse(py, text, partial, path)?;
            let award = self.catalog.award(award).map_err(|e| raise(py, &e, None))?;
            let card = checked.score();
            let judged = zhuoyue::readiness::readiness(&card, &assessment.organisation, award, year)
                .map_err(|e| raise(py, &e, path))?;
            to_py(py, &judged)
        })
    }

    #[pyo3(signature = (text, target=None, award=None, effort=None, max_raise=None, partial=false, path=None))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn plan<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        target: Option<&str>,
        award: Option<&str>,
        effort: Option<Vec<(String, f64)>>,
        max_raise: Option<i64>,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let (_, checked) = self.parse(py, text, partial, path)?;
            let fw = checked.framework;
            let target = match (target, award) {
                (Some(t), None) => Target::points(Points::parse(t).ok_or_else(|| {
                    raise(py, &Error::TargetOutOfRange { target: t.to_string(), max: fw.max().to_string() }, None)
                })?),
                (None, Some(a)) => {
                    let award = self.catalog.award(a).map_err(|e| raise(py, &e, None))?;
                    Target::award(award, fw).map_err(|e| raise(py, &e, path))?
                }
                _ => {
                    return Err(internal(
                        py,
                        "PlanError",
                        "give exactly one of target= or award=",
                        "target",
                        None,
                        None,
                    ));
                }
            };
            let effort = match effort {
                None => Effort::uniform(fw),
                Some(pairs) => Effort::from_pairs(fw, &pairs).map_err(|e| raise(py, &e, None))?,
            };
            let max_raise = match max_raise {
                None => zhuoyue::plan::default_max_raise(fw),
                Some(m) => u8::try_from(m)
                    .map_err(|_| raise(py, &Error::MaxRaise { value: m, step: fw.percent_step }, None))?,
            };
            let card = checked.score();
            let planned = zhuoyue::plan::plan(&card, &target, &effort, max_raise).map_err(|e| raise(py, &e, path))?;
            let out = PyDict::new(py);
            out.set_item("plan", to_py(py, &planned)?)?;
            out.set_item("gaps", to_py(py, &zhuoyue::plan::gaps(&card))?)?;
            Ok(out.into_any())
        })
    }

    /// The report as HTML (or Markdown), with readiness and the roadmap when `award` is given.
    #[pyo3(signature = (text, award=None, year=2026, lang="zh", markdown=false, partial=false, path=None))]
    #[allow(clippy::too_many_arguments)] // mirrors the keyword arguments of the Python function
    fn report(
        &self,
        py: Python<'_>,
        text: &str,
        award: Option<&str>,
        year: i32,
        lang: &str,
        markdown: bool,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<String> {
        guard(py, || {
            let (assessment, checked) = self.parse(py, text, partial, path)?;
            let award = award.map(|a| self.catalog.award(a)).transpose().map_err(|e| raise(py, &e, None))?;
            let lang = if lang == "en" { zhuoyue::report::Lang::En } else { zhuoyue::report::Lang::Zh };
            zhuoyue::report::render(&assessment, &checked, award, year, lang, markdown).map_err(|e| raise(py, &e, path))
        })
    }

    /// Translates an assessment into framework `to` through the catalog's crosswalk.
    #[pyo3(signature = (text, to, partial=false, path=None))]
    fn crosswalk<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        to: &str,
        partial: bool,
        path: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let (assessment, checked) = self.parse(py, text, partial, path)?;
            let crosswalk = self.catalog.crosswalk(&checked.framework.id, to).map_err(|e| raise(py, &e, path))?;
            let target = self.catalog.get(to).map_err(|e| raise(py, &e, None))?;
            let t = zhuoyue::crosswalk::translate(crosswalk, &checked, &assessment.organisation, target)
                .map_err(|e| raise(py, &e, path))?;
            to_py(py, &t)
        })
    }

    /// A consensus worksheet from (examiner, text) pairs; with a record (JSON or TOML text), the
    /// consensus assessment and its overrides too.
    #[pyo3(signature = (assessments, threshold=20, record=None))]
    fn consensus<'py>(
        &self,
        py: Python<'py>,
        assessments: Vec<(String, String)>,
        threshold: u8,
        record: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let mut parsed = Vec::new();
            for (name, text) in &assessments {
                let a = Assessment::parse(text, Format::detect("", text)).map_err(|e| raise(py, &e, Some(name)))?;
                parsed.push((name.clone(), a));
            }
            let mut checked = Vec::new();
            for (name, a) in &parsed {
                checked.push(self.catalog.check(a, Completeness::Partial).map_err(|e| raise(py, &e, Some(name)))?);
            }
            let examiners: Vec<(String, &zhuoyue::Checked, &Assessment)> = parsed
                .iter()
                .zip(&checked)
                .map(|((name, a), c)| (a.assessor.clone().unwrap_or_else(|| name.clone()), c, a))
                .collect();
            let sheet = zhuoyue::consensus::worksheet(&examiners, threshold).map_err(|e| raise(py, &e, None))?;
            let out = PyDict::new(py);
            out.set_item("worksheet", to_py(py, &sheet)?)?;
            if let Some(text) = record {
                let rec = zhuoyue::consensus::Record::parse(text, Format::detect("", text))
                    .map_err(|e| raise(py, &e, None))?;
                let fw = self.catalog.get(&sheet.framework).map_err(|e| raise(py, &e, None))?;
                let (agreed, overrides) =
                    zhuoyue::consensus::agree(&sheet, &rec, fw).map_err(|e| raise(py, &e, None))?;
                out.set_item("assessment", to_py(py, &agreed)?)?;
                out.set_item("overrides", to_py(py, &overrides)?)?;
            }
            Ok(out.into_any())
        })
    }

    /// A cohort from (source, text) pairs: rows, failures by source, summaries.
    #[pyo3(signature = (assessments, award=None, year=2026, partial=false))]
    fn cohort<'py>(
        &self,
        py: Python<'py>,
        assessments: Vec<(String, String)>,
        award: Option<&str>,
        year: i32,
        partial: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if assessments.len() > zhuoyue::cohort::MAX_COHORT {
                let e = Error::Consensus {
                    rule: format!(
                        "{} assessments; the cohort limit is {}",
                        assessments.len(),
                        zhuoyue::cohort::MAX_COHORT
                    ),
                };
                return Err(raise(py, &e, None));
            }
            let award = award.map(|a| self.catalog.award(a)).transpose().map_err(|e| raise(py, &e, None))?;
            let (mut rows, mut failures) = (Vec::new(), Vec::new());
            let completeness = if partial { Completeness::Partial } else { Completeness::Full };
            for (source, text) in &assessments {
                match zhuoyue::cohort::Row::from_text(&self.catalog, source, text, completeness, award, year) {
                    Ok(r) => rows.push(r),
                    Err(e) => failures.push(zhuoyue::cohort::Failure { source: source.clone(), error: e.to_string() }),
                }
            }
            to_py(py, &zhuoyue::cohort::summarise(rows, failures))
        })
    }

    /// The assessment files a roster names: (organisation id, path relative to the roster).
    fn roster_assessments(&self, py: Python<'_>, roster: &str) -> PyResult<Vec<(String, String)>> {
        guard(py, || {
            let list = zhuoyue::programme::Roster::parse(roster, Format::detect("", roster))
                .map_err(|e| raise(py, &e, None))?;
            Ok(list.organisations.iter().filter_map(|m| m.assessment.clone().map(|a| (m.id.clone(), a))).collect())
        })
    }

    /// Progress of a roster against programme targets up to `year`, with award candidates when
    /// `award` is given (assessments as (organisation id, text) pairs) and the plan table rows.
    #[pyo3(signature = (roster, targets, year=None, award=None, assessments=Vec::new()))]
    fn programme<'py>(
        &self,
        py: Python<'py>,
        roster: &str,
        targets: &str,
        year: Option<i32>,
        award: Option<&str>,
        assessments: Vec<(String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let list = zhuoyue::programme::Roster::parse(roster, Format::detect("", roster))
                .map_err(|e| raise(py, &e, None))?;
            let targets = self.catalog.programme(targets).map_err(|e| raise(py, &e, None))?;
            let until = year.unwrap_or(targets.years[targets.years.len() - 1]);
            let progress = zhuoyue::programme::progress(targets, &list, until).map_err(|e| raise(py, &e, None))?;
            let award = award.map(|a| self.catalog.award(a)).transpose().map_err(|e| raise(py, &e, None))?;
            let mut assessed = zhuoyue::programme::Assessed::default();
            for (id, text) in &assessments {
                let a = Assessment::parse(text, Format::detect("", text)).map_err(|e| raise(py, &e, Some(id)))?;
                assessed.add(&self.catalog, id, &a, award, until).map_err(|e| raise(py, &e, Some(id)))?;
            }
            let candidates = assessed.candidates();
            let name = |id: &str| self.catalog.award(id).ok().map(|a| a.name.zh.clone());
            let out = PyDict::new(py);
            out.set_item("progress", to_py(py, &progress)?)?;
            out.set_item("candidates", to_py(py, &candidates)?)?;
            out.set_item("plan_table_headers", zhuoyue::programme::PLAN_TABLE_HEADERS.to_vec())?;
            out.set_item(
                "plan_table",
                zhuoyue::programme::plan_table(&list, until, &assessed.totals, name)
                    .iter()
                    .map(|r| r.to_vec())
                    .collect::<Vec<_>>(),
            )?;
            Ok(out.into_any())
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
    Ok(())
}
