"""Load the report's taxonomy from the JSON shipped in the package, idempotently."""
import json
from importlib import resources

from portal.extensions import db
from portal.taxonomy.models import Phase, Question, QuestionSet, Recommendation, RiskQuestion, Theme


def read_report_data():
    return json.loads(resources.files("portal.taxonomy").joinpath("report_2024.json").read_text("utf-8"))


def phase_id(name):
    return name.lower().replace(" ", "-")


def load_taxonomy():
    """Insert or update every taxonomy record by its stable id; return how many were written."""
    data = read_report_data()
    written = 0
    for position, theme in enumerate(data["themes"], 1):
        written += _upsert(Theme, theme["slug"], title=theme["title"], position=position)
    for position, rec in enumerate(data["recommendations"], 1):
        written += _upsert(Recommendation, rec["id"], number=rec["number"], title=rec["title"],
                           text=rec["text"], theme_id=rec["theme"], position=position)
    for position, qset in enumerate(data["question_sets"], 1):
        written += _upsert(QuestionSet, qset["slug"], title=qset["title"], led_by=qset["led_by"],
                           position=position)
        _replace_questions(qset["slug"], qset["questions"])
    for number, text in enumerate(data["risk_questions"], 1):
        written += _upsert(RiskQuestion, number, text=text)
    for position, name in enumerate(data["phases"], 1):
        written += _upsert(Phase, phase_id(name), name=name, position=position)
    db.session.commit()
    return written


def _upsert(model, key, **values):
    record = db.session.get(model, key)
    if record is None:
        db.session.add(model(id=key, **values))
        db.session.flush()
        return 1
    for name, value in values.items():
        setattr(record, name, value)
    return 1


def _replace_questions(set_id, texts):
    existing = {q.position: q for q in db.session.scalars(
        db.select(Question).where(Question.question_set_id == set_id))}
    for position, text in enumerate(texts, 1):
        if position in existing:
            existing.pop(position).text = text
        else:
            db.session.add(Question(question_set_id=set_id, position=position, text=text))
    for leftover in existing.values():
        db.session.delete(leftover)
