// Titles, descriptions, colour labels and pick states (album schema 6):
// set through the typed API and read back, filtered on, found by the words
// a person types with and without the workspace index, carried by a copy
// to another album, read by the importer from the XMP inside a file
// (written by the real exiftool), refused by the album's own checks when
// the sqlite3 shell writes nonsense, and an album of the last release
// (schema 5) migrates keeping its rows.

#include "import_support.h"
#include "testsupport.h"

#include <quire/quire.h>
#include <quire/workspace_index.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using namespace quire::test;

class TestPictureLabels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // An album holding a.jpg, b.jpg and c.jpg (rows only).
    Result<Album> albumOfThree(const QString &name, AlbumRegistry *registry = nullptr)
    {
        const QString folder = m_dir.filePath(name);
        Result<Album> album = [&]() -> Result<Album> {
            if (registry)
                return registry->create(folder, name);
            return Album::create(folder, name);
        }();
        if (!album)
            return album;
        Result<Session> session = album->write();
        if (!session)
            return session.error();
        QList<Picture> pictures(3);
        pictures[0].path = QStringLiteral("a.jpg");
        pictures[1].path = QStringLiteral("b.jpg");
        pictures[2].path = QStringLiteral("c.jpg");
        if (auto r = quire::Pictures(*session).add(pictures); !r)
            return r.error();
        return album;
    }

    static qint64 idOf(const Album &album, const QString &path)
    {
        const std::optional<Picture> p = pictureAt(album, path);
        return p ? p->id : 0;
    }

    static QStringList pathsWhere(const Album &album, const PictureFilter &filter)
    {
        Result<Session> session = album.read();
        Result<QList<Picture>> pictures = quire::Pictures(*session).query(filter);
        QStringList paths;
        for (const Picture &p : pictures ? *pictures : QList<Picture>())
            paths.append(p.path);
        return pictures ? paths : QStringList{pictures.error().toString()};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void settersChangeOneFieldAndKeepTheRest()
    {
        Result<Album> album = albumOfThree(QStringLiteral("setters"));
        QVERIFY2(album, qPrintable(album.error().toString()));
        const qint64 a = idOf(*album, QStringLiteral("a.jpg"));
        const qint64 b = idOf(*album, QStringLiteral("b.jpg"));
        {
            Result<Session> session = album->write();
            quire::Pictures pictures(*session);
            QVERIFY(pictures.setRating({a}, 4));
            QVERIFY(pictures.setTitle(a, QStringLiteral("Sunset over the lagoon")));
            QVERIFY(pictures.setDescription(a, QStringLiteral("From the pier.\nSecond line.")));
            QVERIFY(pictures.setColourLabel({a, b}, ColourLabel::Red));
            QVERIFY(pictures.setPick({b}, PickState::Rejected));
        }
        std::optional<Picture> first = pictureAt(*album, QStringLiteral("a.jpg"));
        QVERIFY(first);
        QCOMPARE(first->title, QStringLiteral("Sunset over the lagoon"));
        QCOMPARE(first->description, QStringLiteral("From the pier.\nSecond line."));
        QCOMPARE(first->colourLabel, ColourLabel::Red);
        QCOMPARE(first->pick, PickState::None);
        QCOMPARE(first->rating, 4);
        QCOMPARE(pictureAt(*album, QStringLiteral("b.jpg"))->pick, PickState::Rejected);

        // update() writes the new fields too, and an empty title is none.
        first->title.clear();
        first->pick = PickState::Picked;
        {
            Result<Session> session = album->write();
            QVERIFY(quire::Pictures(*session).update(*first));
        }
        const QString db = Album::databasePathFor(album->folder());
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT ifnull(title, 'NULL') || ' ' || label || ' ' || pick FROM pictures "
                                             "WHERE path = 'a.jpg'")),
                 QStringLiteral("NULL red picked"));

        // One id that is not there: nothing of the call is written.
        {
            Result<Session> session = album->write();
            const Result<void> refused = quire::Pictures(*session).setColourLabel({b, 999999}, ColourLabel::Blue);
            QCOMPARE(refused.error().code(), ErrorCode::NotFound);
            QVERIFY2(refused.error().message().contains(QLatin1String("999999")), qPrintable(refused.error().message()));
            QCOMPARE(quire::Pictures(*session).setRating({a}, 6).error().code(), ErrorCode::InvalidArgument);
        }
        QCOMPARE(pictureAt(*album, QStringLiteral("b.jpg"))->colourLabel, ColourLabel::Red);
    }

    void filtersSelectByLabelAndPick()
    {
        Result<Album> album = albumOfThree(QStringLiteral("filters"));
        QVERIFY(album);
        {
            Result<Session> session = album->write();
            quire::Pictures pictures(*session);
            QVERIFY(pictures.setColourLabel({idOf(*album, QStringLiteral("a.jpg")), idOf(*album, QStringLiteral("c.jpg"))},
                                            ColourLabel::Green));
            QVERIFY(pictures.setPick({idOf(*album, QStringLiteral("c.jpg"))}, PickState::Picked));
        }
        PictureFilter green;
        green.colourLabel = ColourLabel::Green;
        QCOMPARE(pathsWhere(*album, green), (QStringList{"a.jpg", "c.jpg"}));
        PictureFilter unlabelled;
        unlabelled.colourLabel = ColourLabel::None;
        QCOMPARE(pathsWhere(*album, unlabelled), QStringList{"b.jpg"});
        green.pick = PickState::Picked;
        QCOMPARE(pathsWhere(*album, green), QStringList{"c.jpg"});
        PictureFilter rejected;
        rejected.pick = PickState::Rejected;
        QCOMPARE(pathsWhere(*album, rejected), QStringList());
    }

    void labelWordsRoundTrip()
    {
        for (ColourLabel label : {ColourLabel::None, ColourLabel::Red, ColourLabel::Yellow, ColourLabel::Green,
                                  ColourLabel::Blue, ColourLabel::Purple})
            QCOMPARE(colourLabelNamed(colourLabelName(label)), label);
        QCOMPARE(colourLabelNamed(QStringLiteral(" Purple ")), ColourLabel::Purple);
        QCOMPARE(colourLabelNamed(QStringLiteral("orange")), std::nullopt);
        for (PickState pick : {PickState::None, PickState::Picked, PickState::Rejected})
            QCOMPARE(pickStateNamed(pickStateName(pick)), pick);
        QCOMPARE(pickStateNamed(QStringLiteral("maybe")), std::nullopt);
    }

    // The sqlite3 shell writing a label the album does not know is refused
    // by the album's own CHECK: no reader ever sees one.
    void shellCannotStoreAnUnknownLabel()
    {
        Result<Album> album = albumOfThree(QStringLiteral("checks"));
        QVERIFY(album);
        const QString db = Album::databasePathFor(album->folder());
        QVERIFY(rawQuery(db, QStringLiteral("UPDATE pictures SET label = 'orange'")).contains(QLatin1String("CHECK")));
        QVERIFY(rawQuery(db, QStringLiteral("UPDATE pictures SET pick = 'maybe'")).contains(QLatin1String("CHECK")));
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures WHERE label = 'none' AND pick = 'none'")),
                 QStringLiteral("3"));
    }

    // Issue 13: titles and descriptions are searchable once the album has
    // them, from the index and from the albums alike.
    void titlesAndDescriptionsAreFoundByWords()
    {
        QTemporaryDir workspace;
        AlbumRegistry registry(workspace.filePath(QStringLiteral("ws")));
        Result<Album> album = albumOfThree(QStringLiteral("Search words"), &registry);
        QVERIFY2(album, qPrintable(album.error().toString()));
        {
            Result<Session> session = album->write();
            quire::Pictures pictures(*session);
            QVERIFY(pictures.setTitle(idOf(*album, QStringLiteral("a.jpg")), QStringLiteral("Lighthouse at dawn")));
            QVERIFY(pictures.setDescription(idOf(*album, QStringLiteral("b.jpg")),
                                            QStringLiteral("Grandmother's garden,\nin Zürich")));
        }
        auto found = [&](const QStringList &words, bool *fromIndex) {
            SearchQuery q;
            q.words = words;
            q.sort = SearchQuery::Sort::Path;
            Result<SearchResult> result = searchNow(registry, q);
            QStringList paths;
            if (!result)
                return QStringList{result.error().toString()};
            *fromIndex = result->fromIndex;
            for (const SearchHit &hit : std::as_const(result->hits))
                paths.append(hit.picture.path);
            return paths;
        };
        bool fromIndex = true;
        // Without an index, the albums are searched (substrings).
        QCOMPARE(found({QStringLiteral("lighthouse")}, &fromIndex), QStringList{"a.jpg"});
        QVERIFY(!fromIndex);
        QCOMPARE(found({QStringLiteral("garden"), QStringLiteral("zürich")}, &fromIndex), QStringList{"b.jpg"});

        WorkspaceIndex index(registry);
        Result<IndexRefresh> built = index.refresh();
        QVERIFY2(built, qPrintable(built.error().toString()));
        // From the index: word prefixes, without case or accents.
        QCOMPARE(found({QStringLiteral("lightho")}, &fromIndex), QStringList{"a.jpg"});
        QVERIFY(fromIndex);
        QCOMPARE(found({QStringLiteral("DAWN")}, &fromIndex), QStringList{"a.jpg"});
        QCOMPARE(found({QStringLiteral("zurich"), QStringLiteral("grandm")}, &fromIndex), QStringList{"b.jpg"});

        // A title set later is found once the index sees the change.
        {
            Result<Session> session = album->write();
            QVERIFY(quire::Pictures(*session).setTitle(idOf(*album, QStringLiteral("c.jpg")), QStringLiteral("Harbour lights")));
        }
        QCOMPARE(found({QStringLiteral("harbour")}, &fromIndex), QStringList{"c.jpg"});
        QVERIFY(fromIndex);
    }

    // A JPEG whose own XMP (as Lightroom writes into a JPEG it exports)
    // holds a title, a description, a label and Lightroom's reject.
    void importReadsThemFromTheFilesOwnXmp()
    {
        Result<Album> album = Album::create(m_dir.filePath(QStringLiteral("embedded")));
        QVERIFY(album);
        PhotoSpec spec = dated();
        spec.rating = 3;
        QVERIFY(putPhoto(*album, QStringLiteral("export.jpg"), spec));
        const QString file = QDir(album->folder()).filePath(QStringLiteral("export.jpg"));
        const QString written = runTool(QStringLiteral("exiftool"),
                                        {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
                                         QStringLiteral("-XMP-dc:Title=Market day"),
                                         QStringLiteral("-XMP-dc:Description=Saturday\nin Apt"),
                                         QStringLiteral("-XMP-xmp:Label=Purple"), QStringLiteral("-XMP-xmp:Rating=-1"), file});
        QVERIFY2(written.isEmpty(), qPrintable(written));
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 1 && report->problems.isEmpty(),
                 qPrintable(report ? describe(*report) : report.error().toString()));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("export.jpg"));
        QVERIFY(p);
        QCOMPARE(p->title, QStringLiteral("Market day"));
        QCOMPARE(p->description, QStringLiteral("Saturday\nin Apt"));
        QCOMPARE(p->colourLabel, ColourLabel::Purple);
        QCOMPARE(p->pick, PickState::Rejected);
        QCOMPARE(p->rating, 0);
    }

    void copyToAnotherAlbumCarriesTitleLabelAndPick()
    {
        QTemporaryDir workspace;
        AlbumRegistry registry(workspace.filePath(QStringLiteral("ws")));
        const QString sourceFolder = m_dir.filePath(QStringLiteral("copy-source"));
        Result<Album> source = registry.create(sourceFolder);
        Result<Album> destination = registry.create(m_dir.filePath(QStringLiteral("copy-destination")));
        QVERIFY(source && destination);
        QVERIFY(putPhoto(*source, QStringLiteral("boat.jpg"), dated()));
        QVERIFY(importPictures(*source));
        const std::optional<Picture> boat = pictureAt(*source, QStringLiteral("boat.jpg"));
        QVERIFY(boat);
        {
            Result<Session> session = source->write();
            quire::Pictures pictures(*session);
            QVERIFY(pictures.setTitle(boat->id, QStringLiteral("The blue boat")));
            QVERIFY(pictures.setDescription(boat->id, QStringLiteral("Moored at Honfleur")));
            QVERIFY(pictures.setColourLabel({boat->id}, ColourLabel::Blue));
            QVERIFY(pictures.setPick({boat->id}, PickState::Picked));
        }
        const Result<TransferReport> copied = copyPictures(registry, *source, *destination, {boat->uuid});
        QVERIFY2(copied, qPrintable(copied.error().toString()));
        const std::optional<Picture> copy = pictureAt(*destination, QStringLiteral("boat.jpg"));
        QVERIFY(copy);
        QCOMPARE(copy->title, QStringLiteral("The blue boat"));
        QCOMPARE(copy->description, QStringLiteral("Moored at Honfleur"));
        QCOMPARE(copy->colourLabel, ColourLabel::Blue);
        QCOMPARE(copy->pick, PickState::Picked);
    }

    void albumOfTheLastReleaseMigratesAndTakesTitlesAndLabels()
    {
        const QString folder = m_dir.filePath(QStringLiteral("Old"));
        // An album as the release before sidecars wrote it: schema 5, one
        // picture with a tag and a rating.
        {
            AlbumOptions release5;
            release5.format = *albumFormatWithSteps(albumFormat().steps().mid(0, 5));
            Result<Album> album = Album::create(folder, QStringLiteral("Old"), release5);
            QVERIFY2(album, qPrintable(album.error().toString()));
            QCOMPARE(album->schemaVersion(), 5);
            QVERIFY(putPhoto(*album, QStringLiteral("old.jpg"), dated()));
            QVERIFY(album->close());
        }
        // Written as that release wrote it (this one's typed API writes the
        // new columns).
        const QString database = Album::databasePathFor(folder);
        QCOMPARE(rawQuery(database, QStringLiteral(
                     "INSERT INTO pictures (id, uuid, path, added_at, width, height, rating) VALUES "
                     "(1, '2f1e0c3a-0d6b-4c2e-9a41-0c1d2e3f4a5b', 'old.jpg', 1, 64, 48, 3);"
                     "INSERT INTO tags (id, parent_id, name) VALUES (1, NULL, 'Places'), (2, 1, 'Beach');"
                     "INSERT INTO picture_tags (picture_id, tag_id) VALUES (1, 2);")),
                 QString());
        QCOMPARE(rawQuery(database, QStringLiteral("SELECT count(*) FROM pragma_table_info('pictures') WHERE name = 'title'")),
                 QStringLiteral("0"));

        Result<Album> album = Album::open(folder);
        QVERIFY2(album, qPrintable(album.error().toString()));
        QCOMPARE(album->schemaVersion(), albumFormat().latestVersion());
        std::optional<Picture> old = pictureAt(*album, QStringLiteral("old.jpg"));
        QVERIFY(old);
        QCOMPARE(old->rating, 3);
        QCOMPARE(tagPathsOf(*album, old->id), QStringList{"Places/Beach"});
        QCOMPARE(old->title, QString());
        QCOMPARE(old->colourLabel, ColourLabel::None);
        QCOMPARE(old->pick, PickState::None);
        QCOMPARE(old->sidecarPath, QString());
        const QStringList backups = QDir(folder + QStringLiteral("/.quire/backups")).entryList(QDir::Files);
        QVERIFY2(backups.size() == 1 && backups.first().contains(QLatin1String("schema5")), qPrintable(backups.join(' ')));

        // The migrated album takes the new fields.
        {
            Result<Session> session = album->write();
            QVERIFY(quire::Pictures(*session).setTitle(old->id, QStringLiteral("Before the storm")));
            QVERIFY(quire::Pictures(*session).setPick({old->id}, PickState::Rejected));
        }
        old = pictureAt(*album, QStringLiteral("old.jpg"));
        QCOMPARE(old->title, QStringLiteral("Before the storm"));
        QCOMPARE(old->pick, PickState::Rejected);
        // And an album made fresh has the same schema as the migrated one.
        QVERIFY(album->close());
        QVERIFY(Album::create(m_dir.filePath(QStringLiteral("Fresh"))));
        const QString schemaSql = QStringLiteral("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema "
                                                 "WHERE sql IS NOT NULL ORDER BY name)");
        QCOMPARE(rawQuery(database, schemaSql),
                 rawQuery(Album::databasePathFor(m_dir.filePath(QStringLiteral("Fresh"))), schemaSql));
    }
};

QTEST_GUILESS_MAIN(TestPictureLabels)
#include "tst_picture_labels.moc"
