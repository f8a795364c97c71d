//! File access for the CLI: bounded reads and atomic writes.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;

use zhuoyue::limits::MAX_INPUT_BYTES;

pub enum ReadError {
    Io(io::Error),
    TooLarge(u64),
    NotUtf8,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::TooLarge(size) => {
                write!(f, "file is {size} bytes; the limit is {MAX_INPUT_BYTES} bytes (rule: input size)")
            }
            ReadError::NotUtf8 => write!(f, "file is not UTF-8 text"),
        }
    }
}

/// Reads a whole text file, refusing one over the input limit before reading it (`-` is stdin).
pub fn read_limited(path: &Path) -> Result<String, ReadError> {
    let limit = MAX_INPUT_BYTES as u64;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    } else {
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
    // A leading UTF-8 byte-order mark (Excel, Notepad) is not part of the text.
    let text = String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Writes through a temporary file in the same folder and renames it over the target, so a failed
/// write never leaves a half-written file or destroys the old one.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
