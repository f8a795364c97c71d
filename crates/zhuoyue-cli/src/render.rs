//! What the CLI prints. Every number comes from the core's scorecard; this file only lays it out.

use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use zhuoyue::award::AwardProfile;
use zhuoyue::plan::{Gap, Plan};
use zhuoyue::present::Words;
use zhuoyue::readiness::Readiness;
use zhuoyue::score::ScoreResult;
use zhuoyue::{Assessment, Catalog, Framework, Kind, Lang, Percent, Points};

/// Pads to a display width (CJK characters take two columns in a terminal).
fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// A 20-cell bar for a share.
fn bar(share: Percent) -> String {
    let filled = ((share.tenths().clamp(0, 1000) * 20 + 500) / 1000) as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled))
}

/// The widest label column that keeps a scorecard line within 80 columns.
const LABEL_WIDTH: usize = 34;

/// Splits a label into lines of at most `width` display columns, at spaces where it can (a word
/// wider than the column is cut), so long names wrap instead of pushing the numbers out of line.
fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for mut word in label.split_whitespace() {
        loop {
            let last = lines.len() - 1;
            let line = &mut lines[last];
            let gap = usize::from(!line.is_empty());
            if line.width() + gap + word.width() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                break;
            }
            if line.is_empty() {
                // A word wider than the column is cut where the column ends.
                let (head, rest) = split_at_width(word, width);
                if head.is_empty() {
                    line.push_str(word); // not even one character fits: keep it whole
                    break;
                }
                line.push_str(head);
                word = rest;
            }
            lines.push(String::new());
        }
    }
    lines
}

/// The longest start of `text` that fits in `width` display columns, and the rest.
fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return text.split_at(i);
        }
    }
    (text, "")
}

/// A row whose first line carries the numbers and whose label wraps onto lines of its own.
fn row(label: &str, numbers: &str) -> String {
    let mut out = String::new();
    for (i, line) in wrap(label, LABEL_WIDTH).iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("  {}{numbers}\n", pad(line, LABEL_WIDTH)));
        } else {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

/// Text for a terminal, line by line: control characters in names become visible escapes.
pub fn for_terminal(text: &str) -> String {
    text.split('\n').map(zhuoyue::present::terminal).collect::<Vec<_>>().join("\n")
}

pub fn text(fw: &Framework, result: &ScoreResult) -> String {
    let card = &result.card;
    let mut out = String::new();
    let org = &result.organisation;
    let name = org.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or("(organisation not named)");
    out.push_str(name);
    if let Some(sector) = &org.sector {
        out.push_str(&format!(" · {sector}"));
    }
    out.push('\n');
    out.push_str(&format!("{} {} {}\n({}, data {})\n\n", fw.standard, fw.name.zh, fw.name.en, fw.id, fw.version));

    out.push_str(&format!("  {}{:>8} {:>5} {:>7}\n", pad("Category 类目", LABEL_WIDTH), "Score", "Max", "%"));
    for c in &card.categories {
        let share = Percent::of(c.score, c.max);
        let numbers =
            format!("{:>8} {:>5} {:>7}  {}", c.score.to_string(), c.max.hundredths() / 100, share, bar(share));
        out.push_str(&row(&format!("{} {} {}", c.id, c.name.zh, c.name.en), &numbers));
    }
    out.push('\n');
    for (names, sub) in [(&fw.kinds.process, &card.process), (&fw.kinds.results, &card.results)] {
        let numbers = format!("{:>8} {:>5}", sub.score.to_string(), sub.max.hundredths() / 100);
        out.push_str(&row(&format!("{} {}", names.en, names.zh), &numbers));
    }
    let band = match (card.band, &card.band_range) {
        (Some(b), Some(range)) => format!("  band {b} ({range}, reference)"),
        _ => String::new(),
    };
    out.push_str(&row(
        "Total 总分",
        &format!("{:>8} {:>5}{band}", card.total.to_string(), card.max.hundredths() / 100),
    ));

    out.push_str(&format!(
        "\n  {}{:>8} {:>5} {:>7}  Band\n",
        pad("Item 评分项", LABEL_WIDTH),
        "Score",
        "Max",
        "Percent"
    ));
    for i in &card.items {
        let (percent, band) = match (i.percent, &i.band) {
            (Some(p), Some(b)) => (format!("{p}%"), b.clone()),
            (Some(p), None) => (format!("{p}%"), String::new()),
            (None, _) => ("-".into(), "not rated".into()),
        };
        let numbers = format!("{:>8} {:>5} {:>7}  {band}", i.score.to_string(), i.max.hundredths() / 100, percent);
        out.push_str(&row(&format!("{} {} {}", i.id, i.name.zh, i.name.en), &numbers));
    }
    if !card.missing.is_empty() {
        out.push_str(&format!(
            "\nPartial score: {} of {} items rated; not rated: {}\n",
            card.rated,
            card.item_count,
            card.missing.join(", ")
        ));
    }
    for warning in &result.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

pub fn validation(path: &std::path::Path, v: &zhuoyue::ops::Validation) -> String {
    let mut out = if v.assessment.is_gates_only() {
        format!(
            "ok: {} (an individual's nomination naming no rubric: judged on its award's gates, `zhuoyue readiness {} --award ID`)\n",
            path.display(),
            path.display()
        )
    } else {
        format!(
            "ok: {} ({} {}, {} of {} items rated)\n",
            path.display(),
            v.framework,
            v.framework_version,
            v.rated,
            v.item_count
        )
    };
    for warning in &v.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

pub fn to_json<T: Serialize>(value: &T) -> String {
    // Plain data with string keys always serialises.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A long table: one row per item, then per category, the two subtotals and the total. Text cells
/// pass through `csv_text`, so none runs as a formula in Excel or WPS.
pub fn csv(fw: &Framework, result: &ScoreResult) -> Result<String, csv::Error> {
    let card = &result.card;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["level", "id", "name_zh", "name_en", "percent", "score", "max", "band"])?;
    for i in &card.items {
        let percent = i.percent.map(|p| p.to_string()).unwrap_or_default();
        let band = i.band.clone().unwrap_or_default();
        let (max, score) = (i.max.hundredths() / 100, i.score.to_string());
        w.write_record([
            "item",
            &cell(&i.id),
            &cell(&i.name.zh),
            &cell(&i.name.en),
            &percent,
            &score,
            &max.to_string(),
            &band,
        ])?;
    }
    for c in &card.categories {
        let share = Percent::of(c.score, c.max).to_string();
        let (max, score) = ((c.max.hundredths() / 100).to_string(), c.score.to_string());
        let share = share.trim_end_matches('%');
        w.write_record(["category", &cell(&c.id), &cell(&c.name.zh), &cell(&c.name.en), share, &score, &max, ""])?;
    }
    for (id, sub, names) in
        [("process", &card.process, &fw.kinds.process), ("results", &card.results, &fw.kinds.results)]
    {
        let max = sub.max.to_string();
        w.write_record(["subtotal", id, &cell(&names.zh), &cell(&names.en), "", &sub.score.to_string(), &max, ""])?;
    }
    let band = card.band.map(|b| b.to_string()).unwrap_or_default();
    w.write_record(["total", "total", "总分", "Total", "", &card.total.to_string(), &card.max.to_string(), &band])?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn cell(text: &str) -> String {
    zhuoyue::present::csv_text(text)
}

pub fn criteria_list(catalog: &Catalog) -> String {
    let mut out = String::new();
    for fw in catalog.frameworks() {
        out.push_str(&format!(
            "{:<20} {} {} / {} ({} categories, {} items, {} points; data {}, confidence {})\n",
            fw.id,
            fw.standard,
            fw.name.zh,
            fw.name.en,
            fw.categories.len(),
            fw.item_count(),
            fw.max_points,
            fw.version,
            fw.provenance.confidence
        ));
    }
    out
}

pub fn criteria_show(fw: &Framework) -> String {
    let mut out = format!(
        "{} {} / {}\nid {}, data version {}, edition {}\n",
        fw.standard, fw.name.zh, fw.name.en, fw.id, fw.version, fw.edition
    );
    out.push_str(&format!("source: {}\nconfidence: {}\n", fw.provenance.source, fw.provenance.confidence));
    for note in &fw.provenance.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&format!("\n{} points; percents in steps of {}%\n\n", fw.max_points, fw.percent_step));
    for category in &fw.categories {
        out.push_str(&format!(
            "{} {} {} ({} points)\n",
            category.id, category.name.zh, category.name.en, category.points
        ));
        for item in &category.items {
            let kind = if item.kind == Kind::Process { "process" } else { "results" };
            let confidence = item.confidence.as_deref().map(|c| format!(", confidence {c}")).unwrap_or_default();
            out.push_str(&format!(
                "  {} {} {} ({} points, {kind}{confidence})\n",
                item.id, item.name.zh, item.name.en, item.points
            ));
        }
    }
    for kind in [Kind::Process, Kind::Results] {
        let dims: Vec<String> =
            fw.dimensions_of(kind).map(|d| format!("{} {} {}", d.id, d.name.zh, d.name.en)).collect();
        if !dims.is_empty() {
            out.push_str(&format!("\n{} dimensions: {}\n", kind.word(Lang::En), dims.join("; ")));
        }
    }
    out.push_str("\nScoring bands:\n");
    for band in &fw.bands {
        out.push_str(&format!(
            "  {:>8}  process: {}\n            results: {}\n",
            band.label(),
            band.process.en,
            band.results.en
        ));
    }
    if let Some(overall) = &fw.overall_bands {
        out.push_str(&format!("\nOverall bands ({}):\n", overall.note.en));
        for b in &overall.bands {
            out.push_str(&format!("  band {}: {}-{}\n", b.band, b.min, b.max));
        }
    }
    out
}

/// A blank assessment: every item present and `null` (not rated), so nothing is forgotten.
pub fn template_json(fw: &Framework, sectors: &[&str]) -> String {
    // The last sector the programme data lists (the catch-all, "other", in the built-ins).
    let mut text = Assessment::template(fw, sectors.last().copied()).to_json();
    text.push('\n');
    text
}

/// A blank nomination in TOML, with a header saying what each fact is for.
pub fn individual_template_toml(blank: &Assessment) -> Result<String, zhuoyue::Error> {
    let mut out = String::from(
        "# A nomination for an individual quality award: the facts the award's gates read.\n\
         # quality_work_years = 12, legal_compliance = true, good_conduct = true; a fact left out is\n\
         # judged unknown, never a pass. Awards won: prior_awards = [{ award = \"...\", year = 2020 }]\n\
         # ([] for none); other applications: applications = [{ award = \"...\", level = \"district\",\n\
         # year = 2026 }] ([] for none). `zhuoyue awards` lists the award ids.\n",
    );
    out.push_str(&blank.to_toml()?);
    Ok(out)
}

/// TOML has no null, so the template lists every item as a comment to uncomment and fill in.
pub fn template_toml(fw: &Framework, sectors: &[&str]) -> String {
    let mut out = format!(
        "# Self-assessment: {} {} / {}\n# Rate each item with a percent from 0 to 100 in steps of {}; uncomment the line.\n\n",
        fw.standard, fw.name.zh, fw.name.en, fw.percent_step
    );
    out.push_str(&format!(
        "framework = \"{}\"\n\n[organisation]\nname = \"\"\nsector = \"{}\"  # {}\n# founded = 2006\n",
        fw.id,
        sectors.last().copied().unwrap_or_default(),
        sectors.join(", ")
    ));
    if !fw.profile_sections.is_empty() {
        out.push_str(
            "\n# The organisational profile: one text per section; key factors are what comments cite.\n[profile]\n",
        );
        for s in &fw.profile_sections {
            out.push_str(&format!("{} = \"\"  # {} {}\n", s.id, s.name.zh, s.name.en));
        }
        out.push_str("key_factors = []  # { id = \"KF-C1\", section = \"relationships\", text = \"...\" }\n");
    }
    out.push_str("\n[items]\n");
    for category in &fw.categories {
        out.push_str(&format!(
            "# {} {} {} ({} points)\n",
            category.id, category.name.zh, category.name.en, category.points
        ));
        for item in &category.items {
            out.push_str(&format!(
                "# \"{}\" = 0    # {} {} ({} points)\n",
                item.id, item.name.zh, item.name.en, item.points
            ));
        }
    }
    out
}

fn status_mark(status: zhuoyue::readiness::Status) -> &'static str {
    match status {
        zhuoyue::readiness::Status::Pass => "[pass]   ",
        zhuoyue::readiness::Status::Fail => "[fail]   ",
        zhuoyue::readiness::Status::Unknown => "[unknown]",
    }
}

pub fn readiness(award: &AwardProfile, r: &Readiness, year: i32) -> String {
    let mut out = format!(
        "{} {} ({} {}, {} level; judged for {year})\n",
        award.name.en,
        award.name.zh,
        award.id,
        award.version,
        award.level.word(Lang::En)
    );
    out.push_str(&format!("Applicant: {} {}\n", award.applicant.word(Lang::En), award.applicant.word(Lang::Zh)));
    match (r.score_verdict, r.total, r.line) {
        (Some(from_scores), Some(total), Some(line)) => out.push_str(&format!(
            "Verdict: {} {} (scores alone: {})\nTotal {} / line {} (near within {}){}\n\n",
            r.verdict.word(Lang::En),
            r.verdict.word(Lang::Zh),
            from_scores.word(Lang::En),
            total,
            line,
            r.near_margin,
            r.gap.filter(|g| *g > Points::ZERO).map(|g| format!(", {g} to go")).unwrap_or_default()
        )),
        _ => out.push_str(&format!(
            "Verdict: {} {} (no score line: judged on the gates{})\n\n",
            r.verdict.word(Lang::En),
            r.verdict.word(Lang::Zh),
            r.total.map(|t| format!("; rubric total {t}")).unwrap_or_default()
        )),
    }
    for reason in &r.reasons {
        out.push_str(&format!(
            "  {} {}\n            {}\n",
            status_mark(reason.status),
            reason.sentence.en,
            reason.sentence.zh
        ));
    }
    if r.complete == Some(false) {
        out.push_str("\nNote: a partial assessment; unrated items count as 0.\n");
    }
    let lead = if award.score_line.is_some() { "Score lines are configuration, not law" } else { "Source" };
    out.push_str(&format!("\n{lead}: {}\n", award.provenance.source));
    out
}

pub fn plan(fw: &Framework, p: &Plan, gaps: &[Gap]) -> String {
    let name =
        |id: &str| fw.items().find(|i| i.id == id).map(|i| format!("{} {}", i.name.zh, i.name.en)).unwrap_or_default();
    let mut out = format!(
        "Plan from {} to {}{}: {} cycle(s), effort {} (each item +{}% at most per cycle)\n",
        p.start,
        p.target,
        p.award.as_ref().map(|a| format!(" (award {a})")).unwrap_or_default(),
        p.cycle_count,
        p.cost,
        p.max_raise
    );
    if p.cycle_count == 0 {
        out.push_str("The target is already met: nothing to raise.\n");
    }
    for cycle in &p.cycles {
        out.push_str(&format!("\nCycle {}:\n", cycle.number));
        for r in &cycle.raises {
            out.push_str(&format!(
                "  {:<7} {:>3}% -> {:>3}%  {:>+8}  effort {:<6} {}\n",
                r.item,
                r.from,
                r.to,
                format!("+{}", r.gain),
                r.cost,
                name(&r.item)
            ));
        }
        out.push_str(&format!("  total after cycle {}: {}\n", cycle.number, cycle.total_after));
    }
    out.push_str("\nMost points at stake (headroom = max - score):\n");
    for g in gaps.iter().take(5) {
        let percent = g.percent.map(|p| format!("{p}%")).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "  {:<7} {:>8} of {:>6} at {:>4}  {}\n",
            g.item,
            g.headroom.to_string(),
            g.max.to_string(),
            percent,
            name(&g.item)
        ));
    }
    out
}

pub fn awards_list(catalog: &Catalog) -> String {
    let mut out = String::new();
    for a in catalog.awards() {
        out.push_str(&format!(
            "{:<34} {} / {} ({}, {}; {}; {} gates; for {}; confidence {})\n",
            a.id,
            a.name.zh,
            a.name.en,
            a.level.word(Lang::En),
            a.applicant.word(Lang::En),
            a.score_line.map_or_else(|| "no score line".to_string(), |l| format!("line {l}")),
            a.gates.len(),
            if a.frameworks.is_empty() { "any rubric".to_string() } else { a.frameworks.join(", ") },
            a.provenance.confidence
        ));
    }
    out
}

pub fn award_show(a: &AwardProfile) -> String {
    let mut out = format!(
        "{} / {}\nid {}, version {}, {}, {} level\n",
        a.name.zh,
        a.name.en,
        a.id,
        a.version,
        a.edition,
        a.level.word(Lang::En)
    );
    out.push_str(&format!("applicant: {} ({})\n", a.applicant.word(Lang::En), a.applicant.word(Lang::Zh)));
    if !a.aliases.is_empty() {
        out.push_str(&format!("former ids (still accepted for one release): {}\n", a.aliases.join(", ")));
    }
    match a.score_line {
        Some(line) => out.push_str(&format!(
            "frameworks: {}\nscore line: {line} (near within {})\n",
            a.frameworks.join(", "),
            a.near_margin
        )),
        None => out.push_str(&format!(
            "frameworks: {}\nscore line: none (judged on the gates)\n",
            if a.frameworks.is_empty() { "any rubric the user loads".to_string() } else { a.frameworks.join(", ") }
        )),
    }
    for f in &a.floors {
        out.push_str(&format!(
            "floor: {}\n",
            match f {
                zhuoyue::award::Floor::CategoryPercent { category, min } =>
                    format!("category {category} at least {min}%"),
                zhuoyue::award::Floor::KindPoints { of, min } =>
                    format!("{} subtotal at least {min} points", of.word(Lang::En)),
            }
        ));
    }
    for g in &a.gates {
        out.push_str(&format!("gate {}: {} / {}\n", g.id, g.text.zh, g.text.en));
    }
    for l in &a.levels {
        out.push_str(&format!("level {}: {} / {} at {} points\n", l.id, l.name.zh, l.name.en, l.line));
    }
    out.push_str(&format!("source: {}\nconfidence: {}\n", a.provenance.source, a.provenance.confidence));
    for note in &a.provenance.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

pub fn translation(t: &zhuoyue::crosswalk::Translation) -> String {
    let mut out = format!("{} -> {} (crosswalk {})\n", t.from, t.to, t.crosswalk);
    for item in &t.items {
        let percent = item.percent.map_or_else(|| "-".to_string(), |p| format!("{p}%"));
        out.push_str(&format!(
            "  {:<7} {:>5}  coverage {:>5.1}%  from {}\n",
            item.target,
            percent,
            item.coverage * 100.0,
            item.sources.join(", ")
        ));
    }
    if !t.missing.is_empty() {
        out.push_str(&format!("missing (nothing to carry over): {}\n", t.missing.join(", ")));
    }
    out
}

pub fn worksheet(sheet: &zhuoyue::consensus::Worksheet) -> String {
    let mut out = format!(
        "Consensus worksheet: {} ({} examiners: {})\n",
        sheet.framework,
        sheet.examiners.len(),
        sheet.examiners.join(", ")
    );
    out.push_str(&format!(
        "  {:<7} {:>20}  {:>6} {:>7} {:>6} {:>6}  {}\n",
        "item", "percents", "median", "spread", "prop.", "agreed", "flag"
    ));
    for r in &sheet.rows {
        let percents: Vec<String> =
            r.percents.iter().map(|p| p.map_or_else(|| "-".into(), |p| p.to_string())).collect();
        let mut flag = if r.flagged { format!("discuss ({} points at stake)", r.at_stake) } else { String::new() };
        if !r.outliers.is_empty() {
            flag.push_str(&format!(
                "{}far from the median: {}",
                if flag.is_empty() { "" } else { "; " },
                r.outliers.join(", ")
            ));
        }
        out.push_str(&format!(
            "  {:<7} {:>20}  {:>6} {:>7} {:>6} {:>6}  {}\n",
            r.item,
            percents.join(" "),
            r.median.map_or_else(|| "-".into(), |m| format!("{m}")),
            r.spread,
            r.proposed.map_or_else(|| "-".into(), |p| p.to_string()),
            r.agreed.map_or_else(|| "-".into(), |p| p.to_string()),
            flag
        ));
    }
    out.push_str(&format!(
        "Discuss first (spread over {}, most points at stake first): {}\n",
        sheet.threshold,
        if sheet.discuss.is_empty() { "none".into() } else { sheet.discuss.join(", ") }
    ));
    let a = &sheet.agreement;
    let stat = |v: Option<f64>| v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    out.push_str(&format!(
        "Agreement: ICC(2,1) {}, ICC(2,k) {} over {} items rated by all {} examiners; \
         Krippendorff's alpha interval {}, nominal {}\n",
        stat(a.icc_2_1),
        stat(a.icc_2_k),
        a.items,
        a.examiner_count,
        stat(a.krippendorff_alpha_interval),
        stat(a.krippendorff_alpha_nominal),
    ));
    out.push_str(&format!("  {:<16} {:>5} {:>9} {:>7}  {}\n", "examiner", "rated", "leniency", "spread", "flag"));
    let signed = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:+.1}"));
    for e in &a.examiners {
        let mut flags = Vec::new();
        if e.flat {
            flags.push("flat scoring");
        }
        if e.outlier {
            flags.push(if e.leniency.is_some_and(|l| l > 0.0) { "lenient" } else { "severe" });
        }
        out.push_str(&format!(
            "  {} {:>5} {:>9} {:>7}  {}\n",
            fit(&e.name, 16),
            e.rated,
            signed(e.leniency),
            e.spread.map_or_else(|| "-".to_string(), |v| format!("{v:.1}")),
            flags.join(", ")
        ));
    }
    out
}

pub fn calibration(
    c: &zhuoyue::calibration::Calibration,
    r: &zhuoyue::calibration::CalibrationResult,
    lang: Lang,
) -> String {
    let range = &r.range;
    let mut out = format!("{} ({} {})\n", lang.pick(&c.name), c.id, c.version);
    out.push_str(&match lang {
        Lang::Zh => format!(
            "自评 {} 分；校准区间 {} – {} 分（满分 {}）。这是供讨论的区间，不是“真实”得分。\n",
            range.claimed, range.low, range.high, range.max
        ),
        Lang::En => format!(
            "Claimed {}; calibrated range {} - {} of {}. A range to discuss, not a \"true\" score.\n",
            range.claimed, range.low, range.high, range.max
        ),
    });
    if r.flags.is_empty() {
        out.push_str(lang.t("没有需要讨论的标记。\n", "No flags.\n"));
    }
    // One heading per rule (its name, how many items, the points at stake), then each flag.
    let mut rules: Vec<&str> = Vec::new();
    for f in &r.flags {
        if !rules.contains(&f.rule.as_str()) {
            rules.push(&f.rule);
        }
    }
    for rule in rules {
        let flags: Vec<_> = r.flags.iter().filter(|f| f.rule == rule).collect();
        let first = flags[0];
        let stake: Points = flags.iter().map(|f| f.points_at_stake).sum();
        let count = match (first.item.is_some(), lang) {
            (false, _) => String::new(),
            (true, Lang::Zh) => format!("（{} 条，涉及 {stake} 分）", flags.len()),
            (true, Lang::En) if flags.len() == 1 => format!(" (1 item, {stake} points at stake)"),
            (true, Lang::En) => format!(" ({} items, {stake} points at stake)", flags.len()),
        };
        out.push_str(&format!("\n{}{count} [{rule}]\n", lang.pick(&first.title)));
        for f in &flags {
            out.push_str(&format!("  - {}\n", lang.pick(&f.message)));
        }
        out.push_str(&format!("  {} {}\n", lang.t("如何消除：", "to lift it:"), lang.pick(&first.lift)));
    }
    out
}

fn signed(p: Option<Points>) -> String {
    match p {
        None => "-".into(),
        Some(p) if p.hundredths() > 0 => format!("+{p}"),
        Some(p) => p.to_string(),
    }
}

pub fn history(fw: &Framework, h: &zhuoyue::history::History) -> String {
    let mut out = format!(
        "History: {} ({}, {} assessments)\n",
        h.organisation.as_deref().unwrap_or("(organisation not named)"),
        h.framework,
        h.series.len()
    );
    out.push_str(&format!(
        "  {:<10} {:>8} {:>8} {:>8} {:>9} {:>9}\n",
        "date", "total", "process", "results", "vs prev", "vs first"
    ));
    for p in &h.series {
        out.push_str(&format!(
            "  {:<10} {:>8} {:>8} {:>8} {:>9} {:>9}\n",
            p.date,
            p.total.to_string(),
            p.process.to_string(),
            p.results.to_string(),
            signed(p.since_previous),
            signed(Some(p.since_first))
        ));
    }
    out.push_str("  categories:\n");
    for c in &fw.categories {
        let cells: Vec<String> =
            h.series.iter().map(|p| p.categories.get(&c.id).map_or_else(|| "-".into(), |s| s.to_string())).collect();
        out.push_str(&format!("    {} {}: {}\n", c.id, fit(&c.name.zh, 12).trim_end(), cells.join(" -> ")));
    }
    if !h.moved.is_empty() {
        out.push_str("  moved most:\n");
        for id in &h.moved {
            if let Some(i) = h.items.iter().find(|i| &i.id == id) {
                let (f, l) = (i.first.unwrap_or(0), i.last.unwrap_or(0));
                out.push_str(&format!("    {id:<7} {f}% -> {l}% ({} points)\n", signed(i.points)));
            }
        }
    }
    if let Some(plan) = &h.plan {
        out.push_str("  planned raises:\n");
        for r in plan {
            let now = r.latest.map_or_else(|| "-".into(), |p| format!("{p}%"));
            out.push_str(&format!(
                "    cycle {} {:<7} {}% -> {}%: now {now}, {}\n",
                r.cycle, r.item, r.from, r.to, r.status
            ));
        }
    }
    out
}

/// One row per date: totals, subtotals, every category score and every item percent.
pub fn history_csv(fw: &Framework, h: &zhuoyue::history::History) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["date".to_string(), "source".into(), "total".into(), "process".into(), "results".into()];
    header.extend(fw.categories.iter().map(|c| c.id.clone()));
    header.extend(fw.items().map(|i| format!("item {}", i.id)));
    w.write_record(&header)?;
    for p in &h.series {
        let mut row =
            vec![p.date.clone(), cell(&p.source), p.total.to_string(), p.process.to_string(), p.results.to_string()];
        row.extend(fw.categories.iter().map(|c| p.categories.get(&c.id).map(|s| s.to_string()).unwrap_or_default()));
        row.extend(
            fw.items().map(|i| p.items.get(&i.id).copied().flatten().map(|v| v.to_string()).unwrap_or_default()),
        );
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn agreed(scored: &ScoreResult, overrides: &[zhuoyue::consensus::Override]) -> String {
    let mut out = format!("Consensus total: {} / {}\n", scored.card.total, scored.card.max);
    for o in overrides {
        let proposed = o.proposed.map_or_else(|| "-".into(), |p| p.to_string());
        out.push_str(&format!("  override {}: {} -> {} by {}: {}\n", o.item, proposed, o.agreed, o.by, o.why));
    }
    out
}

/// Text cut to a display width, with `…` where it was cut, then padded to it.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return pad(text, width);
    }
    let (head, _) = split_at_width(text, width.saturating_sub(1));
    pad(&format!("{head}…"), width)
}

pub fn cohort(c: &zhuoyue::cohort::Cohort) -> String {
    let mut out = format!(
        "{} {} {} {:>8} {:>4} {:>8} {:>8} {:>6}  {}\n",
        fit("source", 18),
        fit("organisation", 20),
        fit("sector", 14),
        "total",
        "band",
        "process",
        "results",
        "rated",
        "verdict"
    );
    for r in &c.rows {
        out.push_str(&format!(
            "{} {} {} {:>8} {:>4} {:>8} {:>8} {:>6}  {}\n",
            fit(&r.source, 18),
            fit(r.organisation.as_deref().unwrap_or("-"), 20),
            fit(r.sector.as_deref().unwrap_or("-"), 14),
            r.total.to_string(),
            r.band.map_or_else(|| "-".into(), |b| b.to_string()),
            r.process.to_string(),
            r.results.to_string(),
            format!("{}/{}", r.rated, r.item_count),
            r.verdict.map_or("", |v| v.word(Lang::En))
        ));
    }
    let partial = c.rows.iter().filter(|r| !r.complete).count();
    out.push_str(&format!(
        "\n{} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
        fit("sector", 24),
        "count",
        "mean",
        "min",
        "q1",
        "median",
        "q3",
        "max"
    ));
    for s in &c.sectors {
        out.push_str(&format!(
            "{} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}\n",
            fit(&s.group, 24),
            s.count,
            s.mean,
            s.min,
            s.q1,
            s.median,
            s.q3,
            s.max
        ));
    }
    if partial > 0 && !c.partial_in_summaries {
        out.push_str(&format!(
            "({partial} partial assessment(s) listed above, left out of the summaries; --partial counts them)\n"
        ));
    }
    let bands: Vec<String> = c.bands.iter().map(|(b, n)| format!("{b}: {n}")).collect();
    out.push_str(&format!("\nbands: {}\n", bands.join(", ")));
    if !c.verdicts.is_empty() {
        let verdicts: Vec<String> = c.verdicts.iter().map(|(v, n)| format!("{v}: {n}")).collect();
        out.push_str(&format!("verdicts: {}\n", verdicts.join(", ")));
    }
    for skipped in &c.skipped {
        let what = match skipped.what {
            zhuoyue::cohort::SkippedKind::Roster => "a roster",
            zhuoyue::cohort::SkippedKind::Nomination => "an individual's nomination (readiness --award ID judges it)",
        };
        out.push_str(&format!("skipped {}: {what}, not an organisation's assessment\n", skipped.source));
    }
    if let Some(cmp) = &c.compare {
        out.push_str(&format!("\nchange since the earlier cohort ({} matched):\n", cmp.changes.len()));
        out.push_str(&format!(
            "{} {:>8} {:>8} {:>8}  {}\n",
            fit("organisation", 24),
            "before",
            "now",
            "change",
            "matched by"
        ));
        for ch in &cmp.changes {
            out.push_str(&format!(
                "{} {:>8} {:>8} {:>8}  {}\n",
                fit(&ch.organisation, 24),
                ch.before.to_string(),
                ch.now.to_string(),
                signed(Some(ch.change)),
                ch.matched_by
            ));
        }
        for s in &cmp.sectors {
            out.push_str(&format!("median change, {} ({}): {:+.2}\n", s.sector, s.count, s.median_change));
        }
        if !cmp.new.is_empty() {
            out.push_str(&format!("new since then: {}\n", cmp.new.join(", ")));
        }
        if !cmp.gone.is_empty() {
            out.push_str(&format!("not in this cohort: {}\n", cmp.gone.join(", ")));
        }
    }
    out
}

/// A value of a table: text, or a number with the text CSV prints for it.
pub enum Val {
    Text(String),
    Num(String, f64),
}

/// The cohort as a table, once, for CSV and the workbook alike.
pub fn cohort_table(c: &zhuoyue::cohort::Cohort) -> (Vec<String>, Vec<Vec<Val>>) {
    let headers = [
        "source",
        "organisation",
        "sector",
        "framework",
        "total",
        "max",
        "band",
        "process",
        "results",
        "complete",
        "rated",
        "items",
        "verdict",
    ];
    let points = |p: zhuoyue::Points| Val::Num(p.to_string(), p.hundredths() as f64 / 100.0);
    let count = |n: usize| Val::Num(n.to_string(), n as f64);
    let text = |t: &str| Val::Text(t.to_string());
    let rows = c
        .rows
        .iter()
        .map(|r| {
            vec![
                text(&r.source),
                text(r.organisation.as_deref().unwrap_or("")),
                text(r.sector.as_deref().unwrap_or("")),
                text(&r.framework),
                points(r.total),
                points(r.max),
                r.band.map_or_else(|| text(""), |b| count(usize::from(b))),
                points(r.process),
                points(r.results),
                text(if r.complete { "true" } else { "false" }),
                count(r.rated),
                count(r.item_count),
                text(r.verdict.map_or("", |v| v.id())),
            ]
        })
        .collect();
    (headers.iter().map(|h| h.to_string()).collect(), rows)
}

/// A table as CSV: text cells escaped against formula injection, numbers as printed.
pub fn table_csv(headers: &[String], rows: &[Vec<Val>]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers)?;
    for row in rows {
        w.write_record(row.iter().map(|v| match v {
            Val::Text(t) => cell(t),
            Val::Num(t, _) => t.clone(),
        }))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Table values as workbook cells: numbers as numbers, text as text (never a formula).
pub fn sheet_cells(rows: &[Vec<Val>]) -> Vec<Vec<zhuoyue::sheet::Cell>> {
    use zhuoyue::sheet::Cell;
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Val::Text(t) if t.is_empty() => Cell::Empty,
                    Val::Text(t) => Cell::Text(t.clone()),
                    Val::Num(_, n) => Cell::Number(*n),
                })
                .collect()
        })
        .collect()
}

pub fn progress(result: &zhuoyue::ops::ProgrammeResult) -> String {
    let (p, candidates) = (&result.progress, &result.candidates);
    let dash = |v: Option<u32>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let scope = match &p.body {
        Some(body) => format!(" - organising body {body} (its share; the targets are the drive's)"),
        None => String::new(),
    };
    let mut out = format!(
        "Programme {}{scope}\n{:<6} {:<31} {:>6} {:>10} {:>7} {:>6} {:>9}  {}\n",
        p.programme, "year", "measure", "new", "cumulative", "target", "due", "shortfall", "on track"
    );
    for l in &p.lines {
        out.push_str(&format!(
            "{:<6} {:<31} {:>6} {:>10} {:>7} {:>6} {:>9}  {}\n",
            l.year,
            l.measure,
            l.new,
            l.cumulative,
            dash(l.target),
            dash(l.due),
            dash(l.shortfall),
            match l.on_track {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            }
        ));
    }
    if !candidates.is_empty() {
        out.push_str("\nAward candidates (eligible only, readiest first):\n");
        for c in candidates {
            out.push_str(&format!(
                "  {:<12} {} {:<12} {:>8}  {:<10} {}\n",
                c.id,
                fit(&c.name, 30),
                c.applicant.word(Lang::En),
                c.total.map_or_else(|| "-".to_string(), |t| t.to_string()),
                c.verdict.word(Lang::En),
                c.award
            ));
        }
    }
    out.push_str(&format!("\nWithout a trained senior manager: {}\n", p.without_trained_manager.len()));
    for (id, name) in &p.without_trained_manager {
        out.push_str(&format!("  {id} {name}\n"));
    }
    let passed: u32 = p.mastery.iter().map(|m| m.passed).sum();
    if passed > 0 || !p.without_passed_manager.is_empty() {
        let by_sector: Vec<String> = p
            .mastery
            .iter()
            .filter(|m| m.trained > 0 || m.passed > 0)
            .map(|m| format!("{} {}/{}", m.sector, m.passed, m.trained))
            .collect();
        out.push_str(&format!(
            "Managers who passed a training exercise: {passed} (passed/trained by sector: {})\n",
            by_sector.join(", ")
        ));
        out.push_str(&format!("Without a manager who passed an exercise: {}\n", p.without_passed_manager.len()));
        for (id, name) in &p.without_passed_manager {
            out.push_str(&format!("  {id} {name}\n"));
        }
    }
    if !p.bodies.is_empty() {
        out.push_str(&format!(
            "\nOrganising bodies (to {}):\n  {:<22} {:<26} {:>6} {:>11} {:>14} {:>16}  plan tables filed\n",
            result.year, "id", "name", "orgs", "individuals", "trained/passed", "applicants o/i"
        ));
        for b in &p.bodies {
            let filings: Vec<String> =
                b.filings.iter().map(|f| format!("{} {}", f.year, f.status.word(Lang::En))).collect();
            out.push_str(&format!(
                "  {:<22} {} {:>6} {:>11} {:>14} {:>16}  {}\n",
                b.id,
                fit(&b.name.zh, 26),
                b.organisations,
                b.individuals,
                format!("{}/{}", b.trained_managers, b.passed_managers),
                format!("{}/{}", b.applicants_organisations, b.applicants_individuals),
                filings.join(", ")
            ));
        }
        if p.unfiled.is_empty() {
            out.push_str("Every body has filed its plan tables due so far.\n");
        } else {
            out.push_str("Plan tables not filed by their deadline (or not yet due):\n");
            // Each unfiled table's filing, found through the bodies indexed once (a roster may have
            // tens of thousands of bodies).
            let bodies: std::collections::HashMap<&str, &zhuoyue::programme::BodyProgress> =
                p.bodies.iter().map(|b| (b.id.as_str(), b)).collect();
            for (body, year) in &p.unfiled {
                let filing = bodies.get(body.as_str()).and_then(|b| b.filings.iter().find(|f| f.year == *year));
                if let Some(f) = filing {
                    out.push_str(&format!("  {body} {year}: {} (due {})\n", f.status.word(Lang::En), f.due));
                }
            }
        }
    }
    if !p.special_sessions.is_empty() {
        out.push_str("\nSectors with enough managers to train for a special session:\n");
        for s in &p.special_sessions {
            out.push_str(&format!(
                "  {} {}: {} managers to train (threshold {})\n",
                s.name.zh, s.name.en, s.participants, s.threshold
            ));
        }
    }
    out
}

/// The yearly plan table: UTF-8 with a byte-order mark, so Excel reads the Chinese correctly.
pub fn plan_table(table: &zhuoyue::ops::PlanTable) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&table.headers)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| cell(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

fn num(v: Option<f64>, places: usize) -> Val {
    match v {
        Some(x) => Val::Num(format!("{x:.places$}"), x),
        None => Val::Text(String::new()),
    }
}

/// A training session as a table, once, for CSV and the workbook: one row per trainee.
pub fn training_table(t: &zhuoyue::training::Training) -> (Vec<String>, Vec<Vec<Val>>) {
    let headers =
        ["trainee", "rated", "mad", "bias", "spearman", "passed", "furthest", "strengths_found", "ofis_found"];
    let rows = t
        .trainees
        .iter()
        .map(|r| {
            vec![
                Val::Text(r.name.clone()),
                Val::Num(r.rated.to_string(), r.rated as f64),
                num(r.mad, 2),
                num(r.bias, 2),
                num(r.spearman, 3),
                Val::Text(r.passed.map(|p| if p { "yes" } else { "no" }.to_string()).unwrap_or_default()),
                Val::Text(r.furthest.join(" ")),
                Val::Text(
                    r.found.as_ref().map(|f| format!("{}/{}", f.strengths_found, f.strengths)).unwrap_or_default(),
                ),
                Val::Text(r.found.as_ref().map(|f| format!("{}/{}", f.ofis_found, f.ofis)).unwrap_or_default()),
            ]
        })
        .collect();
    (headers.iter().map(|h| h.to_string()).collect(), rows)
}

/// The trainer's view: each trainee against the reference, then the group.
pub fn training(t: &zhuoyue::training::Training) -> String {
    let f = |v: Option<f64>, places: usize| v.map_or_else(|| "-".to_string(), |x| format!("{x:.places$}"));
    let mut out = format!("Training on {} against the expert reference\n", t.framework);
    match t.rule {
        Some(r) => out.push_str(&format!(
            "Pass: |bias| <= {} and MAD <= {} points of percent, rank agreement >= {}\n\n",
            r.max_abs_bias, r.max_mad, r.min_spearman
        )),
        None => out.push_str("No pass rule (give --targets ID, e.g. city-drive-2013-2015)\n\n"),
    }
    out.push_str(&format!(
        "  {:<20} {:>5} {:>7} {:>7} {:>7}  {:<6} furthest off\n",
        "trainee", "rated", "MAD", "bias", "rho", "passed"
    ));
    for r in &t.trainees {
        out.push_str(&format!(
            "  {} {:>5} {:>7} {:>7} {:>7}  {:<6} {}\n",
            fit(&r.name, 20),
            r.rated,
            f(r.mad, 2),
            f(r.bias, 2),
            f(r.spearman, 3),
            match r.passed {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            },
            r.furthest.join(" ")
        ));
        if let Some(why) = &r.spearman_note {
            out.push_str(&format!("      rank agreement: {why}\n"));
        }
        if let Some(found) = &r.found {
            out.push_str(&format!(
                "      found {} of {} key strengths and {} of {} key OFIs\n",
                found.strengths_found, found.strengths, found.ofis_found, found.ofis
            ));
        }
    }
    let g = &t.group;
    out.push_str(&format!(
        "\nGroup of {}: mean MAD {}, mean bias {}{}\n",
        g.trainees,
        f(g.mean_mad, 2),
        f(g.mean_bias, 2),
        g.passed.map(|p| format!(", {p} passed")).unwrap_or_default()
    ));
    if !g.lenient.is_empty() {
        out.push_str(&format!("Lenient: {}\n", g.lenient.join(", ")));
    }
    if !g.severe.is_empty() {
        out.push_str(&format!("Severe: {}\n", g.severe.join(", ")));
    }
    if !g.misread.is_empty() {
        out.push_str("Items the whole group misreads (mean difference; the reference's reasoning):\n");
        for m in &g.misread {
            out.push_str(&format!(
                "  {:<7} {:>+7.2}  {}\n",
                m.item,
                m.mean_difference,
                m.reasoning.first().map_or("", String::as_str)
            ));
        }
    }
    if let Some(note) = t.trainees.first().and_then(|r| r.accuracy.note.as_ref()) {
        out.push_str(&format!("Accuracy components: {note}.\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_at_spaces_and_cut_words_wider_than_the_column() {
        assert_eq!(wrap("4.3 顾客与市场 Customers and markets", 34), ["4.3 顾客与市场 Customers and", "markets"]);
        // 20 CJK characters are 40 columns: cut at 34 columns (17 characters), the rest below.
        let long = "测".repeat(20);
        assert_eq!(wrap(&long, 34), ["测".repeat(17), "测".repeat(3)]);
        assert!(wrap("a b", 34) == ["a b"]);
        assert_eq!(fit("示例精密机械有限公司", 9), "示例精密…"); // 8 columns and the ellipsis
        assert_eq!(fit("short", 8), "short   ");
    }
}
