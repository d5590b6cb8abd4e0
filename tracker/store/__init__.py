"""The store: schema, engine and sessions, migrations, settings, backups."""
