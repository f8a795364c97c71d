//! The browser surface: the same pipeline as the CLI and Python, over JS values. The widget passes
//! the assessment as JSON text in the interchange format and gets plain JS objects back. Errors
//! become JS `Error`s with `code` and `item` properties. No score is computed here.
//!
//! The API is free functions over one catalog per WebAssembly instance (built on first use), not a
//! class: after a panic wasm-bindgen replaces the instance, and a JS object pointing into the old
//! one could be used by mistake; functions have nothing stale to hold.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zhuoyue::plan::{Effort, Target};
use zhuoyue::{Assessment, Catalog, Checked, Completeness, Error, Format, Points};

/// A JS `Error` carrying the core's stable `code` and the `item` it is about.
fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code().into());
    let _ = js_sys::Reflect::set(&js, &"item".into(), &error.item().map_or(JsValue::NULL, JsValue::from));
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

fn completeness(partial: bool) -> Completeness {
    if partial {
        Completeness::Partial
    } else {
        Completeness::Full
    }
}

/// The result types, generated from the core's Rust types (see tests/typescript.rs).
#[wasm_bindgen(typescript_custom_section)]
const RESULT_TYPES: &str = include_str!("types.d.ts");

thread_local! {
    /// The built-in frameworks and award profiles of this instance (crosswalks and programme
    /// targets are for examiners' tools, not the self-assessment page). Built on first use.
    static CATALOG: Result<Catalog, Error> = {
        std::panic::set_hook(Box::new(throw_panic));
        Catalog::builtin_frameworks_and_awards()
    };
}

fn with_catalog<T>(f: impl FnOnce(&Catalog) -> Result<T, JsValue>) -> Result<T, JsValue> {
    CATALOG.with(|catalog| f(catalog.as_ref().map_err(js_error)?))
}

/// Parses an assessment (JSON text) and checks it against the framework it names.
fn with_checked<T>(
    assessment: &str,
    partial: bool,
    f: impl FnOnce(&Catalog, &Assessment, &Checked<'_>) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    with_catalog(|catalog| {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        let checked = catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        f(catalog, &a, &checked)
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
    with_checked(assessment, partial, |_, a, checked| {
        to_js(&zhuoyue::score::ScoreResult::new(a, checked, &checked.score()))
    })
}

/// Parses and checks an assessment (JSON text) without scoring; returns it normalised.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn validate(assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
    with_checked(assessment, partial, |_, a, _| to_js(a))
}

/// The percent suggested by dimension ratings (JSON object of dimension id to percent).
#[wasm_bindgen]
pub fn suggest(framework: &str, item: &str, dimensions: &str) -> Result<u8, JsValue> {
    with_catalog(|c| {
        let fw = c.get(framework).map_err(|e| js_error(&e))?;
        let position = fw.position(item).ok_or_else(|| {
            js_error(&Error::UnknownItem { item: item.to_string(), framework: framework.to_string() })
        })?;
        let kind = fw.items().nth(position).map_or(zhuoyue::Kind::Process, |i| i.kind);
        let text = format!(r#"{{"framework": "{framework}", "items": {{"{item}": {{"dimensions": {dimensions}}}}}}}"#);
        let a = Assessment::parse(&text, Format::Json).map_err(|e| js_error(&e))?;
        let dims = a.items.0.first().map(|(_, e)| e.dimensions.clone()).unwrap_or_default();
        zhuoyue::assessment::suggest(fw, kind, item, &dims).map_err(|e| js_error(&e))
    })
}

/// The report as HTML (or Markdown), in "zh" or "en", with readiness and the roadmap for `award`.
#[wasm_bindgen]
pub fn report(
    assessment: &str,
    award: Option<String>,
    year: i32,
    lang: &str,
    markdown: bool,
    partial: bool,
) -> Result<String, JsValue> {
    with_checked(assessment, partial, |c, a, checked| {
        let award = award.map(|id| c.award(&id)).transpose().map_err(|e| js_error(&e))?;
        let lang = if lang == "en" { zhuoyue::report::Lang::En } else { zhuoyue::report::Lang::Zh };
        zhuoyue::report::render(a, checked, award, year, lang, markdown).map_err(|e| js_error(&e))
    })
}

/// Readiness for an award in `year`.
#[wasm_bindgen(unchecked_return_type = "Readiness")]
pub fn readiness(assessment: &str, award: &str, year: i32, partial: bool) -> Result<JsValue, JsValue> {
    with_checked(assessment, partial, |c, a, checked| {
        let award = c.award(award).map_err(|e| js_error(&e))?;
        let r = zhuoyue::readiness::readiness(&checked.score(), &a.organisation, award, year);
        to_js(&r.map_err(|e| js_error(&e))?)
    })
}

/// The optimal roadmap to `target` points (text such as "600") or to an award's line; `max_raise`
/// defaults to the framework's usual raise per cycle.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    assessment: &str,
    target: Option<String>,
    award: Option<String>,
    max_raise: Option<u8>,
    partial: bool,
) -> Result<JsValue, JsValue> {
    with_checked(assessment, partial, |c, _, checked| {
        let fw = checked.framework;
        let target =
            match (target, award) {
                (Some(t), None) => Target::points(Points::parse(&t).ok_or_else(|| {
                    js_error(&Error::TargetOutOfRange { target: t.clone(), max: fw.max().to_string() })
                })?),
                (None, Some(id)) => {
                    let award = c.award(&id).map_err(|e| js_error(&e))?;
                    Target::award(award, fw).map_err(|e| js_error(&e))?
                }
                _ => return Err(js_sys::Error::new("give exactly one of target or award").into()),
            };
        let max_raise = max_raise.unwrap_or_else(|| zhuoyue::plan::default_max_raise(fw));
        let roadmap = zhuoyue::plan::plan(&checked.score(), &target, &Effort::uniform(fw), max_raise);
        to_js(&roadmap.map_err(|e| js_error(&e))?)
    })
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
