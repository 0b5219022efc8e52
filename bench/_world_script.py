"""Latin spellings of Cyrillic and Greek names, two ways each.

A CRM (or a passport scanned into it) holds the official form: ICAO Doc 9303 for
Russian (х kh, ц ts, й i, ю iu, я ia) and ELOT 743 for Greek (η i, υ y, χ ch,
ου ou). People who write their own name in Latin letters online often follow the
older, English-looking habit: BGN/PCGN for Russian (й y, ю yu, я ya, е ye at the
start) and a phonetic spelling for Greek (Giorgos or Yiorgos, h for χ).
"""

from __future__ import annotations

import unicodedata

_RU_ICAO = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
            "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
            "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
            "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
            "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"}  # fmt: skip
_RU_BGN = {**_RU_ICAO, "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ъ": "", "ь": ""}
_VOWELS = set("аеёиоуыэюяъь")


def russian_latin(text: str, popular: bool = False) -> str:
    """``Дмитрий Фёдоров`` -> ``Dmitrii Fedorov`` (ICAO) or ``Dmitriy Fyodorov``."""
    table = _RU_BGN if popular else _RU_ICAO
    out: list[str] = []
    prev = " "
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            if popular and low == "е" and (prev in _VOWELS or not prev.isalpha()):
                latin = "ye"
            if popular and low == "и" and prev in "ьъ":
                latin = "yi"
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
        prev = low
    return "".join(out)


_GR_ELOT = {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i",
            "θ": "th", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x",
            "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y",
            "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o"}  # fmt: skip
_GR_DIGRAPH_ELOT = {"ου": "ou", "αυ": "av", "ευ": "ev", "γγ": "ng", "γκ": "gk",
                    "μπ": "mp", "ντ": "nt"}  # fmt: skip
_GR_DIGRAPH_POP = {"ου": "ou", "αυ": "av", "ευ": "ev", "γγ": "ng", "γκ": "g",
                   "μπ": "b", "ντ": "d", "αι": "e", "ει": "i", "οι": "i", "γι": "y",
                   "χ": "h", "υ": "i"}  # fmt: skip


def greek_latin(text: str, popular: bool = False) -> str:
    """``Γιώργος Παπαδόπουλος`` -> ``Giorgos Papadopoulos`` (ELOT 743) or
    ``Yiorgos Papadopoulos`` (phonetic)."""
    digraphs = _GR_DIGRAPH_POP if popular else _GR_DIGRAPH_ELOT
    words = []
    for word in text.split(" "):
        plain = "".join(
            ch
            for ch in unicodedata.normalize("NFD", word)
            if not unicodedata.combining(ch)
        )
        low = plain.lower()
        out, i = [], 0
        while i < len(low):
            pair = low[i : i + 2]
            if len(pair) == 2 and pair in digraphs:
                out.append(digraphs[pair])
                i += 2
            elif low[i] in digraphs:
                out.append(digraphs[low[i]])
                i += 1
            else:
                out.append(_GR_ELOT.get(low[i], low[i]))
                i += 1
        latin = "".join(out)
        words.append(latin[:1].upper() + latin[1:])
    return " ".join(words)


def russian_feminine(family: str) -> str:
    """Иванов -> Иванова, Соловьёв -> Соловьёва, Ильин -> Ильина."""
    if family.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return family + "а"
    if family.endswith("ий"):
        return family[:-2] + "ая"
    return family


def russian_patronymic(father: str, sex: str) -> str:
    """Сергей -> Сергеевич / Сергеевна; Иван -> Иванович / Ивановна."""
    if father.endswith("й"):
        stem = father[:-1] + "е"
    elif father.endswith("а"):
        stem = father[:-1]
        return stem + ("ич" if sex == "m" else "ична")
    else:
        stem = father + "о"
    return stem + ("вич" if sex == "m" else "вна")
