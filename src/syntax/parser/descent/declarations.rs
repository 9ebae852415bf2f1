//! Declarations that are not tables or models: `use`, `param`, `time zone`, `trait`, `kpi`,
//! `segment`,
//! `segmentation` and `test`; and the choice of declaration.

use super::{Descent, Got};
use crate::syntax::ast::*;

impl Descent<'_> {
    /// `item`: one top-level declaration, chosen by the keyword after its doc comment (every
    /// alternative is `docs ~ kw_X ~ …` with its own `X`).
    pub(super) fn item(&mut self) -> Got<Item> {
        let start = self.pos;
        let docs = self.docs();
        self.skip();
        Some(match self.word() {
            "segment" => Item::Segment(Box::new(self.segment_decl(start, docs)?)),
            "use" => Item::Use(self.use_decl(start)?),
            "param" => Item::Param(self.param_decl(start, docs)?),
            "time" => Item::TimeZone(self.time_zone_decl()?),
            "entity" => Item::Entity(self.entity_decl(start, docs)?),
            "facts" => Item::Facts(self.facts_decl(start, docs)?),
            "lookup" => Item::Lookup(self.lookup_decl(start, docs)?),
            "costs" => Item::Costs(self.costs_decl(start, docs)?),
            "consents" => Item::Consents(self.consents_decl(start, docs)?),
            "suppressions" => Item::Suppressions(self.suppressions_decl(start, docs)?),
            "segmentation" => Item::Segmentation(self.segmentation_decl(start, docs)?),
            "rfm" => Item::Rfm(self.rfm_decl(start, docs)?),
            "clv" => Item::Clv(self.clv_decl(start, docs)?),
            "trait" => Item::Trait(self.trait_decl(start, docs)?),
            "kpi" => Item::Kpi(Box::new(self.kpi_decl(start, docs)?)),
            "test" => Item::Test(self.test_decl(start, docs)?),
            _ => return None,
        })
    }

    /// `kw ~ ident`, skipping after the keyword: the name a declaration starts with.
    pub(super) fn kw_then_ident(&mut self, keyword: &str) -> Got<Ident> {
        self.kw(keyword)?;
        self.skip();
        self.ident()
    }

    /// `use_decl = { docs ~ kw_use ~ (string | std_module) }`; the doc comment is dropped.
    fn use_decl(&mut self, start: usize) -> Got<UseDecl> {
        self.kw("use")?;
        self.skip();
        let target = match self.peek()? {
            b'"' => UseTarget::File(self.string()?),
            _ => {
                // `std_module = { "std" ~ "." ~ ident ~ (kw_for ~ ident)? }`
                if !self.text[self.pos..].starts_with(b"std") {
                    return None;
                }
                self.pos += 3;
                self.skip();
                self.punct(b'.')?;
                self.skip();
                let module = self.ident()?;
                self.skip();
                let subject = self.attempt(|d| d.kw_then_ident("for"));
                UseTarget::Std { module, subject }
            }
        };
        Some(UseDecl {
            target,
            span: self.span_from(start),
        })
    }

    /// `param_decl = { docs ~ kw_param ~ ident ~ ":" ~ type_name ~ "=" ~ literal }`.
    fn param_decl(&mut self, start: usize, docs: Option<String>) -> Got<ParamDecl> {
        let name = self.kw_then_ident("param")?;
        self.skip();
        self.punct(b':')?;
        self.skip();
        let ty = self.type_name()?;
        self.skip();
        self.punct(b'=')?;
        self.skip();
        let default = self.literal()?;
        Some(ParamDecl {
            docs,
            name,
            ty,
            default,
            span: self.span_from(start),
        })
    }

    /// `time_zone_decl = { docs ~ kw_time ~ kw_zone ~ string }`, its span from `time` on.
    fn time_zone_decl(&mut self) -> Got<TimeZoneDecl> {
        let start = self.kw("time")?;
        self.skip();
        self.kw("zone")?;
        self.skip();
        let name = self.string()?;
        Some(TimeZoneDecl {
            name,
            span: self.span_from(start),
        })
    }

    /// `trait_decl = { docs ~ kw_trait ~ ident ~ kw_on ~ ident ~ "=" ~ value }`.
    fn trait_decl(&mut self, start: usize, docs: Option<String>) -> Got<TraitDecl> {
        let name = self.kw_then_ident("trait")?;
        self.skip();
        let entity = self.kw_then_ident("on")?;
        self.skip();
        self.punct(b'=')?;
        self.skip();
        let value = self.value()?;
        Some(TraitDecl {
            docs,
            name,
            entity,
            value,
            span: self.span_from(start),
        })
    }

    /// `kpi_decl = { docs ~ kw_kpi ~ ident ~ kw_on ~ ident ~ kpi_segments? ~ "=" ~ kpi_measure }`.
    fn kpi_decl(&mut self, start: usize, docs: Option<String>) -> Got<KpiDecl> {
        let name = self.kw_then_ident("kpi")?;
        self.skip();
        let entity = self.kw_then_ident("on")?;
        self.skip();
        // `kpi_segments = { kw_for ~ ident ~ ("," ~ ident)* }`
        let segments = self
            .attempt(|d| {
                let first = d.kw_then_ident("for")?;
                d.skip();
                let mut names = vec![first];
                names.extend(d.many(|d| {
                    d.punct(b',')?;
                    d.skip();
                    d.ident()
                }));
                Some(names)
            })
            .unwrap_or_default();
        self.skip();
        self.punct(b'=')?;
        self.skip();
        let measure = self.measure()?;
        Some(KpiDecl {
            docs,
            name,
            entity,
            segments,
            measure,
            span: self.span_from(start),
        })
    }

    /// `kpi_measure`: `mean(v)`, `total(v)`, `ratio(x, y)`, `share(c among a)`, `cost(s per c)`.
    fn measure(&mut self) -> Got<Measure> {
        let start = self.pos;
        let word = self.word();
        self.kw(word)?;
        self.skip();
        self.punct(b'(')?;
        self.skip();
        let kind = match word {
            "mean" => MeasureKind::Mean(self.value()?),
            "total" => MeasureKind::Total(self.value()?),
            "ratio" => {
                let numerator = self.value()?;
                self.skip();
                self.punct(b',')?;
                self.skip();
                MeasureKind::Ratio(numerator, self.value()?)
            }
            "share" => {
                let holds = self.expr()?;
                self.skip();
                let among = self.attempt(|d| {
                    d.kw("among")?;
                    d.skip();
                    d.expr()
                });
                MeasureKind::Share { holds, among }
            }
            "cost" => {
                let spend = self.value()?;
                self.skip();
                self.kw("per")?;
                self.skip();
                MeasureKind::Cost {
                    spend,
                    per: self.expr()?,
                }
            }
            _ => return None,
        };
        self.skip();
        self.punct(b')')?;
        Some(Measure {
            kind,
            span: self.span_from(start),
        })
    }

    /// `segment_decl = { docs ~ kw_segment ~ ident ~ kw_on ~ ident ~ "{" ~ segment_entry* ~ "}" }`,
    /// repeated entries kept for the checker as the pest conversion keeps them.
    fn segment_decl(&mut self, start: usize, docs: Option<String>) -> Got<SegmentDecl> {
        let name = self.kw_then_ident("segment")?;
        self.skip();
        let entity = self.kw_then_ident("on")?;
        self.skip();
        self.punct(b'{')?;
        self.skip();
        let mut decl = SegmentDecl {
            docs,
            name,
            entity,
            owner: None,
            tags: Vec::new(),
            channels: Vec::new(),
            holdout: None,
            criteria: None,
            repeated: Vec::new(),
            span: self.span_from(start),
        };
        let _ = self.many(|d| d.segment_entry(&mut decl));
        self.skip();
        self.punct(b'}')?;
        decl.span = self.span_from(start);
        Some(decl)
    }

    /// `segment_entry = _{ owner_entry | tags_entry | channel_entry | holdout_entry | where_entry }`,
    /// written into the declaration.
    fn segment_entry(&mut self, decl: &mut SegmentDecl) -> Got<()> {
        let start = self.pos;
        match self.word() {
            "owner" => {
                self.kw("owner")?;
                self.skip();
                let owner = self.string()?;
                if decl.owner.is_some() {
                    decl.repeated.push(("owner", self.span_from(start)));
                }
                decl.owner = Some(owner);
            }
            "tags" => {
                self.kw("tags")?;
                self.skip();
                self.punct(b'[')?;
                self.skip();
                let tags = self.bracketed(b']', Descent::string)?;
                decl.tags.extend(tags);
            }
            "channel" => {
                let channel = self.kw_then_ident("channel")?;
                self.skip();
                // `(kw_basis ~ ident ~ ("," ~ ident)*)?`
                let bases = self
                    .attempt(|d| {
                        let first = d.kw_then_ident("basis")?;
                        d.skip();
                        let mut bases = vec![first];
                        bases.extend(d.many(|d| {
                            d.punct(b',')?;
                            d.skip();
                            d.ident()
                        }));
                        Some(bases)
                    })
                    .unwrap_or_default();
                decl.channels.push(ChannelDecl {
                    channel,
                    bases,
                    span: self.span_from(start),
                });
            }
            "holdout" => {
                self.kw("holdout")?;
                self.skip();
                let percent = self.percent()?;
                self.skip();
                let salt = self.attempt(|d| {
                    d.kw("salt")?;
                    d.skip();
                    d.string()
                });
                let span = self.span_from(start);
                if decl.holdout.is_some() {
                    decl.repeated.push(("holdout", span));
                }
                decl.holdout = Some(HoldoutDecl {
                    percent,
                    salt,
                    span,
                });
            }
            "where" => {
                self.kw("where")?;
                self.skip();
                let criteria = self.expr()?;
                if decl.criteria.is_some() {
                    decl.repeated.push(("where", self.span_from(start)));
                }
                decl.criteria = Some(criteria);
            }
            _ => return None,
        }
        Some(())
    }

    /// `segmentation_decl = { docs ~ kw_segmentation ~ ident ~ kw_on ~ ident ~ grid_clause? ~ "{"
    /// ~ stage* ~ "}" }`.
    fn segmentation_decl(&mut self, start: usize, docs: Option<String>) -> Got<SegmentationDecl> {
        let name = self.kw_then_ident("segmentation")?;
        self.skip();
        let entity = self.kw_then_ident("on")?;
        self.skip();
        let grid = self.attempt(|d| d.kw_then_ident("grid"));
        self.skip();
        self.punct(b'{')?;
        self.skip();
        let stages = self.many(Descent::stage);
        self.skip();
        self.punct(b'}')?;
        Some(SegmentationDecl {
            docs,
            name,
            entity,
            grid,
            stages,
            span: self.span_from(start),
        })
    }

    /// `stage = { docs ~ ident ~ (kw_when ~ expr | kw_otherwise) }`.
    fn stage(&mut self) -> Got<StageDecl> {
        let start = self.pos;
        let docs = self.docs();
        self.skip();
        let name = self.ident()?;
        self.skip();
        let when = match self.word() {
            "when" => {
                self.kw("when")?;
                self.skip();
                Some(self.expr()?)
            }
            "otherwise" => {
                self.kw("otherwise")?;
                None
            }
            _ => return None,
        };
        Some(StageDecl {
            docs,
            name,
            when,
            span: self.span_from(start),
        })
    }

    /// `test_decl = { docs ~ kw_test ~ string ~ "{" ~ test_entry* ~ "}" }`.
    fn test_decl(&mut self, start: usize, docs: Option<String>) -> Got<TestDecl> {
        self.kw("test")?;
        self.skip();
        let name = self.string()?;
        self.skip();
        self.punct(b'{')?;
        self.skip();
        let mut test = TestDecl {
            docs,
            name,
            segment: None,
            as_of: None,
            rows: Vec::new(),
            expect: None,
            repeated: Vec::new(),
            span: self.span_from(start),
        };
        let _ = self.many(|d| d.test_entry(&mut test));
        self.skip();
        self.punct(b'}')?;
        test.span = self.span_from(start);
        Some(test)
    }

    /// `test_entry = _{ test_segment | test_as_of | test_rows | test_expect }`, written into the
    /// test.
    fn test_entry(&mut self, test: &mut TestDecl) -> Got<()> {
        let start = self.pos;
        match self.word() {
            "segment" => {
                let segment = self.kw_then_ident("segment")?;
                if test.segment.is_some() {
                    test.repeated.push(("segment", self.span_from(start)));
                }
                test.segment = Some(segment);
            }
            "as_of" => {
                self.kw("as_of")?;
                self.skip();
                let date = self.date()?;
                if test.as_of.is_some() {
                    test.repeated.push(("as_of", self.span_from(start)));
                }
                test.as_of = Some(date);
            }
            "rows" => {
                let table = self.kw_then_ident("rows")?;
                self.skip();
                self.punct(b'[')?;
                self.skip();
                let records = self.bracketed(b']', Descent::record)?;
                test.rows.push(RowsBlock { table, records });
            }
            "expect" => {
                self.kw("expect")?;
                self.skip();
                self.punct(b'[')?;
                self.skip();
                let keys = self.bracketed(b']', Descent::literal)?;
                let span = self.span_from(start);
                if test.expect.is_some() {
                    test.repeated.push(("expect", span));
                }
                test.expect = Some((keys, span));
            }
            _ => return None,
        }
        Some(())
    }

    /// `record = { "{" ~ (field ~ ("," ~ field)* ~ ","?)? ~ "}" }`.
    fn record(&mut self) -> Got<Record> {
        let start = self.pos;
        self.punct(b'{')?;
        self.skip();
        let fields = self.bracketed(b'}', Descent::field)?;
        Some(Record {
            fields,
            span: self.span_from(start),
        })
    }

    /// `field = { ident ~ ":" ~ field_value }`, `field_value = _{ timestamp | literal | null }`.
    fn field(&mut self) -> Got<(Ident, FieldValue)> {
        let name = self.ident()?;
        self.skip();
        self.punct(b':')?;
        self.skip();
        let start = self.pos;
        if let Some(text) = self.attempt(Descent::timestamp) {
            return Some((
                name,
                FieldValue::Timestamp(text.to_string(), self.span_from(start)),
            ));
        }
        if let Some(literal) = self.attempt(Descent::literal) {
            return Some((name, FieldValue::Literal(literal)));
        }
        let null = self.kw_span("null")?;
        Some((name, FieldValue::Null(null)))
    }
}
