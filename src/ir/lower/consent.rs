//! Consent and suppressions: a segment's channel becomes ordinary features over the consent log
//! (the latest grant, and the latest grant that does not count) and the suppression lists (a
//! count), so dialects and the reference evaluator need nothing special for privacy.

use super::features::TableDesc;
use super::values::{column, date_of, scalar_type};
use super::Lowerer;
use crate::check::typed as t;
use crate::ir::{Agg, Column, CompareOp, Cond, DateExpr, Expr, Feature, Scalar, ScalarType};

/// A channel's consent condition and the per-member values that prove it.
#[derive(Clone)]
pub(super) struct Consent {
    pub(super) valid: Cond,
    pub(super) evidence: Vec<(String, Expr)>,
}

impl Lowerer<'_> {
    /// Whether an entity has a valid consent for `rule`'s channel at the evaluation date, and the
    /// values that prove it.
    pub(super) fn consent(&mut self, entity: t::EntityId, rule: &t::ChannelRule) -> Consent {
        let key = (entity, rule.channel.clone(), rule.bases.clone());
        if let Some(known) = self.features.consents.get(&key) {
            return known.clone();
        }
        let consent = self.new_consent(entity, rule);
        self.features.consents.insert(key, consent.clone());
        consent
    }

    /// `consent`, the first time a plan meets the rule.
    fn new_consent(&mut self, entity: t::EntityId, rule: &t::ChannelRule) -> Consent {
        let e = self.program.schema.entity(entity);
        match rule.source {
            t::ConsentRef::Columns(i) => {
                let cc = &e.consent_columns[i];
                let flag = Cond::Truthy(Expr::Column(column(&e.columns[cc.flag])));
                match cc.since {
                    // Without a date the flag alone decides.
                    None => Consent {
                        valid: flag,
                        evidence: Vec::new(),
                    },
                    Some(s) => {
                        let since = column(&e.columns[s]);
                        let day = date_of(Expr::Column(since.clone()), &e.columns[s].ty);
                        Consent {
                            valid: Cond::And(vec![
                                flag,
                                Cond::Compare {
                                    op: CompareOp::Le,
                                    left: day,
                                    right: Expr::Date(DateExpr::AsOf),
                                },
                            ]),
                            evidence: vec![(
                                format!("{}_optin_since", rule.channel),
                                Expr::Column(since),
                            )],
                        }
                    }
                }
            }
            t::ConsentRef::Log(i) => self.consent_log(i, rule),
        }
    }

    /// The most recent grant dated on or before the evaluation date decides: it counts when it is
    /// not withdrawn on or before that date and its basis is accepted. Computed in the consent
    /// log's single pass as two maxima: the latest grant, and the latest grant that does not
    /// count; consent is valid when the first exists and the second is older (or absent), so a
    /// grant that does not count at the same instant as a valid one wins (privacy first).
    fn consent_log(&mut self, i: usize, rule: &t::ChannelRule) -> Consent {
        let log = &self.program.schema.consents[i];
        let granted = column(&log.columns[log.granted_column]);
        let desc = log_desc(log);
        let of_channel = of_channel(log, &rule.channel);
        let not_counting = not_counting(log, rule);
        let channel = &rule.channel;
        let bases = rule.bases.join(", ");
        let latest = self.latest_grant(log, channel);
        let latest_void = self.add_feature(
            desc.clone(),
            Feature {
                name: format!("{}_latest_void_{channel}", log.name),
                agg: Agg::Max(granted.clone()),
                filter: Some(Cond::And(vec![of_channel.clone(), not_counting.clone()])),
                ty: granted.ty,
                empty: None,
                comment: format!("latest {channel} grant withdrawn by the evaluation date or not on basis {bases}"),
                horizon: None,
            },
        );
        let counting = Cond::And(vec![of_channel, Cond::Not(Box::new(not_counting))]);
        let mut evidence = vec![(format!("{channel}_consent_granted_at"), latest.clone())];
        evidence.extend(self.grant_evidence(log, desc, &granted, channel, &counting));
        Consent {
            valid: Cond::And(vec![
                Cond::Not(Box::new(Cond::IsNull(latest.clone()))),
                Cond::Or(vec![
                    Cond::IsNull(latest_void.clone()),
                    Cond::Compare {
                        op: CompareOp::Lt,
                        left: latest_void,
                        right: latest,
                    },
                ]),
            ]),
            evidence,
        }
    }

    /// The latest grant of `channel` in `log` dated on or before the evaluation date: the grant
    /// that decides.
    pub(super) fn latest_grant(&mut self, log: &t::ConsentSource, channel: &str) -> Expr {
        let granted = column(&log.columns[log.granted_column]);
        self.add_feature(
            log_desc(log),
            Feature {
                name: format!("{}_latest_{channel}", log.name),
                agg: Agg::Max(granted.clone()),
                filter: Some(of_channel(log, channel)),
                ty: granted.ty,
                empty: None,
                comment: format!("latest {channel} grant on or before the evaluation date"),
                horizon: None,
            },
        )
    }

    /// The source and basis of the latest grant that counts (`counting`), where the log records
    /// them: the evidence exports carry.
    fn grant_evidence(
        &mut self,
        log: &t::ConsentSource,
        desc: TableDesc,
        granted: &Column,
        channel: &str,
        counting: &Cond,
    ) -> Vec<(String, Expr)> {
        let mut evidence = Vec::new();
        for (label, c) in [("source", log.source_column), ("basis", log.basis_column)] {
            let Some(c) = c else { continue };
            let value = self.add_feature(
                desc.clone(),
                Feature {
                    name: format!("{}_{channel}_{label}", log.name),
                    agg: Agg::Last {
                        value: column(&log.columns[c]),
                        time: granted.clone(),
                    },
                    filter: Some(counting.clone()),
                    ty: scalar_type(&log.columns[c].ty),
                    empty: None,
                    comment: format!("{label} of the latest valid {channel} grant (evidence)"),
                    horizon: None,
                },
            );
            evidence.push((format!("{channel}_consent_{label}"), value));
        }
        evidence
    }

    /// For each suppression list of the entity: not recorded there (for all channels, or this one)
    /// on or before the evaluation date.
    pub(super) fn not_suppressed(&mut self, entity: t::EntityId, channel: &str) -> Vec<Cond> {
        let lists: Vec<&t::Suppression> = self
            .program
            .schema
            .suppressions
            .iter()
            .filter(|s| s.entity == entity)
            .collect();
        let mut out = Vec::new();
        for list in lists {
            let count = self.add_feature(
                TableDesc {
                    name: list.name.clone(),
                    table: list.table.clone(),
                    parents: Vec::new(),
                    link: list.columns[list.link_column].name.clone(),
                    of_owner: false,
                    time: None,
                },
                Feature {
                    name: format!("{}_{channel}", list.name),
                    agg: Agg::CountRows,
                    filter: suppression_filter(list, channel),
                    ty: ScalarType::Int,
                    empty: Some(Scalar::Int(0)),
                    comment: format!(
                        "suppressions for {channel} recorded on or before the evaluation date"
                    ),
                    horizon: None,
                },
            );
            out.push(Cond::Compare {
                op: CompareOp::Eq,
                left: count,
                right: Expr::Lit(Scalar::Int(0)),
            });
        }
        out
    }
}

/// A grant that does not count: withdrawn on or before the evaluation date, or on a basis the
/// channel does not accept.
fn not_counting(log: &t::ConsentSource, rule: &t::ChannelRule) -> Cond {
    let mut not_counting = vec![withdrawn_by_as_of(log)];
    not_counting.extend(basis_not_accepted(log, rule));
    Cond::Or(not_counting)
}

/// A grant withdrawn on or before the evaluation date.
pub(super) fn withdrawn_by_as_of(log: &t::ConsentSource) -> Cond {
    let withdrawn_day = date_of(
        Expr::Column(column(&log.columns[log.withdrawn_column])),
        &log.columns[log.withdrawn_column].ty,
    );
    Cond::Compare {
        op: CompareOp::Le,
        left: withdrawn_day,
        right: Expr::Date(DateExpr::AsOf),
    }
}

/// A grant on a basis `rule` does not accept, where the log records bases (`None` when it does
/// not: every grant is then `consent`).
pub(super) fn basis_not_accepted(log: &t::ConsentSource, rule: &t::ChannelRule) -> Option<Cond> {
    // A missing basis is not an accepted one.
    log.basis_column.map(|b| {
        Cond::Not(Box::new(Cond::InList {
            expr: Expr::Column(column(&log.columns[b])),
            items: rule
                .bases
                .iter()
                .map(|b| Expr::Lit(Scalar::String(b.clone())))
                .collect(),
            negated: false,
        }))
    })
}

/// The consent log as a feature table, its rows dated by their grant.
pub(super) fn log_desc(log: &t::ConsentSource) -> TableDesc {
    TableDesc {
        name: log.name.clone(),
        table: log.table.clone(),
        parents: Vec::new(),
        link: log.columns[log.link_column].name.clone(),
        of_owner: false,
        time: Some(column(&log.columns[log.granted_column])),
    }
}

/// The log's rows of `channel`.
pub(super) fn of_channel(log: &t::ConsentSource, channel: &str) -> Cond {
    Cond::Compare {
        op: CompareOp::Eq,
        left: Expr::Column(column(&log.columns[log.channel_column])),
        right: Expr::Lit(Scalar::String(channel.to_string())),
    }
}

/// The rows of a suppression list that apply to `channel` at the evaluation date.
fn suppression_filter(list: &t::Suppression, channel: &str) -> Option<Cond> {
    let mut conditions = Vec::new();
    if let Some(c) = list.channel_column {
        let ch = Expr::Column(column(&list.columns[c]));
        conditions.push(Cond::Or(vec![
            Cond::IsNull(ch.clone()),
            Cond::Compare {
                op: CompareOp::Eq,
                left: ch,
                right: Expr::Lit(Scalar::String(channel.to_string())),
            },
        ]));
    }
    // Recorded on or before the evaluation date; a row without a date always applies (privacy
    // first), so the date is a filter here, not the table's time column.
    if let Some(t) = list.time_column {
        let at = Expr::Column(column(&list.columns[t]));
        conditions.push(Cond::Or(vec![
            Cond::IsNull(at.clone()),
            Cond::Compare {
                op: CompareOp::Le,
                left: date_of(at, &list.columns[t].ty),
                right: Expr::Date(DateExpr::AsOf),
            },
        ]));
    }
    match conditions.len() {
        0 => None,
        1 => conditions.pop(),
        _ => Some(Cond::And(conditions)),
    }
}
