"""Test data builders: plain functions with keyword traits."""
import itertools
from functools import lru_cache

from portal.auth.models import User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.taxonomy.models import Phase
from portal.timestamps import utcnow

DEFAULT_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


@lru_cache(maxsize=8)
def _hashed(password):
    return hash_password(password)


def phases(*ids):
    return db.session.scalars(db.select(Phase).where(Phase.id.in_(ids))).all()


def make_trust(name=None, size_band="2-5", **fields):
    trust = Trust(name=name or f"Test Trust {next(_sequence)}", size_band=size_band, **fields)
    db.session.add(trust)
    db.session.commit()
    return trust


def make_school(name=None, trust=None, region="north-west", phase_ids=("primary",), **fields):
    school = School(name=name or f"Test School {next(_sequence)}", trust=trust, region=region,
                    phases=phases(*phase_ids), **fields)
    db.session.add(school)
    db.session.commit()
    return school


def make_user(role="member", name=None, email=None, password=DEFAULT_PASSWORD, school=None, trust=None,
              region="north-west", phase_ids=("primary",), job_title="Teacher", verified=True, trust_status=None,
              **fields):
    """A member; one who names a trust is its verified member unless trust_status says otherwise."""
    n = next(_sequence)
    trust = trust or (school.trust if school else None)
    if trust_status is None:
        trust_status = "verified" if trust is not None else "none"
    user = User(name=name or f"Test Person {n}", email=email or f"person{n}@school.example", role=role,
                password_hash=_hashed(password), school=school, trust=trust, trust_status=trust_status,
                trust_verified_via="approval" if trust_status == "verified" else None,
                region=region, phases=phases(*phase_ids), job_title=job_title,
                email_verified_at=utcnow() if verified else None, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def make_peers(count, **traits):
    """Members who share a context (make_user's traits), so a description of it fits enough people."""
    return [make_user(**traits) for _ in range(count)]


def make_post(author=None, kind="case_study", title=None, body="What we tried, and what happened.", status="published",
              visibility="public", anonymous=False, phase_ids=("primary",), recommendation_ids=("r17",), **fields):
    """A post written directly to the database (the practice services render Markdown on real saves)."""
    from portal.markup import plain_text, render_markdown
    from portal.practice.models import Post
    from portal.taxonomy.models import Recommendation
    author = author or make_user()
    post = Post(kind=kind, title=title or f"Test post {next(_sequence)}", body=body, body_html=str(render_markdown(body)),
                summary=plain_text(body, 300), author=author, anonymous=anonymous,
                author_description=fields.pop("author_description", "A primary teacher in the North West"),
                region=author.region, visibility=visibility, trust_id=author.trust_id, status=status,
                published_at=utcnow() if status == "published" else None, phases=phases(*phase_ids),
                recommendations=db.session.scalars(db.select(Recommendation).where(
                    Recommendation.id.in_(recommendation_ids))).all(), **fields)
    db.session.add(post)
    db.session.commit()
    return post


def make_tool(name):
    """A tool stored under its normalised key, as the practice services store it."""
    from portal.practice.tools import tools_named
    tool = tools_named([name])[0]
    db.session.commit()
    return tool


def make_searchable_post(tools=(), **traits):
    """make_post, with tools, and added to the full-text index as a real save would."""
    from portal.practice import search
    post = make_post(**traits)
    post.tools = [make_tool(name) for name in tools]
    db.session.flush()
    search.index_post(post)
    db.session.commit()
    return post


def make_comment(post=None, author=None, body="This is really useful, thank you for sharing.", status="published"):
    """A comment written directly to the database, counted on its post as the service would."""
    from portal.markup import render_markdown
    from portal.practice.models import Comment
    post = post or make_post()
    comment = Comment(post_id=post.id, author=author or make_user(), body=body, body_html=str(render_markdown(body)),
                      status=status)
    db.session.add(comment)
    if status == "published":
        post.comment_count += 1
    db.session.commit()
    return comment


def make_helpful_mark(post, user=None):
    from portal.practice.models import HelpfulMark
    db.session.add(HelpfulMark(post_id=post.id, user_id=(user or make_user()).id))
    post.helpful_count += 1
    db.session.commit()
def make_collection(name=None, description="", position=None):
    from portal.moderation.models import Collection
    n = next(_sequence)
    collection = Collection(name=name or f"Collection {n}", description=description,
                            position=n if position is None else position)
    db.session.add(collection)
    db.session.commit()
    return collection


def make_featured(collection, post, note="Worth reading before you start.", position=None):
    from portal.moderation.models import FeaturedPost
    featured = FeaturedPost(collection=collection, post_id=post.id, note=note,
                            position=next(_sequence) if position is None else position)
    db.session.add(featured)
    db.session.commit()
    return featured


def make_flag(item, user=None, reason="inaccurate", details=""):
    from portal.moderation.models import Flag
    from portal.practice.models import Post
    flag = Flag(user_id=(user or make_user()).id, target_type="post" if isinstance(item, Post) else "comment",
                target_id=item.id, reason=reason, details=details)
    db.session.add(flag)
    db.session.commit()
    return flag


def make_directory_profile(user=None, listed=True, open_to_contact=True, role_type="teacher", setting="mainstream",
                           recommendation_ids=(), question_set_ids=(), happy_to_talk_about="", **fields):
    """A member's directory profile (listed and open to contact unless told otherwise)."""
    from portal.directory.models import DirectoryProfile
    from portal.taxonomy.models import QuestionSet, Recommendation
    user = user or make_user()
    profile = DirectoryProfile(
        user_id=user.id, listed=listed, open_to_contact=open_to_contact, role_type=role_type, setting=setting,
        happy_to_talk_about=happy_to_talk_about,
        recommendations=db.session.scalars(db.select(Recommendation).where(
            Recommendation.id.in_(recommendation_ids))).all(),
        question_sets=db.session.scalars(db.select(QuestionSet).where(QuestionSet.id.in_(question_set_ids))).all(),
        **fields)
    db.session.add(profile)
    db.session.commit()
    return profile


def make_listed_member(listed=True, open_to_contact=True, profile=None, **user_traits):
    """A member with a directory profile; profile= passes traits to make_directory_profile."""
    user = make_user(**user_traits)
    make_directory_profile(user, listed=listed, open_to_contact=open_to_contact, **(profile or {}))
    return user


def make_contact_request(sender, recipient, status="pending", message="Could we compare notes on AI marking?",
                         **fields):
    from portal.directory.models import ContactRequest, pair_key
    request = ContactRequest(sender_id=sender.id, recipient_id=recipient.id, pair_key=pair_key(sender.id, recipient.id),
                             message=message, status=status,
                             responded_at=None if status == "pending" else utcnow(), **fields)
    db.session.add(request)
    db.session.commit()
    return request


def make_block(blocker, blocked):
    from portal.directory.models import ContactBlock
    block = ContactBlock(blocker_id=blocker.id, blocked_id=blocked.id)
    db.session.add(block)
    db.session.commit()
    return block


def make_follow(user, target_type="recommendation", target_id="r17"):
    from portal.mail.models import Follow
    follow = Follow(user_id=user.id, target_type=target_type, target_id=str(target_id))
    db.session.add(follow)
    db.session.commit()
    return follow


def outbox_rows(**filters):
    """Every e-mail in the outbox (optionally only those matching column=value filters), oldest first."""
    from portal.outbox.models import OutboxMessage
    query = db.select(OutboxMessage).filter_by(**filters).order_by(OutboxMessage.id)
    db.session.expire_all()
    return db.session.scalars(query).all()
