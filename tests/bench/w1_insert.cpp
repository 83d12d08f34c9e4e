// W1: one album, 100,000 pictures, each with 3 of 20 tags, inserted in
// transactions of 1,000 pictures. Target: Quire within 1.25x of raw SQLite.

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/quire.h>

#include <QDir>
#include <QRandomGenerator>

#include <sqlite3.h>

namespace quire::bench {

namespace {

constexpr int Batch = 1000;
constexpr int TagCount = 20;

struct Row {
    QString path;
    qint64 fileSize;
    qint64 takenAtMs;
    int rating;
    int tags[3];
};

QList<Row> makeRows(qint64 count)
{
    QRandomGenerator random(2024);
    QList<Row> rows;
    rows.reserve(count);
    const qint64 start = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    for (qint64 i = 0; i < count; ++i) {
        Row row;
        row.path = QStringLiteral("%1/%2/IMG_%3.jpg").arg(2020 + i % 4).arg(1 + i % 12, 2, 10, QLatin1Char('0'))
                       .arg(i, 6, 10, QLatin1Char('0'));
        row.fileSize = 2'000'000 + random.bounded(4'000'000);
        row.takenAtMs = start + qint64(random.bounded(4 * 365 * 24 * 3600)) * 1000;
        row.rating = random.bounded(6);
        // Three distinct tags of twenty.
        row.tags[0] = random.bounded(TagCount);
        row.tags[1] = (row.tags[0] + 1 + random.bounded(TagCount - 1)) % TagCount;
        do {
            row.tags[2] = random.bounded(TagCount);
        } while (row.tags[2] == row.tags[0] || row.tags[2] == row.tags[1]);
        rows.append(row);
    }
    return rows;
}

qint64 rowCount(double scale)
{
    return std::max<qint64>(Batch, qint64(100'000 * scale));
}

Run throughQuire(const QString &folder, double scale)
{
    const QList<Row> rows = makeRows(rowCount(scale));
    Result<Album> album = Album::create(QDir(folder).filePath(QStringLiteral("W1")));
    if (!album)
        return Run{0, 0, album.error().toString(), {}};
    // The caller's data, as an app would hold it before adding (not timed).
    QList<Picture> pictures;
    pictures.reserve(rows.size());
    for (const Row &row : rows) {
        Picture p;
        p.path = row.path;
        p.fileSize = row.fileSize;
        p.takenAt = QDateTime::fromMSecsSinceEpoch(row.takenAtMs, Qt::UTC);
        p.width = 6000;
        p.height = 4000;
        p.cameraMake = QStringLiteral("Canon");
        p.cameraModel = QStringLiteral("EOS R6");
        p.rating = row.rating;
        pictures.append(p);
    }

    QString error;
    const double elapsed = seconds([&] {
        Result<Session> session = album->write();
        if (!session) {
            error = session.error().toString();
            return;
        }
        QList<qint64> tagIds;
        for (int t = 0; t < TagCount; ++t)
            tagIds.append(quire::Tags(*session).ensure(QStringLiteral("Tag %1").arg(t))->id);
        for (qsizetype first = 0; first < pictures.size(); first += Batch) {
            QList<Picture> batch = pictures.mid(first, Batch);
            for (qsizetype i = 0; i < batch.size(); ++i) {
                const Row &row = rows[first + i];
                batch[i].tagIds = {tagIds[row.tags[0]], tagIds[row.tags[1]], tagIds[row.tags[2]]};
            }
            if (auto r = quire::Pictures(*session).add(batch); !r) {
                error = r.error().toString();
                return;
            }
        }
    });
    return Run{elapsed, rows.size(), error, {}};
}

Run onRawSqlite(const QString &folder, double scale)
{
    const QList<Row> rows = makeRows(rowCount(scale));
    QDir(folder).mkpath(QStringLiteral("W1/.quire"));
    sqlite3 *db = raw::open(QDir(folder).filePath(QStringLiteral("W1/.quire/album.db")));
    raw::createAlbumSchema(db);
    // Pre-encoded text: the raw side does not pay for string conversion.
    QList<QByteArray> paths;
    paths.reserve(rows.size());
    for (const Row &row : rows)
        paths.append(row.path.toUtf8());

    const double elapsed = seconds([&] {
        sqlite3_stmt *tag = raw::prepare(db, "INSERT INTO tags (parent_id, name) VALUES (NULL, ?1)");
        qint64 tagIds[TagCount];
        raw::exec(db, "BEGIN IMMEDIATE");
        for (int t = 0; t < TagCount; ++t) {
            const QByteArray name = "Tag " + QByteArray::number(t);
            sqlite3_bind_text(tag, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
            sqlite3_step(tag);
            sqlite3_reset(tag);
            tagIds[t] = sqlite3_last_insert_rowid(db);
        }
        raw::exec(db, "COMMIT");
        sqlite3_finalize(tag);

        sqlite3_stmt *insert = raw::prepare(
            db, "INSERT INTO pictures (uuid, path, file_size, content_hash, taken_at, width, height, "
                "orientation, camera_make, camera_model, rating, state, added_at) "
                "VALUES (?1, ?2, ?3, NULL, ?5, ?6, ?7, 1, ?9, ?10, ?11, 0, ?13)");
        sqlite3_stmt *link = raw::prepare(db, "INSERT INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (i % Batch == 0)
                raw::exec(db, "BEGIN IMMEDIATE");
            const Row &row = rows[i];
            const QByteArray uuid = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
            sqlite3_bind_text(insert, 1, uuid.constData(), int(uuid.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 2, paths[i].constData(), int(paths[i].size()), SQLITE_STATIC);
            sqlite3_bind_int64(insert, 3, row.fileSize);
            sqlite3_bind_int64(insert, 5, row.takenAtMs);
            sqlite3_bind_int(insert, 6, 6000);
            sqlite3_bind_int(insert, 7, 4000);
            sqlite3_bind_text(insert, 9, "Canon", 5, SQLITE_STATIC);
            sqlite3_bind_text(insert, 10, "EOS R6", 6, SQLITE_STATIC);
            sqlite3_bind_int(insert, 11, row.rating);
            sqlite3_bind_int64(insert, 13, now);
            if (sqlite3_step(insert) != SQLITE_DONE)
                qFatal("raw W1 insert: %s", sqlite3_errmsg(db));
            sqlite3_reset(insert);
            const qint64 id = sqlite3_last_insert_rowid(db);
            for (int t : row.tags) {
                sqlite3_bind_int64(link, 1, id);
                sqlite3_bind_int64(link, 2, tagIds[t]);
                if (sqlite3_step(link) != SQLITE_DONE)
                    qFatal("raw W1 tag: %s", sqlite3_errmsg(db));
                sqlite3_reset(link);
            }
            if (i % Batch == Batch - 1 || i == rows.size() - 1)
                raw::exec(db, "COMMIT");
        }
        sqlite3_finalize(insert);
        sqlite3_finalize(link);
    });
    sqlite3_close(db);
    return Run{elapsed, rows.size(), {}, {}};
}

} // namespace

Workload insertWorkload()
{
    Workload w;
    w.name = QStringLiteral("W1");
    w.description = QStringLiteral("one album, 100,000 pictures with 3 of 20 tags, batches of 1,000");
    w.target = 1.25;
    w.quire = throughQuire;
    w.limit = onRawSqlite;
    return w;
}

} // namespace quire::bench
