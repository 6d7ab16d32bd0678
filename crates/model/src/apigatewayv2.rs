//! Amazon API Gateway HTTP and WebSocket APIs (`GetApis`, `GetRoutes`, `GetStages`).

use serde::{Deserialize, Serialize};

use crate::Value;

/// A route of an HTTP or WebSocket API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Route {
    /// The API's `ApiId`.
    pub api_id: String,
    /// The API's `ProtocolType`: `HTTP` or `WEBSOCKET`.
    pub protocol_type: String,
    /// `RouteKey` (`GET /pets`, `$default`, `$connect`).
    pub route_key: String,
    /// `AuthorizationType`: `NONE`, `AWS_IAM`, `CUSTOM` or `JWT`.
    pub authorization_type: Value<String>,
}

/// A stage of an HTTP or WebSocket API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stage {
    /// The API's `ApiId`.
    pub api_id: String,
    /// The API's `ProtocolType`.
    pub protocol_type: String,
    /// `StageName`.
    pub stage_name: String,
    /// `AccessLogSettings.DestinationArn`; `None`: access logging is off.
    pub access_log_destination: Value<Option<String>>,
}
