// W3-move: 1,000 pictures with 100 KB files (two tags each) moved from one
// album to another. Quire's move is crash-safe (intent log in both albums,
// hard links, fsyncs, markers cleared at the end); the raw side inserts the
// rows in the destination, deletes them in the source and renames the
// files, with no crash safety. No target: the ratio is the price of safety.

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/quire.h>
#include <quire/transfer.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <cstdio>

namespace quire::bench {

namespace {

constexpr int FileBytes = 100 * 1024;

qint64 pictureCount(double scale)
{
    return std::max<qint64>(20, qint64(1000 * scale));
}

QString pathOf(qint64 i)
{
    return QStringLiteral("IMG_%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
}

// Writes the image files (not timed); returns an error or empty.
QString writeFiles(const QString &folder, qint64 count)
{
    QDir().mkpath(folder);
    QByteArray bytes(FileBytes, Qt::Uninitialized);
    QRandomGenerator random(3);
    for (qint64 i = 0; i < count; ++i) {
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), FileBytes / 4);
        QFile f(QDir(folder).filePath(pathOf(i)));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != FileBytes)
            return QStringLiteral("cannot write %1").arg(f.fileName());
    }
    return {};
}

Run throughQuire(const QString &folder, double scale)
{
    const qint64 count = pictureCount(scale);
    AlbumRegistry registry(QDir(folder).filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(QDir(folder).filePath(QStringLiteral("A")));
    Result<Album> destination = source ? Result<Album>(registry.create(QDir(folder).filePath(QStringLiteral("B")))) : source;
    if (!destination)
        return Run{0, 0, destination.error().toString(), {}};
    if (QString e = writeFiles(source->folder(), count); !e.isEmpty())
        return Run{0, 0, e, {}};
    QList<QUuid> uuids;
    {
        Result<Session> session = source->write();
        const qint64 beach = quire::Tags(*session).ensure(QStringLiteral("Places/Beach"))->id;
        const qint64 ann = quire::Tags(*session).ensure(QStringLiteral("People/Ann"))->id;
        QList<Picture> pictures;
        for (qint64 i = 0; i < count; ++i) {
            Picture p;
            p.path = pathOf(i);
            p.fileSize = FileBytes;
            p.tagIds = {beach, ann};
            pictures.append(p);
        }
        if (auto r = quire::Pictures(*session).add(pictures); !r)
            return Run{0, 0, r.error().toString(), {}};
        for (const Picture &p : std::as_const(pictures))
            uuids.append(p.uuid);
    }
    QString error;
    const double elapsed = seconds([&] {
        Result<TransferReport> moved = movePictures(registry, *source, *destination, uuids);
        if (!moved)
            error = moved.error().toString();
    });
    return Run{elapsed, count, error, {}};
}

Run onRawSqlite(const QString &folder, double scale)
{
    const qint64 count = pictureCount(scale);
    const QString a = QDir(folder).filePath(QStringLiteral("A")), b = QDir(folder).filePath(QStringLiteral("B"));
    QDir().mkpath(a + QStringLiteral("/.quire"));
    QDir().mkpath(b + QStringLiteral("/.quire"));
    sqlite3 *src = raw::open(a + QStringLiteral("/.quire/album.db"));
    sqlite3 *dst = raw::open(b + QStringLiteral("/.quire/album.db"));
    raw::createAlbumSchema(src);
    raw::createAlbumSchema(dst);
    if (QString e = writeFiles(a, count); !e.isEmpty())
        return Run{0, 0, e, {}};
    raw::exec(src, "BEGIN; INSERT INTO tags (id, parent_id, name) VALUES (1, NULL, 'Places'), (2, 1, 'Beach'),"
                   " (3, NULL, 'People'), (4, 3, 'Ann');");
    {
        sqlite3_stmt *insert = raw::prepare(src, "INSERT INTO pictures (uuid, path, file_size, added_at) VALUES (?1, ?2, ?3, 0)");
        sqlite3_stmt *tag = raw::prepare(src, "INSERT INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
        for (qint64 i = 0; i < count; ++i) {
            const QByteArray uuid = QUuid::createUuid().toByteArray(QUuid::WithoutBraces), path = pathOf(i).toUtf8();
            sqlite3_bind_text(insert, 1, uuid.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, path.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, 3, FileBytes);
            sqlite3_step(insert);
            sqlite3_reset(insert);
            const qint64 id = sqlite3_last_insert_rowid(src);
            for (int t : {2, 4}) {
                sqlite3_bind_int64(tag, 1, id);
                sqlite3_bind_int64(tag, 2, t);
                sqlite3_step(tag);
                sqlite3_reset(tag);
            }
        }
        sqlite3_finalize(insert);
        sqlite3_finalize(tag);
    }
    raw::exec(src, "COMMIT");

    const double elapsed = seconds([&] {
        // Rows into the destination (tags made there), out of the source, files renamed.
        raw::exec(dst, "BEGIN IMMEDIATE; INSERT INTO tags (id, parent_id, name) VALUES (1, NULL, 'Places'),"
                       " (2, 1, 'Beach'), (3, NULL, 'People'), (4, 3, 'Ann');");
        sqlite3_stmt *read = raw::prepare(src, "SELECT id, uuid, path, file_size, added_at FROM pictures");
        sqlite3_stmt *tagsOf = raw::prepare(src, "SELECT tag_id FROM picture_tags WHERE picture_id = ?1");
        sqlite3_stmt *insert = raw::prepare(dst, "INSERT INTO pictures (uuid, path, file_size, added_at) VALUES (?1, ?2, ?3, ?4)");
        sqlite3_stmt *tag = raw::prepare(dst, "INSERT INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
        QList<QByteArray> paths;
        while (sqlite3_step(read) == SQLITE_ROW) {
            sqlite3_bind_text(insert, 1, reinterpret_cast<const char *>(sqlite3_column_text(read, 1)), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, reinterpret_cast<const char *>(sqlite3_column_text(read, 2)), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, 3, sqlite3_column_int64(read, 3));
            sqlite3_bind_int64(insert, 4, sqlite3_column_int64(read, 4));
            sqlite3_step(insert);
            sqlite3_reset(insert);
            const qint64 id = sqlite3_last_insert_rowid(dst);
            paths.append(reinterpret_cast<const char *>(sqlite3_column_text(read, 2)));
            sqlite3_bind_int64(tagsOf, 1, sqlite3_column_int64(read, 0));
            while (sqlite3_step(tagsOf) == SQLITE_ROW) {
                sqlite3_bind_int64(tag, 1, id);
                sqlite3_bind_int64(tag, 2, sqlite3_column_int64(tagsOf, 0));
                sqlite3_step(tag);
                sqlite3_reset(tag);
            }
            sqlite3_reset(tagsOf);
        }
        for (sqlite3_stmt *s : {read, tagsOf, insert, tag})
            sqlite3_finalize(s);
        raw::exec(dst, "COMMIT");
        raw::exec(src, "BEGIN IMMEDIATE; DELETE FROM pictures; COMMIT;");
        for (const QByteArray &path : std::as_const(paths)) {
            std::rename(QFile::encodeName(a + QLatin1Char('/') + QString::fromUtf8(path)).constData(),
                        QFile::encodeName(b + QLatin1Char('/') + QString::fromUtf8(path)).constData());
        }
    });
    sqlite3_close(src);
    sqlite3_close(dst);
    return Run{elapsed, count, {}, {}};
}

} // namespace

Workload moveWorkload()
{
    Workload w;
    w.name = QStringLiteral("W3-move");
    w.description = QStringLiteral("1,000 pictures with 100 KB files and two tags moved between two albums, "
                                   "crash-safe, against raw sqlite3 + rename(2) without crash safety");
    w.quire = throughQuire;
    w.limit = onRawSqlite;
    return w;
}

} // namespace quire::bench
