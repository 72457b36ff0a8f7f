"""Reasons, actions and labels as data: each rejection reason points at the guideline it applies."""

# key: (what the author reads, anchor of the guideline on /guidelines)
REJECTION_REASONS = {
    "personal_data": ("It identifies a pupil or contains personal data", "pupils-never-identifiable"),
    "off_topic": ("It is not about AI in education", "about-ai-in-education"),
    "needs_detail": ("It needs more detail to be useful to colleagues", "useful-detail"),
    "advertising": ("It advertises a product or service", "no-advertising"),
    "unkind": ("It is unkind or unsafe", "kind-and-safe"),
    "other": ("Another reason, explained below", "what-gets-sent-back"),
}

FLAG_REASONS = {
    "personal_data": "It identifies a pupil or contains personal data",
    "safeguarding": "A safeguarding concern",
    "inaccurate": "It is inaccurate or misleading",
    "spam": "Advertising or spam",
    "other": "Something else (tell us what)",
}

ACTIONS = {
    "approve": "Approved",
    "reject": "Sent back",
    "hide": "Hidden",
    "restore": "Restored",
    "auto_hide": "Hidden automatically after flags",
    "edit_tags": "Tags edited",
    "label": "Labelled",
    "unlabel": "Label removed",
    "feature": "Featured",
    "unfeature": "No longer featured",
    "reorder": "Featured order changed",
    "create_collection": "Collection created",
    "delete_collection": "Collection deleted",
    "suspend": "Account suspended",
    "unsuspend": "Suspension lifted",
    "silence": "Member silenced",
    "unsilence": "Member unsilenced",
    "note": "Private note added",
    "redact": "Passage removed",
    "warn": "Member warned",
    "close_report": "Report closed",
    "clear_findings": "Possible personal data checked",
}

# The seed resource hub's own definitions, shown to readers wherever a label appears.
LABEL_MEANINGS = {
    "endorsed": ("Endorsed", "Tested for appropriateness in the classroom and scrutinised for safeguarding and "
                             "cybersecurity issues. Please still carry out any due diligence your own school or "
                             "trust requires before using it or recommending it to others."),
    "experimental": ("Experimental", "Under development, and may not have been fully vetted for security, safety "
                                     "or ethics. Carry out your own safeguarding and cybersecurity due diligence "
                                     "before using it with pupils or recommending it to others."),
}


def rejection_reason_label(key):
    return REJECTION_REASONS.get(key, REJECTION_REASONS["other"])[0]


def rejection_guideline_anchor(key):
    return REJECTION_REASONS.get(key, REJECTION_REASONS["other"])[1]
