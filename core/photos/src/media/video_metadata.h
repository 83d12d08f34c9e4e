#pragma once
// What a video's container tags say about it, in PhotoMetadata's terms:
// when it was taken (QuickTime creation_time, Apple's creationdate with
// its time zone), where (ISO 6709 location), and the camera (make and
// model). Plain text parsing; the tags come from readVideoFile.
//
// Dates: com.apple.quicktime.creationdate ("2024-05-06T09:08:09+0200",
// what iPhones write) is preferred, as it carries the zone: takenAt is the
// instant in UTC and utcOffsetMinutes the zone. creation_time (the movie
// header's time, which every MP4/MOV muxer writes) is an instant in UTC
// with no zone; it is kept as that instant and utcOffsetMinutes stays
// empty. As for photos, a value that is not a date is dropped with a warning.

#include "quire/photo_metadata.h"

#include <QHash>
#include <QString>

#include <optional>

namespace quire::detail {

PhotoMetadata videoMetadata(const QHash<QString, QString> &tags);

// An ISO 6709 point ("+48.8584+002.2945/", "+35.6895+139.6917+040.000/",
// degrees-minutes "+4851.50+00217.67/"); empty when it is not one or off
// the globe.
std::optional<GeoPosition> parseIso6709(const QString &text);

} // namespace quire::detail
