//! The `time zone` declaration → the project's [`Zone`], or none (UTC).

use super::errors::{did_you_mean, CheckError, ZoneError};
use crate::suggest::closest;
use crate::syntax::ast;
use crate::value::Zone;

/// The zone the project declares, if any; an unknown name (E0230) or a second declaration
/// (E0231) is reported and leaves the first valid one.
pub fn check_time_zone(decls: &[&ast::TimeZoneDecl], errors: &mut Vec<CheckError>) -> Option<Zone> {
    let mut zone = None;
    for (i, decl) in decls.iter().enumerate() {
        if i > 0 {
            let first = decls[0].name.span;
            errors.push(CheckError::new(
                decl.name.span,
                ZoneError::DeclaredTwice { first },
            ));
            continue;
        }
        let name = &decl.name.value;
        match Zone::named(name) {
            Some(z) => zone = Some(z),
            None => {
                let names: Vec<String> = Zone::names().collect();
                let help =
                    did_you_mean(closest(name, names.iter().map(String::as_str))).or_else(|| {
                        Some(
                            "write an IANA name such as \"Europe/Paris\" or \"America/New_York\""
                                .into(),
                        )
                    });
                errors.push(CheckError::new(
                    decl.name.span,
                    ZoneError::UnknownZone {
                        name: name.clone(),
                        help,
                    },
                ));
            }
        }
    }
    zone
}

#[cfg(test)]
mod tests {
    use crate::check::CheckOptions;

    #[test]
    fn time_and_zone_stay_ordinary_names() {
        let source = "time zone \"America/New_York\"\n\
                      entity clocks { key zone: string\n time: timestamp }\n\
                      segment recent on clocks { where time within last 7 days and zone = \"x\" }";
        let analysis = crate::analyze_sources(&[("s.seg", source)], &CheckOptions::default());
        let program = analysis.program.expect("checks");
        assert_eq!(
            program.schema.time_zone.as_ref().map(|z| z.name()),
            Some("America/New_York")
        );
    }
}
