//! Consent coverage: for each channel the segments use, the entity's rows split into the
//! reachable and one reason each for the others, from the plans of
//! [`crate::ir::lower_consent_coverage`].

use crate::check::typed::Program;
use crate::dashboard::{ChannelCoverage, Consent};
use crate::ir::{lower_consent_coverage, AsOf, Reason};
use crate::run::engine::Engine;
use crate::run::RunError;

/// The coverage of every channel, in the order segments first use them.
pub(super) fn coverage(
    engine: &mut Engine,
    program: &Program,
    as_of: AsOf,
) -> Result<Consent, RunError> {
    let mut channels = Vec::new();
    for (channel, plan) in lower_consent_coverage(program, as_of) {
        let outcome = engine.run(std::slice::from_ref(&plan))?;
        let count = |reason: Reason| {
            plan.segments
                .iter()
                .zip(Reason::ALL)
                .find(|(_, r)| *r == reason)
                .and_then(|(rule, _)| outcome.members.get(&rule.name()))
                .map_or(0, |m| m.len() as u64)
        };
        channels.push(ChannelCoverage {
            rows: outcome
                .entity_rows
                .get(&channel.entity)
                .copied()
                .unwrap_or(0),
            entity: channel.entity,
            channel: channel.channel,
            bases: channel.bases,
            reachable: count(Reason::Reachable),
            no_grant: count(Reason::NoGrant),
            withdrawn: count(Reason::Withdrawn),
            basis_not_accepted: count(Reason::BasisNotAccepted),
            suppressed: count(Reason::Suppressed),
        });
    }
    Ok(Consent { channels })
}
