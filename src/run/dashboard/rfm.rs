//! RFM grids: the members of each (recency, frequency) score pair of every RFM model, from the
//! plans of [`crate::ir::lower_score_grid`], each cell named after the stage of the model's
//! `grid` segmentation that covers it.

use crate::check::score_box;
use crate::check::typed::{Program, RfmId};
use crate::dashboard::{Rfm, RfmGrid};
use crate::ir::{lower_score_grid, AsOf};
use crate::run::engine::Engine;
use crate::run::RunError;

/// Every model's grid, in declaration order.
pub(super) fn grids(engine: &mut Engine, program: &Program, as_of: AsOf) -> Result<Rfm, RunError> {
    let mut models = Vec::new();
    for (i, model) in program.rfm.iter().enumerate() {
        let plan = lower_score_grid(program, as_of, RfmId(i));
        let outcome = engine.run(std::slice::from_ref(&plan))?;
        let k = model.k as usize;
        // The plan's rules are the cells, recency then frequency.
        let counts: Vec<u64> = plan
            .segments
            .iter()
            .map(|rule| {
                outcome
                    .members
                    .get(&rule.name())
                    .map_or(0, |m| m.len() as u64)
            })
            .collect();
        let cells: Vec<Vec<u64>> = counts.chunks(k.max(1)).map(<[u64]>::to_vec).collect();
        let rows = outcome
            .entity_rows
            .get(&plan.entity.name)
            .copied()
            .unwrap_or(0);
        let scored: u64 = counts.iter().sum();
        let (segmentation, labels) = labels(program, RfmId(i), model.k);
        models.push(RfmGrid {
            model: model.name.clone(),
            entity: plan.entity.name.clone(),
            k: model.k,
            segmentation,
            cells,
            labels,
            unscored: rows.saturating_sub(scored),
        });
    }
    Ok(Rfm { models })
}

/// The first `grid` segmentation over `model`, and for each cell the first of its stages whose
/// condition allows the cell's recency and frequency scores (whatever the monetary score).
fn labels(program: &Program, model: RfmId, k: u32) -> (Option<String>, Vec<Vec<Option<String>>>) {
    let Some(seg) = program.segmentations.iter().find(|s| s.grid == Some(model)) else {
        return (None, vec![vec![None; k as usize]; k as usize]);
    };
    let boxes: Vec<_> = seg
        .stages
        .iter()
        .filter_map(|stage| {
            let cond = stage.when.as_ref()?;
            let b = score_box(cond, &program.rfm, &program.params)?;
            Some((stage.name.clone(), b))
        })
        .collect();
    let label = |r: u32, f: u32| {
        boxes
            .iter()
            .find(|(_, b)| {
                b.model == model && b.allowed[0] & (1 << r) != 0 && b.allowed[1] & (1 << f) != 0
            })
            .map(|(name, _)| name.clone())
    };
    let labels = (1..=k)
        .map(|r| (1..=k).map(|f| label(r, f)).collect())
        .collect();
    (Some(seg.name.clone()), labels)
}
