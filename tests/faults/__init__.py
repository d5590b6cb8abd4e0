"""Fault-injection tests (issue 6): busy, read-only and full disks, migrations, backups, crashes."""
