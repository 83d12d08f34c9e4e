// tst_quirectl_folders: copy, rename and delete of tenant folders as a
// script sees them: exit codes, --json, and the errors naming the tenant.
// The whole suite runs for albums (quirectl without --format) and for a
// second format (quirectl --format FILE).

#include "formats_under_test.h"
#include "quirectl_runner.h"
#include "testsupport.h"

#include <quire/session.h>
#include <quire/tenant.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class tst_QuirectlFolders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }
    void init();
    void copyTenant();
    void copyRefused();
    void renameTenant();
    void deleteTenant();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QProcessEnvironment environment() const;
    QuirectlRun quirectl(const QStringList &arguments) const;
    void makeTenant(const QString &folder, const QString &name, QString *uuid);
    // The tenant's rows as a script counts them: `pictures` for albums, a
    // `query` for another format.
    int rowsOf(const QString &tenant);
    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_format; // "--format FILE" for a format other than the album's
};

void tst_QuirectlFolders::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(path(QStringLiteral("xdg-data"))));
    m_format = quire::test::formatUnderTest().quirectlArguments(path(QStringLiteral("formats")));
}

QProcessEnvironment tst_QuirectlFolders::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    return environment;
}

QuirectlRun tst_QuirectlFolders::quirectl(const QStringList &arguments) const
{
    return runQuirectl(m_format + QStringList{QStringLiteral("--workspace"), path(QStringLiteral("ws"))} + arguments,
                       environment(), m_dir->path());
}

// A tenant made by quirectl with three image files and a row for each:
// imported for an album; for another format written through the engine,
// as its own program would.
void tst_QuirectlFolders::makeTenant(const QString &folder, const QString &name, QString *uuid)
{
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder, QStringLiteral("--name"), name});
    QVERIFY_EXIT(run, 0);
    *uuid = run.json()[QLatin1String("uuid")].toString();
    for (int i = 0; i < 3; ++i)
        QVERIFY(quire::test::writeImage(QDir(folder).filePath(QStringLiteral("IMG_%1.png").arg(i)), 20 + i, 10));
    const quire::test::FormatUnderTest &f = quire::test::formatUnderTest();
    if (m_format.isEmpty()) {
        run = quirectl({QStringLiteral("import"), folder});
        QVERIFY_EXIT(run, 0);
        return;
    }
    quire::TenantOptions options;
    options.format = f.format;
    quire::Result<quire::Tenant> tenant = quire::Tenant::open(folder, options);
    QVERIFY2(tenant, qPrintable(tenant.error().toString()));
    quire::Result<quire::Session> session = tenant->write();
    QVERIFY(session);
    for (int i = 0; i < 3; ++i)
        QVERIFY(f.addRow(*session, QStringLiteral("IMG_%1.png").arg(i)));
}

int tst_QuirectlFolders::rowsOf(const QString &tenant)
{
    const QuirectlRun run = m_format.isEmpty()
        ? quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), tenant})
        : quirectl({QStringLiteral("--json"), QStringLiteral("query"),
                    quire::test::formatUnderTest().countSql() + QStringLiteral(" AS n"), QStringLiteral("--tenant"), tenant});
    if (run.crashed || run.exitCode != 0) {
        qWarning("%s", run.describe().constData());
        return -1;
    }
    if (m_format.isEmpty())
        return int(run.json().array().size());
    const QJsonArray rows = run.json()[QLatin1String("rows")].toArray();
    return rows.size() == 1 ? rows[0][QLatin1String("values")][0].toInt() : -1;
}

void tst_QuirectlFolders::copyTenant()
{
    QString uuid;
    SETUP(makeTenant(path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("copy"), uuid, path(QStringLiteral("Copy"))});
    QVERIFY_EXIT(run, 0);
    const QJsonObject copy = run.json().object();
    QVERIFY(copy[QLatin1String("uuid")].toString() != uuid);
    QCOMPARE(copy[QLatin1String("name")].toString(), QStringLiteral("Holiday (copy)"));
    QCOMPARE(copy[QLatin1String("folder")].toString(), QFileInfo(path(QStringLiteral("Copy"))).canonicalFilePath());
    QVERIFY(run.err.isEmpty()); // no progress when stderr is not a terminal
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Copy/IMG_2.png"))));

    QCOMPARE(rowsOf(copy[QLatin1String("uuid")].toString()), 3);
    QCOMPARE(rowsOf(uuid), 3);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 2);
}

void tst_QuirectlFolders::copyRefused()
{
    QString uuid;
    SETUP(makeTenant(path(QStringLiteral("Trip")), QStringLiteral("Trip"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("copy"), path(QStringLiteral("Trip")), path(QStringLiteral("Trip/inside"))});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(run.error().contains(QStringLiteral("Trip")) && run.error().contains(QStringLiteral("inside")),
             run.describe().constData());
    QVERIFY(quire::test::writeFile(path(QStringLiteral("Busy/file.txt")), "x"));
    run = quirectl({QStringLiteral("--json"), QStringLiteral("copy"), uuid, path(QStringLiteral("Busy"))});
    QVERIFY_EXIT(run, 1);
    QCOMPARE(run.json()[QLatin1String("error")][QLatin1String("code")].toString(), QStringLiteral("already-exists"));
    QVERIFY2(run.json()[QLatin1String("error")][QLatin1String("album")].toString().contains(QLatin1String("Trip")),
             run.describe().constData());
    QCOMPARE(QDir(path(QStringLiteral("Busy"))).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("file.txt")});
    QCOMPARE(rowsOf(uuid), 3);
}

void tst_QuirectlFolders::renameTenant()
{
    QString uuid;
    SETUP(makeTenant(path(QStringLiteral("Old")), QStringLiteral("Old"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("rename"), uuid, QStringLiteral("Shown"),
                                QStringLiteral("--keep-folder")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("name")].toString(), QStringLiteral("Shown"));
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Old"))));

    run = quirectl({QStringLiteral("--json"), QStringLiteral("rename"), uuid, QStringLiteral("New")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("folder")].toString(), QFileInfo(path(QStringLiteral("New"))).canonicalFilePath());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Old"))));
    // 'info' is the album's; 'list' shows any format's name.
    run = m_format.isEmpty() ? quirectl({QStringLiteral("--json"), QStringLiteral("info"), uuid})
                             : quirectl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.output().contains(QStringLiteral("\"New\"")), run.describe().constData());
    QCOMPARE(rowsOf(uuid), 3);

    run = quirectl({QStringLiteral("rename"), uuid, QStringLiteral("a/b")});
    QVERIFY_EXIT(run, 1);
    QVERIFY(run.error().contains(QStringLiteral("'/'")));
    QVERIFY2(run.error().contains(QStringLiteral("cannot rename the %1").arg(quire::test::formatUnderTest().format.kind())),
             run.describe().constData());
}

void tst_QuirectlFolders::deleteTenant()
{
    QString gone, trashed;
    SETUP(makeTenant(path(QStringLiteral("Gone")), QStringLiteral("Gone"), &gone));
    SETUP(makeTenant(path(QStringLiteral("Trashed")), QStringLiteral("Trashed"), &trashed));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("delete"), gone, QStringLiteral("--permanently")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("outcome")].toString(), QStringLiteral("deleted"));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Gone"))));
    run = quirectl({QStringLiteral("delete"), trashed});
    QVERIFY_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Trashed"))));
    const quire::TenantFormat &format = quire::test::formatUnderTest().format;
    QVERIFY(QFileInfo::exists(quire::Tenant::databasePathFor(path(QStringLiteral("xdg-data/Trash/files/Trashed")), format)));
    QVERIFY(QFileInfo::exists(path(QStringLiteral("xdg-data/Trash/files/Trashed/IMG_2.png"))));
    run = quirectl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 0);
}

QTEST_GUILESS_MAIN(tst_QuirectlFolders)
#include "tst_quirectl_folders.moc"
