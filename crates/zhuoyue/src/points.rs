//! Exact points: integers in hundredths of a point.
//!
//! An item score is `percent x item points / 100`; in hundredths that is simply `percent x points`,
//! so every score in the engine is an integer and Rust, Python and JavaScript agree to the last digit.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A score in hundredths of a point (`Points(525)` is 5.25 points): integers, so Rust, Python and
/// JavaScript give the same numbers.
///
/// ```
/// use zhuoyue::Points;
///
/// // 35% of a 15-point item, exactly: 5.25 points, printed with two decimals.
/// let p = Points::of(35, 15);
/// assert_eq!((p.hundredths(), p.to_string()), (525, "5.25".to_string()));
/// assert_eq!(Points::whole(550) - p, Points(54_475));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number"))]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points (an item's or a category's maximum).
    pub const fn whole(points: u32) -> Points {
        Points(points as i64 * 100)
    }

    /// The score of `percent` of an item worth `points`.
    pub const fn of(percent: u8, points: u32) -> Points {
        Points(percent as i64 * points as i64)
    }

    /// Reads `600`, `612.5` or `612.25` (at most two decimals, not negative).
    pub fn parse(text: &str) -> Option<Points> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || fraction.len() > 2
            || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = whole.parse().ok().filter(|w: &i64| *w <= 1_000_000_000)?;
        let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
        Some(Points(whole * 100 + fraction))
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The nearest `f64`, for JSON output and charts only; never used in arithmetic.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self` as a percent of `max`, in hundredths of a percent, rounded half up.
    pub fn percent_of(self, max: Points) -> i64 {
        if max.0 == 0 {
            return 0;
        }
        (self.0 * 10_000 * 2 + max.0) / (max.0 * 2)
    }
}

impl fmt::Display for Points {
    /// Always two decimals: `5.25`, `1000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let text = format!("{sign}{}.{:02}", abs / 100, abs % 100);
        f.pad(&text)
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl serde::Serialize for Points {
    /// As a JSON number (5.25). Exact consumers read the `*_hundredths` fields beside it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_score_is_exact() {
        assert_eq!(Points::of(35, 15), Points(525));
        assert_eq!(Points::of(35, 15).to_string(), "5.25");
        assert_eq!(Points::whole(1000).to_string(), "1000.00");
        assert_eq!(Points(5).to_string(), "0.05");
        assert_eq!(format!("{:>8}", Points(525)), "    5.25");
    }

    #[test]
    fn parse_reads_up_to_two_decimals() {
        assert_eq!(Points::parse("600"), Some(Points(60000)));
        assert_eq!(Points::parse("612.5"), Some(Points(61250)));
        assert_eq!(Points::parse(" 612.25 "), Some(Points(61225)));
        for bad in ["", "-5", "6e2", "612.255", "abc", ".5", "1.2.3", "99999999999999"] {
            assert_eq!(Points::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn percent_of_rounds_half_up() {
        assert_eq!(Points(1).percent_of(Points(3)), 3333);
        assert_eq!(Points(2).percent_of(Points(3)), 6667);
        assert_eq!(Points(0).percent_of(Points(0)), 0);
        assert_eq!(Points::whole(55).percent_of(Points::whole(110)), 5000);
    }
}
