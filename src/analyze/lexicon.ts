/**
 * Closed word classes the extractors reason with. These are general English and
 * news-writing vocabulary — never names or phrases of a particular article.
 */

const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

/** Function and sentence-opening words: capitalised at a sentence start, they are not names. */
export const FUNCTION_WORDS = words(`
  a an the this that these those there here it its he she they we i you his her their our my your him them us
  in on at by to of for from with without within into onto upon over under above below between among amid amidst
  across against along around about after before during since until till through throughout toward towards
  and or but nor so yet also still then thus hence however meanwhile moreover furthermore nevertheless
  instead otherwise although though because while whereas when where whether if unless once as like unlike
  despite following according speaking asked asking including regarding concerning given
  beyond sometimes often later others afterward afterwards overall together elsewhere nonetheless
  both all some many most several few each every either neither no not none any much more less other another
  such same what who whom whose which why how whatever whoever
  one two three four five six seven eight nine ten eleven twelve
  first second third last next earlier later recently now today yesterday tomorrow currently already
  even only just perhaps maybe indeed still yes
  mr mrs ms dr hey oh okay yes please thanks well
`);

export const MONTHS = words(`
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
`);

export const WEEKDAYS = words(`
  monday tuesday wednesday thursday friday saturday sunday
`);

/** Capitalised words that are never actors by themselves. */
export const NON_NAMES = words(`
  god christmas easter ramadan eid internet covid covid-19 coronavirus
  north south east west northern southern eastern western central
  islamic christian muslim jewish catholic orthodox arab arabs
  english arabic mandarin cantonese hindi urdu swahili pashto dari hausa yoruba igbo farsi
  islam christianity judaism hinduism buddhism sikhism shiite shiites shia sunni sunnis shi’ite shi'ite
  republican republicans democrat democrats democratic conservative conservatives liberal labour
  ok mr mrs ms dr sir
`);

/** Head words of a person's title or rank ("Defense Minister", "Lieutenant General"). */
export const TITLE_HEADS = words(`
  president president-elect vice-president premier chancellor minister secretary undersecretary
  ambassador envoy senator sen congressman congresswoman representative rep governor gov mayor
  king queen prince princess emperor empress pope sheikh emir ayatollah imam cardinal archbishop bishop rabbi
  chairman chairwoman chairperson chair ceo cfo founder director commander commander-in-chief chief
  secretary-general director-general attorney-general governor-general
  general gen admiral adm colonel col lieutenant lt major maj captain capt sergeant sgt marshal brigadier
  corporal private commandant commodore
  leader speaker justice judge magistrate prosecutor attorney commissioner administrator
  spokesman spokeswoman spokesperson adviser advisor counselor counsellor coordinator
  dr prof professor mr mrs ms sir dame lord lady
`);

/** Words that modify a title without being a name ("Prime", "Foreign", "Deputy"). */
export const TITLE_MODIFIERS = words(`
  prime vice deputy acting interim former foreign defense defence interior finance home justice trade
  commerce health energy education agriculture labor labour treasury economy economic national security
  state supreme chief senior general attorney special first lieutenant major brigadier fleet air army
  navy naval military intelligence homeland public affairs international development environment
  information culture transport transportation immigration emergency war internal external policy
  political assistant associate executive managing principal majority minority opposition
  high grand crown resident
`);

/** Words that head an organisation's name ("Atlantic Council", "State Department"). */
export const ORG_HEADS = words(`
  council committee commission department ministry ministries office agency bureau service services
  administration authority authorities directorate secretariat
  institute institution center centre endowment foundation trust fund bank university college school
  academy society association federation union league alliance coalition confederation community
  organization organisation group corporation corp company inc ltd llc co plc holdings industries
  research consulting consultancy consultants international
  airlines airways lines shipping partners international hotel hotels network networks media press news times post journal herald
  tribune guardian telegraph gazette daily weekly magazine review broadcasting broadcaster radio television tv
  channel party movement front army forces force navy corps brigade battalion regiment division guard guards
  militia command police parliament congress senate assembly court tribunal cabinet government
  program programme project initiative mission delegation embassy consulate
  index watch monitor observatory report
  church mosque temple hospital clinic museum gallery library enforcement
  club team
  exchange market markets
  house kremlin pentagon interpol hezbollah hamas taliban houthis
`);

/** Organisation heads that, followed by "of"/"for"/"on"/"to"/"in", keep going ("Council on Foreign Relations"). */
export const ORG_CONNECTOR_HEADS = words(`
  council committee commission department ministry office agency bureau institute institution center centre
  endowment foundation university college school academy society association federation union league
  alliance coalition confederation community organization organisation corporation bank fund court group
  mission delegation embassy party movement front army forces republic kingdom state states emirate
  caliphate lions brigades
  program programme secretary minister gulf bay sea strait isle islands island cape port
`);

/** Words that head a place name ("Liuheng Island", "Kursk region"). */
export const PLACE_HEADS = words(`
  island islands isle strait straits sea seas waters ocean gulf bay river rivers lake lakes mountain mountains hills mount valley desert
  peninsula archipelago province region county district city town village port harbor harbour coast
  canal basin plateau corridor oblast prefecture governorate territory territories heights plain delta
  cape reef border square street avenue airport
`);

/** Lower-case nouns after a place name that mark it as one ("Kursk region", "Zhuhai Gaolan port"). */
export const PLACE_NOUNS = words(`
  region province city town village port district county area border capital island islands state
  oblast prefecture governorate territory coast river valley airport base
`);

/** Lower-case nouns before a name that describe an organisation ("website MarineTraffic", "think tank Clingendael"). */
export const ORG_DESCRIPTORS = words(`
  website site newspaper daily outlet agency broadcaster network channel magazine publication
  tank consultancy firm company group organization organisation institute charity ngo
  party militia movement network bank
`);

/** Verbs (and verb phrases' heads) that report speech or judgement. */
export const SPEECH_CUES = words(`
  said says say saying told tells tell telling added adds adding noted notes noting
  stated explained explains explaining argued argues arguing argue warned warns warning warn
  believes believe believed thinks think thought suggested suggests suggest suggesting
  wrote writes writing observed observes cautioned cautions predicted predicts predict estimated estimates
  concluded concludes determined found finds claimed claims claim insisted insists stressed stresses
  emphasized emphasizes emphasised emphasises asserted asserts asserting declared declares declaring
  announced announces acknowledged acknowledges conceded concedes contended contends maintained maintains
  remarked commented comments expects expect expected reckons reckon replied responded 
  welcomed welcomes questioned questions doubted doubts agreed agrees speculated speculates
  praised praising praise criticized criticised cautioning urged urges confirmed confirms
  called calls reported reports reporting pointed points
  watching watch worry worries worried fear fears feared
`);

/** Nouns for analysts and experts: a statement attributed to one is an analytic view. */
export const EXPERT_NOUNS = words(`
  analyst analysts expert experts observer observers scholar scholars researcher researchers
  academic academics economist economists specialist specialists fellow fellows professor professors
  strategist strategists commentator commentators pundit pundits watcher watchers lecturer lecturers
  historian historians scientist scientists
`);

/** Words in an organisation's name or description that make it a think tank or research body. */
export const EXPERT_ORG_WORDS = words(`
  institute institution center centre endowment foundation university college academy school
  tank consultancy consulting analytics research studies risk risks intelligence-advisory
`);

/** Words that make an organisation a news outlet, publisher or report. */
export const MEDIA_WORDS = words(`
  post times journal news herald tribune guardian telegraph gazette daily weekly magazine review
  press agency broadcasting broadcaster radio television tv channel network media wire chronicle
  observer economist report index survey monitor bulletin newspaper website outlet insider
`);

/** Major news outlets and agencies known by a bare name. */
export const KNOWN_OUTLETS = words(`
  reuters ap afp bloomberg xinhua kcna yonhap tass interfax cnn bbc nhk kyodo politico axios
  nbc abc cbs msnbc npr voa rfa dpa efe anadolu irna isna tasnim fars sana wafa cctv cgtn pti ani
  aljazeera al-jazeera ria nyt wsj ft
`);

/** Major news outlets known by a name of several words. */
export const KNOWN_OUTLET_NAMES: ReadonlySet<string> = new Set([
  'al jazeera',
  'associated press',
  'agence france-presse',
  'radio free asia',
  'radio free europe',
  'radio free europe/radio liberty',
  'deutsche welle',
  'le monde',
  'der spiegel',
  'nikkei asia',
  'the hill',
  'sky news',
  'fox news',
  'channel news asia',
]);

/** Words that are pronouns referring to a person. */
export const PERSON_PRONOUNS = words(`he she him her his`);

/** Plural and collective nouns that open sentences as subjects ("Officials said"), never names. */
export const GENERIC_NOUNS = words(`
  authorities officials residents witnesses critics protesters police troops soldiers militants rebels
  lawmakers diplomats investigators prosecutors officers forces sources reports leaders members
  people citizens voters workers students families survivors refugees migrants civilians passengers
  activists supporters opponents insurgents fighters gunmen attackers separatists jihadists
  scientists doctors medics journalists reporters negotiators delegates ministers governments
`);

/** Lower-case nouns after a name that make it the name of an event or document, not an actor. */
export const EVENT_NOUNS = words(`
  address speech summit talks conference agreement accord treaty deal election elections campaign
  award prize games cup festival forum declaration protocol doctrine act bill law initiative era
  operation offensive war crisis pandemic program programme plan strategy report
`);

/** Heads of the names of documents and agreements: "Dayton Accords", "the Copenhagen Charter". Not actors. */
export const DOCUMENT_HEADS = words(`
  accord accords agreement agreements treaty charter constitution partnership declaration protocol
  doctrine plan strategy act
`);

/** Organisation heads that name one institution by themselves ("the Kremlin", "Congress"). */
export const SINGLE_WORD_INSTITUTIONS = words(`
  congress parliament senate kremlin pentagon interpol hezbollah hamas taliban houthis
`);

/** Lower-case particles inside personal names: "von der Leyen", "bin Salman", "dos Santos". */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(
  'al bin ibn bint de des del della da di du van von der den la le el dos das'.split(' '),
);
