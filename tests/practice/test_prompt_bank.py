"""The prompt bank: prompts grouped by the task they help with, filtered by tool and phase, each shown
only to those who may read it, ready to copy."""
import pytest

from portal.practice.queries import PROMPTS_PER_TASK
from tests.factories import make_post, make_tool, make_trust, make_user
from tests.practice.conftest import post_form


def prompt(task="planning", **traits):
    traits.setdefault("prompt_text", "Plan a sequence of [n] lessons on [topic] for [year group].")
    traits.setdefault("prompt_purpose", "A first draft of a unit plan.")
    return make_post(kind="prompt", task=task, **traits)


def section(page, task):
    return page.split(f'id="task-{task}"')[1].split("</section>")[0]


def test_prompts_are_grouped_by_task_in_the_tasks_order_with_the_prompt_text_to_copy(client):
    prompt("report_writing", title="Report comments from my notes")
    prompt("planning", title="A unit plan from the curriculum map", prompt_text="Plan six lessons on <fractions>.")
    make_post(kind="case_study", title="Not a prompt")

    page = client.get("/practice/prompts").get_data(as_text=True)
    assert page.index('id="task-planning"') < page.index('id="task-report_writing"')
    planning = section(page, "planning")
    assert "A unit plan from the curriculum map" in planning and "(1 post)" in planning
    assert 'data-copy-label="Copy prompt"' in planning and "Plan six lessons on &lt;fractions&gt;." in planning
    assert "Report comments from my notes" in section(page, "report_writing")
    assert "Not a prompt" not in page
    assert 'href="#task-planning">Planning (1)</a>' in page


def test_each_task_shows_its_newest_few_and_links_to_all_of_them(client):
    for number in range(PROMPTS_PER_TASK + 2):
        prompt("marking_feedback", title=f"Feedback prompt {number}")
    prompt("planning", title="The only planning prompt")

    page = client.get("/practice/prompts").get_data(as_text=True)
    marking = section(page, "marking_feedback")
    assert marking.count('class="post-list__item prompt-entry"') == PROMPTS_PER_TASK
    assert f"Feedback prompt {PROMPTS_PER_TASK + 1}" in marking and "Feedback prompt 0<" not in marking
    assert f"All {PROMPTS_PER_TASK + 2} prompts for marking and feedback" in marking
    assert "/practice?kind=prompt&amp;task=marking_feedback" in marking
    assert "All 1 prompts" not in section(page, "planning")


def test_prompts_shared_before_tasks_were_asked_for_come_last(client):
    prompt(None, title="An older prompt")
    prompt("other", title="A prompt for something else")
    page = client.get("/practice/prompts").get_data(as_text=True)
    assert page.index('id="task-other"') < page.index('id="task-none"')
    assert "Task not given" in section(page, "none")


def test_filters_by_tool_and_phase_keep_only_matching_prompts(client):
    chatbot = make_tool("A chatbot")
    prompt(title="Primary chatbot prompt", tools=[chatbot], phase_ids=("primary",))
    prompt(title="Secondary chatbot prompt", tools=[chatbot], phase_ids=("secondary",))
    prompt(title="Primary prompt without a tool", phase_ids=("primary",))

    by_tool = client.get(f"/practice/prompts?tool={chatbot.key}").get_data(as_text=True)
    assert "Primary chatbot prompt" in by_tool and "Secondary chatbot prompt" in by_tool
    assert "Primary prompt without a tool" not in by_tool
    both = client.get(f"/practice/prompts?tool={chatbot.key}&phase=primary").get_data(as_text=True)
    assert "Primary chatbot prompt" in both and "Secondary chatbot prompt" not in both
    assert "Clear filters" in both


@pytest.mark.parametrize("query", ["tool=no-such-tool", "phase=university"])
def test_an_unknown_filter_value_is_a_400_with_the_form_to_change_it(client, query):
    response = client.get(f"/practice/prompts?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Error: Prompt bank" in page and "clear the filters" in page


def test_no_prompts_yet_invites_the_first_one(client):
    page = client.get("/practice/prompts").get_data(as_text=True)
    assert "No prompts yet." in page and "/practice/new/prompt" in page
    filtered = client.get("/practice/prompts?phase=secondary").get_data(as_text=True)
    assert "No prompts with these filters yet." in filtered


def test_visitors_members_and_trust_staff_each_see_only_the_prompts_they_may_read(client, auth):
    trust = make_trust()
    colleague = make_user(trust=trust)
    prompt(title="Public prompt")
    prompt(title="Members prompt", visibility="members")
    prompt(title="Trust prompt", visibility="trust", author=colleague)
    prompt(title="Draft prompt", status="draft")
    prompt(title="Held prompt", status="pending")

    visitor = client.get("/practice/prompts").get_data(as_text=True)
    assert "Public prompt" in visitor and "Members prompt" not in visitor and "Trust prompt" not in visitor
    auth.login(make_user())
    member = client.get("/practice/prompts").get_data(as_text=True)
    assert "Members prompt" in member and "Trust prompt" not in member
    assert "(2 posts)" in section(member, "planning")  # the count is of what this reader may see
    auth.logout()
    auth.login(make_user(trust=trust))
    staff = client.get("/practice/prompts").get_data(as_text=True)
    assert "Trust prompt" in staff and "(3 posts)" in section(staff, "planning")
    assert "Draft prompt" not in staff and "Held prompt" not in staff


def test_an_anonymous_prompt_shows_its_description_not_its_author(client):
    author = make_user(name="Nadia Rahman")
    prompt(title="Anonymous prompt", author=author, anonymous=True, author_description="A secondary teacher")
    page = client.get("/practice/prompts").get_data(as_text=True)
    assert "A secondary teacher" in section(page, "planning") and "Nadia Rahman" not in page


def test_a_new_prompt_needs_a_task_and_shows_it_linked_to_the_bank(client, auth):
    auth.login(make_user())
    missing = auth.post("/practice/new/prompt", post_form("prompt", task=""))
    assert missing.status_code == 422 and "Choose the task the prompt helps with" in missing.get_data(as_text=True)
    made_up = auth.post("/practice/new/prompt", post_form("prompt", task="homework"))
    assert made_up.status_code == 422 and "Choose one of the tasks listed" in made_up.get_data(as_text=True)

    response = auth.post("/practice/new/prompt", post_form("prompt"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Task:" in page and "Letters and admin" in page and "/practice/prompts#task-letters_admin" in page
    assert "Image generators in Year 4 writing" in section(client.get("/practice/prompts").get_data(as_text=True),
                                                           "letters_admin")


def test_browsing_practice_filters_prompts_by_task(client):
    prompt("planning", title="Planning prompt")
    prompt("report_writing", title="Report prompt")
    page = client.get("/practice?kind=prompt&task=report_writing").get_data(as_text=True)
    assert "Report prompt" in page and "Planning prompt" not in page
    assert client.get("/practice?task=homework").status_code == 400
