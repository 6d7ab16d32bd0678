//! Notifications against real endpoints: a local HTTP server each test starts (Slack body,
//! webhook signature, retries, Retry-After, a sink that is down, the rate-limit digest, the
//! dedupe ledger across runs) and moto for SNS (a subscribed SQS queue receives the message).

mod http;
mod moto;
mod server;
mod sns;
