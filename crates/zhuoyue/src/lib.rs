//! zhuoyue (卓越): performance-excellence criteria as data, and exact scoring of self-assessments.
//!
//! The pipeline every surface (CLI, Python, browser) runs:
//!
//! ```text
//! text --parse--> Assessment --Catalog::check--> Checked --score--> Scorecard
//! ```
//!
//! ```
//! use zhuoyue::{Assessment, Catalog, Format};
//!
//! let catalog = Catalog::builtin()?;
//! let text = r#"{"framework": "gbt19580-2012", "items": {"4.4.3": 35}}"#;
//! let assessment = Assessment::parse(text, Format::Json)?;
//! let checked = catalog.check(&assessment, zhuoyue::Completeness::Partial)?;
//! let card = checked.score();
//! assert_eq!(card.total.to_string(), "5.25"); // 35% of a 15-point item, exactly
//! # Ok::<(), zhuoyue::Error>(())
//! ```
//!
//! The crate does no I/O and keeps no global state: callers read files and hand over text.
#![forbid(unsafe_code)]

pub mod assessment;
pub mod award;
pub mod calibration;
pub mod catalog;
pub mod check;
pub mod cohort;
pub mod consensus;
pub mod crosswalk;
pub mod error;
pub mod framework;
pub mod history;
pub mod limits;
pub mod ops;
pub mod plan;
pub mod points;
pub mod present;
pub mod programme;
pub mod readiness;
pub mod report;
pub mod score;
pub mod scorebook;
#[cfg(feature = "xlsx")]
pub mod sheet;
pub mod text;
pub mod training;

pub use assessment::{
    Applied, Assessment, Better, Checked, Completeness, Entry, Facts, Format, Individual, KeyFactor, Measure, Notes,
    Organisation, Profile, Sector, Warning,
};
pub use catalog::Catalog;
pub use error::Error;
pub use framework::{Framework, Kind, Text};
pub use points::Points;
pub use present::{Date, Lang, Percent};
pub use score::Scorecard;
