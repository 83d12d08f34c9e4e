// I/O faults: SQLite's reads, writes, syncs and locks fail on purpose (a
// FaultVfs registered as the default VFS), and Quire's own file copies fail
// with ENOSPC or EIO (detail::setFileCopyFault, QUIRE_FAIL_FILE_COPY_AT).
// For N = 1, 2, ... the N-th operation of a kind fails, until a run goes
// through without reaching N. Every run must end in success or an error
// naming the album and the cause; then, with the faults off and the albums
// reopened the way a user would (a new Registry), every database passes
// integrity_check and no picture is lost or duplicated.
//
// The engine's operations (folder copy, a migration, a folder move across
// file systems) run for the album and for a second format; import and
// picture transfers are the album's own.

#include "base/crash_point.h"
#include "fault_vfs.h"
#include "customer_format.h"
#include "formats_under_test.h"
#include "photo_files.h"
#include "testsupport.h"

#include <quire/quire.h>
#include <quire/album_folders.h>
#include <quire/album_folders.h>
#include <quire/import.h>
#include <quire/row_transfer.h>
#include <quire/transfer.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>

using namespace quire;
using quire::test::FaultVfs;
using quire::test::rawQuery;

namespace {

constexpr int Photos = 20;
constexpr int PicturesPerAlbum = 10;
// A loop that has not gone through by then is broken, not slow.
constexpr int MaxRuns = 5000;

struct Tally {
    int runs = 0;      // runs with a fault armed
    int injected = 0;  // runs in which the fault fired
    int failed = 0;    // ... and the operation reported an error
    int survived = 0;  // ... and the operation still succeeded (SQLite retried or it was harmless)
    QSet<QString> codes; // error codes seen
};

void report(const QString &operation, const QString &fault, const Tally &t)
{
    qInfo().noquote() << QStringLiteral("faults: %1, %2: %3 runs, %4 faults injected, %5 ended in a clear "
                                        "error, %6 succeeded anyway; after reopening: integrity ok, "
                                        "nothing lost or duplicated (errors: %7)")
                             .arg(operation, fault)
                             .arg(t.runs)
                             .arg(t.injected)
                             .arg(t.failed)
                             .arg(t.survived)
                             .arg(QStringList(t.codes.values()).join(QLatin1String(", ")));
}

using quire::test::FormatUnderTest;

QString integrity(const FormatUnderTest &f, const QString &folder)
{
    return rawQuery(Tenant::databasePathFor(folder, f.format), QStringLiteral("PRAGMA integrity_check"));
}

QString integrity(const QString &folder)
{
    return integrity(quire::test::albumUnderTest(), folder);
}

// The rows of a tenant by uuid (an album's pictures, a customer's
// entries), read without Quire.
QStringList uuidsIn(const FormatUnderTest &f, const QString &folder)
{
    const QString rows = rawQuery(Tenant::databasePathFor(folder, f.format),
                                  QStringLiteral("SELECT uuid FROM %1 ORDER BY uuid").arg(f.table));
    return rows.isEmpty() ? QStringList() : rows.split(u'\n');
}

QStringList uuidsIn(const QString &folder)
{
    return uuidsIn(quire::test::albumUnderTest(), folder);
}

// Files of the tenant folder (not its control folder, .quire for albums), relative.
QStringList filesIn(const QString &folder, const QString &control = QStringLiteral(".quire"))
{
    QStringList out;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    const QDir base(folder);
    while (it.hasNext()) {
        const QString rel = base.relativeFilePath(it.next());
        if (!rel.startsWith(control + QLatin1Char('/')))
            out.append(rel);
    }
    out.sort();
    return out;
}

QString identityOf(const FormatUnderTest &f, const QString &folder)
{
    return rawQuery(Tenant::databasePathFor(folder, f.format),
                    QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'").arg(f.format.identityTable()));
}

// Calls a helper that asserts, and stops the test when it failed.
#define SETUP(call)                                                                                \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

// A new start, as a user would get it: both albums opened through a new
// registry (which finishes or undoes the transfer) and every transfer
// recovered, none left pending.
void restartAndRecover(const QString &workspace, const QString &source, const QString &destination, int n)
{
    AlbumRegistry registry(workspace);
    const auto opened = registry.openAll({source, destination});
    for (const auto &a : opened)
        QVERIFY2(a.ok(), qPrintable(QStringLiteral("run %1: %2").arg(n).arg(a.error().toString())));
    const Result<RecoveryReport> recovered = recoverTransfers(registry);
    QVERIFY(recovered.ok());
    for (const RecoveryReport::Entry &e : recovered->entries)
        QVERIFY2(e.outcome != RecoveryReport::Outcome::Pending, qPrintable(e.message));
    for (const auto &a : opened)
        QVERIFY(Album(*a).close().ok());
}

bool errorIsClear(const Error &error, const QString &albumHint)
{
    // Names the album (its folder or name), or the workspace when its
    // catalog is what failed, and says something.
    const auto names = [&](const QString &what) {
        return error.album().contains(what) || error.message().contains(what);
    };
    return error.code() != ErrorCode::Ok && !error.message().isEmpty()
        && (names(albumHint) || names(QStringLiteral("workspace")) || error.kind() == QLatin1String("workspace"));
}

struct Fault {
    FaultVfs::Kind kind;
    int code;
    bool persistent;
};

struct FaultRow {
    const char *tag;
    FaultVfs::Kind kind;
    int code;
    bool persistent;
};

const FaultRow FaultRows[] = {
    {"read IOERR_READ", FaultVfs::Read, SQLITE_IOERR_READ, false},
    {"write IOERR_WRITE", FaultVfs::Write, SQLITE_IOERR_WRITE, false},
    {"write FULL (disk stays full)", FaultVfs::Write, SQLITE_FULL, true},
    {"sync IOERR_FSYNC", FaultVfs::Sync, SQLITE_IOERR_FSYNC, false},
    {"lock IOERR_LOCK", FaultVfs::Lock, SQLITE_IOERR_LOCK, false},
};

void addFaultRows()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("persistent");
    for (const FaultRow &r : FaultRows)
        QTest::newRow(r.tag) << int(r.kind) << r.code << r.persistent;
}

// Every fault for every format under test, with a "format" column.
void addFormatFaultRows()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("persistent");
    for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
        for (const FaultRow &r : FaultRows)
            QTest::addRow("%s: %s", qPrintable(format), r.tag) << format << int(r.kind) << r.code << r.persistent;
    }
}


// Two customer tenants for a row transfer: Source with PicturesPerAlbum
// entries, each naming its receipt file, Destination with two; every other
// entry of Source picked (its UUID the key, its receipt the file).
struct RowRun {
    QString workspace, source, destination;
    RowTransfer transfer;
    QStringList sourceBefore, destinationBefore; // entryLines()
    QStringList sourceFilesBefore, destinationFilesBefore;
    QHash<QString, QByteArray> bytes; // every receipt's bytes, by name
};

// A customer tenant's entries, read without Quire: "uuid|cents|memo|receipt"
// sorted, or without the UUID (a copy gives its entries new ones).
QStringList entryLines(const QString &folder, bool withUuid = true)
{
    const QString rows = rawQuery(Tenant::databasePathFor(folder, quire::test::customerUnderTest().format),
                                  QStringLiteral("SELECT %1cents || '|' || memo || '|' || ifnull(receipt, '') FROM entries ORDER BY 1")
                                      .arg(withUuid ? QStringLiteral("uuid || '|' || ") : QString()));
    return rows.isEmpty() ? QStringList() : rows.split(u'\n');
}

// The receipts a customer tenant's entries name, sorted.
QStringList receiptsIn(const QString &folder)
{
    const QString rows = rawQuery(Tenant::databasePathFor(folder, quire::test::customerUnderTest().format),
                                  QStringLiteral("SELECT receipt FROM entries WHERE receipt IS NOT NULL ORDER BY 1"));
    return rows.isEmpty() ? QStringList() : rows.split(u'\n');
}

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// A new start for row transfers: both tenants opened through a new
// registry with the row movers (which finishes or undoes what it finds),
// then recoverRowTransfers: nothing pending, no problem, no record left.
void restartAndRecoverRows(const RowRun &r, int n)
{
    const FormatUnderTest &f = quire::test::customerUnderTest();
    {
        std::unique_ptr<Registry> registry = f.registry(r.workspace);
        const QList<Result<Tenant>> opened = registry->openAll({r.source, r.destination});
        for (const Result<Tenant> &t : opened)
            QVERIFY2(t.ok(), qPrintable(QStringLiteral("run %1: %2").arg(n).arg(t.error().toString())));
        const Result<RowRecoveryReport> recovered = recoverRowTransfers(*registry, {quire::test::entriesMover()});
        QVERIFY2(recovered.ok(), qPrintable(recovered.error().toString()));
        for (const RowRecoveryReport::Entry &e : recovered->entries)
            QVERIFY2(e.outcome != RowRecoveryReport::Outcome::Pending, qPrintable(QStringLiteral("run %1: %2").arg(n).arg(e.message)));
        for (const Error &e : recovered->problems)
            QFAIL(qPrintable(QStringLiteral("run %1: %2").arg(n).arg(e.toString())));
        for (const Result<Tenant> &t : opened)
            QVERIFY(registry->close(t->uuid()).ok());
    }
    for (const QString &folder : {r.source, r.destination}) {
        const QString db = Tenant::databasePathFor(folder, f.format);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT (SELECT count(*) FROM quire_row_transfers_out) + "
                                             "(SELECT count(*) FROM quire_row_transfers_in)")),
                 QStringLiteral("0"));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM %1 WHERE key = 'transfers'").arg(f.format.identityTable())),
                 QStringLiteral("0"));
    }
}

// After the new start: every entry in exactly one tenant (a move) or the
// picked ones in both (a copy), all or none of them over, each receipt
// beside its entry with its bytes, no file left over or twice. `over`
// says whether the picked entries reached the destination.
void checkRowsSettled(const RowRun &r, bool move, bool *over)
{
    const FormatUnderTest &f = quire::test::customerUnderTest();
    QCOMPARE(integrity(f, r.source), QStringLiteral("ok"));
    QCOMPARE(integrity(f, r.destination), QStringLiteral("ok"));
    const QStringList inSource = entryLines(r.source), inDestination = entryLines(r.destination);
    QStringList picked, pickedNoUuid;
    for (const QString &line : r.sourceBefore) {
        if (r.transfer.keys.contains(line.section(u'|', 0, 0))) {
            picked.append(line);
            pickedNoUuid.append(line.section(u'|', 1));
        }
    }
    QCOMPARE(picked.size(), r.transfer.keys.size());
    if (move) {
        QStringList expectedSource = r.sourceBefore, expectedDestination = r.destinationBefore;
        for (const QString &line : std::as_const(picked))
            expectedSource.removeOne(line);
        expectedDestination += picked;
        expectedDestination.sort();
        *over = inSource != r.sourceBefore;
        QVERIFY2(*over ? inSource == expectedSource && inDestination == expectedDestination
                       : inDestination == r.destinationBefore,
                 qPrintable(QStringLiteral("source:\n%1\ndestination:\n%2").arg(inSource.join(u'\n'), inDestination.join(u'\n'))));
    } else {
        QCOMPARE(inSource, r.sourceBefore);
        const QStringList destinationNoUuid = entryLines(r.destination, false);
        QStringList before, after;
        for (const QString &line : r.destinationBefore)
            before.append(line.section(u'|', 1));
        before.sort();
        after = before + pickedNoUuid;
        after.sort();
        *over = destinationNoUuid != before;
        if (*over)
            QCOMPARE(destinationNoUuid, after);
        // A copy is new entries: none has a UUID of the source's.
        for (const QString &line : inDestination)
            QVERIFY2(!r.sourceBefore.contains(line), qPrintable(line));
    }
    // Each tenant holds exactly the receipts its entries name, with their bytes.
    for (const QString &folder : {r.source, r.destination}) {
        QCOMPARE(filesIn(folder, f.format.controlFolder()), receiptsIn(folder));
        for (const QString &file : receiptsIn(folder))
            QVERIFY2(bytesOf(QDir(folder).filePath(file)) == r.bytes.value(file), qPrintable(file));
    }
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private:
    // On tmpfs when there is one: the loops run thousands of fsyncs, and
    // the faults come from the VFS, not the disk.
    static QString scratch()
    {
        const QString shm = QStringLiteral("/dev/shm");
        return QFileInfo(shm).isDir() && QFileInfo(shm).isWritable()
            ? shm + QStringLiteral("/tst_faults-XXXXXX")
            : QDir::tempPath() + QStringLiteral("/tst_faults-XXXXXX");
    }
    QTemporaryDir m_dir{scratch()};
    QString m_photos; // 20 generated photos, made once
    std::unique_ptr<FaultVfs> m_vfs;

    // An album with `count` pictures (real small files, one tag each).
    static bool fillAlbum(const Album &album, int count, const QString &prefix)
    {
        Result<Session> session = album.write();
        if (!session)
            return false;
        Result<Tag> tag = quire::Tags(*session).ensure(QStringLiteral("Faults/") + prefix);
        if (!tag)
            return false;
        for (int i = 0; i < count; ++i) {
            const QString path = QStringLiteral("%1_%2.jpg").arg(prefix).arg(i);
            if (!test::writeFile(QDir(album.folder()).filePath(path), QByteArray(2000 + i, char('a' + i % 26))))
                return false;
            Picture picture;
            picture.path = path;
            picture.tagIds = {tag->id};
            if (!quire::Pictures(*session).add(picture))
                return false;
        }
        return true;
    }

    // A tenant with `count` rows of the format, each naming a real small
    // file beside the database: pictures with a tag for an album, entries
    // with a receipt for a customer.
    static bool fillTenant(const FormatUnderTest &f, const Tenant &tenant, int count, const QString &prefix)
    {
        if (f.name == QLatin1String("album"))
            return fillAlbum(Album(tenant), count, prefix);
        Result<Session> session = tenant.write();
        if (!session)
            return false;
        for (int i = 0; i < count; ++i) {
            const QString path = QStringLiteral("%1_%2.pdf").arg(prefix).arg(i);
            if (!test::writeFile(QDir(tenant.folder()).filePath(path), QByteArray(2000 + i, char('a' + i % 26))))
                return false;
            if (!test::addEntry(*session, qint64(i) * 100, QStringLiteral("receipt"), path))
                return false;
        }
        return true;
    }


    // The two customer tenants of a RowRun, made and closed.
    static void makeRowTenants(RowRun &r)
    {
        const FormatUnderTest &f = quire::test::customerUnderTest();
        std::unique_ptr<Registry> registry = f.registry(r.workspace);
        Result<Tenant> src = registry->create(r.source, QStringLiteral("Source"));
        Result<Tenant> dst = registry->create(r.destination, QStringLiteral("Destination"));
        QVERIFY(src && dst);
        QVERIFY(fillTenant(f, *src, PicturesPerAlbum, QStringLiteral("src")));
        QVERIFY(fillTenant(f, *dst, 2, QStringLiteral("dst")));
        {
            Result<Session> session = src->read();
            QVERIFY(session);
            const Result<Rows> rows = session->query("SELECT uuid, receipt FROM entries ORDER BY id");
            QVERIFY(rows);
            for (qsizetype i = 0; i < rows->values.size(); i += 2) {
                r.transfer.keys.append(rows->values.at(i).value(0).toString());
                r.transfer.files.append(rows->values.at(i).value(1).toString());
            }
        }
        r.transfer.mover = QStringLiteral("entries");
        QVERIFY(registry->close(src->uuid()).ok());
        QVERIFY(registry->close(dst->uuid()).ok());
        r.sourceBefore = entryLines(r.source);
        r.destinationBefore = entryLines(r.destination);
        r.sourceFilesBefore = filesIn(r.source, f.format.controlFolder());
        r.destinationFilesBefore = filesIn(r.destination, f.format.controlFolder());
        for (const QString &folder : {r.source, r.destination}) {
            for (const QString &file : filesIn(folder, f.format.controlFolder()))
                r.bytes.insert(file, bytesOf(QDir(folder).filePath(file)));
        }
        QCOMPARE(r.sourceFilesBefore.size(), PicturesPerAlbum);
    }

    Fault currentFault()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        QFETCH(bool, persistent);
        return Fault{FaultVfs::Kind(kind), code, persistent};
    }

    QString faultName(const Fault &f)
    {
        return QStringLiteral("%1 fails with %2%3")
            .arg(FaultVfs::kindName(f.kind), FaultVfs::resultName(f.code),
                 f.persistent ? QStringLiteral(" (and every later one)") : QString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        for (int i = 0; i < Photos; ++i) {
            test::PhotoSpec spec;
            spec.dateTimeOriginal = QStringLiteral("2024:07:%1 10:30:00").arg(i + 1, 2, 10, QLatin1Char('0'));
            spec.subjects = {QStringLiteral("beach")};
            QVERIFY(test::writePhoto(QStringLiteral("%1/IMG_%2.jpg").arg(m_photos).arg(i, 4, 10, QLatin1Char('0')), spec));
        }
        m_vfs = std::make_unique<FaultVfs>();
    }

    void cleanupTestCase()
    {
        m_vfs.reset();
    }

    void faultVfsCountsAndFails()
    {
        // The VFS itself: counting, a one-shot failure, and nothing after.
        const QString db = m_dir.filePath(QStringLiteral("plain.db"));
        QCOMPARE(rawQuery(db, QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1)")), QString());
        m_vfs->failAt(FaultVfs::Write, 1, SQLITE_FULL);
        QVERIFY(rawQuery(db, QStringLiteral("INSERT INTO t VALUES (2)")).startsWith(QLatin1String("error")));
        QCOMPARE(m_vfs->injected(), 1);
        m_vfs->disarm();
        QCOMPARE(rawQuery(db, QStringLiteral("INSERT INTO t VALUES (3)")), QString());
        QVERIFY(m_vfs->count(FaultVfs::Write) > 1);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(x) FROM t")), QStringLiteral("1,3"));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }

    void importSurvivesSqliteFaults_data() { addFaultRows(); }
    void importSurvivesSqliteFaults()
    {
        const Fault f = currentFault();
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("import-XXXXXX")));
            const QString folder = run.filePath(QStringLiteral("Holiday"));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            QVERIFY(QDir().mkpath(folder));
            for (const QString &name : QDir(m_photos).entryList(QDir::Files))
                QVERIFY(QFile::copy(QDir(m_photos).filePath(name), QDir(folder).filePath(name)));
            int injected = 0;
            {
                AlbumRegistry registry(workspace);
                QVERIFY(registry.create(folder, QStringLiteral("Holiday")).ok());
            }
            {
                // A start of the program and an import: opening is faulted too.
                AlbumRegistry registry(workspace);
                m_vfs->failAt(f.kind, n, f.code, f.persistent);
                Result<Album> album = registry.open(folder);
                ImportOptions options;
                options.threads = 2;
                const Result<ImportReport> imported = album ? importPictures(*album, options)
                                                            : Result<ImportReport>(album.error());
                injected = m_vfs->injected();
                m_vfs->disarm();
                ++t.runs;
                if (injected > 0) {
                    ++t.injected;
                    if (imported) {
                        ++t.survived;
                    } else {
                        ++t.failed;
                        t.codes.insert(Error::codeName(imported.error().code()));
                        QVERIFY2(errorIsClear(imported.error(), QStringLiteral("Holiday")),
                                 qPrintable(imported.error().toString()));
                    }
                } else {
                    QVERIFY2(imported.ok(), qPrintable(imported.error().toString()));
                    QCOMPARE(imported->added, Photos);
                }
            }
            // As a user would: a new start, the album reopened, the import run again.
            {
                AlbumRegistry registry(workspace);
                Result<Album> album = registry.open(folder);
                QVERIFY2(album.ok(), qPrintable(QStringLiteral("run %1: %2").arg(n).arg(album.error().toString())));
                const Result<ImportReport> again = importPictures(*album);
                QVERIFY2(again.ok(), qPrintable(again.error().toString()));
                QVERIFY(album->close().ok());
            }
            QCOMPARE(integrity(folder), QStringLiteral("ok"));
            const QString db = Album::databasePathFor(folder);
            QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) || ',' || count(DISTINCT path) || ',' || count(DISTINCT uuid) "
                                                     "FROM pictures")),
                     QStringLiteral("%1,%1,%1").arg(Photos));
            QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM thumbnails")), QString::number(Photos));
            if (injected == 0)
                break; // the operation no longer reaches the N-th call
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        report(QStringLiteral("import of %1 photos").arg(Photos), faultName(f), t);
    }

    void movePicturesSurvivesSqliteFaults_data() { addFaultRows(); }
    void movePicturesSurvivesSqliteFaults()
    {
        const Fault f = currentFault();
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("move-XXXXXX")));
            const QString source = run.filePath(QStringLiteral("Source"));
            const QString destination = run.filePath(QStringLiteral("Destination"));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            QStringList all;
            QList<QUuid> moving;
            int injected = 0;
            {
                AlbumRegistry registry(workspace);
                Result<Album> src = registry.create(source, QStringLiteral("Source"));
                Result<Album> dst = registry.create(destination, QStringLiteral("Destination"));
                QVERIFY(src && dst);
                QVERIFY(fillAlbum(*src, PicturesPerAlbum, QStringLiteral("src")));
                QVERIFY(fillAlbum(*dst, 2, QStringLiteral("dst")));
                Result<Session> session = src->read();
                const Result<QList<Picture>> pictures = quire::Pictures(*session).query({});
                for (qsizetype i = 0; i < pictures->size(); ++i) {
                    if (i % 2 == 0)
                        moving.append(pictures->at(i).uuid);
                }
            }
            {
                AlbumRegistry registry(workspace);
                m_vfs->failAt(f.kind, n, f.code, f.persistent);
                Result<Album> src = registry.open(source);
                Result<Album> dst = src ? Result<Album>(registry.open(destination)) : src;
                const Result<TransferReport> moved = src && dst ? movePictures(registry, *src, *dst, moving)
                                                                : Result<TransferReport>(dst.error());
                injected = m_vfs->injected();
                m_vfs->disarm();
                ++t.runs;
                if (injected > 0) {
                    ++t.injected;
                    if (moved) {
                        ++t.survived;
                    } else {
                        ++t.failed;
                        t.codes.insert(Error::codeName(moved.error().code()));
                        QVERIFY2(errorIsClear(moved.error(), QStringLiteral("Source"))
                                     || errorIsClear(moved.error(), QStringLiteral("Destination")),
                                 qPrintable(moved.error().toString()));
                    }
                } else {
                    QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
                }
            }
            {
                // A new start: opening both albums recovers the transfer.
                SETUP(restartAndRecover(workspace, source, destination, n));
            }
            QCOMPARE(integrity(source), QStringLiteral("ok"));
            QCOMPARE(integrity(destination), QStringLiteral("ok"));
            const QStringList inSource = uuidsIn(source), inDestination = uuidsIn(destination);
            // Nothing lost, nothing twice.
            QCOMPARE(inSource.size() + inDestination.size(), PicturesPerAlbum + 2);
            QSet<QString> both(inSource.cbegin(), inSource.cend());
            both.unite(QSet<QString>(inDestination.cbegin(), inDestination.cend()));
            QCOMPARE(both.size(), PicturesPerAlbum + 2);
            // All or none: the moving pictures are together on one side.
            int movedOver = 0;
            for (const QUuid &u : moving)
                movedOver += inDestination.contains(u.toString(QUuid::WithoutBraces));
            QVERIFY2(movedOver == 0 || movedOver == moving.size(), qPrintable(QString::number(movedOver)));
            // Every picture's file is where its row says, and no file is left over.
            QCOMPARE(filesIn(source).size(), inSource.size());
            QCOMPARE(filesIn(destination).size(), inDestination.size());
            for (const QString &folder : {source, destination}) {
                const QStringList paths = rawQuery(Album::databasePathFor(folder), QStringLiteral("SELECT path FROM pictures")).split(u'\n');
                for (const QString &p : paths)
                    QVERIFY2(QFileInfo::exists(QDir(folder).filePath(p)), qPrintable(p));
            }
            // Tags travelled with the pictures.
            QCOMPARE(rawQuery(Album::databasePathFor(destination),
                              QStringLiteral("SELECT count(*) FROM pictures WHERE id NOT IN (SELECT picture_id FROM picture_tags)")),
                     QStringLiteral("0"));
            if (injected == 0)
                break;
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        report(QStringLiteral("move of %1 of %2 pictures between albums").arg(PicturesPerAlbum / 2).arg(PicturesPerAlbum), faultName(f), t);
    }

    void copyTenantSurvivesSqliteFaults_data() { addFormatFaultRows(); }
    void copyTenantSurvivesSqliteFaults()
    {
        QFETCH(QString, format);
        const FormatUnderTest &ft = quire::test::formatNamed(format);
        const QString control = ft.format.controlFolder();
        const Fault f = currentFault();
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("copy-XXXXXX")));
            const QString source = run.filePath(QStringLiteral("Original"));
            const QString copy = run.filePath(QStringLiteral("Copy"));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            QStringList before;
            int injected = 0;
            bool copied = false;
            {
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                Result<Tenant> tenant = registry->create(source, QStringLiteral("Original"));
                QVERIFY(tenant.ok());
                QVERIFY(fillTenant(ft, *tenant, PicturesPerAlbum, QStringLiteral("pic")));
                QVERIFY(tenant->close().ok());
                before = uuidsIn(ft, source);
            }
            {
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                m_vfs->failAt(f.kind, n, f.code, f.persistent);
                Result<Tenant> tenant = registry->open(source);
                const Result<Tenant> made = tenant ? copyTenant(*registry, tenant->uuid(), copy) : tenant;
                injected = m_vfs->injected();
                m_vfs->disarm();
                ++t.runs;
                copied = made.ok();
                if (injected > 0) {
                    ++t.injected;
                    if (made) {
                        ++t.survived;
                    } else {
                        ++t.failed;
                        t.codes.insert(Error::codeName(made.error().code()));
                        QVERIFY2(errorIsClear(made.error(), QStringLiteral("Original")) || errorIsClear(made.error(), QStringLiteral("Copy")),
                                 qPrintable(made.error().toString()));
                    }
                } else {
                    QVERIFY2(made.ok(), qPrintable(made.error().toString()));
                }
            }
            {
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                QVERIFY(recoverFolderOperations(*registry, {run.path()}).ok());
                Result<Tenant> tenant = registry->open(source);
                QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
                QVERIFY(tenant->close().ok());
            }
            // The source is untouched.
            QCOMPARE(integrity(ft, source), QStringLiteral("ok"));
            QCOMPARE(uuidsIn(ft, source), before);
            QCOMPARE(filesIn(source, control).size(), PicturesPerAlbum);
            // Nothing half-made is left: either a whole copy or nothing.
            const QStringList leftovers = QDir(run.path()).entryList({QStringLiteral("*.quire-partial-*")},
                                                                    QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
            QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
            // A fault after the copy was put in place (opening it to register
            // it) leaves the copy whole; the error names it.
            if (copied || QFileInfo::exists(Tenant::databasePathFor(copy, ft.format))) {
                QCOMPARE(integrity(ft, copy), QStringLiteral("ok"));
                const QString copyUuid = identityOf(ft, copy);
                const QString sourceUuid = identityOf(ft, source);
                // The copy's own identity is written in rollback-journal
                // mode, so no -wal can carry it away from the database.
                QVERIFY(!QFileInfo::exists(ft.format.controlPath(copy, QStringLiteral("copy-partial.db-wal"))));
                QVERIFY2(copyUuid != sourceUuid && !copyUuid.isEmpty(), qPrintable(QStringLiteral("run %1: %2 / %3").arg(n).arg(copyUuid, sourceUuid)));
                QVERIFY(!QFileInfo::exists(ft.format.controlPath(copy, QStringLiteral("copy-partial"))));
                QCOMPARE(uuidsIn(ft, copy).size(), PicturesPerAlbum);
                QCOMPARE(filesIn(copy, control).size(), PicturesPerAlbum);
            } else {
                QVERIFY2(!QFileInfo::exists(copy) || QDir(copy).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                         qPrintable(QStringLiteral("run %1 left %2").arg(n).arg(copy)));
            }
            if (injected == 0)
                break;
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        report(QStringLiteral("%1 copy (%2 rows and files)").arg(ft.format.kind()).arg(PicturesPerAlbum), faultName(f), t);
    }

    // A copy whose database cannot be written (the disk fails every write,
    // or every fsync) says so as an I/O error, as the rest of the core
    // does (sqlite/sqlite_error.h), not as a generic SQLite failure; it
    // names the album and leaves nothing at the destination.
    void copyTenantReportsDiskFaultsAsIo_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
            QTest::addRow("%s: every write IOERR_WRITE", qPrintable(format)) << format << int(FaultVfs::Write) << SQLITE_IOERR_WRITE;
            QTest::addRow("%s: every fsync IOERR_FSYNC", qPrintable(format)) << format << int(FaultVfs::Sync) << SQLITE_IOERR_FSYNC;
            QTest::addRow("%s: disk full", qPrintable(format)) << format << int(FaultVfs::Write) << SQLITE_FULL;
        }
    }
    void copyTenantReportsDiskFaultsAsIo()
    {
        QFETCH(QString, format);
        QFETCH(int, kind);
        QFETCH(int, code);
        const FormatUnderTest &ft = quire::test::formatNamed(format);
        const QString control = ft.format.controlFolder();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("copyio-XXXXXX")));
        const QString source = run.filePath(QStringLiteral("Original"));
        const QString copy = run.filePath(QStringLiteral("Copy"));
        std::unique_ptr<Registry> registry = ft.registry(run.filePath(QStringLiteral("ws")));
        Result<Tenant> tenant = registry->create(source, QStringLiteral("Original"));
        QVERIFY(tenant.ok());
        QVERIFY(fillTenant(ft, *tenant, PicturesPerAlbum, QStringLiteral("pic")));
        const QStringList before = uuidsIn(ft, source);
        const QStringList filesBefore = filesIn(source, control);
        m_vfs->failAt(FaultVfs::Kind(kind), 1, code, true);
        const Result<Tenant> made = copyTenant(*registry, tenant->uuid(), copy);
        const int injected = m_vfs->injected();
        m_vfs->disarm();
        QVERIFY(injected > 0);
        QVERIFY2(!made, "the copy succeeded on a disk that fails");
        QVERIFY2(made.error().code() == ErrorCode::Io,
                 qPrintable(QStringLiteral("%1: %2").arg(Error::codeName(made.error().code()), made.error().toString())));
        QVERIFY2(errorIsClear(made.error(), QStringLiteral("Original")), qPrintable(made.error().toString()));
        QVERIFY(!QFileInfo::exists(copy));
        QCOMPARE(QDir(run.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).size(), 0);
        QCOMPARE(uuidsIn(ft, source), before);
        QCOMPARE(filesIn(source, control), filesBefore);
        QCOMPARE(integrity(ft, source), QStringLiteral("ok"));
        QCOMPARE(registry->catalog()->size(), 1);
    }

    void migrationSurvivesSqliteFaults_data() { addFormatFaultRows(); }
    void migrationSurvivesSqliteFaults()
    {
        QFETCH(QString, format);
        const FormatUnderTest &ft = quire::test::formatNamed(format);
        const Fault f = currentFault();
        // The next version: a column and an index on the format's main table.
        MigrationStep step;
        step.version = ft.format.latestVersion() + 1;
        step.description = QStringLiteral("colour label column");
        step.sql = "ALTER TABLE " + ft.table.toUtf8() + " ADD COLUMN colour_label TEXT\n;;\n"
                   "CREATE INDEX " + ft.table.toUtf8() + "_colour_label ON " + ft.table.toUtf8() + " (colour_label)\n";
        const TenantFormat newer = ft.withStep(step);
        const int oldVersion = ft.format.latestVersion();
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("migrate-XXXXXX")));
            const QString folder = run.filePath(QStringLiteral("Old"));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            const QString db = Tenant::databasePathFor(folder, ft.format);
            QStringList before;
            int injected = 0;
            bool upgraded = false;
            {
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                Result<Tenant> tenant = registry->create(folder, QStringLiteral("Old"));
                QVERIFY(tenant.ok());
                QVERIFY(fillTenant(ft, *tenant, PicturesPerAlbum, QStringLiteral("pic")));
                QVERIFY(registry->close(tenant->uuid()).ok());
                before = uuidsIn(ft, folder);
            }
            {
                std::unique_ptr<Registry> registry = ft.makeRegistry(newer, workspace, {});
                m_vfs->failAt(f.kind, n, f.code, f.persistent);
                const Result<Tenant> tenant = registry->open(folder);
                injected = m_vfs->injected();
                m_vfs->disarm();
                ++t.runs;
                // A fault after the upgrade committed (the catalog) fails the
                // open but leaves the tenant upgraded.
                upgraded = rawQuery(db, QStringLiteral("PRAGMA user_version")) == QString::number(oldVersion + 1);
                if (injected > 0) {
                    ++t.injected;
                    if (tenant) {
                        ++t.survived;
                    } else {
                        ++t.failed;
                        t.codes.insert(Error::codeName(tenant.error().code()));
                        QVERIFY2(errorIsClear(tenant.error(), QStringLiteral("Old")), qPrintable(tenant.error().toString()));
                    }
                } else {
                    QVERIFY2(upgraded, qPrintable(tenant.ok() ? QStringLiteral("not upgraded") : tenant.error().toString()));
                }
            }
            QCOMPARE(integrity(ft, folder), QStringLiteral("ok"));
            QCOMPARE(uuidsIn(ft, folder), before);
            const QString version = rawQuery(db, QStringLiteral("PRAGMA user_version"));
            if (!upgraded) {
                // At the old version, whole, and it opens with the old format.
                QCOMPARE(version, QString::number(oldVersion));
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                Result<Tenant> tenant = registry->open(folder);
                QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
                QCOMPARE(tenant->schemaVersion(), oldVersion);
                QVERIFY(tenant->close().ok());
            } else {
                QCOMPARE(version, QString::number(oldVersion + 1));
            }
            // And the upgrade, tried again without faults, goes through.
            {
                std::unique_ptr<Registry> registry = ft.makeRegistry(newer, workspace, {});
                Result<Tenant> tenant = registry->open(folder);
                QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
                QCOMPARE(tenant->schemaVersion(), oldVersion + 1);
                QVERIFY(tenant->close().ok());
            }
            QCOMPARE(integrity(ft, folder), QStringLiteral("ok"));
            QCOMPARE(uuidsIn(ft, folder), before);
            if (injected == 0)
                break;
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        report(QStringLiteral("%1 migration to schema %2").arg(ft.format.kind()).arg(oldVersion + 1), faultName(f), t);
    }

    // Quire's own file copies: the N-th file written fails with ENOSPC or EIO.

    void fileCopyFaults_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<QString>("wording");
        QTest::newRow("ENOSPC") << ENOSPC << QStringLiteral("disk is full");
        QTest::newRow("EIO") << EIO << QStringLiteral("I/O error");
    }

    // fileCopyFaults_data for every format under test, with a "format" column.
    void formatFileCopyFaults_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("err");
        QTest::addColumn<QString>("wording");
        for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
            QTest::addRow("%s: ENOSPC", qPrintable(format)) << format << ENOSPC << QStringLiteral("disk is full");
            QTest::addRow("%s: EIO", qPrintable(format)) << format << EIO << QStringLiteral("I/O error");
        }
    }

    void copyTenantSurvivesFileCopyFaults_data() { formatFileCopyFaults_data(); }
    void copyTenantSurvivesFileCopyFaults()
    {
        QFETCH(QString, format);
        QFETCH(int, err);
        QFETCH(QString, wording);
        const FormatUnderTest &ft = quire::test::formatNamed(format);
        const QString control = ft.format.controlFolder();
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("filecopy-XXXXXX")));
            const QString source = run.filePath(QStringLiteral("Original"));
            const QString copy = run.filePath(QStringLiteral("Copy"));
            std::unique_ptr<Registry> registry = ft.registry(run.filePath(QStringLiteral("ws")));
            Result<Tenant> tenant = registry->create(source, QStringLiteral("Original"));
            QVERIFY(tenant.ok());
            QVERIFY(fillTenant(ft, *tenant, PicturesPerAlbum, QStringLiteral("pic")));
            const QStringList before = uuidsIn(ft, source);
            const QStringList filesBefore = filesIn(source, control);
            detail::setFileCopyFault(n, err);
            const Result<Tenant> made = copyTenant(*registry, tenant->uuid(), copy);
            const bool fired = detail::fileCopiesAttempted() >= n;
            detail::setFileCopyFault(0, 0);
            ++t.runs;
            if (fired) {
                ++t.injected;
                QVERIFY2(!made.ok(), qPrintable(QStringLiteral("run %1 ignored the failed write").arg(n)));
                ++t.failed;
                t.codes.insert(Error::codeName(made.error().code()));
                QVERIFY2(errorIsClear(made.error(), QStringLiteral("Original")), qPrintable(made.error().toString()));
                QVERIFY2(made.error().toString().contains(wording), qPrintable(made.error().toString()));
                QVERIFY(!QFileInfo::exists(copy));
            } else {
                QVERIFY2(made.ok(), qPrintable(made.error().toString()));
                QCOMPARE(filesIn(copy, control), filesBefore);
                QCOMPARE(uuidsIn(ft, copy), before);
            }
            QVERIFY(recoverFolderOperations(*registry, {run.path()}).ok());
            QCOMPARE(QDir(run.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).size(), 0);
            QCOMPARE(uuidsIn(ft, source), before);
            QCOMPARE(filesIn(source, control), filesBefore);
            QCOMPARE(integrity(ft, source), QStringLiteral("ok"));
            if (!fired)
                break;
        }
        report(QStringLiteral("%1 copy (%2 files)").arg(ft.format.kind()).arg(PicturesPerAlbum),
               QStringLiteral("file copy fails with %1").arg(err == ENOSPC ? "ENOSPC" : "EIO"), t);
    }

    // Picture transfers copy files with the same engine (a copy always
    // copies the bytes; a move copies them across file systems): the N-th
    // file written fails with ENOSPC or EIO. The transfer fails with a
    // clear error naming the albums and the cause, all or nothing: both
    // albums keep their pictures, no file is lost, none is left twice or
    // half-written, also after a new start has recovered.
    void transferSurvivesFileCopyFaults_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<QString>("wording");
        QTest::addColumn<bool>("move");
        QTest::newRow("copy, ENOSPC") << ENOSPC << QStringLiteral("disk is full") << false;
        QTest::newRow("copy, EIO") << EIO << QStringLiteral("I/O error") << false;
        QTest::newRow("move across file systems, ENOSPC") << ENOSPC << QStringLiteral("disk is full") << true;
        QTest::newRow("move across file systems, EIO") << EIO << QStringLiteral("I/O error") << true;
    }
    void transferSurvivesFileCopyFaults()
    {
        QFETCH(int, err);
        QFETCH(QString, wording);
        QFETCH(bool, move);
        // A move copies bytes only across file systems: the destination
        // goes to the temporary folder when that is not where m_dir is.
        QTemporaryDir elsewhere;
        struct stat a {}, b {};
        const bool across = elsewhere.isValid() && ::stat(QFile::encodeName(m_dir.path()).constData(), &a) == 0
            && ::stat(QFile::encodeName(elsewhere.path()).constData(), &b) == 0 && a.st_dev != b.st_dev;
        if (move && !across)
            QSKIP("no second file system for the destination");
        constexpr int InDestination = 2;
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("transfercopy-XXXXXX")));
            QTemporaryDir runElsewhere(elsewhere.filePath(QStringLiteral("run-XXXXXX")));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            const QString source = run.filePath(QStringLiteral("Source"));
            const QString destination = (move ? runElsewhere.path() : run.path()) + QStringLiteral("/Destination");
            QStringList sourceBefore, destinationBefore, sourceFilesBefore, destinationFilesBefore;
            QList<QUuid> picked;
            bool fired = false;
            {
                AlbumRegistry registry(workspace);
                Result<Album> src = registry.create(source, QStringLiteral("Source"));
                Result<Album> dst = registry.create(destination, QStringLiteral("Destination"));
                QVERIFY(src && dst);
                QVERIFY(fillAlbum(*src, PicturesPerAlbum, QStringLiteral("src")));
                QVERIFY(fillAlbum(*dst, InDestination, QStringLiteral("dst")));
                sourceBefore = uuidsIn(source);
                destinationBefore = uuidsIn(destination);
                sourceFilesBefore = filesIn(source);
                destinationFilesBefore = filesIn(destination);
                {
                    Result<Session> session = src->read();
                    QVERIFY(session);
                    const Result<QList<Picture>> pictures = quire::Pictures(*session).query({});
                    QVERIFY(pictures);
                    for (qsizetype i = 0; i < pictures->size(); i += 2)
                        picked.append(pictures->at(i).uuid);
                }

                detail::setFileCopyFault(n, err);
                const Result<TransferReport> done = move ? movePictures(registry, *src, *dst, picked)
                                                         : copyPictures(registry, *src, *dst, picked);
                fired = detail::fileCopiesAttempted() >= n;
                detail::setFileCopyFault(0, 0);
                ++t.runs;
                if (fired) {
                    ++t.injected;
                    QVERIFY2(!done, qPrintable(QStringLiteral("run %1 ignored the failed write").arg(n)));
                    ++t.failed;
                    t.codes.insert(Error::codeName(done.error().code()));
                    QCOMPARE(done.error().code(), ErrorCode::Io);
                    QVERIFY2(errorIsClear(done.error(), QStringLiteral("Source")) && errorIsClear(done.error(), QStringLiteral("Destination")),
                             qPrintable(done.error().toString()));
                    QVERIFY2(done.error().toString().contains(wording), qPrintable(done.error().toString()));
                    // Nothing changed, as the albums say it.
                    QCOMPARE(*quire::Pictures(*src->read()).count(), qint64(PicturesPerAlbum));
                    QCOMPARE(*quire::Pictures(*dst->read()).count(), qint64(InDestination));
                } else {
                    QVERIFY2(done, qPrintable(done.error().toString()));
                }
            }
            {
                // A new start: opening both albums recovers whatever was left.
                SETUP(restartAndRecover(workspace, source, destination, n));
            }
            QCOMPARE(integrity(source), QStringLiteral("ok"));
            QCOMPARE(integrity(destination), QStringLiteral("ok"));
            if (fired) {
                QCOMPARE(uuidsIn(source), sourceBefore);
                QCOMPARE(uuidsIn(destination), destinationBefore);
                QCOMPARE(filesIn(source), sourceFilesBefore);
                QCOMPARE(filesIn(destination), destinationFilesBefore); // no partial file left
            } else {
                QCOMPARE(uuidsIn(source).size(), move ? PicturesPerAlbum - picked.size() : PicturesPerAlbum);
                QCOMPARE(uuidsIn(destination).size(), InDestination + picked.size());
                QCOMPARE(filesIn(source).size(), uuidsIn(source).size());
                QCOMPARE(filesIn(destination).size(), uuidsIn(destination).size());
                break;
            }
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        QVERIFY(t.injected > 0);
        report(QStringLiteral("%1 of %2 pictures").arg(move ? QStringLiteral("move across file systems") : QStringLiteral("copy"))
                   .arg(PicturesPerAlbum / 2),
               QStringLiteral("file copy fails with %1").arg(QTest::currentDataTag()), t);
    }

    void moveTenantAcrossFileSystemsSurvivesFileCopyFaults_data() { formatFileCopyFaults_data(); }
    void moveTenantAcrossFileSystemsSurvivesFileCopyFaults()
    {
        QFETCH(QString, format);
        QFETCH(int, err);
        QFETCH(QString, wording);
        const FormatUnderTest &ft = quire::test::formatNamed(format);
        const QString control = ft.format.controlFolder();
        // /tmp (a disk) to /dev/shm (tmpfs): rename(2) fails with EXDEV and
        // the move copies.
        QTemporaryDir disk(QDir::tempPath() + QStringLiteral("/tst_faults-move-XXXXXX"));
        struct stat a {}, b {};
        if (!QFileInfo(QStringLiteral("/dev/shm")).isWritable() || ::stat(QFile::encodeName(disk.path()).constData(), &a) != 0
            || ::stat("/dev/shm", &b) != 0 || a.st_dev == b.st_dev)
            QSKIP("needs /dev/shm on another file system than the temporary folder");
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(disk.filePath(QStringLiteral("run-XXXXXX")));
            QTemporaryDir there(QStringLiteral("/dev/shm/tst_faults-dest-XXXXXX"));
            const QString source = run.filePath(QStringLiteral("Travelling"));
            const QString destination = there.filePath(QStringLiteral("Travelling"));
            const QString workspace = run.filePath(QStringLiteral("ws"));
            QStringList before, filesBefore;
            QUuid uuid;
            bool fired = false, moved = false;
            {
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                Result<Tenant> tenant = registry->create(source, QStringLiteral("Travelling"));
                QVERIFY(tenant.ok());
                uuid = tenant->uuid();
                QVERIFY(fillTenant(ft, *tenant, PicturesPerAlbum, QStringLiteral("pic")));
                before = uuidsIn(ft, source);
                filesBefore = filesIn(source, control);
                tenant = Tenant();
                detail::setFileCopyFault(n, err);
                const Result<Tenant> result = moveTenant(*registry, uuid, destination);
                fired = detail::fileCopiesAttempted() >= n;
                detail::setFileCopyFault(0, 0);
                moved = result.ok();
                ++t.runs;
                if (fired) {
                    ++t.injected;
                    QVERIFY2(!moved, qPrintable(QStringLiteral("run %1 ignored the failed write").arg(n)));
                    ++t.failed;
                    t.codes.insert(Error::codeName(result.error().code()));
                    QVERIFY2(errorIsClear(result.error(), QStringLiteral("Travelling")), qPrintable(result.error().toString()));
                    QVERIFY2(result.error().toString().contains(wording), qPrintable(result.error().toString()));
                } else {
                    QVERIFY2(moved, qPrintable(result.error().toString()));
                }
            }
            {
                // The next start: recovery, then the tenant where it should be.
                std::unique_ptr<Registry> registry = ft.registry(workspace);
                QVERIFY(recoverFolderOperations(*registry, {run.path(), there.path()}).ok());
                const QString where = moved ? destination : source;
                Result<Tenant> tenant = registry->open(where);
                QVERIFY2(tenant.ok(), qPrintable(tenant.error().toString()));
                QCOMPARE(tenant->uuid(), uuid);
                QVERIFY(tenant->close().ok());
                QCOMPARE(uuidsIn(ft, where), before);
                QCOMPARE(filesIn(where, control), filesBefore);
                QCOMPARE(integrity(ft, where), QStringLiteral("ok"));
                QVERIFY(!QFileInfo::exists(moved ? source : destination));
                for (const QString &parent : {run.path(), there.path()}) {
                    const QStringList leftovers = QDir(parent).entryList({QStringLiteral("*.quire-*")}, QDir::Dirs | QDir::Hidden);
                    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
                }
            }
            if (!fired)
                break;
        }
        report(QStringLiteral("%1 move across file systems (%2 files)").arg(ft.format.kind()).arg(PicturesPerAlbum),
               QStringLiteral("file copy fails with %1").arg(err == ENOSPC ? "ENOSPC" : "EIO"), t);
    }

    // The engine's own row transfers (moveRows, copyRows) for the customer
    // format, with the "entries" mover and each entry's receipt file: the
    // N-th SQLite operation of a kind fails (opening the two tenants too).
    // The transfer completes, or fails with an error naming a tenant; after
    // a new start (opening both through a registry with the row movers, and
    // recoverRowTransfers) no record is left, every entry is in exactly one
    // tenant (a move) or the picked ones in both (a copy), all or none, and
    // every receipt is beside its entry.
    void rowTransferSurvivesSqliteFaults_data()
    {
        QTest::addColumn<bool>("move");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("persistent");
        for (const bool move : {true, false}) {
            for (const FaultRow &r : FaultRows)
                QTest::addRow("%s: %s", move ? "moveRows" : "copyRows", r.tag) << move << int(r.kind) << r.code << r.persistent;
        }
    }
    void rowTransferSurvivesSqliteFaults()
    {
        QFETCH(bool, move);
        const FormatUnderTest &ft = quire::test::customerUnderTest();
        const RowMover mover = quire::test::entriesMover();
        const Fault f = currentFault();
        Tally t;
        int over = 0;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("rows-XXXXXX")));
            RowRun r;
            r.workspace = run.filePath(QStringLiteral("ws"));
            r.source = run.filePath(QStringLiteral("Source"));
            r.destination = run.filePath(QStringLiteral("Destination"));
            SETUP(makeRowTenants(r));
            int injected = 0;
            bool transferred = false;
            {
                std::unique_ptr<Registry> registry = ft.registry(r.workspace);
                m_vfs->failAt(f.kind, n, f.code, f.persistent);
                Result<Tenant> src = registry->open(r.source);
                Result<Tenant> dst = src ? registry->open(r.destination) : src;
                const Result<RowTransferReport> done =
                    !src || !dst ? Result<RowTransferReport>(dst.error())
                    : move       ? moveRows(*registry, *src, *dst, mover, r.transfer)
                                 : copyRows(*registry, *src, *dst, mover, r.transfer);
                injected = m_vfs->injected();
                m_vfs->disarm();
                transferred = done.ok();
                ++t.runs;
                if (injected > 0) {
                    ++t.injected;
                    if (done) {
                        ++t.survived;
                    } else {
                        ++t.failed;
                        t.codes.insert(Error::codeName(done.error().code()));
                        QVERIFY2(errorIsClear(done.error(), QStringLiteral("Source"))
                                     || errorIsClear(done.error(), QStringLiteral("Destination")),
                                 qPrintable(done.error().toString()));
                    }
                } else {
                    QVERIFY2(done.ok(), qPrintable(done.error().toString()));
                    QCOMPARE(done->rows, int(r.transfer.keys.size()));
                    QCOMPARE(done->files, int(r.transfer.files.size()));
                }
            }
            SETUP(restartAndRecoverRows(r, n));
            bool arrived = false;
            SETUP(checkRowsSettled(r, move, &arrived));
            if (transferred)
                QVERIFY2(arrived, qPrintable(QStringLiteral("run %1 reported success but the entries did not arrive").arg(n)));
            over += arrived;
            if (injected == 0)
                break;
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        QVERIFY(t.injected > 0);
        qInfo("%d of %d runs ended with the entries in the destination", over, t.runs);
        report(QStringLiteral("customer %1 of %2 of %3 entries with receipts")
                   .arg(move ? QStringLiteral("moveRows") : QStringLiteral("copyRows"))
                   .arg(PicturesPerAlbum / 2)
                   .arg(PicturesPerAlbum),
               faultName(f), t);
    }

    // The receipts of a row transfer are copied by Quire's file engine (a
    // copy always; a move across file systems): the N-th file written fails
    // with ENOSPC or EIO. The transfer fails with an error naming both
    // tenants and the cause, and nothing changed in either, also after a
    // new start has recovered: no entry, no receipt, no partial file.
    void rowTransferSurvivesFileCopyFaults_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<QString>("wording");
        QTest::addColumn<bool>("move");
        QTest::newRow("copyRows, ENOSPC") << ENOSPC << QStringLiteral("disk is full") << false;
        QTest::newRow("copyRows, EIO") << EIO << QStringLiteral("I/O error") << false;
        QTest::newRow("moveRows across file systems, ENOSPC") << ENOSPC << QStringLiteral("disk is full") << true;
        QTest::newRow("moveRows across file systems, EIO") << EIO << QStringLiteral("I/O error") << true;
    }
    void rowTransferSurvivesFileCopyFaults()
    {
        QFETCH(int, err);
        QFETCH(QString, wording);
        QFETCH(bool, move);
        const FormatUnderTest &ft = quire::test::customerUnderTest();
        const RowMover mover = quire::test::entriesMover();
        // A move links files on one file system: its source goes to a disk
        // (the temporary folder), its destination to /dev/shm (tmpfs).
        QTemporaryDir disk(QDir::tempPath() + QStringLiteral("/tst_faults-rows-XXXXXX"));
        if (move) {
            struct stat a {}, b {};
            if (!QFileInfo(QStringLiteral("/dev/shm")).isWritable() || ::stat(QFile::encodeName(disk.path()).constData(), &a) != 0
                || ::stat("/dev/shm", &b) != 0 || a.st_dev == b.st_dev)
                QSKIP("needs /dev/shm on another file system than the temporary folder");
        }
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(move ? disk.filePath(QStringLiteral("run-XXXXXX")) : m_dir.filePath(QStringLiteral("rowcopy-XXXXXX")));
            QTemporaryDir there(QStringLiteral("/dev/shm/tst_faults-rows-dest-XXXXXX"));
            RowRun r;
            r.workspace = run.filePath(QStringLiteral("ws"));
            r.source = run.filePath(QStringLiteral("Source"));
            r.destination = (move ? there.path() : run.path()) + QStringLiteral("/Destination");
            SETUP(makeRowTenants(r));
            bool fired = false;
            {
                std::unique_ptr<Registry> registry = ft.registry(r.workspace);
                Result<Tenant> src = registry->open(r.source);
                Result<Tenant> dst = registry->open(r.destination);
                QVERIFY(src && dst);
                detail::setFileCopyFault(n, err);
                const Result<RowTransferReport> done = move ? moveRows(*registry, *src, *dst, mover, r.transfer)
                                                            : copyRows(*registry, *src, *dst, mover, r.transfer);
                fired = detail::fileCopiesAttempted() >= n;
                detail::setFileCopyFault(0, 0);
                ++t.runs;
                if (fired) {
                    ++t.injected;
                    QVERIFY2(!done, qPrintable(QStringLiteral("run %1 ignored the failed write").arg(n)));
                    ++t.failed;
                    t.codes.insert(Error::codeName(done.error().code()));
                    QCOMPARE(done.error().code(), ErrorCode::Io);
                    QVERIFY2(errorIsClear(done.error(), QStringLiteral("Source")) && errorIsClear(done.error(), QStringLiteral("Destination")),
                             qPrintable(done.error().toString()));
                    QVERIFY2(done.error().toString().contains(wording), qPrintable(done.error().toString()));
                    // Nothing changed, as the tenants say it.
                    QCOMPARE(ft.count(*src), qint64(PicturesPerAlbum));
                    QCOMPARE(ft.count(*dst), qint64(2));
                } else {
                    QVERIFY2(done, qPrintable(done.error().toString()));
                }
            }
            SETUP(restartAndRecoverRows(r, n));
            bool arrived = false;
            SETUP(checkRowsSettled(r, move, &arrived));
            QCOMPARE(arrived, !fired);
            if (fired) {
                QCOMPARE(entryLines(r.source), r.sourceBefore);
                QCOMPARE(entryLines(r.destination), r.destinationBefore);
                QCOMPARE(filesIn(r.source, ft.format.controlFolder()), r.sourceFilesBefore);
                QCOMPARE(filesIn(r.destination, ft.format.controlFolder()), r.destinationFilesBefore); // no partial file
            } else {
                break;
            }
            QVERIFY2(n < MaxRuns, "the fault loop did not end");
        }
        QVERIFY(t.injected > 0);
        report(QStringLiteral("customer %1 of %2 entries with receipts")
                   .arg(move ? QStringLiteral("moveRows across file systems") : QStringLiteral("copyRows"))
                   .arg(PicturesPerAlbum / 2),
               QStringLiteral("file copy fails with %1").arg(err == ENOSPC ? "ENOSPC" : "EIO"), t);
    }

    void importFromSurvivesFileCopyFaults_data() { fileCopyFaults_data(); }
    void importFromSurvivesFileCopyFaults()
    {
        QFETCH(int, err);
        QFETCH(QString, wording);
        Tally t;
        for (int n = 1; n <= MaxRuns; ++n) {
            QTemporaryDir run(m_dir.filePath(QStringLiteral("importfrom-XXXXXX")));
            const QString folder = run.filePath(QStringLiteral("Camera roll"));
            AlbumRegistry registry(run.filePath(QStringLiteral("ws")));
            Result<Album> album = registry.create(folder, QStringLiteral("Camera roll"));
            QVERIFY(album.ok());
            ImportOptions options;
            options.sourceFolder = m_photos;
            detail::setFileCopyFault(n, err);
            const Result<ImportReport> imported = importPictures(*album, options);
            const bool fired = detail::fileCopiesAttempted() >= n;
            detail::setFileCopyFault(0, 0);
            ++t.runs;
            if (fired) {
                ++t.injected;
                // A full disk ends the import with an error; an I/O error on
                // one file is that file's problem, listed, and the rest go on.
                QString said;
                if (!imported) {
                    ++t.failed;
                    t.codes.insert(Error::codeName(imported.error().code()));
                    QVERIFY2(errorIsClear(imported.error(), QStringLiteral("Camera roll")), qPrintable(imported.error().toString()));
                    said = imported.error().toString();
                } else {
                    ++t.survived;
                    QCOMPARE(imported->failed, 1);
                    QCOMPARE(imported->problems.size(), 1);
                    said = imported->problems.first().reason;
                }
                QVERIFY2(said.contains(wording) || said.contains(QLatin1String("Input/output error")), qPrintable(said));
                if (err == ENOSPC)
                    QVERIFY2(!imported.ok(), "a full disk must end the import");
            } else {
                QVERIFY2(imported.ok(), qPrintable(imported.error().toString()));
            }
            // Run again without faults: every photo exactly once.
            const Result<ImportReport> again = importPictures(*album, options);
            QVERIFY2(again.ok(), qPrintable(again.error().toString()));
            QVERIFY(album->close().ok());
            const QStringList files = filesIn(folder);
            QCOMPARE(files.size(), Photos);
            for (const QString &f : files)
                QVERIFY2(!f.contains(QLatin1String(".quire-importing")), qPrintable(f));
            const QString db = Album::databasePathFor(folder);
            QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) || ',' || count(DISTINCT path) FROM pictures")),
                     QStringLiteral("%1,%1").arg(Photos));
            QCOMPARE(integrity(folder), QStringLiteral("ok"));
            if (!fired)
                break;
        }
        report(QStringLiteral("import --from of %1 photos").arg(Photos), QStringLiteral("file copy fails with %1").arg(QTest::currentDataTag()), t);
    }

    void quirectlImportFromReadsFaultVariable()
    {
        // The environment variable, for a whole process: quirectl import
        // --from stops at a full disk, says so, and a rerun completes.
        QTemporaryDir run(m_dir.filePath(QStringLiteral("quirectl-XXXXXX")));
        const QString folder = run.filePath(QStringLiteral("Phone"));
        const QString workspace = run.filePath(QStringLiteral("ws"));
        auto quirectl = [&](const QStringList &arguments, const QString &fault, QString *stderrText) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("QUIRE_FAIL_FILE_COPY_AT"));
            if (!fault.isEmpty())
                env.insert(QStringLiteral("QUIRE_FAIL_FILE_COPY_AT"), fault);
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(QUIRECTL_PATH), QStringList{QStringLiteral("--workspace"), workspace} + arguments);
            p.waitForFinished(120000);
            if (stderrText)
                *stderrText = QString::fromUtf8(p.readAllStandardError());
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QCOMPARE(quirectl({QStringLiteral("create"), folder}, {}, nullptr), 0);
        QString said;
        QCOMPARE(quirectl({QStringLiteral("import"), folder, QStringLiteral("--from"), m_photos}, QStringLiteral("5:ENOSPC"), &said), 1);
        QVERIFY2(said.contains(QLatin1String("disk is full")) && said.contains(QLatin1String("Phone")), qPrintable(said));
        QCOMPARE(filesIn(folder).size(), 4);
        QCOMPARE(quirectl({QStringLiteral("import"), folder, QStringLiteral("--from"), m_photos}, {}, &said), 0);
        QCOMPARE(filesIn(folder).size(), Photos);
        QCOMPARE(rawQuery(Album::databasePathFor(folder), QStringLiteral("SELECT count(DISTINCT path) || ',' || count(*) FROM pictures")),
                 QStringLiteral("%1,%1").arg(Photos));
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
