//! Values in JSONB and TEXT columns: JSON, and the serde names of unit enum variants.

use iqrah_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Serializes a value to JSON for a JSONB column (bound as text, cast by the query).
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::corrupt)
}

/// Reads a JSONB column (selected as text).
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(StoreError::corrupt)
}

/// Reads a snake_case name stored by serde (`practice_ahead`).
pub(crate) fn from_name<T: DeserializeOwned>(name: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(StoreError::corrupt)
}

/// The serde name of a unit enum variant.
pub(crate) fn name_of<T: Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value).map_err(StoreError::corrupt)? {
        serde_json::Value::String(name) => Ok(name),
        other => Err(StoreError::corrupt(format!("{other} is not a name"))),
    }
}

/// A count for a BIGINT column (PostgreSQL's integers are signed).
pub(crate) fn count_to_sql(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// A count from a BIGINT column; a negative one is damage.
pub(crate) fn count_from_sql<T: TryFrom<i64>>(value: i64) -> Result<T, StoreError>
where
    T::Error: std::fmt::Display,
{
    T::try_from(value).map_err(StoreError::corrupt)
}
