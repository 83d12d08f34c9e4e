// Copying tenant folders: the file engine (copyFolderFiles) and the
// folder operations on top of it (copy, rename, delete). Every test of a
// tenant runs for the album and a second format (formats_under_test.h);
// the file engine's tests know no format at all.

#include "customer_format.h"
#include "formats_under_test.h"
#include "testsupport.h"

#include "base/folder_copy.h"

#include "registry/registry_private.h"
#include <quire/album_folders.h>
#include <quire/album_folders.h>
#include <quire/quire.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QCoreApplication>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <optional>
#include <cstdio>
#include <thread>

using namespace quire;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

// Adds `count` real images IMG_<from+i>.jpg, each with a tag.
bool addPictures(const Album &album, int from, int count)
{
    Result<Session> session = album.write();
    if (!session)
        return false;
    for (int i = from; i < from + count; ++i) {
        const QString path = QStringLiteral("IMG_%1.jpg").arg(i);
        if (!test::writeImage(QDir(album.folder()).filePath(path), 30 + i % 20, 20))
            return false;
        Picture p;
        p.path = path;
        p.fileSize = QFileInfo(QDir(album.folder()).filePath(path)).size();
        p.rating = i % 6;
        p.tagIds.append(quire::Tags(*session).ensure(i % 2 ? QStringLiteral("Trips/Spring") : QStringLiteral("People/Ann"))->id);
        if (!quire::Pictures(*session).add(p))
            return false;
    }
    return true;
}

QUuid identityOf(const test::FormatUnderTest &format, const QString &folder)
{
    return QUuid::fromString(test::rawQuery(Tenant::databasePathFor(folder, format.format),
                                            QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'")
                                                .arg(format.format.identityTable())));
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// `count` real images IMG_<i>.jpg in the tenant's folder, and a row for
// each in the format's own table (a picture; an entry naming its receipt).
bool addFiles(const test::FormatUnderTest &format, const Tenant &tenant, int count)
{
    if (format.name == QLatin1String("album"))
        return addPictures(Album(tenant), 0, count);
    Result<Session> session = tenant.write();
    if (!session)
        return false;
    for (int i = 0; i < count; ++i) {
        const QString path = QStringLiteral("IMG_%1.jpg").arg(i);
        if (!test::writeImage(QDir(tenant.folder()).filePath(path), 30 + i % 20, 20))
            return false;
        if (!test::addEntry(*session, i * 100, QStringLiteral("receipt"), path))
            return false;
    }
    return true;
}

// A tenant of one format in a temporary folder: made by make() in the
// folder `name` (and so named) beside its registry's workspace "ws", with
// `files` images and a row for each (addFiles).
struct TenantWithFiles {
    QTemporaryDir tmp;
    std::unique_ptr<Registry> registry;
    QString folder;
    Tenant tenant;
    QUuid uuid;

    // Empty when made, else what went wrong.
    QString make(const test::FormatUnderTest &format, const QString &name, int files)
    {
        registry = format.registry(tmp.filePath(QStringLiteral("ws")));
        folder = tmp.filePath(name);
        Result<Tenant> made = registry->create(folder, name);
        if (!made)
            return made.error().toString();
        tenant = *made;
        uuid = tenant.uuid();
        return addFiles(format, tenant, files) ? QString() : QStringLiteral("cannot add %1 files").arg(files);
    }
};

// Copies a closed tenant's folder file by file (a test's snapshot; a live
// database is only ever copied through SQLite).
bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    if (!QDir().mkpath(to))
        return false;
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(path));
        if (it.fileInfo().isDir() ? !QDir().mkpath(target) : !QFile::copy(path, target))
            return false;
    }
    return true;
}

} // namespace

class TestFolderCopy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filesSkipQuireAndKeepLinks();
    void filesCancelRemovesPartial();
    void filesRefuseNonEmptyAndInside();
    void copyTenant_data() { test::addFormatRows(); }
    void copyTenant();
    void copyWhileWriting_data() { test::addFormatRows(); }
    void copyWhileWriting();
    void copyCancelled_data() { test::addFormatRows(); }
    void copyCancelled();
    void copyRefusals_data() { test::addFormatRows(); }
    void copyRefusals();
    void recoveryRemovesPartial_data() { test::addFormatRows(); }
    void recoveryRemovesPartial();
    void renameTenant_data();
    void renameTenant();
    void deleteTenant_data();
    void deleteTenant();
    void permanentDeleteTheWorkspaceCannotRecordPutsTheFolderBack_data() { test::addFormatRows(); }
    void permanentDeleteTheWorkspaceCannotRecordPutsTheFolderBack();
    void fencedFolderIsNotOpened_data();
    void fencedFolderIsNotOpened();
    void heldByAnotherProcess_data();
    void heldByAnotherProcess();
    void transferRunningRefuses_data();
    void transferRunningRefuses();
    void copySurvivesKillAtEveryStep_data();
    void copySurvivesKillAtEveryStep();
    void copyRefusedWithoutFreeSpace_data();
    void copyRefusedWithoutFreeSpace();
    void renameSurvivesKillAtEveryStep_data();
    void renameSurvivesKillAtEveryStep();
    void deleteSurvivesKillAtEveryStep_data();
    void deleteSurvivesKillAtEveryStep();
};

void TestFolderCopy::filesSkipQuireAndKeepLinks()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    QVERIFY(test::writeImage(src + QStringLiteral("/a.jpg"), 64, 48));
    QVERIFY(test::writeImage(src + QStringLiteral("/sub/b.png"), 32, 32));
    QVERIFY(test::writeFile(src + QStringLiteral("/.quire/album.db"), "not copied"));
    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("outside.txt")), "outside"));
    QVERIFY(QFile::link(tmp.filePath(QStringLiteral("outside.txt")), src + QStringLiteral("/out.lnk")));
    QVERIFY(QFile::link(QStringLiteral("a.jpg"), src + QStringLiteral("/rel.lnk")));

    QList<detail::CopyProgress> seen;
    const QString dst = tmp.filePath(QStringLiteral("dst"));
    const Result<void> r = detail::copyFolderFiles(src, dst, QStringLiteral(".quire"), [&](const detail::CopyProgress &p) {
        seen.append(p);
        return true;
    });
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(!QFileInfo::exists(dst + QStringLiteral("/.quire")));
    QCOMPARE(readAll(dst + QStringLiteral("/a.jpg")), readAll(src + QStringLiteral("/a.jpg")));
    QCOMPARE(readAll(dst + QStringLiteral("/sub/b.png")), readAll(src + QStringLiteral("/sub/b.png")));
    QVERIFY(QFileInfo(dst + QStringLiteral("/out.lnk")).isSymLink());
    QCOMPARE(QFileInfo(dst + QStringLiteral("/out.lnk")).symLinkTarget(), tmp.filePath(QStringLiteral("outside.txt")));
    QVERIFY(QFileInfo(dst + QStringLiteral("/rel.lnk")).isSymLink());
    QCOMPARE(QFile::symLinkTarget(dst + QStringLiteral("/rel.lnk")), dst + QStringLiteral("/a.jpg"));
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.last().files, 2);
    QCOMPARE(seen.last().filesTotal, 2);
    QCOMPARE(seen.last().bytes, seen.last().bytesTotal);
}

void TestFolderCopy::filesCancelRemovesPartial()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    for (int i = 0; i < 5; ++i)
        QVERIFY(test::writeImage(src + QStringLiteral("/IMG_%1.jpg").arg(i), 20 + i, 20));
    const QString dst = tmp.filePath(QStringLiteral("dst"));
    const Result<void> r = detail::copyFolderFiles(src, dst, QStringLiteral(".quire"), [](const detail::CopyProgress &p) {
        return p.files < 2;
    });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), ErrorCode::Cancelled);
    QVERIFY(!QFileInfo::exists(dst));
    QCOMPARE(QDir(src).entryList(QDir::Files).size(), 5);
}

void TestFolderCopy::filesRefuseNonEmptyAndInside()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    QVERIFY(test::writeImage(src + QStringLiteral("/a.jpg"), 20, 20));
    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("full/x.txt")), "x"));
    Result<void> r = detail::copyFolderFiles(src, tmp.filePath(QStringLiteral("full")), QStringLiteral(".quire"), {});
    QCOMPARE(r.error().code(), ErrorCode::AlreadyExists);
    QCOMPARE(readAll(tmp.filePath(QStringLiteral("full/x.txt"))), QByteArray("x"));
    r = detail::copyFolderFiles(src, src + QStringLiteral("/inner"), QStringLiteral(".quire"), {});
    QCOMPARE(r.error().code(), ErrorCode::InvalidArgument);
    QVERIFY(!QFileInfo::exists(src + QStringLiteral("/inner")));
    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("empty"))));
    r = detail::copyFolderFiles(src, tmp.filePath(QStringLiteral("empty")), QStringLiteral(".quire"), {});
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("empty/a.jpg"))));
}

void TestFolderCopy::copyTenant()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Holiday"), 12), QString());
    Registry &registry = *t.registry;
    const QString src = t.folder;
    QVERIFY(test::writeFile(t.tmp.filePath(QStringLiteral("outside.txt")), "outside"));
    QVERIFY(QFile::link(t.tmp.filePath(QStringLiteral("outside.txt")), src + QStringLiteral("/link.txt")));
    const QString before = f.fingerprint(src);
    QVERIFY(before.count(QLatin1Char('\n')) >= 11);
    const QStringList sourceEntries = entries(f.format.controlPath(src));

    QList<CopyTenantProgress> seen;
    CopyTenantOptions options;
    options.progress = [&](const CopyTenantProgress &p) { seen.append(p); return true; };
    const QString dst = t.tmp.filePath(QStringLiteral("Copy"));
    Result<Tenant> copy = quire::copyTenant(registry, t.uuid, dst, options);
    QVERIFY2(copy.ok(), qPrintable(copy.error().toString()));
    QVERIFY(copy->uuid() != t.uuid);
    QCOMPARE(copy->name(), QStringLiteral("Holiday (copy)"));
    QCOMPARE(identityOf(f, dst), copy->uuid());
    QCOMPARE(f.fingerprint(dst), before);
    QCOMPARE(f.fingerprint(src), before);
    QCOMPARE(t.tenant.name(), QStringLiteral("Holiday"));
    QCOMPARE(test::rawQuery(Tenant::databasePathFor(dst, f.format), QStringLiteral("PRAGMA integrity_check")),
             QStringLiteral("ok"));
    for (int i = 0; i < 12; ++i) {
        const QString name = QStringLiteral("/IMG_%1.jpg").arg(i);
        QCOMPARE(readAll(dst + name), readAll(src + name));
    }
    QVERIFY(QFileInfo(dst + QStringLiteral("/link.txt")).isSymLink());
    QCOMPARE(QFileInfo(dst + QStringLiteral("/link.txt")).symLinkTarget(), t.tmp.filePath(QStringLiteral("outside.txt")));
    QVERIFY(!QFileInfo::exists(f.format.controlPath(dst, QStringLiteral("copy-partial"))));
    QCOMPARE(seen.size(), 12);
    QCOMPARE(seen.last().files, 12);
    QCOMPARE(seen.last().bytes, seen.last().bytesTotal);
    QCOMPARE(entries(f.format.controlPath(src)), sourceEntries);
    // Registered: the catalog knows both.
    QVERIFY(!registry.find(copy->uuid()).isNull());
    const Result<QList<CatalogEntry>> catalog = registry.catalog();
    QVERIFY(catalog.ok());
    QCOMPARE(catalog->size(), 2);
    // Nothing partial left beside it.
    QCOMPARE(QDir(t.tmp.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).size(), 0);
}

void TestFolderCopy::copyWhileWriting()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Live"), 40), QString());
    Registry &registry = *t.registry;
    // Padding so the database has many pages to step through.
    {
        Result<Session> s = t.tenant.write();
        QVERIFY(s.ok());
        QVERIFY(s->connection().exec(f.padSql).ok());
    }
    // The writer: rows labelled from row/1000 up, one per transaction.
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    QString writerError;
    const Tenant live = t.tenant;
    std::thread writer([&] {
        for (int n = 1000; !stop.load(); ++n) {
            Result<Session> s = live.write();
            if (!s) {
                writerError = s.error().toString();
                return;
            }
            if (auto r = f.addRow(*s, QStringLiteral("row/%1").arg(n)); !r) {
                writerError = r.error().toString();
                return;
            }
            ++written;
        }
    });
    while (written.load() < 5)
        QThread::msleep(1);
    CopyTenantOptions options;
    options.progress = [&](const CopyTenantProgress &) { QThread::msleep(1); return true; };
    Result<Tenant> copy = quire::copyTenant(registry, t.uuid, t.tmp.filePath(QStringLiteral("Snapshot")), options);
    stop = true;
    writer.join();
    QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
    QVERIFY2(copy.ok(), qPrintable(copy.error().toString()));
    // Exactly rows 1000..1000+k-1 for some k.
    const QString db = Tenant::databasePathFor(copy->folder(), f.format);
    const QStringList got = test::rawQuery(db, QStringLiteral("SELECT CAST(substr(label, 5) AS INTEGER) FROM "
                                                              "(SELECT %1 AS label FROM %2) WHERE label LIKE 'row/%' ORDER BY 1")
                                                   .arg(f.labelSql, f.table))
                                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(got.size() >= 5);
    for (int i = 0; i < got.size(); ++i)
        QCOMPARE(got.at(i).toInt(), 1000 + i);
    QCOMPARE(test::rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
}

void TestFolderCopy::copyCancelled()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Source"), 6), QString());
    Registry &registry = *t.registry;
    const QString src = t.folder;
    const QString before = f.fingerprint(src);
    const QStringList sourceEntries = entries(src);
    CopyTenantOptions options;
    options.progress = [](const CopyTenantProgress &p) { return p.files < 3; };
    Result<Tenant> copy = quire::copyTenant(registry, t.uuid, t.tmp.filePath(QStringLiteral("Dest")), options);
    QVERIFY(!copy.ok());
    QCOMPARE(copy.error().code(), ErrorCode::Cancelled);
    QVERIFY2(copy.error().message().contains(QStringLiteral("cannot copy the %1").arg(f.format.kind())),
             qPrintable(copy.error().toString()));
    QCOMPARE(entries(t.tmp.path()), QStringList({QStringLiteral("Source"), QStringLiteral("ws")}));
    QCOMPARE(f.fingerprint(src), before);
    QCOMPARE(entries(src), sourceEntries);
    QCOMPARE(registry.catalog()->size(), 1);
    // And through the cancel flag.
    std::atomic<bool> cancel{true};
    CopyTenantOptions flag;
    flag.cancel = &cancel;
    copy = quire::copyTenant(registry, t.uuid, t.tmp.filePath(QStringLiteral("Dest")), flag);
    QCOMPARE(copy.error().code(), ErrorCode::Cancelled);
    QCOMPARE(entries(t.tmp.path()), QStringList({QStringLiteral("Source"), QStringLiteral("ws")}));
}

void TestFolderCopy::copyRefusals()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Trip"), 3), QString());
    Registry &registry = *t.registry;
    QTemporaryDir &tmp = t.tmp;
    const QString src = t.folder;
    const QUuid uuid = t.uuid;
    const QStringList before = entries(tmp.path());
    const QString cannotCopy = QStringLiteral("cannot copy the %1").arg(f.format.kind());

    Result<Tenant> r = quire::copyTenant(registry, uuid, src + QStringLiteral("/inner"));
    QCOMPARE(r.error().code(), ErrorCode::InvalidArgument);
    QVERIFY(r.error().toString().contains(QStringLiteral("Trip")));
    QVERIFY(r.error().message().contains(QStringLiteral("inside")));
    QVERIFY2(r.error().message().contains(cannotCopy), qPrintable(r.error().toString()));

    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("Full/x.txt")), "x"));
    r = quire::copyTenant(registry, uuid, tmp.filePath(QStringLiteral("Full")));
    QCOMPARE(r.error().code(), ErrorCode::AlreadyExists);
    QVERIFY(r.error().message().contains(QStringLiteral("not empty")));
    QVERIFY2(r.error().message().contains(cannotCopy), qPrintable(r.error().toString()));
    QCOMPARE(entries(tmp.filePath(QStringLiteral("Full"))), QStringList{QStringLiteral("x.txt")});

    // Not enough space: /dev/shm-like small file systems are not at hand, so
    // a sparse file larger than the free space stands in for a big picture.
    const qint64 free = detail::freeBytesAt(tmp.path());
    QVERIFY(free > 0);
    {
        QFile big(src + QStringLiteral("/huge.raw"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(free + (qint64(1) << 30)));
    }
    r = quire::copyTenant(registry, uuid, tmp.filePath(QStringLiteral("Big")));
    QCOMPARE(r.error().code(), ErrorCode::Io);
    QVERIFY(r.error().message().contains(QStringLiteral("free space")));
    QVERIFY2(r.error().message().contains(cannotCopy), qPrintable(r.error().toString()));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("Big"))));
    QVERIFY(QFile::remove(src + QStringLiteral("/huge.raw")));

    // Held: another process's transfer lock (a forked child holds flock).
    const QString transfersLock = f.format.controlPath(src, QStringLiteral("transfers.lock"));
    QVERIFY(test::writeFile(transfersLock, QByteArray()));
    const int fd = ::open(QFile::encodeName(transfersLock).constData(), O_RDWR);
    QVERIFY(fd >= 0);
    QVERIFY(::flock(fd, LOCK_EX) == 0);
    r = quire::copyTenant(registry, uuid, tmp.filePath(QStringLiteral("Held")));
    QCOMPARE(r.error().code(), ErrorCode::Busy);
    Result<Tenant> renamed = quire::renameTenant(registry, uuid, QStringLiteral("Other"));
    QCOMPARE(renamed.error().code(), ErrorCode::Busy);
    QCOMPARE(quire::deleteTenant(registry, uuid, true).error().code(), ErrorCode::Busy);
    ::close(fd);
    QVERIFY(QFileInfo::exists(src));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("Held"))));

    // Rename refusals.
    renamed = quire::renameTenant(registry, uuid, QStringLiteral("a/b"));
    QCOMPARE(renamed.error().code(), ErrorCode::InvalidArgument);
    renamed = quire::renameTenant(registry, uuid, QStringLiteral("Full"));
    QCOMPARE(renamed.error().code(), ErrorCode::AlreadyExists);
    QVERIFY(renamed.error().toString().contains(QStringLiteral("Trip")));
    QCOMPARE(t.tenant.name(), QStringLiteral("Trip"));
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(src, f.format)));
    QCOMPARE(registry.catalog()->size(), 1);
    QStringList expected = before + QStringList{QStringLiteral("Full")};
    expected.sort();
    QCOMPARE(entries(tmp.path()), expected);
}

void TestFolderCopy::recoveryRemovesPartial()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Src"), 3), QString());
    Registry &registry = *t.registry;
    QTemporaryDir &tmp = t.tmp;
    const QString src = t.folder;
    const QString control = f.format.controlFolder();
    // What an interrupted copy leaves: files, the marker, the database
    // under its partial name.
    const QString partial = tmp.filePath(QStringLiteral("Dst.quire-partial-1234"));
    QVERIFY(detail::copyFolderFiles(src, partial, control, {}).ok());
    QVERIFY(test::writeFile(f.format.controlPath(partial, QStringLiteral("copy-partial")), "x"));
    QVERIFY(QFile::copy(Tenant::databasePathFor(src, f.format), f.format.controlPath(partial, QStringLiteral("copy-partial.db"))));
    // Another engineer's partial (no copy marker) is left alone.
    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("Other.quire-partial-9/keep.txt")), "k"));

    // A copy still running (its marker locked) is left alone.
    {
        const int fd = ::open(QFile::encodeName(f.format.controlPath(partial, QStringLiteral("copy-partial"))).constData(),
                              O_RDONLY);
        QVERIFY(fd >= 0);
        QVERIFY(::flock(fd, LOCK_EX) == 0);
        QCOMPARE(detail::recoverFolderCopies(tmp.path(), f.format), QStringList());
        QVERIFY(QFileInfo::exists(partial));
        ::close(fd);
    }
    const Result<ScanReport> scan = registry.scan(tmp.path());
    QVERIFY(scan.ok());
    QCOMPARE(registry.catalog()->size(), 1);

    const QStringList removed = detail::recoverFolderCopies(tmp.path(), f.format);
    QCOMPARE(removed, QStringList{partial});
    QVERIFY(!QFileInfo::exists(partial));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("Other.quire-partial-9/keep.txt"))));
    QCOMPARE(registry.catalog()->size(), 1);

    // Through the registry-level recovery too.
    const QString again = tmp.filePath(QStringLiteral("Again.quire-partial-77"));
    QVERIFY(detail::copyFolderFiles(src, again, control, {}).ok());
    QVERIFY(test::writeFile(f.format.controlPath(again, QStringLiteral("copy-partial")), "x"));
    const Result<FolderRecoveryReport> report = recoverFolderOperations(registry, {tmp.path()});
    QVERIFY2(report.ok(), qPrintable(report.error().toString()));
    QVERIFY(!QFileInfo::exists(again));
    bool cleaned = false;
    for (const FolderRecoveryReport::Entry &e : report->entries)
        cleaned = cleaned || (e.folder == again && e.outcome == FolderRecoveryReport::Entry::Outcome::Cleaned);
    QVERIFY(cleaned);
    QCOMPARE(registry.catalog()->size(), 1);
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(src, f.format)));
}

void TestFolderCopy::renameTenant_data()
{
    test::addFormatRows();
}

void TestFolderCopy::renameTenant()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Old"), 2), QString());
    QTemporaryDir &tmp = t.tmp;
    Registry &registry = *t.registry;
    const QString src = t.folder;
    const QUuid uuid = t.uuid;
    const QString before = f.fingerprint(src);
    QVERIFY(before.count(QLatin1Char('\n')) >= 1);

    QSignalSpy moved(&registry, &Registry::tenantMoved);
    Result<Tenant> kept = quire::renameTenant(registry, uuid, QStringLiteral("Display only"), true);
    QVERIFY2(kept.ok(), qPrintable(kept.error().toString()));
    QCOMPARE(kept->name(), QStringLiteral("Display only"));
    QVERIFY(QFileInfo::exists(src));
    QCOMPARE(moved.size(), 0);
    // The workspace shows the new name at once, without a reopen.
    QCOMPARE(registry.catalog()->value(0).name, QStringLiteral("Display only"));

    Result<Tenant> renamed = quire::renameTenant(registry, uuid, QStringLiteral("New"));
    QVERIFY2(renamed.ok(), qPrintable(renamed.error().toString()));
    const QString target = QFileInfo(tmp.filePath(QStringLiteral("New"))).canonicalFilePath();
    QCOMPARE(renamed->folder(), target);
    QCOMPARE(renamed->name(), QStringLiteral("New"));
    QCOMPARE(renamed->uuid(), uuid);
    QVERIFY(!QFileInfo::exists(src));
    QCOMPARE(f.fingerprint(target), before);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().at(0).value<QUuid>(), uuid);
    QCOMPARE(moved.first().at(2).toString(), target);
    const Result<QList<CatalogEntry>> catalog = registry.catalog();
    QVERIFY(catalog.ok());
    QCOMPARE(catalog->size(), 1);
    QCOMPARE(QFileInfo(catalog->first().folder).canonicalFilePath(), target);
    QCOMPARE(catalog->first().name, QStringLiteral("New"));

    // Refused, naming the tenant and why, nothing changed: a name that is
    // no folder name, and the name of a folder that exists.
    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("Taken"))));
    Result<Tenant> slash = quire::renameTenant(registry, uuid, QStringLiteral("a/b"));
    QVERIFY(!slash);
    QCOMPARE(slash.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(slash.error().message().contains(QLatin1String("'/'")), qPrintable(slash.error().toString()));
    Result<Tenant> taken = quire::renameTenant(registry, uuid, QStringLiteral("Taken"));
    QVERIFY(!taken);
    QCOMPARE(taken.error().code(), ErrorCode::AlreadyExists);
    for (const Error &e : {slash.error(), taken.error()}) {
        QVERIFY2(e.toString().contains(QLatin1String("New")), qPrintable(e.toString()));
        QVERIFY2(e.message().contains(QStringLiteral("cannot rename the %1").arg(f.format.kind())), qPrintable(e.toString()));
    }
    QCOMPARE(f.fingerprint(target), before);
    QCOMPARE(entries(tmp.filePath(QStringLiteral("Taken"))), QStringList());
    QCOMPARE(registry.find(uuid).folder(), target);
}

void TestFolderCopy::fencedFolderIsNotOpened_data()
{
    test::addFormatRows();
}

void TestFolderCopy::fencedFolderIsNotOpened()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    // While a rename, move or delete changes a tenant's folder, nothing in
    // the process may open it at its old place (a search, a thumbnail reader).
    QTemporaryDir tmp;
    std::unique_ptr<Registry> owner = f.registry(tmp.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    Result<Tenant> tenant = registry.create(tmp.filePath(QStringLiteral("Held")), QStringLiteral("Held"));
    QVERIFY(tenant.ok());
    const QUuid uuid = tenant->uuid();
    QVERIFY(registry.close(uuid).ok());
    {
        detail::FolderFence fence(registry, tmp.filePath(QStringLiteral("Held")));
        const Result<Tenant> refused = registry.open(tmp.filePath(QStringLiteral("Held")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::Busy);
        QVERIFY2(refused.error().message().contains(QLatin1String("being renamed")), qPrintable(refused.error().toString()));
        QVERIFY2(refused.error().toString().contains(QLatin1String("Held")), qPrintable(refused.error().toString()));
        QCOMPARE(registry.resolve(uuid.toString()).error().code(), ErrorCode::Busy);
    }
    QVERIFY(registry.open(tmp.filePath(QStringLiteral("Held"))).ok()); // lifted with the fence
}

void TestFolderCopy::deleteTenant_data()
{
    test::addFormatRows();
}

void TestFolderCopy::deleteTenant()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    QTemporaryDir tmp;
    // The data folder does not exist yet, as on a new account: Qt 6.4 alone
    // would "trash" the tenant into the working directory.
    qputenv("XDG_DATA_HOME", QFile::encodeName(tmp.filePath(QStringLiteral("xdg"))));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("xdg"))));
    const QString workingDirectory = QDir::currentPath();
    QVERIFY(QDir::setCurrent(tmp.path()));
    const auto restore = qScopeGuard([&] {
        QDir::setCurrent(workingDirectory);
        qunsetenv("XDG_DATA_HOME");
    });
    std::unique_ptr<Registry> owner = f.registry(tmp.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    Result<Tenant> gone = registry.create(tmp.filePath(QStringLiteral("Gone")), QStringLiteral("Gone"));
    Result<Tenant> trashed = registry.create(tmp.filePath(QStringLiteral("Trashed")), QStringLiteral("Trashed"));
    Result<Tenant> kept = registry.create(tmp.filePath(QStringLiteral("Kept")), QStringLiteral("Kept"));
    QVERIFY(gone.ok() && trashed.ok() && kept.ok());
    QVERIFY(addFiles(f, *gone, 2));
    QVERIFY(addFiles(f, *trashed, 2));
    QVERIFY(addFiles(f, *kept, 2));
    const QString trashedRows = f.fingerprint(trashed->folder());
    const QString keptRows = f.fingerprint(kept->folder());
    QSignalSpy removed(&registry, &Registry::tenantRemoved);

    QVERIFY(quire::deleteTenant(registry, gone->uuid(), true).ok());
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("Gone"))));
    QCOMPARE(registry.catalog()->size(), 2);

    const Result<void> r = quire::deleteTenant(registry, trashed->uuid(), false);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("Trashed"))));
    // In the trash whole: its database with every row, and its files.
    const QString inTrash = tmp.filePath(QStringLiteral("xdg/Trash/files/Trashed"));
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(inTrash, f.format)));
    QCOMPARE(f.fingerprint(inTrash), trashedRows);
    QVERIFY(QFileInfo::exists(inTrash + QStringLiteral("/IMG_0.jpg")));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("files"))));
    QCOMPARE(registry.catalog()->size(), 1);
    QCOMPARE(removed.size(), 2);
    // Nothing left beside the deleted folders, and the other tenant untouched.
    QCOMPARE(entries(tmp.path()), (QStringList{QStringLiteral("Kept"), QStringLiteral("ws"), QStringLiteral("xdg")}));
    QCOMPARE(f.fingerprint(kept->folder()), keptRows);
    QCOMPARE(f.count(*kept), qint64(2));

    // An unknown UUID: refused as not found, nothing removed.
    const Result<void> unknown = quire::deleteTenant(registry, QUuid::createUuid(), true);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(kept->folder(), f.format)));
}

// A permanent delete renames the folder aside, then has the workspace
// forget the tenant before anything is removed. When the workspace cannot
// record that (another program is writing its catalog), the folder goes
// back where it was, every row and file in it, and stays listed.
void TestFolderCopy::permanentDeleteTheWorkspaceCannotRecordPutsTheFolderBack()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    QTemporaryDir tmp;
    const QString workspace = tmp.filePath(QStringLiteral("ws"));
    std::unique_ptr<Registry> owner = f.registry(workspace);
    Registry &registry = *owner;
    Result<Tenant> tenant = registry.create(tmp.filePath(QStringLiteral("Stays")), QStringLiteral("Stays"));
    QVERIFY(tenant.ok());
    QVERIFY(addFiles(f, *tenant, 2));
    const QString folder = tenant->folder();
    const QUuid uuid = tenant->uuid();
    const QString before = f.fingerprint(folder);
    QSignalSpy removed(&registry, &Registry::tenantRemoved);

    QProcess writer;
    writer.start(QStringLiteral(HOLDER_CHILD_PATH),
                 {QStringLiteral("write-lock"), QDir(workspace).filePath(QStringLiteral("catalog.db"))});
    QVERIFY(writer.waitForReadyRead(20000));
    QCOMPARE(writer.readLine().trimmed(), QByteArray("ready"));

    const Result<void> deleted = quire::deleteTenant(registry, uuid, true);
    QVERIFY(!deleted);
    QCOMPARE(deleted.error().code(), ErrorCode::Busy);
    QVERIFY2(deleted.error().toString().contains(QLatin1String("Stays")), qPrintable(deleted.error().toString()));
    QVERIFY2(deleted.error().message().contains(QLatin1String("nothing was deleted")),
             qPrintable(deleted.error().toString()));
    // Back in place, whole: no folder set aside beside it.
    QCOMPARE(entries(tmp.path()), (QStringList{QStringLiteral("Stays"), QStringLiteral("ws")}));
    QCOMPARE(f.fingerprint(folder), before);
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/IMG_0.jpg")));
    QCOMPARE(removed.size(), 0);

    writer.closeWriteChannel();
    QVERIFY(writer.waitForFinished(20000));
    QCOMPARE(writer.exitCode(), 0);
    // Still known to this workspace, and to the next program that opens it.
    Result<Tenant> reopened = registry.open(folder);
    QVERIFY2(reopened, qPrintable(reopened.error().toString()));
    QCOMPARE(reopened->uuid(), uuid);
    QCOMPARE(f.count(*reopened), qint64(2));
    std::unique_ptr<Registry> next = f.registry(workspace);
    Result<QList<CatalogEntry>> listed = next->catalog();
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().uuid, uuid);
    QCOMPARE(listed->first().folder, folder);
}

void TestFolderCopy::heldByAnotherProcess_data()
{
    test::addFormatRows();
}

void TestFolderCopy::heldByAnotherProcess()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QTemporaryDir &tmp = t.tmp;
    qputenv("XDG_DATA_HOME", QFile::encodeName(tmp.filePath(QStringLiteral("xdg"))));
    const auto restore = qScopeGuard([] { qunsetenv("XDG_DATA_HOME"); });
    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("xdg"))));
    QCOMPARE(t.make(f, QStringLiteral("Shared"), 2), QString());
    Registry &registry = *t.registry;
    const QString src = t.folder;
    const QUuid uuid = t.uuid;
    const QString before = f.fingerprint(src);

    // Another process reads the tenant (a read transaction held open): this
    // test binary run again (a fork would share SQLite's lock bookkeeping).
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--hold-db"), Tenant::databasePathFor(src, f.format), f.table});
    QVERIFY(child.waitForStarted());
    QVERIFY(child.waitForReadyRead(30000));
    QCOMPARE(child.readLine().trimmed(), QByteArray("ready"));

    Result<Tenant> renamed = quire::renameTenant(registry, uuid, QStringLiteral("Elsewhere"));
    QVERIFY(!renamed.ok());
    QCOMPARE(renamed.error().code(), ErrorCode::Busy);
    QVERIFY(renamed.error().toString().contains(QStringLiteral("Shared")));
    QVERIFY2(renamed.error().message().contains(QStringLiteral("another program has the %1 open").arg(f.format.kind())),
             qPrintable(renamed.error().toString()));
    for (bool permanently : {true, false}) {
        const Result<void> deleted = quire::deleteTenant(registry, uuid, permanently);
        QVERIFY(!deleted);
    QCOMPARE(deleted.error().code(), ErrorCode::Busy);
        QVERIFY2(deleted.error().toString().contains(QStringLiteral("Shared")), qPrintable(deleted.error().toString()));
        QVERIFY2(deleted.error().message().contains(QStringLiteral("cannot delete the %1").arg(f.format.kind())),
                 qPrintable(deleted.error().toString()));
    }
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(src, f.format)));
    QCOMPARE(f.fingerprint(src), before);
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("Elsewhere"))));
    QCOMPARE(entries(tmp.filePath(QStringLiteral("xdg"))), QStringList());
    QCOMPARE(registry.catalog()->size(), 1);
    // Refused, the tenant is open again in this process and still writes.
    Result<Tenant> again = registry.open(src);
    QVERIFY2(again, qPrintable(again.error().toString()));
    // A copy needs no one to leave: it reads a snapshot.
    Result<Tenant> copy = quire::copyTenant(registry, uuid, tmp.filePath(QStringLiteral("Copy")));
    QVERIFY2(copy.ok(), qPrintable(copy.error().toString()));
    QCOMPARE(f.fingerprint(copy->folder()), before);

    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    // Once it is gone, the rename goes through.
    renamed = quire::renameTenant(registry, uuid, QStringLiteral("Elsewhere"));
    QVERIFY2(renamed.ok(), qPrintable(renamed.error().toString()));
    QCOMPARE(f.fingerprint(renamed->folder()), before);
}

void TestFolderCopy::transferRunningRefuses_data()
{
    test::addFormatRows();
}

// Another process is moving rows out of the tenant (it holds the tenant's
// transfers.lock, as a picture or row transfer does for its whole run):
// rename, delete and copy refuse, saying what is being moved in the
// format's own word (the album's "pictures", the customer's "entries",
// never another format's), and nothing changes. Once it lets go, they run.
void TestFolderCopy::transferRunningRefuses()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    TenantWithFiles t;
    QTemporaryDir &tmp = t.tmp;
    qputenv("XDG_DATA_HOME", QFile::encodeName(tmp.filePath(QStringLiteral("xdg"))));
    const auto restore = qScopeGuard([] { qunsetenv("XDG_DATA_HOME"); });
    QCOMPARE(t.make(f, QStringLiteral("Busy books"), 2), QString());
    Registry &registry = *t.registry;
    const QString src = t.folder;
    const QUuid uuid = t.uuid;
    const QString before = f.fingerprint(src);

    QProcess holder;
    holder.start(QStringLiteral(HOLDER_CHILD_PATH),
                 {QStringLiteral("flock"), f.format.controlPath(src, QStringLiteral("transfers.lock"))});
    QVERIFY(holder.waitForReadyRead(20000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("ready"));

    const QString says = QStringLiteral("another program is moving %1 in or out of it")
                             .arg(f.name == QLatin1String("album") ? QStringLiteral("pictures") : QStringLiteral("entries"));
    QStringList errors;
    const Result<Tenant> renamed = quire::renameTenant(registry, uuid, QStringLiteral("Renamed"));
    errors.append(renamed ? QStringLiteral("renamed") : renamed.error().toString());
    const Result<void> deleted = quire::deleteTenant(registry, uuid, true);
    errors.append(deleted ? QStringLiteral("deleted") : deleted.error().toString());
    const Result<Tenant> copied = quire::copyTenant(registry, uuid, tmp.filePath(QStringLiteral("Copy")));
    errors.append(copied ? QStringLiteral("copied") : copied.error().toString());
    for (const QString &e : std::as_const(errors)) {
        QVERIFY2(e.contains(says), qPrintable(e));
        QVERIFY2(e.contains(QLatin1String("Busy books")), qPrintable(e));
    }
    QCOMPARE(renamed.error().code(), ErrorCode::Busy);
    QCOMPARE(deleted.error().code(), ErrorCode::Busy);
    QCOMPARE(copied.error().code(), ErrorCode::Busy);
    QCOMPARE(f.fingerprint(src), before);
    QCOMPARE(entries(tmp.path()), (QStringList{QStringLiteral("Busy books"), QStringLiteral("ws")}));
    QVERIFY(registry.find(uuid).read());

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(20000));
    QCOMPARE(holder.exitCode(), 0);
    const Result<Tenant> later = quire::renameTenant(registry, uuid, QStringLiteral("Renamed"));
    QVERIFY2(later, qPrintable(later.error().toString()));
    QCOMPARE(f.fingerprint(later->folder()), before);
}

void TestFolderCopy::copySurvivesKillAtEveryStep_data()
{
    test::addFormatRows();
}

void TestFolderCopy::copySurvivesKillAtEveryStep()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    // quirectl copy killed with SIGKILL at its n-th step (QUIRE_CRASH_AT,
    // core/src/across/crash_point.h), for n = 1, 2, ... until a run ends by
    // itself. After each kill and the recovery of the next start, the
    // source is as it was and the destination is either a whole, verified
    // copy or nothing at all: no half copy is left that looks like an album.
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
    const QString library = dir.filePath(QStringLiteral("library"));
    QVERIFY(QDir().mkpath(library));
    QUuid sourceUuid;
    const QStringList quirectl = f.quirectlArguments(dir.path());
    {
        std::unique_ptr<Registry> registry = f.registry(workspace);
        Result<Tenant> source = registry->create(sourceFolder, QStringLiteral("Source"));
        QVERIFY(source);
        QVERIFY(addFiles(f, *source, 10));
        sourceUuid = source->uuid();
        QVERIFY(registry->close(sourceUuid).ok());
    }
    const QString sourceRows = f.fingerprint(sourceFolder);
    QVERIFY(sourceRows.count(QLatin1Char('\n')) >= 9);
    const QStringList sourceFiles = entries(sourceFolder);
    const QString destination = library + QStringLiteral("/Copy");

    int kills = 0;
    for (int n = 1; n < 200; ++n) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(n));
        child.setProcessEnvironment(env);
        child.start(QStringLiteral(QUIRECTL_PATH),
                    quirectl + QStringList{QStringLiteral("--workspace"), workspace, QStringLiteral("copy"), sourceFolder,
                                           destination});
        QVERIFY(child.waitForFinished(60000));
        const bool killed = child.exitStatus() == QProcess::CrashExit;
        if (!killed)
            QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());

        // The next start: recovery over the destination's parent.
        {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            Result<FolderRecoveryReport> recovered = recoverFolderOperations(*registry, {library});
            QVERIFY2(recovered, qPrintable(recovered.error().toString()));
        }
        // The source, untouched.
        QCOMPARE(f.fingerprint(sourceFolder), sourceRows);
        QCOMPARE(entries(sourceFolder), sourceFiles);
        // Nothing half-made beside the destination.
        for (const QString &name : entries(library))
            QVERIFY2(name == QLatin1String("Copy"), qPrintable(QStringLiteral("kill %1 left %2").arg(n).arg(name)));
        if (QFileInfo::exists(destination)) {
            // Whole: every row and file, its own identity, sound.
            const QString copied = Tenant::databasePathFor(destination, f.format);
            QCOMPARE(test::rawQuery(copied, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            QCOMPARE(f.fingerprint(destination), sourceRows);
            QVERIFY(identityOf(f, destination) != sourceUuid);
            for (int i = 0; i < 10; ++i) {
                const QString file = QStringLiteral("IMG_%1.jpg").arg(i);
                QCOMPARE(readAll(QDir(destination).filePath(file)), readAll(QDir(sourceFolder).filePath(file)));
            }
        }
        if (!killed)
            break;
        ++kills;
        // The next run starts from nothing: a finished copy is removed and
        // forgotten by the workspace.
        if (QFileInfo::exists(destination)) {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            const QUuid copyUuid = identityOf(f, destination);
            QVERIFY(QDir(destination).removeRecursively());
            (void)registry->forget(copyUuid);
        }
    }
    qInfo("%s: copy killed at %d steps, each recovered", qPrintable(f.name), kills);
    QVERIFY2(kills >= 15, qPrintable(QStringLiteral("only %1 kill points").arg(kills)));
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(destination, f.format)));
}

void TestFolderCopy::copyRefusedWithoutFreeSpace_data()
{
    test::addFormatRows();
}

void TestFolderCopy::copyRefusedWithoutFreeSpace()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    // A destination with less room than the tenant needs: a 1 MB tmpfs
    // mounted here (root only), and a tenant with a 3 MB file a row names.
    TenantWithFiles t;
    QCOMPARE(t.make(f, QStringLiteral("Big"), 0), QString());
    const QString small = t.tmp.filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(small));
    const QByteArray point = QFile::encodeName(small);
    if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=1m") != 0)
        QSKIP("cannot mount a small tmpfs here (not root): the free-space refusal is not tested");
    auto unmount = qScopeGuard([&] { ::umount2(point.constData(), MNT_DETACH); });
    const QString src = t.folder;
    QVERIFY(test::writeFile(src + QStringLiteral("/huge.raw"), QByteArray(3 * 1024 * 1024, 'x')));
    {
        Result<Session> session = t.tenant.write();
        QVERIFY(session);
        QVERIFY(f.addFileRow(*session, QStringLiteral("huge.raw"), 3 * 1024 * 1024));
    }
    const QString rowsBefore = f.fingerprint(src);
    QVERIFY(rowsBefore.contains(QLatin1String("huge.raw")));

    Result<Tenant> r = quire::copyTenant(*t.registry, t.uuid, small + QStringLiteral("/Big copy"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::Io);
    QVERIFY2(r.error().message().contains(QStringLiteral("free space")), qPrintable(r.error().toString()));
    QVERIFY2(r.error().message().contains(QStringLiteral("cannot copy the %1").arg(f.format.kind())),
             qPrintable(r.error().toString()));
    QVERIFY(r.error().toString().contains(QStringLiteral("Big")));
    // Nothing made, nothing changed.
    QCOMPARE(entries(small), QStringList());
    QCOMPARE(f.fingerprint(src), rowsBefore);
}

// quirectl killed with SIGKILL at its n-th step boundary (QUIRE_CRASH_AT)
// while it runs `arguments` on the tenant, for n = 1, 2, ... until a run
// ends by itself; `check` is called after each run and the next start's
// recovery over the tenant's parent folder, with whether the run was
// killed. Returns the number of kills.
static int killAtEveryStep(const test::FormatUnderTest &f, const QString &workspace, const QString &parent,
                           const QStringList &arguments, const std::function<void(bool killed, int n)> &check,
                           const std::function<void()> &reset)
{
    const QStringList quirectl = f.quirectlArguments(QFileInfo(workspace).path());
    int kills = 0;
    for (int n = 1; n < 100; ++n) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(n));
        child.setProcessEnvironment(env);
        child.start(QStringLiteral(QUIRECTL_PATH), quirectl + QStringList{QStringLiteral("--workspace"), workspace} + arguments);
        if (!child.waitForFinished(60000))
            return -1;
        const bool killed = child.exitStatus() == QProcess::CrashExit;
        if (!killed && child.exitCode() != 0) {
            qWarning("quirectl failed: %s", child.readAllStandardError().constData());
            return -1;
        }
        {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            Result<FolderRecoveryReport> recovered = recoverFolderOperations(*registry, {parent});
            if (!recovered) {
                qWarning("%s", qPrintable(recovered.error().toString()));
                return -1;
            }
        }
        check(killed, n);
        if (QTest::currentTestFailed())
            return -1;
        if (!killed)
            return kills;
        ++kills;
        reset();
        if (QTest::currentTestFailed())
            return -1;
    }
    return -1;
}

void TestFolderCopy::renameSurvivesKillAtEveryStep_data()
{
    test::addFormatRows();
}

// quirectl rename killed at every step: after the next start's recovery the
// tenant is whole (every row and file, its UUID) in exactly one of its old
// and new folders, and opens there; nothing else is left beside them.
void TestFolderCopy::renameSurvivesKillAtEveryStep()
{
    QFETCH(QString, format);
    const test::FormatUnderTest &f = test::formatNamed(format);
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString library = dir.filePath(QStringLiteral("library"));
    const QString oldFolder = library + QStringLiteral("/Old");
    const QString newFolder = library + QStringLiteral("/New");
    QUuid uuid;
    {
        std::unique_ptr<Registry> registry = f.registry(workspace);
        Result<Tenant> tenant = registry->create(oldFolder, QStringLiteral("Old"));
        QVERIFY(tenant);
        QVERIFY(addFiles(f, *tenant, 4));
        uuid = tenant->uuid();
        QVERIFY(registry->close(uuid).ok());
    }
    const QString rows = f.fingerprint(oldFolder);
    const QStringList files = entries(oldFolder);
    const int kills = killAtEveryStep(
        f, workspace, library, {QStringLiteral("rename"), uuid.toString(QUuid::WithoutBraces), QStringLiteral("New")},
        [&](bool killed, int n) {
            const QStringList left = entries(library);
            QVERIFY2(left == QStringList{QStringLiteral("Old")} || left == QStringList{QStringLiteral("New")},
                     qPrintable(QStringLiteral("kill %1 left %2").arg(n).arg(left.join(u' '))));
            if (!killed)
                QCOMPARE(left, QStringList{QStringLiteral("New")});
            const QString at = library + QLatin1Char('/') + left.first();
            QCOMPARE(identityOf(f, at), uuid);
            QCOMPARE(f.fingerprint(at), rows);
            QCOMPARE(entries(at), files);
            QCOMPARE(test::rawQuery(Tenant::databasePathFor(at, f.format), QStringLiteral("PRAGMA integrity_check")),
                     QStringLiteral("ok"));
            // The next start finds it where it is, by its UUID.
            std::unique_ptr<Registry> registry = f.registry(workspace);
            Result<Tenant> opened = registry->open(at);
            QVERIFY2(opened, qPrintable(opened.error().toString()));
            QCOMPARE(opened->uuid(), uuid);
            if (!killed)
                QCOMPARE(opened->name(), QStringLiteral("New"));
            Result<Tenant> resolved = registry->resolve(uuid.toString());
            QVERIFY2(resolved, qPrintable(resolved.error().toString()));
            QCOMPARE(resolved->folder(), QFileInfo(at).canonicalFilePath());
        },
        [&] {
            // The next run starts from the old folder and name again.
            if (QFileInfo::exists(newFolder)) {
                std::unique_ptr<Registry> registry = f.registry(workspace);
                QVERIFY(quire::renameTenant(*registry, uuid, QStringLiteral("Old")).ok());
            } else {
                std::unique_ptr<Registry> registry = f.registry(workspace);
                QVERIFY(quire::renameTenant(*registry, uuid, QStringLiteral("Old"), true).ok());
            }
        });
    qInfo("%s: rename killed at %d steps, each recovered", qPrintable(f.name), kills);
    QVERIFY2(kills >= 4, qPrintable(QStringLiteral("only %1 kill points").arg(kills)));
}

void TestFolderCopy::deleteSurvivesKillAtEveryStep_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("toTrash");
    for (const char *format : {"album", "customer"}) {
        QTest::addRow("%s, permanently", format) << QString::fromLatin1(format) << false;
        QTest::addRow("%s, to the trash", format) << QString::fromLatin1(format) << true;
    }
}

// quirectl delete, to the trash or --permanently, killed at every step:
// after the next start's recovery the tenant is either whole where it was
// (and opens) or gone without a trace from the library (no half-removed
// folder under another name; in the trash, whole, if it went there), and
// the other tenant beside it is untouched. What the workspace lists agrees
// before any scan: the tenant is listed as available at its folder only
// while that folder holds all of it, and not listed once it is gone.
void TestFolderCopy::deleteSurvivesKillAtEveryStep()
{
    QFETCH(QString, format);
    QFETCH(bool, toTrash);
    const test::FormatUnderTest &f = test::formatNamed(format);
    QTemporaryDir dir;
    // The desktop trash, on the same file system as the library (quirectl
    // inherits it).
    const QString trash = dir.filePath(QStringLiteral("xdg/Trash/files"));
    qputenv("XDG_DATA_HOME", QFile::encodeName(dir.filePath(QStringLiteral("xdg"))));
    const auto restore = qScopeGuard([] { qunsetenv("XDG_DATA_HOME"); });
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString library = dir.filePath(QStringLiteral("library"));
    const QString doomed = library + QStringLiteral("/Doomed");
    const QString kept = library + QStringLiteral("/Kept");
    const QString pristine = dir.filePath(QStringLiteral("pristine"));
    QUuid uuid;
    {
        std::unique_ptr<Registry> registry = f.registry(workspace);
        Result<Tenant> tenant = registry->create(doomed, QStringLiteral("Doomed"));
        QVERIFY(tenant);
        QVERIFY(addFiles(f, *tenant, 4));
        uuid = tenant->uuid();
        QVERIFY(registry->close(uuid).ok());
        Result<Tenant> other = registry->create(kept, QStringLiteral("Kept"));
        QVERIFY(other);
        QVERIFY(addFiles(f, *other, 2));
        QVERIFY(registry->close(other->uuid()).ok());
    }
    // The closed tenant's files as they are, to put back after a kill that
    // got as far as deleting it: the same tenant, UUID and rows each run.
    QVERIFY(copyTree(doomed, pristine));
    const QString rows = f.fingerprint(doomed);
    const QString keptRows = f.fingerprint(kept);
    const QStringList files = entries(doomed);
    int deleted = 0;
    const int kills = killAtEveryStep(
        f, workspace, library,
        toTrash ? QStringList{QStringLiteral("delete"), uuid.toString(QUuid::WithoutBraces)}
                : QStringList{QStringLiteral("delete"), uuid.toString(QUuid::WithoutBraces), QStringLiteral("--permanently")},
        [&](bool killed, int n) {
            QCOMPARE(f.fingerprint(kept), keptRows);
            const QStringList left = entries(library);
            std::unique_ptr<Registry> registry = f.registry(workspace);
            // The workspace's listing as the next start shows it, before
            // anything is opened or scanned.
            const Result<QList<CatalogEntry>> listed = registry->catalog();
            QVERIFY(listed);
            std::optional<CatalogEntry> doomedEntry;
            bool keptListed = false;
            for (const CatalogEntry &entry : *listed) {
                if (entry.uuid == uuid)
                    doomedEntry = entry;
                else
                    keptListed = keptListed
                        || (entry.folder == QFileInfo(kept).canonicalFilePath() && entry.state == TenantState::Available);
            }
            QVERIFY2(keptListed, qPrintable(QStringLiteral("kill %1: the other tenant is not listed").arg(n)));
            if (doomedEntry) {
                // Listed: available, at its folder, and the folder holds it whole.
                QVERIFY2(doomedEntry->state == TenantState::Available,
                         qPrintable(QStringLiteral("kill %1: listed as %2 (%3)")
                                        .arg(n)
                                        .arg(Registry::stateName(doomedEntry->state), doomedEntry->problem)));
                QVERIFY2(left == (QStringList{QStringLiteral("Doomed"), QStringLiteral("Kept")}),
                         qPrintable(QStringLiteral("kill %1: listed as available, but the library holds %2")
                                        .arg(n)
                                        .arg(left.join(u' '))));
                QCOMPARE(doomedEntry->folder, QFileInfo(doomed).canonicalFilePath());
            } else {
                // Not listed: and its folder is gone, under any name.
                QVERIFY2(left == QStringList{QStringLiteral("Kept")},
                         qPrintable(QStringLiteral("kill %1: not listed, but the library holds %2").arg(n).arg(left.join(u' '))));
            }
            if (left == QStringList{QStringLiteral("Kept")}) {
                ++deleted;
                if (toTrash) {
                    // In the trash, whole: the same tenant, rows and files.
                    const QString trashed = QDir(trash).filePath(QStringLiteral("Doomed"));
                    QVERIFY2(identityOf(f, trashed) == uuid,
                             qPrintable(QStringLiteral("kill %1: the trash holds %2").arg(n).arg(entries(trash).join(u' '))));
                    QCOMPARE(f.fingerprint(trashed), rows);
                    QCOMPARE(entries(trashed), files);
                }
                // Gone: a scan does not bring it back as available.
                QVERIFY(registry->scan(library));
                const Result<QList<CatalogEntry>> catalog = registry->catalog();
                QVERIFY(catalog);
                for (const CatalogEntry &entry : *catalog) {
                    if (entry.uuid == uuid)
                        QVERIFY2(entry.state != TenantState::Available, qPrintable(QStringLiteral("kill %1").arg(n)));
                }
                return;
            }
            QVERIFY2(!killed || left == (QStringList{QStringLiteral("Doomed"), QStringLiteral("Kept")}),
                     qPrintable(QStringLiteral("kill %1 left %2").arg(n).arg(left.join(u' '))));
            QVERIFY2(killed, "quirectl delete ended well and the tenant is still there");
            QCOMPARE(identityOf(f, doomed), uuid);
            QCOMPARE(f.fingerprint(doomed), rows);
            QCOMPARE(entries(doomed), files);
            Result<Tenant> opened = registry->open(doomed);
            QVERIFY2(opened, qPrintable(opened.error().toString()));
            QCOMPARE(opened->uuid(), uuid);
        },
        [&] {
            if (QFileInfo::exists(doomed))
                return;
            QVERIFY(QDir(dir.filePath(QStringLiteral("xdg/Trash"))).removeRecursively()); // emptied
            QVERIFY(copyTree(pristine, doomed));
            std::unique_ptr<Registry> registry = f.registry(workspace);
            QVERIFY(registry->open(doomed));
        });
    qInfo("%s: delete killed at %d steps (%d of them after the tenant was gone), each recovered",
          qPrintable(f.name), kills, deleted - 1);
    QVERIFY2(kills >= 4, qPrintable(QStringLiteral("only %1 kill points").arg(kills)));
    QVERIFY(!QFileInfo::exists(doomed));
}

// `--hold-db DB TABLE`: reads TABLE of DB in a transaction until stdin closes.
int main(int argc, char *argv[])
{
    if (argc == 4 && qstrcmp(argv[1], "--hold-db") == 0) {
        sqlite3 *h = nullptr;
        const QByteArray read = QByteArray("BEGIN; SELECT count(*) FROM ") + argv[3] + ';';
        if (sqlite3_open_v2(argv[2], &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK
            || sqlite3_exec(h, read.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return 1;
        std::fputs("ready\n", stdout);
        std::fflush(stdout);
        char buffer[64];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
        }
        sqlite3_close(h);
        return 0;
    }
    QCoreApplication app(argc, argv);
    TestFolderCopy test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_folder_copy.moc"
