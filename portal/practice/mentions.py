"""@mentions in comments: "@" and a listed member's full name, as the directory shows it, links to their
directory page and tells them. Only members the writer could find in the directory can be mentioned
(listed, active, and neither has blocked the other), and only where they can read the post."""
import re
from typing import NamedTuple

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import func, select

from portal.auth.models import User
from portal.directory.models import DirectoryProfile
from portal.directory.services import visible_to
from portal.extensions import db
from portal.practice.visibility import can_view

MAX_MENTIONS = 10
MAX_NAME_WORDS = 4
# "@" at the start of a word (not inside an e-mail address), then up to four capitalised words.
MENTION = re.compile(r"(?<![\w@.])@((?:[A-Z][\w'’-]*)(?:[ \t]+[A-Z][\w'’-]*){0,%d})" % (MAX_NAME_WORDS - 1))


class Mentions(NamedTuple):
    members: list  # the members mentioned, each once, in the order first mentioned
    problems: list  # why some could not be mentioned, for the writer


def _candidates(text):
    """Each @-name as typed, with every shorter run of its first words (a name may end mid-sentence)."""
    found = []
    for match in MENTION.finditer(text):
        words = match.group(1).split()
        found.append([" ".join(words[:n]) for n in range(len(words), 0, -1)])
    return found


def resolve(text, writer, post):
    """The listed members the text mentions, and what is wrong with any other @-name: one query."""
    typed = _candidates(text)
    if not typed:
        return Mentions([], [])
    wanted = {name.lower() for names in typed for name in names}
    rows = db.session.execute(
        select(User, func.lower(User.name)).join(DirectoryProfile, DirectoryProfile.user_id == User.id)
        .where(func.lower(User.name).in_(wanted), visible_to(writer), User.id != writer.id)).all()
    by_name = {}
    for member, lowered in rows:
        by_name.setdefault(lowered, []).append(member)
    members, problems = [], []
    for names in typed:
        name = next((n for n in names if n.lower() in by_name), None)
        if name is None:
            problems.append(f"Nobody listed in the directory is called “{names[0]}”. Write “@” and a listed "
                            "member's full name as the directory shows it, or take the “@” away.")
            continue
        matches = by_name[name.lower()]
        if len(matches) > 1:
            problems.append(f"More than one listed member is called “{name}”, so a mention cannot say which: "
                            "take the “@” away and say which school they are at.")
        elif not can_view(post, matches[0]):
            problems.append(f"{name} cannot read this post, so a mention would not reach them.")
        elif matches[0] not in members:
            members.append(matches[0])
    if len(members) > MAX_MENTIONS:
        problems.append(f"Mention at most {MAX_MENTIONS} members in one comment.")
    return Mentions(members, problems)


def unmentioned(text, members):
    """The text without its mentions of these members: a colleague's name is not a pupil's, so the
    personal-data check must not read it as one."""
    for member in members:
        text = _mention_of(member.name).sub("@colleague", text)
    return text


def linked(body_html, members):
    """The rendered comment with each mention of these members linked to their directory page."""
    html = str(body_html)
    for member in members:
        link = str(Markup('<a class="mention" href="{}">@{}</a>').format(
            url_for("directory.member", user_id=member.id), member.name))
        html = _mention_of(str(escape(member.name))).sub(lambda _: link, html)
    return Markup(html)


def _mention_of(name):
    """The name after an "@" as a mention: at the start of a word, not running on into a longer name."""
    return re.compile(rf"(?<![\w@.])@{re.escape(name)}(?![\w'’-])", re.IGNORECASE)
