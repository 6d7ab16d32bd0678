//! `Value<T>`: an attribute that was either read (`Known`) or could not be (`Unknown`, with why).
//!
//! This is the type that keeps cloudward honest: a rule that depends on an `Unknown` attribute
//! yields an Unknown finding carrying the reason, never a Pass.

use serde::{Deserialize, Serialize};

/// An attribute value as far as the source could tell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value<T> {
    /// The source told us this value.
    Known(T),
    /// The source could not tell; the string says why (AccessDenied, unresolved variable, ...).
    Unknown(String),
}

impl<T> Value<T> {
    /// An unknown value with the given reason.
    pub fn unknown(reason: impl Into<String>) -> Self {
        Value::Unknown(reason.into())
    }

    /// The known value, if any.
    pub fn known(&self) -> Option<&T> {
        match self {
            Value::Known(v) => Some(v),
            Value::Unknown(_) => None,
        }
    }

    /// The reason this value is unknown, if it is.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Known(_) => None,
            Value::Unknown(r) => Some(r),
        }
    }

    /// Whether the value is known.
    pub fn is_known(&self) -> bool {
        matches!(self, Value::Known(_))
    }

    /// Borrow the inner value.
    pub fn as_ref(&self) -> Value<&T> {
        match self {
            Value::Known(v) => Value::Known(v),
            Value::Unknown(r) => Value::Unknown(r.clone()),
        }
    }

    /// Transform a known value, keep the reason of an unknown one.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Value<U> {
        match self {
            Value::Known(v) => Value::Known(f(v)),
            Value::Unknown(r) => Value::Unknown(r),
        }
    }

    /// Chain a computation that may itself be unknown.
    pub fn and_then<U>(self, f: impl FnOnce(T) -> Value<U>) -> Value<U> {
        match self {
            Value::Known(v) => f(v),
            Value::Unknown(r) => Value::Unknown(r),
        }
    }

    /// Convert into a `Result`, the unknown reason as the error; handy with `?` in rules.
    pub fn into_result(self) -> Result<T, String> {
        match self {
            Value::Known(v) => Ok(v),
            Value::Unknown(r) => Err(r),
        }
    }

    /// Borrowing form of [`Value::into_result`].
    pub fn get(&self) -> Result<&T, String> {
        match self {
            Value::Known(v) => Ok(v),
            Value::Unknown(r) => Err(r.clone()),
        }
    }
}

impl<T> From<T> for Value<T> {
    fn from(v: T) -> Self {
        Value::Known(v)
    }
}

impl<T> Default for Value<T> {
    /// The default is Unknown: an attribute nobody filled in was not read.
    fn default() -> Self {
        Value::Unknown("not collected".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_unknown_not_a_guess() {
        let v: Value<bool> = Value::default();
        assert_eq!(v.unknown_reason(), Some("not collected"));
    }

    #[test]
    fn serialises_with_an_explicit_tag() {
        let known: Value<bool> = Value::Known(true);
        let unknown: Value<bool> = Value::unknown("AccessDenied");
        assert_eq!(
            serde_json::to_string(&known).expect("serialises"),
            r#"{"known":true}"#
        );
        assert_eq!(
            serde_json::to_string(&unknown).expect("serialises"),
            r#"{"unknown":"AccessDenied"}"#
        );
    }

    #[test]
    fn map_keeps_the_reason() {
        let v: Value<u32> = Value::unknown("throttled");
        assert_eq!(v.map(|x| x + 1), Value::unknown("throttled"));
    }
}
