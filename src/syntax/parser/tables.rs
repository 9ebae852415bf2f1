//! Table declarations: `entity`, `lookup`, `costs`, `facts`, `consents` and `suppressions`, their links,
//! columns and types.

use super::{missing_ident, Cx, Res, Rule};
use crate::source::Span;
use crate::syntax::ast::*;
use pest::iterators::Pair;

/// A facts, consents or suppressions declaration as the grammar gives it: the shared header, and
/// the name and time column whose rules differ by kind.
struct TableParts {
    name: Option<Ident>,
    header: TableHeader,
    time_column: Option<Ident>,
}

impl Cx {
    /// The `entity NAME [of ENTITY(column)] from "path" { key ..., columns, consent lines }`
    /// declaration.
    pub(super) fn entity_decl(&self, pair: Pair<Rule>) -> Res<EntityDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut table, mut columns) = (None, None, None, Vec::new());
        let (mut link, mut consent_columns) = (None, Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => name = Some(self.ident(p)),
                Rule::link => link = Some(self.link(p)),
                Rule::table_clause => table = self.table_clause(p)?,
                Rule::entity_body => {
                    for c in p.into_inner() {
                        match c.as_rule() {
                            Rule::consent_column => consent_columns.push(self.consent_column(c)),
                            Rule::key_column => {
                                if let Some(col) =
                                    c.into_inner().find(|x| x.as_rule() == Rule::column)
                                {
                                    let mut column = self.column(col)?;
                                    column.is_key = true;
                                    columns.push(column);
                                }
                            }
                            _ => columns.push(self.column(c)?),
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(EntityDecl {
            docs,
            name: name.unwrap_or_else(|| missing_ident(span)),
            link,
            table,
            columns,
            consent_columns,
            span,
        })
    }

    /// `consent email = email_optin since email_optin_at` in an entity.
    fn consent_column(&self, pair: Pair<Rule>) -> ConsentColumnDecl {
        let span = self.span(&pair);
        let mut idents = pair
            .into_inner()
            .filter(|x| x.as_rule() == Rule::ident)
            .map(|x| self.ident(x));
        ConsentColumnDecl {
            channel: idents.next().unwrap_or_else(|| missing_ident(span)),
            flag: idents.next().unwrap_or_else(|| missing_ident(span)),
            since: idents.next(),
            span,
        }
    }

    /// `from "schema.table"`.
    fn table_clause(&self, pair: Pair<Rule>) -> Res<Option<StringLit>> {
        match pair.into_inner().find(|p| p.as_rule() == Rule::string) {
            Some(s) => Ok(Some(self.string(s)?)),
            None => Ok(None),
        }
    }

    /// `of ENTITY(column)`.
    fn link(&self, pair: Pair<Rule>) -> Link {
        let span = self.span(&pair);
        let mut idents = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(p));
        let entity = idents.next().unwrap_or_else(|| missing_ident(span));
        let column = idents.next().unwrap_or_else(|| missing_ident(span));
        Link { entity, column }
    }

    /// The parts facts, consents and suppressions declarations are made of.
    fn table_parts(&self, pair: Pair<Rule>) -> Res<TableParts> {
        let span = self.span(&pair);
        let mut parts = TableParts {
            name: None,
            header: TableHeader {
                docs: None,
                link: missing_link(span),
                table: None,
                columns: Vec::new(),
                span,
            },
            time_column: None,
        };
        let header = &mut parts.header;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => header.docs = self.docs(p),
                Rule::ident => parts.name = Some(self.ident(p)),
                Rule::link => header.link = self.link(p),
                Rule::table_clause => header.table = self.table_clause(p)?,
                Rule::time_clause => {
                    parts.time_column = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                Rule::column => header.columns.push(self.column(p)?),
                _ => {}
            }
        }
        Ok(parts)
    }

    /// `facts NAME of ENTITY(column) from "path" at time { columns }`.
    pub(super) fn facts_decl(&self, pair: Pair<Rule>) -> Res<FactsDecl> {
        let p = self.table_parts(pair)?;
        Ok(FactsDecl {
            name: p.name.unwrap_or_else(|| missing_ident(p.header.span)),
            header: p.header,
            time_column: p.time_column,
        })
    }

    /// `consents NAME? of ENTITY(column) from "path" { columns }`.
    pub(super) fn consents_decl(&self, pair: Pair<Rule>) -> Res<ConsentsDecl> {
        let p = self.table_parts(pair)?;
        Ok(ConsentsDecl {
            name: p.name,
            header: p.header,
        })
    }

    /// `suppressions NAME? of ENTITY(column) from "path" at time { columns }`.
    pub(super) fn suppressions_decl(&self, pair: Pair<Rule>) -> Res<SuppressionsDecl> {
        let p = self.table_parts(pair)?;
        Ok(SuppressionsDecl {
            name: p.name,
            header: p.header,
            time_column: p.time_column,
        })
    }

    /// `lookup NAME(key) from "path" { columns }`.
    pub(super) fn lookup_decl(&self, pair: Pair<Rule>) -> Res<LookupDecl> {
        let span = self.span(&pair);
        let (mut docs, mut idents, mut table, mut columns) = (None, Vec::new(), None, Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::table_clause => table = self.table_clause(p)?,
                Rule::column => columns.push(self.column(p)?),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(LookupDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            key: idents.next().unwrap_or_else(|| missing_ident(span)),
            table,
            columns,
            span,
        })
    }

    /// `costs NAME from "path" at time { columns }`.
    pub(super) fn costs_decl(&self, pair: Pair<Rule>) -> Res<CostsDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut table, mut columns) = (None, None, None, Vec::new());
        let mut time_column = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => name = Some(self.ident(p)),
                Rule::table_clause => table = self.table_clause(p)?,
                Rule::time_clause => {
                    time_column = (p.into_inner())
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                Rule::column => columns.push(self.column(p)?),
                _ => {}
            }
        }
        Ok(CostsDecl {
            docs,
            name: name.unwrap_or_else(|| missing_ident(span)),
            table,
            time_column,
            columns,
            span,
        })
    }

    /// `name: type? flags -> lookup`, with its doc comment.
    fn column(&self, pair: Pair<Rule>) -> Res<ColumnDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut ty_pair, mut nullable) = (None, None, None, None);
        let mut flags = ColumnFlags::default();
        let mut reference = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => name = Some(self.ident(p)),
                Rule::type_name => ty_pair = Some(p),
                Rule::nullable => nullable = Some(self.span(&p)),
                Rule::flag => {
                    let fspan = self.span(&p);
                    match p.as_str() {
                        "pii" => flags.pii = Some(fspan),
                        _ => flags.special = Some(fspan),
                    }
                }
                Rule::reference => {
                    reference = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                _ => {}
            }
        }
        let ty = match ty_pair {
            Some(p) => self.type_expr(p, nullable)?,
            None => TypeExpr {
                kind: TypeKind::String,
                nullable: false,
                span,
            },
        };
        Ok(ColumnDecl {
            docs,
            name: name.unwrap_or_else(|| missing_ident(span)),
            ty,
            flags,
            is_key: false,
            reference,
            span,
        })
    }

    /// A type as written; `nullable` is the span of the `?` after it, when there is one.
    pub(super) fn type_expr(&self, pair: Pair<Rule>, nullable: Option<Span>) -> Res<TypeExpr> {
        let mut span = self.span(&pair);
        if let Some(q) = nullable {
            span = span.to(q);
        }
        let inner = pair.into_inner().next();
        let kind = match inner {
            Some(p) => match p.as_rule() {
                Rule::decimal_type => {
                    let ints: Vec<Pair<Rule>> = p
                        .into_inner()
                        .filter(|x| x.as_rule() == Rule::int)
                        .collect();
                    match ints.as_slice() {
                        [prec, scale] => {
                            let s = self.span(prec).to(self.span(scale));
                            TypeKind::Decimal(Some((self.int(prec)?, self.int(scale)?, s)))
                        }
                        _ => TypeKind::Decimal(None),
                    }
                }
                Rule::enum_type => {
                    let mut values = Vec::new();
                    for s in p.into_inner().filter(|x| x.as_rule() == Rule::string) {
                        values.push(self.string(s)?);
                    }
                    TypeKind::Enum(values)
                }
                _ => match p.as_str() {
                    "string" => TypeKind::String,
                    "int" => TypeKind::Int,
                    "bool" => TypeKind::Bool,
                    "date" => TypeKind::Date,
                    _ => TypeKind::Timestamp,
                },
            },
            None => TypeKind::String,
        };
        Ok(TypeExpr {
            kind,
            nullable: nullable.is_some(),
            span,
        })
    }
}

fn missing_link(span: Span) -> Link {
    Link {
        entity: missing_ident(span),
        column: missing_ident(span),
    }
}
