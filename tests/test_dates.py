"""Date expressions in Arabic and English, resolved against the publication date."""

from __future__ import annotations

import itertools
import re
import time
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from timeline.dates import DateMention, DateRules, find_dates
from timeline.normalize import fold

DATA = Path(__file__).resolve().parent.parent / "data"
THU = date(2021, 2, 18)  # Thursday, the seed article's publication date


@cache
def load_rules(lang: str) -> DateRules:
    with open(DATA / lang / "dates.toml", "rb") as f:
        return DateRules.from_dict(tomllib.load(f), lang)


def find(
    text: str, lang: str, published: date | None = THU, prefer: str = "past"
) -> list[DateMention]:
    return find_dates(text, lang, published, load_rules(lang), prefer=prefer)


def one(text: str, lang: str, published: date | None = THU, prefer: str = "past") -> DateMention:
    found = find(text, lang, published, prefer)
    assert len(found) == 1, [(m.text, m.when) for m in found]
    return found[0]


def D(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def check(
    m: DateMention, surface: str, when: str | None, precision: str, end: str | None = None
) -> None:
    assert (m.text, m.when.date, m.when.precision, m.when.end_date) == (
        surface,
        D(when),
        precision,
        D(end),
    ), m.when.note
    assert m.when.note and "\n" not in m.when.note


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dates_toml_files_parse_with_complete_series(lang):
    with open(DATA / lang / "dates.toml", "rb") as f:
        data = tomllib.load(f)
    series = {
        k: v
        for k, v in data["months"].items()
        if isinstance(v, list) and v and isinstance(v[0], list)
    }
    assert series
    for name, months in series.items():
        assert len(months) == 12, name
        assert all(months[i] for i in range(12)), name
    assert len(data["hijri"]["months"]) == 12
    assert len(data["weekdays"]["names"]) == 7
    assert all(data["weekdays"]["names"])
    # one spelling never names two different months or weekdays
    seen: dict[str, int] = {}
    for months in series.values():
        for i, names in enumerate(months):
            for n in names:
                assert seen.setdefault(fold(n).lower(), i) == i, n
    seen = {}
    for i, names in enumerate(data["weekdays"]["names"]):
        for n in names:
            assert seen.setdefault(fold(n).lower(), i) == i, n
    for table in ("months", "years", "weeks"):
        assert {int(k) for k in data["relative"][table]} == {-1, 0, 1}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dates_toml_entries_are_plain_text(lang):
    """Presentation forms or stray control characters would never match folded text."""
    raw = (DATA / lang / "dates.toml").read_text(encoding="utf-8")
    assert not re.search(r"[\uFB50-\uFDFF\uFE70-\uFEFF\u200b-\u200f]", raw)


def test_dates_arabic_series_present():
    data = tomllib.loads((DATA / "ar" / "dates.toml").read_text(encoding="utf-8"))
    assert {"egyptian", "levantine"} <= set(data["months"])
    assert "شباط" in data["months"]["levantine"][1]
    assert "فبراير" in data["months"]["egyptian"][1]


# --------------------------------------------------------------------------- relative days


@pytest.mark.parametrize(
    "lang,text,surface,when",
    [
        ("ar", "قال اليوم إن", "اليوم", "2021-02-18"),
        ("ar", "وقال أمس إن", "أمس", "2021-02-17"),
        ("ar", "وقال امس إن", "امس", "2021-02-17"),
        ("ar", "وقال بالأمس إن", "الأمس", "2021-02-17"),
        ("ar", "انطلقت أول أمس في سوتشي", "أول أمس", "2021-02-16"),
        ("ar", "انطلقت أمس الأول في سوتشي", "أمس الأول", "2021-02-16"),
        ("ar", "انطلقت قبل يومين في سوتشي", "قبل يومين", "2021-02-16"),
        ("ar", "انطلقت قبل ثلاثة أيام في سوتشي", "قبل ثلاثة أيام", "2021-02-15"),
        ("ar", "يزور السعودية غداً", "غداً", "2021-02-19"),
        ("ar", "وصل مساء أمس", "مساء أمس", "2021-02-17"),
        ("en", "said today that", "today", "2021-02-18"),
        ("en", "Yesterday the leaders said", "Yesterday", "2021-02-17"),
        ("en", "the day before yesterday May said", "the day before yesterday", "2021-02-16"),
        ("en", "two days ago he said", "two days ago", "2021-02-16"),
        ("en", "3 days ago he said", "3 days ago", "2021-02-15"),
        ("en", "due in Egypt this evening", "this evening", "2021-02-18"),
        ("en", "will arrive tomorrow", "tomorrow", "2021-02-19"),
    ],
)
def test_dates_relative_day(lang, text, surface, when):
    check(one(text, lang), surface, when, "day")


@pytest.mark.parametrize(
    "text,surface,when",
    [
        ("وخلال مؤتمر صحفي في سوتشي، أمس الأربعاء، أكد", "أمس الأربعاء", "2021-02-17"),
        ("وكانت قد انطلقت، أول أمس الثلاثاء، في مدينة", "أول أمس الثلاثاء", "2021-02-16"),
        ("عقد اليوم الخميس لقاءات", "اليوم الخميس", "2021-02-18"),
        ("قررت اليوم، الخميس، أربع دول", "اليوم، الخميس", "2021-02-18"),
        ("نقلتها الوكالة اليوم /الخميس/ أن", "اليوم /الخميس", "2021-02-18"),
        ("سيزور المملكة غداً الجمعة بدعوة", "غداً الجمعة", "2021-02-19"),
        ("قالت ١٨/٢: أمس الأربعاء", "أمس الأربعاء", "2021-02-17"),
    ],
)
def test_dates_relative_day_with_agreeing_weekday(text, surface, when):
    check(one(text, "ar"), surface, when, "day")


def test_dates_relative_day_weekday_disagreement_same_month():
    # yesterday (2021-02-17) was a Wednesday, not a Monday: the day is uncertain, the month is not
    m = one("أكد أمس الاثنين أن", "ar")
    check(m, "أمس الاثنين", "2021-02-01", "month")
    assert "Monday" in m.when.note and "2021-02-17" in m.when.note


def test_dates_relative_day_weekday_disagreement_across_months():
    # published Monday 2021-03-01: yesterday is 2021-02-28 (Sunday); "Monday" points to 03-01
    m = one("أكد أمس الاثنين أن", "ar", date(2021, 3, 1))
    check(m, "أمس الاثنين", None, "none")
    assert "Monday" in m.when.note


def test_dates_today_not_that_same_day():
    assert find("وقررت في اليوم نفسه سحب سفيرها", "ar") == []
    assert find("وفي اليوم التالي التقى الوزيران", "ar") == []
    assert find("منذ ذلك اليوم لم يلتقيا", "ar") == []


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "lang,text,prefer,surface,when",
    [
        ("ar", "أعلن الأربعاء أنه", "past", "الأربعاء", "2021-02-17"),
        ("ar", "أعلن الخميس أنه", "past", "الخميس", "2021-02-18"),
        ("ar", "جلسة ثانية ستعقد الجمعة", "future", "الجمعة", "2021-02-19"),
        ("ar", "التقيا يوم الجمعة في", "past", "يوم الجمعة", "2021-02-12"),
        ("ar", "التقيا الثلاثاء الماضي في", "past", "الثلاثاء الماضي", "2021-02-16"),
        ("ar", "التقيا الخميس الماضي في", "past", "الخميس الماضي", "2021-02-11"),
        ("ar", "اجتماع يوم الجمعة المقبل في جدة", "past", "يوم الجمعة المقبل", "2021-02-19"),
        ("ar", "اجتماع الخميس القادم في جدة", "past", "الخميس القادم", "2021-02-25"),
        ("ar", "اجتماع الجمعة المقبلة في جدة", "past", "الجمعة المقبلة", "2021-02-19"),
        ("ar", "وصل مساء الثلاثاء إلى", "past", "مساء الثلاثاء", "2021-02-16"),
        ("ar", "وصل صباح الأحد إلى", "future", "صباح الأحد", "2021-02-21"),
        ("en", "said on Tuesday that", "past", "Tuesday", "2021-02-16"),
        ("en", "Russia announced Tuesday it would", "past", "Tuesday", "2021-02-16"),
        ("en", "will meet on Monday", "future", "Monday", "2021-02-22"),
        ("en", "met on Thursday", "future", "Thursday", "2021-02-18"),
        ("en", "an agreement last Friday to", "past", "last Friday", "2021-02-12"),
        ("en", "will go next Monday", "past", "next Monday", "2021-02-22"),
        ("en", "will go this Saturday", "past", "this Saturday", "2021-02-20"),
        ("en", "During Wednesday's call, the minister", "past", "Wednesday", "2021-02-17"),
        ("en", "entered the embassy on Friday evening", "past", "Friday evening", "2021-02-12"),
    ],
)
def test_dates_weekday(lang, text, prefer, surface, when):
    check(one(text, lang, prefer=prefer), surface, when, "day")


def test_dates_last_weekday_on_that_weekday_is_previous_week():
    check(
        one("brokered an agreement last Friday to", "en", date(2023, 3, 17)),
        "last Friday",
        "2023-03-10",
        "day",
    )
    check(
        one("وقع الاتفاق الجمعة الماضية", "ar", date(2023, 3, 17)),
        "الجمعة الماضية",
        "2023-03-10",
        "day",
    )


def test_dates_sunday_before_monday_publication():
    check(
        one("On Sunday in Geneva, the ministers", "en", date(2022, 10, 3)),
        "Sunday",
        "2022-10-02",
        "day",
    )


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "lang,text,published,surface,when",
    [
        ("ar", "في 18 فبراير 2021 أعلن", THU, "18 فبراير 2021", "2021-02-18"),
        ("ar", "في ١٨ شباط ٢٠٢١ أعلن", THU, "١٨ شباط ٢٠٢١", "2021-02-18"),
        ("ar", "في ١٥ سبتمبر ٢٠٢٠م وقعت", THU, "١٥ سبتمبر ٢٠٢٠م", "2020-09-15"),
        ("ar", "في 3 أيار 2019 وقعت", THU, "3 أيار 2019", "2019-05-03"),
        ("ar", "في 3 ابريل 2019 وقعت", THU, "3 ابريل 2019", "2019-04-03"),
        ("ar", "في 1 كانون الأول 2019 وقعت", THU, "1 كانون الأول 2019", "2019-12-01"),
        (
            "ar",
            "في 12 ذي الحجة... لا؛ في 5 تشرين الثاني 2019 وقعت",
            THU,
            "5 تشرين الثاني 2019",
            "2019-11-05",
        ),
        (
            "ar",
            "مؤتمر عقده اليوم السبت الموافق 18 من كانون الثاني/ يناير الحالي، أنه",
            date(2025, 1, 18),
            "اليوم السبت الموافق 18 من كانون الثاني/ يناير الحالي",
            "2025-01-18",
        ),
        (
            "ar",
            "وفاق برس | الجمعة 14 أغسطس-آب 2020، 02 مساءً",
            date(2020, 8, 14),
            "الجمعة 14 أغسطس-آب 2020",
            "2020-08-14",
        ),
        (
            "ar",
            "العرب في ٩ سبتمبر/أيلول الجاري مشروع",
            date(2020, 9, 17),
            "٩ سبتمبر/أيلول الجاري",
            "2020-09-09",
        ),
        (
            "ar",
            "مع واشنطن في ١٣ أغسطس/آب الماضي، ثم",
            date(2020, 9, 17),
            "١٣ أغسطس/آب الماضي",
            "2020-08-13",
        ),
        ("ar", "في ١٣ أغسطس/آب الماضي", date(2020, 8, 20), "١٣ أغسطس/آب الماضي", "2019-08-13"),
        ("ar", "في 5 فبراير/ شباط المقبل", THU, "5 فبراير/ شباط المقبل", "2022-02-05"),
        ("ar", "عرب وعالم7-7-2022 | 20:19", date(2022, 7, 7), "7-7-2022", "2022-07-07"),
        ("ar", "نشر في 2021/1/18 13:00", THU, "2021/1/18", "2021-01-18"),
        ("ar", "نشر في ١٨/١/٢٠٢١", THU, "١٨/١/٢٠٢١", "2021-01-18"),
        (
            "ar",
            "الانتخابات المقررة يوم الثالث من نوفمبر/ تشرين الثاني",
            date(2020, 8, 14),
            "يوم الثالث من نوفمبر/ تشرين الثاني",
            "2019-11-03",
        ),
        ("ar", "في 18 مارس من العام الماضي", THU, "18 مارس من العام الماضي", "2020-03-18"),
        ("en", "on 16 February 2021 the", THU, "16 February 2021", "2021-02-16"),
        ("en", "on February 16, 2021 the", THU, "February 16, 2021", "2021-02-16"),
        ("en", "met on Feb. 16 in", THU, "Feb. 16", "2021-02-16"),
        ("en", "met on Feb 16 in", THU, "Feb 16", "2021-02-16"),
        (
            "en",
            "by a decree adopted on Nov. 12, 2011, suspended",
            THU,
            "Nov. 12, 2011",
            "2011-11-12",
        ),
        ("en", "LONDON, March 16 - British", date(2018, 3, 16), "March 16", "2018-03-16"),
        (
            "en",
            "Last updated: 03 October 2022 17:55",
            date(2022, 10, 3),
            "03 October 2022",
            "2022-10-03",
        ),
        ("en", "Published 2023-03-30 08:00", THU, "2023-03-30", "2023-03-30"),
        ("en", "Updated 18:21, 30-Mar-2023", date(2023, 3, 30), "30-Mar-2023", "2023-03-30"),
        ("en", "announced on August 16 that", date(2024, 8, 24), "August 16", "2024-08-16"),
        ("en", "what was agreed on July 2, he said", date(2024, 8, 24), "July 2", "2024-07-02"),
        (
            "en",
            "what was agreed on the 2nd of July",
            date(2024, 8, 24),
            "2nd of July",
            "2024-07-02",
        ),
        ("en", "what was agreed on July 2nd", date(2024, 8, 24), "July 2nd", "2024-07-02"),
        (
            "en",
            "what was agreed on the third of July",
            date(2024, 8, 24),
            "the third of July",
            "2024-07-03",
        ),
        ("en", "MOSCOW, MARCH 29 (Xinhua)", date(2022, 3, 30), "MARCH 29", "2022-03-29"),
        ("en", "Fri Mar 16, 2018", date(2018, 3, 16), "Fri Mar 16, 2018", "2018-03-16"),
        ("en", "on Tuesday, Feb. 16, the", THU, "Tuesday, Feb. 16", "2021-02-16"),
        ("en", "on Friday 14 August 2020", THU, "Friday 14 August 2020", "2020-08-14"),
        ("en", "on 16 February last year", THU, "16 February last year", "2020-02-16"),
    ],
)
def test_dates_absolute(lang, text, published, surface, when):
    m = one(text, lang, published)
    check(m, surface, when, "day")


@pytest.mark.parametrize(
    "lang,text,published,prefer,when",
    [
        # day + month without year: nearest in the preferred direction (P +- 2 days of slack);
        # in the past direction a day up to two months after P is the coming one (news names
        # the year of a day long past)
        ("en", "on Nov. 9 to hold political talks", date(2020, 10, 27), "future", "2020-11-09"),
        ("en", "on Nov. 9 they held talks", date(2020, 10, 27), "past", "2020-11-09"),
        ("en", "on Dec. 29 they held talks", date(2020, 10, 27), "past", "2019-12-29"),
        ("en", "on Feb. 19 they meet", THU, "past", "2021-02-19"),  # within the 2-day slack
        ("en", "on Feb. 21 they meet", THU, "past", "2021-02-21"),
        ("en", "on Apr. 25 they met", THU, "past", "2020-04-25"),
        ("en", "on Feb. 16 they met", THU, "future", "2021-02-16"),  # within the 2-day slack
        ("en", "on Feb. 15 they met", THU, "future", "2022-02-15"),
        ("ar", "في 20 ديسمبر وقعت", date(2021, 1, 5), "past", "2020-12-20"),
        ("ar", "في 5 يناير ستعقد", date(2020, 12, 20), "future", "2021-01-05"),
        ("ar", "في 29 فبراير وقعت", THU, "past", "2020-02-29"),  # 2021 has no 29 February
    ],
)
def test_dates_day_month_without_year(lang, text, published, prefer, when):
    m = one(text, lang, published, prefer)
    assert (m.when.date, m.when.precision) == (D(when), "day")


# --------------------------------------------------------------------------- Hijri


def test_dates_hijri_alone():
    check(one("وقعت في ٢٧ محرم ١٤٤٢هـ اتفاقيتين", "ar"), "٢٧ محرم ١٤٤٢هـ", "2020-09-15", "day")
    check(one("في 5 رجب 1442 وصل", "ar"), "5 رجب 1442", "2021-02-17", "day")
    check(one("في 15 ذي القعدة 1442هـ وصل", "ar"), "15 ذي القعدة 1442هـ", "2021-06-25", "day")
    check(one("في 1 ربيع الأول 1443 هـ وصل", "ar"), "1 ربيع الأول 1443 هـ", "2021-10-07", "day")
    check(one("في 1 ربيع الاول 1443 وصل", "ar"), "1 ربيع الاول 1443", "2021-10-07", "day")
    check(one("in 27 Muharram 1442 AH the", "en"), "27 Muharram 1442 AH", "2020-09-15", "day")


def test_dates_hijri_with_weekday_dateline():
    m = one("الخميس ٢٩ محرم ١٤٤٢هـ\nشارك", "ar", date(2020, 9, 17))
    check(m, "الخميس ٢٩ محرم ١٤٤٢هـ", "2020-09-17", "day")
    assert m.kind == "hijri"


def test_dates_hijri_with_gregorian_equivalent():
    text = "وقّعت الدولتان، أول أمس الثلاثاء ٢٧ محرم ١٤٤٢هـ الموافق ١٥ سبتمبر ٢٠٢٠م، اتفاقيتين"
    m = one(text, "ar", date(2020, 9, 17))
    check(m, "أول أمس الثلاثاء ٢٧ محرم ١٤٤٢هـ الموافق ١٥ سبتمبر ٢٠٢٠م", "2020-09-15", "day")
    m = one("الخميس ٢٩ محرم ١٤٤٢هـ - ١٧ سبتمبر ٢٠٢٠م", "ar", date(2020, 9, 17))
    check(m, "الخميس ٢٩ محرم ١٤٤٢هـ - ١٧ سبتمبر ٢٠٢٠م", "2020-09-17", "day")


def test_dates_hijri_gregorian_disagreement_keeps_gregorian():
    found = find("في ٢٧ محرم ١٤٤٢هـ الموافق ١٦ سبتمبر ٢٠٢٠م", "ar")
    days = [m for m in found if m.when.precision == "day"]
    assert [(m.text, m.when.date) for m in days] == [("١٦ سبتمبر ٢٠٢٠م", date(2020, 9, 16))]
    assert "Hijri" in days[0].when.note
    hijri = [m for m in found if m.kind == "hijri"]
    assert hijri and hijri[0].when.precision == "none" and "Gregorian" in hijri[0].when.note


def test_dates_hijri_out_of_range():
    m = one("في 5 رجب 1200هـ", "ar")
    assert m.when.precision == "none" and "range" in m.when.note


def test_dates_hijri_impossible_day():
    m = one("في 30 محرم 1442هـ", "ar")  # Muharram 1442 has 29 days
    assert m.when.precision == "none" and "impossible" in m.when.note


# --------------------------------------------------------------------------- months and years


@pytest.mark.parametrize(
    "lang,text,published,prefer,surface,when,precision",
    [
        (
            "ar",
            "هذا الاجتماع الآن، في فبراير/ شباط. لقد",
            THU,
            "past",
            "فبراير/ شباط",
            "2021-02-01",
            "month",
        ),
        (
            "ar",
            "في آذار العام الماضي، حيث",
            date(2016, 4, 7),
            "past",
            "آذار العام الماضي",
            "2015-03-01",
            "month",
        ),
        (
            "ar",
            "أعلنت الرياض الشهر الماضي أنها",
            date(2023, 4, 11),
            "past",
            "الشهر الماضي",
            "2023-03-01",
            "month",
        ),
        (
            "ar",
            "زار القاهرة مطلع الشهر الجاري، وأجرى",
            date(2023, 4, 11),
            "past",
            "مطلع الشهر الجاري",
            "2023-04-01",
            "month",
        ),
        (
            "ar",
            "زار القاهرة في أوائل الشهر وأجرى",
            date(2023, 4, 11),
            "past",
            "أوائل الشهر",
            "2023-04-01",
            "month",
        ),
        (
            "ar",
            "زار القاهرة هذا الشهر وأجرى",
            date(2023, 4, 11),
            "past",
            "هذا الشهر",
            "2023-04-01",
            "month",
        ),
        ("ar", "الشهر الحالي", date(2023, 4, 11), "past", "الشهر الحالي", "2023-04-01", "month"),
        (
            "ar",
            "منذ أن تسلم الحكم في كانون الثاني 2015 خلفا",
            date(2016, 4, 7),
            "past",
            "كانون الثاني 2015",
            "2015-01-01",
            "month",
        ),
        (
            "ar",
            "زار موسكو في مارس الماضي",
            date(2016, 4, 7),
            "past",
            "مارس الماضي",
            "2016-03-01",
            "month",
        ),
        (
            "ar",
            "يزور موسكو في مايو المقبل",
            date(2016, 4, 7),
            "past",
            "مايو المقبل",
            "2016-05-01",
            "month",
        ),
        ("ar", "زار موسكو في ديسمبر", date(2016, 4, 7), "past", "ديسمبر", "2015-12-01", "month"),
        ("ar", "يزور موسكو في ديسمبر", date(2016, 4, 7), "future", "ديسمبر", "2016-12-01", "month"),
        (
            "ar",
            "زار موسكو العام الماضي",
            date(2016, 4, 7),
            "past",
            "العام الماضي",
            "2015-01-01",
            "year",
        ),
        (
            "ar",
            "منذ اندلاع الأزمة عام 2011.",
            date(2016, 4, 7),
            "past",
            "عام 2011",
            "2011-01-01",
            "year",
        ),
        (
            "ar",
            "أواخر العام الماضي",
            date(2016, 4, 7),
            "past",
            "أواخر العام الماضي",
            "2015-01-01",
            "year",
        ),
        (
            "en",
            "a truce agreement in November 2020 brought",
            date(2022, 10, 3),
            "past",
            "November 2020",
            "2020-11-01",
            "month",
        ),
        (
            "en",
            "Last month saw the heaviest fighting",
            date(2022, 10, 3),
            "past",
            "Last month",
            "2022-09-01",
            "month",
        ),
        (
            "en",
            "restarted earlier this month in Cairo",
            date(2024, 8, 24),
            "past",
            "earlier this month",
            "2024-08-01",
            "month",
        ),
        (
            "en",
            "forward to this month, rather",
            date(2022, 10, 3),
            "past",
            "this month",
            "2022-10-01",
            "month",
        ),
        (
            "en",
            "sheltering there since late last year.",
            date(2024, 4, 6),
            "past",
            "late last year",
            "2023-01-01",
            "year",
        ),
        (
            "en",
            "troops into Ukraine in February last year.",
            date(2023, 3, 17),
            "past",
            "February last year",
            "2022-02-01",
            "month",
        ),
        (
            "en",
            "In the autumn of 2020 the two neighbours",
            date(2022, 10, 3),
            "past",
            "the autumn of 2020",
            "2020-01-01",
            "year",
        ),
        (
            "en",
            "last year's Nord Stream sabotage",
            date(2023, 3, 2),
            "past",
            "last year",
            "2022-01-01",
            "year",
        ),
        (
            "en",
            "violence against demonstrators in 2011.",
            date(2019, 1, 18),
            "past",
            "2011",
            "2011-01-01",
            "year",
        ),
        (
            "en",
            "rather than holding it in November as agreed",
            date(2022, 10, 3),
            "future",
            "November",
            "2022-11-01",
            "month",
        ),
        (
            "en",
            "the World Cup in Russia this summer.",
            date(2018, 3, 16),
            "past",
            "this summer",
            "2018-01-01",
            "year",
        ),
    ],
)
def test_dates_month_and_year(lang, text, published, prefer, surface, when, precision):
    check(one(text, lang, published, prefer), surface, when, precision)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "وجّه في الأسبوع الماضي دعوة"),
        ("ar", "وجّه الأسبوع المقبل دعوة"),
        ("en", "talks restarted earlier this week in Cairo"),
        ("en", "he travelled there last week"),
        ("en", "he travels there this week"),
    ],
)
def test_dates_week_in_one_month_keeps_the_month(lang, text):
    m = one(text, lang)
    assert m.when.precision == "month" and m.when.date == date(2021, 2, 1)
    assert "week" in m.when.note


@pytest.mark.parametrize("lang,text", [("en", "he travelled there last week"),
                                       ("ar", "وجّه في الأسبوع الماضي دعوة")])
def test_dates_week_across_two_months_has_no_precision(lang, text):
    m = one(text, lang, published=date(2021, 4, 5))  # the week before lies in March and April
    assert m.when.precision == "none" and m.when.date is None
    assert "week" in m.when.note


# --------------------------------------------------------------------------- ranges and durations


@pytest.mark.parametrize(
    "lang,text,published,surface,when,end",
    [
        (
            "ar",
            "عقدت المحادثات من الثلاثاء إلى الأربعاء في",
            THU,
            "الثلاثاء إلى الأربعاء",
            "2021-02-16",
            "2021-02-17",
        ),
        (
            "ar",
            "عقدت المحادثات بين 16 و17 فبراير في",
            THU,
            "16 و17 فبراير",
            "2021-02-16",
            "2021-02-17",
        ),
        (
            "ar",
            "عقدت المحادثات بين الثلاثاء والأربعاء",
            THU,
            "الثلاثاء والأربعاء",
            "2021-02-16",
            "2021-02-17",
        ),
        (
            "ar",
            "من 28 فبراير إلى 2 مارس 2021",
            THU,
            "28 فبراير إلى 2 مارس 2021",
            "2021-02-28",
            "2021-03-02",
        ),
        (
            "en",
            "talks from Tuesday to Wednesday in",
            THU,
            "Tuesday to Wednesday",
            "2021-02-16",
            "2021-02-17",
        ),
        ("en", "talks on 16-17 February in", THU, "16-17 February", "2021-02-16", "2021-02-17"),
        (
            "en",
            "talks between 16 and 17 February in",
            THU,
            "16 and 17 February",
            "2021-02-16",
            "2021-02-17",
        ),
        ("en", "talks on February 16-17 in", THU, "February 16-17", "2021-02-16", "2021-02-17"),
        (
            "en",
            "Xi will visit Russia next week, from Monday to Wednesday, at the",
            date(2023, 3, 17),
            "next week, from Monday to Wednesday",
            "2023-03-20",
            "2023-03-22",
        ),
    ],
)
def test_dates_range(lang, text, published, surface, when, end):
    m = one(text, lang, published)
    check(m, surface, when, "day", end)
    assert m.kind == "range"


def test_dates_weekday_of_next_week():
    check(
        one("يعقد الاجتماع يوم الأحد من الأسبوع المقبل", "ar"),
        "يوم الأحد من الأسبوع المقبل",
        "2021-02-21",
        "day",
    )
    check(one("the meeting is on Monday next week", "en"), "Monday next week", "2021-02-22", "day")


def test_dates_duration_after_dated_start():
    text = (
        "وصل إلى القاهرة، الخميس، العاهل السعودي الملك سلمان بن عبد العزيز، "
        "في بداية زيارة رسمية تستغرق خمسة أيام، يُنتظر"
    )
    check(one(text, "ar", date(2016, 4, 7)), "الخميس", "2016-04-07", "day", "2016-04-11")
    check(
        one("وصل الخميس في زيارة لمدة ثلاثة أيام", "ar", date(2016, 4, 7)),
        "الخميس",
        "2016-04-07",
        "day",
        "2016-04-09",
    )
    check(
        one("وصل الخميس في زيارة تستغرق يومين", "ar", date(2016, 4, 7)),
        "الخميس",
        "2016-04-07",
        "day",
        "2016-04-08",
    )
    check(
        one("He arrived on Monday for a three-day visit", "en"),
        "Monday",
        "2021-02-15",
        "day",
        "2021-02-17",
    )
    check(
        one("He arrived on Monday for five days", "en"), "Monday", "2021-02-15", "day", "2021-02-19"
    )


def test_dates_duration_not_across_sentences():
    m = one("وصل الخميس. وكانت الزيارة السابقة تستغرق خمسة أيام", "ar", date(2016, 4, 7))
    assert m.when.end_date is None


# --------------------------------------------------------------------------- no guessing


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "عقب انتهاء اجتماعات “أستانا 15” في سوتشي"),
        ("ar", "أعمال الجولة الـ 15 من مباحثات أستانا"),
        ("ar", "وتتضمن هذه العقوبات طرد 35 دبلوماسياً روسياً"),
        ("ar", "في تمام الساعة 20:19 بتوقيت"),
        ("ar", "أول زيارة لوزير خارجية سوري منذ 2011"),
        ("ar", "مارس الضغط على الحكومة"),
        ("ar", "قال رجب طيب أردوغان إن"),
        ("ar", "الجمعية العامة للأمم المتحدة"),
        ("ar", "ثلاثة × ستة ="),
        ("en", "the Astana 15 talks"),
        ("en", "every foreign fighter had 90 days to leave"),
        ("en", "23 Russian diplomats would be expelled"),
        ("en", "more than 250 casualties on the two sides"),
        ("en", "Updated at 20:19 and at 10 a.m."),
        ("en", "since a 2011 uprising ousted Gadhafi"),
        ("en", "the Syrian crisis since 2011"),
        ("en", "Resolution No. 2735 and the plan"),
        ("en", "Beijing may publish a paper; protesters march"),
        ("en", "the biggest expulsion in over 30 years"),
    ],
)
def test_dates_no_guessing(lang, text):
    assert find(text, lang) == []


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "في 31 فبراير 2021"),
        ("ar", "في 30 فبراير"),
        ("ar", "في 31-04-2021"),
        ("en", "on 31 February 2021"),
        ("en", "on February 30"),
        ("en", "on 2021-02-30"),
    ],
)
def test_dates_impossible_date(lang, text):
    m = one(text, lang)
    assert m.when.precision == "none" and m.when.date is None
    assert "impossible" in m.when.note


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "في 15 مارس 1850"),
        ("ar", "في عام 2150"),
        ("en", "on 15 March 1850"),
        ("en", "in 2150"),
    ],
)
def test_dates_years_out_of_range_ignored(lang, text):
    assert find(text, lang) == []


def test_dates_english_numeric_ambiguous():
    m = one("on 03/04/2021 the", "en")
    assert m.when.precision == "none" and "ambiguous" in m.when.note
    check(one("on 13/04/2021 the", "en"), "13/04/2021", "2021-04-13", "day")
    check(one("في 03/04/2021", "ar"), "03/04/2021", "2021-04-03", "day")


# ----------------------------------------------------------------- explicit date vs weekday


@pytest.mark.parametrize(
    "lang,text,surface,when",
    [
        ("en", "on Wednesday, Feb. 16, the", "Feb. 16", "2021-02-16"),  # 16 Feb 2021 was a Tuesday
        ("ar", "الأربعاء 16 فبراير 2021", "16 فبراير 2021", "2021-02-16"),
        (
            "ar",
            "الجمعة ٢٩ محرم ١٤٤٢هـ",
            "٢٩ محرم ١٤٤٢هـ",
            "2020-09-17",
        ),  # 29 Muharram 1442 was a Thursday
    ],
)
def test_dates_weekday_disagrees_with_explicit_date(lang, text, surface, when):
    found = find(text, lang)
    explicit = [m for m in found if m.when.precision == "day" and m.text == surface]
    assert len(explicit) == 1, [(m.text, m.when) for m in found]
    assert explicit[0].when.date == D(when)
    assert "text says" in explicit[0].when.note


# --------------------------------------------------------------------------- no publication date


@pytest.mark.parametrize(
    "lang,text,word",
    [
        ("ar", "قال أمس إن", "أمس"),
        ("ar", "قال أمس الأربعاء إن", "أمس"),
        ("ar", "التقيا الثلاثاء الماضي", "الثلاثاء"),
        ("en", "said yesterday that", "yesterday"),
        ("en", "said on Tuesday that", "Tuesday"),
    ],
)
def test_dates_without_publication_date_relative_is_unknown(lang, text, word):
    m = one(text, lang, None)
    assert m.when.precision == "none" and m.when.date is None
    assert "no publication date" in m.when.note and word in m.when.note


@pytest.mark.parametrize(
    "lang,text,surface,when",
    [
        ("ar", "في ١٥ سبتمبر ٢٠٢٠م وقعت", "١٥ سبتمبر ٢٠٢٠م", "2020-09-15"),
        ("ar", "في ٢٧ محرم ١٤٤٢هـ", "٢٧ محرم ١٤٤٢هـ", "2020-09-15"),
        ("en", "on Nov. 12, 2011, the", "Nov. 12, 2011", "2011-11-12"),
    ],
)
def test_dates_without_publication_date_absolute_resolves(lang, text, surface, when):
    check(one(text, lang, None), surface, when, "day")


def test_dates_without_publication_date_month_and_day_month():
    for text in ("في فبراير", "في 16 فبراير", "الشهر الماضي", "العام الماضي"):
        assert one(text, "ar", None).when.precision == "none"


# --------------------------------------------------------------------------- offsets, order, API


def test_dates_offsets_point_into_original_text():
    text = "وقّعت الدولتان، أولُ أمسِ الثلاثاءَ، اتفاقيتين في ١٥ سبتمبر ٢٠٢٠م."
    for m in find(text, "ar", date(2020, 9, 17)):
        assert text[m.start : m.end] == m.text
    found = find(text, "ar", date(2020, 9, 17))
    assert [m.text for m in found] == ["أولُ أمسِ الثلاثاءَ", "١٥ سبتمبر ٢٠٢٠م"]
    assert found[0].when.date == date(2020, 9, 15)


def test_dates_sorted_and_non_overlapping():
    text = "أمس الأربعاء و18 فبراير 2021 والشهر الماضي وعام 2011 والثلاثاء الماضي"
    found = find(text, "ar")
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert len(found) == 5


def test_dates_bad_arguments():
    with pytest.raises(ValueError):
        find_dates("أمس", "ar", THU, load_rules("ar"), prefer="soon")
    with pytest.raises(ValueError):
        find_dates("yesterday", "ar", THU, load_rules("en"))


def test_dates_speed():
    text = (
        "وخلال مؤتمر صحفي في سوتشي الروسية، أمس الأربعاء، أكد لافرنتيف أن موسكو مستعدة، "
        "وكانت قد انطلقت أول أمس الثلاثاء أعمال الجولة الـ 15 في فبراير/ شباط 2021. "
    ) * 14
    text = text[:2000]
    rules = load_rules("ar")
    find_dates(text, "ar", THU, rules)
    n, t0 = 0, time.perf_counter()
    for _ in range(20):
        n += len(find_dates(text, "ar", THU, rules))
    per_text = (time.perf_counter() - t0) / 20
    assert n > 0
    assert per_text < 0.05, f"{per_text * 1000:.1f} ms per 2,000-character text"


# --------------------------------------------------------------------------- more forms


@pytest.mark.parametrize(
    "lang,text,surface,when",
    [
        ("ar", "يوم 15 من الشهر الجاري", "يوم 15 من الشهر الجاري", "2021-02-15"),
        ("ar", "في الخامس عشر من الشهر الماضي", "الخامس عشر من الشهر الماضي", "2021-01-15"),
        ("ar", "الخميس 11 من الشهر الجاري", "الخميس 11 من الشهر الجاري", "2021-02-11"),
        ("en", "on the 15th of this month", "15th of this month", "2021-02-15"),
        ("en", "on the 3rd of last month", "3rd of last month", "2021-01-03"),
    ],
)
def test_dates_day_of_relative_month(lang, text, surface, when):
    check(one(text, lang), surface, when, "day")


@pytest.mark.parametrize(
    "lang,text,surface",
    [
        ("ar", "عقدت جولتان في 6 و10 مارس 2021", "6 و10 مارس 2021"),
        ("en", "rounds held on 6 and 10 March 2021", "6 and 10 March 2021"),
    ],
)
def test_dates_two_days_named_keep_only_the_month(lang, text, surface):
    check(one(text, lang), surface, "2021-03-01", "month")


@pytest.mark.parametrize(
    "text,surface,when",
    [
        ("وأمس الأربعاء قال", "أمس الأربعاء", "2021-02-17"),
        ("وبالأمس قال", "الأمس", "2021-02-17"),
        ("والخميس الماضي قال", "الخميس الماضي", "2021-02-11"),
        ("فالجمعة الماضية قال", "الجمعة الماضية", "2021-02-12"),
        ("وفي ١٨ فبراير ٢٠٢١ قال", "١٨ فبراير ٢٠٢١", "2021-02-18"),
        ("أعلن اليوم من القاهرة أن", "اليوم", "2021-02-18"),
        ("في ۱۸ فبراير ۲۰۲۱ قال", "۱۸ فبراير ۲۰۲۱", "2021-02-18"),  # Persian digits
        ("قال أمسِ الأربعاءَ إن", "أمسِ الأربعاءَ", "2021-02-17"),  # diacritics kept in the span
    ],
)
def test_dates_arabic_spelling_variants(text, surface, when):
    check(one(text, "ar"), surface, when, "day")


@pytest.mark.parametrize(
    "lang,text,published,surface,when,precision",
    [
        ("ar", "في صيف 2019", THU, "صيف 2019", "2019-01-01", "year"),
        ("ar", "الصيف الماضي", THU, "الصيف الماضي", "2020-01-01", "year"),
        ("ar", "الشتاء الماضي", THU, "الشتاء الماضي", None, "none"),
        ("en", "last summer", date(2021, 10, 5), "last summer", "2021-01-01", "year"),
        ("en", "last summer", date(2021, 7, 5), "last summer", "2020-01-01", "year"),
        ("en", "in the winter of 2020", THU, "the winter of 2020", None, "none"),
        (
            "ar",
            "في رمضان 1442هـ",
            THU,
            "رمضان 1442هـ",
            "2021-01-01",
            "year",
        ),  # 13 April - 12 May 2021
        ("ar", "في رمضان 2020", THU, "رمضان 2020", "2020-01-01", "year"),
        ("ar", "أواخر 2019", THU, "أواخر 2019", "2019-01-01", "year"),
        ("en", "in early 2011", THU, "early 2011", "2011-01-01", "year"),
        ("en", "by mid-2011", THU, "mid-2011", "2011-01-01", "year"),
        ("ar", "منتصف مارس", THU, "منتصف مارس", "2020-03-01", "month"),
        ("en", "in late March", THU, "late March", "2020-03-01", "month"),
        ("en", "last July", THU, "last July", "2020-07-01", "month"),
    ],
)
def test_dates_seasons_edges_and_hijri_months(lang, text, published, surface, when, precision):
    check(one(text, lang, published), surface, when, precision)


def test_dates_arabic_week_anchor():
    check(
        one("الأسبوع المقبل، من الأحد إلى الثلاثاء", "ar"),
        "الأسبوع المقبل، من الأحد إلى الثلاثاء",
        "2021-02-21",
        "day",
        "2021-02-23",
    )


def test_dates_ago_relative_to_another_event_is_not_a_date():
    assert find("قبل يومين من الانتخابات", "ar") == []


def test_dates_tomorrow_not_the_verb_became():
    assert find("غدا من الصعب التوصل إلى اتفاق", "ar") == []
    check(one("لكنه يزور الرياض غدا", "ar"), "غدا", "2021-02-19", "day")


def test_dates_long_durations_are_not_event_spans():
    m = one("He announced on Monday a ban for 30 days", "en")
    assert m.when.end_date is None


# ------------------------------------------------- Hijri dates in digits, spaced numerals

@pytest.mark.parametrize("text,expected", [
    ("٦/٧/١٤٤٢هـ", date(2021, 2, 18)),          # day/month/year, Eastern Arabic digits
    ("6 / 7 / 1442 هـ", date(2021, 2, 18)),     # spaced
    ("1442/7/6 هـ", date(2021, 2, 18)),         # year first
])
def test_numeric_hijri_date_is_converted(text, expected):
    m = one(text, "ar")
    assert m.when.date == expected and m.when.precision == "day" and "Hijri" in m.when.note


def test_spaced_numeric_gregorian_date_is_read():
    m = one("17 / 2 / 2021م", "ar")
    assert m.when.date == date(2021, 2, 17)


def test_numeric_hijri_beside_gregorian_is_one_day_the_gregorian_kept():
    found = find("الخميس ٦/٧/١٤٤٢هـ الموافق ١٨/٢/٢٠٢١م", "ar")
    dated = [m for m in found if m.when.date is not None]
    assert dated and all(m.when.date == date(2021, 2, 18) for m in dated)


def test_english_hijri_year_in_digits_needs_its_suffix():
    assert not [m for m in find("on 6/7/1442", "en") if m.when.date is not None]


@pytest.mark.parametrize("text,prefer", [("الاثنين 15 فبراير", "past"), ("الاثنين 15 فبراير", "future"),
                                          ("Monday, February 15", "future")])
def test_written_weekday_picks_the_year_of_a_day_and_month(text, prefer):
    lang = "ar" if "فبراير" in text else "en"
    m = one(text, lang, prefer=prefer)
    assert m.when.date == date(2021, 2, 15)
