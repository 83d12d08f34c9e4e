// W4-move: an album of 2,000 picture files of 512 KB moved to another file
// system (/dev/shm when it is one) with moveAlbum, crash-safe (copy to a
// marked temporary folder, fsync, verify, rename, delete the source), while
// registered and recently used, against `mv` of the same folder in the same
// run. Target: at most 1.3x. The note gives the same-file-system move
// (rename(2)) of the album too.

#include "bench.h"

#include <quire/album_folders.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sys/stat.h>

namespace quire::bench {

namespace {

constexpr int FileBytes = 512 * 1024;

qint64 fileCount(double scale)
{
    return std::max<qint64>(20, qint64(2000 * scale));
}

QString writeFiles(const QString &folder, qint64 count)
{
    QDir().mkpath(folder);
    QByteArray bytes(FileBytes, Qt::Uninitialized);
    QRandomGenerator random(4);
    for (qint64 i = 0; i < count; ++i) {
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), FileBytes / 4);
        QFile f(QDir(folder).filePath(QStringLiteral("IMG_%1.jpg").arg(i, 5, 10, QLatin1Char('0'))));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != FileBytes)
            return QStringLiteral("cannot write %1").arg(f.fileName());
    }
    return {};
}

// The other file system: /dev/shm when it is one, else beside the folder.
QString otherFileSystem(const QString &folder)
{
    struct stat a {}, b {};
    if (::stat(QFile::encodeName(folder).constData(), &a) == 0 && ::stat("/dev/shm", &b) == 0 && a.st_dev != b.st_dev)
        return QStringLiteral("/dev/shm");
    return folder;
}

Run throughQuire(const QString &folder, double scale)
{
    const qint64 count = fileCount(scale);
    QTemporaryDir target(otherFileSystem(folder) + QStringLiteral("/quire-w4-XXXXXX"));
    AlbumRegistry registry(QDir(folder).filePath(QStringLiteral("ws")));
    const QString albumFolder = QDir(folder).filePath(QStringLiteral("Album"));
    if (QString e = writeFiles(albumFolder, count); !e.isEmpty())
        return Run{0, 0, e, {}};
    Result<Album> album = registry.create(albumFolder);
    if (!album)
        return Run{0, 0, album.error().toString(), {}};
    {
        Result<Session> s = album->read(); // in use a moment before
    }
    const QUuid uuid = album->uuid();
    // Same file system first (rename(2)), for the note.
    const QString renamed = QDir(folder).filePath(QStringLiteral("Renamed"));
    Result<Album> same = Album();
    const double sameSeconds = seconds([&] { same = moveAlbum(registry, uuid, renamed); });
    if (!same)
        return Run{0, 0, same.error().toString(), {}};
    Result<Album> moved = Album();
    const double elapsed = seconds([&] { moved = moveAlbum(registry, uuid, target.filePath(QStringLiteral("Album"))); });
    if (!moved)
        return Run{0, 0, moved.error().toString(), {}};
    return Run{elapsed, count, {},
               QStringLiteral("same-FS move (rename): %1 ms; to %2")
                   .arg(sameSeconds * 1000, 0, 'f', 2)
                   .arg(otherFileSystem(folder))};
}

Run withMv(const QString &folder, double scale)
{
    const qint64 count = fileCount(scale);
    QTemporaryDir target(otherFileSystem(folder) + QStringLiteral("/quire-w4-XXXXXX"));
    const QString albumFolder = QDir(folder).filePath(QStringLiteral("Album"));
    if (QString e = writeFiles(albumFolder, count); !e.isEmpty())
        return Run{0, 0, e, {}};
    int code = -1;
    const double elapsed = seconds([&] {
        code = QProcess::execute(QStringLiteral("mv"), {albumFolder, target.filePath(QStringLiteral("Album"))});
    });
    if (code != 0)
        return Run{0, 0, QStringLiteral("mv failed (%1)").arg(code), {}};
    return Run{elapsed, count, {}, {}};
}

} // namespace

Workload folderMoveWorkload()
{
    Workload w;
    w.name = QStringLiteral("W4-move");
    w.description = QStringLiteral("an album of 2,000 files of 512 KB moved to another file system (/dev/shm), "
                                   "crash-safe and verified, against mv");
    w.target = 1.3;
    w.quire = throughQuire;
    w.limit = withMv;
    return w;
}

} // namespace quire::bench
