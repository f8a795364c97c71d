//! The frameworks a caller works with: the built-ins embedded at compile time plus any the caller
//! loads. A value the caller owns, not a global.

use crate::assessment::{Assessment, Checked, Completeness};
use crate::award::AwardProfile;
use crate::crosswalk::Crosswalk;
use crate::programme::Targets;
use crate::{Error, Framework};

/// Built-in criteria files, embedded so the binary, the Python wheel and the .wasm need no data files.
pub const BUILTIN_FRAMEWORKS: &[(&str, &str)] = &[
    ("gbt19580-2012.toml", include_str!("../../../criteria/frameworks/gbt19580-2012.toml")),
    ("baldrige-2023-2024.toml", include_str!("../../../criteria/frameworks/baldrige-2023-2024.toml")),
    ("efqm-2025.toml", include_str!("../../../criteria/frameworks/efqm-2025.toml")),
];

/// Built-in award profiles, validated on load like a user's file.
pub const BUILTIN_AWARDS: &[(&str, &str)] = &[
    ("shanghai-quality-gold.toml", include_str!("../../../criteria/awards/shanghai-quality-gold.toml")),
    ("shanghai-quality-gold-older.toml", include_str!("../../../criteria/awards/shanghai-quality-gold-older.toml")),
    ("shanghai-mayor.toml", include_str!("../../../criteria/awards/shanghai-mayor.toml")),
    ("china-quality-award.toml", include_str!("../../../criteria/awards/china-quality-award.toml")),
    ("excellence-levels.toml", include_str!("../../../criteria/awards/excellence-levels.toml")),
];

/// Built-in crosswalks between frameworks.
pub const BUILTIN_CROSSWALKS: &[(&str, &str)] = &[
    (
        "gbt19580-2012-to-baldrige-2023-2024.toml",
        include_str!("../../../criteria/crosswalks/gbt19580-2012-to-baldrige-2023-2024.toml"),
    ),
    (
        "baldrige-2023-2024-to-gbt19580-2012.toml",
        include_str!("../../../criteria/crosswalks/baldrige-2023-2024-to-gbt19580-2012.toml"),
    ),
];

/// Built-in programme targets.
pub const BUILTIN_PROGRAMMES: &[(&str, &str)] =
    &[("city-drive-2013-2015.toml", include_str!("../../../criteria/programmes/city-drive-2013-2015.toml"))];

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    frameworks: Vec<Framework>,
    awards: Vec<AwardProfile>,
    crosswalks: Vec<Crosswalk>,
    programmes: Vec<Targets>,
}

impl Catalog {
    /// The built-in frameworks, each validated exactly as a user's file would be.
    pub fn builtin() -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        for (_, text) in BUILTIN_FRAMEWORKS {
            catalog.add(Framework::from_toml(text)?)?;
        }
        for (_, text) in BUILTIN_AWARDS {
            catalog.add_award(AwardProfile::from_toml(text)?)?;
        }
        for (_, text) in BUILTIN_CROSSWALKS {
            catalog.add_crosswalk(Crosswalk::from_toml(text)?)?;
        }
        for (_, text) in BUILTIN_PROGRAMMES {
            catalog.programmes.push(Targets::from_toml(text)?);
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
        if self.awards.iter().any(|a| a.id == award.id) {
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

    pub fn award(&self, id: &str) -> Result<&AwardProfile, Error> {
        self.awards.iter().find(|a| a.id == id).ok_or_else(|| Error::UnknownAward {
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

    /// Checks an assessment against the framework it names.
    pub fn check(&self, assessment: &Assessment, completeness: Completeness) -> Result<Checked<'_>, Error> {
        Checked::new(self.get(&assessment.framework)?, assessment, completeness)
    }
}
