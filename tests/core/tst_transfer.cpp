// Moving and copying pictures between albums: rows, tags, thumbnails and
// files arrive together, names never clash, refusals change nothing, and a
// move killed at any step boundary ends, after recovery, with every picture
// in exactly one album.

#include "testsupport.h"

#include <quire/quire.h>
#include <quire/transfer.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace quire;
using quire::test::rawQuery;

namespace {

// What a test sees of one picture.
struct Seen {
    QUuid uuid;
    QString path;
    QStringList tags; // sorted paths
    bool thumbnail = false;
};

QStringList expectedTags(int i)
{
    QStringList tags{QStringLiteral("Trips/2024/Spring")};
    if (i % 2 == 0)
        tags.append(QStringLiteral("Places/Beach"));
    if (i % 3 == 0)
        tags.append(QStringLiteral("People/Ann"));
    tags.sort();
    return tags;
}

// Adds `count` real images IMG_<i>.jpg with tags and a thumbnail each.
QList<QUuid> addPictures(const Album &album, int count, const QString &prefix = QStringLiteral("IMG_"))
{
    QList<QUuid> uuids;
    Result<Session> session = album.write();
    if (!session)
        return uuids;
    for (int i = 0; i < count; ++i) {
        const QString path = QStringLiteral("%1%2.jpg").arg(prefix).arg(i);
        if (!quire::test::writeImage(QDir(album.folder()).filePath(path), 40 + i, 30))
            return {};
        Picture p;
        p.path = path;
        p.fileSize = QFileInfo(QDir(album.folder()).filePath(path)).size();
        p.rating = i % 6;
        for (const QString &tag : expectedTags(i))
            p.tagIds.append(quire::Tags(*session).ensure(tag)->id);
        if (!quire::Pictures(*session).add(p))
            return {};
        Result<Statement> thumb = session->connection().prepare(
            "INSERT INTO thumbnails (picture_id, width, height, format, data) VALUES (?1, 4, 3, 'jpeg', ?2)");
        thumb->bind(1, p.id).bindBlob(2, QByteArray("thumb-") + path.toUtf8());
        if (!thumb->run())
            return {};
        uuids.append(p.uuid);
    }
    return uuids;
}

QHash<QUuid, Seen> picturesOf(const Album &album)
{
    QHash<QUuid, Seen> seen;
    Result<Session> session = album.read();
    if (!session)
        return seen;
    const Result<QList<Picture>> all = quire::Pictures(*session).query({});
    for (const Picture &p : *all) {
        Seen s{p.uuid, p.path, {}, false};
        const Result<QList<Tag>> tags = quire::Tags(*session).of(p.id);
        for (const Tag &t : *tags)
            s.tags.append(t.path);
        s.tags.sort();
        Result<Statement> thumb = session->connection().prepare("SELECT count(*) FROM thumbnails WHERE picture_id = ?1");
        thumb->bind(1, p.id);
        (void)thumb->step();
        s.thumbnail = thumb->integer(0) == 1;
        seen.insert(p.uuid, s);
    }
    return seen;
}

// Every file in the album folder outside .quire, relative.
QSet<QString> filesIn(const QString &folder)
{
    QSet<QString> files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = QDir(folder).relativeFilePath(it.next());
        if (!path.startsWith(QLatin1String(".quire/")))
            files.insert(path);
    }
    return files;
}

QSet<QString> rowPaths(const QHash<QUuid, Seen> &pictures)
{
    QSet<QString> paths;
    for (const Seen &s : pictures)
        paths.insert(s.path);
    return paths;
}

QString transferRows(const QString &folder)
{
    return rawQuery(Album::databasePathFor(folder),
                    QStringLiteral("SELECT (SELECT count(*) FROM quire_row_transfers_out)"
                                   " + (SELECT count(*) FROM quire_row_transfers_in)"
                                   " + (SELECT count(*) FROM meta WHERE key = 'transfers')"));
}

// Files in .quire besides the database and the transfers' lock: none expected.
QStringList leftovers(const QString &folder)
{
    QStringList files = QDir(folder + QStringLiteral("/.quire")).entryList(QDir::Files | QDir::Hidden);
    for (const QString &known : {QStringLiteral("album.db"), QStringLiteral("album.db-wal"),
                                 QStringLiteral("album.db-shm"), QStringLiteral("transfers.lock")})
        files.removeAll(known);
    return files;
}

} // namespace

class TestTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moveCarriesTagsThumbnailsAndFiles();
    void moveAcrossFileSystemsCopiesThenRemoves();
    void moveOfAPictureWhoseFileIsGone();
    void copyGivesNewUuidsAndIndependentFiles();
    void refusalsLeaveEverythingAsItWas_data();
    void refusalsLeaveEverythingAsItWas();
    void moveSurvivesKillAtEveryStep_data();
    void moveSurvivesKillAtEveryStep();
    void quirectlMovesAndRecovers();
    void recoveryLeavesARunningTransferAlone();
    void transfersOfTheOldTablesAreRecoveredAfterTheUpgrade_data();
    void transfersOfTheOldTablesAreRecoveredAfterTheUpgrade();
};

void TestTransfer::moveCarriesTagsThumbnailsAndFiles()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(dir.filePath(QStringLiteral("Source")), QStringLiteral("Source"));
    Result<Album> destination = registry.create(dir.filePath(QStringLiteral("Destination")), QStringLiteral("Dest"));
    QVERIFY(source && destination);
    const QList<QUuid> uuids = addPictures(*source, 4);
    QCOMPARE(uuids.size(), 4);
    // The destination already has an IMG_1.jpg (a different picture) and a
    // "Places" tag; a stray file IMG_2.jpg without a row.
    QVERIFY(quire::test::writeImage(dir.filePath(QStringLiteral("Destination/IMG_1.jpg")), 9, 9));
    QVERIFY(quire::test::writeFile(dir.filePath(QStringLiteral("Destination/IMG_2.jpg")), "not ours"));
    {
        Result<Session> s = destination->write();
        Picture p;
        p.path = QStringLiteral("IMG_1.jpg");
        p.tagIds = {quire::Tags(*s).ensure(QStringLiteral("Places"))->id};
        QVERIFY(quire::Pictures(*s).add(p));
    }
    QFile original(dir.filePath(QStringLiteral("Destination/IMG_1.jpg")));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray originalBytes = original.readAll();
    original.close();
    QFile sourceImage(dir.filePath(QStringLiteral("Source/IMG_1.jpg")));
    QVERIFY(sourceImage.open(QIODevice::ReadOnly));
    const QByteArray movedBytes = sourceImage.readAll();
    sourceImage.close();

    const QList<QUuid> moving{uuids[0], uuids[1], uuids[2]};
    Result<TransferReport> report = movePictures(registry, *source, *destination, moving);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->items.size(), 3);

    const QHash<QUuid, Seen> left = picturesOf(*source);
    const QHash<QUuid, Seen> arrived = picturesOf(*destination);
    QCOMPARE(left.size(), 1);
    QVERIFY(left.contains(uuids[3]));
    QCOMPARE(arrived.size(), 4);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(arrived.contains(uuids[i])); // a move keeps the picture UUID
        QCOMPARE(arrived[uuids[i]].tags, expectedTags(i));
        QVERIFY(arrived[uuids[i]].thumbnail);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("Source/IMG_%1.jpg").arg(i))));
    }
    QCOMPARE(arrived[uuids[0]].path, QStringLiteral("IMG_0.jpg"));
    QCOMPARE(arrived[uuids[1]].path, QStringLiteral("IMG_1 (2).jpg"));
    QCOMPARE(arrived[uuids[2]].path, QStringLiteral("IMG_2 (2).jpg"));
    QCOMPARE(filesIn(dir.filePath(QStringLiteral("Destination"))),
             rowPaths(arrived) + QSet<QString>{QStringLiteral("IMG_2.jpg")});
    QCOMPARE(filesIn(dir.filePath(QStringLiteral("Source"))), rowPaths(left));

    // Nothing was overwritten: the clashing files keep their bytes.
    QFile kept(dir.filePath(QStringLiteral("Destination/IMG_1.jpg")));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), originalBytes);
    QFile moved(dir.filePath(QStringLiteral("Destination/IMG_1 (2).jpg")));
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), movedBytes);
    QFile stray(dir.filePath(QStringLiteral("Destination/IMG_2.jpg")));
    QVERIFY(stray.open(QIODevice::ReadOnly));
    QCOMPARE(stray.readAll(), QByteArray("not ours"));

    // The existing "Places" tag was reused, not duplicated.
    QCOMPARE(rawQuery(destination->databasePath(), QStringLiteral("SELECT count(*) FROM tags WHERE name = 'Places'")),
             QStringLiteral("1"));
    QCOMPARE(transferRows(source->folder()), QStringLiteral("0"));
    QCOMPARE(transferRows(destination->folder()), QStringLiteral("0"));
    QVERIFY(leftovers(source->folder()).isEmpty());
}

void TestTransfer::moveAcrossFileSystemsCopiesThenRemoves()
{
    // The source on the temporary folder's file system, the destination on
    // /dev/shm (tmpfs): no hard link across them, so the files are copied,
    // synced, and only then removed from the source.
    QTemporaryDir dir;
    QTemporaryDir other(QStringLiteral("/dev/shm/quire-transfer-XXXXXX"));
    struct stat a {}, b {};
    if (!other.isValid() || ::stat(QFile::encodeName(dir.path()).constData(), &a) != 0
        || ::stat(QFile::encodeName(other.path()).constData(), &b) != 0 || a.st_dev == b.st_dev)
        QSKIP("no second file system (/dev/shm) to move across; the cross-file-system path is not tested here");
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(dir.filePath(QStringLiteral("Source")));
    Result<Album> destination = registry.create(other.filePath(QStringLiteral("Destination")));
    QVERIFY(source && destination);
    const QList<QUuid> uuids = addPictures(*source, 3);
    QCOMPARE(uuids.size(), 3);
    QHash<QString, QByteArray> bytes;
    for (int i = 0; i < 3; ++i) {
        QFile f(dir.filePath(QStringLiteral("Source/IMG_%1.jpg").arg(i)));
        QVERIFY(f.open(QIODevice::ReadOnly));
        bytes.insert(QStringLiteral("IMG_%1.jpg").arg(i), f.readAll());
    }

    Result<TransferReport> report = movePictures(registry, *source, *destination, uuids);
    QVERIFY2(report, qPrintable(report.error().toString()));
    const QHash<QUuid, Seen> arrived = picturesOf(*destination);
    QCOMPARE(arrived.size(), 3);
    QCOMPARE(picturesOf(*source).size(), 0);
    QCOMPARE(filesIn(source->folder()), QSet<QString>());
    QCOMPARE(filesIn(destination->folder()), rowPaths(arrived));
    for (const Seen &s : arrived) {
        QFile f(QDir(destination->folder()).filePath(s.path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes.value(s.path));
    }
    QCOMPARE(transferRows(source->folder()), QStringLiteral("0"));
    QCOMPARE(transferRows(destination->folder()), QStringLiteral("0"));
    QVERIFY(leftovers(destination->folder()).isEmpty());
}

void TestTransfer::moveOfAPictureWhoseFileIsGone()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(dir.filePath(QStringLiteral("Source")));
    Result<Album> destination = registry.create(dir.filePath(QStringLiteral("Destination")));
    const QList<QUuid> uuids = addPictures(*source, 2);
    QCOMPARE(uuids.size(), 2);
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("Source/IMG_1.jpg"))));

    // The picture whose file is gone still moves (its row, tags and
    // thumbnail are what is left of it); nothing is invented for the file.
    Result<TransferReport> report = movePictures(registry, *source, *destination, uuids);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(picturesOf(*source).size(), 0);
    const QHash<QUuid, Seen> arrived = picturesOf(*destination);
    QCOMPARE(arrived.size(), 2);
    QCOMPARE(arrived[uuids[1]].tags, expectedTags(1));
    QCOMPARE(filesIn(destination->folder()), QSet<QString>{QStringLiteral("IMG_0.jpg")});
    QCOMPARE(filesIn(source->folder()), QSet<QString>());
    QCOMPARE(rawQuery(destination->databasePath(),
                      QStringLiteral("SELECT state FROM pictures WHERE uuid = '%1'").arg(uuids[1].toString(QUuid::WithoutBraces))),
             QString::number(int(PictureState::Missing)));
}

void TestTransfer::copyGivesNewUuidsAndIndependentFiles()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(dir.filePath(QStringLiteral("Source")));
    Result<Album> destination = registry.create(dir.filePath(QStringLiteral("Destination")));
    const QList<QUuid> uuids = addPictures(*source, 3);
    QCOMPARE(uuids.size(), 3);

    Result<TransferReport> report = copyPictures(registry, *source, *destination, uuids);
    QVERIFY2(report, qPrintable(report.error().toString()));
    const QHash<QUuid, Seen> before = picturesOf(*source);
    const QHash<QUuid, Seen> copies = picturesOf(*destination);
    QCOMPARE(before.size(), 3);
    QCOMPARE(copies.size(), 3);
    for (const TransferReport::Item &item : report->items) {
        QVERIFY(!item.destinationUuid.isNull());
        QVERIFY(item.destinationUuid != item.sourceUuid);
        QVERIFY(copies.contains(item.destinationUuid));
        QVERIFY(!copies.contains(item.sourceUuid));
        QCOMPARE(copies[item.destinationUuid].tags, before[item.sourceUuid].tags);
        QVERIFY(copies[item.destinationUuid].thumbnail);
        // Its own file, not a hard link to the source's.
        struct stat a {}, b {};
        QCOMPARE(::stat(QFile::encodeName(QDir(source->folder()).filePath(item.sourcePath)).constData(), &a), 0);
        QCOMPARE(::stat(QFile::encodeName(QDir(destination->folder()).filePath(item.destinationPath)).constData(), &b), 0);
        QVERIFY(a.st_ino != b.st_ino);
        QCOMPARE(a.st_size, b.st_size);
    }
    QCOMPARE(filesIn(source->folder()), rowPaths(before));
    QCOMPARE(filesIn(destination->folder()), rowPaths(copies));
    QCOMPARE(transferRows(source->folder()), QStringLiteral("0"));
    QCOMPARE(transferRows(destination->folder()), QStringLiteral("0"));
}

void TestTransfer::refusalsLeaveEverythingAsItWas_data()
{
    QTest::addColumn<QString>("refusal");
    QTest::addColumn<int>("code");
    QTest::newRow("same album") << QStringLiteral("same") << int(ErrorCode::InvalidArgument);
    QTest::newRow("unknown picture") << QStringLiteral("unknown") << int(ErrorCode::NotFound);
    QTest::newRow("read-only destination") << QStringLiteral("readonly") << int(ErrorCode::ReadOnly);
}

void TestTransfer::refusalsLeaveEverythingAsItWas()
{
    QFETCH(QString, refusal);
    QFETCH(int, code);
    QTemporaryDir dir;
    const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
    const QString destinationFolder = dir.filePath(QStringLiteral("Destination"));
    QList<QUuid> uuids;
    {
        AlbumRegistry setup(dir.filePath(QStringLiteral("ws")));
        Result<Album> source = setup.create(sourceFolder);
        Result<Album> destination = setup.create(destinationFolder);
        uuids = addPictures(*source, 3);
        QCOMPARE(addPictures(*destination, 1, QStringLiteral("DST_")).size(), 1);
    }
    const QString destinationDb = Album::databasePathFor(destinationFolder);
    if (refusal == QLatin1String("readonly"))
        QCOMPARE(::chmod(QFile::encodeName(destinationDb).constData(), 0444), 0);

    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.open(sourceFolder);
    Result<Album> destination = registry.open(destinationFolder);
    QVERIFY(source && destination);
    const QHash<QUuid, Seen> sourceBefore = picturesOf(*source);
    const QHash<QUuid, Seen> destinationBefore = picturesOf(*destination);

    QList<QUuid> asked = uuids;
    Album target = *destination;
    if (refusal == QLatin1String("same"))
        target = *source;
    else if (refusal == QLatin1String("unknown"))
        asked.append(QUuid::createUuid());

    Result<TransferReport> moved = movePictures(registry, *source, target, asked);
    QVERIFY(!moved);
    QCOMPARE(int(moved.error().code()), code);
    // The message names both albums.
    QVERIFY2(moved.error().message().contains(source->folder()), qPrintable(moved.error().message()));
    QVERIFY2(moved.error().message().contains(target.folder()), qPrintable(moved.error().message()));
    Result<TransferReport> copied = copyPictures(registry, *source, target, asked);
    QVERIFY(!copied);

    QCOMPARE(picturesOf(*source).keys(), sourceBefore.keys());
    QCOMPARE(picturesOf(*destination).keys(), destinationBefore.keys());
    QCOMPARE(filesIn(sourceFolder), rowPaths(sourceBefore));
    QCOMPARE(filesIn(destinationFolder), rowPaths(destinationBefore));
    QCOMPARE(transferRows(sourceFolder), QStringLiteral("0"));
    QCOMPARE(transferRows(destinationFolder), QStringLiteral("0"));
    QVERIFY(leftovers(sourceFolder).isEmpty());
    if (refusal == QLatin1String("readonly"))
        QCOMPARE(::chmod(QFile::encodeName(destinationDb).constData(), 0644), 0);
}

void TestTransfer::moveSurvivesKillAtEveryStep_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("minimumPoints");
    QTest::newRow("move") << QStringLiteral("move") << 50;
    QTest::newRow("copy") << QStringLiteral("copy") << 25;
}

void TestTransfer::moveSurvivesKillAtEveryStep()
{
    QFETCH(QString, kind);
    QFETCH(int, minimumPoints);
    const bool move = kind == QLatin1String("move");
    constexpr int Pictures = 10;
    int killed = 0;
    int interrupted = 0; // kills that left a transfer record to recover
    for (int n = 1;; ++n) {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("ws"));
        const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
        const QString destinationFolder = dir.filePath(QStringLiteral("Destination"));
        QList<QUuid> uuids;
        QHash<QUuid, QStringList> tagsOf;
        {
            AlbumRegistry setup(workspace);
            Result<Album> source = setup.create(sourceFolder);
            Result<Album> destination = setup.create(destinationFolder);
            QVERIFY(source && destination);
            uuids = addPictures(*source, Pictures);
            QCOMPARE(uuids.size(), Pictures);
            for (int i = 0; i < Pictures; ++i)
                tagsOf.insert(uuids[i], expectedTags(i));
            // A clash in the destination for one of them.
            QVERIFY(quire::test::writeFile(destinationFolder + QStringLiteral("/IMG_3.jpg"), "someone else's"));
        }

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(n));
        child.setProcessEnvironment(env);
        QStringList arguments{kind, workspace, sourceFolder, destinationFolder};
        for (const QUuid &uuid : uuids)
            arguments.append(uuid.toString(QUuid::WithoutBraces));
        child.start(QStringLiteral(TRANSFER_CHILD_PATH), arguments);
        QVERIFY(child.waitForFinished(60000));
        const bool completed = child.exitStatus() == QProcess::NormalExit;
        if (completed)
            QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
        else
            ++killed;

        // Recovery, four ways: through a fresh registry opening the
        // destination first or the source first, through recoverTransfers,
        // and with the workspace catalog deleted before opening.
        if (!completed && transferRows(sourceFolder) != QLatin1String("0"))
            ++interrupted;
        const int way = n % 4;
        if (way == 3)
            QVERIFY(QFile::remove(workspace + QStringLiteral("/catalog.db")));
        AlbumRegistry registry(workspace);
        if (way == 1) {
            Result<RecoveryReport> report = recoverTransfers(registry);
            QVERIFY(report);
            for (const RecoveryReport::Entry &e : report->entries)
                QVERIFY2(e.outcome != RecoveryReport::Outcome::Pending, qPrintable(e.message));
        }
        Result<Album> destination = way == 0 ? Result<Album>(registry.open(destinationFolder)) : Result<Album>(Album());
        Result<Album> source = registry.open(sourceFolder);
        if (way != 0)
            destination = registry.open(destinationFolder);
        QVERIFY(source && destination);

        const QHash<QUuid, Seen> inSource = picturesOf(*source);
        const QHash<QUuid, Seen> inDestination = picturesOf(*destination);
        int arrived = 0;
        for (const QUuid &uuid : uuids) {
            if (move) {
                // Exactly once, with its tags and thumbnail.
                const int places = int(inSource.contains(uuid)) + int(inDestination.contains(uuid));
                QVERIFY2(places == 1, qPrintable(QStringLiteral("n=%1: picture in %2 albums").arg(n).arg(places)));
                const Seen &seen = inSource.contains(uuid) ? inSource[uuid] : inDestination[uuid];
                QCOMPARE(seen.tags, tagsOf[uuid]);
                QVERIFY(seen.thumbnail);
                arrived += inDestination.contains(uuid);
            } else {
                QVERIFY(inSource.contains(uuid));
                QCOMPARE(inSource[uuid].tags, tagsOf[uuid]);
                QVERIFY(!inDestination.contains(uuid));
            }
        }
        if (!move)
            arrived = int(inDestination.size());
        // All or none: atomic as a set.
        QVERIFY2(arrived == 0 || arrived == Pictures, qPrintable(QStringLiteral("n=%1: %2 arrived").arg(n).arg(arrived)));
        if (completed)
            QCOMPARE(arrived, Pictures);
        for (const Seen &seen : inDestination)
            QCOMPARE(seen.tags.isEmpty(), false);
        // Files agree with rows; the stranger's file is untouched.
        QCOMPARE(filesIn(sourceFolder), rowPaths(inSource));
        QCOMPARE(filesIn(destinationFolder), rowPaths(inDestination) + QSet<QString>{QStringLiteral("IMG_3.jpg")});
        QFile stranger(destinationFolder + QStringLiteral("/IMG_3.jpg"));
        QVERIFY(stranger.open(QIODevice::ReadOnly));
        QCOMPARE(stranger.readAll(), QByteArray("someone else's"));
        for (const QString &folder : {sourceFolder, destinationFolder}) {
            QCOMPARE(rawQuery(Album::databasePathFor(folder), QStringLiteral("PRAGMA integrity_check")),
                     QStringLiteral("ok"));
            QCOMPARE(transferRows(folder), QStringLiteral("0"));
            QVERIFY(leftovers(folder).isEmpty());
        }
        if (completed) {
            qInfo("%s: killed at %d step boundaries (%d left a transfer to recover), all recovered",
                  qPrintable(kind), killed, interrupted);
            QVERIFY(interrupted >= killed - 4); // before the record is committed, after it is cleared
            QVERIFY2(killed >= minimumPoints, qPrintable(QStringLiteral("only %1 crash points").arg(killed)));
            break;
        }
        QVERIFY2(n < 500, "the transfer never completed");
    }
}

void TestTransfer::quirectlMovesAndRecovers()
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
    const QString destinationFolder = dir.filePath(QStringLiteral("Destination"));
    QList<QUuid> uuids;
    {
        AlbumRegistry setup(workspace);
        Result<Album> source = setup.create(sourceFolder);
        QVERIFY(setup.create(destinationFolder));
        uuids = addPictures(*source, 3);
        QCOMPARE(uuids.size(), 3);
    }
    auto quirectl = [&](const QStringList &arguments, int crashAt, int *exitCode) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (crashAt > 0)
            env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(crashAt));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(QUIRECTL_PATH),
                QStringList{QStringLiteral("--workspace"), workspace, QStringLiteral("--json")} + arguments);
        p.waitForFinished(60000);
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    // PICTURE by path and by UUID; killed half-way, then recovered.
    const QStringList move{QStringLiteral("move-pictures"), sourceFolder, destinationFolder, QStringLiteral("IMG_0.jpg"),
                           uuids[1].toString(QUuid::WithoutBraces)};
    int code = 0;
    quirectl(move, 12, &code);
    QCOMPARE(code, -1);
    QJsonObject recovered = quirectl({QStringLiteral("recover")}, 0, &code);
    QCOMPARE(code, 0);
    const QJsonArray transfers = recovered.value(QStringLiteral("transfers")).toArray();
    QCOMPARE(transfers.size(), 1);
    const QString outcome = transfers.first().toObject().value(QStringLiteral("outcome")).toString();
    QVERIFY2(outcome == QLatin1String("finished") || outcome == QLatin1String("undone"), qPrintable(outcome));
    recovered = quirectl({QStringLiteral("recover")}, 0, &code);
    QCOMPARE(code, 0);
    QVERIFY(recovered.value(QStringLiteral("transfers")).toArray().isEmpty());
    if (outcome == QLatin1String("undone")) {
        const QJsonObject moved = quirectl(move, 0, &code);
        QCOMPARE(code, 0);
        QCOMPARE(moved.value(QStringLiteral("pictures")).toArray().size(), 2);
    }
    AlbumRegistry registry(workspace);
    QCOMPARE(picturesOf(*registry.open(sourceFolder)).keys(), QList<QUuid>{uuids[2]});
    const QHash<QUuid, Seen> arrived = picturesOf(*registry.open(destinationFolder));
    QCOMPARE(arrived.size(), 2);
    QVERIFY(arrived.contains(uuids[0]) && arrived.contains(uuids[1]));
    QCOMPARE(filesIn(destinationFolder), rowPaths(arrived));
}

void TestTransfer::recoveryLeavesARunningTransferAlone()
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
    const QString destinationFolder = dir.filePath(QStringLiteral("Destination"));
    QList<QUuid> uuids;
    {
        AlbumRegistry setup(workspace);
        Result<Album> source = setup.create(sourceFolder);
        QVERIFY(setup.create(destinationFolder));
        uuids = addPictures(*source, 4);
    }
    // Killed after its rows reached the destination (n=16 of a 4-picture move).
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QUIRE_CRASH_AT"), QStringLiteral("16"));
    child.setProcessEnvironment(env);
    QStringList arguments{QStringLiteral("move"), workspace, sourceFolder, destinationFolder};
    for (const QUuid &uuid : uuids)
        arguments.append(uuid.toString(QUuid::WithoutBraces));
    child.start(QStringLiteral(TRANSFER_CHILD_PATH), arguments);
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY(transferRows(sourceFolder) != QLatin1String("0"));

    // As if the transfer were still running: its source's lock is held.
    const int fd = ::open(QFile::encodeName(sourceFolder + QStringLiteral("/.quire/transfers.lock")).constData(), O_RDWR);
    QVERIFY(fd >= 0);
    QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0);
    AlbumRegistry registry(workspace);
    Result<RecoveryReport> report = recoverTransfers(registry, {sourceFolder, destinationFolder});
    QVERIFY(report);
    QVERIFY(!report->entries.isEmpty());
    for (const RecoveryReport::Entry &e : report->entries)
        QCOMPARE(e.outcome, RecoveryReport::Outcome::Pending);
    QVERIFY(transferRows(sourceFolder) != QLatin1String("0"));

    ::close(fd); // the transfer "ended" without finishing: now recovery may
    report = recoverTransfers(registry, {sourceFolder, destinationFolder});
    QVERIFY(report);
    QCOMPARE(report->entries.size(), 1);
    QCOMPARE(report->entries.first().outcome, RecoveryReport::Outcome::Finished);
    QCOMPARE(report->entries.first().pictures, 4);
    QCOMPARE(transferRows(sourceFolder), QStringLiteral("0"));
    QCOMPARE(transferRows(destinationFolder), QStringLiteral("0"));
    QCOMPARE(picturesOf(*registry.open(destinationFolder)).size(), 4);
    QCOMPARE(picturesOf(*registry.open(sourceFolder)).size(), 0);
    QCOMPARE(filesIn(sourceFolder), QSet<QString>());
}

void TestTransfer::transfersOfTheOldTablesAreRecoveredAfterTheUpgrade_data()
{
    QTest::addColumn<bool>("applied");
    QTest::newRow("rows reached the destination: finished") << true;
    QTest::newRow("rows did not: undone") << false;
}

// Albums of schema 6 (the release before picture transfers ran on the
// engine's row transfers) that a crash left in the middle of a move, with
// the records in the album's own tables as that release wrote them. The
// upgrade to schema 7 hands them to the engine, and opening the albums
// finishes or undoes the move: every picture ends in exactly one album,
// with its file, and no record is left.
void TestTransfer::transfersOfTheOldTablesAreRecoveredAfterTheUpgrade()
{
    QFETCH(bool, applied);
    QTemporaryDir dir;
    const QString sourceFolder = dir.filePath(QStringLiteral("Source"));
    const QString destinationFolder = dir.filePath(QStringLiteral("Destination"));
    AlbumOptions release6;
    release6.format = *albumFormatWithSteps(albumFormat().steps().mid(0, 6));
    QList<QUuid> uuids;
    QString destinationUuid;
    QString sourceUuid;
    {
        Result<Album> source = Album::create(sourceFolder, QStringLiteral("Source"), release6);
        Result<Album> destination = Album::create(destinationFolder, QStringLiteral("Destination"), release6);
        QVERIFY(source && destination);
        uuids = addPictures(*source, 2);
        QCOMPARE(uuids.size(), 2);
        sourceUuid = source->uuid().toString(QUuid::WithoutBraces);
        destinationUuid = destination->uuid().toString(QUuid::WithoutBraces);
        QVERIFY(source->close() && destination->close());
    }
    // The destination already had an IMG_0.jpg, so the move chose "IMG_0 (2).jpg".
    QVERIFY(quire::test::writeImage(destinationFolder + QStringLiteral("/IMG_0.jpg"), 9, 9));
    const QString moving = uuids[0].toString(QUuid::WithoutBraces);
    const QString transfer = QStringLiteral("33333333-3333-4333-8333-333333333333");
    QString out = rawQuery(
        Album::databasePathFor(sourceFolder),
        QStringLiteral("INSERT INTO transfers_out (id, kind, destination_uuid, destination_folder, state, created_at)"
                       "  VALUES ('%1', 'move', '%2', '%3', 'prepared', 0);"
                       "INSERT INTO transfer_pictures (transfer_id, picture_uuid, source_path, destination_path)"
                       "  VALUES ('%1', '%4', 'IMG_0.jpg', 'IMG_0 (2).jpg');"
                       "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers', 1);")
            .arg(transfer, destinationUuid, destinationFolder, moving));
    QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
    // The file was placed (linked) before the crash.
    QVERIFY(::link(QFile::encodeName(sourceFolder + QStringLiteral("/IMG_0.jpg")).constData(),
                   QFile::encodeName(destinationFolder + QStringLiteral("/IMG_0 (2).jpg")).constData())
            == 0);
    if (applied) {
        out = rawQuery(Album::databasePathFor(destinationFolder),
                       QStringLiteral("INSERT INTO pictures (uuid, path, added_at) VALUES ('%1', 'IMG_0 (2).jpg', 0);"
                                      "INSERT INTO transfers_in (picture_id, transfer_id, source_uuid, source_folder)"
                                      "  VALUES (last_insert_rowid(), '%2', '%3', '%4');"
                                      "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers', 1);")
                           .arg(moving, transfer, sourceUuid, sourceFolder));
        QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
    }

    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    // The destination first: its upgrade converts the markers, the
    // source's upgrade the record, and the source's open recovers.
    Result<Album> destination = registry.open(destinationFolder);
    QVERIFY2(destination, qPrintable(destination.error().toString()));
    Result<Album> source = registry.open(sourceFolder);
    QVERIFY2(source, qPrintable(source.error().toString()));
    QCOMPARE(source->schemaVersion(), albumFormat().latestVersion());

    const QHash<QUuid, Seen> left = picturesOf(*source);
    const QHash<QUuid, Seen> arrived = picturesOf(*destination);
    if (applied) {
        QCOMPARE(left.keys(), QList<QUuid>{uuids[1]});
        QCOMPARE(arrived.keys(), QList<QUuid>{uuids[0]});
        QCOMPARE(arrived.value(uuids[0]).path, QStringLiteral("IMG_0 (2).jpg"));
        QCOMPARE(filesIn(sourceFolder), QSet<QString>{QStringLiteral("IMG_1.jpg")});
        QCOMPARE(filesIn(destinationFolder), (QSet<QString>{QStringLiteral("IMG_0.jpg"), QStringLiteral("IMG_0 (2).jpg")}));
    } else {
        QCOMPARE(left.size(), 2);
        QVERIFY(arrived.isEmpty());
        QCOMPARE(filesIn(sourceFolder), (QSet<QString>{QStringLiteral("IMG_0.jpg"), QStringLiteral("IMG_1.jpg")}));
        QCOMPARE(filesIn(destinationFolder), QSet<QString>{QStringLiteral("IMG_0.jpg")});
    }
    QCOMPARE(transferRows(sourceFolder), QStringLiteral("0"));
    QCOMPARE(transferRows(destinationFolder), QStringLiteral("0"));
    const QString oldTables = QStringLiteral("SELECT (SELECT count(*) FROM transfers_out) + (SELECT count(*) FROM "
                                             "transfer_pictures) + (SELECT count(*) FROM transfers_in)");
    QCOMPARE(rawQuery(Album::databasePathFor(sourceFolder), oldTables), QStringLiteral("0"));
    QCOMPARE(rawQuery(Album::databasePathFor(destinationFolder), oldTables), QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
