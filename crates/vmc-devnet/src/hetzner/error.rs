//! The API's error envelope: `{"error": {"code", "message", "details"}}` with the documented
//! HTTP status for each code.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answer of the API (boxed: it travels through many `Result`s).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<ErrorBody>);

/// The parts of an error answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Value,
}

impl std::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl ApiError {
    fn from_parts(status: StatusCode, code: &str, message: String, details: Value) -> Self {
        Self(Box::new(ErrorBody {
            status,
            code: code.to_string(),
            message,
            details,
        }))
    }

    /// Any status and code.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self::from_parts(status, code, message.into(), Value::Null)
    }

    /// `422 invalid_input` naming one field and what is wrong with it.
    pub fn invalid_field(field: &str, problem: impl Into<String>) -> Self {
        let problem = problem.into();
        Self::from_parts(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            format!("invalid input in field '{field}': {problem}"),
            json!({"fields": [{"name": field, "messages": [problem]}]}),
        )
    }

    /// `422 invalid_input` without a field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", message)
    }

    /// `400 json_error`.
    pub fn json(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "json_error", message)
    }

    /// `401 unauthorized`.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unable to authenticate",
        )
    }

    /// `404 not_found` for a resource kind.
    pub fn not_found(kind: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{kind} not found"),
        )
    }

    /// `409 uniqueness_error` on a field.
    pub fn uniqueness(field: &str, message: impl Into<String>) -> Self {
        Self::from_parts(
            StatusCode::CONFLICT,
            "uniqueness_error",
            message.into(),
            json!({"fields": [{"name": field}]}),
        )
    }

    /// `423 locked`.
    pub fn locked(message: impl Into<String>) -> Self {
        Self::new(StatusCode::LOCKED, "locked", message)
    }

    /// `412 resource_unavailable`.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "resource_unavailable",
            message,
        )
    }

    /// `429 rate_limit_exceeded`.
    pub fn rate_limited(limit: u32) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_exceeded",
            format!("limit of {limit} requests per hour reached"),
        )
    }

    /// The body as JSON.
    pub fn body(&self) -> Value {
        json!({"error": {"code": self.code, "message": self.message, "details": self.details}})
    }
}

/// The documented HTTP status for an error code (used by injected faults that name a code).
pub fn status_for_code(code: &str) -> Option<StatusCode> {
    Some(match code {
        "json_error" => StatusCode::BAD_REQUEST,
        "unauthorized" | "token_readonly" => StatusCode::UNAUTHORIZED,
        "forbidden" | "maintenance" | "resource_limit_exceeded" => StatusCode::FORBIDDEN,
        "not_found" => StatusCode::NOT_FOUND,
        "method_not_allowed" => StatusCode::METHOD_NOT_ALLOWED,
        "uniqueness_error" | "conflict" => StatusCode::CONFLICT,
        "deprecated_api_endpoint" => StatusCode::GONE,
        "resource_unavailable" => StatusCode::PRECONDITION_FAILED,
        "invalid_input" | "service_error" | "unsupported_error" => StatusCode::UNPROCESSABLE_ENTITY,
        "locked" | "protected" => StatusCode::LOCKED,
        "rate_limit_exceeded" => StatusCode::TOO_MANY_REQUESTS,
        "server_error" => StatusCode::INTERNAL_SERVER_ERROR,
        "bad_gateway" => StatusCode::BAD_GATEWAY,
        "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
        "timeout" => StatusCode::GATEWAY_TIMEOUT,
        _ => return None,
    })
}

/// The documented code for a 5xx status (for faults that give only a status).
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        502 => "bad_gateway",
        503 => "unavailable",
        504 => "timeout",
        429 => "rate_limit_exceeded",
        423 => "locked",
        409 => "conflict",
        404 => "not_found",
        _ if status.is_server_error() => "server_error",
        _ => "service_error",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_field_has_details() {
        let e = ApiError::invalid_field("name", "is too long");
        assert_eq!(e.status.as_u16(), 422);
        assert_eq!(e.body()["error"]["details"]["fields"][0]["name"], "name");
        assert_eq!(
            e.body()["error"]["details"]["fields"][0]["messages"][0],
            "is too long"
        );
    }

    #[test]
    fn codes_map_to_documented_statuses() {
        assert_eq!(status_for_code("locked"), Some(StatusCode::LOCKED));
        assert_eq!(
            status_for_code("resource_unavailable").unwrap().as_u16(),
            412
        );
        assert_eq!(status_for_code("nope"), None);
        assert_eq!(
            code_for_status(StatusCode::SERVICE_UNAVAILABLE),
            "unavailable"
        );
    }
}
