import pytest

from tests.browser.accounts import log_in
from tests.factories import MemberFactory, join, make_group
from working_groups.models import Mention, Post, Reaction, Reply

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_members_join_a_group_post_reply_and_react(live_server, browser, page, eager_tasks):
    group = make_group(name="Process")
    amara = MemberFactory(name="Amara Okafor")
    kenji = MemberFactory(name="Kenji Watanabe")
    join(group, kenji)

    # Amara finds the group from the navigation and joins it.
    log_in(page, live_server.url, amara.email)
    page.get_by_role("link", name="Working groups").first.click()
    page.get_by_role("link", name="Process").click()
    page.get_by_role("button", name="Join the group").click()
    page.get_by_text("Welcome to Process").wait_for()

    # She posts with a tag, mentioning Kenji through the suggestions.
    page.get_by_role("link", name="Start a conversation").click()
    page.get_by_label("Title (optional)").fill("Quarterly planning in two weeks")
    page.get_by_label("Your post").fill("How short can planning get? ")
    page.get_by_label("Find a member to mention").fill("Kenj")
    page.get_by_role("button", name="@Kenji Watanabe").click()
    assert page.get_by_label("Your post").input_value().endswith("@Kenji Watanabe ")
    page.get_by_label("Tags (optional)").fill("quarterly planning")
    page.get_by_role("button", name="Post to Process").click()
    page.get_by_role("heading", name="Quarterly planning in two weeks").wait_for()
    assert page.get_by_role("link", name="@Kenji Watanabe").is_visible()
    post = Post.objects.get()
    assert Mention.objects.get().user == kenji
    assert post.tags.names()[0] == "quarterly planning"

    # Kenji replies in place and reacts to the post.
    other = browser.new_context(viewport={"width": 390, "height": 844})
    kenji_page = other.new_page()
    log_in(kenji_page, live_server.url, kenji.email)
    kenji_page.goto(f"{live_server.url}{group.get_absolute_url()}")
    kenji_page.get_by_role("link", name="Quarterly planning in two weeks").click()
    kenji_page.get_by_label("Your reply").fill("We got it down to two weeks with a market place.")
    kenji_page.get_by_role("button", name="Send reply").click()
    kenji_page.locator("#replies").get_by_text("market place").wait_for()
    assert kenji_page.get_by_label("Your reply").input_value() == ""
    insightful = kenji_page.locator(f"#reactions-post-{post.pk}").get_by_role(
        "button", name="Insightful"
    )
    insightful.click()
    kenji_page.locator(f"#reactions-post-{post.pk} button[aria-pressed='true']").wait_for()
    other.close()
    assert Reply.objects.get().author == kenji
    assert Reaction.objects.get(post=post).kind == "insightful"

    # Amara sees the reply and the reaction on her post.
    page.reload()
    page.get_by_text("We got it down to two weeks").wait_for()
    reactions = page.locator(f"#reactions-post-{post.pk}")
    assert reactions.get_by_role("button", name="Insightful 1").is_visible()
