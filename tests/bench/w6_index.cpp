// W6: the workspace index (issue 13). 10,000 albums (scaled) holding
// 1,000,000 pictures in all, their sizes long-tailed (many small albums, a
// few of 20,000+), tags and dates as in W3.
//  W6-build     the index built from scratch by WorkspaceIndex::rebuild(),
//               against a raw loop that reads each album with the C API and
//               inserts the same rows into one database of the same schema
//               (indexes and FTS5 table included). Pictures/s in the note.
//  W6-qN-warm   four searches through searchNow() on a workspace whose
//               index is up to date (each search still stats every album
//               and brings the index up to date first, on the index the
//               registry's searches keep open), median of 20; the
//               limit is the same SELECT on ONE SQLite database holding the
//               same pictures with the same indexes and FTS5 table: the
//               one-catalog design of Lightroom and digiKam.
// Not here yet: the cold (new process) rows and W6-fresh.

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/quire.h>
#include <quire/workspace_index.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

namespace quire::bench {

namespace {

constexpr int Repeats = 20;
const QDateTime From(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC);
const QDateTime To(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);

QString workspaceOf(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("workspace"));
}

// Zipf-like sizes (exponent 0.8) summing to about `total`: at full scale
// the largest album holds some 37,000 pictures and most hold a few dozen.
QList<int> albumSizes(int albums, int total)
{
    QList<double> weights;
    double sum = 0;
    for (int i = 0; i < albums; ++i) {
        weights.append(1.0 / std::pow(i + 1, 0.8));
        sum += weights.last();
    }
    QList<int> sizes;
    for (double w : std::as_const(weights))
        sizes.append(std::max(1, int(std::lround(total * w / sum))));
    return sizes;
}

QString makeWorkspace(const QString &folder, double scale)
{
    const int albums = std::max(10, int(10000 * scale));
    const QList<int> sizes = albumSizes(albums, std::max(1000, int(1000000 * scale)));
    QRandomGenerator random(2026);
    QStringList folders;
    for (int a = 0; a < albums; ++a) {
        folders.append(albumFolderAt(folder, a));
        Result<Album> album = Album::create(folders.last(), QStringLiteral("Album %1").arg(a));
        if (!album)
            return album.error().toString();
        Result<Session> session = album->write();
        if (!session)
            return session.error().toString();
        // beach and city one picture in five, Ann one in four, a comet rarely.
        const QList<QPair<QString, int>> tagOdds = {{QStringLiteral("Places/Beach"), 5},
                                                    {QStringLiteral("Places/City"), 5},
                                                    {QStringLiteral("People/Ann"), 4},
                                                    {QStringLiteral("Rare/Comet"), 5000}};
        QList<QPair<qint64, int>> tags;
        for (const auto &[path, oneIn] : tagOdds) {
            Result<Tag> tag = quire::Tags(*session).ensure(path);
            if (!tag)
                return tag.error().toString();
            tags.append({tag->id, oneIn});
        }
        QList<Picture> batch;
        for (int p = 0; p < sizes[a]; ++p) {
            Picture picture;
            picture.path = QStringLiteral("%1/IMG_%2.jpg").arg(p / 1000).arg(p, 5, 10, QLatin1Char('0'));
            picture.takenAt = randomTakenAt(random);
            picture.cameraMake = random.bounded(2) ? QStringLiteral("Canon") : QStringLiteral("NIKON CORPORATION");
            picture.rating = random.bounded(6);
            for (const auto &[id, oneIn] : std::as_const(tags)) {
                if (random.bounded(oneIn) == 0)
                    picture.tagIds.append(id);
            }
            batch.append(picture);
        }
        if (auto r = quire::Pictures(*session).add(batch); !r)
            return r.error().toString();
    }
    AlbumRegistry registry(workspaceOf(folder));
    for (const Result<Tenant> &album : registry.openAll(folders)) {
        if (!album)
            return album.error().toString();
    }
    return {};
}

qint64 indexedPictures(const QString &indexPath)
{
    sqlite3 *db = raw::open(indexPath);
    sqlite3_stmt *count = raw::prepare(db, "SELECT count(*) FROM pictures");
    const qint64 n = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int64(count, 0) : 0;
    sqlite3_finalize(count);
    sqlite3_close(db);
    return n;
}

void removeIndex(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

// --- W6-build ---------------------------------------------------------------

Run buildQuire(const QString &folder, double)
{
    const QString path = WorkspaceIndex::pathFor(workspaceOf(folder));
    removeIndex(path);
    AlbumRegistry registry(workspaceOf(folder));
    Result<IndexRefresh> built = IndexRefresh{};
    const double s = seconds([&] {
        WorkspaceIndex index(registry);
        built = index.rebuild();
    });
    if (!built)
        return Run{0, 0, built.error().toString(), {}};
    if (!built->failedAlbums.isEmpty())
        return Run{0, 0, built->failedAlbums.first().toString(), {}};
    const qint64 pictures = indexedPictures(path);
    return Run{s, pictures, {}, QStringLiteral("%1 pictures/s").arg(qint64(pictures / s))};
}

// The index's own schema, read from an empty index Quire makes, so the
// raw side builds the very same tables, indexes and FTS5 table.
QList<QByteArray> indexSchema(const QString &scratch)
{
    AlbumRegistry empty(scratch);
    WorkspaceIndex index(empty);
    if (!index.open())
        qFatal("W6: cannot make an empty index in %s", qPrintable(scratch));
    sqlite3 *db = raw::open(WorkspaceIndex::pathFor(scratch));
    sqlite3_stmt *select = raw::prepare(
        db, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'picture_words_%' ORDER BY rowid");
    QList<QByteArray> statements;
    while (sqlite3_step(select) == SQLITE_ROW)
        statements.append(reinterpret_cast<const char *>(sqlite3_column_text(select, 0)));
    sqlite3_finalize(select);
    sqlite3_close(db);
    return statements;
}

Run buildRaw(const QString &folder, double)
{
    const QList<QByteArray> schema = indexSchema(QDir(folder).filePath(QStringLiteral("raw-schema")));
    const QString path = QDir(folder).filePath(QStringLiteral("one-catalog.db"));
    removeIndex(path);
    qint64 pictures = 0;
    const double s = seconds([&] {
        sqlite3 *one = raw::open(path);
        for (const QByteArray &statement : schema)
            raw::exec(one, statement);
        sqlite3_stmt *insert = raw::prepare(one, "INSERT INTO pictures (album_uuid, picture_id, uuid, path, taken_at,"
                                                 " rating, state, camera_make, camera_model, lens)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        sqlite3_stmt *tag = raw::prepare(one, "INSERT INTO picture_tags (tag_path, picture) VALUES (?1, ?2)");
        sqlite3_stmt *words = raw::prepare(one, "INSERT INTO picture_words (rowid, words) VALUES (?1, ?2)");
        for (const QString &album : albumFolders(folder)) {
            sqlite3 *db = nullptr;
            sqlite3_open_v2(QFile::encodeName(Album::databasePathFor(album)).constData(), &db, SQLITE_OPEN_READONLY,
                            nullptr);
            sqlite3_stmt *rows = raw::prepare(
                db, "WITH RECURSIVE tp (id, path) AS (SELECT id, name FROM tags WHERE parent_id IS NULL"
                    " UNION ALL SELECT t.id, tp.path || '/' || t.name FROM tags t JOIN tp ON t.parent_id = tp.id)"
                    " SELECT p.id, p.uuid, p.path, p.taken_at, p.rating, p.state, p.camera_make, p.camera_model,"
                    " p.lens, (SELECT group_concat(tp.path, char(10)) FROM picture_tags pt JOIN tp ON tp.id = pt.tag_id"
                    " WHERE pt.picture_id = p.id), (SELECT value FROM meta WHERE key = 'uuid'),"
                    " (SELECT value FROM meta WHERE key = 'name') FROM pictures p");
            raw::exec(one, "BEGIN IMMEDIATE");
            while (sqlite3_step(rows) == SQLITE_ROW) {
                sqlite3_bind_value(insert, 1, sqlite3_column_value(rows, 10));
                for (int c = 0; c < 9; ++c)
                    sqlite3_bind_value(insert, c + 2, sqlite3_column_value(rows, c));
                sqlite3_step(insert);
                sqlite3_reset(insert);
                const sqlite3_int64 id = sqlite3_last_insert_rowid(one);
                const QString tags = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(rows, 9)));
                for (const QString &t : tags.split(u'\n', Qt::SkipEmptyParts)) {
                    const QByteArray utf8 = t.toUtf8();
                    sqlite3_bind_text(tag, 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
                    sqlite3_bind_int64(tag, 2, id);
                    sqlite3_step(tag);
                    sqlite3_reset(tag);
                }
                QStringList text;
                for (int c : {2, 11, 6, 7, 8})
                    text.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(rows, c))));
                text.append(tags);
                const QByteArray utf8 = text.join(u'\n').toUtf8();
                sqlite3_bind_int64(words, 1, id);
                sqlite3_bind_text(words, 2, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
                sqlite3_step(words);
                sqlite3_reset(words);
                ++pictures;
            }
            raw::exec(one, "COMMIT");
            sqlite3_finalize(rows);
            sqlite3_close(db);
        }
        sqlite3_finalize(insert);
        sqlite3_finalize(tag);
        sqlite3_finalize(words);
        sqlite3_close(one);
    });
    return Run{s, pictures, {}, QStringLiteral("%1 pictures/s").arg(qint64(pictures / s))};
}

// --- W6-qN-warm -------------------------------------------------------------

struct IndexQuery {
    const char *name;
    const char *description;
    SearchQuery query;
    QByteArray sql; // the one-catalog side's SELECT
};

QList<IndexQuery> queries()
{
    // What a one-catalog program would write for each: the FTS5 MATCH or
    // tag lookup, the filter, newest first, 100.
    const QByteArray select = "SELECT p.album_uuid, a.folder, a.name, p.picture_id, p.uuid, p.path, p.taken_at,"
                              " p.rating, p.state, p.camera_make, p.camera_model, p.lens"
                              " FROM pictures p JOIN albums a ON a.uuid = p.album_uuid WHERE ";
    const QByteArray order = " ORDER BY p.taken_at IS NULL, p.taken_at DESC, p.album_uuid, p.path LIMIT 100";
    const QByteArray tagged = "EXISTS (SELECT 1 FROM picture_tags t WHERE t.tag_path = ";
    SearchQuery q1;
    q1.words = {QStringLiteral("beach")};
    q1.takenFrom = From;
    q1.takenTo = To;
    SearchQuery q2;
    q2.words = {QStringLiteral("bea")};
    SearchQuery q3;
    q3.allTags = {QStringLiteral("Places/Beach")};
    q3.minRating = 4;
    SearchQuery q4;
    q4.allTags = {QStringLiteral("Rare/Comet")};
    const QByteArray from = QByteArray::number(From.toMSecsSinceEpoch());
    const QByteArray to = QByteArray::number(To.toMSecsSinceEpoch());
    return {
        {"W6-q1-warm", "the word beach, taken in 2023, newest 100", q1,
         select + "p.id IN (SELECT rowid FROM picture_words WHERE picture_words MATCH '\"beach\"*') AND p.taken_at >= "
             + from + " AND p.taken_at < " + to + order},
        {"W6-q2-warm", "a word prefix (bea), newest 100", q2,
         select + "p.id IN (SELECT rowid FROM picture_words WHERE picture_words MATCH '\"bea\"*')" + order},
        {"W6-q3-warm", "tag Places/Beach and rating >= 4, newest 100", q3,
         select + tagged + "'Places/Beach' AND t.picture = p.id) AND p.rating >= 4" + order},
        {"W6-q4-warm", "a rare tag (Rare/Comet), no date, newest 100", q4,
         select + tagged + "'Rare/Comet' AND t.picture = p.id)" + order},
    };
}

double medianOf(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Both sides search an index that is up to date; making it is untimed.
QString ensureIndex(const QString &folder)
{
    AlbumRegistry registry(workspaceOf(folder));
    WorkspaceIndex index(registry);
    Result<IndexRefresh> refreshed = index.refresh();
    return refreshed ? QString() : refreshed.error().toString();
}

Run queryQuire(const QString &folder, const SearchQuery &query)
{
    if (const QString error = ensureIndex(folder); !error.isEmpty())
        return Run{0, 0, error, {}};
    AlbumRegistry registry(workspaceOf(folder));
    QList<double> times;
    qint64 hits = 0;
    for (int i = 0; i < Repeats; ++i) {
        QString error;
        times.append(seconds([&] {
            Result<SearchResult> result = searchNow(registry, query);
            if (!result)
                error = result.error().toString();
            else if (!result->fromIndex)
                error = QStringLiteral("not answered from the index: ") + result->indexNote;
            else
                hits = result->hits.size();
        }));
        if (!error.isEmpty())
            return Run{0, 0, error, {}};
    }
    return Run{medianOf(times), hits, {}, QStringLiteral("median of %1").arg(Repeats)};
}

Run queryRaw(const QString &folder, const QByteArray &sql)
{
    if (const QString error = ensureIndex(folder); !error.isEmpty())
        return Run{0, 0, error, {}};
    // The same pictures, indexes and FTS5 table in one database: a copy of
    // the index Quire built, so both sides read identical data.
    const QString one = QDir(folder).filePath(QStringLiteral("one-catalog-copy.db"));
    if (!QFile::exists(one)) {
        sqlite3 *source = raw::open(WorkspaceIndex::pathFor(workspaceOf(folder)));
        raw::exec(source, "VACUUM INTO '" + QFile::encodeName(one) + "'");
        sqlite3_close(source);
    }
    sqlite3 *db = raw::open(one);
    sqlite3_stmt *select = raw::prepare(db, sql);
    QList<double> times;
    qint64 hits = 0;
    for (int i = 0; i < Repeats; ++i) {
        times.append(seconds([&] {
            qint64 n = 0;
            while (sqlite3_step(select) == SQLITE_ROW) {
                // Read each column as Quire reads it into a SearchHit.
                for (int c = 0; c < sqlite3_column_count(select); ++c)
                    (void)sqlite3_column_text(select, c);
                ++n;
            }
            sqlite3_reset(select);
            hits = n;
        }));
    }
    sqlite3_finalize(select);
    sqlite3_close(db);
    return Run{medianOf(times), hits, {}, {}};
}

} // namespace

Workload indexBuildWorkload()
{
    Workload w;
    w.name = QStringLiteral("W6-build");
    w.description = QStringLiteral("build the workspace index of 10,000 albums (1,000,000 pictures) from scratch");
    w.setup = makeWorkspace;
    w.setupGroup = QStringLiteral("W6");
    w.quire = buildQuire;
    w.limit = buildRaw;
    return w;
}

QList<Workload> indexQueryWorkloads()
{
    QList<Workload> out;
    for (const IndexQuery &q : queries()) {
        Workload w;
        w.name = QLatin1String(q.name);
        w.description = QLatin1String(q.description) + QStringLiteral(" (index up to date, median of 20)");
        w.target = 1.5;
        w.setup = makeWorkspace;
        w.setupGroup = QStringLiteral("W6");
        const SearchQuery query = q.query;
        const QByteArray sql = q.sql;
        w.quire = [query](const QString &folder, double) { return queryQuire(folder, query); };
        w.limit = [sql](const QString &folder, double) { return queryRaw(folder, sql); };
        out.append(w);
    }
    return out;
}

} // namespace quire::bench
