from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from surveys import services
from surveys.models import Answer, Question, Response, SurveyWave


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
    inlines = [QuestionInline]
    actions = ["copy_waves"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                started_count=Count("responses"),
                completed_count=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
            )
        )

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
    list_display = ["email", "wave", "started_at", "submitted_at"]
    list_filter = ["wave", ("submitted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["wave"]
    inlines = [AnswerInline]
    readonly_fields = [
        "wave", "email", "user", "started_at", "updated_at", "submitted_at", "last_page",
        "resume_requested_at", "resume_sent_at", "confirmation_sent_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.response_delete(response=obj)

    def delete_queryset(self, request, queryset):
        for response in queryset:
            services.response_delete(response=response)
