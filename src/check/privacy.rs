//! Channels of segments: each must find a consent source for its entity, and its legal bases must
//! be ones that source records. Special-category columns are refused where names are resolved
//! (`values.rs`, `aggregates.rs`), so no rule here can be silenced.

use super::errors::{did_you_mean, CheckError, PrivacyError};
use super::typed::{ChannelRule, ConsentRef, EntityId, Holdout, Schema, Type};
use crate::suggest::closest;
use crate::syntax::ast;

/// The legal basis every channel accepts unless a segment lists others.
pub const DEFAULT_BASIS: &str = "consent";

/// Resolves the `channel` lines of a segment on `entity`.
pub fn channel_rules(
    decls: &[ast::ChannelDecl],
    entity: EntityId,
    schema: &Schema,
    errors: &mut Vec<CheckError>,
) -> Vec<ChannelRule> {
    let mut rules: Vec<ChannelRule> = Vec::new();
    if let (Some(decl), Some(persons)) = (decls.first(), persons_of(entity, schema)) {
        let name = &schema.entity(entity).name;
        errors.push(CheckError::new(
            decl.channel.span,
            PrivacyError::ChannelOfOrganisation {
                entity: name.clone(),
                help: format!(
                    "consent is given by persons: target the `{persons}` of the `{name}` you want, in a segment on `{persons}` with the channel (`segment … on {persons} {{ channel {} where {name}.… }}`)",
                    decl.channel.name
                ),
            },
        ));
        return rules;
    }
    for decl in decls {
        let channel = &decl.channel.name;
        if rules.iter().any(|r| r.channel == *channel) {
            errors.push(CheckError::new(
                decl.channel.span,
                PrivacyError::RepeatedChannel {
                    channel: channel.clone(),
                },
            ));
            continue;
        }
        let Some(source) = find_source(channel, entity, schema) else {
            errors.push(no_source(&decl.channel, entity, schema));
            continue;
        };
        let bases: Vec<String> = match decl.bases.is_empty() {
            true => vec![DEFAULT_BASIS.to_string()],
            false => decl.bases.iter().map(|b| b.name.clone()).collect(),
        };
        let known = known_bases(source, schema);
        let mut ok = true;
        for basis in &decl.bases {
            if !known.contains(&basis.name) {
                ok = false;
                let source_name = match source {
                    ConsentRef::Log(i) => format!("`{}`", schema.consents[i].name),
                    ConsentRef::Columns(_) => {
                        format!("the opt-in columns of `{}`", schema.entity(entity).name)
                    }
                };
                let help =
                    match did_you_mean(closest(&basis.name, known.iter().map(String::as_str))) {
                        Some(h) => h,
                        None => format!("bases recorded: {}", known.join(", ")),
                    };
                errors.push(CheckError::new(
                    basis.span,
                    PrivacyError::UnknownBasis {
                        basis: basis.name.clone(),
                        source_name,
                        help,
                    },
                ));
            }
        }
        if ok {
            rules.push(ChannelRule {
                channel: channel.clone(),
                bases,
                source,
            });
        }
    }
    rules
}

/// The name of the first entity that belongs to `entity`, when one does: `entity` is then an
/// organisation (accounts of contacts), whose members cannot consent.
pub(super) fn persons_of(entity: EntityId, schema: &Schema) -> Option<&str> {
    (schema.entities.iter())
        .find(|e| e.parent.map(|l| l.entity) == Some(entity))
        .map(|e| e.name.as_str())
}

/// A consent log or opt-in columns of an organisation (E0410): consent is given by persons.
pub(super) fn check_consent_holders(schema: &Schema, errors: &mut Vec<CheckError>) {
    let refuse = |entity: EntityId, what: String, span, errors: &mut Vec<CheckError>| {
        let Some(persons) = persons_of(entity, schema) else {
            return;
        };
        let name = &schema.entity(entity).name;
        errors.push(CheckError::new(
            span,
            PrivacyError::ConsentOfOrganisation {
                entity: name.clone(),
                help: format!(
                    "consent is given by persons: record {what} for `{persons}` (`consents of {persons}(…)`), whose segments have channels"
                ),
            },
        ));
    };
    for log in &schema.consents {
        refuse(log.entity, format!("`{}`", log.name), log.span, errors);
    }
    for (i, entity) in schema.entities.iter().enumerate() {
        if !entity.consent_columns.is_empty() {
            refuse(EntityId(i), "opt-ins".into(), entity.span, errors);
        }
    }
}

/// Opt-in columns on the entity first, then a consent log that can record the channel.
fn find_source(channel: &str, entity: EntityId, schema: &Schema) -> Option<ConsentRef> {
    if let Some(i) = schema
        .entity(entity)
        .consent_columns
        .iter()
        .position(|c| c.channel == channel)
    {
        return Some(ConsentRef::Columns(i));
    }
    schema
        .consents
        .iter()
        .position(|c| {
            c.entity == entity
                && c.channels()
                    .is_none_or(|values| values.iter().any(|v| v == channel))
        })
        .map(ConsentRef::Log)
}

/// The legal bases a source can record.
fn known_bases(source: ConsentRef, schema: &Schema) -> Vec<String> {
    match source {
        ConsentRef::Columns(_) => vec![DEFAULT_BASIS.to_string()],
        ConsentRef::Log(i) => {
            let log = &schema.consents[i];
            match log.basis_column.map(|b| &log.columns[b].ty) {
                Some(Type::Enum(values)) => values.clone(),
                Some(_) => vec![
                    DEFAULT_BASIS.to_string(),
                    "legitimate_interest".into(),
                    "contract".into(),
                ],
                None => vec![DEFAULT_BASIS.to_string()],
            }
        }
    }
}

fn no_source(channel: &ast::Ident, entity: EntityId, schema: &Schema) -> CheckError {
    let entity_name = schema.entity(entity).name.clone();
    let mut known: Vec<&str> = schema
        .entity(entity)
        .consent_columns
        .iter()
        .map(|c| c.channel.as_str())
        .collect();
    for log in schema.consents.iter().filter(|c| c.entity == entity) {
        known.extend(log.channels().unwrap_or(&[]).iter().map(String::as_str));
    }
    let help = match (did_you_mean(closest(&channel.name, known.iter().copied())), known.is_empty()) {
        (Some(h), _) => Some(h),
        (None, true) => Some(format!(
            "declare where consent is recorded: `consents of {entity_name}(key) {{ channel: enum(\"{}\") granted_at: timestamp withdrawn_at: timestamp? }}` or `consent {} = optin_flag since optin_at` on the entity",
            channel.name, channel.name
        )),
        (None, false) => Some(format!("channels with a consent source: {}", known.join(", "))),
    };
    CheckError::new(
        channel.span,
        PrivacyError::NoConsentSource {
            channel: channel.name.clone(),
            entity: entity_name,
            help,
        },
    )
}

/// Checks `holdout P% [salt "s"]`: P strictly between 0 and 100.
pub fn holdout(
    decl: Option<&ast::HoldoutDecl>,
    segment: &str,
    errors: &mut Vec<CheckError>,
) -> Option<Holdout> {
    let decl = decl?;
    let (whole, frac) = decl.percent.split_once('.').unwrap_or((&decl.percent, ""));
    let scale = 10i128.checked_pow(frac.len() as u32);
    let value: Option<i128> = format!("{whole}{frac}").parse().ok();
    let threshold = match (value, scale) {
        // floor(P / 100 * 2^32), with P = value / scale.
        (Some(v), Some(s)) if v > 0 && v < 100 * s => Some((v << 32) / (100 * s)),
        _ => None,
    };
    let Some(threshold) = threshold else {
        errors.push(CheckError::new(
            decl.span,
            PrivacyError::InvalidHoldout {
                percent: decl.percent.clone(),
            },
        ));
        return None;
    };
    Some(Holdout {
        percent: decl.percent.clone(),
        salt: decl
            .salt
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| segment.to_string()),
        threshold: format!("{threshold:08x}"),
    })
}
