"""The responses part of a post page: the replication chain, and a fixed number of queries."""
from tests.factories import make_comment, make_helpful_mark, make_post, make_trust, make_user


def test_original_post_lists_visible_replications_with_byline_phase_and_outcome(client, auth):
    original = make_post(title="Image prompts for writing", kind="trial", outcome="worked")
    make_post(title="Tried it in Year 2", kind="trial", outcome="mixed", replication_of_id=original.id,
              author=make_user(name="Hannah Cole"), phase_ids=("primary",))
    make_post(title="Tried it in a special school", kind="trial", outcome="worked", replication_of_id=original.id,
              anonymous=True, author=make_user(name="Lucy Farrow"),
              author_description="A class teacher in the East of England", phase_ids=("specialist",))
    make_post(title="Draft replication", status="draft", replication_of_id=original.id)
    make_post(title="Members-only replication", visibility="members", replication_of_id=original.id)
    make_post(title="Other trust replication", visibility="trust", replication_of_id=original.id,
              author=make_user(trust=make_trust()))
    page = client.get(f"/practice/{original.id}").get_data(as_text=True)
    chain = page.split('id="replications-title"')[1].split("</section>")[0]
    assert "Tried in other schools too" in page
    assert "Tried it in Year 2" in chain and "Hannah Cole" in chain and "Primary" in chain and "Mixed results" in chain
    assert "A class teacher in the East of England" in chain and "Lucy Farrow" not in page and "Specialist" in chain
    for hidden in ("Draft replication", "Members-only replication", "Other trust replication"):
        assert hidden not in page
    auth.login(make_user())
    page = client.get(f"/practice/{original.id}").get_data(as_text=True)
    assert "Members-only replication" in page and "Other trust replication" not in page


def test_replication_links_back_to_its_original(client):
    original = make_post(title="Image prompts for writing", anonymous=True, author=make_user(name="Amira Hassan"),
                         author_description="A Year 4 teacher in the North West")
    copy = make_post(title="Tried it in Year 2", replication_of_id=original.id)
    page = client.get(f"/practice/{copy.id}").get_data(as_text=True)
    assert f'href="/practice/{original.id}">Image prompts for writing</a>' in page
    assert "A Year 4 teacher in the North West" in page and "Amira" not in page


def test_replication_of_a_post_the_viewer_cannot_see_does_not_link_to_it(client):
    original = make_post(title="Members only original", visibility="members")
    copy = make_post(title="Public replication", replication_of_id=original.id)
    page = client.get(f"/practice/{copy.id}").get_data(as_text=True)
    assert "Members only original" not in page and "This tries the idea" not in page


def test_post_in_the_middle_of_a_chain_links_its_original_and_lists_its_replications(client):
    original = make_post(title="Image prompts for writing")
    middle = make_post(title="Tried it in Year 2", replication_of_id=original.id)
    make_post(title="Tried it again in Year 3", replication_of_id=middle.id)
    make_post(title="Another try of the original", replication_of_id=original.id)
    page = client.get(f"/practice/{middle.id}").get_data(as_text=True)
    chain = page.split('id="replications-title"')[1].split("</section>")[0]
    assert f'href="/practice/{original.id}">Image prompts for writing</a>' in page
    assert "Tried it again in Year 3" in chain and "Another try of the original" not in page


def test_post_page_runs_the_same_number_of_queries_for_3_and_30_comments(client, auth, count_queries):
    author = make_user()
    post = make_post(author=author, anonymous=True)
    original = make_post()
    post.replication_of_id = original.id
    viewer = make_user()
    auth.login(viewer)
    client.get(f"/practice/{post.id}")  # a first look: each one measured below finds new comments

    def queries_with(n):
        for i in range(n):
            make_comment(post, author if i % 4 == 0 else make_user(), body=f"Comment {i}")
            make_helpful_mark(post)
            make_post(replication_of_id=post.id, author=make_user(), phase_ids=("primary", "secondary"))
        with count_queries() as statements:
            page = client.get(f"/practice/{post.id}").get_data(as_text=True)
        assert page.count('class="comment') >= n
        return len(statements)
    assert queries_with(3) == queries_with(27)


def test_a_prompt_is_plain_text_to_select_and_the_copy_button_is_left_to_script(client):
    post = make_post(kind="prompt", title="Simplify a text", prompt_purpose="Lower the reading age.",
                     prompt_text="Rewrite <this> for a reading age of [age].", prompt_checking="Compare the facts.")
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert ('<pre class="prompt-text" data-copy-label="Copy prompt">Rewrite &lt;this&gt; for a reading age of [age].</pre>'
            in page)
    assert "<button" not in page.split('class="prompt-text"')[1].split("</article>")[0]  # no dead button without script
