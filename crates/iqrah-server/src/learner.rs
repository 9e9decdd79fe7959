//! The learner a request acts for: the one place the server names it.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use iqrah_api::UserId;

/// The learner whose data a request reads or writes, taken by every
/// handler that touches a learner's data. The server serves the one local
/// learner of its installation; accounts would name the learner from the
/// request here (and refuse a request naming none), and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner(pub UserId);

impl<S: Send + Sync> FromRequestParts<S> for Learner {
    type Rejection = Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Learner(UserId::local()))
    }
}
