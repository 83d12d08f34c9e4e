// W3: search across albums ("tag beach, taken in 2023, newest 100 overall").
//  W3-cold  1,000 albums of 200 pictures, in a new process: open every album
//           (Registry::openAll, on a workspace that knows them) and search;
//           against a raw loop that opens, queries and closes each album in
//           turn and merges in C++. Both sides run in a child process of
//           their own and time themselves from the start of work to result.
//  W3-warm  the same albums already open; the same search 20 times, the
//           median kept; against the raw loop over open connections with
//           prepared statements (under a connection cap, as many open as
//           it allows and the rest opened and closed on each search).
// Both Quire sides fan out over QThreadPool::globalInstance() (one thread
// per core); the raw sides are sequential, as a program would write them.

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/quire.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>

namespace quire::bench {

namespace {

const QDateTime From(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC);
const QDateTime To(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
constexpr int Limit = 100;
constexpr int WarmRepeats = 20;


QString workspaceFolder(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("workspace"));
}

RegistryOptions registryOptions()
{
    RegistryOptions options;
    options.maxConnections = connectionCapFromEnvironment();
    return options;
}


// 1,000 albums (scaled) of 200 pictures taken over 2021-2024, about one in
// five tagged "beach", registered in a workspace that the runs reuse.
QString makeAlbums(const QString &folder, double scale)
{
    const int count = std::max(10, int(1000 * scale));
    QRandomGenerator random(2023);
    QStringList folders;
    for (int a = 0; a < count; ++a) {
        folders.append(albumFolderAt(folder, a));
        Result<Album> album = Album::create(folders.last());
        if (!album)
            return album.error().toString();
        Result<Session> session = album->write();
        if (!session)
            return session.error().toString();
        QList<qint64> tags;
        for (const char *name : {"beach", "city", "people"}) {
            Result<Tag> tag = quire::Tags(*session).ensure(QLatin1String(name));
            if (!tag)
                return tag.error().toString();
            tags.append(tag->id);
        }
        QList<Picture> batch;
        for (int p = 0; p < 200; ++p) {
            Picture picture;
            picture.path = QStringLiteral("IMG_%1.jpg").arg(p, 4, 10, QLatin1Char('0'));
            picture.fileSize = 1000 + p;
            picture.takenAt = randomTakenAt(random);
            picture.cameraMake = QStringLiteral("Canon");
            picture.rating = random.bounded(6);
            for (qint64 tag : std::as_const(tags)) {
                if (random.bounded(5) == 0)
                    picture.tagIds.append(tag);
            }
            batch.append(picture);
        }
        if (auto r = quire::Pictures(*session).add(batch); !r)
            return r.error().toString();
    }
    AlbumRegistry registry(workspaceFolder(folder), registryOptions());
    for (const Result<Tenant> &album : registry.openAll(folders)) {
        if (!album)
            return album.error().toString();
    }
    return {};
}

SearchQuery beachIn2023()
{
    SearchQuery query;
    query.allTags = {QStringLiteral("beach")};
    query.takenFrom = From;
    query.takenTo = To;
    query.sort = SearchQuery::Sort::TakenNewestFirst;
    query.limit = Limit;
    return query;
}

// --- the raw side ---------------------------------------------------------

// The same columns Quire reads, the same filter, the same order.
constexpr const char *RawSql =
    "SELECT p.id, p.uuid, p.path, p.file_size, p.content_hash, p.taken_at, p.width, p.height, "
    "p.orientation, p.camera_make, p.camera_model, p.rating, p.added_at, p.state "
    "FROM pictures p JOIN picture_tags pt ON pt.picture_id = p.id JOIN tags t ON t.id = pt.tag_id "
    "WHERE t.name = 'beach' AND t.parent_id IS NULL AND p.taken_at >= ?1 AND p.taken_at < ?2 "
    "ORDER BY p.taken_at DESC, p.path LIMIT 100";

struct RawHit {
    qint64 takenAt = 0;
    int album = 0;
    QByteArray uuid;
    QByteArray path;
    QByteArray make;
    QByteArray model;
    QByteArray hash;
    qint64 id = 0, size = 0, added = 0;
    int width = 0, height = 0, orientation = 0, rating = 0, state = 0;
};

QByteArray text(sqlite3_stmt *s, int column)
{
    return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(s, column)), sqlite3_column_bytes(s, column));
}

// Steps one album's statement, appending its hits.
void collect(sqlite3_stmt *s, int album, std::vector<RawHit> &hits)
{
    sqlite3_bind_int64(s, 1, From.toMSecsSinceEpoch());
    sqlite3_bind_int64(s, 2, To.toMSecsSinceEpoch());
    while (sqlite3_step(s) == SQLITE_ROW) {
        RawHit h;
        h.id = sqlite3_column_int64(s, 0);
        h.uuid = text(s, 1);
        h.path = text(s, 2);
        h.size = sqlite3_column_int64(s, 3);
        h.hash = QByteArray(static_cast<const char *>(sqlite3_column_blob(s, 4)), sqlite3_column_bytes(s, 4));
        h.takenAt = sqlite3_column_int64(s, 5);
        h.width = sqlite3_column_int(s, 6);
        h.height = sqlite3_column_int(s, 7);
        h.orientation = sqlite3_column_int(s, 8);
        h.make = text(s, 9);
        h.model = text(s, 10);
        h.rating = sqlite3_column_int(s, 11);
        h.added = sqlite3_column_int64(s, 12);
        h.state = sqlite3_column_int(s, 13);
        h.album = album;
        hits.push_back(std::move(h));
    }
    sqlite3_reset(s);
}

// The newest 100 of every album's hits.
qint64 mergeRaw(std::vector<RawHit> &hits)
{
    const size_t keep = std::min<size_t>(Limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + keep, hits.end(), [](const RawHit &a, const RawHit &b) {
        if (a.takenAt != b.takenAt)
            return a.takenAt > b.takenAt;
        if (a.album != b.album)
            return a.album < b.album;
        return a.path < b.path;
    });
    hits.resize(keep);
    return qint64(keep);
}

sqlite3 *openRaw(const QString &albumFolder)
{
    return raw::openToRead(Album::databasePathFor(albumFolder));
}

sqlite3_stmt *prepareRaw(sqlite3 *db)
{
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v3(db, RawSql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
        qFatal("raw W3: %s", sqlite3_errmsg(db));
    return s;
}

// --- W3-cold ----------------------------------------------------------------

Run coldInChild(const QString &folder, const QString &side)
{
    QProcess child;
    if (qEnvironmentVariableIsSet("QUIRE_BENCH_DEBUG"))
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--search-child"), side, folder});
    if (!child.waitForFinished(600000) || child.exitCode() != 0)
        return Run{0, 0, QStringLiteral("search child failed: ") + QString::fromLocal8Bit(child.readAllStandardError()), {}};
    // The child prints: seconds hits
    const QList<QByteArray> fields = child.readAllStandardOutput().trimmed().split(' ');
    if (fields.size() != 2)
        return Run{0, 0, QStringLiteral("search child printed nothing usable"), {}};
    return Run{fields[0].toDouble(), fields[1].toLongLong(), {}, {}};
}

// --- W3-warm ----------------------------------------------------------------

double medianOf(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

Run warmQuire(const QString &folder, double)
{
    AlbumRegistry registry(workspaceFolder(folder), registryOptions());
    for (const Result<Tenant> &album : registry.openAll(albumFolders(folder))) {
        if (!album)
            return Run{0, 0, album.error().toString(), {}};
    }
    const SearchQuery query = beachIn2023();
    QList<double> times;
    qint64 hits = 0;
    for (int i = 0; i < WarmRepeats; ++i) {
        QString error;
        times.append(seconds([&] {
            Result<SearchResult> result = searchNow(registry, query);
            if (!result || !result->failedAlbums.isEmpty())
                error = result ? result->failedAlbums.first().toString() : result.error().toString();
            else
                hits = result->hits.size();
        }));
        if (!error.isEmpty())
            return Run{0, 0, error, {}};
    }
    return Run{medianOf(times), hits, {}, QStringLiteral("median of %1 searches").arg(WarmRepeats)};
}

// Under a connection cap (QUIRE_BENCH_MAX_CONNECTIONS, a program with a
// desktop's 1,024 descriptors) a raw program cannot hold every album open
// either: it keeps as many open as the cap allows and opens, queries and
// closes the others on each search, as Quire's registry must.
Run warmRaw(const QString &folder, double)
{
    const QStringList folders = albumFolders(folder);
    const int cap = connectionCapFromEnvironment();
    const int kept = cap > 0 ? std::min<int>(cap, int(folders.size())) : int(folders.size());
    QList<sqlite3 *> connections;
    QList<sqlite3_stmt *> statements;
    for (int a = 0; a < kept; ++a) {
        connections.append(openRaw(folders[a]));
        statements.append(prepareRaw(connections.last()));
    }
    QList<double> times;
    qint64 hits = 0;
    for (int i = 0; i < WarmRepeats; ++i) {
        times.append(seconds([&] {
            std::vector<RawHit> all;
            for (int a = 0; a < statements.size(); ++a)
                collect(statements[a], a, all);
            for (int a = kept; a < folders.size(); ++a) {
                sqlite3 *db = openRaw(folders[a]);
                sqlite3_stmt *s = prepareRaw(db);
                collect(s, a, all);
                sqlite3_finalize(s);
                sqlite3_close(db);
            }
            hits = mergeRaw(all);
        }));
    }
    for (sqlite3_stmt *s : std::as_const(statements))
        sqlite3_finalize(s);
    for (sqlite3 *db : std::as_const(connections))
        sqlite3_close(db);
    return Run{medianOf(times), hits, {}, {}};
}

} // namespace

int searchChild(const QString &side, const QString &folder)
{
    if (side == QLatin1String("setup")) {
        // For profiling one side by hand: quire-bench --search-child setup DIR,
        // then --search-child SIDE DIR under perf (quire, quire-lazy, raw,
        // quire-warm, raw-warm). QUIRE_BENCH_SETUP_SCALE=5 makes 5,000.
        bool ok = false;
        const double scale = qEnvironmentVariable("QUIRE_BENCH_SETUP_SCALE").toDouble(&ok);
        const QString error = makeAlbums(folder, ok && scale > 0 ? scale : 1.0);
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return error.isEmpty() ? 0 : 1;
    }
    if (side == QLatin1String("quire-warm") || side == QLatin1String("raw-warm")) {
        const Run run = side == QLatin1String("quire-warm") ? warmQuire(folder, 1.0) : warmRaw(folder, 1.0);
        std::printf("%.6f %lld\n", run.seconds, static_cast<long long>(run.rows));
        return run.error.isEmpty() ? 0 : 1;
    }
    const QStringList folders = albumFolders(folder);
    const bool debug = qEnvironmentVariableIsSet("QUIRE_BENCH_DEBUG");
    qint64 hits = 0;
    QString error;
    QElapsedTimer clock;
    clock.start();
    double elapsed = 0;
    if (side == QLatin1String("quire") || side == QLatin1String("quire-lazy")) {
        // Timed up to the result; the registry closes its albums after.
        AlbumRegistry registry(workspaceFolder(folder), registryOptions());
        if (side == QLatin1String("quire")) {
            for (const Result<Tenant> &album : registry.openAll(folders)) {
                if (!album && error.isEmpty())
                    error = album.error().toString();
            }
        } // quire-lazy: the search opens each album from the catalog itself
        if (debug)
            std::fprintf(stderr, "opened after %.3f s\n", double(clock.nsecsElapsed()) / 1e9);
        if (error.isEmpty()) {
            Result<SearchResult> result = searchNow(registry, beachIn2023());
            if (!result || !result->failedAlbums.isEmpty())
                error = result ? result->failedAlbums.first().toString() : result.error().toString();
            else
                hits = result->hits.size();
        }
        elapsed = double(clock.nsecsElapsed()) / 1e9;
    } else {
        std::vector<RawHit> all;
        for (int a = 0; a < folders.size(); ++a) {
            sqlite3 *db = openRaw(folders[a]);
            sqlite3_stmt *s = prepareRaw(db);
            collect(s, a, all);
            sqlite3_finalize(s);
            sqlite3_close(db);
        }
        hits = mergeRaw(all);
        elapsed = double(clock.nsecsElapsed()) / 1e9;
    }
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("%.6f %lld\n", elapsed, static_cast<long long>(hits));
    return 0;
}

Workload searchColdWorkload()
{
    Workload w;
    w.name = QStringLiteral("W3-cold");
    w.description = QStringLiteral("new process: open 1,000 albums, tag beach + 2023, newest 100 overall");
    w.target = 0.7;
    w.setup = makeAlbums;
    w.quire = [](const QString &folder, double) { return coldInChild(folder, QStringLiteral("quire")); };
    w.limit = [](const QString &folder, double) { return coldInChild(folder, QStringLiteral("raw")); };
    return w;
}

Workload searchLazyWorkload()
{
    Workload w = searchColdWorkload();
    w.name = QStringLiteral("W3-lazy");
    w.description = QStringLiteral("as W3-cold, the albums opened by the search's own fan-out (no openAll)");
    w.quire = [](const QString &folder, double) { return coldInChild(folder, QStringLiteral("quire-lazy")); };
    return w;
}

Workload searchWarmWorkload()
{
    Workload w;
    w.name = QStringLiteral("W3-warm");
    w.description = QStringLiteral("1,000 open albums: tag beach + 2023, newest 100 overall (median of 20)");
    w.target = 0.7;
    w.setup = makeAlbums;
    w.quire = warmQuire;
    w.limit = warmRaw;
    return w;
}

} // namespace quire::bench
