-- Quire album schema, version 3: what the importer reads from photo files.
-- Columns are added (never rebuilt) so the upgrade is quick on a large
-- album and a fresh album, built by running every step, ends with the same
-- sqlite_schema text.
-- Statements are separated by a line holding only ';;'.

-- The file's modification time when it was last read (ms since the epoch):
-- with file_size, how a rescan tells a changed file from an unchanged one.
ALTER TABLE pictures ADD COLUMN file_mtime INTEGER
;;
-- 1 when taken_at is the file time because the file carries no usable date.
ALTER TABLE pictures ADD COLUMN taken_at_guessed INTEGER NOT NULL DEFAULT 0
;;
-- Minutes east of UTC where the picture was taken (EXIF OffsetTimeOriginal);
-- NULL when unknown, and then taken_at is the camera's wall clock as UTC.
ALTER TABLE pictures ADD COLUMN utc_offset INTEGER
;;
ALTER TABLE pictures ADD COLUMN lens TEXT
;;
-- seconds
ALTER TABLE pictures ADD COLUMN exposure_time REAL
;;
ALTER TABLE pictures ADD COLUMN f_number REAL
;;
ALTER TABLE pictures ADD COLUMN iso INTEGER
;;
-- millimetres
ALTER TABLE pictures ADD COLUMN focal_length REAL
;;
-- degrees, north positive
ALTER TABLE pictures ADD COLUMN gps_latitude REAL
;;
-- degrees, east positive
ALTER TABLE pictures ADD COLUMN gps_longitude REAL
;;
-- metres
ALTER TABLE pictures ADD COLUMN gps_altitude REAL
;;
-- Duplicates and relinking look pictures up by content.
CREATE INDEX pictures_content_hash ON pictures (content_hash) WHERE content_hash IS NOT NULL
;;
-- Files found in the album folder that could not be imported, or were
-- imported with a caveat (picture_id set), with the reason in words. A
-- rescan skips a failed file whose size and time are unchanged, and clears
-- the row when the file imports or goes away.
CREATE TABLE import_problems (
    path       TEXT    PRIMARY KEY NOT NULL,  -- relative; non-UTF-8 bytes as \xNN
    reason     TEXT    NOT NULL,
    picture_id INTEGER REFERENCES pictures (id) ON DELETE CASCADE,
    file_size  INTEGER,
    file_mtime INTEGER,
    seen_at    INTEGER NOT NULL                -- ms since the epoch, UTC
) WITHOUT ROWID
