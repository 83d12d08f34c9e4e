#pragma once
// Reading a picture's XMP sidecar, and what it says over what the picture's
// own file says. Runs on the importer's worker threads; touches no database.
//
// The sidecar wins: when it and the file both give a field (tags, rating
// and pick, colour label, title, description, GPS), the sidecar's is kept,
// because it is what the other program (digiKam, darktable, Lightroom)
// wrote last; what only the file says stays.

#include "media/folder_walk.h"
#include "media/photo_file.h"

#include "quire/photo_metadata.h"

#include <QString>

namespace quire::detail {

// Larger than any sidecar a photo program writes (darktable's with a long
// edit history run to a few hundred KB); a bigger file is not read.
inline constexpr qint64 MaxSidecarBytes = 8 * 1024 * 1024;

struct SidecarRead {
    PhotoMetadata metadata; // its warnings are the sidecar's
    QString failure;        // why nothing of it was read ("it is not XML"); empty on success
};

// Reads and parses (exiv2's XMP parser) the sidecar the walk found.
SidecarRead readSidecar(const FoundFile &sidecar);

// The sidecar's fields over the file's (see above).
void applySidecar(PhotoMetadata &file, const PhotoMetadata &sidecar);

// Reads the sidecar and applies it to a file read for import; a sidecar
// that cannot be read, and oddities in one that can, become the file's
// warnings, naming the sidecar: the picture is imported either way.
void addSidecar(PhotoFile &file, const FoundFile &sidecar);

} // namespace quire::detail
