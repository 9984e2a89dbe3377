"""eplatnik: an open desktop application for Polish ZUS payers and accounting offices."""

__version__ = "0.1.0"
APP_NAME = "eplatnik"
