#pragma once
// A picture file's pixels as a viewer should show them, decoded the way the
// importer decodes it for its thumbnail: HEIC, HEIF and AVIF through
// libheif, camera RAW through its embedded preview, everything else through
// Qt's image plugins. Qt alone reads no HEIF on Debian, and would turn a
// HEIC whose EXIF orientation repeats its irot a second time.
//
// Upright: a JPEG's (or PNG's, ...) EXIF orientation is applied; a HEIF's
// transform properties (irot, imir) are applied while decoding, and its
// EXIF orientation only when it has none (see media/photo_file.cpp).
//
// Uses QImage: link Qt6::Gui beside Quire::Core. Not in quire.h for that
// reason, so headless consumers of the package need no Qt Gui.
//
// Thread safety: any number of threads may call at once (a viewer calls it
// off its GUI thread); each call reads and decodes on its own.

#include "quire/error.h"
#include "quire/export.h"

#include <QImage>
#include <QString>

namespace quire {

// Decodes the picture file at filePath (absolute, or relative to the
// working folder) scaled so its long edge is at most longEdge pixels (never
// upscaled), turned upright. Fails with ErrorCode::Io when the file cannot
// be read, ErrorCode::InvalidArgument when its data is not an image Quire
// reads; the message names the file and the cause.
QUIRE_CORE_EXPORT Result<QImage> readPictureImage(const QString &filePath, int longEdge);

} // namespace quire
