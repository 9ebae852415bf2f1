//! Text → AST. The only file that sees pest: its pairs become `ast` nodes, its errors `SyntaxError`s.
//!
//! A file is cut into chunks at top-level declarations and each chunk is parsed on its own, so one
//! typo costs one declaration, not the whole file, and every broken declaration is reported.

use super::ast::*;
use super::errors::SyntaxError;
use crate::source::{Date, FileId, Span};
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;

mod models;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/seglang.pest"]
struct SegParser;

/// Parses one file. Returns the declarations that parsed and an error for each chunk that did not.
pub fn parse_module(file: FileId, text: &str) -> (Module, Vec<SyntaxError>) {
    // Tracks the literal tokens expected at a failure, for messages such as "expected `]`".
    pest::set_error_detail(true);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (start, end) in declaration_chunks(text) {
        let chunk = &text[start..end];
        let cx = Cx {
            file,
            offset: start,
        };
        match SegParser::parse(Rule::file, chunk) {
            Ok(mut pairs) => {
                let Some(file_pair) = pairs.next() else {
                    continue;
                };
                for pair in file_pair.into_inner() {
                    if pair.as_rule() == Rule::EOI {
                        continue;
                    }
                    match cx.item(pair) {
                        Ok(item) => items.push(item),
                        Err(e) => errors.push(e),
                    }
                }
            }
            Err(e) => errors.push(cx.syntax_error(chunk, e)),
        }
    }
    (Module { file, items }, errors)
}

/// Words the grammar reserves (its `keyword` rule): they cannot name columns, tables or parameters.
const RESERVED_WORDS: [&str; 36] = [
    "use",
    "param",
    "entity",
    "facts",
    "key",
    "of",
    "from",
    "at",
    "segment",
    "on",
    "owner",
    "tags",
    "where",
    "and",
    "or",
    "not",
    "in",
    "between",
    "is",
    "missing",
    "present",
    "starts",
    "ends",
    "with",
    "contains",
    "matches",
    "within",
    "before",
    "after",
    "ago",
    "since",
    "distinct",
    "true",
    "false",
    "when",
    "otherwise",
];

/// Punctuation worth naming in "expected ..." (not the quotes, signs and underscores inside tokens).
const STRUCTURAL_TOKENS: [&str; 11] = ["]", ")", "}", ",", "(", "[", "{", ":", "=", ".", "?"];

/// Words that start a top-level declaration: chunk boundaries for error recovery.
const DECLARATION_WORDS: [&str; 11] = [
    "use",
    "param",
    "entity",
    "facts",
    "consents",
    "suppressions",
    "segment",
    "segmentation",
    "rfm",
    "clv",
    "test",
];

/// Byte ranges of the file, each starting at a top-level declaration (with its doc comment).
fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0usize];
    let mut offset = 0usize;
    let mut doc_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let is_doc = line.starts_with("///");
        let starts_declaration = DECLARATION_WORDS.iter().any(|w| {
            line.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
        });
        if starts_declaration {
            let start = doc_start.unwrap_or(offset);
            if start > 0 && starts.last() != Some(&start) {
                starts.push(start);
            }
        }
        // Blank and `//` comment lines between a doc comment and its declaration keep it attached.
        let is_gap = line.trim().is_empty() || (line.trim_start().starts_with("//") && !is_doc);
        doc_start = match (is_doc, doc_start) {
            (true, None) => Some(offset),
            (true, Some(s)) => Some(s),
            (false, Some(s)) if is_gap => Some(s),
            (false, _) => None,
        };
        offset += line.len();
    }
    let mut chunks = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        chunks.push((s, e));
    }
    chunks
}

/// What facts, consents and suppressions declarations are made of.
struct TableParts {
    docs: Option<String>,
    name: Option<Ident>,
    link: Link,
    table: Option<StringLit>,
    time_column: Option<Ident>,
    columns: Vec<ColumnDecl>,
    span: Span,
}

/// Conversion context: which file, and where the chunk being converted starts in it.
struct Cx {
    file: FileId,
    offset: usize,
}

type Res<T> = Result<T, SyntaxError>;

impl Cx {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident {
            span: self.span(&pair),
            name: pair.as_str().to_string(),
        }
    }

    fn item(&self, pair: Pair<Rule>) -> Res<Item> {
        Ok(match pair.as_rule() {
            Rule::use_decl => Item::Use(self.use_decl(pair)?),
            Rule::param_decl => Item::Param(self.param_decl(pair)?),
            Rule::entity_decl => Item::Entity(self.entity_decl(pair)?),
            Rule::facts_decl => Item::Facts(self.facts_decl(pair)?),
            Rule::consents_decl => Item::Consents(self.consents_decl(pair)?),
            Rule::test_decl => Item::Test(self.test_decl(pair)?),
            Rule::suppressions_decl => Item::Suppressions(self.suppressions_decl(pair)?),
            Rule::segmentation_decl => Item::Segmentation(self.segmentation_decl(pair)?),
            Rule::rfm_decl => Item::Rfm(self.rfm_decl(pair)?),
            Rule::clv_decl => Item::Clv(self.clv_decl(pair)?),
            _ => Item::Segment(Box::new(self.segment_decl(pair)?)),
        })
    }

    fn docs(&self, pair: Pair<Rule>) -> Option<String> {
        let lines: Vec<&str> = pair
            .into_inner()
            .map(|l| {
                let t = l.as_str().trim_start_matches('/');
                t.strip_prefix(' ').unwrap_or(t).trim_end()
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    fn use_decl(&self, pair: Pair<Rule>) -> Res<UseDecl> {
        let span = self.span(&pair);
        let mut target = UseTarget::File(StringLit {
            value: String::new(),
            span,
        });
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => target = UseTarget::File(self.string(p)?),
                Rule::std_module => {
                    let mut idents = p
                        .into_inner()
                        .filter(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x));
                    target = UseTarget::Std {
                        module: idents.next().unwrap_or_else(|| missing_ident(span)),
                        subject: idents.next(),
                    };
                }
                _ => {}
            }
        }
        Ok(UseDecl { target, span })
    }

    fn param_decl(&self, pair: Pair<Rule>) -> Res<ParamDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut ty, mut default) = (None, None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => name = Some(self.ident(p)),
                Rule::type_name => ty = Some(self.type_expr(p, None)?),
                Rule::kw_param => {}
                _ => default = Some(self.literal(p)?),
            }
        }
        Ok(ParamDecl {
            docs,
            name: name.unwrap_or_else(|| missing_ident(span)),
            ty: ty.unwrap_or(TypeExpr {
                kind: TypeKind::String,
                nullable: false,
                span,
            }),
            default: default.unwrap_or(Literal {
                kind: LiteralKind::Bool(false),
                span,
            }),
            span,
        })
    }

    fn entity_decl(&self, pair: Pair<Rule>) -> Res<EntityDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut table, mut columns) = (None, None, None, Vec::new());
        let mut consent_columns = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => name = Some(self.ident(p)),
                Rule::table_clause => table = self.table_clause(p)?,
                Rule::entity_body => {
                    for c in p.into_inner() {
                        match c.as_rule() {
                            Rule::consent_column => {
                                let span = self.span(&c);
                                let idents: Vec<Ident> = c
                                    .into_inner()
                                    .filter(|x| x.as_rule() == Rule::ident)
                                    .map(|x| self.ident(x))
                                    .collect();
                                let mut idents = idents.into_iter();
                                consent_columns.push(ConsentColumnDecl {
                                    channel: idents.next().unwrap_or_else(|| missing_ident(span)),
                                    flag: idents.next().unwrap_or_else(|| missing_ident(span)),
                                    since: idents.next(),
                                    span,
                                });
                            }
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
            table,
            columns,
            consent_columns,
            span,
        })
    }

    fn table_clause(&self, pair: Pair<Rule>) -> Res<Option<StringLit>> {
        match pair.into_inner().find(|p| p.as_rule() == Rule::string) {
            Some(s) => Ok(Some(self.string(s)?)),
            None => Ok(None),
        }
    }

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

    /// The parts facts, consents and suppressions declarations share.
    fn table_parts(&self, pair: Pair<Rule>) -> Res<TableParts> {
        let span = self.span(&pair);
        let mut parts = TableParts {
            docs: None,
            name: None,
            link: missing_link(span),
            table: None,
            time_column: None,
            columns: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => parts.docs = self.docs(p),
                Rule::ident => parts.name = Some(self.ident(p)),
                Rule::link => parts.link = self.link(p),
                Rule::table_clause => parts.table = self.table_clause(p)?,
                Rule::time_clause => {
                    parts.time_column = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                Rule::column => parts.columns.push(self.column(p)?),
                _ => {}
            }
        }
        Ok(parts)
    }

    fn facts_decl(&self, pair: Pair<Rule>) -> Res<FactsDecl> {
        let p = self.table_parts(pair)?;
        Ok(FactsDecl {
            docs: p.docs,
            name: p.name.unwrap_or_else(|| missing_ident(p.span)),
            link: p.link,
            table: p.table,
            time_column: p.time_column,
            columns: p.columns,
            span: p.span,
        })
    }

    fn consents_decl(&self, pair: Pair<Rule>) -> Res<ConsentsDecl> {
        let p = self.table_parts(pair)?;
        Ok(ConsentsDecl {
            docs: p.docs,
            name: p.name,
            link: p.link,
            table: p.table,
            columns: p.columns,
            span: p.span,
        })
    }

    fn segmentation_decl(&self, pair: Pair<Rule>) -> Res<SegmentationDecl> {
        let span = self.span(&pair);
        let (mut docs, mut idents, mut stages) = (None, Vec::new(), Vec::new());
        let mut grid = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::grid_clause => {
                    grid = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                Rule::stage => {
                    let sspan = self.span(&p);
                    let (mut sdocs, mut name, mut when) = (None, None, None);
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::docs => sdocs = self.docs(x),
                            Rule::ident => name = Some(self.ident(x)),
                            Rule::expr => when = Some(self.expr(x)?),
                            _ => {}
                        }
                    }
                    stages.push(StageDecl {
                        docs: sdocs,
                        name: name.unwrap_or_else(|| missing_ident(sspan)),
                        when,
                        span: sspan,
                    });
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(SegmentationDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            entity: idents.next().unwrap_or_else(|| missing_ident(span)),
            grid,
            stages,
            span,
        })
    }

    fn suppressions_decl(&self, pair: Pair<Rule>) -> Res<SuppressionsDecl> {
        let p = self.table_parts(pair)?;
        Ok(SuppressionsDecl {
            docs: p.docs,
            name: p.name,
            link: p.link,
            table: p.table,
            time_column: p.time_column,
            columns: p.columns,
            span: p.span,
        })
    }

    fn column(&self, pair: Pair<Rule>) -> Res<ColumnDecl> {
        let span = self.span(&pair);
        let (mut docs, mut name, mut ty_pair, mut nullable) = (None, None, None, None);
        let mut flags = ColumnFlags::default();
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
            span,
        })
    }

    fn type_expr(&self, pair: Pair<Rule>, nullable: Option<Span>) -> Res<TypeExpr> {
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

    fn segment_decl(&self, pair: Pair<Rule>) -> Res<SegmentDecl> {
        let span = self.span(&pair);
        let mut docs = None;
        let mut idents = Vec::new();
        let mut owner = None;
        let mut tags = Vec::new();
        let mut criteria = None;
        let mut repeated = Vec::new();
        let mut channels = Vec::new();
        let mut holdout: Option<HoldoutDecl> = None;
        for p in pair.into_inner() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::holdout_entry => {
                    if holdout.is_some() {
                        repeated.push(("holdout", pspan));
                    }
                    let mut percent = String::new();
                    let mut salt = None;
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::percent => percent = x.as_str().trim_end_matches('%').to_string(),
                            Rule::string => salt = Some(self.string(x)?),
                            _ => {}
                        }
                    }
                    holdout = Some(HoldoutDecl {
                        percent,
                        salt,
                        span: pspan,
                    });
                }
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::channel_entry => {
                    let mut names = p
                        .into_inner()
                        .filter(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x));
                    let channel = names.next().unwrap_or_else(|| missing_ident(pspan));
                    channels.push(ChannelDecl {
                        channel,
                        bases: names.collect(),
                        span: pspan,
                    });
                }
                Rule::owner_entry => {
                    if owner.is_some() {
                        repeated.push(("owner", pspan));
                    }
                    if let Some(s) = p.into_inner().find(|x| x.as_rule() == Rule::string) {
                        owner = Some(self.string(s)?);
                    }
                }
                Rule::tags_entry => {
                    for s in p.into_inner().filter(|x| x.as_rule() == Rule::string) {
                        tags.push(self.string(s)?);
                    }
                }
                Rule::where_entry => {
                    if criteria.is_some() {
                        repeated.push(("where", pspan));
                    }
                    if let Some(e) = p.into_inner().find(|x| x.as_rule() == Rule::expr) {
                        criteria = Some(self.expr(e)?);
                    }
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(SegmentDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            entity: idents.next().unwrap_or_else(|| missing_ident(span)),
            owner,
            tags,
            channels,
            holdout,
            criteria,
            repeated,
            span,
        })
    }

    // ------------------------------------------------------------ tests

    fn test_decl(&self, pair: Pair<Rule>) -> Res<TestDecl> {
        let span = self.span(&pair);
        let mut test = TestDecl {
            docs: None,
            name: StringLit {
                value: String::new(),
                span,
            },
            segment: None,
            as_of: None,
            rows: Vec::new(),
            expect: None,
            repeated: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::docs => test.docs = self.docs(p),
                Rule::string => test.name = self.string(p)?,
                Rule::test_segment => {
                    if test.segment.is_some() {
                        test.repeated.push(("segment", pspan));
                    }
                    test.segment = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x));
                }
                Rule::test_as_of => {
                    if test.as_of.is_some() {
                        test.repeated.push(("as_of", pspan));
                    }
                    if let Some(d) = p.into_inner().find(|x| x.as_rule() == Rule::date) {
                        test.as_of = Some(self.literal(d)?);
                    }
                }
                Rule::test_rows => {
                    let mut table = None;
                    let mut records = Vec::new();
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::ident => table = Some(self.ident(x)),
                            Rule::record => records.push(self.record(x)?),
                            _ => {}
                        }
                    }
                    test.rows.push(RowsBlock {
                        table: table.unwrap_or_else(|| missing_ident(pspan)),
                        records,
                    });
                }
                Rule::test_expect => {
                    if test.expect.is_some() {
                        test.repeated.push(("expect", pspan));
                    }
                    let mut keys = Vec::new();
                    for x in p.into_inner().filter(|x| x.as_rule() != Rule::kw_expect) {
                        keys.push(self.literal(x)?);
                    }
                    test.expect = Some((keys, pspan));
                }
                _ => {}
            }
        }
        Ok(test)
    }

    fn record(&self, pair: Pair<Rule>) -> Res<Record> {
        let span = self.span(&pair);
        let mut fields = Vec::new();
        for field in pair.into_inner().filter(|x| x.as_rule() == Rule::field) {
            let mut inner = field.into_inner();
            let (Some(name), Some(value)) = (inner.next(), inner.next()) else {
                continue;
            };
            let vspan = self.span(&value);
            let value = match value.as_rule() {
                Rule::null => FieldValue::Null(vspan),
                Rule::timestamp => FieldValue::Timestamp(value.as_str().to_string(), vspan),
                _ => FieldValue::Literal(self.literal(value)?),
            };
            fields.push((self.ident(name), value));
        }
        Ok(Record { fields, span })
    }

    // ------------------------------------------------------------ conditions

    fn expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::and_expr {
                parts.push(self.and_expr(p)?);
            }
        }
        Ok(single_or(parts, span, Cond::Or))
    }

    fn and_expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::not_expr {
                parts.push(self.not_expr(p)?);
            }
        }
        Ok(single_or(parts, span, Cond::And))
    }

    fn not_expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let mut negations = Vec::new();
        let mut inner = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::negation => negations.push(self.span(&p)),
                Rule::group => {
                    if let Some(e) = p.into_inner().find(|x| x.as_rule() == Rule::expr) {
                        inner = Some(self.expr(e)?);
                    }
                }
                Rule::segment_ref => {
                    let span = self.span(&p);
                    if let Some(id) = p.into_inner().find(|x| x.as_rule() == Rule::ident) {
                        inner = Some(Cond::InSegment(self.ident(id), span));
                    }
                }
                _ => inner = Some(self.predicate(p)?),
            }
        }
        let Some(mut cond) = inner else {
            return Err(SyntaxError::Unexpected {
                span: negations.first().copied().unwrap_or_default(),
                expected: "a condition".into(),
                found: "nothing".into(),
                label: "a condition must follow".into(),
                help: "write a condition after `not`".into(),
            });
        };
        for neg in negations.into_iter().rev() {
            let span = neg.to(cond.span());
            cond = Cond::Not(Box::new(cond), span);
        }
        Ok(cond)
    }

    fn predicate(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let value = match inner.next() {
            Some(v) => self.value(v)?,
            None => return Err(self.empty(span)),
        };
        let Some(test) = inner.next() else {
            return Ok(Cond::Bare(value));
        };
        let test = self.test(test)?;
        Ok(Cond::Test(value, test, span))
    }

    fn test(&self, pair: Pair<Rule>) -> Res<Test> {
        let rule = pair.as_rule();
        let span = self.span(&pair);
        let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
        let values = |cx: &Cx| -> Res<Vec<Value>> {
            parts
                .iter()
                .filter(|p| is_value_rule(p.as_rule()))
                .map(|p| cx.value(p.clone()))
                .collect()
        };
        Ok(match rule {
            Rule::compare => {
                let op_pair = parts.iter().find(|p| p.as_rule() == Rule::compare_op);
                let op = match op_pair.map(|p| p.as_str()) {
                    Some("=") => CompareOp::Eq,
                    Some("!=") => CompareOp::Ne,
                    Some("<") => CompareOp::Lt,
                    Some("<=") => CompareOp::Le,
                    Some(">") => CompareOp::Gt,
                    _ => CompareOp::Ge,
                };
                let op_span = op_pair.map(|p| self.span(p)).unwrap_or(span);
                Test::Compare(op, op_span, self.one(values(self)?, span)?)
            }
            Rule::in_list | Rule::not_in_list => {
                let mut items = Vec::new();
                for list in parts.iter().filter(|p| p.as_rule() == Rule::list) {
                    for v in list.clone().into_inner() {
                        items.push(self.value(v)?);
                    }
                }
                Test::InList {
                    negated: rule == Rule::not_in_list,
                    items,
                }
            }
            Rule::between => {
                let mut vs = values(self)?.into_iter();
                match (vs.next(), vs.next()) {
                    (Some(a), Some(b)) => Test::Between(a, b),
                    _ => return Err(self.empty(span)),
                }
            }
            Rule::is_missing => Test::IsMissing,
            Rule::is_present => Test::IsPresent,
            Rule::starts_with => Test::StartsWith(self.one(values(self)?, span)?),
            Rule::ends_with => Test::EndsWith(self.one(values(self)?, span)?),
            Rule::contains => Test::Contains(self.one(values(self)?, span)?),
            Rule::matches => Test::Matches(self.one(values(self)?, span)?),
            Rule::within_last => {
                let (count, unit) = self.count_unit(&parts, span)?;
                Test::WithinLast(count, unit)
            }
            Rule::before => Test::Before(self.one(values(self)?, span)?),
            _ => Test::After(self.one(values(self)?, span)?),
        })
    }

    fn one(&self, values: Vec<Value>, span: Span) -> Res<Value> {
        values.into_iter().next().ok_or_else(|| self.empty(span))
    }

    fn empty(&self, span: Span) -> SyntaxError {
        SyntaxError::Unexpected {
            span,
            expected: "a value".into(),
            found: "nothing".into(),
            label: "incomplete".into(),
            help: "complete the condition".into(),
        }
    }

    fn count_unit(&self, parts: &[Pair<Rule>], span: Span) -> Res<(Count, TimeUnit)> {
        let count = parts
            .iter()
            .find(|p| p.as_rule() == Rule::count)
            .and_then(|p| p.clone().into_inner().next())
            .ok_or_else(|| self.empty(span))?;
        let count = match count.as_rule() {
            Rule::int => Count {
                value: self.int(&count)?,
                param: None,
                span: self.span(&count),
            },
            _ => Count {
                value: 0,
                param: Some(count.as_str().to_string()),
                span: self.span(&count),
            },
        };
        let unit = match parts
            .iter()
            .find(|p| p.as_rule() == Rule::unit)
            .map(|p| p.as_str())
        {
            Some("day" | "days") => TimeUnit::Days,
            Some("week" | "weeks") => TimeUnit::Weeks,
            Some("month" | "months") => TimeUnit::Months,
            _ => TimeUnit::Years,
        };
        Ok((count, unit))
    }

    // ------------------------------------------------------------ values

    fn value(&self, pair: Pair<Rule>) -> Res<Value> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::name => {
                let id = pair
                    .into_inner()
                    .next()
                    .map(|p| self.ident(p))
                    .unwrap_or_else(|| missing_ident(span));
                ValueKind::Name(id)
            }
            Rule::ago => {
                let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
                let (count, unit) = self.count_unit(&parts, span)?;
                ValueKind::Ago(count, unit)
            }
            Rule::days_since | Rule::age => {
                let is_age = pair.as_rule() == Rule::age;
                let inner = pair
                    .into_inner()
                    .find(|p| is_value_rule(p.as_rule()))
                    .ok_or_else(|| self.empty(span))?;
                let v = Box::new(self.value(inner)?);
                if is_age {
                    ValueKind::Age(v)
                } else {
                    ValueKind::DaysSince(v)
                }
            }
            Rule::aggregate => ValueKind::Aggregate(Box::new(self.aggregate(pair)?)),
            Rule::model_field => {
                let mut idents = pair.into_inner().map(|p| self.ident(p));
                let model = idents.next().unwrap_or_else(|| missing_ident(span));
                let field = idents.next().unwrap_or_else(|| missing_ident(span));
                ValueKind::Field(Box::new((model, field)))
            }
            _ => ValueKind::Literal(self.literal(pair)?),
        };
        Ok(Value { kind, span })
    }

    fn aggregate(&self, pair: Pair<Rule>) -> Res<Aggregate> {
        let span = self.span(&pair);
        let mut facts = None;
        let mut func = (AggFunc::Count, span);
        let mut args = Vec::new();
        for p in pair.into_inner() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::ident => facts = Some(self.ident(p)),
                Rule::agg_func => {
                    let f = match p.as_str() {
                        "count" => AggFunc::Count,
                        "sum" => AggFunc::Sum,
                        "avg" => AggFunc::Avg,
                        "min" => AggFunc::Min,
                        "max" => AggFunc::Max,
                        "first" => AggFunc::First,
                        _ => AggFunc::Last,
                    };
                    func = (f, pspan);
                }
                Rule::column_arg => {
                    if let Some(id) = p.into_inner().next() {
                        args.push(AggArg::Column(self.ident(id)));
                    }
                }
                Rule::distinct_column => {
                    if let Some(id) = p.into_inner().find(|x| x.as_rule() == Rule::ident) {
                        args.push(AggArg::Distinct(self.ident(id), pspan));
                    }
                }
                Rule::row_filter => {
                    if let Some(e) = p.into_inner().find(|x| x.as_rule() == Rule::expr) {
                        args.push(AggArg::Where(self.expr(e)?, pspan));
                    }
                }
                Rule::window_last => {
                    let parts: Vec<Pair<Rule>> = p.into_inner().collect();
                    let (count, unit) = self.count_unit(&parts, pspan)?;
                    args.push(AggArg::Window(Window::Last(count, unit), pspan));
                }
                Rule::window_before | Rule::window_after | Rule::window_between => {
                    let rule = p.as_rule();
                    let mut vs = Vec::new();
                    for v in p.into_inner().filter(|x| is_value_rule(x.as_rule())) {
                        vs.push(self.value(v)?);
                    }
                    let mut vs = vs.into_iter();
                    let first = vs.next().ok_or_else(|| self.empty(pspan))?;
                    let window = match rule {
                        Rule::window_before => Window::Before(first),
                        Rule::window_after => Window::After(first),
                        _ => Window::Between(first, vs.next().ok_or_else(|| self.empty(pspan))?),
                    };
                    args.push(AggArg::Window(window, pspan));
                }
                _ => {}
            }
        }
        Ok(Aggregate {
            facts: facts.unwrap_or_else(|| missing_ident(span)),
            func: func.0,
            func_span: func.1,
            args,
        })
    }

    // ------------------------------------------------------------ literals

    fn literal(&self, pair: Pair<Rule>) -> Res<Literal> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::int => LiteralKind::Int(self.int(&pair)?),
            Rule::decimal => LiteralKind::Decimal(pair.as_str().to_string()),
            Rule::date => match Date::parse(pair.as_str()) {
                Some(d) => LiteralKind::Date(d),
                None => {
                    return Err(SyntaxError::InvalidDate {
                        span,
                        text: pair.as_str().to_string(),
                    })
                }
            },
            Rule::boolean => LiteralKind::Bool(pair.as_str().starts_with('t')),
            _ => LiteralKind::String(self.string(pair)?.value),
        };
        Ok(Literal { kind, span })
    }

    fn int(&self, pair: &Pair<Rule>) -> Res<i64> {
        pair.as_str()
            .parse::<i64>()
            .map_err(|_| SyntaxError::NumberTooLarge {
                span: self.span(pair),
                text: pair.as_str().to_string(),
            })
    }

    fn string(&self, pair: Pair<Rule>) -> Res<StringLit> {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .map(|p| (p.as_str(), p.as_span().start()))
            .unwrap_or(("", 0));
        let (raw, raw_start) = inner;
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let start = self.offset + raw_start + i;
                    return Err(SyntaxError::InvalidEscape {
                        span: Span::new(
                            self.file,
                            start,
                            self.offset + raw_start + j + other.len_utf8(),
                        ),
                        text: format!("\\{other}"),
                    });
                }
                None => value.push('\\'),
            }
        }
        Ok(StringLit { value, span })
    }

    // ------------------------------------------------------------ errors

    fn syntax_error(&self, chunk: &str, e: pest::error::Error<Rule>) -> SyntaxError {
        let pos = match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        let found_text = token_at(chunk, pos);
        let span_len = found_text.len().max(if pos < chunk.len() { 1 } else { 0 });
        let span = Span::new(self.file, self.offset + pos, self.offset + pos + span_len);
        let found = if found_text.is_empty() {
            "the end of the file".to_string()
        } else {
            format!("`{found_text}`")
        };
        // Punctuation the grammar would accept here (`]`, `,`, `)`): pest reports literal tokens
        // only through its parse attempts, enabled in `parse_module`.
        let symbols: Vec<String> = e
            .parse_attempts()
            .map(|a| a.expected_tokens())
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.to_string())
            .filter(|t| STRUCTURAL_TOKENS.contains(&t.as_str()))
            .collect();
        let positives = match e.variant {
            ErrorVariant::ParsingError { positives, .. } => positives,
            ErrorVariant::CustomError { .. } => Vec::new(),
        };
        let mut expectation = Expectation::from_rules(&positives);
        let found_punctuation = found_text.starts_with(|c: char| !c.is_alphanumeric() && c != '"');
        if found_punctuation && !symbols.is_empty() {
            // After a number, a unit is only one reading; a closing bracket is the likelier one.
            expectation.unit = false;
        }
        for symbol in symbols {
            if symbol == "(" && expectation.value {
                continue; // a parenthesised condition is already "a condition"
            }
            let shown = format!("`{symbol}`");
            if !expectation.symbols.contains(&shown) {
                expectation.symbols.push(shown);
            }
        }
        let previous = chunk[..pos].trim_end().chars().next_back();
        SyntaxError::Unexpected {
            span,
            expected: expectation.describe(),
            found,
            label: expectation.label().to_string(),
            help: expectation.help(found_text, previous),
        }
    }
}

fn single_or(mut parts: Vec<Cond>, span: Span, make: fn(Vec<Cond>, Span) -> Cond) -> Cond {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        make(parts, span)
    }
}

fn is_value_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::days_since
            | Rule::age
            | Rule::aggregate
            | Rule::ago
            | Rule::model_field
            | Rule::name
            | Rule::date
            | Rule::decimal
            | Rule::int
            | Rule::string
            | Rule::boolean
    )
}

fn missing_ident(span: Span) -> Ident {
    Ident {
        name: String::new(),
        span,
    }
}

fn missing_link(span: Span) -> Link {
    Link {
        entity: missing_ident(span),
        column: missing_ident(span),
    }
}

/// The word, number or symbol starting at `pos`, for "found `x`".
fn token_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else {
            if i == 0 {
                end = c.len_utf8();
                if "=<>!&|/".contains(c) {
                    // An operator-like run such as `==`, `&&` or `///`.
                    end = rest
                        .char_indices()
                        .find(|(_, x)| !"=<>!&|/".contains(*x))
                        .map(|(j, _)| j)
                        .unwrap_or(rest.len());
                }
                if c == '"' {
                    // Show a whole string literal when one starts here.
                    if let Some(close) = rest[1..].find(['"', '\n']) {
                        end = close + 2;
                    }
                }
            }
            break;
        }
    }
    rest[..end].trim_end_matches('\n')
}

/// What the parser wanted at the point of failure, grouped into words a user knows.
#[derive(Default)]
struct Expectation {
    declaration: bool,
    name: bool,
    value: bool,
    test: bool,
    connective: bool,
    unit: bool,
    type_name: bool,
    string: bool,
    number: bool,
    segment_entry: bool,
    agg_func: bool,
    symbols: Vec<String>,
    words: Vec<&'static str>,
}

impl Expectation {
    fn from_rules(rules: &[Rule]) -> Expectation {
        let mut e = Expectation::default();
        for rule in rules {
            match rule {
                Rule::use_decl | Rule::param_decl | Rule::entity_decl | Rule::facts_decl
                | Rule::consents_decl | Rule::segment_decl | Rule::kw_use | Rule::kw_param
                | Rule::kw_entity | Rule::kw_facts | Rule::kw_consents | Rule::kw_segment
                | Rule::suppressions_decl | Rule::segmentation_decl | Rule::test_decl
                | Rule::kw_suppressions | Rule::kw_segmentation | Rule::kw_test
                | Rule::rfm_decl | Rule::clv_decl | Rule::kw_rfm | Rule::kw_clv
                | Rule::doc_line => e.declaration = true,
                Rule::EOI => e.words.push("the end of the file"),
                Rule::ident | Rule::name | Rule::column | Rule::key_column | Rule::kw_key => {
                    e.name = true
                }
                Rule::value | Rule::literal | Rule::date | Rule::decimal | Rule::boolean
                | Rule::days_since | Rule::age | Rule::aggregate | Rule::ago | Rule::kw_days
                | Rule::kw_age | Rule::kw_true | Rule::kw_false | Rule::expr | Rule::and_expr
                | Rule::not_expr | Rule::negation | Rule::kw_not | Rule::group
                | Rule::segment_ref | Rule::predicate | Rule::model_field => e.value = true,
                Rule::count => e.number = true,
                Rule::model_window | Rule::rfm_scores | Rule::rfm_metric | Rule::metric_name
                | Rule::kw_window | Rule::kw_scores | Rule::kw_recency | Rule::kw_frequency
                | Rule::kw_monetary | Rule::clv_amount | Rule::clv_margin | Rule::clv_lifespan
                | Rule::kw_amount | Rule::kw_margin | Rule::kw_lifespan => e.words.push(
                    "a model entry (`window last N days`, `scores K`, `recency`, `frequency`, `monetary sum(column)`, `amount`, `margin`, `lifespan`)",
                ),
                Rule::scoring | Rule::kw_quantiles | Rule::kw_thresholds => {
                    e.words.push("`quantiles` or `thresholds [...]`")
                }
                Rule::measure => e.words.push("`sum(column)` or `avg(column)`"),
                Rule::kw_over => e.words.push("`over FACTS`"),
                Rule::grid_clause | Rule::kw_grid => e.words.push("`grid MODEL`"),
                Rule::int => e.number = true,
                Rule::string | Rule::string_inner => e.string = true,
                Rule::compare | Rule::compare_op | Rule::in_list | Rule::not_in_list
                | Rule::between | Rule::is_missing | Rule::is_present | Rule::starts_with
                | Rule::ends_with | Rule::contains | Rule::matches | Rule::within_last
                | Rule::before | Rule::after | Rule::kw_in | Rule::kw_between | Rule::kw_is
                | Rule::kw_starts | Rule::kw_ends | Rule::kw_contains | Rule::kw_matches
                | Rule::kw_within | Rule::kw_before | Rule::kw_after => e.test = true,
                Rule::kw_and | Rule::kw_or => e.connective = true,
                Rule::unit | Rule::kw_day | Rule::kw_weeks | Rule::kw_week | Rule::kw_months
                | Rule::kw_month | Rule::kw_years | Rule::kw_year => e.unit = true,
                Rule::type_name | Rule::decimal_type | Rule::enum_type | Rule::simple_type
                | Rule::kw_decimal | Rule::kw_enum | Rule::kw_string | Rule::kw_int
                | Rule::kw_bool | Rule::kw_date | Rule::kw_timestamp => e.type_name = true,
                Rule::owner_entry | Rule::tags_entry | Rule::where_entry | Rule::kw_owner
                | Rule::kw_tags | Rule::kw_where | Rule::channel_entry | Rule::kw_channel
                | Rule::holdout_entry | Rule::kw_holdout => {
                    e.segment_entry = true
                }
                Rule::agg_func | Rule::kw_count | Rule::kw_sum | Rule::kw_avg | Rule::kw_min
                | Rule::kw_max | Rule::kw_first | Rule::kw_last => e.agg_func = true,
                Rule::nullable => e.symbols.push("`?`".into()),
                Rule::flag | Rule::kw_pii | Rule::kw_special => e.words.push("a flag (`pii`, `special`)"),
                Rule::link | Rule::kw_of => e.words.push("`of ENTITY(column)`"),
                Rule::kw_on => e.words.push("`on ENTITY`"),
                Rule::table_clause | Rule::kw_from => e.words.push("`from \"schema.table\"`"),
                Rule::time_clause | Rule::kw_at => e.words.push("`at time_column`"),
                Rule::kw_ago => e.words.push("`ago`"),
                Rule::kw_since => e.words.push("`since`"),
                Rule::kw_with => e.words.push("`with`"),
                Rule::kw_missing | Rule::kw_present => e.words.push("`missing` or `present`"),
                Rule::kw_distinct => e.words.push("`distinct`"),
                Rule::list => e.words.push("a list `[...]`"),
                Rule::row_filter | Rule::window_last | Rule::window_before | Rule::window_after
                | Rule::window_between | Rule::distinct_column | Rule::column_arg => {
                    e.words.push("an aggregate argument (a column, `where ...`, or a window such as `last 30 days`)")
                }
                _ => {}
            }
        }
        e.words.dedup();
        e
    }

    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.declaration {
            parts.push(
                "a declaration (`entity`, `facts`, `consents`, `suppressions`, `param`, `segment`, `segmentation`, `rfm`, `clv`, `test` or `use`)".into(),
            );
        }
        if self.segment_entry && !self.connective {
            parts.push("`owner`, `tags`, `channel` or `where`".into());
        }
        if self.type_name {
            parts.push("a type (`string`, `int`, `decimal(p, s)`, `bool`, `date`, `timestamp`, `enum(...)`)".into());
        }
        if self.agg_func {
            parts
                .push("an aggregate (`count`, `sum`, `avg`, `min`, `max`, `first`, `last`)".into());
        }
        if self.test {
            parts.push("a test (`=`, `<`, `in [...]`, `between`, `is missing`, `contains`, `within last`, ...)".into());
        }
        if self.connective {
            parts.push("`and` or `or`".into());
        }
        if self.value {
            parts.push("a condition or a value".into());
        } else if self.name {
            parts.push("a name".into());
        }
        if self.unit {
            parts.push("a time unit (`days`, `weeks`, `months`, `years`)".into());
        }
        if self.number && !self.value {
            parts.push("a whole number".into());
        }
        if self.string && !self.value {
            parts.push("a string in double quotes".into());
        }
        parts.extend(self.symbols.iter().cloned());
        parts.extend(self.words.iter().map(|s| s.to_string()));
        parts.dedup();
        match parts.len() {
            0 => "something else".into(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} or {}", parts.join(", "), last)
            }
        }
    }

    fn label(&self) -> &'static str {
        if self.unit {
            "a time unit goes here"
        } else if self.test || self.connective {
            "the condition cannot continue like this"
        } else if self.value {
            "a condition goes here"
        } else if self.type_name {
            "a type goes here"
        } else if self.declaration {
            "not the start of a declaration"
        } else {
            "unexpected here"
        }
    }

    fn help(&self, found: &str, previous: Option<char>) -> String {
        let fixed = match found {
            "&&" | "&" => Some("seglang spells conjunction `and`"),
            "||" | "|" => Some("seglang spells disjunction `or`"),
            "!" => Some("seglang spells negation `not`; inequality is `!=`"),
            "==" => Some("equality is a single `=`"),
            "=" if previous == Some('=') => Some("equality is a single `=`"),
            "'" => Some("strings are written in double quotes: \"text\""),
            "}" if self.value => Some("the condition is incomplete before the closing brace"),
            "}" | "" if self.symbols.iter().any(|s| s == "`]`") => {
                Some("a list `[...]` is not closed: add `]` after its last item")
            }
            "}" | "" if self.symbols.iter().any(|s| s == "`)`") => {
                Some("a parenthesis is not closed: add `)` where the group ends")
            }
            _ => None,
        };
        if let Some(text) = fixed {
            return text.to_string();
        }
        if self.name && RESERVED_WORDS.contains(&found) {
            return format!("`{found}` is a reserved word of seglang; choose another name");
        }
        if found.starts_with("///") {
            return "a `///` doc comment must stand right before the declaration or column it documents; use `//` for other comments".into();
        }
        if found.starts_with('"') && !found[1..].contains('"') {
            return "this string is not closed: add a `\"` before the end of the line".into();
        }
        if self.type_name && found.starts_with(|c: char| c.is_alphabetic()) {
            let types = [
                "string",
                "int",
                "decimal",
                "bool",
                "date",
                "timestamp",
                "enum",
            ];
            if let Some(word) = crate::check::closest(found, types) {
                return format!("did you mean `{word}`?");
            }
        }
        if self.declaration && found.starts_with(|c: char| c.is_alphabetic()) {
            if let Some(word) = crate::check::closest(found, DECLARATION_WORDS) {
                return format!("did you mean `{word}`?");
            }
        }
        let general = if self.unit {
            "relative time is written `30 days`, `6 weeks`, `3 months` or `2 years`"
        } else if self.type_name {
            "declare columns as `name: type`, e.g. `amount: decimal(12, 2)` or `region: enum(\"IDF\", \"PACA\")?`"
        } else if self.segment_entry {
            "a segment body holds `owner \"team\"`, `tags [\"a\", \"b\"]`, `channel email` lines and one `where` condition"
        } else if self.declaration {
            "each top-level item starts with `entity`, `facts`, `consents`, `suppressions`, `param`, `segment`, `segmentation`, `rfm`, `clv`, `test` or `use`"
        } else if self.test || self.connective {
            "join conditions with `and` / `or`, and write tests as `value = 1`, `value in [\"a\", \"b\"]`, `value is missing`"
        } else if self.value {
            "a condition compares a column, an aggregate such as `orders.count()`, or a derived value such as `age(birth_date)`"
        } else if self.string {
            "strings are written in double quotes: \"text\""
        } else if !self.symbols.is_empty() {
            "check the brackets and commas just before this point"
        } else {
            "see docs/language.md for the syntax"
        };
        general.to_string()
    }
}
