//! Text in: the two formats (JSON, TOML), deserialising with the path of any error kept, and the
//! ordered, duplicate-refusing maps the formats share. Every file the engine reads (assessments,
//! frameworks, awards, crosswalks, rosters, records, effort files) comes through here.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::limits::MAX_INPUT_BYTES;
use crate::Error;

/// The two text formats an assessment (or a criteria file) may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Toml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Toml => "TOML",
        })
    }
}

impl Format {
    /// The format of a named document: by extension, else JSON when the text opens with `{`.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Format::Toml
        } else if lower.ends_with(".json") || text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Deserialises JSON or TOML text with the path of any error kept (`items.4.1.2.percent`).
/// JSON the project itself wrote (the built-ins, content files): parsed without tracking the path
/// of each value, which keeps the browser's .wasm smaller; an error still gives line and column.
pub(crate) fn from_trusted_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_INPUT_BYTES });
    }
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        format: Format::Json,
        path: String::new(),
        item: None,
        message: format!("{what}: {e}"),
        line: Some(e.line()),
        column: Some(e.column()),
    })
}

pub fn from_text<T: DeserializeOwned>(text: &str, format: Format) -> Result<T, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_INPUT_BYTES });
    }
    let syntax = |path: Option<&serde_path_to_error::Path>, message: String, at: Option<(usize, usize)>| {
        let segments: Vec<String> = path
            .map(|p| {
                p.iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let item = match segments.as_slice() {
            [items, id, ..] if items == "items" => Some(id.clone()),
            _ => None,
        };
        Error::Syntax {
            format,
            path: segments.join("."),
            item,
            message,
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    };
    if text.trim().is_empty() {
        return Err(syntax(None, "the input is empty".into(), None));
    }
    match format {
        Format::Json => {
            // A derived struct also accepts a JSON array, with baffling messages; say what is wanted.
            if !text.trim_start().starts_with('{') {
                return Err(syntax(None, "expected a JSON object `{ ... }` at the top level".into(), Some((1, 1))));
            }
            // Natively, a plain pass first: tracking the path allocates a copy of every key (about a
            // third of the instructions of parsing the example, counted with callgrind). Only a
            // document that fails is read again, tracked, so the error names its place
            // (`items.4.1.2.percent`). The browser's .wasm keeps the one tracked pass: a second
            // copy of every deserializer would cost it ~7 KB gzipped.
            #[cfg(not(target_arch = "wasm32"))]
            {
                let mut plain = serde_json::Deserializer::from_str(text);
                if let Ok(value) = T::deserialize(&mut plain) {
                    if plain.end().is_ok() {
                        return Ok(value);
                    }
                }
            }
            let mut de = serde_json::Deserializer::from_str(text);
            let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                let at = (e.inner().line(), e.inner().column());
                syntax(Some(e.path()), strip_position(&e.inner().to_string()), Some(at))
            })?;
            de.end().map_err(|e| syntax(None, strip_position(&e.to_string()), Some((e.line(), e.column()))))?;
            Ok(value)
        }
        #[cfg(feature = "toml")]
        Format::Toml => {
            let position = |e: &toml::de::Error| e.span().map(|s| line_column(text, s.start));
            let de =
                toml::Deserializer::parse(text).map_err(|e| syntax(None, e.message().to_string(), position(&e)))?;
            serde_path_to_error::deserialize::<_, T>(de)
                .map_err(|e| syntax(Some(e.path()), e.inner().message().to_string(), position(e.inner())))
        }
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(syntax(None, "this build reads JSON only (built without the `toml` feature)".into(), None)),
    }
}

/// serde_json appends " at line L column C"; the error keeps those as fields instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(feature = "toml")]
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// A map read in order that refuses duplicate keys and stops at a size limit.
pub(crate) struct OrderedMap<V> {
    what: &'static str,
    limit: usize,
    _value: std::marker::PhantomData<V>,
}

impl<V> OrderedMap<V> {
    pub(crate) fn new(what: &'static str, limit: usize) -> Self {
        OrderedMap { what, limit, _value: std::marker::PhantomData }
    }
}

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedMap<V> {
    type Value = Vec<(String, V)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map of {} ids", self.what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Duplicates found by a scan while the map is small (an assessment has a few dozen items:
        // no hashing, no copy of each key), by a set past that.
        const SCAN: usize = 48;
        let mut seen: HashSet<String> = HashSet::new();
        let mut out: Vec<(String, V)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(SCAN));
        while let Some(key) = map.next_key::<String>()? {
            if out.len() == self.limit {
                return Err(de::Error::custom(format_args!(
                    "more than {} {}s (rule: {} count limit)",
                    self.limit, self.what, self.what
                )));
            }
            if out.len() == SCAN {
                seen.extend(out.iter().map(|(k, _)| k.clone()));
            }
            let repeated =
                if out.len() < SCAN { out.iter().any(|(k, _)| *k == key) } else { !seen.insert(key.clone()) };
            if repeated {
                return Err(de::Error::custom(format_args!(
                    "duplicate {} `{key}` (rule: each {} appears once)",
                    self.what, self.what
                )));
            }
            let value = map.next_value()?;
            out.push((key, value));
        }
        Ok(out)
    }
}
