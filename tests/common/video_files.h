#pragma once
// Videos for the import tests and the benchmark, made by the real ffmpeg
// command (Debian's ffmpeg package) from its test patterns, with the
// metadata phones write: creation time, Apple's creationdate with a zone,
// ISO 6709 location, make and model, and a rotation in the track header.

#include <QSize>
#include <QString>
#include <QStringList>

namespace quire::test {

struct VideoSpec {
    // An ffmpeg lavfi source: smptebars (seven colour bars across the top
    // two thirds, known colours at known places) or testsrc.
    QString pattern = QStringLiteral("smptebars");
    QSize size{320, 240};
    int rate = 30;
    double seconds = 2;
    bool audio = false;               // a 440 Hz tone beside the picture
    QStringList metadata;             // "key=value", each given as -metadata
    // Write every metadata key as an mdta key (what iPhones write:
    // com.apple.quicktime.creationdate, .location.ISO6709, .make, .model).
    bool appleKeys = false;
    bool faststart = false;           // MP4/MOV header before the data
    int keyInterval = 0;              // frames from one key frame to the next; 0: the encoder's choice
};

// The path of ffmpeg, or empty when it is not installed.
QString ffmpegPath();

// Encodes a video at `output`; the container follows the suffix (mp4, mov,
// m4v, 3gp and mkv with H.264, webm with VP8, avi with MPEG-4 part 2).
// Empty on success, else why not (a machine without ffmpeg is told which
// package brings it).
QString makeVideo(const QString &output, const VideoSpec &spec = {});

// Writes a rotation into the MP4/MOV's first track header ('tkhd' matrix),
// as a phone held upright does: the frames stay as stored, the matrix says
// to turn them `clockwise` degrees (90, 180, 270) to show them. ffmpeg 5.1
// has no option for it (-display_rotation came in 6.0; the rotate tag is
// no longer written). Empty on success, else why not.
QString setTrackRotation(const QString &path, int clockwise);

} // namespace quire::test
