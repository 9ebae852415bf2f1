//! The comparisons on hand-checked cases, their refusals and cautions, and the sample builders.
//! `tests/fast/stats.rs` checks the numbers against SciPy on generated data.

use super::*;

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * a.abs().max(b.abs())
}

fn sample(values: &[f64]) -> Sample {
    Sample::from_values(values)
}

#[test]
fn proportions_use_the_pooled_rate_for_z_and_the_unpooled_error_for_the_interval() {
    let t = Proportion {
        n: 1000,
        successes: 200,
    };
    let c = Proportion {
        n: 1000,
        successes: 150,
    };
    let r = compare_proportions(t, c).unwrap();
    // Pooled 0.175: √(0.175 · 0.825 · 2/1000) = 0.016993; 0.05 / 0.016993.
    assert!(close(r.statistic, 2.942_449_431_682_499, 1e-12), "{r:?}");
    assert!(close(r.p_value, 0.003_256_269_628_412_063_7, 1e-9), "{r:?}");
    // Unpooled: √(0.2 · 0.8/1000 + 0.15 · 0.85/1000) = 0.016956.
    let half = 1.959_963_984_540_054 * (0.2f64 * 0.8 / 1000.0 + 0.15 * 0.85 / 1000.0).sqrt();
    assert!(close(r.interval.0, 0.05 - half, 1e-12), "{r:?}");
    assert!(close(r.interval.1, 0.05 + half, 1e-12), "{r:?}");
    assert!(close(r.relative.unwrap(), 1.0 / 3.0, 1e-12));
    assert_eq!(
        (r.method, r.degrees_of_freedom),
        (Method::TwoProportionZ, None)
    );
    assert!(r.cautions.is_empty());
}

#[test]
fn swapping_the_groups_negates_the_difference_and_keeps_the_p_value() {
    let a = Proportion {
        n: 400,
        successes: 90,
    };
    let b = Proportion {
        n: 500,
        successes: 80,
    };
    let (ab, ba) = (
        compare_proportions(a, b).unwrap(),
        compare_proportions(b, a).unwrap(),
    );
    assert_eq!(ab.difference, -ba.difference);
    assert_eq!(ab.statistic, -ba.statistic);
    assert_eq!(ab.p_value, ba.p_value);
    assert_eq!(ab.interval.0, -ba.interval.1);
}

#[test]
fn welch_degrees_of_freedom_follow_welch_satterthwaite() {
    // v_t = 4/4 = 1, v_c = 9/9 = 1: ν = 4 / (1/3 + 1/8) = 8.727…
    let t = Sample {
        n: 4,
        mean: 10.0,
        variance: 4.0,
    };
    let c = Sample {
        n: 9,
        mean: 7.0,
        variance: 9.0,
    };
    let r = compare_means(t, c).unwrap();
    assert!(close(
        r.degrees_of_freedom.unwrap(),
        4.0 / (1.0 / 3.0 + 1.0 / 8.0),
        1e-12
    ));
    assert!(close(r.statistic, 3.0 / 2f64.sqrt(), 1e-12));
    assert_eq!(r.method, Method::WelchT);
}

#[test]
fn welch_interval_uses_the_t_quantile() {
    // v_t = v_c = 1 and n − 1 = 15 in both: ν = 4 / (2/15) = 30.
    let t = Sample {
        n: 16,
        mean: 3.0,
        variance: 16.0,
    };
    let c = Sample {
        n: 16,
        mean: 1.0,
        variance: 16.0,
    };
    let r = compare_means(t, c).unwrap();
    assert!(close(r.degrees_of_freedom.unwrap(), 30.0, 1e-12));
    let r = compare_means(
        Sample {
            n: 4,
            mean: 3.0,
            variance: 4.0,
        },
        Sample {
            n: 6,
            mean: 1.0,
            variance: 6.0,
        },
    )
    .unwrap();
    // v = 1 each, ν = 4 / (1/3 + 1/5) = 7.5; t(7.5)₀.₉₇₅ = 2.333039626864974.
    assert!(close(r.degrees_of_freedom.unwrap(), 7.5, 1e-12));
    let half = 2.333_039_626_864_974 * 2f64.sqrt();
    assert!(
        close(r.interval.1 - r.interval.0, 2.0 * half, 1e-9),
        "{r:?}"
    );
}

#[test]
fn one_group_without_variance_leaves_the_other_groups_degrees_of_freedom() {
    let t = sample(&[5.0, 5.0, 5.0]);
    let c = sample(&[1.0, 2.0, 3.0, 4.0, 6.0]);
    let r = compare_means(t, c).unwrap();
    assert!(close(r.degrees_of_freedom.unwrap(), 4.0, 1e-12));
}

#[test]
fn identical_groups_differ_by_nothing() {
    let s = sample(&[1.0, 4.0, 2.0, 8.0, 5.0]);
    let r = compare_means(s, s).unwrap();
    assert_eq!((r.difference, r.statistic, r.p_value), (0.0, 0.0, 1.0));
    assert_eq!(r.interval.0, -r.interval.1);
}

#[test]
fn groups_that_cannot_be_compared_say_why() {
    let some = Proportion {
        n: 10,
        successes: 3,
    };
    let empty = Proportion { n: 0, successes: 0 };
    assert_eq!(
        compare_proportions(empty, some),
        Err(NotComparable::EmptyGroup {
            group: Group::Treatment
        })
    );
    assert_eq!(
        compare_proportions(some, Proportion { n: 3, successes: 4 }),
        Err(NotComparable::MoreSuccessesThanMembers {
            group: Group::Control,
            n: 3,
            successes: 4
        })
    );
    let all = Proportion {
        n: 50,
        successes: 50,
    };
    assert_eq!(
        compare_proportions(all, all),
        Err(NotComparable::NoVariation)
    );
    let none = Proportion {
        n: 50,
        successes: 0,
    };
    assert!(
        compare_proportions(all, none).is_ok(),
        "the pooled rate varies"
    );

    let s = sample(&[1.0, 2.0, 3.0]);
    assert_eq!(
        compare_means(s, sample(&[4.0])),
        Err(NotComparable::TooFewForVariance {
            group: Group::Control,
            n: 1
        })
    );
    assert_eq!(
        compare_means(sample(&[]), s),
        Err(NotComparable::EmptyGroup {
            group: Group::Treatment
        })
    );
    assert_eq!(
        compare_means(sample(&[2.0, 2.0]), sample(&[3.0, 3.0, 3.0])),
        Err(NotComparable::NoVariation)
    );
    assert_eq!(
        compare_means(sample(&[1.0, f64::NAN]), s),
        Err(NotComparable::NotFinite {
            group: Group::Treatment
        })
    );
    assert_eq!(
        compare_means(
            s,
            Sample {
                n: 5,
                mean: 1.0,
                variance: -1.0
            }
        ),
        Err(NotComparable::NegativeVariance {
            group: Group::Control
        })
    );
    assert_eq!(
        compare_means(
            Sample {
                n: 5,
                mean: 1e308,
                variance: 1.0
            },
            Sample {
                n: 5,
                mean: -1e308,
                variance: 1.0
            }
        ),
        Err(NotComparable::Overflow)
    );
}

#[test]
fn ratios_that_cannot_be_compared_say_why() {
    let pairs = RatioSample::from_pairs(&[(10.0, 1.0), (30.0, 2.0), (0.0, 0.0), (25.0, 3.0)]);
    let no_orders = RatioSample::from_pairs(&[(0.0, 0.0), (0.0, 0.0)]);
    assert_eq!(
        compare_ratios(pairs, no_orders),
        Err(NotComparable::ZeroDenominator {
            group: Group::Control
        })
    );
    let bad = RatioSample {
        cov_xy: 3.0,
        var_x: 1.0,
        var_y: 1.0,
        ..pairs
    };
    assert_eq!(
        compare_ratios(bad, pairs),
        Err(NotComparable::InconsistentCovariance {
            group: Group::Treatment
        })
    );
    let proportional = RatioSample::from_pairs(&[(2.0, 1.0), (6.0, 3.0), (4.0, 2.0)]);
    assert_eq!(
        compare_ratios(proportional, proportional),
        Err(NotComparable::NoVariation)
    );
    assert!(compare_ratios(proportional, pairs).is_ok());
}

#[test]
fn the_delta_method_is_the_variance_of_the_linearised_members() {
    let t = [
        (12.0, 1.0),
        (40.0, 2.0),
        (0.0, 1.0),
        (18.0, 3.0),
        (55.0, 2.0),
    ];
    let c = [(8.0, 1.0), (20.0, 2.0), (9.0, 1.0), (0.0, 1.0)];
    let r = compare_ratios(RatioSample::from_pairs(&t), RatioSample::from_pairs(&c)).unwrap();
    let linearised = |pairs: &[(f64, f64)]| {
        let s = RatioSample::from_pairs(pairs);
        let ratio = s.mean_x / s.mean_y;
        let z: Vec<f64> = pairs
            .iter()
            .map(|(x, y)| (x - ratio * y) / s.mean_y)
            .collect();
        (ratio, Sample::from_values(&z).variance / pairs.len() as f64)
    };
    let ((r_t, v_t), (r_c, v_c)) = (linearised(&t), linearised(&c));
    assert!(close(r.difference, r_t - r_c, 1e-12));
    assert!(
        close(r.statistic, (r_t - r_c) / (v_t + v_c).sqrt(), 1e-12),
        "{r:?}"
    );
    assert_eq!(r.method, Method::DeltaMethodZ);
}

#[test]
fn doubtful_approximations_come_with_cautions() {
    let r = compare_proportions(
        Proportion {
            n: 1000,
            successes: 3,
        },
        Proportion {
            n: 20,
            successes: 17,
        },
    )
    .unwrap();
    assert_eq!(
        r.cautions,
        [
            Caution::FewSuccesses {
                group: Group::Treatment,
                successes: 3
            },
            Caution::FewFailures {
                group: Group::Control,
                failures: 3
            },
        ]
    );
    let big: Vec<f64> = (0..40).map(f64::from).collect();
    let r = compare_means(sample(&big), sample(&big[..10])).unwrap();
    assert_eq!(
        r.cautions,
        [Caution::SmallGroup {
            group: Group::Control,
            n: 10
        }]
    );
    assert!(compare_means(sample(&big), sample(&big))
        .unwrap()
        .cautions
        .is_empty());
}

#[test]
fn relative_difference_is_absent_when_the_control_is_zero() {
    let r = compare_proportions(
        Proportion {
            n: 100,
            successes: 10,
        },
        Proportion {
            n: 100,
            successes: 0,
        },
    )
    .unwrap();
    assert_eq!(r.relative, None);
    assert_eq!(r.difference, 0.1);
}

#[test]
fn samples_from_sums_match_samples_from_values() {
    let values = [3.0, 7.0, 1.0, 9.0, 4.0, 6.0];
    let (sum, squares) = (
        values.iter().sum::<f64>(),
        values.iter().map(|x| x * x).sum::<f64>(),
    );
    let direct = Sample::from_values(&values);
    assert_eq!(Sample::from_sums(6, sum, squares), direct);
    assert!(close(direct.variance, 8.4, 1e-15), "{direct:?}");
    let pairs = [(3.0, 1.0), (7.0, 2.0), (1.0, 1.0), (9.0, 4.0)];
    let sums = RatioSums {
        x: 20.0,
        y: 8.0,
        xx: 9.0 + 49.0 + 1.0 + 81.0,
        yy: 1.0 + 4.0 + 1.0 + 16.0,
        xy: 3.0 + 14.0 + 1.0 + 36.0,
    };
    assert_eq!(
        RatioSample::from_sums(4, sums),
        RatioSample::from_pairs(&pairs)
    );
}

#[test]
fn shifted_sums_keep_the_digits_that_plain_sums_cancel() {
    // Seconds since 1970 a few seconds apart: variance 2.5 around a mean of 1.7 · 10⁹.
    let base = 1.7e9;
    let values: Vec<f64> = [1.0, 2.0, 3.0, 4.0, 5.0].iter().map(|d| base + d).collect();
    let (sum, squares) = (
        values.iter().sum::<f64>(),
        values.iter().map(|x| x * x).sum::<f64>(),
    );
    let plain = Sample::from_sums(5, sum, squares);
    let shifted = Sample::from_shifted_sums(5, base, 15.0, 55.0);
    assert_eq!(Sample::from_values(&values).variance, 2.5);
    assert_eq!((shifted.mean, shifted.variance), (base + 3.0, 2.5));
    assert!(!close(plain.variance, 2.5, 1e-3), "cancellation: {plain:?}");
}

#[test]
fn builders_are_total_on_tiny_inputs() {
    assert_eq!(
        Sample::from_values(&[]),
        Sample {
            n: 0,
            mean: 0.0,
            variance: 0.0
        }
    );
    assert_eq!(
        Sample::from_values(&[4.0]),
        Sample {
            n: 1,
            mean: 4.0,
            variance: 0.0
        }
    );
    assert_eq!(Sample::from_sums(0, 0.0, 0.0).n, 0);
    assert_eq!(RatioSample::from_pairs(&[(1.0, 2.0)]).cov_xy, 0.0);
}
