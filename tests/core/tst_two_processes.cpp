// Two programs on the same albums (the desktop app and quirectl): real
// child processes write while this process writes through its Registry,
// hold albums open while folder operations are tried, and are killed with
// SIGKILL to leave whatever locks they held.

#include "testsupport.h"

#include <quire/album_folders.h>
#include <quire/album_folders.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>

using namespace quire;
using quire::test::rawQuery;

namespace {

const QString Quirectl = QStringLiteral(QUIRECTL_PATH);
const QString Holder = QStringLiteral(HOLDER_CHILD_PATH);

// A child running a loop of quirectl commands (bash), stopping at the
// first failure.
void startLoop(QProcess &child, const QString &script, const QStringList &args)
{
    child.setProgram(QStringLiteral("/bin/bash"));
    child.setArguments(QStringList{QStringLiteral("-c"), script, QStringLiteral("loop")} + args);
    child.start();
}

bool startHolder(QProcess &child, const QString &verb, const QString &target)
{
    child.start(Holder, {verb, target});
    if (!child.waitForReadyRead(30000))
        return false;
    return child.readLine().trimmed() == "ready";
}

} // namespace

class TestTwoProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesFromThreeProcessesAllLand();
    void folderOperationsRefuseWhileAnotherProcessHolds();
    void deadHolderNeverBlocks_data();
    void deadHolderNeverBlocks();
    void networkAlbumIsOneProcessAtATime_data();
    void networkAlbumIsOneProcessAtATime();
    void readOnlyBindMountRefusesEveryWriter();
};

// Two quirectl loops (tags; file copies + imports) and this process's
// registry (tags and pictures) write to one album at once. Every write
// lands, and "database is locked" reaches nobody.
void TestTwoProcesses::writesFromThreeProcessesAllLand()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Shared"));
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    AlbumRegistry registry(workspace);
    Result<Album> album = registry.create(folder, QStringLiteral("Shared"));
    QVERIFY2(album, qPrintable(album.error().toString()));
    QVERIFY(quire::test::writeImage(folder + QStringLiteral("/IMG_0.jpg"), 32, 24));
    QVERIFY(quire::test::writeImage(dir.filePath(QStringLiteral("template.jpg")), 32, 24));
    {
        Result<ImportReport> imported = importPictures(*album);
        QVERIFY2(imported, qPrintable(imported.error().toString()));
    }

    const int tagRounds = 40, importRounds = 12;
    QProcess tagger, importer;
    startLoop(tagger,
              QStringLiteral("for i in $(seq 1 $4); do \"$1\" --workspace \"$2\" tag \"$3\" IMG_0.jpg child/t$i || exit 1; done"),
              {Quirectl, workspace, folder, QString::number(tagRounds)});
    // Each round a new file (different bytes: a different hash) and an import.
    startLoop(importer,
              QStringLiteral("for i in $(seq 1 $5); do cp \"$4\" \"$3/new_$i.jpg\" && printf '%08d' $i >> \"$3/new_$i.jpg\" "
                             "&& \"$1\" --workspace \"$2\" import \"$3\" > /dev/null || exit 1; done"),
              {Quirectl, workspace, folder, dir.filePath(QStringLiteral("template.jpg")), QString::number(importRounds)});
    QVERIFY(tagger.waitForStarted());
    QVERIFY(importer.waitForStarted());

    // This process writes as long as the children run (and at least 20 times).
    int parentWrites = 0;
    QStringList parentErrors;
    while (parentWrites < 20 || tagger.state() != QProcess::NotRunning || importer.state() != QProcess::NotRunning) {
        Result<Session> session = album->write();
        if (!session) {
            parentErrors.append(session.error().toString());
        } else {
            Result<Tag> tag = quire::Tags(*session).ensure(QStringLiteral("parent/t%1").arg(parentWrites + 1));
            Picture picture;
            picture.path = QStringLiteral("parent/%1.jpg").arg(parentWrites + 1);
            Result<void> added = tag ? quire::Pictures(*session).add(picture) : Result<void>(tag.error());
            if (added)
                ++parentWrites;
            else
                parentErrors.append(added.error().toString());
        }
        tagger.waitForFinished(0);
        importer.waitForFinished(0);
        if (parentErrors.size() > 5)
            break;
    }
    QVERIFY(tagger.state() == QProcess::NotRunning || tagger.waitForFinished(300000));
    QVERIFY(importer.state() == QProcess::NotRunning || importer.waitForFinished(300000));
    const QString taggerErr = QString::fromLocal8Bit(tagger.readAllStandardError());
    const QString importerErr = QString::fromLocal8Bit(importer.readAllStandardError());
    QVERIFY2(parentErrors.isEmpty(), qPrintable(parentErrors.join(QLatin1Char('\n'))));
    QVERIFY2(tagger.exitCode() == 0, qPrintable(taggerErr));
    QVERIFY2(importer.exitCode() == 0, qPrintable(importerErr));
    for (const QString &err : {taggerErr, importerErr}) {
        QVERIFY2(!err.contains(QLatin1String("locked"), Qt::CaseInsensitive), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("busy"), Qt::CaseInsensitive), qPrintable(err));
    }

    // Counted through plain SQLite once everyone is done.
    QVERIFY(registry.close(album->uuid()));
    const QString db = Album::databasePathFor(folder);
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM tags t JOIN tags p ON t.parent_id = p.id "
                                         "WHERE p.name = 'child'")),
             QString::number(tagRounds));
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM picture_tags pt JOIN pictures p ON p.id = pt.picture_id "
                                         "WHERE p.path = 'IMG_0.jpg'")),
             QString::number(tagRounds));
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures WHERE path LIKE 'new\\_%' ESCAPE '\\'")),
             QString::number(importRounds));
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM tags t JOIN tags p ON t.parent_id = p.id "
                                         "WHERE p.name = 'parent'")),
             QString::number(parentWrites));
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures WHERE path LIKE 'parent/%'")),
             QString::number(parentWrites));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    qInfo("writes landed: %d tags (quirectl), %d imports (quirectl), %d tag+picture (this process)", tagRounds,
          importRounds, parentWrites);
}

// Another program with the album open: rename and move refuse, saying so,
// and change nothing; once it has quit they go ahead.
void TestTwoProcesses::folderOperationsRefuseWhileAnotherProcessHolds()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    const QString folder = dir.filePath(QStringLiteral("Held"));
    Result<Album> album = registry.create(folder, QStringLiteral("Held"));
    QVERIFY(album);
    const QUuid uuid = album->uuid();

    QProcess holder;
    QVERIFY(startHolder(holder, QStringLiteral("hold"), folder));
    Result<Album> renamed = renameAlbum(registry, uuid, QStringLiteral("Renamed"));
    QVERIFY(!renamed);
    QCOMPARE(renamed.error().code(), ErrorCode::Busy);
    QVERIFY2(renamed.error().message().contains(QLatin1String("another program")), qPrintable(renamed.error().message()));
    Result<Album> moved = moveAlbum(registry, uuid, dir.filePath(QStringLiteral("Moved")));
    QVERIFY(!moved);
    QCOMPARE(moved.error().code(), ErrorCode::Busy);
    QVERIFY(QFileInfo::exists(Album::databasePathFor(folder)));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Renamed"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Moved"))));

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(30000));
    QCOMPARE(holder.exitCode(), 0);
    Result<Album> after = renameAlbum(registry, uuid, QStringLiteral("Renamed"));
    QVERIFY2(after, qPrintable(after.error().toString()));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("Renamed/.quire/album.db"))));
}

// Every lock Quire takes dies with its holder: a process killed with
// SIGKILL while it holds the album open, in the middle of a write, or
// holding one of Quire's lock files leaves nothing that blocks the next
// folder operation, and nothing it had not committed.
void TestTwoProcesses::deadHolderNeverBlocks_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("lockFile"); // relative to the album; empty: the album itself
    QTest::newRow("open album") << QStringLiteral("hold") << QString();
    QTest::newRow("unfinished write") << QStringLiteral("hold-writing") << QString();
    QTest::newRow("transfers.lock") << QStringLiteral("flock") << QStringLiteral(".quire/transfers.lock");
    QTest::newRow("move.lock") << QStringLiteral("flock") << QStringLiteral(".quire/move.lock");
}

void TestTwoProcesses::deadHolderNeverBlocks()
{
    QFETCH(QString, verb);
    QFETCH(QString, lockFile);
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    const QString folder = dir.filePath(QStringLiteral("Album"));
    Result<Album> album = registry.create(folder, QStringLiteral("Album"));
    QVERIFY(album);
    const QUuid uuid = album->uuid();
    {
        Result<Session> session = album->write();
        QVERIFY(session);
        QVERIFY(quire::Tags(*session).ensure(QStringLiteral("committed")));
    }

    QProcess holder;
    QVERIFY(startHolder(holder, verb, lockFile.isEmpty() ? folder : QDir(folder).filePath(lockFile)));
    Result<Album> refused = renameAlbum(registry, uuid, QStringLiteral("While held"));
    QVERIFY2(!refused, "a folder operation went ahead while another process held the album");
    if (!refused)
        QCOMPARE(refused.error().code(), ErrorCode::Busy);

    holder.kill(); // SIGKILL: no clean-up of any kind
    QVERIFY(holder.waitForFinished(30000));
    QCOMPARE(holder.exitStatus(), QProcess::CrashExit);

    Result<Album> renamed = renameAlbum(registry, uuid, QStringLiteral("After"));
    QVERIFY2(renamed, qPrintable(renamed.error().toString()));
    Result<Session> session = renamed->read();
    QVERIFY(session);
    Result<QList<Tag>> tags = quire::Tags(*session).all();
    QVERIFY(tags);
    QCOMPARE(tags->size(), 1);
    QCOMPARE(tags->at(0).name, QStringLiteral("committed"));
    Result<CheckReport> check = renamed->check();
    QVERIFY(check);
    QVERIFY2(check->problems.isEmpty(), qPrintable(check->problems.join(QLatin1Char('\n'))));
}

// On a network file system (made to look like one: a test cannot mount
// NFS, so QUIRE_ASSUME_FILESYSTEM, which children inherit, stands in for
// statfs) an album uses the rollback journal and exclusive locking: no
// -wal or -shm, and while this process has it open another program is
// told the album is locked, cleanly, instead of sharing a WAL index
// across hosts. Once it is closed here, the other program writes.
void TestTwoProcesses::networkAlbumIsOneProcessAtATime_data()
{
    QTest::addColumn<QString>("fileSystem");
    QTest::newRow("nfs") << QStringLiteral("nfs");
    QTest::newRow("cifs") << QStringLiteral("cifs");
    QTest::newRow("fuse") << QStringLiteral("fuse");
}

void TestTwoProcesses::networkAlbumIsOneProcessAtATime()
{
    QFETCH(QString, fileSystem);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("On the share"));
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    qputenv("QUIRE_ASSUME_FILESYSTEM", fileSystem.toLatin1());
    auto restore = qScopeGuard([] { qunsetenv("QUIRE_ASSUME_FILESYSTEM"); });

    RegistryOptions options;
    options.busyTimeoutMs = 500;
    AlbumRegistry registry(workspace, options);
    Result<Album> album = registry.create(folder, QStringLiteral("Share"));
    QVERIFY2(album, qPrintable(album.error().toString()));
    QCOMPARE(album->journalMode(), JournalMode::Rollback);
    {
        Result<Session> session = album->write();
        QVERIFY(session);
        QVERIFY(quire::Tags(*session).ensure(QStringLiteral("here")));
        Result<Statement> journal = session->connection().prepare("PRAGMA journal_mode");
        QVERIFY(journal && *journal->step());
        QCOMPARE(journal->text(0), QStringLiteral("delete"));
        Result<Statement> locking = session->connection().prepare("PRAGMA locking_mode");
        QVERIFY(locking && *locking->step());
        QCOMPARE(locking->text(0), QStringLiteral("exclusive"));
    }
    // Sessions one after another, reads and writes, share the one connection.
    for (int i = 0; i < 3; ++i) {
        QVERIFY(album->read());
        QVERIFY(album->write());
    }
    const QString db = Album::databasePathFor(folder);
    QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
    QVERIFY(!QFileInfo::exists(db + QStringLiteral("-shm")));

    // quirectl, while the album is open here: refused as locked, nothing written.
    QProcess tag;
    tag.start(Quirectl, {QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws-other")), QStringLiteral("tag"),
                         folder, QStringLiteral("nothing.jpg"), QStringLiteral("there")});
    QVERIFY(tag.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(tag.readAllStandardError());
    qInfo("quirectl on the held %s album: %s", qPrintable(fileSystem), qPrintable(err.trimmed()));
    QCOMPARE(tag.exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("locked")), qPrintable(err));
    QVERIFY2(err.contains(QFileInfo(folder).fileName()), qPrintable(err));

    // Closed here: the other program gets it (a picture to tag first).
    {
        Result<Session> session = album->write();
        QVERIFY(session);
        Picture picture;
        picture.path = QStringLiteral("IMG_1.jpg");
        QVERIFY(quire::Pictures(*session).add(picture));
    }
    QVERIFY(registry.close(album->uuid()));
    QProcess again;
    again.start(Quirectl, {QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws-other")), QStringLiteral("tag"),
                           folder, QStringLiteral("IMG_1.jpg"), QStringLiteral("there")});
    QVERIFY(again.waitForFinished(120000));
    QVERIFY2(again.exitCode() == 0, again.readAllStandardError().constData());
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM tags ORDER BY name)")),
             QStringLiteral("here,there"));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("delete"));
}

// An album reached through a read-only bind mount (mount --bind, then
// remount ro): the registry records it as read-only, its writes are
// refused with a message saying so, and quirectl in another process is
// refused the same way; the album under the mount is unchanged.
void TestTwoProcesses::readOnlyBindMountRefusesEveryWriter()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Original"));
    {
        Result<Album> album = Album::create(folder, QStringLiteral("Pressed"));
        QVERIFY(album);
        Picture picture;
        picture.path = QStringLiteral("IMG_1.jpg");
        QVERIFY(quire::Pictures(*album->write()).add(picture));
        QVERIFY(album->close());
    }
    const QString view = dir.filePath(QStringLiteral("ReadOnlyView"));
    QVERIFY(QDir().mkpath(view));
    const QByteArray from = QFile::encodeName(folder), to = QFile::encodeName(view);
    if (::mount(from.constData(), to.constData(), nullptr, MS_BIND, nullptr) != 0)
        QSKIP("cannot bind-mount here (no CAP_SYS_ADMIN)");
    auto unmount = qScopeGuard([&] { ::umount2(to.constData(), MNT_DETACH); });
    if (::mount(nullptr, to.constData(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
        QSKIP("cannot remount the bind mount read-only");

    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> album = registry.open(view);
    QVERIFY2(album, qPrintable(album.error().toString()));
    QVERIFY(album->isReadOnly());
    QVERIFY2(album->readOnlyReason().contains(QLatin1String("read-only media")), qPrintable(album->readOnlyReason()));
    QCOMPARE(registry.catalog()->size(), 1);
    QCOMPARE(registry.catalog()->at(0).state, AlbumState::ReadOnly);
    QCOMPARE(*quire::Pictures(*album->read()).count(), 1);
    Result<Session> writer = album->write();
    QVERIFY(!writer);
    QCOMPARE(writer.error().code(), ErrorCode::ReadOnly);
    QVERIFY2(writer.error().toString().contains(QLatin1String("read-only")), qPrintable(writer.error().toString()));

    QProcess tag;
    tag.start(Quirectl, {QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws-other")), QStringLiteral("tag"),
                         view, QStringLiteral("IMG_1.jpg"), QStringLiteral("nope")});
    QVERIFY(tag.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(tag.readAllStandardError());
    QCOMPARE(tag.exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("read-only")), qPrintable(err));
    QVERIFY(registry.close(album->uuid()));

    unmount.dismiss();
    QCOMPARE(::umount2(to.constData(), MNT_DETACH), 0);
    QCOMPARE(rawQuery(Album::databasePathFor(folder), QStringLiteral("SELECT count(*) FROM tags")), QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestTwoProcesses)
#include "tst_two_processes.moc"
