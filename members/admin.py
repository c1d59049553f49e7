from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models

from members import services
from members.models import Application, AutoApproveDomain, Profile, User


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
