#pragma once
// Video files (MP4, MOV, M4V, MKV, WebM, AVI, 3GP) read with FFmpeg's
// libraries: what the container says (duration, the picture's size as
// shown, frame rate, codecs, its metadata tags) and a poster frame for the
// thumbnail. FFmpeg stays behind this header: its types appear only in
// video_ffmpeg.h, which nothing outside video_file.cpp and
// video_poster.cpp includes.
//
// Rotation: phones store a video's frames as the sensor saw them and say
// how to turn them in a display matrix (the 'tkhd' matrix, exported by
// FFmpeg as side data; an older file or muxer may carry a "rotate" tag
// instead). The size and poster returned here are turned as shown.
//
// Untrusted input: only the demuxers of the formats above are let open a
// file (a JPEG or a playlist named .mp4 is refused, never fetched or
// decoded as a one-frame video), only the file protocol is allowed, and
// every file has a time limit for opening, probing and decoding its
// poster, so a hostile file cannot stall the import.
//
// Thread safety: each call has its own FFmpeg contexts; any number of
// threads may call at once.

#include <QByteArray>
#include <QHash>
#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

namespace quire::detail {

struct VideoFile {
    QString failure;             // why the file cannot be imported; empty when it can
    QSize shownSize;             // pixels as shown: rotation and pixel aspect applied
    int rotation = 0;            // clockwise degrees applied to show it: 0, 90, 180, 270
    std::optional<qint64> durationMs;
    std::optional<double> frameRate;
    QString videoCodec;          // FFmpeg's codec names ("h264", "hevc", "vp9", ...)
    QString audioCodec;          // empty when the file has no sound
    // The container's tags and the video stream's, keys in lower case
    // ("creation_time", "com.apple.quicktime.location.iso6709", ...); the
    // container's win when both have a key. video_metadata.h reads them.
    QHash<QString, QString> tags;
    QImage poster;               // upright, long edge <= the size asked for
};

// Suffixes of the video formats imported: mp4, m4v, mov, mkv, webm, avi, 3gp.
bool isVideoFileName(const QString &fileName);

// Reads the video at `path` (native bytes, absolute) and decodes its poster
// frame (near 1 s, or the first frame of a shorter video) scaled so its
// long edge is at most longEdge, never upscaled. Gives up after
// timeLimitMs. Never throws; every problem ends up in failure.
VideoFile readVideoFile(const QByteArray &path, int longEdge, int timeLimitMs);

} // namespace quire::detail
