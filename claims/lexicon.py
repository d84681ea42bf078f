"""General English and news-domain word lists used by claim extraction and matching.

Nothing here is tuned to particular articles: these are the kind of tables a style
guide or a thesaurus gives — function words, country names with their adjectives,
demonyms and combining forms, number words, calendar names, time zones, units, hedge
and negation cues, antonym pairs and small synonym sets of everyday news vocabulary.
"""

from __future__ import annotations

STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do does
    doing done down due during each either else elsewhere enough etc even ever every everyone
    everything everywhere except few for former formerly from further had has have having he
    hence her here hereafter hereby herein hereupon hers herself him himself his how however i
    if in indeed into is it its itself just last latter latterly least less made make many may
    me meanwhile might more moreover most mostly much must my myself namely neither never
    nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one
    only onto or other others otherwise our ours ourselves out over own per perhaps please put
    quite rather re really regarding same seem seemed seeming seems several she should show
    side since so some somehow someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then thence there thereafter thereby therefore
    therein thereupon these they this those though through throughout thru thus to together too
    toward towards under unless until up upon us used using various very via was we well were
    what whatever when whence whenever where whereafter whereas whereby wherein whereupon
    wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves mr mrs ms dr also just s t amid amidst
    despite given including following like unlike upon toward towards whose onto de la le del
    der von van
    """.split()
)

# Reporting verbs and attribution words carry who said it, not what was said.
REPORTING_VERBS = frozenset(
    """
    say says said saying tell tells told telling stated add adds added
    note notes noted noting according report reports reported reporting claim claims claimed
    announce announces announced explain explains explained remark remarks remarked
    comment comments commented write writes wrote describe describes described
    """.split()
)

# Words that open a sentence capitalised but are not names.
# (Checked only for the first word of a sentence or clause.)
NOT_NAMES = (
    STOPWORDS
    | REPORTING_VERBS
    | frozenset(
        """
        despite amid amidst given following flanked like unlike including regarding
        concerning beyond toward towards against within without plus minus per according
        monday tuesday wednesday thursday friday saturday sunday january february march april
        may june july august september october november december today yesterday tomorrow
        """.split()
    )
)

# Country or region -> its adjectives, demonyms and combining forms.
PLACE_VARIANTS: dict[str, tuple[str, ...]] = {
    "afghanistan": ("afghan", "afghans"),
    "america": ("american", "americans"),
    "argentina": ("argentine", "argentinian", "argentinians"),
    "australia": ("australian", "australians", "austro"),
    "austria": ("austrian", "austrians"),
    "belarus": ("belarusian", "belarusians", "belarussian"),
    "belgium": ("belgian", "belgians"),
    "brazil": ("brazilian", "brazilians"),
    "canada": ("canadian", "canadians"),
    "chile": ("chilean", "chileans"),
    "china": ("chinese", "sino", "prc"),
    "colombia": ("colombian", "colombians"),
    "cuba": ("cuban", "cubans"),
    "denmark": ("danish", "dane", "danes", "dano"),
    "egypt": ("egyptian", "egyptians"),
    "england": ("english",),
    "estonia": ("estonian", "estonians"),
    "ethiopia": ("ethiopian", "ethiopians"),
    "europe": ("european", "europeans", "euro"),
    "finland": ("finnish", "finn", "finns"),
    "france": ("french", "franco", "gallic"),
    "georgia": ("georgian", "georgians"),
    "germany": ("german", "germans", "germano"),
    "greece": ("greek", "greeks", "graeco", "greco"),
    "hungary": ("hungarian", "hungarians", "hungaro"),
    "india": ("indian", "indians", "indo"),
    "indonesia": ("indonesian", "indonesians"),
    "iran": ("iranian", "iranians", "persian"),
    "iraq": ("iraqi", "iraqis"),
    "ireland": ("irish",),
    "israel": ("israeli", "israelis"),
    "italy": ("italian", "italians", "italo"),
    "japan": ("japanese", "japano", "nippon"),
    "kazakhstan": ("kazakh", "kazakhs"),
    "kenya": ("kenyan", "kenyans"),
    "korea": ("korean", "koreans"),
    "latvia": ("latvian", "latvians"),
    "lebanon": ("lebanese",),
    "lithuania": ("lithuanian", "lithuanians"),
    "mexico": ("mexican", "mexicans"),
    "mongolia": ("mongolian", "mongolians"),
    "morocco": ("moroccan", "moroccans"),
    "nepal": ("nepalese", "nepali"),
    "netherlands": ("dutch", "holland"),
    "nigeria": ("nigerian", "nigerians"),
    "norway": ("norwegian", "norwegians"),
    "pakistan": ("pakistani", "pakistanis"),
    "palestine": ("palestinian", "palestinians"),
    "philippines": ("philippine", "filipino", "filipinos"),
    "poland": ("polish", "pole", "poles", "polono"),
    "portugal": ("portuguese", "luso"),
    "romania": ("romanian", "romanians"),
    "russia": ("russian", "russians", "russo"),
    "saudi arabia": ("saudi", "saudis"),
    "serbia": ("serbian", "serbians", "serb", "serbs"),
    "soviet union": ("soviet", "soviets", "ussr"),
    "spain": ("spanish", "spaniard", "spaniards", "hispano"),
    "sweden": ("swedish", "swede", "swedes"),
    "switzerland": ("swiss",),
    "syria": ("syrian", "syrians"),
    "taiwan": ("taiwanese",),
    "thailand": ("thai", "thais"),
    "turkey": ("turkish", "turk", "turks", "turkiye", "türkiye"),
    "ukraine": ("ukrainian", "ukrainians"),
    "united kingdom": ("uk", "u.k.", "britain", "british", "briton", "britons", "anglo"),
    "united states": ("us", "u.s.", "usa", "u.s.a.", "american", "americans", "america"),
    "venezuela": ("venezuelan", "venezuelans"),
    "vietnam": ("vietnamese",),
    "west": ("western", "westerners"),
    "yemen": ("yemeni", "yemenis"),
}

# Buildings and addresses that stand for a government or its seat, with that seat's city.
METONYMS: dict[str, str] = {
    "kremlin": "moscow",
    "white house": "washington",
    "capitol hill": "washington",
    "pentagon": "washington",
    "downing street": "london",
    "whitehall": "london",
    "westminster": "london",
    "elysee": "paris",
    "élysée": "paris",
    "quai d'orsay": "paris",
    "zhongnanhai": "beijing",
    "great hall of the people": "beijing",
    "blue house": "seoul",
    "bundestag": "berlin",
    "chancellery": "berlin",
    "knesset": "jerusalem",
    "vatican": "rome",
    "brussels": "european union",
}

# Alternative spellings and short forms mapped to one name key.
NAME_VARIANTS: dict[str, str] = {
    "prc": "china",
    "people's republic of china": "china",
    "people’s republic of china": "china",
    "russian federation": "russia",
    "united states of america": "united states",
    "great britain": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "u.n.": "united nations",
    "nato": "nato",
    "beijing": "beijing",
    "peking": "beijing",
    "kiev": "kyiv",
    "zelensky": "zelenskyy",
    "zelenskiy": "zelenskyy",
}

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALE_WORDS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fifteenth": 15,
    "twentieth": 20,
    "hundredth": 100,
}
# Words that stand for a number in ordinary prose.
COUNT_WORDS = {"dozen": 12, "dozens": 24, "half": 0.5, "couple": 2, "pair": 2, "score": 20}

APPROXIMATORS = frozenset(
    """
    about around approximately roughly nearly almost some over under estimated upwards
    circa ca
    """.split()
)
# Two words before a number that make it approximate ("rose to 31" is exact).
APPROXIMATE_PHRASES = frozenset(
    {"more than", "less than", "fewer than", "up to", "at least", "at most", "an estimated"}
)
# Of those, the ones that bound a value rather than blur it: "at least 14" and "17" are
# two figures an editor wants to see side by side, "about 30" and "31" one.
BOUNDS = frozenset(
    {"over", "under", "more than", "less than", "fewer than", "up to", "at least", "at most"}
)
# Words that say when in a day or week something happened ("this afternoon", "overnight"):
# no specific of a claim, and never what a number counts ("rose to four overnight").
TIMES_OF_DAY = frozenset(
    """morning afternoon evening night tonight today yesterday tomorrow overnight dawn dusk
    midday midnight noon weekend soon""".split()
)
# Of those, the ones that leave out the value itself: "more than a dozen" is not 12.
STRICT_BOUNDS = frozenset({"over", "under", "more than", "less than", "fewer than"})

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Offsets from UTC in hours; summer-time names included.
TIME_ZONES = {
    "utc": 0.0,
    "gmt": 0.0,
    "z": 0.0,
    "bst": 1.0,
    "cet": 1.0,
    "cest": 2.0,
    "eet": 2.0,
    "eest": 3.0,
    "msk": 3.0,
    "ist": 5.5,
    "cst": -6.0,
    "cdt": -5.0,
    "est": -5.0,
    "edt": -4.0,
    "et": -5.0,
    "mst": -7.0,
    "mdt": -6.0,
    "pst": -8.0,
    "pdt": -7.0,
    "pt": -8.0,
    "jst": 9.0,
    "kst": 9.0,
    "hkt": 8.0,
    "sgt": 8.0,
    "aest": 10.0,
    "aedt": 11.0,
    "nzst": 12.0,
    "nzdt": 13.0,
    "wib": 7.0,
    "ict": 7.0,
    "pkt": 5.0,
}

# unit word -> (dimension, factor to the dimension's base unit). Temperature is special.
UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in [
    ("mm millimetre millimetres millimeter millimeters", "length", 0.001),
    ("cm centimetre centimetres centimeter centimeters", "length", 0.01),
    ("m metre metres meter meters", "length", 1.0),
    ("km kilometre kilometres kilometer kilometers kms", "length", 1000.0),
    ("in inch inches", "length", 0.0254),
    ("ft foot feet", "length", 0.3048),
    ("yd yard yards", "length", 0.9144),
    ("mi mile miles", "length", 1609.344),
    ("nm nautical-mile nautical-miles", "length", 1852.0),
    ("mg milligram milligrams milligramme milligrammes", "mass", 0.000001),
    ("g gram grams gramme grammes", "mass", 0.001),
    ("kg kilo kilos kilogram kilograms kilogramme kilogrammes", "mass", 1.0),
    ("t tonne tonnes metric-ton metric-tons", "mass", 1000.0),
    ("oz ounce ounces", "mass", 0.028349523125),
    ("lb lbs pound-weight pounds-weight", "mass", 0.45359237),
    ("stone", "mass", 6.35029318),
    ("ton tons", "mass", 907.18474),
    ("ha hectare hectares", "area", 10000.0),
    ("acre acres", "area", 4046.8564224),
    (
        "sq-km km2 km² square-kilometre square-kilometres square-kilometer square-kilometers",
        "area",
        1_000_000.0,
    ),
    ("sq-mi square-mile square-miles", "area", 2_589_988.110336),
    ("l litre litres liter liters", "volume", 1.0),
    ("ml millilitre millilitres milliliter milliliters", "volume", 0.001),
    ("gallon gallons", "volume", 3.785411784),
    ("kph km/h kmh", "speed", 1 / 3.6),
    ("mph", "speed", 0.44704),
    ("knot knots", "speed", 0.514444),
    ("second seconds sec secs", "duration", 1.0),
    ("minute minutes min mins", "duration", 60.0),
    ("hour hours hr hrs", "duration", 3600.0),
    ("day days", "duration", 86400.0),
    ("week weeks", "duration", 604800.0),
    ("month months", "duration", 2_629_746.0),
    ("year years", "duration", 31_556_952.0),
    ("percent per-cent %", "percent", 1.0),
    ("basis-point basis-points bp bps", "basis-points", 1.0),
    ("celsius °c °-c c degrees-celsius", "temperature-c", 1.0),
    ("fahrenheit °f °-f f degrees-fahrenheit", "temperature-f", 1.0),
]:
    for _name in _names.split():
        UNITS[_name.replace("-", " ")] = (_dim, _factor)

CURRENCIES = {
    "$": "dollar",  # whose dollar the outlet's country says: any dollar
    "us$": "usd",
    "dollar": "dollar",
    "dollars": "dollar",
    "usd": "usd",
    "aud": "aud",
    "nzd": "nzd",
    "cad": "cad",
    "€": "eur",
    "euro": "eur",
    "euros": "eur",
    "eur": "eur",
    "£": "gbp",
    "pound": "gbp",
    "pounds": "gbp",
    "gbp": "gbp",
    "sterling": "gbp",
    "¥": "cny",
    "yuan": "cny",
    "renminbi": "cny",
    "rmb": "cny",
    "yen": "jpy",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
    "rupee": "inr",
    "rupees": "inr",
}
# The letters that say whose dollar: "US$5m", "$US8m", "A$150m", "NZ$20m", "C$3bn". A bare
# "$" or "dollars" is any of them.
DOLLAR_COUNTRIES = {
    "us": "usd",
    "a": "aud",
    "au": "aud",
    "aus": "aud",
    "nz": "nzd",
    "c": "cad",
    "ca": "cad",
    "can": "cad",
    "hk": "hkd",
    "s": "sgd",
    "sg": "sgd",
}

# Cues that the sentence does not assert the fact outright.
HEDGES = (
    "supposed to",
    "was to",
    "were to",
    "is to",
    "are to",
    "expected to",
    "scheduled to",
    "set to",
    "due to visit",
    "planned to",
    "plans to",
    "plan to",
    "intended to",
    "intends to",
    "was anticipated",
    "it was anticipated",
    "is anticipated",
    "reportedly",
    "allegedly",
    "apparently",
    "purportedly",
    "supposedly",
    "reported to",
    "said to",
    "believed to",
    "thought to",
    "likely",
    "unlikely",
    "possibly",
    "probably",
    "perhaps",
    "may",
    "might",
    "could",
    "suspected",
    "alleged",
    "rumoured",
    "rumored",
    "unconfirmed",
    "potentially",
)

NEGATIONS = frozenset("not no never n't nobody nothing none neither nor without cannot".split())
# Verbs whose meaning is the negation of what they govern.
NEGATING_VERBS = frozenset(
    "deny denies denied denying refuse refuses refused refusing fail fails failed failing".split()
)
# Verbs that deny what they govern when it is a claim: "rejected claims that the ferry was
# overloaded" denies as "denied that" does.
DISMISSING_VERBS = frozenset(
    "reject rejects rejected rejecting dismiss dismisses dismissed dismissing dispute "
    "disputes disputed disputing".split()
)
CLAIM_NOUNS = frozenset(
    "claim claims report reports suggestion suggestions allegation allegations accusation "
    "accusations charge charges".split()
)

# Antonym pairs: (positive, negative) stems per line; matched on stemmed words.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("approve", "reject"),
    ("accept", "reject"),
    ("accept", "refuse"),
    ("rise", "fall"),
    ("rising", "falling"),
    ("rose", "fell"),
    ("rise", "drop"),
    ("rose", "dropped"),
    ("climb", "fall"),
    ("climb", "drop"),
    ("open", "closed"),
    ("increase", "decrease"),
    ("increase", "decline"),
    ("grow", "shrink"),
    ("grew", "shrank"),
    ("gain", "lose"),
    ("win", "lose"),
    ("won", "lost"),
    ("earlier", "later"),
    ("before", "after"),
    ("prior", "after"),
    ("higher", "lower"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("acknowledge", "deny"),
    ("support", "oppose"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("permit", "prohibit"),
    ("agree", "disagree"),
    ("include", "exclude"),
    ("arrive", "depart"),
    ("suspend", "continue"),
    ("suspend", "resume"),
    ("halt", "continue"),
    ("halt", "resume"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("strengthen", "weaken"),
    ("expand", "shrink"),
    ("raise", "lower"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("convict", "acquit"),
    ("ally", "adversary"),
    ("alive", "dead"),
    ("survive", "die"),
    ("hire", "fire"),
    ("buy", "sell"),
    ("victory", "defeat"),
    ("rejected", "accepted"),
    ("backed", "rejected"),
    ("backed", "rebuffed"),
    ("jump", "slip"),
    ("jump", "fall"),
    ("jump", "drop"),
    ("rise", "slip"),
    ("reopen", "closed"),
    ("strengthen", "ease"),
    ("extend", "lift"),
    ("impose", "lift"),
    ("welcome", "criticise"),
    ("welcome", "criticize"),
    ("welcome", "condemn"),
    ("praise", "criticise"),
    ("praise", "criticize"),
    ("praise", "condemn"),
    ("stronger", "weaker"),
    ("firmer", "weaker"),
    ("raise", "cut"),
    ("recede", "rise"),
    ("ground", "fly"),
)
# Irregular forms that are also other words ("roses", "fallen soldiers"): matched exactly.
EXACT_ANTONYM_FORMS = frozenset(
    {"rose", "fell", "grew", "shrank", "won", "lost", "open", "closed", "backed"}
)

# Everyday news words that outlets use interchangeably; each line is one concept (a line
# ending in "+" goes on on the next).
SYNONYM_SETS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in """
    visit trip tour journey voyage
    expo exhibition exhibit fair showcase exposition forum forums conference convention congress
    stress emphasize emphasise emphasized emphasised highlight underscore underline
    statement declaration communique communiqué
    annual annually yearly year-on-year
    area region zone territory territories district province
    offensive attack assault raid incursion push airstrike airstrikes bombardment
    strike strikes stoppage stoppages walkout walkouts
    war conflict fighting hostilities warfare
    meet meeting met talks summit encounter convene convened convenes
    leader president premier
    minister secretary
    country nation state
    company firm business businesses
    school university college institute academy
    student students pupil pupils
    soldier soldiers troops servicemen
    kill killed dead death deaths died die fatalities toll
    injure injured wounded hurt injuries
    people persons individuals residents
    quake earthquake tremor temblor
    hit hits struck jolted jolts rocked shook
    home house houses homes dwellings buildings
    city town
    sanction sanctions embargo
    fine fined fines penalty penalties
    investigation investigations inquiry inquiries probe probes investigate
    appeal appealed appeals contest contested challenge challenged
    court courts tribunal
    headquarters hq
    review reviews reviewed examine examined examines scrutiny scrutinise scrutinised +
      scrutinize scrutinized
    share shares stock stocks
    regulator regulators watchdog watchdogs
    missing unaccounted
    arms weapons weaponry munitions
    aid assistance support help
    deal agreement accord pact treaty memorandum memorandums memoranda mou mous
    economy economic gdp
    cooperation collaboration partnership
    relationship ties relations
    price cost costs
    buy bought purchase purchased acquire acquired acquires acquisition takeover
    job jobs role roles
    begin start launch
    end finish conclude concluded wrap
    build construct
    rise rose risen increase climb jump surge growth grow gain gained rally rallied soar soared +
      hike hikes hiked expand expanded expands expansion
    fall fell fallen decrease decline drop dropped slump plunge slide slid tumble sank sink dip +
      slip slipped
    large big huge major massive
    largest biggest heaviest
    small minor little
    fast quick rapid
    talk discuss discussion discussions
    plan scheme strategy
    angry furious
    hospital clinic
    evacuate evacuated evacuation
    displaced homeless uprooted
    storm hurricane typhoon cyclone
    flood floods flooding
    fire blaze wildfire
    police officers
    arrest arrested detained detain
    vote ballot election poll
    law legislation bill
    ban prohibit prohibition
    inflation cpi
    close closed closes closure shut shuts shutdown
    concede conceded concedes concession
    """.replace("+\n", " ")
    .strip()
    .splitlines()
)

# Irregular past forms of verbs, each line the base form first: "took" is "take" and
# "built" is "build", as regular forms reach their stem by suffix. Left out are forms
# that are mostly other words in the news: "left" (the side), "bound" ("bound for"),
# "fed" (the Federal Reserve), "dealt" (not a deal), "bore", "lay", "sprang" (spring).
IRREGULAR_VERBS: dict[str, str] = {
    form: line.split()[0]
    for line in """
    arise arose arisen
    beat beaten
    begin began begun
    bend bent
    bleed bled
    blow blew blown
    break broke broken
    breed bred
    bring brought
    build built
    burn burnt
    buy bought
    catch caught
    choose chose chosen
    cling clung
    come came
    dig dug
    draw drew drawn
    drive drove driven
    eat ate eaten
    feel felt
    fight fought
    find found
    flee fled
    fly flew flown
    forbid forbade forbidden
    foresee foresaw foreseen
    forget forgot forgotten
    forgive forgave forgiven
    freeze froze frozen
    get got gotten
    give gave given
    go went gone
    grow grew grown
    hang hung
    hear heard
    hide hid hidden
    hold held
    keep kept
    kneel knelt
    know knew known
    lead led
    lend lent
    light lit
    lose lost
    mean meant
    mislead misled
    overcome overcame
    oversee oversaw overseen
    overtake overtook overtaken
    pay paid
    prove proven
    rebuild rebuilt
    ride rode ridden
    ring rang
    run ran
    see saw seen
    seek sought
    sell sold
    send sent
    shake shaken
    shoot shot
    show shown
    shrink shrank shrunk
    sink sank sunk
    sit sat
    sleep slept
    slide slid
    speak spoke spoken
    spend spent
    spin spun
    stand stood
    steal stole stolen
    stick stuck
    swear swore sworn
    sweep swept
    swing swung
    take took taken
    teach taught
    tear tore torn
    think thought
    throw threw thrown
    undergo underwent undergone
    understand understood
    undertake undertook undertaken
    uphold upheld
    wake woke woken
    wear wore worn
    weep wept
    win won
    withdraw withdrew withdrawn
    withhold withheld
    withstand withstood
    write wrote written
    """.strip().splitlines()
    for form in line.split()[1:]
}

# Common nouns that end the names of buildings and places in a town: "Gisborne Airport"
# is no more Gisborne than "Harbin Institute of Technology" is Harbin. (Bodies such as
# "… Authority" or "… Commission" are actors of their own, named in full.)
NAME_NOUNS = frozenset(
    """
    airport port harbour harbor hospital station stadium bridge dam museum cathedral
    church mosque temple palace square street road highway park prison embassy consulate
    """.split()
)

# Titles and roles that precede a name; dropped when comparing names.
TITLES = frozenset(
    """
    president vice prime minister foreign defence defense finance chancellor premier king queen
    prince princess general gen col colonel lt sgt captain capt admiral secretary spokesman
    spokeswoman spokesperson chairman chairwoman chair chief ceo director governor mayor
    senator sen rep representative ambassador envoy pope bishop leader commander official
    mr mrs ms dr sir lord lady dame judge justice professor prof minister's state
    deputy sheriff commissioner administrator inspector superintendent sergeant detective
    councillor councilor treasurer attorney coroner
    """.split()
)

# Multi-word expressions that say the same as one word (checked before stemming).
PHRASE_SYNONYMS: dict[str, str] = {
    "gross domestic product": "gdp",
    "consumer price index": "cpi",
    "consumer prices": "inflation",
    "once a year": "annual",
    "every year": "annual",
    "each year": "annual",
    "per year": "annual",
    "once a month": "monthly",
    "every month": "monthly",
    "every week": "weekly",
    "once a week": "weekly",
    "every day": "daily",
    "death toll": "killed",
    "lost their lives": "killed",
    "were killed": "killed",
    "air strike": "attack",
    "air strikes": "attack",
    "missile strike": "attack",
    "missile strikes": "attack",
    "drone strike": "attack",
    "drone strikes": "attack",
    "military strike": "attack",
    "walked off the job": "strike",
    "walked out": "strike",
    "downed tools": "strike",
    "industrial action": "strike",
    "memorandum of understanding": "deal",
    "memorandums of understanding": "deal",
    "memoranda of understanding": "deal",
    "forced out of their homes": "displaced",
    "forced from their homes": "displaced",
    "driven from their homes": "displaced",
    "fled their homes": "displaced",
    "lost their homes": "displaced",
    "left their homes": "displaced",
    "take over": "buy",
    "takes over": "buy",
    "taken over": "buy",
    "took over": "buy",
    "ordered to leave their homes": "evacuate",
    "forced to flee": "evacuate",
    "took in": "visit",
    "stopped at": "visit",
    "stop at": "visit",
    "paid a visit": "visit",
    "trade fair": "expo",
    "trade show": "expo",
    "head of state": "president",
    "prime minister": "premier",
    "foreign minister": "foreign-minister",
    "foreign ministry": "foreign-ministry",
    "jumped the tracks": "derailed",
    "jumped the rails": "derailed",
    "left the rails": "derailed",
    "left the tracks": "derailed",
    "off the rails": "derailed",
    "off the tracks": "derailed",
    "came off the rails": "derailed",
    "coming days": "soon",
    "coming weeks": "soon",
    "coming months": "soon",
    "days ahead": "soon",
    "weeks ahead": "soon",
    "credit card details": "payment",
    "credit card numbers": "payment",
    "card details": "payment",
    "bank details": "payment",
    "bank account details": "payment",
    "bank account information": "payment",
    "payment details": "payment",
    "payment information": "payment",
    "financial information": "payment",
    "financial details": "payment",
    "step in": "intervene",
    "steps in": "intervene",
    "stepped in": "intervene",
    "step into": "intervene",
    "stepping in": "intervene",
    "head office": "headquarters",
    "head offices": "headquarters",
    "re - elected": "reelect",
    "re - election": "reelect",
    "reelected": "reelect",
    "reelection": "reelect",
    **{
        f"{verb} {which} term": "reelect"
        for verb in "won win wins winning secured secure secures securing".split()
        for which in ("a second", "a third", "a fourth", "a fifth", "another", "a fresh")
    },
}
