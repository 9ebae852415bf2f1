//! Plans whose rules are groups to count for `seg report`, never segments: why each person of an
//! entity can or cannot be reached on a channel (`lower_consent_coverage`), and the members of
//! each (recency, frequency) cell of an RFM model (`lower_score_grid`). Each is an ordinary
//! plan, so every engine evaluates it through the same SQL builder as a segment.

use super::consent::{basis_not_accepted, log_desc, of_channel, withdrawn_by_as_of};
use super::{own_plan, Lowerer};
use crate::check::typed::{self as t, EntityId, Metric, Program, RfmField, RfmId};
use crate::ir::{Agg, AsOf, CompareOp, Cond, Expr, Feature, Plan, RuleId, Scalar, SegmentRule};

/// A channel as some segment uses it: the entity, the channel and the legal bases accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelUse {
    pub entity: String,
    pub channel: String,
    pub bases: Vec<String>,
}

/// Why a person is or is not reachable on a channel, one per person. The order is the
/// precedence: a person is counted under the first that holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The channel's consent condition holds and no suppression list names the person.
    Reachable,
    /// No grant of the channel dated on or before the evaluation date (or an opt-in flag that is
    /// not set, or set after that date).
    NoGrant,
    /// The latest grant is withdrawn on or before the evaluation date.
    Withdrawn,
    /// The latest grant is in force but on a basis the segment does not accept.
    BasisNotAccepted,
    /// The consent is valid, but a suppression list names the person for the channel.
    Suppressed,
}

impl Reason {
    /// Every reason, in precedence order.
    pub const ALL: [Reason; 5] = [
        Reason::Reachable,
        Reason::NoGrant,
        Reason::Withdrawn,
        Reason::BasisNotAccepted,
        Reason::Suppressed,
    ];

    /// The reason's name in rule names and reports.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Reachable => "reachable",
            Reason::NoGrant => "no_grant",
            Reason::Withdrawn => "withdrawn",
            Reason::BasisNotAccepted => "basis_not_accepted",
            Reason::Suppressed => "suppressed",
        }
    }
}

/// One plan per channel the program's segments use (per entity and accepted bases, in the order
/// segments first use them), with one rule per [`Reason`], named `channel:reason` (with the
/// bases after the channel when they are not just `consent`). The reachable rule is the very
/// consent condition and suppressions a segment with that channel compiles to.
pub fn lower_consent_coverage(program: &Program, as_of: AsOf) -> Vec<(ChannelUse, Plan)> {
    let mut seen: Vec<(EntityId, &t::ChannelRule)> = Vec::new();
    for segment in &program.segments {
        for rule in &segment.channels {
            let known = seen.iter().any(|(e, r)| {
                *e == segment.entity && r.channel == rule.channel && r.bases == rule.bases
            });
            if !known {
                seen.push((segment.entity, rule));
            }
        }
    }
    seen.into_iter()
        .map(|(entity, rule)| {
            let use_ = ChannelUse {
                entity: program.schema.entity(entity).name.clone(),
                channel: rule.channel.clone(),
                bases: rule.bases.clone(),
            };
            (use_, coverage_plan(program, as_of, entity, rule))
        })
        .collect()
}

/// The name a channel use's rules are grouped under.
fn tally_name(rule: &t::ChannelRule) -> String {
    match rule.bases.as_slice() {
        [only] if only == "consent" => rule.channel.clone(),
        bases => format!("{}[{}]", rule.channel, bases.join(",")),
    }
}

fn coverage_plan(program: &Program, as_of: AsOf, entity: EntityId, rule: &t::ChannelRule) -> Plan {
    let (mut plan, reasons) = own_plan(program, entity, as_of, |l| l.reasons(entity, rule));
    let of = tally_name(rule);
    for (reason, cond) in Reason::ALL.into_iter().zip(reasons) {
        plan.segments.push(SegmentRule {
            id: RuleId::Tally {
                of: of.clone(),
                group: reason.name().to_string(),
            },
            docs: None,
            location: String::new(),
            channels: Vec::new(),
            cond,
            evidence: Vec::new(),
        });
    }
    plan
}

impl Lowerer<'_> {
    /// The condition of each reason, in [`Reason::ALL`]'s order. Reachable is the compiled
    /// consent condition and suppressions; the reasons after it follow the precedence, each
    /// excluding those before it, so they partition the entity if the rule is as documented
    /// (docs/privacy.md) — the report's tests check that the counts add up.
    fn reasons(&mut self, entity: EntityId, rule: &t::ChannelRule) -> [Cond; 5] {
        let consent = self.consent(entity, rule);
        let not_suppressed = Cond::And(self.not_suppressed(entity, &rule.channel));
        let reachable = Cond::And(vec![consent.valid.clone(), not_suppressed.clone()]);
        let suppressed = Cond::And(vec![
            consent.valid.clone(),
            Cond::Not(Box::new(not_suppressed)),
        ]);
        let (no_grant, withdrawn, basis) = match rule.source {
            t::ConsentRef::Columns(_) => (
                Cond::Not(Box::new(consent.valid)),
                Cond::Const(false),
                Cond::Const(false),
            ),
            t::ConsentRef::Log(i) => self.log_reasons(i, rule),
        };
        let not = |c: &Cond| Cond::Not(Box::new(c.clone()));
        let withdrawn = Cond::And(vec![not(&no_grant), withdrawn]);
        let basis = Cond::And(vec![not(&no_grant), not(&withdrawn), basis]);
        [reachable, no_grant, withdrawn, basis, suppressed]
    }

    /// No grant; the latest grant withdrawn; the latest grant on a basis not accepted — each
    /// read from the maximum grant time of the rows that have the property, compared with the
    /// latest grant's.
    fn log_reasons(&mut self, i: usize, rule: &t::ChannelRule) -> (Cond, Cond, Cond) {
        let log = &self.program.schema.consents[i];
        let latest = self.latest_grant(log, &rule.channel);
        let granted = super::values::column(&log.columns[log.granted_column]);
        let channel = &rule.channel;
        let mut latest_with = |name: &str, cond: Cond, comment: String| {
            self.add_feature(
                log_desc(log),
                Feature {
                    name: format!("{}_latest_{name}_{channel}", log.name),
                    agg: Agg::Max(granted.clone()),
                    filter: Some(Cond::And(vec![of_channel(log, channel), cond])),
                    ty: granted.ty,
                    empty: None,
                    comment,
                    horizon: None,
                },
            )
        };
        let withdrawn = latest_with(
            "withdrawn",
            withdrawn_by_as_of(log),
            format!("latest {channel} grant withdrawn by the evaluation date"),
        );
        let is_latest = |e: Expr| Cond::Compare {
            op: CompareOp::Eq,
            left: e,
            right: latest.clone(),
        };
        let withdrawn = is_latest(withdrawn);
        let basis = match basis_not_accepted(log, rule) {
            Some(cond) => {
                let bases = rule.bases.join(", ");
                let e = latest_with(
                    "unaccepted",
                    cond,
                    format!("latest {channel} grant not on basis {bases}"),
                );
                is_latest(e)
            }
            None => Cond::Const(false),
        };
        (Cond::IsNull(latest.clone()), withdrawn, basis)
    }
}

/// One rule per (recency, frequency) score pair of RFM model `model`, named `model:R-F`, in
/// order of recency then frequency (1-1, 1-2, …, k-k). Entities without scores are in none.
pub fn lower_score_grid(program: &Program, as_of: AsOf, model: RfmId) -> Plan {
    let m = &program.rfm[model.0];
    let (mut plan, (r, f)) = own_plan(program, m.entity, as_of, |l| {
        let r = l.rfm_field(model, RfmField::Score(Metric::Recency));
        (r, l.rfm_field(model, RfmField::Score(Metric::Frequency)))
    });
    let is = |e: &Expr, n: u32| Cond::Compare {
        op: CompareOp::Eq,
        left: e.clone(),
        right: Expr::Lit(Scalar::Int(i64::from(n))),
    };
    for ri in 1..=m.k {
        for fi in 1..=m.k {
            plan.segments.push(SegmentRule {
                id: RuleId::Tally {
                    of: m.name.clone(),
                    group: format!("{ri}-{fi}"),
                },
                docs: None,
                location: String::new(),
                channels: Vec::new(),
                cond: Cond::And(vec![is(&r, ri), is(&f, fi)]),
                evidence: Vec::new(),
            });
        }
    }
    plan
}
