// tst_quirectl_folders: copy, rename and delete of album folders as a
// script sees them: exit codes, --json, and the errors naming the album.

#include "quirectl_runner.h"
#include "testsupport.h"

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
    void init();
    void copyAlbum();
    void copyRefused();
    void renameAlbum();
    void deleteAlbum();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QProcessEnvironment environment() const;
    QuirectlRun quirectl(const QStringList &arguments) const;
    void makeAlbum(const QString &folder, const QString &name, QString *uuid);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_QuirectlFolders::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(path(QStringLiteral("xdg-data"))));
}

QProcessEnvironment tst_QuirectlFolders::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    return environment;
}

QuirectlRun tst_QuirectlFolders::quirectl(const QStringList &arguments) const
{
    return runQuirectl(QStringList{QStringLiteral("--workspace"), path(QStringLiteral("ws"))} + arguments,
                       environment(), m_dir->path());
}

void tst_QuirectlFolders::makeAlbum(const QString &folder, const QString &name, QString *uuid)
{
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder, QStringLiteral("--name"), name});
    QVERIFY_EXIT(run, 0);
    *uuid = run.json()[QLatin1String("uuid")].toString();
    for (int i = 0; i < 3; ++i)
        QVERIFY(quire::test::writeImage(QDir(folder).filePath(QStringLiteral("IMG_%1.png").arg(i)), 20 + i, 10));
    run = quirectl({QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
}

void tst_QuirectlFolders::copyAlbum()
{
    QString uuid;
    SETUP(makeAlbum(path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("copy"), uuid, path(QStringLiteral("Copy"))});
    QVERIFY_EXIT(run, 0);
    const QJsonObject copy = run.json().object();
    QVERIFY(copy[QLatin1String("uuid")].toString() != uuid);
    QCOMPARE(copy[QLatin1String("name")].toString(), QStringLiteral("Holiday (copy)"));
    QCOMPARE(copy[QLatin1String("folder")].toString(), QFileInfo(path(QStringLiteral("Copy"))).canonicalFilePath());
    QVERIFY(run.err.isEmpty()); // no progress when stderr is not a terminal
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Copy/IMG_2.png"))));

    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), copy[QLatin1String("uuid")].toString()});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 3);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 2);
}

void tst_QuirectlFolders::copyRefused()
{
    QString uuid;
    SETUP(makeAlbum(path(QStringLiteral("Trip")), QStringLiteral("Trip"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("copy"), path(QStringLiteral("Trip")), path(QStringLiteral("Trip/inside"))});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(run.error().contains(QStringLiteral("Trip")) && run.error().contains(QStringLiteral("inside")),
             run.describe().constData());
    QVERIFY(quire::test::writeFile(path(QStringLiteral("Busy/file.txt")), "x"));
    run = quirectl({QStringLiteral("--json"), QStringLiteral("copy"), uuid, path(QStringLiteral("Busy"))});
    QVERIFY_EXIT(run, 1);
    QCOMPARE(run.json()[QLatin1String("error")][QLatin1String("code")].toString(), QStringLiteral("already-exists"));
    QCOMPARE(QDir(path(QStringLiteral("Busy"))).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("file.txt")});
}

void tst_QuirectlFolders::renameAlbum()
{
    QString uuid;
    SETUP(makeAlbum(path(QStringLiteral("Old")), QStringLiteral("Old"), &uuid));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("rename"), uuid, QStringLiteral("Shown"),
                                QStringLiteral("--keep-folder")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("name")].toString(), QStringLiteral("Shown"));
    QVERIFY(QFileInfo::exists(path(QStringLiteral("Old"))));

    run = quirectl({QStringLiteral("--json"), QStringLiteral("rename"), uuid, QStringLiteral("New")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("folder")].toString(), QFileInfo(path(QStringLiteral("New"))).canonicalFilePath());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Old"))));
    run = quirectl({QStringLiteral("--json"), QStringLiteral("info"), uuid});
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.output().contains(QStringLiteral("\"New\"")), run.describe().constData());

    run = quirectl({QStringLiteral("rename"), uuid, QStringLiteral("a/b")});
    QVERIFY_EXIT(run, 1);
    QVERIFY(run.error().contains(QStringLiteral("'/'")));
}

void tst_QuirectlFolders::deleteAlbum()
{
    QString gone, trashed;
    SETUP(makeAlbum(path(QStringLiteral("Gone")), QStringLiteral("Gone"), &gone));
    SETUP(makeAlbum(path(QStringLiteral("Trashed")), QStringLiteral("Trashed"), &trashed));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("delete"), gone, QStringLiteral("--permanently")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("outcome")].toString(), QStringLiteral("deleted"));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Gone"))));
    run = quirectl({QStringLiteral("delete"), trashed});
    QVERIFY_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("Trashed"))));
    QVERIFY(QFileInfo::exists(path(QStringLiteral("xdg-data/Trash/files/Trashed/.quire/album.db"))));
    run = quirectl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 0);
}

QTEST_GUILESS_MAIN(tst_QuirectlFolders)
#include "tst_quirectl_folders.moc"
