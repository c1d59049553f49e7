from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models

from members import services
from members.models import FORMER_MEMBER, Application, AutoApproveDomain, Profile, User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    readonly_fields = ["member_since", "updated_at"]
    # An address typed without a scheme is taken as https, as the members' own form does.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "name"]
    readonly_fields = ["deleted_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new account is made as the site makes one: with its primary email address.
        user = services.user_create(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
        )
        obj.pk = user.pk
        obj.refresh_from_db()

    # Deleting a person is deleting their account, as they would themselves: everything
    # personal goes, the row stays as "Former member" so their posts keep an author, and their
    # survey answers stay in the results without their name or email.

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.deleted_at is not None:
            return False  # nothing personal is left to delete
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The confirmation page lists what account_delete does, not Django's cascade (which
        # the posts would refuse, and which would take the answers out of the results).
        accounts = [user for user in objs if user.deleted_at is None]
        described = [
            f"{user.name} ({user.email}): their profile, application, email addresses and "
            "social logins are deleted and they can no longer sign in; their posts and replies "
            f"stay, signed “{FORMER_MEMBER}”; their survey answers stay in the results, "
            "without their name or email."
            for user in accounts
        ]
        return described, {"accounts": len(accounts)}, set(), []

    def delete_model(self, request, obj):
        services.account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset.filter(deleted_at=None):
            services.account_delete(user=user)


def _decide_selected(modeladmin, request, queryset, service, verb):
    done = 0
    for application in queryset.select_related("user"):
        try:
            service(application=application, decided_by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{application.user}: {error.messages[0]}", messages.WARNING
            )
        else:
            done += 1
    modeladmin.message_user(request, f"{verb} {done} application(s); the applicants are emailed.")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "submitted_at", "decided_at", "decided_by", "auto_approved"]
    list_filter = ["status", "auto_approved"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "decided_by"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "decline"]
    # Decisions go through the services (they email the applicant); the admin only shows them.
    readonly_fields = [
        "user",
        "motivation",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_message",
        "auto_approved",
        "decision_emailed_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Approve the selected applications")
    def approve(self, request, queryset):
        _decide_selected(self, request, queryset, services.application_approve, "Approved")

    @admin.action(description="Decline the selected applications")
    def decline(self, request, queryset):
        _decide_selected(self, request, queryset, services.application_decline, "Declined")


@admin.register(AutoApproveDomain)
class AutoApproveDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "note", "added_at"]
    search_fields = ["domain"]

    def save_model(self, request, obj, form, change):
        services.auto_approve_domain_save(domain=obj)
