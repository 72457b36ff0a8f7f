"""The words of a text as the search index sees them: one tokeniser and one stemmer for both databases.

Words are runs of letters and digits, lower-cased with their accents removed, stop words dropped, and
stemmed by Snowball's English stemmer: PostgreSQL's english configuration, done in Python, so that SQLite
and PostgreSQL match the same posts and a snippet marks exactly the words that matched. The stemmer is
snowballstemmer's 2.x line, the Snowball release PostgreSQL's english_stem is built from (Snowball 3 stems
"university", "added" and "evening" differently).
"""
import re
import threading
import unicodedata
from functools import lru_cache
from importlib.resources import files

from snowballstemmer.english_stemmer import EnglishStemmer

WORD = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(line.strip() for line in files(__package__).joinpath("english_stop_words.txt")
                       .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
_local = threading.local()  # a Snowball stemmer keeps its word in itself: one per thread


def fold(word):
    """The word lower-cased and without accents ("Café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem(word):
    if not hasattr(_local, "stemmer"):
        _local.stemmer = EnglishStemmer()
    return _local.stemmer.stemWord(word)


@lru_cache(maxsize=50_000)
def of_word(word):
    """The lexemes one word of a text stands for: usually one, none for a stop word."""
    return tuple(_stem(part) for part in WORD.findall(fold(word)) if part not in STOP_WORDS)


def of_text(text):
    """Every lexeme of the text, in order."""
    return [lexeme for word in WORD.findall(text or "") for lexeme in of_word(word)]


def indexed(text):
    """The text as the index stores it: its lexemes, separated by spaces."""
    return " ".join(of_text(text))
