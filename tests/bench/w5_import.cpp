// W5: 2,000 generated JPEGs of 1600x1200 with EXIF imported into an album:
// metadata, content hashes and thumbnails, with importPictures on both
// cores. The limit is decoding each image at thumbnail scale with
// QImageReader alone on one thread; reading the bytes alone is printed
// beside it. Target: at most 0.8x the one-thread decode.

#include "bench.h"

#include "photo_files.h"

#include <quire/import.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QPainter>
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
    const QDir dir(photoFolder(folder));
    QStringList files;
    for (const QString &name : dir.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name))
        files.append(dir.filePath(name));
    return files;
}

// A photo-like picture: gradients, shapes and fine grain, so that the JPEG
// is as large and as slow to decode as a camera's (about 300-500 KB), and
// each file's bytes differ.
QImage drawPhoto(int index)
{
    QImage image(1600, 1200, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, 0, 1200);
    sky.setColorAt(0, QColor::fromHsv((index * 37) % 360, 120, 230));
    sky.setColorAt(1, QColor::fromHsv((index * 37 + 120) % 360, 160, 90));
    painter.fillRect(image.rect(), sky);
    for (int i = 0; i < 40; ++i) {
        const int h = (index * 13 + i * 29) % 360;
        painter.setBrush(QColor::fromHsv(h, 180, 60 + (i * 7) % 190));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPoint((index * 97 + i * 211) % 1600, (index * 53 + i * 131) % 1200), 40 + (i * 17) % 160,
                            30 + (i * 23) % 120);
    }
    painter.end();
    // Grain: what makes real photos expensive to compress and decode.
    quint32 seed = quint32(index) * 2654435761u + 1;
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            seed = seed * 1664525u + 1013904223u;
            const int grain = int(seed >> 28) - 8;
            const QRgb p = line[x];
            line[x] = qRgb(qBound(0, qRed(p) + grain, 255), qBound(0, qGreen(p) + grain, 255),
                           qBound(0, qBlue(p) + grain, 255));
        }
    }
    return image;
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
        if (!drawPhoto(i).save(path, "JPEG", 92)) {
            ++failures;
            return;
        }
        test::PhotoSpec spec; // EXIF only: the pixels are already there
        spec.dateTimeOriginal = QStringLiteral("2024:07:%1 10:%2:00").arg(1 + i % 28, 2, 10, QLatin1Char('0')).arg(i % 60, 2, 10, QLatin1Char('0'));
        spec.make = QStringLiteral("Canon");
        spec.model = QStringLiteral("EOS R6");
        spec.lens = QStringLiteral("RF24-105mm F4 L IS USM");
        spec.exposureTime = QStringLiteral("1/250");
        spec.fNumber = QStringLiteral("8/1");
        spec.iso = 200;
        spec.focalLength = QStringLiteral("50/1");
        spec.latitude = 43.7 + i * 0.001;
        spec.longitude = 7.26;
        spec.subjects = {QStringLiteral("Holiday")};
        if (!test::writeMetadata(path, spec))
            ++failures;
    });
    return failures ? QStringLiteral("%1 photos could not be written").arg(failures.load()) : QString();
}

// Reads every file's bytes on one thread (the floor of any import).
double readBytesAlone(const QStringList &files, qint64 *bytes)
{
    return seconds([&] {
        for (const QString &file : files) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                *bytes += f.readAll().size();
        }
    });
}

Run importThroughQuire(const QString &folder, double)
{
    const QString dir = photoFolder(folder);
    QDir(dir + QStringLiteral("/.quire")).removeRecursively(); // a fresh album each run
    Result<Album> album = Album::create(dir, QStringLiteral("Summer"));
    if (!album)
        return Run{0, 0, album.error().toString(), {}};
    Result<ImportReport> report = ImportReport{};
    const double s = seconds([&] { report = importPictures(*album, {}); });
    if (!report)
        return Run{0, 0, report.error().toString(), {}};
    if (report->added != photoFiles(folder).size() || report->failed != 0)
        return Run{0, 0, QStringLiteral("imported %1 of %2 photos").arg(report->added).arg(photoFiles(folder).size()), {}};
    qint64 bytes = 0;
    const double read = readBytesAlone(photoFiles(folder), &bytes);
    (void)album->close();
    return Run{s, report->added,
               {},
               QStringLiteral("%1 files/s through Quire; reading the %2 MB alone took %3 s (%4 files/s)")
                   .arg(double(report->added) / s, 0, 'f', 0)
                   .arg(bytes >> 20)
                   .arg(read, 0, 'f', 3)
                   .arg(double(report->added) / read, 0, 'f', 0)};
}

Run decodeAlone(const QString &folder, double)
{
    const QStringList files = photoFiles(folder);
    qint64 decoded = 0;
    const double s = seconds([&] {
        for (const QString &file : files) {
            QImageReader reader(file);
            const QSize size = reader.size();
            reader.setScaledSize(size.scaled(256, 256, Qt::KeepAspectRatio));
            if (!reader.read().isNull())
                ++decoded;
        }
    });
    if (decoded != files.size())
        return Run{0, 0, QStringLiteral("decoded %1 of %2 photos").arg(decoded).arg(files.size()), {}};
    return Run{s, decoded, {}, {}};
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
