"""AI tools named on posts, stored once each under a normalised key."""
from collections import namedtuple

from sqlalchemy import select

from portal.audiences import audience_key
from portal.content_cache import cached
from portal.extensions import db, insert_with_conflicts
from portal.practice.models import POSTS, Post, Tool, post_tools
from portal.practice.visibility import listed_for


def tool_key(name):
    """The key two spellings of one tool share: "ChatGPT" and " chatgpt " are one tool."""
    return " ".join(name.split()).casefold()


def tool_names_from(text):
    """The distinct tool names typed into a comma-separated field, in the order typed."""
    names, seen = [], set()
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and tool_key(name) not in seen:
            seen.add(tool_key(name))
            names.append(name)
    return names


def tools_named(names, create=True):
    """The Tool rows for these names; new ones are added (first spelling kept) only if create is true."""
    keys = {tool_key(name): name[:80] for name in names}
    existing = _tools_by_key(keys)
    missing = {key: name for key, name in keys.items() if key not in existing}
    if create and missing:
        _insert_unless_present(missing)
        existing.update(_tools_by_key(missing))
    return [existing.get(key) or Tool(key=key, name=name) for key, name in keys.items()]


def _tools_by_key(keys):
    return {tool.key: tool for tool in db.session.scalars(select(Tool).where(Tool.key.in_(keys)))} if keys else {}


def _insert_unless_present(names_by_key):
    """Add these tools, skipping any that another request has just added: both posts then name the one tool."""
    rows = [{"key": key, "name": name} for key, name in names_by_key.items()]
    db.session.execute(insert_with_conflicts(Tool).values(rows).on_conflict_do_nothing(index_elements=[Tool.key]))


ToolOption = namedtuple("ToolOption", "key name")


def tools_in_use(viewer):
    """Tools named on posts the viewer can see, for suggestions and the browse filter.

    Every page of the browse list needs them: kept per audience (everyone sharing the same visibility
    rule sees the same tools) until the lists of posts change.
    """
    return cached("tools-in-use", lambda: _tools_listed_for(viewer), shows=(POSTS,), seen_by=audience_key(viewer))


def _tools_listed_for(viewer):
    # For each tool, one listed post naming it is enough: found through the tool's own index, where
    # collecting every listed post's tools first reads them all (300 ms over 100,000 posts on SQLite).
    named_on_a_listed_post = (select(post_tools.c.post_id).join(Post, Post.id == post_tools.c.post_id)
                              .where(post_tools.c.tool_id == Tool.id, listed_for(viewer)).exists())
    return [ToolOption(tool.key, tool.name)
            for tool in db.session.scalars(select(Tool).where(named_on_a_listed_post).order_by(Tool.name))]
