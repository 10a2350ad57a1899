/**
 * Hand-curated supplements to countries.generated.ts. Everything here is a
 * deliberate editorial decision; the generated file holds only package data.
 * Keep each list short and add a reason when the case is not obvious.
 */

/** Newsroom short names where the package's `name` is not what wire copy uses. */
export const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  TR: 'Turkey', // package: "Türkiye" (kept as a variant)
  CV: 'Cape Verde', // package: "Cabo Verde"
  CZ: 'Czech Republic', // package: "Czechia" (kept as a variant)
  AX: 'Åland Islands', // package: "Aland"
  MO: 'Macau',
  CW: 'Curaçao',
  BL: 'Saint Barthélemy',
  RE: 'Réunion',
};

/**
 * Non-sovereign entries (dependent territories, special areas). Their names
 * still resolve (kind 'country', `territory: true`), but their capitals are not
 * used as metonyms ("Hamilton", "Douglas", "Stanley", "The Valley", ...), and
 * a demonym they share with a sovereign state ("French") goes to the state.
 */
export const TERRITORIES: ReadonlySet<string> = new Set(
  (
    'AC AI AS AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GS GU HK HM ' +
    'IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TA TC TF TK ' +
    'UM VG VI WF YT'
  ).split(' '),
);

/** Package entries that are not countries at all: dropped (Antarctica is a region below). */
export const DROP_CODES: ReadonlySet<string> = new Set(['AQ']);

/** Package surface forms to drop: [code, surface]. */
export const DROP_FORMS: ReadonlyArray<readonly [string, string]> = [
  ['GH', 'Gold Coast'], // historical alias; today it means the Australian city
  ['WF', 'Welsh'], // data error in i18n-nationality (Wallis and Futuna)
  ['AG', 'Antiguans'], // plural given as the demonym; "Antiguan" added below
];

/** Extra names the packages lack: common news short forms and official names. */
export const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['US', 'U.S'], // "U.S." when a tokenizer splits off the final dot
  ['GB', 'U.K.'],
  ['GB', 'U.K'],
  ['AE', 'U.A.E.'],
  ['KP', "Democratic People's Republic of Korea"],
  ['KP', 'D.P.R.K.'],
  ['KR', 'ROK'],
  ['KR', 'Korea'], // usually the South in business copy; flagged ambiguous
  ['CD', 'Democratic Republic of Congo'],
  ['CD', 'D.R. Congo'],
  ['CD', 'DR of Congo'],
  ['CG', 'Republic of Congo'], // AP style
  ['CG', 'Congo Republic'],
  ['CI', "Côte d'Ivoire"],
  ['BA', 'Bosnia'],
  ['TT', 'Trinidad'],
  ['AG', 'Antigua'],
  ['ST', 'São Tomé and Príncipe'],
  ['CV', 'Cabo Verde'],
  ['FM', 'Federated States of Micronesia'],
  ['PS', 'Palestinian Territories'],
  ['PS', 'Palestinian territories'],
  ['TW', 'Republic of China'],
  ['CN', 'PRC'],
  ['GB', 'United Kingdom of Great Britain and Northern Ireland'],
];

/** Demonyms/adjectives the packages lack or spell unusually. */
export const DEMONYMS: ReadonlyArray<readonly [string, string]> = [
  ['AE', 'Emirati'],
  ['AR', 'Argentine'],
  ['AR', 'Argentinian'],
  ['AG', 'Antiguan'],
  ['AZ', 'Azeri'],
  ['BF', 'Burkinabè'],
  ['BW', 'Motswana'],
  ['DJ', 'Djiboutian'],
  ['DK', 'Dane'],
  ['EC', 'Ecuadorian'],
  ['EH', 'Sahrawi'],
  ['ES', 'Spaniard'],
  ['FI', 'Finn'],
  ['FO', 'Faroese'],
  ['GB', 'Briton'],
  ['GL', 'Greenlandic'],
  ['GW', 'Bissau-Guinean'],
  ['HK', 'Hong Konger'],
  ['IS', 'Icelander'],
  ['KM', 'Comorian'],
  ['KN', 'Kittitian'],
  ['KR', 'Korean'], // flagged ambiguous
  ['KZ', 'Kazakh'],
  ['LA', 'Lao'],
  ['LU', 'Luxembourgish'],
  ['MC', 'Monegasque'],
  ['MV', 'Maldivian'],
  ['NP', 'Nepali'],
  ['PG', 'Papua New Guinean'],
  ['PH', 'Philippine'],
  ['PL', 'Pole'],
  ['PR', 'Puerto Rican'],
  ['PS', 'Palestinian'],
  ['SA', 'Saudi Arabian'],
  ['SE', 'Swede'],
  ['SI', 'Slovene'],
  ['SK', 'Slovak'],
  ['SM', 'Sammarinese'],
  ['SR', 'Surinamese'],
  ['SS', 'South Sudanese'],
  ['TL', 'Timorese'],
  ['TM', 'Turkmen'],
  ['TR', 'Turk'],
  ['UZ', 'Uzbek'],
  ['VC', 'Vincentian'],
  ['VU', 'Ni-Vanuatu'],
  ['XK', 'Kosovar'],
  ['YE', 'Yemeni'],
];

/** Demonym forms that take no "-s" plural beyond the suffix rule in gazetteer.ts. */
export const NO_PLURAL: ReadonlySet<string> = new Set([
  'Lao',
  'Ni-Vanuatu',
  'Philippine',
  'Burkinabè',
  'Luxembourgish',
  'Mosotho', // plural Basotho
  'I-Kiribati',
]);

/** Capitals / seats of government the packages lack, plus common spellings. */
export const CAPITALS: ReadonlyArray<readonly [string, string]> = [
  ['US', 'Washington'],
  ['US', 'Washington, D.C.'],
  ['US', 'Washington DC'],
  ['UA', 'Kiev'],
  ['IN', 'Delhi'],
  ['YE', 'Sanaa'],
  ['MN', 'Ulaanbaatar'],
  ['MM', 'Naypyitaw'],
  ['MM', 'Nay Pyi Taw'],
  ['KZ', 'Nur-Sultan'], // name 2019-2022
  ['BO', 'La Paz'], // seat of government
  ['MY', 'Putrajaya'], // seat of government
  ['SZ', 'Mbabane'], // executive capital
  ['CH', 'Berne'],
];

/**
 * Surfaces that are real gazetteer entries but often mean something else
 * (a person, a US place, an institution): hits carry `ambiguous: true`.
 * Surfaces claimed by two sovereign entries ("Congo", "Congolese",
 * "Dominican") are flagged automatically. "Georgia" is deliberately not here.
 */
export const AMBIGUOUS: ReadonlySet<string> = new Set([
  // countries / names
  'Jordan',
  'Chad',
  'Jersey',
  'Macedonia', // also the Greek region
  'Korea',
  'Holland', // surname
  'Reunion', // English word
  'Emirates', // the airline
  // demonyms
  'Korean',
  'Pole',
  'Finn',
  'Dane',
  'Lao',
  // capitals
  'Washington', // person, US state
  'Brussels', // usually the EU
  'Jerusalem',
  'Victoria',
  'Kingston',
  'Georgetown',
  'Santiago',
  'Sofia',
  'Wellington',
  'Tripoli', // also in Lebanon
  'Moroni',
  'Sucre',
  'Nassau',
  'Malé',
  'San José',
  'San Jose',
  "Saint John's",
  "St. John's",
  "St John's",
  "St. George's",
  "Saint George's",
  "St George's",
  'Gulf',
]);

/** Which entry wins a surface claimed by two sovereign entries. */
export const PREFER: Readonly<Record<string, string>> = {
  Congo: 'CD', // AP: "Congo" is the DRC
  Congolese: 'CD',
  Dominican: 'DO',
};

/** Diacritic-free variants never to add (they are ordinary English words). */
export const NO_ASCII_VARIANT: ReadonlySet<string> = new Set(['Malé']);

/**
 * Regions, continents, seas and contested areas worth knowing as places
 * (kind 'region', code ''). [canonical, ...variants]. Continents come from
 * countries-list. Entries that contain a country word ("Lake Chad", "Indian
 * Ocean", "Gulf of Guinea", "Northern Ireland") also stop that word matching.
 */
export const REGIONS: ReadonlyArray<readonly string[]> = [
  ['Middle East', 'Mideast'],
  ['Near East'],
  ['Sahel'],
  ['Sahara'],
  ['North Africa'],
  ['West Africa'],
  ['East Africa'],
  ['Central Africa'],
  ['Southern Africa'],
  ['Sub-Saharan Africa', 'sub-Saharan Africa', 'Subsaharan Africa'],
  ['Horn of Africa'],
  ['Maghreb'],
  ['Levant'],
  ['Gulf of Guinea'],
  ['Lake Chad', 'Lake Chad Basin', 'Lake Chad basin'],
  ['Lake Victoria'],
  ['Niger Delta'],
  ['Congo Basin'],
  ['Great Lakes region'],
  ['Latin America'],
  ['Central America'],
  ['Caribbean'],
  ['Americas'],
  ['East Asia'],
  ['Northeast Asia'],
  ['Southeast Asia', 'South-East Asia', 'South East Asia'],
  ['South Asia'],
  ['Central Asia'],
  ['Asia-Pacific'],
  ['Indo-Pacific'],
  ['Korean Peninsula', 'Korean peninsula'],
  ['Arabian Peninsula'],
  ['Persian Gulf', 'Arabian Gulf'],
  ['Gulf'],
  ['Balkans', 'Western Balkans'],
  ['Caucasus', 'South Caucasus', 'North Caucasus'],
  ['Baltics', 'Baltic states'],
  ['Scandinavia'],
  ['Western Europe'],
  ['Eastern Europe'],
  ['Central Europe'],
  ['Eurasia'],
  ['Arctic'],
  ['Antarctica'],
  ['Pacific', 'Pacific Ocean', 'South Pacific'],
  ['Atlantic', 'Atlantic Ocean'],
  ['Indian Ocean'],
  ['Mediterranean', 'Mediterranean Sea'],
  ['Black Sea'],
  ['Red Sea'],
  ['Baltic Sea'],
  ['North Sea'],
  ['Caspian Sea'],
  ['South China Sea'],
  ['East China Sea'],
  ['Yellow Sea'],
  ['Sea of Japan'],
  ['Taiwan Strait'],
  ['Strait of Hormuz'],
  ['Gulf of Aden'],
  ['Gulf of Oman'],
  ['Gulf of Mexico'],
  ['Sinai', 'Sinai Peninsula'],
  ['Gaza', 'Gaza Strip'],
  ['West Bank'],
  ['Golan Heights'],
  ['Crimea'],
  ['Donbas', 'Donbass'],
  ['Kashmir'],
  ['Tibet'],
  ['Xinjiang'],
  ['Kurdistan'],
  ['Darfur'],
  ['Nagorno-Karabakh'],
  ['New Guinea'],
  ['England'],
  ['Scotland'],
  ['Wales'],
  ['Northern Ireland'],
];

/**
 * Multi-word phrases that are not gazetteer places but contain a country
 * word: longestPlaceAt() will not report "Mexico" inside "New Mexico".
 */
export const NOT_PLACES: ReadonlyArray<string> = [
  'New Mexico',
  'New Jersey',
  'New South Wales',
  'New England',
  'Latin American',
  'South American',
  'North American',
  'Central American',
  'African American',
  'Native American',
];
