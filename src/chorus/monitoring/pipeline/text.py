"""Turning article text into the tokens that de-duplication and story clustering compare.

Plain functions over strings: no I/O, no settings. Tokens are lower-cased and
accent-folded so that "Boulogne-sur-Mer" and "boulogne sur mer" match, and numbers lose
their thousands separators so that "4,200", "4 200" and "4.200" match across outlets and
languages. Names and numbers are what survive translation, so they are picked out as
"entities" and weighed more than other words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Function words of the languages the round-up reads most, so that "the", "der", "les"…
# carry no weight. Short on purpose: rarer words are down-weighted by the batch IDF.
STOPWORDS = frozenset(
    """
    a about after again against all also am an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your said says say told year years new one two three week day also last first since
    per cent according people
    der die das den dem des ein eine einer eines einem einen und oder aber auch auf aus bei
    bis durch für gegen im in ist mit nach nicht noch nur sich sie so um und von vor war
    waren wird wurde wurden zu zum zur am an als es er wie hat haben sind seit nach dass
    le la les un une des du de et ou mais dans sur pour par avec sans en est sont été ont
    au aux ce cette ces qui que dont il elle ils elles se sa son ses leur leurs plus depuis
    selon a été lors
    el los las una unos unas y o pero en con sin por para del al es son fue han ha que se su
    sus lo como más según
    il lo gli i una uno e ed o ma di da nel nella nei sul sulla per con tra fra che si è sono
    ha hanno al alla alle ai del della dei delle
    """.split()
)

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# 4,200 / 4 200 / 4.200 / 4 200 (narrow no-break space) / £41,700 → 4200, 41700
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ , .\u202f\u00a0]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_FOLD_CACHE: dict[str, str] = {}


def fold(word: str) -> str:
    """Lower-case and strip accents: "Überfahrt" → "uberfahrt", "Douvres" stays "douvres"."""
    folded = _FOLD_CACHE.get(word)
    if folded is None:
        decomposed = unicodedata.normalize("NFKD", word.casefold())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(_FOLD_CACHE) < 200_000:
            _FOLD_CACHE[word] = folded
    return folded


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def words(text: str) -> list[str]:
    """Folded word tokens, numbers included, stop words not removed."""
    return [fold(w) for w in _WORD.findall(text)]


def normalised_numbers(text: str) -> list[str]:
    """Numbers with separators removed; years and counts match across house styles."""
    out = []
    for raw in _NUMBER.findall(text):
        digits = (
            re.sub(r"[ , .\u202f\u00a0]", "", raw)
            if re.search(r"\d[ ,.\u202f\u00a0]\d{3}\b", raw)
            else raw
        )
        digits = digits.replace(",", ".")
        if digits.endswith(".0"):
            digits = digits[:-2]
        out.append(digits)
    return out


def stem(word: str) -> str:
    """A crude, language-blind stem: the first seven letters.

    Enough to match "crossing"/"crossings", "deportation"/"deportations", "Asylhotels"/
    "Asylhotel"; a real stemmer per language would add a dependency for little gain here.
    """
    return word[:7]


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def content_terms(text: str) -> list[str]:
    """Stemmed content words (stop words and one-letter words dropped).

    Chinese, Japanese, Korean and Thai do not put spaces between words, so a run of their
    characters gives its overlapping character pairs instead.
    """
    terms: list[str] = []
    for word in words(text):
        if _UNSPACED.search(word):
            terms.extend(word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        elif len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            terms.append(stem(word))
    return terms


def is_cased(text: str) -> bool:
    """Whether most letters have upper and lower case, so that capitals can mark names.

    False for Arabic, Chinese, Japanese, Korean, Thai, Hebrew…: their names cannot be told
    from other words by their capital letters.
    """
    letters = [c for c in text[:3000] if c.isalpha()]
    if not letters:
        return False
    cased = sum(1 for c in letters if c.lower() != c.upper())
    return cased >= len(letters) / 2


def entities(text: str) -> Counter[str]:
    """Name-like tokens and numbers: what different outlets' reports of one event share.

    A name is a capitalised word that does not open a sentence (so "The", "Police" at the start
    of a sentence do not count) and is not a stop word; numbers are normalised. German
    capitalises every noun, so its "names" include ordinary nouns: they still help, since two
    reports of one event share those nouns too, and the overlap measure allows for the extra.
    """
    found: Counter[str] = Counter()
    for sentence in sentences(text):
        tokens = _WORD.findall(sentence)
        for position, token in enumerate(tokens):
            if position == 0 or not token[0].isupper():
                continue
            folded = fold(token)
            if folded in STOPWORDS or len(folded) < 3:
                continue
            found["e:" + stem(folded)] += 1
        for number in normalised_numbers(sentence):
            if len(number) >= 2:  # "3 people", "2 officers": too common to tell events apart
                found["n:" + number] += 1
    return found


def shingles(text: str, size: int = 3) -> set[str]:
    """Word n-grams of the text, for MinHash: copies share most of them, rewrites few."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
