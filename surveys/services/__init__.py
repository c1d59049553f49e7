"""Every write in the survey goes through here. One module a part of the app; the names are
the package's. Side effects are enqueued by task name, never by import."""

from surveys.services.responses import (
    missing_answers,
    response_confirm_by_account,
    response_confirm_email,
    response_delete,
    response_request_link,
    response_save_page,
    response_send_resume_link,
    response_start,
    response_submit,
    responses_anonymize,
)
from surveys.services.waves import (
    STUCK_AFTER,
    results_compute,
    results_deliveries_create,
    results_request,
    results_resend,
    results_retry_failed,
    results_sweep_stuck,
    wave_close,
    wave_copy,
)

__all__ = [
    "STUCK_AFTER", "missing_answers", "response_confirm_by_account", "response_confirm_email",
    "response_delete", "response_request_link", "response_save_page", "response_send_resume_link",
    "response_start", "response_submit", "responses_anonymize", "results_compute",
    "results_deliveries_create", "results_request", "results_resend", "results_retry_failed",
    "results_sweep_stuck", "wave_close", "wave_copy",
]  # fmt: skip
