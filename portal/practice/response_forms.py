"""Forms for responding to a post."""
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from portal.form_fields import PortalForm

MAX_COMMENT_CHARS = 5_000


class CommentForm(PortalForm):
    # DataRequired also refuses a comment of spaces and new lines only.
    body = TextAreaField(
        "Add a comment",
        validators=[DataRequired("Write your comment before you send it."),
                    Length(max=MAX_COMMENT_CHARS,
                           message=f"Your comment must be {MAX_COMMENT_CHARS:,} characters or fewer.")],
        description="You can use Markdown, for example **bold** or a list. Do not name pupils.")


QUOTE_MAX_CHARS = 500


class ReplyForm(CommentForm):
    """A reply to one comment, which may quote the passage it answers."""
    quote = TextAreaField(
        "Quote a passage (optional)",
        validators=[Length(max=QUOTE_MAX_CHARS, message=f"A quote must be {QUOTE_MAX_CHARS} characters or fewer: "
                                                        "quote only the passage you answer.")],
        description="Copy the words you are answering from the comment above; readers see them above your reply.")


class HelpfulForm(PortalForm):
    """Mark or unmark a post as helpful; the wanted state is explicit, so a double submit is harmless."""
    marked = HiddenField(validators=[AnyOf(("yes", "no"))])


class SaveForm(PortalForm):
    """Save a post for later, or take it off the list; explicit, like HelpfulForm."""
    saved = HiddenField(validators=[AnyOf(("yes", "no"))])


class ConfirmForm(PortalForm):
    """A button that confirms an action; it carries only the CSRF token."""
