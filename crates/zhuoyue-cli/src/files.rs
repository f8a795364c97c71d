//! File access for the CLI: bounded reads and atomic writes.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;

use zhuoyue::limits::MAX_INPUT_BYTES;

pub enum ReadError {
    Io(io::Error),
    TooLarge(u64),
    NotUtf8,
    NotRegular,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::TooLarge(size) => {
                write!(f, "file is {size} bytes; the limit is {MAX_INPUT_BYTES} bytes (rule: input size)")
            }
            ReadError::NotUtf8 => write!(f, "file is not UTF-8 text"),
            ReadError::NotRegular => {
                write!(f, "not a regular file (a folder, device or pipe; rule: regular files only)")
            }
        }
    }
}

/// Reads a whole text file, refusing one over the input limit before reading it (`-` is stdin).
pub fn read_limited(path: &Path) -> Result<String, ReadError> {
    let bytes = read_bytes_limited(path)?;
    // A leading UTF-8 byte-order mark (Excel, Notepad) is not part of the text.
    let text = String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Reads a whole file as bytes (a workbook), with the same bounds.
pub fn read_bytes_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    let limit = MAX_INPUT_BYTES as u64;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    } else {
        // Look before opening: opening a FIFO blocks, and a device such as /dev/zero never ends.
        if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
            return Err(ReadError::NotRegular);
        }
        let file = std::fs::File::open(path).map_err(ReadError::Io)?;
        let size = file.metadata().map_err(ReadError::Io)?.len();
        if size > limit {
            return Err(ReadError::TooLarge(size));
        }
        // The size can change between the check and the read; `take` keeps the bound anyway.
        file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    }
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Writes through a temporary file in the same folder and renames it over the target, so a failed
/// write never leaves a half-written file or destroys the old one.
///
/// The new file gets the mode of the file it replaces, or else 0666 less the umask, as any
/// program's output would (a temporary file alone would be 0600: unreadable to a colleague).
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with open(2)'s mode, which the umask then narrows.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(old) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether two paths name the same file, however spelt (an output that does not exist yet is
/// nobody's input).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `file` (as a roster or team file names it: `owner`) under `base`: a path that leaves `base` is
/// refused unless allowed.
pub fn inside(base: &Path, file: &Path, allow_outside: bool, owner: &str) -> Result<std::path::PathBuf, String> {
    let joined = base.join(file);
    if allow_outside {
        return Ok(joined);
    }
    let root = std::fs::canonicalize(if base.as_os_str().is_empty() { Path::new(".") } else { base })
        .map_err(|e| format!("cannot read the {owner}'s folder: {e}"))?;
    let outside = || {
        format!(
            "`{}` is outside the {owner}'s folder (rule: a {owner} names files beside it{})",
            file.display(),
            if owner == "roster" { "; --allow-outside permits others" } else { "" }
        )
    };
    match std::fs::canonicalize(&joined) {
        Ok(real) if real.starts_with(&root) => Ok(joined),
        Ok(_) => Err(outside()),
        // A missing file is reported when it is read, by its own name, unless its path leaves.
        Err(_) if !file.is_absolute() && !file.components().any(|c| c == std::path::Component::ParentDir) => Ok(joined),
        Err(_) => Err(outside()),
    }
}

/// The assessment files of a folder: regular files ending in .json or .toml (any case), sorted;
/// folders, pipes and devices are left out.
pub fn assessments_in(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    files_in(dir, &["json", "toml"])
}

/// Scorers' files in a folder (scorebooks and assessments, also as workbooks), sorted by name.
pub fn scorers_in(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    files_in(dir, &["json", "toml", "xlsx"])
}

fn files_in(dir: &Path, extensions: &[&str]) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder: {e}"))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| extensions.iter().any(|e| x.eq_ignore_ascii_case(e))))
        .collect();
    paths.sort();
    if paths.len() > zhuoyue::cohort::MAX_COHORT {
        return Err(format!("{} files; the limit is {}", paths.len(), zhuoyue::cohort::MAX_COHORT));
    }
    Ok(paths)
}
