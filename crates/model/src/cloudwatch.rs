//! CloudWatch monitoring in one region: the CloudWatch Logs metric filters and the metric
//! alarms, which together decide whether a CloudTrail event pattern raises an alert (CIS
//! section 4, FSBP CloudWatch.1–14).

use serde::{Deserialize, Serialize};

use crate::Value;

/// The metric filters and alarms of one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionStatus {
    /// `logs:DescribeMetricFilters` (every log group of the region).
    pub metric_filters: Value<Vec<MetricFilter>>,
    /// `cloudwatch:DescribeAlarms` (metric alarms).
    pub alarms: Value<Vec<MetricAlarm>>,
}

/// One CloudWatch Logs metric filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricFilter {
    /// `filterName`.
    pub name: String,
    /// `logGroupName`.
    pub log_group_name: String,
    /// `filterPattern`, as written.
    pub pattern: String,
    /// `metricTransformations`: the metrics the filter feeds.
    pub metrics: Vec<MetricName>,
}

/// A metric, by namespace and name.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MetricName {
    /// `metricNamespace`.
    pub namespace: String,
    /// `metricName`.
    pub name: String,
}

/// One metric alarm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricAlarm {
    /// `AlarmName`.
    pub name: String,
    /// The metric it watches (`Namespace`, `MetricName`); `None` for metric-math alarms.
    pub metric: Option<MetricName>,
    /// `ActionsEnabled`.
    pub actions_enabled: bool,
    /// `AlarmActions`: ARNs notified when the alarm fires (SNS topics, ...).
    pub alarm_actions: Vec<String>,
}
