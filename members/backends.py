from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from members.models import User


class AuthenticationBackend(AllauthBackend):
    """allauth's backend, loading the profile with the user on every request.

    Every page asks alliance.access.role_of(), which reads the profile: fetching both in one
    query saves a query on every page a signed-in person opens.
    """

    def get_user(self, user_id):
        user = User._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
