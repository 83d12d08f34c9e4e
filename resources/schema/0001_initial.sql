-- Quire album schema, version 1.
-- Every album database is created by running the migration steps in order
-- from an empty file, so a fresh album and an upgraded one end up with the
-- same sqlite_schema text; Quire compares that text to decide whether an
-- album's schema is its own.
-- Statements are separated by a line holding only ';;' so that a trigger
-- body may contain ';' later on.

-- Key/value facts about the album: uuid, name, created_at, min_write_version.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value ANY
) WITHOUT ROWID
;;
CREATE TABLE pictures (
    id            INTEGER PRIMARY KEY,          -- rowid alias; stable within an album
    uuid          TEXT    NOT NULL UNIQUE,      -- stable across albums (moves keep it)
    path          TEXT    NOT NULL UNIQUE,      -- relative to the album folder, '/' separated
    file_size     INTEGER NOT NULL DEFAULT 0,
    content_hash  BLOB,
    taken_at      INTEGER,                      -- ms since the epoch, UTC; NULL when unknown
    width         INTEGER NOT NULL DEFAULT 0,
    height        INTEGER NOT NULL DEFAULT 0,
    orientation   INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
    camera_make   TEXT,
    camera_model  TEXT,
    rating        INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    added_at      INTEGER NOT NULL,             -- ms since the epoch, UTC
    state         INTEGER NOT NULL DEFAULT 0    -- 0 present, 1 file missing
)
;;
CREATE INDEX pictures_taken_at ON pictures (taken_at)
;;
CREATE INDEX pictures_rating ON pictures (rating)
;;
-- Hierarchical tags. A root tag has a NULL parent; the unique index below
-- folds NULL to 0 because UNIQUE treats every NULL as distinct.
CREATE TABLE tags (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES tags (id) ON DELETE CASCADE,
    name      TEXT NOT NULL CHECK (length(name) > 0 AND instr(name, '/') = 0)
)
;;
CREATE UNIQUE INDEX tags_parent_name ON tags (ifnull(parent_id, 0), name)
;;
CREATE TABLE picture_tags (
    picture_id INTEGER NOT NULL REFERENCES pictures (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (picture_id, tag_id)
) WITHOUT ROWID
;;
CREATE INDEX picture_tags_tag ON picture_tags (tag_id, picture_id)
;;
CREATE TABLE thumbnails (
    picture_id INTEGER PRIMARY KEY REFERENCES pictures (id) ON DELETE CASCADE,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    format     TEXT    NOT NULL,                -- 'jpeg', 'png'
    data       BLOB    NOT NULL
)
