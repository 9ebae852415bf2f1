//! Table declarations: `entity`, `lookup`, `costs`, `facts`, `consents` and `suppressions`, their links,
//! columns and types.

use super::{Descent, Got};
use crate::syntax::ast::*;

/// The parts after a table declaration's keyword (and name, for facts).
struct TableTail {
    link: Link,
    table: Option<StringLit>,
    time_column: Option<Ident>,
    columns: Vec<ColumnDecl>,
}

impl Descent<'_> {
    /// `entity_decl = { docs ~ kw_entity ~ ident ~ link? ~ table_clause? ~ "{" ~ entity_body ~ "}" }`,
    /// `entity_body = { (key_column | consent_column | column)* }`.
    pub(super) fn entity_decl(&mut self, start: usize, docs: Option<String>) -> Got<EntityDecl> {
        let name = self.kw_then_ident("entity")?;
        self.skip();
        let link = self
            .attempt(|d| d.ident_of_column("of"))
            .map(|(entity, column)| Link { entity, column });
        self.skip();
        let table = self.attempt(Descent::table_clause);
        self.skip();
        self.punct(b'{')?;
        self.skip();
        let mut columns = Vec::new();
        let mut consent_columns = Vec::new();
        let _ = self.many(|d| {
            if let Some(key) = d.attempt(|d| {
                d.kw("key")?;
                d.skip();
                d.column()
            }) {
                columns.push(ColumnDecl {
                    is_key: true,
                    ..key
                });
            } else if let Some(consent) = d.attempt(Descent::consent_column) {
                consent_columns.push(consent);
            } else {
                columns.push(d.column()?);
            }
            Some(())
        });
        self.skip();
        self.punct(b'}')?;
        Some(EntityDecl {
            docs,
            name,
            link,
            table,
            columns,
            consent_columns,
            span: self.span_from(start),
        })
    }

    /// `consent_column = { docs ~ kw_consent ~ ident ~ "=" ~ ident ~ (kw_since ~ ident)? }`.
    fn consent_column(&mut self) -> Got<ConsentColumnDecl> {
        let start = self.pos;
        let _ = self.docs();
        self.skip();
        let channel = self.kw_then_ident("consent")?;
        self.skip();
        self.punct(b'=')?;
        self.skip();
        let flag = self.ident()?;
        self.skip();
        let since = self.attempt(|d| d.kw_then_ident("since"));
        Some(ConsentColumnDecl {
            channel,
            flag,
            since,
            span: self.span_from(start),
        })
    }

    /// `table_clause = { kw_from ~ string }`.
    fn table_clause(&mut self) -> Got<StringLit> {
        self.kw("from")?;
        self.skip();
        self.string()
    }

    /// `kw ~ ident ~ "(" ~ ident ~ ")"`: a link's table and column, a lookup's name and key.
    fn ident_of_column(&mut self, keyword: &str) -> Got<(Ident, Ident)> {
        let name = self.kw_then_ident(keyword)?;
        self.skip();
        self.punct(b'(')?;
        self.skip();
        let column = self.ident()?;
        self.skip();
        self.punct(b')')?;
        Some((name, column))
    }

    /// `link ~ table_clause? ~ time_clause? ~ "{" ~ column* ~ "}"`, with `time_clause` only where
    /// the declaration has one.
    fn table_tail(&mut self, timed: bool) -> Got<TableTail> {
        // `link = { kw_of ~ ident ~ "(" ~ ident ~ ")" }`
        let (entity, column) = self.ident_of_column("of")?;
        self.skip();
        let table = self.attempt(Descent::table_clause);
        self.skip();
        let mut time_column = None;
        if timed {
            time_column = self.attempt(|d| d.kw_then_ident("at"));
            self.skip();
        }
        let columns = self.columns_block()?;
        Some(TableTail {
            link: Link { entity, column },
            table,
            time_column,
            columns,
        })
    }

    /// The header the three kinds of table declaration share.
    fn header(&self, start: usize, docs: Option<String>, tail: &mut TableTail) -> TableHeader {
        TableHeader {
            docs,
            link: tail.link.clone(),
            table: tail.table.take(),
            columns: std::mem::take(&mut tail.columns),
            span: self.span_from(start),
        }
    }

    /// `facts_decl = { docs ~ kw_facts ~ ident ~ link ~ table_clause? ~ time_clause? ~ "{" ~
    /// column* ~ "}" }`.
    pub(super) fn facts_decl(&mut self, start: usize, docs: Option<String>) -> Got<FactsDecl> {
        let name = self.kw_then_ident("facts")?;
        self.skip();
        let mut tail = self.table_tail(true)?;
        Some(FactsDecl {
            name,
            header: self.header(start, docs, &mut tail),
            time_column: tail.time_column,
        })
    }

    /// `kw ~ ident?`: the optional name of a consents or suppressions declaration.
    fn optional_name(&mut self, keyword: &str) -> Got<Option<Ident>> {
        self.kw(keyword)?;
        self.skip();
        let name = self.attempt(Descent::ident);
        self.skip();
        Some(name)
    }

    /// `consents_decl = { docs ~ kw_consents ~ ident? ~ link ~ table_clause? ~ "{" ~ column* ~ "}" }`.
    pub(super) fn consents_decl(
        &mut self,
        start: usize,
        docs: Option<String>,
    ) -> Got<ConsentsDecl> {
        let name = self.optional_name("consents")?;
        let mut tail = self.table_tail(false)?;
        Some(ConsentsDecl {
            name,
            header: self.header(start, docs, &mut tail),
        })
    }

    /// `suppressions_decl = { docs ~ kw_suppressions ~ ident? ~ link ~ table_clause? ~
    /// time_clause? ~ "{" ~ column* ~ "}" }`.
    pub(super) fn suppressions_decl(
        &mut self,
        start: usize,
        docs: Option<String>,
    ) -> Got<SuppressionsDecl> {
        let name = self.optional_name("suppressions")?;
        let mut tail = self.table_tail(true)?;
        Some(SuppressionsDecl {
            name,
            header: self.header(start, docs, &mut tail),
            time_column: tail.time_column,
        })
    }

    /// `lookup_decl = { docs ~ kw_lookup ~ ident ~ "(" ~ ident ~ ")" ~ table_clause? ~ "{" ~
    /// column* ~ "}" }`.
    pub(super) fn lookup_decl(&mut self, start: usize, docs: Option<String>) -> Got<LookupDecl> {
        let (name, key) = self.ident_of_column("lookup")?;
        self.skip();
        let table = self.attempt(Descent::table_clause);
        self.skip();
        let columns = self.columns_block()?;
        Some(LookupDecl {
            docs,
            name,
            key,
            table,
            columns,
            span: self.span_from(start),
        })
    }

    /// `costs_decl = { docs ~ kw_costs ~ ident ~ table_clause? ~ time_clause? ~ "{" ~ column* ~
    /// "}" }`.
    pub(super) fn costs_decl(&mut self, start: usize, docs: Option<String>) -> Got<CostsDecl> {
        let name = self.kw_then_ident("costs")?;
        self.skip();
        let table = self.attempt(Descent::table_clause);
        self.skip();
        let time_column = self.attempt(|d| d.kw_then_ident("at"));
        self.skip();
        let columns = self.columns_block()?;
        Some(CostsDecl {
            docs,
            name,
            table,
            time_column,
            columns,
            span: self.span_from(start),
        })
    }

    /// `"{" ~ column* ~ "}"`: the body of a facts, consents, suppressions, lookup or costs
    /// declaration.
    fn columns_block(&mut self) -> Got<Vec<ColumnDecl>> {
        self.punct(b'{')?;
        self.skip();
        let columns = self.many(Descent::column);
        self.skip();
        self.punct(b'}')?;
        Some(columns)
    }

    /// `column = { docs ~ ident ~ ":" ~ type_name ~ nullable? ~ flag* ~ reference? }`,
    /// `reference = { "->" ~ ident }`.
    fn column(&mut self) -> Got<ColumnDecl> {
        let start = self.pos;
        let docs = self.docs();
        self.skip();
        let name = self.ident()?;
        self.skip();
        self.punct(b':')?;
        self.skip();
        let mut ty = self.type_name()?;
        self.skip();
        let question = self.pos;
        if self.punct(b'?').is_some() {
            ty.span = ty.span.to(self.span_from(question));
            ty.nullable = true;
        }
        self.skip();
        let mut flags = ColumnFlags::default();
        let _ = self.many(|d| {
            let span = d.kw_span("pii");
            match span {
                Some(span) => flags.pii = Some(span),
                None => flags.special = Some(d.kw_span("special")?),
            }
            Some(())
        });
        // As in pest, the blanks skipped before an option that matches nothing stay skipped.
        self.skip();
        let reference = self.attempt(|d| {
            d.punct(b'-')?;
            d.punct(b'>')?;
            d.skip();
            d.ident()
        });
        Some(ColumnDecl {
            docs,
            name,
            ty,
            flags,
            is_key: false,
            reference,
            span: self.span_from(start),
        })
    }

    /// `type_name = { decimal_type | enum_type | simple_type }`; `nullable` is not read here.
    pub(super) fn type_name(&mut self) -> Got<TypeExpr> {
        let start = self.pos;
        let kind = match self.word() {
            "decimal" => {
                // `decimal_type = { kw_decimal ~ ("(" ~ int ~ "," ~ int ~ ")")? }`
                self.kw("decimal")?;
                self.skip();
                let digits = self.attempt(|d| {
                    d.punct(b'(')?;
                    d.skip();
                    let prec_start = d.pos;
                    let (precision, _) = d.int()?;
                    d.skip();
                    d.punct(b',')?;
                    d.skip();
                    let (scale, _) = d.int()?;
                    let span = d.span(prec_start, d.pos);
                    d.skip();
                    d.punct(b')')?;
                    Some((precision, scale, span))
                });
                TypeKind::Decimal(digits)
            }
            "enum" => {
                // `enum_type = { kw_enum ~ "(" ~ string ~ ("," ~ string)* ~ ","? ~ ")" }`
                self.kw("enum")?;
                self.skip();
                self.punct(b'(')?;
                self.skip();
                let values = self.bracketed(b')', Descent::string)?;
                if values.is_empty() {
                    return None;
                }
                TypeKind::Enum(values)
            }
            "string" => self.simple_type("string", TypeKind::String)?,
            "int" => self.simple_type("int", TypeKind::Int)?,
            "bool" => self.simple_type("bool", TypeKind::Bool)?,
            "date" => self.simple_type("date", TypeKind::Date)?,
            "timestamp" => self.simple_type("timestamp", TypeKind::Timestamp)?,
            _ => return None,
        };
        Some(TypeExpr {
            kind,
            nullable: false,
            span: self.span_from(start),
        })
    }

    fn simple_type(&mut self, word: &str, kind: TypeKind) -> Got<TypeKind> {
        self.kw(word)?;
        Some(kind)
    }
}
