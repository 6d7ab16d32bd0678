//! `-o FILE` for every subcommand: the file is opened before the work starts, so a missing
//! directory or a read-only location is a usage error in the first second, not after a
//! twenty-minute collection (issue 8).

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::exit::UsageError;

/// An output file opened for writing but not written yet.
///
/// Opening does not truncate: a run that fails leaves an existing report as it was, and a
/// file this run created is removed again. Writing truncates only regular files, so
/// `-o /dev/stdout` keeps working.
pub struct OutputFile {
    path: PathBuf,
    file: File,
    /// Created by this run (removed again if nothing is written).
    created: bool,
    written: bool,
}

impl OutputFile {
    /// Open `path` for writing, as the value of `flag` (`-o`, `--blocklist-out`). Exit 2 when
    /// it cannot be: a directory that does not exist, a directory given as the file, no
    /// permission.
    pub fn open(path: &Path, flag: &str) -> anyhow::Result<OutputFile> {
        let shown = path.display();
        if path.is_dir() {
            return Err(UsageError(format!("{flag} {shown}: is a directory, not a file")).into());
        }
        let existed = path.exists();
        // Not truncated here: see the type's doc.
        match OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
        {
            Ok(file) => Ok(OutputFile {
                path: path.to_path_buf(),
                file,
                created: !existed,
                written: false,
            }),
            Err(e) => {
                let why = match e.kind() {
                    ErrorKind::NotFound => {
                        match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                            Some(dir) => format!("the directory {} does not exist", dir.display()),
                            None => e.to_string(),
                        }
                    }
                    ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => e.to_string(),
                };
                Err(UsageError(format!("{flag} {shown}: cannot write there: {why}")).into())
            }
        }
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replace the file's content with what `write` produces.
    pub fn write(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let shown = self.path.display().to_string();
        let regular = self
            .file
            .metadata()
            .with_context(|| format!("writing {shown}"))?
            .is_file();
        if regular {
            self.file
                .set_len(0)
                .with_context(|| format!("writing {shown}"))?;
        }
        // Marked written before the content: a half-written report is the user's to see,
        // not to be silently removed.
        self.written = true;
        let mut out = BufWriter::new(&self.file);
        write(&mut out).with_context(|| format!("writing {shown}"))?;
        out.flush().with_context(|| format!("writing {shown}"))?;
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if self.created && !self.written {
            // Best effort: the run failed already, and that error is what the user sees.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cloudward-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_missing_directory_is_a_usage_error_naming_it() {
        let dir = temp_dir("missing");
        let err = OutputFile::open(&dir.join("nope/x.json"), "-o")
            .err()
            .expect("cannot open");
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert!(err.to_string().contains("nope does not exist"), "{err}");
        let err = OutputFile::open(&dir, "-o").err().expect("a directory");
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    #[test]
    fn an_unwritten_file_is_removed_and_an_existing_one_kept() {
        let dir = temp_dir("keep");
        let new = dir.join("new.json");
        drop(OutputFile::open(&new, "-o").unwrap());
        assert!(!new.exists());

        let old = dir.join("old.json");
        std::fs::write(&old, "previous report").unwrap();
        drop(OutputFile::open(&old, "-o").unwrap());
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "previous report");

        OutputFile::open(&old, "-o")
            .unwrap()
            .write(|out| Ok(out.write_all(b"new")?))
            .unwrap();
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "new");
    }
}
