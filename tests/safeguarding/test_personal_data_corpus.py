"""The safeguarding assist measured on a labelled corpus: it must find nearly every pupil and raise few false alarms."""
from portal.safeguarding.personal_data import find_personal_data
from tests.safeguarding.personal_data_corpus import BENIGN, IDENTIFYING

MIN_RECALL = 0.95
MAX_FALSE_ALARM_RATE = 0.05


def _overlaps(finding, start, end):
    return finding.start < end and start < finding.end


def is_found(sentence, kinds, passage):
    """True when a finding of an expected kind overlaps the expected passage."""
    start = sentence.index(passage)
    end = start + len(passage)
    return any(f.kind in kinds and _overlaps(f, start, end) for f in find_personal_data(sentence))


def missed_sentences():
    return [sentence for sentence, kinds, passage in IDENTIFYING if not is_found(sentence, kinds, passage)]


def false_alarms():
    return {sentence: find_personal_data(sentence) for sentence in BENIGN if find_personal_data(sentence)}


def test_corpus_is_large_enough_to_measure_and_its_passages_are_in_their_sentences():
    assert len(IDENTIFYING) >= 60 and len(BENIGN) >= 90
    assert all(passage in sentence for sentence, _kinds, passage in IDENTIFYING)


def test_detector_finds_at_least_95_percent_of_identifying_sentences():
    missed = missed_sentences()
    recall = 1 - len(missed) / len(IDENTIFYING)
    print(f"\nrecall {recall:.1%} ({len(IDENTIFYING) - len(missed)}/{len(IDENTIFYING)}); missed: {missed}")
    assert recall >= MIN_RECALL, missed


def test_detector_raises_a_false_alarm_on_at_most_5_percent_of_benign_sentences():
    alarms = false_alarms()
    rate = len(alarms) / len(BENIGN)
    print(f"\nfalse alarms {rate:.1%} ({len(alarms)}/{len(BENIGN)}): {alarms}")
    assert rate <= MAX_FALSE_ALARM_RATE, alarms
