from django.urls import path

from pillars.views import comments, compare, drafts, endorsements, reading

app_name = "pillars"
urlpatterns = [
    path("", reading.manifesto, name="manifesto"),
    path("versions/", reading.versions, name="versions"),
    path("v<int:number>/", reading.version, name="version"),
    path("compare/<int:a>/<int:b>/", compare.compare, name="compare"),
    # Endorsing a version
    path("v<int:number>/endorse/", endorsements.endorse, name="endorse"),
    path("v<int:number>/withdraw/", endorsements.withdraw, name="endorsement_withdraw"),
    path("v<int:number>/endorsers/", endorsements.endorsers, name="endorsers"),
    # Discussing a section
    path("v<int:number>/<slug:key>/", comments.section, name="section"),
    path("comments/<int:comment_id>/reply/", comments.reply, name="comment_reply"),
    path("comments/<int:comment_id>/edit/", comments.edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", comments.delete, name="comment_delete"),
    path("comments/<int:comment_id>/hide/", comments.hide, name="comment_hide"),
    path("comments/<int:comment_id>/resolve/", comments.resolve, name="comment_resolve"),
    # Staff's draft of the next version
    path("draft/", drafts.draft, name="draft"),
    path("draft/start/", drafts.start, name="draft_start"),
    path("draft/new-section/", drafts.section_add, name="draft_section_add"),
    path("draft/sections/<slug:key>/", drafts.section, name="draft_section"),
    path("draft/sections/<slug:key>/remove/", drafts.section_remove, name="draft_section_remove"),
    path("draft/publish/", drafts.publish, name="draft_publish"),
    path("draft/discard/", drafts.discard, name="draft_discard"),
]
