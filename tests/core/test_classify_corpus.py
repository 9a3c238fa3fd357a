"""Accuracy on the whole labelled corpus meets the targets of issue 3 (see bench/classify_accuracy.py)."""

import json
from pathlib import Path

import pytest

from topofmind.mail.evaluate import evaluate

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture(scope="module")
def report():
    corpus = CORPUS_DIR / "corpus.jsonl"
    if not corpus.exists():
        pytest.skip("the labelled corpus has not been generated")
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    me = frozenset(a.lower() for a in json.loads((CORPUS_DIR / "candidates.json").read_text()))
    return evaluate(records, me=me)


def test_corpus_is_big_enough_to_measure(report):
    assert len(report.outcomes) >= 400
    assert all(o.error is None for o in report.outcomes)


def test_macro_f1_over_incoming_categories_is_at_least_093(report):
    assert report.macro_f1() >= 0.93


def test_at_most_one_percent_of_noise_is_taken_for_job_mail(report):
    assert report.noise_fp_rate() <= 0.01


def test_employer_is_right_on_95_percent_of_job_messages(report):
    assert report.company_accuracy() >= 0.95
