"""Demo moderation: two collections of featured practice, an endorsed post, a held post and audit rows.

Works on whatever published posts exist; with none, it adds only the held post and its audit trail.
"""
from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.markup import plain_text, render_markdown
from portal.moderation import curation, endorsement
from portal.moderation.models import Collection
from portal.practice.models import Post
from portal.practice.publication import hold_for_review
from portal.safeguarding.findings import record_findings
from portal.taxonomy.services import risk_questions

COLLECTIONS = [
    ("Image generators for writing", "Recommendation 17's low-risk way in: pictures made with AI as prompts for writing.",
     ("image", "writing", "story", "picture")),
    ("Report writing safely", "Drafting reports and letters with AI without pasting pupil data into prompts.",
     ("report", "letter", "feedback", "parent")),
]

ANSWERS = [
    "Yes. The trust's data protection officer completed a DPIA; no pupil data is entered, so UK GDPR risk is low. "
    "The EU AI Act does not apply to this use in England, but we followed its transparency principle.",
    "Only the teacher's typed prompt (a scene description) is sent. The tool stores prompts in the UK for 30 days "
    "under the trust's contract; images are saved to the school's own drive.",
    "No sensitive or personal data is used. Prompts are written by the teacher and never mention pupils.",
    "Yes. Staff using it completed the trust's 45-minute AI safeguarding module and a practical session.",
    "Parents were told in the autumn newsletter; pupils do not use the tool themselves, so consent was not needed.",
    "It supports the writing curriculum goal of richer description. Writing samples were compared over six weeks "
    "with a similar class that did not use the images.",
    "The image model is named in the post. The IT lead checked its content filters and known issues with "
    "stereotyped images, and teachers preview every image before showing it.",
]

HELD_POST = {
    "title": "Picture prompts for a Year 2 story-writing starter",
    "body": ("We used an image generator to make a picture of a lighthouse in a storm as a writing starter.\n\n"
             "Ellis (Y2) said it was the best lesson all term, and most of the class wrote twice as much as usual. "
             "Next time I would prepare three images so groups can choose."),
}


def seed_demo():
    """Add the demo's moderation data once; return False if collections already exist."""
    if db.session.scalar(select(func.count(Collection.id))):
        return False
    moderator = db.session.scalar(select(User).where(User.role == "moderator").order_by(User.id))
    if moderator is None:
        return False
    _held_post_from_a_new_member()
    published = db.session.scalars(select(Post).where(Post.status == "published", Post.visibility == "public")
                                   .order_by(Post.published_at.desc(), Post.id.desc())).all()
    if published:
        _feature(moderator, published)
        endorsement.set_label(moderator, published[0], "endorsed",
                              {q.id: answer for q, answer in zip(risk_questions(), ANSWERS)})
        if len(published) > 1:
            endorsement.set_label(moderator, published[1], "experimental")
    return True


def _feature(moderator, published):
    used = set()
    for name, description, words in COLLECTIONS:
        collection = curation.create_collection(moderator, name, description)
        matching = [p for p in published if p.id not in used and any(w in p.title.lower() for w in words)]
        for post in (matching or [p for p in published if p.id not in used])[:3]:
            curation.feature(moderator, collection, post, _note_for(post))
            used.add(post.id)


def _note_for(post):
    if post.kind == "failure":
        return "An honest account of what did not work, and what to try instead."
    return "A clear, practical example you could adapt for your own class this term."


def _held_post_from_a_new_member():
    author = db.session.scalar(select(User).where(User.role == "member", ~select(Post.id).where(
        Post.author_id == User.id).exists()).order_by(User.id.desc()))
    if author is None:
        return
    post = Post(kind="trial", title=HELD_POST["title"], body=HELD_POST["body"],
                body_html=str(render_markdown(HELD_POST["body"])), summary=plain_text(HELD_POST["body"], 300),
                author=author, author_description=f"A {author.job_title.lower()}", region=author.region,
                visibility="public", trust_id=author.trust_id, status="draft")
    db.session.add(post)
    db.session.flush()
    record_findings("post", post.id, post.texts())
    hold_for_review(post)
    db.session.commit()
