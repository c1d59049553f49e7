import pytest
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_mail(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_FILE_PATH = tmp_path
    connection = get_connection("alliance.devmail.EmlFileBackend")
    message = EmailMultiAlternatives(
        "Confirm your email",
        "Open http://testserver/confirm/abc/",
        to=["new@example.com"],
        connection=connection,
    )
    message.attach_alternative("<p>Open <a href='#'>the link</a></p>", "text/html")
    message.send()
    return tmp_path


def test_staff_read_the_development_mailbox(staff_client, dev_mail):
    listing = staff_client.get(reverse("dev_mailbox"))
    assert listing.status_code == 200
    assert "Confirm your email" in listing.content.decode()
    email_id = next(dev_mail.glob("*.eml")).stem
    detail = staff_client.get(reverse("dev_mailbox_email", args=[email_id]))
    assert 'href="http://testserver/confirm/abc/"' in detail.content.decode()


def test_the_mailbox_refuses_a_member(member_client, dev_mail):
    assert member_client.get(reverse("dev_mailbox")).status_code == 403


def test_the_mailbox_sends_a_visitor_to_the_login_page(client, dev_mail):
    response = client.get(reverse("dev_mailbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_mailbox_does_not_exist_outside_debug(staff_client, settings):
    settings.DEBUG = False
    assert staff_client.get(reverse("dev_mailbox")).status_code == 404


def test_an_email_id_cannot_climb_out_of_the_mail_folder(staff_client, dev_mail):
    response = staff_client.get(reverse("dev_mailbox_email", args=["..%2F..%2Fetc%2Fpasswd"]))
    assert response.status_code == 404


def test_a_write_cut_short_leaves_no_eml_behind(settings, tmp_path, monkeypatch):
    """A worker killed while writing a message must not leave a truncated .eml (the staff
    mailbox and the worker tests would read it as an email without a recipient)."""
    settings.EMAIL_FILE_PATH = tmp_path

    def killed(*args):
        raise KeyboardInterrupt  # stands for the SIGKILL between the write and the rename

    monkeypatch.setattr("alliance.devmail.os.replace", killed)
    connection = get_connection("alliance.devmail.EmlFileBackend")
    with pytest.raises(KeyboardInterrupt):
        EmailMultiAlternatives("Hello", "Body", to=["a@example.com"], connection=connection).send()
    assert list(tmp_path.glob("*.eml")) == []
