from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from members.models import User
from working_groups import services
from working_groups.models import RESERVED_SLUGS, GroupMembership, Post, Reply, Report, WorkingGroup


class WorkingGroupForm(forms.ModelForm):
    leads = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(profile__member_since__isnull=False, deleted_at=None).order_by(
            "name"
        ),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple("leads", is_stacked=False),
        help_text="Members who moderate this group; they join it if they have not yet.",
    )

    class Meta:
        model = WorkingGroup
        fields = ["name", "slug", "purpose", "pillar", "join_policy", "default_watch_level"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is used by the site; choose another.")
        return slug

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["leads"].initial = User.objects.filter(
                group_memberships__group=self.instance,
                group_memberships__role=GroupMembership.Role.LEAD,
            )


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    form = WorkingGroupForm
    list_display = ["name", "slug", "pillar", "join_policy", "member_count", "last_activity_at"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        # Saved in save_related, once the leads are known, through the service.
        pass

    def save_related(self, request, form, formsets, change):
        services.group_save(group=form.instance, leads=form.cleaned_data["leads"])


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "state", "joined_at", "watch_level", "emails_off"]
    list_filter = ["group", "role", "state", "watch_level"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "group"]
    # How a member follows the group is theirs to choose, on the site.
    readonly_fields = [
        "group", "user", "role", "state", "requested_at", "joined_at", "watch_level", "emails_off",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # people join on the site; leads are chosen on the group

    # Removing someone from a group is their leaving it: the service recounts the members.
    def delete_model(self, request, obj):
        services.membership_leave(group=obj.group, user=obj.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("group", "user"):
            services.membership_leave(group=membership.group, user=membership.user)


def _moderate(modeladmin, request, queryset, service):
    done = 0
    for item in queryset:
        try:
            service(by=request.user, **{modeladmin.model._meta.model_name: item})
        except ValidationError as error:
            modeladmin.message_user(request, f"{item}: {error.messages[0]}", messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, f"{done} done.")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "author", "created_at", "reply_count", "hidden_at"]
    list_filter = ["group", "is_pinned", "is_locked"]
    search_fields = ["title", "body_markdown"]
    list_select_related = ["group", "author"]
    show_full_result_count = False
    actions = ["hide", "restore"]
    readonly_fields = [field.name for field in Post._meta.fields if field.name != "search_vector"]
    exclude = ["search_vector"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A delete here would leave the group's post count and activity behind, and the delete
        # service is the author's own; moderators hide a post instead (the actions below).
        return False

    @admin.action(description="Hide the selected posts")
    def hide(self, request, queryset):
        _moderate(self, request, queryset.select_related("group"), services.post_hide)

    @admin.action(description="Restore the selected posts")
    def restore(self, request, queryset):
        _moderate(self, request, queryset.select_related("group"), services.post_restore)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "author", "created_at", "hidden_at"]
    search_fields = ["body_markdown"]
    list_select_related = ["post", "author"]
    show_full_result_count = False
    actions = ["hide", "restore"]
    readonly_fields = [field.name for field in Reply._meta.fields if field.name != "search_vector"]
    exclude = ["search_vector"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # As for posts: hiding, through the service, keeps the thread's reply count right.
        return False

    @admin.action(description="Hide the selected replies")
    def hide(self, request, queryset):
        _moderate(self, request, queryset.select_related("post__group"), services.reply_hide)

    @admin.action(description="Restore the selected replies")
    def restore(self, request, queryset):
        _moderate(self, request, queryset.select_related("post__group"), services.reply_restore)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "reason", "resolved_at", "resolution"]
    list_filter = ["group", "resolution"]
    list_select_related = ["group", "reporter"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request):
        return False
