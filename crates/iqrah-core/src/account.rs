//! The rules of accounts on a shared server: what a user name and a new
//! password must be, the roles, how people may sign up, and when sign-in
//! attempts are held back.
//!
//! Hashing, tokens and cookies live in the layers around the core; every
//! decision they act on is made here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::time::Timestamp;

/// The shortest user name accepted, in characters.
pub const USERNAME_MIN_CHARS: usize = 3;
/// The longest user name accepted, in characters.
pub const USERNAME_MAX_CHARS: usize = 32;
/// The shortest new password accepted, in characters (NIST SP 800-63B asks
/// for at least 8; we ask a little more, since nothing else is required).
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The longest password accepted, in characters (bounds the hashing work
/// one request can ask for).
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A user name: 3–32 of `a`–`z`, `0`–`9`, `.`, `_` and `-`, beginning with
/// a letter or digit. Parsing trims surrounding spaces and lowercases ASCII
/// letters, so `Amina` and `amina` are one account.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, SerializeDisplay, DeserializeFromStr,
)]
pub struct Username(String);

impl Username {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a user name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    /// Shorter or longer than allowed.
    #[error("a user name has {USERNAME_MIN_CHARS} to {USERNAME_MAX_CHARS} characters, not {0}")]
    Length(usize),
    /// A character outside `a`–`z`, `0`–`9`, `.`, `_`, `-`.
    #[error("a user name has only the letters a–z, digits, '.', '_' and '-', not {0:?}")]
    Character(char),
    /// Begins with `.`, `_` or `-`.
    #[error("a user name begins with a letter or a digit")]
    Start,
}

impl FromStr for Username {
    type Err = UsernameError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim().to_ascii_lowercase();
        let chars = name.chars().count();
        if !(USERNAME_MIN_CHARS..=USERNAME_MAX_CHARS).contains(&chars) {
            return Err(UsernameError::Length(chars));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c)))
        {
            return Err(UsernameError::Character(bad));
        }
        if name.starts_with(['.', '_', '-']) {
            return Err(UsernameError::Start);
        }
        Ok(Username(name))
    }
}

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter or longer than allowed.
    #[error("a password has {PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters, not {0}")]
    Length(usize),
    /// The same as the user name (case aside).
    #[error("a password must not be the user name")]
    IsUsername,
}

/// Checks a password chosen at sign-up or on a change: its length, and that
/// it is not the user name. Any characters are allowed, spaces included.
pub fn check_new_password(password: &str, username: &Username) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars) {
        return Err(PasswordError::Length(chars));
    }
    if password.trim().eq_ignore_ascii_case(username.as_str()) {
        return Err(PasswordError::IsUsername);
    }
    Ok(())
}

/// Whether a password given at sign-in is worth hashing: longer ones are
/// refused without the work (no account has one).
pub fn is_plausible_password(password: &str) -> bool {
    (1..=PASSWORD_MAX_CHARS).contains(&password.chars().count())
}

/// What an account may do besides practising.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Practises; sees only their own data.
    Learner,
    /// A learner who may also run classes and see their members' progress.
    Teacher,
    /// A teacher who may also manage accounts and invite people.
    Admin,
}

impl Role {
    /// Every role, from the least to the most allowed.
    pub const ALL: [Role; 3] = [Role::Learner, Role::Teacher, Role::Admin];

    /// The role's name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Teacher => "teacher",
            Role::Admin => "admin",
        }
    }

    /// Whether the role may create classes and follow their members.
    pub fn can_teach(self) -> bool {
        self >= Role::Teacher
    }

    /// Whether the role may invite people and manage accounts.
    pub fn can_manage_accounts(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected learner, teacher or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownRole(iqrah_quran::shorten(text)))
    }
}

/// Who may create an account on a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, SerializeDisplay, DeserializeFromStr)]
pub enum SignUpMode {
    /// Anyone who can reach the server.
    Open,
    /// Only holders of an invitation an admin made (the default: a school
    /// decides who joins).
    #[default]
    Invitation,
}

impl SignUpMode {
    /// The mode's name, as configured.
    pub fn as_str(self) -> &'static str {
        match self {
            SignUpMode::Open => "open",
            SignUpMode::Invitation => "invitation",
        }
    }
}

impl fmt::Display for SignUpMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sign-up mode name that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sign-up mode {0:?}: expected open or invitation")]
pub struct UnknownSignUpMode(pub String);

impl FromStr for SignUpMode {
    type Err = UnknownSignUpMode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [SignUpMode::Open, SignUpMode::Invitation]
            .into_iter()
            .find(|mode| mode.as_str() == text)
            .ok_or_else(|| UnknownSignUpMode(iqrah_quran::shorten(text)))
    }
}

/// Failed sign-ins allowed for one user name within [`SIGN_IN_WINDOW_MS`];
/// the next attempt waits.
pub const SIGN_IN_FAILURES_ALLOWED: usize = 5;
/// The window failed sign-ins are counted in: 15 minutes.
pub const SIGN_IN_WINDOW_MS: i64 = 15 * 60 * 1000;

/// How long a sign-in for a user name must wait, given the times of that
/// name's failed attempts (any order; older ones are ignored): `None` when
/// it may go ahead, else the milliseconds until the oldest of the last
/// [`SIGN_IN_FAILURES_ALLOWED`] failures leaves the window.
///
/// Counted per name, whether an account has it or not, so that guessing
/// at one account is slow and the answer tells nothing about which names
/// exist.
pub fn sign_in_wait(failures: &[Timestamp], now: Timestamp) -> Option<i64> {
    let since = now.0.saturating_sub(SIGN_IN_WINDOW_MS);
    let mut recent: Vec<i64> = failures
        .iter()
        .map(|at| at.0)
        .filter(|&at| at > since && at <= now.0)
        .collect();
    if recent.len() < SIGN_IN_FAILURES_ALLOWED {
        return None;
    }
    recent.sort_unstable();
    let oldest_counted = recent[recent.len() - SIGN_IN_FAILURES_ALLOWED];
    Some(oldest_counted + SIGN_IN_WINDOW_MS - now.0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use super::*;

    fn name(text: &str) -> Username {
        text.parse().unwrap()
    }

    #[test]
    fn user_names_are_trimmed_lowercased_and_limited() {
        assert_eq!(name("  Amina.K ").as_str(), "amina.k");
        assert_eq!(name("abc").as_str(), "abc");
        assert_eq!("ab".parse::<Username>(), Err(UsernameError::Length(2)));
        assert_eq!(
            "a".repeat(33).parse::<Username>(),
            Err(UsernameError::Length(33))
        );
        assert_eq!(
            "amina k".parse::<Username>(),
            Err(UsernameError::Character(' '))
        );
        assert_eq!(
            "أمينة".parse::<Username>(),
            Err(UsernameError::Character('أ'))
        );
        assert_eq!("_amina".parse::<Username>(), Err(UsernameError::Start));
        assert_eq!(serde_json::to_string(&name("Zaid")).unwrap(), "\"zaid\"");
        assert!(serde_json::from_str::<Username>("\"a b\"").is_err());
    }

    #[test]
    fn new_passwords_have_a_length_and_are_not_the_name() {
        let zaid = name("zaid-abdullah");
        assert_eq!(check_new_password("correct horse", &zaid), Ok(()));
        assert_eq!(
            check_new_password("short", &zaid),
            Err(PasswordError::Length(5))
        );
        assert_eq!(
            check_new_password(&"x".repeat(129), &zaid),
            Err(PasswordError::Length(129))
        );
        assert_eq!(
            check_new_password("Zaid-Abdullah", &zaid),
            Err(PasswordError::IsUsername)
        );
        // Characters, not bytes: ten Arabic letters are ten characters.
        assert_eq!(check_new_password("بسماللهالر", &zaid), Ok(()));
        assert!(is_plausible_password("x"));
        assert!(!is_plausible_password(""));
        assert!(!is_plausible_password(&"x".repeat(129)));
    }

    #[test]
    fn roles_and_modes_read_and_write_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
        assert!(!Role::Learner.can_teach() && Role::Teacher.can_teach() && Role::Admin.can_teach());
        assert!(Role::Admin.can_manage_accounts() && !Role::Teacher.can_manage_accounts());
        assert_eq!("open".parse::<SignUpMode>(), Ok(SignUpMode::Open));
        assert_eq!(SignUpMode::default(), SignUpMode::Invitation);
        assert!("closed".parse::<SignUpMode>().is_err());
    }

    #[test]
    fn sign_in_waits_after_five_failures_until_the_oldest_leaves_the_window() {
        let minute = 60_000;
        let now = Timestamp(100 * minute);
        let at = |m: i64| Timestamp(now.0 - m * minute);
        assert_eq!(sign_in_wait(&[], now), None);
        let four = [at(1), at(2), at(3), at(4)];
        assert_eq!(sign_in_wait(&four, now), None);
        // The fifth failure, 10 minutes ago: wait 5 minutes.
        let five = [at(1), at(10), at(2), at(3), at(4)];
        assert_eq!(sign_in_wait(&five, now), Some(5 * minute));
        // Failures older than the window do not count.
        let old = [at(1), at(2), at(3), at(4), at(15), at(40)];
        assert_eq!(sign_in_wait(&old, now), None);
        // Six recent failures: the oldest of the last five decides.
        let six = [at(1), at(2), at(3), at(4), at(6), at(12)];
        assert_eq!(sign_in_wait(&six, now), Some(9 * minute));
        // Failures "in the future" (another clock) do not count.
        let ahead = [at(-1), at(-2), at(-3), at(-4), at(-5)];
        assert_eq!(sign_in_wait(&ahead, now), None);
    }
}
