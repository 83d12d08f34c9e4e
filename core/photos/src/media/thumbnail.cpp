#include "media/thumbnail.h"

#include <QBuffer>
#include <QImageReader>
#include <QTransform>

namespace quire::detail {

QImage applyOrientation(const QImage &image, int orientation)
{
    QTransform t;
    switch (orientation) {
    case 2: return image.mirrored(true, false);
    case 3: return image.transformed(t.rotate(180));
    case 4: return image.mirrored(false, true);
    case 5: return image.transformed(t.rotate(90)).mirrored(true, false);
    case 6: return image.transformed(t.rotate(90));
    case 7: return image.transformed(t.rotate(-90)).mirrored(true, false);
    case 8: return image.transformed(t.rotate(-90));
    default: return image;
    }
}

DecodedThumbnail decodeThumbnail(QByteArrayView bytes, int longEdge, int orientation)
{
    DecodedThumbnail out;
    QByteArray data = QByteArray::fromRawData(bytes.data(), bytes.size());
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    // Orientation is applied from the metadata Quire read, the same way for
    // every format; Qt's own would turn JPEGs a second time.
    reader.setAutoTransform(false);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty()) {
        out.failure = reader.canRead() ? QStringLiteral("its size cannot be read (%1)").arg(reader.errorString())
                                       : QStringLiteral("it is not an image Quire can read (%1)").arg(reader.errorString());
        return out;
    }
    if (qint64(size.width()) * size.height() > MaxDecodedPixels) {
        out.failure = QStringLiteral("it claims %1 x %2 pixels, more than any photo").arg(size.width()).arg(size.height());
        return out;
    }
    out.storedSize = size;
    if (std::max(size.width(), size.height()) > longEdge)
        reader.setScaledSize(size.scaled(longEdge, longEdge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull()) {
        out.failure = QStringLiteral("the image data is damaged (%1)").arg(reader.errorString());
        return out;
    }
    out.image = applyOrientation(image, orientation);
    return out;
}

bool jpegIsComplete(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
        return false;
    qsizetype i = 2;
    bool inScan = false;
    while (i + 1 < n) {
        if (inScan) {
            // Entropy-coded data: a marker is 0xFF followed by anything but
            // 0x00 (a stuffed byte) or a restart marker.
            const void *ff = memchr(p + i, 0xFF, size_t(n - i));
            if (!ff)
                return false;
            i = static_cast<const unsigned char *>(ff) - p;
            if (i + 1 >= n)
                return false;
            const unsigned char m = p[i + 1];
            if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
                i += (m == 0xFF) ? 1 : 2;
                continue;
            }
            inScan = false;
            continue;
        }
        if (p[i] != 0xFF)
            return false;
        const unsigned char marker = p[i + 1];
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        if (marker == 0xD9)
            return true; // end of image: whatever follows (a video, a trailer) is not ours to judge
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        if (i + 3 >= n)
            return false;
        const qsizetype length = (qsizetype(p[i + 2]) << 8) | p[i + 3];
        if (length < 2)
            return false;
        i += 2 + length;
        if (marker == 0xDA)
            inScan = true;
    }
    return false;
}

Thumbnail encodeThumbnail(const QImage &image)
{
    Thumbnail thumbnail;
    thumbnail.width = image.width();
    thumbnail.height = image.height();
    thumbnail.format = QStringLiteral("jpeg");
    QBuffer buffer(&thumbnail.data);
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_RGB32).save(&buffer, "JPEG", 85);
    return thumbnail;
}

} // namespace quire::detail
