"""Sort keys for titles: leading articles do not count ("The Mirror" files under M)."""

from __future__ import annotations

import unicodedata

# Leading articles per ISO 639-1 language. English is always tried: catalogue titles are the
# English release titles. The original language's articles apply too, because many films are
# released under their original title ("La Haine", "Der Himmel über Berlin").
ARTICLES: dict[str, tuple[str, ...]] = {
    "en": ("the", "a", "an"),
    "fr": ("le", "la", "les", "l'", "l’", "un", "une", "des"),
    "es": ("el", "la", "los", "las", "un", "una", "unos", "unas"),
    "it": ("il", "lo", "la", "i", "gli", "le", "l'", "l’", "un", "uno", "una", "un'"),
    "pt": ("o", "a", "os", "as", "um", "uma"),
    "de": ("der", "die", "das", "ein", "eine"),
    "nl": ("de", "het", "een"),
    "sv": ("en", "ett"),
    "da": ("en", "et"),
    "no": ("en", "et", "ei"),
    "ca": ("el", "la", "els", "les", "l'", "l’"),
    "ro": ("un", "o"),
    "hu": ("a", "az", "egy"),
    "el": ("ο", "η", "το", "οι", "τα"),
    "ar": ("ال",),
}


def sort_title(title: str, language_code: str | None = None) -> str:
    """The title as it sorts: casefolded, without a leading article of English or its language."""
    text = unicodedata.normalize("NFKC", title).strip()
    folded = text.casefold()
    articles = set(ARTICLES["en"])
    if language_code:
        articles.update(ARTICLES.get(language_code, ()))
    # Longest first, so "l'" is not mistaken for a shorter match and "une" wins over "un".
    for article in sorted(articles, key=len, reverse=True):
        if not folded.startswith(article):
            continue
        rest = folded[len(article) :]
        # Elided articles and Arabic's "al-" join the next word without a space.
        elided = article.endswith(("'", "’")) or article == "ال"
        if elided and rest:
            return rest.lstrip()
        if rest[:1].isspace() and rest.strip():
            return rest.lstrip()
    return folded
