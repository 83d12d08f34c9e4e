// The album on disk: what create writes, and every way open refuses a
// folder that is not a usable Quire album.

#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>

using namespace quire;
using quire::test::rawQuery;
using quire::test::writeFile;

class TestAlbumFormat : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Makes a plain SQLite database at folder/.quire/album.db through the C API.
    static void writeRawDatabase(const QString &folder, const QString &sql)
    {
        QDir().mkpath(folder + QStringLiteral("/.quire"));
        const QString out = rawQuery(Album::databasePathFor(folder), sql);
        QVERIFY2(!out.startsWith(QLatin1String("error")), qPrintable(out));
    }

private Q_SLOTS:
    void createWritesQuireAlbum()
    {
        Result<Album> album = Album::create(path(QStringLiteral("Holiday 2024")), QStringLiteral("Holiday"));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->name(), QStringLiteral("Holiday"));
        QVERIFY(!album->uuid().isNull());
        QCOMPARE(album->schemaVersion(), albumFormat().latestVersion());
        QCOMPARE(album->journalMode(), JournalMode::Wal);
        QVERIFY(!album->isReadOnly());
        const QString db = album->databasePath();
        QVERIFY(db.endsWith(QLatin1String("Holiday 2024/.quire/album.db")));
        QVERIFY(!QFile::exists(db + QStringLiteral(".new")));
        QVERIFY(album->close().ok());
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(db + QStringLiteral("-shm")));

        // Seen through plain SQLite, not Quire.
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA application_id")),
                 QString::number(Album::ApplicationId));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")),
                 QString::number(albumFormat().latestVersion()));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'name'")),
                 QStringLiteral("Holiday"));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'min_write_version'")),
                 QString::number(albumFormat().latestVersion()));
        QCOMPARE(QUuid::fromString(rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'"))),
                 album->uuid());
    }

    void createNamesAlbumAfterFolderByDefault()
    {
        Result<Album> album = Album::create(path(QStringLiteral("Garden")));
        QVERIFY(album.ok());
        QCOMPARE(album->name(), QStringLiteral("Garden"));
    }

    void createKeepsPicturesAlreadyInFolder()
    {
        const QString folder = path(QStringLiteral("existing"));
        QVERIFY(quire::test::writeImage(folder + QStringLiteral("/a.png"), 8, 8));
        QVERIFY(Album::create(folder).ok());
        QVERIFY(QFile::exists(folder + QStringLiteral("/a.png")));
    }

    void createRefusesExistingAlbum()
    {
        const QString folder = path(QStringLiteral("twice"));
        Result<Album> first = Album::create(folder);
        QVERIFY(first.ok());
        const QUuid uuid = first->uuid();
        Result<Album> second = Album::create(folder);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code(), ErrorCode::AlreadyExists);
        QVERIFY(second.error().album().endsWith(QLatin1String("twice")));
        // Nothing lost: the first album is untouched.
        QCOMPARE(Album::open(folder)->uuid(), uuid);
    }

    void createRefusesAFile()
    {
        QVERIFY(writeFile(path(QStringLiteral("plain.txt")), "hello"));
        Result<Album> album = Album::create(path(QStringLiteral("plain.txt")));
        QCOMPARE(album.error().code(), ErrorCode::InvalidArgument);
    }

    void openRefuses_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("words");

        QTest::newRow("missing folder") << "missing" << int(ErrorCode::NotFound) << "does not exist";
        QTest::newRow("plain folder") << "plain" << int(ErrorCode::NotAnAlbum) << "not a Quire album";
        QTest::newRow("foreign sqlite") << "foreign" << int(ErrorCode::NotAnAlbum) << "not a Quire album";
        QTest::newRow("text file") << "text" << int(ErrorCode::NotSqlite) << "not an SQLite database";
        QTest::newRow("newer schema") << "newer" << int(ErrorCode::TooNew) << "newer Quire";
        QTest::newRow("empty file") << "empty" << int(ErrorCode::Damaged) << "empty (0 bytes)";
        QTest::newRow("folder for db") << "dir" << int(ErrorCode::Damaged) << "is a folder";
        QTest::newRow("changed schema") << "changed" << int(ErrorCode::SchemaMismatch) << "differ";
        QTest::newRow("unfinished album") << "unfinished" << int(ErrorCode::Damaged) << "no schema";
    }

    void openRefuses()
    {
        QFETCH(QString, setup);
        QFETCH(int, code);
        QFETCH(QString, words);

        const QString folder = path(QStringLiteral("refuse-") + setup);
        const QString db = Album::databasePathFor(folder);
        QByteArray before;
        if (setup == QLatin1String("plain")) {
            QDir().mkpath(folder);
        } else if (setup == QLatin1String("foreign")) {
            writeRawDatabase(folder, QStringLiteral("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');"));
        } else if (setup == QLatin1String("text")) {
            QVERIFY(writeFile(db, QByteArray("this is a shopping list, not a database\n").repeated(50)));
        } else if (setup == QLatin1String("newer")) {
            QVERIFY(Album::create(folder).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version = 99; "
                                                 "UPDATE meta SET value = 99 WHERE key = 'min_write_version';")),
                     QString());
        } else if (setup == QLatin1String("empty")) {
            QVERIFY(writeFile(db, QByteArray()));
        } else if (setup == QLatin1String("dir")) {
            QDir().mkpath(db);
        } else if (setup == QLatin1String("changed")) {
            QVERIFY(Album::create(folder).ok());
            QCOMPARE(rawQuery(db, QStringLiteral("CREATE TABLE extra (x)")), QString());
        } else if (setup == QLatin1String("unfinished")) {
            writeRawDatabase(folder, QStringLiteral("PRAGMA application_id = %1").arg(Album::ApplicationId));
        }
        if (QFileInfo(db).isFile()) {
            QFile file(db);
            QVERIFY(file.open(QIODevice::ReadOnly));
            before = file.readAll();
        }

        Result<Album> album = Album::open(folder);
        QVERIFY(!album.ok());
        QCOMPARE(int(album.error().code()), code);
        QVERIFY2(album.error().message().contains(words), qPrintable(album.error().message()));
        // The error names the album folder.
        QVERIFY2(album.error().toString().contains(QLatin1String("refuse-") + setup),
                 qPrintable(album.error().toString()));
        // Nothing changed: a refused file is left byte for byte as it was,
        // and no WAL files appear beside it.
        if (!before.isNull()) {
            QFile file(db);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), before);
            QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
        }
        if (setup == QLatin1String("foreign"))
            QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("delete"));
    }

    void openAcceptsNewerAlbumDeclaredCompatible()
    {
        // A newer Quire may add to the schema and still let older ones write
        // (min_write_version); this Quire then opens it.
        const QString folder = path(QStringLiteral("compatible"));
        QVERIFY(Album::create(folder).ok());
        const QString db = Album::databasePathFor(folder);
        QCOMPARE(rawQuery(db, QStringLiteral("CREATE TABLE future (x); PRAGMA user_version = 7;")), QString());
        Result<Album> album = Album::open(folder);
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->schemaVersion(), 7);
    }

    void readOnlyAlbumOpensReadOnlyAndRefusesWrites()
    {
        const QString folder = path(QStringLiteral("read-only"));
        {
            Result<Album> album = Album::create(folder);
            QVERIFY(album.ok());
            Result<Session> session = album->write();
            QVERIFY(session.ok());
            Picture picture;
            picture.path = QStringLiteral("a.jpg");
            QVERIFY(quire::Pictures(*session).add(picture).ok());
        }
        const QString quireFolder = folder + QStringLiteral("/.quire");
        const QString db = Album::databasePathFor(folder);
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        QVERIFY(QFile::setPermissions(quireFolder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup
                                                       | QFile::ExeGroup));

        Result<Album> album = Album::open(folder);
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QVERIFY(album->isReadOnly());
        QVERIFY(album->readOnlyReason().contains(QLatin1String("permission")));

        {
            Result<Session> reader = album->read();
            QVERIFY(reader.ok());
            QCOMPARE(*quire::Pictures(*reader).count(), 1);
        }

        Result<Session> writer = album->write();
        QVERIFY(!writer.ok());
        QCOMPARE(writer.error().code(), ErrorCode::ReadOnly);
        QVERIFY(writer.error().toString().contains(QLatin1String("read-only")));
        QVERIFY(album->close().ok());

        QVERIFY(QFile::setPermissions(quireFolder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures")), QStringLiteral("1"));
    }

    void albumOnReadOnlyMediaOpensImmutable()
    {
        // A real read-only mount: a tmpfs made here, filled, then remounted
        // read-only. Needs the right to mount (root in a sandbox has it).
        const QString mountPoint = path(QStringLiteral("ro-media"));
        QVERIFY(QDir().mkpath(mountPoint));
        const QByteArray point = QFile::encodeName(mountPoint);
        if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=8m") != 0)
            QSKIP("cannot mount a tmpfs here (no CAP_SYS_ADMIN); read-only media not tested");
        const QString folder = mountPoint + QStringLiteral("/Album");
        {
            Result<Album> album = Album::create(folder);
            QVERIFY(album.ok());
            Picture p;
            p.path = QStringLiteral("cd.jpg");
            QVERIFY(quire::Pictures(*album->write()).add(p).ok());
            QVERIFY(album->close().ok());
        }
        const bool remounted =
            ::mount("quire-test", point.constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
        if (remounted) {
            Result<Album> album = Album::open(folder);
            QVERIFY2(album.ok(), qPrintable(album.error().toString()));
            QVERIFY(album->isReadOnly());
            QVERIFY(album->readOnlyReason().contains(QLatin1String("read-only media")));
            QCOMPARE(*quire::Pictures(*album->read()).count(), 1);
            QCOMPARE(album->write().error().code(), ErrorCode::ReadOnly);
            QVERIFY(album->close().ok());
        }
        ::umount2(point.constData(), MNT_DETACH);
        if (!remounted)
            QSKIP("could not remount the tmpfs read-only");
    }

    void busyAlbumReportsBusyAndLosesNothing()
    {
        const QString folder = path(QStringLiteral("busy"));
        AlbumOptions options;
        options.busyTimeoutMs = 300;
        Result<Album> album = Album::create(folder, {}, options);
        QVERIFY(album.ok());

        // Another connection (as another program would) holds the write lock.
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(album->databasePath()).constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO tags (name) VALUES ('held');",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);

        Result<Session> session = album->write();
        QVERIFY(session.ok());
        Picture picture;
        picture.path = QStringLiteral("waiting.jpg");
        Result<void> added = quire::Pictures(*session).add(picture);
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code(), ErrorCode::Busy);
        QVERIFY2(added.error().toString().contains(QLatin1String("locked")), qPrintable(added.error().toString()));
        QVERIFY(added.error().album().endsWith(QLatin1String("busy")));

        // Once the other writer commits, the same session writes and both
        // changes are there.
        QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(other);
        QVERIFY(quire::Pictures(*session).add(picture).ok());
        QCOMPARE(*quire::Pictures(*session).count(), 1);
        QVERIFY(quire::Tags(*session).byPath(QStringLiteral("held"))->has_value());
    }

    void albumReachedThroughSymlinkIsTheSameFolder()
    {
        const QString folder = path(QStringLiteral("real"));
        QVERIFY(Album::create(folder).ok());
        QVERIFY(QFile::link(folder, path(QStringLiteral("link"))));
        Result<Album> viaLink = Album::open(path(QStringLiteral("link")));
        QVERIFY(viaLink.ok());
        QCOMPARE(viaLink->folder(), QFileInfo(folder).canonicalFilePath());
    }

    void setNameIsStoredInTheAlbum()
    {
        const QString folder = path(QStringLiteral("renamed"));
        Result<Album> album = Album::create(folder);
        QVERIFY(album->setName(QStringLiteral("  Summer  ")).ok());
        QCOMPARE(album->name(), QStringLiteral("Summer"));
        QCOMPARE(album->setName(QStringLiteral(" ")).error().code(), ErrorCode::InvalidArgument);
        QVERIFY(album->close().ok());
        QCOMPARE(Album::open(folder)->name(), QStringLiteral("Summer"));
    }

    void checkFindsCorruption()
    {
        const QString folder = path(QStringLiteral("check"));
        Result<Album> album = Album::create(folder);
        QVERIFY(album.ok());
        Result<CheckReport> report = album->check();
        QVERIFY(report.ok());
        QVERIFY2(report->ok, qPrintable(report->problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestAlbumFormat)
#include "tst_album_format.moc"
