//! `iqrah export` and `iqrah import`: a learner's history out to a JSON
//! archive file and back in, to move a local learner onto a server account.

use std::io::Read as _;

use iqrah_api::{ImportedDto, Iqrah, LearnerArchiveDto, UserId};

use crate::cli::{ArchiveLearnerArgs, ExportArgs, ImportArgs};
use crate::commands::Failure;
use crate::output::to_json;

/// Writes the learner's archive to the file named, or returns it to print.
pub async fn export(iqrah: Iqrah, args: ExportArgs) -> Result<String, Failure> {
    let (user, name) = learner(&iqrah, &args.whose).await?;
    let archive = iqrah.export_learner(&user).await?;
    let json = to_json(&archive)?;
    let Some(path) = args.output else {
        return Ok(json);
    };
    std::fs::write(&path, &json).map_err(|e| Failure {
        code: "archive_unwritable",
        message: format!("writing {}: {e}", path.display()),
    })?;
    let learner = &archive.learner;
    Ok(format!(
        "Wrote the history of {name} to {}: {} memory states, {} sessions, {} answers.",
        path.display(),
        learner.memory_states.len(),
        learner.sessions.len(),
        learner.reviews.len()
    ))
}

/// Reads the archive file named (or standard input) into the learner.
pub async fn import(iqrah: Iqrah, args: ImportArgs) -> Result<String, Failure> {
    let text = read(&args.file)?;
    // The archive is checked before the learner is looked up or anything
    // is written.
    let archive = LearnerArchiveDto::from_json(&text)?;
    let (user, name) = learner(&iqrah, &args.whose).await?;
    let imported: ImportedDto = iqrah.import_learner(&user, archive).await?;
    if args.json {
        return Ok(to_json(&imported)?);
    }
    Ok(format!(
        "Imported into {name}: {} memory states, {} sessions, {} answers.",
        imported.memory_states, imported.sessions, imported.reviews
    ))
}

/// The learner named by `--account` (looked up on the server) or `--user`,
/// with the name to print.
async fn learner(iqrah: &Iqrah, whose: &ArchiveLearnerArgs) -> Result<(UserId, String), Failure> {
    match &whose.account {
        Some(name) => {
            let account = iqrah.account_named(name).await?;
            Ok((account.id, account.username.to_string()))
        }
        None => Ok((whose.learner.user_id(), whose.learner.user.clone())),
    }
}

/// The text of `path`, or of standard input for `-`.
fn read(path: &std::path::Path) -> Result<String, Failure> {
    let unreadable = |e: std::io::Error| Failure {
        code: "archive_unreadable",
        message: format!("reading {}: {e}", path.display()),
    };
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(unreadable)?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(unreadable)
}
