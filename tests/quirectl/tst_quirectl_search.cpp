// tst_quirectl_search: quirectl find and locate as a script sees them. The
// albums are made through the core library in a workspace of the test's
// own; the real binary then searches them, and the test checks the exit
// code, stdout (text or --json) and the lines on stderr naming an album.

#include "quirectl_runner.h"
#include "testsupport.h"

#include <quire/quire.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

QDateTime utc(const char *iso)
{
    QDateTime when = QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
    when.setTimeSpec(Qt::UTC);
    return when;
}

struct Row {
    const char *path;
    const char *taken; // nullptr: unknown
    int rating;
    const char *make;
    QStringList tags;
    quire::ColourLabel label = quire::ColourLabel::None;
    quire::PickState pick = quire::PickState::None;
};

QStringList linesOf(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// "album name:path" for each object of a find --json array, in order.
QStringList hitsOf(const QJsonArray &hits)
{
    QStringList names;
    for (const QJsonValue &hit : hits)
        names.append(hit[QLatin1String("album_name")].toString() + QLatin1Char(':')
                     + hit[QLatin1String("path")].toString());
    return names;
}

} // namespace

class tst_QuirectlSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void findPrintsMergedHitsNewestFirst();
    void findFiltersAndSorts_data();
    void findFiltersAndSorts();
    void findReportsAFailedAlbumAndStillPrintsTheOthers();
    // The same rows, answered from the workspace index.
    void findFromTheIndexAnswersAsTheAlbumsDo_data() { findFiltersAndSorts_data(); }
    void findFromTheIndexAnswersAsTheAlbumsDo();
    void findWordsMatchTagsFromTheIndex();
    void indexReadsOnlyChangedAlbumsAgain();
    void findRejectsBadValues_data();
    void findRejectsBadValues();
    void locateFindsAPictureAndItsCopy();
    void locateOfAnUnknownPictureFails();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString workspace() const { return path(QStringLiteral("workspace")); }
    QuirectlRun ctl(const QStringList &arguments) const;
    // Makes an album in the workspace holding these pictures.
    void makeAlbum(const QString &name, const QList<Row> &rows, QString *folder = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_copyUuid;
};

void tst_QuirectlSearch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QStringList beach = {QStringLiteral("Places/Beach")};
    const QStringList city = {QStringLiteral("Places/City")};
    const QStringList ann = {QStringLiteral("People/Ann")};
    SETUP(makeAlbum(QStringLiteral("Alpha"),
                    {{"a1.jpg", "2023-03-01T10:00:00", 5, "Canon", beach, quire::ColourLabel::Red,
                      quire::PickState::Picked},
                     {"a2.jpg", "2022-07-01T10:00:00", 2, "Canon", city},
                     {"sub/a3.jpg", "2023-11-30T08:00:00", 3, "NIKON", beach + ann},
                     {"a4.jpg", nullptr, 1, "", beach}}));
    SETUP(makeAlbum(QStringLiteral("Beta"),
                    {{"b1.jpg", "2023-06-15T12:00:00", 4, "Fujifilm", beach, quire::ColourLabel::Red},
                     {"b2.jpg", "2024-01-01T00:00:00", 0, "Canon", beach},
                     {"b3.jpg", "2021-02-02T02:02:02", 5, "NIKON", ann, quire::ColourLabel::None,
                      quire::PickState::Picked}}));
    SETUP(makeAlbum(QStringLiteral("Gamma"),
                    {{"g1.jpg", "2023-12-31T23:59:59", 2, "Canon", ann},
                     {"g2.jpg", "2020-01-01T00:00:00", 3, "Fujifilm", city, quire::ColourLabel::Blue,
                      quire::PickState::Rejected}}));
}

QuirectlRun tst_QuirectlSearch::ctl(const QStringList &arguments) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QUIRE_WORKSPACE"), path(QStringLiteral("default-workspace")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    return runQuirectl(QStringList{QStringLiteral("--workspace"), workspace()} + arguments, environment,
                       m_dir->path());
}

void tst_QuirectlSearch::makeAlbum(const QString &name, const QList<Row> &rows, QString *folder)
{
    quire::AlbumRegistry registry(workspace());
    quire::Result<quire::Album> album = registry.create(path(name), name);
    QVERIFY2(album, qPrintable(album.error().toString()));
    quire::Result<quire::Session> session = album->write();
    QVERIFY(session);
    for (const Row &row : rows) {
        quire::Picture p;
        p.path = QLatin1String(row.path);
        if (row.taken)
            p.takenAt = utc(row.taken);
        p.rating = row.rating;
        p.cameraMake = QLatin1String(row.make);
        p.colourLabel = row.label;
        p.pick = row.pick;
        for (const QString &tag : row.tags)
            p.tagIds.append(quire::Tags(*session).ensure(tag)->id);
        QVERIFY(quire::Pictures(*session).add(p));
    }
    if (folder)
        *folder = album->folder();
}

void tst_QuirectlSearch::findPrintsMergedHitsNewestFirst()
{
    const QuirectlRun run = ctl({QStringLiteral("find"), QStringLiteral("--tag"), QStringLiteral("Places/Beach"),
                                 QStringLiteral("--limit"), QStringLiteral("3")});
    QVERIFY_EXIT(run, 0);
    const QStringList lines = linesOf(run.output());
    QCOMPARE(lines.size(), 3);
    const QString alpha = QDir(path(QStringLiteral("Alpha"))).canonicalPath();
    const QString beta = QDir(path(QStringLiteral("Beta"))).canonicalPath();
    QCOMPARE(lines.at(0), QStringLiteral("Beta\t%1\tb2.jpg\t2024-01-01T00:00:00Z").arg(beta));
    QCOMPARE(lines.at(1), QStringLiteral("Alpha\t%1\tsub/a3.jpg\t2023-11-30T08:00:00Z").arg(alpha));
    QCOMPARE(lines.at(2), QStringLiteral("Beta\t%1\tb1.jpg\t2023-06-15T12:00:00Z").arg(beta));
    QVERIFY(run.err.isEmpty());

    const QuirectlRun json = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--tag"),
                                  QStringLiteral("Places/Beach"), QStringLiteral("--limit"), QStringLiteral("3")});
    QVERIFY_EXIT(json, 0);
    const QJsonArray hits = json.json().array();
    QCOMPARE(hitsOf(hits), (QStringList{QStringLiteral("Beta:b2.jpg"), QStringLiteral("Alpha:sub/a3.jpg"),
                                        QStringLiteral("Beta:b1.jpg")}));
    QCOMPARE(hits.at(1)[QLatin1String("album_folder")].toString(), alpha);
    QCOMPARE(hits.at(1)[QLatin1String("taken_at")].toString(), QStringLiteral("2023-11-30T08:00:00.000Z"));
    QCOMPARE(QUuid::fromString(hits.at(1)[QLatin1String("album_uuid")].toString()).isNull(), false);
}

void tst_QuirectlSearch::findFiltersAndSorts_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");
    auto s = [](const char *text) { return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts); };
    QTest::newRow("beach in 2023, newest first")
        << s("--tag Places/Beach --from 2023-01-01 --to 2023-12-31")
        << s("Alpha:sub/a3.jpg Beta:b1.jpg Alpha:a1.jpg");
    QTest::newRow("to a date includes that day")
        << s("--from 2023-12-31 --to 2023-12-31") << s("Gamma:g1.jpg");
    QTest::newRow("date-times, oldest first")
        << s("--from 2023-06-15T12:00:00 --to 2024-01-01T00:00:00Z --sort taken")
        << s("Beta:b1.jpg Alpha:sub/a3.jpg Gamma:g1.jpg");
    QTest::newRow("two tags, all of them") << s("--tag Places/Beach --tag People/Ann") << s("Alpha:sub/a3.jpg");
    QTest::newRow("two tags, any of them")
        << s("--tag Places/City --tag People/Ann --any-tag --sort path")
        << s("Alpha:a2.jpg Beta:b3.jpg Gamma:g1.jpg Gamma:g2.jpg Alpha:sub/a3.jpg");
    QTest::newRow("rating") << s("--rating 5 --sort path") << s("Alpha:a1.jpg Beta:b3.jpg");
    QTest::newRow("text in the camera make") << s("--text nikon") << s("Alpha:sub/a3.jpg Beta:b3.jpg");
    QTest::newRow("text in the path") << s("--text SUB/") << s("Alpha:sub/a3.jpg");
    QTest::newRow("one album") << s("--album Gamma --sort -taken") << s("Gamma:g1.jpg Gamma:g2.jpg");
    QTest::newRow("undated last") << s("--tag Places/Beach --sort taken --limit 10")
                                  << s("Alpha:a1.jpg Beta:b1.jpg Alpha:sub/a3.jpg Beta:b2.jpg Alpha:a4.jpg");
    QTest::newRow("label") << s("--label red --sort path") << s("Alpha:a1.jpg Beta:b1.jpg");
    QTest::newRow("label any case, with pick") << s("--label RED --pick picked") << s("Alpha:a1.jpg");
    QTest::newRow("label with tag and dates")
        << s("--label blue --tag Places/City --from 2019-01-01 --to 2020-12-31") << s("Gamma:g2.jpg");
    QTest::newRow("rejected") << s("--pick rejected") << s("Gamma:g2.jpg");
    QTest::newRow("picked with tag") << s("--pick picked --tag People/Ann") << s("Beta:b3.jpg");
    QTest::newRow("picked with rating and album") << s("--pick picked --rating 5 --album Gamma") << QStringList();
    QTest::newRow("nothing matches") << s("--tag Places/Moon") << QStringList();
}

void tst_QuirectlSearch::findFiltersAndSorts()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    for (QString &a : arguments) {
        if (a == QLatin1String("Gamma"))
            a = path(a); // --album takes a folder
    }
    const QuirectlRun run = ctl(QStringList{QStringLiteral("--json"), QStringLiteral("find")} + arguments);
    QVERIFY_EXIT(run, 0);
    QCOMPARE(hitsOf(run.json().array()), expected);
}

void tst_QuirectlSearch::findFromTheIndexAnswersAsTheAlbumsDo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    for (QString &a : arguments) {
        if (a == QLatin1String("Gamma"))
            a = path(a);
    }
    const QuirectlRun built = ctl({QStringLiteral("index")});
    QVERIFY_EXIT(built, 0);
    QVERIFY2(QFile::exists(QDir(workspace()).filePath(QStringLiteral("index.db"))), built.describe().constData());
    const QuirectlRun run = ctl(QStringList{QStringLiteral("--json"), QStringLiteral("find")} + arguments);
    QVERIFY_EXIT(run, 0);
    QCOMPARE(hitsOf(run.json().array()), expected);
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
}

void tst_QuirectlSearch::findWordsMatchTagsFromTheIndex()
{
    // A word finds the pictures tagged Places/Beach with the index and,
    // the same pictures, without it (the fan-out looks in tag names at
    // every level too), though no path holds "beach".
    const QStringList typed = {QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--word"),
                               QStringLiteral("BEA"), QStringLiteral("--sort"), QStringLiteral("path")};
    const QStringList beach = {QStringLiteral("Alpha:a1.jpg"), QStringLiteral("Alpha:a4.jpg"),
                               QStringLiteral("Beta:b1.jpg"), QStringLiteral("Beta:b2.jpg"),
                               QStringLiteral("Alpha:sub/a3.jpg")};
    const QuirectlRun before = ctl(typed);
    QVERIFY_EXIT(before, 0);
    QCOMPARE(hitsOf(before.json().array()), beach);

    const QuirectlRun built = ctl({QStringLiteral("--json"), QStringLiteral("index")});
    QVERIFY_EXIT(built, 0);
    QCOMPARE(built.json().object()[QLatin1String("reindexed")].toInt(), 3);
    QVERIFY2(built.error().contains(QLatin1String("did not exist")), built.describe().constData());
    const QuirectlRun after = ctl(typed);
    QVERIFY_EXIT(after, 0);
    QCOMPARE(hitsOf(after.json().array()), beach);
    // Every word required: a tag word and an album name; a word of
    // FTS5 syntax alone (no letter or digit) matches everything.
    const QuirectlRun both = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--word"),
                                  QStringLiteral("beach"), QStringLiteral("--word"), QStringLiteral("alp"),
                                  QStringLiteral("--word"), QStringLiteral("*\"-")});
    QVERIFY_EXIT(both, 0);
    QCOMPARE(hitsOf(both.json().array()).size(), 3);
}

void tst_QuirectlSearch::indexReadsOnlyChangedAlbumsAgain()
{
    QVERIFY_EXIT(ctl({QStringLiteral("index")}), 0);
    const QuirectlRun unchanged = ctl({QStringLiteral("--json"), QStringLiteral("index")});
    QVERIFY_EXIT(unchanged, 0);
    QCOMPARE(unchanged.json().object()[QLatin1String("reindexed")].toInt(), 0);
    const QuirectlRun tagged = ctl({QStringLiteral("tag"), path(QStringLiteral("Gamma")), QStringLiteral("g1.jpg"),
                                    QStringLiteral("Places/Lighthouse")});
    QVERIFY_EXIT(tagged, 0);
    const QuirectlRun changed = ctl({QStringLiteral("--json"), QStringLiteral("index")});
    QVERIFY_EXIT(changed, 0);
    QCOMPARE(changed.json().object()[QLatin1String("reindexed")].toInt(), 1);
    const QuirectlRun found = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--word"),
                                   QStringLiteral("lighth")});
    QVERIFY_EXIT(found, 0);
    QCOMPARE(hitsOf(found.json().array()), QStringList{QStringLiteral("Gamma:g1.jpg")});
    const QuirectlRun rebuilt = ctl({QStringLiteral("--json"), QStringLiteral("index"), QStringLiteral("--rebuild")});
    QVERIFY_EXIT(rebuilt, 0);
    QCOMPARE(rebuilt.json().object()[QLatin1String("reindexed")].toInt(), 3);
}

void tst_QuirectlSearch::findReportsAFailedAlbumAndStillPrintsTheOthers()
{
    const QString gamma = QDir(path(QStringLiteral("Gamma"))).canonicalPath();
    QVERIFY(QDir(gamma).removeRecursively());
    const QuirectlRun run = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--sort"),
                                 QStringLiteral("path")});
    QVERIFY_EXIT(run, 1);
    QCOMPARE(hitsOf(run.json().array()),
             (QStringList{QStringLiteral("Alpha:a1.jpg"), QStringLiteral("Alpha:a2.jpg"),
                          QStringLiteral("Alpha:a4.jpg"), QStringLiteral("Beta:b1.jpg"),
                          QStringLiteral("Beta:b2.jpg"), QStringLiteral("Beta:b3.jpg"),
                          QStringLiteral("Alpha:sub/a3.jpg")}));
    QVERIFY2(run.error().contains(gamma), run.describe().constData());

    const QuirectlRun text = ctl({QStringLiteral("find"), QStringLiteral("--text"), QStringLiteral("b1")});
    QVERIFY_EXIT(text, 1);
    QCOMPARE(linesOf(text.output()).size(), 1);
    QVERIFY(text.error().contains(gamma));
}

void tst_QuirectlSearch::findRejectsBadValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("from") << QStringList{QStringLiteral("--from"), QStringLiteral("yesterday")};
    QTest::newRow("to") << QStringList{QStringLiteral("--to"), QStringLiteral("2023-13-01")};
    QTest::newRow("rating") << QStringList{QStringLiteral("--rating"), QStringLiteral("9")};
    QTest::newRow("sort") << QStringList{QStringLiteral("--sort"), QStringLiteral("size")};
    QTest::newRow("label") << QStringList{QStringLiteral("--label"), QStringLiteral("orange")};
    QTest::newRow("pick") << QStringList{QStringLiteral("--pick"), QStringLiteral("maybe")};
    QTest::newRow("limit") << QStringList{QStringLiteral("--limit"), QStringLiteral("many")};
    QTest::newRow("positional") << QStringList{QStringLiteral("beach")};
}

void tst_QuirectlSearch::findRejectsBadValues()
{
    QFETCH(QStringList, arguments);
    const QuirectlRun run = ctl(QStringList{QStringLiteral("find")} + arguments);
    QVERIFY_EXIT(run, 2);
    QVERIFY(run.out.isEmpty());
}

void tst_QuirectlSearch::locateFindsAPictureAndItsCopy()
{
    // b1.jpg's uuid, from find; then the same picture added to Gamma.
    const QuirectlRun found = ctl({QStringLiteral("--json"), QStringLiteral("find"), QStringLiteral("--text"),
                                   QStringLiteral("b1.jpg")});
    QVERIFY_EXIT(found, 0);
    const QString uuid = found.json().array().at(0)[QLatin1String("uuid")].toString();
    QVERIFY(!QUuid::fromString(uuid).isNull());

    QuirectlRun run = ctl({QStringLiteral("locate"), uuid});
    QVERIFY_EXIT(run, 0);
    const QString beta = QDir(path(QStringLiteral("Beta"))).canonicalPath();
    QCOMPARE(linesOf(run.output()).size(), 1);
    QVERIFY2(run.output().contains(beta + QStringLiteral("\tb1.jpg")), run.describe().constData());

    {
        quire::AlbumRegistry registry(workspace());
        quire::Result<quire::Album> gamma = registry.open(path(QStringLiteral("Gamma")));
        QVERIFY(gamma);
        quire::Picture copy;
        copy.uuid = QUuid::fromString(uuid);
        copy.path = QStringLiteral("copied/b1.jpg");
        QVERIFY(quire::Pictures(*gamma->write()).add(copy));
    }
    run = ctl({QStringLiteral("--json"), QStringLiteral("locate"), uuid});
    QVERIFY_EXIT(run, 0);
    QStringList where = hitsOf(run.json().array());
    where.sort();
    QCOMPARE(where, (QStringList{QStringLiteral("Beta:b1.jpg"), QStringLiteral("Gamma:copied/b1.jpg")}));
}

void tst_QuirectlSearch::locateOfAnUnknownPictureFails()
{
    QuirectlRun run = ctl({QStringLiteral("locate"), QUuid::createUuid().toString(QUuid::WithoutBraces)});
    QVERIFY_EXIT(run, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.isEmpty());
    run = ctl({QStringLiteral("locate"), QStringLiteral("not-a-uuid")});
    QVERIFY_EXIT(run, 2);
}

QTEST_GUILESS_MAIN(tst_QuirectlSearch)
#include "tst_quirectl_search.moc"
