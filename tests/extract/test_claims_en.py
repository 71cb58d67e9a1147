"""English claim fixtures: each construction on sentences written for these tests, with exact
cue, speaker and via spans and every field."""

from __future__ import annotations

import pytest

from pipelines.extract.claims import find_claims
from tests.extract.helpers import claim_at, span, words


def en(text: str):  # type: ignore[no-untyped-def]
    return find_claims(text, "en")


def test_subject_said() -> None:
    t = "The water company said prices would rise by 5% next year."
    c = claim_at(en(t), t, "said")
    assert c.speaker == span(t, "The water company")
    assert (c.speaker_type, c.stance, c.quote, c.via) == ("organization", "assert", "indirect", None)
    assert words(t, c.content) == "prices would rise by 5% next year."


def test_said_on_monday_and_inverted_role_name() -> None:
    t = (
        'The plan was agreed last week. "We will not back down," said transport minister Anne Cole. '
        "The union said on Monday that it would strike."
    )
    cl = en(t)
    inv = claim_at(cl, t, "said")
    assert inv.speaker == span(t, "transport minister Anne Cole")
    assert (inv.speaker_type, inv.quote) == ("person", "direct")
    union = claim_at(cl, t, "said", nth=1)
    assert union.speaker == span(t, "The union")
    assert union.speaker_type == "organization"


def test_name_apposition_and_pronoun_continuation() -> None:
    t = (
        "Peter Hollis, chief economist at Grant Bank, said growth had slowed. "
        '"The outlook is weaker than we thought," he said.'
    )
    cl = en(t)
    first = claim_at(cl, t, "said")
    assert first.speaker == span(t, "Peter Hollis, chief economist at Grant Bank")
    second = claim_at(cl, t, "said", nth=1)
    assert second.speaker == first.speaker
    assert second.continues == cl.index(first)
    assert second.quote == "direct"


def test_relative_clause_is_not_part_of_the_name() -> None:
    t = "Mary Rowe, who founded the charity in 1998, says demand has doubled."
    c = claim_at(en(t), t, "says")
    assert c.speaker == span(t, "Mary Rowe")


def test_according_to() -> None:
    t = "Sales fell sharply in March, according to the British Retail Consortium."
    c = claim_at(en(t), t, "according to")
    assert c.speaker == span(t, "the British Retail Consortium")
    assert c.speaker_type == "organization"


def test_denied_and_rejected_claims() -> None:
    t = "The club denied that the manager had resigned. The board rejected the claims as untrue."
    cl = en(t)
    assert claim_at(cl, t, "denied").stance == "deny"
    assert claim_at(cl, t, "rejected").stance == "deny"


def test_rejected_as_an_act_is_not_a_claim() -> None:
    t = "MPs rejected the bill by 300 votes to 250."
    assert en(t) == []


def test_told_an_agency_is_a_via() -> None:
    t = "The minister told Reuters the deal was close."
    c = claim_at(en(t), t, "told")
    assert c.speaker == span(t, "The minister")
    assert c.via == span(t, "Reuters")


def test_told_the_publisher_is_not_a_via() -> None:
    t = "The minister told the BBC the deal was close."
    assert en(t)[0].via is None


def test_relay_reported_citing_sources() -> None:
    t = "Reuters reported, citing three sources, that the merger had been called off."
    c = claim_at(en(t), t, "reported")
    assert c.speaker == span(t, "three sources")
    assert c.via == span(t, "Reuters")
    assert (c.speaker_type, c.source_count, c.named) == ("anonymous", 3, False)


@pytest.mark.parametrize(
    ("sentence", "speaker", "count"),
    [
        ("A spokesman for the airline said flights would resume.", "A spokesman for the airline", 1),
        ("Two officials said the talks had stalled.", "Two officials", 2),
        ("Analysts said the shares were undervalued.", "Analysts", None),
        (
            "One official, speaking on condition of anonymity, said the talks had stalled.",
            "One official",
            1,
        ),
    ],
)
def test_anonymous_sources(sentence: str, speaker: str, count: int | None) -> None:
    cl = en("The figures were published on Friday. " + sentence)
    assert len(cl) == 1
    c = cl[0]
    t = "The figures were published on Friday. " + sentence
    assert words(t, c.speaker) == speaker
    assert (c.speaker_type, c.source_count) == ("anonymous", count)


def test_definite_single_role_is_a_person() -> None:
    t = "Profits rose. The company's chief executive said the results were encouraging."
    c = claim_at(en(t), t, "said")
    assert c.speaker == span(t, "The company's chief executive")
    assert c.speaker_type == "person"


def test_document_finding() -> None:
    t = "A study by the university found that fewer children walk to school."
    c = claim_at(en(t), t, "found")
    assert c.speaker == span(t, "A study by the university")
    assert c.speaker_type == "document"


def test_reports_as_media() -> None:
    t = "The singer is recovering. Reports have claimed he will tour again next year."
    c = claim_at(en(t), t, "claimed")
    assert c.speaker == span(t, "Reports")
    assert c.speaker_type == "media"


def test_bbc_headline_run_into_the_lead() -> None:
    t = "Minister denies rail cuts The transport minister has denied that rural rail lines will close."
    cl = en(t)
    assert [words(t, c.cue) for c in cl] == ["denied"]
    assert cl[0].speaker == span(t, "The transport minister")


def test_misdecoded_pound_sign_keeps_offsets() -> None:
    t = "The council said the Â£3m scheme was affordable."
    c = claim_at(en(t), t, "said")
    assert c.speaker == span(t, "The council")
    assert words(t, c.content) == "the Â£3m scheme was affordable."


def test_quoted_predicate_is_direct_and_quoted_modifier_is_not() -> None:
    t = 'The coach said the team had been "unlucky". The coach said it was a "hard but fair" decision.'
    cl = en(t)
    assert claim_at(cl, t, "said").quote == "direct"
    assert claim_at(cl, t, "said", nth=1).quote == "indirect"


def test_colon_quote_is_direct() -> None:
    t = 'The mayor said: "This is a great day for the city."'
    assert claim_at(en(t), t, "said").quote == "direct"


@pytest.mark.parametrize(
    "sentence",
    [
        "The novel claims that the war was never won.",
        "He did not say whether he would stand again.",
        "The award was announced by the actor on Sunday.",
        "The two sides agreed to meet again in May.",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert en(sentence) == []


def test_cue_inside_a_quotation_is_not_a_new_claim() -> None:
    t = 'The manager said: "I believe we can win the league, and I think the fans know it."'
    cl = en(t)
    assert [words(t, c.cue) for c in cl] == ["said"]
