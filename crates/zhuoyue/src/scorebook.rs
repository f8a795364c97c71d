//! The examiner's scorebook: one examiner's independent review of one applicant. Per item the
//! percent, comments (a strength or an OFI, each tied to key factors of the applicant's profile and
//! marked feedback-ready or not) and site-visit issues; then a seal.
//!
//! Sealing records the time and a SHA-256 of the scorebook's content. A sealed scorebook is
//! read-only: sealing it again is refused, and a sealed scorebook whose content no longer matches
//! its hash is refused wherever it is read. The seal is tamper-evident, not secret: anyone who can
//! edit the file can also recompute the hash; what it catches is a change after sealing that was not
//! resealed, and a team refuses unsealed scorebooks.

use std::fmt::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assessment::{Assessment, Entry, Items, Notes};
use crate::limits::{MAX_ITEMS, MAX_NOTES, MAX_TEXT_CHARS};
use crate::text::{from_text, Format};
use crate::Error;

/// Key factors one comment may cite.
pub const MAX_COMMENT_KEY_FACTORS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CommentKind {
    Strength,
    Ofi,
}

/// A strength or an opportunity for improvement, as the examiner wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub kind: CommentKind,
    pub text: String,
    /// Ids of the applicant's key factors this comment is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_factors: Vec<String>,
    /// Written well enough to go to the applicant in the feedback report.
    #[serde(default)]
    pub feedback_ready: bool,
}

/// Something to check on the site visit: what to verify, and whom to ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SiteVisit {
    pub verify: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BookItem {
    #[serde(default)]
    pub percent: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_visit: Vec<SiteVisit>,
}

/// When the scorebook was sealed, and the SHA-256 (hex) of its content at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Seal {
    pub at: String,
    pub sha256: String,
}

/// One examiner's review of one applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Scorebook {
    /// The applicant's id, as the team file names it (e.g. an application number).
    pub applicant: String,
    pub framework: String,
    pub examiner: String,
    /// Items in the order written; item ids from the framework, each once.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, BookItem>"))]
    pub items: BookItems,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Seal>,
}

/// The items of a scorebook, in the order written (a map in the file; a duplicate id is refused).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookItems(pub Vec<(String, BookItem)>);

impl Serialize for BookItems {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for BookItems {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(crate::text::OrderedMap::<BookItem>::new("item", MAX_ITEMS)).map(BookItems)
    }
}

fn bad(entry: impl Into<String>, rule: impl Into<String>) -> Error {
    Error::Scorebook { entry: entry.into(), rule: rule.into() }
}

/// Is `at` a UTC time as `YYYY-MM-DDTHH:MM:SSZ`?
fn is_utc_time(at: &str) -> bool {
    let b = at.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

impl Scorebook {
    /// Parses a scorebook; a sealed one is verified against its hash here, so an edited sealed
    /// scorebook never gets further than its file.
    pub fn parse(text: &str, format: Format) -> Result<Scorebook, Error> {
        let book: Scorebook = from_text(text, format)?;
        book.check_shape()?;
        book.verify_seal()?;
        Ok(book)
    }

    /// Whether a document is a scorebook rather than an assessment: it names an `examiner`.
    pub fn looks_like(text: &str, format: Format) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            examiner: Option<serde::de::IgnoredAny>,
        }
        from_text::<Probe>(text, format).is_ok_and(|p| p.examiner.is_some())
    }

    /// A fresh, unsealed scorebook for `examiner` with every item of `framework` unrated.
    pub fn template(framework: &crate::Framework, applicant: &str, examiner: &str) -> Scorebook {
        Scorebook {
            applicant: applicant.into(),
            framework: framework.id.clone(),
            examiner: examiner.into(),
            items: BookItems(framework.items().map(|i| (i.id.clone(), BookItem::default())).collect()),
            sealed: None,
        }
    }

    /// Bounds and required text, before any framework is looked at.
    fn check_shape(&self) -> Result<(), Error> {
        for (field, value) in [("applicant", &self.applicant), ("examiner", &self.examiner)] {
            if value.trim().is_empty() {
                return Err(bad(field, "must not be empty"));
            }
            if value.chars().count() > 200 {
                return Err(bad(field, "at most 200 characters"));
            }
        }
        for (id, item) in &self.items.0 {
            if item.comments.len() > MAX_NOTES {
                return Err(bad(format!("item {id}"), format!("at most {MAX_NOTES} comments")));
            }
            if item.site_visit.len() > MAX_NOTES {
                return Err(bad(format!("item {id}"), format!("at most {MAX_NOTES} site-visit issues")));
            }
            for (n, c) in item.comments.iter().enumerate() {
                let at = format!("item {id}, comment {}", n + 1);
                if c.text.trim().is_empty() {
                    return Err(bad(at, "the comment's text is empty"));
                }
                if c.text.chars().count() > MAX_TEXT_CHARS {
                    return Err(bad(at, format!("at most {MAX_TEXT_CHARS} characters")));
                }
                if c.key_factors.len() > MAX_COMMENT_KEY_FACTORS {
                    return Err(bad(at, format!("at most {MAX_COMMENT_KEY_FACTORS} key factors")));
                }
            }
            for (n, s) in item.site_visit.iter().enumerate() {
                let at = format!("item {id}, site-visit issue {}", n + 1);
                if s.verify.trim().is_empty() {
                    return Err(bad(at, "say what to verify"));
                }
                let long = s.verify.chars().count() > MAX_TEXT_CHARS
                    || s.ask.as_deref().is_some_and(|a| a.chars().count() > MAX_TEXT_CHARS);
                if long {
                    return Err(bad(at, format!("at most {MAX_TEXT_CHARS} characters")));
                }
            }
        }
        if let Some(seal) = &self.sealed {
            if !is_utc_time(&seal.at) {
                return Err(bad("sealed.at", "a UTC time such as 2026-11-26T09:30:00Z"));
            }
        }
        Ok(())
    }

    /// The SHA-256 (lowercase hex) of the scorebook's content: everything but the seal, serialised
    /// as compact JSON in a fixed field order, so JSON and TOML copies of one scorebook agree.
    pub fn content_hash(&self) -> String {
        let unsealed = Scorebook { sealed: None, ..self.clone() };
        // Serialising plain data to a string cannot fail.
        let canonical = serde_json::to_string(&unsealed).unwrap_or_default();
        let digest = Sha256::digest(canonical.as_bytes());
        let mut hex = String::with_capacity(64);
        for byte in digest.iter() {
            let _ = write!(hex, "{byte:02x}");
        }
        hex
    }

    /// A sealed scorebook whose content changed after sealing is refused.
    pub fn verify_seal(&self) -> Result<(), Error> {
        match &self.sealed {
            Some(seal) if seal.sha256 != self.content_hash() => Err(bad(
                "sealed.sha256",
                format!(
                    "the content changed after it was sealed at {} (rule: a sealed scorebook is read-only; \
                     ask the team leader to reopen it)",
                    seal.at
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Seals the scorebook at `at` (a UTC time, `YYYY-MM-DDTHH:MM:SSZ`). Sealing twice is refused.
    pub fn seal(&mut self, at: &str) -> Result<(), Error> {
        if let Some(seal) = &self.sealed {
            return Err(bad(
                "sealed",
                format!("already sealed at {} (rule: a sealed scorebook is read-only)", seal.at),
            ));
        }
        if !is_utc_time(at) {
            return Err(bad("sealed.at", "a UTC time such as 2026-11-26T09:30:00Z"));
        }
        let sha256 = self.content_hash();
        self.sealed = Some(Seal { at: at.into(), sha256 });
        Ok(())
    }

    /// Refuses any change to a sealed scorebook (for surfaces about to overwrite one).
    pub fn ensure_editable(&self) -> Result<(), Error> {
        match &self.sealed {
            Some(seal) => Err(bad(
                "sealed",
                format!(
                    "sealed at {}; a sealed scorebook is read-only (rule: sealed scorebooks are read-only)",
                    seal.at
                ),
            )),
            None => Ok(()),
        }
    }

    /// The scorebook's percents and comments as an assessment, for the engine's checks and the
    /// consensus worksheet.
    pub fn assessment(&self) -> Assessment {
        let items = self
            .items
            .0
            .iter()
            .map(|(id, item)| {
                let texts = |kind| item.comments.iter().filter(|c| c.kind == kind).map(|c| c.text.clone()).collect();
                let entry = Entry::with_notes(
                    item.percent,
                    Notes {
                        strengths: texts(CommentKind::Strength),
                        ofis: texts(CommentKind::Ofi),
                        ..Notes::default()
                    },
                );
                (id.clone(), entry)
            })
            .collect();
        Assessment {
            kind: crate::award::Applicant::Organisation,
            individual: None,
            framework: self.framework.clone(),
            assessor: Some(self.examiner.clone()),
            date: None,
            organisation: Default::default(),
            profile: Default::default(),
            items: Items(items),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// TOML has no `null`: an unrated item keeps its table, without `percent`.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(|e| Error::Syntax {
            format: Format::Toml,
            path: String::new(),
            item: None,
            message: e.to_string(),
            line: None,
            column: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Scorebook {
        Scorebook::parse(
            r#"{"applicant": "SH-2026-017", "framework": "gbt19580-2012", "examiner": "王芳",
                "items": {"4.1.2": {"percent": 55, "comments": [
                    {"kind": "strength", "text": "高层定期评审", "key_factors": ["KF1"], "feedback_ready": true}],
                    "site_visit": [{"verify": "评审记录", "ask": "总经理"}]}}}"#,
            Format::Json,
        )
        .unwrap()
    }

    #[test]
    fn sealing_is_tamper_evident_and_final() {
        let mut b = book();
        assert!(b.ensure_editable().is_ok());
        assert!(b.seal("yesterday").is_err());
        b.seal("2026-11-26T09:30:00Z").unwrap();
        assert_eq!(b.sealed.as_ref().unwrap().sha256.len(), 64);
        // A sealed scorebook reads back; sealing again and editing are refused.
        let again = Scorebook::parse(&b.to_json(), Format::Json).unwrap();
        assert_eq!(again, b);
        assert!(again.clone().seal("2026-11-27T09:30:00Z").unwrap_err().to_string().contains("already sealed"));
        assert!(again.ensure_editable().is_err());
        let edited = b.to_json().replace("\"percent\": 55", "\"percent\": 70");
        let err = Scorebook::parse(&edited, Format::Json).unwrap_err();
        assert_eq!(err.code(), "scorebook");
        assert!(err.to_string().contains("changed after it was sealed"), "{err}");
        // The hash is of the content, not the layout: the compact form of the same book verifies.
        let compact = serde_json::to_string(&b).unwrap();
        assert!(Scorebook::parse(&compact, Format::Json).is_ok());
    }

    #[test]
    fn bad_scorebooks_name_the_entry() {
        let err = |t: &str| Scorebook::parse(t, Format::Json).unwrap_err().to_string();
        let head = r#""applicant": "A", "framework": "gbt19580-2012", "examiner": "E""#;
        assert!(err(&format!(
            r#"{{{head}, "items": {{"4.1.2": {{"comments": [{{"kind": "strength", "text": " "}}]}}}}}}"#
        ))
        .contains("item 4.1.2, comment 1"));
        assert!(err(&format!(
            r#"{{{head}, "items": {{"4.1.2": {{"comments": [{{"kind": "praise", "text": "x"}}]}}}}}}"#
        ))
        .contains("praise"));
        assert!(err(&format!(r#"{{{head}, "items": {{"4.1.2": {{}}, "4.1.2": {{}}}}}}"#)).contains("4.1.2"));
        assert!(err(r#"{"applicant": " ", "framework": "gbt19580-2012", "examiner": "E"}"#).contains("applicant"));
    }
}
