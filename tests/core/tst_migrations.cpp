// The migration runner: an older album is backed up, then upgraded in one
// transaction; a failing step leaves it exactly as it was.

#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using quire::test::rawQuery;

namespace {

MigrationStep addLensStep()
{
    MigrationStep step;
    step.version = albumFormat().latestVersion() + 1;
    step.description = QStringLiteral("colour label column");
    step.sql = "ALTER TABLE pictures ADD COLUMN colour_label TEXT\n;;\n"
               "CREATE INDEX pictures_colour_label ON pictures (colour_label)\n";
    return step;
}

MigrationStep brokenStep()
{
    MigrationStep step;
    step.version = albumFormat().latestVersion() + 1;
    step.description = QStringLiteral("broken");
    // The first statement works, the second fails: nothing of it may stay.
    step.sql = "CREATE TABLE half_done (x)\n;;\nALTER TABLE no_such_table ADD COLUMN y\n";
    return step;
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // An album at the current version holding one tagged picture.
    QString makeOldAlbum(const QString &name)
    {
        const QString folder = m_dir.filePath(name);
        Result<Album> album = Album::create(folder);
        if (!album)
            return {};
        Result<Session> session = album->write();
        Result<Tag> tag = quire::Tags(*session).ensure(QStringLiteral("Places/Beach"));
        Picture picture;
        picture.path = QStringLiteral("sea.jpg");
        picture.tagIds = {tag->id};
        if (!quire::Pictures(*session).add(picture))
            return {};
        return folder;
    }

private Q_SLOTS:
    void olderAlbumIsBackedUpAndUpgraded()
    {
        const QString folder = makeOldAlbum(QStringLiteral("upgrade"));
        QVERIFY(!folder.isEmpty());
        const int oldVersion = albumFormat().latestVersion();

        QList<MigrationStep> steps = albumFormat().steps();
        steps.append(addLensStep());
        const TenantFormat newer = *albumFormatWithSteps(steps);
        AlbumOptions options;
        options.format = newer;

        Result<Album> album = Album::open(folder, options);
        QVERIFY2(album.ok(), qPrintable(album.error().toString()));
        QCOMPARE(album->schemaVersion(), oldVersion + 1);
        {
            Result<Session> session = album->read();
            Result<QList<Picture>> pictures = quire::Pictures(*session).query({});
            QCOMPARE(pictures->size(), 1);
            QCOMPARE(pictures->first().path, QStringLiteral("sea.jpg"));
            QCOMPARE(quire::Tags(*session).of(pictures->first().id)->first().path, QStringLiteral("Places/Beach"));
        }
        QVERIFY(album->close().ok());
        const QString db = Album::databasePathFor(folder);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pragma_table_info('pictures') WHERE name = 'colour_label'")),
                 QStringLiteral("1"));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'min_write_version'")),
                 QString::number(oldVersion + 1));

        // The backup is a whole database at the old version.
        const QStringList backups = QDir(folder + QStringLiteral("/.quire/backups")).entryList(QDir::Files);
        QCOMPARE(backups.size(), 1);
        const QString backup = folder + QStringLiteral("/.quire/backups/") + backups.first();
        QVERIFY(backups.first().contains(QStringLiteral("schema%1").arg(oldVersion)));
        QCOMPARE(rawQuery(backup, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        QCOMPARE(rawQuery(backup, QStringLiteral("SELECT path FROM pictures")), QStringLiteral("sea.jpg"));
        QCOMPARE(rawQuery(backup, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        // Upgraded and freshly made albums are the same schema: a fresh one
        // made with the newer format opens with it, and so does this one again.
        QVERIFY(Album::create(m_dir.filePath(QStringLiteral("fresh-newer")), {}, options).ok());
        QVERIFY(Album::open(folder, options).ok());
    }

    // An album this workspace has never seen, at an older schema, with a
    // damaged page: the first open through a registry quick_checks it
    // before anything is changed, so it is refused as damaged, naming the
    // album, and no backup was written, the schema version is the old one
    // and the database's bytes are as they were.
    void damagedOlderAlbumIsCheckedBeforeItIsUpgraded()
    {
        const QString folder = m_dir.filePath(QStringLiteral("damaged-older"));
        {
            Result<Album> album = Album::create(folder, QStringLiteral("Damaged older"));
            QVERIFY(album);
            {
                Result<Session> session = album->write();
                QVERIFY(session);
                QList<Picture> pictures;
                for (int i = 0; i < 300; ++i) {
                    Picture p;
                    p.path = QStringLiteral("2024/day %1/IMG_%2_with_a_long_descriptive_name.jpg").arg(i / 20).arg(i, 5, 10, QLatin1Char('0'));
                    pictures.append(p);
                }
                QVERIFY(quire::Pictures(*session).add(pictures));
            }
            QVERIFY(album->close());
        }
        const QString db = Album::databasePathFor(folder);
        const int oldVersion = albumFormat().latestVersion();
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        // A leaf page of the pictures table, overwritten: opening does not
        // read it, quick_check does.
        QString pages = rawQuery(db, QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'pictures' AND pagetype = 'leaf' ORDER BY pageno"));
        const QStringList leaves = pages.startsWith(QLatin1String("error")) ? QStringList() : pages.split(u'\n', Qt::SkipEmptyParts);
        const int page = leaves.isEmpty() ? rawQuery(db, QStringLiteral("PRAGMA page_count")).toInt() / 2 : leaves.at(leaves.size() / 2).toInt();
        QVERIFY(page > 1);
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(qint64(page - 1) * 4096));
        QCOMPARE(file.write(QByteArray(4096, char(0xA5))), qint64(4096));
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray damaged = file.readAll();
        file.close();

        QList<MigrationStep> steps = albumFormat().steps();
        steps.append(addLensStep());
        const TenantFormat newer = *albumFormatWithSteps(steps);
        AlbumRegistry registry(newer, m_dir.filePath(QStringLiteral("ws-damaged-older")));
        Result<Album> album = registry.open(folder);
        QVERIFY2(!album, "a damaged album was opened");
        QVERIFY2(album.error().code() == ErrorCode::Damaged, qPrintable(album.error().toString()));
        QVERIFY2(album.error().toString().contains(QLatin1String("damaged-older")), qPrintable(album.error().toString()));
        QVERIFY2(album.error().message().contains(QLatin1String("quick_check")), qPrintable(album.error().toString()));
        const QStringList backups = QDir(folder + QStringLiteral("/.quire/backups")).entryList(QDir::Files);
        QVERIFY2(backups.isEmpty(), qPrintable(backups.join(u' ')));
        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")), QString::number(oldVersion));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll() == damaged, "the damaged album's database was changed");
    }

    void failingStepLeavesAlbumAsItWas()
    {
        const QString folder = makeOldAlbum(QStringLiteral("broken"));
        QVERIFY(!folder.isEmpty());
        const QString db = Album::databasePathFor(folder);
        const QString schemaBefore = rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema"));

        QList<MigrationStep> steps = albumFormat().steps();
        steps.append(brokenStep());
        const TenantFormat broken = *albumFormatWithSteps(steps);
        AlbumOptions options;
        options.format = broken;

        Result<Album> album = Album::open(folder, options);
        QVERIFY(!album.ok());
        QVERIFY2(album.error().message().contains(QLatin1String("broken")), qPrintable(album.error().message()));
        QVERIFY(album.error().album().endsWith(QLatin1String("broken")));

        QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA user_version")),
                 QString::number(albumFormat().latestVersion()));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema")), schemaBefore);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT path FROM pictures")), QStringLiteral("sea.jpg"));
        // And the album still opens with the format it has.
        QVERIFY(Album::open(folder).ok());
    }

    void migrationCanBeRefused()
    {
        const QString folder = makeOldAlbum(QStringLiteral("no-migrate"));
        QList<MigrationStep> steps = albumFormat().steps();
        steps.append(addLensStep());
        const TenantFormat newer = *albumFormatWithSteps(steps);
        AlbumOptions options;
        options.format = newer;
        options.migrate = false;
        Result<Album> album = Album::open(folder, options);
        QVERIFY(!album.ok());
        QVERIFY(album.error().message().contains(QLatin1String("needs an upgrade")));
        QVERIFY(!QDir(folder + QStringLiteral("/.quire/backups")).exists());
    }

    void statementsSplitAtSeparatorLines()
    {
        const QList<QByteArray> parts = TenantFormat::statements("CREATE TABLE a (x);\n;;\n\n;;\nCREATE TABLE b (y)\n");
        QCOMPARE(parts.size(), 2);
        QVERIFY(parts[0].contains("TABLE a"));
        QVERIFY(parts[1].contains("TABLE b"));
    }

    void everyStepOfQuiresFormatIsValid()
    {
        const TenantFormat &format = albumFormat();
        QVERIFY(format.latestVersion() >= 1);
        for (const MigrationStep &step : format.steps())
            QVERIFY2(!format.fingerprint(step.version).isEmpty(), qPrintable(step.description));
        QVERIFY(format.fingerprint(1).contains("pictures"));
    }
};

QTEST_MAIN(TestMigrations)
#include "tst_migrations.moc"
