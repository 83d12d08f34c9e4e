-- Quire album schema, version 2: moves and copies of pictures between albums.
-- Albums stay in WAL mode, so a transfer cannot commit in two databases at
-- once; each album records its side of it instead (an intent log), and
-- every step is idempotent, so opening either album (or 'quirectl recover')
-- finishes or undoes a transfer a crash interrupted. The tables are empty
-- except while a transfer runs; then the meta row 'transfers' is there too
-- (written in the same transactions), so opening sees it at no cost.
-- Statements are separated by a line holding only ';;'.

-- Source side: "transfer T of these pictures to album U". The destination's
-- folder is only a hint for recovery (the UUID is the truth); the record is
-- deleted when the transfer is done.
CREATE TABLE transfers_out (
    id                 TEXT    PRIMARY KEY NOT NULL, -- the transfer's UUID
    kind               TEXT    NOT NULL CHECK (kind IN ('move', 'copy')),
    destination_uuid   TEXT    NOT NULL,
    destination_folder TEXT    NOT NULL,
    state              TEXT    NOT NULL CHECK (state IN ('prepared', 'removed')),
    created_at         INTEGER NOT NULL              -- ms since the epoch, UTC
) WITHOUT ROWID
;;
-- The pictures of a transfer and where each goes in the destination
-- (a free name chosen when the transfer is prepared).
CREATE TABLE transfer_pictures (
    transfer_id      TEXT NOT NULL REFERENCES transfers_out (id) ON DELETE CASCADE,
    picture_uuid     TEXT NOT NULL,
    source_path      TEXT NOT NULL,
    destination_path TEXT NOT NULL,
    PRIMARY KEY (transfer_id, picture_uuid)
) WITHOUT ROWID
;;
CREATE INDEX transfer_pictures_uuid ON transfer_pictures (picture_uuid)
;;
-- Destination side: pictures that arrived with transfer T and are not yet
-- confirmed. The source's UUID and folder let recovery find it.
CREATE TABLE transfers_in (
    picture_id    INTEGER PRIMARY KEY REFERENCES pictures (id) ON DELETE CASCADE,
    transfer_id   TEXT    NOT NULL,
    source_uuid   TEXT    NOT NULL,
    source_folder TEXT    NOT NULL
)
;;
CREATE INDEX transfers_in_transfer ON transfers_in (transfer_id)
