#pragma once
// What the import tests look at after an import, through Quire's own API
// (rows, tags, thumbnails) the way the app would show them, plus a few
// file helpers. Header-only: shared by tst_import and tst_import_rescan.

#include "photo_files.h"
#include "testsupport.h"

#include <quire/import.h>
#include <quire/quire.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>

#include <optional>

#include <unistd.h>

namespace quire::test {

// The modification time the tests give their files, so comparisons are exact.
// Root reads anything, so a test that needs an unreadable file or folder
// becomes 'nobody' (in a folder it then makes, owned by nobody) while this
// lives, and root again whatever happens. active() is false when the
// process is root and cannot switch: the test skips then.
class AsNobody
{
public:
    AsNobody() : m_wasRoot(::geteuid() == 0), m_active(!m_wasRoot || ::seteuid(65534) == 0) {}
    ~AsNobody()
    {
        if (m_wasRoot && m_active && ::seteuid(0) != 0)
            qFatal("could not become root again after a test ran as nobody");
    }
    AsNobody(const AsNobody &) = delete;
    AsNobody &operator=(const AsNobody &) = delete;
    bool active() const { return m_active; }

private:
    bool m_wasRoot;
    bool m_active;
};

inline const QDateTime FileTime(QDate(2021, 3, 4), QTime(5, 6, 7), Qt::UTC);

inline QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QByteArray sha1Of(const QString &path)
{
    return QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha1);
}

// Sets a file's modification time (whole seconds keep comparisons exact).
inline bool setModified(const QString &path, const QDateTime &when)
{
    QFile file(path);
    return file.open(QIODevice::Append) && file.setFileTime(when, QFileDevice::FileModificationTime);
}

// A photo in the album folder, its mtime FileTime.
inline bool putPhoto(const Album &album, const QString &path, const PhotoSpec &spec = {})
{
    const QString file = QDir(album.folder()).filePath(path);
    return writePhoto(file, spec) && setModified(file, FileTime);
}

inline PhotoSpec dated(PhotoSpec spec = {})
{
    spec.dateTimeOriginal = QStringLiteral("2024:05:06 07:08:09");
    return spec;
}

// The problems of a report, one a line, for failure messages.
inline QString describe(const QList<ImportProblem> &problems)
{
    QStringList lines;
    for (const ImportProblem &p : problems)
        lines.append(QStringLiteral("%1 [%2]: %3").arg(p.path, p.skipped ? QStringLiteral("skipped")
                                                                          : QStringLiteral("imported"), p.reason));
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const ImportReport &r)
{
    return QStringLiteral("found %1 added %2 updated %3 unchanged %4 relinked %5 missing %6 returned %7 "
                          "copied %8 failed %9 cancelled %10\n")
               .arg(r.found).arg(r.added).arg(r.updated).arg(r.unchanged).arg(r.relinked).arg(r.missing)
               .arg(r.returned).arg(r.copied).arg(r.failed).arg(r.cancelled)
        + describe(r.problems);
}

inline std::optional<ImportProblem> problemFor(const ImportReport &report, const QString &path)
{
    for (const ImportProblem &p : report.problems) {
        if (p.path == path)
            return p;
    }
    return std::nullopt;
}

inline std::optional<Picture> pictureAt(const Album &album, const QString &path)
{
    Result<Session> session = album.read();
    if (!session)
        return std::nullopt;
    Result<std::optional<Picture>> p = quire::Pictures(*session).byPath(path);
    return p ? *p : std::nullopt;
}

inline std::optional<Picture> pictureWithId(const Album &album, qint64 id)
{
    Result<Session> session = album.read();
    if (!session)
        return std::nullopt;
    Result<std::optional<Picture>> p = quire::Pictures(*session).byId(id);
    return p ? *p : std::nullopt;
}

inline qint64 pictureCount(const Album &album, std::optional<PictureState> state = std::nullopt)
{
    Result<Session> session = album.read();
    if (!session)
        return -1;
    PictureFilter filter;
    filter.state = state;
    Result<qint64> n = quire::Pictures(*session).count(filter);
    return n ? *n : -1;
}

// The picture's tags as sorted paths ("Places/Paris").
inline QStringList tagPathsOf(const Album &album, qint64 pictureId)
{
    QStringList paths;
    Result<Session> session = album.read();
    if (!session)
        return {QStringLiteral("<no session>")};
    Result<QList<Tag>> tags = quire::Tags(*session).of(pictureId);
    if (!tags)
        return {QStringLiteral("<error>")};
    for (const Tag &t : *tags)
        paths.append(t.path);
    paths.sort();
    return paths;
}

inline std::optional<Thumbnail> storedThumbnail(const Album &album, qint64 pictureId)
{
    Result<Session> session = album.read();
    if (!session)
        return std::nullopt;
    Result<std::optional<Thumbnail>> thumb = quire::Pictures(*session).thumbnail(pictureId);
    return thumb ? *thumb : std::nullopt;
}

// The stored thumbnail, decoded; a null image when there is none.
inline QImage thumbnailOf(const Album &album, qint64 pictureId)
{
    const std::optional<Thumbnail> thumb = storedThumbnail(album, pictureId);
    return thumb ? QImage::fromData(thumb->data) : QImage();
}

inline QString databaseOf(const Album &album)
{
    return Album::databasePathFor(album.folder());
}

// Imports the album's one new photo and checks what a viewer shows of it:
// no problems, one picture added at `name`, `shown` pixels, and a
// thumbnail with a long edge of 256 whose quarters lie upright (RG/BB,
// uprightPattern's). Empty when so, else what is wrong; the picture is
// left in *picture.
inline QString importsOneUpright(const Album &album, const QString &name, QSize shown,
                                 std::optional<Picture> *picture)
{
    const Result<ImportReport> report = importPictures(album);
    if (!report)
        return report.error().toString();
    if (!report->problems.isEmpty() || report->added != 1)
        return describe(*report);
    *picture = pictureAt(album, name);
    if (!*picture)
        return QStringLiteral("no picture at %1").arg(name);
    const QSize size((*picture)->width, (*picture)->height);
    if (size != shown)
        return QStringLiteral("%1 is %2x%3, not %4x%5").arg(name).arg(size.width()).arg(size.height())
            .arg(shown.width()).arg(shown.height());
    const QImage thumbnail = thumbnailOf(album, (*picture)->id);
    const QSize thumbnailSize = shown.scaled(256, 256, Qt::KeepAspectRatio);
    if (thumbnail.size() != thumbnailSize || quarterColours(thumbnail) != QLatin1String("RG/BB"))
        return QStringLiteral("the thumbnail is %1x%2 with quarters %3, not %4x%5 RG/BB")
            .arg(thumbnail.width()).arg(thumbnail.height()).arg(quarterColours(thumbnail))
            .arg(thumbnailSize.width()).arg(thumbnailSize.height());
    return {};
}

// The first `fraction` of a file's bytes, as a download or copy cut short
// leaves it, with the tests' file time.
inline bool truncateFile(const QString &path, double fraction)
{
    QFile file(path);
    return file.resize(qint64(double(file.size()) * fraction)) && setModified(path, FileTime);
}

// Bytes that are no file format, the same every run: garbage named like a picture.
inline QByteArray noiseBytes(qsizetype size = 6000)
{
    QByteArray noise(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < noise.size(); ++i)
        noise[i] = char((i * 7919 + 13) % 251);
    return noise;
}

// Copies the files (not subfolders) of one folder into another.
inline bool copyFolder(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    const QDir source(from);
    for (const QString &name : source.entryList(QDir::Files)) {
        if (!QFile::copy(source.filePath(name), QDir(to).filePath(name)))
            return false;
    }
    return true;
}

// Empty when the album holds `files` pictures, each path once, each with a
// hash and a thumbnail, and no import problems; else what it holds.
inline QString everyFileOnce(const QString &databasePath, int files)
{
    const QString counts = rawQuery(databasePath, QStringLiteral(
        "SELECT count(*) || ' ' || count(DISTINCT path) || ' ' || count(content_hash)"
        " || ' ' || (SELECT count(*) FROM thumbnails) || ' ' || (SELECT count(*) FROM import_problems)"
        " FROM pictures"));
    const QString expected = QStringLiteral("%1 %1 %1 %1 0").arg(files);
    return counts == expected ? QString() : QStringLiteral("got '%1', expected '%2'").arg(counts, expected);
}

} // namespace quire::test
