// Albums someone sent: databases changed with plain sqlite3 to carry
// triggers, views or tables of their own, a schema text that is not
// Quire's, deep expressions, huge values, and picture paths that lead out
// of the album. Opening refuses what the schema check can see, naming the
// album; what it cannot see (data) never makes Quire touch a file outside
// the album folder.
//
// The engine's defenses (the schema check, hardened connections, huge
// values, quick_check on first open, links leading out of the folder) run
// for the album and for a second format. Forged picture-transfer records
// and picture paths are the album's: they are about its picture transfers,
// import and locate; a forged record of the engine's row transfers is
// tried on the second format (customers).

#include "customer_format.h"
#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/quire.h>
#include <quire/connection.h>
#include <quire/album_folders.h>
#include <quire/import.h>
#include <quire/row_transfer.h>
#include <quire/transfer.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QScopeGuard>
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

// A tenant of the format made and closed, with one row (and, for an album,
// its picture file): makeAlbum for albums.
Result<Tenant> makeTenant(const quire::test::FormatUnderTest &f, const QString &folder)
{
    if (f.name == QLatin1String("album")) {
        Result<Album> album = makeAlbum(folder);
        if (!album)
            return album.error();
        return Tenant(*album);
    }
    TenantOptions options;
    options.format = f.format;
    Result<Tenant> tenant = Tenant::create(folder, QStringLiteral("Sent"), options);
    if (!tenant)
        return tenant;
    {
        Result<Session> session = tenant->write();
        if (!session)
            return session.error();
        if (auto r = f.addRow(*session, QStringLiteral("IMG_1")); !r)
            return r.error();
    }
    if (auto r = tenant->close(); !r)
        return r.error();
    return tenant;
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
    QString tamperedAlbum(const QString &sql) { return tampered(quire::test::albumUnderTest(), {sql}); }

    // A tenant of the format whose database was then changed by each of
    // `sqls` in turn, each through a new plain SQLite connection.
    QString tampered(const quire::test::FormatUnderTest &f, const QStringList &sqls)
    {
        const QString folder = freshFolder(QStringLiteral("Sent "));
        Result<Tenant> tenant = makeTenant(f, folder);
        if (!tenant) {
            qWarning("%s", qPrintable(tenant.error().toString()));
            return {};
        }
        for (const QString &sql : sqls) {
            const QString out = rawQuery(Tenant::databasePathFor(folder, f.format), sql);
            if (out.startsWith(QLatin1String("error"))) {
                qWarning("%s", qPrintable(out));
                return {};
            }
        }
        return folder;
    }

    // hugeValuesFailCleanly for the customer format: an entry whose memo is
    // beyond the length limit and another whose receipt is merely long.
    void hugeEntriesFailCleanly()
    {
        const quire::test::FormatUnderTest &f = quire::test::customerUnderTest();
        const QString folder = tampered(f, {QStringLiteral(
            "UPDATE entries SET memo = printf('%.*c', 70 * 1024 * 1024, 'x');"
            "INSERT INTO entries (uuid, cents, memo, receipt) VALUES ('long', 1, 'long', printf('%.*c', 1000000, 'y'));")});
        QVERIFY(!folder.isEmpty());
        TenantOptions options;
        options.format = f.format;
        Result<Tenant> tenant = Tenant::open(folder, options);
        QVERIFY2(tenant, qPrintable(tenant.error().toString()));
        Result<Session> session = tenant->read();
        QVERIFY(session);
        Result<Rows> all = session->query("SELECT uuid, memo FROM entries WHERE uuid <> 'long'");
        if (!all) {
            QVERIFY2(all.error().toString().contains(tenant->folder()), qPrintable(all.error().toString()));
            QVERIFY2(all.error().message().contains(QLatin1String("too big")), qPrintable(all.error().message()));
        } else {
            QCOMPARE(all->size(), 1);
        }
        Result<Rows> receipt = session->query("SELECT receipt FROM entries WHERE uuid = 'long'");
        QVERIFY2(receipt, qPrintable(receipt.error().toString()));
        QCOMPARE(receipt->size(), 1);
        QCOMPARE(receipt->values[0][0].toString().size(), 1000000);
        QCOMPARE(f.count(*tenant), qint64(2));
        Result<CheckReport> check = tenant->check();
        QVERIFY(check);
    }

private Q_SLOTS:
    // Anything in sqlite_schema that the format did not put there: refused
    // on open, by Tenant::open and by a Registry, with a message naming the
    // tenant, and the file left exactly as it was.
    void tamperedSchemaIsRefusedOnOpen_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("sql");
        // SQLite itself refuses to read a schema deeper than the lowered
        // limits ("malformed database schema"): the tenant is damaged as far
        // as the engine is concerned; every other change is a schema mismatch.
        QTest::addColumn<ErrorCode>("code");
        const QString deepView = repeated(QStringLiteral("CREATE VIEW deep AS SELECT 1"), QStringLiteral(" + 1"), 900, QString());
        const QString deepCheck = repeated(QStringLiteral("CREATE TABLE deep (x INTEGER CHECK (x"), QStringLiteral(" + 1"), 900,
                                           QStringLiteral(" > 0))"));
        auto deepTrigger = [](const QString &table) {
            return repeated(QStringLiteral("CREATE TRIGGER deep AFTER INSERT ON %1 BEGIN SELECT 1").arg(table),
                            QStringLiteral(" + 1"), 900, QStringLiteral("; END"));
        };
        const QString huge = QStringLiteral("CREATE TABLE big (x TEXT DEFAULT '%1')").arg(QString(200 * 1024, QLatin1Char('x')));
        // The identity table (the album's meta) made a view, %I.
        const QString identityView = QStringLiteral(
            "CREATE TABLE meta2 AS SELECT * FROM %I; DROP TABLE %I;"
            "CREATE VIEW %I (key, value) AS SELECT key, value FROM meta2");
        const QString endlessIdentity = QStringLiteral(
            "CREATE TABLE meta2 AS SELECT * FROM %I; DROP TABLE %I;"
            "CREATE VIEW %I (key, value) AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT 'filler', i FROM n");
        auto row = [](const char *format, const char *tag, QString sql, ErrorCode code) {
            sql.replace(QLatin1String("%I"), quire::test::formatNamed(QLatin1String(format)).format.identityTable());
            QTest::addRow("%s: %s", format, tag) << QString::fromLatin1(format) << sql << code;
        };
        const ErrorCode mismatch = ErrorCode::SchemaMismatch;
        row("album", "extra trigger", QStringLiteral("CREATE TRIGGER wipe AFTER INSERT ON pictures BEGIN DELETE FROM tags; END"), mismatch);
        row("album", "trigger calling load_extension", QStringLiteral(
            "CREATE TRIGGER leak BEFORE UPDATE ON pictures BEGIN SELECT load_extension('/tmp/evil'); END"), mismatch);
        row("album", "extra view", QStringLiteral("CREATE VIEW everything AS SELECT * FROM pictures"), mismatch);
        row("album", "extra table", QStringLiteral("CREATE TABLE payload (x BLOB)"), mismatch);
        row("album", "extra index", QStringLiteral("CREATE INDEX pictures_path_again ON pictures (path)"), mismatch);
        row("album", "extra column", QStringLiteral("ALTER TABLE tags ADD COLUMN note TEXT"), mismatch);
        row("album", "dropped index", QStringLiteral("DROP INDEX pictures_rating"), mismatch);
        row("album", "schema text edited", QStringLiteral(
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_schema SET sql = replace(sql, 'rating BETWEEN 0 AND 5', 'rating BETWEEN 0 AND 9') "
            "WHERE name = 'pictures';"), mismatch);
        row("album", "meta replaced by a view", identityView, mismatch);
        row("album", "meta view that never ends", endlessIdentity, mismatch);
        row("album", "deep expression in a view", deepView, ErrorCode::Damaged);
        row("album", "deep expression in a CHECK", deepCheck, ErrorCode::Damaged);
        row("album", "deep expression in a trigger", deepTrigger(QStringLiteral("tags")), ErrorCode::Damaged);
        row("album", "huge schema text", huge, mismatch);

        row("customer", "extra trigger", QStringLiteral("CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN DELETE FROM entries; END"), mismatch);
        row("customer", "trigger calling load_extension", QStringLiteral(
            "CREATE TRIGGER leak BEFORE UPDATE ON entries BEGIN SELECT load_extension('/tmp/evil'); END"), mismatch);
        row("customer", "extra view", QStringLiteral("CREATE VIEW everything AS SELECT * FROM entries"), mismatch);
        row("customer", "extra table", QStringLiteral("CREATE TABLE payload (x BLOB)"), mismatch);
        row("customer", "extra index", QStringLiteral("CREATE INDEX entries_memo ON entries (memo)"), mismatch);
        row("customer", "extra column", QStringLiteral("ALTER TABLE entries ADD COLUMN note TEXT"), mismatch);
        row("customer", "dropped table", QStringLiteral("DROP TABLE quire_row_transfers_in"), mismatch);
        row("customer", "schema text edited", QStringLiteral(
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_schema SET sql = replace(sql, 'cents   INTEGER NOT NULL', 'cents   INTEGER') "
            "WHERE name = 'entries';"), mismatch);
        row("customer", "identity table replaced by a view", identityView, mismatch);
        row("customer", "identity view that never ends", endlessIdentity, mismatch);
        row("customer", "deep expression in a view", deepView, ErrorCode::Damaged);
        row("customer", "deep expression in a CHECK", deepCheck, ErrorCode::Damaged);
        row("customer", "deep expression in a trigger", deepTrigger(QStringLiteral("entries")), ErrorCode::Damaged);
        row("customer", "huge schema text", huge, mismatch);
    }

    void tamperedSchemaIsRefusedOnOpen()
    {
        QFETCH(QString, format);
        QFETCH(QString, sql);
        QFETCH(ErrorCode, code);
        const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = tampered(f, {sql});
        QVERIFY(!folder.isEmpty());
        const QString db = Tenant::databasePathFor(folder, f.format);
        const QString schemaBefore = rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema"));
        const QByteArray bytesBefore = [&] { QFile f(db); f.open(QIODevice::ReadOnly); return f.readAll(); }();

        TenantOptions options;
        options.format = f.format;
        Result<Tenant> tenant = Tenant::open(folder, options);
        QVERIFY2(!tenant, "a tampered tenant opened");
        QCOMPARE(tenant.error().code(), code);
        QCOMPARE(tenant.error().album(), QFileInfo(folder).canonicalFilePath());
        QVERIFY2(tenant.error().toString().contains(QFileInfo(folder).canonicalFilePath()),
                 qPrintable(tenant.error().toString()));
        const QString expected = code == ErrorCode::SchemaMismatch
            ? QStringLiteral("differ from %1's schema").arg(f.format.program())
            : QStringLiteral("too large");
        QVERIFY2(tenant.error().message().contains(expected), qPrintable(tenant.error().message()));

        std::unique_ptr<Registry> registry = f.registry(m_dir.filePath(QStringLiteral("ws%1").arg(m_next)));
        Result<Tenant> viaRegistry = registry->open(folder);
        QVERIFY(!viaRegistry);
        QCOMPARE(viaRegistry.error().code(), code);
        QVERIFY(registry->catalog()->isEmpty() || registry->catalog()->at(0).state != TenantState::Available);

        // Refusing changed nothing: no journal mode switch, no trigger run.
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema")), schemaBefore);
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll() == bytesBefore, "opening a refused tenant changed its database");
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
    }

    // Every connection to a tenant runs with SQLite's hardening on
    // (sqlite.org security.html): checked on a connection as Quire opens it.
    void tenantConnectionsAreHardened_data() { quire::test::addFormatRows(); }
    void tenantConnectionsAreHardened()
    {
        QFETCH(QString, format);
        const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = freshFolder(QStringLiteral("Hardened "));
        QVERIFY(makeTenant(f, folder));
        ConnectionOptions options;
        options.label = folder;
        Result<std::unique_ptr<Connection>> connection =
            Connection::open(Tenant::databasePathFor(folder, f.format), options);
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
        QVERIFY(!(*connection)->exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = sql WHERE name = '"
                                     + f.table.toUtf8() + "'"));
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
    // limit, a merely long text. Reading them fails with a clear error
    // naming the tenant, or works; nothing crashes and the tenant's other
    // data still reads. The album reads through its typed API (thumbnails,
    // camera makes, tags); another format through raw SQL in a session.
    void hugeValuesFailCleanly_data() { quire::test::addFormatRows(); }
    void hugeValuesFailCleanly()
    {
        QFETCH(QString, format);
        if (format == QLatin1String("customer")) {
            hugeEntriesFailCleanly();
            return;
        }
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

    // The first time a registry sees a tenant it runs quick_check: a row
    // breaking a constraint (written with the checks switched off: an
    // album's rating out of its CHECK range, a customer's entry without
    // the amount its NOT NULL column needs) makes it refuse the tenant as
    // damaged, naming it; Tenant::open alone, which does not check, still
    // opens it.
    void quickCheckOnFirstOpenRefusesDamage_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("sql");
        QTest::addColumn<QString>("found");
        QTest::newRow("album") << QStringLiteral("album")
                               << QStringList{QStringLiteral("PRAGMA ignore_check_constraints = ON; UPDATE pictures SET rating = 9;")}
                               << QStringLiteral("CHECK constraint");
        // NOT NULL cannot be switched off: the column's text is changed,
        // the NULL written, and the text put back, each on a new connection.
        QTest::newRow("customer")
            << QStringLiteral("customer")
            << QStringList{QStringLiteral("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = "
                                          "replace(sql, 'cents   INTEGER NOT NULL', 'cents   INTEGER') WHERE name = 'entries';"),
                           QStringLiteral("UPDATE entries SET cents = NULL;"),
                           QStringLiteral("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = "
                                          "replace(sql, 'cents   INTEGER,', 'cents   INTEGER NOT NULL,') WHERE name = 'entries';")}
            << QStringLiteral("NULL value in entries.cents");
    }

    void quickCheckOnFirstOpenRefusesDamage()
    {
        QFETCH(QString, format);
        QFETCH(QStringList, sql);
        QFETCH(QString, found);
        const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
        const QString folder = tampered(f, sql);
        QVERIFY(!folder.isEmpty());
        // The tampering took: SQLite's own full check sees the broken row.
        QCOMPARE(rawQuery(Tenant::databasePathFor(folder, f.format), QStringLiteral("PRAGMA integrity_check")).contains(found), true);
        std::unique_ptr<Registry> registry = f.registry(m_dir.filePath(QStringLiteral("ws-quick-") + format));
        Result<Tenant> tenant = registry->open(folder);
        QVERIFY2(!tenant, "a tenant failing quick_check was opened");
        QCOMPARE(tenant.error().code(), ErrorCode::Damaged);
        QCOMPARE(tenant.error().album(), QFileInfo(folder).canonicalFilePath());
        QVERIFY2(tenant.error().message().contains(QLatin1String("quick_check")), qPrintable(tenant.error().message()));
        QVERIFY2(tenant.error().message().contains(found), qPrintable(tenant.error().message()));
        QVERIFY2(tenant.error().message().contains(QStringLiteral("The %1 is damaged").arg(f.format.kind())),
                 qPrintable(tenant.error().message()));
        TenantOptions options;
        options.format = f.format;
        QVERIFY(Tenant::open(folder, options));

        // A sound tenant passes and is recorded as available.
        const QString sound = freshFolder(QStringLiteral("Sound "));
        QVERIFY(makeTenant(f, sound));
        QVERIFY(registry->open(sound));
        QCOMPARE(registry->catalog()->size(), 1);
        QCOMPARE(registry->catalog()->at(0).state, TenantState::Available);
    }

    // A transfer record someone wrote into an album, naming paths outside
    // the albums: opening the album through a registry (which recovers
    // transfers) never places or removes those files, and the record is
    // left as it is. Written into the engine's table of a current album,
    // and into the album's own table of a schema 6 album, which the upgrade
    // hands to the engine.
    void forgedTransferRecordIsNotActedOn_data()
    {
        QTest::addColumn<bool>("oldTables");
        QTest::addColumn<QString>("state");
        for (const char *state : {"prepared", "removed"}) {
            QTest::addRow("engine's table, %s", state) << false << QString::fromLatin1(state);
            QTest::addRow("schema 6 table, upgraded, %s", state) << true << QString::fromLatin1(state);
        }
    }

    void forgedTransferRecordIsNotActedOn()
    {
        QFETCH(bool, oldTables);
        QFETCH(QString, state);
        const QString root = freshFolder(QStringLiteral("forged "));
        QVERIFY(QDir().mkpath(root));
        const QString victim = root + QStringLiteral("/victim.jpg");
        QVERIFY(quire::test::writeImage(victim, 8, 8));
        const QString source = root + QStringLiteral("/Sent");
        const QString destination = root + QStringLiteral("/Mine");
        AlbumOptions release6;
        release6.format = *albumFormatWithSteps(albumFormat().steps().mid(0, 6));
        Result<Album> sent = Album::create(source, QStringLiteral("Sent"), oldTables ? release6 : AlbumOptions());
        QVERIFY(sent && sent->close());
        Result<Album> mine = Album::create(destination, QStringLiteral("Mine"));
        QVERIFY(mine);
        const QString mineUuid = mine->uuid().toString(QUuid::WithoutBraces);
        QVERIFY(mine->close());
        const QString record = oldTables
            ? QStringLiteral("INSERT INTO transfers_out (id, kind, destination_uuid, destination_folder, state, created_at)"
                             "  VALUES ('11111111-1111-4111-8111-111111111111', 'move', '%1', '%2', '%3', 0);"
                             "INSERT INTO transfer_pictures (transfer_id, picture_uuid, source_path, destination_path)"
                             "  VALUES ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',"
                             "          '../victim.jpg', '../victim.jpg');")
            : QStringLiteral("INSERT INTO quire_row_transfers_out (id, mover, kind, destination_uuid, destination_folder,"
                             "  state, keys, files, created_at)"
                             "  VALUES ('11111111-1111-4111-8111-111111111111', 'pictures', 'move', '%1', '%2', '%3',"
                             "          '[[\"22222222-2222-4222-8222-222222222222\", \"../victim.jpg\"]]',"
                             "          '[[\"../victim.jpg\", \"../victim.jpg\"]]', 0);");
        const QString out = rawQuery(Album::databasePathFor(source),
                                     (record + QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers', 1);"))
                                         .arg(mineUuid, destination, state));
        QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
        AlbumRegistry registry(root + QStringLiteral("/ws"));
        QVERIFY(registry.open(destination));
        Result<Album> opened = registry.open(source);
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        Result<RecoveryReport> report = recoverTransfers(registry);
        QVERIFY(report);
        QVERIFY2(QFileInfo::exists(victim), "a forged transfer record removed a file outside the album");
        QVERIFY(!QFileInfo::exists(destination + QStringLiteral("/victim.jpg")));
        // Reported, naming the album and why, and left for a person to look at.
        QCOMPARE(report->problems.size(), 1);
        QCOMPARE(report->problems.first().code(), ErrorCode::Damaged);
        QVERIFY2(report->problems.first().album().endsWith(QStringLiteral("/Sent")),
                 qPrintable(report->problems.first().toString()));
        QVERIFY2(report->problems.first().message().contains(QStringLiteral("did not write")),
                 qPrintable(report->problems.first().message()));
        QCOMPARE(rawQuery(Album::databasePathFor(source), QStringLiteral("SELECT count(*) FROM quire_row_transfers_out")),
                 QStringLiteral("1"));
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
    // it (to another tenant's database or control folder, or to a device):
    // opening it, alone or through a registry, is refused with an error
    // that says it is a symbolic link, naming the folder; the other
    // tenant's UUID and bytes stay exactly as they were (it is never taken
    // for "a copy" and given a new identity), and nothing is written
    // through the link. `link` is relative to the folder, with %D for the
    // format's database path and %C for its control folder.
    void linksOutOfTheTenantAreRefused_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("target"); // "other-db", "other-control" or an absolute path
        for (const QString &format : {QStringLiteral("album"), QStringLiteral("customer")}) {
            const TenantFormat &f = quire::test::formatNamed(format).format;
            const QString db = f.databasePath(), control = f.controlFolder();
            QTest::addRow("%s: %s -> another tenant's database", qPrintable(format), qPrintable(db))
                << format << db << QStringLiteral("other-db");
            QTest::addRow("%s: %s -> another tenant's %s", qPrintable(format), qPrintable(control), qPrintable(control))
                << format << control << QStringLiteral("other-control");
            QTest::addRow("%s: %s -> /dev/zero", qPrintable(format), qPrintable(db))
                << format << db << QStringLiteral("/dev/zero");
            QTest::addRow("%s: %s-wal -> another tenant's database", qPrintable(format), qPrintable(db))
                << format << db + QStringLiteral("-wal") << QStringLiteral("other-db");
        }
    }

    void linksOutOfTheTenantAreRefused()
    {
        QFETCH(QString, format);
        QFETCH(QString, link);
        QFETCH(QString, target);
        const quire::test::FormatUnderTest &f = quire::test::formatNamed(format);
        const QString control = f.format.controlFolder();
        const QString identity = QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'").arg(f.format.identityTable());
        const QString other = freshFolder(QStringLiteral("Other "));
        QVERIFY(makeTenant(f, other));
        const QString otherDb = Tenant::databasePathFor(other, f.format);
        const QString otherUuid = rawQuery(otherDb, identity);
        QVERIFY(!otherUuid.isEmpty() && !otherUuid.startsWith(QLatin1String("error")));
        auto bytesOf = [](const QString &path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const QByteArray otherBytes = bytesOf(otherDb);
        QVERIFY(!otherBytes.isEmpty());
        const QStringList otherControl =
            QDir(f.format.controlPath(other)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        const QString folder = freshFolder(QStringLiteral("Linked "));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(writeFile(folder + QStringLiteral("/IMG_1.jpg"), QByteArray("not a picture")));
        if (link.startsWith(control + QLatin1Char('/'))) {
            QVERIFY(QDir().mkpath(f.format.controlPath(folder)));
            if (link != f.format.databasePath()) {
                // A database of its own beside the linked log.
                QVERIFY(makeTenant(f, folder + QStringLiteral("-own")));
                QVERIFY(QFile::copy(Tenant::databasePathFor(folder + QStringLiteral("-own"), f.format),
                                    Tenant::databasePathFor(folder, f.format)));
            }
        }
        const QString pointsTo = target == QLatin1String("other-db") ? otherDb
            : target == QLatin1String("other-control")               ? f.format.controlPath(other)
                                                                     : target;
        QVERIFY(QFile::link(pointsTo, folder + QLatin1Char('/') + link));

        auto refusedClearly = [&](const Result<Tenant> &opened) -> QString {
            if (opened)
                return QStringLiteral("opened, as %1 %2").arg(f.format.kind(), opened->uuid().toString());
            const Error &e = opened.error();
            if (!e.message().contains(QLatin1String("symbolic link")))
                return QStringLiteral("does not say it is a symbolic link: %1").arg(e.toString());
            if (!e.message().contains(link) || !e.toString().contains(QFileInfo(folder).fileName()))
                return QStringLiteral("does not name the tenant and the link: %1").arg(e.toString());
            if (!e.message().contains(QStringLiteral("a %1's database must lie inside").arg(f.format.kind())))
                return QStringLiteral("does not speak of the %1: %2").arg(f.format.kind(), e.toString());
            return {};
        };
        TenantOptions options;
        options.format = f.format;
        QCOMPARE(refusedClearly(Tenant::open(folder, options)), QString());
        {
            std::unique_ptr<Registry> registry = f.registry(m_dir.filePath(QStringLiteral("ws-links-%1").arg(m_next)));
            QCOMPARE(refusedClearly(registry->open(folder)), QString());
            const Result<QList<CatalogEntry>> catalog = registry->catalog();
            QVERIFY(catalog);
            for (const CatalogEntry &entry : *catalog)
                QVERIFY2(entry.uuid.toString(QUuid::WithoutBraces) != otherUuid,
                         "the other tenant was catalogued under the linked folder");
        }
        // The other tenant: same identity, same bytes, no file added.
        QCOMPARE(rawQuery(otherDb, identity), otherUuid);
        QVERIFY2(bytesOf(otherDb) == otherBytes, "the other tenant's database was written through the link");
        QCOMPARE(QDir(f.format.controlPath(other)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 otherControl);
        QVERIFY(QFileInfo(folder + QLatin1Char('/') + link).isSymLink());
        Result<Tenant> reopened = Tenant::open(other, options);
        QVERIFY2(reopened, qPrintable(reopened.error().toString()));
        QCOMPARE(reopened->uuid().toString(QUuid::WithoutBraces), otherUuid);
    }

    // A customer tenant whose outgoing row-transfer record was written by
    // another program (plain SQLite), naming files outside the tenant, an
    // absolute path and the tenant's own database in its control folder;
    // its identity row 'transfers' set so that opening looks. Opening it
    // (and the destination it names) through a registry with the row
    // movers, and recoverRowTransfers, never place or remove those files:
    // they are all still there with their bytes, the record is left as it
    // is, and recovery reports it (Damaged, naming the tenant's folder, or
    // a pending entry saying why).
    void forgedRowTransferRecordIsNotActedOn_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("incoming"); // the destination forged to say the rows arrived
        QTest::newRow("prepared (undo would remove the destination's copies)") << QStringLiteral("prepared") << false;
        QTest::newRow("prepared, marked incoming in the destination (finish)") << QStringLiteral("prepared") << true;
        QTest::newRow("removed (finish would remove the source's files)") << QStringLiteral("removed") << false;
    }
    void forgedRowTransferRecordIsNotActedOn()
    {
        QFETCH(QString, state);
        QFETCH(bool, incoming);
        const quire::test::FormatUnderTest &f = quire::test::customerUnderTest();
        const QString identityTable = f.format.identityTable();
        auto bytesOf = [](const QString &path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
        };
        const QString root = freshFolder(QStringLiteral("forged rows "));
        QVERIFY(QDir().mkpath(root));
        const QString source = root + QStringLiteral("/Sent");
        const QString destination = root + QStringLiteral("/Mine");
        QVERIFY(makeTenant(f, source));
        QVERIFY(makeTenant(f, destination));
        const QString sourceDb = Tenant::databasePathFor(source, f.format);
        const QString destinationDb = Tenant::databasePathFor(destination, f.format);
        const QString destinationUuid = rawQuery(destinationDb, QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'").arg(identityTable));
        const QString sourceUuid = rawQuery(sourceDb, QStringLiteral("SELECT value FROM %1 WHERE key = 'uuid'").arg(identityTable));
        const QString entry = rawQuery(sourceDb, QStringLiteral("SELECT uuid FROM entries"));
        QVERIFY(!destinationUuid.isEmpty() && !entry.isEmpty() && !entry.contains(u'\n'));

        // Real files at the places the record names, outside the tenants
        // (beside them, in a sibling folder, /etc/passwd) and inside the
        // source's control folder (its own database).
        const QStringList named = {QStringLiteral("../outside.txt"), QStringLiteral("../Elsewhere/outside.txt"),
                                   QStringLiteral("/etc/passwd"), f.format.databasePath()};
        QVERIFY(writeFile(root + QStringLiteral("/outside.txt"), QByteArray("beside the tenants\n")));
        QVERIFY(writeFile(root + QStringLiteral("/Elsewhere/outside.txt"), QByteArray("in a sibling folder\n")));
        QVERIFY(QFileInfo::exists(QStringLiteral("/etc/passwd")));
        const QStringList victims = {root + QStringLiteral("/outside.txt"), root + QStringLiteral("/Elsewhere/outside.txt"),
                                     QStringLiteral("/etc/passwd")};
        QHash<QString, QByteArray> before;
        for (const QString &victim : victims)
            before.insert(victim, bytesOf(victim));
        // Should the engine ever act on the record while the tests run as
        // root, /etc/passwd is put back before the test fails.
        auto restorePasswd = qScopeGuard([&] {
            const QString passwd = QStringLiteral("/etc/passwd");
            if (bytesOf(passwd) != before.value(passwd))
                (void)writeFile(passwd, before.value(passwd));
        });

        const QString id = QStringLiteral("11111111-1111-4111-8111-111111111111");
        QStringList quoted;
        for (const QString &file : named)
            quoted.append(QLatin1Char('"') + file + QLatin1Char('"'));
        const QString forged = rawQuery(
            sourceDb,
            QStringLiteral("INSERT INTO quire_row_transfers_out (id, mover, kind, destination_uuid, destination_folder,"
                           " state, keys, files, created_at) VALUES ('%1', 'entries', 'move', '%2', '%3', '%4', '[\"%5\"]',"
                           " '[%6]', 0);"
                           "INSERT OR REPLACE INTO %7 (key, value) VALUES ('transfers', 1);")
                .arg(id, destinationUuid, destination, state, entry, quoted.join(u','), identityTable));
        QVERIFY2(!forged.startsWith(QLatin1String("error")), qPrintable(forged));
        if (incoming) {
            const QString marked = rawQuery(
                destinationDb,
                QStringLiteral("INSERT INTO quire_row_transfers_in (transfer_id, source_uuid, source_folder, mover, created_at)"
                               " VALUES ('%1', '%2', '%3', 'entries', 0);"
                               "INSERT OR REPLACE INTO %4 (key, value) VALUES ('transfers', 1);")
                    .arg(id, sourceUuid, source, identityTable));
            QVERIFY2(!marked.startsWith(QLatin1String("error")), qPrintable(marked));
        }
        const QString record = QStringLiteral("SELECT id || '|' || state || '|' || files FROM quire_row_transfers_out");
        const QString recordBefore = rawQuery(sourceDb, record);
        const QString sourceRows = f.fingerprint(source), destinationRows = f.fingerprint(destination);
        const QStringList destinationFiles = QDir(destination).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        bool reported = false;
        QStringList said;
        {
            std::unique_ptr<Registry> registry = f.registry(root + QStringLiteral("/ws"));
            // Opening either one runs row-transfer recovery on it.
            const Result<Tenant> mine = registry->open(destination);
            QVERIFY2(mine, qPrintable(mine.error().toString()));
            const Result<Tenant> sent = registry->open(source);
            if (!sent) {
                said.append(sent.error().toString());
                QVERIFY2(sent.error().toString().contains(source), qPrintable(sent.error().toString()));
            }
            const Result<RowRecoveryReport> recovered = recoverRowTransfers(*registry, {quire::test::entriesMover()});
            QVERIFY2(recovered, qPrintable(recovered.error().toString()));
            for (const RowRecoveryReport::Entry &e : recovered->entries) {
                said.append(QStringLiteral("%1: %2").arg(rowRecoveryOutcomeName(e.outcome), e.message));
                QVERIFY2(e.outcome == RowRecoveryReport::Outcome::Pending, qPrintable(said.last()));
                reported = reported || (e.transfer == QUuid::fromString(id) && !e.message.isEmpty());
            }
            for (const Error &e : recovered->problems) {
                said.append(e.toString());
                reported = reported
                    || (e.code() == ErrorCode::Damaged && e.album() == QFileInfo(source).canonicalFilePath()
                        && e.message().contains(id));
            }
        }
        qInfo("recovery said: %s", qPrintable(said.join(QLatin1String(" / "))));
        QVERIFY2(reported, qPrintable(QStringLiteral("not reported; recovery said: %1").arg(said.join(QLatin1String(" / ")))));
        // Every file the record names is where it was, with its bytes.
        for (const QString &victim : victims)
            QVERIFY2(bytesOf(victim) == before.value(victim), qPrintable(QStringLiteral("%1 was touched").arg(victim)));
        QVERIFY2(QFileInfo::exists(sourceDb), "the source's own database was removed");
        QCOMPARE(rawQuery(sourceDb, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(rawQuery(destinationDb, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        // Nothing moved: both tenants' rows and the destination's files as they were.
        QCOMPARE(f.fingerprint(source), sourceRows);
        QCOMPARE(f.fingerprint(destination), destinationRows);
        QCOMPARE(QDir(destination).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), destinationFiles);
        // The record is left as it is, and so is the note that opening should look.
        QCOMPARE(rawQuery(sourceDb, record), recordBefore);
        QCOMPARE(rawQuery(sourceDb, QStringLiteral("SELECT count(*) FROM %1 WHERE key = 'transfers'").arg(identityTable)),
                 QStringLiteral("1"));
        if (incoming)
            QCOMPARE(rawQuery(destinationDb, QStringLiteral("SELECT count(*) FROM quire_row_transfers_in")), QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(TestMalicious)
#include "tst_malicious.moc"
