//! Declarations that are not tables: `use`, `param`, `time zone`, `segment`, `segmentation` and `test`.

use super::{missing_ident, Cx, Res, Rule};
use crate::source::Span;
use crate::syntax::ast::*;
use pest::iterators::Pair;

impl Cx {
    /// `use "file.seg"` or `use std.MODULE for SUBJECT`.
    pub(super) fn use_decl(&self, pair: Pair<Rule>) -> Res<UseDecl> {
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

    /// `time zone "NAME"`.
    pub(super) fn time_zone_decl(&self, pair: Pair<Rule>) -> Res<TimeZoneDecl> {
        // From `time` on: a doc comment before it is no part of what is declared.
        let whole = self.span(&pair);
        let span = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::kw_time)
            .map_or(whole, |kw| Span {
                start: self.span(&kw).start,
                ..whole
            });
        let mut name = StringLit {
            value: String::new(),
            span,
        };
        for p in pair.into_inner() {
            if p.as_rule() == Rule::string {
                name = self.string(p)?;
            }
        }
        Ok(TimeZoneDecl { name, span })
    }

    /// `param NAME: type = default`.
    pub(super) fn param_decl(&self, pair: Pair<Rule>) -> Res<ParamDecl> {
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
    /// `trait NAME on ENTITY = VALUE`.
    pub(super) fn trait_decl(&self, pair: Pair<Rule>) -> Res<TraitDecl> {
        let span = self.span(&pair);
        let (mut docs, mut idents, mut value) = (None, Vec::new(), None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::value => value = Some(self.value(p)?),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(TraitDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            entity: idents.next().unwrap_or_else(|| missing_ident(span)),
            value: value.ok_or_else(|| self.empty(span))?,
            span,
        })
    }

    /// `kpi NAME on ENTITY (for S, ...)? = MEASURE`.
    pub(super) fn kpi_decl(&self, pair: Pair<Rule>) -> Res<KpiDecl> {
        let span = self.span(&pair);
        let (mut docs, mut idents, mut segments, mut measure) =
            (None, Vec::new(), Vec::new(), None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::kpi_segments => {
                    segments = (p.into_inner())
                        .filter(|q| q.as_rule() == Rule::ident)
                        .map(|q| self.ident(q))
                        .collect()
                }
                Rule::kpi_mean
                | Rule::kpi_total
                | Rule::kpi_ratio
                | Rule::kpi_share
                | Rule::kpi_cost => measure = Some(self.measure(p)?),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(KpiDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            entity: idents.next().unwrap_or_else(|| missing_ident(span)),
            segments,
            measure: measure.ok_or_else(|| self.empty(span))?,
            span,
        })
    }

    /// `mean(v)`, `total(v)`, `ratio(x, y)`, `share(c among a)`, `cost(s per c)`.
    fn measure(&self, pair: Pair<Rule>) -> Res<Measure> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let (mut values, mut conds) = (Vec::new(), Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::value => values.push(self.value(p)?),
                Rule::expr => conds.push(self.expr(p)?),
                _ => {}
            }
        }
        let mut values = values.into_iter();
        let mut conds = conds.into_iter();
        let mut value = || values.next().ok_or_else(|| self.empty(span));
        let kind = match rule {
            Rule::kpi_mean => MeasureKind::Mean(value()?),
            Rule::kpi_total => MeasureKind::Total(value()?),
            Rule::kpi_ratio => MeasureKind::Ratio(value()?, value()?),
            Rule::kpi_cost => MeasureKind::Cost {
                spend: value()?,
                per: conds.next().ok_or_else(|| self.empty(span))?,
            },
            _ => MeasureKind::Share {
                holds: conds.next().ok_or_else(|| self.empty(span))?,
                among: conds.next(),
            },
        };
        Ok(Measure { kind, span })
    }

    /// `segmentation NAME on ENTITY grid MODEL? { stage when ... }`.
    pub(super) fn segmentation_decl(&self, pair: Pair<Rule>) -> Res<SegmentationDecl> {
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

    /// `segment NAME on ENTITY { owner, tags, channel, holdout, where }`; repeated entries are kept
    /// for the checker.
    pub(super) fn segment_decl(&self, pair: Pair<Rule>) -> Res<SegmentDecl> {
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
                    holdout = Some(self.holdout_entry(p, pspan)?);
                }
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::channel_entry => channels.push(self.channel_entry(p, pspan)),
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

    /// `holdout 10% salt "spring"` in a segment.
    fn holdout_entry(&self, pair: Pair<Rule>, span: Span) -> Res<HoldoutDecl> {
        let mut percent = String::new();
        let mut salt = None;
        for x in pair.into_inner() {
            match x.as_rule() {
                Rule::percent => percent = x.as_str().trim_end_matches('%').to_string(),
                Rule::string => salt = Some(self.string(x)?),
                _ => {}
            }
        }
        Ok(HoldoutDecl {
            percent,
            salt,
            span,
        })
    }

    /// `channel post basis consent, legitimate_interest` in a segment.
    fn channel_entry(&self, pair: Pair<Rule>, span: Span) -> ChannelDecl {
        let mut names = pair
            .into_inner()
            .filter(|x| x.as_rule() == Rule::ident)
            .map(|x| self.ident(x));
        let channel = names.next().unwrap_or_else(|| missing_ident(span));
        ChannelDecl {
            channel,
            bases: names.collect(),
            span,
        }
    }

    /// `test "name" { segment, as_of, rows, expect }`; repeated entries are kept for the checker.
    pub(super) fn test_decl(&self, pair: Pair<Rule>) -> Res<TestDecl> {
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

    /// One fixture row: `{ column: value, ... }`.
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
}
