"""Featured practice: named collections of posts with curators' notes, and the home page's reads."""
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import Collection, FeaturedPost
from portal.moderation.services import item_link
from portal.notifications.services import notify
from portal.practice.models import Post
from portal.practice.visibility import listed_for
from portal.safeguarding.findings import forget_findings, record_findings

HOME_RECENT = 6
HOME_FAILURES = 4


class CurationError(Exception):
    """A featuring request that cannot be carried out, with a message for the moderator."""


def all_collections():
    return db.session.scalars(select(Collection).order_by(Collection.position, Collection.id)).all()


def collections_with_featured():
    """Every collection with its featured posts (and their authors) in the chosen order."""
    return db.session.scalars(select(Collection).options(
        selectinload(Collection.featured).selectinload(FeaturedPost.post).selectinload(Post.author))
        .order_by(Collection.position, Collection.id)).all()


def create_collection(moderator, name, description=""):
    position = (db.session.scalar(select(func.max(Collection.position))) or 0) + 1
    collection = Collection(name=name.strip(), description=(description or "").strip(), position=position)
    db.session.add(collection)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise CurationError("A collection with that name already exists. Choose another name.")
    audit.record(moderator, "create_collection", "collection", collection.id, name=collection.name)
    db.session.commit()
    return collection


def delete_collection(moderator, collection):
    audit.record(moderator, "delete_collection", "collection", collection.id, name=collection.name,
                 posts=[f.post_id for f in collection.featured])
    for featured in collection.featured:
        forget_findings("featured_post", featured.id)
    db.session.delete(collection)
    db.session.commit()


def feature(moderator, collection, post, note=""):
    """Feature a published post at the end of a collection, tell its author, audit and commit."""
    if post.status != "published":
        raise CurationError("Only published posts can be featured.")
    position = (db.session.scalar(select(func.max(FeaturedPost.position))
                                  .where(FeaturedPost.collection_id == collection.id)) or 0) + 1
    featured = FeaturedPost(collection=collection, post_id=post.id, note=(note or "").strip(), position=position,
                            featured_by_id=moderator.id)
    db.session.add(featured)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise CurationError(f"This post is already featured in “{collection.name}”.")
    record_findings("featured_post", featured.id, {"note": featured.note})
    audit.record(moderator, "feature", "post", post.id, collection=collection.name, note=featured.note)
    if post.author is not None:
        notify(post.author, "post_featured", f'Your post "{post.title}" is now featured in the collection '
                                             f'"{collection.name}" on the home page.', item_link(post))
    db.session.commit()
    return featured


def unfeature(moderator, featured):
    audit.record(moderator, "unfeature", "post", featured.post_id, collection=featured.collection.name)
    forget_findings("featured_post", featured.id)
    db.session.delete(featured)
    db.session.commit()


def move(moderator, featured, direction):
    """Swap a featured post with its neighbour above ("up") or below ("down") in its collection."""
    siblings = featured.collection.featured
    index = siblings.index(featured)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise CurationError("That post is already at the " + ("top." if direction == "up" else "bottom."))
    neighbour = siblings[other]
    featured.position, neighbour.position = neighbour.position, featured.position
    audit.record(moderator, "reorder", "post", featured.post_id, collection=featured.collection.name,
                 direction=direction)
    db.session.commit()


def home_collections(viewer):
    """[(collection, [featured posts the viewer may see])] in the moderators' order, in two queries.

    The few featured rows come first and their posts are then fetched by id: a join the other way
    round would walk every post the viewer may see.
    """
    rows = db.session.scalars(
        select(FeaturedPost).join(FeaturedPost.collection).options(contains_eager(FeaturedPost.collection))
        .order_by(Collection.position, Collection.id, FeaturedPost.position, FeaturedPost.id)).all()
    visible = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_({featured.post_id for featured in rows}), listed_for(viewer))
        .options(joinedload(Post.author)))}
    grouped = {}
    for featured in rows:
        if featured.post_id in visible:
            set_committed_value(featured, "post", visible[featured.post_id])
            grouped.setdefault(featured.collection, []).append(featured)
    return list(grouped.items())


def recent_posts(viewer, besides=(), limit=HOME_RECENT):
    """The latest posts, leaving out those already shown beside them (the failures worth learning from), so
    the home page never shows the same post twice side by side."""
    return db.session.scalars(select(Post).where(listed_for(viewer), Post.id.not_in([post.id for post in besides]))
                              .options(joinedload(Post.author))
                              .order_by(Post.published_at.desc(), Post.id.desc()).limit(limit)).all()


def failures_worth_learning(viewer, limit=HOME_FAILURES):
    """Recent published accounts of what did not work: as worth reading as any success."""
    return db.session.scalars(
        select(Post).where(listed_for(viewer), or_(Post.kind == "failure", Post.outcome == "did_not_work"))
        .options(joinedload(Post.author)).order_by(Post.published_at.desc(), Post.id.desc()).limit(limit)).all()
