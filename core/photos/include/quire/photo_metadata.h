#pragma once
// PhotoMetadata: what a photo file says about itself (EXIF and XMP), read
// with exiv2 from the file's bytes. Used by the importer; public so that
// tools and the metadata fuzzer can call the same reader.
//
// The reader trusts nothing in the file: a date outside 1800..2200, an
// offset beyond +-14 h, an orientation outside 1..8, a rating outside 0..5,
// a GPS position off the globe or a non-finite number is dropped with a
// warning, and strings are cut to a sane length. It never throws.

#include "quire/error.h"
#include "quire/export.h"
#include "quire/picture_labels.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace quire {

struct GeoPosition {
    double latitude = 0;   // degrees, north positive
    double longitude = 0;  // degrees, east positive
    std::optional<double> altitude; // metres above sea level
    bool operator==(const GeoPosition &) const = default;
};

struct PhotoMetadata {
    // DateTimeOriginal (else DateTimeDigitized, else DateTime) with
    // SubSecTimeOriginal. With OffsetTimeOriginal it is the true instant in
    // UTC and utcOffsetMinutes says where it was taken; without one the
    // camera's wall clock is kept as if it were UTC (cameras rarely know
    // their zone) and utcOffsetMinutes is empty. Invalid when the file has
    // no usable date.
    QDateTime takenAt;
    std::optional<int> utcOffsetMinutes;
    int orientation = 1;                 // EXIF orientation, 1 to 8
    QString cameraMake;
    QString cameraModel;
    QString lens;
    std::optional<double> exposureTime;  // seconds
    std::optional<double> fNumber;
    std::optional<int> iso;
    std::optional<double> focalLength;   // millimetres
    std::optional<GeoPosition> gps;      // EXIF GPS, else XMP's (exif:GPSLatitude "48,51.396N")
    // XMP dc:subject and hierarchical keywords (digiKam's TagsList,
    // Lightroom's hierarchicalSubject), as tag paths "Places/Paris".
    QStringList keywords;
    std::optional<int> rating;           // xmp:Rating (or EXIF Rating), 0 to 5
    // XMP dc:title and dc:description: the x-default language's, else the
    // first one there. A description keeps its line breaks.
    QString title;
    QString description;
    // digiKam:ColorLabel, else xmp:Label (Lightroom's English names);
    // empty when the metadata says nothing.
    std::optional<ColourLabel> colourLabel;
    // digiKam:PickLabel, else Rejected for xmp:Rating -1 (rating then 0).
    std::optional<PickState> pick;
    QSize pixelSize;                     // what the metadata claims; not trusted for anything
    // For camera RAW files: the largest preview image exiv2 finds (JPEG
    // bytes, usually), which thumbnails are made from. Empty otherwise.
    QByteArray preview;
    // Values found and dropped, in words ("EXIF date '0000:00:00 00:00:00'
    // is not a date"). The caller records them with the picture.
    QStringList warnings;
};

// Reads the metadata of an image file held in memory. Fails (ErrorCode::
// InvalidArgument, message says why) only when exiv2 cannot make sense of
// the file at all; a file without metadata gives an empty PhotoMetadata.
// wantPreview: also extract the largest embedded preview (camera RAW).
// Thread safety: may be called from any number of threads at once.
QUIRE_CORE_EXPORT Result<PhotoMetadata> readPhotoMetadata(QByteArrayView fileBytes, bool wantPreview = false);

// Sets exiv2 up for use from several threads at once: its XMP toolkit gets
// a lock, its log is muted. readPhotoMetadata calls it; code that uses exiv2
// itself (a tool writing XMP, a test making photos on a thread pool) calls
// it first. Cheap after the first call; safe from any thread.
QUIRE_CORE_EXPORT void prepareExiv2();

// The exiv2 version linked in ("0.27.6"), for About boxes.
QUIRE_CORE_EXPORT QString exiv2Version();

} // namespace quire
