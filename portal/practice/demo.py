"""Demo practice posts: every kind, many recommendations and phases, written for this portal (fictional).

Each post is shared as its author would share it: the kind's form filled in and validated, then saved and
published through the same service a click on "Publish" calls, so the demo cannot break a rule the form
enforces. Members new to the portal are held for review, and moderation.demo approves them as a moderator
would.
"""
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.extensions import db
from portal.practice import queries, services
from portal.practice.forms import FORMS
from portal.practice.models import FollowUp, Post
from portal.timestamps import utcnow

IMAGE_TRIAL = "Image generators to sharpen descriptive writing in Year 4"

POSTS = [
    {"author": "amira.hassan@northern.example", "kind": "trial", "days_ago": 40,
     "title": IMAGE_TRIAL, "phases": ["primary"], "recommendations": ["r17", "r20"],
     "question_sets": ["curriculum-assessment"], "tools": ["Adobe Firefly"],
     "fields": {"trial_question": "Does asking an image generator to draw pupils' descriptions of a setting help "
                                  "Year 4 choose more precise vocabulary?",
                "year_groups": "Year 4", "subjects": "English", "class_size": 28, "pupils_involved": 28,
                "what_was_done": "Over three lessons, pupils wrote a paragraph describing a setting from our class "
                                 "novel. I typed each description into the image generator on the classroom screen "
                                 "(pupils never used it themselves) and we compared the picture with what the writer "
                                 "had meant. Pupils then redrafted.",
                "what_happened": "Pupils quickly saw that \"a big house\" gave a picture nobody wanted, and started "
                                 "asking each other for more exact words. Redrafts used noticeably more precise "
                                 "nouns and adjectives. A Year 4 pupil who rarely redrafts asked to have a second go.",
                "evidence_notes": "Compared first and second drafts for 28 pupils: 21 added at least two precise "
                                  "nouns or adjectives. Pupil voice: \"The computer can't read my mind, so I have to "
                                  "say exactly what I mean.\"",
                "outcome": "worked",
                "would_change": "Check every prompt for anything that could produce an unsuitable image before "
                                 "showing it, and keep the generator's safe-search setting on.",
                "body": "We kept this to **one class** and **three lessons** so we could compare drafts properly. "
                        "The trust's digital lead checked the tool's terms before we started: no pupil data went "
                        "into it, only the descriptions, typed by me."}},
    {"author": "nadia.kowalski@pennine.example", "kind": "case_study", "days_ago": 35,
     "title": "Our report-writing policy for AI, one term on", "phases": ["primary", "secondary"],
     "recommendations": ["r22", "r12"], "question_sets": ["governance-safeguarding", "staff-development"],
     "tools": ["Microsoft Copilot"],
     "fields": {"outcome": "worked", "subjects": "All", "minutes_saved_per_week": 45, "task": "report_writing",
                "body": "Last spring staff were already using chatbots to draft end-of-year reports, each in their "
                        "own way. We wrote a one-page policy instead of banning it.\n\n"
                        "## What the policy says\n\n"
                        "- Only the trust's licensed Copilot, signed in with school accounts.\n"
                        "- **No pupil names or personal data** in prompts: staff write \"the pupil\" and add names "
                        "afterwards.\n- Every comment is read and edited by the teacher who signs the report.\n"
                        "- Leaders sample ten reports per class for tone and accuracy.\n\n"
                        "## What came of it\n\nStaff told us report writing took roughly a third less time, and "
                        "parents did not notice a change in tone. Two teachers stopped using it because editing "
                        "took as long as writing, and that is fine: it is a choice, not an expectation."}},
    {"author": "ryan.walsh@riverside.example", "kind": "failure", "days_ago": 30,
     "title": "Our chatbot for parent queries, and why we switched it off", "phases": ["primary", "sixth-form"],
     "recommendations": ["r22", "r12"], "question_sets": ["people-community", "governance-safeguarding"],
     "tools": ["Website chatbot"],
     "fields": {"body": "## What we tried\n\nA chatbot on the school website, trained on our policies and "
                        "newsletters, to answer parents' questions out of hours.\n\n"
                        "## What went wrong\n\nIt answered confidently from out-of-date documents: two families "
                        "were told the wrong date for a trip deadline. Parents also typed in personal details about "
                        "their children, which we had not planned for, and the supplier stored conversations "
                        "outside the UK.\n\n"
                        "## What to avoid\n\n- Do not launch before you have worked through the report's seven "
                        "key risk questions, especially where data is stored.\n- Keep the source documents "
                        "current, or the bot will not be.\n- Tell parents plainly what not to type."}},
    {"author": "zara.ahmed@pennine.example", "kind": "prompt", "days_ago": 28,
     "title": "A prompt for a first draft of a letter to parents", "phases": ["secondary"],
     "recommendations": ["r22"], "question_sets": ["people-community"], "tools": ["ChatGPT", "Microsoft Copilot"],
     "fields": {"prompt_purpose": "A plain-English first draft of a letter to parents about a trip, event or "
                                  "change to routine, for a member of staff to check and finish.",
                "task": "letters_admin",
                "prompt_text": "You are writing for parents of pupils in [year group] at a secondary school in "
                               "England. Write a friendly, plain-English letter of no more than 250 words about "
                               "[event]. Include: the date [date], the cost [cost], what pupils need to bring "
                               "[items], and how to reply by [deadline]. Use short sentences. Do not invent "
                               "any details that are not given here.",
                "prompt_tips": "Ask for a version at a reading age of 9 as well: it is often the better letter.",
                "prompt_checking": "Check every date, cost and name against the trip plan. Read it aloud for tone. "
                                   "Never paste in pupils' names or medical information.",
                "body": "This is one of twelve prompts in our trust's shared prompt bank."}},
    {"author": "hamza.iqbal@northern.example", "kind": "trial", "days_ago": 110,
     "follow_up": {"days_ago": 12, "lasted": "partly", "minutes_saved_per_week": 30,
                   "what_changed": "I still use it for method errors, which are most of what Year 9 get wrong, but "
                                   "I write misconception feedback myself again. Two colleagues in the department "
                                   "use my prompt now; one dropped it after a week because checking took as long."},
     "title": "AI-drafted feedback on Year 9 maths homework", "phases": ["secondary"],
     "recommendations": ["r17", "r20"], "question_sets": ["curriculum-assessment"], "tools": ["ChatGPT"],
     "fields": {"trial_question": "Can a chatbot draft useful written feedback on Year 9 algebra homework, so I "
                                  "spend my time on the pupils who need it most?",
                "year_groups": "Year 9", "subjects": "Maths", "class_size": 30, "pupils_involved": 60,
                "minutes_saved_per_week": 40, "task": "marking_feedback",
                "what_was_done": "For six weeks I gave the chatbot the mark scheme and anonymised common errors "
                                 "(never pupils' work or names) and asked for feedback comments for each error. "
                                 "I chose and edited comments for each pupil.",
                "what_happened": "Time spent on written feedback fell by about 40 minutes a week. Comments on "
                                 "method errors were good; comments on misconceptions were often generic, and twice "
                                 "the chatbot's worked example was wrong.",
                "evidence_notes": "Pupils' end-of-unit scores were in line with last year's. Pupils said the "
                                  "comments were clearer but \"less like you\".",
                "outcome": "mixed",
                "would_change": "Only use it for procedural errors, and check every worked example by hand."}},
    {"author": "lucy.farrow@fenland.example", "kind": "failure", "days_ago": 21, "anonymous": True,
     "title": "AI-written social stories were too generic for our pupils", "phases": ["specialist"],
     "recommendations": ["r7", "r17"], "question_sets": ["equity-access"], "tools": ["ChatGPT"],
     "fields": {"body": "## What we tried\n\nUsing a chatbot to draft social stories to prepare pupils for "
                        "changes, such as a new member of staff or a fire drill.\n\n"
                        "## What went wrong\n\nThe drafts were fluent but generic, and sometimes used idioms our "
                        "pupils take literally (\"it will be a piece of cake\"). Making them fit each pupil took "
                        "longer than writing them ourselves.\n\n"
                        "## What to avoid\n\nDo not expect a general tool to know what a particular child needs. "
                        "And never add pupils' details to make it \"more personal\"."}},
    {"author": "chris.dale@pennine.example", "kind": "case_study", "days_ago": 18, "visibility": "members",
     "title": "Checking suppliers' data agreements before switching on AI features", "phases": ["secondary"],
     "recommendations": ["r11", "r12"], "question_sets": ["finance-data-technology", "governance-safeguarding"],
     "tools": ["MIS add-on"],
     "fields": {"body": "Three of our existing systems added AI features this year, switched on by default. We now "
                        "check each one against the report's seven key risk questions before staff use it: what "
                        "data it sends, where it is stored, and whether our data processing agreement covers it. "
                        "One feature stays off until the supplier answers."}},
    {"author": "imran.malik@pennine.example", "kind": "case_study", "days_ago": 14, "visibility": "trust",
     "anonymous": True,
     "title": "Rolling out Copilot to the central team: the settings we chose", "phases": ["secondary"],
     "recommendations": ["r10", "r12"], "question_sets": ["finance-data-technology"], "tools": ["Microsoft Copilot"],
     "fields": {"body": "For colleagues in the trust only: the tenant settings, sensitivity labels and training "
                        "we used for the first 20 central staff, and what we would change before schools join."}},
    {"author": "fatima.begum@pennine.example", "kind": "trial", "days_ago": 10, "replicates": IMAGE_TRIAL,
     "anonymous": True,
     "title": "Tried again: image generators for setting descriptions in Year 6", "phases": ["primary"],
     "recommendations": ["r17"], "question_sets": ["curriculum-assessment"], "tools": ["Adobe Firefly"],
     "fields": {"trial_question": "Does the image-generator approach from the Year 4 trial work for Year 6 "
                                  "writing about settings in a different school?",
                "year_groups": "Year 6", "subjects": "English", "class_size": 31, "pupils_involved": 31,
                "what_was_done": "Followed the Year 4 plan over two lessons, with the teacher typing pupils' "
                                 "descriptions into the generator.",
                "what_happened": "The same effect on precise vocabulary, but Year 6 pupils soon tried to \"beat\" "
                                 "the generator with unusual words, which became a useful discussion about audience.",
                "outcome": "worked",
                "would_change": "Use it for one lesson only with older pupils: the novelty wears off."}},
    {"author": "sophie.turner@fenland.example", "kind": "case_study", "days_ago": 8,
     "title": "AI awareness training for every member of staff, not just teachers",
     "phases": ["pupil-referral-unit", "specialist"], "recommendations": ["r24", "r4"],
     "question_sets": ["staff-development", "strategy-vision"], "tools": [],
     "fields": {"outcome": "mixed",
                "body": "We ran a two-hour session for all 140 staff, including site, office and catering teams. "
                        "Staff rated it well, but follow-up use was uneven: the people who gained most were support "
                        "staff writing letters and minutes. Next year we will run short, role-specific sessions."}},
    {"author": "rachel.green@oak.example", "kind": "prompt", "days_ago": 6,
     "title": "A prompt to simplify a text for pupils with lower reading ages", "phases": ["primary"],
     "recommendations": ["r17"], "question_sets": ["equity-access"], "tools": ["Microsoft Copilot"],
     "fields": {"prompt_purpose": "Rewrite a short non-fiction text at a lower reading age, keeping the key "
                                  "vocabulary pupils need to learn.",
                "task": "resource_adaptation",
                "prompt_text": "Rewrite the text below for a reader with a reading age of [age]. Keep these "
                               "words, and explain each one in brackets the first time: [key words]. Use short "
                               "sentences. Do not add new facts.\n\n[paste the text]",
                "prompt_checking": "Compare facts line by line with the original. Check the key words are still "
                                   "there. Never include anything about a pupil's needs or diagnosis."}},
    {"author": "grace.liu@northern.example", "kind": "trial", "days_ago": 5,
     "title": "Drafting Reception observation summaries with AI", "phases": ["nursery", "primary"],
     "recommendations": ["r17", "r13"], "question_sets": ["monitoring-evaluation"], "tools": ["ChatGPT"],
     "fields": {"trial_question": "Can AI turn our short observation notes into summaries for parents, saving "
                                  "staff time?",
                "year_groups": "Reception", "subjects": "Early years", "minutes_saved_per_week": -20,
                "task": "report_writing",
                "what_was_done": "Two staff tried it for a fortnight using made-up example notes first, as our "
                                 "policy does not allow children's observations to go into a chatbot.",
                "what_happened": "With the names and details removed, the summaries lost what made them useful "
                                 "to parents. We stopped before using it with real observations.",
                "outcome": "did_not_work",
                "would_change": "Start from the data question, not the tool: we should have asked first what we "
                                "could safely put in."}},
    {"author": "joe.bennett@coastal.example", "kind": "failure", "days_ago": 4,
     "title": "AI detectors flagged honest coursework", "phases": ["sixth-form"],
     "recommendations": ["r9", "r7"], "question_sets": ["curriculum-assessment", "ethical-considerations"],
     "tools": ["AI text detector"],
     "fields": {"body": "## What we tried\n\nRunning A level coursework drafts through an AI text detector.\n\n"
                        "## What went wrong\n\nIt flagged work we knew to be the students' own, including two "
                        "students writing in their second language. Conversations based on the score damaged "
                        "trust.\n\n## What to avoid\n\nDo not treat a detector score as evidence. Talk to the "
                        "student about their drafts and sources instead."}},
    {"author": "ben.adeyemi@fenland.example", "kind": "case_study", "days_ago": 3,
     "title": "Text-to-speech and summaries to re-engage pupils with reading", "phases": ["pupil-referral-unit"],
     "recommendations": ["r17", "r4"], "question_sets": ["equity-access"], "tools": ["Immersive Reader"],
     "fields": {"outcome": "mixed",
                "body": "Short AI summaries before a longer text helped some pupils start reading; for others, "
                        "the summary replaced the reading. We now use summaries only after a first attempt."}},
    {"author": "kwame.mensah@riverside.example", "kind": "prompt", "days_ago": 2,
     "title": "Retrieval-practice questions from a topic list", "phases": ["sixth-form"],
     "recommendations": ["r8"], "question_sets": ["curriculum-assessment"], "tools": ["chatgpt "],
     "fields": {"prompt_purpose": "Ten retrieval questions with answers for the start of a lesson.",
                "task": "planning",
                "prompt_text": "Write ten short retrieval questions, with answers, on: [topics]. Mix recall and "
                               "application. Level: A level [subject], [exam board] specification.",
                "prompt_checking": "Check every answer against the specification; about one in ten needs fixing."}},
    {"author": "owen.price@coastal.example", "kind": "case_study", "days_ago": 1,
     "title": "A half-term diary of the time AI saved, and where it did not", "phases": ["primary"],
     "recommendations": ["r20", "r17"], "question_sets": ["monitoring-evaluation", "strategy-vision"],
     "tools": ["Microsoft Copilot", "ChatGPT"],
     "fields": {"outcome": "worked",
                "body": "Eight staff kept a simple diary for six weeks: task, tool, minutes saved or lost. Letters, "
                        "minutes and resource adaptation saved time; planning did not. The diary itself took two "
                        "minutes a day and gave governors the evidence they asked for."}},
]


def share_posts(review):
    """Share the demo posts once (after the demo people), each then passed to review(post) as the moderators'
    queue would be; return False if posts already exist."""
    if db.session.scalar(select(Post.id).limit(1)) is not None:
        return False
    people = {user.email: user for user in db.session.scalars(select(User))}
    shared = {}
    for spec in POSTS:
        post = share(spec, people[spec["author"]], original=shared.get(spec.get("replicates")))
        review(post)
        shared[spec["title"]] = post
    return True


def share(spec, author, original=None):
    """Fill in the kind's form as the author would, validate it, and publish it; return the saved post."""
    choices = queries.form_choices(queries.taxonomy())
    form = FORMS[spec["kind"]](formdata=MultiDict(_form_data(spec)), author=author, choices=choices,
                               meta={"csrf": False})
    if not form.validate():
        raise ValueError(f"The demo post {spec['title']!r} breaks the form's rules: {form.errors}")
    return services.save_post(form, author, kind=spec["kind"], publish_now=True, original=original)


def _form_data(spec):
    """What the form would send: one pair per field, one per ticked box."""
    data = [("title", spec["title"]), ("visibility", spec.get("visibility", "public")),
            ("tools", ", ".join(spec.get("tools", ())))]
    data += [(name, str(value)) for name, value in spec["fields"].items()]
    data += [("anonymous", "y")] if spec.get("anonymous") else []
    for field in ("phases", "recommendations", "question_sets"):
        data += [(field, value) for value in spec.get(field, ())]
    return data


def date_posts():
    """Spread the demo posts over the last few months, as if shared then (the one thing no form can do), with
    the "one term on" their authors added since."""
    now = utcnow()
    for spec in POSTS:
        post = db.session.scalar(select(Post).where(Post.title == spec["title"]))
        if post is not None and post.published_at is not None:
            post.created_at = post.published_at = post.updated_at = now - timedelta(days=spec["days_ago"])
            if "follow_up" in spec:
                _follow_up(post, spec["follow_up"], now)
    db.session.commit()


def _follow_up(post, spec, now):
    looked_back = {name: value for name, value in spec.items() if name != "days_ago"}
    db.session.add(FollowUp(post_id=post.id, author_id=post.author_id, created_at=now - timedelta(days=spec["days_ago"]),
                            **looked_back))
