"""Each moderator's label has one style, wherever it is shown."""
import re

import pytest

from tests.factories import make_collection, make_featured, make_post

TAG = re.compile(r'<(?:a|strong) class="tag ([^"]*)"[^>]*>(Endorsed|Experimental)\b')


def label_classes(html):
    return {(name, frozenset(set(classes.split()) - {"tag--link"})) for classes, name in TAG.findall(html)}


@pytest.mark.parametrize("label", ["endorsed", "experimental"])
def test_a_label_looks_the_same_on_every_page(client, auth, as_moderator, label):
    post = make_post(title="Word mats from an image generator", label=label)
    make_featured(make_collection(name="Writing"), post)
    pages = ["/practice", f"/practice/{post.id}", "/about", f"/moderation/posts/{post.id}", "/"]
    seen = set()
    for path in pages:
        found = label_classes(client.get(path).get_data(as_text=True))
        assert {name for name, _ in found} >= {label.capitalize()}, path
        seen |= {classes for name, classes in found if name == label.capitalize()}
    assert seen == {frozenset({f"tag--{label}"})}
