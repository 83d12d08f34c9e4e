// Albums someone sent: databases changed with plain sqlite3 to carry
// triggers, views or tables of their own, a schema text that is not
// Quire's, deep expressions, huge values, and picture paths that lead out
// of the album. Opening refuses what the schema check can see, naming the
// album; what it cannot see (data) never makes Quire touch a file outside
// the album folder.

#include "testsupport.h"

#include <quire/quire.h>
#include <quire/connection.h>
#include <quire/album_folders.h>
#include <quire/import.h>
#include <quire/transfer.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

Q_DECLARE_METATYPE(quire::ErrorCode)

using namespace quire;
using quire::test::rawQuery;
using quire::test::writeFile;

namespace {

QString repeated(const QString &head, const QString &part, int times, const QString &tail)
{
    QString text = head;
    for (int i = 0; i < times; ++i)
        text += part;
    return text + tail;
}

// An album Quire made and closed, with one picture file in it.
Result<Album> makeAlbum(const QString &folder)
{
    Result<Album> album = Album::create(folder, QStringLiteral("Sent"));
    if (!album)
        return album;
    if (!quire::test::writeImage(folder + QStringLiteral("/IMG_1.jpg"), 8, 8))
        return Error(ErrorCode::Io, folder, QStringLiteral("cannot write a picture"));
    {
        Result<Session> session = album->write();
        if (!session)
            return session.error();
        Picture picture;
        picture.path = QStringLiteral("IMG_1.jpg");
        if (auto r = quire::Pictures(*session).add(picture); !r)
            return r.error();
    }
    if (auto r = album->close(); !r)
        return r.error();
    return album;
}

} // namespace

class TestMalicious : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_next = 0;
    QString freshFolder(const QString &stem) { return m_dir.filePath(stem + QString::number(++m_next)); }

    // An album whose database was then changed by `sql` through plain SQLite.
    QString tamperedAlbum(const QString &sql)
    {
        const QString folder = freshFolder(QStringLiteral("Sent "));
        Result<Album> album = makeAlbum(folder);
        if (!album) {
            qWarning("%s", qPrintable(album.error().toString()));
            return {};
        }
        const QString out = rawQuery(Album::databasePathFor(folder), sql);
        if (out.startsWith(QLatin1String("error"))) {
            qWarning("%s", qPrintable(out));
            return {};
        }
        return folder;
    }

private Q_SLOTS:
    // Anything in sqlite_schema that Quire did not put there: refused on
    // open, by Album::open and by a Registry, with a message naming the
    // album, and the file left exactly as it was.
    void tamperedSchemaIsRefusedOnOpen_data()
    {
        QTest::addColumn<QString>("sql");
        // SQLite itself refuses to read a schema deeper than the lowered
        // limits ("malformed database schema"): the album is damaged as far
        // as Quire is concerned; every other change is a schema mismatch.
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("extra trigger") << QStringLiteral(
            "CREATE TRIGGER wipe AFTER INSERT ON pictures BEGIN DELETE FROM tags; END") << ErrorCode::SchemaMismatch;
        QTest::newRow("trigger calling load_extension") << QStringLiteral(
            "CREATE TRIGGER leak BEFORE UPDATE ON pictures BEGIN SELECT load_extension('/tmp/evil'); END") << ErrorCode::SchemaMismatch;
        QTest::newRow("extra view") << QStringLiteral("CREATE VIEW everything AS SELECT * FROM pictures") << ErrorCode::SchemaMismatch;
        QTest::newRow("extra table") << QStringLiteral("CREATE TABLE payload (x BLOB)") << ErrorCode::SchemaMismatch;
        QTest::newRow("extra index") << QStringLiteral("CREATE INDEX pictures_path_again ON pictures (path)") << ErrorCode::SchemaMismatch;
        QTest::newRow("extra column") << QStringLiteral("ALTER TABLE tags ADD COLUMN note TEXT") << ErrorCode::SchemaMismatch;
        QTest::newRow("dropped index") << QStringLiteral("DROP INDEX pictures_rating") << ErrorCode::SchemaMismatch;
        QTest::newRow("schema text edited") << QStringLiteral(
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_schema SET sql = replace(sql, 'rating BETWEEN 0 AND 5', 'rating BETWEEN 0 AND 9') "
            "WHERE name = 'pictures';") << ErrorCode::SchemaMismatch;
        QTest::newRow("meta replaced by a view") << QStringLiteral(
            "CREATE TABLE meta2 AS SELECT * FROM meta; DROP TABLE meta;"
            "CREATE VIEW meta (key, value) AS SELECT key, value FROM meta2") << ErrorCode::SchemaMismatch;
        QTest::newRow("meta view that never ends") << QStringLiteral(
            "CREATE TABLE meta2 AS SELECT * FROM meta; DROP TABLE meta;"
            "CREATE VIEW meta (key, value) AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT 'filler', i FROM n") << ErrorCode::SchemaMismatch;
        QTest::newRow("deep expression in a view") << repeated(
            QStringLiteral("CREATE VIEW deep AS SELECT 1"), QStringLiteral(" + 1"), 900, QString()) << ErrorCode::Damaged;
        QTest::newRow("deep expression in a CHECK") << repeated(
            QStringLiteral("CREATE TABLE deep (x INTEGER CHECK (x"), QStringLiteral(" + 1"), 900, QStringLiteral(" > 0))")) << ErrorCode::Damaged;
        QTest::newRow("deep expression in a trigger") << repeated(
            QStringLiteral("CREATE TRIGGER deep AFTER INSERT ON tags BEGIN SELECT 1"), QStringLiteral(" + 1"), 900,
            QStringLiteral("; END")) << ErrorCode::Damaged;
        QTest::newRow("huge schema text") << QStringLiteral("CREATE TABLE big (x TEXT DEFAULT '%1')")
                                                 .arg(QString(200 * 1024, QLatin1Char('x'))) << ErrorCode::SchemaMismatch;
    }

    void tamperedSchemaIsRefusedOnOpen()
    {
        QFETCH(QString, sql);
        QFETCH(ErrorCode, code);
        const QString folder = tamperedAlbum(sql);
        QVERIFY(!folder.isEmpty());
        const QString db = Album::databasePathFor(folder);
        const QString schemaBefore = rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema"));
        const QByteArray bytesBefore = [&] { QFile f(db); f.open(QIODevice::ReadOnly); return f.readAll(); }();

        Result<Album> album = Album::open(folder);
        QVERIFY2(!album, "a tampered album opened");
        QCOMPARE(album.error().code(), code);
        QCOMPARE(album.error().album(), QFileInfo(folder).canonicalFilePath());
        QVERIFY2(album.error().toString().contains(QFileInfo(folder).canonicalFilePath()),
                 qPrintable(album.error().toString()));
        const QString expected = code == ErrorCode::SchemaMismatch ? QStringLiteral("differ from Quire's schema")
                                                                   : QStringLiteral("too large");
        QVERIFY2(album.error().message().contains(expected), qPrintable(album.error().message()));

        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws%1").arg(m_next)));
        Result<Album> viaRegistry = registry.open(folder);
        QVERIFY(!viaRegistry);
        QCOMPARE(viaRegistry.error().code(), code);
        QVERIFY(registry.catalog()->isEmpty() || registry.catalog()->at(0).state != AlbumState::Available);

        // Refusing changed nothing: no journal mode switch, no trigger run.
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema")), schemaBefore);
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(f.readAll() == bytesBefore, "opening a refused album changed its database");
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
    }

    // Every connection to an album runs with SQLite's hardening on
    // (sqlite.org security.html): checked on a connection as Quire opens it.
    void albumConnectionsAreHardened()
    {
        const QString folder = freshFolder(QStringLiteral("Hardened "));
        QVERIFY(makeAlbum(folder));
        ConnectionOptions options;
        options.label = folder;
        Result<std::unique_ptr<Connection>> connection = Connection::open(Album::databasePathFor(folder), options);
        QVERIFY2(connection, qPrintable(connection.error().toString()));
        sqlite3 *db = (*connection)->handle();
        int on = -1;
        QCOMPARE(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on), SQLITE_OK);
        QCOMPARE(on, 1);
        QCOMPARE(sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on), SQLITE_OK);
        QCOMPARE(on, 0);
        QCOMPARE(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &on), SQLITE_OK);
        QCOMPARE(on, 0);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1), 64 * 1024 * 1024);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, -1), 1024 * 1024);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, -1), 200);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1), 200);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, -1), 20);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1), 2);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, -1), 10);
        QCOMPARE(sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, -1), 16);
        // What the flags mean in practice: the schema cannot be written.
        QVERIFY(!(*connection)->exec("PRAGMA writable_schema = ON; "
                                     "UPDATE sqlite_schema SET sql = sql WHERE name = 'tags'"));
        // ... and an expression deeper than the limit is refused.
        QVERIFY(!(*connection)->prepare(repeated(QStringLiteral("SELECT 1"), QStringLiteral(" + 1"), 300, {}).toUtf8()));
    }

    // The workspace catalog is Quire's own and keeps SQLite's defaults.
    void trustedConnectionsKeepDefaults()
    {
        ConnectionOptions options;
        options.create = true;
        options.untrusted = false;
        Result<std::unique_ptr<Connection>> connection =
            Connection::open(m_dir.filePath(QStringLiteral("own.db")), options);
        QVERIFY(connection);
        QVERIFY(sqlite3_limit((*connection)->handle(), SQLITE_LIMIT_EXPR_DEPTH, -1) > 200);
    }

    // Values too big to be Quire's: a blob and a string beyond the length
    // limit, a merely long tag name. Reading them fails with a clear error
    // naming the album, or works; nothing crashes and the album's other
    // data still reads.
    void hugeValuesFailCleanly()
    {
        const QString folder = tamperedAlbum(QStringLiteral(
            "INSERT INTO thumbnails (picture_id, width, height, format, data) "
            "  SELECT id, 1, 1, 'jpeg', zeroblob(80 * 1024 * 1024) FROM pictures;"
            "UPDATE pictures SET camera_make = printf('%.*c', 70 * 1024 * 1024, 'x');"
            "INSERT INTO tags (name) VALUES (printf('%.*c', 1000000, 'y'));"));
        QVERIFY(!folder.isEmpty());
        Result<Album> album = Album::open(folder);
        QVERIFY2(album, qPrintable(album.error().toString()));
        Result<Session> session = album->read();
        QVERIFY(session);
        PictureFilter filter;
        Result<QList<Picture>> pictures = quire::Pictures(*session).query(filter);
        if (!pictures) {
            QVERIFY2(pictures.error().toString().contains(album->folder()), qPrintable(pictures.error().toString()));
            QVERIFY2(pictures.error().message().contains(QLatin1String("too big")),
                     qPrintable(pictures.error().message()));
        } else {
            QCOMPARE(pictures->size(), 1);
        }
        Result<QList<Tag>> tags = quire::Tags(*session).all();
        QVERIFY2(tags, qPrintable(tags.error().toString()));
        QCOMPARE(tags->size(), 1);
        QCOMPARE(tags->at(0).name.size(), 1000000);
        Result<CheckReport> check = album->check();
        QVERIFY(check);
    }

    // The first time a registry sees an album it runs quick_check: a row
    // breaking a CHECK constraint (written with the checks switched off)
    // makes it refuse the album as damaged, naming it; Album::open alone,
    // which does not check, still opens it.
    void quickCheckOnFirstOpenRefusesDamage()
    {
        const QString folder = tamperedAlbum(QStringLiteral(
            "PRAGMA ignore_check_constraints = ON; UPDATE pictures SET rating = 9;"));
        QVERIFY(!folder.isEmpty());
        AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-quick")));
        Result<Album> album = registry.open(folder);
        QVERIFY2(!album, "an album failing quick_check was opened");
        QCOMPARE(album.error().code(), ErrorCode::Damaged);
        QCOMPARE(album.error().album(), QFileInfo(folder).canonicalFilePath());
        QVERIFY2(album.error().message().contains(QLatin1String("quick_check")), qPrintable(album.error().message()));
        QVERIFY2(album.error().message().contains(QLatin1String("CHECK constraint")),
                 qPrintable(album.error().message()));
        QVERIFY(Album::open(folder));

        // A sound album passes and is recorded as available.
        const QString sound = freshFolder(QStringLiteral("Sound "));
        QVERIFY(makeAlbum(sound));
        QVERIFY(registry.open(sound));
        QCOMPARE(registry.catalog()->size(), 1);
        QCOMPARE(registry.catalog()->at(0).state, AlbumState::Available);
    }

    // A transfer record someone wrote into an album, naming paths outside
    // the albums: opening the album through a registry (which recovers
    // transfers) never places or removes those files.
    void forgedTransferRecordIsNotActedOn()
    {
        const QString root = freshFolder(QStringLiteral("forged "));
        QVERIFY(QDir().mkpath(root));
        const QString victim = root + QStringLiteral("/victim.jpg");
        QVERIFY(quire::test::writeImage(victim, 8, 8));
        const QString source = root + QStringLiteral("/Sent");
        const QString destination = root + QStringLiteral("/Mine");
        QVERIFY(makeAlbum(source));
        Result<Album> mine = Album::create(destination, QStringLiteral("Mine"));
        QVERIFY(mine);
        const QString mineUuid = mine->uuid().toString(QUuid::WithoutBraces);
        QVERIFY(mine->close());
        for (const QString &state : {QStringLiteral("prepared"), QStringLiteral("removed")}) {
            const QString out = rawQuery(
                Album::databasePathFor(source),
                QStringLiteral("DELETE FROM transfer_pictures; DELETE FROM transfers_out;"
                               "INSERT INTO transfers_out (id, kind, destination_uuid, destination_folder, state, created_at)"
                               "  VALUES ('11111111-1111-4111-8111-111111111111', 'move', '%1', '%2', '%3', 0);"
                               "INSERT INTO transfer_pictures (transfer_id, picture_uuid, source_path, destination_path)"
                               "  VALUES ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',"
                               "          '../victim.jpg', '../victim.jpg');"
                               "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers', 1);")
                    .arg(mineUuid, destination, state));
            QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
            AlbumRegistry registry(root + QStringLiteral("/ws-") + state);
            QVERIFY(registry.open(destination));
            (void)registry.open(source);
            (void)recoverTransfers(registry);
            QVERIFY2(QFileInfo::exists(victim), "a forged transfer record removed a file outside the album");
            QVERIFY(!QFileInfo::exists(destination + QStringLiteral("/victim.jpg")));
        }
    }

    // Picture paths written into the database by hand: absolute, or with
    // '..' leading out. No operation that turns a stored path into a file
    // reads, links, copies or deletes the file outside the album.
    void pathsFromTheDatabaseStayInsideTheAlbum_data()
    {
        QTest::addColumn<QString>("storedPath");
        QTest::newRow("parent") << QStringLiteral("../victim.jpg");
        QTest::newRow("parent inside") << QStringLiteral("2024/../../victim.jpg");
        QTest::newRow("absolute") << QStringLiteral("%VICTIM%");
        QTest::newRow("into .quire") << QStringLiteral(".quire/album.db");
    }

    void pathsFromTheDatabaseStayInsideTheAlbum()
    {
        QFETCH(QString, storedPath);
        const QString root = freshFolder(QStringLiteral("paths "));
        QVERIFY(QDir().mkpath(root));
        // The file someone wants Quire to read, link away or delete.
        const QString victim = root + QStringLiteral("/victim.jpg");
        QVERIFY(quire::test::writeImage(victim, 8, 8));
        const QByteArray victimBytes = [&] { QFile f(victim); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        storedPath.replace(QLatin1String("%VICTIM%"), victim);

        const QString source = root + QStringLiteral("/Sent");
        const QString destination = root + QStringLiteral("/Mine");
        QVERIFY(makeAlbum(source));
        QVERIFY(Album::create(destination, QStringLiteral("Mine")));
        const QString uuid = QStringLiteral("0b7e0e5e-0000-4000-8000-000000000001");
        const QString inserted = rawQuery(Album::databasePathFor(source),
                                          QStringLiteral("INSERT INTO pictures (uuid, path, added_at) "
                                                         "VALUES ('%1', '%2', 0)")
                                              .arg(uuid, storedPath));
        QVERIFY2(!inserted.startsWith(QLatin1String("error")), qPrintable(inserted));

        AlbumRegistry registry(root + QStringLiteral("/ws"));
        Result<Album> sent = registry.open(source);
        QVERIFY2(sent, qPrintable(sent.error().toString()));
        Result<Album> mine = registry.open(destination);
        QVERIFY2(mine, qPrintable(mine.error().toString()));

        auto victimIntact = [&] {
            QFile f(victim);
            return f.open(QIODevice::ReadOnly) && f.readAll() == victimBytes;
        };
        auto nothingArrived = [&] {
            Result<Session> s = mine->read();
            return s && *quire::Pictures(*s).count() == 0
                && QDir(destination).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty();
        };

        // Moving and copying the picture to another album: refused, naming
        // the picture's path as the cause; nothing linked or removed.
        for (bool move : {false, true}) {
            Result<TransferReport> moved = move ? movePictures(registry, *sent, *mine, {QUuid::fromString(uuid)})
                                                : copyPictures(registry, *sent, *mine, {QUuid::fromString(uuid)});
            QVERIFY2(!moved, move ? "a picture outside the album was moved" : "a picture outside the album was copied");
            QVERIFY2(moved.error().toString().contains(QLatin1String("leads out of the album folder")),
                     qPrintable(moved.error().toString()));
            QVERIFY(moved.error().toString().contains(storedPath));
            QVERIFY(victimIntact());
            QVERIFY(nothingArrived());
        }

        // Copying the album folder: the copy holds the album's files only.
        const QString copy = root + QStringLiteral("/Copy");
        Result<Album> copied = copyAlbum(registry, sent->uuid(), copy);
        QVERIFY2(copied, qPrintable(copied.error().toString()));
        QVERIFY(!QFileInfo::exists(copy + QStringLiteral("/victim.jpg")));
        QVERIFY(QFileInfo::exists(copy + QStringLiteral("/IMG_1.jpg")));
        QVERIFY(victimIntact());

        // A rescan looks at the album's files, never the victim: the stored
        // path is not read (no hash of it appears) and the file is kept.
        ImportOptions rescan;
        rescan.rescan = true;
        Result<ImportReport> report = importPictures(*sent, rescan);
        QVERIFY2(report, qPrintable(report.error().toString()));
        QVERIFY(victimIntact());
        const QString hashed = rawQuery(Album::databasePathFor(source),
                                        QStringLiteral("SELECT count(*) FROM pictures WHERE uuid = '%1' "
                                                       "AND (content_hash IS NOT NULL OR file_size > 0)")
                                            .arg(uuid));
        QCOMPARE(hashed, QStringLiteral("0"));

        // Locating the picture reports the album and the stored text; it
        // makes no file path of it.
        Result<LocateResult> located = locate(registry, QUuid::fromString(uuid));
        QVERIFY(located);
        QVERIFY(victimIntact());
    }

    // A folder whose database or control folder is a symbolic link out of
    // it (to another album's database or .quire, or to a device): opening
    // it, alone or through a registry, is refused with an error that says
    // it is a symbolic link, naming the folder; the other album's UUID and
    // bytes stay exactly as they were (it is never taken for "a copy" and
    // given a new identity), and nothing is written through the link.
    void linksOutOfTheAlbumAreRefused_data()
    {
        QTest::addColumn<QString>("link");   // relative to the folder
        QTest::addColumn<QString>("target"); // "other-db", "other-control" or an absolute path
        QTest::newRow("album.db -> another album's database") << QStringLiteral(".quire/album.db") << QStringLiteral("other-db");
        QTest::newRow(".quire -> another album's .quire") << QStringLiteral(".quire") << QStringLiteral("other-control");
        QTest::newRow("album.db -> /dev/zero") << QStringLiteral(".quire/album.db") << QStringLiteral("/dev/zero");
        QTest::newRow("album.db-wal -> another album's database") << QStringLiteral(".quire/album.db-wal") << QStringLiteral("other-db");
    }

    void linksOutOfTheAlbumAreRefused()
    {
        QFETCH(QString, link);
        QFETCH(QString, target);
        const QString other = freshFolder(QStringLiteral("Other "));
        QVERIFY(makeAlbum(other));
        const QString otherDb = Album::databasePathFor(other);
        const QString otherUuid = rawQuery(otherDb, QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'"));
        QVERIFY(!otherUuid.isEmpty() && !otherUuid.startsWith(QLatin1String("error")));
        auto bytesOf = [](const QString &path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray otherBytes = bytesOf(otherDb);
        QVERIFY(!otherBytes.isEmpty());
        const QStringList otherControl = QDir(other + QStringLiteral("/.quire")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        const QString folder = freshFolder(QStringLiteral("Linked "));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(writeFile(folder + QStringLiteral("/IMG_1.jpg"), QByteArray("not a picture")));
        if (link.startsWith(QLatin1String(".quire/"))) {
            QVERIFY(QDir().mkpath(folder + QStringLiteral("/.quire")));
            if (link != QLatin1String(".quire/album.db")) {
                // A database of its own beside the linked log.
                QVERIFY(makeAlbum(folder + QStringLiteral("-own")));
                QVERIFY(QFile::copy(Album::databasePathFor(folder + QStringLiteral("-own")), Album::databasePathFor(folder)));
            }
        }
        const QString pointsTo = target == QLatin1String("other-db") ? otherDb
            : target == QLatin1String("other-control")               ? other + QStringLiteral("/.quire")
                                                                     : target;
        QVERIFY(QFile::link(pointsTo, folder + QLatin1Char('/') + link));

        auto refusedClearly = [&](const Result<Album> &opened) -> QString {
            if (opened)
                return QStringLiteral("opened, as album %1").arg(opened->uuid().toString());
            const Error &e = opened.error();
            if (!e.message().contains(QLatin1String("symbolic link")))
                return QStringLiteral("does not say it is a symbolic link: %1").arg(e.toString());
            if (!e.message().contains(link) || !e.toString().contains(QFileInfo(folder).fileName()))
                return QStringLiteral("does not name the album and the link: %1").arg(e.toString());
            return {};
        };
        QCOMPARE(refusedClearly(Album::open(folder)), QString());
        {
            AlbumRegistry registry(m_dir.filePath(QStringLiteral("ws-links-%1").arg(m_next)));
            QCOMPARE(refusedClearly(registry.open(folder)), QString());
            const Result<QList<CatalogEntry>> catalog = registry.catalog();
            QVERIFY(catalog);
            for (const CatalogEntry &entry : *catalog)
                QVERIFY2(entry.uuid.toString(QUuid::WithoutBraces) != otherUuid, "the other album was catalogued under the linked folder");
        }
        // The other album: same identity, same bytes, no file added.
        QCOMPARE(rawQuery(otherDb, QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'")), otherUuid);
        QVERIFY2(bytesOf(otherDb) == otherBytes, "the other album's database was written through the link");
        QCOMPARE(QDir(other + QStringLiteral("/.quire")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), otherControl);
        QVERIFY(QFileInfo(folder + QLatin1Char('/') + link).isSymLink());
        Result<Album> reopened = Album::open(other);
        QVERIFY2(reopened, qPrintable(reopened.error().toString()));
        QCOMPARE(reopened->uuid().toString(QUuid::WithoutBraces), otherUuid);
    }
};

QTEST_GUILESS_MAIN(TestMalicious)
#include "tst_malicious.moc"
