"""The words the catalogue generator builds its films, people and reviews from.

Written for the generator (no real films' titles or reviews); weights say how often each genre
or country comes up.
"""

GENRES = {
    "Drama": 30, "Comedy": 14, "Thriller": 9, "Documentary": 8, "Romance": 7, "Crime": 7,
    "Horror": 6, "Science fiction": 5, "Animation": 4, "Adventure": 4, "War": 3, "Western": 2,
    "Musical": 2, "Mystery": 4, "Fantasy": 3, "Family": 3, "History": 3, "Biography": 3,
}  # fmt: skip
# Country (ISO 3166) -> weight and the language most of its films are in (ISO 639-1).
COUNTRIES = {
    "US": (30, "en"), "GB": (10, "en"), "FR": (9, "fr"), "IT": (5, "it"), "DE": (5, "de"),
    "JP": (6, "ja"), "KR": (4, "ko"), "IN": (6, "hi"), "IR": (3, "fa"), "ES": (3, "es"),
    "MX": (2, "es"), "AR": (2, "es"), "BR": (2, "pt"), "CN": (3, "zh"), "HK": (2, "zh"),
    "RU": (2, "ru"), "SE": (2, "sv"), "DK": (2, "da"), "PL": (1, "pl"), "RO": (1, "ro"),
    "TR": (1, "tr"), "EG": (1, "ar"), "NG": (1, "en"), "AU": (2, "en"), "CA": (2, "en"),
}  # fmt: skip
# A few titles in the original script for films whose language has one (written for this
# generator, not taken from real films).
ORIGINAL_TITLES = {
    "fa": ["باران", "خانه دوست", "شب‌های تهران", "سفر", "آینه", "باغ"],
    "ar": ["المدينة", "البحر", "الطريق الطويل", "ليل", "البيت"],
    "ja": ["夏の庭", "雨の駅", "海へ", "静かな家", "遠い山"],
    "ko": ["봄날", "바다의 끝", "작은 집", "밤길"],
    "zh": ["河流", "夜行", "山中", "春光"],
    "ru": ["Зима", "Дорога домой", "Сад", "Берег"],
    "hi": ["घर", "बारिश", "सफ़र", "रात"],
    "fr": ["La Maison", "Les Saisons", "Un été", "Le Départ", "La Rive"],
}
CERTIFICATES = ["U", "PG", "12A", "15", "18", ""]

FIRST_NAMES = [
    "Ada", "Aisha", "Alejandro", "Amara", "Anders", "Ana", "Asghar", "Ayesha", "Bao", "Beatriz",
    "Camille", "Chen", "Chidi", "Dario", "Dilnoza", "Elif", "Emeka", "Esther", "Farhad", "Fatima",
    "Giulia", "Hana", "Hiroshi", "Ines", "Ivan", "Jamal", "Jia", "Joon", "Kamal", "Katarzyna",
    "Kenji", "Laila", "Leila", "Lucas", "Mahnaz", "Malik", "Marta", "Mateo", "Mei", "Mina",
    "Nadia", "Naveen", "Niamh", "Noor", "Olga", "Omar", "Parisa", "Pedro", "Priya", "Rafael",
    "Reza", "Rosa", "Sanjay", "Sara", "Sofia", "Soo-ah", "Tariq", "Tomas", "Valentina", "Wanjiru",
    "Yasmin", "Yuki", "Zainab", "Zhang"
]  # fmt: skip
LAST_NAMES = [
    "Abe", "Adeyemi", "Ahmadi", "Alvarez", "Andersson", "Bakr", "Banerjee", "Becker", "Bianchi",
    "Castillo", "Chen", "Dubois", "Eriksen", "Farahani", "Fernandes", "Garcia", "Haddad",
    "Hosseini", "Ito", "Ivanova", "Jensen", "Kapoor", "Karimi", "Kim", "Kowalski", "Kuznetsov",
    "Larsen", "Lee", "Lopez", "Martin", "Mendes", "Moreau", "Mori", "Nakamura", "Nguyen", "Novak",
    "Okafor", "Okonkwo", "Park", "Petrov", "Popescu", "Rahimi", "Rossi", "Saito", "Santos",
    "Schmidt", "Sharma", "Silva", "Singh", "Suzuki", "Tanaka", "Tehrani", "Wang", "Weber",
    "Wojcik", "Yamamoto", "Yilmaz", "Zhou"
]  # fmt: skip
TITLE_ADJECTIVES = [
    "Silent", "Last", "Hidden", "Burning", "Quiet", "Distant", "Broken", "Golden", "Endless",
    "Little", "Northern", "Wild", "Second", "Secret", "Bright", "Lonely", "Borrowed", "Restless",
    "Crimson", "Hollow", "Open", "Winter", "Paper", "Glass", "Late", "Narrow", "Sleeping",
    "Forgotten", "Stolen", "Drifting"
]  # fmt: skip
TITLE_NOUNS = [
    "River", "House", "Garden", "Mirror", "Road", "Harbour", "Summer", "Orchard", "Station",
    "Window", "Letter", "Frontier", "Island", "Witness", "Border", "Season", "Bridge", "Tide",
    "Inheritance", "Kingdom", "Promise", "Stranger", "Archive", "Lantern", "Horizon", "Mountain",
    "Ceremony", "Voyage", "Fever", "Crossing", "Signal"
]  # fmt: skip
PLACES = [
    "Tehran", "Lagos", "Marseille", "Osaka", "Lisbon", "Calcutta", "Naples", "Busan", "Oaxaca",
    "Tbilisi", "Dakar", "Trieste", "Hanoi", "Valparaiso", "Bergen", "Izmir"
]  # fmt: skip
SEASONS = ["Spring", "Summer", "Autumn", "Winter", "Monsoon"]
SYNOPSIS_SENTENCES = [
    "A retired teacher returns to the village she left forty years ago.",
    "Two brothers share one pair of shoes through a long school term.",
    "A night-shift nurse begins to suspect her neighbour is not who he claims.",
    "An ageing boxer agrees to one last fight to save the family gym.",
    "A cartographer is hired to map a coastline that keeps changing.",
    "Three friends drive across the country with their grandmother's ashes.",
    "A young composer is asked to finish a dead master's symphony.",
    "A ferry captain must choose between the law and her passengers.",
    "When the factory closes, a town reinvents itself one shop at a time.",
    "A detective with failing eyesight takes on the case that ended his career.",
    "An astronaut's daughter waits for a signal that may never come.",
    "A wedding photographer captures more than she bargained for.",
]
HEADLINE_PHRASES = [
    "a patient, luminous portrait", "small miracles in a hard place", "style over substance",
    "a quiet triumph", "the year's most surprising debut", "ambitious but uneven",
    "a masterclass in restraint", "big ideas, thin characters", "tender and unflinching",
    "a genre piece with a beating heart", "handsome, hollow and too long", "worth the wait",
    "a bold swing that mostly connects", "an actors' showcase", "gripping until the last reel",
]  # fmt: skip
STANDFIRSTS = [
    "Quiet, exact and generous: a film that trusts its audience.",
    "A director at the height of their powers, though the script lets them down.",
    "Beautifully shot and acted, it loses its nerve in the final act.",
    "A slow burn that rewards patience with a devastating ending.",
    "Funny, sad and true, often in the same scene.",
    "Ambitious and messy, but never less than interesting.",
    "A familiar story told with uncommon care.",
    "Striking images in search of a story worth telling.",
]
SECTION_HEADINGS = [
    "The story", "Performances", "Direction", "Cinematography", "Sound and music", "Themes",
    "What doesn't work", "The screenplay", "Editing and pace", "Production design",
    "Should you watch it?", "In context",
]  # fmt: skip
BODY_SENTENCES = [
    "The camera keeps its distance, and the distance becomes the point.",
    "Every scene is staged with a clarity that never calls attention to itself.",
    "The lead performance is a marvel of small gestures and held breaths.",
    "The supporting cast is uneven, but the best of them are unforgettable.",
    "Long takes let the actors find the rhythm of a real conversation.",
    "The score is sparing, arriving only when the images cannot carry the feeling alone.",
    "Some of the dialogue is too neat, as if written to be quoted.",
    "The second act sags under a subplot that goes nowhere.",
    "Light falls through windows as if the whole film were shot at dusk.",
    "The editing is patient, trusting the audience to keep up.",
    "The production design makes a small flat feel like a whole world.",
    "It is a film about waiting, and it makes the waiting matter.",
    "The final scene lands with the force of everything the film held back.",
    "There is humour here too, dry and unforced.",
    "The sound design does more storytelling than the script.",
    "The film rarely explains itself, and is stronger for it.",
    "Its politics are present but never preached.",
    "A handful of scenes run long, but few feel wasted.",
    "The children are directed with unusual tact: they never seem to be acting.",
    "The climax borrows from the thriller, and the borrowing shows.",
]
EMPHASES = ["*", "**"]
VERDICTS = [
    "Worth seeking out on the biggest screen you can find.",
    "Flawed but fascinating; go in with patience.",
    "A minor work from a major talent.",
    "An easy recommendation for anyone who loves the genre.",
    "Skip it, unless you are a completist.",
    "One of the best films of its year.",
]
