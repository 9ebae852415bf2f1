//! French first names, surnames and cities, and the ASCII slugs of names for addresses.

pub(super) const FEMALE: &str =
    "Marie|Camille|Léa|Manon|Chloé|Emma|Inès|Sarah|Julie|Laura|Pauline|Anaïs|\
Céline|Nathalie|Isabelle|Sylvie|Catherine|Christine|Monique|Françoise|Hélène|Valérie|Sandrine|\
Stéphanie|Aurélie|Élodie|Zoé|Lina|Jade|Louise|Alice|Gaëlle|Brigitte|Martine|Nicole|Agnès|Océane|\
Margaux|Clémence|Maëlys|Fatima|Amina|Yasmine|Nadia|Sophie|Anne|Émilie|Mélanie";

pub(super) const MALE: &str =
    "Jean|Pierre|Michel|Philippe|Alain|Nicolas|Julien|Thomas|Antoine|Maxime|Lucas|\
Hugo|Louis|Gabriel|Arthur|Nathan|Théo|Mathis|Kévin|Sébastien|Laurent|Stéphane|Christophe|Frédéric|\
Éric|Patrick|Jérôme|François|Benoît|Loïc|Yannick|Mehdi|Karim|Olivier|Bernard|Daniel|Noé|Raphaël|\
Baptiste|Rémi|Youssef|Mohamed|Luc|David|Vincent|Guillaume|Romain|Adrien";

pub(super) const SURNAMES: &str =
    "Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|\
Simon|Michel|Lefebvre|Leroy|Roux|David|Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|\
Fontaine|Rousseau|Vincent|Muller|Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|\
François|Legrand|Gauthier|Garcia|Perrin|Robin|Clément|Morin|Nicolas|Henry|Roussel|Mathieu|Masson|\
Marchand|Duval|Denis|Dumont|Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|Giraud|Joly|Rivière|\
Lucas|Brunet|Gaillard|Barbier|Arnaud|Martinez|Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|Vidal|\
Caron|Picard|Roger|Fabre|Aubert|Lemoine|Renaud|Dumas|Lacroix|Olivier|Bourgeois|Rey|Leclerc|Payet|\
Benali|Haddad|Nguyen|Da Silva|Le Gall|Le Goff|Hoarau|Grondin|Diallo|Traoré|Kaya|Ferreira";

pub(super) const CITIES: &str =
    "Lyon|Nantes|Rennes|Lille|Bordeaux|Toulouse|Grenoble|Dijon|Tours|Rouen|Metz|\
Brest|Angers|Nîmes|Ajaccio|Limoges|Amiens|Pau";

/// Lower-case ASCII for e-mail addresses and domains: accents dropped, spaces become `-`.
pub(super) fn slug(text: &str) -> String {
    let plain = |c: char| match c {
        'à' | 'â' | 'ä' => Some('a'),
        'é' | 'è' | 'ê' | 'ë' => Some('e'),
        'î' | 'ï' => Some('i'),
        'ô' | 'ö' => Some('o'),
        'ù' | 'û' | 'ü' => Some('u'),
        'ç' => Some('c'),
        ' ' | '-' => Some('-'),
        c => c.is_ascii_alphanumeric().then_some(c),
    };
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(plain)
        .collect()
}
