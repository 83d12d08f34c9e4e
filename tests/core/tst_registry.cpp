// The registry as the foundation uses it: create and open through a
// workspace, one Album per folder, lookup by UUID through the catalog.

#include "testsupport.h"

#include <quire/quire.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;

class TestRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void createRecordsAlbumInCatalog()
    {
        Registry registry(m_dir.filePath(QStringLiteral("workspace1")));
        QSignalSpy added(&registry, &Registry::albumAdded);
        Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Holiday")), QStringLiteral("Holiday"));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toUuid(), album->uuid());

        Result<QList<CatalogEntry>> catalog = registry.catalog();
        QVERIFY(catalog.ok());
        QCOMPARE(catalog->size(), 1);
        QCOMPARE(catalog->first().uuid, album->uuid());
        QCOMPARE(catalog->first().name, QStringLiteral("Holiday"));
        QCOMPARE(catalog->first().folder, album->folder());
        QCOMPARE(catalog->first().state, AlbumState::Available);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("workspace1/catalog.db"))));
    }

    void oneAlbumPerFolderEvenThroughASymlink()
    {
        Registry registry(m_dir.filePath(QStringLiteral("workspace2")));
        const QString folder = m_dir.filePath(QStringLiteral("Garden"));
        QVERIFY(Album::create(folder).ok());
        QVERIFY(QFile::link(folder, m_dir.filePath(QStringLiteral("garden-link"))));
        Result<Album> first = registry.open(folder);
        Result<Album> second = registry.open(m_dir.filePath(QStringLiteral("garden-link")));
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first == *second);
        QCOMPARE(registry.openAlbums().size(), 1);
    }

    void resolveFindsAlbumByUuidFromAnotherRegistry()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("workspace3"));
        QUuid uuid;
        {
            Registry registry(workspace);
            Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Paris")));
            QVERIFY(album.ok());
            uuid = album->uuid();
        }
        // A new registry (a new process, say) on the same workspace.
        Registry registry(workspace);
        Result<Album> album = registry.resolve(uuid.toString(QUuid::WithoutBraces));
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->uuid(), uuid);
        QVERIFY(album->folder().endsWith(QLatin1String("Paris")));

        Result<Album> unknown = registry.resolve(QUuid::createUuid().toString());
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
        QVERIFY(unknown.error().message().contains(QLatin1String("scan")));
    }

    void closeKeepsAlbumInCatalog()
    {
        Registry registry(m_dir.filePath(QStringLiteral("workspace4")));
        Result<Album> album = registry.create(m_dir.filePath(QStringLiteral("Closing")));
        QVERIFY(album.ok());
        const QUuid uuid = album->uuid();
        QVERIFY(registry.close(uuid).ok());
        QVERIFY(album->isClosed());
        QCOMPARE(registry.openAlbums().size(), 0);
        QCOMPARE(registry.catalog()->size(), 1);
        // Opening again works and gives a live album.
        Result<Album> again = registry.resolve(uuid.toString());
        QVERIFY(again.ok());
        QVERIFY(!again->isClosed());
        QCOMPARE(registry.close(QUuid::createUuid()).error().code(), ErrorCode::NotFound);
    }

    void twoRegistriesShareOneAlbumFolder()
    {
        const QString folder = m_dir.filePath(QStringLiteral("Shared"));
        QVERIFY(Album::create(folder).ok());
        Registry app(m_dir.filePath(QStringLiteral("workspace5")));
        Registry plugin(m_dir.filePath(QStringLiteral("workspace6")));
        Result<Album> a = app.open(folder);
        Result<Album> b = plugin.open(folder);
        QVERIFY(a.ok() && b.ok());
        {
            Result<Session> writer = a->write();
            Picture p;
            p.path = QStringLiteral("from-app.jpg");
            QVERIFY(writer->pictures().add(p).ok());
        }
        {
            Result<Session> writer = b->write();
            Picture p;
            p.path = QStringLiteral("from-plugin.jpg");
            QVERIFY(writer->pictures().add(p).ok());
        }
        QCOMPARE(*a->read()->pictures().count(), 2);
        QCOMPARE(*b->read()->pictures().count(), 2);
    }
};

QTEST_MAIN(TestRegistry)
#include "tst_registry.moc"
