// W2: the registry over many albums.
//  W2-first   1,000 albums of 200 pictures the workspace has never seen:
//             register and open each (validated, and quick_check as for
//             any album from elsewhere), count its pictures, close them,
//             16 albums at a time (fewer under a smaller connection cap);
//             against the raw loop that opens, runs PRAGMA quick_check,
//             counts and closes each.
//  W2         the same 1,000 albums already known to the workspace, in a new
//             Registry (as a new process would): open, count, close all;
//             against the raw open-count-close loop. (Known albums are not
//             quick_checked again, so neither side checks here.)
//  W2-scale   10,000 registered albums, 2,000 touched in random order with
//             the connection cap at 256; prints the peak of open descriptors.
//  W2-memory  1,000 albums open and idle for a minute (the registry has
//             closed their idle connections): resident memory per album,
//             against raw sqlite3 connections with default settings kept
//             open (each measured in a child process of its own, so one
//             side's heap does not flatter the other). The note gives the
//             figure after a few seconds idle too, each album still
//             keeping one connection.

#include "bench.h"
#include "raw_sqlite.h"

#include <quire/quire.h>

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>

#include <sqlite3.h>
#include <cstring>
#include <malloc.h> // mallinfo2, for QUIRE_BENCH_DEBUG

namespace quire::bench {

namespace {



// Makes `count` albums of `pictures` pictures each through Quire (untimed).
QString makeAlbums(const QString &folder, int count, int pictures)
{
    for (int a = 0; a < count; ++a) {
        Result<Album> album = Album::create(
            QDir(albumsFolder(folder)).filePath(QStringLiteral("album%1").arg(a, 5, 10, QLatin1Char('0'))));
        if (!album)
            return album.error().toString();
        if (pictures == 0)
            continue;
        QList<Picture> batch;
        for (int p = 0; p < pictures; ++p) {
            Picture picture;
            picture.path = QStringLiteral("IMG_%1.jpg").arg(p, 4, 10, QLatin1Char('0'));
            picture.fileSize = 1000 + p;
            batch.append(picture);
        }
        if (auto r = quire::Pictures(*album->write()).add(batch); !r)
            return r.error().toString();
    }
    return {};
}

int scaled(int base, double scale, int least)
{
    return std::max(least, int(base * scale));
}

// --- W2 ----------------------------------------------------------------

QString knownWorkspace(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("workspace"));
}

RegistryOptions registryOptions()
{
    RegistryOptions options;
    options.maxConnections = connectionCapFromEnvironment();
    return options;
}

constexpr int OpenBatch = 16; // 64 measured 1.46 (W2) and 1.57 (W2-first), 16 1.37 and 1.54

// `known`: the workspace the setup registered the albums in (W2); else a
// new one that has never seen them (W2-first).
Run openCountCloseQuire(const QString &folder, bool known)
{
    const QStringList folders = albumFolders(folder);
    QTemporaryDir fresh;
    const QString workspace = known ? knownWorkspace(folder) : fresh.path();
    qint64 counted = 0;
    QString error;
    // In batches, as a program that opens, counts and closes each album
    // would, and as the raw loop does one at a time: the albums of one
    // batch are registered in one go (the catalog written once). Not all
    // at once: a connection held open keeps its heap, page cache, -wal and
    // -shm mapping, and SQLite's unix VFS looks each file it opens up in a
    // list of every file the process has open, so with 999 held the next
    // open costs about twice the first (docs/BENCHMARKS.md, 2026-12-04), a
    // cost the raw loop, holding one, never pays. Under a connection cap
    // (QUIRE_BENCH_MAX_CONNECTIONS) no more than the cap: opened all at
    // once, most albums' connections would be evicted before they are
    // counted, and opened again for the count.
    const int cap = connectionCapFromEnvironment();
    const qsizetype batch = cap > 0 ? std::max(1, std::min(cap, OpenBatch)) : OpenBatch;
    const double elapsed = seconds([&] {
        AlbumRegistry registry(workspace, registryOptions());
        for (qsizetype first = 0; first < folders.size(); first += batch) {
            QList<QUuid> opened;
            // Registered in one go (the catalog written once), then each used.
            for (const Result<Tenant> &album : registry.openAll(folders.mid(first, batch))) {
                if (!album) {
                    error = album.error().toString();
                    return;
                }
                Result<Session> session = album->read();
                Result<qint64> count =
                    session ? quire::Pictures(*session).count() : Result<qint64>(session.error());
                if (!count) {
                    error = count.error().toString();
                    return;
                }
                counted += *count;
                opened.append(album->uuid());
            }
            for (const QUuid &uuid : std::as_const(opened)) {
                if (auto r = registry.close(uuid); !r) {
                    error = r.error().toString();
                    return;
                }
            }
        }
    });
    return Run{elapsed, counted, error, {}};
}

// `check`: PRAGMA quick_check each database first, as Quire does for an
// album its workspace has never seen (W2-first).
Run openCountCloseRaw(const QString &folder, bool check)
{
    const QStringList folders = albumFolders(folder);
    QList<QByteArray> paths;
    for (const QString &albumFolder : folders)
        paths.append(QFile::encodeName(Album::databasePathFor(albumFolder)));
    qint64 counted = 0;
    const double elapsed = seconds([&] {
        for (const QByteArray &path : std::as_const(paths)) {
            sqlite3 *db = nullptr;
            if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
                qFatal("raw W2: cannot open %s", path.constData());
            sqlite3_busy_timeout(db, 5000);
            raw::exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            if (check) {
                sqlite3_stmt *verdict = raw::prepare(db, "PRAGMA quick_check");
                while (sqlite3_step(verdict) == SQLITE_ROW) {
                    if (std::strcmp(reinterpret_cast<const char *>(sqlite3_column_text(verdict, 0)), "ok") != 0)
                        qFatal("raw W2-first: %s is damaged", path.constData());
                }
                sqlite3_finalize(verdict);
            }
            sqlite3_stmt *count = raw::prepare(db, "SELECT count(*) FROM pictures");
            if (sqlite3_step(count) == SQLITE_ROW)
                counted += sqlite3_column_int64(count, 0);
            sqlite3_finalize(count);
            sqlite3_close(db);
        }
    });
    return Run{elapsed, counted, {}, {}};
}

// --- W2-scale ------------------------------------------------------------

Run scaleQuire(const QString &folder, double scale)
{
    const int touches = scaled(2000, scale, 20);
    RegistryOptions options;
    options.maxConnections = 256;
    QTemporaryDir workspace;
    AlbumRegistry registry(workspace.path(), options);
    QString error;
    int peakDescriptors = 0;
    qint64 touched = 0;
    const int before = openDescriptors();
    const double elapsed = seconds([&] {
        Result<ScanReport> scan = registry.scan(albumsFolder(folder));
        if (!scan || !scan->problems.isEmpty()) {
            error = scan ? scan->problems.first().toString() : scan.error().toString();
            return;
        }
        const QList<QUuid> uuids = scan->found;
        QRandomGenerator random(7);
        for (int i = 0; i < touches; ++i) {
            const QUuid uuid = uuids[random.bounded(int(uuids.size()))];
            Result<Album> album = registry.resolve(uuid.toString());
            Result<Session> session = album ? album->read() : Result<Session>(album.error());
            if (!session || !quire::Pictures(*session).count()) {
                error = session ? QStringLiteral("count failed") : session.error().toString();
                return;
            }
            ++touched;
            peakDescriptors = std::max(peakDescriptors, openDescriptors());
        }
    });
    const RegistryStats stats = registry.stats();
    const QString note = QStringLiteral("%1 albums registered, %2 touches; peak open descriptors %3 "
                                        "(%4 before; cap %5 connections, peak %6, %7 evictions)")
                             .arg(stats.tenantsKnown)
                             .arg(touched)
                             .arg(peakDescriptors)
                             .arg(before)
                             .arg(stats.connectionCap)
                             .arg(stats.connectionsPeak)
                             .arg(stats.evictions);
    return Run{elapsed, touched, error, note};
}

// --- W2-memory -----------------------------------------------------------

Run memoryInChild(const QString &folder, const QString &side)
{
    QProcess child;
    if (qEnvironmentVariableIsSet("QUIRE_BENCH_DEBUG"))
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its breakdown, on our stderr
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--measure-memory"), side, albumsFolder(folder)});
    if (!child.waitForFinished(600000) || child.exitCode() != 0)
        return Run{0, 0, QStringLiteral("memory child failed: ") + QString::fromLocal8Bit(child.readAllStandardError()), {}};
    // The child prints: albums bytes_per_album [bytes_per_album_with_one_connection]
    const QList<QByteArray> fields = child.readAllStandardOutput().trimmed().split(' ');
    if (fields.size() < 2)
        return Run{0, 0, QStringLiteral("memory child printed nothing usable"), {}};
    const double kilobytes = fields[1].toDouble() / 1024.0;
    QString note = QStringLiteral("%1 KB per open album").arg(kilobytes, 0, 'f', 1);
    if (fields.size() == 3) {
        note += QStringLiteral(" (%1 KB while each keeps one connection, after a few seconds idle)")
                    .arg(fields[2].toDouble() / 1024.0, 0, 'f', 1);
    }
    return Run{kilobytes, fields[0].toLongLong(), {}, note};
}

} // namespace

int measureMemoryChild(const QString &side, const QString &root)
{
    QStringList folders;
    const QDir dir(root);
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        folders.append(dir.filePath(name));
    QTemporaryDir workspace;
    std::unique_ptr<Registry> registry;
    QList<Album> albums;
    QList<sqlite3 *> connections;
    // Warm the code paths on a first album so that lazily made process-wide
    // state (Qt plugins, SQLite's own) is not counted per album.
    if (side == QLatin1String("quire")) {
        registry = std::make_unique<AlbumRegistry>(workspace.path());
        (void)registry->catalog();
        Result<Album> warm = Album::open(folders.first());
        (void)quire::Pictures(*warm->read()).count();
    } else {
        sqlite3 *warm = nullptr;
        sqlite3_open(QFile::encodeName(Album::databasePathFor(folders.first())).constData(), &warm);
        sqlite3_exec(warm, "SELECT count(*) FROM pictures", nullptr, nullptr, nullptr);
        sqlite3_close(warm);
    }
    const qint64 before = residentBytes();
    const qint64 sqliteBefore = sqlite3_memory_used();
    const qint64 heapBefore = qint64(mallinfo2().uordblks);
    for (const QString &folder : std::as_const(folders)) {
        if (registry) {
            Result<Album> album = registry->open(folder);
            if (!album || !quire::Pictures(*album->read()).count())
                return 1;
            // Idle from here on: what the registry's sweep does to an album
            // unused for 5 s, done at once so the run need not wait.
            album->releaseIdleMemory();
            albums.append(*album);
        } else {
            sqlite3 *db = nullptr;
            if (sqlite3_open(QFile::encodeName(Album::databasePathFor(folder)).constData(), &db) != SQLITE_OK)
                return 1;
            sqlite3_exec(db, "SELECT count(*) FROM pictures", nullptr, nullptr, nullptr);
            connections.append(db);
        }
    }
    qint64 withOneConnection = -1;
    if (registry) {
        registry->releaseIdleMemory(); // idle albums give their page cache back
        withOneConnection = residentBytes();
        // Idle for closeIdleAfter (a minute by default): the registry's
        // sweep closes the last connections, done at once here.
        registry->closeIdleConnections();
    }
    const qint64 after = residentBytes();
    if (qEnvironmentVariableIsSet("QUIRE_BENCH_DEBUG")) {
        // Where the resident memory is: heap (anonymous), the WAL indexes
        // (shared memory), mapped files; and what SQLite itself holds.
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("Rss"))
                    std::fprintf(stderr, "%s\n", line.constData());
            }
        }
        const qsizetype albums = std::max<qsizetype>(1, folders.size());
        std::fprintf(stderr, "%s: per album, SQLite heap %lld bytes, all heap %lld bytes\n", qPrintable(side),
                     static_cast<long long>((sqlite3_memory_used() - sqliteBefore) / albums),
                     static_cast<long long>((qint64(mallinfo2().uordblks) - heapBefore) / albums));
    }
    const qsizetype perAlbum = std::max<qsizetype>(1, folders.size());
    if (withOneConnection >= 0) {
        std::printf("%lld %lld %lld\n", static_cast<long long>(folders.size()),
                    static_cast<long long>((after - before) / perAlbum),
                    static_cast<long long>((withOneConnection - before) / perAlbum));
    } else {
        std::printf("%lld %lld\n", static_cast<long long>(folders.size()),
                    static_cast<long long>((after - before) / perAlbum));
    }
    for (sqlite3 *db : std::as_const(connections))
        sqlite3_close(db);
    return 0;
}

Workload openCountCloseWorkload()
{
    Workload w;
    w.name = QStringLiteral("W2");
    w.description = QStringLiteral("1,000 known albums of 200 pictures, new Registry: open, count, close all");
    w.target = 1.5;
    w.setup = [](const QString &folder, double scale) {
        if (QString e = makeAlbums(folder, scaled(1000, scale, 10), 200); !e.isEmpty())
            return e;
        // Registered once, untimed: the workspace then knows every album.
        AlbumRegistry registry(knownWorkspace(folder), registryOptions());
        for (const Result<Tenant> &album : registry.openAll(albumFolders(folder))) {
            if (!album)
                return album.error().toString();
        }
        return QString();
    };
    w.quire = [](const QString &folder, double) { return openCountCloseQuire(folder, true); };
    w.limit = [](const QString &folder, double) { return openCountCloseRaw(folder, false); };
    return w;
}

Workload openCountCloseFirstWorkload()
{
    Workload w;
    w.name = QStringLiteral("W2-first");
    w.description = QStringLiteral("1,000 albums the workspace never saw: register (validate, quick_check), "
                                   "count, close all; raw: open, quick_check, count, close");
    w.target = 1.5;
    w.setup = [](const QString &folder, double scale) { return makeAlbums(folder, scaled(1000, scale, 10), 200); };
    w.quire = [](const QString &folder, double) { return openCountCloseQuire(folder, false); };
    w.limit = [](const QString &folder, double) { return openCountCloseRaw(folder, true); };
    return w;
}

Workload scaleWorkload()
{
    Workload w;
    w.name = QStringLiteral("W2-scale");
    w.description = QStringLiteral("10,000 registered albums, 2,000 random touches, cap 256");
    w.setup = [](const QString &folder, double scale) { return makeAlbums(folder, scaled(10000, scale, 50), 0); };
    w.quire = scaleQuire;
    return w;
}

Workload memoryWorkload()
{
    Workload w;
    w.name = QStringLiteral("W2-memory");
    w.description = QStringLiteral("1,000 albums open and idle for a minute: KB of RSS per album (target <= 64 KB)");
    w.unit = QStringLiteral("KB");
    w.target = 0; // the target is absolute (64 KB), printed in the note
    w.setup = [](const QString &folder, double scale) { return makeAlbums(folder, scaled(1000, scale, 10), 200); };
    w.quire = [](const QString &folder, double) {
        Run run = memoryInChild(folder, QStringLiteral("quire"));
        run.note += run.seconds <= 64 ? QStringLiteral(": within the 64 KB target") : QStringLiteral(": OVER the 64 KB target");
        return run;
    };
    w.limit = [](const QString &folder, double) { return memoryInChild(folder, QStringLiteral("raw")); };
    return w;
}

} // namespace quire::bench
