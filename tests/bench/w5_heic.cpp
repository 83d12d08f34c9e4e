// W5-heic: 500 HEICs of 12 MP (4032x3024, a phone's) with EXIF, made by
// heif-enc from generated JPEGs, imported into an album: metadata, content
// hashes and thumbnails, with importPictures on both cores. The limit is
// decoding each primary image at full size with libheif alone on one
// thread, which is what any HEIF thumbnail costs (HEVC has no scaled
// decode). Target: at most 0.8x that. Smoke runs (--scale under 0.1) use
// 768x576 pictures, so the setup's encoding stays quick.

#include "bench.h"
#include "bench_photos.h"
#include "heif_files.h"

#include <libheif/heif.h>

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QtConcurrent>

#include <memory>

namespace quire::bench {

namespace {

qint64 photoCount(double scale)
{
    return std::max<qint64>(10, qint64(500 * scale));
}

QSize photoSize(double scale)
{
    return scale < 0.1 ? QSize(768, 576) : QSize(4032, 3024);
}

QString photoFolder(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("Phone"));
}

QString makePhotos(const QString &folder, double scale)
{
    const QString dir = photoFolder(folder);
    const QString sources = QDir(folder).filePath(QStringLiteral("jpeg-sources")); // outside the album
    QDir().mkpath(dir);
    QDir().mkpath(sources);
    QList<int> indexes;
    for (int i = 0; i < photoCount(scale); ++i)
        indexes.append(i);
    QStringList failures;
    std::mutex failuresMutex;
    QtConcurrent::blockingMap(indexes, [&](int i) {
        const QString name = QStringLiteral("IMG_%1").arg(i, 5, 10, QLatin1Char('0'));
        const QString jpeg = QDir(sources).filePath(name + QStringLiteral(".jpg"));
        QString failure;
        if (!drawPhoto(i, photoSize(scale)).save(jpeg, "JPEG", 95) || !test::writeMetadata(jpeg, cameraMetadata(i)))
            failure = QStringLiteral("cannot write %1").arg(jpeg);
        else
            failure = test::encodeHeif({jpeg}, QDir(dir).filePath(name + QStringLiteral(".heic")));
        QFile::remove(jpeg);
        if (!failure.isEmpty()) {
            std::lock_guard lock(failuresMutex);
            failures.append(failure);
        }
    });
    return failures.isEmpty() ? QString()
                              : QStringLiteral("%1 photos could not be made: %2").arg(failures.size()).arg(failures[0]);
}

Run importThroughQuire(const QString &folder, double)
{
    return importAlbumFolder(photoFolder(folder), QStringLiteral("Phone"), QStringLiteral("*.heic"));
}

// One file as the limit decodes it: the whole primary image, transforms
// applied, as 8-bit RGB, on this thread only.
bool decodeFull(const QByteArray &bytes)
{
    std::unique_ptr<heif_context, void (*)(heif_context *)> context(heif_context_alloc(), heif_context_free);
    heif_context_set_max_decoding_threads(context.get(), 1);
    if (heif_context_read_from_memory_without_copy(context.get(), bytes.constData(), size_t(bytes.size()), nullptr).code
        != heif_error_Ok)
        return false;
    heif_image_handle *handle = nullptr;
    if (heif_context_get_primary_image_handle(context.get(), &handle).code != heif_error_Ok)
        return false;
    heif_image *image = nullptr;
    const heif_error decoded = heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nullptr);
    heif_image_handle_release(handle);
    if (decoded.code != heif_error_Ok)
        return false;
    heif_image_release(image);
    return true;
}

Run decodeAlone(const QString &folder, double)
{
    heif_init(nullptr);
    const auto deinit = qScopeGuard([] { heif_deinit(); });
    return decodeEachAlone(filesIn(photoFolder(folder), QStringLiteral("*.heic")), [](const QString &file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) && decodeFull(f.readAll());
    });
}

} // namespace

Workload heicImportWorkload()
{
    Workload w;
    w.name = QStringLiteral("W5-heic");
    w.description = QStringLiteral("500 HEICs of 12 MP with EXIF imported (metadata, SHA-1, thumbnails; both cores), "
                                    "against decoding each at full size with libheif on one thread");
    w.target = 0.8;
    w.setup = makePhotos;
    w.quire = importThroughQuire;
    w.limit = decodeAlone;
    return w;
}

} // namespace quire::bench
