#pragma once
// The metadata reader for files whose container exiv2 does not parse
// itself (HEIF, AVIF): the EXIF and XMP blocks another library took out of
// the file, read with the same checks as readPhotoMetadata.

#include "quire/photo_metadata.h"

#include <QByteArrayView>

namespace quire::detail {

// exifTiff: an EXIF block from its TIFF header on ("II*\0" or "MM\0*");
// xmpPacket: an XMP packet. Either may be empty. A block exiv2 cannot
// decode is dropped with a warning; the rest is still read, so this fails
// only when exiv2 itself fails. Thread safety: as readPhotoMetadata.
Result<PhotoMetadata> readMetadataBlocks(QByteArrayView exifTiff, QByteArrayView xmpPacket);

// An XMP packet on its own (a sidecar file's bytes), read with the same
// checks. Unlike a damaged packet inside a file, one that does not parse
// is an error here: it is all there is.
Result<PhotoMetadata> readXmpPacket(QByteArrayView packet);

} // namespace quire::detail
