#include "quire/ui/demoworkspace.h"
#include "quire/album.h"
#include "quire/tags.h"
#include "quire/pictures.h"

#include <quire/import.h>
#include <quire/album_registry.h>
#include <quire/session.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QRandomGenerator>
#include <QTimeZone>

namespace quire::ui {

namespace {

struct DemoAlbum {
    const char *name;
    QStringList tags;
    QColor sky, ground;
    int month; // when its pictures were taken, 2024
    int pictures;
};

QList<DemoAlbum> demoAlbums()
{
    return {
        {"Summer by the Sea", {QStringLiteral("Places/Beach"), QStringLiteral("People/Ann"), QStringLiteral("People/Ben")},
         QColor(0x7e, 0xc8, 0xf0), QColor(0x1f, 0x6f, 0xb2), 7, 14},
        {"Garden Through the Year", {QStringLiteral("Nature/Flowers"), QStringLiteral("Nature/Birds")},
         QColor(0xcf, 0xe8, 0xf5), QColor(0x4c, 0x9a, 0x3b), 4, 12},
        {"Birthday Party", {QStringLiteral("Events/Birthday"), QStringLiteral("People/Ann")},
         QColor(0xf7, 0xd9, 0xe3), QColor(0xb0, 0x5a, 0x7a), 10, 8},
        {"City Walks", {QStringLiteral("Places/City"), QStringLiteral("People/Ben")},
         QColor(0xf2, 0xc0, 0x8a), QColor(0x55, 0x55, 0x66), 2, 10},
    };
}

// A simple landscape: sky, sun, a ground line, and a caption.
QImage drawPicture(const DemoAlbum &album, int index, QRandomGenerator &random)
{
    QImage image(800, 600, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, 0, 600);
    sky.setColorAt(0, album.sky.lighter(100 + 5 * (index % 5)));
    sky.setColorAt(1, album.sky.darker(110));
    painter.fillRect(image.rect(), sky);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xff, 0xe0, 0x6a));
    const int sunX = 80 + int(random.bounded(640));
    painter.drawEllipse(QPoint(sunX, 120 + int(random.bounded(80))), 50, 50);
    QPainterPath ground;
    ground.moveTo(0, 600);
    int y = 380 + int(random.bounded(80));
    ground.lineTo(0, y);
    for (int x = 0; x <= 800; x += 100) {
        y = qBound(300, y + int(random.bounded(80)) - 40, 520);
        ground.lineTo(x, y);
    }
    ground.lineTo(800, 600);
    painter.setBrush(album.ground.lighter(90 + 10 * (index % 3)));
    painter.drawPath(ground);
    // A few shapes standing in for things in the picture.
    for (int i = 0; i < 4; ++i) {
        QColor colour = QColor::fromHsv(int(random.bounded(360)), 140, 220);
        painter.setBrush(colour);
        const int size = 20 + int(random.bounded(50));
        painter.drawEllipse(QRect(int(random.bounded(760)), 420 + int(random.bounded(140)), size, size));
    }
    painter.setPen(Qt::white);
    QFont font = painter.font();
    font.setPixelSize(36);
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(QRect(20, 530, 760, 60), Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("%1 #%2").arg(QString::fromLatin1(album.name)).arg(index + 1));
    return image;
}

QByteArray jpeg(const QImage &image, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", quality);
    return bytes;
}

Result<QUuid> makeAlbum(Registry &registry, const QString &folder, const DemoAlbum &demo, int *done, int total,
                        const std::function<bool(int, int)> &progress)
{
    const QString name = QString::fromLatin1(demo.name);
    if (QFile::exists(Album::databasePathFor(folder))) {
        Result<Album> existing = registry.open(folder);
        if (!existing)
            return existing.error();
        *done += demo.pictures;
        return existing->uuid();
    }
    // The pictures first, as a camera leaves them: JPEG files whose file
    // times are when they were "taken" (the importer falls back to the file
    // time for pictures without EXIF dates).
    if (!QDir().mkpath(folder))
        return Error(ErrorCode::Io, folder, QStringLiteral("The folder %1 cannot be made.").arg(folder));
    QRandomGenerator random(quint32(qHash(name)));
    const QDateTime start(QDate(2024, demo.month, 3), QTime(9, 30), Qt::UTC);
    for (int i = 0; i < demo.pictures; ++i) {
        if (progress && !progress(*done, total))
            return Error(ErrorCode::Cancelled, folder, QStringLiteral("The demo workspace was cancelled."));
        const QByteArray bytes = jpeg(drawPicture(demo, i, random), 85);
        QFile file(QDir(folder).filePath(QStringLiteral("IMG_%1.jpg").arg(1001 + i)));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return Error(ErrorCode::Io, folder, QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
        file.setFileTime(start.addDays(i * 2).addSecs(3600 * (i % 7) + 60 * i), QFileDevice::FileModificationTime);
        file.close();
        ++*done;
    }
    Result<Album> album = registry.create(folder, name);
    if (!album)
        return album.error();
    // Then the importer, as for any folder of photos: rows, metadata,
    // thumbnails, content hashes.
    Result<ImportReport> imported = importPictures(*album);
    if (!imported)
        return imported.error();
    // And what a person adds: tags and ratings.
    Result<Session> session = album->write();
    if (!session)
        return session.error();
    QList<qint64> tagIds;
    for (const QString &path : demo.tags) {
        Result<Tag> tag = quire::Tags(*session).ensure(path);
        if (!tag)
            return tag.error();
        tagIds.append(tag->id);
    }
    PictureFilter byPath;
    byPath.order = PictureFilter::Order::Path;
    Result<QList<Picture>> pictures = quire::Pictures(*session).query(byPath);
    if (!pictures)
        return pictures.error();
    for (int i = 0; i < pictures->size(); ++i) {
        Picture picture = pictures->at(i);
        // Every picture carries the album's first tag, and some the others.
        QList<qint64> tags{tagIds.first()};
        for (int t = 1; t < tagIds.size(); ++t) {
            if ((i + t) % (t + 1) == 0)
                tags.append(tagIds.at(t));
        }
        for (qint64 tag : tags) {
            if (Result<void> attached = quire::Tags(*session).attach({picture.id}, tag); !attached)
                return attached.error();
        }
        picture.rating = (i * 7) % 6;
        picture.cameraMake = QStringLiteral("Quire");
        picture.cameraModel = QStringLiteral("Demo Camera");
        if (Result<void> updated = quire::Pictures(*session).update(picture); !updated)
            return updated.error();
    }
    return album->uuid();
}

} // namespace

QString demoFolder(const Registry &registry)
{
    return QDir(registry.workspaceFolder()).filePath(QStringLiteral("Demo albums"));
}

Result<DemoReport> makeDemoWorkspace(Registry &registry, const QString &parentFolder,
                                     const std::function<bool(int, int)> &progress)
{
    if (!QDir().mkpath(parentFolder))
        return Error(ErrorCode::Io, parentFolder,
                     QStringLiteral("The folder %1 cannot be made; choose a workspace you can write to.").arg(parentFolder));
    const QList<DemoAlbum> albums = demoAlbums();
    int total = 0;
    for (const DemoAlbum &album : albums)
        total += album.pictures;
    DemoReport report;
    int done = 0;
    for (const DemoAlbum &album : albums) {
        const QString folder = QDir(parentFolder).filePath(QString::fromLatin1(album.name));
        Result<QUuid> uuid = makeAlbum(registry, folder, album, &done, total, progress);
        if (!uuid)
            return uuid.error();
        report.albums.append(*uuid);
        report.pictures += album.pictures;
    }
    if (progress)
        progress(total, total);
    return report;
}

} // namespace quire::ui
