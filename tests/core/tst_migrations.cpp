// The migration runner: an older album is backed up, then upgraded in one
// transaction; a failing step leaves it exactly as it was.

#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
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
