//! Which database keeps the learners' data: the SQLite file of one learner's
//! data directory, or a school's PostgreSQL server.

use std::fmt;
use std::str::FromStr;

/// Where [`Iqrah`](crate::Iqrah) keeps its learners' data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Database {
    /// `user.sqlite3` in the data directory (one learner's own computer).
    #[default]
    SqliteFile,
    /// A PostgreSQL server (a school's server, many learners).
    Postgres(DatabaseUrl),
}

/// A PostgreSQL connection URL (`postgres://user:password@host:port/db`).
/// Its `Debug` and `Display` hide the password, so it can be logged and
/// put in errors.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

/// Why a database URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a database URL starts with postgres:// or postgresql://, not {shown:?}")]
pub struct DatabaseUrlError {
    /// The refused text's scheme, at most 16 characters, never what
    /// follows it.
    pub shown: String,
}

impl DatabaseUrl {
    /// The URL as given, password included: for connecting, never for
    /// showing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for DatabaseUrl {
    type Err = DatabaseUrlError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Ok(DatabaseUrl(text.to_owned()))
        } else {
            // Only the scheme (the leading letters, digits, `+`, `-`, `.`):
            // a mistyped URL may still hold a password.
            Err(DatabaseUrlError {
                shown: text
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "+-.".contains(*c))
                    .take(16)
                    .collect(),
            })
        }
    }
}

impl fmt::Display for DatabaseUrl {
    /// The URL with its password replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("", &self.0));
        match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                let hidden = if credentials.contains(':') {
                    ":***"
                } else {
                    ""
                };
                write!(f, "{scheme}://{user}{hidden}@{host}")
            }
            None => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let url: DatabaseUrl = "postgres://iqrah:s3cret@db.school:5432/iqrah"
            .parse()
            .unwrap();
        assert_eq!(url.to_string(), "postgres://iqrah:***@db.school:5432/iqrah");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert!(!format!("{:?}", Database::Postgres(url.clone())).contains("s3cret"));
        assert_eq!(url.expose(), "postgres://iqrah:s3cret@db.school:5432/iqrah");
        // A password holding `@` is hidden whole.
        let url: DatabaseUrl = "postgresql://a:p@ss@h/db".parse().unwrap();
        assert_eq!(url.to_string(), "postgresql://a:***@h/db");
        // No password, nothing to hide.
        let url: DatabaseUrl = "postgres://h/db".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://h/db");
    }

    #[test]
    fn other_schemes_are_refused_without_echoing_the_rest() {
        let refused = "mysql://root:s3cret@h/db"
            .parse::<DatabaseUrl>()
            .unwrap_err();
        assert_eq!(refused.shown, "mysql");
        assert!(!refused.to_string().contains("s3cret"));
        assert!("".parse::<DatabaseUrl>().is_err());
        assert!("postgres:/h".parse::<DatabaseUrl>().is_err());
        let bare = "user:s3cret@h/db".parse::<DatabaseUrl>().unwrap_err();
        assert_eq!(bare.shown, "user");
    }
}
