"""Seed a large, realistic portal quickly with bulk inserts, for the benchmark.

    .venv/bin/python -m bench.seed --database-url sqlite:///instance/bench.sqlite3 [--posts 100000 ...]
    .venv/bin/python -m bench.seed --database-url ... --posts 10000    # or 300000: the growth figures

Every person and place is fictional. The schema comes from the migrations, as in production.
"""
import argparse
import random
import time
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from portal import create_app
from portal.auth.models import User, user_phases
from portal.auth.passwords import hash_password
from portal.config import Config
from portal.directory.models import (ROLE_TYPES, SETTINGS, ContactRequest, DirectoryProfile, pair_key,
                                     profile_recommendations)
from portal.extensions import db
from portal.moderation.models import Collection, FeaturedPost
from portal.orgs.models import REGIONS, School, Trust, school_phases, size_band_for
from portal.practice import search
from portal.practice.models import (TASKS, Comment, HelpfulMark, Post, Tool, post_phases, post_question_sets,
                                    post_recommendations, post_tools)
from portal.taxonomy.loader import load_taxonomy
from portal.taxonomy.models import Phase, QuestionSet, Recommendation
from portal.timestamps import utcnow

BENCH_PASSWORD = "benchmark-password-2026"
CHUNK = 5000
# A word that appears in a handful of posts, for the "rare word" search.
RARE_WORD = "zephyrine"

FIRST = ["Amira", "Tom", "Grace", "Sam", "Rachel", "Owen", "Leah", "Joe", "Fatima", "Chris", "Nadia", "Imran",
         "Sophie", "Ben", "Lucy", "Mark", "Hannah", "Ava", "Kwame", "Ella", "George", "Zara", "Megan", "Ryan"]
LAST = ["Hassan", "Okafor", "Liu", "Patel", "Green", "Price", "Morgan", "Bennett", "Begum", "Dale", "Kowalski",
        "Malik", "Turner", "Adeyemi", "Farrow", "Ellison", "Cole", "Richards", "Mensah", "Fraser", "Hughes"]
JOBS = ["Year 4 Teacher", "Head of English", "Teaching Assistant", "Deputy Headteacher", "SENCo", "Data Manager",
        "Computing Teacher", "Trust Digital Lead", "Headteacher", "Early Years Lead", "Governor"]
TRUST_LEAD = 100  # bench.run's member (user100): a lead of their trust
BANK_TASKS = [*TASKS, None]  # a few prompts shared before tasks were asked for
TOOLS = ["ChatGPT", "Copilot", "Gemini", "Claude", "Adobe Firefly", "Canva Magic", "Oak Aila", "TeachMate AI",
         "Brisk", "MagicSchool", "Diffit", "Curipod", "Quizizz AI", "Microsoft Designer", "Grammarly"]
TOPICS = ["report writing", "parent letters", "marking and feedback", "lesson planning", "image generators for writing",
          "vocabulary discussion", "reading comprehension", "maths reasoning", "SEND support plans", "behaviour logs",
          "governor papers", "timetabling", "translation for families", "revision quizzes", "science practicals"]
SENTENCES = [
    "We started small with one class and a clear question about {topic}.",
    "Staff time saved was the main measure, alongside pupils' own comments.",
    "The tool produced confident but wrong answers about a third of the time, so every output was checked.",
    "A Year {year} class discussed the vocabulary in the generated images and improved their drafts.",
    "We did not paste any pupil data into prompts; the policy says so and staff followed it.",
    "Colleagues in another school tried the same idea and found the feedback less useful for younger pupils.",
    "Our trust's data protection officer reviewed the DPIA before the trial began.",
    "Parents were told in advance and could opt their child out of the activity.",
    "It worked better as a starting point for discussion than as a finished product.",
    "Next time we would train staff first and agree what good looks like.",
]


# The default portal. Comments and helpful marks keep their share per post when --posts changes
# (--posts 10000 or 300000 for the growth figures); people and places stay as they are.
DEFAULT_SIZES = {"trusts": 60, "schools": 500, "users": 10_000, "posts": 100_000, "comments": 400_000,
                 "helpful": 1_000_000, "contact-requests": 20_000}
PER_POST = ("comments", "helpful")
REPLIES = 20  # on post 1, to its first ten comments


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    for name, default in DEFAULT_SIZES.items():
        per_post = " (in proportion to --posts)" if name in PER_POST else ""
        parser.add_argument(f"--{name}", type=int, help=f"default {default:,}{per_post}")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    posts = args.posts or DEFAULT_SIZES["posts"]
    for name, default in DEFAULT_SIZES.items():
        attribute = name.replace("-", "_")
        if getattr(args, attribute) is None:
            share = posts / DEFAULT_SIZES["posts"] if name in PER_POST else 1
            setattr(args, attribute, round(default * share))
    return args


def _one_open_per_pair(rows):
    """The database allows one pending request per pair whichever the direction."""
    open_pairs = set()
    for row in rows:
        if row["status"] == "pending":
            if row["pair_key"] in open_pairs:
                row["status"] = "declined"
            open_pairs.add(row["pair_key"])
        yield row


def chunked_insert(table, rows):
    """Insert dict rows in chunks with executemany; returns how many were written."""
    count = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            db.session.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        db.session.execute(insert(table), batch)
        count += len(batch)
    db.session.commit()
    return count


class Seeder:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.now = utcnow()
        self.phases = [p.id for p in db.session.scalars(db.select(Phase))]
        self.recommendations = [r.id for r in db.session.scalars(db.select(Recommendation))]
        self.question_sets = [q.id for q in db.session.scalars(db.select(QuestionSet))]

    def run(self):
        for step in (self.trusts, self.schools, self.users, self.directory_profiles, self.tools, self.posts,
                     self.post_tags, self.comments, self.helpful_marks, self.contact_requests, self.featured,
                     self.search_index):
            started = time.perf_counter()
            written = step()
            print(f"{step.__name__:>14}: {written:>9,} rows in {time.perf_counter() - started:6.1f}s", flush=True)

    def trusts(self):
        regions = list(REGIONS)
        self.trust_region = {i: self.rng.choice(regions) for i in range(1, self.args.trusts + 1)}
        return chunked_insert(Trust.__table__, ({"id": i, "name": f"Bench Learning Trust {i}", "size_band": "2-5",
                                                 "created_at": self.now} for i in self.trust_region))

    def schools(self):
        self.school_trust = {}
        rows = []
        for i in range(1, self.args.schools + 1):
            trust = self.rng.randint(1, self.args.trusts) if self.rng.random() < 0.9 else None
            self.school_trust[i] = trust
            region = self.trust_region[trust] if trust else self.rng.choice(list(REGIONS))
            rows.append({"id": i, "name": f"Bench School {i}", "region": region, "trust_id": trust,
                         "created_at": self.now})
        written = chunked_insert(School.__table__, rows)
        chunked_insert(school_phases, ({"school_id": i, "phase_id": self.rng.choice(self.phases)}
                                       for i in self.school_trust))
        sizes = {}
        for trust in self.school_trust.values():
            if trust:
                sizes[trust] = sizes.get(trust, 0) + 1
        for trust, count in sizes.items():
            db.session.execute(Trust.__table__.update().where(Trust.id == trust).values(size_band=size_band_for(count)))
        db.session.commit()
        return written

    def users(self):
        password_hash = hash_password(BENCH_PASSWORD)
        self.user_trust, self.user_region = {}, {}
        rows = []
        in_a_trust = [school for school, trust in self.school_trust.items() if trust]
        for i in range(1, self.args.users + 1):
            school = self.rng.randint(1, self.args.schools)
            if i == TRUST_LEAD and not self.school_trust[school]:
                school = in_a_trust[0]  # the benchmark's member leads a trust, for its dashboard
            trust = self.school_trust[school]
            self.user_trust[i] = trust
            region = self.trust_region[trust] if trust else self.rng.choice(list(REGIONS))
            self.user_region[i] = region
            role = "admin" if i == 1 else "moderator" if i <= 20 else "member"
            rows.append({"id": i, "email": f"user{i}@bench.example", "name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                         "password_hash": password_hash, "job_title": self.rng.choice(JOBS), "role": role,
                         "region": region, "school_id": school, "trust_id": trust, "session_token": f"bench-session-{i}",
                         # Staff of a trust are verified members (by its staff domain), as most are in use.
                         "trust_status": "verified" if trust else "none", "trust_verified_via": "domain" if trust else None,
                         "trust_role": "lead" if i == TRUST_LEAD else None,
                         "created_at": self.now, "email_verified_at": self.now, "suspension_reason": ""})
        written = chunked_insert(User.__table__, rows)
        chunked_insert(user_phases, ({"user_id": i, "phase_id": self.rng.choice(self.phases)}
                                     for i in range(1, self.args.users + 1)))
        return written

    def directory_profiles(self):
        # Most members opt in to the directory; the rest stay unlisted.
        rows = ({"user_id": i, "role_type": self.rng.choice(list(ROLE_TYPES)), "setting": self.rng.choice(list(SETTINGS)),
                 "happy_to_talk_about": f"{self.rng.choice(TOPICS)} and {self.rng.choice(TOPICS)}",
                 "listed": self.rng.random() < 0.6, "open_to_contact": self.rng.random() < 0.8, "updated_at": self.now}
                for i in range(1, self.args.users + 1))
        written = chunked_insert(DirectoryProfile.__table__, rows)
        chunked_insert(profile_recommendations, ({"user_id": i, "recommendation_id": r} for i in range(1, self.args.users + 1)
                                                 for r in self.rng.sample(self.recommendations, self.rng.randint(0, 3))))
        return written

    def contact_requests(self):
        pairs = set()
        while len(pairs) < min(self.args.contact_requests, self.args.users * 10):
            a, b = self.rng.sample(range(1, self.args.users + 1), 2)
            pairs.add((a, b))
        rows = ({"sender_id": a, "recipient_id": b, "pair_key": pair_key(a, b), "message": "Could we compare notes?",
                 "status": self.rng.choice(["accepted", "declined", "accepted"]) if (a + b) % 5 else "pending",
                 "created_at": self.now} for a, b in pairs)
        return chunked_insert(ContactRequest.__table__, _one_open_per_pair(rows))

    def featured(self):
        """Moderators' collections on the home page, a few posts each (whatever their audience)."""
        names = ["Report writing that saved time", "Honest failures", "Image generators in writing lessons",
                 "Getting started safely"]
        chunked_insert(Collection.__table__, ({"id": i, "name": name, "description": f"Curated: {name.lower()}.",
                                               "position": i, "created_at": self.now} for i, name in enumerate(names, 1)))
        posts = self.rng.sample(range(1, self.args.posts + 1), min(self.args.posts, 6 * len(names)))
        return chunked_insert(FeaturedPost.__table__, (
            {"collection_id": 1 + n // 6, "post_id": post, "note": "Worth reading in full.", "position": n % 6,
             "featured_by_id": 2, "created_at": self.now} for n, post in enumerate(posts)))

    def search_index(self):
        return search.rebuild_index()

    def tools(self):
        return chunked_insert(Tool.__table__, ({"id": i, "key": name.casefold(), "name": name}
                                               for i, name in enumerate(TOOLS, 1)))

    def posts(self):
        written = chunked_insert(Post.__table__, (self.post_row(i) for i in range(1, self.args.posts + 1)))
        db.session.execute(text("UPDATE posts SET tried_count = (SELECT count(*) FROM posts AS tries "
                                "WHERE tries.replication_of_id = posts.id AND tries.status = 'published')"))
        db.session.commit()
        return written

    def post_row(self, i):
        rng = self.rng
        author = rng.randint(1, self.args.users)
        kind = rng.choices(["case_study", "failure", "trial", "prompt"], [35, 20, 30, 15])[0]
        status = rng.choices(["published", "pending", "draft", "rejected", "hidden"], [90, 3, 4, 1, 2])[0]
        visibility = rng.choices(["public", "members", "trust"], [70, 20, 10])[0]
        if visibility == "trust" and not self.user_trust[author]:
            visibility = "members"
        topic = rng.choice(TOPICS)
        body = " ".join(rng.choice(SENTENCES).format(topic=topic, year=rng.randint(1, 11)) for _ in range(rng.randint(3, 8)))
        if i % 10_000 == 7:
            body += f" The {RARE_WORD} approach surprised us."
        created = self.now - timedelta(minutes=(self.args.posts - i) * 7)
        outcome = {"failure": "did_not_work", "trial": rng.choice(["worked", "mixed", "did_not_work"])}.get(kind)
        # A few posts say "I tried this too" of an earlier one; the busy post 1 has three such.
        replicates = 1 if i in (2, 3, 4) else rng.randint(1, i - 1) if i > 100 and rng.random() < 0.02 else None
        return {
            "id": i, "kind": kind, "title": f"{rng.choice(TOOLS)} for {topic}: what we learned ({i})",
            "body": body, "body_html": f"<p>{body}</p>", "summary": body[:300], "author_id": author,
            "anonymous": rng.random() < 0.15, "author_description": "A primary teacher in the North West",
            "region": self.user_region[author], "visibility": visibility,
            "trust_id": self.user_trust[author] if visibility == "trust" else None, "status": status,
            "label": rng.choices([None, "endorsed", "experimental"], [90, 5, 5])[0], "outcome": outcome,
            "trial_question": "", "year_groups": "", "subjects": "", "what_was_done": "", "what_happened": "",
            "evidence_notes": "", "would_change": "", "prompt_text": "", "prompt_purpose": "", "prompt_tips": "",
            "prompt_checking": "", **self.staff_time(kind),
            "replication_of_id": replicates, "helpful_count": 0, "comment_count": 0, "tried_count": 0, "created_at": created, "updated_at": created,
            "published_at": created if status == "published" else None,
        }

    def staff_time(self, kind):
        """A prompt's task; on case studies and trials, sometimes minutes saved (or lost) a week with a task."""
        rng = self.rng
        if kind == "prompt":
            return {"task": rng.choice(BANK_TASKS), "minutes_saved_per_week": None}
        minutes = rng.choice([None, None, -20, 15, 30, 45, 60, 90]) if kind in ("trial", "case_study") else None
        return {"task": rng.choice(list(TASKS)) if minutes is not None else None, "minutes_saved_per_week": minutes}

    def post_tags(self):
        posts = range(1, self.args.posts + 1)
        written = chunked_insert(post_phases, ({"post_id": p, "phase_id": ph} for p in posts
                                               for ph in self.rng.sample(self.phases, self.rng.randint(1, 2))))
        written += chunked_insert(post_recommendations, ({"post_id": p, "recommendation_id": r} for p in posts
                                                         for r in self.rng.sample(self.recommendations, self.rng.randint(1, 3))))
        written += chunked_insert(post_question_sets, ({"post_id": p, "question_set_id": q} for p in posts
                                                       for q in self.rng.sample(self.question_sets, self.rng.randint(0, 2))))
        written += chunked_insert(post_tools, ({"post_id": p, "tool_id": t} for p in posts
                                               for t in self.rng.sample(range(1, len(TOOLS) + 1), self.rng.randint(1, 2))))
        return written

    def comments(self):
        # Most posts get a few comments; post 1 gets 50 and 20 replies to them for its own page.
        written = chunked_insert(Comment.__table__, (self._comment_row(1) for _ in range(50)))
        answered = db.session.scalars(select(Comment.id).where(Comment.post_id == 1).order_by(Comment.id)).all()
        written += chunked_insert(Comment.__table__, (self._comment_row(1, parent_id=answered[n % 10],
                                                                        quote="we tried something similar")
                                                      for n in range(REPLIES)))
        counts = {1: 50 + REPLIES}
        for _ in range(self.args.comments - counts[1]):
            post = self.rng.randint(2, self.args.posts)
            counts[post] = counts.get(post, 0) + 1
        written += chunked_insert(Comment.__table__, (self._comment_row(post) for post, n in counts.items() if post != 1
                                                      for _ in range(n)))
        self._set_counts("comment_count", counts)
        return written

    def _comment_row(self, post_id, **fields):
        return {"post_id": post_id, "author_id": self.rng.randint(1, self.args.users),
                "body": "Thank you for sharing this: we tried something similar.",
                "body_html": "<p>Thank you for sharing this: we tried something similar.</p>", "status": "published",
                "created_at": self.now, "updated_at": self.now, "parent_id": None, "quote": "", **fields}

    def helpful_marks(self):
        counts = {}
        written = chunked_insert(HelpfulMark.__table__, self._helpful_rows(counts))  # rows made as written: millions at 300,000 posts
        self._set_counts("helpful_count", counts)
        return written

    def _helpful_rows(self, counts):
        per_post = self.args.helpful // max(self.args.posts, 1)
        for post in range(1, self.args.posts + 1):
            n = min(self.args.users, max(0, int(self.rng.expovariate(1 / max(per_post, 1)))))
            counts[post] = n
            yield from ({"post_id": post, "user_id": u, "created_at": self.now}
                        for u in self.rng.sample(range(1, self.args.users + 1), n))

    def _set_counts(self, column, counts):
        table = Post.__table__
        statement = table.update().where(table.c.id == db.bindparam("pid")).values({column: db.bindparam("n")})
        items = [{"pid": p, "n": n} for p, n in counts.items() if n]
        for start in range(0, len(items), CHUNK):
            db.session.execute(statement, items[start:start + CHUNK])
        db.session.commit()


def main():
    args = parse_args()

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = args.database_url

    app = create_app(BenchConfig)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("PRAGMA journal_mode=WAL"))
        upgrade()
        load_taxonomy()
        if db.session.scalar(db.select(db.func.count(User.id))):
            raise SystemExit("The database already has users: seed an empty one.")
        started = time.perf_counter()
        Seeder(args).run()
        # Planner statistics (and, on PostgreSQL, no dead rows from the count updates), as a database
        # that has been in use would have them.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"))
        print(f"Seeded in {time.perf_counter() - started:.0f}s.")


if __name__ == "__main__":
    main()
