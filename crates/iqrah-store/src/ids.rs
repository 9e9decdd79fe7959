//! The ids every store call names: the learner and the session.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A learner: whose settings, memory states, review log and sessions a
/// call reads or writes. Serialized as its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    /// The text of the one learner of a single-user installation.
    pub const LOCAL: &'static str = "local";

    /// A learner named by `id` (checked by the API, not here).
    pub fn new(id: impl Into<String>) -> Self {
        UserId(id.into())
    }

    /// The one learner of a single-user installation (the CLI's, the
    /// bridge's and the web app's), stored as `local`.
    pub fn local() -> Self {
        UserId(Self::LOCAL.to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A practice session (a UUID for the sessions Iqrah creates). Serialized
/// as its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(String);

impl SessionId {
    /// A session named by `id`.
    pub fn new(id: impl Into<String>) -> Self {
        SessionId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use super::*;

    #[test]
    fn ids_serialize_as_their_text() {
        assert_eq!(
            serde_json::to_string(&UserId::local()).unwrap(),
            "\"local\""
        );
        let session: SessionId = serde_json::from_str("\"s-1\"").unwrap();
        assert_eq!(session.as_str(), "s-1");
        assert_eq!(session.to_string(), "s-1");
        assert_eq!(UserId::new("local"), UserId::local());
        assert_ne!(UserId::new("Local"), UserId::local());
    }
}
