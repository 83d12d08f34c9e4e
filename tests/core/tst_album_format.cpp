// The album on disk: what create writes into its meta table, and what only
// an album has. Every way open refuses a folder, read-only folders and
// media, a busy database and a folder reached through a link are the
// engine's, proved for every format in tst_tenant_open.

#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using quire::test::rawQuery;

class TestAlbumFormat : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

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
