#include "media/heif_image.h"

#include "media/heif_boxes.h"
#include "media/thumbnail.h"

#include <libheif/heif.h>

#include <QList>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace quire::detail {

namespace {

// A metadata block larger than this is not EXIF or XMP but damage (or an
// attack asking for gigabytes); real ones are kilobytes.
constexpr size_t MaxMetadataBlock = size_t(64) << 20;

struct ContextFree {
    void operator()(heif_context *c) const { heif_context_free(c); }
};
struct HandleRelease {
    void operator()(heif_image_handle *h) const { heif_image_handle_release(h); }
};
struct ImageRelease {
    void operator()(heif_image *i) const { heif_image_release(i); }
};
struct OptionsFree {
    void operator()(heif_decoding_options *o) const { heif_decoding_options_free(o); }
};
using Context = std::unique_ptr<heif_context, ContextFree>;
using Handle = std::unique_ptr<heif_image_handle, HandleRelease>;
using Image = std::unique_ptr<heif_image, ImageRelease>;

// libheif's words for an error ("Invalid input: No 'ftyp' box"), copied at
// once: the text may belong to the context.
QString describeHeifError(const heif_error &error)
{
    return QString::fromUtf8(error.message ? error.message : "unknown error").trimmed();
}

bool failed(const heif_error &error, const char *what, HeifImage &out)
{
    if (error.code == heif_error_Ok)
        return false;
    out.failure = QStringLiteral("the HEIF image %1 (libheif: %2)").arg(QLatin1String(what), describeHeifError(error));
    return true;
}

// The EXIF block of a HEIF begins with a 4-byte big-endian offset to the
// TIFF header (what lies between is usually "Exif\0\0"). Empty when the
// block does not hold one.
QByteArray tiffOfExifBlock(const QByteArray &block)
{
    if (block.size() < 4)
        return {};
    const auto *p = reinterpret_cast<const unsigned char *>(block.constData());
    const quint32 offset = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3];
    if (offset > quint32(block.size() - 4))
        return {};
    QByteArray tiff = block.mid(4 + offset);
    // Some writers leave the offset 0 and put "Exif\0\0" before the header anyway.
    if (tiff.startsWith(QByteArrayView("Exif\0\0", 6)))
        tiff.remove(0, 6);
    const bool tiffHeader = tiff.startsWith("II*") || tiff.startsWith(QByteArrayView("MM\0*", 4));
    return tiffHeader ? tiff : QByteArray();
}

// The first metadata block of the type (and content type, when given).
QByteArray metadataBlock(const heif_image_handle *primary, const char *type, const char *contentType)
{
    const int count = heif_image_handle_get_number_of_metadata_blocks(primary, type);
    if (count <= 0)
        return {};
    QList<heif_item_id> ids(count);
    heif_image_handle_get_list_of_metadata_block_IDs(primary, type, ids.data(), count);
    for (heif_item_id id : ids) {
        const char *itemContentType = heif_image_handle_get_metadata_content_type(primary, id);
        if (contentType && (!itemContentType || std::strcmp(itemContentType, contentType) != 0))
            continue;
        const size_t size = heif_image_handle_get_metadata_size(primary, id);
        if (size == 0 || size > MaxMetadataBlock)
            continue;
        QByteArray data(qsizetype(size), Qt::Uninitialized);
        if (heif_image_handle_get_metadata(primary, id, data.data()).code == heif_error_Ok)
            return data;
    }
    return {};
}

// The smallest embedded thumbnail that is at least longEdge long and has
// the primary image's shape (a thumbnail lacking the primary's rotation
// would come out turned); null when there is none.
Handle usableThumbnail(const heif_image_handle *primary, QSize shown, int longEdge)
{
    const int count = heif_image_handle_get_number_of_thumbnails(primary);
    if (count <= 0)
        return nullptr;
    QList<heif_item_id> ids(count);
    heif_image_handle_get_list_of_thumbnail_IDs(primary, ids.data(), count);
    Handle best;
    int bestEdge = 0;
    for (heif_item_id id : ids) {
        heif_image_handle *raw = nullptr;
        if (heif_image_handle_get_thumbnail(primary, id, &raw).code != heif_error_Ok)
            continue;
        Handle thumb(raw);
        const QSize size(heif_image_handle_get_width(raw), heif_image_handle_get_height(raw));
        const int edge = std::max(size.width(), size.height());
        const double aspect = double(size.width()) / std::max(1, size.height());
        const double shownAspect = double(shown.width()) / std::max(1, shown.height());
        if (edge < longEdge || std::abs(aspect - shownAspect) > 0.02 * shownAspect)
            continue;
        if (!best || edge < bestEdge) {
            best = std::move(thumb);
            bestEdge = edge;
        }
    }
    return best;
}

// Decodes the handle to 8-bit RGB(A), transforms applied, and scales it.
QImage decodeScaled(const heif_image_handle *handle, int longEdge, HeifImage &out)
{
    std::unique_ptr<heif_decoding_options, OptionsFree> options(heif_decoding_options_alloc());
    options->convert_hdr_to_8bit = 1; // 10-bit phone HDR photos, as 8-bit thumbnails
    const bool alpha = heif_image_handle_has_alpha_channel(handle);
    heif_image *raw = nullptr;
    if (failed(heif_decode_image(handle, &raw, heif_colorspace_RGB,
                                 alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, options.get()),
               "data is damaged or cut short", out))
        return {};
    Image decoded(raw);
    int stride = 0;
    const uint8_t *pixels = heif_image_get_plane_readonly(raw, heif_channel_interleaved, &stride);
    const int width = heif_image_get_width(raw, heif_channel_interleaved);
    const int height = heif_image_get_height(raw, heif_channel_interleaved);
    if (!pixels || width <= 0 || height <= 0) {
        out.failure = QStringLiteral("the HEIF image decoded to no pixels");
        return {};
    }
    // A view of libheif's plane; scaled() or copy() makes Quire's own pixels
    // before `decoded` is released.
    const QImage view(pixels, width, height, stride, alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    if (std::max(width, height) <= longEdge)
        return view.copy();
    return view.scaled(QSize(width, height).scaled(longEdge, longEdge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)),
                       Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace

HeifLibrary::HeifLibrary()
{
    const heif_error error = heif_init(nullptr);
    if (error.code != heif_error_Ok)
        m_failure = QStringLiteral("libheif did not start (%1)").arg(describeHeifError(error));
}

HeifLibrary::~HeifLibrary()
{
    heif_deinit();
}

bool looksLikeHeif(QByteArrayView bytes)
{
    // The file type box is at the start; a few kilobytes are plenty.
    const int length = int(std::min<qsizetype>(bytes.size(), 4096));
    const heif_filetype_result type = heif_check_filetype(reinterpret_cast<const uint8_t *>(bytes.data()), length);
    return type == heif_filetype_yes_supported || type == heif_filetype_yes_unsupported;
}

bool isHeifFileName(const QString &fileName)
{
    static const QSet<QString> heif{QStringLiteral("heic"), QStringLiteral("heif"), QStringLiteral("hif"),
                                    QStringLiteral("avif")};
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot >= 0 && heif.contains(fileName.mid(dot + 1).toLower());
}

HeifImage readHeifImage(QByteArrayView bytes, int longEdge)
{
    HeifImage out;
    // Cheap when the importer holds one already: only the first use loads.
    const HeifLibrary library;
    if (!library.failure().isEmpty()) {
        out.failure = library.failure();
        return out;
    }
    Context context(heif_context_alloc());
    if (!context) {
        out.failure = QStringLiteral("the HEIF image cannot be read (libheif is out of memory)");
        return out;
    }
    // The importer already decodes on every core; libheif's own tile
    // threads on top would only compete with it.
    heif_context_set_max_decoding_threads(context.get(), 1);
    // `bytes` outlives the context: no copy of a 10 MB file.
    if (failed(heif_context_read_from_memory_without_copy(context.get(), bytes.data(), size_t(bytes.size()), nullptr),
               "cannot be read: it is damaged or cut short", out))
        return out;
    heif_image_handle *rawPrimary = nullptr;
    if (failed(heif_context_get_primary_image_handle(context.get(), &rawPrimary), "has no primary image", out))
        return out;
    const Handle primary(rawPrimary);
    // Width and height after the transform properties; ispe is before them.
    out.decodedSize = QSize(heif_image_handle_get_width(rawPrimary), heif_image_handle_get_height(rawPrimary));
    if (out.decodedSize.isEmpty()) {
        out.failure = QStringLiteral("the HEIF image has no size");
        return out;
    }
    if (qint64(out.decodedSize.width()) * out.decodedSize.height() > MaxDecodedPixels) {
        out.failure = QStringLiteral("it claims %1 x %2 pixels, more than any photo")
                          .arg(out.decodedSize.width())
                          .arg(out.decodedSize.height());
        return out;
    }
    out.transformed = primaryImageHasTransform(bytes);
    out.exif = tiffOfExifBlock(metadataBlock(rawPrimary, "Exif", nullptr));
    out.xmp = metadataBlock(rawPrimary, "mime", "application/rdf+xml");

    // An embedded thumbnail saves decoding 12 MP; a damaged one is passed over.
    if (const Handle thumbnail = usableThumbnail(rawPrimary, out.decodedSize, longEdge)) {
        out.thumbnail = decodeScaled(thumbnail.get(), longEdge, out);
        out.failure.clear();
    }
    if (out.thumbnail.isNull())
        out.thumbnail = decodeScaled(rawPrimary, longEdge, out);
    if (out.thumbnail.isNull() && out.failure.isEmpty())
        out.failure = QStringLiteral("the HEIF image could not be scaled to a thumbnail");
    return out;
}

} // namespace quire::detail
