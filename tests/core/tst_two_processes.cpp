// Two programs on the same tenants (the desktop app and quirectl, or
// another program of the format): real child processes write while this
// process writes through its Registry, hold tenants open while folder
// operations are tried, and are killed with SIGKILL to leave whatever locks
// they held. Every test runs for the album and a second format
// (formats_under_test.h): the album's other program is quirectl,
// another format's is holder_child (quirectl writes no rows with --format).

#include "formats_under_test.h"
#include "testsupport.h"

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

bool isAlbum(const quire::test::FormatUnderTest &f)
{
    return f.name == QLatin1String("album");
}

// A child running a loop of commands (bash), stopping at the first failure.
void startLoop(QProcess &child, const QString &script, const QStringList &args)
{
    child.setProgram(QStringLiteral("/bin/bash"));
    child.setArguments(QStringList{QStringLiteral("-c"), script, QStringLiteral("loop")} + args);
    child.start();
}

bool startHolder(QProcess &child, const quire::test::FormatUnderTest &f, const QString &verb, const QString &target)
{
    child.start(Holder, {QStringLiteral("--format"), f.name, verb, target});
    if (!child.waitForReadyRead(30000))
        return false;
    return child.readLine().trimmed() == "ready";
}

// Another program writing `label` to the tenant in `folder` with a
// workspace of its own: quirectl tagging the album's picture IMG_1.jpg
// with it; for another format, holder_child adding a row labelled so.
void startOtherWriter(QProcess &child, const quire::test::FormatUnderTest &f, const QString &workspace,
                      const QString &folder, const QString &label)
{
    if (isAlbum(f))
        child.start(Quirectl, {QStringLiteral("--workspace"), workspace, QStringLiteral("tag"), folder,
                               QStringLiteral("IMG_1.jpg"), label});
    else
        child.start(Holder, {QStringLiteral("--format"), f.name, QStringLiteral("add"), workspace, folder, label});
}

// What startOtherWriter() and writeHere() wrote, sorted, comma-separated:
// the album's tag names, another format's row labels.
QString labelsWritten(const quire::test::FormatUnderTest &f, const QString &database)
{
    if (isAlbum(f))
        return rawQuery(database, QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM tags ORDER BY name)"));
    return rawQuery(database, QStringLiteral("SELECT group_concat(label, ',') FROM (SELECT %1 AS label FROM %2 ORDER BY 1)")
                                  .arg(f.labelSql, f.table));
}

// This process writes `label` the way labelsWritten() reads it back.
Result<void> writeHere(const quire::test::FormatUnderTest &f, Session &session, const QString &label)
{
    if (!isAlbum(f))
        return f.addRow(session, label);
    Result<Tag> tag = quire::Tags(session).ensure(label);
    if (!tag)
        return tag.error();
    return {};
}

} // namespace

class TestTwoProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesFromThreeProcessesAllLand_data() { quire::test::addFormatRows(); }
    void writesFromThreeProcessesAllLand();
    void folderOperationsRefuseWhileAnotherProcessHolds_data() { quire::test::addFormatRows(); }
    void folderOperationsRefuseWhileAnotherProcessHolds();
    void deadHolderNeverBlocks_data();
    void deadHolderNeverBlocks();
    void networkTenantIsOneProcessAtATime_data();
    void networkTenantIsOneProcessAtATime();
    void readOnlyBindMountRefusesEveryWriter_data() { quire::test::addFormatRows(); }
    void readOnlyBindMountRefusesEveryWriter();
};

// Two other programs (for the album, quirectl loops tagging, and copying
// files in and importing them; for another format, holder_child loops each
// adding a row per start) and this process's registry write to one tenant
// at once. Every write lands, and "database is locked" reaches nobody.
void TestTwoProcesses::writesFromThreeProcessesAllLand()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Shared"));
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    std::unique_ptr<Registry> owner = f.registry(workspace);
    Registry &registry = *owner;
    Result<Tenant> tenant = registry.create(folder, QStringLiteral("Shared"));
    QVERIFY2(tenant, qPrintable(tenant.error().toString()));

    const int tagRounds = 40, importRounds = 12;
    QProcess tagger, importer;
    // What each child's writes leave, counted through plain SQLite.
    QList<std::pair<QString, int>> landed;
    if (isAlbum(f)) {
        QVERIFY(quire::test::writeImage(folder + QStringLiteral("/IMG_0.jpg"), 32, 24));
        QVERIFY(quire::test::writeImage(dir.filePath(QStringLiteral("template.jpg")), 32, 24));
        {
            Result<ImportReport> imported = importPictures(Album(*tenant));
            QVERIFY2(imported, qPrintable(imported.error().toString()));
        }
        startLoop(tagger,
                  QStringLiteral("for i in $(seq 1 $4); do \"$1\" --workspace \"$2\" tag \"$3\" IMG_0.jpg child/t$i || exit 1; done"),
                  {Quirectl, workspace, folder, QString::number(tagRounds)});
        // Each round a new file (different bytes: a different hash) and an import.
        startLoop(importer,
                  QStringLiteral("for i in $(seq 1 $5); do cp \"$4\" \"$3/new_$i.jpg\" && printf '%08d' $i >> \"$3/new_$i.jpg\" "
                                 "&& \"$1\" --workspace \"$2\" import \"$3\" > /dev/null || exit 1; done"),
                  {Quirectl, workspace, folder, dir.filePath(QStringLiteral("template.jpg")), QString::number(importRounds)});
        landed = {{QStringLiteral("SELECT count(*) FROM tags t JOIN tags p ON t.parent_id = p.id WHERE p.name = 'child'"),
                   tagRounds},
                  {QStringLiteral("SELECT count(*) FROM picture_tags pt JOIN pictures p ON p.id = pt.picture_id "
                                  "WHERE p.path = 'IMG_0.jpg'"),
                   tagRounds},
                  {QStringLiteral("SELECT count(*) FROM pictures WHERE path LIKE 'new\\_%' ESCAPE '\\'"), importRounds}};
    } else {
        // A new process for every row, as each quirectl command is.
        const QString adds = QStringLiteral(
            "for i in $(seq 1 $5); do \"$1\" --format \"$2\" add \"$3\" \"$4\" \"$6$i\" || exit 1; done");
        startLoop(tagger, adds,
                  {Holder, f.name, workspace, folder, QString::number(tagRounds), QStringLiteral("child/t")});
        startLoop(importer, adds,
                  {Holder, f.name, workspace, folder, QString::number(importRounds), QStringLiteral("new_")});
        landed = {{f.countLabelledSql(QStringLiteral("child/t")), tagRounds},
                  {f.countLabelledSql(QStringLiteral("new_")), importRounds}};
    }
    QVERIFY(tagger.waitForStarted());
    QVERIFY(importer.waitForStarted());

    // This process writes as long as the children run (and at least 20
    // times): a row, and for the album a tag too.
    int parentWrites = 0;
    QStringList parentErrors;
    while (parentWrites < 20 || tagger.state() != QProcess::NotRunning || importer.state() != QProcess::NotRunning) {
        Result<Session> session = tenant->write();
        if (!session) {
            parentErrors.append(session.error().toString());
        } else {
            Result<void> tagged = isAlbum(f) ? writeHere(f, *session, QStringLiteral("parent/t%1").arg(parentWrites + 1))
                                             : Result<void>();
            Result<void> added = tagged ? f.addRow(*session, QStringLiteral("parent/%1").arg(parentWrites + 1)) : tagged;
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
    QVERIFY(registry.close(tenant->uuid()));
    const QString db = Tenant::databasePathFor(folder, f.format);
    for (const auto &[sql, expected] : std::as_const(landed))
        QCOMPARE(rawQuery(db, sql), QString::number(expected));
    if (isAlbum(f)) {
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM tags t JOIN tags p ON t.parent_id = p.id "
                                             "WHERE p.name = 'parent'")),
                 QString::number(parentWrites));
    }
    QCOMPARE(rawQuery(db, f.countLabelledSql(QStringLiteral("parent/"))), QString::number(parentWrites));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    qInfo("%s: writes landed: %d and %d from two other programs, %d from this process", qPrintable(f.name), tagRounds,
          importRounds, parentWrites);
}

// Another program with the tenant open: rename and move refuse, saying
// so, and change nothing; once it has quit they go ahead.
void TestTwoProcesses::folderOperationsRefuseWhileAnotherProcessHolds()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString folder = dir.filePath(QStringLiteral("Held"));
    Result<Tenant> tenant = registry.create(folder, QStringLiteral("Held"));
    QVERIFY(tenant);
    const QUuid uuid = tenant->uuid();

    QProcess holder;
    QVERIFY(startHolder(holder, f, QStringLiteral("hold"), folder));
    Result<Tenant> renamed = renameTenant(registry, uuid, QStringLiteral("Renamed"));
    QVERIFY(!renamed);
    QCOMPARE(renamed.error().code(), ErrorCode::Busy);
    QVERIFY2(renamed.error().message().contains(QStringLiteral("another program has the %1 open").arg(f.format.kind())),
             qPrintable(renamed.error().message()));
    Result<Tenant> moved = moveTenant(registry, uuid, dir.filePath(QStringLiteral("Moved")));
    QVERIFY(!moved);
    QCOMPARE(moved.error().code(), ErrorCode::Busy);
    QVERIFY2(moved.error().message().contains(QStringLiteral("Cannot move the %1: another program has the %1 open")
                                                  .arg(f.format.kind())),
             qPrintable(moved.error().message()));
    QVERIFY2(moved.error().toString().contains(QLatin1String("Held")), qPrintable(moved.error().toString()));
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(folder, f.format)));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Renamed"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Moved"))));

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(30000));
    QCOMPARE(holder.exitCode(), 0);
    Result<Tenant> after = renameTenant(registry, uuid, QStringLiteral("Renamed"));
    QVERIFY2(after, qPrintable(after.error().toString()));
    QVERIFY(QFileInfo::exists(Tenant::databasePathFor(dir.filePath(QStringLiteral("Renamed")), f.format)));
}

// Every lock Quire takes dies with its holder: a process killed with
// SIGKILL while it holds the tenant open, in the middle of a write, or
// holding one of Quire's lock files leaves nothing that blocks the next
// folder operation, and nothing it had not committed.
void TestTwoProcesses::deadHolderNeverBlocks_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("lockFile"); // in the control folder; empty: the tenant itself
    for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
        QTest::addRow("%s: open tenant", qPrintable(format)) << format << QStringLiteral("hold") << QString();
        QTest::addRow("%s: unfinished write", qPrintable(format)) << format << QStringLiteral("hold-writing") << QString();
        QTest::addRow("%s: transfers.lock", qPrintable(format))
            << format << QStringLiteral("flock") << QStringLiteral("transfers.lock");
        QTest::addRow("%s: move.lock", qPrintable(format)) << format << QStringLiteral("flock") << QStringLiteral("move.lock");
    }
}

void TestTwoProcesses::deadHolderNeverBlocks()
{
    QFETCH(QString, format);
    QFETCH(QString, verb);
    QFETCH(QString, lockFile);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    const QString folder = dir.filePath(QStringLiteral("Tenant"));
    Result<Tenant> tenant = registry.create(folder, QStringLiteral("Tenant"));
    QVERIFY(tenant);
    const QUuid uuid = tenant->uuid();
    {
        Result<Session> session = tenant->write();
        QVERIFY(session);
        QVERIFY(f.addRow(*session, QStringLiteral("committed")));
    }

    QProcess holder;
    QVERIFY(startHolder(holder, f, verb, lockFile.isEmpty() ? folder : f.format.controlPath(folder, lockFile)));
    Result<Tenant> refused = renameTenant(registry, uuid, QStringLiteral("While held"));
    QVERIFY2(!refused, "a folder operation went ahead while another process held the tenant");
    QCOMPARE(refused.error().code(), ErrorCode::Busy);

    holder.kill(); // SIGKILL: no clean-up of any kind
    QVERIFY(holder.waitForFinished(30000));
    QCOMPARE(holder.exitStatus(), QProcess::CrashExit);

    Result<Tenant> renamed = renameTenant(registry, uuid, QStringLiteral("After"));
    QVERIFY2(renamed, qPrintable(renamed.error().toString()));
    QCOMPARE(f.count(*renamed), qint64(1));
    Result<Session> session = renamed->read();
    QVERIFY(session);
    Result<Rows> labels = session->query(QStringLiteral("SELECT %1 FROM %2").arg(f.labelSql, f.table).toUtf8());
    QVERIFY(labels);
    QCOMPARE(labels->values.size(), 1);
    QCOMPARE(labels->values.first().first().toString(), QStringLiteral("committed"));
    Result<CheckReport> check = renamed->check();
    QVERIFY(check);
    QVERIFY2(check->problems.isEmpty(), qPrintable(check->problems.join(QLatin1Char('\n'))));
}

// On a network file system (made to look like one: a test cannot mount
// NFS, so QUIRE_ASSUME_FILESYSTEM, which children inherit, stands in for
// statfs) a tenant uses the rollback journal and exclusive locking: no
// -wal or -shm, and while this process has it open another program is
// told the tenant is locked, cleanly, instead of sharing a WAL index
// across hosts. Once it is closed here, the other program writes.
void TestTwoProcesses::networkTenantIsOneProcessAtATime_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("fileSystem");
    for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
        for (const QString &fileSystem : {QStringLiteral("nfs"), QStringLiteral("cifs"), QStringLiteral("fuse")})
            QTest::addRow("%s: %s", qPrintable(format), qPrintable(fileSystem)) << format << fileSystem;
    }
}

void TestTwoProcesses::networkTenantIsOneProcessAtATime()
{
    QFETCH(QString, format);
    QFETCH(QString, fileSystem);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("On the share"));
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    qputenv("QUIRE_ASSUME_FILESYSTEM", fileSystem.toLatin1());
    auto restore = qScopeGuard([] { qunsetenv("QUIRE_ASSUME_FILESYSTEM"); });

    RegistryOptions options;
    options.busyTimeoutMs = 500;
    std::unique_ptr<Registry> owner = f.registry(workspace, options);
    Registry &registry = *owner;
    Result<Tenant> tenant = registry.create(folder, QStringLiteral("Share"));
    QVERIFY2(tenant, qPrintable(tenant.error().toString()));
    QCOMPARE(tenant->journalMode(), JournalMode::Rollback);
    {
        Result<Session> session = tenant->write();
        QVERIFY(session);
        QVERIFY(writeHere(f, *session, QStringLiteral("here")));
        Result<Statement> journal = session->connection().prepare("PRAGMA journal_mode");
        QVERIFY(journal && *journal->step());
        QCOMPARE(journal->text(0), QStringLiteral("delete"));
        Result<Statement> locking = session->connection().prepare("PRAGMA locking_mode");
        QVERIFY(locking && *locking->step());
        QCOMPARE(locking->text(0), QStringLiteral("exclusive"));
    }
    // Sessions one after another, reads and writes, share the one connection.
    for (int i = 0; i < 3; ++i) {
        QVERIFY(tenant->read());
        QVERIFY(tenant->write());
    }
    const QString db = Tenant::databasePathFor(folder, f.format);
    QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
    QVERIFY(!QFileInfo::exists(db + QStringLiteral("-shm")));

    // The other program, while the tenant is open here: refused as locked,
    // nothing written.
    const QString otherWorkspace = dir.filePath(QStringLiteral("ws-other"));
    QProcess refused;
    startOtherWriter(refused, f, otherWorkspace, folder, QStringLiteral("there"));
    QVERIFY(refused.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(refused.readAllStandardError());
    qInfo("another program on the held %s %s: %s", qPrintable(fileSystem), qPrintable(f.format.kind()),
          qPrintable(err.trimmed()));
    QCOMPARE(refused.exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("locked")), qPrintable(err));
    QVERIFY2(err.contains(QFileInfo(folder).fileName()), qPrintable(err));

    // Closed here: the other program gets it (for the album, a picture to
    // tag first).
    {
        Result<Session> session = tenant->write();
        QVERIFY(session);
        QVERIFY(f.addRow(*session, QStringLiteral("IMG_1")));
    }
    QVERIFY(registry.close(tenant->uuid()));
    QProcess again;
    startOtherWriter(again, f, otherWorkspace, folder, QStringLiteral("there"));
    QVERIFY(again.waitForFinished(120000));
    QVERIFY2(again.exitCode() == 0, again.readAllStandardError().constData());
    // The album's picture is no tag; another format's is a row like the others.
    QCOMPARE(labelsWritten(f, db), isAlbum(f) ? QStringLiteral("here,there") : QStringLiteral("IMG_1,here,there"));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("delete"));
}

// A tenant reached through a read-only bind mount (mount --bind, then
// remount ro): the registry records it as read-only, its writes are
// refused with a message saying so, and another program is refused the
// same way; the tenant under the mount is unchanged.
void TestTwoProcesses::readOnlyBindMountRefusesEveryWriter()
{
    QFETCH(QString, format);
    const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Original"));
    {
        std::unique_ptr<Registry> setup = f.registry(dir.filePath(QStringLiteral("ws-setup")));
        Result<Tenant> tenant = setup->create(folder, QStringLiteral("Pressed"));
        QVERIFY(tenant);
        QVERIFY(f.addRow(*tenant->write(), QStringLiteral("IMG_1")));
        QVERIFY(setup->close(tenant->uuid()));
    }
    const QString database = Tenant::databasePathFor(folder, f.format);
    const QString before = f.fingerprint(folder);
    const QString labelsBefore = labelsWritten(f, database);
    const QString view = dir.filePath(QStringLiteral("ReadOnlyView"));
    QVERIFY(QDir().mkpath(view));
    const QByteArray from = QFile::encodeName(folder), to = QFile::encodeName(view);
    if (::mount(from.constData(), to.constData(), nullptr, MS_BIND, nullptr) != 0)
        QSKIP("cannot bind-mount here (no CAP_SYS_ADMIN)");
    auto unmount = qScopeGuard([&] { ::umount2(to.constData(), MNT_DETACH); });
    if (::mount(nullptr, to.constData(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
        QSKIP("cannot remount the bind mount read-only");

    std::unique_ptr<Registry> owner = f.registry(dir.filePath(QStringLiteral("ws")));
    Registry &registry = *owner;
    Result<Tenant> tenant = registry.open(view);
    QVERIFY2(tenant, qPrintable(tenant.error().toString()));
    QVERIFY(tenant->isReadOnly());
    QVERIFY2(tenant->readOnlyReason().contains(QLatin1String("read-only media")), qPrintable(tenant->readOnlyReason()));
    QCOMPARE(registry.catalog()->size(), 1);
    QCOMPARE(registry.catalog()->at(0).state, TenantState::ReadOnly);
    QCOMPARE(f.count(*tenant), qint64(1));
    Result<Session> writer = tenant->write();
    QVERIFY(!writer);
    QCOMPARE(writer.error().code(), ErrorCode::ReadOnly);
    QVERIFY2(writer.error().toString().contains(QLatin1String("read-only")), qPrintable(writer.error().toString()));

    QProcess other;
    startOtherWriter(other, f, dir.filePath(QStringLiteral("ws-other")), view, QStringLiteral("nope"));
    QVERIFY(other.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(other.readAllStandardError());
    QCOMPARE(other.exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("read-only")), qPrintable(err));
    QVERIFY(registry.close(tenant->uuid()));

    unmount.dismiss();
    QCOMPARE(::umount2(to.constData(), MNT_DETACH), 0);
    QCOMPARE(labelsWritten(f, database), labelsBefore);
    QCOMPARE(f.fingerprint(folder), before);
    if (isAlbum(f))
        QCOMPARE(rawQuery(database, QStringLiteral("SELECT count(*) FROM tags")), QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestTwoProcesses)
#include "tst_two_processes.moc"
