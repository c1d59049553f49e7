import factory

from members.services import user_create

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory):
    """Accounts made the way the site makes them: through members.services.user_create."""

    class Meta:
        model = dict

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = PASSWORD
    is_staff = False
    email_verified = True

    @classmethod
    def _create(cls, model_class, **kwargs):
        return user_create(**kwargs)


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@alliance.test")
    is_staff = True
