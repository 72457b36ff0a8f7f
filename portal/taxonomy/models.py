"""The 2024 report's taxonomy: themes, recommendations, question sets, risk questions, phases.

Every record has a string id chosen once and shipped in report_2024.json, so a reload keeps
ids and URLs stable (the report prints two different recommendations as "14").
"""
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.content_cache import scope, track
from portal.extensions import db


class Theme(db.Model):
    __tablename__ = "themes"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    recommendations: Mapped[list["Recommendation"]] = relationship(
        back_populates="theme", order_by="Recommendation.position")

    @property
    def heading(self):
        """The report's own heading form: "Considering how MAT leaders conceptualise AI"."""
        first, _, rest = self.title.partition(" ")
        return f"Considering {first if first.isupper() else first.lower()} {rest}"


class Recommendation(db.Model):
    __tablename__ = "recommendations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[str] = mapped_column(ForeignKey("themes.id"))
    position: Mapped[int]
    # Joined: a recommendation's label names its theme wherever it is shown.
    theme: Mapped[Theme] = relationship(back_populates="recommendations", lazy="joined")

    @property
    def label(self):
        """"Recommendation 14 (Staffing and workforce)" where the number alone is ambiguous."""
        if self.id != f"r{self.number}":
            return f"Recommendation {self.number} ({self.theme.title})"
        return f"Recommendation {self.number}"


class QuestionSet(db.Model):
    __tablename__ = "question_sets"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    led_by: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    questions: Mapped[list["Question"]] = relationship(
        back_populates="question_set", order_by="Question.position", cascade="all, delete-orphan")

    @property
    def is_strategic(self):
        return self.led_by == "ceo"


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("question_set_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[str] = mapped_column(ForeignKey("question_sets.id"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    question_set: Mapped[QuestionSet] = relationship(back_populates="questions")


class RiskQuestion(db.Model):
    """One of the report's 7 key questions to mitigate risks (under recommendation 12)."""
    __tablename__ = "risk_questions"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class Phase(db.Model):
    __tablename__ = "phases"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]


# What cached pages show of the report: it changes only when the seeds are loaded again.
TAXONOMY = scope("taxonomy")
for _model in (Theme, Recommendation, QuestionSet, Question, RiskQuestion, Phase):
    track(_model, {TAXONOMY})
