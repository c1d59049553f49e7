"""The data migration that re-renders stored HTML when the Markdown parser changed."""

import importlib

import pytest
from django.apps import apps

from tests.factories import MemberFactory, join, make_group
from working_groups import services
from working_groups.models import Post, Reply

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "working_groups.migrations.0004_rerender_body_html_with_commonmark"
)

# A list right under a paragraph: Python-Markdown kept it in the paragraph; CommonMark makes a
# list. The mention must stay linked to whom it linked.
BODY = "Ask @Ana Lima:\n- one\n- two"
OLD_HTML = '<p>Ask <a href="/x/">@Ana Lima</a>:<br>\n- one<br>\n- two</p>'


def test_it_re_renders_posts_and_replies_and_keeps_their_mentions():
    group = make_group(name="Process")
    author, ana = MemberFactory(name="Amara Okafor"), MemberFactory(name="Ana Lima")
    join(group, author, ana)
    post = services.post_create(group=group, author=author, body=BODY, notify=False)
    reply = services.reply_create(post=post, author=author, body=BODY, notify=False)
    plain = services.reply_create(post=post, author=author, body="Thanks!", notify=False)
    expected = post.body_html
    assert "<li>one</li>" in expected and f'href="/members/{ana.pk}/"' in expected
    Post.objects.filter(pk=post.pk).update(body_html=OLD_HTML)
    Reply.objects.filter(pk=reply.pk).update(body_html=OLD_HTML)

    migration.rerender(apps, None)

    post.refresh_from_db()
    reply.refresh_from_db()
    plain.refresh_from_db()
    assert post.body_html == expected
    assert reply.body_html == expected
    assert plain.body_html == "<p>Thanks!</p>"
