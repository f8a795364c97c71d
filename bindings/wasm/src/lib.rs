//! The browser surface: the same pipeline as the CLI and Python, over JS values. The widget passes
//! the assessment as JSON text in the interchange format and gets plain JS objects back. Errors
//! become JS `Error`s with `code` and `item` properties. No score is computed here.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zhuoyue::plan::{Effort, Target};
use zhuoyue::{Assessment, Catalog, Completeness, Error, Format, Points};

/// A JS `Error` carrying the core's stable `code` and the `item` it is about.
fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code().into());
    let _ = js_sys::Reflect::set(&js, &"item".into(), &error.item().map_or(JsValue::NULL, JsValue::from));
    js.into()
}

/// Plain objects (not `Map`s) and numbers, as `JSON.parse` would give.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

fn completeness(partial: bool) -> Completeness {
    if partial {
        Completeness::Partial
    } else {
        Completeness::Full
    }
}

#[wasm_bindgen]
pub struct Engine {
    catalog: Catalog,
}

#[wasm_bindgen]
impl Engine {
    /// The built-in frameworks and award profiles.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Engine, JsValue> {
        Ok(Engine { catalog: Catalog::builtin().map_err(|e| js_error(&e))? })
    }

    /// Ids of the frameworks known.
    #[wasm_bindgen(js_name = frameworkIds)]
    pub fn framework_ids(&self) -> Vec<String> {
        self.catalog.frameworks().iter().map(|f| f.id.clone()).collect()
    }

    /// One framework for rendering: categories, items, dimensions, bands with zh/en text.
    pub fn framework(&self, id: &str) -> Result<JsValue, JsValue> {
        to_js(self.catalog.get(id).map_err(|e| js_error(&e))?)
    }

    /// The award profiles known.
    pub fn awards(&self) -> Result<JsValue, JsValue> {
        to_js(self.catalog.awards())
    }

    /// Scores an assessment (JSON text): the scorecard view plus `organisation` and `warnings`.
    pub fn score(&self, assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        let checked = self.catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            card: zhuoyue::score::ScorecardView,
            warnings: &'a [zhuoyue::Warning],
        }
        to_js(&Out { card: checked.score().view(), warnings: &checked.warnings })
    }

    /// Parses and checks an assessment (JSON text) without scoring; returns it normalised.
    pub fn validate(&self, assessment: &str, partial: bool) -> Result<JsValue, JsValue> {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        self.catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        to_js(&a)
    }

    /// The percent suggested by dimension ratings (JSON object of dimension id to percent).
    pub fn suggest(&self, framework: &str, item: &str, dimensions: &str) -> Result<u8, JsValue> {
        let fw = self.catalog.get(framework).map_err(|e| js_error(&e))?;
        let position = fw.position(item).ok_or_else(|| {
            js_error(&Error::UnknownItem { item: item.to_string(), framework: framework.to_string() })
        })?;
        let kind = fw.items().nth(position).map_or(zhuoyue::Kind::Process, |i| i.kind);
        let text = format!(r#"{{"framework": "{framework}", "items": {{"{item}": {{"dimensions": {dimensions}}}}}}}"#);
        let a = Assessment::parse(&text, Format::Json).map_err(|e| js_error(&e))?;
        let dims = a.items.0.first().map(|(_, e)| e.dimensions.clone()).unwrap_or_default();
        zhuoyue::assessment::suggest(fw, kind, item, &dims).map_err(|e| js_error(&e))
    }

    /// The report as HTML (or Markdown), in "zh" or "en", with readiness and the roadmap for `award`.
    pub fn report(
        &self,
        assessment: &str,
        award: Option<String>,
        year: i32,
        lang: &str,
        markdown: bool,
        partial: bool,
    ) -> Result<String, JsValue> {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        let checked = self.catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        let award = award.map(|id| self.catalog.award(&id)).transpose().map_err(|e| js_error(&e))?;
        let lang = if lang == "en" { zhuoyue::report::Lang::En } else { zhuoyue::report::Lang::Zh };
        zhuoyue::report::render(&a, &checked, award, year, lang, markdown).map_err(|e| js_error(&e))
    }

    /// Readiness for an award in `year`.
    pub fn readiness(&self, assessment: &str, award: &str, year: i32, partial: bool) -> Result<JsValue, JsValue> {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        let checked = self.catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        let award = self.catalog.award(award).map_err(|e| js_error(&e))?;
        let card = checked.score();
        to_js(&zhuoyue::readiness::readiness(&card, &a.organisation, award, year).map_err(|e| js_error(&e))?)
    }

    /// The optimal roadmap to `target` points (text such as "600") or to an award's line; `max_raise`
    /// defaults to 15 points of percent on the framework's grid.
    pub fn plan(
        &self,
        assessment: &str,
        target: Option<String>,
        award: Option<String>,
        max_raise: Option<u8>,
        partial: bool,
    ) -> Result<JsValue, JsValue> {
        let a = Assessment::parse(assessment, Format::Json).map_err(|e| js_error(&e))?;
        let checked = self.catalog.check(&a, completeness(partial)).map_err(|e| js_error(&e))?;
        let fw = checked.framework;
        let target =
            match (target, award) {
                (Some(t), None) => Target::points(Points::parse(&t).ok_or_else(|| {
                    js_error(&Error::TargetOutOfRange { target: t.clone(), max: fw.max().to_string() })
                })?),
                (None, Some(id)) => {
                    let award = self.catalog.award(&id).map_err(|e| js_error(&e))?;
                    Target::award(award, fw).map_err(|e| js_error(&e))?
                }
                _ => return Err(js_sys::Error::new("give exactly one of target or award").into()),
            };
        let card = checked.score();
        let max_raise = max_raise.unwrap_or_else(|| zhuoyue::plan::default_max_raise(fw));
        to_js(&zhuoyue::plan::plan(&card, &target, &Effort::uniform(fw), max_raise).map_err(|e| js_error(&e))?)
    }
}
