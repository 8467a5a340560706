"""Merge staged leader lists (heads of state and government, foreign ministers, 2000-2026)
into the registry and the alias files, and write data/offices.tsv.

    python scripts/merge_leaders.py data/staging/leaders-*.tsv

Staging columns: id name code office from to en_aliases ar_aliases en_surname ar_surname.
An alias already naming another actor, an ambiguous word, a one-word alias of under four
letters or a non-state code is skipped and reported; nothing existing is changed.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARABIC = re.compile(r"[\u0600-\u06FF]")
BANNED = {"May", "Johnson", "Ali", "Khan", "Kim", "Congo", "Korea", "Male", "Lee", "Singh", "Wang",
          "Park", "Li", "Moon", "King", "Rice", "Brown", "Gates", "Church", "Mohammed", "Ahmed",
          "Hassan", "Said", "Abbas", "Salam", "Hope", "Young", "Bush", "Wood", "Rama", "Costa"}
BANNED_AR = {"عمان", "المملكة", "الدولة", "الجمهورية", "سلام", "عباس", "علي", "أمل", "نصر", "القاعدة",
             "مالي", "المالية", "كيف", "رئيسي", "المعلم", "الأوروبي", "محمد", "أحمد", "حسن", "سعيد",
             "خان", "كيم", "لي", "عمر", "صالح", "عادل", "فيصل", "مصطفى", "كريم", "حسين", "جمال", "منصور",
             "ماي", "مون", "بارك", "وانغ", "سينغ", "الملك", "الأمير", "الشيخ", "بوش", "كوستا", "راما"}


def fold_ar(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", s)
    return s.replace("\u0629", "\u0647").replace("\u0649", "\u064a").replace("\u0640", "").strip()


def read_rows(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def main(paths: list[str]) -> int:
    actors_path = DATA / "actors.tsv"
    actors = read_rows(actors_path)[1:]
    ids = {r[0]: r for r in actors}
    state_codes = {r[3] for r in actors if len(r) > 3 and r[2] == "state"}
    alias_files = {lang: DATA / lang / "aliases.tsv" for lang in ("en", "ar")}
    taken = {}
    for lang, path in alias_files.items():
        taken[lang] = {(fold_ar(r[0]) if lang == "ar" else r[0]): r[1] for r in read_rows(path)[1:] if len(r) >= 2}
    new_actors, new_alias, offices, skipped = [], {"en": [], "ar": []}, [], []

    def add_alias(lang: str, alias: str, actor_id: str, form: str) -> None:
        alias = " ".join(unicodedata.normalize("NFC", alias).split())
        if not alias or bool(ARABIC.search(alias)) != (lang == "ar"):
            return
        key = fold_ar(alias) if lang == "ar" else alias
        banned = BANNED_AR if lang == "ar" else BANNED
        if alias in banned or key in {fold_ar(b) for b in banned} or (" " not in alias and len(key) < 4):
            skipped.append(f"{lang} {alias!r} ({actor_id}): ambiguous or too short")
            return
        owner = taken[lang].get(key)
        if owner is not None:
            if owner != actor_id:
                skipped.append(f"{lang} {alias!r} ({actor_id}): already names {owner}")
            return
        taken[lang][key] = actor_id
        new_alias[lang].append(f"{alias}\t{actor_id}\t{form}")

    for p in paths:
        for row in read_rows(Path(p)):
            if row[0] == "id" or len(row) < 10:
                if row[0] != "id":
                    skipped.append(f"{p}: a row of {len(row)} columns: {row[:2]}")
                continue
            aid, name, code, office, start, end, en_al, ar_al, en_sur, ar_sur = (c.strip() for c in row[:10])
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", aid) or code not in state_codes:
                skipped.append(f"{p}: {aid} {code}: bad id or not a state's code")
                continue
            if aid in ids:
                if ids[aid][3] != code:
                    skipped.append(f"{aid}: in the registry with code {ids[aid][3]}, staged {code}")
                    continue
            else:
                ids[aid] = [aid, name, "person", code, "", ""]
                new_actors.append(f"{aid}\t{name}\tperson\t{code}\t\t")
            offices.append(f"{code}\t{office}\t{aid}\t{start}\t{end}")
            add_alias("en", name, aid, "name")
            for a in filter(None, en_al.split("|")):
                add_alias("en", a, aid, "variant")
            for k, a in enumerate(filter(None, ar_al.split("|"))):
                add_alias("ar", a, aid, "name" if k == 0 else "variant")
            if en_sur:
                add_alias("en", en_sur, aid, "surname")
            if ar_sur:
                add_alias("ar", ar_sur, aid, "surname")
    with actors_path.open("a", encoding="utf-8") as fh:
        fh.write("# Heads of state and government and foreign ministers, 2000-2026 (offices.tsv)\n")
        fh.writelines(r + "\n" for r in new_actors)
    for lang, path in alias_files.items():
        with path.open("a", encoding="utf-8") as fh:
            fh.writelines(r + "\n" for r in new_alias[lang])
    off = DATA / "offices.tsv"
    head = ("# Who held which office for which state, 2000-2026: the people of actors.tsv by office.\n"
            "code\toffice\tactor_id\tfrom\tto\n")
    rows = sorted(set(offices), key=lambda r: (r.split("\t")[0], r.split("\t")[1], r.split("\t")[3]))
    off.write_text(head + "".join(r + "\n" for r in rows), encoding="utf-8")
    print(f"{len(new_actors)} people added, aliases en {len(new_alias['en'])} ar {len(new_alias['ar'])}, "
          f"{len(rows)} office rows; {len(skipped)} skipped")
    print("\n".join(skipped[:60]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
