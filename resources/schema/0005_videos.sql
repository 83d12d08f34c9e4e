-- Quire album schema, version 5: videos beside photos. A picture is a
-- photo or a video; a video's row also says how long it runs, its frame
-- rate and its codecs (all NULL for photos). Width and height are a
-- video's pixels as shown (its rotation applied), as for photos.
-- Columns are added (never rebuilt), so an album of version 4 upgrades in
-- a moment and every picture it holds is a photo.
-- Statements are separated by a line holding only ';;'.

ALTER TABLE pictures ADD COLUMN kind TEXT NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'video'))
;;
-- milliseconds
ALTER TABLE pictures ADD COLUMN duration_ms INTEGER
;;
-- frames per second (the stream's average rate)
ALTER TABLE pictures ADD COLUMN frame_rate REAL
;;
-- FFmpeg's codec names: 'h264', 'hevc', 'vp9', 'aac', ...; NULL when none
ALTER TABLE pictures ADD COLUMN video_codec TEXT
;;
ALTER TABLE pictures ADD COLUMN audio_codec TEXT
;;
CREATE INDEX pictures_kind ON pictures (kind) WHERE kind <> 'photo'
