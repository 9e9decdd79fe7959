//! The command-line grammar.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// Iqrah: plan short Quran memorization sessions, practise, keep what you memorized.
///
/// Content (the Uthmani text, transliteration and ten translations) is imported
/// automatically from the pinned quran-json package on first use.
#[derive(Debug, Parser)]
#[command(name = "iqrah", version, about, long_about)]
pub struct Cli {
    /// Where Iqrah keeps its databases [default: the platform's user data
    /// directory, e.g. ~/.local/share/iqrah on Linux]
    #[arg(long, global = true, env = "IQRAH_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Keep the learners' data in this PostgreSQL database
    /// (postgres://user:password@host:port/database), as a school's server
    /// does, instead of user.sqlite3 in the data directory (which still
    /// holds the content) [default: the SQLite file]
    #[arg(
        long,
        global = true,
        env = "IQRAH_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,

    /// Pretend the time is this RFC 3339 moment (e.g. 2026-11-24T06:00:00Z),
    /// for tests and simulations [default: the system clock]
    #[arg(
        long,
        global = true,
        env = "IQRAH_NOW",
        value_name = "TIME",
        hide_env_values = true
    )]
    pub now: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `iqrah account …`: the server operator's account management.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account; its password is read from the first line of
    /// standard input (e.g. `printf '%s\n' "$PASSWORD" | iqrah account add amina`).
    Add {
        /// The user name: 3–32 of a–z, 0–9, '.', '_', '-'.
        username: String,
        /// learner, teacher or admin.
        #[arg(long, default_value = "learner")]
        role: iqrah_api::Role,
        /// Print the account as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List every account.
    List(JsonFlag),
    /// Give an account another role (learner, teacher or admin).
    SetRole {
        /// The account's user name.
        username: String,
        /// learner, teacher or admin.
        role: iqrah_api::Role,
        /// Print the account as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: it can no longer sign in or use its tokens.
    Disable {
        /// The account's user name.
        username: String,
        /// Print the account as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Enable a disabled account.
    Enable {
        /// The account's user name.
        username: String,
        /// Print the account as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl AccountCommand {
    /// Whether the command asked for JSON.
    pub fn json(&self) -> bool {
        match self {
            AccountCommand::List(flag) => flag.json,
            AccountCommand::Add { json, .. }
            | AccountCommand::SetRole { json, .. }
            | AccountCommand::Disable { json, .. }
            | AccountCommand::Enable { json, .. } => *json,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the Quran content database.
    #[command(subcommand)]
    Content(ContentCommand),
    /// List the 114 surahs.
    Surahs(JsonFlag),
    /// Show verses: a key (2:255) or a range (112:1-4, 2:1-3:5).
    Show(ShowArgs),
    /// List the available translation languages.
    Languages(JsonFlag),
    /// Find a goal to practise: a surah by number or name in either script
    /// (ikhlas, الإخلاص, 112), a juz (juz 30), a mushaf page (page 42) or
    /// verses (2:255). Prints each goal found with its name.
    Find {
        /// What to find (at most 100 characters).
        query: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show the verses that look like a verse (mutashabihat): the same
    /// verse elsewhere, a word or two changed, a long phrase, the same
    /// opening or ending. The words that differ are shown in [brackets].
    Similar {
        /// The verse (2:5).
        verse: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Practise sessions step by step, for scripts (JSON on stdout; on failure
    /// `{"error":{"code","message"}}` on stderr and exit code 1).
    #[command(subcommand)]
    Session(SessionCommand),
    /// Progress figures: verses by state, measured retention, the due
    /// forecast, streaks and daily activity, for everything or one goal.
    Stats {
        /// Restrict the figures to a goal (surah:N, juz:N, page:N, range:S:A-S:B, …).
        #[arg(long)]
        goal: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Progress page by page of the 604-page Madani mushaf: each started
    /// page with its verses and how many are known, learning and new.
    Pages {
        /// List every page, not only the started ones.
        #[arg(long)]
        all: bool,
        /// Print JSON (always every page).
        #[arg(long)]
        json: bool,
    },
    /// Past sessions with their summaries, newest first.
    History {
        /// How many sessions, at most.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the settings, or change one: iqrah settings desired_retention 0.85.
    /// Keys: desired_retention (0.70-0.99), session_size (1-200),
    /// new_verses_per_session, new_verses_per_day (0-1000), new_pages_per_day
    /// (0-20, 0 counts verses), favour_prayer_surahs (true/false),
    /// practise_meaning (true/false: meaning exercises or not), day_start_hour
    /// (0-23), utc_offset_minutes (-720-840), translation_language, theme
    /// (system/light/dark), reading_size (80, 90, 100, 115, 130, 150, 175,
    /// 200 percent).
    Settings {
        /// The setting to change.
        key: Option<String>,
        /// Its new value.
        #[arg(requires = "key")]
        value: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fit FSRS's parameters to your own review log and keep them when they
    /// predict your recitations better than the defaults (lower log loss);
    /// prints log loss and RMSE of both. Only recitations train the fit: it
    /// needs 400 recitations of a verse on a later day than its previous
    /// recitation. Iqrah also fits by itself after a session every 400 new
    /// reviews. Takes effect from the next session.
    Optimize(OptimizeArgs),
    /// Write a learner's whole history (settings, fitted parameters, memory
    /// states, the sessions that ended, every answer) as a JSON archive,
    /// to move it to another Iqrah with `iqrah import` (docs/learner-archive.md).
    Export(ExportArgs),
    /// Read a learner archive made by `iqrah export` into a learner with no
    /// history yet (on a server: a new account, `--account NAME`), in one
    /// transaction; a learner who already has one is refused, so running
    /// it twice never doubles anything.
    Import(ImportArgs),
    /// Tell Iqrah what you already know by heart, so it is reviewed rather
    /// than taught as new: marks GOAL=LEVEL, e.g. `iqrah placement
    /// surah:112=solid juz:30=shaky page:600=rusty`. Goals: surah:N,
    /// surah:N-M, juz:N, page:N, page:N-M, range:S:A-S:B (not review).
    /// Levels: solid (I recite it without mistakes), shaky (I know it, with
    /// hesitations), rusty (I learned it, but it has faded). Where marks
    /// overlap, the narrowest wins. Verses you have already practised keep
    /// their own memory; meaning is still taught. The first reviews are
    /// spread over the next days (rusty: today and tomorrow; shaky: a week;
    /// solid: four weeks) and correct a wrong guess (docs/placement.md).
    Placement {
        /// The marks, GOAL=LEVEL (surah:112=solid).
        #[arg(value_name = "GOAL=LEVEL")]
        marks: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Manage the accounts of a shared server (needs --database): add one
    /// (the first admin, say), list them, change a role, disable or enable.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Serve the web app and print the address to open.
    ///
    /// Without --database: one local learner, no sign-in, and only this
    /// computer can connect (the address must be a loopback address). With
    /// --database postgres://…: a shared server with accounts (see
    /// docs/deployment.md); every page and API route but sign-in, sign-up
    /// and health needs a signed-in account, and it may listen on any
    /// address, behind a TLS reverse proxy. The server answers only to
    /// localhost, 127.0.0.1, [::1] and the names given with --allowed-host;
    /// changes from pages of other sites are refused; slow or idle
    /// connections are closed and the connections served at once are
    /// limited (see docs/http-api.md, "Security").
    Serve {
        /// The address to listen on: a loopback address (127.0.0.1, [::1],
        /// 127.x.y.z) for the local learner; any address with --database.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
        addr: std::net::SocketAddr,
        /// With --database: who may create an account, anyone (open) or
        /// only holders of an admin's invitation (invitation).
        #[arg(
            long,
            env = "IQRAH_SIGN_UP",
            default_value = "invitation",
            value_name = "MODE"
        )]
        sign_up: iqrah_api::SignUpMode,
        /// With --database: send the sign-in cookie over plain HTTP too
        /// (not Secure, no __Host- prefix). Only for a server reached
        /// without TLS on a network you trust; behind a TLS proxy, leave it
        /// off.
        #[arg(long, env = "IQRAH_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// Also answer to this host name (one that points at this computer,
        /// e.g. from /etc/hosts); repeat for more, or separate with commas in
        /// the variable.
        #[arg(
            long = "allowed-host",
            env = "IQRAH_ALLOWED_HOSTS",
            value_name = "NAME",
            value_delimiter = ','
        )]
        allowed_hosts: Vec<iqrah_server::HostName>,
    },
    /// Practise interactively in the terminal. Ctrl-C at any point is safe:
    /// every answer is saved as it is given, and the next run resumes.
    Practice(PracticeArgs),
}

/// `iqrah session …`
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Start a session for a goal (or get the active one for that goal).
    /// When nothing is left for today, prints
    /// `{"done_for_today":{"message","next_due_at","due_tomorrow"}}` and
    /// exits 0: a learner who is done is not an error.
    Start {
        #[command(flatten)]
        learner: LearnerArgs,
        /// surah:N, surah:N-M (surah:114-78 learns from the last surah back),
        /// juz:N, juz:N:reverse, page:N, page:N-M (Madani mushaf pages
        /// 1-604), range:S:A-S:B (e.g. range:2:1-2:20) or review.
        #[arg(long)]
        goal: String,
        /// Practise items ahead of their due time instead of ending with
        /// done for today.
        #[arg(long)]
        ahead: bool,
        /// A time budget for the session, 1 to 240 minutes.
        #[arg(long)]
        minutes: Option<u32>,
    },
    /// The learner's active session, or null.
    Active {
        #[command(flatten)]
        learner: LearnerArgs,
    },
    /// The learner's sessions, newest first.
    List {
        #[command(flatten)]
        learner: LearnerArgs,
        /// How many, at most.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// One session.
    Show {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
    },
    /// The item the session waits for, with its exercise, or null when none is left.
    Next {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
    },
    /// The first COUNT words of the current recall exercise's verse.
    Reveal {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
        /// The current item's node id (e.g. 112:1/memorization).
        #[arg(long)]
        node: String,
        /// How many words to reveal.
        #[arg(long)]
        count: u32,
    },
    /// Check an answer to the current item (records it; does not advance).
    Check {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
        /// The current item's node id.
        #[arg(long)]
        node: String,
        /// A choice number from 0 (the position of the wrong word for find the
        /// mistake), an order such as 2,0,1, typed text, or an answer as JSON
        /// ({"kind":"self_grade","rating":3}).
        #[arg(long)]
        answer: String,
        /// Milliseconds since the exercise was shown (for the suggested grade).
        #[arg(long, default_value_t = 0)]
        duration_ms: u64,
    },
    /// Grade the current item (1 Again, 2 Hard, 3 Good, 4 Easy); prints the
    /// receipt and the item now current (`{"receipt","next"}`, `next` null
    /// when none is left).
    Submit {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
        /// The current item's node id.
        #[arg(long)]
        node: String,
        /// 1 to 4.
        #[arg(long)]
        grade: u8,
        /// Milliseconds spent on the item, at most 3600000 (one hour).
        #[arg(long)]
        duration_ms: u64,
    },
    /// Skip the current item: it goes to the end of the session, once per
    /// item; prints the item now current.
    Skip {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
        /// The current item's node id.
        #[arg(long)]
        node: String,
    },
    /// "I don't know": record the current item as Again (it comes back
    /// later in the session) and print the verse, the receipt and the item
    /// now current.
    ShowAnswer {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
        /// The current item's node id.
        #[arg(long)]
        node: String,
        /// Milliseconds spent on the item, at most 3600000 (one hour).
        #[arg(long, default_value_t = 0)]
        duration_ms: u64,
        /// A key for this answer (letters, digits, - and _): a retry with
        /// the same key is recorded once.
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// Revert the last answer; its item becomes current again.
    Undo {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
    },
    /// End the session (unreached items are skipped) and print its summary.
    #[command(alias = "end")]
    Complete {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
    },
    /// Give up the session; its answers stay recorded.
    Abandon {
        /// The session id.
        id: String,
        #[command(flatten)]
        learner: LearnerArgs,
    },
}

/// The learner a command acts for (`--user`).
#[derive(Debug, Clone, Args)]
pub struct LearnerArgs {
    /// The learner [default: local, the local learner]
    #[arg(long, value_name = "USER", default_value = iqrah_api::UserId::LOCAL, hide_default_value = true)]
    pub user: String,
}

impl LearnerArgs {
    /// The learner as the API names them.
    pub fn user_id(&self) -> iqrah_api::UserId {
        iqrah_api::UserId::new(self.user.clone())
    }
}

/// Whose history `iqrah export` and `iqrah import` move.
#[derive(Debug, Clone, Args)]
pub struct ArchiveLearnerArgs {
    /// The learner by id.
    #[command(flatten)]
    pub learner: LearnerArgs,
    /// With --database: the learner's account, by user name.
    #[arg(long, value_name = "NAME", conflicts_with = "user")]
    pub account: Option<String>,
}

/// `iqrah export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Whose history.
    #[command(flatten)]
    pub whose: ArchiveLearnerArgs,
    /// Write the archive to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// `iqrah import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The archive file (`-`: standard input).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Into whose history.
    #[command(flatten)]
    pub whose: ArchiveLearnerArgs,
    /// Print what was imported as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `iqrah optimize`
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// The learner.
    #[command(flatten)]
    pub learner: LearnerArgs,
    /// Go back to FSRS-6's default parameters instead of fitting.
    #[arg(long, conflicts_with = "show")]
    pub reset: bool,
    /// Show the parameters in use and their figures instead of fitting.
    #[arg(long)]
    pub show: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `iqrah practice`
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// The goal [default: resume the active session, else review, else surah:1]
    #[arg(long)]
    pub goal: Option<String>,
}

/// `iqrah content …`
#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Import (or re-import) the content from the quran-json package.
    Import {
        /// The quran-json package directory [default: data/node_modules/quran-json
        /// of the Iqrah checkout]
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
}

/// A `--json` switch.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `iqrah show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A verse key such as 2:255, or a range such as 112:1-4 or 2:1-3:5.
    #[arg(value_name = "VERSE_OR_RANGE")]
    pub verses: String,
    /// Translation language code (bn, en, es, fr, id, ru, sv, tr, ur, zh).
    #[arg(long, value_name = "CODE", default_value = "en")]
    pub lang: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Where the pretended time came from, to name it in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NowSource {
    /// The `--now` flag.
    Flag,
    /// The `IQRAH_NOW` environment variable.
    Environment,
}

impl NowSource {
    /// The flag or variable as the learner wrote it.
    pub fn name(self) -> &'static str {
        match self {
            NowSource::Flag => "--now",
            NowSource::Environment => "IQRAH_NOW",
        }
    }
}

/// The global options that take a value, which [`is_session_command`]
/// steps over.
const VALUED_GLOBAL_OPTIONS: [&str; 3] = ["--data-dir", "--database", "--now"];

/// Whether `args` (the program name first) run `iqrah session …`: the first
/// argument that is neither an option nor an option's value is `session`.
/// Used when the arguments do not parse, so it reads them raw.
pub fn is_session_command(args: impl IntoIterator<Item = OsString>) -> bool {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy();
        if VALUED_GLOBAL_OPTIONS.contains(&arg.as_ref()) {
            args.next();
        } else if !arg.starts_with('-') {
            return arg == "session";
        }
    }
    false
}

/// The names of the `iqrah session` commands, in the order `--help` lists them.
pub fn session_command_names() -> Vec<String> {
    Cli::command()
        .find_subcommand("session")
        .map(|session| {
            session
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Cli {
    /// Parses `args` (the program name first), also telling where `--now`
    /// came from when it was given.
    pub fn parse_with_sources(
        args: impl IntoIterator<Item = OsString>,
    ) -> Result<(Cli, NowSource), clap::Error> {
        let matches = Cli::command().try_get_matches_from(args)?;
        let cli = Cli::from_arg_matches(&matches)?;
        let source = match matches.value_source("now") {
            Some(ValueSource::EnvVariable) => NowSource::Environment,
            _ => NowSource::Flag,
        };
        Ok((cli, source))
    }

    /// Whether the command asked for JSON, so errors are printed as JSON too.
    pub fn wants_json(&self) -> bool {
        match &self.command {
            Command::Surahs(flag) | Command::Languages(flag) => flag.json,
            Command::Show(args) => args.json,
            Command::Session(_) => true,
            Command::Stats { json, .. }
            | Command::Find { json, .. }
            | Command::Similar { json, .. }
            | Command::History { json, .. }
            | Command::Pages { json, .. }
            | Command::Settings { json, .. }
            | Command::Placement { json, .. } => *json,
            Command::Optimize(args) => args.json,
            Command::Account(command) => command.json(),
            Command::Import(args) => args.json,
            // The archive is JSON; its errors too when it goes to stdout.
            Command::Export(args) => args.output.is_none(),
            Command::Content(_) | Command::Practice(_) | Command::Serve { .. } => false,
        }
    }
}
