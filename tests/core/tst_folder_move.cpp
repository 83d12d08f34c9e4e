// Moving tenant folders (quire/folders_move.h): same file system while
// registered and in use, refusals, crash tests killing move_child at every
// step boundary of a same-file-system and a cross-file-system move, the
// recovery of leftovers and of a move quirectl was killed in. Every test
// runs for the album and a second format (formats_under_test.h).

#include <quire/album_folders.h>
#include <quire/quire.h>

#include "formats_under_test.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>

#include <sys/stat.h>

#include <thread>

using namespace quire;
using quire::test::rawQuery;

namespace {

constexpr int Files = 6;

QString fileName(int i)
{
    return i % 3 == 2 ? QStringLiteral("sub/IMG_%1.jpg").arg(i) : QStringLiteral("IMG_%1.jpg").arg(i);
}

QByteArray fileBytes(int i)
{
    return QByteArray(1000 + 37 * i, char('a' + i));
}

// A tenant of the registry's format named "Holiday" in `folder`, with the
// Files files (fileName(), fileBytes()) beside its database.
Result<Tenant> makeTenant(Registry &registry, const QString &folder)
{
    for (int i = 0; i < Files; ++i) {
        if (!quire::test::writeFile(QDir(folder).filePath(fileName(i)), fileBytes(i)))
            return Error(ErrorCode::Io, folder, QStringLiteral("cannot write"));
    }
    return registry.create(folder, QStringLiteral("Holiday"));
}

QString uuidIn(const QString &folder, const TenantFormat &format = albumFormat())
{
    return rawQuery(Tenant::databasePathFor(folder, format),
                    QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'").arg(format.identityTable()));
}

// The tenant whole at folder: its UUID, every file, integrity ok.
QString wholeAt(const QString &folder, const QUuid &uuid, const TenantFormat &format = albumFormat())
{
    if (uuidIn(folder, format) != uuid.toString(QUuid::WithoutBraces))
        return QStringLiteral("no %1 %2 in %3 (%4)").arg(format.kind(), uuid.toString(), folder, uuidIn(folder, format));
    for (int i = 0; i < Files; ++i) {
        QFile f(QDir(folder).filePath(fileName(i)));
        if (!f.open(QIODevice::ReadOnly) || f.readAll() != fileBytes(i))
            return QStringLiteral("%1 missing or wrong in %2").arg(fileName(i), folder);
    }
    const QString check = rawQuery(Tenant::databasePathFor(folder, format), QStringLiteral("PRAGMA integrity_check"));
    if (check != QLatin1String("ok"))
        return QStringLiteral("integrity_check: %1").arg(check);
    return {};
}

// Every folder directly under the parents that is (or is left over from) the tenant.
QStringList placesOf(const QStringList &parents, const TenantFormat &format = albumFormat())
{
    QStringList places;
    for (const QString &parent : parents) {
        for (const QFileInfo &child : QDir(parent).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
            if (QFile::exists(Tenant::databasePathFor(child.absoluteFilePath(), format))
                || child.fileName().contains(QLatin1String(".quire-")))
                places.append(child.absoluteFilePath());
        }
    }
    return places;
}

bool onOtherFileSystem(const QString &a, const QString &b)
{
    struct stat sa {}, sb {};
    return ::stat(QFile::encodeName(a).constData(), &sa) == 0 && ::stat(QFile::encodeName(b).constData(), &sb) == 0
        && sa.st_dev != sb.st_dev;
}

} // namespace

class TestFolderMove : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameFileSystemWhileRegistered_data() { quire::test::addFormatRows(); }
    void sameFileSystemWhileRegistered();
    void sessionHeldRefuses_data() { quire::test::addFormatRows(); }
    void sessionHeldRefuses();
    void sessionEndingInTimeSucceeds_data() { quire::test::addFormatRows(); }
    void sessionEndingInTimeSucceeds();
    void refusals_data() { quire::test::addFormatRows(); }
    void refusals();
    void heldByAnotherProcess_data() { quire::test::addFormatRows(); }
    void heldByAnotherProcess();
    void transferRunningRefuses_data();
    void transferRunningRefuses();
    void crossFileSystem_data() { quire::test::addFormatRows(); }
    void crossFileSystem();
    void crossFileSystemCancel_data() { quire::test::addFormatRows(); }
    void crossFileSystemCancel();
    void crashSameFileSystem_data() { quire::test::addFormatRows(); }
    void crashSameFileSystem();
    void crashCrossFileSystem_data() { quire::test::addFormatRows(); }
    void crashCrossFileSystem();
    void leftoversWithoutWorkspace_data() { quire::test::addFormatRows(); }
    void leftoversWithoutWorkspace();
    void quirectlMovesAndRecovers_data() { quire::test::addFormatRows(); }
    void quirectlMovesAndRecovers();
    void recoveryLeavesARunningMoveAlone_data() { quire::test::addFormatRows(); }
    void recoveryLeavesARunningMoveAlone();

private:
    void crashTest(const QString &destinationParent, int minimumPoints);
};

void TestFolderMove::sameFileSystemWhileRegistered()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY2(album, qPrintable(album.error().toString()));
    const QUuid uuid = album->uuid();
    {
        Result<Session> s = album->write();
        QVERIFY(s);
    }
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("Archive"))));
    const QString destination = dir.filePath(QStringLiteral("Archive/Holiday 2024"));
    QSignalSpy moved(&registry, &Registry::tenantMoved);
    Result<Tenant> done = moveTenant(registry, uuid, destination);
    QVERIFY2(done, qPrintable(done.error().toString()));
    QCOMPARE(done->folder(), QFileInfo(destination).canonicalFilePath());
    QCOMPARE(done->uuid(), uuid);
    QVERIFY(!QFileInfo::exists(source));
    QCOMPARE(wholeAt(destination, uuid, f.format), QString());
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(0).toUuid(), uuid);
    QCOMPARE(moved.at(0).at(1).toString(), QFileInfo(dir.path()).canonicalFilePath() + QStringLiteral("/Holiday"));
    QCOMPARE(moved.at(0).at(2).toString(), done->folder());
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    QVERIFY(catalog);
    QCOMPARE(catalog->size(), 1);
    QCOMPARE(catalog->at(0).folder, done->folder());
    QCOMPARE(registry.find(uuid).folder(), done->folder());
    QVERIFY(done->read());
    QVERIFY(QDir(dir.filePath(QStringLiteral("ws/folder-moves"))).isEmpty());
    // Into an existing empty folder is allowed.
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("Empty"))));
    Result<Tenant> again = moveTenant(registry, uuid, dir.filePath(QStringLiteral("Empty")));
    QVERIFY2(again, qPrintable(again.error().toString()));
    QCOMPARE(wholeAt(dir.filePath(QStringLiteral("Empty")), uuid, f.format), QString());
}

void TestFolderMove::sessionHeldRefuses()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    Result<Session> held = album->session(Access::Write, QStringLiteral("thumbnail import"));
    QVERIFY(held);
    MoveOptions options;
    options.wait = std::chrono::milliseconds(200);
    Result<Tenant> done = moveTenant(registry, album->uuid(), dir.filePath(QStringLiteral("Elsewhere")), options);
    QVERIFY(!done);
    QCOMPARE(done.error().code(), ErrorCode::Busy);
    QVERIFY2(done.error().message().contains(QLatin1String("thumbnail import")), qPrintable(done.error().message()));
    QVERIFY2(done.error().message().contains(QLatin1String("Nothing was moved")), qPrintable(done.error().message()));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Elsewhere"))));
    QCOMPARE(wholeAt(source, album->uuid(), f.format), QString());
    // The album is still usable where it is.
    QVERIFY(!album->isClosed());
    QVERIFY(album->read());
}

void TestFolderMove::sessionEndingInTimeSucceeds()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    Result<Tenant> album = makeTenant(registry, dir.filePath(QStringLiteral("Holiday")));
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    auto held = std::make_unique<Result<Session>>(album->write());
    QVERIFY(*held);
    std::thread ender([&held] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        held.reset();
    });
    MoveOptions options;
    options.wait = std::chrono::seconds(10);
    Result<Tenant> done = moveTenant(registry, uuid, dir.filePath(QStringLiteral("Later")), options);
    ender.join();
    QVERIFY2(done, qPrintable(done.error().toString()));
    QCOMPARE(wholeAt(dir.filePath(QStringLiteral("Later")), uuid, f.format), QString());
}

void TestFolderMove::refusals()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    auto refused = [&](const QString &destination, ErrorCode code, const char *words) {
        Result<Tenant> r = moveTenant(registry, uuid, destination);
        if (r)
            return QStringLiteral("moved to %1").arg(destination);
        if (r.error().code() != code)
            return QStringLiteral("code %1: %2").arg(Error::codeName(r.error().code()), r.error().toString());
        if (!r.error().message().contains(QLatin1String(words)) || !r.error().toString().contains(QLatin1String("Holiday")))
            return QStringLiteral("unclear: %1").arg(r.error().toString());
        return QString();
    };
    QCOMPARE(refused(source + QStringLiteral("/inner"), ErrorCode::InvalidArgument, "inside"), QString());
    QCOMPARE(refused(source + QStringLiteral("/sub/deeper"), ErrorCode::InvalidArgument, "inside"), QString());
    QCOMPARE(refused(source, ErrorCode::InvalidArgument, "inside"), QString());
    QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("Full/something.txt")), "x"));
    QCOMPARE(refused(dir.filePath(QStringLiteral("Full")), ErrorCode::AlreadyExists, "not empty"), QString());
    QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("AFile")), "x"));
    QCOMPARE(refused(dir.filePath(QStringLiteral("AFile")), ErrorCode::AlreadyExists, "exists"), QString());
    QCOMPARE(refused(dir.filePath(QStringLiteral("no/such/parent")), ErrorCode::NotFound, "does not exist"), QString());
    Result<Tenant> unknown = moveTenant(registry, QUuid::createUuid(), dir.filePath(QStringLiteral("X")));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
    QCOMPARE(wholeAt(source, uuid, f.format), QString());
    QVERIFY(!registry.find(uuid).isNull());
    QVERIFY(QDir(dir.filePath(QStringLiteral("ws/folder-moves"))).isEmpty());

    // Off read-only media / a folder it cannot be removed from. Root passes
    // every permission check, so as root the media is made read-only for
    // real: a tmpfs mounted here, filled, remounted read-only.
    if (::geteuid() == 0) {
        const QString media = dir.filePath(QStringLiteral("media"));
        QVERIFY(QDir().mkpath(media));
        const QByteArray point = QFile::encodeName(media);
        if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=8m") != 0)
            QSKIP("running as root without the right to mount: read-only media not tested");
        QUuid onMedia;
        {
            Result<Tenant> album = makeTenant(registry, media + QStringLiteral("/Album"));
            QVERIFY(album);
            onMedia = album->uuid();
            QVERIFY(registry.close(onMedia).ok());
        }
        const bool readOnly = ::mount("quire-test", point.constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
        Result<Tenant> r = readOnly ? moveTenant(registry, onMedia, dir.filePath(QStringLiteral("Out")))
                                   : Result<Tenant>(Error(ErrorCode::ReadOnly, {}, {}));
        ::umount2(point.constData(), MNT_DETACH);
        if (!readOnly)
            QSKIP("could not remount the tmpfs read-only");
        QVERIFY(!r);
        QVERIFY2(r.error().code() == ErrorCode::ReadOnly, qPrintable(r.error().toString()));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Out"))));
        return;
    }
    const QString parent = dir.filePath(QStringLiteral("ro"));
    Result<Tenant> locked = makeTenant(registry, parent + QStringLiteral("/Album"));
    QVERIFY(locked);
    QVERIFY(QFile::setPermissions(parent, QFile::ReadOwner | QFile::ExeOwner));
    Result<Tenant> r = moveTenant(registry, locked->uuid(), dir.filePath(QStringLiteral("Out")));
    QFile::setPermissions(parent, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::ReadOnly);
}

void TestFolderMove::heldByAnotherProcess()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    QProcess child;
    child.start(QStringLiteral(MOVE_CHILD_PATH), {QStringLiteral("--format"), f.name, QStringLiteral("hold"), source});
    QVERIFY(child.waitForReadyRead(20000));
    QCOMPARE(child.readLine().trimmed(), QByteArray("ready"));
    Result<Tenant> r = moveTenant(registry, album->uuid(), dir.filePath(QStringLiteral("Out")));
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(20000));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::Busy);
    QVERIFY2(r.error().message().contains(QLatin1String("another program")), qPrintable(r.error().message()));
    QCOMPARE(wholeAt(source, album->uuid(), f.format), QString());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Out"))));
    // Free again: it moves.
    Result<Tenant> ok = moveTenant(registry, album->uuid(), dir.filePath(QStringLiteral("Out")));
    QVERIFY2(ok, qPrintable(ok.error().toString()));
}

// Another process is moving pictures out of the album (it holds the
// source's .quire/transfers.lock, as a transfer does for its whole run):
// the folder move refuses, as rename, delete and copy do, and nothing
// moves, on one file system or across two. Once it lets go, the move runs.
void TestFolderMove::transferRunningRefuses_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("acrossFileSystems");
    for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
        QTest::addRow("%s: same file system", qPrintable(format)) << format << false;
        QTest::addRow("%s: across file systems", qPrintable(format)) << format << true;
    }
}

void TestFolderMove::transferRunningRefuses()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    const QString control = f.format.controlFolder();
    QFETCH(bool, acrossFileSystems);
    QTemporaryDir dir;
    QTemporaryDir other(QStringLiteral("/dev/shm/quire-move-XXXXXX"));
    if (acrossFileSystems && (!other.isValid() || !onOtherFileSystem(dir.path(), other.path())))
        QSKIP("/dev/shm is not a second file system here");
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    const QString destination = (acrossFileSystems ? other.path() : dir.path()) + QStringLiteral("/Out");

    QProcess holder;
    holder.start(QStringLiteral(HOLDER_CHILD_PATH), {QStringLiteral("flock"), source + QLatin1Char('/') + control + QStringLiteral("/transfers.lock")});
    QVERIFY(holder.waitForReadyRead(20000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("ready"));
    Result<Tenant> r = moveTenant(registry, uuid, destination);
    QVERIFY2(!r, "the album was moved while another process was moving pictures out of it");
    QCOMPARE(r.error().code(), ErrorCode::Busy);
    QVERIFY2(r.error().message().contains(QStringLiteral("moving %1").arg(f.format.rowNoun())), qPrintable(r.error().toString()));
    QCOMPARE(f.format.rowNoun(), f.name == QLatin1String("album") ? QStringLiteral("pictures") : QStringLiteral("entries"));
    QVERIFY2(r.error().message().contains(QLatin1String("Nothing was moved")), qPrintable(r.error().toString()));
    QVERIFY2(r.error().toString().contains(QLatin1String("Holiday")), qPrintable(r.error().toString()));
    QCOMPARE(wholeAt(source, uuid, f.format), QString());
    QVERIFY(!QFileInfo::exists(destination));
    QCOMPARE(placesOf({dir.path(), other.path()}, f.format), QStringList{QFileInfo(source).absoluteFilePath()});
    QVERIFY(QDir(dir.filePath(QStringLiteral("ws/folder-moves"))).isEmpty());
    QVERIFY(!QFile::exists(source + QLatin1Char('/') + control + QStringLiteral("/move.lock")));
    QCOMPARE(registry.find(uuid).folder(), QFileInfo(source).canonicalFilePath());
    QVERIFY(registry.find(uuid).read());

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(20000));
    QCOMPARE(holder.exitCode(), 0);
    Result<Tenant> ok = moveTenant(registry, uuid, destination);
    QVERIFY2(ok, qPrintable(ok.error().toString()));
    QCOMPARE(wholeAt(destination, uuid, f.format), QString());
}

void TestFolderMove::crossFileSystem()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    const QString control = f.format.controlFolder();
    QTemporaryDir dir;
    QTemporaryDir other(QStringLiteral("/dev/shm/quire-move-XXXXXX"));
    if (!other.isValid() || !onOtherFileSystem(dir.path(), other.path()))
        QSKIP("/dev/shm is not a second file system here");
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    QVERIFY(QFile::link(QStringLiteral("IMG_0.jpg"), source + QStringLiteral("/link.jpg")));
    QSignalSpy moved(&registry, &Registry::tenantMoved);
    int calls = 0;
    MoveOptions options;
    options.progress = [&calls](const MoveProgress &) { ++calls; return true; };
    const QString destination = other.filePath(QStringLiteral("Holiday"));
    Result<Tenant> done = moveTenant(registry, uuid, destination, options);
    QVERIFY2(done, qPrintable(done.error().toString()));
    QVERIFY(calls > 0);
    QVERIFY(!QFileInfo::exists(source));
    QCOMPARE(wholeAt(destination, uuid, f.format), QString());
    QVERIFY(QFileInfo(destination + QStringLiteral("/link.jpg")).isSymLink());
    QCOMPARE(moved.size(), 1);
    QCOMPARE(registry.catalog()->at(0).folder, done->folder());
    QCOMPARE(placesOf({dir.path(), other.path()}, f.format), QStringList{QFileInfo(destination).absoluteFilePath()});
    QVERIFY(!QFile::exists(destination + QLatin1Char('/') + control + QStringLiteral("/move-partial.json")));
}

void TestFolderMove::crossFileSystemCancel()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    QTemporaryDir other(QStringLiteral("/dev/shm/quire-move-XXXXXX"));
    if (!other.isValid() || !onOtherFileSystem(dir.path(), other.path()))
        QSKIP("/dev/shm is not a second file system here");
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    MoveOptions options;
    options.progress = [](const MoveProgress &p) { return p.files < 2; };
    Result<Tenant> done = moveTenant(registry, album->uuid(), other.filePath(QStringLiteral("Holiday")), options);
    QVERIFY(!done);
    QCOMPARE(done.error().code(), ErrorCode::Cancelled);
    QCOMPARE(wholeAt(source, album->uuid(), f.format), QString());
    QCOMPARE(placesOf({dir.path(), other.path()}, f.format), QStringList{QFileInfo(source).absoluteFilePath()});
    QVERIFY(registry.find(album->uuid()).read());
}

void TestFolderMove::crashTest(const QString &destinationParent, int minimumPoints)
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    const QString control = f.format.controlFolder();
    int killed = 0;
    int withoutWorkspace = 0;
    for (int n = 1;; ++n) {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("ws"));
        const QString source = dir.filePath(QStringLiteral("Holiday"));
        QTemporaryDir destinationDir(destinationParent + QStringLiteral("/quire-crash-XXXXXX"));
        const QString destination = destinationDir.filePath(QStringLiteral("Moved"));
        QUuid uuid;
        {
            std::unique_ptr<Registry> registry = f.registry(workspace);
            Result<Tenant> tenant = makeTenant(*registry, source);
            QVERIFY(tenant);
            uuid = tenant->uuid();
        }
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(n));
        child.setProcessEnvironment(env);
        child.start(QStringLiteral(MOVE_CHILD_PATH), {QStringLiteral("--format"), f.name, QStringLiteral("move"), workspace,
                                                      uuid.toString(QUuid::WithoutBraces), destination});
        QVERIFY(child.waitForFinished(60000));
        const bool completed = child.exitStatus() == QProcess::NormalExit;
        if (completed)
            QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
        else
            ++killed;

        // Recovery: through the journal, with the catalog deleted, or with
        // the whole workspace gone (the names and markers alone decide).
        const int way = n % 3;
        if (way == 1)
            QFile::remove(workspace + QStringLiteral("/catalog.db"));
        if (way == 2) {
            QVERIFY(QDir(workspace).removeRecursively());
            ++withoutWorkspace;
        }
        {
            std::unique_ptr<Registry> owner = f.registry(workspace);
            Registry &registry = *owner;
            Result<FolderRecoveryReport> report =
                recoverFolderOperations(registry, {dir.path(), destinationDir.path()});
            QVERIFY(report);
            for (const FolderRecoveryReport::Entry &e : report->entries)
                QVERIFY2(e.outcome != FolderRecoveryReport::Entry::Outcome::Pending, qPrintable(e.message));
            // Exactly one place, whole.
            const QStringList places = placesOf({dir.path(), destinationDir.path()}, f.format);
            QVERIFY2(places.size() == 1, qPrintable(QStringLiteral("n=%1: %2").arg(n).arg(places.join(QLatin1String(", ")))));
            const QString at = places.first();
            QVERIFY2(at == QFileInfo(source).absoluteFilePath() || at == QFileInfo(destination).absoluteFilePath(),
                     qPrintable(at));
            if (completed)
                QCOMPARE(at, QFileInfo(destination).absoluteFilePath());
            QVERIFY2(wholeAt(at, uuid, f.format).isEmpty(),
                     qPrintable(QStringLiteral("n=%1: %2").arg(n).arg(wholeAt(at, uuid, f.format))));
            QVERIFY(!QFile::exists(at + QLatin1Char('/') + control + QStringLiteral("/move-partial.json")));
            QVERIFY(!QFile::exists(at + QLatin1Char('/') + control + QStringLiteral("/move-deleting.json")));
            if (way != 2)
                QVERIFY(QDir(workspace + QStringLiteral("/folder-moves")).isEmpty());
            // The registry knows it there (a scan would find it after a lost workspace).
            if (way == 0) {
                Result<QList<CatalogEntry>> catalog = registry.catalog();
                QVERIFY(catalog && catalog->size() == 1);
                QCOMPARE(catalog->at(0).folder, QFileInfo(at).canonicalFilePath());
            }
            Result<Tenant> opened = registry.open(at);
            QVERIFY2(opened, qPrintable(opened.error().toString()));
            QCOMPARE(opened->uuid(), uuid);
        }
        if (completed) {
            qInfo("%s: killed at %d step boundaries (%d recovered without a workspace), all recovered",
                  qPrintable(f.name), killed, withoutWorkspace);
            QVERIFY2(killed >= minimumPoints, qPrintable(QStringLiteral("only %1 crash points").arg(killed)));
            break;
        }
        QVERIFY2(n < 300, "the move never completed");
    }
}

void TestFolderMove::crashSameFileSystem()
{
    QTemporaryDir parent;
    crashTest(parent.path(), 6);
}

void TestFolderMove::crashCrossFileSystem()
{
    QTemporaryDir here;
    if (!onOtherFileSystem(here.path(), QStringLiteral("/dev/shm")))
        QSKIP("/dev/shm is not a second file system here");
    crashTest(QStringLiteral("/dev/shm"), 22);
}

void TestFolderMove::leftoversWithoutWorkspace()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    // A partial copy with no source awaiting it is removed; a source renamed
    // for deletion whose copy never arrived is renamed back.
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    Result<Tenant> album = makeTenant(registry, source);
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    QVERIFY(registry.close(uuid));
    const QString marker = f.format.controlPath(source, QStringLiteral("move-deleting.json"));
    QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("Away.quire-partial-1234/IMG_0.jpg")), "half"));
    QVERIFY(quire::test::writeFile(marker,
                                   QStringLiteral("{\"operation\":\"77\",\"album\":\"%1\",\"destination\":\"%2\"}")
                                       .arg(uuid.toString(QUuid::WithoutBraces), dir.filePath(QStringLiteral("Gone")))
                                       .toUtf8()));
    QVERIFY(QDir().rename(source, source + QStringLiteral(".quire-deleting-77")));
    Result<FolderRecoveryReport> report = recoverFolderOperations(registry, {dir.path()});
    QVERIFY(report);
    QCOMPARE(report->entries.size(), 2);
    QCOMPARE(placesOf({dir.path()}, f.format), QStringList{QFileInfo(source).absoluteFilePath()});
    QCOMPARE(wholeAt(source, uuid, f.format), QString());
    QVERIFY(!QFile::exists(marker));
}

void TestFolderMove::quirectlMovesAndRecovers()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    const QStringList formatArguments = f.quirectlArguments(dir.filePath(QStringLiteral("scratch")));
    QUuid uuid;
    {
        std::unique_ptr<Registry> setup = f.registry(workspace);
        Result<Tenant> album = makeTenant(*setup, source);
        QVERIFY(album);
        uuid = album->uuid();
    }
    auto quirectl = [&](const QStringList &arguments, int crashAt, int *exitCode) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (crashAt > 0)
            env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(crashAt));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(QUIRECTL_PATH),
                formatArguments + QStringList{QStringLiteral("--workspace"), workspace, QStringLiteral("--json")} + arguments);
        p.waitForFinished(60000);
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QJsonDocument::fromJson(p.readAllStandardOutput());
    };
    int code = 0;
    const QString first = dir.filePath(QStringLiteral("First"));
    QJsonObject moved = quirectl({QStringLiteral("move"), source, first}, 0, &code).object();
    QCOMPARE(code, 0);
    QCOMPARE(moved.value(QStringLiteral("uuid")).toString(), uuid.toString(QUuid::WithoutBraces));
    QCOMPARE(moved.value(QStringLiteral("folder")).toString(), QFileInfo(first).canonicalFilePath());
    QCOMPARE(wholeAt(first, uuid, f.format), QString());
    // By UUID; refused clearly.
    QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("Full/x.txt")), "x"));
    quirectl({QStringLiteral("move"), uuid.toString(QUuid::WithoutBraces), dir.filePath(QStringLiteral("Full"))}, 0,
             &code);
    QCOMPARE(code, 1);
    // Killed after the rename, before the catalog followed: recover finishes it.
    const QString second = dir.filePath(QStringLiteral("Second"));
    quirectl({QStringLiteral("move"), uuid.toString(QUuid::WithoutBraces), second}, 4, &code);
    QCOMPARE(code, -1);
    QJsonObject recovered = quirectl({QStringLiteral("recover")}, 0, &code).object();
    QCOMPARE(code, 0);
    const QJsonArray folders = recovered.value(QStringLiteral("folders")).toArray();
    QCOMPARE(folders.size(), 1);
    QCOMPARE(folders.first().toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("finished"));
    QCOMPARE(wholeAt(second, uuid, f.format), QString());
    recovered = quirectl({QStringLiteral("recover")}, 0, &code).object();
    QCOMPARE(code, 0);
    QVERIFY(recovered.value(QStringLiteral("folders")).toArray().isEmpty());
    {
        std::unique_ptr<Registry> registry = f.registry(workspace);
        QCOMPARE(registry->catalog()->at(0).folder, QFileInfo(second).canonicalFilePath());
    }

    // Killed again; this time the next start is any other verb, which
    // finishes the move before it runs: the catalog is right at once.
    const QString third = dir.filePath(QStringLiteral("Third"));
    quirectl({QStringLiteral("move"), uuid.toString(QUuid::WithoutBraces), third}, 4, &code);
    QCOMPARE(code, -1);
    const QJsonArray tenants = quirectl({QStringLiteral("list")}, 0, &code).array();
    QCOMPARE(code, 0);
    QCOMPARE(tenants.size(), 1);
    const QJsonObject listed = tenants.first().toObject();
    QCOMPARE(listed.value(QStringLiteral("folder")).toString(), QFileInfo(third).canonicalFilePath());
    QCOMPARE(listed.value(QStringLiteral("state")).toString(), QStringLiteral("available"));
    QCOMPARE(wholeAt(third, uuid, f.format), QString());
}

void TestFolderMove::recoveryLeavesARunningMoveAlone()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    QTemporaryDir other(QStringLiteral("/dev/shm/quire-move-XXXXXX"));
    if (!other.isValid() || !onOtherFileSystem(dir.path(), other.path()))
        QSKIP("/dev/shm is not a second file system here");
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString source = dir.filePath(QStringLiteral("Holiday"));
    const QString destination = other.filePath(QStringLiteral("Holiday"));
    QUuid uuid;
    {
        std::unique_ptr<Registry> setup = f.registry(workspace);
        Result<Tenant> album = makeTenant(*setup, source);
        QVERIFY(album);
        uuid = album->uuid();
    }
    QProcess child;
    child.start(QStringLiteral(MOVE_CHILD_PATH), {QStringLiteral("--format"), f.name, QStringLiteral("move-slow"), workspace,
                                                  uuid.toString(QUuid::WithoutBraces), destination});
    // Wait for the partial copy to appear, then recover while it runs.
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(other.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).isEmpty(), 10000);
    {
        std::unique_ptr<Registry> registry = f.registry(workspace);
        Result<FolderRecoveryReport> report = recoverFolderOperations(*registry, {dir.path(), other.path()});
        QVERIFY(report);
        QVERIFY(report->entries.isEmpty());
        QVERIFY(QFileInfo::exists(source));
    }
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
    QCOMPARE(placesOf({dir.path(), other.path()}, f.format), QStringList{QFileInfo(destination).absoluteFilePath()});
    QCOMPARE(wholeAt(destination, uuid, f.format), QString());
    QVERIFY(!QFile::exists(f.format.controlPath(destination, QStringLiteral("move.lock"))));
}

QTEST_GUILESS_MAIN(TestFolderMove)
#include "tst_folder_move.moc"
