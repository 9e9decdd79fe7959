//! The learner a request acts for: the one place the server names it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use iqrah_api::{AccountError, ApiError, UserId};

use crate::AppState;
use crate::access::learner_of;
use crate::error::HttpError;

/// The learner whose data a request reads or writes, taken by every
/// handler that touches a learner's data: the local learner of the
/// installation, or on a shared server the signed-in account
/// ([`crate::Access`]); a request naming none is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner(pub UserId);

impl FromRequestParts<AppState> for Learner {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        learner_of(parts, &state.access)
            .map(Learner)
            .ok_or_else(|| {
                HttpError::from(ApiError::Account(AccountError::SignInRequired)).into_response()
            })
    }
}
