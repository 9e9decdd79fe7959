//! Finding files of the Iqrah checkout, such as the installed npm packages.

use std::path::{Path, PathBuf};

/// The command that installs the pinned content packages, run from the Iqrah checkout.
pub const PACKAGE_INSTALL_COMMAND: &str = "npm ci --prefix data";

/// Where the package lives relative to an Iqrah checkout.
const RELATIVE_PACKAGE_DIR: &str = "data/node_modules/quran-json";

/// Finds the installed content package (see [`locate_in_checkout`]).
pub fn locate_package() -> Result<PathBuf, Vec<PathBuf>> {
    locate_in_checkout(RELATIVE_PACKAGE_DIR, |dir| {
        dir.join("dist/quran.json").is_file()
    })
}

/// Finds `relative` (a path inside an Iqrah checkout, such as
/// `data/node_modules/quran-json`) under the current directory, above the
/// running executable (`target/release/iqrah` inside a checkout), or in the
/// checkout this binary was built from: the first candidate `found` accepts.
/// Returns the places it looked when none is accepted.
pub fn locate_in_checkout(
    relative: &str,
    found: impl Fn(&Path) -> bool,
) -> Result<PathBuf, Vec<PathBuf>> {
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join(relative));
    }
    if let Ok(exe) = std::env::current_exe() {
        candidates.extend(exe.ancestors().skip(1).map(|dir| dir.join(relative)));
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(relative),
    );
    match candidates.iter().find(|candidate| found(candidate)) {
        Some(hit) => Ok(hit.clone()),
        None => Err(candidates),
    }
}
