#pragma once
// Picture: one row of an album's pictures table, as the typed API sees it.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

#include "quire/photo_metadata.h"
#include "quire/picture_labels.h"

namespace quire {

enum class PictureState {
    Present = 0, // the file is in the album folder
    Missing = 1, // the file was not found at the last scan; the row and its tags are kept
};

// What a picture is: a still photo, or a video (MP4, MOV, MKV, WebM, AVI,
// 3GP) whose thumbnail is a frame from near its first second.
enum class PictureKind {
    Photo = 0,
    Video = 1,
};

struct Picture {
    qint64 id = 0;            // the album's own id; 0 until added
    QUuid uuid;               // stable across albums; made on add when null
    QString path;             // relative to the album folder, '/' separated
    qint64 fileSize = 0;
    QByteArray contentHash;
    QDateTime takenAt;        // UTC; invalid when unknown
    int width = 0;
    int height = 0;
    int orientation = 1;      // EXIF orientation, 1 to 8
    QString cameraMake;
    QString cameraModel;
    int rating = 0;           // 0 (none) to 5
    QDateTime addedAt;        // set on add
    PictureState state = PictureState::Present;
    // Read from the file by the importer (see PhotoMetadata for each).
    QDateTime fileModified;   // the file's time when it was last read; invalid when never
    bool takenAtGuessed = false; // takenAt is the file time: the file carries no date
    std::optional<int> utcOffsetMinutes;
    QString lens;
    std::optional<double> exposureTime; // seconds
    std::optional<double> fNumber;
    std::optional<int> iso;
    std::optional<double> focalLength;  // millimetres
    std::optional<GeoPosition> gps;
    PictureKind kind = PictureKind::Photo;
    // Videos only; empty for photos.
    std::optional<qint64> durationMs;   // how long it runs
    std::optional<double> frameRate;    // frames per second (the stream's average)
    QString videoCodec;       // FFmpeg's name for it: "h264", "hevc", "vp9", ...
    QString audioCodec;       // "aac", "opus", ...; empty for a silent video
    // What people say about it (in Quire, or in a sidecar another program wrote).
    QString title;            // dc:title; empty when none
    QString description;      // dc:description; may hold several lines
    ColourLabel colourLabel = ColourLabel::None;
    PickState pick = PickState::None;
    // The XMP sidecar the importer last read for it (NAME.EXT.xmp or
    // NAME.xmp, relative to the album folder); empty when none. Kept by the
    // importer: update() leaves it as it is.
    QString sidecarPath;
    // On add: tags to attach. On read: filled only when the query asks.
    QList<qint64> tagIds;
};

// A picture's stored thumbnail: encoded image bytes (JPEG from the
// importer), already turned the right way up.
struct Thumbnail {
    int width = 0;
    int height = 0;
    QString format; // "jpeg" or "png"
    QByteArray data;
};

// Which pictures a query returns. Empty fields do not filter.
struct PictureFilter {
    QList<qint64> allTags;        // carries every one of these tags
    QList<qint64> anyTags;        // carries at least one of these tags
    QDateTime takenFrom;          // taken_at >= takenFrom (inclusive)
    QDateTime takenTo;            // taken_at <  takenTo (exclusive)
    std::optional<int> minRating;
    std::optional<int> exactRating;
    QString pathPrefix;           // path starts with this (folder inside the album)
    QString pathContains;         // substring of the path, case-insensitive for ASCII
    QString textContains;         // substring of the path, camera make or model (same rule)
    QStringList textContainsAll;  // each one a substring as textContains is
    // Words a person typed, every one required: a picture matches a word
    // when its path, camera make, model or lens contains the text (same
    // rule), its title or description contains it (same rule), or it
    // carries one of the word's tags (the searcher finds the
    // tags whose name holds the word, and the tags under them).
    struct Word {
        QString text;
        QList<qint64> tagIds;
    };
    QList<Word> words;
    std::optional<PictureState> state;
    std::optional<PictureKind> kind;
    std::optional<ColourLabel> colourLabel;
    std::optional<PickState> pick;

    // RatingDescending: the best first, ties by path.
    enum class Order { Path, TakenAscending, TakenDescending, Id, RatingDescending };
    Order order = Order::Path;
    int limit = -1;               // -1: all
    int offset = 0;
    bool withTags = false;        // fill Picture::tagIds
};

} // namespace quire
