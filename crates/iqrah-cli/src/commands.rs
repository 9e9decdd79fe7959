//! Running each command against the API.

use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use iqrah_api::{
    ApiError, Clock, Config, Database, DatabaseUrl, ImportStep, Iqrah, Timestamp, import_content,
};
use iqrah_quran::VerseRange;

use crate::cli::{Cli, Command, ContentCommand, NowSource, ShowArgs};
use std::fmt::Write as _;

use crate::output::to_json;

/// A failed command: a stable code and a one-line message.
#[derive(Debug)]
pub struct Failure {
    /// Machine-readable code.
    pub code: &'static str,
    /// What went wrong and what is accepted.
    pub message: String,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        Failure {
            code: "output",
            message: error.to_string(),
        }
    }
}

/// The data directory from `--data-dir`, `IQRAH_DATA_DIR` or the platform default.
fn data_dir(cli_value: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = cli_value {
        return Ok(dir);
    }
    Config::default_data_dir().ok_or(Failure {
        code: "data_dir_unusable",
        message: "no home directory to keep data in: pass --data-dir DIR or set IQRAH_DATA_DIR"
            .to_owned(),
    })
}

/// A progress bar on stderr for content imports (hidden when stderr is not a terminal).
fn import_progress() -> (ProgressBar, impl FnMut(ImportStep)) {
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template("{spinner} importing the Quran [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    let handle = bar.clone();
    (bar, move |step: ImportStep| {
        handle.set_length(step.total as u64);
        handle.set_position(step.done as u64);
        handle.set_message(step.label);
    })
}

/// Opens Iqrah, showing a progress bar if the content must be imported first.
pub async fn open(config: Config) -> Result<Iqrah, Failure> {
    let (bar, progress) = import_progress();
    let opened = Iqrah::open_with_progress(config, progress).await;
    bar.finish_and_clear();
    Ok(opened?)
}

/// The clock from `--now` / `IQRAH_NOW` (RFC 3339, `source` names which
/// one in errors), or the system's.
fn clock(now: Option<&str>, source: NowSource) -> Result<Clock, Failure> {
    let Some(text) = now else {
        return Ok(Clock::System);
    };
    let millis = crate::time::parse_rfc3339_millis(text).map_err(|reason| Failure {
        code: "invalid_time",
        message: format!(
            "{} {text:?} is not an RFC 3339 time such as 2026-11-24T06:00:00Z: {reason}",
            source.name()
        ),
    })?;
    Ok(Clock::Fixed(Timestamp::from_millis(millis)))
}

/// The database of `--database` or `IQRAH_DATABASE_URL` (the SQLite file
/// without either). A refused URL is named by its scheme alone: it may hold
/// a password.
fn database(url: Option<&str>) -> Result<Database, Failure> {
    match url {
        None => Ok(Database::SqliteFile),
        Some(url) => url
            .parse::<DatabaseUrl>()
            .map(Database::Postgres)
            .map_err(|e| Failure {
                code: "invalid_database_url",
                message: e.to_string(),
            }),
    }
}

/// Runs one command and returns what it prints on stdout; `now_source`
/// says where `cli.now` came from.
pub async fn run(cli: Cli, now_source: NowSource) -> Result<String, Failure> {
    let mut out = String::new();
    let mut config = Config::new(data_dir(cli.data_dir)?);
    config.database = database(cli.database.as_deref())?;
    config.clock = clock(cli.now.as_deref(), now_source)?;
    match cli.command {
        Command::Content(ContentCommand::Import { from }) => {
            config.package_dir = from;
            let (bar, progress) = import_progress();
            let imported = import_content(&config, progress).await;
            bar.finish_and_clear();
            let summary = imported?;
            let _ = writeln!(
                out,
                "Imported quran-json {}: {} surahs, {} verses, {} words, translations {} into {} in {:.2} s",
                summary.source_version,
                summary.surahs,
                summary.verses,
                summary.words,
                summary.languages.join(", "),
                summary.path.display(),
                summary.elapsed.as_secs_f64()
            );
        }
        Command::Surahs(flag) => {
            let surahs = open(config).await?.surahs().await?;
            if flag.json {
                out = to_json(&surahs)?;
            } else {
                for s in surahs {
                    let _ = writeln!(
                        out,
                        "{:>3}  {:<16} {:<28} {:<8} {:>3} verses  {}",
                        s.number,
                        s.name_transliterated,
                        s.name_english,
                        s.revelation,
                        s.verse_count,
                        s.name_arabic
                    );
                }
            }
        }
        Command::Languages(flag) => {
            let languages = open(config).await?.languages();
            if flag.json {
                out = to_json(&languages)?;
            } else {
                for l in languages {
                    let _ = writeln!(
                        out,
                        "{:<3} {:<11} {} ({})",
                        l.code, l.name, l.translator, l.source
                    );
                }
            }
        }
        Command::Find { query, json } => {
            let found = open(config).await?.find(&query).await?;
            if json {
                out = to_json(&found)?;
            } else if found.is_empty() {
                out = format!(
                    "Nothing found for {query:?}: try a surah's name or number, juz 30, page 42 or 2:255.\n"
                );
            } else {
                for f in found {
                    let _ = writeln!(
                        out,
                        "{:<18} {}{}",
                        f.goal_id,
                        f.title,
                        f.name_arabic.map(|a| format!("  {a}")).unwrap_or_default()
                    );
                }
            }
        }
        Command::Similar { verse, json } => {
            let similar = open(config).await?.similar(&verse).await?;
            out = if json {
                to_json(&similar)?
            } else {
                similar_text(&similar)
            };
        }
        Command::Show(args) => out = show(config, args).await?,
        Command::Session(command) => {
            let iqrah = open(config).await?;
            out = crate::session::run(iqrah.clone(), command).await?;
            // Completing a session may have started an automatic fit.
            iqrah.finish_background_fits().await;
        }
        Command::Stats { goal, json } => {
            out = crate::progress::stats(open(config).await?, goal, json).await?
        }
        Command::Pages { all, json } => {
            out = crate::progress::pages(open(config).await?, all, json).await?
        }
        Command::History { limit, json } => {
            out = crate::progress::history(open(config).await?, limit, json).await?
        }
        Command::Settings { key, value, json } => {
            out = crate::progress::settings(open(config).await?, key, value, json).await?;
        }
        Command::Serve {
            addr,
            allowed_hosts,
            sign_up,
            insecure_cookies,
        } => {
            let shared = matches!(config.database, Database::Postgres(_));
            if !shared {
                // Refuse a network address before anything is opened or bound.
                iqrah_server::require_loopback(addr).map_err(|e| serve_failure(addr, &e))?;
            }
            let options = iqrah_server::ServeOptions {
                allowed_hosts,
                ..iqrah_server::ServeOptions::default()
            };
            let iqrah = open(config).await?;
            let access = if shared {
                iqrah_server::Access::Accounts(iqrah_server::AccountsOptions {
                    sign_up,
                    secure_cookies: !insecure_cookies,
                    sessions: iqrah.web_session_store().await?,
                })
            } else {
                iqrah_server::Access::Local
            };
            serve(iqrah, access, addr, &options).await?
        }
        Command::Account(command) => {
            out = crate::account::run(open(config).await?, command).await?
        }
        Command::Placement { marks, json } => {
            out = crate::progress::placement(open(config).await?, marks, json).await?
        }
        Command::Optimize(args) => out = crate::optimize::run(open(config).await?, args).await?,
        Command::Export(args) => out = crate::archive::export(open(config).await?, args).await?,
        Command::Import(args) => out = crate::archive::import(open(config).await?, args).await?,
        Command::Practice(args) => {
            let iqrah = open(config).await?;
            let practised = crate::practice::run(iqrah.clone(), args).await;
            iqrah.finish_background_fits().await;
            practised?
        }
    }
    Ok(out)
}

async fn show(config: Config, args: ShowArgs) -> Result<String, Failure> {
    // Check the reference before anything is opened or imported.
    let range: VerseRange = args.verses.parse().map_err(ApiError::from)?;
    let iqrah = open(config).await?;
    let verses = iqrah.verses(&range.to_string(), Some(&args.lang)).await?;
    if args.json {
        return Ok(to_json(&verses)?);
    }
    let mut out = String::new();
    for verse in verses {
        let width = verse.key.len();
        let _ = writeln!(out, "{}  {}", verse.key, verse.text);
        let _ = writeln!(out, "{:width$}  {}", "", verse.transliteration);
        let _ = writeln!(out, "{:width$}  {}", "", verse.translation.text);
    }
    Ok(out)
}

/// Serves the web app until Ctrl-C.
async fn serve(
    iqrah: Iqrah,
    access: iqrah_server::Access,
    addr: std::net::SocketAddr,
    options: &iqrah_server::ServeOptions,
) -> Result<(), Failure> {
    // Load the text now rather than on the first request, and say the app
    // is running only once the learner's database takes writes.
    iqrah.content().quran().await.map_err(ApiError::from)?;
    iqrah.check_user_db().await?;
    let assets = iqrah_server::Assets::load(iqrah_server::locate_fonts().as_deref());
    for problem in assets.problems() {
        eprintln!("warning: {problem}");
    }
    let state = iqrah_server::AppState {
        iqrah,
        assets,
        access,
    };
    let shutdown = async {
        // If the signal handler cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    iqrah_server::serve(
        state,
        addr,
        options,
        |bound| {
            println!("Iqrah is running: open http://{bound}/ in your browser (Ctrl-C stops it).");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        },
        shutdown,
    )
    .await
    .map_err(|e| serve_failure(addr, &e))
}

/// The failure of `iqrah serve` on `addr`.
fn serve_failure(addr: std::net::SocketAddr, error: &iqrah_server::ServeError) -> Failure {
    Failure {
        code: "serve",
        message: format!("cannot serve on {addr}: {error}"),
    }
}

/// `iqrah similar`'s text: the verse, then each look-alike with the words
/// that differ in [brackets] and the asked verse's words they replace.
fn similar_text(similar: &iqrah_api::SimilarDto) -> String {
    let marked = |words: &[String], differing: &[u32]| -> Vec<String> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if differing.contains(&(i as u32)) {
                    format!("[{w}]")
                } else {
                    w.clone()
                }
            })
            .collect()
    };
    let mut out = format!(
        "{} {} · page {}\n  {}\n",
        similar.key, similar.surah_name, similar.page, similar.text
    );
    if similar.look_alikes.is_empty() {
        out.push_str("No verse looks like it.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "\n{} look-alike(s), the most alike first:",
        similar.look_alikes.len()
    );
    for l in &similar.look_alikes {
        let _ = writeln!(
            out,
            "\n{} {} · page {} · {} ({:.0} % in common)\n  {}",
            l.key,
            l.surah_name,
            l.page,
            l.likeness_label,
            l.score * 100.0,
            marked(&l.words, &l.differing).join(" ")
        );
        let instead: Vec<&str> = l
            .verse_differing
            .iter()
            .filter_map(|&i| similar.words.get(i as usize).map(String::as_str))
            .collect();
        if !instead.is_empty() {
            let _ = writeln!(out, "  where {} has: {}", similar.key, instead.join(" "));
        }
        if let (Some(here), Some(there)) = (&l.verse_passage, &l.passage) {
            let _ = writeln!(
                out,
                "  part of a look-alike passage: {here} and {there}, verse by verse"
            );
        }
    }
    out
}
