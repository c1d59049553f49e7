"""The one JSON log-line format, shared by Django's LOGGING and gunicorn's own loggers."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
STDOUT_HANDLER = {"class": "logging.StreamHandler", "formatter": "json"}
