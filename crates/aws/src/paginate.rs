//! Token pagination, written once: every list API here is a loop of "fetch a page with the
//! previous token, stop when there is none", and a listing that cannot be completed is an
//! error naming the API. Each page is one request through the context's
//! limiter, which the SDK's own paginators would hide.

use std::collections::HashSet;
use std::future::Future;

use cloudward_model::ErrorKind;

use crate::classify::ApiError;
use crate::context::CollectContext;

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

/// Fetch every page of `api`, starting with no token. The first failed page fails the whole
/// listing, because a partial listing must not pass for a complete one; for the same reason a
/// token handed back twice (a service bug that would otherwise loop for ever) and a listing past
/// [`MAX_PAGES`] are errors of the listing (`ErrorKind::Unreadable`, naming the service, API and
/// region), never a silently shorter list (issue 9).
pub(crate) async fn paginate<T, F, Fut>(
    ctx: &CollectContext,
    api: &'static str,
    fetch: F,
) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    pages(fetch, MAX_PAGES).await.map_err(|stop| match stop {
        Stop::Failed(err) => err,
        Stop::Incomplete(message) => ApiError {
            service: ctx.service,
            api,
            region: ctx.region.clone(),
            kind: ErrorKind::Unreadable,
            code: None,
            message,
            detail: None,
            subject: None,
            short_circuited: false,
        },
    })
}

/// Why [`pages`] stopped short.
#[derive(Debug, PartialEq)]
enum Stop<E> {
    /// A page failed.
    Failed(E),
    /// The listing cannot be completed: what happened, for the error's message.
    Incomplete(String),
}

async fn pages<T, E, F, Fut>(mut fetch: F, max_pages: usize) -> Result<Vec<T>, Stop<E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut token: Option<String> = None;
    for page_number in 1..=max_pages {
        let page = fetch(token.take()).await.map_err(Stop::Failed)?;
        items.extend(page.items);
        match page.next.filter(|t| !t.is_empty()) {
            Some(next) if seen.insert(next.clone()) => token = Some(next),
            Some(next) => {
                tracing::warn!(token = %next, page = page_number, "pagination token repeated");
                return Err(Stop::Incomplete(format!(
                    "page {page_number} handed back a page token seen before ({next:?}); the \
                     listing stopped there and is incomplete"
                )));
            }
            None => return Ok(items),
        }
    }
    Err(Stop::Incomplete(format!(
        "more than {max_pages} pages; the listing stopped there and is incomplete"
    )))
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
        let recorded = [
            (None, vec!["sg-1", "sg-2"], Some("t1")),
            (Some("t1"), vec!["sg-3", "sg-4"], Some("t2")),
            (Some("t2"), vec!["sg-5"], None),
        ];
        let calls = RefCell::new(Vec::new());
        let result: Result<Vec<&str>, Stop<String>> = run(pages(
            |token| {
                calls.borrow_mut().push(token.clone());
                let page = recorded
                    .iter()
                    .find(|(t, _, _)| t.map(str::to_string) == token)
                    .expect("the token was handed out by a page");
                let out = Page {
                    items: page.1.clone(),
                    next: page.2.map(str::to_string),
                };
                async move { Ok(out) }
            },
            MAX_PAGES,
        ));
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
    fn an_empty_token_ends_the_listing() {
        let result: Result<Vec<u8>, Stop<String>> = run(pages(
            |_| async {
                Ok(Page {
                    items: vec![1],
                    next: Some(String::new()),
                })
            },
            MAX_PAGES,
        ));
        assert_eq!(result.expect("one page"), [1]);
    }

    /// Issue 9: a repeated token is an error of the listing, not a silently partial result.
    #[test]
    fn issue9_a_repeated_token_fails_the_listing() {
        let count = RefCell::new(0);
        let result: Result<Vec<u8>, Stop<String>> = run(pages(
            |_| {
                *count.borrow_mut() += 1;
                async {
                    Ok(Page {
                        items: vec![7],
                        next: Some("same".to_string()),
                    })
                }
            },
            MAX_PAGES,
        ));
        // First page, then the page fetched with "same", whose answer repeats it.
        let Err(Stop::Incomplete(message)) = result else {
            panic!("a repeated token must fail the listing: {result:?}");
        };
        assert!(
            message.contains("page 2") && message.contains("\"same\""),
            "{message}"
        );
        assert_eq!(*count.borrow(), 2);
    }

    #[test]
    fn issue9_too_many_pages_fail_the_listing() {
        let next = RefCell::new(0);
        let result: Result<Vec<u8>, Stop<String>> = run(pages(
            |_| {
                *next.borrow_mut() += 1;
                let token = next.borrow().to_string();
                async move {
                    Ok(Page {
                        items: vec![1],
                        next: Some(token),
                    })
                }
            },
            3,
        ));
        assert_eq!(
            result,
            Err(Stop::Incomplete(
                "more than 3 pages; the listing stopped there and is incomplete".into()
            ))
        );
    }

    #[test]
    fn a_failed_page_fails_the_listing() {
        let result: Result<Vec<u8>, Stop<String>> = run(pages(
            |token| async move {
                match token {
                    None => Ok(Page {
                        items: vec![1],
                        next: Some("t".into()),
                    }),
                    Some(_) => Err("AccessDenied".to_string()),
                }
            },
            MAX_PAGES,
        ));
        assert_eq!(result, Err(Stop::Failed("AccessDenied".to_string())));
    }

    #[test]
    fn iam_markers_only_when_truncated() {
        assert_eq!(marker(true, Some("m")), Some("m".to_string()));
        assert_eq!(marker(false, Some("m")), None);
        assert_eq!(marker(true, None), None);
    }
}
