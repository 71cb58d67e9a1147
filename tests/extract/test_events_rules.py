"""Incident rules, one test per rule, on sentences written for these tests: which trigger a date,
figure or place goes to, how figures add up, when mentions make separate incidents, and which
places count."""

from __future__ import annotations

from datetime import date

from pipelines.extract.events import find_incidents
from pipelines.extract.model import Incident

PUB = date(2015, 8, 6)  # a Thursday


def found(text: str, lang: str = "ar") -> list[Incident]:
    return find_incidents(text, lang, PUB)


def one(text: str, lang: str = "ar") -> Incident:
    incidents = found(text, lang)
    assert len(incidents) == 1, incidents
    return incidents[0]


def words(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


# --- dates ---------------------------------------------------------------------------------


def test_a_date_a_report_cue_governs_is_the_statement_day() -> None:
    assert one("قال المتحدث باسم الشرطة اليوم إن انفجارا وقع في سوق المدينة.").date is None
    inc = one("وفي 3 أغسطس، قالت الوزارة إنها اعتقلت 12 شخصا.")
    assert (inc.date, inc.arrested) == (None, 12)


def test_a_date_goes_to_the_trigger_it_stands_by() -> None:
    text = "اعتقلت الشرطة 20 شخصا على صلة بتفجير وقع في 2 أغسطس في مدينة الموصل."
    arrest, attack = found(text)
    assert (arrest.type, arrest.date, arrest.arrested, arrest.place) == ("arrest", None, 20, None)
    assert (attack.type, attack.date, words(text, attack.place)) == ("attack", date(2015, 8, 2), "مدينة الموصل")


def test_a_vague_time_stays_null_and_keeps_a_later_day_apart() -> None:
    first, second = found("اندلعت معارك عنيفة في المدينة منذ أيام. وقتل 7 مسلحين أمس في معارك قرب المطار.")
    assert (first.date, first.killed) == (None, None)
    assert (second.date, second.killed) == (date(2015, 8, 5), 7)


def test_times_that_name_no_single_day() -> None:
    assert one("شنت الطائرات غارات الجمعة والسبت على مواقع المسلحين.").date is None
    assert one("اعتقلت الشرطة 20 شخصا خلال أربعة أيام.").date is None
    inc = one("اعتقل 18 شخصا في الفترة من 2 أغسطس (آب) وحتى يوم أمس.")
    assert (inc.date, inc.arrested) == (None, 18)
    # a month then a count is no "month day" date
    assert one("اعتقلت الشرطة في يناير 30 شخصا.").date is None


def test_days_ago_and_last_night() -> None:
    assert one("قتل 3 أشخاص في انفجار قبل ثلاثة أيام.").date == date(2015, 8, 3)
    assert one("وقع الانفجار قبل ثلاثة أيام من زيارة الوزير.").date is None
    assert one("أعلنت الشرطة مقتل شخصين في حادث سير وقع الليلة الماضية.").date == date(2015, 8, 5)


def test_the_lead_lends_its_day_to_the_incidents_of_the_day() -> None:
    text = "صنعاء - الثلاثاء\nقصف المسلحون حي النصر. وأطلقوا قذائف على جبل الشيخ."
    assert [i.date for i in found(text)] == [date(2015, 8, 4)] * len(found(text))


# --- figures -------------------------------------------------------------------------------


def test_a_figure_after_among_them_is_not_counted_again() -> None:
    inc = one("قتل 9 أشخاص بينهم 4 أطفال وأصيب 20 آخرون في انفجار.")
    assert (inc.killed, inc.injured) == (9, 20)
    assert one("قالت الشرطة إن 50 شخصا بينهم 8 أجانب اعتقلوا خلال المداهمات.").arrested == 50


def test_coordinated_figures_add_up_unless_another_kind() -> None:
    assert one("قتل 12 مسلحا و3 جنود في اشتباكات عنيفة.").killed == 15
    inc = one("قتل 12 شخصا و40 جريحا في تفجير.")
    assert (inc.killed, inc.injured) == (12, 40)
    assert one("قتل 10 متمردين في حين قتل 4 من رجال المقاومة في اشتباكات.").killed == 14


def test_figures_far_apart_belong_to_different_happenings() -> None:
    text = (
        "تمكنت القوات خلال عملية واسعة في القرى الجبلية الواقعة شمال المدينة من قتل 11 مسلحا من عناصر "
        "التنظيم المتشدد، وأشار المسؤولون إلى مقتل 6 مدنيين في انفجار عبوة ناسفة."
    )
    assert one(text).killed == 6


def test_victims_named_by_nouns() -> None:
    inc = one("لقي سائق مصرعه وأصيب آخر في حادث سير.")
    assert (inc.killed, inc.injured) == (1, 1)
    inc = one("أطلق رجل النار على زوجته وابنه مما أسفر عن وفاة الزوجة وإصابة الابن.")
    assert (inc.killed, inc.injured) == (1, 1)
    assert one("أسفر الحريق عن إصابة والديه وشقيقه.").injured == 3
    assert one("أسفر الانفجار عن سقوط قتيلين.").killed == 2
    arrest = [i for i in found("وقع حادث تصادم وتم توقيف السائق وثلاثة من مساعديه.") if i.type == "arrest"]
    assert [i.arrested for i in arrest] == [4]


def test_casualty_phrases() -> None:
    assert one("وقع تفجير انتحاري أودى بحياة 25 شخصا.").killed == 25
    inc = one("توفي شاب متأثرا بجروحه بعد حريق في منزله.")
    assert (inc.killed, inc.injured) == (1, None)


def test_seizures_are_not_arrest_counts_and_a_subject_may_stand_before_the_number() -> None:
    assert one("ضبطت الشرطة 5 ملايين حبة مخدرة وألقت القبض على شخصين.").arrested == 2
    assert one("أوقفت قوات الأمن التركية 54 شخصا.").arrested == 54
    assert one("أوقفت قوات الأمن التركية شخصين في المطار.").arrested == 2
    assert one("اعتقلت الشرطة رجلا يدعى سالم.").arrested == 1


def test_a_figure_goes_to_the_nearest_trigger_across_a_comma() -> None:
    text = (
        "وبعد ثلاثة أيام على هجوم انتحاري أودى بحياة 30 شخصا ومائة جريح، شنت الطائرات اليوم، أولى "
        "غاراتها على مواقع التنظيم."
    )
    by_word = {text[i.trigger[0] : i.trigger[1]]: i for i in found(text)}
    assert (by_word["هجوم انتحاري"].killed, by_word["هجوم انتحاري"].injured) == (30, 100)
    assert (by_word["غاراتها"].killed, by_word["غاراتها"].injured) == (None, None)
    assert by_word["غاراتها"].date == PUB
    assert by_word["هجوم انتحاري"].date is None


# --- telling incidents apart -----------------------------------------------------------------


def test_another_one_is_a_new_incident() -> None:
    first, second = found("قتل جندي في هجوم على نقطة تفتيش. وأسفر هجوم آخر عن إصابة 3 جنود.")
    assert (first.killed, first.injured, second.killed, second.injured) == (1, None, None, 3)


def test_an_earlier_incident_named_after_a_duration() -> None:
    text = (
        "وقع إطلاق نار أمس قرب مدرسة دون أن يسفر عن إصابات. ويأتي هذا الحادث بعد أسبوعين على الهجوم "
        "الذي أودى بحياة 4 أشخاص."
    )
    shooting, earlier = found(text)
    assert (shooting.date, shooting.killed, shooting.injured, len(shooting.mentions)) == (date(2015, 8, 5), 0, 0, 2)
    assert (earlier.date, earlier.killed) == (None, 4)


def test_mentions_join_the_incident_of_their_kind_of_act() -> None:
    text = (
        "شنت الطائرات غارات على مواقع المسلحين. وانفجرت سيارة مفخخة قرب السوق مما أسفر عن مقتل 5 أشخاص. "
        "وقالت المصادر إن الغارات دمرت مخازن أسلحة."
    )
    strikes, bomb = found(text)
    assert (len(strikes.mentions), strikes.killed) == (2, None)
    assert (words(text, bomb.trigger), bomb.killed) == ("سيارة مفخخة", 5)


def test_a_trigger_later_in_the_sentence_may_know_the_incident() -> None:
    text = "تحطمت طائرة تدريب قرب بلدة الحمراء. واشتعلت النيران في هيكل الطائرة فور أن تحطمت."
    inc = one(text)
    assert len(inc.mentions) == 3


def test_triggers_that_name_no_happening() -> None:
    assert found("عاد الهدوء دون حدوث أي مواجهات بين الطرفين.") == []
    assert found("أعلن الطرفان التزامهما باتفاق وقف إطلاق النار.") == []
    assert found("قالت الشرطة إنها تحاول القبض على المشتبه بهما.") == []


# --- places --------------------------------------------------------------------------------


def test_a_place_head_opens_a_name_and_chains() -> None:
    text = "اندلع حريق في مجمع الورود التجاري بحي النسيم مساء أمس."
    inc = one(text)
    assert words(text, inc.place) == "مجمع الورود التجاري بحي النسيم"
    assert inc.date == date(2015, 8, 5)


def test_a_head_with_no_name_is_no_place() -> None:
    assert one("وقع انفجار في سوق شعبي.").place is None
    assert one("قتل شخص في انفجار قرب مدرسة.").place is None


def test_a_feminine_head_before_a_name_ending_in_ya() -> None:
    text = "وقع الانفجار في منطقة ليجي."
    assert words(text, one(text).place) == "منطقة ليجي"


def test_dateline_origin_and_destination_are_not_where() -> None:
    assert one("الرياض - واس: أعلنت الشرطة القبض على 3 أشخاص.").place is None
    assert one("تم القبض على المتهم بعد وصوله إلى الرياض.").place is None
    text = "أطلقت قذائف من سوريا على بلدة كيليس."
    assert words(text, one(text).place) == "بلدة كيليس"


def test_compass_bracketed_country_and_a_name_given_before() -> None:
    text = "تحطمت طائرة عسكرية جنوب شرق موسكو."
    assert words(text, one(text).place) == "جنوب شرق موسكو"
    text = "قتل 5 أشخاص في انفجار في زاريتشي (أوكرانيا)."
    assert words(text, one(text).place) == "زاريتشي"
    text = "سيطرت القوات على مدينة زاوة. وأدى انفجار في زاوة إلى مقتل 3 أشخاص."
    assert words(text, one(text).place) == "زاوة"


def test_the_most_specific_place_of_all_mentions() -> None:
    text = "قتل 3 أشخاص في انفجار بمدينة حلب. ووقع الانفجار في سوق الهال بحي الفردوس."
    inc = one(text)
    assert (words(text, inc.place), inc.killed, len(inc.mentions)) == ("سوق الهال بحي الفردوس", 3, 2)


def test_place_spans_map_back_through_diacritics() -> None:
    text = "وَقَعَ انْفِجَارٌ فِي سُوقِ الهالِ بِحَيِّ الفِرْدَوْسِ."
    inc = one(text)
    assert words(text, inc.place) == "سُوقِ الهالِ بِحَيِّ الفِرْدَوْسِ"


# --- English -------------------------------------------------------------------------------


def test_english_rules() -> None:
    inc = one("A gunman opened fire at a school last week, killing a teacher and his son.", "en")
    assert (inc.type, inc.date, inc.killed) == ("attack", None, 2)
    inc = one("Police arrested 30 people, including 5 foreigners, in raids.", "en")
    assert inc.arrested == 30
    assert one("Police said on Monday that they had arrested 12 people.", "en").date is None


# --- games ---------------------------------------------------------------------------------


def test_a_sentence_about_a_game_has_no_clash_or_attack() -> None:
    assert found("ويخوض المنتخب مواجهات صعبة في تصفيات كأس العالم بعد هجوم قوي في الشوط الثاني.") == []
    assert found("The striker led the attack as the league leaders won the match 3-1.", "en") == []


def test_a_game_elsewhere_in_the_article_does_not_hide_an_attack() -> None:
    text = "أصيب خمسة أشخاص في هجوم على مقر نادي المدينة أمس. وتأجلت مباراة الفريق المقررة اليوم."
    inc = one(text)
    assert (inc.type, inc.injured, words(text, inc.trigger)) == ("attack", 5, "هجوم")


def test_a_game_does_not_hide_an_accident() -> None:
    inc = one("توفي لاعب المنتخب السابق في حادث مروري بعد مباراة ودية.")
    assert inc.type == "accident"
