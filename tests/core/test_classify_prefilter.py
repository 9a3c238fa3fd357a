"""The literal prefilter never hides a match: skipping a regex must not change any answer."""

from hypothesis import given, settings
from hypothesis import strategies as st

from topofmind.mail.classify import _ALL_LITERALS, _present
from topofmind.mail.phrases import INCOMING, OUTGOING
from topofmind.mail.prefilter import may_match, required_literals

RULES = INCOMING + OUTGOING
WORDS = sorted({w for lit in _ALL_LITERALS for w in lit.split()} | {"we", "have", "your", "the", "interview",
                                                                      "role", "offer", "thanks", ",", ".", "!"})


def test_every_phrase_family_gets_a_prefilter():
    assert all(required_literals(rule.pattern) is not None for rule in RULES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_a_text_a_rule_matches_always_passes_its_prefilter(words):
    text = " ".join(words)
    present = _present(text)
    assert present == frozenset(lit for lit in _ALL_LITERALS if lit in text)
    for rule in RULES:
        if rule.pattern.search(text):
            assert may_match(required_literals(rule.pattern), text), rule.name


def test_prefilter_of_a_simple_alternation_lists_its_words():
    import re

    assert required_literals(re.compile(r"\b(?:unfortunately|sadly)\b")) == {"unfortunately", "sadly"}
    assert required_literals(re.compile(r"\bthanks? for (?:applying|your application)")) is not None
    assert required_literals(re.compile(r"\w+")) is None


def test_on_the_corpus_no_matching_rule_is_filtered_out():
    import json
    from pathlib import Path

    from topofmind.mail.records import record_to_bytes
    from topofmind.mail.understand import understand_bytes

    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus" / "corpus.jsonl"
    checked = 0
    for line in corpus.read_text(encoding="utf-8").splitlines()[:300]:
        parsed, _ = understand_bytes(record_to_bytes(json.loads(line)), me=frozenset())
        text = (parsed.subject + "\n" + parsed.text).lower().replace("’", "'")
        for rule in RULES:
            if rule.pattern.search(text):
                checked += 1
                assert may_match(required_literals(rule.pattern), text), rule.name
    assert checked > 300


TIMELINE_WORDS = ["We'll", "GET", "back", "to", "you", "by", "Friday", "within", "Two", "WEEKS", "decision", "next",
                  "Week", "end", "of", "MONTH", "EOD", "hear", "from", "us", "on", "March", "3rd", "\u0130", "\u212a",
                  "\u017f", "\u00a0", "\n", ".", "Update", "in", "a", "couple", "of", "business", "days"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TIMELINE_WORDS), min_size=1, max_size=30), st.sampled_from([" ", "  ", "\t"]))
def test_the_lower_cased_timeline_gate_never_hides_a_stated_timeline(words, space):
    from topofmind.mail.timeline import _PROMISE, _TIMELINE, _may_state_timeline

    text = space.join(words)
    if _PROMISE.search(text) and _TIMELINE.search(text):
        assert _may_state_timeline(text)


INTRODUCTION_WORDS = ["I've", "Passed", "your", "RÉSUMÉ", "CV", "along", "to", "the", "Hiring", "manager", "Let", "me",
                      "INTRODUCE", "you", "Two", "should", "MEET", "Referred", "looping", "in", "\u0130", "\u212a", ".",
                      "\n", "Alex's", "recommended", "Put", "an", "internal", "referral"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(INTRODUCTION_WORDS), min_size=1, max_size=25))
def test_the_lower_cased_introduction_gates_never_hide_a_referral(words):
    from topofmind.mail.introductions import INTRODUCTION, REFERRAL, introduction_kind

    text = " ".join(words)
    expected = "referral" if REFERRAL.search(text) else "introduction" if INTRODUCTION.search(text) else None
    assert introduction_kind(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_set_tests_on_found_literals_answer_as_the_text_scans(words):
    from topofmind.mail.classify import _ALTERNATIVES, _known_parts
    from topofmind.mail.prefilter import may_match_all, may_match_known

    text = " ".join(words)
    present = _present(text)
    for rule in RULES:
        alternatives = _ALTERNATIVES[id(rule)]
        assert may_match_known(_known_parts(alternatives), text, present) == may_match_all(alternatives, text), rule.name


SKIP_WORDS = sorted({w for lit in _ALL_LITERALS for w in lit.split()} | {"at", "Acme", "ROLE", "Position", "with",
                                                                         "Team", "from", "\u0130", "\u212a", "\n", ".",
                                                                         ",", "I'm", "we're", "hiring", "Recruiter"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SKIP_WORDS), min_size=1, max_size=40), st.integers(0, 20))
def test_trying_a_regex_only_where_its_prefixes_start_finds_the_same_matches(words, pos):
    from topofmind.mail.classify import _PLANS
    from topofmind.mail.employer_phrases import _SKIP_TO_PREFIXES, COMPANY_PHRASES
    from topofmind.mail.prefilter import lowered_stands_for, matches_at_prefixes

    text = " ".join(words)
    lowered = text.lower()
    for rule, *_, prefixes in (entry for plan in _PLANS.values() for entry in plan[0]):
        if prefixes:
            found = next(matches_at_prefixes(rule.pattern, lowered, lowered, prefixes, pos), None)
            expected = rule.pattern.search(lowered, pos)
            assert (found and found.span()) == (expected and expected.span()), rule.name
    if lowered_stands_for(text, lowered):
        for label, _weight, pattern in COMPANY_PHRASES:
            prefixes = _SKIP_TO_PREFIXES[label]
            if prefixes:
                found = [m.span() for m in matches_at_prefixes(pattern, text, lowered, prefixes, pos)]
                assert found == [m.span() for m in pattern.finditer(text, pos)], label
