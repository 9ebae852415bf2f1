//! The page's words in English and French, and numbers written the way each language writes
//! them (`12,345` and `12.5%`; `12 345` and `12,5 %`, with the narrow no-break spaces of French
//! typography).

use serde::Serialize;

/// The language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lang {
    En,
    Fr,
}

/// French thousands separator and the space before `%`: U+202F, a narrow no-break space.
const NNBSP: char = '\u{202f}';

impl Lang {
    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// A whole number with thousands grouped.
    pub fn int(self, n: u64) -> String {
        let sep = match self {
            Lang::En => ',',
            Lang::Fr => NNBSP,
        };
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A share (0.125) as a percentage with one decimal (`12.5%`, `12,5 %`).
    pub fn percent(self, share: f64) -> String {
        let text = format!("{:.1}", share * 100.0);
        match self {
            Lang::En => format!("{text}%"),
            Lang::Fr => format!("{}{NNBSP}%", text.replace('.', ",")),
        }
    }

    /// The words of the page.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }
}

/// Every sentence and label of the page, in one language.
pub struct Words {
    pub title: &'static str,
    pub as_of: &'static str,
    pub since: &'static str,
    pub source: &'static str,
    pub table_fallback: &'static str,
    pub members: &'static str,
    pub share: &'static str,
    pub segment: &'static str,
    pub entity: &'static str,
    pub rows_of: &'static str,
    pub sizes_title: &'static str,
    pub sizes_intro: &'static str,
    pub sizes_chart: &'static str,
    pub stages_chart: &'static str,
    pub stage: &'static str,
    pub overlap_title: &'static str,
    pub overlap_intro: &'static str,
    pub overlap_chart: &'static str,
    pub overlap_axis: &'static str,
    pub consent_title: &'static str,
    pub consent_intro: &'static str,
    pub consent_chart: &'static str,
    pub consent_axis: &'static str,
    pub consent_none: &'static str,
    pub channel: &'static str,
    pub bases: &'static str,
    pub reachable: &'static str,
    pub no_grant: &'static str,
    pub withdrawn: &'static str,
    pub basis_not_accepted: &'static str,
    pub suppressed: &'static str,
    pub total: &'static str,
    pub rfm_title: &'static str,
    pub rfm_intro: &'static str,
    pub rfm_none: &'static str,
    pub rfm_chart: &'static str,
    pub recency: &'static str,
    pub frequency: &'static str,
    pub unscored: &'static str,
    pub cell_stage: &'static str,
    pub lifecycle_title: &'static str,
    pub lifecycle_intro: &'static str,
    pub lifecycle_no_from: &'static str,
    pub lifecycle_none: &'static str,
    pub lifecycle_chart: &'static str,
    pub stage_at: &'static str,
    pub from_to: &'static str,
    pub history_title: &'static str,
    pub history_intro: &'static str,
    pub history_missing: &'static str,
    pub history_chart: &'static str,
    pub date: &'static str,
    pub legend_few: &'static str,
    pub legend_many: &'static str,
}

const EN: Words = Words {
    title: "Segment report",
    as_of: "as of",
    since: "moves since",
    source: "Data:",
    table_fallback: "The numbers as a table",
    members: "members",
    share: "share of the entity",
    segment: "segment",
    entity: "entity",
    rows_of: "rows",
    sizes_title: "Segment sizes",
    sizes_intro: "How many people each segment holds on the evaluation date, and what share of all rows of its entity (customers, contacts…) that is; then the same for the stages of each segmentation, where everyone is in one stage at most.",
    sizes_chart: "Members per segment",
    stages_chart: "Members per stage",
    stage: "stage",
    overlap_title: "Overlap between segments",
    overlap_intro: "How many members two segments have in common: the darker the cell, the more people they share. The grey diagonal is each segment's own size, outside the colour scale.",
    overlap_chart: "Members in both segments",
    overlap_axis: "segment",
    consent_title: "Consent coverage per channel",
    consent_intro: "Of all rows of the entity, how many can be contacted on each channel the segments use, and why the others cannot. Each person is counted once, under the first reason that applies: no grant, then withdrawn, then basis not accepted, then suppressed.",
    consent_chart: "Reachable and unreachable people per channel",
    consent_axis: "people",
    consent_none: "No segment has a channel: nobody is to be contacted.",
    channel: "channel",
    bases: "accepted bases",
    reachable: "reachable",
    no_grant: "no grant",
    withdrawn: "withdrawn",
    basis_not_accepted: "basis not accepted",
    suppressed: "suppressed",
    total: "total",
    rfm_title: "RFM grids",
    rfm_intro: "Members per pair of recency (r) and frequency (f) scores, from 1 (the lowest) to the model's highest score. The names are the cells of the project's grid segmentation over the model, when it has one.",
    rfm_none: "The project declares no RFM model.",
    rfm_chart: "Members per recency and frequency score",
    recency: "recency score (r)",
    frequency: "frequency score (f)",
    unscored: "without scores (nothing in the model's window)",
    cell_stage: "cell",
    lifecycle_title: "Lifecycle moves",
    lifecycle_intro: "Where the people of each stage on the first date are on the evaluation date: each band's width is the number of people moving from the stage on the left to the stage on the right.",
    lifecycle_no_from: "Give an earlier date with --from DATE to see how people moved between stages since then.",
    lifecycle_none: "The project declares no segmentation.",
    lifecycle_chart: "Moves between stages",
    stage_at: "stage on",
    from_to: "from → to",
    history_title: "Members over time",
    history_intro: "Members of each segment on every date seg materialize recorded in the database.",
    history_missing: "No membership history in this database. Run seg materialize on it (every day, or with --from and --to to backfill) and report with --duckdb FILE or --postgres URL to see members over time (with the same --schema and --prefix, if seg materialize was given any).",
    history_chart: "Members per segment per materialized date",
    date: "date",
    legend_few: "fewer",
    legend_many: "more",
};

const FR: Words = Words {
    title: "Rapport des segments",
    as_of: "au",
    since: "mouvements depuis le",
    source: "Données :",
    table_fallback: "Les chiffres sous forme de tableau",
    members: "membres",
    share: "part de l’entité",
    segment: "segment",
    entity: "entité",
    rows_of: "lignes",
    sizes_title: "Taille des segments",
    sizes_intro: "Combien de personnes compte chaque segment à la date d’évaluation, et quelle part de toutes les lignes de son entité (clients, contacts…) cela représente ; puis de même pour les étapes de chaque segmentation, où chacun est dans une étape au plus.",
    sizes_chart: "Membres par segment",
    stages_chart: "Membres par étape",
    stage: "étape",
    overlap_title: "Recouvrement des segments",
    overlap_intro: "Combien de membres deux segments ont en commun : plus la case est foncée, plus ils partagent de personnes. La diagonale grise donne la taille de chaque segment, hors de l’échelle de couleurs.",
    overlap_chart: "Membres communs aux deux segments",
    overlap_axis: "segment",
    consent_title: "Couverture du consentement par canal",
    consent_intro: "Sur toutes les lignes de l’entité, combien de personnes peuvent être contactées sur chaque canal utilisé par les segments, et pourquoi les autres ne le peuvent pas. Chaque personne est comptée une fois, sous le premier motif qui s’applique : aucun consentement, puis retiré, puis base légale non acceptée, puis opposition.",
    consent_chart: "Personnes joignables et non joignables par canal",
    consent_axis: "personnes",
    consent_none: "Aucun segment n’a de canal : personne n’est à contacter.",
    channel: "canal",
    bases: "bases légales acceptées",
    reachable: "joignables",
    no_grant: "aucun consentement",
    withdrawn: "consentement retiré",
    basis_not_accepted: "base légale non acceptée",
    suppressed: "liste d’opposition",
    total: "total",
    rfm_title: "Grilles RFM",
    rfm_intro: "Membres par couple de scores de récence (r) et de fréquence (f), de 1 (le plus bas) au score le plus haut du modèle. Les noms sont les cases de la segmentation en grille du projet sur ce modèle, s’il en a une.",
    rfm_none: "Le projet ne déclare aucun modèle RFM.",
    rfm_chart: "Membres par score de récence et de fréquence",
    recency: "score de récence (r)",
    frequency: "score de fréquence (f)",
    unscored: "sans score (rien dans la fenêtre du modèle)",
    cell_stage: "case",
    lifecycle_title: "Mouvements du cycle de vie",
    lifecycle_intro: "Où se trouvent, à la date d’évaluation, les personnes de chaque étape à la première date : la largeur de chaque bande est le nombre de personnes qui passent de l’étape de gauche à celle de droite.",
    lifecycle_no_from: "Indiquez une date antérieure avec --from DATE pour voir comment les personnes ont changé d’étape depuis.",
    lifecycle_none: "Le projet ne déclare aucune segmentation.",
    lifecycle_chart: "Mouvements entre étapes",
    stage_at: "étape au",
    from_to: "de → à",
    history_title: "Membres dans le temps",
    history_intro: "Membres de chaque segment à chaque date enregistrée par seg materialize dans la base.",
    history_missing: "Aucun historique d’appartenance dans cette base. Lancez seg materialize sur celle-ci (chaque jour, ou avec --from et --to pour reconstituer le passé), puis le rapport avec --duckdb FICHIER ou --postgres URL pour suivre les membres dans le temps (avec les mêmes --schema et --prefix, si seg materialize en a reçu).",
    history_chart: "Membres par segment et par date matérialisée",
    date: "date",
    legend_few: "moins",
    legend_many: "plus",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn numbers_are_grouped_and_percentages_spaced_per_language() {
        assert_eq!(Lang::En.int(12345), "12,345");
        assert_eq!(Lang::En.int(999), "999");
        assert_eq!(Lang::Fr.int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.percent(0.125), "12.5%");
        assert_eq!(Lang::Fr.percent(0.125), "12,5\u{202f}%");
    }
}
