from surveys.views.answering import done, fresh_link, index, page, resume, review, start
from surveys.views.results import personal_report, report, summary
from surveys.views.staff import (
    export_csv,
    response_delete,
    results_compute,
    results_csv,
    results_resend,
    results_retry,
    results_send,
    staff_overview,
    wave_close,
)

__all__ = [
    "done", "export_csv", "fresh_link", "index", "page", "personal_report", "report",
    "response_delete", "results_compute", "results_csv", "results_resend", "results_retry",
    "results_send", "resume", "review", "staff_overview", "start", "summary", "wave_close",
]  # fmt: skip
