// tst_quirectl_registry: quirectl's workspace verbs (open, close, forget,
// list, scan, migrate, stats) as a script sees them. Each test runs the real
// binary on real album folders in a temporary directory with a workspace of
// its own, changes the folders the way a person would (copy, move, delete,
// throw the workspace away), and checks what the user gets back: the exit
// code, stdout (text or --json) and the lines on stderr naming the album.

#include "quirectl_runner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <memory>

using quire::test::writeFile;
using quire::test::writeImage;

namespace {

QString canonical(const QString &path)
{
    return QFileInfo(path).canonicalFilePath();
}

// A copy made outside Quire, the way a person makes one.
bool copyFolder(const QString &from, const QString &to)
{
    return QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), from, to}) == 0;
}

QStringList stringsOf(const QJsonValue &array)
{
    QStringList strings;
    for (const QJsonValue &value : array.toArray())
        strings.append(value.toString());
    return strings;
}

QStringList uuidsOf(const QJsonArray &albums)
{
    QStringList uuids;
    for (const QJsonValue &album : albums)
        uuids.append(album[QLatin1String("uuid")].toString());
    uuids.sort();
    return uuids;
}

QJsonObject albumWithUuid(const QJsonArray &albums, const QString &uuid)
{
    for (const QJsonValue &album : albums) {
        if (album[QLatin1String("uuid")].toString() == uuid)
            return album.toObject();
    }
    return {};
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList linesOf(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class tst_QuirectlRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    // open
    void openOpensEveryGoodFolderAndFailsForABadOne_data();
    void openOpensEveryGoodFolderAndFailsForABadOne();
    void openRefusesACopyMadeOutsideQuireUntilAsCopy();
    void openAsCopyRefusesALinkToAnotherAlbum_data();
    void openAsCopyRefusesALinkToAnotherAlbum();

    // close, forget
    void closeKeepsTheAlbumInTheWorkspace();
    void forgetByFolderLeavesTheFolderAlone();

    // list
    void listShowsEveryField_data();
    void listShowsEveryField();

    // scan
    void scanRebuildsTheWorkspaceAfterItIsDeleted();
    void scanFollowsAnAlbumMovedOutsideQuire();
    void scanKeepsADeletedAlbumAsMissingUntilForgotten();
    void scanReportsProblemsAndStillSucceeds_data();
    void scanReportsProblemsAndStillSucceeds();
    void scanOfAMissingFolderFails();

    // migrate
    void migrateReportsUpToDateAlbums_data();
    void migrateReportsUpToDateAlbums();
    void migrateReportsAMissingAlbumAndGoesOn();

    // stats
    void statsReportsTheWorkspaceAndConnections();
    void statsTextShowsEveryField();

    // A workspace that cannot be used
    void workspaceVerbsFailWhenTheWorkspaceCannotBeMade_data();
    void workspaceVerbsFailWhenTheWorkspaceCannotBeMade();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString workspace() const { return path(QStringLiteral("workspace")); }
    QProcessEnvironment environment() const;
    // quirectl --workspace <workspace> arguments...
    QuirectlRun ctl(const QStringList &arguments) const;
    // quirectl --workspace <other workspace> arguments...: albums the test's
    // workspace does not know yet
    QuirectlRun ctlElsewhere(const QStringList &arguments) const;

    // Asserting helpers: call through SETUP().
    void createAlbum(const QString &folder, QString *uuid = nullptr, bool elsewhere = false);
    void listAlbums(QJsonArray *albums);
    void scanJson(const QString &folder, QJsonObject *report);
    void infoUuid(const QString &album, QString *uuid);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_QuirectlRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QProcessEnvironment tst_QuirectlRegistry::environment() const
{
    // Whatever happens, quirectl's default workspace is inside the test's
    // folder, never the user's own.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QUIRE_WORKSPACE"), path(QStringLiteral("default-workspace")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    return environment;
}

QuirectlRun tst_QuirectlRegistry::ctl(const QStringList &arguments) const
{
    return runQuirectl(QStringList{QStringLiteral("--workspace"), workspace()} + arguments,
                       environment(), m_dir->path());
}

QuirectlRun tst_QuirectlRegistry::ctlElsewhere(const QStringList &arguments) const
{
    return runQuirectl(QStringList{QStringLiteral("--workspace"), path(QStringLiteral("other-workspace"))}
                           + arguments,
                       environment(), m_dir->path());
}

void tst_QuirectlRegistry::createAlbum(const QString &folder, QString *uuid, bool elsewhere)
{
    const QStringList arguments{QStringLiteral("create"), folder};
    const QuirectlRun run = elsewhere ? ctlElsewhere(arguments) : ctl(arguments);
    QVERIFY_EXIT(run, 0);
    if (uuid)
        *uuid = run.output().trimmed();
}

void tst_QuirectlRegistry::listAlbums(QJsonArray *albums)
{
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.json().isArray(), run.describe().constData());
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
    *albums = run.json().array();
}

void tst_QuirectlRegistry::scanJson(const QString &folder, QJsonObject *report)
{
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("scan"), folder});
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.json().isObject(), run.describe().constData());
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
    *report = run.json().object();
}

void tst_QuirectlRegistry::infoUuid(const QString &album, QString *uuid)
{
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("info"), album});
    QVERIFY_EXIT(run, 0);
    *uuid = run.json()[QLatin1String("uuid")].toString();
    QVERIFY2(!QUuid::fromString(*uuid).isNull(), run.describe().constData());
}

// --- open --------------------------------------------------------------------

void tst_QuirectlRegistry::openOpensEveryGoodFolderAndFailsForABadOne_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("json") << true;
}

void tst_QuirectlRegistry::openOpensEveryGoodFolderAndFailsForABadOne()
{
    QFETCH(bool, json);

    // Albums made under another workspace: this one learns of them by open.
    QString a, b, c;
    SETUP(createAlbum(path(QStringLiteral("A")), &a, true));
    SETUP(createAlbum(path(QStringLiteral("B")), &b, true));
    SETUP(createAlbum(path(QStringLiteral("C")), &c, true));
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(albums, QJsonArray());

    const QString bad = path(QStringLiteral("Nowhere"));
    QStringList arguments{QStringLiteral("open"), path(QStringLiteral("A")), bad,
                          QStringLiteral("B"), path(QStringLiteral("C"))};
    if (json)
        arguments.prepend(QStringLiteral("--json"));
    const QuirectlRun run = ctl(arguments);
    QVERIFY_EXIT(run, 1);
    // The bad folder gets its line on stderr; the ones after it still open.
    QCOMPARE(run.error(), QStringLiteral("quirectl: Album '%1': The folder does not exist.\n").arg(bad));
    if (json) {
        const QJsonArray opened = run.json().array();
        QCOMPARE(opened.size(), 4);
        QCOMPARE(opened.at(0)[QLatin1String("uuid")].toString(), a);
        QCOMPARE(opened.at(0)[QLatin1String("folder")].toString(), canonical(path(QStringLiteral("A"))));
        QCOMPARE(opened.at(0)[QLatin1String("name")].toString(), QStringLiteral("A"));
        QCOMPARE(opened.at(1)[QLatin1String("argument")].toString(), bad);
        QCOMPARE(opened.at(1)[QLatin1String("uuid")], QJsonValue(QJsonValue::Undefined));
        const QJsonObject error = opened.at(1)[QLatin1String("error")].toObject();
        QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("not-found"));
        QCOMPARE(error[QLatin1String("album")].toString(), bad);
        QCOMPARE(error[QLatin1String("message")].toString(), QStringLiteral("The folder does not exist."));
        QCOMPARE(opened.at(2)[QLatin1String("argument")].toString(), QStringLiteral("B"));
        QCOMPARE(opened.at(2)[QLatin1String("uuid")].toString(), b);
        QCOMPARE(opened.at(3)[QLatin1String("uuid")].toString(), c);
    } else {
        QCOMPARE(linesOf(run.output()),
                 (QStringList{a + QLatin1Char('\t') + canonical(path(QStringLiteral("A"))),
                              b + QLatin1Char('\t') + canonical(path(QStringLiteral("B"))),
                              c + QLatin1Char('\t') + canonical(path(QStringLiteral("C")))}));
    }

    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({a, b, c}));
    for (const QJsonValue &album : std::as_const(albums))
        QCOMPARE(album[QLatin1String("state")].toString(), QStringLiteral("available"));

    // Opening them again is no change (and succeeds).
    const QuirectlRun again = ctl({QStringLiteral("open"), path(QStringLiteral("A")), path(QStringLiteral("B"))});
    QVERIFY_EXIT(again, 0);
    QVERIFY(again.err.isEmpty());
    SETUP(listAlbums(&albums));
    QCOMPARE(albums.size(), 3);
}

void tst_QuirectlRegistry::openRefusesACopyMadeOutsideQuireUntilAsCopy()
{
    const QString original = path(QStringLiteral("Holiday"));
    const QString copy = path(QStringLiteral("Holiday copy"));
    QString uuid;
    QVERIFY(writeImage(original + QStringLiteral("/a.png"), 8, 6));
    SETUP(createAlbum(original, &uuid));
    QVERIFY_EXIT(ctl({QStringLiteral("import"), original}), 0);
    QVERIFY(copyFolder(original, copy));

    // Both folders carry one UUID: the copy is refused, by open and by any
    // verb that names it, with a message that says what to do.
    const QString refusal = QStringLiteral("quirectl: Album '%1': This folder is a copy of the album in %2 "
                                           "(both carry album UUID %3). Open it as a copy ('quirectl open "
                                           "--as-copy') to give it an identity of its own.\n")
                                .arg(canonical(copy), canonical(original), uuid);
    for (const QString &verb : {QStringLiteral("open"), QStringLiteral("info")}) {
        const QuirectlRun refused = ctl({verb, copy});
        QVERIFY_EXIT(refused, 1);
        QCOMPARE(refused.error(), refusal);
        QVERIFY2(refused.out.isEmpty(), refused.describe().constData());
    }
    const QuirectlRun refusedJson = ctl({QStringLiteral("--json"), QStringLiteral("open"), copy});
    QVERIFY_EXIT(refusedJson, 1);
    QCOMPARE(refusedJson.json()[0][QLatin1String("error")][QLatin1String("code")].toString(),
             QStringLiteral("already-exists"));
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{uuid});

    const QuirectlRun asCopy = ctl({QStringLiteral("--json"), QStringLiteral("open"), copy, QStringLiteral("--as-copy")});
    QVERIFY_EXIT(asCopy, 0);
    QVERIFY(asCopy.err.isEmpty());
    const QString copyUuid = asCopy.json()[0][QLatin1String("uuid")].toString();
    QVERIFY2(!QUuid::fromString(copyUuid).isNull(), asCopy.describe().constData());
    QVERIFY(copyUuid != uuid);
    QCOMPARE(asCopy.json()[0][QLatin1String("folder")].toString(), canonical(copy));

    // The copy is an album of its own now, with the original's pictures;
    // the original kept its identity.
    const QuirectlRun copyInfo = ctl({QStringLiteral("--json"), QStringLiteral("info"), copy});
    QVERIFY_EXIT(copyInfo, 0);
    QCOMPARE(copyInfo.json()[QLatin1String("uuid")].toString(), copyUuid);
    QCOMPARE(copyInfo.json()[QLatin1String("pictures")].toInt(), 1);
    QString originalUuid;
    SETUP(infoUuid(original, &originalUuid));
    QCOMPARE(originalUuid, uuid);
    SETUP(infoUuid(copyUuid, &originalUuid)); // by UUID, through the workspace
    QCOMPARE(originalUuid, copyUuid);

    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({uuid, copyUuid}));
    QCOMPARE(albumWithUuid(albums, copyUuid)[QLatin1String("folder")].toString(), canonical(copy));
    QCOMPARE(albumWithUuid(albums, copyUuid)[QLatin1String("state")].toString(), QStringLiteral("available"));
    QCOMPARE(albumWithUuid(albums, uuid)[QLatin1String("folder")].toString(), canonical(original));
}

// --- close, forget -------------------------------------------------------------

// A folder whose .quire/album.db (or whole .quire) is a symbolic link to
// another album's: 'open --as-copy' would give "the copy" a new UUID, that
// is, rewrite the other album's. It is refused, saying it is a symbolic
// link; the other album keeps its UUID and its bytes.
void tst_QuirectlRegistry::openAsCopyRefusesALinkToAnotherAlbum_data()
{
    QTest::addColumn<QString>("link");
    QTest::newRow(".quire/album.db") << QStringLiteral(".quire/album.db");
    QTest::newRow(".quire") << QStringLiteral(".quire");
}

void tst_QuirectlRegistry::openAsCopyRefusesALinkToAnotherAlbum()
{
    QFETCH(QString, link);
    const QString original = path(QStringLiteral("Holiday"));
    const QString linked = path(QStringLiteral("Linked"));
    QString uuid;
    SETUP(createAlbum(original, &uuid));
    const QString database = original + QStringLiteral("/.quire/album.db");
    auto bytesOf = [](const QString &file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray before = bytesOf(database);
    QVERIFY(!before.isEmpty());
    QVERIFY(QDir().mkpath(link == QLatin1String(".quire") ? linked : linked + QStringLiteral("/.quire")));
    QVERIFY(QFile::link(link == QLatin1String(".quire") ? original + QStringLiteral("/.quire") : database,
                        linked + QLatin1Char('/') + link));

    for (const QStringList &arguments : {QStringList{QStringLiteral("open"), linked, QStringLiteral("--as-copy")},
                                         QStringList{QStringLiteral("open"), linked}}) {
        const QuirectlRun refused = ctl(arguments);
        QVERIFY_EXIT(refused, 1);
        QVERIFY2(refused.error().contains(QLatin1String("symbolic link")), refused.describe().constData());
        QVERIFY2(refused.error().contains(canonical(linked)), refused.describe().constData());
        QVERIFY2(refused.error().contains(link), refused.describe().constData());
        QVERIFY2(refused.out.isEmpty(), refused.describe().constData());
    }
    QVERIFY2(bytesOf(database) == before, "the other album's database was written through the link");
    QVERIFY(QFileInfo(linked + QLatin1Char('/') + link).isSymLink());
    QString after;
    SETUP(infoUuid(original, &after));
    QCOMPARE(after, uuid);
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{uuid});
    QCOMPARE(albumWithUuid(albums, uuid)[QLatin1String("folder")].toString(), canonical(original));
}

void tst_QuirectlRegistry::closeKeepsTheAlbumInTheWorkspace()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QString uuid;
    SETUP(createAlbum(folder, &uuid));
    const QString line = uuid + QLatin1Char('\t') + canonical(folder) + QLatin1Char('\n');

    const QuirectlRun byFolder = ctl({QStringLiteral("close"), folder});
    QVERIFY_EXIT(byFolder, 0);
    QCOMPARE(byFolder.output(), line);
    QVERIFY(byFolder.err.isEmpty());
    // Closed means checkpointed: the album is one file again.
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/.quire/album.db-wal")));

    const QuirectlRun byUuid = ctl({QStringLiteral("--json"), QStringLiteral("close"), uuid});
    QVERIFY_EXIT(byUuid, 0);
    QCOMPARE(byUuid.json()[QLatin1String("uuid")].toString(), uuid);
    QCOMPARE(byUuid.json()[QLatin1String("folder")].toString(), canonical(folder));
    QCOMPARE(byUuid.json()[QLatin1String("name")].toString(), QStringLiteral("Holiday"));

    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{uuid});
    QCOMPARE(albums.at(0)[QLatin1String("state")].toString(), QStringLiteral("available"));

    // An album that is gone cannot be closed; the message names it and says why.
    QVERIFY(QDir(folder).removeRecursively());
    const QuirectlRun gone = ctl({QStringLiteral("close"), uuid});
    QVERIFY_EXIT(gone, 1);
    QCOMPARE(gone.error(), QStringLiteral("quirectl: Album 'Holiday': The album is missing: it was last seen in "
                                          "%1. If it was moved, scan the folder it is in now ('quirectl scan').\n")
                               .arg(canonical(m_dir->path()) + QStringLiteral("/Holiday")));
    QVERIFY(gone.out.isEmpty());
}

void tst_QuirectlRegistry::forgetByFolderLeavesTheFolderAlone()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QString uuid, other;
    SETUP(createAlbum(folder, &uuid));
    SETUP(createAlbum(path(QStringLiteral("Other")), &other));

    const QuirectlRun forgotten = ctl({QStringLiteral("forget"), QStringLiteral("Holiday")});
    QVERIFY_EXIT(forgotten, 0);
    QCOMPARE(forgotten.output(), uuid + QLatin1Char('\t') + canonical(folder) + QLatin1Char('\n'));
    QVERIFY(forgotten.err.isEmpty());
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{other});
    QVERIFY(QFileInfo(folder + QStringLiteral("/.quire/album.db")).isFile());

    // Not known any more: by UUID it is not found...
    const QuirectlRun unknown = ctl({QStringLiteral("forget"), uuid});
    QVERIFY_EXIT(unknown, 1);
    QCOMPARE(unknown.error(), QStringLiteral("quirectl: Album '%1': No album with this UUID is known in the "
                                             "workspace.\n").arg(uuid));
    // ...and opening the folder again brings it back with the same identity.
    const QuirectlRun reopened = ctl({QStringLiteral("open"), folder});
    QVERIFY_EXIT(reopened, 0);
    QCOMPARE(reopened.output(), uuid + QLatin1Char('\t') + canonical(folder) + QLatin1Char('\n'));
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({uuid, other}));
}

// --- list ------------------------------------------------------------------------

void tst_QuirectlRegistry::listShowsEveryField_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("json") << true;
}

void tst_QuirectlRegistry::listShowsEveryField()
{
    QFETCH(bool, json);

    const QString summer = path(QStringLiteral("Summer"));
    const QString winter = path(QStringLiteral("Winter"));
    const QuirectlRun created = ctl({QStringLiteral("create"), summer, QStringLiteral("--name"),
                                     QStringLiteral("Summer in Brittany")});
    QVERIFY_EXIT(created, 0);
    const QString summerUuid = created.output().trimmed();
    QString winterUuid;
    SETUP(createAlbum(winter, &winterUuid));
    const QString winterFolder = canonical(winter);
    QVERIFY(QDir(winter).removeRecursively());
    QJsonObject report;
    SETUP(scanJson(m_dir->path(), &report));

    const QuirectlRun run = ctl(json ? QStringList{QStringLiteral("--json"), QStringLiteral("list")}
                                     : QStringList{QStringLiteral("list")});
    QVERIFY_EXIT(run, 0);
    QVERIFY(run.err.isEmpty());
    if (json) {
        const QJsonArray albums = run.json().array();
        QCOMPARE(albums.size(), 2);
        // Sorted by name: "Summer in Brittany", then "Winter".
        const QJsonObject s = albums.at(0).toObject();
        QCOMPARE(sorted(s.keys()), (QStringList{"folder", "last_seen", "name", "problem", "state", "uuid"}));
        QCOMPARE(s[QLatin1String("uuid")].toString(), summerUuid);
        QCOMPARE(s[QLatin1String("name")].toString(), QStringLiteral("Summer in Brittany"));
        QCOMPARE(s[QLatin1String("folder")].toString(), canonical(summer));
        QCOMPARE(s[QLatin1String("state")].toString(), QStringLiteral("available"));
        const QDateTime seen = QDateTime::fromString(s[QLatin1String("last_seen")].toString(), Qt::ISODateWithMs);
        QVERIFY2(seen.isValid(), run.describe().constData());
        QVERIFY(seen <= QDateTime::currentDateTimeUtc());
        QCOMPARE(s[QLatin1String("problem")], QJsonValue());
        const QJsonObject w = albums.at(1).toObject();
        QCOMPARE(w[QLatin1String("uuid")].toString(), winterUuid);
        QCOMPARE(w[QLatin1String("folder")].toString(), winterFolder);
        QCOMPARE(w[QLatin1String("state")].toString(), QStringLiteral("missing"));
        QVERIFY2(!w[QLatin1String("problem")].toString().isEmpty(), run.describe().constData());
    } else {
        const QStringList lines = linesOf(run.output());
        QCOMPARE(lines.size(), 2);
        const QStringList s = lines.at(0).split(QLatin1Char('\t'));
        QCOMPARE(s.size(), 6);
        QCOMPARE(s.mid(0, 4), (QStringList{summerUuid, "Summer in Brittany", canonical(summer), "available"}));
        QVERIFY2(QDateTime::fromString(s.at(4), Qt::ISODateWithMs).isValid(), run.describe().constData());
        QCOMPARE(s.at(5), QStringLiteral("-"));
        const QStringList w = lines.at(1).split(QLatin1Char('\t'));
        QCOMPARE(w.size(), 6);
        QCOMPARE(w.mid(0, 4), (QStringList{winterUuid, "Winter", winterFolder, "missing"}));
        QVERIFY2(w.at(5) != QLatin1String("-"), run.describe().constData());
    }
}

// --- scan ------------------------------------------------------------------------

void tst_QuirectlRegistry::scanRebuildsTheWorkspaceAfterItIsDeleted()
{
    const QString root = path(QStringLiteral("Albums"));
    QString a, b, c;
    SETUP(createAlbum(root + QStringLiteral("/A"), &a));
    SETUP(createAlbum(root + QStringLiteral("/B"), &b));
    SETUP(createAlbum(root + QStringLiteral("/2024/Summer/C"), &c));
    QJsonArray before;
    SETUP(listAlbums(&before));
    QCOMPARE(before.size(), 3);

    // The workspace is a cache: throw it away.
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(workspace() + QStringLiteral("/catalog.db") + QLatin1String(suffix));
    QVERIFY(!QFileInfo::exists(workspace() + QStringLiteral("/catalog.db")));
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(albums, QJsonArray());

    const QuirectlRun run = ctl({QStringLiteral("scan"), root});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.output(), QStringLiteral("found:    3\n"
                                          "added:    3\n"
                                          "moved:    0\n"
                                          "missing:  0\n"
                                          "problems: 0\n"));
    QVERIFY(run.err.isEmpty());

    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({a, b, c}));
    for (const QJsonValue &album : std::as_const(albums)) {
        const QJsonObject old = albumWithUuid(before, album[QLatin1String("uuid")].toString());
        QCOMPARE(album[QLatin1String("folder")], old[QLatin1String("folder")]);
        QCOMPARE(album[QLatin1String("name")], old[QLatin1String("name")]);
        QCOMPARE(album[QLatin1String("state")].toString(), QStringLiteral("available"));
    }

    // A second scan finds them again and adds nothing.
    QJsonObject report;
    SETUP(scanJson(root, &report));
    QCOMPARE(report[QLatin1String("folder")].toString(), canonical(root));
    QCOMPARE(sorted(stringsOf(report[QLatin1String("found")])), sorted({a, b, c}));
    QCOMPARE(report[QLatin1String("added")].toArray(), QJsonArray());
    QCOMPARE(report[QLatin1String("moved")].toArray(), QJsonArray());
    QCOMPARE(report[QLatin1String("missing")].toArray(), QJsonArray());
    QCOMPARE(report[QLatin1String("problems")].toArray(), QJsonArray());
}

void tst_QuirectlRegistry::scanFollowsAnAlbumMovedOutsideQuire()
{
    const QString old = path(QStringLiteral("Albums/Holiday"));
    const QString moved = path(QStringLiteral("Archive/2024/Holiday in Brittany"));
    QString uuid, stays;
    SETUP(createAlbum(old, &uuid));
    SETUP(createAlbum(path(QStringLiteral("Albums/Stays")), &stays));
    const QString oldFolder = canonical(old);
    QVERIFY(QDir().mkpath(path(QStringLiteral("Archive/2024"))));
    QVERIFY(QDir().rename(old, moved));

    // Until a scan finds it, the album is missing, and says where it was.
    const QuirectlRun lost = ctl({QStringLiteral("info"), uuid});
    QVERIFY_EXIT(lost, 1);
    QVERIFY2(lost.error().startsWith(QStringLiteral("quirectl: Album 'Holiday': The album is missing: it was "
                                                    "last seen in %1.").arg(oldFolder)),
             lost.describe().constData());
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(albumWithUuid(albums, uuid)[QLatin1String("state")].toString(), QStringLiteral("missing"));

    QJsonObject report;
    SETUP(scanJson(path(QStringLiteral("Archive")), &report));
    QCOMPARE(stringsOf(report[QLatin1String("found")]), QStringList{uuid});
    QCOMPARE(stringsOf(report[QLatin1String("moved")]), QStringList{uuid});
    QCOMPARE(report[QLatin1String("added")].toArray(), QJsonArray());
    QCOMPARE(report[QLatin1String("missing")].toArray(), QJsonArray());

    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({uuid, stays}));
    const QJsonObject holiday = albumWithUuid(albums, uuid);
    QCOMPARE(holiday[QLatin1String("folder")].toString(), canonical(moved));
    QCOMPARE(holiday[QLatin1String("state")].toString(), QStringLiteral("available"));
    QCOMPARE(holiday[QLatin1String("problem")], QJsonValue());

    // The UUID names it again, in its new folder.
    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), uuid});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("folder")].toString(), canonical(moved));
}

void tst_QuirectlRegistry::scanKeepsADeletedAlbumAsMissingUntilForgotten()
{
    const QString root = path(QStringLiteral("Albums"));
    const QString doomed = root + QStringLiteral("/Doomed");
    QString gone, kept;
    SETUP(createAlbum(doomed, &gone));
    SETUP(createAlbum(root + QStringLiteral("/Kept"), &kept));
    const QString doomedFolder = canonical(doomed);
    QVERIFY(QDir(doomed).removeRecursively());

    const QuirectlRun run = ctl({QStringLiteral("scan"), root});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.output(), QStringLiteral("found:    1\n"
                                          "added:    0\n"
                                          "moved:    0\n"
                                          "missing:  1\n"
                                          "problems: 0\n"));
    QJsonObject report;
    SETUP(scanJson(root, &report));
    QCOMPARE(stringsOf(report[QLatin1String("missing")]), QStringList{gone});
    QCOMPARE(stringsOf(report[QLatin1String("found")]), QStringList{kept});

    // Missing is a state, not a deletion.
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), sorted({gone, kept}));
    const QJsonObject missing = albumWithUuid(albums, gone);
    QCOMPARE(missing[QLatin1String("state")].toString(), QStringLiteral("missing"));
    QCOMPARE(missing[QLatin1String("folder")].toString(), doomedFolder);
    QVERIFY(!missing[QLatin1String("problem")].toString().isEmpty());
    QCOMPARE(albumWithUuid(albums, kept)[QLatin1String("state")].toString(), QStringLiteral("available"));

    // Forgetting by UUID works although the album cannot be opened.
    const QuirectlRun forgotten = ctl({QStringLiteral("--json"), QStringLiteral("forget"), gone});
    QVERIFY_EXIT(forgotten, 0);
    QCOMPARE(forgotten.json()[QLatin1String("uuid")].toString(), gone);
    QCOMPARE(forgotten.json()[QLatin1String("folder")].toString(), doomedFolder);
    QCOMPARE(forgotten.json()[QLatin1String("name")].toString(), QStringLiteral("Doomed"));
    QVERIFY(forgotten.err.isEmpty());
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{kept});

    const QuirectlRun again = ctl({QStringLiteral("forget"), gone});
    QVERIFY_EXIT(again, 1);
    QCOMPARE(again.error(), QStringLiteral("quirectl: Album '%1': No album with this UUID is known in the "
                                           "workspace.\n").arg(gone));
    QVERIFY(again.out.isEmpty());
}

void tst_QuirectlRegistry::scanReportsProblemsAndStillSucceeds_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("json") << true;
}

void tst_QuirectlRegistry::scanReportsProblemsAndStillSucceeds()
{
    QFETCH(bool, json);

    const QString root = path(QStringLiteral("Albums"));
    const QString original = root + QStringLiteral("/A");
    const QString copy = root + QStringLiteral("/B copy of A");
    const QString broken = root + QStringLiteral("/C broken");
    QString uuid;
    SETUP(createAlbum(original, &uuid));
    QVERIFY(copyFolder(original, copy));
    QVERIFY(writeFile(broken + QStringLiteral("/.quire/album.db"), "These are my notes, not a database.\n"));

    QStringList arguments{QStringLiteral("scan"), root};
    if (json)
        arguments.prepend(QStringLiteral("--json"));
    const QuirectlRun run = ctl(arguments);
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
    const QString copyProblem = QStringLiteral("Album '%1': This folder is a copy of the album in %2")
                                    .arg(canonical(copy), canonical(original));
    const QString brokenProblem = QStringLiteral("Album '%1': ").arg(canonical(broken));
    if (json) {
        QCOMPARE(stringsOf(run.json()[QLatin1String("found")]), QStringList{uuid});
        const QJsonArray problems = run.json()[QLatin1String("problems")].toArray();
        QCOMPARE(problems.size(), 2);
        const QJsonObject first = problems.at(0).toObject();
        QCOMPARE(sorted(first.keys()), (QStringList{"album", "code", "kind", "message"}));
        QCOMPARE(first[QLatin1String("kind")].toString(), QStringLiteral("album"));
        QCOMPARE(first[QLatin1String("album")].toString(), canonical(copy));
        QCOMPARE(first[QLatin1String("code")].toString(), QStringLiteral("already-exists"));
        QVERIFY(first[QLatin1String("message")].toString().contains(uuid));
        QCOMPARE(problems.at(1)[QLatin1String("album")].toString(), canonical(broken));
        QCOMPARE(problems.at(1)[QLatin1String("code")].toString(), QStringLiteral("not-sqlite"));
    } else {
        const QStringList lines = linesOf(run.output());
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines.mid(0, 5), (QStringList{"found:    1", "added:    0", "moved:    0",
                                               "missing:  0", "problems: 2"}));
        QVERIFY2(lines.at(5).startsWith(QStringLiteral("  ") + copyProblem), run.describe().constData());
        QVERIFY2(lines.at(6).startsWith(QStringLiteral("  ") + brokenProblem), run.describe().constData());
    }

    // Neither problem was taken into the workspace.
    QJsonArray albums;
    SETUP(listAlbums(&albums));
    QCOMPARE(uuidsOf(albums), QStringList{uuid});
    QCOMPARE(albums.at(0)[QLatin1String("folder")].toString(), canonical(original));
}

void tst_QuirectlRegistry::scanOfAMissingFolderFails()
{
    const QString nowhere = path(QStringLiteral("Nowhere"));
    const QuirectlRun run = ctl({QStringLiteral("scan"), nowhere});
    QVERIFY_EXIT(run, 1);
    QCOMPARE(run.error(), QStringLiteral("quirectl: Album '%1': The folder to scan does not exist.\n").arg(nowhere));
    QVERIFY(run.out.isEmpty());

    const QuirectlRun json = ctl({QStringLiteral("--json"), QStringLiteral("scan"), nowhere});
    QVERIFY_EXIT(json, 1);
    const QJsonObject error = json.json()[QLatin1String("error")].toObject();
    QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("not-found"));
    QCOMPARE(error[QLatin1String("album")].toString(), nowhere);
}

// --- migrate ------------------------------------------------------------------------

void tst_QuirectlRegistry::migrateReportsUpToDateAlbums_data()
{
    QTest::addColumn<bool>("dryRun");
    QTest::addColumn<bool>("json");
    QTest::newRow("dry run, text") << true << false;
    QTest::newRow("dry run, json") << true << true;
    QTest::newRow("for real, text") << false << false;
    QTest::newRow("for real, json") << false << true;
}

void tst_QuirectlRegistry::migrateReportsUpToDateAlbums()
{
    QFETCH(bool, dryRun);
    QFETCH(bool, json);

    QString a, b;
    SETUP(createAlbum(path(QStringLiteral("A")), &a));
    SETUP(createAlbum(path(QStringLiteral("B")), &b));
    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), a});
    QVERIFY_EXIT(info, 0);
    const int version = info.json()[QLatin1String("schema_version")].toInt();
    QVERIFY(version >= 1);
    const QByteArray before = [&] {
        QFile file(path(QStringLiteral("A/.quire/album.db")));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();

    QStringList arguments{QStringLiteral("migrate"), QStringLiteral("--all")};
    if (dryRun)
        arguments.append(QStringLiteral("--dry-run"));
    if (json)
        arguments.prepend(QStringLiteral("--json"));
    const QuirectlRun run = ctl(arguments);
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
    if (json) {
        const QJsonObject report = run.json().object();
        QCOMPARE(sorted(report.keys()), (QStringList{"albums", "dry_run", "summary"}));
        QCOMPARE(report[QLatin1String("dry_run")].toBool(), dryRun);
        const QJsonArray albums = report[QLatin1String("albums")].toArray();
        QCOMPARE(uuidsOf(albums), sorted({a, b}));
        for (const QJsonValue &album : albums) {
            QCOMPARE(album[QLatin1String("status")].toString(), QStringLiteral("up-to-date"));
            QCOMPARE(album[QLatin1String("from_version")].toInt(), version);
            QCOMPARE(album[QLatin1String("to_version")].toInt(), version);
            QCOMPARE(album[QLatin1String("message")], QJsonValue());
        }
        QCOMPARE(albumWithUuid(albums, a)[QLatin1String("folder")].toString(), canonical(path(QStringLiteral("A"))));
        const QJsonObject summary = report[QLatin1String("summary")].toObject();
        QCOMPARE(summary, (QJsonObject{{"albums", 2}, {"up_to_date", 2}, {"would_upgrade", 0},
                                       {"upgraded", 0}, {"failed", 0}}));
    } else {
        const QStringList lines = linesOf(run.output());
        QCOMPARE(lines.size(), 3);
        const QString fromTo = QStringLiteral("%1->%1").arg(version);
        QCOMPARE(sorted(lines.mid(0, 2)),
                 sorted({QStringList{a, canonical(path(QStringLiteral("A"))), fromTo, "up-to-date", "-"}.join(u'\t'),
                         QStringList{b, canonical(path(QStringLiteral("B"))), fromTo, "up-to-date", "-"}.join(u'\t')}));
        QCOMPARE(lines.at(2), (dryRun ? QStringLiteral("dry run: ") : QString())
                                  + QStringLiteral("2 albums: 2 up-to-date, 0 would-upgrade, 0 upgraded, 0 failed"));
    }

    // Nothing to upgrade: the album file is as it was, and no backup was made.
    QFile file(path(QStringLiteral("A/.quire/album.db")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("A/.quire/backups"))));
}

void tst_QuirectlRegistry::migrateReportsAMissingAlbumAndGoesOn()
{
    QString kept, gone;
    SETUP(createAlbum(path(QStringLiteral("Kept")), &kept));
    SETUP(createAlbum(path(QStringLiteral("Gone")), &gone));
    const QString goneFolder = canonical(path(QStringLiteral("Gone")));
    QVERIFY(QDir(path(QStringLiteral("Gone"))).removeRecursively());
    QJsonObject report;
    SETUP(scanJson(m_dir->path(), &report));
    QCOMPARE(stringsOf(report[QLatin1String("missing")]), QStringList{gone});

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("migrate"), QStringLiteral("--all")});
    QVERIFY_EXIT(run, 1);
    const QJsonArray albums = run.json()[QLatin1String("albums")].toArray();
    QCOMPARE(uuidsOf(albums), sorted({kept, gone}));
    QCOMPARE(albumWithUuid(albums, kept)[QLatin1String("status")].toString(), QStringLiteral("up-to-date"));
    const QJsonObject failed = albumWithUuid(albums, gone);
    QCOMPARE(failed[QLatin1String("status")].toString(), QStringLiteral("failed"));
    QCOMPARE(failed[QLatin1String("folder")].toString(), goneFolder);
    QCOMPARE(failed[QLatin1String("from_version")], QJsonValue()); // unknown: it could not be read
    QCOMPARE(failed[QLatin1String("code")].toString(), QStringLiteral("not-found"));
    const QString message = failed[QLatin1String("message")].toString();
    QVERIFY2(message.contains(QLatin1String("missing")), run.describe().constData());
    QCOMPARE(run.json()[QLatin1String("summary")][QLatin1String("failed")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("summary")][QLatin1String("up_to_date")].toInt(), 1);
    // The failure has its line on stderr, naming the album.
    QCOMPARE(run.error(), QStringLiteral("quirectl: Album '%1': %2\n").arg(goneFolder, message));

    const QuirectlRun text = ctl({QStringLiteral("migrate"), QStringLiteral("--all"), QStringLiteral("--dry-run")});
    QVERIFY_EXIT(text, 1);
    QVERIFY2(text.output().contains(QStringList{gone, goneFolder, "?->?", "failed", message}.join(u'\t')),
             text.describe().constData());
    QVERIFY2(text.output().endsWith(QLatin1String(
                 "dry run: 2 albums: 1 up-to-date, 0 would-upgrade, 0 upgraded, 1 failed\n")),
             text.describe().constData());
    QCOMPARE(text.error(), run.error());
}

// --- stats ------------------------------------------------------------------------

void tst_QuirectlRegistry::statsReportsTheWorkspaceAndConnections()
{
    const QuirectlRun empty = ctl({QStringLiteral("--json"), QStringLiteral("stats")});
    QVERIFY_EXIT(empty, 0);
    QCOMPARE(empty.json()[QLatin1String("albums_known")].toInt(), 0);

    for (const char *name : {"A", "B", "C"})
        SETUP(createAlbum(path(QLatin1String(name))));
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("stats")});
    QVERIFY_EXIT(run, 0);
    QVERIFY(run.err.isEmpty());
    const QJsonObject stats = run.json().object();
    QCOMPARE(sorted(stats.keys()),
             sorted({"albums_known", "albums_open", "connections_open", "connections_leased",
                     "connections_peak", "connection_cap", "evictions", "file_descriptors",
                     "sqlite_memory_used", "sqlite_memory_highwater", "heap_bytes_in_use",
                     "idle_page_cache_bytes"}));
    // quirectl turns SQLite's memory counting off (quire::tuneProcess): its
    // two figures are null, not a 0 that reads as "uses nothing".
    QVERIFY(stats[QLatin1String("sqlite_memory_used")].isNull());
    QVERIFY(stats[QLatin1String("sqlite_memory_highwater")].isNull());
    for (auto it = stats.constBegin(); it != stats.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1String("sqlite_memory")))
            continue;
        QVERIFY2(it.value().isDouble(), qPrintable(it.key()));
        QVERIFY2(it.value().toInteger() >= 0, qPrintable(it.key()));
    }
    auto value = [&](const char *key) { return stats[QLatin1String(key)].toInteger(); };
    QCOMPARE(value("albums_known"), 3);
    // A one-shot process that opened nothing holds no album connection.
    QCOMPARE(value("albums_open"), 0);
    QCOMPARE(value("connections_leased"), 0);
    QCOMPARE(value("evictions"), 0);
    QVERIFY(value("connection_cap") >= 1);
    QVERIFY(value("connections_open") <= value("connection_cap"));
    QVERIFY(value("connections_peak") <= value("connection_cap"));
    QVERIFY(value("file_descriptors") >= 3); // stdin, stdout, stderr at least
    QVERIFY(value("heap_bytes_in_use") > 0); // the workspace's catalog is open, Qt is loaded
}

void tst_QuirectlRegistry::statsTextShowsEveryField()
{
    SETUP(createAlbum(path(QStringLiteral("A"))));
    SETUP(createAlbum(path(QStringLiteral("B"))));
    const QuirectlRun run = ctl({QStringLiteral("stats")});
    QVERIFY_EXIT(run, 0);
    const QStringList lines = linesOf(run.output());
    QCOMPARE(lines.size(), 12);
    QCOMPARE(lines.at(0), QStringLiteral("albums known:            2"));
    QCOMPARE(lines.at(1), QStringLiteral("albums open:             0"));
    const QStringList labels{"albums known:", "albums open:", "connections open:", "connections leased:",
                             "connections peak:", "connection cap:", "evictions:", "file descriptors:",
                             "sqlite memory used:", "sqlite memory highwater:", "heap in use:",
                             "idle page cache:"};
    for (qsizetype i = 0; i < labels.size(); ++i) {
        QVERIFY2(lines.at(i).startsWith(labels.at(i)), qPrintable(lines.at(i)));
        // The values line up, after the longest label.
        QVERIFY2(lines.at(i).at(24) == QLatin1Char(' ') && lines.at(i).at(25) != QLatin1Char(' '),
                 qPrintable(lines.at(i)));
    }
    // SQLite's own counting is off in quirectl; the heap is counted.
    QCOMPARE(lines.at(8), QStringLiteral("sqlite memory used:      not counted"));
    QVERIFY2(lines.at(10).endsWith(QLatin1String(" bytes")) && lines.at(10).at(25).isDigit(),
             qPrintable(lines.at(10)));
}

// --- A workspace that cannot be used ------------------------------------------------

void tst_QuirectlRegistry::workspaceVerbsFailWhenTheWorkspaceCannotBeMade_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("list") << QStringList{"list"};
    QTest::newRow("stats") << QStringList{"stats"};
    QTest::newRow("scan") << QStringList{"scan", "Albums"};
    QTest::newRow("migrate") << QStringList{"migrate", "--all", "--dry-run"};
    QTest::newRow("forget") << QStringList{"forget", "0b6e9b3e-4a43-4b36-9a4c-3b0d7c3c1f00"};
}

void tst_QuirectlRegistry::workspaceVerbsFailWhenTheWorkspaceCannotBeMade()
{
    QFETCH(QStringList, arguments);

    SETUP(createAlbum(path(QStringLiteral("Albums/A")), nullptr, true));
    // A file where the workspace folder should be: no catalog can be kept.
    const QString blocked = path(QStringLiteral("blocked"));
    QVERIFY(writeFile(blocked, "not a folder"));

    const QuirectlRun run = runQuirectl(QStringList{QStringLiteral("--workspace"), blocked} + arguments,
                                        environment(), m_dir->path());
    QVERIFY_EXIT(run, 1);
    QVERIFY2(run.error().startsWith(QStringLiteral("quirectl: The workspace folder %1 cannot be made")
                                        .arg(blocked)),
             run.describe().constData());
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
}

QTEST_GUILESS_MAIN(tst_QuirectlRegistry)
#include "tst_quirectl_registry.moc"
