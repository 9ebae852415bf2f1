//! The spans that name a declared symbol, each name resolved in the scope the checker reads it
//! in: the facts table of the aggregate or sequence step around it, then the declaration's
//! entity, then traits, parameters and segmentations.

use super::{Index, Kind, Scope};
use crate::syntax::ast;

impl Index {
    pub(super) fn use_item(&mut self, item: &ast::Item) {
        match item {
            ast::Item::Use(_) | ast::Item::TimeZone(_) | ast::Item::Param(_) => {}
            ast::Item::Entity(e) => {
                // `entity contacts of accounts(account_id)`: the owner, and the contact's own
                // column holding its key.
                if let Some(link) = &e.link {
                    self.use_of(Kind::Table, None, &link.entity);
                    self.use_of(Kind::Column, Some(&e.name.name), &link.column);
                }
                for c in &e.columns {
                    self.use_reference(c);
                }
                for consent in &e.consent_columns {
                    self.use_of(Kind::Column, Some(&e.name.name), &consent.flag);
                    if let Some(since) = &consent.since {
                        self.use_of(Kind::Column, Some(&e.name.name), since);
                    }
                }
            }
            ast::Item::Facts(f) => {
                self.use_header(&f.header);
                if let Some(time) = &f.time_column {
                    self.use_of(Kind::Column, Some(&f.name.name), time);
                }
            }
            ast::Item::Lookup(l) => {
                if l.columns.iter().any(|c| c.name.name == l.key.name) {
                    self.use_of(Kind::Column, Some(&l.name.name), &l.key);
                }
            }
            ast::Item::Costs(c) => {
                if let Some(time) = &c.time_column {
                    self.use_of(Kind::Column, Some(&c.name.name), time);
                }
            }
            ast::Item::Consents(c) => self.use_header(&c.header),
            ast::Item::Suppressions(s) => {
                self.use_header(&s.header);
                let table = s.name.as_ref().map_or("suppressions", |n| n.name.as_str());
                if let Some(time) = &s.time_column {
                    self.use_of(Kind::Column, Some(table), time);
                }
            }
            ast::Item::Segment(s) => {
                self.use_of(Kind::Table, None, &s.entity);
                let scope = Scope {
                    entity: Some(&s.entity.name),
                    facts: None,
                };
                if let Some(c) = &s.criteria {
                    self.cond(c, scope);
                }
            }
            ast::Item::Segmentation(s) => {
                self.use_of(Kind::Table, None, &s.entity);
                if let Some(grid) = &s.grid {
                    self.use_of(Kind::Model, None, grid);
                }
                let scope = Scope {
                    entity: Some(&s.entity.name),
                    facts: None,
                };
                for stage in &s.stages {
                    if let Some(c) = &stage.when {
                        self.cond(c, scope);
                    }
                }
            }
            ast::Item::Rfm(m) => {
                self.use_of(Kind::Table, None, &m.entity);
                self.use_of(Kind::Table, None, &m.facts);
                if let Some((count, _, _)) = &m.window {
                    self.count(count);
                }
                for metric in &m.metrics {
                    if let Some((_, column)) = &metric.measure {
                        self.use_of(Kind::Column, Some(&m.facts.name), column);
                    }
                }
            }
            ast::Item::Clv(m) => {
                self.use_of(Kind::Table, None, &m.entity);
                self.use_of(Kind::Table, None, &m.facts);
                if let Some(amount) = &m.amount {
                    self.use_of(Kind::Column, Some(&m.facts.name), amount);
                }
                if let Some((count, _, _)) = &m.window {
                    self.count(count);
                }
                let scope = Scope {
                    entity: Some(&m.entity.name),
                    facts: None,
                };
                for v in [&m.margin, &m.lifespan].into_iter().flatten() {
                    self.value(v, scope);
                }
            }
            ast::Item::Trait(t) => {
                self.use_of(Kind::Table, None, &t.entity);
                let scope = Scope {
                    entity: Some(&t.entity.name),
                    facts: None,
                };
                self.value(&t.value, scope);
            }
            ast::Item::Kpi(k) => {
                self.use_of(Kind::Table, None, &k.entity);
                for segment in &k.segments {
                    self.use_of(Kind::Segment, None, segment);
                }
                let scope = Scope {
                    entity: Some(&k.entity.name),
                    facts: None,
                };
                match &k.measure.kind {
                    ast::MeasureKind::Mean(v) | ast::MeasureKind::Total(v) => self.value(v, scope),
                    ast::MeasureKind::Ratio(x, y) => {
                        self.value(x, scope);
                        self.value(y, scope);
                    }
                    ast::MeasureKind::Share { holds, among } => {
                        self.cond(holds, scope);
                        if let Some(a) = among {
                            self.cond(a, scope);
                        }
                    }
                    ast::MeasureKind::Cost { spend, per } => {
                        self.value(spend, scope);
                        self.cond(per, scope);
                    }
                }
            }
            ast::Item::Test(t) => {
                if let Some(segment) = &t.segment {
                    self.use_of(Kind::Segment, None, segment);
                }
                for rows in &t.rows {
                    self.use_of(Kind::Table, None, &rows.table);
                    for record in &rows.records {
                        for (field, _) in &record.fields {
                            self.use_of(Kind::Column, Some(&rows.table.name), field);
                        }
                    }
                }
            }
        }
    }

    fn use_header(&mut self, header: &ast::TableHeader) {
        self.use_of(Kind::Table, None, &header.link.entity);
        self.use_of(
            Kind::Column,
            Some(&header.link.entity.name),
            &header.link.column,
        );
        for c in &header.columns {
            self.use_reference(c);
        }
    }

    fn use_reference(&mut self, column: &ast::ColumnDecl) {
        if let Some(lookup) = &column.reference {
            self.use_of(Kind::Table, None, lookup);
        }
    }

    fn count(&mut self, count: &ast::Count) {
        if let Some(name) = &count.param {
            let ident = ast::Ident {
                name: name.clone(),
                span: count.span,
            };
            self.use_of(Kind::Param, None, &ident);
        }
    }

    /// What a bare name in a condition or value names, in the checker's order.
    fn resolve(&self, name: &str, scope: Scope) -> Option<usize> {
        let columns = [scope.facts, scope.entity].into_iter().flatten();
        columns
            .filter_map(|table| self.find(Kind::Column, Some(table), name))
            .chain(
                [Kind::Trait, Kind::Param, Kind::Segmentation]
                    .into_iter()
                    .filter_map(|kind| self.find(kind, None, name)),
            )
            .next()
    }

    fn cond(&mut self, cond: &ast::Cond, scope: Scope) {
        match cond {
            ast::Cond::Or(parts, _) | ast::Cond::And(parts, _) => {
                for c in parts {
                    self.cond(c, scope);
                }
            }
            ast::Cond::Not(c, _) => self.cond(c, scope),
            ast::Cond::InSegment(segment, _) => self.use_of(Kind::Segment, None, segment),
            ast::Cond::Bare(v) => self.value(v, scope),
            ast::Cond::Test(v, test, _) => {
                self.value(v, scope);
                self.stages(v, test, scope);
                self.test(v, test, scope);
            }
        }
    }

    /// `lifecycle = "lapsed"`, `lifecycle in ["new", "active"]`: the strings name stages.
    fn stages(&mut self, value: &ast::Value, test: &ast::Test, scope: Scope) {
        let ast::ValueKind::Name(name) = &value.kind else {
            return;
        };
        let Some(id) = self.resolve(&name.name, scope) else {
            return;
        };
        if self.symbols[id].kind != Kind::Segmentation {
            return;
        }
        let segmentation = self.symbols[id].name.clone();
        let literals: Vec<&ast::Value> = match test {
            ast::Test::Compare(_, _, v) => vec![v],
            ast::Test::InList { items, .. } => items.iter().collect(),
            _ => Vec::new(),
        };
        for v in literals {
            if let ast::ValueKind::Literal(ast::Literal {
                kind: ast::LiteralKind::String(stage),
                span,
            }) = &v.kind
            {
                // The stage's name, inside the quotes.
                let inner = ast::Ident {
                    name: stage.clone(),
                    span: crate::source::Span {
                        file: span.file,
                        start: span.start + 1,
                        end: span.end.saturating_sub(1).max(span.start + 1),
                    },
                };
                self.use_of(Kind::Stage, Some(&segmentation), &inner);
            }
        }
    }

    fn test(&mut self, first: &ast::Value, test: &ast::Test, scope: Scope) {
        match test {
            ast::Test::Compare(_, _, v)
            | ast::Test::StartsWith(v)
            | ast::Test::EndsWith(v)
            | ast::Test::Contains(v)
            | ast::Test::Matches(v)
            | ast::Test::Before(v)
            | ast::Test::After(v) => self.value(v, scope),
            ast::Test::InList { items, .. } => {
                for v in items {
                    self.value(v, scope);
                }
            }
            ast::Test::Between(a, b) => {
                self.value(a, scope);
                self.value(b, scope);
            }
            ast::Test::IsMissing | ast::Test::IsPresent => {}
            ast::Test::WithinLast(count, _) | ast::Test::WithinNext(count, _) => self.count(count),
            ast::Test::IgnoringCase(test, _) => self.test(first, test, scope),
            ast::Test::FollowedBy(step) => {
                self.use_of(Kind::Table, None, &step.facts);
                self.count(&step.within);
                let first_facts = match &first.kind {
                    ast::ValueKind::Aggregate(a) => Some(a.facts.name.clone()),
                    _ => None,
                };
                let inner = Scope {
                    entity: scope.entity,
                    facts: Some(&step.facts.name),
                };
                for arg in &step.args {
                    match arg {
                        ast::StepArg::Arg(arg) => self.agg_arg(arg, inner),
                        ast::StepArg::Same {
                            column,
                            first_column,
                            ..
                        } => {
                            self.use_of(Kind::Column, Some(&step.facts.name), column);
                            if let Some(first_column) = first_column {
                                self.use_of(Kind::Column, first_facts.as_deref(), first_column);
                            }
                        }
                    }
                }
            }
        }
    }

    fn value(&mut self, value: &ast::Value, scope: Scope) {
        match &value.kind {
            ast::ValueKind::Name(name) => {
                if let Some(id) = self.resolve(&name.name, scope) {
                    self.uses.push((name.span, id));
                }
            }
            ast::ValueKind::Literal(_) => {}
            ast::ValueKind::Ago(count, _) => self.count(count),
            ast::ValueKind::DaysSince(v)
            | ast::ValueKind::DaysUntil(v)
            | ast::ValueKind::Age(v)
            | ast::ValueKind::DatePart(_, v)
            | ast::ValueKind::Anniversary(v)
            | ast::ValueKind::Text(_, v)
            | ast::ValueKind::Negate(v) => self.value(v, scope),
            ast::ValueKind::Aggregate(a) => {
                self.use_of(Kind::Table, None, &a.facts);
                let inner = Scope {
                    entity: scope.entity,
                    facts: Some(&a.facts.name),
                };
                for arg in &a.args {
                    self.agg_arg(arg, inner);
                }
            }
            ast::ValueKind::Field(field) => {
                let (owner, name) = field.as_ref();
                match self.find(Kind::Model, None, &owner.name) {
                    Some(model) => self.uses.push((owner.span, model)),
                    // `orders.channel` (a parent's column) or `products.brand` (a lookup's).
                    None => {
                        self.use_of(Kind::Table, None, owner);
                        self.use_of(Kind::Column, Some(&owner.name), name);
                    }
                }
            }
            ast::ValueKind::Binary(b) => {
                self.value(&b.left, scope);
                self.value(&b.right, scope);
            }
            ast::ValueKind::Call(_, args) => {
                for v in args {
                    self.value(v, scope);
                }
            }
        }
    }

    fn agg_arg(&mut self, arg: &ast::AggArg, scope: Scope) {
        let facts = scope.facts;
        match arg {
            ast::AggArg::Column(c) | ast::AggArg::Distinct(c, _) => {
                self.use_of(Kind::Column, facts, c)
            }
            ast::AggArg::Where(c, _) => self.cond(c, scope),
            ast::AggArg::Window(window, _) => match window {
                ast::Window::Last(count, _) | ast::Window::Next(count, _) => self.count(count),
                ast::Window::Before(v) | ast::Window::After(v) => self.value(v, scope),
                ast::Window::Between(a, b) => {
                    self.value(a, scope);
                    self.value(b, scope);
                }
            },
        }
    }
}
