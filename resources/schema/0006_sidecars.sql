-- Quire album schema, version 6: what people say about a picture besides
-- tags and stars, and the XMP sidecar it was read from. A title and a
-- description (dc:title, dc:description), a colour label (Lightroom's five,
-- which digiKam's and darktable's map onto) and a pick state: picked,
-- rejected (Lightroom writes xmp:Rating -1, digiKam a PickLabel) or neither.
-- The sidecar's path, size and time are what the last import read, so a
-- rescan sees a sidecar another program rewrote even when the picture
-- itself is unchanged.
-- Columns are added (never rebuilt), so an album of version 5 upgrades in
-- a moment and its pictures have no title, no label and no pick.
-- Statements are separated by a line holding only ';;'.

ALTER TABLE pictures ADD COLUMN title TEXT
;;
ALTER TABLE pictures ADD COLUMN description TEXT
;;
-- The colour label (named 'label', as xmp:Label is).
ALTER TABLE pictures ADD COLUMN label TEXT NOT NULL DEFAULT 'none'
    CHECK (label IN ('none', 'red', 'yellow', 'green', 'blue', 'purple'))
;;
ALTER TABLE pictures ADD COLUMN pick TEXT NOT NULL DEFAULT 'none' CHECK (pick IN ('none', 'picked', 'rejected'))
;;
-- Relative to the album folder, as path is; NULL when no sidecar was read.
ALTER TABLE pictures ADD COLUMN sidecar_path TEXT
;;
ALTER TABLE pictures ADD COLUMN sidecar_size INTEGER
;;
-- ms since the epoch, as file_mtime
ALTER TABLE pictures ADD COLUMN sidecar_mtime INTEGER
;;
-- Most pictures have neither: the indexes hold only those that do.
CREATE INDEX pictures_label ON pictures (label) WHERE label <> 'none'
;;
CREATE INDEX pictures_pick ON pictures (pick) WHERE pick <> 'none'
