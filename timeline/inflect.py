"""Inflected forms of a trigger's verb, so that the data names a lemma once.

In ``data/<lang>/triggers.tsv`` a word ending in ``+`` is a lemma (``expel+ ~ ambassador``,
``ادان+``); the loader expands the pattern into one pattern per form:

- English: the lemma, its third person, past, participle and ``-ing`` forms. Irregular
  verbs come from ``data/en/verbs.tsv``; the rest follow the spelling rules (doubling
  of a final consonant is written in that file too, as irregular).
- Arabic: ``data/ar/verbs.tsv`` gives each lemma (the past, third person masculine)
  with its present (third person masculine) and its verbal noun; the forms are the past
  persons (ـت ـا ـتا ـوا ـنا ـتم), the present persons (يـ تـ نـ أـ, ـون ـان ـن), the
  verbal noun and its plural, each also with an object pronoun (ـه ـها ـهم ـهما ـنا ـني ـك ـكم);
  a fourth, optional column gives the active participle (``متهم``, ``داعي``), written in
  the masculine singular, from which come its feminine, plural and adverbial (``متهما``)
  forms; an optional fifth column lists forms left out because, once the tokenizer has
  taken a clitic (و ف ب ل) or the future prefix off a text word, they read as another
  word (``زاره`` "visited him" is also ``وزارة`` "ministry").
"""
from __future__ import annotations

from itertools import product

VOWELS = set("aeiou")

#: Arabic suffixes by form: persons of the past, of the present, object pronouns.
AR_PAST = ("", "ت", "ا", "تا", "وا", "نا", "تم")
AR_PRESENT_PREFIX = ("ي", "ت", "ن", "ا")
AR_PRESENT_SUFFIX = ("", "ون", "ان", "ن", "وا")
AR_OBJECT = ("", "ه", "ها", "هم", "هما", "نا", "ني", "ك", "كم")
#: Endings of an active participle: feminine, plurals, dual and the adverbial accusative.
AR_PARTICIPLE = ("", "ا", "ه", "ين", "ون", "ان", "ات")


def english_forms(lemma: str, irregular: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """``expel`` -> expel, expels, expelled, expelling (irregulars from the data)."""
    if lemma in irregular:
        return tuple(dict.fromkeys((lemma, *irregular[lemma])))
    if lemma.endswith(("ee", "oe", "ye")):
        past, ing = lemma + "d", lemma + "ing"  # agree -> agreeing, not agreing
    elif lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2:-1] not in VOWELS:
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in VOWELS:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return tuple(dict.fromkeys((lemma, third, past, ing)))


def arabic_forms(lemma: str, verbs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """``ادان`` (with present ``يدين`` and noun ``ادانة``) -> every person, noun and object form."""
    present, _noun, participle, left_out = (*verbs.get(lemma, ()), "", "", "", "")[:4]
    # the alef after the plural waw goes before an object pronoun: اتهموا, اتهموه
    out = [(lemma + p[:-1] if p == "وا" and o else lemma + p) + o for p in AR_PAST for o in AR_OBJECT]
    if lemma.endswith(("ا", "ي")) and len(lemma) > 2:
        # a final weak letter drops before the feminine and plural endings: دعت، دعوا، أبدت
        root = lemma[:-1]
        out += [root + p + o for p in ("ت", "تا") for o in AR_OBJECT]
        out += [root + "وا", *(root + "و" + o for o in AR_OBJECT[1:])]
    if present:
        stem = present[1:] if present[0] in AR_PRESENT_PREFIX else present
        if stem.endswith(("و", "ي")) and len(stem) > 2:  # يدعو -> يدعون، يلتقي -> يلتقون
            out += [pre + stem[:-1] + suf for pre in ("ي", "ت") for suf in ("ون", "وا")]
        # the first persons (أـ نـ) take no ending; أـ before ل would read as the article
        firsts = ("ا", "ن") if stem[0] != "ل" else ("ن",)
        out += [pre + stem + suf for pre in AR_PRESENT_PREFIX for suf in AR_PRESENT_SUFFIX
                if pre in ("ي", "ت") or not suf and pre in firsts]
        out += [pre + stem + o for pre in AR_PRESENT_PREFIX for o in AR_OBJECT[1:]
                if pre in ("ي", "ت") or pre in firsts]
        out += [pre + stem + "ون" + o for pre in ("ي", "ت") for o in AR_OBJECT[1:]]
    out += arabic_noun_forms(lemma, verbs)
    if participle:
        base = participle[:-1] if participle.endswith("ي") and len(participle) > 3 else participle
        out += [participle, *(base + "ي" + e if base != participle and e in ("ا", "ه") else base + e
                              for e in AR_PARTICIPLE[1:])]
    skip = set(left_out.split())  # forms that read as another word once a clitic is taken off
    return tuple(f for f in dict.fromkeys(out) if f not in skip)


def arabic_noun_forms(lemma: str, verbs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The verbal noun's forms (``ادانة`` -> ادانات، ادانته، ...): the act named by a noun."""
    noun = (*verbs.get(lemma, ()), "", "")[1]
    if not noun:
        return ()
    base = noun[:-1] if noun.endswith(("ة", "ه")) else noun
    # the plural also takes a possessive: زياراته "his visits", اتهاماتها "its accusations"
    out = [noun, base + "ات", *(base + "ت" + o for o in AR_OBJECT[1:]),
           *(base + "ات" + o for o in AR_OBJECT[1:])]
    if not noun.endswith(("ة", "ه")):
        out += [noun + "ا", *(noun + o for o in AR_OBJECT[1:])]
    return tuple(dict.fromkeys(out))


def noun_led(form: tuple[str, ...], tokens: tuple[str, ...], lang: str,
             verbs: dict[str, tuple[str, ...]]) -> bool:
    """Whether a form expanded from ``tokens`` opens with a verbal noun or a participle and
    no verb form (``ادان+`` -> ``ادانة``, ``رفض+`` -> ``رافضا``): such a form names the act
    as a noun does, or describes (``الموقف الرافض``)."""
    if lang != "ar" or not tokens[0].endswith("+"):
        return False
    lemma = tokens[0][:-1]
    _present, _noun, participle = (*verbs.get(lemma, ()), "", "", "")[:3]
    nominal = set(arabic_noun_forms(lemma, verbs))
    if participle:  # "الموقف الرافض": the participle is also an adjective; "رافضا" is adverbial
        nominal |= {f for f in set(arabic_forms(lemma, {lemma: ("", "", participle)})) - set(
            arabic_forms(lemma, {lemma: ("", "", "")})) if not f.endswith("ا")}
    if form[0] not in nominal:
        return False
    # a form that is both (رفضه "his refusal" / "refused it") reads as the noun, more
    # common in news; the bare lemma (رفض) reads as the verb
    return form[0] != lemma


def expand(tokens: tuple[str, ...], lang: str, irregular: dict[str, tuple[str, ...]],
           verbs: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Every pattern a lemma pattern stands for (the pattern itself when it has no lemma)."""
    choices = []
    for tok in tokens:
        if tok.endswith("+") and len(tok) > 1:
            lemma = tok[:-1]
            choices.append(english_forms(lemma, irregular) if lang == "en"
                           else arabic_forms(lemma, verbs))
        else:
            choices.append((tok,))
    return [tuple(c) for c in product(*choices)]
