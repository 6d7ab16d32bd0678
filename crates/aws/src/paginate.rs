//! Token pagination, written once: every list API here is a loop of "fetch a page with the
//! previous token, stop when there is none". Each page is one request through the context's
//! limiter, which the SDK's own paginators would hide.

use std::collections::HashSet;
use std::future::Future;

/// One page of a list API.
#[derive(Debug)]
pub(crate) struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The token for the next page; `None` (or an empty string) on the last page.
    pub next: Option<String>,
}

/// Pages beyond this many are not fetched (a runaway guard far above any real account).
const MAX_PAGES: usize = 100_000;

/// Fetch every page, starting with no token. A token seen before stops the loop (a service
/// that hands back the same token would otherwise loop for ever); the first failed page fails
/// the whole listing, because a partial listing must not pass for a complete one.
pub(crate) async fn paginate<T, E, F, Fut>(mut fetch: F) -> Result<Vec<T>, E>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = fetch(token.take()).await?;
        items.extend(page.items);
        match page.next.filter(|t| !t.is_empty()) {
            Some(next) if seen.insert(next.clone()) => token = Some(next),
            Some(next) => {
                tracing::warn!(token = %next, "pagination token repeated; stopping");
                break;
            }
            None => break,
        }
    }
    Ok(items)
}

/// The next-page token of an IAM-style API (`IsTruncated` plus `Marker`).
pub(crate) fn marker(is_truncated: bool, marker: Option<&str>) -> Option<String> {
    if is_truncated {
        marker.map(str::to_string)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime builds")
            .block_on(f)
    }

    /// Recorded shape: three pages chained by tokens, as DescribeSecurityGroups returns them
    /// with MaxResults=2 on real AWS (moto never paginates).
    #[test]
    fn follows_tokens_across_recorded_pages() {
        let pages = [
            (None, vec!["sg-1", "sg-2"], Some("t1")),
            (Some("t1"), vec!["sg-3", "sg-4"], Some("t2")),
            (Some("t2"), vec!["sg-5"], None),
        ];
        let calls = RefCell::new(Vec::new());
        let result: Result<Vec<&str>, String> = run(paginate(|token| {
            calls.borrow_mut().push(token.clone());
            let page = pages
                .iter()
                .find(|(t, _, _)| t.map(str::to_string) == token)
                .expect("the token was handed out by a page");
            let out = Page {
                items: page.1.clone(),
                next: page.2.map(str::to_string),
            };
            async move { Ok(out) }
        }));
        assert_eq!(
            result.expect("pages"),
            ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5"]
        );
        assert_eq!(
            *calls.borrow(),
            [None, Some("t1".to_string()), Some("t2".to_string())]
        );
    }

    #[test]
    fn an_empty_token_ends_and_a_repeated_token_stops() {
        let result: Result<Vec<u8>, String> = run(paginate(|_| async {
            Ok(Page {
                items: vec![1],
                next: Some(String::new()),
            })
        }));
        assert_eq!(result.expect("one page"), [1]);

        let count = RefCell::new(0);
        let result: Result<Vec<u8>, String> = run(paginate(|_| {
            *count.borrow_mut() += 1;
            async {
                Ok(Page {
                    items: vec![7],
                    next: Some("same".to_string()),
                })
            }
        }));
        // First page, then the page fetched with "same", whose answer repeats it.
        assert_eq!(result.expect("two pages"), [7, 7]);
        assert_eq!(*count.borrow(), 2);
    }

    #[test]
    fn a_failed_page_fails_the_listing() {
        let result: Result<Vec<u8>, String> = run(paginate(|token| async move {
            match token {
                None => Ok(Page {
                    items: vec![1],
                    next: Some("t".into()),
                }),
                Some(_) => Err("AccessDenied".to_string()),
            }
        }));
        assert_eq!(result, Err("AccessDenied".to_string()));
    }

    #[test]
    fn iam_markers_only_when_truncated() {
        assert_eq!(marker(true, Some("m")), Some("m".to_string()));
        assert_eq!(marker(false, Some("m")), None);
        assert_eq!(marker(true, None), None);
    }
}
