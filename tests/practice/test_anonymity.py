"""Anonymous descriptions fit at least ANONYMITY_THRESHOLD members, and authors see what will be shown and why."""
import pytest

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from portal.practice.anonymity import Facets, count_fitting, describe, disclose, facets_of
from portal.practice.models import Post
from tests.factories import make_directory_profile, make_peers, make_post, make_trust, make_user, phases
from tests.practice.conftest import post_form


def only_post():
    db.session.expire_all()
    return db.session.scalars(db.select(Post)).one()


def publish_anonymously(auth, author, **overrides):
    auth.login(author)
    response = auth.post("/practice/new/failure", post_form("failure", anonymous="y", **overrides))
    assert response.status_code == 303, response.get_data(as_text=True)
    return only_post()


@pytest.mark.parametrize("value", [0, "0", 1, "-3", "five", ""])
def test_a_threshold_below_two_or_not_a_number_is_refused_at_start_up(value):
    class Config(TestingConfig):
        ANONYMITY_THRESHOLD = value
        SQLALCHEMY_DATABASE_URI = "sqlite://"
    with pytest.raises(ValueError, match="ANONYMITY_THRESHOLD must be"):
        create_app(Config)


def test_the_threshold_defaults_to_five(app):
    assert app.config["ANONYMITY_THRESHOLD"] == 5


def test_a_description_that_fits_enough_members_is_shown_in_full(auth):
    author = make_user(job_title="Year 4 teacher", region="north-west", phase_ids=("primary",))
    make_peers(4, job_title="Class teacher", region="north-west", phase_ids=("primary",))
    post = publish_anonymously(auth, author)
    assert post.author_description == "A primary teacher in the North West" and post.region == "north-west"


def test_the_region_is_left_out_when_too_few_members_share_it(auth):
    author = make_user(job_title="Year 4 teacher", region="north-west", phase_ids=("primary",))
    make_peers(1, job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_peers(3, job_title="Teacher", region="london", phase_ids=("primary",))
    post = publish_anonymously(auth, author)
    assert post.author_description == "A primary teacher"
    assert post.region is None  # so browsing by region cannot put it back


def test_the_phase_then_the_role_are_left_out_in_turn(app):
    author = make_user(job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_peers(4, job_title="Teacher", region="london", phase_ids=("secondary",))
    assert disclose(author, []).description == "A teacher"
    make_peers(2, job_title="Deputy Headteacher", region="london", phase_ids=("secondary",))
    lonely = make_user(job_title="Governor", region="south-west", phase_ids=())
    assert disclose(lonely, []).description == "A member of staff"


def test_the_author_sees_what_will_be_shown_and_why_in_the_form_and_the_preview(client, auth):
    author = make_user(job_title="Year 4 teacher", region="north-west", phase_ids=("primary",))
    make_peers(4, job_title="Teacher", region="london", phase_ids=("primary",))
    auth.login(author)
    form = client.get("/practice/new/failure").get_data(as_text=True)
    assert "Others will see “A primary teacher” instead of your name." in form
    assert "We left out your region because fewer than 5 members share it with you." in form
    data = post_form("failure", anonymous="y", action="preview")
    for headers in ({}, {"HX-Request": "true"}):
        preview = auth.post("/practice/new/failure", data, headers=headers).get_data(as_text=True)
        assert "Shown as: “A primary teacher”." in preview, headers
        assert "We left out your region because fewer than 5 members share it with you." in preview
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_the_preview_of_a_named_post_says_nothing_about_a_description(auth):
    auth.login(make_user())
    preview = auth.post("/practice/new/failure", post_form("failure", action="preview"),
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Shown as" not in preview


def test_the_author_is_warned_when_even_the_coarsest_description_fits_too_few(client, auth):
    auth.login(make_user(job_title="Teacher"))
    form = client.get("/practice/new/failure").get_data(as_text=True)
    assert "Others will see “A member of staff”" in form
    assert "Even so, fewer than 5 members fit this description, so some readers may be able to tell it is you." in form


def test_counting_includes_unlisted_members_and_prefers_the_directory_role_type(app):
    author = make_user(job_title="Teacher", region="london", phase_ids=("secondary",))
    unlisted = make_peers(2, job_title="Teacher", region="london", phase_ids=("secondary",))
    for member in unlisted:
        make_directory_profile(member, listed=False, role_type="teacher")
    # A job title says teacher, but the directory says school leader: that is how readers can find them.
    leader = make_user(job_title="Teacher", region="london", phase_ids=("secondary",))
    make_directory_profile(leader, role_type="school-leader")
    make_peers(1, job_title="English teacher", region="london", phase_ids=("secondary",))
    assert list(count_fitting(Facets("teacher", "secondary", "london")).values()) == [4, 4, 4, 5]
    assert list(count_fitting(Facets("school-leader")).values()) == [1, 5]
    assert disclose(author, []).description == "A member of staff"
    make_peers(1, job_title="Lecturer", region="london", phase_ids=("secondary", "sixth-form"))
    assert disclose(author, []).description == "A secondary teacher in London"
    assert disclose(leader, []).description == "A member of staff"


def test_counting_takes_one_query_however_many_members_and_candidates(app, count_queries):
    author = make_user(job_title="Teacher", region="london", phase_ids=("secondary",))
    make_peers(30, job_title="Teacher", region="london", phase_ids=("secondary",))
    tags, _ = phases("secondary"), author.phases
    with count_queries() as statements:
        disclose(author, tags)
    assert len(statements) == 2  # the author's directory role type, then one grouped count for every candidate


def test_a_trust_only_post_is_counted_among_the_members_of_that_trust(auth):
    trust = make_trust()
    author = make_user(job_title="Teacher", region="london", phase_ids=("secondary",), trust=trust)
    make_peers(4, job_title="Teacher", region="london", phase_ids=("secondary",))  # in no trust
    make_peers(4, job_title="Head of Year", region="london", phase_ids=("secondary",), trust=trust)
    post = publish_anonymously(auth, author, visibility="trust")
    assert post.author_description == "A member of staff"  # only one teacher among the trust's five
    assert "school" not in post.author_description.lower() and trust.name not in post.author_description


@pytest.mark.parametrize("traits", [
    {"trust": None, "phase_ids": (), "region": None, "job_title": ""},
    {"phase_ids": (), "job_title": "Bursar"},
    {"region": None},
    {"job_title": ""},
])
def test_a_member_with_little_context_gets_a_plain_description_and_a_whole_post(auth, traits):
    author = make_user(**traits)
    make_peers(5, **traits)
    post = publish_anonymously(auth, author, phases=[])
    assert post.author_description == describe(facets_of(post.author_description))
    assert post.status == "published" and post.title and post.body_html and post.anonymous
    if "job_title" in traits:
        assert "member of staff" in post.author_description


def test_a_member_with_no_context_at_all_is_a_member_of_staff(auth):
    author = make_user(trust=None, phase_ids=(), region=None, job_title="")
    post = publish_anonymously(auth, author, phases=[])
    assert post.author_description == "A member of staff" and post.region is None and post.trust_id is None


def test_a_later_profile_change_only_ever_makes_the_description_coarser(client, auth):
    author = make_user(job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_peers(4, job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_peers(5, job_title="Teacher", region="london", phase_ids=("primary",))
    post = publish_anonymously(auth, author)
    assert post.author_description == "A primary teacher in the North West"
    # Moving to London must not put "London" on the old post: that would tie the post to the move.
    response = auth.post("/account/profile", {"name": author.name, "job_title": "Teacher", "trust": "",
                                              "school": "", "phases": ["primary"], "region": "london"})
    assert response.status_code == 303
    post = only_post()
    assert post.author_description == "A primary teacher" and post.region is None


def test_the_check_runs_again_when_the_author_changes_their_directory_role(auth):
    author = make_user(job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_peers(4, job_title="Teacher", region="north-west", phase_ids=("primary",))
    post = publish_anonymously(auth, author)
    assert post.author_description == "A primary teacher in the North West"
    response = auth.post("/account/directory", {"role_type": "school-leader", "setting": "mainstream",
                                                "locality": "", "disadvantage_band": "", "listed": "y"})
    assert response.status_code == 303
    assert only_post().author_description == "A primary member of staff in the North West"


def test_someone_elses_profile_change_leaves_the_description_alone(app):
    author = make_user(job_title="Teacher", region="north-west", phase_ids=("primary",))
    make_post(author=author, anonymous=True, author_description="A primary teacher in the North West")
    other = make_user()
    other.region = "london"
    db.session.commit()
    assert only_post().author_description == "A primary teacher in the North West"


def test_every_description_reads_back_as_its_facets():
    for facets in (Facets("teacher", "primary", "north-west"), Facets(None, "specialist", "london"), Facets(),
                   Facets("governor", None, "south-west"), Facets("support-staff", "nursery", None)):
        assert facets_of(describe(facets)) == facets
    assert facets_of("A former member") is None
