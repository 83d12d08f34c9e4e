#pragma once
// The columns of the pictures table that describe the file and what it
// says about itself. Everything but the album-local identity (id, uuid,
// path, state) and the tags: a picture moved or copied to another album
// carries these over unchanged.

namespace quire::detail {

inline constexpr const char *PictureContentColumns =
    "file_size, content_hash, taken_at, width, height, orientation, camera_make, camera_model, "
    "rating, added_at, file_mtime, taken_at_guessed, utc_offset, lens, exposure_time, f_number, "
    "iso, focal_length, gps_latitude, gps_longitude, gps_altitude, kind, duration_ms, frame_rate, "
    "video_codec, audio_codec, title, description, label, pick";
inline constexpr int PictureContentColumnCount = 30;

} // namespace quire::detail
