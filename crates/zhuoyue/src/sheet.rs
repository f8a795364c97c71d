//! Scorebooks as Excel workbooks, for examiners who work in Excel or WPS (feature `xlsx`).
//!
//! The workbook: sheet `scores` (A1 `id`, B1 `percent`, then `name`, `points`, `band`, `strengths`,
//! `ofis`, `site_visit`; one row per item and nothing else; the percent column limited to the
//! framework's grid by a validation list; each item's guidance as a note on its id), sheet `summary`
//! (live subtotals by formula; ignored on import) and sheet `meta` (applicant, framework, version,
//! examiner). In the `strengths` and `ofis` cells each line is one comment; a trailing `[KF1, KF2]`
//! cites key factors, and `ready` among them marks the comment feedback-ready. In `site_visit` each
//! line is one issue, `what to verify | whom to ask`.
//!
//! Reading is bounded: the file must be a zip whose parts unpack to at most `MAX_UNZIPPED_BYTES`
//! (checked from the zip's directory before anything is inflated), at most `MAX_SHEET_ROWS` rows,
//! and every bad cell is named by sheet and cell with the rule it breaks.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format as XFormat, Formula, Note, Workbook, XlsxError};

use crate::framework::Framework;
use crate::present::Lang;
use crate::scorebook::{BookItem, BookItems, Comment, CommentKind, Scorebook, SiteVisit};
use crate::{Catalog, Error};

/// Rows a `scores` sheet may use (header included).
pub const MAX_SHEET_ROWS: usize = 1000;
/// What a workbook may unpack to, in total and per part.
pub const MAX_UNZIPPED_BYTES: u64 = 32 * 1024 * 1024;
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
const MAX_PARTS: usize = 1000;

/// The `scores` sheet's header, in column order.
pub const HEADER: [&str; 8] = ["id", "percent", "name", "points", "band", "strengths", "ofis", "site_visit"];
const SHEETS: [&str; 3] = ["scores", "summary", "meta"];
const READY: [&str; 2] = ["ready", "可反馈"];

fn sheet_err(entry: impl Into<String>, rule: impl Into<String>) -> Error {
    Error::Sheet { entry: entry.into(), rule: rule.into() }
}

fn writing(e: XlsxError) -> Error {
    sheet_err("writing the workbook", e.to_string())
}

/// `B5` for row 4, column 1 (both from 0).
fn cell(sheet: &str, row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    format!("{sheet}!{letters}{}", row + 1)
}

fn comment_line(c: &Comment) -> String {
    let mut tags = c.key_factors.clone();
    if c.feedback_ready {
        tags.push(READY[0].into());
    }
    if tags.is_empty() {
        c.text.clone()
    } else {
        format!("{} [{}]", c.text, tags.join(", "))
    }
}

fn parse_comment(kind: CommentKind, line: &str) -> Comment {
    let line = line.trim();
    if let (Some(open), true) = (line.rfind('['), line.ends_with(']')) {
        let (text, tags) = (line[..open].trim(), &line[open + 1..line.len() - 1]);
        if !text.is_empty() {
            let mut c = Comment { kind, text: text.into(), key_factors: Vec::new(), feedback_ready: false };
            for tag in tags.split([',', '，']).map(str::trim).filter(|t| !t.is_empty()) {
                if READY.contains(&tag) {
                    c.feedback_ready = true;
                } else {
                    c.key_factors.push(tag.into());
                }
            }
            return c;
        }
    }
    Comment { kind, text: line.into(), key_factors: Vec::new(), feedback_ready: false }
}

/// A workbook for one examiner's scorebook, prefilled with what the scorebook has.
pub fn scorebook_workbook(fw: &Framework, book: &Scorebook, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let bold = XFormat::new().set_bold();
    let wrap = XFormat::new().set_text_wrap();
    let n = fw.item_count() as u32;
    {
        let ws = wb.add_worksheet().set_name("scores").map_err(writing)?;
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(writing)?;
        }
        for (c, w) in [10.0, 9.0, 28.0, 8.0, 10.0, 48.0, 48.0, 36.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(writing)?;
        }
        let grid: Vec<String> = (0..=100).step_by(usize::from(fw.percent_step)).map(|p| p.to_string()).collect();
        let list = DataValidation::new()
            .allow_list_strings(&grid)
            .map_err(writing)?
            .set_error_title(lang.t("百分比", "Percent"))
            .map_err(writing)?
            .set_error_message(match lang {
                Lang::Zh => format!("请填写 0 到 100 之间 {} 的倍数。", fw.percent_step),
                Lang::En => format!("Enter a multiple of {} from 0 to 100.", fw.percent_step),
            })
            .map_err(writing)?;
        if n > 0 {
            ws.add_data_validation(1, 1, n, 1, &list).map_err(writing)?;
        }
        let mins: Vec<String> = fw.bands.iter().map(|b| b.min.to_string()).collect();
        let labels: Vec<String> = fw.bands.iter().map(|b| format!("\"{}\"", b.label())).collect();
        for (i, item) in fw.items().enumerate() {
            let r = i as u32 + 1;
            let entry = book.items.0.iter().find(|(id, _)| *id == item.id).map(|(_, e)| e);
            ws.write_string(r, 0, &item.id).map_err(writing)?;
            if let Some(p) = entry.and_then(|e| e.percent) {
                ws.write_number(r, 1, p as f64).map_err(writing)?;
            }
            ws.write_string(r, 2, lang.pick(&item.name)).map_err(writing)?;
            ws.write_number(r, 3, f64::from(item.points)).map_err(writing)?;
            let band = format!(
                "=IF(B{row}=\"\",\"\",LOOKUP(B{row},{{{}}},{{{}}}))",
                mins.join(","),
                labels.join(","),
                row = r + 1
            );
            ws.write_formula(r, 4, Formula::new(band)).map_err(writing)?;
            let lines = |kind| {
                entry
                    .map(|e| {
                        e.comments.iter().filter(|c| c.kind == kind).map(comment_line).collect::<Vec<_>>().join("\n")
                    })
                    .unwrap_or_default()
            };
            // Text is written as text: a comment that starts with `=` stays a comment.
            ws.write_string_with_format(r, 5, lines(CommentKind::Strength), &wrap).map_err(writing)?;
            ws.write_string_with_format(r, 6, lines(CommentKind::Ofi), &wrap).map_err(writing)?;
            let visits = entry
                .map(|e| {
                    e.site_visit
                        .iter()
                        .map(|s| match &s.ask {
                            Some(a) => format!("{} | {a}", s.verify),
                            None => s.verify.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            ws.write_string_with_format(r, 7, visits, &wrap).map_err(writing)?;
            if let Some(g) = &item.guidance {
                let prompts = match lang {
                    Lang::Zh => &g.zh,
                    Lang::En => &g.en,
                };
                let text: Vec<String> = prompts.iter().map(|p| format!("• {p}")).collect();
                let note = Note::new(text.join("\n")).set_author("zhuoyue").set_width(420).set_height(180);
                ws.insert_note(r, 0, &note).map_err(writing)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet().set_name("summary").map_err(writing)?;
        for (c, h) in ["category", "name", "points", "score"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(writing)?;
        }
        ws.set_column_width(1, 30).map_err(writing)?;
        let mut first = 2u32; // the category's first row on `scores`, as Excel counts
        for (c, category) in fw.categories.iter().enumerate() {
            let r = c as u32 + 1;
            let last = first + category.items.len() as u32 - 1;
            ws.write_string(r, 0, &category.id).map_err(writing)?;
            ws.write_string(r, 1, lang.pick(&category.name)).map_err(writing)?;
            ws.write_number(r, 2, f64::from(category.points)).map_err(writing)?;
            let sum = format!("=SUMPRODUCT(scores!B{first}:B{last},scores!D{first}:D{last})/100");
            ws.write_formula(r, 3, Formula::new(sum)).map_err(writing)?;
            first = last + 1;
        }
        let r = fw.categories.len() as u32 + 1;
        ws.write_string_with_format(r, 0, "total", &bold).map_err(writing)?;
        ws.write_number(r, 2, f64::from(fw.max_points)).map_err(writing)?;
        ws.write_formula(r, 3, Formula::new(format!("=SUM(D2:D{r})"))).map_err(writing)?;
    }
    {
        let ws = wb.add_worksheet().set_name("meta").map_err(writing)?;
        ws.set_column_width(0, 14).map_err(writing)?;
        ws.set_column_width(1, 40).map_err(writing)?;
        let rows = [
            ("applicant", book.applicant.as_str()),
            ("framework", fw.id.as_str()),
            ("version", fw.version.as_str()),
            ("examiner", book.examiner.as_str()),
        ];
        for (r, (k, v)) in rows.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, *k, &bold).map_err(writing)?;
            ws.write_string(r as u32, 1, *v).map_err(writing)?;
        }
    }
    wb.save_to_buffer().map_err(writing)
}

/// Refuses what is not a zip, or a zip that would unpack past the bounds, from its directory alone.
fn check_zip(bytes: &[u8]) -> Result<(), Error> {
    let not_xlsx = |why: String| sheet_err("the file", format!("is not an .xlsx workbook ({why})"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_xlsx(e.to_string()))?;
    if archive.len() > MAX_PARTS {
        return Err(sheet_err("the file", format!("{} parts; a workbook has at most {MAX_PARTS}", archive.len())));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|e| not_xlsx(e.to_string()))?;
        total = total.saturating_add(part.size());
        if part.size() > MAX_PART_BYTES || total > MAX_UNZIPPED_BYTES {
            return Err(sheet_err(
                format!("part {}", part.name()),
                format!(
                    "unpacks to more than {} MB (rule: bounded input; a zip bomb or a workbook far larger than a scorebook)",
                    MAX_UNZIPPED_BYTES / (1024 * 1024)
                ),
            ));
        }
    }
    // The directory can lie about sizes: inflate each part with the bound as a hard stop.
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|e| not_xlsx(e.to_string()))?;
        let name = part.name().to_string();
        let read = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| not_xlsx(e.to_string()))?;
        if read > MAX_PART_BYTES {
            return Err(sheet_err(format!("part {name}"), "unpacks past its stated size (rule: bounded input)"));
        }
    }
    Ok(())
}

fn text_of(range: &Range<Data>, sheet: &str, row: u32, col: u32) -> Result<Option<String>, Error> {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::String(s)) => Ok(Some(s.clone()).filter(|s| !s.trim().is_empty())),
        Some(Data::Int(i)) => Ok(Some(i.to_string())),
        Some(Data::Float(f)) => Ok(Some(crate::report::dossier::number(*f))),
        Some(other) => Err(sheet_err(cell(sheet, row, col), format!("text expected, found {other:?}"))),
    }
}

/// Reads an examiner's workbook into a scorebook (unsealed); every bad cell is named.
pub fn scorebook_from_workbook(bytes: &[u8], catalog: &Catalog) -> Result<Scorebook, Error> {
    check_zip(bytes)?;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| sheet_err("the file", format!("is not a readable .xlsx workbook ({e})")))?;
    let names = wb.sheet_names();
    if let Some(other) = names.iter().find(|n| !SHEETS.contains(&n.as_str())) {
        return Err(sheet_err(
            format!("sheet `{other}`"),
            "is not part of a scorebook (rule: the sheets are scores, summary and meta)",
        ));
    }
    for needed in ["scores", "meta"] {
        if !names.iter().any(|n| n == needed) {
            return Err(sheet_err(format!("sheet `{needed}`"), "is missing"));
        }
    }
    wb.load_merged_regions().map_err(|e| sheet_err("the file", e.to_string()))?;
    for sheet in ["scores", "meta"] {
        if let Some((_, _, dims)) = wb.merged_regions_by_sheet(sheet).first() {
            return Err(sheet_err(
                cell(sheet, dims.start.0, dims.start.1),
                "merged cells (rule: one value per cell; unmerge them)",
            ));
        }
    }
    let read = |wb: &mut Xlsx<_>, sheet: &str| {
        wb.worksheet_range(sheet).map_err(|e| sheet_err(format!("sheet `{sheet}`"), e.to_string()))
    };
    let meta = read(&mut wb, "meta")?;
    let meta_formulas = wb.worksheet_formula("meta").map_err(|e| sheet_err("sheet `meta`", e.to_string()))?;
    if let Some((r, c, _)) = meta_formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        let (r0, c0) = meta_formulas.start().unwrap_or((0, 0));
        return Err(sheet_err(cell("meta", r0 + r as u32, c0 + c as u32), "a formula where text belongs"));
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    let end = meta.end().map_or(0, |(r, _)| r);
    if end as usize >= 50 {
        return Err(sheet_err("sheet `meta`", "more than 50 rows (rule: applicant, framework, version, examiner)"));
    }
    for r in 0..=end {
        if let (Some(k), v) = (text_of(&meta, "meta", r, 0)?, text_of(&meta, "meta", r, 1)?) {
            fields.push((k.trim().to_string(), v.unwrap_or_default().trim().to_string()));
        }
    }
    let field =
        |name: &str| -> Result<String, Error> {
            fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_empty()).ok_or_else(|| {
                sheet_err("sheet `meta`", format!("no `{name}` (column A the name, column B the value)"))
            })
        };
    let (applicant, framework_id, examiner) = (field("applicant")?, field("framework")?, field("examiner")?);
    let fw = catalog.get(&framework_id).map_err(|e| sheet_err("meta, framework", e.to_string()))?;

    let scores = read(&mut wb, "scores")?;
    let formulas = wb.worksheet_formula("scores").map_err(|e| sheet_err("sheet `scores`", e.to_string()))?;
    let formula_at = |r: u32, c: u32| formulas.get_value((r, c)).is_some_and(|f| !f.is_empty());
    let last_row = scores.end().map_or(0, |(r, _)| r) as usize;
    if last_row + 1 > MAX_SHEET_ROWS {
        return Err(sheet_err(
            "sheet `scores`",
            format!("{} rows; a scorebook has one row per item (at most {MAX_SHEET_ROWS} rows)", last_row + 1),
        ));
    }
    for (c, h) in HEADER.iter().enumerate() {
        let found = text_of(&scores, "scores", 0, c as u32)?;
        if found.as_deref().map(str::trim) != Some(h) {
            return Err(sheet_err(
                cell("scores", 0, c as u32),
                format!("the header must be `{h}` (row 1: {})", HEADER.join(", ")),
            ));
        }
    }
    let mut items: Vec<(String, BookItem)> = Vec::new();
    for r in 1..=last_row as u32 {
        let Some(id) = text_of(&scores, "scores", r, 0)? else {
            let rest = (1..HEADER.len() as u32)
                .filter(|&c| c != 3 && c != 4 && c != 2)
                .any(|c| !matches!(scores.get_value((r, c)), None | Some(Data::Empty)));
            if rest {
                return Err(sheet_err(cell("scores", r, 0), "a row with scores or comments but no item id"));
            }
            continue;
        };
        let id = id.trim().to_string();
        if fw.position(&id).is_none() {
            return Err(sheet_err(
                cell("scores", r, 0),
                format!("`{id}` is not an item of {} (rule: item ids from the framework)", fw.id),
            ));
        }
        if items.iter().any(|(i, _)| *i == id) {
            return Err(sheet_err(cell("scores", r, 0), format!("item {id} appears twice (rule: each item once)")));
        }
        if formula_at(r, 1) {
            return Err(sheet_err(cell("scores", r, 1), "a formula where a number belongs (type the percent)"));
        }
        let at = cell("scores", r, 1);
        let percent = match scores.get_value((r, 1)) {
            None | Some(Data::Empty) => None,
            Some(Data::Int(i)) => Some(*i),
            Some(Data::Float(f)) if *f > 0.0 && *f < 1.0 => {
                return Err(sheet_err(
                    at,
                    format!(
                        "{f} is not a percent (hint: Excel stores 55% as 0.55; type 55 in a cell formatted as a number)"
                    ),
                ))
            }
            Some(Data::Float(f)) if f.fract() == 0.0 && (-1e6..=1e6).contains(f) => Some(*f as i64),
            Some(Data::Float(f)) => return Err(sheet_err(at, format!("{f} is not a whole percent"))),
            Some(Data::String(s)) => {
                return Err(sheet_err(
                    at,
                    format!("`{}` is text; a percent is a number such as 55 (rule: numbers, not text)", s.trim()),
                ))
            }
            Some(other) => return Err(sheet_err(at, format!("a number such as 55 expected, found {other:?}"))),
        };
        if let Some(p) = percent {
            crate::check::on_grid(fw, &id, "percent", p).map_err(|e| sheet_err(at.clone(), e.to_string()))?;
        }
        let lines = |c: u32| -> Result<Vec<String>, Error> {
            Ok(text_of(&scores, "scores", r, c)?
                .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
                .unwrap_or_default())
        };
        let mut comments: Vec<Comment> = lines(5)?.iter().map(|l| parse_comment(CommentKind::Strength, l)).collect();
        comments.extend(lines(6)?.iter().map(|l| parse_comment(CommentKind::Ofi, l)));
        let site_visit = lines(7)?
            .into_iter()
            .map(|l| match l.split_once('|') {
                Some((v, a)) if !a.trim().is_empty() => {
                    SiteVisit { verify: v.trim().into(), ask: Some(a.trim().into()) }
                }
                _ => SiteVisit { verify: l.trim_end_matches('|').trim().into(), ask: None },
            })
            .collect();
        items.push((id, BookItem { percent, comments, site_visit }));
    }
    let book = Scorebook { applicant, framework: fw.id.clone(), examiner, items: BookItems(items), sealed: None };
    // Bounds and text rules of every scorebook (a JSON round trip is the one parser's check).
    Scorebook::parse(&book.to_json(), crate::Format::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell("scores", 0, 0), "scores!A1");
        assert_eq!(cell("scores", 4, 1), "scores!B5");
        assert_eq!(cell("s", 0, 25), "s!Z1");
        assert_eq!(cell("s", 9, 26), "s!AA10");
    }

    #[test]
    fn comment_lines_carry_key_factors_and_readiness() {
        let c = parse_comment(CommentKind::Ofi, "  未见趋势数据 [KF2, ready] ");
        assert_eq!(
            (c.text.as_str(), c.key_factors.clone(), c.feedback_ready),
            ("未见趋势数据", vec!["KF2".to_string()], true)
        );
        assert_eq!(comment_line(&c), "未见趋势数据 [KF2, ready]");
        let plain = parse_comment(CommentKind::Strength, "[only brackets]");
        assert_eq!(plain.text, "[only brackets]");
        assert!(!plain.feedback_ready);
    }

    #[test]
    fn a_workbook_round_trips_and_bad_bytes_are_named() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut book = Scorebook::template(fw, "SH-1", "李四");
        book.items.0[0].1.percent = Some(55);
        book.items.0[0].1.comments.push(parse_comment(CommentKind::Strength, "=cmd|' /C calc'!A0 [KF1, ready]"));
        book.items.0[1].1.site_visit.push(SiteVisit { verify: "会议纪要".into(), ask: Some("总经理".into()) });
        let bytes = scorebook_workbook(fw, &book, Lang::Zh).unwrap();
        let back = scorebook_from_workbook(&bytes, &catalog).unwrap();
        assert_eq!(back.items.0[0].1, book.items.0[0].1);
        assert_eq!(back.items.0[1].1, book.items.0[1].1);
        assert_eq!((back.applicant.as_str(), back.examiner.as_str()), ("SH-1", "李四"));
        let err = scorebook_from_workbook(b"not a zip at all", &catalog).unwrap_err();
        assert!(err.to_string().contains("not an .xlsx"), "{err}");
    }
}
