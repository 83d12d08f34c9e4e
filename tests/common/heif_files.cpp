#include "heif_files.h"

#include "testsupport.h"

#include <libheif/heif.h>

#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QScopeGuard>
#include <QStandardPaths>

#include <cstring>
#include <memory>

namespace quire::test {

namespace {

// The payload of the JPEG's EXIF APP1 segment ("Exif\0\0" and the TIFF
// structure), or empty.
QByteArray jpegExifSegment(const QByteArray &jpeg)
{
    qsizetype at = 2;
    while (at + 4 <= jpeg.size() && uchar(jpeg[at]) == 0xFF) {
        const uchar marker = uchar(jpeg[at + 1]);
        const qsizetype length = (qsizetype(uchar(jpeg[at + 2])) << 8) | uchar(jpeg[at + 3]);
        if (marker == 0xDA || length < 2)
            break; // the image data: no more metadata segments
        const QByteArray payload = jpeg.mid(at + 4, length - 2);
        if (marker == 0xE1 && payload.startsWith(QByteArrayView("Exif\0\0", 6)))
            return payload;
        at += 2 + length;
    }
    return {};
}

template<typename T, void (*Free)(T *)>
struct Freer {
    void operator()(T *p) const { Free(p); }
};
void releaseImage(heif_image *image) { heif_image_release(image); }
void releaseHandle(heif_image_handle *handle) { heif_image_handle_release(handle); }

} // namespace

QString encodeHeifWithTransform(const QString &jpeg, const QString &output, int orientation)
{
    QFile file(jpeg);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1").arg(jpeg);
    const QByteArray bytes = file.readAll();
    QImageReader reader(jpeg);
    reader.setAutoTransform(false); // the pixels as stored, for irot to turn
    const QImage stored = reader.read().convertToFormat(QImage::Format_RGB888);
    if (stored.isNull())
        return QStringLiteral("cannot decode %1").arg(jpeg);

    heif_image *rawImage = nullptr;
    heif_image_create(stored.width(), stored.height(), heif_colorspace_RGB, heif_chroma_interleaved_RGB, &rawImage);
    std::unique_ptr<heif_image, Freer<heif_image, releaseImage>> image(rawImage);
    heif_image_add_plane(rawImage, heif_channel_interleaved, stored.width(), stored.height(), 8);
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(rawImage, heif_channel_interleaved, &stride);
    for (int y = 0; y < stored.height(); ++y)
        std::memcpy(plane + qsizetype(y) * stride, stored.constScanLine(y), size_t(stored.width()) * 3);

    // The encoders are registered only between heif_init and heif_deinit.
    heif_init(nullptr);
    const auto deinit = qScopeGuard([] { heif_deinit(); });
    std::unique_ptr<heif_context, Freer<heif_context, heif_context_free>> context(heif_context_alloc());
    heif_encoder *rawEncoder = nullptr;
    heif_error error = heif_context_get_encoder_for_format(context.get(), heif_compression_HEVC, &rawEncoder);
    if (error.code != heif_error_Ok)
        return QStringLiteral("no HEVC encoder: %1").arg(QString::fromUtf8(error.message));
    std::unique_ptr<heif_encoder, Freer<heif_encoder, heif_encoder_release>> encoder(rawEncoder);
    heif_encoder_set_lossy_quality(rawEncoder, 90);
    std::unique_ptr<heif_encoding_options, Freer<heif_encoding_options, heif_encoding_options_free>> options(
        heif_encoding_options_alloc());
    options->image_orientation = heif_orientation(orientation);
    heif_image_handle *rawHandle = nullptr;
    error = heif_context_encode_image(context.get(), rawImage, rawEncoder, options.get(), &rawHandle);
    if (error.code != heif_error_Ok)
        return QStringLiteral("encoding failed: %1").arg(QString::fromUtf8(error.message));
    std::unique_ptr<heif_image_handle, Freer<heif_image_handle, releaseHandle>> handle(rawHandle);
    const QByteArray exif = jpegExifSegment(bytes);
    if (exif.isEmpty())
        return QStringLiteral("%1 has no EXIF segment").arg(jpeg);
    error = heif_context_add_exif_metadata(context.get(), rawHandle, exif.constData(), int(exif.size()));
    if (error.code == heif_error_Ok)
        error = heif_context_write_to_file(context.get(), QFile::encodeName(output).constData());
    return error.code == heif_error_Ok ? QString() : QStringLiteral("writing failed: %1").arg(QString::fromUtf8(error.message));
}

QString encodeHeif(const QStringList &jpegs, const QString &output, const HeifEncoding &encoding)
{
    const QString encoder = QStandardPaths::findExecutable(QStringLiteral("heif-enc"));
    if (encoder.isEmpty())
        return QStringLiteral("heif-enc is not installed (Debian: apt-get install libheif-examples; "
                              "scripts/setup.sh installs it)");
    QStringList arguments{QStringLiteral("-q"), QString::number(encoding.quality)};
    if (encoding.avif)
        arguments << QStringLiteral("-A");
    if (encoding.thumbnailEdge > 0)
        arguments << QStringLiteral("-t") << QString::number(encoding.thumbnailEdge);
    arguments << QStringLiteral("-o") << output << jpegs;
    return runTool(encoder, arguments);
}

HeifSizes heifPrimarySizes(const QString &path)
{
    HeifSizes sizes;
    heif_init(nullptr); // libheif's rule: every use between heif_init and heif_deinit
    const auto deinit = qScopeGuard([] { heif_deinit(); });
    heif_context *context = heif_context_alloc();
    heif_image_handle *primary = nullptr;
    if (heif_context_read_from_file(context, QFile::encodeName(path).constData(), nullptr).code == heif_error_Ok
        && heif_context_get_primary_image_handle(context, &primary).code == heif_error_Ok) {
        sizes.coded = QSize(heif_image_handle_get_ispe_width(primary), heif_image_handle_get_ispe_height(primary));
        sizes.shown = QSize(heif_image_handle_get_width(primary), heif_image_handle_get_height(primary));
        sizes.images = heif_context_get_number_of_top_level_images(context);
        heif_image_handle_release(primary);
    }
    heif_context_free(context);
    return sizes;
}

} // namespace quire::test
