// tst_quirectl: quirectl as a script sees it. Each test runs the real binary
// (QProcess) on real album folders holding real images, in a temporary
// directory with a workspace of its own, and checks what a user gets back:
// the exit code, stdout (text or --json) and the one line on stderr.

#include "quirectl_runner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <memory>

using quire::test::rawQuery;
using quire::test::writeFile;
using quire::test::writeImage;

namespace {

QStringList pathsOf(const QJsonArray &pictures)
{
    QStringList paths;
    for (const QJsonValue &picture : pictures)
        paths.append(picture[QLatin1String("path")].toString());
    return paths;
}

QJsonObject pictureAt(const QJsonArray &pictures, const QString &path)
{
    for (const QJsonValue &picture : pictures) {
        if (picture[QLatin1String("path")].toString() == path)
            return picture.toObject();
    }
    return {};
}

QStringList stringsOf(const QJsonValue &array)
{
    QStringList strings;
    for (const QJsonValue &value : array.toArray())
        strings.append(value.toString());
    return strings;
}

QByteArray contentsOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool isOneLine(const QString &text)
{
    return !text.trimmed().isEmpty() && !text.trimmed().contains(QLatin1Char('\n'));
}

} // namespace

class tst_Quirectl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    // The command line
    void usageErrorsExitTwoAndTouchNothing_data();
    void usageErrorsExitTwoAndTouchNothing();
    void usageErrorInJsonModePrintsAnErrorDocument();
    void helpPrintsUsageAndSucceeds();

    // create
    void createPrintsUuidAndTheAlbumPassesCheck();
    void createJsonReportsUuidFolderAndName_data();
    void createJsonReportsUuidFolderAndName();
    void createdDatabaseIsSoundSqliteMarkedAsQuire();
    void createFailsWhereNoAlbumCanBeMade_data();
    void createFailsWhereNoAlbumCanBeMade();

    // info, and naming an album
    void infoReportsIdentityFormatAndCounts();
    void infoTextShowsEveryField();
    void infoShowsReadOnlyAlbumAndWritesFail();
    void albumIsFoundByUuidThroughTheWorkspaceCatalog();
    void workspaceOptionOverridesTheEnvironment();

    // import
    void importAddsImagesFoundInTheAlbumFolder();
    void importRecordsPixelSizeOfEachFormat_data();
    void importRecordsPixelSizeOfEachFormat();
    void importTwiceAddsNothingTheSecondTime_data();
    void importTwiceAddsNothingTheSecondTime();
    void importFromCopiesFilesKeepingRelativePaths();
    void importFromNeverOverwritesAFileInTheAlbum();
    void importKeepsGoingPastAnUnreadableImage();
    void importAddsMoreThanOneBatch();
    void importFromMissingFolderFails();

    // pictures, tag, untag
    void picturesFiltersByEveryTagGiven_data();
    void picturesFiltersByEveryTagGiven();
    void picturesTextShowsOneLinePerPicture();
    void tagAndUntagFindThePicture_data();
    void tagAndUntagFindThePicture();
    void tagFailsForAPictureNotInTheAlbum_data();
    void tagFailsForAPictureNotInTheAlbum();
    void tagIsAllOrNothing();
    void untagOfAMissingTagFailsNamingIt();

    // set
    void setWritesEveryFieldGivenAndKeepsTheOthers();
    void setFindsTheWrittenLabelAndPick();
    void setWithABadValueChangesNothing_data();
    void setWithABadValueChangesNothing();

    // check
    void checkListsProblemsAndExitsOne_data();
    void checkListsProblemsAndExitsOne();

    // Opening what is not an album
    void openingWhatIsNotAnAlbumFails_data();
    void openingWhatIsNotAnAlbumFails();
    void failureInJsonModePrintsAnErrorDocument();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString workspace() const { return path(QStringLiteral("workspace")); }
    QProcessEnvironment environment() const;
    // quirectl --workspace <workspace> arguments...
    QuirectlRun ctl(const QStringList &arguments) const;
    // quirectl arguments..., exactly as given
    QuirectlRun ctlRaw(const QStringList &arguments,
                       const QProcessEnvironment &environment) const;

    // Asserting helpers: call through SETUP().
    void createAlbum(const QString &folder, QString *uuid = nullptr);
    void importInto(const QString &folder);
    void listPictures(const QString &album, const QStringList &tags, QJsonArray *pictures);
    // An album with a.jpg (Places/Beach, People), b.png (Places/Beach), c.png.
    void makeTaggedAlbum(const QString &folder);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Quirectl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QProcessEnvironment tst_Quirectl::environment() const
{
    // Whatever happens, quirectl's default workspace is inside the test's
    // folder, never the user's own.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QUIRE_WORKSPACE"), path(QStringLiteral("default-workspace")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    return environment;
}

QuirectlRun tst_Quirectl::ctl(const QStringList &arguments) const
{
    return runQuirectl(QStringList{QStringLiteral("--workspace"), workspace()} + arguments,
                       environment(), m_dir->path());
}

QuirectlRun tst_Quirectl::ctlRaw(const QStringList &arguments,
                                 const QProcessEnvironment &environment) const
{
    return runQuirectl(arguments, environment, m_dir->path());
}

void tst_Quirectl::createAlbum(const QString &folder, QString *uuid)
{
    const QuirectlRun run = ctl({QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 0);
    if (uuid)
        *uuid = run.output().trimmed();
}

void tst_Quirectl::importInto(const QString &folder)
{
    const QuirectlRun run = ctl({QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
}

void tst_Quirectl::listPictures(const QString &album, const QStringList &tags, QJsonArray *pictures)
{
    QStringList arguments{QStringLiteral("--json"), QStringLiteral("pictures"), album};
    for (const QString &tag : tags)
        arguments << QStringLiteral("--tag") << tag;
    const QuirectlRun run = ctl(arguments);
    QVERIFY_EXIT(run, 0);
    QVERIFY2(run.json().isArray(), run.describe().constData());
    *pictures = run.json().array();
}

void tst_Quirectl::makeTaggedAlbum(const QString &folder)
{
    QVERIFY(writeImage(folder + QStringLiteral("/a.jpg"), 16, 12));
    QVERIFY(writeImage(folder + QStringLiteral("/b.png"), 10, 20));
    QVERIFY(writeImage(folder + QStringLiteral("/c.png"), 5, 5));
    SETUP(createAlbum(folder));
    SETUP(importInto(folder));
    QuirectlRun run = ctl({QStringLiteral("tag"), folder, QStringLiteral("a.jpg"),
                           QStringLiteral("Places/Beach"), QStringLiteral("People")});
    QVERIFY_EXIT(run, 0);
    run = ctl({QStringLiteral("tag"), folder, QStringLiteral("b.png"), QStringLiteral("Places/Beach")});
    QVERIFY_EXIT(run, 0);
}

// --- set ---------------------------------------------------------------------

void tst_Quirectl::setWritesEveryFieldGivenAndKeepsTheOthers()
{
    const QString folder = path(QStringLiteral("album"));
    SETUP(makeTaggedAlbum(folder));
    QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("set"), folder, QStringLiteral("a.jpg"),
                           QStringLiteral("--title"), QStringLiteral("  Low tide  "), QStringLiteral("--description"),
                           QStringLiteral("The bay at six."), QStringLiteral("--rating"), QStringLiteral("4"),
                           QStringLiteral("--label"), QStringLiteral("Green"), QStringLiteral("--pick"),
                           QStringLiteral("picked")});
    QVERIFY_EXIT(run, 0);
    const QJsonObject printed = run.json().object();
    QCOMPARE(printed[QLatin1String("title")].toString(), QStringLiteral("Low tide"));
    QCOMPARE(printed[QLatin1String("label")].toString(), QStringLiteral("green"));
    QCOMPARE(printed[QLatin1String("tags")].toArray().size(), 2); // its tags stay

    // Only --rating given: the rest is as it was.
    run = ctl({QStringLiteral("set"), folder, QStringLiteral("a.jpg"), QStringLiteral("--rating"), QStringLiteral("0")});
    QVERIFY_EXIT(run, 0);
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    const QJsonObject a = pictureAt(pictures, QStringLiteral("a.jpg"));
    QCOMPARE(a[QLatin1String("title")].toString(), QStringLiteral("Low tide"));
    QCOMPARE(a[QLatin1String("description")].toString(), QStringLiteral("The bay at six."));
    QCOMPARE(a[QLatin1String("rating")].toInt(-1), 0);
    QCOMPARE(a[QLatin1String("label")].toString(), QStringLiteral("green"));
    QCOMPARE(a[QLatin1String("pick")].toString(), QStringLiteral("picked"));
    // An empty title takes it away.
    run = ctl({QStringLiteral("set"), folder, QStringLiteral("a.jpg"), QStringLiteral("--title"), QString()});
    QVERIFY_EXIT(run, 0);
    SETUP(listPictures(folder, {}, &pictures));
    QVERIFY(pictureAt(pictures, QStringLiteral("a.jpg"))[QLatin1String("title")].isNull());
    QCOMPARE(pictureAt(pictures, QStringLiteral("b.png"))[QLatin1String("pick")].toString(), QStringLiteral("none"));
}

void tst_Quirectl::setFindsTheWrittenLabelAndPick()
{
    const QString folder = path(QStringLiteral("album"));
    SETUP(makeTaggedAlbum(folder));
    QVERIFY_EXIT(ctl({QStringLiteral("set"), folder, QStringLiteral("b.png"), QStringLiteral("--label"),
                      QStringLiteral("red"), QStringLiteral("--pick"), QStringLiteral("rejected")}),
                 0);
    const QuirectlRun found = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--label"),
                                   QStringLiteral("red"), QStringLiteral("--pick"), QStringLiteral("rejected")});
    QVERIFY_EXIT(found, 0);
    const QJsonArray hits = found.json().array();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.at(0)[QLatin1String("path")].toString(), QStringLiteral("b.png"));
}

void tst_Quirectl::setWithABadValueChangesNothing_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no field") << QStringList{} << 2 << "set needs at least one of --title";
    QTest::newRow("rating 6") << QStringList{"--title", "Kept out", "--rating", "6"} << 2
                              << "--rating '6' is not a rating from 0 to 5.";
    QTest::newRow("rating word") << QStringList{"--rating", "four"} << 2 << "--rating 'four' is not a rating";
    QTest::newRow("orange") << QStringList{"--title", "Kept out", "--label", "orange"} << 2
                            << "--label 'orange' is not one of none, red";
    QTest::newRow("maybe") << QStringList{"--pick", "maybe"} << 2 << "--pick 'maybe' is not one of picked";
    QTest::newRow("no such picture") << QStringList{"--title", "Kept out", "PICTURE=nothere.jpg"} << 1
                                     << "nothere.jpg";
}

void tst_Quirectl::setWithABadValueChangesNothing()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString folder = path(QStringLiteral("album"));
    SETUP(makeTaggedAlbum(folder));
    QJsonArray before;
    SETUP(listPictures(folder, {}, &before));
    QString picture = QStringLiteral("a.jpg");
    if (!options.isEmpty() && options.last().startsWith(QLatin1String("PICTURE=")))
        picture = options.takeLast().mid(8);
    const QuirectlRun run = ctl(QStringList{QStringLiteral("set"), folder, picture} + options);
    QVERIFY_EXIT(run, exitCode);
    QVERIFY2(run.error().contains(message), run.describe().constData());
    if (exitCode == 1)
        QVERIFY2(run.error().contains(folder), run.describe().constData()); // names the album
    QJsonArray after;
    SETUP(listPictures(folder, {}, &after));
    QCOMPARE(after, before);
}

// --- The command line --------------------------------------------------------

void tst_Quirectl::usageErrorsExitTwoAndTouchNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString ws = QStringLiteral("--workspace=ws");
    QTest::newRow("no verb") << QStringList{ws} << "no verb given";
    QTest::newRow("unknown verb") << QStringList{ws, "frobnicate", "x"} << "unknown verb 'frobnicate'";
    QTest::newRow("create without folder") << QStringList{ws, "create"} << "'create' needs more arguments";
    QTest::newRow("info without album") << QStringList{ws, "info"} << "'info' needs more arguments";
    QTest::newRow("import without album") << QStringList{ws, "import"} << "'import' needs more arguments";
    QTest::newRow("pictures without album") << QStringList{ws, "pictures"} << "'pictures' needs more arguments";
    QTest::newRow("check without album") << QStringList{ws, "check"} << "check takes either ALBUM or --all";
    QTest::newRow("tag without a tag") << QStringList{ws, "tag", "album", "a.jpg"} << "'tag' needs more arguments";
    QTest::newRow("untag without picture") << QStringList{ws, "untag", "album"} << "'untag' needs more arguments";
    QTest::newRow("too many arguments") << QStringList{ws, "info", "album", "extra"} << "'info' takes fewer arguments (unexpected 'extra')";
    QTest::newRow("unknown option") << QStringList{ws, "info", "album", "--frob"} << "unknown option '--frob'";
    QTest::newRow("unknown short option") << QStringList{ws, "-x", "info", "album"} << "unknown option '-x'";
    QTest::newRow("another verb's option") << QStringList{ws, "info", "album", "--from", "dir"}
                                           << "'info' has no option --from";
    QTest::newRow("option without value") << QStringList{ws, "create", "album", "--name"} << "--name needs a value";
    QTest::newRow("single option twice") << QStringList{ws, "create", "album", "--name", "a", "--name", "b"}
                                         << "--name may be given only once";
    QTest::newRow("json with a value") << QStringList{ws, "--json=yes", "info", "album"} << "--json takes no value";
    QTest::newRow("migrate without --all") << QStringList{ws, "migrate"}
                                           << "'migrate' needs --all: migrate --all [--dry-run]";
    QTest::newRow("migrate --dry-run without --all") << QStringList{ws, "migrate", "--dry-run"}
                                                     << "'migrate' needs --all";
    QTest::newRow("open without folder") << QStringList{ws, "open", "--as-copy"} << "'open' needs more arguments";
    QTest::newRow("close without album") << QStringList{ws, "close"} << "'close' needs more arguments";
    QTest::newRow("forget without album") << QStringList{ws, "forget"} << "'forget' needs more arguments";
    QTest::newRow("scan without folder") << QStringList{ws, "scan"} << "'scan' needs more arguments";
    QTest::newRow("list with an argument") << QStringList{ws, "list", "x"} << "'list' takes fewer arguments (unexpected 'x')";
    QTest::newRow("stats with an argument") << QStringList{ws, "stats", "x"} << "'stats' takes fewer arguments (unexpected 'x')";
    QTest::newRow("flag with a value") << QStringList{ws, "open", "album", "--as-copy=yes"} << "--as-copy takes no value";
    QTest::newRow("another verb's flag") << QStringList{ws, "close", "album", "--as-copy"}
                                         << "'close' has no option --as-copy";
    QTest::newRow("workspace without value") << QStringList{"info", "album", "--workspace"}
                                             << "--workspace needs a value";
    QTest::newRow("empty workspace") << QStringList{"--workspace=", "info", "album"}
                                     << "--workspace needs a folder";
}

void tst_Quirectl::usageErrorsExitTwoAndTouchNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    const QuirectlRun run = ctlRaw(arguments, environment());
    QVERIFY_EXIT(run, 2);
    QVERIFY2(run.error().startsWith(QStringLiteral("quirectl: ") + message), run.describe().constData());
    QVERIFY2(run.error().contains(QLatin1String("Usage: quirectl")), run.describe().constData());
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
    // Nothing was made: no album folder, no workspace.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
}

void tst_Quirectl::usageErrorInJsonModePrintsAnErrorDocument()
{
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("frobnicate")});
    QVERIFY_EXIT(run, 2);
    const QJsonObject error = run.json()[QLatin1String("error")].toObject();
    QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("usage"));
    QCOMPARE(error[QLatin1String("message")].toString(), QStringLiteral("unknown verb 'frobnicate'"));
    QVERIFY(run.error().contains(QLatin1String("Usage: quirectl")));
}

void tst_Quirectl::helpPrintsUsageAndSucceeds()
{
    const QuirectlRun run = ctl({QStringLiteral("--help")});
    QVERIFY_EXIT(run, 0);
    QVERIFY(run.output().startsWith(QLatin1String("Usage: quirectl")));
    for (const char *verb : {"create", "info", "import", "pictures", "tag", "untag", "set", "check", "open",
                             "close", "forget", "list", "scan", "migrate", "stats"}) {
        const QRegularExpression line(QStringLiteral("\n  %1[ \n]").arg(QLatin1String(verb)));
        QVERIFY2(run.output().contains(line), verb);
    }
    QVERIFY(run.err.isEmpty());

    const QuirectlRun json = ctl({QStringLiteral("--json"), QStringLiteral("--help")});
    QVERIFY_EXIT(json, 0);
    QCOMPARE(json.json()[QLatin1String("usage")].toString(), run.output());
}

// --- create ------------------------------------------------------------------

void tst_Quirectl::createPrintsUuidAndTheAlbumPassesCheck()
{
    const QString folder = path(QStringLiteral("Holiday"));
    const QuirectlRun created = ctl({QStringLiteral("create"), folder});
    QVERIFY_EXIT(created, 0);
    const QUuid uuid = QUuid::fromString(created.output().trimmed());
    QVERIFY2(!uuid.isNull(), created.describe().constData());
    QCOMPARE(created.output(), uuid.toString(QUuid::WithoutBraces) + QLatin1Char('\n'));
    QVERIFY(QFileInfo(folder + QStringLiteral("/.quire/album.db")).isFile());

    const QuirectlRun checked = ctl({QStringLiteral("check"), folder});
    QVERIFY_EXIT(checked, 0);
    QCOMPARE(checked.output(), QStringLiteral("ok\n"));

    const QuirectlRun json = ctl({QStringLiteral("--json"), QStringLiteral("check"), folder});
    QVERIFY_EXIT(json, 0);
    QCOMPARE(json.json()[QLatin1String("ok")].toBool(), true);
    QCOMPARE(json.json()[QLatin1String("problems")].toArray(), QJsonArray());
}

void tst_Quirectl::createJsonReportsUuidFolderAndName_data()
{
    QTest::addColumn<QString>("folder"); // relative to the test's folder (the working directory)
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("name");

    QTest::newRow("named") << "Summer" << QStringList{"--name", "Summer in Brittany 2024"}
                           << "Summer in Brittany 2024";
    QTest::newRow("named with =") << "Summer" << QStringList{"--name=Beach"} << "Beach";
    QTest::newRow("named after its folder") << "Winter 2023" << QStringList{} << "Winter 2023";
    QTest::newRow("relative nested folder") << "photos/2024/Spring" << QStringList{} << "Spring";
}

void tst_Quirectl::createJsonReportsUuidFolderAndName()
{
    QFETCH(QString, folder);
    QFETCH(QStringList, options);
    QFETCH(QString, name);

    const QuirectlRun run = ctl(QStringList{QStringLiteral("--json"), QStringLiteral("create"), folder} + options);
    QVERIFY_EXIT(run, 0);
    const QJsonObject json = run.json().object();
    QVERIFY2(!QUuid::fromString(json[QLatin1String("uuid")].toString()).isNull(), run.describe().constData());
    QCOMPARE(json[QLatin1String("folder")].toString(), QFileInfo(path(folder)).canonicalFilePath());
    QCOMPARE(json[QLatin1String("name")].toString(), name);

    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), path(folder)});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("uuid")], json[QLatin1String("uuid")]);
    QCOMPARE(info.json()[QLatin1String("name")].toString(), name);
}

void tst_Quirectl::createdDatabaseIsSoundSqliteMarkedAsQuire()
{
    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(createAlbum(folder));
    const QString database = folder + QStringLiteral("/.quire/album.db");
    // Raw SQLite, not Quire: what any other program would see.
    QCOMPARE(rawQuery(database, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    QCOMPARE(rawQuery(database, QStringLiteral("PRAGMA application_id")), QStringLiteral("1364543826"));
    QCOMPARE(rawQuery(database, QStringLiteral("PRAGMA application_id")).toLongLong(), 0x51554952LL);

    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(rawQuery(database, QStringLiteral("PRAGMA user_version")),
             QString::number(info.json()[QLatin1String("schema_version")].toInt()));
    QCOMPARE(rawQuery(database, QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'")),
             info.json()[QLatin1String("uuid")].toString());
}

void tst_Quirectl::createFailsWhereNoAlbumCanBeMade_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("already an album") << "album" << "This folder is already a Quire album.";
    QTest::newRow("a file") << "file" << "This is a file, not a folder.";
}

void tst_Quirectl::createFailsWhereNoAlbumCanBeMade()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);

    const QString folder = path(QStringLiteral("Holiday"));
    if (kind == QLatin1String("album"))
        SETUP(createAlbum(folder));
    else
        QVERIFY(writeFile(folder, "not a folder"));
    const QString shown = QFileInfo(folder).canonicalFilePath();

    const QuirectlRun run = ctl({QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QCOMPARE(run.error().trimmed(), QStringLiteral("quirectl: Album '%1': %2").arg(shown, message));
    QVERIFY(run.out.isEmpty());
    if (kind == QLatin1String("file"))
        QCOMPARE(contentsOf(folder), QByteArray("not a folder"));
}

// --- info, and naming an album ------------------------------------------------

void tst_Quirectl::infoReportsIdentityFormatAndCounts()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QString uuid;
    SETUP(makeTaggedAlbum(folder));
    SETUP(createAlbum(path(QStringLiteral("Other")), &uuid));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(run, 0);
    const QJsonObject info = run.json().object();
    const QString database = folder + QStringLiteral("/.quire/album.db");
    QCOMPARE(info[QLatin1String("uuid")].toString(),
             rawQuery(database, QStringLiteral("SELECT value FROM meta WHERE key = 'uuid'")));
    QVERIFY(info[QLatin1String("uuid")].toString() != uuid);
    QCOMPARE(info[QLatin1String("name")].toString(), QStringLiteral("Holiday"));
    QCOMPARE(info[QLatin1String("folder")].toString(), QFileInfo(folder).canonicalFilePath());
    QCOMPARE(info[QLatin1String("schema_version")].toInt(),
             rawQuery(database, QStringLiteral("PRAGMA user_version")).toInt());
    QVERIFY(info[QLatin1String("schema_version")].toInt() >= 1);
    QCOMPARE(info[QLatin1String("journal_mode")].toString(), QStringLiteral("wal"));
    QCOMPARE(info[QLatin1String("read_only")], QJsonValue(false));
    QCOMPARE(info[QLatin1String("read_only_reason")], QJsonValue());
    const QDateTime created = QDateTime::fromString(info[QLatin1String("created_at")].toString(), Qt::ISODateWithMs);
    QVERIFY2(created.isValid(), run.describe().constData());
    QVERIFY(created <= QDateTime::currentDateTimeUtc());
    QCOMPARE(info[QLatin1String("pictures")].toInt(), 3);
    QCOMPARE(info[QLatin1String("tags")].toInt(), 3); // Places, Places/Beach, People
}

void tst_Quirectl::infoTextShowsEveryField()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QString uuid;
    SETUP(createAlbum(folder, &uuid));
    const QuirectlRun run = ctl({QStringLiteral("info"), folder});
    QVERIFY_EXIT(run, 0);
    const QStringList lines = run.output().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 9);
    QCOMPARE(lines.at(0), QStringLiteral("uuid:           ") + uuid);
    QCOMPARE(lines.at(1), QStringLiteral("name:           Holiday"));
    QCOMPARE(lines.at(2), QStringLiteral("folder:         ") + QFileInfo(folder).canonicalFilePath());
    QVERIFY(lines.at(3).startsWith(QLatin1String("schema version: ")));
    QCOMPARE(lines.at(4), QStringLiteral("journal mode:   wal"));
    QCOMPARE(lines.at(5), QStringLiteral("read-only:      no"));
    QVERIFY(lines.at(6).startsWith(QLatin1String("created at:     ")));
    QCOMPARE(lines.at(7), QStringLiteral("pictures:       0"));
    QCOMPARE(lines.at(8), QStringLiteral("tags:           0"));
}

void tst_Quirectl::infoShowsReadOnlyAlbumAndWritesFail()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QVERIFY(writeImage(folder + QStringLiteral("/a.png"), 4, 3));
    SETUP(createAlbum(folder));
    SETUP(importInto(folder));
    QVERIFY(writeImage(folder + QStringLiteral("/b.png"), 4, 3));

    const QString quireFolder = folder + QStringLiteral("/.quire");
    const QString database = quireFolder + QStringLiteral("/album.db");
    const QFile::Permissions readable = QFile::ReadOwner | QFile::ReadUser | QFile::ReadGroup;
    QVERIFY(QFile::setPermissions(database, readable));
    QVERIFY(QFile::setPermissions(quireFolder, readable | QFile::ExeOwner | QFile::ExeUser));
    const auto restore = qScopeGuard([&] {
        QFile::setPermissions(quireFolder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(database, QFile::ReadOwner | QFile::WriteOwner);
    });
    const QByteArray before = contentsOf(database);

    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("read_only")], QJsonValue(true));
    QVERIFY2(info.json()[QLatin1String("read_only_reason")].toString().contains(QLatin1String("permission")),
             info.describe().constData());
    QCOMPARE(info.json()[QLatin1String("pictures")].toInt(), 1);

    const QuirectlRun pictures = ctl({QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(pictures, 0);
    QVERIFY(pictures.output().contains(QLatin1String("\ta.png\t")));

    for (const QStringList &write : {QStringList{QStringLiteral("import"), folder},
                                     QStringList{QStringLiteral("tag"), folder, QStringLiteral("a.png"),
                                                 QStringLiteral("People")}}) {
        const QuirectlRun run = ctl(write);
        QVERIFY_EXIT(run, 1);
        QVERIFY2(isOneLine(run.error()), run.describe().constData());
        QVERIFY2(run.error().contains(QFileInfo(folder).canonicalFilePath()), run.describe().constData());
        QVERIFY2(run.error().contains(QLatin1String("read-only")), run.describe().constData());
    }
    QCOMPARE(contentsOf(database), before);
}

void tst_Quirectl::albumIsFoundByUuidThroughTheWorkspaceCatalog()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QVERIFY(writeImage(folder + QStringLiteral("/a.png"), 4, 3));
    QString uuid;
    SETUP(createAlbum(folder, &uuid));
    QVERIFY(QFileInfo(workspace() + QStringLiteral("/catalog.db")).isFile());

    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), uuid});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("folder")].toString(), QFileInfo(folder).canonicalFilePath());

    // Every verb takes the UUID, in either spelling.
    const QuirectlRun imported = ctl({QStringLiteral("import"), QUuid::fromString(uuid).toString()});
    QVERIFY_EXIT(imported, 0);
    QJsonArray pictures;
    SETUP(listPictures(uuid, {}, &pictures));
    QCOMPARE(pathsOf(pictures), QStringList{QStringLiteral("a.png")});
}

void tst_Quirectl::workspaceOptionOverridesTheEnvironment()
{
    const QString folder = path(QStringLiteral("Holiday"));
    const QString fromEnvironment = path(QStringLiteral("env-workspace"));
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("QUIRE_WORKSPACE"), fromEnvironment);

    const QuirectlRun created = ctlRaw({QStringLiteral("create"), folder}, env);
    QVERIFY_EXIT(created, 0);
    const QString uuid = created.output().trimmed();
    QVERIFY(QFileInfo(fromEnvironment + QStringLiteral("/catalog.db")).isFile());

    const QuirectlRun viaEnvironment = ctlRaw({QStringLiteral("info"), uuid}, env);
    QVERIFY_EXIT(viaEnvironment, 0);

    // --workspace wins over $QUIRE_WORKSPACE: that catalog never saw the album.
    const QString other = path(QStringLiteral("other-workspace"));
    const QuirectlRun overridden = ctlRaw({QStringLiteral("--workspace"), other, QStringLiteral("info"), uuid}, env);
    QVERIFY_EXIT(overridden, 1);
    QVERIFY2(isOneLine(overridden.error()), overridden.describe().constData());
    QVERIFY2(overridden.error().contains(uuid), overridden.describe().constData());
    QVERIFY2(overridden.error().contains(QLatin1String("No album with this UUID is known in the workspace ") + other),
             overridden.describe().constData());
}

// --- import --------------------------------------------------------------------

void tst_Quirectl::importAddsImagesFoundInTheAlbumFolder()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QVERIFY(writeImage(folder + QStringLiteral("/a.jpg"), 40, 30));
    QVERIFY(writeImage(folder + QStringLiteral("/sub/b.png"), 20, 10));
    QVERIFY(writeImage(folder + QStringLiteral("/sub/deeper/c.png"), 8, 6));
    QVERIFY(writeImage(folder + QStringLiteral("/.hidden/d.png"), 3, 2));
    QVERIFY(writeFile(folder + QStringLiteral("/notes.txt"), "not a picture"));
    QVERIFY(writeFile(folder + QStringLiteral("/png"), "no suffix"));
    SETUP(createAlbum(folder));
    // Inside .quire/ nothing is a picture of the album.
    QVERIFY(writeImage(folder + QStringLiteral("/.quire/stray.png"), 4, 4));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 4);
    QCOMPARE(run.json()[QLatin1String("skipped")].toInt(), 0);
    QCOMPARE(run.json()[QLatin1String("warnings")].toArray(), QJsonArray());

    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pathsOf(pictures), (QStringList{".hidden/d.png", "a.jpg", "sub/b.png", "sub/deeper/c.png"}));
    const QJsonObject a = pictureAt(pictures, QStringLiteral("a.jpg"));
    QCOMPARE(a[QLatin1String("width")].toInt(), 40);
    QCOMPARE(a[QLatin1String("height")].toInt(), 30);
    QCOMPARE(a[QLatin1String("size")].toInteger(), QFileInfo(folder + QStringLiteral("/a.jpg")).size());
    QVERIFY(!QUuid::fromString(a[QLatin1String("uuid")].toString()).isNull());
    // No date in the file: its time stands in, flagged as a guess.
    QCOMPARE(QDateTime::fromString(a[QLatin1String("taken_at")].toString(), Qt::ISODateWithMs),
             QFileInfo(folder + QStringLiteral("/a.jpg")).lastModified().toUTC());
    QCOMPARE(a[QLatin1String("taken_at_guessed")].toBool(), true);
    QCOMPARE(a[QLatin1String("rating")].toInt(), 0);
    QCOMPARE(a[QLatin1String("tags")].toArray(), QJsonArray());
    const QJsonObject c = pictureAt(pictures, QStringLiteral("sub/deeper/c.png"));
    QCOMPARE(c[QLatin1String("width")].toInt(), 8);
    QCOMPARE(c[QLatin1String("height")].toInt(), 6);
    QCOMPARE(c[QLatin1String("size")].toInteger(), QFileInfo(folder + QStringLiteral("/sub/deeper/c.png")).size());
}

void tst_Quirectl::importRecordsPixelSizeOfEachFormat_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("format");

    QTest::newRow("png") << "p.png" << QByteArray("png");
    QTest::newRow("jpg") << "p.jpg" << QByteArray("jpg");
    QTest::newRow("jpeg") << "p.jpeg" << QByteArray("jpeg");
    QTest::newRow("JPG in capitals") << "P.JPG" << QByteArray("jpg");
    QTest::newRow("bmp") << "p.bmp" << QByteArray("bmp");
    QTest::newRow("tif") << "p.tif" << QByteArray("tif");
    QTest::newRow("TIFF in capitals") << "P.TIFF" << QByteArray("tiff");
    QTest::newRow("webp") << "p.webp" << QByteArray("webp");
}

void tst_Quirectl::importRecordsPixelSizeOfEachFormat()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, format);
    if (!QImageWriter::supportedImageFormats().contains(format))
        QSKIP("Qt has no image plugin here to write this format");

    const QString folder = path(QStringLiteral("Holiday"));
    const QString file = folder + QLatin1Char('/') + fileName;
    QDir().mkpath(folder);
    {
        QImage image(33, 17, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QVERIFY(image.save(file, format.constData()));
    }
    SETUP(createAlbum(folder));
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("warnings")].toArray(), QJsonArray());

    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pictures.size(), 1);
    const QJsonObject picture = pictures.at(0).toObject();
    QCOMPARE(picture[QLatin1String("path")].toString(), fileName);
    QCOMPARE(picture[QLatin1String("width")].toInt(), 33);
    QCOMPARE(picture[QLatin1String("height")].toInt(), 17);
    QCOMPARE(picture[QLatin1String("size")].toInteger(), QFileInfo(file).size());
}

void tst_Quirectl::importTwiceAddsNothingTheSecondTime_data()
{
    QTest::addColumn<bool>("fromSource");
    QTest::newRow("album folder") << false;
    QTest::newRow("--from a folder") << true;
}

void tst_Quirectl::importTwiceAddsNothingTheSecondTime()
{
    QFETCH(bool, fromSource);

    const QString folder = path(QStringLiteral("Holiday"));
    const QString source = path(QStringLiteral("card"));
    const QString imagesIn = fromSource ? source : folder;
    QVERIFY(writeImage(imagesIn + QStringLiteral("/a.jpg"), 6, 4));
    QVERIFY(writeImage(imagesIn + QStringLiteral("/b.png"), 6, 4));
    QVERIFY(writeImage(imagesIn + QStringLiteral("/day2/c.png"), 6, 4));
    SETUP(createAlbum(folder));

    QStringList arguments{QStringLiteral("--json"), QStringLiteral("import"), folder};
    if (fromSource)
        arguments << QStringLiteral("--from") << source;
    const QuirectlRun first = ctl(arguments);
    QVERIFY_EXIT(first, 0);
    QCOMPARE(first.json()[QLatin1String("added")].toInt(), 3);
    QCOMPARE(first.json()[QLatin1String("skipped")].toInt(), 0);

    const QuirectlRun second = ctl(arguments);
    QVERIFY_EXIT(second, 0);
    QCOMPARE(second.json()[QLatin1String("added")].toInt(), 0);
    QCOMPARE(second.json()[QLatin1String("unchanged")].toInt(), 3);
    QCOMPARE(second.json()[QLatin1String("skipped")].toInt(), 3);
    QCOMPARE(second.json()[QLatin1String("warnings")].toArray(), QJsonArray());

    // The text summary says the same.
    arguments.removeFirst();
    const QuirectlRun third = ctl(arguments);
    QVERIFY_EXIT(third, 0);
    QVERIFY2(third.output().contains(QLatin1String("added:     0\n")), third.describe().constData());
    QVERIFY2(third.output().contains(QLatin1String("unchanged: 3\n")), third.describe().constData());
    QVERIFY2(third.output().contains(QLatin1String("failed:    0\n")), third.describe().constData());

    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pathsOf(pictures), (QStringList{"a.jpg", "b.png", "day2/c.png"}));
}

void tst_Quirectl::importFromCopiesFilesKeepingRelativePaths()
{
    const QString folder = path(QStringLiteral("Holiday"));
    const QString source = path(QStringLiteral("card/DCIM"));
    QVERIFY(writeImage(source + QStringLiteral("/x.png"), 12, 7));
    QVERIFY(writeImage(source + QStringLiteral("/100CANON/y.jpg"), 9, 5));
    QVERIFY(writeFile(source + QStringLiteral("/readme.txt"), "not a picture"));
    // The source may itself be an album: its .quire/ is never copied.
    QVERIFY(writeImage(source + QStringLiteral("/.quire/thumb.png"), 2, 2));
    SETUP(createAlbum(folder));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder,
                                 QStringLiteral("--from"), source});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 2);
    QCOMPARE(run.json()[QLatin1String("warnings")].toArray(), QJsonArray());

    for (const QString &file : {QStringLiteral("x.png"), QStringLiteral("100CANON/y.jpg")}) {
        const QByteArray original = contentsOf(source + QLatin1Char('/') + file);
        QVERIFY(!original.isEmpty());
        QCOMPARE(contentsOf(folder + QLatin1Char('/') + file), original);
    }
    QVERIFY(QFileInfo::exists(source + QStringLiteral("/x.png"))); // copied, not moved
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/readme.txt")));
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/.quire/thumb.png")));

    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pathsOf(pictures), (QStringList{"100CANON/y.jpg", "x.png"}));
    const QJsonObject x = pictureAt(pictures, QStringLiteral("x.png"));
    QCOMPARE(x[QLatin1String("size")].toInteger(), QFileInfo(source + QStringLiteral("/x.png")).size());
    QCOMPARE(x[QLatin1String("width")].toInt(), 12);
    QCOMPARE(x[QLatin1String("height")].toInt(), 7);
    const QJsonObject y = pictureAt(pictures, QStringLiteral("100CANON/y.jpg"));
    QCOMPARE(y[QLatin1String("size")].toInteger(), QFileInfo(source + QStringLiteral("/100CANON/y.jpg")).size());
    QCOMPARE(y[QLatin1String("width")].toInt(), 9);
    QCOMPARE(y[QLatin1String("height")].toInt(), 5);
}

void tst_Quirectl::importFromNeverOverwritesAFileInTheAlbum()
{
    const QString folder = path(QStringLiteral("Holiday"));
    const QString source = path(QStringLiteral("card"));
    QVERIFY(writeImage(folder + QStringLiteral("/x.png"), 30, 30)); // in the folder, not yet in the album
    QVERIFY(writeImage(source + QStringLiteral("/x.png"), 12, 7));
    QVERIFY(writeImage(source + QStringLiteral("/z.png"), 5, 5));
    SETUP(createAlbum(folder));
    const QByteArray albumsOwn = contentsOf(folder + QStringLiteral("/x.png"));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder,
                                 QStringLiteral("--from"), source});
    QVERIFY_EXIT(run, 0);
    // z.png copied in and added; the album folder's own x.png added as it is.
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 2);
    QCOMPARE(run.json()[QLatin1String("copied")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("failed")].toInt(), 1);
    const QStringList warnings = stringsOf(run.json()[QLatin1String("warnings")]);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.at(0).startsWith(QLatin1String("x.png: Not copied")), qPrintable(warnings.at(0)));
    QVERIFY2(warnings.at(0).contains(QLatin1String("never overwrites")), qPrintable(warnings.at(0)));

    QCOMPARE(contentsOf(folder + QStringLiteral("/x.png")), albumsOwn);
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pathsOf(pictures), (QStringList{"x.png", "z.png"}));
    QCOMPARE(pictureAt(pictures, QStringLiteral("x.png"))[QLatin1String("width")].toInt(), 30);
}

void tst_Quirectl::importKeepsGoingPastAnUnreadableImage()
{
    const QString folder = path(QStringLiteral("Holiday"));
    QVERIFY(writeFile(folder + QStringLiteral("/broken.jpg"), "this is text, not a JPEG"));
    QVERIFY(writeFile(folder + QStringLiteral("/empty.png"), QByteArray()));
    QVERIFY(writeImage(folder + QStringLiteral("/good.png"), 7, 3));
    SETUP(createAlbum(folder));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("failed")].toInt(), 2);
    const QJsonArray problems = run.json()[QLatin1String("problems")].toArray();
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems.at(0)[QLatin1String("path")].toString(), QStringLiteral("broken.jpg"));
    QVERIFY2(problems.at(0)[QLatin1String("reason")].toString().contains(QLatin1String("not an image")),
             qPrintable(problems.at(0)[QLatin1String("reason")].toString()));
    QCOMPARE(problems.at(1)[QLatin1String("path")].toString(), QStringLiteral("empty.png"));
    QVERIFY2(problems.at(1)[QLatin1String("reason")].toString().contains(QLatin1String("empty")),
             qPrintable(problems.at(1)[QLatin1String("reason")].toString()));
    QVERIFY(problems.at(0)[QLatin1String("skipped")].toBool());

    // Files that cannot be imported are not pictures of the album.
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pathsOf(pictures), (QStringList{"good.png"}));
    QCOMPARE(pictureAt(pictures, QStringLiteral("good.png"))[QLatin1String("width")].toInt(), 7);

    // In text mode each problem follows the counts; unchanged bad files are
    // reported again without being read.
    QVERIFY(writeFile(folder + QStringLiteral("/more/broken.gif"), "GIF? no"));
    const QuirectlRun text = ctl({QStringLiteral("import"), folder});
    QVERIFY_EXIT(text, 0);
    QVERIFY2(text.output().startsWith(QLatin1String("added:     0\n")), text.describe().constData());
    QVERIFY2(text.output().contains(QLatin1String("failed:    3\n")), text.describe().constData());
    QVERIFY2(text.output().contains(QLatin1String("\n  more/broken.gif: Not imported: ")), text.describe().constData());
}

void tst_Quirectl::importAddsMoreThanOneBatch()
{
    // More pictures than one batch (256) holds.
    const QString folder = path(QStringLiteral("Holiday"));
    const int count = 300;
    for (int i = 0; i < count; ++i)
        QVERIFY(writeImage(folder + QStringLiteral("/roll%1/img%2.png").arg(i / 100).arg(i, 3, 10, QLatin1Char('0')), 3, 2));
    SETUP(createAlbum(folder));

    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), count);
    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("pictures")].toInt(), count);
}

void tst_Quirectl::importFromMissingFolderFails()
{
    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(createAlbum(folder));
    const QString source = path(QStringLiteral("no-such-card"));

    const QuirectlRun run = ctl({QStringLiteral("import"), folder, QStringLiteral("--from"), source});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QCOMPARE(run.error().trimmed(),
             QStringLiteral("quirectl: Album '%1': The folder to import from, %2, does not exist.")
                 .arg(QFileInfo(folder).canonicalFilePath(), source));
    QVERIFY(run.out.isEmpty());
}

// --- pictures, tag, untag ----------------------------------------------------------

void tst_Quirectl::picturesFiltersByEveryTagGiven_data()
{
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<QStringList>("paths");

    QTest::newRow("no tag: all") << QStringList{} << QStringList{"a.jpg", "b.png", "c.png"};
    QTest::newRow("one tag") << QStringList{"Places/Beach"} << QStringList{"a.jpg", "b.png"};
    QTest::newRow("the other tag") << QStringList{"People"} << QStringList{"a.jpg"};
    QTest::newRow("two tags: both carried") << QStringList{"Places/Beach", "People"} << QStringList{"a.jpg"};
    QTest::newRow("one tag twice") << QStringList{"People", "People"} << QStringList{"a.jpg"};
    QTest::newRow("a tag that does not exist") << QStringList{"Nope"} << QStringList{};
    QTest::newRow("a tag and one that does not exist") << QStringList{"People", "Places/Nope"} << QStringList{};
}

void tst_Quirectl::picturesFiltersByEveryTagGiven()
{
    QFETCH(QStringList, tags);
    QFETCH(QStringList, paths);

    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));
    QJsonArray pictures;
    SETUP(listPictures(folder, tags, &pictures));
    QCOMPARE(pathsOf(pictures), paths);

    // Each picture shows its tags as paths.
    if (paths.contains(QStringLiteral("a.jpg"))) {
        const QJsonObject a = pictureAt(pictures, QStringLiteral("a.jpg"));
        QCOMPARE(stringsOf(a[QLatin1String("tags")]), (QStringList{"People", "Places/Beach"}));
        QCOMPARE(a[QLatin1String("width")].toInt(), 16);
        QCOMPARE(a[QLatin1String("height")].toInt(), 12);
    }
}

void tst_Quirectl::picturesTextShowsOneLinePerPicture()
{
    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));

    const QuirectlRun run = ctl({QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    const QStringList lines = run.output().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QJsonObject a = pictureAt(pictures, QStringLiteral("a.jpg"));
    // The files carry no date: their time is shown, marked '~' as a guess.
    auto shownDate = [&](const QString &file) {
        return QLatin1Char('~') + QFileInfo(folder + QLatin1Char('/') + file).lastModified().toUTC().toString(Qt::ISODate);
    };
    QCOMPARE(lines.at(0), QStringLiteral("%1\ta.jpg\t%2\t16x12\t%3\t0\tPeople, Places/Beach")
                              .arg(a[QLatin1String("uuid")].toString())
                              .arg(a[QLatin1String("size")].toInteger())
                              .arg(shownDate(QStringLiteral("a.jpg"))));
    QVERIFY(lines.at(2).endsWith(QLatin1String("\tc.png\t") + QString::number(pictureAt(pictures, QStringLiteral("c.png"))[QLatin1String("size")].toInteger())
                                 + QLatin1String("\t5x5\t") + shownDate(QStringLiteral("c.png")) + QLatin1String("\t0\t-")));

    const QuirectlRun none = ctl({QStringLiteral("pictures"), folder, QStringLiteral("--tag"), QStringLiteral("Nope")});
    QVERIFY_EXIT(none, 0);
    QVERIFY(none.out.isEmpty());
    QVERIFY(none.err.isEmpty());
}

void tst_Quirectl::tagAndUntagFindThePicture_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("by uuid") << "uuid";
    QTest::newRow("by uuid in braces") << "{uuid}";
    QTest::newRow("by path") << "path";
    QTest::newRow("by unnormalised path") << "./sub/../sub/b.png";
}

void tst_Quirectl::tagAndUntagFindThePicture()
{
    QFETCH(QString, how);

    const QString folder = path(QStringLiteral("Holiday"));
    QVERIFY(writeImage(folder + QStringLiteral("/sub/b.png"), 10, 20));
    QVERIFY(writeImage(folder + QStringLiteral("/a.png"), 10, 20));
    SETUP(createAlbum(folder));
    SETUP(importInto(folder));
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    const QString uuid = pictureAt(pictures, QStringLiteral("sub/b.png"))[QLatin1String("uuid")].toString();
    const QString picture = how == QLatin1String("uuid") ? uuid
        : how == QLatin1String("{uuid}")                 ? QUuid::fromString(uuid).toString()
        : how == QLatin1String("path")                   ? QStringLiteral("sub/b.png")
                                                         : how;

    const QuirectlRun tagged = ctl({QStringLiteral("--json"), QStringLiteral("tag"), folder, picture,
                                    QStringLiteral("Places/Beach"), QStringLiteral("Family")});
    QVERIFY_EXIT(tagged, 0);
    QCOMPARE(tagged.json()[QLatin1String("uuid")].toString(), uuid);
    QCOMPARE(tagged.json()[QLatin1String("path")].toString(), QStringLiteral("sub/b.png"));
    QCOMPARE(stringsOf(tagged.json()[QLatin1String("tags")]), (QStringList{"Family", "Places/Beach"}));
    SETUP(listPictures(folder, {QStringLiteral("Places/Beach"), QStringLiteral("Family")}, &pictures));
    QCOMPARE(pathsOf(pictures), QStringList{QStringLiteral("sub/b.png")});

    // Tagging again with a tag it carries changes nothing.
    const QuirectlRun again = ctl({QStringLiteral("--json"), QStringLiteral("tag"), folder, picture,
                                   QStringLiteral("Family")});
    QVERIFY_EXIT(again, 0);
    QCOMPARE(stringsOf(again.json()[QLatin1String("tags")]), (QStringList{"Family", "Places/Beach"}));

    const QuirectlRun untagged = ctl({QStringLiteral("--json"), QStringLiteral("untag"), folder, picture,
                                      QStringLiteral("Places/Beach")});
    QVERIFY_EXIT(untagged, 0);
    QCOMPARE(stringsOf(untagged.json()[QLatin1String("tags")]), QStringList{QStringLiteral("Family")});
    SETUP(listPictures(folder, {QStringLiteral("Places/Beach")}, &pictures));
    QCOMPARE(pathsOf(pictures), QStringList());
    SETUP(listPictures(folder, {QStringLiteral("Family")}, &pictures));
    QCOMPARE(pathsOf(pictures), QStringList{QStringLiteral("sub/b.png")});

    // Untagging leaves the tag in the album (it is an album's vocabulary).
    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("tags")].toInt(), 3);
}

void tst_Quirectl::tagFailsForAPictureNotInTheAlbum_data()
{
    QTest::addColumn<QString>("picture");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown path") << "nope.png" << "No picture 'nope.png' is in the album.";
    QTest::newRow("unknown uuid") << "0b6e9b3e-4a43-4b36-9a4c-3b0d7c3c1f00"
                                  << "No picture '0b6e9b3e-4a43-4b36-9a4c-3b0d7c3c1f00' is in the album.";
    QTest::newRow("path leading out") << "../a.png" << "The picture path '../a.png' leads out of the album folder.";
}

void tst_Quirectl::tagFailsForAPictureNotInTheAlbum()
{
    QFETCH(QString, picture);
    QFETCH(QString, message);

    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));
    for (const QString &verb : {QStringLiteral("tag"), QStringLiteral("untag")}) {
        const QuirectlRun run = ctl({verb, folder, picture, QStringLiteral("People")});
        QVERIFY_EXIT(run, 1);
        QVERIFY2(isOneLine(run.error()), run.describe().constData());
        QCOMPARE(run.error().trimmed(),
                 QStringLiteral("quirectl: Album '%1': %2").arg(QFileInfo(folder).canonicalFilePath(), message));
        QVERIFY(run.out.isEmpty());
    }
}

void tst_Quirectl::tagIsAllOrNothing()
{
    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));

    // The blank tag path fails after "Kept/Out" was made: neither stays.
    const QuirectlRun run = ctl({QStringLiteral("tag"), folder, QStringLiteral("c.png"),
                                 QStringLiteral("Kept/Out"), QStringLiteral(" / ")});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QVERIFY2(run.error().contains(QFileInfo(folder).canonicalFilePath()), run.describe().constData());
    QVERIFY2(run.error().contains(QLatin1String("names no tag")), run.describe().constData());

    const QuirectlRun info = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(info, 0);
    QCOMPARE(info.json()[QLatin1String("tags")].toInt(), 3);
    QJsonArray pictures;
    SETUP(listPictures(folder, {}, &pictures));
    QCOMPARE(pictureAt(pictures, QStringLiteral("c.png"))[QLatin1String("tags")].toArray(), QJsonArray());
}

void tst_Quirectl::untagOfAMissingTagFailsNamingIt()
{
    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));

    const QuirectlRun run = ctl({QStringLiteral("untag"), folder, QStringLiteral("a.jpg"),
                                 QStringLiteral("People"), QStringLiteral("Places/Mountains")});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QCOMPARE(run.error().trimmed(),
             QStringLiteral("quirectl: Album '%1': No tag 'Places/Mountains' is in the album; nothing was untagged.")
                 .arg(QFileInfo(folder).canonicalFilePath()));

    // All or nothing: People is still on a.jpg.
    QJsonArray pictures;
    SETUP(listPictures(folder, {QStringLiteral("People")}, &pictures));
    QCOMPARE(pathsOf(pictures), QStringList{QStringLiteral("a.jpg")});
}

// --- check ------------------------------------------------------------------------

void tst_Quirectl::checkListsProblemsAndExitsOne_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("json") << true;
}

void tst_Quirectl::checkListsProblemsAndExitsOne()
{
    QFETCH(bool, json);

    const QString folder = path(QStringLiteral("Holiday"));
    SETUP(makeTaggedAlbum(folder));
    // Raw SQLite does not enforce foreign keys unless asked: a row pointing
    // at a picture and a tag that do not exist, as another program might.
    QCOMPARE(rawQuery(folder + QStringLiteral("/.quire/album.db"),
                      QStringLiteral("INSERT INTO picture_tags (picture_id, tag_id) VALUES (999, 998)")),
             QString());

    QStringList arguments{QStringLiteral("check"), folder};
    if (json)
        arguments.prepend(QStringLiteral("--json"));
    const QuirectlRun run = ctl(arguments);
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QVERIFY2(run.error().startsWith(QStringLiteral("quirectl: Album '%1': The check found 2 problems")
                                        .arg(QFileInfo(folder).canonicalFilePath())),
             run.describe().constData());
    QStringList problems;
    if (json) {
        QCOMPARE(run.json()[QLatin1String("ok")], QJsonValue(false));
        QCOMPARE(run.json()[QLatin1String("folder")].toString(), QFileInfo(folder).canonicalFilePath());
        problems = stringsOf(run.json()[QLatin1String("problems")]);
    } else {
        problems = run.output().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
    QCOMPARE(problems.size(), 2);
    for (const QString &problem : std::as_const(problems))
        QVERIFY2(problem.contains(QLatin1String("picture_tags")), qPrintable(problem));
}

// --- Opening what is not an album ---------------------------------------------------

void tst_Quirectl::openingWhatIsNotAnAlbumFails_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("verb");
    QTest::addColumn<QString>("message");

    const QList<std::pair<const char *, const char *>> kinds{
        {"foreign sqlite", ".quire/album.db is an SQLite database but not a Quire album (application_id 0); "
                           "Quire leaves it untouched."},
        {"text file named album.db", "Its database .quire/album.db is not an SQLite database"},
        {"newer schema", "The album was written by a newer Quire (album schema 99;"},
        {"missing folder", "The folder does not exist."},
        {"plain folder", "This folder is not a Quire album: it has no .quire/album.db."},
        {"empty album.db", "its database .quire/album.db is empty (0 bytes)"},
        {"a file", "This is a file, not an album folder."},
    };
    const QList<QStringList> verbs{{"info"}, {"check"}, {"pictures"}, {"import"},
                                   {"tag", "a.png", "People"}, {"untag", "a.png", "People"}};
    for (const auto &[kind, message] : kinds) {
        for (const QStringList &verb : verbs) {
            QTest::addRow("%s, %s", kind, qPrintable(verb.first()))
                << QString::fromLatin1(kind) << verb << QString::fromLatin1(message);
        }
    }
}

void tst_Quirectl::openingWhatIsNotAnAlbumFails()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, verb);
    QFETCH(QString, message);

    const QString folder = path(QStringLiteral("Holiday"));
    const QString database = folder + QStringLiteral("/.quire/album.db");
    QVERIFY(writeImage(folder + QStringLiteral("/a.png"), 4, 4));
    if (kind == QLatin1String("foreign sqlite")) {
        QVERIFY(writeFile(database, QByteArray())); // an empty file is an empty SQLite database
        QCOMPARE(rawQuery(database, QStringLiteral("CREATE TABLE notes (body TEXT); "
                                                   "INSERT INTO notes VALUES ('mine')")),
                 QString());
    } else if (kind == QLatin1String("text file named album.db")) {
        QVERIFY(writeFile(database, "These are my notes, not a database.\n"));
    } else if (kind == QLatin1String("newer schema")) {
        SETUP(createAlbum(folder));
        // Written by a Quire of schema 99 that this one may not write either.
        QCOMPARE(rawQuery(database, QStringLiteral("UPDATE meta SET value = 99 WHERE key = 'min_write_version'; "
                                                   "PRAGMA user_version = 99")),
                 QString());
    } else if (kind == QLatin1String("missing folder")) {
        QVERIFY(QDir(folder).removeRecursively());
    } else if (kind == QLatin1String("empty album.db")) {
        QVERIFY(writeFile(database, QByteArray()));
    } else if (kind == QLatin1String("a file")) {
        QVERIFY(QDir(folder).removeRecursively());
        QVERIFY(writeFile(folder, "a file"));
    }
    const QByteArray before = contentsOf(database);
    const QString shown = kind == QLatin1String("missing folder") ? folder
                                                                  : QFileInfo(folder).canonicalFilePath();

    const QuirectlRun run = ctl(QStringList{verb.first(), folder} + verb.mid(1));
    QVERIFY_EXIT(run, 1);
    QVERIFY2(isOneLine(run.error()), run.describe().constData());
    QVERIFY2(run.error().startsWith(QStringLiteral("quirectl: Album '%1': ").arg(shown)), run.describe().constData());
    QVERIFY2(run.error().contains(message), run.describe().constData());
    QVERIFY2(run.out.isEmpty(), run.describe().constData());

    // What is not Quire's is left exactly as it was.
    QCOMPARE(contentsOf(database), before);
    if (kind == QLatin1String("foreign sqlite")) {
        QCOMPARE(rawQuery(database, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("delete"));
        QCOMPARE(rawQuery(database, QStringLiteral("SELECT body FROM notes")), QStringLiteral("mine"));
    }
    if (kind == QLatin1String("plain folder"))
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/.quire")));
}

void tst_Quirectl::failureInJsonModePrintsAnErrorDocument()
{
    const QString folder = path(QStringLiteral("Nowhere"));
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("info"), folder});
    QVERIFY_EXIT(run, 1);
    const QJsonObject error = run.json()[QLatin1String("error")].toObject();
    QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("not-found"));
    QCOMPARE(error[QLatin1String("album")].toString(), folder);
    QCOMPARE(error[QLatin1String("message")].toString(), QStringLiteral("The folder does not exist."));
    QCOMPARE(run.error(), QStringLiteral("quirectl: Album '%1': The folder does not exist.\n").arg(folder));
}

QTEST_GUILESS_MAIN(tst_Quirectl)
#include "tst_quirectl.moc"
