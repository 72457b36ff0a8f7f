"""Demo moderation, done as moderators do it: approving new members' first posts from the queue, labelling
(the image-generator trial Endorsed with its seven risk answers, two prompts Experimental), curating two
collections with a note written for each post, and one post held for a pupil's name, waiting in the queue.
"""
from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.moderation import curation, endorsement, services
from portal.moderation.models import Collection
from portal.practice import demo as practice_demo
from portal.practice.models import Post
from portal.safeguarding.findings import findings_on
from portal.taxonomy.services import risk_questions

ENDORSED = practice_demo.IMAGE_TRIAL
EXPERIMENTAL = ["A prompt for a first draft of a letter to parents",
                "A prompt to simplify a text for pupils with lower reading ages"]

# (collection, description, [(post title, the curator's note on it)])
COLLECTIONS = [
    ("Image generators for writing",
     "Recommendation 17's low-risk way in: pictures made with AI as prompts for talk and writing.",
     [(practice_demo.IMAGE_TRIAL, "Start here: one class, three lessons, and first and second drafts compared "
                                  "properly. The risk checklist is answered in full."),
      ("Tried again: image generators for setting descriptions in Year 6",
       "The same idea in another school with older pupils, and the twist they found."),
      ("A prompt to simplify a text for pupils with lower reading ages",
       "Not an image, but the same habit: say exactly what you want, then check what comes back.")]),
    ("Report writing safely",
     "Drafting reports and letters with AI without putting pupils' data into prompts.",
     [("Our report-writing policy for AI, one term on",
       "A one-page policy that kept pupils' names out of prompts, and what staff made of it a term later."),
      ("A prompt for a first draft of a letter to parents",
       "A prompt with the checking written in: every date and cost against the trip plan."),
      ("Our chatbot for parent queries, and why we switched it off",
       "Read this before buying a chatbot: out-of-date answers, and conversations stored abroad.")]),
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

# A first post from a member new to the portal, published despite the warning that it names a pupil: the
# safeguarding assist holds it for a moderator, so the queue has something real to decide on.
HELD_POST = {
    "kind": "trial", "title": "Picture prompts for a Year 2 story-writing starter", "phases": ["primary"],
    "recommendations": ["r17"], "question_sets": ["curriculum-assessment"], "tools": ["Adobe Firefly"],
    "fields": {"trial_question": "Does a generated picture help Year 2 pupils get started on a story?",
               "year_groups": "Year 2", "subjects": "English", "class_size": 26, "pupils_involved": 26,
               "what_was_done": "I made a picture of a lighthouse in a storm with an image generator and showed it "
                                "as the starter for a story-writing lesson. Pupils talked in pairs about what might "
                                "happen next before writing.",
               "what_happened": "Ellis (Y2) said it was the best lesson all term, and most of the class wrote about "
                                "twice as much as usual.",
               "outcome": "worked",
               "would_change": "Prepare three pictures so groups can choose, and check each one before the lesson."},
}


def approve_if_held(post):
    """A moderator approves, from the queue, a demo post held because its author is new here."""
    moderator = _moderator()
    if moderator is not None and post.status == "pending" and not findings_on("post", post.id):
        services.decide(moderator, post, "approve")


def seed_demo():
    """Label, curate and hold the demo's posts once; return False if collections already exist."""
    if db.session.scalar(select(func.count(Collection.id))):
        return False
    moderator = _moderator()
    if moderator is None:
        return False
    posts = {post.title: post for post in db.session.scalars(select(Post).where(Post.status == "published"))}
    if ENDORSED in posts:
        endorsement.set_label(moderator, posts[ENDORSED], "endorsed",
                              {q.id: answer for q, answer in zip(risk_questions(), ANSWERS)})
    for title in EXPERIMENTAL:
        if title in posts:
            endorsement.set_label(moderator, posts[title], "experimental")
    for name, description, featured in COLLECTIONS:
        collection = curation.create_collection(moderator, name, description)
        for title, note in featured:
            if title in posts:
                curation.feature(moderator, collection, posts[title], note)
    _held_post_from_a_new_member()
    return True


def _moderator():
    return db.session.scalar(select(User).where(User.role == "moderator").order_by(User.id))


def _held_post_from_a_new_member():
    author = db.session.scalar(select(User).where(
        User.role == "member", User.email_verified_at.is_not(None),
        ~select(Post.id).where(Post.author_id == User.id).exists()).order_by(User.id.desc()))
    if author is not None:
        practice_demo.share(HELD_POST, author)
