//! The uplift comparisons of `seglang::stats` against SciPy: `stats_scipy.py` generates each
//! case's raw data from a fixed seed and computes the expected results with
//! `scipy.stats.ttest_ind(equal_var=False)`, a z-test on `scipy.stats.norm` and the delta method
//! in numpy; this test builds its samples from the same raw data and compares every number to a
//! relative 1e-9. Without python3 or SciPy it fails, saying what to install.

use seglang::stats::{
    compare_means, compare_proportions, compare_ratios, Caution, Comparison, NotComparable,
    Proportion, RatioSample, Sample,
};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The largest relative difference allowed between a Rust number and SciPy's.
const TOLERANCE: f64 = 1e-9;

const INSTALL: &str = "python3 -m pip install scipy";

/// The cases and SciPy's answers, as the script prints them.
fn scipy_cases() -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fast/stats_scipy.py");
    let output = match Command::new("python3").arg(&script).output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run python3 ({e}): install Python 3, then `{INSTALL}`"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed ({}): {stderr}\nSciPy and numpy are needed: `{INSTALL}`",
        script.display(),
        output.status
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    document["cases"]
        .as_array()
        .expect("a list of cases")
        .clone()
}

fn numbers(value: &Value) -> Vec<f64> {
    let list = value.as_array().expect("a list of numbers");
    list.iter().map(|x| x.as_f64().expect("a number")).collect()
}

fn proportion(value: &Value) -> Proportion {
    let count = |key: &str| value[key].as_u64().expect("a count");
    Proportion {
        n: count("n"),
        successes: count("successes"),
    }
}

/// A ratio's pairs from the script's `[x values, y values]`.
fn ratio_sample(value: &Value) -> RatioSample {
    let (x, y) = (numbers(&value[0]), numbers(&value[1]));
    assert_eq!(x.len(), y.len(), "one y per x");
    let pairs: Vec<(f64, f64)> = x.into_iter().zip(y).collect();
    RatioSample::from_pairs(&pairs)
}

/// What Rust computes for a case, from its raw data.
fn rust_result(case: &Value) -> Result<Comparison, NotComparable> {
    let (t, c) = (&case["treatment"], &case["control"]);
    match case["kind"].as_str() {
        Some("means") => compare_means(
            Sample::from_values(&numbers(t)),
            Sample::from_values(&numbers(c)),
        ),
        Some("proportions") => compare_proportions(proportion(t), proportion(c)),
        Some("ratios") => compare_ratios(ratio_sample(t), ratio_sample(c)),
        other => panic!("unknown kind {other:?}"),
    }
}

/// A caution as the script names it: `kind:group`.
fn caution_name(caution: &Caution) -> String {
    let value = serde_json::to_value(caution).expect("a caution serialises");
    format!(
        "{}:{}",
        value["kind"].as_str().unwrap_or_default(),
        value["group"].as_str().unwrap_or_default()
    )
}

fn relative_error(rust: f64, scipy: f64) -> f64 {
    match rust == scipy {
        true => 0.0,
        false => (rust - scipy).abs() / rust.abs().max(scipy.abs()),
    }
}

/// The relative error of every number of one comparison, each with its name, or the first mismatch.
fn errors(name: &str, rust: &Comparison, expected: &Value) -> Result<Vec<(f64, String)>, String> {
    let mut pairs = vec![
        ("treatment", rust.treatment, &expected["treatment"]),
        ("control", rust.control, &expected["control"]),
        ("difference", rust.difference, &expected["difference"]),
        ("statistic", rust.statistic, &expected["statistic"]),
        ("p_value", rust.p_value, &expected["p_value"]),
        ("interval low", rust.interval.0, &expected["interval"][0]),
        ("interval high", rust.interval.1, &expected["interval"][1]),
    ];
    match (rust.degrees_of_freedom, &expected["degrees_of_freedom"]) {
        (Some(df), scipy) => pairs.push(("degrees of freedom", df, scipy)),
        (None, Value::Null) => {}
        (None, scipy) => return Err(format!("{name}: no degrees of freedom, SciPy has {scipy}")),
    }
    let mut found = Vec::new();
    for (what, value, scipy) in pairs {
        let scipy = scipy
            .as_f64()
            .ok_or(format!("{name}: SciPy has no {what}"))?;
        let error = relative_error(value, scipy);
        if error > TOLERANCE {
            return Err(format!(
                "{name}: {what} is {value:e}, SciPy says {scipy:e} (relative error {error:e})"
            ));
        }
        found.push((error, format!("{name}: {what}")));
    }
    let cautions: Vec<String> = rust.cautions.iter().map(caution_name).collect();
    let scipy_cautions: Vec<String> = expected["cautions"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|c| c.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    match cautions == scipy_cautions {
        true => Ok(found),
        false => Err(format!(
            "{name}: cautions {cautions:?}, expected {scipy_cautions:?}"
        )),
    }
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the closing line reports the largest error, shown with --nocapture"
)]
fn comparisons_agree_with_scipy_on_generated_data() {
    let cases = scipy_cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let (mut failures, mut worst, mut refused) = (Vec::new(), (0.0f64, String::new()), 0);
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let expected = &case["expected"];
        match (rust_result(case), expected["not_comparable"].as_str()) {
            (Ok(rust), None) => match errors(name, &rust, expected) {
                Ok(found) => {
                    worst = found
                        .into_iter()
                        .fold(worst, |a, b| if b.0 > a.0 { b } else { a })
                }
                Err(message) => failures.push(message),
            },
            (Err(why), Some(kind)) => {
                let rust_kind = serde_json::to_value(why).expect("serialises")["kind"].clone();
                match rust_kind.as_str() == Some(kind) {
                    true => refused += 1,
                    false => {
                        failures.push(format!("{name}: Rust refuses with {why:?}, not {kind}"))
                    }
                }
            }
            (Ok(rust), Some(kind)) => {
                failures.push(format!("{name}: expected {kind}, Rust computes {rust:?}"))
            }
            (Err(why), None) => failures.push(format!("{name}: Rust refuses: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        refused >= 4,
        "the edge cases that cannot be compared: {refused}"
    );
    eprintln!(
        "{} cases agree with SciPy ({refused} not comparable); largest relative error {:e} ({})",
        cases.len(),
        worst.0,
        worst.1
    );
}
