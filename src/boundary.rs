//! The evidence boundary: every file of the evidence repository, its
//! configuration files included, is opened here and nowhere else.
//!
//! A path is resolved (every symbolic link, in the file name or in a folder
//! above it) and must still lie inside the root; only regular files are
//! opened, so a FIFO cannot hang a run and a device cannot feed it endless
//! bytes; and size caps count the bytes actually read, not what metadata
//! claims. A refused file's content is never read, so it can never appear in
//! any output.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::diag::io_reason;

/// The evidence root, resolved once.
#[derive(Debug, Clone)]
pub struct Boundary {
    root: PathBuf,
}

impl Boundary {
    /// Resolves `root`; it must be a folder.
    pub fn new(root: &Path) -> anyhow::Result<Boundary> {
        let cannot = |why: String| {
            anyhow::anyhow!(
                "cannot open the evidence folder `{}`: {why}; pass the evidence repository's folder, readable by evident",
                root.display()
            )
        };
        let resolved = root.canonicalize().map_err(|e| cannot(io_reason(&e)))?;
        if !resolved.is_dir() {
            return Err(cannot("not a folder".into()));
        }
        Ok(Boundary { root: resolved })
    }

    /// The resolved root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when `path` (absolute, or relative to the working folder) lies
    /// inside the root once resolved. Missing trailing parts are allowed: a
    /// file about to be created is judged by the folder it would land in.
    pub fn contains(&self, path: &Path) -> bool {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        let mut existing = path.as_path();
        let mut rest = Vec::new();
        loop {
            if let Ok(resolved) = existing.canonicalize() {
                let mut full = resolved;
                full.extend(rest.iter().rev());
                return full.starts_with(&self.root);
            }
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return false,
            }
        }
    }

    /// Opens a file the walk of the root found as a regular file, not a
    /// link. The walk follows no link, so the folders above it are real
    /// folders under the root and only the file itself could have become a
    /// link since: `O_NOFOLLOW` refuses that, and [`Boundary::open`] then
    /// says why. Resolving the whole path again for every file of a large
    /// repository costs more than reading most of them.
    pub fn open_walked(&self, path: &Path) -> Result<File, String> {
        match open_no_block(path) {
            Ok(file) if file.metadata().is_ok_and(|m| m.is_file()) => Ok(file),
            _ => self.open(path),
        }
    }

    /// Opens a file of the evidence repository for reading, or says why it
    /// is refused: a link out of the root, a broken link, anything but a
    /// regular file.
    pub fn open(&self, path: &Path) -> Result<File, String> {
        let resolved = path.canonicalize().map_err(|e| {
            if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                "a broken symbolic link".to_string()
            } else {
                cannot_read(&e)
            }
        })?;
        if !resolved.starts_with(&self.root) {
            return Err("a symbolic link to a file outside the evidence root; not followed".into());
        }
        let meta = resolved.metadata().map_err(|e| cannot_read(&e))?;
        if !meta.is_file() {
            return Err(format!("{}, not a regular file; not opened", file_type_name(&meta)));
        }
        let file = open_no_block(&resolved).map_err(|e| cannot_read(&e))?;
        // The file may have been swapped between the check and the open.
        match file.metadata() {
            Ok(m) if m.is_file() => Ok(file),
            Ok(m) => Err(format!("{}, not a regular file; not opened", file_type_name(&m))),
            Err(e) => Err(cannot_read(&e)),
        }
    }

    /// Reads a whole file of at most `limit` bytes, counted as they are read.
    pub fn read(&self, path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
        read_all(self.open(path)?, limit, what)
    }

    /// Whether something may exist at `path`: a broken link does (so a
    /// dangling `evident.yaml` is reported, not taken as absent), and so
    /// does what a folder's permissions hide.
    pub fn exists(path: &Path) -> bool {
        !matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// Why a file could not be read, with what to do when permissions stop it.
/// Reads an opened file whole, up to `limit` bytes counted as they are
/// read (metadata may lie, and a file may grow while it is read).
pub fn read_all(file: File, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let hint = file.metadata().map_or(0, |m| m.len().min(limit));
    let mut bytes = Vec::with_capacity(hint as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&e))?;
    if bytes.len() as u64 > limit {
        return Err(over_limit(limit, what));
    }
    Ok(bytes)
}

fn over_limit(limit: u64, what: &str) -> String {
    format!("over the {} limit for {what}", size_text(limit))
}

/// An opened file read as a stream (a parser reading as it goes holds no
/// copy of the bytes), up to `limit` bytes counted as they are read; past
/// the limit, and on a failed read, reading fails with `read_all`'s words.
pub struct Limited {
    file: std::io::Take<File>,
    limit: u64,
    what: &'static str,
}

impl Limited {
    pub fn new(file: File, limit: u64, what: &'static str) -> Self {
        // One byte past the limit tells a file at the limit from a longer one.
        Limited {
            file: file.take(limit + 1),
            limit,
            what,
        }
    }
}

impl std::io::Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self
            .file
            .read(buf)
            .map_err(|e| std::io::Error::new(e.kind(), cannot_read(&e)))?;
        if self.file.limit() == 0 {
            return Err(std::io::Error::other(over_limit(self.limit, self.what)));
        }
        Ok(n)
    }
}

fn cannot_read(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; give evident read access to it, or move it out of the evidence folder".into()
        }
        _ => io_reason(e),
    }
}

/// Opens without blocking: should a FIFO be swapped in after the checks,
/// `open` returns at once instead of waiting for a writer; and without
/// following a final symbolic link (the path is already resolved).
fn open_no_block(path: &Path) -> std::io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    opts.open(path)
}

fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// A byte count as people say it: `8 MiB`, `512 KiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_links_out_fifos_and_oversize() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::fs::write(root.join("ok.md"), "hello").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("out.md")).unwrap();
        std::os::unix::fs::symlink(root.join("ok.md"), root.join("in.md")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling.md")).unwrap();
        let fifo = root.join("pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let b = Boundary::new(&root).unwrap();
        assert_eq!(b.read(&root.join("ok.md"), 5, "x").unwrap(), b"hello");
        assert_eq!(b.read(&root.join("in.md"), 5, "x").unwrap(), b"hello");
        assert!(
            b.read(&root.join("ok.md"), 4, "a test")
                .unwrap_err()
                .contains("4 bytes")
        );
        assert!(b.open(&root.join("out.md")).unwrap_err().contains("outside"));
        assert!(b.open(&root.join("sub/up/secret")).unwrap_err().contains("outside"));
        assert!(b.open(&root.join("dangling.md")).unwrap_err().contains("broken"));
        assert!(b.open(&fifo).unwrap_err().contains("FIFO"));
        assert!(b.open(Path::new("/dev/zero")).unwrap_err().contains("outside"));
        assert!(b.contains(&root.join("new/report.md")));
        assert!(b.contains(&root.join("sub/up/root/x")));
        assert!(!b.contains(&dir.path().join("report.md")));
        assert!(!b.contains(&root.join("sub/up/report.md")));
    }

    #[test]
    fn a_stream_stops_past_its_limit_with_read_alls_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ten");
        std::fs::write(&path, "0123456789").unwrap();
        let read = |limit| {
            let mut out = Vec::new();
            Limited::new(File::open(&path).unwrap(), limit, "a test")
                .read_to_end(&mut out)
                .map(|_| out)
                .map_err(|e| e.to_string())
        };
        assert_eq!(read(10).unwrap(), b"0123456789");
        assert_eq!(read(9).unwrap_err(), "over the 9 bytes limit for a test");
        let whole = read_all(File::open(&path).unwrap(), 9, "a test").unwrap_err();
        assert_eq!(read(9).unwrap_err(), whole);
        assert!(read(0).is_err());
    }
}
