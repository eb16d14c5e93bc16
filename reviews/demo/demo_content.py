"""Demo content: real films with public facts, and original reviews written for this site.

Pure data, loaded by `manage.py load_demo`. Facts that could not be stated with confidence
(an IMDb or Wikidata id, a certificate, a running time) are left blank rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CastMember:
    """An actor and the character they play."""

    name: str
    character: str


@dataclass(frozen=True)
class FilmData:
    """Public facts about one film."""

    slug: str
    title: str
    year: int
    original_language: str
    original_title: str = ""
    runtime_minutes: int | None = None
    certification: str = ""
    genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    cast: tuple[CastMember, ...] = ()
    imdb_id: str = ""
    wikidata_id: str = ""
    synopsis: str = ""


@dataclass(frozen=True)
class CriticData:
    """A critic's account."""

    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class SectionData:
    """One headed section of a review."""

    heading: str
    body: str
    contains_spoilers: bool = False


@dataclass(frozen=True)
class ReviewData:
    """A review; `days_ago` places publication relative to load time (negative: scheduled)."""

    slug: str
    film: str
    critic: str
    headline: str
    standfirst: str
    intro: str
    sections: tuple[SectionData, ...]
    rating: int | None
    verdict: str = ""
    verdict_heading: str = "Final verdict"
    draft: bool = False
    days_ago: float | None = None
    notes: str = ""


CRITICS: tuple[CriticData, ...] = (
    CriticData("mara", "Mara", "Okafor"),
    CriticData("tomas", "Tomás", "Ruiz"),
    CriticData("leila", "Leila", "Haddad"),
)


FILMS: tuple[FilmData, ...] = (
    FilmData(
        slug="children-of-heaven",
        title="Children of Heaven",
        original_title="بچه‌های آسمان",
        original_language="fa",
        year=1997,
        runtime_minutes=89,
        genres=("Drama", "Family"),
        countries=("IR",),
        languages=("fa",),
        directors=("Majid Majidi",),
        writers=("Majid Majidi",),
        cast=(
            CastMember("Mohammad Amir Naji", "Father"),
            CastMember("Amir Farrokh Hashemian", "Ali"),
            CastMember("Bahare Seddiqi", "Zahra"),
        ),
        imdb_id="tt0118849",
        synopsis=(
            "In a poor neighbourhood of south Tehran, a boy loses the only pair of shoes his "
            "little sister owns. Afraid to burden their struggling parents, the two children "
            "agree to share his worn sneakers, running between school shifts to swap them, "
            "while he looks for a way to set things right."
        ),
    ),
    FilmData(
        slug="tokyo-story",
        title="Tokyo Story",
        original_title="東京物語",
        original_language="ja",
        year=1953,
        runtime_minutes=136,
        certification="U",
        genres=("Drama",),
        countries=("JP",),
        languages=("ja",),
        directors=("Yasujirō Ozu",),
        writers=("Kōgo Noda", "Yasujirō Ozu"),
        cast=(
            CastMember("Chishū Ryū", "Shūkichi Hirayama"),
            CastMember("Chieko Higashiyama", "Tomi Hirayama"),
            CastMember("Setsuko Hara", "Noriko Hirayama"),
            CastMember("Haruko Sugimura", "Shige Kaneko"),
        ),
        imdb_id="tt0046438",
        synopsis=(
            "An elderly couple leave their small coastal town to visit their grown children in "
            "Tokyo. The son and daughter are busy with their own lives and find the visit an "
            "inconvenience; it is their widowed daughter-in-law who makes time for them."
        ),
    ),
    FilmData(
        slug="bicycle-thieves",
        title="Bicycle Thieves",
        original_title="Ladri di biciclette",
        original_language="it",
        year=1948,
        runtime_minutes=89,
        genres=("Drama",),
        countries=("IT",),
        languages=("it",),
        directors=("Vittorio De Sica",),
        writers=("Cesare Zavattini", "Vittorio De Sica", "Suso Cecchi d'Amico"),
        cast=(
            CastMember("Lamberto Maggiorani", "Antonio Ricci"),
            CastMember("Enzo Staiola", "Bruno Ricci"),
            CastMember("Lianella Carell", "Maria Ricci"),
        ),
        imdb_id="tt0040522",
        synopsis=(
            "In post-war Rome, an unemployed man finally lands a job pasting up posters, on "
            "condition that he has a bicycle. When it is stolen on his first day, he and his "
            "young son set out across the city to find it."
        ),
    ),
    FilmData(
        slug="cleo-from-5-to-7",
        title="Cléo from 5 to 7",
        original_title="Cléo de 5 à 7",
        original_language="fr",
        year=1962,
        runtime_minutes=90,
        genres=("Drama",),
        countries=("FR",),
        languages=("fr",),
        directors=("Agnès Varda",),
        writers=("Agnès Varda",),
        cast=(
            CastMember("Corinne Marchand", "Cléo"),
            CastMember("Antoine Bourseiller", "Antoine"),
            CastMember("Dominique Davray", "Angèle"),
        ),
        synopsis=(
            "A young pop singer waits through a summer afternoon in Paris for the results of a "
            "medical test. Followed in something close to real time, she shops, rehearses, "
            "visits a friend and walks the city, and the way she sees herself begins to shift."
        ),
    ),
    FilmData(
        slug="seven-samurai",
        title="Seven Samurai",
        original_title="七人の侍",
        original_language="ja",
        year=1954,
        runtime_minutes=207,
        certification="PG",
        genres=("Action", "Adventure", "Drama"),
        countries=("JP",),
        languages=("ja",),
        directors=("Akira Kurosawa",),
        writers=("Akira Kurosawa", "Shinobu Hashimoto", "Hideo Oguni"),
        cast=(
            CastMember("Takashi Shimura", "Kambei Shimada"),
            CastMember("Toshirō Mifune", "Kikuchiyo"),
            CastMember("Isao Kimura", "Katsushirō Okamoto"),
            CastMember("Keiko Tsushima", "Shino"),
        ),
        imdb_id="tt0047478",
        synopsis=(
            "In sixteenth-century Japan, farmers who know bandits will return after the harvest "
            "go looking for samurai willing to defend their village for nothing more than rice. "
            "A seasoned ronin agrees, and sets about recruiting the others."
        ),
    ),
    FilmData(
        slug="spirited-away",
        title="Spirited Away",
        original_title="千と千尋の神隠し",
        original_language="ja",
        year=2001,
        runtime_minutes=125,
        certification="PG",
        genres=("Animation", "Fantasy", "Family"),
        countries=("JP",),
        languages=("ja",),
        directors=("Hayao Miyazaki",),
        writers=("Hayao Miyazaki",),
        cast=(
            CastMember("Rumi Hiiragi", "Chihiro Ogino / Sen"),
            CastMember("Miyu Irino", "Haku"),
            CastMember("Mari Natsuki", "Yubaba"),
        ),
        imdb_id="tt0245429",
        synopsis=(
            "On the way to their new home, a sulky ten-year-old and her parents wander into an "
            "empty town that comes alive at dusk. To save her family she must take a job in a "
            "bathhouse for spirits, run by a formidable witch."
        ),
    ),
    FilmData(
        slug="parasite",
        title="Parasite",
        original_title="기생충",
        original_language="ko",
        year=2019,
        runtime_minutes=132,
        certification="15",
        genres=("Thriller", "Comedy", "Drama"),
        countries=("KR",),
        languages=("ko",),
        directors=("Bong Joon-ho",),
        writers=("Bong Joon-ho", "Han Jin-won"),
        cast=(
            CastMember("Song Kang-ho", "Kim Ki-taek"),
            CastMember("Lee Sun-kyun", "Park Dong-ik"),
            CastMember("Cho Yeo-jeong", "Park Yeon-kyo"),
            CastMember("Choi Woo-shik", "Kim Ki-woo"),
        ),
        imdb_id="tt6751668",
        synopsis=(
            "A family scraping by in a semi-basement flat in Seoul sees its chance when the son "
            "is hired to tutor the daughter of a wealthy household. One by one, the rest of the "
            "family find their way into the big house on the hill."
        ),
    ),
    FilmData(
        slug="a-separation",
        title="A Separation",
        original_title="جدایی نادر از سیمین",
        original_language="fa",
        year=2011,
        runtime_minutes=123,
        genres=("Drama",),
        countries=("IR",),
        languages=("fa",),
        directors=("Asghar Farhadi",),
        writers=("Asghar Farhadi",),
        cast=(
            CastMember("Peyman Moaadi", "Nader"),
            CastMember("Leila Hatami", "Simin"),
            CastMember("Sareh Bayat", "Razieh"),
            CastMember("Shahab Hosseini", "Hodjat"),
        ),
        imdb_id="tt1832382",
        synopsis=(
            "A Tehran couple reach an impasse: she wants to emigrate with their daughter, he "
            "will not leave his father, who has Alzheimer's. When she moves out, he hires a "
            "carer, and a single afternoon's confrontation draws both families into court."
        ),
    ),
    FilmData(
        slug="wadjda",
        title="Wadjda",
        original_title="وجدة",
        original_language="ar",
        year=2012,
        genres=("Drama", "Family"),
        countries=("SA", "DE"),
        languages=("ar",),
        directors=("Haifaa al-Mansour",),
        writers=("Haifaa al-Mansour",),
        cast=(
            CastMember("Waad Mohammed", "Wadjda"),
            CastMember("Reem Abdullah", "Mother"),
            CastMember("Ahd", "Ms. Hussa"),
        ),
        synopsis=(
            "In a Riyadh suburb, a spirited ten-year-old sets her heart on a green bicycle so "
            "she can race the boy next door, though girls are not expected to ride. When her "
            "mother refuses, she looks for a way to raise the money herself."
        ),
    ),
    FilmData(
        slug="paris-texas",
        title="Paris, Texas",
        original_language="en",
        year=1984,
        runtime_minutes=145,
        genres=("Drama",),
        countries=("DE", "FR"),
        languages=("en",),
        directors=("Wim Wenders",),
        writers=("Sam Shepard", "L. M. Kit Carson"),
        cast=(
            CastMember("Harry Dean Stanton", "Travis Henderson"),
            CastMember("Nastassja Kinski", "Jane Henderson"),
            CastMember("Dean Stockwell", "Walt Henderson"),
            CastMember("Hunter Carson", "Hunter Henderson"),
        ),
        imdb_id="tt0087884",
        synopsis=(
            "A man who has been missing for four years walks out of the Texas desert, unwilling "
            "to speak. His brother brings him back to Los Angeles and to the young son he left "
            "behind, and the two of them set off to find the boy's mother."
        ),
    ),
    FilmData(
        slug="moonlight",
        title="Moonlight",
        original_language="en",
        year=2016,
        runtime_minutes=111,
        certification="15",
        genres=("Drama",),
        countries=("US",),
        languages=("en",),
        directors=("Barry Jenkins",),
        writers=("Barry Jenkins", "Tarell Alvin McCraney"),
        cast=(
            CastMember("Trevante Rhodes", "Chiron / Black"),
            CastMember("Ashton Sanders", "Chiron"),
            CastMember("Mahershala Ali", "Juan"),
            CastMember("Naomie Harris", "Paula"),
        ),
        imdb_id="tt4975722",
        synopsis=(
            "Three chapters in the life of Chiron, growing up in Miami: as a withdrawn boy "
            "taken under the wing of a local dealer, as a bullied teenager, and as a man who "
            "has hardened himself against the world."
        ),
    ),
    FilmData(
        slug="portrait-of-a-lady-on-fire",
        title="Portrait of a Lady on Fire",
        original_title="Portrait de la jeune fille en feu",
        original_language="fr",
        year=2019,
        runtime_minutes=122,
        certification="15",
        genres=("Drama", "Romance", "History"),
        countries=("FR",),
        languages=("fr",),
        directors=("Céline Sciamma",),
        writers=("Céline Sciamma",),
        cast=(
            CastMember("Noémie Merlant", "Marianne"),
            CastMember("Adèle Haenel", "Héloïse"),
            CastMember("Luàna Bajrami", "Sophie"),
            CastMember("Valeria Golino", "The Countess"),
        ),
        imdb_id="tt8613070",
        synopsis=(
            "Brittany, the late eighteenth century. A painter is hired to make a wedding "
            "portrait of a young woman who refuses to sit for one, and must study her in secret "
            "while posing as her companion on daily walks."
        ),
    ),
)


REVIEWS: tuple[ReviewData, ...] = (
    ReviewData(
        slug="children-of-heaven-the-weight-of-a-pair-of-shoes",
        film="children-of-heaven",
        critic="mara",
        days_ago=81,
        rating=9,
        headline="The weight of a pair of shoes",
        standfirst=(
            "Majid Majidi builds a whole moral universe out of one lost pair of shoes, and "
            "never once raises his voice."
        ),
        intro=(
            "There is a particular kind of film that looks slight on paper and turns out to "
            "carry more than its premise seems able to hold. *Children of Heaven* is the purest "
            "example I know. A boy mislays his sister's shoes; that is the plot, more or less, "
            "and Majidi trusts it completely.\n\n"
            "What he finds inside it is a study of shame, loyalty and the quiet arithmetic of "
            "poverty, told at the height of a nine-year-old's eyes."
        ),
        sections=(
            SectionData(
                "A secret kept between two children",
                "The premise turns on a decision the children make almost without discussing "
                "it: their parents must not find out. The father is behind on the rent, the "
                "mother is unwell, and Ali understands, with a child's crushing literalness, "
                "that a new pair of shoes is simply not available. So the siblings improvise a "
                "relay. Zahra wears his sneakers to the morning session at school; Ali waits at "
                "the corner and sprints to the afternoon one.\n\n"
                "Majidi stages these hand-overs like small heists, with the same rising "
                "tension, and they are funny until they suddenly are not. Every late arrival "
                "at school becomes a moral crisis. The film never turns the secret into "
                "melodrama; it lets us feel how heavy it is for shoulders that small.",
            ),
            SectionData(
                "Performances that do not look like performances",
                "Amir Farrokh Hashemian has a face made for worry, and the camera studies it "
                "patiently: the guilty glance, the stubborn set of the jaw, the moment "
                "when he decides to try again. Bahare Seddiqi, as Zahra, is even more "
                "remarkable, because her character has every right to be furious and "
                "mostly chooses patience instead.\n\n"
                "Their scenes together, passing notes across a homework book so their "
                "parents cannot overhear, are among the most tender depictions of siblings "
                "I have seen. Mohammad Amir Naji gives the father a proud, harried dignity; "
                "he is strict, but the film lets us see the pressure that makes him so.",
            ),
            SectionData(
                "Two Tehrans",
                "Midway through, father and son cycle up to the wealthy north of the city "
                "looking for gardening work. The sequence is gently comic, all intercoms and "
                "locked gates, but it also quietly widens the frame. The distance between "
                "the cramped alleys of the south and the tall, silent villas is never "
                "lectured about; it is simply ridden through, uphill.\n\n"
                "The film's generosity extends in every direction. Nobody here is a "
                "villain, not even the girl who ends up with Zahra's shoes, and that "
                "refusal to assign blame is what gives the story its ache.",
            ),
        ),
        verdict=(
            "A small film in scale only. Its final stretch, built around a children's "
            "running race, "
            "is as gripping as any sports climax, precisely because the stakes are a pair "
            "of shoes and a promise to a sister. Show it to children; watch it yourself "
            "first."
        ),
    ),
    ReviewData(
        slug="children-of-heaven-a-second-look",
        film="children-of-heaven",
        critic="leila",
        days_ago=12,
        rating=7,
        headline="Sweet, sincere, and a little too neat",
        standfirst=(
            "Majidi's fable of a brother and sister sharing one pair of sneakers is lovely to "
            "watch, though its design shows more on a second viewing."
        ),
        intro=(
            "I first saw *Children of Heaven* as a teenager and cried through the last twenty "
            "minutes. Returning to it now, the tears came again, but so did a few questions "
            "about how deliberately the film goes about earning them."
        ),
        sections=(
            SectionData(
                "What still works",
                "The central idea remains irresistible. Two children sharing one pair of "
                "shoes in shifts is the sort of device that generates suspense, comedy and "
                "pathos in equal measure, and Majidi wrings all three out of it. The running "
                "is beautifully shot: low, close, with the slap of rubber on asphalt loud on "
                "the soundtrack.\n\n"
                "The child performances also hold up. There is nothing cute or coached about "
                "them, and the film is at its best when it simply watches the two siblings "
                "negotiate, sulk and forgive.",
            ),
            SectionData(
                "Where the seams show",
                "What is harder to overlook now is how tidily the world bends to the story. "
                "Poverty here is dignified and clean; every adult is kindly at heart; each "
                "setback arrives just in time to be answered by a gesture of goodness. The "
                "film's moral sense is humane, but its surprises rarely surprise.\n\n"
                "The score, too, leans in harder than the images need. Majidi's camera is "
                "eloquent enough on its own, and the swelling music in the later scenes "
                "tells us what to feel a beat before we would have felt it anyway.",
            ),
            SectionData(
                "A film for sharing",
                "None of that undoes its value as a bridge. For many viewers outside Iran "
                "this was a first encounter with Iranian cinema, and it remains one of the "
                "best films to watch with children: patient, unpatronising, and alert to how "
                "large small things feel at that age.\n\n"
                "It also opens up good conversations afterwards: about fairness, about "
                "keeping secrets from parents, about the girl across town whose family has "
                "even less. Few family films leave children with that much to think about, "
                "and fewer manage it without a lecture.",
            ),
        ),
        verdict_heading="The bottom line",
        verdict=(
            "Warm and well made, if more calculated than its reputation suggests. The "
            "siblings are unforgettable; the machinery around them is merely very good."
        ),
    ),
    ReviewData(
        slug="tokyo-story-the-distance-between-generations",
        film="tokyo-story",
        critic="tomas",
        days_ago=73,
        rating=10,
        headline="The distance between generations",
        standfirst=(
            "Ozu's study of parents and grown children is so calm you may not notice it "
            "breaking your heart until the very end."
        ),
        intro=(
            "Nothing dramatic happens in *Tokyo Story* for long stretches, and that is the "
            "point. An old couple take a long train journey to see their children; the "
            "children are pleasant, busy and faintly relieved when the visit ends.\n\n"
            "Out of these everyday disappointments Ozu makes something close to a universal "
            "portrait of family life, one that has barely aged in seventy years."
        ),
        sections=(
            SectionData(
                "A camera that sits and listens",
                "Ozu's style is famous for its restraint: the camera placed low, roughly at "
                "the eye level of someone kneeling on a tatami mat, and almost never moving. "
                "Characters often speak straight towards the lens, and the cutting follows "
                "conversations with an unhurried regularity.\n\n"
                "It can sound austere. In practice it feels intimate, as though we have been "
                "invited to sit in the corner of each room. Between scenes he cuts to "
                "chimneys, washing lines and harbour views, brief pauses that let the "
                "emotion of one scene settle before the next begins.",
            ),
            SectionData(
                "Nobody is a villain",
                "The children are not cruel. The doctor son is overworked; the hairdresser "
                "daughter is brisk and practical; both love their parents in the abstract. "
                "What they lack is time, and the film is clear-eyed about how easily "
                "affection is crowded out by routine.\n\n"
                "Haruko Sugimura is superb as the daughter, comic in her thrift and never "
                "quite a caricature. Opposite her, Setsuko Hara's Noriko, the widowed "
                "daughter-in-law who has the least obligation and gives the most, radiates "
                "a warmth with something unspoken beneath it.",
            ),
            SectionData(
                "Chishū Ryū and Chieko Higashiyama",
                "At the centre are the parents, and the two actors make their long marriage "
                "legible in a handful of glances. Ryū's Shūkichi is mild and "
                "self-effacing; Higashiyama's Tomi smiles through slights that would wound "
                "anyone else. Their acceptance is the film's most devastating quality, "
                "because it is not resignation so much as understanding.\n\n"
                "A scene at a seaside spa, where the two sit on a sea wall after a sleepless "
                "night, says more about ageing than most films manage in their entire "
                "running time.",
            ),
        ),
        verdict=(
            "Essential. Give it your full attention and a quiet evening, and it will "
            "repay both with interest. Few films understand families this well."
        ),
    ),
    ReviewData(
        slug="bicycle-thieves-a-city-without-mercy",
        film="bicycle-thieves",
        critic="leila",
        days_ago=64,
        rating=9,
        headline="A city without mercy, a film full of it",
        standfirst=(
            "De Sica's neorealist landmark remains a plain, piercing story about what one "
            "stolen bicycle means to a family with nothing to spare."
        ),
        intro=(
            "It is hard to watch *Bicycle Thieves* now without the weight of its reputation. "
            "It has been called the greatest film ever made often enough to feel like a "
            "homework assignment.\n\n"
            "Set that aside. What remains is a brisk, gripping and deeply humane story, shot "
            "on the streets of a city still recovering from war, with a father and son at its "
            "heart."
        ),
        sections=(
            SectionData(
                "Everything depends on the bicycle",
                "The first act is a masterclass in establishing stakes. A crowd of jobless "
                "men waits outside an office; one name is called; the job requires a "
                "bicycle, and his is in pawn. His wife strips the sheets off the marital bed "
                "to redeem it. We see the pawnshop's towering shelves of other families' "
                "linen and understand, without a word of exposition, how many people are in "
                "the same position.\n\n"
                "So when the bicycle disappears, we feel it as a catastrophe rather than a "
                "plot point. The search that follows has the pull of a thriller.",
            ),
            SectionData(
                "Non-professionals, real streets",
                "De Sica cast Lamberto Maggiorani, a factory worker, as Antonio, and the "
                "choice pays off in every frame. He has the awkwardness of a man unused to "
                "being watched, and his growing desperation never looks like acting. Enzo "
                "Staiola as his son Bruno is the film's secret weapon: a small, serious boy "
                "who trots to keep up with his father and registers every humiliation.\n\n"
                "Rome itself is the third lead. Markets, rainstorms, a charity mass, a "
                "fortune teller's crowded flat: the search becomes a tour of a city where "
                "everyone is scraping by, and where solidarity and suspicion sit side by "
                "side.",
            ),
            SectionData(
                "Father and son",
                "What lifts the film beyond social document is the relationship at its "
                "centre. A shared meal in a restaurant they cannot afford, a slap followed "
                "by a sulk and a clumsy reconciliation: these small scenes chart a boy "
                "seeing his father clearly for the first time, and loving him anyway.\n\n"
                "De Sica keeps cutting to Bruno's face at the moments when Antonio is "
                "least in control of himself, and the boy's reactions become our moral "
                "compass. The film is as much about what a child learns from watching an "
                "adult fail as about the failure itself.",
            ),
        ),
        verdict=(
            "Its greatness is not a burden after all. Spare, urgent and enormously "
            "compassionate, it earns every bit of its reputation by refusing to simplify "
            "anyone in it."
        ),
    ),
    ReviewData(
        slug="cleo-from-5-to-7-a-woman-watched-a-woman-watching",
        film="cleo-from-5-to-7",
        critic="mara",
        days_ago=57,
        rating=8,
        headline="A woman watched, then a woman watching",
        standfirst=(
            "Agnès Varda follows a singer through one anxious afternoon in Paris and charts, "
            "minute by minute, how she stops being looked at and starts to look."
        ),
        intro=(
            "*Cléo from 5 to 7* announces its method in its title. We spend roughly ninety "
            "minutes with Cléo, a young singer waiting for the results of a medical test, and "
            "the film counts them off in titled chapters, each tagged with the time.\n\n"
            "It could have been a gimmick. Varda makes it a way of paying attention."
        ),
        sections=(
            SectionData(
                "Fear in a hat shop",
                "The early chapters are deliberately glossy. Cléo is beautiful, pampered and "
                "superstitious; she tries on hats, frets over a fortune teller's cards and "
                "is soothed and scolded by her housekeeper-companion Angèle. Mirrors are "
                "everywhere, and Cléo keeps checking herself in them, as if her reflection "
                "could confirm she is still well.\n\n"
                "Varda shoots these scenes with a light touch, but she never lets us forget "
                "the dread underneath. The chic surface is a defence, and we watch it "
                "straining.",
            ),
            SectionData(
                "The song that changes everything",
                "The turning point comes at a rehearsal in her flat. Her songwriters, "
                "played with breezy charm by Michel Legrand and Serge Korber, breeze in with "
                "new material; one number, a lament, lands on Cléo like a diagnosis. "
                "Corinne Marchand's performance of it, shot in a single close-up as the "
                "background falls away, is the film's emotional hinge.\n\n"
                "Afterwards she takes off her wig, changes into a simple black dress and "
                "goes out alone. From here the camera increasingly adopts her point of view, "
                "and Paris opens up.",
            ),
            SectionData(
                "Paris in the open air",
                "The second half is a documentary of the city in early summer: cafés, "
                "a taxi ride, a sculpture studio, a park where she meets a talkative soldier on "
                "leave. Varda's background as a photographer shows in every street shot, "
                "and the chance encounters feel genuinely chanced upon.\n\n"
                "Antoine Bourseiller's soldier, due back in Algeria, brings the war into "
                "the frame without speeches. Two people facing different kinds of "
                "uncertainty find they can talk to each other.",
            ),
        ),
        verdict=(
            "Witty, formally bold and quietly profound, this is a film about mortality "
            "that feels more alive than most. The first half's artifice is deliberate, "
            "but it does make the wait for the second half's freedom a touch long."
        ),
    ),
    ReviewData(
        slug="seven-samurai-the-template-and-the-masterpiece",
        film="seven-samurai",
        critic="tomas",
        days_ago=49,
        rating=9,
        headline="The template, and still the masterpiece",
        standfirst=(
            "Every team-assembles-for-a-mission film owes something to Kurosawa's epic. Three "
            "and a half hours later, you understand why it has never been bettered."
        ),
        intro=(
            "*Seven Samurai* is long, and it wants you to feel the length. The recruiting, "
            "the training and the waiting take up most of its running time, and the "
            "battle, when it comes, is earned by everything that precedes it.\n\n"
            "This is the rare action epic that is also a film about class, about labour and "
            "about what it costs to be a hero for hire."
        ),
        sections=(
            SectionData(
                "Assembling the seven",
                "The first hour is pure pleasure. Takashi Shimura's Kambei, calm and "
                "self-deprecating, is introduced shaving off his topknot and borrowing a "
                "monk's robe to rescue a kidnapped child, and from then on we would follow "
                "him anywhere. The recruits "
                "arrive one by one, each sketched with a single defining moment: a swordsman "
                "who wants only to perfect his craft, a cheerful ronin found chopping "
                "firewood for his supper, a young idealist.\n\n"
                "Kurosawa has an eye for the telling detail, and the characterisation is so "
                "economical that seven distinct men are fixed in our minds before the "
                "village comes into view.",
            ),
            SectionData(
                "Mifune's wild card",
                "Then there is Kikuchiyo. Toshirō Mifune plays him as a howling, scratching, "
                "preening force of nature who claims a samurai's lineage nobody believes. "
                "He is the film's comic relief and, unexpectedly, its conscience: the one "
                "character who knows both sides of the divide between farmers and warriors, "
                "and who says out loud what the others would rather not hear.\n\n"
                "It is an enormous, physical performance, sometimes exhausting, always "
                "watchable.",
            ),
            SectionData(
                "Mud, rain and geography",
                "The final battle is rightly famous. Kurosawa maps the village so carefully "
                "in advance, with Kambei's hand-drawn plan, the fences and the "
                "flooded rice fields, that we always know where we are when the chaos "
                "starts. Shot in "
                "driving rain with several cameras, the combat is muddy, confused and "
                "exhausting, and no death in it feels cheap.",
            ),
        ),
        verdict=(
            "A landmark that still plays like a living film. The middle section drifts, "
            "and the romance subplot is thin, but the whole is so rich in character and "
            "so sure in its craft that the quibbles barely register."
        ),
    ),
    ReviewData(
        slug="spirited-away-work-names-and-wonder",
        film="spirited-away",
        critic="leila",
        days_ago=41,
        rating=10,
        headline="Work, names and wonder",
        standfirst=(
            "Miyazaki's bathhouse fantasy is a coming-of-age story disguised as a fairy tale, "
            "and the most inventive animated film of its century so far."
        ),
        intro=(
            "Chihiro begins *Spirited Away* slumped in the back seat of the car, clutching a "
            "farewell bouquet and hating the move to a new town. She is not a heroine in any "
            "conventional sense, and that is why the film works so well.\n\n"
            "By the end she has not slain a dragon or won a war. She has learned to work, "
            "to be kind to strangers and to remember who she is."
        ),
        sections=(
            SectionData(
                "A world that runs on labour",
                "Most fantasy worlds are built for adventure. Miyazaki's is built for "
                "work. The bathhouse where Chihiro finds employment has shifts, "
                "hierarchies, paperwork and a boiler room, and it is populated by spirits "
                "who come to be scrubbed clean after long days of their own.\n\n"
                "The film takes this seriously. Chihiro scrubs floors, hauls buckets and "
                "gets shouted at, and her growing competence is the spine of the story. It "
                "is an unusual thing for a children's film to value, and a refreshing one.",
            ),
            SectionData(
                "Creatures you cannot forget",
                "Kamaji, the many-armed boiler man; the soot sprites carrying coal; the "
                "giant baby; the silent, masked No-Face, whose hunger grows with everything "
                "he is given. The invention never flags, and almost nothing is explained, "
                "which makes the world feel older and larger than the story that passes "
                "through it.\n\n"
                "The set piece in which a reeking, mud-caked guest arrives at the baths is "
                "a marvel of animation, at once disgusting, funny and, when the truth about "
                "him emerges, unexpectedly moving.",
            ),
            SectionData(
                "Names and memory",
                "The witch Yubaba controls her workers by taking their names. It is a "
                "simple, chilling idea, and Miyazaki uses it to quietly explore identity, "
                "memory and the risk of being absorbed by a job. Joe Hisaishi's score "
                "carries a similar melancholy, most of all in a long, wordless train ride "
                "across a flooded plain that is the film's most beautiful sequence.",
            ),
        ),
        verdict=(
            "A masterpiece for any age. It trusts children with strangeness, reminds "
            "adults of how the world looked before it became familiar, and never wastes "
            "a frame."
        ),
    ),
    ReviewData(
        slug="parasite-upstairs-downstairs-and-further-down",
        film="parasite",
        critic="tomas",
        days_ago=34,
        rating=9,
        headline="Upstairs, downstairs, and further down",
        standfirst=(
            "Bong Joon-ho's class satire begins as a sly con-artist comedy and descends, "
            "staircase by staircase, into something far darker."
        ),
        intro=(
            "The less you know about *Parasite* going in, the better, so this review keeps "
            "its plot discussion to one clearly marked section. What can be said freely is "
            "that the film is superbly engineered, very funny, and angrier than its "
            "polished surface first suggests.\n\n"
            "It is also, unusually for a film so acclaimed, enormous fun to watch."
        ),
        sections=(
            SectionData(
                "The con",
                "The first hour is a caper. The Kim family, folding pizza boxes in a "
                "semi-basement flat and hunting for a neighbour's wifi signal, spot an "
                "opportunity when the son is offered a tutoring job with the wealthy Parks. "
                "What follows is a delightfully brazen sequence of forged credentials, "
                "invented backstories and carefully rehearsed lines.\n\n"
                "Song Kang-ho is wonderful as the father, a man whose easy-going humour "
                "masks a deep reservoir of humiliation. Cho Yeo-jeong, as the credulous Mrs "
                "Park, is a comic gift.",
            ),
            SectionData(
                "Architecture as argument",
                "The Parks' house, all glass, lawn and clean lines, is one of the great "
                "screen locations, and Bong uses its levels with precision. Stairs matter "
                "in this film: who climbs them, who descends, and what is hidden at the "
                "bottom. The cinematography by Hong Kyung-pyo frames the wealthy in calm, "
                "wide symmetry and the poor in cramped, crowded frames.\n\n"
                "The class critique is pointed but never simple. Bong does not make the "
                "rich monstrous; he makes them oblivious, which turns out to be worse.",
            ),
            SectionData(
                "The storm and the party",
                "The turn comes on the night of a rainstorm, when a visit from the former "
                "housekeeper reveals that the Kims are not the only ones living off the "
                "house: her husband has been hiding for years in a bunker beneath it. The "
                "same downpour that gives the Parks' son a pleasant night of camping "
                "floods the Kims' flat with sewage.\n\n"
                "By the garden party the next day, the comedy has curdled entirely. When "
                "Mr Park wrinkles his nose at the smell of the man in the basement, the "
                "gesture lights a fuse, and the violence that follows is shocking "
                "precisely because it grows out of such a small, casual contempt.",
                contains_spoilers=True,
            ),
        ),
        verdict=(
            "A near-perfect piece of popular filmmaking: entertaining enough to reach "
            "everyone, and barbed enough to stay with them. The final stretch is a shade "
            "schematic, but it lands like a blow."
        ),
    ),
    ReviewData(
        slug="parasite-brilliant-machine-cold-heart",
        film="parasite",
        critic="mara",
        days_ago=27,
        rating=6,
        headline="A brilliant machine with a cold heart",
        standfirst=(
            "Nobody builds a set piece like Bong Joon-ho. But his acclaimed satire treats "
            "its characters as moving parts, and it shows."
        ),
        intro=(
            "I admire *Parasite* enormously and I do not quite love it. Its craft is "
            "beyond argument: the plotting is intricate, the production design is "
            "immaculate, and the tonal shifts are managed with a conductor's control.\n\n"
            "What kept me at a distance was the sense of watching a thesis being proved."
        ),
        sections=(
            SectionData(
                "Everything in its place",
                "Every object in *Parasite* has a job. A gift of a decorative stone, a "
                "peach, a staircase, a window at street level: each is introduced, "
                "charged with meaning and paid off later. It is satisfying in the way a "
                "well-made puzzle box is satisfying, and Bong's control of rhythm is "
                "such that two hours pass in what feels like one.\n\n"
                "But a film this tightly constructed leaves little room for anything to "
                "happen by accident, and I missed the loose, unpredictable life that his "
                "earlier *Memories of Murder* had in abundance.",
            ),
            SectionData(
                "Types rather than people",
                "The Kims are sharp and funny, but they are defined almost entirely by "
                "their scheming; the Parks by their naivety and their wealth. The film "
                "knows this, and partly intends it, since its subject is how class flattens "
                "everyone into a role. Still, when the story demands that we feel for these "
                "characters in its final act, I found I had been given more to observe "
                "than to feel.\n\n"
                "The exception is Song Kang-ho, whose weary, watchful father suggests a "
                "whole life behind each joke.",
            ),
            SectionData(
                "The satire's aim",
                "Bong's central image, of the poor quite literally living underneath the "
                "rich, is powerful and memorable. It is also blunt. The film's anger is "
                "justified; its argument, once you see its shape, is simpler than its "
                "architecture suggests.\n\n"
                "Compare the way his *Snowpiercer* laid out its class system carriage by "
                "carriage: there, the schematic design suited a fable on a train. Here, in a "
                "film otherwise so attentive to the textures of real life, the diagram "
                "occasionally shows through the drama, and the ending, for all its force, "
                "felt to me more argued than lived.",
            ),
        ),
        verdict=(
            "Dazzling filmmaking in the service of a point it makes a little too "
            "neatly. Well worth seeing, if only to argue about afterwards."
        ),
        verdict_heading="In short",
    ),
    ReviewData(
        slug="paris-texas-beautiful-and-stalled",
        film="paris-texas",
        critic="tomas",
        days_ago=20,
        rating=5,
        headline="Beautiful, and stalled for an hour",
        standfirst=(
            "Wim Wenders' desert odyssey has images and music for the ages, and one of the "
            "great scenes in cinema. Getting there is a long, slow drive."
        ),
        intro=(
            "Few films look as good as *Paris, Texas*. Robby Müller's photography turns "
            "motel neon, freeway overpasses and desert scrub into something close to "
            "painting, and Ry Cooder's slide guitar seems to hum out of the landscape "
            "itself.\n\n"
            "I wish I could say the storytelling matched them throughout."
        ),
        sections=(
            SectionData(
                "A silent man in a red cap",
                "Harry Dean Stanton's Travis wanders out of the desert mute and half "
                "starved, and the early scenes of his brother Walt coaxing him back into "
                "the world are strange and compelling. Stanton's long, worn face does the "
                "work of pages of dialogue.\n\n"
                "Dean Stockwell, as the patient, slightly exasperated Walt, is the "
                "unsung hero of this stretch, and Aurore Clément as his wife gives the "
                "household a warmth that makes Travis's return genuinely disruptive.",
            ),
            SectionData(
                "The long middle",
                "The problem is the hour that follows. Travis's reunion with his young son "
                "Hunter is handled delicately, but the film dawdles: home movies, tentative "
                "walks home from school, a road trip to Houston that feels padded even when "
                "the scenery is spectacular. Hunter Carson is natural and likeable, yet "
                "the scenes repeat a single note of hesitant reconnection.\n\n"
                "Wenders is a great director of moods, and here the mood is allowed to "
                "stand in for momentum.",
            ),
            SectionData(
                "Two monologues through glass",
                "Then comes the peep-show booth. Travis finds Jane working behind a one-way "
                "mirror, and over two long conversations, she unable to see him, he tells "
                "the story of their marriage and its violent unravelling. Nastassja "
                "Kinski's face, listening, is extraordinary; Sam Shepard's writing is at "
                "its most precise.\n\n"
                "It is a sequence of such power that it almost redeems the meandering "
                "before it, and the ending it leads to, with Travis choosing to leave "
                "mother and son together, is sad and right.",
                contains_spoilers=True,
            ),
        ),
        verdict=(
            "An essential twenty minutes inside a merely handsome two and a half hours. "
            "See it for Müller, Cooder and Kinski, and be prepared to be patient."
        ),
    ),
    ReviewData(
        slug="moonlight-three-names-one-life",
        film="moonlight",
        critic="mara",
        days_ago=6,
        rating=8,
        headline="Three names, one life",
        standfirst=(
            "Barry Jenkins tells the story of a quiet boy becoming a guarded man in three "
            "movements, and finds tenderness where few films think to look."
        ),
        intro=(
            "*Moonlight* is built in three chapters, each named for what its protagonist "
            "is called at the time: Little, Chiron, Black. Three actors play him, and "
            "the miracle of the film is how completely they add up to one person.\n\n"
            "It is a film about masculinity, poverty and desire, but above all about how "
            "rarely some people are allowed to be gentle."
        ),
        sections=(
            SectionData(
                "Learning to float",
                "The first chapter belongs largely to Mahershala Ali's Juan, a drug "
                "dealer who finds the small, silent boy hiding from bullies and takes him "
                "home to dinner. The scene in which Juan teaches him to swim, the camera "
                "bobbing at the waterline, is one of the most beautiful images of care in "
                "recent American film.\n\n"
                "Ali does a great deal with very little screen time. Juan is kind, and he "
                "is also part of the trade that is wrecking Chiron's mother, and the film "
                "holds both truths without comment.",
            ),
            SectionData(
                "Colour, light and sound",
                "James Laxton's cinematography bathes Miami in saturated blues, pinks and "
                "sodium-lamp oranges, and Nicholas Britell's score bends classical strings "
                "into something dreamy and slowed down. The effect is heightened without "
                "being showy, like memory.\n\n"
                "Naomie Harris, as Paula, gives a ferocious, unvarnished performance as "
                "a mother sliding into addiction, and her late scene with the grown Chiron "
                "is painful and generous at once.",
            ),
            SectionData(
                "The diner",
                "The final chapter finds Chiron, now played by Trevante Rhodes, muscled "
                "and gold-toothed, driving to meet Kevin, the friend from his teenage "
                "years. Their long, halting conversation in a diner is a masterclass in "
                "what goes unsaid. Rhodes lets the frightened boy show through the armour "
                "in flickers, and André Holland is warm and wary opposite him.",
            ),
        ),
        verdict=(
            "Intimate, exquisitely made and quietly radical. The middle chapter is "
            "the least distinctive of the three, but the whole lingers like a held "
            "breath."
        ),
    ),
    ReviewData(
        slug="wadjda-a-green-bicycle-in-riyadh",
        film="wadjda",
        critic="leila",
        days_ago=2,
        rating=8,
        headline="A green bicycle in Riyadh",
        standfirst=(
            "Haifaa al-Mansour's debut is a bright, funny portrait of a girl who will not "
            "take no for an answer, and a sharp look at the rules she keeps bumping into."
        ),
        intro=(
            "*Wadjda* arrived with a history attached: a feature shot entirely in Saudi "
            "Arabia, directed by a Saudi woman, at a time when the country had no "
            "commercial cinemas. It would be easy to admire it for that alone.\n\n"
            "Happily, it is also simply a very good film, light on its feet and full of "
            "character."
        ),
        sections=(
            SectionData(
                "A heroine in high-tops",
                "Waad Mohammed plays Wadjda as a small entrepreneur with a rebellious "
                "streak: she sells mixtapes and woven bracelets at school, wears scuffed "
                "trainers under her abaya and listens to pop music on the radio. She wants "
                "a bicycle so she can race her friend Abdullah, and the fact that girls are "
                "not supposed to ride one strikes her as a technicality.\n\n"
                "Mohammed is a natural, and the film's comedy comes from her scheming "
                "rather than from any sense that she is being laughed at.",
            ),
            SectionData(
                "A mother's worries",
                "The richest relationship is with her mother, played by Reem Abdullah "
                "with a mix of glamour and exhaustion. She is dealing with a long commute "
                "she cannot drive herself, and with the fear that her husband will take "
                "a second wife. Her disapproval of the bicycle is not villainy but "
                "protectiveness, and the film lets us see the constraints she lives "
                "with as clearly as her daughter's.",
            ),
            SectionData(
                "Rules and loopholes",
                "When Wadjda enters the school's Quran recitation competition for its "
                "prize money, the film finds its most pointed comedy: a girl applying "
                "herself with total dedication for entirely worldly reasons. The "
                "headmistress, all strict propriety, is drawn with a satirist's eye "
                "but not without sympathy.\n\n"
                "Al-Mansour's criticism is gentle in tone and unmistakable in substance.",
            ),
        ),
        verdict=(
            "Warm, witty and clear-sighted, a coming-of-age story that smuggles real "
            "observation inside a crowd-pleaser. The plotting is familiar; the world it "
            "shows is not."
        ),
    ),
    ReviewData(
        slug="a-separation-everyone-has-their-reasons",
        film="a-separation",
        critic="leila",
        days_ago=-3,
        rating=10,
        headline="Everyone has their reasons",
        standfirst=(
            "Asghar Farhadi's divorce drama turns into a moral thriller in which every "
            "character is partly right, and the truth keeps shifting under our feet."
        ),
        intro=(
            "*A Separation* opens with a married couple facing a judge we never see, "
            "arguing their case straight into the camera. It puts us in the judge's "
            "chair from the first minute, and never lets us out of it.\n\n"
            "What follows is one of the most gripping films of its decade, made out of "
            "nothing more than ordinary people, a few lies and a flight of stairs."
        ),
        sections=(
            SectionData(
                "A marriage at an impasse",
                "Simin has secured visas for the family to leave Iran; Nader will not go, "
                "because his father has Alzheimer's and needs him. Neither is wrong, and "
                "both are stubborn. Leila Hatami and Peyman Moaadi play them as intelligent "
                "adults who still respect each other, which makes their standoff more "
                "painful than a shouting match would be.\n\n"
                "Caught between them is their daughter Termeh, watching and weighing "
                "everything, and gradually becoming the film's conscience.",
            ),
            SectionData(
                "A carer, an accusation",
                "When Simin moves out, Nader hires Razieh, a devout, pregnant woman from "
                "a poorer part of the city, to look after his father. Sareh Bayat's "
                "performance is a study in anxious, conflicted decency. After a heated "
                "confrontation, Razieh's volatile husband Hodjat brings charges, and the "
                "film becomes a legal drama in which the facts depend on who knew what, "
                "and when.\n\n"
                "Farhadi withholds key information with great skill, but the "
                "suspense never feels like a trick. It comes from the characters' own "
                "evasions.",
            ),
            SectionData(
                "Class, faith and pride",
                "Beneath the plot is a portrait of a society divided by money and belief, "
                "in which a middle-class family's sense of reason and a working-class "
                "family's sense of honour collide. Shahab Hosseini's Hodjat could have been "
                "a simple antagonist; instead he is a proud, humiliated man, and we "
                "understand exactly why he explodes.",
            ),
        ),
        verdict=(
            "Masterly. Tense as any thriller and as morally serious as a great novel, it "
            "leaves you arguing with yourself long after the final, unresolved shot."
        ),
    ),
    ReviewData(
        slug="portrait-of-a-lady-on-fire-the-gaze-returned",
        film="portrait-of-a-lady-on-fire",
        critic="mara",
        draft=True,
        rating=9,
        headline="The gaze, returned",
        standfirst=(
            "Céline Sciamma's period romance is about looking, and about being looked at "
            "back, and it is among the finest films of its year."
        ),
        intro=(
            "On a windswept island in Brittany, a painter is hired to make a portrait of "
            "a woman who does not want to be painted. The pretext is a wedding; the "
            "subject is attention, and what it becomes when it is shared.\n\n"
            "Draft: tighten this intro and add a section on the music."
        ),
        sections=(
            SectionData(
                "Painting in secret",
                "Marianne must observe Héloïse on their daily walks and paint her from "
                "memory at night. Noémie Merlant plays the painter as watchful and "
                "methodical, cataloguing an ear, a hand, the set of a mouth. Adèle "
                "Haenel's Héloïse, fresh from a convent and bound for a marriage she did "
                "not choose, at first gives nothing away.\n\n"
                "The slow reversal, as the one being studied begins studying in turn, is "
                "the film's great achievement.",
            ),
            SectionData(
                "A house without men",
                "With the countess away, the three young women of the house, painter, "
                "subject and maid, form a brief, egalitarian society. The subplot "
                "involving Sophie, the maid, is handled with a matter-of-fact compassion "
                "that few period films would attempt.",
            ),
            SectionData(
                "Orpheus at the fireside",
                "One evening the women read the myth of Orpheus and Eurydice aloud and "
                "argue about why he turns around. It is the key to the whole film, which "
                "is about choosing memory over possession, and Sciamma stages the "
                "discussion with a lightness that keeps it from feeling like a lecture.\n\n"
                "TODO: the bonfire scene and the chorus; Claire Mathon's cinematography.",
            ),
        ),
        notes="Mara: verdict to come after a second viewing.",
    ),
)
