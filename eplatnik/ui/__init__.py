"""The only Qt code of eplatnik: main window, pages, table models, dialogs, translations."""
