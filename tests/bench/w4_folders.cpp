// W4-copy: an album of 2,000 picture files of 512 KB and its database
// (a row per picture) copied on the same disk with copyAlbum (files
// fsynced, the database through SQLite's backup API, verified, renamed into
// place, registered) against `cp -r` of the same folder in the same run.
// Target: at most 1.2x.

#include "bench.h"

#include <quire/album_folders.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>

namespace quire::bench {

namespace {

constexpr int FileBytes = 512 * 1024;

qint64 copyFileCount(double scale)
{
    return std::max<qint64>(20, qint64(2000 * scale));
}

// The album folder with its files and database; an error, or empty.
QString makeAlbum(Registry &registry, const QString &folder, qint64 count, QUuid *uuid)
{
    QDir().mkpath(folder);
    QByteArray bytes(FileBytes, Qt::Uninitialized);
    QRandomGenerator random(5);
    QList<Picture> pictures;
    for (qint64 i = 0; i < count; ++i) {
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), FileBytes / 4);
        const QString name = QStringLiteral("IMG_%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
        QFile f(QDir(folder).filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != FileBytes)
            return QStringLiteral("cannot write %1").arg(f.fileName());
        Picture p;
        p.path = name;
        p.fileSize = FileBytes;
        pictures.append(p);
    }
    Result<Album> album = registry.create(folder, QStringLiteral("Bench"));
    if (!album)
        return album.error().toString();
    Result<Session> session = album->write();
    if (!session)
        return session.error().toString();
    if (auto r = quire::Pictures(*session).add(pictures); !r)
        return r.error().toString();
    *uuid = album->uuid();
    return {};
}

Run copyThroughQuire(const QString &folder, double scale)
{
    const qint64 count = copyFileCount(scale);
    AlbumRegistry registry(QDir(folder).filePath(QStringLiteral("ws")));
    QUuid uuid;
    if (QString e = makeAlbum(registry, QDir(folder).filePath(QStringLiteral("Album")), count, &uuid); !e.isEmpty())
        return Run{0, 0, e, {}};
    Result<Album> copy = Album();
    const double elapsed = seconds([&] {
        copy = copyAlbum(registry, uuid, QDir(folder).filePath(QStringLiteral("Copy")));
    });
    if (!copy)
        return Run{0, 0, copy.error().toString(), {}};
    return Run{elapsed, count, {}, QStringLiteral("every file fsynced; cp -r syncs nothing")};
}

Run copyWithCp(const QString &folder, double scale)
{
    const qint64 count = copyFileCount(scale);
    AlbumRegistry registry(QDir(folder).filePath(QStringLiteral("ws")));
    QUuid uuid;
    const QString album = QDir(folder).filePath(QStringLiteral("Album"));
    if (QString e = makeAlbum(registry, album, count, &uuid); !e.isEmpty())
        return Run{0, 0, e, {}};
    (void)registry.close(uuid);
    int code = -1;
    const double elapsed = seconds([&] {
        code = QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-r"), album, QDir(folder).filePath(QStringLiteral("Copy"))});
    });
    if (code != 0)
        return Run{0, 0, QStringLiteral("cp failed (%1)").arg(code), {}};
    return Run{elapsed, count, {}, {}};
}

} // namespace

Workload folderCopyWorkload()
{
    Workload w;
    w.name = QStringLiteral("W4-copy");
    w.description = QStringLiteral("an album of 2,000 files of 512 KB and its database copied on the same disk "
                                   "(snapshot, fsynced, verified), against cp -r");
    w.target = 1.2;
    w.quire = copyThroughQuire;
    w.limit = copyWithCp;
    return w;
}

} // namespace quire::bench
