//! The frameworks a caller works with: the built-ins embedded at compile time plus any the caller
//! loads. A value the caller owns, not a global.

use crate::assessment::Assessment;
use crate::award::AwardProfile;
use crate::check::{Checked, Completeness};
use crate::crosswalk::Crosswalk;
use crate::programme::Targets;
use crate::{Error, Framework};

// The built-in criteria files twice: the TOML source as people edit it (public, for tools and
// tests), and the same data as JSON made by build.rs, which is what the loaders read, so the browser
// build needs no TOML parser. build.rs lists the folders under criteria/; nothing here names a file.
include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// Reads one built-in file's JSON form. build.rs made it from the TOML, so only a broken build
/// could fail here; the error still names the file.
fn builtin_json<T: serde::de::DeserializeOwned>(file: &str, json: &str) -> Result<T, Error> {
    crate::text::from_trusted_json(json, &format!("built-in {file}"))
}

/// The criteria a caller works with: built-in frameworks, award profiles, crosswalks, programmes,
/// guidance and calibration rules, plus any the caller adds (checked as the built-ins are).
///
/// ```
/// use zhuoyue::Catalog;
///
/// let catalog = Catalog::builtin()?;
/// assert_eq!(catalog.get("gbt19580-2012")?.max_points, 1000);
/// // A renamed award profile still answers to its former id.
/// assert_eq!(catalog.award("china-quality-award")?.id, "national-quality-award");
/// # Ok::<(), zhuoyue::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    frameworks: Vec<Framework>,
    awards: Vec<AwardProfile>,
    crosswalks: Vec<Crosswalk>,
    programmes: Vec<Targets>,
    calibrations: Vec<crate::calibration::Calibration>,
    /// The sectors the programmes define, each once (the browser loads only these).
    sectors: Vec<crate::programme::SectorTarget>,
}

/// The part of a programme file the browser needs: its sectors (the rest is left unread).
#[derive(serde::Deserialize)]
struct SectorsOnly {
    sectors: Vec<crate::programme::SectorTarget>,
}

impl Catalog {
    /// The built-in frameworks, each validated exactly as a user's file would be.
    pub fn builtin() -> Result<Catalog, Error> {
        let mut catalog = Catalog::builtin_frameworks_and_award_profiles()?.with_builtin_calibration()?;
        for (file, json) in CROSSWALKS_JSON {
            catalog.add_crosswalk(builtin_json(file, json)?)?;
        }
        for (file, json) in PROGRAMMES_JSON {
            catalog.add_programme(Targets::validate(builtin_json(file, json)?)?);
        }
        for (file, json) in GUIDANCE_JSON {
            catalog.add_content(builtin_json(file, json)?)?;
        }
        Ok(catalog)
    }

    /// Adds calibration rules after checking them (a user's file replaces a built-in of its id).
    pub fn add_calibration(&mut self, c: crate::calibration::Calibration) -> Result<(), Error> {
        let c = crate::calibration::Calibration::validate(c)?;
        self.calibrations.retain(|o| o.id != c.id);
        self.calibrations.push(c);
        Ok(())
    }

    /// A calibration by id; `None` gives the built-in default.
    pub fn calibration(&self, id: Option<&str>) -> Result<&crate::calibration::Calibration, Error> {
        let id = id.unwrap_or("default");
        self.calibrations.iter().find(|c| c.id == id).ok_or_else(|| Error::Calibration {
            calibration: id.to_string(),
            entry: "id".into(),
            rule: format!(
                "unknown (known: {})",
                self.calibrations.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// The built-in content file of a framework as JSON (what the browser fetches as
    /// `content/<id>.json`), or `None` when the framework has none.
    pub fn builtin_content_json(framework: &str) -> Option<&'static str> {
        let file = format!("{framework}.toml");
        GUIDANCE_JSON.iter().find(|(name, _)| *name == file).map(|(_, json)| *json)
    }

    /// Adds a framework's content (guidance per item and profile section) after checking it; on
    /// an error nothing changes.
    pub fn add_content(&mut self, content: crate::framework::ContentFile) -> Result<(), Error> {
        self.get(&content.framework)?;
        match self.frameworks.iter_mut().find(|f| f.id == content.framework) {
            Some(framework) => framework.add_content(content),
            None => Ok(()),
        }
    }

    /// The built-in frameworks, award profiles and programmes (for their sectors): what an
    /// organisation scoring itself and checking its readiness needs. The browser's page engine
    /// uses this, without the crosswalks and without the calibration rules
    /// ([`Catalog::with_builtin_calibration`] adds those: the whole engine does).
    pub fn builtin_frameworks_and_awards() -> Result<Catalog, Error> {
        let mut catalog = Catalog::builtin_frameworks_and_award_profiles()?;
        // The programmes' sectors: the ones an assessment may name (the targets stay unread here).
        for (file, json) in PROGRAMMES_JSON {
            let only: SectorsOnly = builtin_json(file, json)?;
            catalog.merge_sectors(only.sectors);
        }
        Ok(catalog)
    }

    /// This catalog with the built-in calibration rules added (the optimism guard).
    pub fn with_builtin_calibration(mut self) -> Result<Catalog, Error> {
        for (file, json) in CALIBRATION_JSON {
            self.add_calibration(builtin_json(file, json)?)?;
        }
        Ok(self)
    }

    fn builtin_frameworks_and_award_profiles() -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        for (file, json) in FRAMEWORKS_JSON {
            catalog.add(Framework::validate(builtin_json(file, json)?)?)?;
        }
        for (file, json) in AWARDS_JSON {
            catalog.add_award(AwardProfile::validate(builtin_json(file, json)?)?)?;
        }
        Ok(catalog)
    }

    /// Adds a framework; an id already present is refused rather than silently replaced.
    pub fn add(&mut self, framework: Framework) -> Result<(), Error> {
        if self.frameworks.iter().any(|f| f.id == framework.id) {
            return Err(Error::DuplicateFramework { id: framework.id });
        }
        self.frameworks.push(framework);
        Ok(())
    }

    /// Adds an award profile; an id already present is refused.
    pub fn add_award(&mut self, award: AwardProfile) -> Result<(), Error> {
        let clash = |a: &AwardProfile| a.answers_to(&award.id) || award.aliases.iter().any(|alias| a.answers_to(alias));
        if self.awards.iter().any(clash) {
            return Err(Error::Award { award: award.id, entry: "id".into(), rule: "is already loaded".into() });
        }
        self.awards.push(award);
        Ok(())
    }

    /// Adds a crosswalk after checking it against its two frameworks (which must be loaded).
    pub fn add_crosswalk(&mut self, crosswalk: Crosswalk) -> Result<(), Error> {
        crosswalk.check(self.get(&crosswalk.from)?, self.get(&crosswalk.to)?)?;
        if self.crosswalks.iter().any(|c| c.id == crosswalk.id) {
            return Err(Error::Crosswalk {
                crosswalk: crosswalk.id,
                entry: "id".into(),
                rule: "is already loaded".into(),
            });
        }
        self.crosswalks.push(crosswalk);
        Ok(())
    }

    pub fn programme(&self, id: &str) -> Result<&Targets, Error> {
        self.programmes.iter().find(|p| p.id == id).ok_or_else(|| Error::Programme {
            entry: format!("targets {}", id.chars().take(64).collect::<String>()),
            rule: format!(
                "unknown (known: {})",
                self.programmes.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    pub fn crosswalks(&self) -> &[Crosswalk] {
        &self.crosswalks
    }

    /// The crosswalk from one framework to another.
    pub fn crosswalk(&self, from: &str, to: &str) -> Result<&Crosswalk, Error> {
        self.crosswalks.iter().find(|c| c.from == from && c.to == to).ok_or_else(|| Error::NoCrosswalk {
            from: from.chars().take(64).collect(),
            to: to.chars().take(64).collect(),
            known: self.crosswalks.iter().map(|c| format!("{} -> {}", c.from, c.to)).collect(),
        })
    }

    pub fn awards(&self) -> &[AwardProfile] {
        &self.awards
    }

    /// An award profile by its id, or by a former id it keeps as an alias.
    pub fn award(&self, id: &str) -> Result<&AwardProfile, Error> {
        self.awards.iter().find(|a| a.answers_to(id)).ok_or_else(|| Error::UnknownAward {
            id: id.chars().take(64).collect(),
            known: self.awards.iter().map(|a| a.id.clone()).collect(),
        })
    }

    pub fn frameworks(&self) -> &[Framework] {
        &self.frameworks
    }

    pub fn get(&self, id: &str) -> Result<&Framework, Error> {
        self.frameworks.iter().find(|f| f.id == id).ok_or_else(|| Error::UnknownFramework {
            id: id.chars().take(64).collect(),
            known: self.frameworks.iter().map(|f| f.id.clone()).collect(),
        })
    }

    /// Adds programme targets (already validated), and their sectors to the catalog's.
    pub fn add_programme(&mut self, targets: Targets) {
        self.merge_sectors(targets.sectors.clone());
        self.programmes.push(targets);
    }

    fn merge_sectors(&mut self, sectors: Vec<crate::programme::SectorTarget>) {
        for s in sectors {
            if !self.sectors.iter().any(|o| o.id == s.id) {
                self.sectors.push(s);
            }
        }
    }

    /// The sectors the catalog's programmes define, each once, in the order first defined.
    pub fn sectors(&self) -> &[crate::programme::SectorTarget] {
        &self.sectors
    }

    /// Checks an assessment against the framework it names, and its sector against the sectors
    /// the programmes define (any sector when the catalog has no programme).
    pub fn check<'a>(&'a self, assessment: &'a Assessment, completeness: Completeness) -> Result<Checked<'a>, Error> {
        if assessment.is_gates_only() {
            return Err(Error::Applicant {
                entry: assessment.individual.as_ref().map_or_else(|| "individual".into(), |p| p.label()),
                rule: "the nomination names no rubric (`framework`), so it has no items to check or score \
                       (rule: an individual's nomination is judged on its award's gates: readiness --award ID)"
                    .into(),
            });
        }
        // The dimension warning's threshold is the calibration rule's (the default rules' when
        // the caller loaded none of the same id); a catalog without calibration rules keeps one band.
        let bands = match self.calibrations.iter().find(|c| c.id == "default") {
            Some(c) => c.dimension_gap_bands(),
            None => Some(1),
        };
        let checked = Checked::with_gap_bands(self.get(&assessment.framework)?, assessment, completeness, bands)?;
        if let Some(sector) = &assessment.organisation.sector {
            if !self.sectors.is_empty() && !self.sectors.iter().any(|s| s.id == *sector) {
                return Err(Error::UnknownSector {
                    sector: sector.chars().take(64).collect(),
                    known: self.sectors().iter().map(|s| s.id.clone()).collect(),
                });
            }
        }
        Ok(checked)
    }
}
