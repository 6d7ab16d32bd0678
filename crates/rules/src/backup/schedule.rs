//! How often a backup rule runs, from its schedule expression: AWS Backup's six-field cron
//! (`cron(minutes hours day-of-month month day-of-week year)`, UTC) or a `rate(...)`.
//!
//! The period is the longest gap between two runs, found by walking four calendar years
//! (leap years and month lengths included) day by day: exact for every expression the parser
//! accepts, and cheap (under 1,500 days). What it does not accept (`L`, `W` and `#` in the
//! day-of-week field, a restricted year, both day fields set) is an error naming the reason,
//! which the rules turn into Unknown.

use chrono::{Datelike, Duration, NaiveDate};

/// The longest interval between two runs of `expression`.
pub(crate) fn period(expression: &str) -> Result<Duration, String> {
    let e = expression.trim();
    if let Some(body) = e.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        return rate(body).ok_or_else(|| format!("cannot read the schedule {e}"));
    }
    let body = e
        .strip_prefix("cron(")
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| format!("the schedule {e} is neither cron(...) nor rate(...)"))?;
    let fields: Vec<&str> = body.split_whitespace().collect();
    let [minutes, hours, dom, month, dow, year] = fields[..] else {
        return Err(format!("the schedule {e} does not have six cron fields"));
    };
    let unsupported = |what: &str| format!("the schedule {e}: {what} is not evaluated");
    if !matches!(year, "*" | "?") {
        return Err(unsupported("a restricted year"));
    }
    let minutes = set(minutes, 0, 59, &[]).map_err(|w| unsupported(&w))?;
    let hours = set(hours, 0, 23, &[]).map_err(|w| unsupported(&w))?;
    let months = set(month, 1, 12, MONTHS).map_err(|w| unsupported(&w))?;
    let any = |f: &str| matches!(f, "*" | "?");
    if !any(dom) && !any(dow) {
        return Err(unsupported("both day-of-month and day-of-week"));
    }
    let (doms, last_dom) = if dom == "L" {
        (Vec::new(), true)
    } else {
        (set(dom, 1, 31, &[]).map_err(|w| unsupported(&w))?, false)
    };
    // AWS cron numbers days of the week 1 (SUN) to 7 (SAT).
    let dows = set(dow, 1, 7, DAYS).map_err(|w| unsupported(&w))?;
    let mut times: Vec<i64> = hours
        .iter()
        .flat_map(|h| {
            minutes
                .iter()
                .map(move |m| i64::from(*h) * 60 + i64::from(*m))
        })
        .collect();
    times.sort_unstable();
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return Err(unsupported("an empty minute or hour set"));
    };
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date");
    let mut days: Vec<i64> = Vec::new();
    for offset in 0..(366 + 365 * 3) {
        let day = start + Duration::days(offset);
        let month_ok = months.contains(&day.month());
        let dom_ok = if last_dom {
            (day + Duration::days(1)).month() != day.month()
        } else {
            doms.contains(&day.day())
        };
        let dow_ok = dows.contains(&(day.weekday().num_days_from_sunday() + 1));
        if month_ok && dom_ok && dow_ok {
            days.push(offset);
        }
    }
    if days.len() < 2 {
        return Err(unsupported(
            "a schedule that runs less than twice in four years",
        ));
    }
    let within_day = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
    let across_days = days
        .windows(2)
        .map(|w| (w[1] - w[0]) * 1440 - last + first)
        .max()
        .unwrap_or(0);
    Ok(Duration::minutes(within_day.max(across_days)))
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// `rate(12 hours)`, `rate(1 day)`.
fn rate(body: &str) -> Option<Duration> {
    let mut parts = body.split_whitespace();
    let n: i64 = parts.next()?.parse().ok().filter(|n| *n > 0)?;
    let unit = parts.next()?;
    let minutes = match unit.trim_end_matches('s') {
        "minute" => n,
        "hour" => n * 60,
        "day" => n * 1440,
        _ => return None,
    };
    Some(Duration::minutes(minutes))
}

/// The values of one cron field between `lo` and `hi` (`*`, `?`, lists, ranges, steps, names).
fn set(field: &str, lo: u32, hi: u32, names: &[&str]) -> Result<Vec<u32>, String> {
    let value = |s: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(lo + i as u32);
        }
        s.parse::<u32>()
            .ok()
            .filter(|v| (lo..=hi).contains(v))
            .ok_or_else(|| format!("the cron value {s:?}"))
    };
    let mut out = Vec::new();
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| format!("the cron step {s:?}"))?,
            ),
            None => (part, 1),
        };
        let (from, to) = match range {
            "*" | "?" => (lo, hi),
            r => match r.split_once('-') {
                Some((a, b)) => (value(a)?, value(b)?),
                // `5/15` runs from 5 to the end of the range.
                None if step > 1 => (value(r)?, hi),
                None => {
                    let v = value(r)?;
                    (v, v)
                }
            },
        };
        if from > to {
            return Err(format!("the cron range {range:?}"));
        }
        out.extend((from..=to).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(e: &str) -> i64 {
        period(e).expect("parses").num_hours()
    }

    #[test]
    fn common_schedules() {
        assert_eq!(hours("cron(0 5 ? * * *)"), 24);
        assert_eq!(hours("cron(0 */12 * * ? *)"), 12);
        assert_eq!(hours("cron(0 0,18 ? * * *)"), 18);
        assert_eq!(hours("cron(0 5 ? * SUN *)"), 7 * 24);
        assert_eq!(hours("cron(0 5 ? * MON-FRI *)"), 3 * 24);
        assert_eq!(hours("cron(0 5 1 * ? *)"), 31 * 24);
        assert_eq!(hours("cron(0 5 L * ? *)"), 31 * 24);
        assert_eq!(hours("cron(0 5 1 1 ? *)"), 366 * 24);
        assert_eq!(hours("rate(12 hours)"), 12);
        assert_eq!(hours("rate(1 day)"), 24);
        assert_eq!(
            period("cron(0/30 * ? * * *)")
                .expect("parses")
                .num_minutes(),
            30
        );
    }

    #[test]
    fn what_is_not_evaluated_is_an_error() {
        for e in [
            "cron(0 5 ? * 2#1 *)",
            "cron(0 5 ? * * 2030)",
            "cron(0 5 1 * MON *)",
            "cron(0 5 * *)",
            "daily",
        ] {
            assert!(period(e).is_err(), "{e}");
        }
    }
}
