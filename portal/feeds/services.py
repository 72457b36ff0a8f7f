"""Atom feeds of new practice that anyone may read: published and public only."""
from feedgen.feed import FeedGenerator
from sqlalchemy.orm import selectinload

from portal.absolute_urls import absolute_url
from portal.extensions import db
from portal.local_time import uk_time
from portal.practice.models import KINDS, Post
from portal.practice.visibility import listed_for
from portal.taxonomy.models import Phase, QuestionSet, Recommendation
from portal.timestamps import utcnow

FEED_SIZE = 30


def public_posts(*conditions):
    """The newest posts a visitor who is not signed in may see (the shared visibility rule, for nobody)."""
    return db.session.scalars(
        db.select(Post).where(listed_for(None), *conditions)
        .options(selectinload(Post.author), selectinload(Post.phases))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(FEED_SIZE)).all()


def scope_for(scope, key):
    """(filter, title) for one feed, or None if there is no such kind, recommendation, question set or phase."""
    if scope == "kind":
        return (Post.kind == key, KINDS[key]) if key in KINDS else None
    model, relation = {"recommendation": (Recommendation, Post.recommendations),
                       "question_set": (QuestionSet, Post.question_sets), "phase": (Phase, Post.phases)}[scope]
    target = db.session.get(model, key)
    if target is None:
        return None
    title = target.label if scope == "recommendation" else getattr(target, "title", None) or target.name
    return relation.any(model.id == key), title


def public_byline(post):
    """Visitors' byline: the description for anonymous posts, never the name."""
    return post.byline_for(None)


def build_feed(title, self_url, page_url, posts, site_name):
    """Atom XML bytes for these posts."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(f"{title} – {site_name}")
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.author({"name": site_name})
    feed.updated(uk_time(max((p.published_at for p in posts), default=None) or utcnow()))
    for post in reversed(posts):  # feedgen prepends: add oldest first so the newest leads
        _add_entry(feed, post)
    return feed.atom_str(pretty=True)


def _add_entry(feed, post):
    url = absolute_url("practice.show", post_id=post.id)
    entry = feed.add_entry()
    entry.id(url)
    entry.title(post.title)
    entry.link(href=url)
    entry.summary(post.summary or "")
    entry.author({"name": public_byline(post)})
    entry.published(uk_time(post.published_at))  # RFC 3339 with the UK offset, as the pages show it
    entry.updated(uk_time(post.published_at))
    entry.category([{"term": post.kind, "label": post.kind_name}] + [{"term": p.id, "label": p.name} for p in post.phases])
