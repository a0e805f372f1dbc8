"""`cahier backup` and `cahier restore`: everything the instance holds, in one portable file.

The archive is a ZIP file holding `manifest.json` (format, date, migration state, rows per
model, checksums), `data.json` (Django's `dumpdata` of every model, natural keys for content
types and permissions) and `media/` (the files under MEDIA_ROOT, cached edition PDFs
included). It is not tied to a database engine: a SQLite backup restores into PostgreSQL and
back, which is what moving an instance into production needs (see docs/backup.md)."""
