// W5: 2,000 generated JPEGs of 1600x1200 with EXIF imported into an album:
// metadata, content hashes and thumbnails, with importPictures on both
// cores. The limit is decoding each image at thumbnail scale with
// QImageReader alone on one thread; reading the bytes alone is printed
// beside it. Target: at most 0.8x the one-thread decode.

#include "bench.h"
#include "bench_photos.h"

#include <quire/import.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QtConcurrent>

namespace quire::bench {

namespace {

qint64 photoCount(double scale)
{
    return std::max<qint64>(10, qint64(2000 * scale));
}

QString photoFolder(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("Summer"));
}

QStringList photoFiles(const QString &folder)
{
    return filesIn(photoFolder(folder), QStringLiteral("*.jpg"));
}

QString makePhotos(const QString &folder, double scale)
{
    const QString dir = photoFolder(folder);
    QDir().mkpath(dir);
    QList<int> indexes;
    for (int i = 0; i < photoCount(scale); ++i)
        indexes.append(i);
    std::atomic<int> failures{0};
    QtConcurrent::blockingMap(indexes, [&](int i) {
        const QString path = QDir(dir).filePath(QStringLiteral("IMG_%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
        if (!drawPhoto(i, QSize(1600, 1200)).save(path, "JPEG", 92)) {
            ++failures;
            return;
        }
        const test::PhotoSpec spec = cameraMetadata(i);
        if (!test::writeMetadata(path, spec))
            ++failures;
    });
    return failures ? QStringLiteral("%1 photos could not be written").arg(failures.load()) : QString();
}

Run importThroughQuire(const QString &folder, double)
{
    return importAlbumFolder(photoFolder(folder), QStringLiteral("Summer"), QStringLiteral("*.jpg"));
}

Run decodeAlone(const QString &folder, double)
{
    return decodeEachAlone(photoFiles(folder), [](const QString &file) {
        QImageReader reader(file);
        const QSize size = reader.size();
        reader.setScaledSize(size.scaled(256, 256, Qt::KeepAspectRatio));
        return !reader.read().isNull();
    });
}

} // namespace

Workload importWorkload()
{
    Workload w;
    w.name = QStringLiteral("W5");
    w.description = QStringLiteral("2,000 JPEGs of 1600x1200 with EXIF imported (metadata, SHA-1, thumbnails; both "
                                    "cores), against decoding each at thumbnail scale on one thread");
    w.target = 0.8;
    w.setup = makePhotos;
    w.quire = importThroughQuire;
    w.limit = decodeAlone;
    return w;
}

} // namespace quire::bench
