//! Fields of marketing models as values: `value.r`, `value.code`, `lifetime.value`. The models
//! themselves are checked in `models.rs`.

use super::errors::{did_you_mean, CheckError, LinkError, NameError, PrivacyError};
use super::exprs::ExprChecker;
use super::models::ModelKind;
use super::names::readable_column;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;

impl ExprChecker<'_> {
    /// `model.field`: a field of an RFM or CLV model of the scope's entity.
    pub(super) fn field(
        &mut self,
        model: &ast::Ident,
        field: &ast::Ident,
        scope: Scope,
        span: Span,
    ) -> Option<Value> {
        if let Some(lookup) = self.schema.lookup_named(&model.name) {
            match scope {
                Scope::Facts(f) => return self.lookup_column(lookup, model, field, f, span),
                Scope::Costs(_) => {
                    let problem = "its columns are read inside an aggregate over a facts table that references it";
                    self.not_looked_up(model, problem.into());
                    return None;
                }
                Scope::Entity(_) if !self.model_index.contains_key(&model.name) => {
                    let problem = "its columns are read inside an aggregate, not on the entity";
                    self.not_looked_up(model, problem.into());
                    return None;
                }
                Scope::Entity(_) => {}
            }
        }
        let entity = match scope {
            Scope::Entity(e) => {
                let linked = self
                    .schema
                    .entities
                    .iter()
                    .position(|x| x.name == model.name);
                let is_model = (self.model_index.get(&model.name))
                    .is_some_and(|&i| self.models[i].entity == e);
                if let (Some(linked), false) = (linked, is_model) {
                    return self.linked_column(e, EntityId(linked), model, field, span);
                }
                Some(e)
            }
            Scope::Facts(f) => {
                if self.schema.facts.iter().any(|t| t.name == model.name) {
                    return self.parent_column(model, field, f, span);
                }
                None
            }
            Scope::Costs(_) => None,
        };
        let header = (self.model_index.get(&model.name))
            .map(|&i| &self.models[i])
            .filter(|m| Some(m.entity) == entity);
        let Some(header) = header else {
            self.unknown_model(model, field, entity, scope);
            return None;
        };
        let (kind, ty, nullable) = match &header.kind {
            ModelKind::Rfm { index, monetary } => {
                rfm_field(model, field, *index, monetary, &mut self.errors)?
            }
            ModelKind::Clv { index, nullable } => {
                clv_field(model, field, *index, *nullable, &mut self.errors)?
            }
        };
        Some(Value {
            kind,
            ty,
            nullable,
            span,
        })
    }

    /// `orders.channel` inside an aggregate over `order_lines`: a column of a parent (or a
    /// parent's parent) of the aggregated table, read on each row's parent row.
    fn parent_column(
        &mut self,
        table: &ast::Ident,
        field: &ast::Ident,
        facts: FactsId,
        span: Span,
    ) -> Option<Value> {
        let aggregated = self.schema.facts(facts);
        // A contact's events on an account are read with their contact rows too.
        let parents = match self.member {
            Some(member) => self.schema.row_parents(facts, member),
            None => self.schema.ancestors(facts),
        };
        let parent = (parents.iter().copied()).find(|&p| self.schema.facts(p).name == table.name);
        let Some(parent) = parent else {
            let own_entity = (self.member.map(|m| &self.schema.entity(m).name))
                .is_some_and(|member| *member == table.name);
            let help = if table.name == aggregated.name {
                format!(
                    "inside its own aggregate, write the column alone: `{}`",
                    field.name
                )
            } else if own_entity {
                // `contacts.role` inside an aggregate on a segment of contacts.
                format!(
                    "the segment is on `{}`: test its own `{}` beside the aggregate, e.g. `{} = ... and {}.any(…)`",
                    table.name, field.name, field.name, aggregated.name
                )
            } else {
                let readable = match parents.first() {
                    Some(p) => format!(
                        "its columns, and its parents' as `{}.column`",
                        self.schema.facts(*p).name
                    ),
                    None => "its columns".to_string(),
                };
                format!(
                    "inside an aggregate over `{}`, names are {readable}; read `{}` with its own aggregate, e.g. `{}.any(where {} = ...)`",
                    aggregated.name, table.name, table.name, field.name
                )
            };
            self.errors.push(CheckError::new(
                table.span,
                LinkError::NotAParent {
                    named: table.name.clone(),
                    facts: aggregated.name.clone(),
                    help: Some(help),
                },
            ));
            return None;
        };
        let parent_table = self.schema.facts(parent);
        let (name, columns) = (&parent_table.name, &parent_table.columns);
        let column = readable_column(name, columns, field, &mut self.errors)?;
        let col = &columns[column];
        Some(Value {
            kind: ValueKind::ParentColumn {
                facts: parent,
                column,
            },
            ty: col.ty.clone(),
            nullable: col.nullable,
            span,
        })
    }

    /// `accounts.region` on a segment of contacts: a column of the entity `entity` belongs to,
    /// read on its row; always nullable (a contact may have no account). Any other entity's
    /// name is E0260.
    fn linked_column(
        &mut self,
        entity: EntityId,
        named: EntityId,
        table: &ast::Ident,
        field: &ast::Ident,
        span: Span,
    ) -> Option<Value> {
        let member = self.schema.entity(entity);
        if member.parent.map(|l| l.entity) != Some(named) {
            let help = if named == entity {
                format!("write the column alone: `{}`", field.name)
            } else if self.schema.entity(named).parent.map(|l| l.entity) == Some(entity) {
                format!(
                    "one `{}` row has many `{}`: read them with an aggregate, e.g. `{}.any(where {} = ...)`",
                    member.name,
                    table.name,
                    table.name,
                    field.name
                )
            } else {
                match member.parent {
                    Some(l) => format!(
                        "on `{}`, `ENTITY.column` reads the columns of `{}`, the entity it belongs to",
                        member.name,
                        self.schema.entity(l.entity).name
                    ),
                    None => format!(
                        "`{}` belongs to no entity: declare `entity {} of {}(…)` to read `{}`'s columns",
                        member.name, member.name, table.name, table.name
                    ),
                }
            };
            self.errors.push(CheckError::new(
                table.span,
                LinkError::NotTheOwner {
                    named: table.name.clone(),
                    entity: member.name.clone(),
                    help: Some(help),
                },
            ));
            return None;
        }
        let owner = self.schema.entity(named);
        let Some(column) = owner.columns.iter().position(|c| c.name == field.name) else {
            self.errors.push(CheckError::new(
                field.span,
                NameError::UnknownColumn {
                    name: field.name.clone(),
                    table: owner.name.clone(),
                    help: did_you_mean(closest(
                        &field.name,
                        owner.columns.iter().map(|c| c.name.as_str()),
                    )),
                },
            ));
            return None;
        };
        let col = &owner.columns[column];
        if col.special {
            self.errors.push(CheckError::new(
                field.span,
                PrivacyError::SpecialCategory {
                    column: col.name.clone(),
                    table: owner.name.clone(),
                },
            ));
            return None;
        }
        Some(Value {
            kind: ValueKind::LinkedColumn {
                entity: named,
                column,
            },
            ty: col.ty.clone(),
            nullable: true,
            span,
        })
    }

    /// `model` names no model of the scope's entity; the help says what it names instead.
    fn unknown_model(
        &mut self,
        model: &ast::Ident,
        field: &ast::Ident,
        entity: Option<EntityId>,
        scope: Scope,
    ) {
        let (table, _) = self.columns(scope);
        if self
            .failed_models
            .get(&model.name)
            .is_some_and(|e| e == table)
        {
            // A CLV model that could not be checked: its errors are at its declaration.
            return;
        }
        let facts = self.schema.facts.iter().any(|f| f.name == model.name);
        let help = if facts {
            Some(format!(
                "`{}` is a facts table: aggregate it with parentheses, e.g. `{}.count()` or `{}.sum({})`",
                model.name, model.name, model.name, field.name
            ))
        } else if entity.is_none() {
            Some("inside an aggregate, names refer to the facts table's columns; use the model outside it".into())
        } else {
            did_you_mean(closest(
                &model.name,
                self.models
                    .iter()
                    .filter(|m| Some(m.entity) == entity)
                    .map(|m| m.name.as_str()),
            ))
        };
        self.errors.push(CheckError::new(
            model.span,
            NameError::UnknownField {
                problem: format!("no RFM or CLV model named `{}` here", model.name),
                help,
            },
        ));
    }
}

/// A field of RFM model `index`: its kind, type and nullability. `monetary` is the type of the
/// monetary measure.
fn rfm_field(
    model: &ast::Ident,
    field: &ast::Ident,
    index: RfmId,
    monetary: &Type,
    errors: &mut Vec<CheckError>,
) -> Option<(ValueKind, Type, bool)> {
    let found = RfmField::ALL.iter().find(|(n, _)| *n == field.name);
    let Some((_, f)) = found else {
        errors.push(CheckError::new(
            field.span,
            NameError::UnknownField {
                problem: format!("RFM model `{}` has no field `{}`", model.name, field.name),
                help: Some(format!(
                    "{}the fields are {}",
                    // "did you mean `r`? " then a sentence of its own.
                    did_you_mean(closest(&field.name, RfmField::ALL.iter().map(|(n, _)| *n)))
                        .map(|d| format!("{d} "))
                        .unwrap_or_default(),
                    RfmField::ALL
                        .iter()
                        .map(|(n, _)| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
        ));
        return None;
    };
    let ty = match f {
        RfmField::Score(_) => Type::Int,
        RfmField::Code => Type::String,
        RfmField::Scored => Type::Bool,
        RfmField::Measure(Metric::Monetary) => monetary.clone(),
        RfmField::Measure(_) => Type::Int,
    };
    let kind = ValueKind::Rfm {
        model: index,
        field: *f,
    };
    Some((kind, ty, *f != RfmField::Scored))
}

/// The one field of CLV model `index`, `value`: its kind, type and nullability.
fn clv_field(
    model: &ast::Ident,
    field: &ast::Ident,
    index: ClvId,
    nullable: bool,
    errors: &mut Vec<CheckError>,
) -> Option<(ValueKind, Type, bool)> {
    if field.name != "value" {
        errors.push(CheckError::new(
            field.span,
            NameError::UnknownField {
                problem: format!("CLV model `{}` has no field `{}`", model.name, field.name),
                help: Some(format!(
                    "its one field is the lifetime value: `{}.value`",
                    model.name
                )),
            },
        ));
        return None;
    }
    let ty = Type::Decimal {
        precision: 38,
        scale: 9,
    };
    Some((ValueKind::Clv(index), ty, nullable))
}
