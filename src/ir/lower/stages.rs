//! Segmentations: a segmentation used as a value is one `Expr::Case` over its stages, and
//! `lower_stages` plans one rule per stage for `seg run`.

use super::{own_plan, Lowerer};
use crate::check::typed::{Program, Scope};
use crate::ir::{AsOf, CompareOp, Cond, Expr, Plan, RuleId, Scalar, SegmentRule};

/// Who is in each stage of `program.segmentations[index]`: one rule per stage
/// (`RuleId::Stage`), in stage order.
pub fn lower_stages(program: &Program, as_of: AsOf, index: usize) -> Plan {
    let segmentation = &program.segmentations[index];
    let (mut plan, stage) = own_plan(program, segmentation.entity, as_of, |lowerer| {
        let stage = lowerer.stage(index, Scope::Entity(segmentation.entity));
        lowerer.kpis(true);
        stage
    });
    let location = program.sources.location(segmentation.decl_span);
    for s in &segmentation.stages {
        plan.segments.push(SegmentRule {
            id: RuleId::Stage {
                segmentation: segmentation.name.clone(),
                stage: s.name.clone(),
            },
            docs: s.docs.clone(),
            location: location.clone(),
            channels: Vec::new(),
            cond: Cond::Compare {
                op: CompareOp::Eq,
                left: stage.clone(),
                right: Expr::Lit(Scalar::String(s.name.clone())),
            },
            evidence: Vec::new(),
        });
    }
    plan
}

impl Lowerer<'_> {
    /// A segmentation's stage: the first stage whose condition holds, else the `otherwise` stage.
    pub(super) fn stage(&mut self, index: usize, scope: Scope) -> Expr {
        let segmentation = &self.program.segmentations[index];
        let mut whens = Vec::new();
        let mut otherwise = String::new();
        for stage in &segmentation.stages {
            match &stage.when {
                Some(c) => whens.push((
                    self.cond(c, scope),
                    Expr::Lit(Scalar::String(stage.name.clone())),
                )),
                None => otherwise = stage.name.clone(),
            }
        }
        Expr::Case {
            whens,
            otherwise: Box::new(Expr::Lit(Scalar::String(otherwise))),
        }
    }
}
