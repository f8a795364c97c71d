//! Workbooks for people who work in Excel or WPS (feature `xlsx`): examiners' scorebooks and
//! organisations' self-assessments in and out, the cohort and plan tables out, a roster in.
//!
//! A scores workbook: sheet `scores` (A1 `id`, B1 `percent`, then `name`, `points`, `band`,
//! `strengths`, `ofis`, and `site_visit` in a scorebook or `evidence` in a self-assessment; one row
//! per item and nothing else; the percent column limited to the framework's grid by a validation
//! list; each item's guidance as a note on its id), sheet `summary` (live subtotals by formula;
//! ignored on import) and sheet `meta` (a scorebook: applicant, framework, version, examiner; a
//! self-assessment: framework, version, organisation, sector, region). In the `strengths` and `ofis`
//! cells each line is one note; in a scorebook a trailing `[KF1, KF2]` cites key factors, and
//! `ready` among them marks the comment feedback-ready. In `site_visit` each line is one issue,
//! `what to verify | whom to ask`.
//!
//! Reading is bounded: the file must be a zip whose parts unpack to at most `MAX_UNZIPPED_BYTES`
//! (checked from the zip's directory before anything is inflated), at most `MAX_SHEET_ROWS` rows,
//! and every bad cell is named by sheet and cell with the rule it breaks.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format as XFormat, Formula, Note, Workbook, XlsxError};

use crate::assessment::{Assessment, Entry, Items, Notes, Organisation};
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

/// The `scores` sheet's header of a scorebook, in column order.
pub const HEADER: [&str; 8] = ["id", "percent", "name", "points", "band", "strengths", "ofis", "site_visit"];
/// The `scores` sheet's header of a self-assessment.
pub const ASSESSMENT_HEADER: [&str; 8] = ["id", "percent", "name", "points", "band", "strengths", "ofis", "evidence"];
const SHEETS: [&str; 3] = ["scores", "summary", "meta"];

/// One row of a `scores` sheet as read: the notes columns as lines.
struct ItemRow {
    id: String,
    percent: Option<i64>,
    strengths: Vec<String>,
    ofis: Vec<String>,
    last: Vec<String>,
}

/// What a row of a scores workbook carries when it is written.
struct RowOut {
    percent: Option<i64>,
    strengths: String,
    ofis: String,
    last: String,
}
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
    let meta = [
        ("applicant", book.applicant.as_str()),
        ("framework", fw.id.as_str()),
        ("version", fw.version.as_str()),
        ("examiner", book.examiner.as_str()),
    ];
    write_scores(fw, lang, &HEADER, &meta, |id| {
        let entry = book.items.0.iter().find(|(i, _)| i == id).map(|(_, e)| e)?;
        let lines =
            |kind| entry.comments.iter().filter(|c| c.kind == kind).map(comment_line).collect::<Vec<_>>().join("\n");
        let visits = entry.site_visit.iter().map(|s| match &s.ask {
            Some(a) => format!("{} | {a}", s.verify),
            None => s.verify.clone(),
        });
        Some(RowOut {
            percent: entry.percent,
            strengths: lines(CommentKind::Strength),
            ofis: lines(CommentKind::Ofi),
            last: visits.collect::<Vec<_>>().join("\n"),
        })
    })
}

/// A workbook of an organisation's self-assessment (blank from a template, or prefilled).
pub fn assessment_workbook(fw: &Framework, a: &Assessment, lang: Lang) -> Result<Vec<u8>, Error> {
    let org = &a.organisation;
    let meta = [
        ("framework", fw.id.as_str()),
        ("version", fw.version.as_str()),
        ("organisation", org.name.as_deref().unwrap_or("")),
        ("sector", org.sector.as_deref().unwrap_or("")),
        ("region", org.region.as_deref().unwrap_or("")),
    ];
    write_scores(fw, lang, &ASSESSMENT_HEADER, &meta, |id| {
        let entry = a.items.0.iter().find(|(i, _)| i == id).map(|(_, e)| e)?;
        Some(RowOut {
            percent: entry.percent,
            strengths: entry.strengths.join("\n"),
            ofis: entry.ofis.join("\n"),
            last: entry.evidence.clone().unwrap_or_default(),
        })
    })
}

fn write_scores(
    fw: &Framework,
    lang: Lang,
    header: &[&str; 8],
    meta: &[(&str, &str)],
    row_of: impl Fn(&str) -> Option<RowOut>,
) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let bold = XFormat::new().set_bold();
    let wrap = XFormat::new().set_text_wrap();
    let n = fw.item_count() as u32;
    {
        let ws = wb.add_worksheet().set_name("scores").map_err(writing)?;
        for (c, h) in header.iter().enumerate() {
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
            let out = row_of(&item.id);
            ws.write_string(r, 0, &item.id).map_err(writing)?;
            if let Some(p) = out.as_ref().and_then(|o| o.percent) {
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
            // Text is written as text: a note that starts with `=` stays a note.
            if let Some(o) = &out {
                ws.write_string_with_format(r, 5, &o.strengths, &wrap).map_err(writing)?;
                ws.write_string_with_format(r, 6, &o.ofis, &wrap).map_err(writing)?;
                ws.write_string_with_format(r, 7, &o.last, &wrap).map_err(writing)?;
            }
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
        for (r, (k, v)) in meta.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, *k, &bold).map_err(writing)?;
            ws.write_string(r as u32, 1, *v).map_err(writing)?;
        }
    }
    wb.save_to_buffer().map_err(writing)
}

/// A cell of a table written to a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// A one-sheet workbook of a table (the cohort, the plan table): a bold header row, frozen, then
/// the rows; text is written as text (a cell starting with `=` is not a formula).
pub fn table_workbook(sheet: &str, headers: &[String], rows: &[Vec<Cell>]) -> Result<Vec<u8>, Error> {
    tables_workbook(&[(sheet.to_string(), headers.to_vec(), rows.to_vec())])
}

/// A table for a sheet: its name, headers and rows.
pub type Table = (String, Vec<String>, Vec<Vec<Cell>>);

/// A workbook of several tables, one sheet each: (sheet name, headers, rows). A name is cut to
/// Excel's 31 characters.
pub fn tables_workbook(tables: &[Table]) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let bold = XFormat::new().set_bold();
    for (sheet, headers, rows) in tables {
        let name: String = sheet.chars().take(31).collect();
        let ws = wb.add_worksheet().set_name(&name).map_err(writing)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold).map_err(writing)?;
            ws.set_column_width(c as u16, (h.chars().count() as f64 * 1.6).clamp(10.0, 40.0)).map_err(writing)?;
        }
        ws.set_freeze_panes(1, 0).map_err(writing)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
                    Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(writing)?;
            }
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

/// An opened workbook: refused before reading if it is no zip or a zip bomb, if it has sheets
/// other than `allowed`, lacks one of `needed`, or merges cells on a sheet that is read.
fn open<'b>(bytes: &'b [u8], allowed: &[&str], needed: &[&str]) -> Result<Xlsx<Cursor<&'b [u8]>>, Error> {
    check_zip(bytes)?;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| sheet_err("the file", format!("is not a readable .xlsx workbook ({e})")))?;
    let names = wb.sheet_names();
    if let Some(other) = names.iter().find(|n| !allowed.contains(&n.as_str())) {
        return Err(sheet_err(
            format!("sheet `{other}`"),
            format!("is not part of this workbook (rule: the sheets are {})", allowed.join(", ")),
        ));
    }
    for needed in needed {
        if !names.iter().any(|n| n == needed) {
            return Err(sheet_err(format!("sheet `{needed}`"), "is missing"));
        }
    }
    wb.load_merged_regions().map_err(|e| sheet_err("the file", e.to_string()))?;
    for sheet in needed {
        if let Some((_, _, dims)) = wb.merged_regions_by_sheet(sheet).first() {
            return Err(sheet_err(
                cell(sheet, dims.start.0, dims.start.1),
                "merged cells (rule: one value per cell; unmerge them)",
            ));
        }
    }
    Ok(wb)
}

/// A sheet's values and formulas.
fn read(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<(Range<Data>, Range<String>), Error> {
    let values = wb.worksheet_range(sheet).map_err(|e| sheet_err(format!("sheet `{sheet}`"), e.to_string()))?;
    let formulas = wb.worksheet_formula(sheet).map_err(|e| sheet_err(format!("sheet `{sheet}`"), e.to_string()))?;
    Ok((values, formulas))
}

fn formula_at(formulas: &Range<String>, row: u32, col: u32) -> bool {
    formulas.get_value((row, col)).is_some_and(|f| !f.is_empty())
}

/// The `meta` sheet: column A the names, column B the values; no formulas.
fn read_meta(wb: &mut Xlsx<Cursor<&[u8]>>) -> Result<Vec<(String, String)>, Error> {
    let (meta, formulas) = read(wb, "meta")?;
    let end = meta.end().map_or(0, |(r, _)| r);
    if end as usize >= 50 {
        return Err(sheet_err("sheet `meta`", "more than 50 rows (rule: one name and value per row)"));
    }
    let mut fields = Vec::new();
    for r in 0..=end {
        for c in 0..2 {
            if formula_at(&formulas, r, c) {
                return Err(sheet_err(cell("meta", r, c), "a formula where text belongs"));
            }
        }
        if let (Some(k), v) = (text_of(&meta, "meta", r, 0)?, text_of(&meta, "meta", r, 1)?) {
            fields.push((k.trim().to_string(), v.unwrap_or_default().trim().to_string()));
        }
    }
    Ok(fields)
}

fn field<'m>(fields: &'m [(String, String)], name: &str) -> Option<&'m str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

fn required<'m>(fields: &'m [(String, String)], name: &str) -> Result<&'m str, Error> {
    field(fields, name)
        .ok_or_else(|| sheet_err("sheet `meta`", format!("no `{name}` (column A the name, column B the value)")))
}

/// The percent in a cell: a whole number on the framework's grid, or empty.
fn percent_at(
    range: &Range<Data>,
    formulas: &Range<String>,
    fw: &Framework,
    id: &str,
    r: u32,
) -> Result<Option<i64>, Error> {
    let at = cell("scores", r, 1);
    if formula_at(formulas, r, 1) {
        return Err(sheet_err(at, "a formula where a number belongs (type the percent)"));
    }
    let percent = match range.get_value((r, 1)) {
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
        crate::check::on_grid(fw, id, "percent", p).map_err(|e| sheet_err(at, e.to_string()))?;
    }
    Ok(percent)
}

/// The `scores` sheet: its header exactly `header`, then one row per item (ids from `fw`, each once).
fn read_scores(wb: &mut Xlsx<Cursor<&[u8]>>, fw: &Framework, header: &[&str; 8]) -> Result<Vec<ItemRow>, Error> {
    let (scores, formulas) = read(wb, "scores")?;
    let last_row = scores.end().map_or(0, |(r, _)| r) as usize;
    if last_row + 1 > MAX_SHEET_ROWS {
        return Err(sheet_err(
            "sheet `scores`",
            format!("{} rows; one row per item (at most {MAX_SHEET_ROWS} rows)", last_row + 1),
        ));
    }
    for (c, h) in header.iter().enumerate() {
        let found = text_of(&scores, "scores", 0, c as u32)?;
        if found.as_deref().map(str::trim) != Some(h) {
            return Err(sheet_err(
                cell("scores", 0, c as u32),
                format!("the header must be `{h}` (row 1: {})", header.join(", ")),
            ));
        }
    }
    let mut rows: Vec<ItemRow> = Vec::new();
    for r in 1..=last_row as u32 {
        let Some(id) = text_of(&scores, "scores", r, 0)? else {
            // Name, points and band are the template's; a percent or notes need an item.
            let rest = [1, 5, 6, 7].iter().any(|&c| !matches!(scores.get_value((r, c)), None | Some(Data::Empty)));
            if rest {
                return Err(sheet_err(cell("scores", r, 0), "a row with scores or notes but no item id"));
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
        if rows.iter().any(|row| row.id == id) {
            return Err(sheet_err(cell("scores", r, 0), format!("item {id} appears twice (rule: each item once)")));
        }
        let percent = percent_at(&scores, &formulas, fw, &id, r)?;
        let lines = |c: u32| -> Result<Vec<String>, Error> {
            Ok(text_of(&scores, "scores", r, c)?
                .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
                .unwrap_or_default())
        };
        rows.push(ItemRow { percent, strengths: lines(5)?, ofis: lines(6)?, last: lines(7)?, id });
    }
    Ok(rows)
}

/// Reads an examiner's workbook into a scorebook (unsealed); every bad cell is named.
pub fn scorebook_from_workbook(bytes: &[u8], catalog: &Catalog) -> Result<Scorebook, Error> {
    let mut wb = open(bytes, &SHEETS, &["scores", "meta"])?;
    let meta = read_meta(&mut wb)?;
    let (applicant, examiner) = (required(&meta, "applicant")?, required(&meta, "examiner")?);
    let fw = catalog.get(required(&meta, "framework")?).map_err(|e| sheet_err("meta, framework", e.to_string()))?;
    let items = read_scores(&mut wb, fw, &HEADER)?
        .into_iter()
        .map(|row| {
            let mut comments: Vec<Comment> =
                row.strengths.iter().map(|l| parse_comment(CommentKind::Strength, l)).collect();
            comments.extend(row.ofis.iter().map(|l| parse_comment(CommentKind::Ofi, l)));
            let site_visit = row
                .last
                .into_iter()
                .map(|l| match l.split_once('|') {
                    Some((v, a)) if !a.trim().is_empty() => {
                        SiteVisit { verify: v.trim().into(), ask: Some(a.trim().into()) }
                    }
                    _ => SiteVisit { verify: l.trim_end_matches('|').trim().into(), ask: None },
                })
                .collect();
            (row.id, BookItem { percent: row.percent, comments, site_visit })
        })
        .collect();
    let book = Scorebook {
        applicant: applicant.into(),
        framework: fw.id.clone(),
        examiner: examiner.into(),
        items: BookItems(items),
        sealed: None,
    };
    // Bounds and text rules of every scorebook (a JSON round trip is the one parser's check).
    Scorebook::parse(&book.to_json(), crate::Format::Json)
}

/// Reads an organisation's self-assessment workbook; every bad cell is named. The result is
/// checked like any assessment file (sector ids, text bounds) by the one parser.
pub fn assessment_from_workbook(bytes: &[u8], catalog: &Catalog) -> Result<Assessment, Error> {
    let mut wb = open(bytes, &SHEETS, &["scores", "meta"])?;
    let meta = read_meta(&mut wb)?;
    let fw = catalog.get(required(&meta, "framework")?).map_err(|e| sheet_err("meta, framework", e.to_string()))?;
    let items = read_scores(&mut wb, fw, &ASSESSMENT_HEADER)?
        .into_iter()
        .map(|row| {
            let evidence = (!row.last.is_empty()).then(|| row.last.join("\n"));
            let notes = Notes { strengths: row.strengths, ofis: row.ofis, evidence, ..Notes::default() };
            let entry = Entry::with_notes(row.percent, notes);
            (row.id, entry)
        })
        .collect();
    let a = Assessment {
        kind: crate::award::Applicant::Organisation,
        individual: None,
        framework: fw.id.clone(),
        assessor: None,
        date: None,
        organisation: Organisation {
            name: field(&meta, "organisation").map(str::to_string),
            sector: field(&meta, "sector").map(str::to_string),
            region: field(&meta, "region").map(str::to_string),
            ..Organisation::default()
        },
        profile: Default::default(),
        items: Items(items),
    };
    Assessment::parse(&a.to_json(), crate::Format::Json)
}

/// A row of a table sheet: its index, and the non-empty cells by column name.
type TableRow = (u32, Vec<(String, Data)>);

/// A table sheet read by its header: each row as (row index, column name -> cell). The header
/// names every column once; `columns` lists the names allowed, `required` those that must be there.
fn read_table(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    columns: &[&str],
    required: &[&str],
) -> Result<Vec<TableRow>, Error> {
    let (range, formulas) = read(wb, sheet)?;
    if let Some((r, c, _)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        return Err(sheet_err(cell(sheet, r0 + r as u32, c0 + c as u32), "a formula where a value belongs"));
    }
    let (last_row, last_col) = range.end().unwrap_or((0, 0));
    if last_row as usize + 1 > crate::limits::MAX_ROSTER + 1 {
        return Err(sheet_err(format!("sheet `{sheet}`"), format!("more than {} rows", crate::limits::MAX_ROSTER)));
    }
    let mut header: Vec<(u32, String)> = Vec::new();
    for c in 0..=last_col.min(64) {
        if let Some(name) = text_of(&range, sheet, 0, c)? {
            let name = name.trim().to_string();
            if !columns.contains(&name.as_str()) {
                return Err(sheet_err(
                    cell(sheet, 0, c),
                    format!("`{name}` is not a column of `{sheet}` ({})", columns.join(", ")),
                ));
            }
            if header.iter().any(|(_, h)| *h == name) {
                return Err(sheet_err(cell(sheet, 0, c), format!("`{name}` appears twice in the header")));
            }
            header.push((c, name));
        }
    }
    if let Some(missing) = required.iter().find(|r| !header.iter().any(|(_, h)| h == *r)) {
        return Err(sheet_err(cell(sheet, 0, 0), format!("the header has no `{missing}` column")));
    }
    let mut rows = Vec::new();
    for r in 1..=last_row {
        let values: Vec<(String, Data)> = header
            .iter()
            .filter_map(|(c, name)| match range.get_value((r, *c)) {
                None | Some(Data::Empty) => None,
                Some(Data::String(t)) if t.trim().is_empty() => None,
                Some(v) => Some((name.clone(), v.clone())),
            })
            .collect();
        if !values.is_empty() {
            rows.push((r, values));
        }
    }
    Ok(rows)
}

/// A table cell as the JSON value of a roster field: numbers for the year columns, `YYYY-MM-DD`
/// for dates (an Excel date cell or the text), text otherwise.
fn roster_value(sheet: &str, row: u32, col: &str, value: &Data, header_col: u32) -> Result<serde_json::Value, Error> {
    let at = || cell(sheet, row, header_col);
    let numeric = matches!(col, "enrolled" | "year" | "plan_year");
    Ok(match value {
        Data::Int(i) if numeric => serde_json::json!(i),
        Data::Float(f) if numeric && f.fract() == 0.0 && f.abs() < 1e6 => serde_json::json!(*f as i64),
        _ if numeric => return Err(sheet_err(at(), format!("`{col}` is a whole number such as 2014, found {value}"))),
        Data::DateTime(d) if matches!(col, "trained" | "date") => {
            // Excel counts days from 1899-12-30; 25569 of them reach 1970-01-01.
            let days = d.as_f64().floor() - 25_569.0;
            if !(0.0..100_000.0).contains(&days) {
                return Err(sheet_err(at(), "a date from 1970 on"));
            }
            serde_json::json!(crate::Date::from_unix_seconds(days as u64 * 86_400).to_string())
        }
        Data::Bool(b) if col == "passed" => serde_json::json!(b),
        Data::String(t) if col == "passed" => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "是" | "通过" => serde_json::json!(true),
            "false" | "no" | "否" | "未通过" => serde_json::json!(false),
            _ => return Err(sheet_err(at(), format!("`passed` is yes or no, found {t}"))),
        },
        _ if col == "passed" => return Err(sheet_err(at(), format!("`passed` is yes or no, found {value}"))),
        Data::String(t) => serde_json::json!(t.trim()),
        Data::Int(i) => serde_json::json!(i.to_string()),
        Data::Float(f) => serde_json::json!(crate::report::dossier::number(*f)),
        other => return Err(sheet_err(at(), format!("text expected, found {other}"))),
    })
}

/// Reads a programme roster from a workbook: sheet `meta` (`programme`), sheet `organisations`
/// (id, name, sector, enrolled, body, assessment, plan_training, plan_award, plan_level, plan_year),
/// sheet `managers` (organisation, name, role, trained), sheet `applications` (organisation, level,
/// award, year: `organisation` names an organisation or an individual by id), and optionally sheet
/// `individuals` (id, name, organisation, role, body, nomination, trained, plan_*), sheet `bodies`
/// (id, kind, name_zh, name_en) and sheet `filings` (body, year, date). Checked like a roster file.
/// A sheet's row number and its cells as an object.
type RowObject = (u32, serde_json::Map<String, serde_json::Value>);

pub fn roster_from_workbook(bytes: &[u8]) -> Result<crate::programme::Roster, Error> {
    use serde_json::{json, Map, Value};
    const SHEETS: [&str; 8] =
        ["meta", "organisations", "managers", "applications", "individuals", "bodies", "filings", "exercises"];
    let mut wb = open(bytes, &SHEETS, &["meta", "organisations"])?;
    let meta = read_meta(&mut wb)?;
    let programme = required(&meta, "programme")?.to_string();
    let names = wb.sheet_names();
    let column = |cols: &[&str], name: &str| cols.iter().position(|c| *c == name).unwrap_or(0) as u32;
    // A row of a sheet as an object, `plan_*` columns gathered into `plan`.
    let rows = |wb: &mut Xlsx<Cursor<&[u8]>>,
                sheet: &str,
                cols: &[&str],
                required: &[&str]|
     -> Result<Vec<RowObject>, Error> {
        let mut out = Vec::new();
        for (r, values) in read_table(wb, sheet, cols, required)? {
            let mut m = Map::new();
            let mut plan = Map::new();
            for (name, v) in &values {
                let value = roster_value(sheet, r, name, v, column(cols, name))?;
                match name.strip_prefix("plan_") {
                    Some(key) => plan.insert(key.to_string(), value),
                    None => m.insert(name.clone(), value),
                };
            }
            if !plan.is_empty() {
                m.insert("plan".into(), Value::Object(plan));
            }
            out.push((r, m));
        }
        Ok(out)
    };
    let id_of = |sheet: &str, r: u32, m: &Map<String, Value>| -> Result<String, Error> {
        match m.get("id").and_then(Value::as_str).filter(|id| !id.is_empty()) {
            Some(id) => Ok(id.to_string()),
            None => Err(sheet_err(cell(sheet, r, 0), "a row without an id")),
        }
    };
    let plan_cols = ["plan_training", "plan_award", "plan_level", "plan_year"];
    let org_cols: Vec<&str> =
        ["id", "name", "sector", "enrolled", "body", "assessment"].into_iter().chain(plan_cols).collect();
    let mut members = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (r, mut m) in rows(&mut wb, "organisations", &org_cols, &["id", "name", "sector", "enrolled"])? {
        ids.push(id_of("organisations", r, &m)?);
        m.insert("managers".into(), json!([]));
        m.insert("applications".into(), json!([]));
        members.push(m);
    }
    let mut people = Vec::new();
    let mut person_ids: Vec<String> = Vec::new();
    if names.iter().any(|n| n == "individuals") {
        let cols: Vec<&str> = ["id", "name", "organisation", "role", "body", "nomination", "trained"]
            .into_iter()
            .chain(plan_cols)
            .collect();
        for (r, mut m) in rows(&mut wb, "individuals", &cols, &["id", "name"])? {
            person_ids.push(id_of("individuals", r, &m)?);
            m.insert("applications".into(), json!([]));
            people.push(m);
        }
    }
    let mut bodies = Vec::new();
    if names.iter().any(|n| n == "bodies") {
        let cols = ["id", "kind", "name_zh", "name_en"];
        for (r, m) in rows(&mut wb, "bodies", &cols, &cols)? {
            let text = |k: &str| m.get(k).cloned().unwrap_or(Value::Null);
            bodies.push(json!({"id": id_of("bodies", r, &m)?, "kind": text("kind"), "name": {"zh": text("name_zh"), "en": text("name_en")}, "filed": []}));
        }
    }
    for (sheet, cols, required) in [
        ("managers", &["organisation", "name", "role", "trained"][..], &["organisation", "name", "role"][..]),
        (
            "applications",
            &["organisation", "level", "award", "year"][..],
            &["organisation", "level", "award", "year"][..],
        ),
        ("filings", &["body", "year", "date"][..], &["body", "year", "date"][..]),
    ] {
        if !names.iter().any(|n| n == sheet) {
            continue;
        }
        let owner_col = cols[0];
        for (r, mut entry) in rows(&mut wb, sheet, cols, required)? {
            let owner = entry.remove(owner_col).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let at = cell(sheet, r, column(cols, owner_col));
            let person = person_ids.iter().position(|id| *id == owner).filter(|_| sheet == "applications");
            let target: &mut Map<String, Value> = if sheet == "filings" {
                match bodies.iter_mut().find(|b| b["id"] == owner.as_str()).and_then(Value::as_object_mut) {
                    Some(b) => b,
                    None => return Err(sheet_err(at, format!("`{owner}` is not a body id on the `bodies` sheet"))),
                }
            } else if let Some(i) = ids.iter().position(|id| *id == owner) {
                &mut members[i]
            } else if let Some(i) = person {
                &mut people[i]
            } else {
                let also = if sheet == "applications" { " or an individual id on the `individuals` sheet" } else { "" };
                return Err(sheet_err(
                    at,
                    format!("`{owner}` is not an organisation id on the `organisations` sheet{also}"),
                ));
            };
            let field = if sheet == "filings" { "filed" } else { sheet };
            if let Some(Value::Array(list)) = target.get_mut(field) {
                list.push(Value::Object(entry));
            }
        }
    }
    // Training exercises: each a manager's, named by organisation id and manager name.
    if names.iter().any(|n| n == "exercises") {
        let cols = ["organisation", "manager", "session", "date", "passed"];
        for (r, mut entry) in rows(&mut wb, "exercises", &cols, &cols)? {
            let text = |e: &mut Map<String, Value>, k: &str| e.remove(k).and_then(|v| v.as_str().map(str::to_string));
            let (owner, manager) = (text(&mut entry, "organisation").unwrap_or_default(), text(&mut entry, "manager"));
            let list = ids
                .iter()
                .position(|id| *id == owner)
                .and_then(|i| members[i].get_mut("managers"))
                .and_then(Value::as_array_mut)
                .and_then(|ms| ms.iter_mut().find(|m| m["name"].as_str() == manager.as_deref()));
            let Some(found) = list.and_then(Value::as_object_mut) else {
                return Err(sheet_err(
                    cell("exercises", r, 0),
                    format!(
                        "no manager `{}` of organisation `{owner}` on the `managers` sheet",
                        manager.unwrap_or_default()
                    ),
                ));
            };
            match found.entry("exercises").or_insert_with(|| json!([])) {
                Value::Array(list) => list.push(Value::Object(entry)),
                _ => return Err(sheet_err(cell("exercises", r, 0), "exercises are a list")),
            }
        }
    }
    let doc = json!({"programme": programme, "bodies": bodies, "organisations": members, "individuals": people});
    crate::programme::Roster::parse(&doc.to_string(), crate::Format::Json)
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

    #[test]
    fn a_self_assessment_workbook_round_trips() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut a = Assessment::template(fw, Some("services"));
        a.organisation.name = Some("港湾物流".into());
        a.items.0[0].1.percent = Some(55);
        a.items.0[0].1.strengths = vec!["月度经营例会".into(), "=HYPERLINK(\"x\")".into()];
        a.items.0[0].1.evidence = Some("会议纪要".into());
        let bytes = assessment_workbook(fw, &a, Lang::En).unwrap();
        let back = assessment_from_workbook(&bytes, &catalog).unwrap();
        assert_eq!(back.organisation.name.as_deref(), Some("港湾物流"));
        assert_eq!(back.organisation.sector.as_deref(), Some("services"));
        assert_eq!(back.items.0[0], a.items.0[0]);
        assert_eq!(back.items.0.len(), 23);
        // A scorebook workbook is not a self-assessment: its last column is `site_visit`.
        let book = scorebook_workbook(fw, &Scorebook::template(fw, "A", "E"), Lang::Zh).unwrap();
        let err = assessment_from_workbook(&book, &catalog).unwrap_err().to_string();
        assert!(err.contains("scores!H1") && err.contains("evidence"), "{err}");
    }

    #[test]
    fn a_roster_workbook_reads_as_the_roster_file_does() {
        let mut wb = Workbook::new();
        let rows: [(&str, &[&[&str]]); 4] = [
            ("meta", &[&["programme", "city-drive-2013-2015"]]),
            (
                "organisations",
                &[
                    &["id", "name", "sector", "enrolled", "plan_training", "plan_year"],
                    &["m-001", "示例精密机械", "advanced-manufacturing", "#2013", "一季度集中培训", "#2014"],
                    &["s-001", "=港湾物流", "services", "#2014", "", ""],
                ],
            ),
            ("managers", &[&["organisation", "name", "role", "trained"], &["m-001", "王强", "总经理", "2013-03-15"]]),
            (
                "applications",
                &[&["organisation", "level", "award", "year"], &["m-001", "city", "shanghai-quality-gold", "#2014"]],
            ),
        ];
        for (name, table) in rows {
            let ws = wb.add_worksheet().set_name(name).unwrap();
            for (r, row) in table.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    match v.strip_prefix('#') {
                        Some(n) => ws.write_number(r as u32, c as u16, n.parse::<f64>().unwrap()).map(|_| ()),
                        None if v.is_empty() => Ok(()),
                        None => ws.write_string(r as u32, c as u16, *v).map(|_| ()),
                    }
                    .unwrap();
                }
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        let roster = roster_from_workbook(&bytes).unwrap();
        assert_eq!(roster.programme, "city-drive-2013-2015");
        let m = &roster.organisations[0];
        assert_eq!((m.enrolled, m.managers[0].trained.as_deref()), (2013, Some("2013-03-15")));
        assert_eq!(m.applications[0].year, 2014);
        assert_eq!(m.plan.as_ref().map(|p| p.year), Some(2014));
        assert_eq!(roster.organisations[1].name, "=港湾物流"); // text, never a formula
        assert!(roster.organisations[1].plan.is_none());
    }
}
