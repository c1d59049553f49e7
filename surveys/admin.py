from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from surveys import services
from surveys.models import Answer, Question, Response, SurveyWave


def _submitted_count(wave):
    # The admin's queryset has counted them already; a wave from elsewhere is counted here.
    if hasattr(wave, "completed_count"):
        return wave.completed_count
    return wave.responses.filter(submitted_at__isnull=False).count()


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    ordering = ["page", "position", "pk"]
    fieldsets = [
        (None, {"fields": [
            ("key", "kind", "required"), ("page", "position"), "prompt", "help_text",
            "discuss_in",
        ]}),
        ("Choices (single and multiple choice)", {"fields": ["options"]}),
        ("Scale", {"fields": [("scale_min", "scale_max"), ("min_label", "max_label")]}),
        ("Number", {"fields": [("min_value", "max_value")]}),
    ]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # Deleting a question deletes its answers and their tallies, so results already
        # computed or emailed would no longer add up; once a wave has submitted responses its
        # questions stay.
        if obj is not None and _submitted_count(obj):
            return False
        return super().has_delete_permission(request, obj)


CLOSE_ACTION = "Close the selected waves and email their results"


class SurveyWaveForm(forms.ModelForm):
    class Meta:
        model = SurveyWave
        fields = ["title", "slug", "year", "intro", "opens_at", "closes_at", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            # Closing computes the results and emails every respondent: only wave_close does
            # it, through the action on the list.
            status = self.fields["status"]
            status.choices = [
                (value, label)
                for value, label in status.choices
                if value != SurveyWave.Status.CLOSED
            ]
            status.help_text = (
                f"To close the wave, select it in the list and run “{CLOSE_ACTION}”: "
                "it computes the results and emails them to every respondent."
            )


@admin.register(SurveyWave)
class SurveyWaveAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "year",
        "status",
        "opens_at",
        "closes_at",
        "started",
        "completed",
        "staff_page",
    ]
    list_filter = ["status", "year"]
    prepopulated_fields = {"slug": ["title"]}
    form = SurveyWaveForm
    inlines = [QuestionInline]
    actions = ["copy_waves", "close_waves"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                started_count=Count("responses"),
                completed_count=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
                counted_count=Count(
                    "responses",
                    filter=Q(
                        responses__submitted_at__isnull=False,
                        responses__email_confirmed_at__isnull=False,
                    ),
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == SurveyWave.Status.CLOSED:
            return [*super().get_readonly_fields(request, obj), "status"]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The status is written only while the wave is not closed: a form opened before the
        # close action ran must not open the wave again.
        obj.save(update_fields=[name for name in form.fields if name != "status"])
        if "status" in form.changed_data:
            SurveyWave.objects.filter(pk=obj.pk).exclude(status=SurveyWave.Status.CLOSED).update(
                status=obj.status
            )

    def get_deleted_objects(self, objs, request):
        # A wave's submitted responses are its results (computed, perhaps emailed): the admin
        # keeps such a wave. Responses are deleted one by one, at the respondent's request.
        protected = []
        for wave in objs:
            if count := _submitted_count(wave):
                protected.append(
                    f"{count} submitted response{pluralize(count)} to “{wave}”: its results "
                    "are made of them, so the wave is kept (delete one person's response on "
                    "its own, at their request)."
                )
        if protected:
            return [], {}, set(), protected
        return super().get_deleted_objects(objs, request)

    @admin.display(description="started", ordering="started_count")
    def started(self, wave):
        return wave.started_count

    @admin.display(description="completed", ordering="completed_count")
    def completed(self, wave):
        return wave.completed_count

    @admin.display(description="responses")
    def staff_page(self, wave):
        url = reverse("surveys:staff_overview", args=[wave.slug])
        return format_html('<a href="{}">Progress and CSV</a>', url)

    @admin.action(description="Copy the selected waves, with their questions, as new drafts")
    def copy_waves(self, request, queryset):
        for wave in queryset:
            suffix = SurveyWave.objects.filter(slug__startswith=f"{wave.slug}-copy").count() + 1
            copy = services.wave_copy(
                wave=wave,
                title=f"{wave.title} (copy)",
                year=wave.year + 1,
                slug=f"{wave.slug}-copy-{suffix}",
            )
            self.message_user(request, f"Copied {wave} as the draft “{copy}”.")

    @admin.action(description=CLOSE_ACTION)
    def close_waves(self, request, queryset):
        for wave in queryset:
            try:
                services.wave_close(wave=wave, closed_by=request.user)
            except ValidationError as refusal:
                self.message_user(
                    request,
                    f"“{wave}”: {refusal.messages[0]} Nothing was sent again; its “Progress "
                    "and CSV” page computes and sends a new version.",
                    messages.WARNING,
                )
            else:
                count = wave.counted_count  # the results go to confirmed respondents only
                self.message_user(
                    request,
                    f"Closed “{wave}”: its results are being computed and emailed to its "
                    f"{count} respondent{pluralize(count)}.",
                    messages.SUCCESS,
                )


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "row", "choice", "choices", "number", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["email", "wave", "started_at", "submitted_at", "email_confirmed_at"]
    list_filter = [
        "wave",
        ("submitted_at", admin.EmptyFieldListFilter),
        ("email_confirmed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    list_select_related = ["wave"]
    inlines = [AnswerInline]
    readonly_fields = [
        "wave", "email", "user", "started_at", "updated_at", "submitted_at",
        "email_confirmed_at", "last_page", "resume_requested_at", "resume_sent_at",
        "confirmation_sent_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.response_delete(response=obj)

    def delete_queryset(self, request, queryset):
        for response in queryset:
            services.response_delete(response=response)
