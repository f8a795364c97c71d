//! The browser surface: the same pipeline as the CLI and Python, over JS values. The widget passes
//! the assessment as JSON text in the interchange format and gets plain JS objects back. Errors
//! become JS `Error`s with `code` and `item` properties. No score is computed here.
//!
//! Two modules are built from this crate: the page's engine (`pkg/zhuoyue_wasm`, without the
//! `full` feature: scoring, checking, suggestions and readiness, what the form needs on first
//! render) and the whole engine (`pkg/zhuoyue_full`, with it: also guidance content, the roadmap,
//! calibration, the trend, charts, the report, the dossier and training), which `www/zhuoyue.js`
//! loads only when a page first asks for one of those.
//!
//! The API is free functions over one catalog per WebAssembly instance (built on first use), not a
//! class: after a panic wasm-bindgen replaces the instance, and a JS object pointing into the old
//! one could be used by mistake; functions have nothing stale to hold.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zhuoyue::ops::{self, Options};
#[cfg(feature = "full")]
use zhuoyue::ops::{EffortInput, PlanOptions};
use zhuoyue::{Assessment, Catalog, Date, Error, Format, Lang};

/// A JS `Error` carrying the core's stable `code` and the `item` it is about.
fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code().into());
    let _ = js_sys::Reflect::set(&js, &"item".into(), &error.item().map_or(JsValue::NULL, JsValue::from));
    let _ = js_sys::Reflect::set(&js, &"rule".into(), &error.rule().map_or(JsValue::NULL, JsValue::from));
    js.into()
}

/// wasm32 cannot unwind: a panic would trap the instance and reach JavaScript as a bare
/// `RuntimeError: unreachable`. This hook makes it the same kind of `Error` as every other failure,
/// with `code` "internal" as in Python and the message to report. The instance is not fit for
/// another call after that (its stack and panic count were not unwound): `www/zhuoyue.js`, the
/// module pages import, replaces it before rethrowing (wasm-bindgen's
/// `--experimental-reset-state-function`).
fn throw_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = match info.payload_as_str() {
        Some(m) => format!("internal error, please report it: {m}"),
        None => "internal error, please report it".to_string(),
    };
    let error = js_sys::Error::new(&message);
    let _ = js_sys::Reflect::set(&error, &"code".into(), &"internal".into());
    let _ = js_sys::Reflect::set(&error, &"item".into(), &JsValue::NULL);
    // Throwing a JS exception leaves the wasm frames without running destructors: acceptable
    // here because the whole instance is replaced.
    wasm_bindgen::throw_val(error.into());
}

/// Plain objects and numbers, exactly what `JSON.parse` gives for the CLI's `--format json`: the
/// value goes through serde_json and the browser's own JSON parser, which keeps the .wasm smaller
/// than a serializer that builds JS objects call by call.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// Options for one call. The page passes `today` as an ISO date (the core never reads a clock);
/// `lang` is parsed by the core, so an unknown language is an error with a code, not Chinese.
fn options(
    partial: bool,
    award: Option<String>,
    year: Option<i32>,
    lang: &str,
    today: &str,
) -> Result<Options, JsValue> {
    let today = parse_date(today).ok_or_else(|| {
        js_error(&Error::Option {
            option: "today".into(),
            value: today.chars().take(40).collect(),
            allowed: "a date YYYY-MM-DD".into(),
        })
    })?;
    Ok(Options { partial, award, year, today: Some(today), lang: Lang::parse(lang).map_err(|e| js_error(&e))? })
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day = parts.next()?.get(..2)?.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some(Date { year, month, day })
}

/// The result types, generated from the core's Rust types (see tests/typescript.rs).
#[wasm_bindgen(typescript_custom_section)]
const RESULT_TYPES: &str = include_str!("types.d.ts");

thread_local! {
    /// The built-in frameworks and award profiles of this instance (crosswalks and programme
    /// targets are for examiners' tools, not the self-assessment page), and in the whole engine
    /// the calibration rules. Built on first use; the guidance content is added by `addContent`
    /// (whole engine) when the page fetches it.
    static CATALOG: std::cell::RefCell<Result<Catalog, Error>> = {
        std::panic::set_hook(Box::new(throw_panic));
        let catalog = Catalog::builtin_frameworks_and_awards();
        #[cfg(feature = "full")]
        let catalog = catalog.and_then(Catalog::with_builtin_calibration);
        std::cell::RefCell::new(catalog)
    };
}

fn with_catalog<T>(f: impl FnOnce(&Catalog) -> Result<T, JsValue>) -> Result<T, JsValue> {
    CATALOG.with(|catalog| f(catalog.borrow().as_ref().map_err(js_error)?))
}

/// Adds a framework's content (guidance per item and profile section: `content/<id>.json`, which
/// `loadContent` fetches). Checked first: a bad file changes nothing.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = addContent)]
pub fn add_content(json: &str) -> Result<(), JsValue> {
    let content = zhuoyue::framework::ContentFile::from_json(json).map_err(|e| js_error(&e))?;
    CATALOG.with(|catalog| match catalog.borrow_mut().as_mut() {
        Ok(c) => c.add_content(content).map_err(|e| js_error(&e)),
        Err(e) => Err(js_error(e)),
    })
}

/// Parses an assessment (JSON text) and runs one core operation on it.
fn on_one<T: Serialize>(
    assessment: &str,
    op: impl FnOnce(&Catalog, &Assessment) -> Result<T, Error>,
) -> Result<JsValue, JsValue> {
    with_catalog(|catalog| {
        let result = Assessment::parse(assessment, Format::Json).and_then(|a| op(catalog, &a));
        to_js(&result.map_err(|e| js_error(&e))?)
    })
}

/// Ids of the frameworks known.
#[wasm_bindgen(js_name = frameworkIds)]
pub fn framework_ids() -> Result<Vec<String>, JsValue> {
    with_catalog(|c| Ok(c.frameworks().iter().map(|f| f.id.clone()).collect()))
}

/// One framework for rendering: categories, items, dimensions, bands with zh/en text.
#[wasm_bindgen(unchecked_return_type = "Framework")]
pub fn framework(id: &str) -> Result<JsValue, JsValue> {
    with_catalog(|c| to_js(c.get(id).map_err(|e| js_error(&e))?))
}

/// The award profiles known.
#[wasm_bindgen(unchecked_return_type = "AwardProfile[]")]
pub fn awards() -> Result<JsValue, JsValue> {
    with_catalog(|c| to_js(c.awards()))
}

/// Scores an assessment (JSON text): the organisation, the scorecard view and the warnings.
#[wasm_bindgen(unchecked_return_type = "ScoreResult")]
pub fn score(assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
    let opts = Options { partial, ..Options::default() };
    on_one(assessment, |c, a| ops::score(c, a, &opts))
}

/// Checks an assessment (JSON text) without scoring it: framework, items rated, warnings.
#[wasm_bindgen(unchecked_return_type = "Validation")]
pub fn validate(assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
    let opts = Options { partial, ..Options::default() };
    on_one(assessment, |c, a| ops::validate(c, a, &opts))
}

/// The percent suggested by dimension ratings (JSON object of dimension id to percent).
#[wasm_bindgen]
pub fn suggest(framework: &str, item: &str, dimensions: &str) -> Result<u8, JsValue> {
    with_catalog(|c| {
        let dims: Vec<(String, i64)> = serde_json::from_str::<std::collections::BTreeMap<String, i64>>(dimensions)
            .map_err(|e| {
                js_error(&Error::Option {
                    option: "dimensions".into(),
                    value: e.to_string(),
                    allowed: "a JSON object of dimension ids to whole percents".into(),
                })
            })?
            .into_iter()
            .collect();
        ops::suggest(c, framework, item, &dims).map_err(|e| js_error(&e))
    })
}

/// The report as HTML (or Markdown), in "zh" or "en", with readiness and the roadmap for `award`.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn report(
    assessment: &str,
    award: Option<String>,
    year: Option<i32>,
    lang: &str,
    markdown: bool,
    partial: bool,
    today: &str,
) -> Result<String, JsValue> {
    let opts = options(partial, award, year, lang, today)?;
    let format = if markdown { ops::ReportFormat::Markdown } else { ops::ReportFormat::Html };
    with_catalog(|c| {
        Assessment::parse(assessment, Format::Json)
            .and_then(|a| ops::report(c, &a, &opts, format))
            .map_err(|e| js_error(&e))
    })
}

/// The application's dossier as HTML (or Markdown): cover, profile with its length against the
/// award's limit, then clause by clause the guidance, narrative, results tables, notes and
/// self-score. DOCX is made by the CLI and Python.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn dossier(
    assessment: &str,
    award: Option<String>,
    lang: &str,
    markdown: bool,
    today: &str,
) -> Result<String, JsValue> {
    let opts = options(true, award, None, lang, today)?;
    let format = if markdown { ops::DossierFormat::Markdown } else { ops::DossierFormat::Html };
    with_catalog(|c| {
        Assessment::parse(assessment, Format::Json)
            .and_then(|a| ops::dossier(c, &a, &opts, format))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|e| js_error(&e))
    })
}

/// Readiness for an award in `year` (default: the year of `today`).
#[wasm_bindgen(unchecked_return_type = "Readiness")]
pub fn readiness(
    assessment: &str,
    award: &str,
    year: Option<i32>,
    partial: bool,
    today: &str,
) -> Result<JsValue, JsValue> {
    let opts = options(partial, Some(award.to_string()), year, "zh", today)?;
    on_one(assessment, |c, a| ops::readiness(c, a, &opts))
}

/// The optimal roadmap to `target` points (text such as "600") or to an award's line; `max_raise`
/// defaults to the framework's usual raise per cycle.
#[cfg(feature = "full")]
#[wasm_bindgen(unchecked_return_type = "PlanResult")]
pub fn plan(
    assessment: &str,
    target: Option<String>,
    award: Option<String>,
    max_raise: Option<u8>,
    partial: bool,
) -> Result<JsValue, JsValue> {
    let opts = Options { partial, award, ..Options::default() };
    let request = PlanOptions { target, effort: EffortInput::Uniform, max_raise: max_raise.map(i64::from) };
    on_one(assessment, |c, a| ops::plan(c, a, &opts, &request))
}

/// The optimism guard: flags where the self-score is not yet credible and the calibrated range.
#[cfg(feature = "full")]
#[wasm_bindgen(unchecked_return_type = "CalibrationResult")]
pub fn calibrate(assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
    let opts = Options { partial, ..Options::default() };
    on_one(assessment, |c, a| ops::calibrate(c, a, &opts, None))
}

/// The organisation's own history from its dated snapshots (a JSON array of assessments), with
/// the trend chart in "zh" or "en".
#[cfg(feature = "full")]
#[wasm_bindgen(unchecked_return_type = "Trend")]
pub fn trend(snapshots: &str, lang: &str, today: &str) -> Result<JsValue, JsValue> {
    let opts = options(true, None, None, lang, today)?;
    with_catalog(|catalog| {
        // The array is split by the browser's own JSON parser, each snapshot handed back as text:
        // the .wasm then carries no JSON tree type of its own.
        let refuse = |value: String| {
            js_error(&Error::Option {
                option: "snapshots".into(),
                value,
                allowed: "a JSON array of assessments".into(),
            })
        };
        let parsed = js_sys::JSON::parse(snapshots)
            .map_err(|e| refuse(js_sys::Error::from(e).message().as_string().unwrap_or_default()))?;
        if !js_sys::Array::is_array(&parsed) {
            return Err(refuse(snapshots.chars().take(40).collect()));
        }
        let list = js_sys::Array::from(&parsed);
        let mut inputs = Vec::with_capacity((list.length() as usize).min(zhuoyue::history::MAX_HISTORY + 1));
        for (i, v) in list.iter().enumerate().take(zhuoyue::history::MAX_HISTORY + 1) {
            let name = js_sys::Reflect::get(&v, &"date".into())
                .ok()
                .and_then(|d| d.as_string())
                .unwrap_or_else(|| format!("#{}", i + 1));
            let text = js_sys::JSON::stringify(&v).ok().and_then(|t| t.as_string()).unwrap_or_default();
            let a = Assessment::parse(&text, Format::Json).map_err(|e| js_error(&e.within(&name)))?;
            inputs.push((name, a));
        }
        to_js(&ops::trend(catalog, &inputs, &opts).map_err(|e| js_error(&e))?)
    })
}

/// Frame-of-reference training in the page: a trainee's scoring (a scorebook or an assessment,
/// JSON) against the expert reference's scorebook (JSON). No pass rule here: the trainer applies it.
#[cfg(feature = "full")]
#[wasm_bindgen(unchecked_return_type = "Training")]
pub fn training(reference: &str, trainee: &str) -> Result<JsValue, JsValue> {
    let scorer = |text: &str, name: &str| -> Result<ops::Examiner, Error> {
        if zhuoyue::scorebook::Scorebook::looks_like(text, Format::Json) {
            return zhuoyue::scorebook::Scorebook::parse(text, Format::Json).map(ops::Examiner::from_scorebook);
        }
        let a = Assessment::parse(text, Format::Json)?;
        let named = a.assessor.clone().unwrap_or_else(|| name.to_string());
        Ok(ops::Examiner::from_assessment(named, a))
    };
    with_catalog(|catalog| {
        let result = scorer(reference, "reference")
            .and_then(|r| Ok((r, scorer(trainee, "trainee")?)))
            .and_then(|(r, t)| ops::training(catalog, &r, std::slice::from_ref(&t), None));
        to_js(&result.map_err(|e| js_error(&e))?)
    })
}

/// The report's radar and bar charts as SVG, in "zh" or "en".
#[cfg(feature = "full")]
#[wasm_bindgen(unchecked_return_type = "Charts")]
pub fn charts(assessment: &str, partial: bool, lang: &str) -> Result<JsValue, JsValue> {
    let opts = Options { partial, lang: Lang::parse(lang).map_err(|e| js_error(&e))?, ..Options::default() };
    on_one(assessment, |c, a| ops::charts(c, a, &opts))
}

/// The sectors an organisation may name (ids and zh/en names), from the programme data.
#[wasm_bindgen(unchecked_return_type = "SectorTarget[]")]
pub fn sectors() -> Result<JsValue, JsValue> {
    with_catalog(|c| to_js(&c.sectors()))
}

/// The engine's input limits, so the page's forms refuse what the engine would.
#[wasm_bindgen(unchecked_return_type = "Limits")]
pub fn limits() -> Result<JsValue, JsValue> {
    to_js(&zhuoyue::limits::Limits::get())
}

/// Panics on purpose, so tests can prove a panic reaches JavaScript as an `Error` with code
/// "internal" and that the next call works on a fresh instance.
#[wasm_bindgen(js_name = _panicForTest)]
pub fn panic_for_test() -> Result<(), JsValue> {
    with_catalog(|_| {
        let empty: Vec<u8> = Vec::new();
        // An index out of bounds: the kind of slip clippy's denials and fuzzing guard against.
        let _ = empty[std::hint::black_box(1)];
        Ok(())
    })
}
