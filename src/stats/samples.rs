//! What a comparison reads of each group: a proportion's counts, a sample's mean and variance, a
//! ratio's paired moments; and their builders from raw values or from the sums a query returns.

/// A proportion: `successes` of `n` members (converted, clicked, churned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proportion {
    pub n: u64,
    pub successes: u64,
}

/// A sample's size, mean and unbiased variance (divided by n − 1): the sufficient statistics of
/// Welch's test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub n: u64,
    pub mean: f64,
    /// The unbiased sample variance; 0 for fewer than two members, where it is undefined
    /// (`compare_means` refuses such a group).
    pub variance: f64,
}

/// Paired per-member values for a ratio of totals Σx / Σy (revenue ÷ orders, clicks ÷ views):
/// the means of x and y, their unbiased variances and their unbiased covariance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioSample {
    pub n: u64,
    pub mean_x: f64,
    pub mean_y: f64,
    pub var_x: f64,
    pub var_y: f64,
    pub cov_xy: f64,
}

impl Sample {
    /// From the members' values, in two passes (the mean, then the squared deviations from it,
    /// with the corrected two-pass term) over compensated sums: as exact as floats allow.
    pub fn from_values(values: &[f64]) -> Sample {
        let n = values.len();
        if n == 0 {
            return Sample::EMPTY;
        }
        let mean = compensated_sum(values.iter().copied()) / n as f64;
        let deviations = compensated_sum(values.iter().map(|x| x - mean));
        let squares = compensated_sum(values.iter().map(|x| (x - mean) * (x - mean)));
        Sample {
            n: n as u64,
            mean,
            variance: unbiased(n as u64, squares - deviations * deviations / n as f64),
        }
    }

    /// From a query's `COUNT(x)`, `SUM(x)` and `SUM(x * x)`.
    ///
    /// Cancellation: the variance is Σx² − (Σx)²/n, a difference of two large, nearly equal
    /// numbers when the mean is large beside the standard deviation. The subtraction loses about
    /// log₁₀(1 + mean²/variance) of a float's 16 significant digits: spending with mean 100 and
    /// standard deviation 10 loses 2, seconds since 1970 (mean 1.7·10⁹, deviation 10⁶) lose 6,
    /// and a variance below the rounding of Σx² comes out as 0 (clamped: rounding may make it
    /// negative). Sums of `x − c` for a `c` near the mean keep the digits: see
    /// [`Sample::from_shifted_sums`].
    pub fn from_sums(n: u64, sum: f64, sum_squares: f64) -> Sample {
        Sample::from_shifted_sums(n, 0.0, sum, sum_squares)
    }

    /// From `COUNT(x)`, `SUM(x − shift)` and `SUM((x − shift) * (x − shift))`: the variance does
    /// not depend on the shift, and a shift near the mean (a previous period's, a round number)
    /// removes the cancellation [`Sample::from_sums`] describes.
    pub fn from_shifted_sums(n: u64, shift: f64, sum: f64, sum_squares: f64) -> Sample {
        if n == 0 {
            return Sample::EMPTY;
        }
        let count = n as f64;
        let centred = sum / count;
        Sample {
            n,
            mean: shift + centred,
            variance: unbiased(n, sum_squares - sum * centred),
        }
    }

    /// No members: mean and variance 0, refused by `compare_means` as an empty group.
    const EMPTY: Sample = Sample {
        n: 0,
        mean: 0.0,
        variance: 0.0,
    };
}

impl RatioSample {
    /// From each member's pair (x, y), in two passes over compensated sums as
    /// [`Sample::from_values`].
    pub fn from_pairs(pairs: &[(f64, f64)]) -> RatioSample {
        let n = pairs.len();
        if n == 0 {
            return RatioSample::from_moments(0, [0.0; 2], [0.0; 3]);
        }
        let count = n as f64;
        let mean_x = compensated_sum(pairs.iter().map(|p| p.0)) / count;
        let mean_y = compensated_sum(pairs.iter().map(|p| p.1)) / count;
        let dx = compensated_sum(pairs.iter().map(|p| p.0 - mean_x));
        let dy = compensated_sum(pairs.iter().map(|p| p.1 - mean_y));
        let xx = compensated_sum(pairs.iter().map(|p| (p.0 - mean_x) * (p.0 - mean_x)));
        let yy = compensated_sum(pairs.iter().map(|p| (p.1 - mean_y) * (p.1 - mean_y)));
        let xy = compensated_sum(pairs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)));
        RatioSample::from_moments(
            n as u64,
            [mean_x, mean_y],
            [
                xx - dx * dx / count,
                yy - dy * dy / count,
                xy - dx * dy / count,
            ],
        )
    }

    /// From a query's `COUNT(*)`, `SUM(x)`, `SUM(y)`, `SUM(x * x)`, `SUM(y * y)` and
    /// `SUM(x * y)`, with the cancellation [`Sample::from_sums`] describes.
    pub fn from_sums(n: u64, sums: RatioSums) -> RatioSample {
        if n == 0 {
            return RatioSample::from_moments(0, [0.0; 2], [0.0; 3]);
        }
        let count = n as f64;
        let (mean_x, mean_y) = (sums.x / count, sums.y / count);
        RatioSample::from_moments(
            n,
            [mean_x, mean_y],
            [
                sums.xx - sums.x * mean_x,
                sums.yy - sums.y * mean_y,
                sums.xy - sums.x * mean_y,
            ],
        )
    }

    /// The sample from its means and its sums of squared and crossed deviations (xx, yy, xy).
    fn from_moments(n: u64, [mean_x, mean_y]: [f64; 2], [xx, yy, xy]: [f64; 3]) -> RatioSample {
        RatioSample {
            n,
            mean_x,
            mean_y,
            var_x: unbiased(n, xx),
            var_y: unbiased(n, yy),
            cov_xy: match n {
                0 | 1 => 0.0,
                _ => xy / (n - 1) as f64,
            },
        }
    }
}

/// The per-member sums of a ratio's pairs, as a query returns them: Σx, Σy, Σx², Σy², Σxy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioSums {
    pub x: f64,
    pub y: f64,
    pub xx: f64,
    pub yy: f64,
    pub xy: f64,
}

/// A sum of squared deviations divided by n − 1; 0 below two members, where it is undefined. A
/// negative sum, which only rounding makes, is 0; a NaN stays one, for the comparison to refuse.
fn unbiased(n: u64, squares: f64) -> f64 {
    match n {
        0 | 1 => 0.0,
        _ if squares < 0.0 => 0.0,
        _ => squares / (n - 1) as f64,
    }
}

/// Neumaier's compensated sum: the rounding error of each addition is kept and added back.
fn compensated_sum(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for value in values {
        let next = sum + value;
        compensation += match sum.abs() >= value.abs() {
            true => (sum - next) + value,
            false => (value - next) + sum,
        };
        sum = next;
    }
    sum + compensation
}
