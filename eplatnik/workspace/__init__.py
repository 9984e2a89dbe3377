"""Backup and restore of a whole workspace: one ZIP with a consistent copy and a SHA-256 manifest.

A backup holds the database (copied with SQLite's online backup API, so it is consistent even while
the program runs), ``settings.json``, ``documents/`` (evidence files, byte-exact) and any other file of
the workspace, except ``logs/``, ``backups/``, SQLite's WAL/SHM/journal files and unfinished
temporary files. ``MANIFEST.json`` lists every file with its size and SHA-256.

A restore checks the manifest and every checksum *before* anything is written, refuses a schema
newer than this program supports, unpacks into a staging folder next to the target, opens (and so
migrates) the restored database there, and only then puts it in place. An existing workspace is
never deleted: it is renamed to ``<name>.before-restore-<time>``.
"""

from .backup import create_backup, default_backup_path, workspace_files
from .info import LICENCE, about_info, describe_workspace, require_workspace
from .manifest import (
    DB_NAME,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    BackupResult,
    FileEntry,
    Manifest,
    RestoreResult,
    verify_backup,
)
from .restore import restore_backup

__all__ = [
    "DB_NAME", "FORMAT", "FORMAT_VERSION", "LICENCE", "MANIFEST_NAME", "BackupResult", "FileEntry", "Manifest",
    "RestoreResult", "about_info", "create_backup", "default_backup_path", "describe_workspace",
    "require_workspace", "restore_backup", "verify_backup", "workspace_files",
]
