//! Rate limiting of the public API (`/api/v1/public/…`, issue #9: "paginated and rate-limited"):
//! at most N requests a minute per client address, N of them at once, with the generic cell
//! rate algorithm (one instant per address: the theoretical arrival time). Over the limit, the
//! answer is a 429 problem with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::WebState;
use crate::error::problem;

/// The paths limited: the public data anyone may read without logging in.
pub const LIMITED_PREFIX: &str = "/api/v1/public/";
/// Addresses remembered before the idle ones are forgotten.
const MAX_TRACKED: usize = 10_000;

/// Per-address limits over a sliding minute.
#[derive(Debug)]
pub struct RateLimiter {
    /// Time one request "costs": a minute divided by the limit.
    interval: Duration,
    /// How far ahead of now an address's arrival time may run: the burst.
    tolerance: Duration,
    /// Theoretical arrival time per address.
    arrivals: Mutex<HashMap<String, Instant>>,
}

impl RateLimiter {
    /// At most `per_minute` requests a minute per address, all of them at once if it likes
    /// (`per_minute` 0 is taken as 1).
    pub fn per_minute(per_minute: u32) -> Self {
        let n = per_minute.max(1);
        let interval = Duration::from_secs(60) / n;
        Self {
            interval,
            tolerance: interval * (n - 1),
            arrivals: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of `key` at `now`: `Ok`, or how long to wait before the next is accepted.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let Ok(mut arrivals) = self.arrivals.lock() else {
            // A poisoned map only loses counting; never refuse the public for it.
            return Ok(());
        };
        if arrivals.len() >= MAX_TRACKED {
            arrivals.retain(|_, at| *at > now);
        }
        let due = arrivals.get(key).map_or(now, |at| (*at).max(now));
        let ahead = due - now;
        if ahead > self.tolerance {
            return Err(ahead - self.tolerance);
        }
        arrivals.insert(key.to_owned(), due + self.interval);
        Ok(())
    }
}

/// Refuses public API requests over the limit of their client address.
pub async fn limit_public(State(state): State<WebState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(LIMITED_PREFIX) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let addr = crate::ctx::client_addr(&parts);
    match state.rate_limiter.check(&addr, Instant::now()) {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(wait) => {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = problem(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("请求过于频繁，请{secs}秒后再试"),
            );
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_limit_then_one_per_interval() {
        let limiter = RateLimiter::per_minute(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check("a", t0), Ok(()));
        }
        // The fourth waits one interval (20 s); another address is not affected.
        assert_eq!(limiter.check("a", t0), Err(Duration::from_secs(20)));
        assert_eq!(limiter.check("b", t0), Ok(()));
        assert_eq!(
            limiter.check("a", t0 + Duration::from_secs(5)),
            Err(Duration::from_secs(15))
        );
        assert_eq!(limiter.check("a", t0 + Duration::from_secs(20)), Ok(()));
        assert!(limiter.check("a", t0 + Duration::from_secs(20)).is_err());
        // After a quiet minute the whole burst is back.
        let later = t0 + Duration::from_secs(120);
        for _ in 0..3 {
            assert_eq!(limiter.check("a", later), Ok(()));
        }
        assert!(limiter.check("a", later).is_err());
    }

    #[test]
    fn refused_requests_do_not_count() {
        let limiter = RateLimiter::per_minute(1);
        let t0 = Instant::now();
        assert_eq!(limiter.check("a", t0), Ok(()));
        for _ in 0..10 {
            assert_eq!(limiter.check("a", t0), Err(Duration::from_secs(60)));
        }
        assert_eq!(limiter.check("a", t0 + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn idle_addresses_are_forgotten_when_the_map_is_full() {
        let limiter = RateLimiter::per_minute(60);
        let t0 = Instant::now();
        for i in 0..MAX_TRACKED {
            assert_eq!(limiter.check(&i.to_string(), t0), Ok(()));
        }
        assert_eq!(limiter.check("new", t0 + Duration::from_secs(2)), Ok(()));
        let tracked = limiter.arrivals.lock().map(|m| m.len()).unwrap_or(0);
        assert_eq!(tracked, 1);
    }
}
