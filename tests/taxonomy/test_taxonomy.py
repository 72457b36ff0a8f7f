from portal.extensions import db
from portal.taxonomy.loader import load_taxonomy
from portal.taxonomy.models import Phase, Question, QuestionSet, Recommendation, RiskQuestion, Theme


def test_the_report_has_29_recommendations_under_8_themes():
    assert db.session.scalar(db.select(db.func.count(Recommendation.id))) == 29
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 8


def test_both_recommendations_numbered_14_are_kept_with_their_own_ids():
    fourteens = db.session.scalars(db.select(Recommendation).where(Recommendation.number == "14")
                                   .order_by(Recommendation.position)).all()
    assert [r.id for r in fourteens] == ["r14-staffing", "r14-curriculum"]
    assert fourteens[0].title.startswith("Support research into how AI may affect MAT")
    assert fourteens[1].title.startswith("Participate in the upcoming curriculum review")


def test_framework_has_10_question_sets_7_risk_questions_and_6_phases():
    assert db.session.scalar(db.select(db.func.count(QuestionSet.id))) == 10
    assert db.session.scalar(db.select(db.func.count(RiskQuestion.id))) == 7
    assert [p.name for p in db.session.scalars(db.select(Phase).order_by(Phase.position))] == [
        "Nursery", "Primary", "Secondary", "Sixth Form", "Pupil Referral Unit", "Specialist"]
    strategy = db.session.get(QuestionSet, "strategy-vision")
    assert strategy.is_strategic and len(strategy.questions) == 4


def test_reloading_the_taxonomy_keeps_ids_and_adds_nothing():
    before = {r.id: r.title for r in db.session.scalars(db.select(Recommendation))}
    questions_before = db.session.scalar(db.select(db.func.count(Question.id)))
    question_ids = sorted(db.session.scalars(db.select(Question.id)))
    load_taxonomy()
    load_taxonomy()
    after = {r.id: r.title for r in db.session.scalars(db.select(Recommendation))}
    assert after == before
    assert db.session.scalar(db.select(db.func.count(Question.id))) == questions_before
    assert sorted(db.session.scalars(db.select(Question.id))) == question_ids


def test_load_taxonomy_command_is_safe_to_repeat(runner):
    assert runner.invoke(args=["load-taxonomy"]).exit_code == 0
    assert runner.invoke(args=["load-taxonomy"]).exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Recommendation.id))) == 29


def test_each_recommendation_has_its_own_page(client):
    page = client.get("/recommendations/r14-curriculum").get_data(as_text=True)
    assert "Recommendation 14 (Curriculum, assessment and classroom practice)" in page
    assert "Participate in the upcoming curriculum review" in page
    assert client.get("/recommendations/r17").status_code == 200


def test_recommendation_12_lists_the_7_risk_questions(client):
    page = client.get("/recommendations/r12").get_data(as_text=True)
    assert "Have the relevant regulations been considered?" in page
    assert "Has the AI model being used been identified and checked for known risks?" in page


def test_recommendations_page_groups_them_under_the_considering_headings(client):
    page = client.get("/recommendations").get_data(as_text=True)
    assert "Considering how MAT leaders conceptualise AI" in page
    assert "Considering AI use by children and young people" in page
    assert page.count('href="/recommendations/r') == 29


def test_question_sets_and_their_pages(client):
    page = client.get("/question-sets").get_data(as_text=True)
    assert "Strategy &amp; Vision" in page and "Monitoring &amp; Evaluation" in page
    one = client.get("/question-sets/monitoring-evaluation").get_data(as_text=True)
    assert "How frequently should we review and adjust our AI strategy" in one


def test_unknown_taxonomy_ids_are_404(client):
    assert client.get("/recommendations/r99").status_code == 404
    assert client.get("/recommendations/14").status_code == 404
    assert client.get("/question-sets/nope").status_code == 404


def test_risk_questions_and_phases_pages(client):
    assert "Will any sensitive data" in client.get("/risk-questions").get_data(as_text=True)
    assert "Pupil Referral Unit" in client.get("/phases").get_data(as_text=True)


def test_taxonomy_pages_run_a_fixed_number_of_queries(client, count_queries):
    with count_queries() as statements:
        client.get("/question-sets")
    assert len(statements) <= 3
