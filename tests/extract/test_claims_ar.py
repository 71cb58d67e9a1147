"""Arabic claim fixtures: each construction of the spec on sentences written for these tests,
with the exact cue, speaker and via spans and every field."""

from __future__ import annotations

import pytest

from pipelines.extract.claims import find_claims
from tests.extract.helpers import claim_at, span, words


def ar(text: str):  # type: ignore[no-untyped-def]
    return find_claims(text, "ar")


# --- cues and speakers -------------------------------------------------------------------------


def test_role_then_name_with_commas() -> None:
    t = "وقال المتحدث باسم وزارة الخارجية، أحمد الصالح، إن الوزارة تتابع الوضع عن كثب."
    c = claim_at(ar(t), t, "وقال")
    assert c.speaker == span(t, "المتحدث باسم وزارة الخارجية، أحمد الصالح")
    assert (c.speaker_type, c.source_count, c.via, c.stance, c.quote) == (
        "person",
        None,
        None,
        "assert",
        "indirect",
    )
    assert words(t, c.content) == "الوزارة تتابع الوضع عن كثب."


def test_name_then_role() -> None:
    t = "وأوضح سامي العمري مدير إدارة المرور بمنطقة الرياض أن الحركة ستعود إلى طبيعتها غدا."
    c = claim_at(ar(t), t, "وأوضح")
    assert c.speaker == span(t, "سامي العمري مدير إدارة المرور بمنطقة الرياض")
    assert c.speaker_type == "person"


def test_body_with_feminine_verb_after_fima() -> None:
    t = "انتشرت الشائعات أمس، فيما أكدت وزارة الصحة أن الوضع الصحي مستقر."
    c = claim_at(ar(t), t, "أكدت")
    assert c.speaker == span(t, "وزارة الصحة")
    assert c.speaker_type == "organization"


@pytest.mark.parametrize("cue", ["مضيفا", "مشيرا", "موضحا", "لافتا"])
def test_participle_continues_previous_speaker(cue: str) -> None:
    t = f"وقال وزير المالية إن الميزانية ستعلن الأسبوع المقبل، {cue} إلى أن العجز سينخفض."
    cl = ar(t)
    first = claim_at(cl, t, "وقال")
    c = claim_at(cl, t, cue)
    assert c.speaker == first.speaker == span(t, "وزير المالية")
    assert c.continues == cl.index(first)
    assert c.speaker_type == "person"


def test_continuation_in_next_sentence_keeps_speaker_and_via() -> None:
    t = (
        "وقال الدكتور خالد الحربي لوكالة رويترز إن المشروع سيكتمل هذا العام. "
        "وأضاف أن التكلفة تجاوزت التقديرات."
    )
    cl = ar(t)
    first = claim_at(cl, t, "وقال")
    assert first.via == span(t, "وكالة رويترز")
    c = claim_at(cl, t, "وأضاف")
    assert c.speaker == span(t, "الدكتور خالد الحربي")
    assert c.via == first.via
    assert c.continues == cl.index(first)


def test_states_stand_for_governments() -> None:
    t = "قالت روسيا إن المحادثات فشلت. بينما نفت كييف هذه الرواية."
    cl = ar(t)
    assert claim_at(cl, t, "قالت").speaker == span(t, "روسيا")
    deny = claim_at(cl, t, "نفت")
    assert deny.speaker == span(t, "كييف")
    assert (deny.speaker_type, deny.stance) == ("organization", "deny")


def test_svo_with_kana_and_qad() -> None:
    t = "وكان المتحدث الرسمي للهيئة قد أعلن أن التسجيل يبدأ الأحد."
    c = claim_at(ar(t), t, "أعلن")
    assert c.speaker == span(t, "المتحدث الرسمي للهيئة")
    assert c.speaker_type == "person"


# --- prepositional attributions and cues after their content ----------------------------------


def test_according_to_agency() -> None:
    t = "ارتفعت أسعار النفط أمس، وفقا لوكالة بلومبرغ."
    c = claim_at(ar(t), t, "وفقا ل")
    assert c.speaker == span(t, "وكالة بلومبرغ")
    assert (c.speaker_type, c.via) == ("media", None)


def test_bihasab_anonymous_sources() -> None:
    t = "وبحسب مصادر مطلعة فإن الاجتماع تأجل إلى الشهر المقبل."
    c = claim_at(ar(t), t, "وبحسب")
    assert c.speaker == span(t, "مصادر مطلعة")
    assert (c.speaker_type, c.source_count) == ("anonymous", None)


def test_hasabama_then_verb_is_one_claim() -> None:
    t = "تأجلت المباراة إلى الخميس، حسبما ذكرت صحيفة الرياضية."
    cl = ar(t)
    assert len(cl) == 1
    c = claim_at(cl, t, "ذكرت")
    assert c.speaker == span(t, "صحيفة الرياضية")
    assert c.speaker_type == "media"


def test_cue_after_content_bihasab_ma_qal() -> None:
    t = "أغلقت السلطات المعبر الحدودي، بحسب ما قال مسؤول محلي."
    cl = ar(t)
    assert len(cl) == 1
    c = claim_at(cl, t, "قال")
    assert c.speaker == span(t, "مسؤول محلي")
    assert (c.speaker_type, c.source_count) == ("anonymous", 1)


def test_awdaha_dhalika_after_content() -> None:
    t = "ستبدأ الرحلات الدولية مطلع الشهر المقبل. أوضح ذلك المتحدث الرسمي لهيئة الطيران المدني."
    c = claim_at(ar(t), t, "أوضح")
    assert c.speaker == span(t, "المتحدث الرسمي لهيئة الطيران المدني")
    assert c.speaker_type == "person"
    assert words(t, c.content) == "ستبدأ الرحلات الدولية مطلع الشهر المقبل."


def test_naqlan_an_and_ala_lisan() -> None:
    t = "وأضافت الصحيفة نقلا عن مسؤول في الوزارة أن القرار نهائي."
    c = claim_at(ar(t), t, "وأضافت")
    assert c.speaker == span(t, "مسؤول في الوزارة")
    assert c.via == span(t, "الصحيفة")
    assert (c.speaker_type, c.source_count) == ("anonymous", 1)


# --- calls, announcements, findings ------------------------------------------------------------


def test_call_with_object_and_preposition() -> None:
    t = "ودعت الهيئة العامة للأرصاد المواطنين إلى توخي الحذر."
    c = claim_at(ar(t), t, "ودعت")
    assert c.speaker == span(t, "الهيئة العامة للأرصاد")
    assert c.speaker_type == "organization"


def test_announcement_of_a_fact_as_noun_phrase() -> None:
    t = "أعلنت الشرطة ضبط ثلاثة أشخاص متورطين في السرقة."
    c = claim_at(ar(t), t, "أعلنت")
    assert c.speaker == span(t, "الشرطة")
    assert c.speaker_type == "organization"
    assert words(t, c.content) == "ضبط ثلاثة أشخاص متورطين في السرقة."


@pytest.mark.parametrize(("cue", "doc"), [("وأظهرت", "الدراسة"), ("وكشف", "التقرير")])
def test_document_findings(cue: str, doc: str) -> None:
    t = f"{cue} {doc} أن معدلات البطالة تراجعت خلال العام الماضي."
    c = claim_at(ar(t), t, cue)
    assert c.speaker == span(t, doc)
    assert c.speaker_type == "document"


# --- anonymous sources and counts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "count"),
    [
        ("قال مصدر أمني طلب عدم الكشف عن هويته إن الهجوم أحبط.", "مصدر أمني", 1),
        ("ذكرت ثلاثة مصادر مطلعة أن الصفقة اكتملت.", "ثلاثة مصادر مطلعة", 3),
        ("وقال مصدران في الشركة إن الإنتاج توقف.", "مصدران في الشركة", 2),
        ("وأفاد شهود عيان بأن النيران اشتعلت فجرا.", "شهود عيان", None),
        ("وقال أحد المسؤولين إن الخطة جاهزة.", "أحد المسؤولين", 1),
        ("وقال مسؤول كبير في الوزارة إن الخطة جاهزة.", "مسؤول كبير في الوزارة", 1),
        ("وقال متحدث باسم الشركة إن الخطة جاهزة.", "متحدث باسم الشركة", 1),
        ("وقال 4 مصادر إن الخطة جاهزة.", "4 مصادر", 4),
    ],
)
def test_anonymous_sources(sentence: str, speaker: str, count: int | None) -> None:
    cl = ar(sentence)
    assert len(cl) == 1
    c = cl[0]
    assert words(sentence, c.speaker) == speaker
    assert (c.speaker_type, c.named, c.source_count) == ("anonymous", False, count)


def test_definite_single_role_is_a_person() -> None:
    t = "وقال المتحدث باسم الشركة إن الخطة جاهزة."
    c = ar(t)[0]
    assert (words(t, c.speaker), c.speaker_type, c.source_count) == ("المتحدث باسم الشركة", "person", None)


# --- relays --------------------------------------------------------------------------------------


def test_relay_naqalat_an_and_tied_second_source() -> None:
    t = (
        "نقلت وكالة رويترز عن ثلاثة مصادر دبلوماسية قولهم إن المحادثات تعثرت. "
        "وقال مصدر ثان إن الوفد غادر العاصمة."
    )
    cl = ar(t)
    first = claim_at(cl, t, "نقلت")
    assert first.speaker == span(t, "ثلاثة مصادر دبلوماسية")
    assert first.via == span(t, "وكالة رويترز")
    assert (first.speaker_type, first.source_count) == ("anonymous", 3)
    second = claim_at(cl, t, "وقال")
    assert second.speaker == span(t, "مصدر ثان")
    assert (second.speaker_type, second.source_count, second.via) == ("anonymous", 1, first.via)


def test_according_to_agency_then_verb_is_one_relayed_claim() -> None:
    t = "ووفقا لوكالة رويترز، قال أحد المصادر إن الشحنة وصلت."
    cl = ar(t)
    assert len(cl) == 1
    c = cl[0]
    assert c.cue == span(t, "قال")
    assert c.speaker == span(t, "أحد المصادر")
    assert c.via == span(t, "وكالة رويترز")


def test_told_a_newspaper_is_a_via_but_the_publisher_is_not() -> None:
    t = "وقال الباحث سعد الغامدي لصحيفة «الغارديان» إن النتائج مشجعة."
    assert ar(t)[0].via == span(t, "صحيفة «الغارديان»")
    own = "وقال الباحث سعد الغامدي لـ«عكاظ» إن النتائج مشجعة."
    assert find_claims(own, "ar", publisher="okaz")[0].via is None


# --- nesting, quotes, denials --------------------------------------------------------------------


def test_nested_claim_has_parent() -> None:
    t = "وقال مصدر أمني إن أحد المعتقلين قال إن الخلية خططت لهجمات أخرى."
    cl = ar(t)
    outer = claim_at(cl, t, "وقال")
    inner = claim_at(cl, t, "قال", nth=1)
    assert inner.speaker == span(t, "أحد المعتقلين")
    assert (inner.speaker_type, inner.source_count) == ("anonymous", 1)
    assert inner.parent == cl.index(outer)


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("وقال الوزير: «نحن مستعدون لكل الاحتمالات».", "direct"),
        ("وقال الوزير: نحن مستعدون لكل الاحتمالات.", "direct"),
        ("وأكد الوزير أن «العملية ستنطلق قريبا", "direct"),
        ('وقال الوزير إن "الخطة الجديدة ستطبق على جميع المناطق دون استثناء".', "direct"),
        ('وقال الوزير إن عملية "عاصفة الشمال" انتهت بنجاح في المنطقة.', "indirect"),
        ("وقال الوزير إن الحكومة أدانت الهجوم بأشد العبارات.", "indirect"),
    ],
)
def test_direct_and_indirect_quotes(sentence: str, quote: str) -> None:
    c = claim_at(ar(sentence), sentence, "وقال" if "وقال" in sentence else "وأكد")
    assert c.quote == quote


def test_denials() -> None:
    t = "ونفى المتحدث باسم الجيش وقوع إصابات. كما رفضت الحكومة الاتهامات الموجهة إليها."
    cl = ar(t)
    assert claim_at(cl, t, "ونفى").stance == "deny"
    assert claim_at(cl, t, "رفضت").stance == "deny"


# --- what is not a claim -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "قال الله تعالى: إن مع العسر يسرا.",
        "وقال رسول الله صلى الله عليه وسلم: تبسمك في وجه أخيك صدقة.",
        "وشكر الوزير الحضور على مشاركتهم الفاعلة.",
        "وعزى الأمير أسر الضحايا في مصابهم.",
        "وأدان المجلس الهجوم الإرهابي على المسجد.",
        "لم يؤكد المصدر صحة هذه المعلومات.",
        "وتحدث الوزير عن أهمية التعاون بين البلدين.",
        "أعلنت الحكومة الحداد ثلاثة أيام.",
        "ارتفع عدد الزوار مما يؤكد أهمية المهرجان.",
        "يذكر أن المهرجان يقام سنويا في المدينة.",
        "ويقول مقطع من الأغنية إن الوطن أغلى من كل شيء.",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert ar(sentence) == []


def test_negated_nested_cue() -> None:
    t = 'وقال المتحدث: "ليس لدي علم بأن الوزارة أكدت للشركة موعد القرار".'
    cl = ar(t)
    assert [words(t, c.cue) for c in cl] == ["وقال"]


def test_subheadline_line_is_not_a_claim() -> None:
    t = "الوزير يؤكد أهمية التعاون\nوقال الوزير إن التعاون مستمر بين البلدين."
    cl = ar(t)
    assert [words(t, c.cue) for c in cl] == ["وقال"]


def test_diacritics_and_tatweel_keep_offsets() -> None:
    t = "وأكّـد المتحدثُ الرسميُّ لوزارة الداخلية أنّ الوضع مستقرّ."
    c = claim_at(ar(t), t, "وأكّـد")
    assert c.speaker == span(t, "المتحدثُ الرسميُّ لوزارة الداخلية")
    assert c.speaker_type == "person"


def test_honorific_pronoun_continues_the_named_person() -> None:
    t = "وقال الأمير خالد بن سعود إن المشروع يخدم المنطقة. وأكد سموه أن العمل سيبدأ قريبا."
    cl = ar(t)
    first = claim_at(cl, t, "وقال")
    c = claim_at(cl, t, "وأكد")
    assert c.speaker == first.speaker == span(t, "الأمير خالد بن سعود")
    assert c.continues == cl.index(first)


def test_abbreviated_title_does_not_end_the_sentence() -> None:
    t = "وقال د. سامي الحربي إن العيادات ستعمل طوال العيد."
    c = claim_at(ar(t), t, "وقال")
    assert c.speaker == span(t, "د. سامي الحربي")
    assert c.speaker_type == "person"


def test_the_two_sides_are_an_organization() -> None:
    t = "وأكد الجانبان أهمية تعزيز التعاون الاقتصادي."
    c = claim_at(ar(t), t, "وأكد")
    assert (words(t, c.speaker), c.speaker_type) == ("الجانبان", "organization")
