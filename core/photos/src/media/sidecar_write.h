#pragma once
// Writing what Quire knows of a picture into its XMP sidecar, for digiKam,
// darktable and Lightroom to read: the fields of docs/SIDECARS.md's "What
// is read" table, in the same properties, so that reading the sidecar
// back gives the same values. Every other property in the file (darktable's
// edit history, Lightroom's develop settings, digiKam's own fields) is
// kept as exiv2's XMP toolkit parsed it. The image file is never touched.
// Touches no database; any thread (exiv2 is set up for that).

#include "quire/error.h"
#include "quire/picture_labels.h"

#include <QString>
#include <QStringList>

namespace quire::detail {

// What goes into the sidecar.
struct SidecarFields {
    QStringList tagPaths;   // "Places/Paris", the tags the picture carries
    int rating = 0;         // 0 to 5
    PickState pick = PickState::None;
    ColourLabel colourLabel = ColourLabel::None;
    QString title;
    QString description;
};

struct WrittenSidecar {
    qint64 size = 0;
    qint64 modifiedMs = 0;  // as the folder walk reads it (UTC ms)
};

// Writes the fields into absolutePath (created when missing), atomically:
// a temporary file in the same folder, fsync, rename over the sidecar,
// fsync of the folder. A sidecar that is there but is not XMP exiv2 can
// parse, is larger than a sidecar may be, or is not a regular file (a
// link, a folder) is left as it is and the error says so: Quire does not
// replace what another program wrote with its own. The error names no
// album (the caller does) and leaves no temporary file behind.
Result<void> writeSidecar(const QString &absolutePath, const SidecarFields &fields, WrittenSidecar *written);

} // namespace quire::detail
