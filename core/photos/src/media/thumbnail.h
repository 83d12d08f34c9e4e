#pragma once
// Thumbnails: decoded at reduced scale straight from the file's bytes and
// turned upright by the EXIF orientation.

#include "quire/picture.h"

#include <QByteArrayView>
#include <QImage>
#include <QSize>
#include <QString>

namespace quire::detail {

// Pictures beyond this many pixels are refused before decoding: a header
// claiming 100000 x 100000 would otherwise ask for 40 GB.
inline constexpr qint64 MaxDecodedPixels = qint64(1) << 30;

struct DecodedThumbnail {
    QImage image;       // upright, long edge <= the size asked for
    QSize storedSize;   // the full image's size as stored in the file (before orientation)
    QString failure;    // why nothing was decoded; empty on success
};

// Decodes `bytes` (any format the Qt image plugins read) scaled so its
// long edge is at most longEdge, never upscaled. JPEG scales while
// decoding (libjpeg's DCT scaling), which is what makes import fast.
DecodedThumbnail decodeThumbnail(QByteArrayView bytes, int longEdge, int orientation);

// The image as a viewer shows it, given its EXIF orientation (1..8).
QImage applyOrientation(const QImage &image, int orientation);

// False when a JPEG stops before its end-of-image marker (a truncated
// copy or download). libjpeg decodes such a file anyway, grey below the
// break, so the importer checks the structure itself.
bool jpegIsComplete(QByteArrayView bytes);

// JPEG bytes of the image, as stored in the album.
Thumbnail encodeThumbnail(const QImage &image);

} // namespace quire::detail
