// Damaged albums: the database cut short, overwritten with garbage, a page
// overwritten in the middle, another album's -wal beside it, a folder or an
// empty file where it should be. Opening says "damaged" and why, naming
// the album; the other albums of the registry keep working; the catalog
// shows the state; repair salvages what can be read and keeps the original.

#include "testsupport.h"

#include <quire/quire.h>
#include <quire/album_folders.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace quire;
using quire::test::rawQuery;

namespace {

constexpr int PictureCount = 300;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A leaf page of the pictures table in the middle of the file (dbstat),
// else the middle page.
int middlePicturesPage(const QString &db)
{
    const QString pages = rawQuery(db, QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'pictures' AND pagetype = 'leaf' ORDER BY pageno"));
    if (!pages.startsWith(QLatin1String("error")) && !pages.isEmpty()) {
        const QStringList list = pages.split(u'\n');
        return list.at(list.size() / 2).toInt();
    }
    return rawQuery(db, QStringLiteral("PRAGMA page_count")).toInt() / 2;
}

} // namespace

class TestDamaged : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool fill(const Album &album, int count)
    {
        Result<Session> session = album.write();
        if (!session)
            return false;
        Result<Tag> tag = quire::Tags(*session).ensure(QStringLiteral("People/Ann"));
        if (!tag)
            return false;
        QList<Picture> pictures;
        for (int i = 0; i < count; ++i) {
            Picture p;
            // Long paths so the table spans many pages.
            p.path = QStringLiteral("2024/holiday/day %1/IMG_%2_with_a_long_descriptive_name.jpg").arg(i / 20).arg(i, 5, 10, QLatin1Char('0'));
            p.tagIds = {tag->id};
            pictures.append(p);
        }
        return quire::Pictures(*session).add(pictures).ok();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void damageIsReportedAndRepaired_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<bool>("openFails");
        QTest::newRow("truncated") << QStringLiteral("truncated") << true;
        QTest::newRow("garbage bytes") << QStringLiteral("garbage") << true;
        QTest::newRow("page overwritten") << QStringLiteral("page") << false;
        QTest::newRow("another album's -wal") << QStringLiteral("foreign-wal") << true;
        QTest::newRow("folder instead of database") << QStringLiteral("folder") << true;
        QTest::newRow("zero-length database") << QStringLiteral("empty") << true;
    }

    void damageIsReportedAndRepaired()
    {
        QFETCH(QString, damage);
        QFETCH(bool, openFails);
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString workspace = run.filePath(QStringLiteral("ws"));
        const QString target = run.filePath(QStringLiteral("Broken"));
        const QString good = run.filePath(QStringLiteral("Good"));
        const QString other = run.filePath(QStringLiteral("Other"));
        QUuid targetUuid, goodUuid;
        {
            AlbumRegistry registry(workspace);
            for (const QString &folder : {target, good, other}) {
                Result<Album> album = registry.create(folder, QFileInfo(folder).fileName());
                QVERIFY(album.ok());
                QVERIFY(fill(*album, folder == target ? PictureCount : 20));
                if (folder == target)
                    targetUuid = album->uuid();
                if (folder == good)
                    goodUuid = album->uuid();
                QVERIFY(registry.close(album->uuid()).ok());
            }
        }
        const QString db = Album::databasePathFor(target);
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        const QByteArray intact = readAll(db);
        QVERIFY(intact.size() > 8 * 4096);

        if (damage == QLatin1String("truncated")) {
            QVERIFY(QFile::resize(db, intact.size() / 2));
        } else if (damage == QLatin1String("garbage")) {
            QByteArray junk(intact.size(), Qt::Uninitialized);
            for (char &c : junk)
                c = char(QRandomGenerator::global()->bounded(256));
            QVERIFY(writeAll(db, junk));
        } else if (damage == QLatin1String("page")) {
            const int page = middlePicturesPage(db);
            QVERIFY(page > 1);
            QByteArray bytes = intact;
            bytes.replace(qsizetype(page - 1) * 4096, 4096, QByteArray(4096, char(0xA5)));
            QVERIFY(writeAll(db, bytes));
        } else if (damage == QLatin1String("foreign-wal")) {
            // Another album's log, taken while it was open and written.
            sqlite3 *g = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(Album::databasePathFor(other)).constData(), &g), SQLITE_OK);
            QCOMPARE(sqlite3_exec(g, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; "
                                     "INSERT INTO tags (name) VALUES ('x'); UPDATE meta SET value = value WHERE key = 'uuid'",
                                  nullptr, nullptr, nullptr), SQLITE_OK);
            QVERIFY(QFile::copy(Album::databasePathFor(other) + QStringLiteral("-wal"), db + QStringLiteral("-wal")));
            sqlite3_close(g);
        } else if (damage == QLatin1String("folder")) {
            QVERIFY(QFile::remove(db));
            QVERIFY(QDir().mkpath(db));
        } else if (damage == QLatin1String("empty")) {
            QVERIFY(QFile::resize(db, 0));
        }
        const QByteArray damaged = QFileInfo(db).isFile() ? readAll(db) : QByteArray();
        const QByteArray damagedWal = readAll(db + QStringLiteral("-wal"));

        AlbumRegistry registry(workspace);
        Result<Album> opened = registry.open(target);
        if (openFails) {
            QVERIFY2(!opened.ok(), "a damaged album opened");
            const Error &e = opened.error();
            QVERIFY2(e.code() == ErrorCode::Damaged || e.code() == ErrorCode::NotSqlite, qPrintable(e.toString()));
            QVERIFY2(e.album().contains(QLatin1String("Broken")), qPrintable(e.toString()));
            QVERIFY2(e.message().contains(QLatin1String("damaged")), qPrintable(e.toString()));
            // The catalog shows it.
            const Result<QList<CatalogEntry>> catalog = registry.catalog();
            QVERIFY(catalog.ok());
            bool seen = false;
            for (const CatalogEntry &entry : *catalog) {
                if (entry.uuid == targetUuid) {
                    seen = true;
                    QCOMPARE(entry.state, AlbumState::Damaged);
                    QVERIFY(!entry.problem.isEmpty());
                }
                if (entry.uuid == goodUuid)
                    QCOMPARE(entry.state, AlbumState::Available);
            }
            QVERIFY(seen);
        } else {
            // Damage where opening does not read: the check finds it, and
            // reading the pictures says the album is damaged.
            QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
            const Result<CheckReport> check = opened->check();
            QVERIFY(check.ok());
            QVERIFY(!check->ok);
            Result<Session> session = opened->read();
            QVERIFY(session.ok());
            const Result<QList<Picture>> all = quire::Pictures(*session).query({});
            if (!all.ok()) {
                QCOMPARE(all.error().code(), ErrorCode::Damaged);
                QVERIFY2(all.error().toString().contains(QLatin1String("Broken")), qPrintable(all.error().toString()));
            }
        }
        // Every other album keeps working, read and write.
        for (const QString &folder : {good, other}) {
            Result<Album> album = registry.open(folder);
            QVERIFY2(album.ok(), qPrintable(album.error().toString()));
            Result<Session> session = album->write();
            QVERIFY(session.ok());
            Picture p;
            p.path = QStringLiteral("new.jpg");
            QVERIFY(quire::Pictures(*session).add(p).ok());
            QCOMPARE(*quire::Pictures(*session).count(), qint64(21));
        }
        opened = Album();

        // Repair: a new database in place, the original kept byte for byte.
        const Result<RepairReport> repaired = repairAlbum(registry, target);
        QVERIFY2(repaired.ok(), qPrintable(repaired.error().toString()));
        QCOMPARE(repaired->uuid, targetUuid);
        QCOMPARE(repaired->name, QStringLiteral("Broken"));
        const QString kept = QDir(repaired->originalKeptIn).filePath(QStringLiteral("album.db"));
        if (damage == QLatin1String("folder"))
            QVERIFY(QFileInfo(kept).isDir());
        else
            QVERIFY(readAll(kept) == damaged);
        if (!damagedWal.isEmpty())
            QVERIFY(readAll(kept + QStringLiteral("-wal")) == damagedWal);
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA foreign_key_check")), QString());
        Result<Album> again = registry.open(target);
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
        QCOMPARE(again->uuid(), targetUuid);
        QVERIFY(again->check()->ok);
        const qint64 pictures = *quire::Pictures(*again->read()).count();
        qInfo().noquote() << QStringLiteral("damaged: %1: repair salvaged %2 rows (%3 of %4 pictures), lost %5%6")
                                 .arg(damage)
                                 .arg(repaired->salvaged())
                                 .arg(pictures)
                                 .arg(PictureCount)
                                 .arg(repaired->lost())
                                 .arg(repaired->lossUnknown() ? QStringLiteral(" (some tables unknown)") : QString());
        if (damage == QLatin1String("page") || damage == QLatin1String("foreign-wal")) {
            // Most pictures kept, and their tags with them.
            QVERIFY2(pictures >= PictureCount * 8 / 10, qPrintable(QString::number(pictures)));
            QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures WHERE id NOT IN (SELECT picture_id FROM picture_tags)")),
                     QStringLiteral("0"));
        }
        if (damage == QLatin1String("foreign-wal"))
            QCOMPARE(pictures, qint64(PictureCount)); // the database itself was whole
        // A file cut in half keeps its rows only where the b-tree's pages
        // survive; the salvage of such a file is weak so far (see the report).
        // The catalog shows it available again.
        const Result<QList<CatalogEntry>> catalog = registry.catalog(); // kept alive for the loop
        QVERIFY(catalog);
        for (const CatalogEntry &entry : *catalog) {
            if (entry.uuid == targetUuid)
                QCOMPARE(entry.state, AlbumState::Available);
        }
    }

    // Copying an album with a damaged page: the copy is refused as
    // damaged, naming the album; nothing is left at the destination or
    // beside it, and the original is not touched.
    void copyOfDamagedAlbumIsRefused()
    {
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString workspace = run.filePath(QStringLiteral("ws"));
        const QString target = run.filePath(QStringLiteral("Broken"));
        const QString copy = run.filePath(QStringLiteral("Broken copy"));
        QUuid uuid;
        {
            AlbumRegistry registry(workspace);
            Result<Album> album = registry.create(target, QStringLiteral("Broken"));
            QVERIFY(album.ok());
            QVERIFY(fill(*album, PictureCount));
            uuid = album->uuid();
            QVERIFY(registry.close(uuid).ok());
        }
        const QString db = Album::databasePathFor(target);
        const int page = middlePicturesPage(db);
        QVERIFY(page > 1);
        QByteArray bytes = readAll(db);
        bytes.replace(qsizetype(page - 1) * 4096, 4096, QByteArray(4096, char(0xA5)));
        QVERIFY(writeAll(db, bytes));

        AlbumRegistry registry(workspace);
        const Result<Album> made = copyAlbum(registry, uuid, copy);
        QVERIFY2(!made, "a damaged album was copied");
        QVERIFY2(made.error().code() == ErrorCode::Damaged,
                 qPrintable(QStringLiteral("%1: %2").arg(Error::codeName(made.error().code()), made.error().toString())));
        QVERIFY2(made.error().toString().contains(QLatin1String("Broken")), qPrintable(made.error().toString()));
        QVERIFY2(made.error().message().contains(QLatin1String("damaged")) || made.error().message().contains(QLatin1String("integrity")),
                 qPrintable(made.error().toString()));
        QVERIFY(!QFileInfo::exists(copy));
        QCOMPARE(QDir(run.path()).entryList({QStringLiteral("*.quire-partial-*")}, QDir::Dirs | QDir::Hidden).size(), 0);
        QCOMPARE(registry.catalog()->size(), 1);
        QVERIFY(readAll(db) == bytes);
    }
};

QTEST_GUILESS_MAIN(TestDamaged)
#include "tst_damaged.moc"
