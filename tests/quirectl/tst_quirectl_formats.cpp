// tst_quirectl_formats: quirectl --format FILE, the tenants of a program
// that is not the photo album (a ledger), as a script sees them: create,
// query merged across tenants, list, check, migrate after a new migration
// file, and the bad format files refused as usage errors (exit 2).

#include "quirectl_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <memory>

class tst_QuirectlFormats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void ledgerTenantsAreCreatedQueriedAndMigrated();
    void albumVerbsAreRefusedWithAFormat();
    void badFormatFilesAreUsageErrors_data();
    void badFormatFilesAreUsageErrors();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QuirectlRun quirectl(const QStringList &arguments) const
    {
        return runQuirectl(QStringList{QStringLiteral("--workspace"), path(QStringLiteral("ws")),
                                       QStringLiteral("--format"), path(QStringLiteral("ledger.json"))}
                               + arguments,
                           QProcessEnvironment::systemEnvironment(), m_dir->path());
    }
    static void write(const QString &file, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    void insert(const QString &folder, const QByteArray &sql)
    {
        // The sqlite3 C API, as any other program would write its tenant.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(folder + QStringLiteral("/.ledger/ledger.db")).constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_QuirectlFormats::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    write(path(QStringLiteral("ledger.json")),
          R"({"application_id": "LDGR", "database": ".ledger/ledger.db", "migrations": "schema",
              "kind": "ledger", "program": "Ledger"})");
    write(path(QStringLiteral("schema/0001_entries.sql")),
          "CREATE TABLE entries (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, cents INTEGER NOT NULL)\n;;\n"
          "CREATE INDEX entries_at ON entries (at)\n");
}

void tst_QuirectlFormats::ledgerTenantsAreCreatedQueriedAndMigrated()
{
    QStringList uuids;
    for (const QString &name : {QStringLiteral("acme"), QStringLiteral("globex"), QStringLiteral("initech")}) {
        QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), path(name)});
        QVERIFY_EXIT(run, 0);
        uuids.append(run.json()[QLatin1String("uuid")].toString());
        QVERIFY(QFileInfo(path(name + QStringLiteral("/.ledger/ledger.db"))).isFile());
        QVERIFY(!QFileInfo::exists(path(name + QStringLiteral("/.quire"))));
    }
    insert(path(QStringLiteral("acme")), "INSERT INTO entries (at, cents) VALUES (10, 1), (60, 6)");
    insert(path(QStringLiteral("globex")), "INSERT INTO entries (at, cents) VALUES (30, 3), (50, 5)");
    insert(path(QStringLiteral("initech")), "INSERT INTO entries (at, cents) VALUES (20, 2), (40, 4)");

    // Merged newest first across the three, each row naming its tenant.
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("query"),
                                QStringLiteral("SELECT at, cents FROM entries ORDER BY at DESC"),
                                QStringLiteral("--order-by"), QStringLiteral("at desc"), QStringLiteral("--limit"),
                                QStringLiteral("4")});
    QVERIFY_EXIT(run, 0);
    const QJsonArray rows = run.json()[QLatin1String("rows")].toArray();
    QCOMPARE(rows.size(), 4);
    const QList<int> expected{60, 50, 40, 30};
    const QStringList owners{uuids[0], uuids[1], uuids[2], uuids[1]};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(rows[i][QLatin1String("values")][0].toInt(), expected[i]);
        QCOMPARE(rows[i][QLatin1String("tenant")].toString(), owners[i]);
    }
    QCOMPARE(run.json()[QLatin1String("tenants")].toInt(), 3);

    // One tenant only, in text.
    run = quirectl({QStringLiteral("query"), QStringLiteral("SELECT count(*) AS n FROM entries"),
                    QStringLiteral("--tenant"), path(QStringLiteral("globex"))});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.output().trimmed().split(QLatin1Char('\n')).last().split(QLatin1Char('\t')).last(), QStringLiteral("2"));

    // A key that is not a column is a clear failure.
    run = quirectl({QStringLiteral("query"), QStringLiteral("SELECT at FROM entries"), QStringLiteral("--order-by"),
                    QStringLiteral("cents")});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(run.error().contains(QLatin1String("'cents' is not a column")), run.describe().constData());

    run = quirectl({QStringLiteral("check"), path(QStringLiteral("acme"))});
    QVERIFY_EXIT(run, 0);

    // A second migration file: migrate --all upgrades every ledger, each
    // after a backup in its own .ledger/backups.
    write(path(QStringLiteral("schema/0002_memo.sql")), "ALTER TABLE entries ADD COLUMN memo TEXT\n");
    run = quirectl({QStringLiteral("--json"), QStringLiteral("migrate"), QStringLiteral("--all")});
    QVERIFY_EXIT(run, 0);
    run = quirectl({QStringLiteral("query"), QStringLiteral("SELECT count(memo) AS memos FROM entries"),
                    QStringLiteral("--tenant"), uuids[0]});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(QDir(path(QStringLiteral("acme/.ledger/backups"))).entryList(QDir::Files).size(), 1);
}

void tst_QuirectlFormats::albumVerbsAreRefusedWithAFormat()
{
    QuirectlRun run = quirectl({QStringLiteral("create"), path(QStringLiteral("acme"))});
    QVERIFY_EXIT(run, 0);
    for (const QString &verb : {QStringLiteral("pictures"), QStringLiteral("import"), QStringLiteral("info")}) {
        run = quirectl({verb, path(QStringLiteral("acme"))});
        QVERIFY_EXIT(run, 2);
        QVERIFY2(run.error().contains(QStringLiteral("'%1' works on albums only").arg(verb)), run.describe().constData());
    }
}

void tst_QuirectlFormats::badFormatFilesAreUsageErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("migrations"); // file names in schema-bad/
    QTest::addColumn<QString>("says");
    const QStringList one{QStringLiteral("0001_entries.sql")};
    QTest::newRow("not json") << QByteArray("application_id = LDGR") << one << "is not a JSON object";
    QTest::newRow("no application id")
        << QByteArray(R"({"database": ".l/l.db", "migrations": "schema-bad", "kind": "ledger"})") << one
        << "has no \"application_id\"";
    QTest::newRow("no database")
        << QByteArray(R"({"application_id": "LDGR", "migrations": "schema-bad", "kind": "ledger"})") << one
        << "has no \"database\"";
    QTest::newRow("no kind")
        << QByteArray(R"({"application_id": "LDGR", "database": ".l/l.db", "migrations": "schema-bad"})") << one
        << "has no \"kind\"";
    QTest::newRow("id 0")
        << QByteArray(R"({"application_id": 0, "database": ".l/l.db", "migrations": "schema-bad", "kind": "ledger"})")
        << one << "must not be 0";
    QTest::newRow("id of five letters")
        << QByteArray(R"({"application_id": "LEDGR", "database": ".l/l.db", "migrations": "schema-bad", "kind": "l"})")
        << one << "four ASCII letters";
    QTest::newRow("database leaves the folder")
        << QByteArray(R"({"application_id": "LDGR", "database": "../l.db", "migrations": "schema-bad", "kind": "ledger"})")
        << one << "without '.' or '..'";
    QTest::newRow("database at an absolute path")
        << QByteArray(R"({"application_id": "LDGR", "database": "/etc/l.db", "migrations": "schema-bad", "kind": "l"})")
        << one << "relative";
    QTest::newRow("migrations with a gap")
        << QByteArray(R"({"application_id": "LDGR", "database": ".l/l.db", "migrations": "schema-bad", "kind": "l"})")
        << QStringList{QStringLiteral("0001_a.sql"), QStringLiteral("0003_c.sql")} << "without gaps";
    QTest::newRow("migrations not from 1")
        << QByteArray(R"({"application_id": "LDGR", "database": ".l/l.db", "migrations": "schema-bad", "kind": "l"})")
        << QStringList{QStringLiteral("0002_b.sql")} << "without gaps";
    QTest::newRow("migrations numbered twice")
        << QByteArray(R"({"application_id": "LDGR", "database": ".l/l.db", "migrations": "schema-bad", "kind": "l"})")
        << QStringList{QStringLiteral("0001_a.sql"), QStringLiteral("01_b.sql")} << "numbered 1";
    QTest::newRow("no migration folder")
        << QByteArray(R"({"application_id": "LDGR", "database": ".l/l.db", "migrations": "nowhere", "kind": "l"})")
        << one << "does not exist";
}

void tst_QuirectlFormats::badFormatFilesAreUsageErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, migrations);
    QFETCH(QString, says);
    write(path(QStringLiteral("bad.json")), json);
    for (const QString &name : migrations)
        write(path(QStringLiteral("schema-bad/") + name), "CREATE TABLE t_" + name.left(4).toUtf8() + " (x)\n");
    const QuirectlRun run = runQuirectl({QStringLiteral("--workspace"), path(QStringLiteral("ws")), QStringLiteral("--format"),
                                         path(QStringLiteral("bad.json")), QStringLiteral("list")},
                                        QProcessEnvironment::systemEnvironment(), m_dir->path());
    QVERIFY_EXIT(run, 2);
    QVERIFY2(run.error().contains(QLatin1String("bad.json")), run.describe().constData());
    QVERIFY2(run.error().contains(says), run.describe().constData());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws"))));
}

QTEST_GUILESS_MAIN(tst_QuirectlFormats)
#include "tst_quirectl_formats.moc"
