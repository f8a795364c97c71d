//! The dossier as a Word document (docx-rs): real heading styles (the navigation pane lists the
//! clauses), a table of contents, A4 pages numbered in the footer, tables, and Chinese text in
//! East-Asian fonts (宋体 for the body, 黑体 for headings). Built in memory: no file is touched.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrText, InstrToC, PageMargin, PageNum, Paragraph, Run, RunFonts,
    Style, StyleType, Table, TableCell, TableRow,
};

use super::dossier::{Block, Dossier};
use crate::Error;

/// A4 in twentieths of a point, and 2 cm margins.
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN: i32 = 1_134;

fn body_fonts() -> RunFonts {
    RunFonts::new().east_asia("宋体").ascii("Times New Roman").hi_ansi("Times New Roman")
}

fn heading_fonts() -> RunFonts {
    RunFonts::new().east_asia("黑体").ascii("Arial").hi_ansi("Arial")
}

/// Text as XML 1.0 allows it: control characters other than tab and line breaks (ESC, BEL ...)
/// would make the document unreadable, so they become visible `\u{..}` escapes, as in a terminal.
fn safe(t: &str) -> String {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    if t.chars().all(|c| allowed(c) && c != '\u{fffe}' && c != '\u{ffff}') {
        return t.to_string();
    }
    t.chars()
        .map(|c| {
            if allowed(c) && c != '\u{fffe}' && c != '\u{ffff}' {
                c.to_string()
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

fn run(t: &str) -> Run {
    Run::new().add_text(safe(t))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t))
}

impl Dossier {
    /// The dossier as DOCX bytes.
    pub fn docx(&self) -> Result<Vec<u8>, Error> {
        let mut doc = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN))
            .default_fonts(body_fonts())
            .default_size(21) // 10.5 pt, 五号
            .footer(
                Footer::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new())),
            )
            .add_style(Style::new("Title", StyleType::Paragraph).name("Title").size(44).bold().fonts(heading_fonts()));
        for (level, size) in [(1usize, 32usize), (2, 28), (3, 24)] {
            doc = doc.add_style(
                Style::new(format!("Heading{level}"), StyleType::Paragraph)
                    .name(format!("Heading {level}"))
                    .size(size)
                    .bold()
                    .fonts(heading_fonts())
                    .outline_lvl(level - 1),
            );
        }
        for block in &self.blocks {
            match block {
                Block::Title(t) => {
                    doc = doc.add_paragraph(text(t).style("Title").align(AlignmentType::Center));
                }
                Block::Heading(level, t) => {
                    doc = doc.add_paragraph(text(t).style(&format!("Heading{level}")));
                }
                Block::Contents => {
                    // A TOC field over heading levels 1-2, marked dirty so Word and LibreOffice
                    // fill it in (with page numbers) when the document is opened. Begin, the
                    // instruction, separate and end each in a run of their own, as Word writes them.
                    // The field's shown result lists the headings now (no page numbers: Word adds
                    // them when it updates the field), so the contents read even unrefreshed.
                    let headings: Vec<(u8, &String)> = self
                        .blocks
                        .iter()
                        .filter_map(|b| match b {
                            Block::Heading(level @ 1..=2, t) => Some((*level, t)),
                            _ => None,
                        })
                        .collect();
                    let entry = |level: u8, t: &str| {
                        Paragraph::new()
                            .indent(Some(if level == 2 { 420 } else { 0 }), None, None, None)
                            .add_run(run(t))
                    };
                    let mut field = vec![Paragraph::new()
                        .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
                        .add_run(Run::new().add_instr_text(InstrText::TOC(InstrToC::new().heading_styles_range(1, 2))))
                        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))];
                    field.extend(headings.iter().map(|(level, t)| entry(*level, t)));
                    field.push(Paragraph::new().add_run(Run::new().add_field_char(FieldCharType::End, false)));
                    doc = doc.add_paragraph(Paragraph::new().add_run(
                        Run::new().add_text(self.lang.t("目录", "Contents")).bold().size(32).fonts(heading_fonts()),
                    ));
                    for p in field {
                        doc = doc.add_paragraph(p);
                    }
                }
                Block::Paragraph(t) => doc = doc.add_paragraph(text(t)),
                Block::Labelled(label, t) => {
                    let sep = self.lang.t("：", ": ");
                    doc = doc
                        .add_paragraph(Paragraph::new().add_run(run(&format!("{label}{sep}")).bold()).add_run(run(t)));
                }
                Block::Missing(t) => {
                    doc = doc.add_paragraph(Paragraph::new().add_run(run(t).italic().color("8A4B00")));
                }
                Block::Warning(t) => {
                    doc = doc.add_paragraph(Paragraph::new().add_run(run(t).bold().color("B00000")));
                }
                Block::List(items) => {
                    for item in items {
                        doc = doc.add_paragraph(text(&format!("• {item}")).indent(Some(360), None, None, None));
                    }
                }
                Block::Table { header, rows } => {
                    let row = |cells: &[String], bold: bool| {
                        TableRow::new(
                            cells
                                .iter()
                                .map(|c| {
                                    let run = run(c);
                                    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold {
                                        run.bold()
                                    } else {
                                        run
                                    }))
                                })
                                .collect(),
                        )
                    };
                    let mut all = vec![row(header, true)];
                    all.extend(rows.iter().map(|r| row(r, false)));
                    doc = doc.add_table(Table::new(all));
                }
                Block::PageBreak => {
                    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)));
                }
            }
        }
        let mut out = std::io::Cursor::new(Vec::new());
        doc.build()
            .pack(&mut out)
            .map_err(|e| Error::Options { rule: format!("the DOCX could not be written: {e}") })?;
        Ok(out.into_inner())
    }
}
