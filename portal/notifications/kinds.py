"""Every kind of notification, what members see it called, and how it reaches them by default."""

# kind: (description for settings pages, default e-mail delivery: "immediately", "digest" or "off")
KINDS = {
    "contact_request": ("Someone asks to contact you", "immediately"),
    "contact_accepted": ("Someone accepts your contact request", "immediately"),
    "post_approved": ("A moderator approves your post", "immediately"),
    "post_rejected": ("A moderator sends your post back, with the reason", "immediately"),
    "post_hidden": ("A moderator hides your post", "immediately"),
    "post_restored": ("A moderator restores your post", "immediately"),
    "post_endorsed": ("A moderator labels your post Endorsed", "immediately"),
    "post_featured": ("A moderator features your post", "immediately"),
    "moderator_warning": ("A moderator warns you about something you sent", "immediately"),
    "comment": ("Someone comments on your post", "digest"),
    "reply": ("Someone replies to your comment", "digest"),
    "mention": ("Someone mentions you in a comment", "digest"),
    "replication": ("Someone tries your idea too (\"I tried this too\")", "digest"),
    "follow_up": ("A term after you share a trial, a reminder to say how it went", "immediately"),
    "endorsement_due": ("Endorsements are due for review (moderators only)", "immediately"),
    "trust_membership": ("Your trust membership is confirmed or declined", "immediately"),
}
