#pragma once
// Helpers for the widget tests: settings kept in the test's own folder,
// prompts answered by the test, albums with real pictures.

#include <quire/album_registry.h>
#include <quire/album.h>
#include <quire/tags.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/prompts.h>

#include <heif_files.h>
#include <photo_files.h>
#include <testsupport.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QQueue>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace quire::uitest {

// Settings (geometry, recent folders) go to dir, never to the user's; so
// does the desktop trash that Delete moves albums to (XDG_DATA_HOME/Trash,
// on the same file system as the test's albums).
inline void isolateSettings(const QString &dir)
{
    QDir().mkpath(dir + QStringLiteral("/xdg-data"));
    qputenv("XDG_DATA_HOME", QFile::encodeName(dir + QStringLiteral("/xdg-data")));
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("quire-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("quire-ui-tests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings().clear();
}

// Answers the window's questions from queues the test fills; an empty
// queue answers "cancelled".
class ScriptedPrompts : public ui::Prompts
{
public:
    QQueue<QString> folders;
    QQueue<QString> texts;
    QQueue<bool> confirms;
    QStringList asked; // the titles, in order

    QString folder(QWidget *, const QString &title, const QString &) override
    {
        asked.append(title);
        return folders.isEmpty() ? QString() : folders.dequeue();
    }
    std::optional<QString> text(QWidget *, const QString &title, const QString &, const QString &) override
    {
        asked.append(title);
        if (texts.isEmpty())
            return std::nullopt;
        return texts.dequeue();
    }
    bool confirm(QWidget *, const QString &title, const QString &) override
    {
        asked.append(title);
        return !confirms.isEmpty() && confirms.dequeue();
    }
};

inline QByteArray jpeg(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 80);
    return bytes;
}

// Makes an album in folder through registry with count pictures (files,
// rows and thumbnails), taken a day apart, named IMG_00001.jpg, ...;
// tags are attached to every picture.
// A HEIC at `heic` showing uprightPattern(512, 384) with its pixels
// stored turned by EXIF `orientation`: with irot as a phone writes it
// (irot/imir, and the EXIF saying the same again), else as heif-enc
// converts a turned JPEG (the EXIF orientation alone). The JPEG it is made
// from goes to `scratchJpeg`. Empty on success, else why not.
inline QString writeTurnedHeic(const QString &heic, const QString &scratchJpeg, int orientation, bool irot)
{
    test::PhotoSpec spec;
    spec.width = 512;
    spec.height = 384;
    spec.orientation = orientation;
    if (!test::writePhoto(scratchJpeg, spec))
        return QStringLiteral("cannot write ") + scratchJpeg;
    QDir().mkpath(QFileInfo(heic).absolutePath());
    return irot ? test::encodeHeifWithTransform(scratchJpeg, heic, orientation) : test::encodeHeif({scratchJpeg}, heic);
}

inline Result<Album> makeAlbum(Registry &registry, const QString &folder, const QString &name, int count,
                               const QStringList &tags = {}, bool files = true)
{
    Result<Album> album = registry.create(folder, name);
    if (!album)
        return album;
    Result<Session> session = album->write();
    if (!session)
        return session.error();
    QList<qint64> tagIds;
    for (const QString &path : tags) {
        Result<Tag> tag = quire::Tags(*session).ensure(path);
        if (!tag)
            return tag.error();
        tagIds.append(tag->id);
    }
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(int(qHash(name) % 360), 160, 220));
    const QByteArray bytes = jpeg(image);
    QList<Picture> pictures;
    for (int i = 0; i < count; ++i) {
        Picture picture;
        picture.path = QStringLiteral("IMG_%1.jpg").arg(i + 1, 5, 10, QLatin1Char('0'));
        if (files && !test::writeFile(QDir(folder).filePath(picture.path), bytes))
            return Error(ErrorCode::Io, folder, QStringLiteral("cannot write ") + picture.path);
        picture.fileSize = bytes.size();
        picture.width = 64;
        picture.height = 48;
        picture.takenAt = QDateTime(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC).addDays(i);
        picture.tagIds = tagIds;
        pictures.append(picture);
    }
    if (Result<void> added = quire::Pictures(*session).add(pictures); !added)
        return added.error();
    if (files) {
        for (const Picture &picture : std::as_const(pictures)) {
            Thumbnail thumbnail{64, 48, QStringLiteral("jpeg"), bytes};
            if (Result<void> stored = quire::Pictures(*session).setThumbnail(picture.id, thumbnail); !stored)
                return stored.error();
        }
    }
    return album;
}

// Waits until the window has nothing running (actions, counts, pages).
inline bool waitIdle(const ui::MainWindow &window, int timeoutMs = 60000)
{
    return QTest::qWaitFor([&] { return window.isIdle(); }, timeoutMs);
}

// Shows the window, active, on the album, once its grid holds `pictures` rows.
inline bool showOnAlbum(ui::MainWindow &window, const QUuid &album, int pictures)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window))
        return false;
    window.selectAlbum(album);
    return waitIdle(window) && QTest::qWaitFor([&] { return window.pictureModel()->rowCount() == pictures; }, 30000);
}

} // namespace quire::uitest
