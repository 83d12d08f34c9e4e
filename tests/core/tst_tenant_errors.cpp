// Every error about a tenant names it the way its program would: the kind
// of tenant ("Album", "Customer"), its folder and the cause. A program with
// its own format never shows its users a message about an "album". The
// whole suite runs for the photo album and for a second format, through
// each layer that makes errors: opening, sessions and SQL, the registry,
// the folder operations and quirectl.

#include "formats_under_test.h"
#include "testsupport.h"

#include <quire/folders.h>
#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using quire::test::formatUnderTest;

namespace {

// "Customer", from the format's "customer".
QString kindTitle()
{
    QString kind = formatUnderTest().format.kind();
    kind[0] = kind[0].toUpper();
    return kind;
}

// What every error about the tenant in `folder` starts with.
QString prefixFor(const QString &folder)
{
    return QStringLiteral("%1 '%2': ").arg(kindTitle(), folder);
}

TenantOptions optionsOf()
{
    TenantOptions options;
    options.format = formatUnderTest().format;
    return options;
}

} // namespace

class TestTenantErrors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase_data() { quire::test::addFormatRows(); }
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void openingAFileThatIsNotADatabase()
    {
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString folder = QFileInfo(run.filePath(QStringLiteral("Notes"))).absoluteFilePath();
        const QString db = Tenant::databasePathFor(folder, formatUnderTest().format);
        QVERIFY(QDir().mkpath(QFileInfo(db).absolutePath()));
        QVERIFY(quire::test::writeFile(db, QByteArray(8192, 'x')));

        const Result<Tenant> opened = Tenant::open(folder, optionsOf());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), ErrorCode::NotSqlite);
        QCOMPARE(opened.error().kind(), formatUnderTest().format.kind());
        QVERIFY2(opened.error().toString().startsWith(prefixFor(QFileInfo(folder).canonicalFilePath())),
                 qPrintable(opened.error().toString()));
        QCOMPARE(QFile(db).size(), qint64(8192)); // untouched
    }

    void creatingWhereOneExists()
    {
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString folder = QFileInfo(run.filePath(QStringLiteral("Twice"))).absoluteFilePath();
        QVERIFY(Tenant::create(folder, QStringLiteral("Twice"), optionsOf()));
        const Result<Tenant> again = Tenant::create(folder, QStringLiteral("Again"), optionsOf());
        QVERIFY(!again);
        QCOMPARE(again.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(again.error().toString().startsWith(prefixFor(folder)), qPrintable(again.error().toString()));
        QVERIFY2(again.error().message().contains(formatUnderTest().format.kind()), qPrintable(again.error().message()));
    }

    void sqlThatFailsInASession()
    {
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString folder = QFileInfo(run.filePath(QStringLiteral("Queried"))).absoluteFilePath();
        Result<Tenant> tenant = Tenant::create(folder, QStringLiteral("Queried"), optionsOf());
        QVERIFY(tenant);
        Result<Session> session = tenant->read();
        QVERIFY(session);
        const Result<Rows> rows = session->query("SELECT no_such_column FROM " + formatUnderTest().table.toUtf8());
        QVERIFY(!rows);
        QVERIFY2(rows.error().toString().startsWith(prefixFor(tenant->folder())), qPrintable(rows.error().toString()));
        QVERIFY2(rows.error().message().contains(QLatin1String("no_such_column")), qPrintable(rows.error().message()));

        Result<Session> reader = tenant->read();
        QVERIFY(reader);
        const Result<Session> writer = Tenant().write(); // a null tenant names none
        QVERIFY(!writer);
        QVERIFY(writer.error().album().isEmpty());
    }

    void aCopyFoundByTheRegistry()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString original = QFileInfo(run.filePath(QStringLiteral("Original"))).absoluteFilePath();
        const QString copy = QFileInfo(run.filePath(QStringLiteral("Copy"))).absoluteFilePath();
        std::unique_ptr<Registry> registry = f.registry(run.filePath(QStringLiteral("ws")));
        Result<Tenant> tenant = registry->create(original, QStringLiteral("Original"));
        QVERIFY(tenant);
        QVERIFY(registry->close(tenant->uuid()).ok());
        QCOMPARE(quire::test::runTool(QStringLiteral("cp"), {QStringLiteral("-a"), original, copy}), QString());

        QVERIFY(registry->open(original));
        const Result<Tenant> second = registry->open(copy);
        QVERIFY(!second);
        QCOMPARE(second.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(second.error().toString().startsWith(prefixFor(copy)), qPrintable(second.error().toString()));
        QVERIFY2(second.error().message().contains(QStringLiteral("copy of the %1").arg(f.format.kind())),
                 qPrintable(second.error().message()));
    }

    void aFolderOperationThatIsRefused()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString folder = QFileInfo(run.filePath(QStringLiteral("Kept"))).absoluteFilePath();
        const QString taken = QFileInfo(run.filePath(QStringLiteral("Taken"))).absoluteFilePath();
        QVERIFY(QDir().mkpath(taken));
        QVERIFY(quire::test::writeFile(QDir(taken).filePath(QStringLiteral("someone's file")), "mine"));
        std::unique_ptr<Registry> registry = f.registry(run.filePath(QStringLiteral("ws")));
        Result<Tenant> tenant = registry->create(folder, QStringLiteral("Kept"));
        QVERIFY(tenant);
        QVERIFY(f.addRow(*tenant->write(), QStringLiteral("one row")));

        const Result<Tenant> copied = copyTenant(*registry, tenant->uuid(), taken);
        QVERIFY(!copied);
        QCOMPARE(copied.error().kind(), f.format.kind());
        QVERIFY2(copied.error().toString().startsWith(kindTitle() + QStringLiteral(" '")),
                 qPrintable(copied.error().toString()));
        QCOMPARE(QDir(taken).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("someone's file")});
        QCOMPARE(f.count(*tenant), qint64(1));
    }

    void quirectlSaysTheKind()
    {
        const quire::test::FormatUnderTest &f = formatUnderTest();
        QTemporaryDir run(m_dir.filePath(QStringLiteral("run-XXXXXX")));
        const QString folder = QFileInfo(run.filePath(QStringLiteral("Garbled"))).absoluteFilePath();
        const QString db = Tenant::databasePathFor(folder, f.format);
        QVERIFY(QDir().mkpath(QFileInfo(db).absolutePath()));
        QVERIFY(quire::test::writeFile(db, QByteArray(8192, 'x')));

        QProcess quirectl;
        QStringList arguments = f.quirectlArguments(run.path());
        arguments << QStringLiteral("--workspace") << run.filePath(QStringLiteral("ws")) << QStringLiteral("--json")
                  << QStringLiteral("open") << folder;
        quirectl.start(QStringLiteral(QUIRECTL_PATH), arguments);
        QVERIFY(quirectl.waitForFinished(60000));
        QCOMPARE(quirectl.exitCode(), 1);
        const QString stderrText = QString::fromUtf8(quirectl.readAllStandardError());
        QVERIFY2(stderrText.startsWith(QStringLiteral("quirectl: ") + prefixFor(QFileInfo(folder).canonicalFilePath())),
                 qPrintable(stderrText));
        // One entry per folder opened, a failed one with its error.
        const QJsonObject error = QJsonDocument::fromJson(quirectl.readAllStandardOutput()).array().first().toObject()
                                      .value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("not-sqlite"));
        QCOMPARE(error.value(QStringLiteral("kind")).toString(), f.format.kind());
    }
};

QTEST_GUILESS_MAIN(TestTenantErrors)
#include "tst_tenant_errors.moc"
