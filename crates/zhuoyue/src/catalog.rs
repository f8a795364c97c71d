//! The frameworks a caller works with: the built-ins embedded at compile time plus any the caller
//! loads. A value the caller owns, not a global.

use crate::assessment::{Assessment, Checked, Completeness};
use crate::{Error, Framework};

/// Built-in criteria files, embedded so the binary, the Python wheel and the .wasm need no data files.
pub const BUILTIN_FRAMEWORKS: &[(&str, &str)] =
    &[("gbt19580-2012.toml", include_str!("../../../criteria/frameworks/gbt19580-2012.toml"))];

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    frameworks: Vec<Framework>,
}

impl Catalog {
    /// The built-in frameworks, each validated exactly as a user's file would be.
    pub fn builtin() -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        for (_, text) in BUILTIN_FRAMEWORKS {
            catalog.add(Framework::from_toml(text)?)?;
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
