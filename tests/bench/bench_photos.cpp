#include "bench_photos.h"

#include <quire/import.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QPainter>

namespace quire::bench {

namespace {

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

} // namespace

QImage drawPhoto(int index, QSize size)
{
    const int width = size.width(), height = size.height();
    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, 0, height);
    sky.setColorAt(0, QColor::fromHsv((index * 37) % 360, 120, 230));
    sky.setColorAt(1, QColor::fromHsv((index * 37 + 120) % 360, 160, 90));
    painter.fillRect(image.rect(), sky);
    for (int i = 0; i < 40; ++i) {
        const int h = (index * 13 + i * 29) % 360;
        painter.setBrush(QColor::fromHsv(h, 180, 60 + (i * 7) % 190));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPoint((index * 97 + i * 211) % width, (index * 53 + i * 131) % height),
                            40 + (i * 17) % 160, 30 + (i * 23) % 120);
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

test::PhotoSpec cameraMetadata(int i)
{
    test::PhotoSpec spec; // EXIF only: the pixels are drawn apart
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
    return spec;
}

QStringList filesIn(const QString &folder, const QString &pattern)
{
    const QDir dir(folder);
    QStringList files;
    for (const QString &name : dir.entryList({pattern}, QDir::Files, QDir::Name))
        files.append(dir.filePath(name));
    return files;
}

Run importAlbumFolder(const QString &folder, const QString &name, const QString &pattern)
{
    QDir(folder + QStringLiteral("/.quire")).removeRecursively(); // a fresh album each run
    Result<Album> album = Album::create(folder, name);
    if (!album)
        return Run{0, 0, album.error().toString(), {}};
    Result<ImportReport> report = ImportReport{};
    const double s = seconds([&] { report = importPictures(*album, {}); });
    if (!report)
        return Run{0, 0, report.error().toString(), {}};
    const QStringList files = filesIn(folder, pattern);
    if (report->added != files.size() || report->failed != 0)
        return Run{0, 0, QStringLiteral("imported %1 of %2 photos").arg(report->added).arg(files.size()), {}};
    qint64 bytes = 0;
    const double read = readBytesAlone(files, &bytes);
    (void)album->close();
    return Run{s, report->added,
               {},
               QStringLiteral("%1 files/s through Quire; reading the %2 MB alone took %3 s (%4 files/s)")
                   .arg(double(report->added) / s, 0, 'f', 0)
                   .arg(bytes >> 20)
                   .arg(read, 0, 'f', 3)
                   .arg(double(report->added) / read, 0, 'f', 0)};
}

Run decodeEachAlone(const QStringList &files, const std::function<bool(const QString &file)> &decodeOne)
{
    qint64 decoded = 0;
    const double s = seconds([&] {
        for (const QString &file : files) {
            if (decodeOne(file))
                ++decoded;
        }
    });
    if (decoded != files.size())
        return Run{0, 0, QStringLiteral("decoded %1 of %2 photos").arg(decoded).arg(files.size()), {}};
    return Run{s, decoded, {}, {}};
}

} // namespace quire::bench
