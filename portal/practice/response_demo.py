"""Demo comments and helpful marks, written for each demo post and added through the same services a
reader's clicks call (run after the practice demo, once its posts are published and dated).

Each conversation is written for its post, by people who could plausibly be reading it (a trust-only
post's commenters are in its trust). The helpful marks come from a random generator seeded with the
post's title, so the demo is the same every time.
"""
import random
from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.practice import demo as practice_demo
from portal.practice.models import Comment, Post
from portal.practice.responses import add_comment, set_helpful
from portal.practice.visibility import can_view
from portal.timestamps import utcnow

AUTHOR = "author"  # a reply from the post's own author (anonymous posts' authors reply anonymously)

# {post title: [(commenter's e-mail local part, or AUTHOR, comment)]}, in the order they were written.
CONVERSATIONS = {
    practice_demo.IMAGE_TRIAL: [
        ("ella.fraser", "We tried something like this in Reception with spoken descriptions. It worked for talk, "
                        "though not yet for writing. Did you show the first, vaguer picture to the whole class, or "
                        "only to the pupil who wrote it?"),
        (AUTHOR, "To the whole class, once the writer had said yes. Seeing \"a big house\" come out as a mansion got "
                 "the biggest laugh of the week, and after that nobody minded their picture being the example."),
        ("megan.lloyd", "I'm going to borrow the redraft step for Year 5. How did you stop the lesson becoming about "
                        "the pictures rather than the words?"),
        (AUTHOR, "The generator was on for about ten minutes of each lesson and the rest was writing. The pictures "
                 "were the reason to redraft, not the lesson."),
    ],
    "Our report-writing policy for AI, one term on": [
        ("mark.ellison", "We're a single school and about to write something similar. Did governors approve the "
                         "policy, or does it sit under your acceptable use policy?"),
        (AUTHOR, "It sits under the trust's acceptable use policy, so the board noted it rather than approved it. "
                 "We took it to the staff voice group first, which mattered more."),
        ("dan.whitfield", "\"A choice, not an expectation\" is the line I'd like every leader to read. Thank you."),
    ],
    "Our chatbot for parent queries, and why we switched it off": [
        ("george.hughes", "This is the post I want our board to read before anyone buys a chatbot. Did the supplier "
                          "delete the stored conversations when you asked?"),
        (AUTHOR, "They did, with written confirmation, but it took five weeks. We now ask where data is stored "
                 "before any demonstration, not after."),
        ("owen.price", "Parents typing in their children's details is something we had not thought about at all. "
                       "Thank you for writing this up so plainly."),
    ],
    "A prompt for a first draft of a letter to parents": [
        ("leah.morgan", "Used this for a Year 2 trip letter and it needed only light edits. The reading age 9 "
                        "version was the one we sent."),
        ("ryan.walsh", "Our office adds the school's standard reply slip afterwards rather than asking the chatbot "
                       "for one, so the wording is the same on every letter."),
    ],
    "AI-drafted feedback on Year 9 maths homework": [
        ("olivia.brooks", "Interesting that the worked examples were the weak spot. Did you tell pupils the comments "
                          "were drafted with AI?"),
        (AUTHOR, "Yes, at the start. A few asked whether I still read their work, which was fair: I said every "
                 "comment is mine once I've chosen and edited it."),
        ("sam.patel", "\"Less like you\" is a finding in itself. Thanks for including what pupils said as well as the "
                      "time saved."),
    ],
    "AI-written social stories were too generic for our pupils": [
        ("rachel.green", "The idiom problem is real: one of our drafts told a pupil to \"pull your socks up\". We now "
                         "keep a list of phrases to check for."),
        (AUTHOR, "A shared list is a good idea. We've started one too, and I'll add yours to it."),
        ("ava.richards", "Thank you for the last line especially. It's tempting to add details when you want a "
                         "story to feel personal."),
    ],
    "Checking suppliers' data agreements before switching on AI features": [
        ("sam.patel", "Which feature did you keep switched off? We use the same MIS and I'd like to check ours."),
        (AUTHOR, "The add-on that summarises behaviour notes. It sends free text to a third party, and our data "
                 "processing agreement did not cover that."),
    ],
    "Rolling out Copilot to the central team: the settings we chose": [
        ("zara.ahmed", "Could the sensitivity labels go into the staff handbook before the schools join? Most of us "
                       "have never seen them."),
        (AUTHOR, "Yes: I'll add a one-page guide to the handbook before half term."),
    ],
    "Tried again: image generators for setting descriptions in Year 6": [
        ("amira.hassan", "It's brilliant to see this tried with older pupils. Trying to \"beat\" the generator is a "
                         "lovely twist: I might set it as a challenge for my Year 4s."),
        (AUTHOR, "Please do. It gave us a good conversation about who a description is for."),
    ],
    "AI awareness training for every member of staff, not just teachers": [
        ("ruth.simmons", "We've only ever trained teachers. Did support staff want to come, or was it a hard sell?"),
        (AUTHOR, "Some were nervous at first. Holding it in working hours, with examples from the office and the "
                 "kitchen, made the difference."),
    ],
    "A prompt to simplify a text for pupils with lower reading ages": [
        ("lucy.farrow", "This works well for our topic texts. For some readers I add \"no more than eight words in "
                        "a sentence\"."),
        ("hannah.cole", "Checking the key words are still there is the step I would have missed. Thank you."),
    ],
    "Drafting Reception observation summaries with AI": [
        ("ava.richards", "Thank you for stopping and writing it up rather than pushing on. We were about to try the "
                         "same, and you may have saved us a term."),
        ("ella.fraser", "Did you think about using it only for the general part, what the class has been learning, "
                        "and writing each child's part yourselves?"),
        (AUTHOR, "That's what we're trying next: a weekly class paragraph drafted with AI, and the personal part "
                 "written by the key person."),
    ],
    "AI detectors flagged honest coursework": [
        ("kwame.mensah", "The same happened to one of our students writing in her second language. We now ask for "
                         "drafts and notes at each stage instead."),
        ("olivia.brooks", "Thank you for saying plainly that a score is not evidence. I'm sharing this with our exams "
                          "officer."),
    ],
    "Text-to-speech and summaries to re-engage pupils with reading": [
        ("leah.morgan", "Summaries only after a first attempt is a good rule. Did any pupils find the voices "
                        "off-putting?"),
        (AUTHOR, "A couple did at first. Letting them choose the voice and the speed helped more than anything."),
    ],
    "Retrieval-practice questions from a topic list": [
        ("joe.bennett", "One in ten needing a fix matches what we found. We ask it to name the specification point "
                        "for each question, which makes checking quicker."),
    ],
    "A half-term diary of the time AI saved, and where it did not": [
        ("nadia.kowalski", "A simple diary is a great way to give governors evidence. Would you share the column "
                           "headings?"),
        (AUTHOR, "Of course: date, task, tool, minutes saved (or lost), and one line on how much editing the result "
                 "needed."),
        ("leah.morgan", "As one of the eight: it really did take two minutes a day, and it made me notice where the "
                        "tool wasn't helping."),
    ],
}


def seed_demo():
    """Add the conversations and helpful marks once; return False if there are comments already."""
    if db.session.scalar(select(func.count(Comment.id))):
        return False
    people = {user.email.split("@")[0]: user for user in db.session.scalars(select(User))}
    posts = {post.title: post for post in db.session.scalars(select(Post).where(Post.status == "published"))}
    for title, conversation in CONVERSATIONS.items():
        if title in posts:
            _converse(posts[title], conversation, people)
            _mark_helpful(posts[title], people)
    return True


def _converse(post, conversation, people):
    when = post.published_at or utcnow()
    for step, (who, body) in enumerate(conversation):
        commenter = post.author if who == AUTHOR else people[who]
        comment = add_comment(post, commenter, body)
        when = min(when + timedelta(hours=3 + 7 * step), utcnow())
        comment.created_at = comment.updated_at = when  # as if written over the days after the post
    db.session.commit()


def _mark_helpful(post, people):
    """Some of the people who may read the post found it helpful."""
    rng = random.Random(post.title)
    readers = sorted((person for person in people.values() if person.id != post.author_id and person.is_verified
                      and can_view(post, person)), key=lambda person: person.id)
    for reader in rng.sample(readers, k=min(len(readers), rng.randint(2, 9))):
        set_helpful(post, reader, True)
