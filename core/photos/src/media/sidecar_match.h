#pragma once
// Which XMP sidecar belongs to which picture of a folder walk, by name
// alone, in the two conventions people have:
//   NAME.EXT.xmp  darktable, digiKam (and Quire): one picture's, exactly;
//   NAME.xmp      Lightroom, Capture One: the picture named NAME.*, when
//                 only one is; when several share the name (IMG_1.CR2 and
//                 IMG_1.JPG) the camera RAW file's, the one those programs
//                 wrote it for; with no single RAW among them, nobody's.
// A picture with both reads NAME.EXT.xmp, the one written for it alone.
// The ".xmp" may be in any case; the rest of the name must be the
// picture's exactly.

#include "media/folder_walk.h"

#include <QHash>
#include <QList>
#include <QString>

namespace quire::detail {

struct UnmatchedSidecar {
    FoundFile sidecar;
    QString reason; // a sentence
};

struct SidecarMatch {
    QHash<QString, FoundFile> byPicture; // picture's relative path -> its sidecar
    QList<UnmatchedSidecar> unmatched;   // no picture of the walk takes it
};

// True for a sidecar's file name ("IMG_1.JPG.xmp", "IMG_1.XMP"); a name
// that is only the suffix is not one.
bool isSidecarFileName(const QString &fileName);

SidecarMatch matchSidecars(const QList<FoundFile> &pictures, const QList<FoundFile> &sidecars);

} // namespace quire::detail
