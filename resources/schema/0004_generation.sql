-- Quire album schema, version 4: a generation counter that the album's own
-- triggers keep, so the workspace index tells an album that changed from
-- one that did not with one read of meta, whoever wrote it (Quire, another
-- Quire process, the sqlite3 shell). The counter only ever differs after a
-- change; an album restored from a backup can have a smaller one, so
-- readers compare it for equality, never for order.
-- Statements are separated by a line holding only ';;'.

INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0)
;;
CREATE TRIGGER pictures_generation_insert AFTER INSERT ON pictures
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER pictures_generation_update AFTER UPDATE ON pictures
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER pictures_generation_delete AFTER DELETE ON pictures
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER tags_generation_insert AFTER INSERT ON tags
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER tags_generation_update AFTER UPDATE ON tags
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER tags_generation_delete AFTER DELETE ON tags
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER picture_tags_generation_insert AFTER INSERT ON picture_tags
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
CREATE TRIGGER picture_tags_generation_delete AFTER DELETE ON picture_tags
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
;;
-- The album's name is searched too. Recursive triggers are off, so the
-- counter's own update does not fire this again.
CREATE TRIGGER meta_generation_name AFTER UPDATE ON meta WHEN new.key = 'name'
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END
