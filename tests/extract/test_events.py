"""Incident finding on sentences written for these tests: types, dates, places and figures."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.events import find_incidents, parse_number

PUB = date(2015, 8, 6)  # a Thursday


def one(text: str, lang: str = "ar", published: date | None = PUB):
    incidents = find_incidents(text, lang, published)
    assert len(incidents) == 1, incidents
    return incidents[0]


def test_number_words_and_digits() -> None:
    assert parse_number("١٤٤") == 144
    assert parse_number("ثلاثة") == 3
    assert parse_number("ثلاثون ألف") == 30000
    assert parse_number("twelve", "en") == 12
    assert parse_number("عشرات") is None


def test_attack_with_killed_injured_place_and_yesterday() -> None:
    text = "قتل 12 شخصا وأصيب 30 آخرون في تفجير انتحاري استهدف سوقا في مدينة الموصل أمس."
    inc = one(text)
    assert inc.type == "attack"
    assert (inc.killed, inc.injured) == (12, 30)
    assert inc.date == date(2015, 8, 5)
    assert inc.place is not None and text[inc.place[0] : inc.place[1]] == "مدينة الموصل"


def test_approximate_figure_and_explicit_date() -> None:
    inc = one("أسفر الانفجار الذي وقع في 14 مارس عن مقتل ما يقرب من 60 شخصا.")
    assert inc.killed == 60
    assert inc.date == date(2015, 3, 14)


def test_explicit_date_after_publication_is_last_year() -> None:
    inc = one("وكان الزلزال الذي ضرب المنطقة في 20 ديسمبر قد دمر مئات المنازل.")
    assert inc.type == "disaster"
    assert inc.date == date(2014, 12, 20)


def test_relative_weekday_resolves_to_the_last_such_day() -> None:
    inc = one("اندلعت اشتباكات عنيفة يوم الاثنين الماضي بين الطرفين.")
    assert inc.type == "clash"
    assert inc.date == date(2015, 8, 3)


def test_unresolvable_date_stays_null() -> None:
    assert one("وقع حادث مروري الأسبوع الماضي على الطريق السريع.").date is None
    assert one("قتل 3 أشخاص في انفجار أمس.", published=None).date is None


def test_arrest_of_a_single_named_person_and_of_a_number() -> None:
    assert one("وتمكنت الشرطة من القبض على المتهم بعد ساعات.").arrested == 1
    assert one("أعلنت الأجهزة الأمنية اعتقال ٣٥ شخصا.").arrested == 35


def test_no_injuries_gives_zero() -> None:
    inc = one("شب حريق في مستودع تجاري دون أن يسفر عن إصابات، وأخمدته فرق الدفاع المدني.")
    assert inc.type == "accident"
    assert (inc.injured, inc.killed) == (0, 0)


def test_mentions_of_one_incident_fold_and_anaphora_attaches() -> None:
    text = (
        "وقع انفجار في العاصمة صباح أمس. وأوضحت الشرطة أن الحادث نجم عن سيارة مفخخة، وأن الانفجار خلف أضرارا."
    )
    inc = one(text)
    assert inc.type == "attack"
    assert len(inc.mentions) >= 3
    assert any(text[a:b] == "الحادث" for a, b in inc.mentions)


def test_two_incidents_of_one_type_on_different_days() -> None:
    text = "قتل خمسة جنود في هجوم على نقطة تفتيش يوم 3 أغسطس. وفي 1 يوليو أسفر هجوم آخر عن مقتل شرطيين."
    incidents = find_incidents(text, "ar", PUB)
    assert [i.date for i in incidents] == [date(2015, 8, 3), date(2015, 7, 1)]
    assert [i.killed for i in incidents] == [5, 2]


def test_generic_counter_terrorism_is_not_an_incident() -> None:
    assert find_incidents("ناقش الاجتماع سبل مكافحة الهجمات الإرهابية في المنطقة.", "ar", PUB) == []


def test_english_incident() -> None:
    inc = one("Three people were killed and 20 injured in a bombing in Baghdad yesterday.", "en")
    assert (inc.type, inc.killed, inc.injured) == ("attack", 3, 20)
    assert inc.date == date(2015, 8, 5)


def test_empty_text() -> None:
    assert find_incidents("", "ar", PUB) == []
    assert find_incidents("لا شيء هنا.", "ar", None) == []


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "هجوم ",
                "قتل ",
                "12 ",
                "١٤٤ ",
                "أمس ",
                "الاثنين ",
                "في ",
                "مدينة ",
                "جدة ",
                "حريق ",
                "اعتقال ",
                "ثلاثة ",
                "مارس ",
                "31 ",
                "فبراير ",
                ". ",
                "، ",
                "\n",
                "killed ",
                "bombing ",
                "on ",
                "March ",
                "Monday ",
                "ـ",
                "ً",
            ]
        ),
        max_size=40,
    ).map("".join),
    st.sampled_from(["ar", "en"]),
    st.one_of(st.none(), st.dates()),
)
def test_incident_spans_and_fields_are_well_formed(text: str, lang: str, published: date | None) -> None:
    for inc in find_incidents(text, lang, published):
        for a, b in [inc.trigger, *inc.mentions]:
            assert 0 <= a < b <= len(text)
        if inc.place:
            assert 0 <= inc.place[0] < inc.place[1] <= len(text)
        for figure in (inc.killed, inc.injured, inc.arrested):
            assert figure is None or figure >= 0
