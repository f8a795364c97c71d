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
    let syntax = |segments: Vec<String>, message: String, at: Option<(usize, usize)>| {
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
        return Err(syntax(Vec::new(), "the input is empty".into(), None));
    }
    match format {
        Format::Json => {
            // A derived struct also accepts a JSON array, with baffling messages; say what is wanted.
            if !text.trim_start().starts_with('{') {
                return Err(syntax(
                    Vec::new(),
                    "expected a JSON object `{ ... }` at the top level".into(),
                    Some((1, 1)),
                ));
            }
            // One plain pass. The place of an error (`items.4.1.2.percent`) is read back from the
            // text up to where serde_json stopped, instead of tracking the path of every value as
            // it is read: tracking copied every key (a third of the instructions of parsing the
            // example) and doubled every deserializer in the browser's .wasm (18 KB gzipped).
            let mut de = serde_json::Deserializer::from_str(text);
            let fail = |e: serde_json::Error| {
                let message = strip_position(&e.to_string());
                // serde_json stops just inside an array that is itself of the wrong type.
                let whole_array = message.starts_with("invalid type: sequence");
                let path = offset_of(text, e.line(), e.column())
                    .map(|at| json_path_at(text, at, whole_array))
                    .unwrap_or_default();
                syntax(path, message, Some((e.line(), e.column())))
            };
            let value = T::deserialize(&mut de).map_err(fail)?;
            de.end().map_err(fail)?;
            Ok(value)
        }
        #[cfg(feature = "toml")]
        Format::Toml => {
            let position = |e: &toml::de::Error| e.span().map(|s| line_column(text, s.start));
            let de = toml::Deserializer::parse(text)
                .map_err(|e| syntax(Vec::new(), e.message().to_string(), position(&e)))?;
            serde_path_to_error::deserialize::<_, T>(de)
                .map_err(|e| syntax(tracked_segments(e.path()), e.inner().message().to_string(), position(e.inner())))
        }
        #[cfg(not(feature = "toml"))]
        Format::Toml => {
            Err(syntax(Vec::new(), "this build reads JSON only (built without the `toml` feature)".into(), None))
        }
    }
}

/// The keys and indices of a path serde_path_to_error tracked.
#[cfg(feature = "toml")]
fn tracked_segments(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            _ => None,
        })
        .collect()
}

/// The byte offset of serde_json's line (from 1) and column (bytes into the line); `None` for an
/// error without a place (line 0).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = match line {
        0 => return None,
        1 => 0,
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    Some((start + column).min(text.len()))
}

/// The place in a JSON document at byte `offset`, as the keys and indices leading to it: for each
/// open object, the key whose value is being read (from the key itself until the comma after its
/// value), for each open array the index of its current element; with `whole_array`, not the
/// index of an innermost array whose first element has not begun (the array is the error's place).
/// Only `text[..offset]` is read.
fn json_path_at(text: &str, offset: usize, whole_array: bool) -> Vec<String> {
    enum Open {
        Object(Option<String>),
        /// The current element's index, and whether anything of the array has been read yet.
        Array(usize, bool),
    }
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut open: Vec<Open> = Vec::new();
    // In an object, after `{` or `,`: the next string is a key.
    let mut key_next = false;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'"' => {
                let start = i;
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'"' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
                // A string still open at the offset names nothing yet.
                let Some(quoted) = text.get(start..=i).filter(|_| i < bytes.len()) else { break };
                if key_next {
                    if let Some(Open::Object(key)) = open.last_mut() {
                        *key = serde_json::from_str::<String>(quoted).ok();
                    }
                    key_next = false;
                }
            }
            b'{' => {
                open.push(Open::Object(None));
                key_next = true;
            }
            b'[' => {
                open.push(Open::Array(0, false));
                key_next = false;
            }
            b'}' | b']' => {
                open.pop();
                key_next = false;
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key)) => {
                    *key = None;
                    key_next = true;
                }
                Some(Open::Array(index, _)) => *index += 1,
                None => {}
            },
            _ => {}
        }
        if !byte.is_ascii_whitespace() && byte != b'[' {
            if let Some(Open::Array(_, begun)) = open.last_mut() {
                *begun = true;
            }
        }
        i += 1;
    }
    if whole_array && matches!(open.last(), Some(Open::Array(0, false))) {
        open.pop();
    }
    open.into_iter()
        .filter_map(|o| match o {
            Open::Object(key) => key,
            Open::Array(index, _) => Some(index.to_string()),
        })
        .collect()
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

/// A key's length and bytes folded into one number: equal keys have equal fingerprints.
fn fingerprint(key: &str) -> u64 {
    key.bytes().fold(key.len() as u64, |print, byte| print.rotate_left(7) ^ u64::from(byte))
}

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedMap<V> {
    type Value = Vec<(String, V)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map of {} ids", self.what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Duplicates found by a scan of fingerprints while the map is small (an assessment has a
        // few dozen items: no hashing, no copy of each key, and a whole-key comparison only where
        // two fingerprints agree), by a set past that.
        const SCAN: usize = 48;
        let mut seen: HashSet<String> = HashSet::new();
        let mut out: Vec<(String, V)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(SCAN));
        // A fingerprint per key so far, on the stack: the scan compares whole keys only where
        // these agree.
        let mut prints = [0u64; SCAN];
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
            let repeated = if out.len() < SCAN {
                let (before, print) = (out.len(), fingerprint(&key));
                prints[before] = print;
                let mut same = prints[..before].iter().enumerate().filter(|(_, p)| **p == print);
                same.any(|(i, _)| out.get(i).is_some_and(|(k, _)| *k == key))
            } else {
                !seen.insert(key.clone())
            };
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

#[cfg(all(test, feature = "toml"))]
mod path_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

    use crate::{Assessment, Error, Format};

    fn doc(items: &str, rest: &str) -> String {
        format!(r#"{{"framework": "gbt19580-2012", {rest}"items": {{"4.1.3": 50, {items}}}}}"#)
    }

    /// The path and item of a syntax error from `from_text`.
    fn placed(text: &str) -> (String, Option<String>) {
        match super::from_text::<Assessment>(text, Format::Json) {
            Err(Error::Syntax { path, item, .. }) => (path, item),
            other => panic!("expected a syntax error for {text}, got {other:?}"),
        }
    }

    /// The path serde_path_to_error gives, tracking every value as it is read.
    fn tracked(text: &str) -> String {
        let mut de = serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Assessment>(&mut de)
            .err()
            .unwrap_or_else(|| panic!("no error: {text}"));
        super::tracked_segments(error.path()).join(".")
    }

    /// Reading the text back up to where serde_json stopped places every error where tracking
    /// each value did: unknown fields, wrong types, missing fields, array elements, escaped and
    /// Chinese keys, strings holding brackets and commas, pretty-printed documents, truncation.
    #[test]
    fn the_place_read_back_is_the_place_tracked() {
        let measure = |values: &str| {
            format!(
                r#""4.7.2": {{"percent": 50, "measures": [{{"name": "a", "unit": "%", "better": "higher", "values": [{values}]}}]}}"#
            )
        };
        let cases: Vec<(String, &str)> = vec![
            (doc(r#""4.1.2": {"percent": 50, "strenghts": []}"#, ""), "items.4.1.2.strenghts"),
            (doc(r#""4.4.4": "55""#, ""), "items.4.4.4"),
            (doc(r#""4.4.4": true"#, ""), "items.4.4.4"),
            (doc(r#""4.4.3": 55.5"#, ""), "items.4.4.3"),
            (doc(r#""4.1.2": {"percent": "x"}"#, ""), "items.4.1.2.percent"),
            (doc(r#""4.1.2": {"percent": [1]}"#, ""), "items.4.1.2.percent"),
            (doc(r#""4.1.2": {"percent": {"a": 1}}"#, ""), "items.4.1.2.percent"),
            (doc(r#""4.1\u002e2": {"percent": "x"}"#, ""), "items.4.1.2.percent"),
            (doc("", r#""organisaton": {"name": "x"}, "#), "organisaton"),
            (doc("", r#""organisation": {"name": "a,{}[]\"x:", "sector": 5}, "#), "organisation.sector"),
            (
                doc("", r#""organisation": {"name": "质量管理部，{甲}"}, "profile": {"environment": 5}, "#),
                "profile.environment",
            ),
            (
                doc("", r#""profile": {"key_factors": [{"id": "K1", "section": "challenges"}]}, "#),
                "profile.key_factors.0",
            ),
            (
                doc(
                    "",
                    r#""profile": {"key_factors": [{"id": "K1", "section": "challenges", "text": "a"}, {"id": 2}]}, "#,
                ),
                "profile.key_factors.1.id",
            ),
            (
                doc(&measure(r#"{"period": "2024", "value": 1}, {"period": "2025", "value": "x"}"#), ""),
                "items.4.7.2.measures.0.values.1.value",
            ),
            (
                doc(&measure(r#"{"period": "2024", "value": 1}"#).replace("higher", "up"), ""),
                "items.4.7.2.measures.0.better",
            ),
            (doc(r#""4.1.2": {"percent": 50, "strengths": ["a", 3]}"#, ""), "items.4.1.2.strengths.1"),
            (r#"{"framework": 5, "items": {}}"#.to_string(), "framework"),
            (r#"{"framework": "gbt19580-2012", "items": {}, "date": [2024]}"#.to_string(), "date"),
        ];
        for (text, want) in &cases {
            let pretty = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok());
            assert_eq!(tracked(text), *want, "tracked: {text}");
            assert_eq!(placed(text).0, *want, "read back: {text}");
            // The same document pretty-printed, where it still parses as JSON: other lines, columns.
            if let Some(pretty) = pretty {
                assert_eq!(placed(&pretty).0, tracked(&pretty), "pretty: {pretty}");
            }
        }
    }

    proptest::proptest! {
        /// Any text and any place in it (a place inside a character, past the end): a path, no panic.
        #[test]
        fn any_text_and_place_reads_back_without_panic(text in "[{}\\[\\],:\"\\\\ a1é\n]{0,40}", line in 0usize..4, column in 0usize..50) {
            if let Some(at) = super::offset_of(&text, line, column) {
                let _ = super::json_path_at(&text, at, column % 2 == 0);
            }
        }
    }

    /// A document cut off inside a key names the object the key was in, not a half key; an item
    /// given twice is named (tracking named only the map).
    #[test]
    fn a_cut_key_names_its_object_and_a_repeated_item_is_named() {
        let text = doc(r#""4.1.2": 50, "4.1"#, "");
        let cut = &text[..text.rfind("4.1").unwrap() + 3];
        assert_eq!(placed(cut), ("items".to_string(), None));
        let twice = doc(r#""4.1.2": 50, "4.1.2": 55"#, "");
        assert_eq!(placed(&twice), ("items.4.1.2".to_string(), Some("4.1.2".to_string())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserializer as _;

    fn read(json: &str) -> Result<Vec<(String, i64)>, serde_json::Error> {
        serde_json::Deserializer::from_str(json).deserialize_map(OrderedMap::<i64>::new("item", 1000))
    }

    /// Two keys with one fingerprint are both kept (the whole keys decide); a repeated key is
    /// refused wherever it comes, while the scan lasts and once the set takes over.
    #[test]
    fn ordered_map_refuses_repeated_keys_not_keys_that_share_a_fingerprint() {
        assert_eq!(fingerprint("abcdefghac"), fingerprint("cbcdefghab"));
        let both = read(r#"{"abcdefghac": 1, "cbcdefghab": 2}"#).unwrap();
        assert_eq!(both, [("abcdefghac".to_string(), 1), ("cbcdefghab".to_string(), 2)]);
        for count in [3, 47, 48, 49, 120] {
            for repeat in [0, count / 2, count - 1] {
                let mut keys: Vec<String> = (0..count).map(|i| format!("4.{}.{}", i / 10, i % 10)).collect();
                keys.push(keys[repeat].clone());
                let json = format!("{{{}}}", keys.iter().map(|k| format!("\"{k}\": 5")).collect::<Vec<_>>().join(","));
                let e = read(&json).unwrap_err().to_string();
                assert!(e.starts_with(&format!("duplicate item `{}`", keys[repeat])), "{count} {repeat}: {e}");
                keys.pop();
                let json = format!("{{{}}}", keys.iter().map(|k| format!("\"{k}\": 5")).collect::<Vec<_>>().join(","));
                assert_eq!(read(&json).unwrap().len(), count);
            }
        }
    }
}
