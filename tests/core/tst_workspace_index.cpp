// The workspace index: its answers equal a brute force over every album
// for many random queries, before and after changes made by Quire and by
// the sqlite3 shell (a real child process); an index file that is deleted,
// truncated, garbage, foreign or newer is rebuilt with a message, also
// under the index a registry's searches keep open; a rebuild SIGKILLed
// after any album leaves a correct index; an album restored from an older
// backup is read again, one replaced by a copy of another is reported;
// hostile words never break a search; an unchanged closed album is not
// opened.

#include "search_oracle.h"
#include "testsupport.h"

#include <quire/quire.h>
#include <quire/workspace_index.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <thread>

using namespace quire;

namespace {

// Tag paths with hierarchy, accents and FTS5 syntax in their names.
const QStringList TagPool = {
    QStringLiteral("Places/Beach"), QStringLiteral("Places/Café Zürich"), QStringLiteral("Places/Beachfront Hotel"),
    QStringLiteral("People/Ann"), QStringLiteral("People/Bob"), QStringLiteral("Events/NEAR miss"),
    QStringLiteral("Events/\"quoted\" party"), QStringLiteral("Misc/a-b*c"), QStringLiteral("Misc/OR AND NOT")};
const QStringList Makes = {QStringLiteral("Canon"), QStringLiteral("NIKON CORPORATION"), QStringLiteral("Fujifilm"), QString()};
const QStringList Lenses = {QStringLiteral("EF 50mm f/1.8"), QStringLiteral("AF-S Nikkor 35mm"), QStringLiteral("XF 23mm"), QString()};
const QStringList AlbumNames = {QStringLiteral("Summer Beach trip"), QStringLiteral("Été à Paris"), QStringLiteral("Garden"),
                                QStringLiteral("Nikon tests"), QStringLiteral("Winter")};
// Words a person might type: prefixes, whole words, other case and accents,
// and text that is FTS5 syntax.
const QStringList Vocabulary = {
    QStringLiteral("beach"), QStringLiteral("bea"), QStringLiteral("BEACH"), QStringLiteral("beachf"), QStringLiteral("cafe"),
    QStringLiteral("Café"), QStringLiteral("zurich"), QStringLiteral("zü"), QStringLiteral("ann"), QStringLiteral("bob"),
    QStringLiteral("places"), QStringLiteral("people"), QStringLiteral("ete"), QStringLiteral("paris"), QStringLiteral("summer"),
    QStringLiteral("canon"), QStringLiteral("nikon"), QStringLiteral("nikkor"), QStringLiteral("fuji"), QStringLiteral("model"),
    QStringLiteral("x3"), QStringLiteral("img"), QStringLiteral("IMG_00"), QStringLiteral("night"), QStringLiteral("day/img"),
    QStringLiteral("50mm"), QStringLiteral("f/1.8"), QStringLiteral("jpg"), QStringLiteral("near"), QStringLiteral("NEAR"),
    QStringLiteral("\"quoted\""), QStringLiteral("\""), QStringLiteral("*"), QStringLiteral("-"), QStringLiteral("a-b"),
    QStringLiteral("a-b*c"), QStringLiteral("OR"), QStringLiteral("AND"), QStringLiteral("NOT"), QStringLiteral("NEAR(beach ann)"),
    QStringLiteral("^beach"), QStringLiteral("words:beach"), QStringLiteral("zzz"), QStringLiteral("hotel"), QString(3000, u'b')};

QDateTime utc(int y, int m, int d)
{
    return test::utcDate(y, m, d);
}

bool fillAlbum(const Album &album, QRandomGenerator &random, int count)
{
    return test::fillAlbum(album, random, count, {TagPool, Makes, Lenses, 3, 80});
}

QList<SearchHit> bruteForce(Registry &registry, const QList<Album> &albums, const SearchQuery &q)
{
    return test::bruteForceSearch(albums, q, &registry);
}

// More than describeHits: the album's name and the rating must be right too.
QStringList describe(const QList<SearchHit> &hits)
{
    QStringList lines;
    for (const SearchHit &h : hits)
        lines.append(QStringList{h.albumUuid.toString(QUuid::WithoutBraces), h.albumName, h.picture.path,
                                 h.picture.uuid.toString(), h.picture.takenAt.toString(Qt::ISODateWithMs),
                                 QString::number(h.picture.rating)}
                         .join(u' '));
    return lines;
}

SearchQuery randomQuery(QRandomGenerator &random)
{
    SearchQuery q;
    const int words = random.bounded(4);
    for (int i = 0; i < words; ++i)
        q.words.append(Vocabulary.at(random.bounded(Vocabulary.size())));
    if (random.bounded(4) == 0)
        q.allTags.append(TagPool.at(random.bounded(TagPool.size())));
    if (random.bounded(6) == 0)
        q.anyTags = {TagPool.at(random.bounded(TagPool.size())), TagPool.at(random.bounded(TagPool.size()))};
    if (random.bounded(4) == 0) {
        q.takenFrom = utc(2021 + random.bounded(3), 1 + random.bounded(12), 1);
        q.takenTo = q.takenFrom.addMonths(1 + random.bounded(24));
    }
    if (random.bounded(4) == 0)
        q.minRating = random.bounded(6);
    if (random.bounded(5) == 0)
        q.colourLabel = ColourLabel(random.bounded(6));
    if (random.bounded(5) == 0)
        q.pick = PickState(random.bounded(3));
    q.sort = static_cast<SearchQuery::Sort>(random.bounded(3));
    const int limits[] = {-1, 0, 1, 10, 100};
    q.limit = limits[random.bounded(5)];
    return q;
}

QString describe(const SearchQuery &q)
{
    QStringList words;
    for (const QString &w : q.words)
        words.append(w.size() > 40 ? QStringLiteral("<%1 chars>").arg(w.size()) : w);
    return QStringLiteral("words [%1] all [%2] any [%3] from %4 to %5 rating %6 sort %7 limit %8 label %9 pick %10")
        .arg(words.join(u'|'), q.allTags.join(u'|'), q.anyTags.join(u'|'), q.takenFrom.toString(Qt::ISODate),
             q.takenTo.toString(Qt::ISODate), q.minRating ? QString::number(*q.minRating) : QStringLiteral("-"))
        .arg(int(q.sort))
        .arg(q.limit)
        .arg(q.colourLabel ? colourLabelName(*q.colourLabel) : QStringLiteral("-"),
             q.pick ? pickStateName(*q.pick) : QStringLiteral("-"));
}

// Tags the album's first two pictures with path; returns its pictures as
// they were before, for more changes in the same session.
Result<QList<Picture>> tagFirstTwo(Session &session, const QString &path)
{
    Result<Tag> tag = quire::Tags(session).ensure(path);
    if (!tag)
        return tag.error();
    Result<QList<Picture>> pictures = quire::Pictures(session).query({});
    if (!pictures)
        return pictures;
    if (pictures->size() < 2)
        return Error(ErrorCode::NotFound, {}, QStringLiteral("The album holds fewer than two pictures."));
    if (auto r = quire::Tags(session).attach({pictures->at(0).id, pictures->at(1).id}, tag->id); !r)
        return r.error();
    return pictures;
}

// Runs the sqlite3 shell on the album's database, as a person would.
QString shell(const QString &databasePath, const QString &sql)
{
    QProcess sqlite;
    sqlite.start(QStringLiteral("sqlite3"), {QStringLiteral("-bail"), databasePath, sql});
    if (!sqlite.waitForFinished(60000))
        return QStringLiteral("sqlite3 did not finish");
    if (sqlite.exitStatus() != QProcess::NormalExit || sqlite.exitCode() != 0)
        return QStringLiteral("sqlite3 failed: ") + QString::fromUtf8(sqlite.readAllStandardError());
    return {};
}

} // namespace

class TestWorkspaceIndex : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    QList<Album> m_albums;

    QString indexPath() const { return WorkspaceIndex::pathFor(m_registry->workspaceFolder()); }

    // Each test that asks the index can run alone: the index exists and
    // holds every album before the test changes anything.
    void ensureIndex()
    {
        WorkspaceIndex index(*m_registry);
        Result<IndexRefresh> refreshed = index.refresh();
        QVERIFY2(refreshed, qPrintable(refreshed.error().toString()));
        QVERIFY(refreshed->failedAlbums.isEmpty());
    }

    // A new registry on the same workspace and albums, as at the next start
    // of the program: the searches' kept index of the old one is closed.
    void restartRegistry()
    {
        QStringList folders;
        for (const Album &album : std::as_const(m_albums))
            folders.append(album.folder());
        m_albums.clear();
        m_registry = std::make_unique<AlbumRegistry>(m_dir.filePath(QStringLiteral("workspace")));
        for (const QString &folder : std::as_const(folders)) {
            Result<Tenant> album = m_registry->open(folder);
            QVERIFY2(album, qPrintable(album.error().toString()));
            m_albums.append(Album(*album));
        }
    }

    // Many random queries, each answered through searchNow() from the
    // index, compared with the brute force.
    void compareRandomQueries(quint32 seed, int count)
    {
        QRandomGenerator random(seed);
        int nonEmpty = 0;
        for (int i = 0; i < count; ++i) {
            const SearchQuery q = randomQuery(random);
            Result<SearchResult> result = searchNow(*m_registry, q);
            QVERIFY2(result, qPrintable(result.error().toString()));
            QVERIFY2(result->fromIndex, qPrintable(result->indexNote));
            QVERIFY2(result->failedAlbums.isEmpty(), qPrintable(result->failedAlbums.value(0).toString()));
            const QList<SearchHit> expected = bruteForce(*m_registry, m_albums, q);
            QVERIFY2(describe(result->hits) == describe(expected),
                     qPrintable(QStringLiteral("query %1: %2\nindex gave %3 hits, brute force %4")
                                    .arg(i).arg(describe(q)).arg(result->hits.size()).arg(expected.size())));
            if (!expected.isEmpty())
                ++nonEmpty;
        }
        QVERIFY2(nonEmpty > count / 3, "the random queries test something"); // not all empty
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_registry = std::make_unique<AlbumRegistry>(m_dir.filePath(QStringLiteral("workspace")));
        QRandomGenerator random(20261201);
        for (int i = 0; i < AlbumNames.size(); ++i) {
            Result<Album> album = m_registry->create(m_dir.filePath(QStringLiteral("album%1").arg(i)), AlbumNames.at(i));
            QVERIFY2(album, qPrintable(album.error().toString()));
            QVERIFY(fillAlbum(*album, random, 50));
            m_albums.append(*album);
        }
    }

    void searchWithoutIndexUsesTheAlbums()
    {
        QVERIFY(!WorkspaceIndex::existsFor(*m_registry));
        SearchQuery q;
        q.words = {QStringLiteral("night"), QStringLiteral("canon")};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY2(result, qPrintable(result.error().toString()));
        QVERIFY(!result->fromIndex);
        QVERIFY(!result->hits.isEmpty());
        // Without the index each word is a substring of the path or camera.
        for (const SearchHit &hit : std::as_const(result->hits)) {
            QVERIFY(hit.picture.path.contains(QLatin1String("night"), Qt::CaseInsensitive));
            QVERIFY(hit.picture.cameraMake.contains(QLatin1String("canon"), Qt::CaseInsensitive));
        }
        QVERIFY(!WorkspaceIndex::existsFor(*m_registry)); // a search never makes one
    }

    void buildReportsProgressAndCanBeCancelled()
    {
        WorkspaceIndex index(*m_registry);
        QVERIFY(index.open());
        QVERIFY2(index.rebuiltBecause().contains(QLatin1String("did not exist")), qPrintable(index.rebuiltBecause()));
        std::atomic_bool cancel{false};
        QList<int> seen;
        Result<IndexRefresh> first = index.rebuild(
            [&](int done, int total) {
                seen.append(done);
                QCOMPARE(total, m_albums.size());
                if (done == 2)
                    cancel.store(true);
            },
            &cancel);
        QVERIFY2(first, qPrintable(first.error().toString()));
        QVERIFY(first->cancelled);
        QCOMPARE(seen, (QList<int>{1, 2}));
        QCOMPARE(first->albumsReindexed, 2);
        // What was done is kept: the rest are read, not the first two again.
        seen.clear();
        Result<IndexRefresh> rest = index.refresh([&](int done, int) { seen.append(done); });
        QVERIFY2(rest, qPrintable(rest.error().toString()));
        QVERIFY(!rest->cancelled);
        QCOMPARE(rest->albumsReindexed, m_albums.size() - 2);
        QCOMPARE(seen.size(), m_albums.size());
        QVERIFY(WorkspaceIndex::existsFor(*m_registry));
    }

    void indexAnswersEqualBruteForce()
    {
        ensureIndex();
        compareRandomQueries(1, 400);
    }

    void beachFindsTaggedPicturesAsTyped()
    {
        ensureIndex();
        // "Typing beach finds nothing" was the bug: every prefix a person
        // types on the way finds each picture tagged Places/Beach.
        int tagged = 0;
        for (const Album &album : std::as_const(m_albums)) {
            Result<Session> session = album.read();
            QVERIFY(session);
            Result<std::optional<Tag>> beach = quire::Tags(*session).byPath(QStringLiteral("Places/Beach"));
            QVERIFY(beach);
            if (*beach) {
                PictureFilter f;
                f.anyTags = {(*beach)->id};
                tagged += int(*quire::Pictures(*session).count(f));
            }
        }
        QVERIFY(tagged > 5);
        for (const QString &typed : {QStringLiteral("be"), QStringLiteral("bea"), QStringLiteral("Beach")}) {
            SearchQuery q;
            q.words = {typed};
            q.allTags = {QStringLiteral("Places/Beach")};
            q.limit = -1;
            Result<SearchResult> result = searchNow(*m_registry, q);
            QVERIFY(result && result->fromIndex);
            QCOMPARE(result->hits.size(), tagged);
        }
    }

    void hostileWordsNeverBreakASearch_data()
    {
        QTest::addColumn<QString>("word");
        for (const char *w : {"\"", "\"\"", "NEAR", "NEAR(", "NEAR(beach ann, 2)", "*", "**", "-", "-beach", "beach*",
                              "^", "^beach", "words:x", "{words}: beach", "(", ")", "AND", "OR", "NOT", "a OR b",
                              "'", "\\", "%", "_", "beach\" OR \"ann", "\0x"})
            QTest::newRow(w) << QString::fromUtf8(w);
        QTest::newRow("100000 chars") << QString(100000, u'a');
        QTest::newRow("long phrase") << QStringLiteral("a-").repeated(2000);
    }

    void hostileWordsNeverBreakASearch()
    {
        ensureIndex();
        QFETCH(QString, word);
        SearchQuery q;
        q.words = {word, QStringLiteral("jpg")};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY2(result, qPrintable(result.error().toString()));
        QVERIFY2(result->fromIndex, qPrintable(result->indexNote));
        QCOMPARE(describe(result->hits), describe(bruteForce(*m_registry, m_albums, q)));
    }

    void tagNamedLikeSyntaxIsFoundAsText()
    {
        ensureIndex();
        // The tag "Events/NEAR miss" is found by its words, and NEAR is not
        // taken as FTS5's NEAR operator.
        SearchQuery q;
        q.words = {QStringLiteral("NEAR"), QStringLiteral("miss")};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QVERIFY(!result->hits.isEmpty());
        QCOMPARE(describe(result->hits), describe(bruteForce(*m_registry, m_albums, q)));
    }

    void changesByQuireAreSeen()
    {
        ensureIndex();
        Album album = m_albums.at(1);
        QString labelled; // the path of the picture labelled purple
        {
            Result<Session> session = album.write();
            QVERIFY(session);
            Result<QList<Picture>> pictures = tagFirstTwo(*session, QStringLiteral("Places/Lagoon"));
            QVERIFY(pictures && pictures->size() > 4);
            Picture rated = pictures->at(2);
            rated.rating = 5;
            QVERIFY(quire::Pictures(*session).update(rated));
            QVERIFY(quire::Pictures(*session).setColourLabel({pictures->at(4).id}, ColourLabel::Purple));
            QVERIFY(quire::Pictures(*session).setPick({pictures->at(4).id}, PickState::Rejected));
            labelled = pictures->at(4).path;
            QVERIFY(quire::Pictures(*session).remove({pictures->at(3).id}));
        }
        SearchQuery lagoon;
        lagoon.words = {QStringLiteral("lag")};
        Result<SearchResult> found = searchNow(*m_registry, lagoon);
        QVERIFY(found && found->fromIndex);
        QCOMPARE(found->hits.size(), 2);
        // The label and pick just set are what the index answers with.
        SearchQuery purple;
        purple.colourLabel = ColourLabel::Purple;
        purple.pick = PickState::Rejected;
        purple.albums = {album.uuid()};
        purple.limit = -1;
        found = searchNow(*m_registry, purple);
        QVERIFY(found && found->fromIndex);
        QCOMPARE(describe(found->hits), describe(bruteForce(*m_registry, {album}, purple)));
        QVERIFY(std::any_of(found->hits.cbegin(), found->hits.cend(),
                            [&](const SearchHit &hit) { return hit.picture.path == labelled; }));
        // Only the album that changed was read again.
        WorkspaceIndex index(*m_registry);
        Result<IndexRefresh> refreshed = index.refresh();
        QVERIFY(refreshed);
        QCOMPARE(refreshed->albumsReindexed, 0);
        compareRandomQueries(2, 200);
    }

    void changesByTheSqliteShellAreSeen()
    {
        ensureIndex();
        // While this process has the album open, and after it closed it.
        for (const bool closed : {false, true}) {
            Album album = m_albums.at(closed ? 3 : 2);
            if (closed)
                QVERIFY(m_registry->close(album.uuid()));
            const QString tag = closed ? QStringLiteral("Sunset") : QStringLiteral("Harbour");
            const QString error = shell(Album::databasePathFor(album.folder()),
                                        QStringLiteral("INSERT INTO tags (name) VALUES ('%1');"
                                                       "INSERT INTO picture_tags (picture_id, tag_id)"
                                                       " SELECT id, (SELECT id FROM tags WHERE name = '%1') FROM pictures"
                                                       " ORDER BY id LIMIT 3;"
                                                       "UPDATE pictures SET rating = 0 WHERE id IN (SELECT id FROM pictures ORDER BY id DESC LIMIT 5);")
                                            .arg(tag));
            QVERIFY2(error.isEmpty(), qPrintable(error));
            SearchQuery q;
            q.words = {tag.left(4)};
            Result<SearchResult> result = searchNow(*m_registry, q);
            QVERIFY(result && result->fromIndex);
            QCOMPARE(result->hits.size(), 3);
            for (const SearchHit &hit : std::as_const(result->hits))
                QCOMPARE(hit.albumUuid, album.uuid());
        }
        // The album renamed behind Quire's back is found by its new name.
        const QString error = shell(Album::databasePathFor(m_albums.at(4).folder()),
                                    QStringLiteral("UPDATE meta SET value = 'Lofoten' WHERE key = 'name';"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        SearchQuery q;
        q.words = {QStringLiteral("lofo")};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QVERIFY(!result->hits.isEmpty());
        QCOMPARE(result->hits.first().albumName, QStringLiteral("Lofoten"));
        compareRandomQueries(3, 200);
    }

    void unchangedClosedAlbumIsNotOpened()
    {
        WorkspaceIndex index(*m_registry);
        QVERIFY(index.refresh());
        const QUuid uuid = m_albums.at(0).uuid();
        // Closing checkpoints the album and removes its -wal: the file's
        // identity changes once, and the next refresh opens it to see that
        // its generation did not. After that it is left closed.
        QVERIFY(m_registry->close(uuid));
        QVERIFY(index.refresh());
        QVERIFY(m_registry->close(uuid));
        QVERIFY(m_registry->find(uuid).isNull());
        Result<IndexRefresh> refreshed = index.refresh();
        QVERIFY(refreshed);
        QCOMPARE(refreshed->albumsReindexed, 0);
        QVERIFY(m_registry->find(uuid).isNull()); // its file was stat'ed, not opened
        SearchQuery q;
        q.albums = {uuid};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QVERIFY(m_registry->find(uuid).isNull());
        QCOMPARE(describe(result->hits), describe(bruteForce(*m_registry, {m_albums.at(0)}, q)));
    }

    void untrustedIndexFileIsRebuilt_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("deleted") << QStringLiteral("delete") << QStringLiteral("did not exist");
        QTest::newRow("truncated") << QStringLiteral("truncate") << QStringLiteral("made anew");
        QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("made anew");
        QTest::newRow("foreign") << QStringLiteral("foreign") << QStringLiteral("not a Quire workspace index");
        QTest::newRow("newer") << QStringLiteral("newer") << QStringLiteral("index version 99");
        QTest::newRow("words damaged") << QStringLiteral("words") << QStringLiteral("word index is damaged");
    }

    void untrustedIndexFileIsRebuilt()
    {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        // The file is damaged while no Quire has it open (this process's
        // searches keep it open; deleting a live -wal and -shm in the very
        // process that uses them is not what this tests).
        restartRegistry();
        {
            WorkspaceIndex index(*m_registry);
            QVERIFY(index.refresh());
        }
        const QString path = indexPath();
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        if (damage == QLatin1String("delete")) {
            QVERIFY(QFile::remove(path));
            // A search meanwhile asks the albums, and makes no index.
            SearchQuery q;
            q.words = {QStringLiteral("night")};
            q.limit = -1;
            Result<SearchResult> result = searchNow(*m_registry, q);
            QVERIFY(result && !result->fromIndex);
            QVERIFY(!result->hits.isEmpty());
            WorkspaceIndex index(*m_registry);
            QVERIFY(index.open());
            QVERIFY2(index.rebuiltBecause().contains(message), qPrintable(index.rebuiltBecause()));
            Result<IndexRefresh> built = index.refresh();
            QVERIFY(built);
            QCOMPARE(built->albumsReindexed, m_albums.size());
            message = QString(); // the search below finds a trusted index
        } else if (damage == QLatin1String("truncate")) {
            QFile file(path);
            QVERIFY(file.size() > 8192);
            QVERIFY(file.resize(file.size() / 2));
        } else if (damage == QLatin1String("garbage")) {
            QByteArray bytes(64 * 1024, '\0');
            QRandomGenerator random(7);
            for (char &c : bytes)
                c = char(random.bounded(256));
            QVERIFY(test::writeFile(path, bytes));
        } else if (damage == QLatin1String("foreign")) {
            QVERIFY(QFile::remove(path));
            QCOMPARE(test::rawQuery(path, QStringLiteral("CREATE TABLE notes (x); PRAGMA application_id = 1234;")),
                     QString());
        } else if (damage == QLatin1String("newer")) {
            QCOMPARE(test::rawQuery(path, QStringLiteral("PRAGMA user_version = 99")), QString());
        } else if (damage == QLatin1String("words")) {
            // The FTS5 table's own structure record, overwritten.
            QCOMPARE(test::rawQuery(path, QStringLiteral("UPDATE picture_words_data SET block = x'ffffffff' WHERE id = 10")),
                     QString());
            // FTS5 then answers every MATCH with nothing and no error, so a
            // search's quick open cannot see it; a thorough open (quirectl
            // index, WorkspaceIndex::open()) runs FTS5's integrity-check.
            WorkspaceIndex index(*m_registry);
            QVERIFY(index.open(WorkspaceIndex::Check::Thorough));
            QVERIFY2(index.rebuiltBecause().contains(message), qPrintable(index.rebuiltBecause()));
            QVERIFY(index.refresh());
            message = QString();
        }
        SearchQuery q;
        q.words = {QStringLiteral("bea")};
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY2(result, qPrintable(result.error().toString()));
        QVERIFY2(result->fromIndex, qPrintable(result->indexNote));
        QVERIFY2(message.isEmpty() ? result->indexNote.isEmpty() : result->indexNote.contains(message),
                 qPrintable(result->indexNote));
        QCOMPARE(describe(result->hits), describe(bruteForce(*m_registry, m_albums, q)));
        QVERIFY(!result->hits.isEmpty());
        // Trusted again from now on: no message.
        result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QCOMPARE(result->indexNote, QString());
    }

    // The searches of a registry keep the index open between them; what
    // another process does to the file is still seen by the next search.
    void keptIndexSeesItsFileChangedElsewhere()
    {
        ensureIndex();
        SearchQuery q;
        q.words = {QStringLiteral("bea")};
        q.limit = -1;
        const QStringList expected = describe(bruteForce(*m_registry, m_albums, q));
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QCOMPARE(describe(result->hits), expected);
        // The sqlite3 shell marks it as of a newer index version.
        QCOMPARE(shell(indexPath(), QStringLiteral("PRAGMA user_version = 99;")), QString());
        result = searchNow(*m_registry, q);
        QVERIFY2(result && result->fromIndex, qPrintable(result->indexNote));
        QVERIFY2(result->indexNote.contains(QLatin1String("index version 99")), qPrintable(result->indexNote));
        QCOMPARE(describe(result->hits), expected);
        result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QCOMPARE(result->indexNote, QString()); // each rebuild is told once
        // The sqlite3 shell empties it: the next search reads every album again.
        QCOMPARE(shell(indexPath(), QStringLiteral("DELETE FROM pictures; DELETE FROM picture_words;"
                                                   " DELETE FROM picture_tags; DELETE FROM albums;")),
                 QString());
        result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QCOMPARE(describe(result->hits), expected);
        // Deleted: the albums are searched; made anew by another index (as
        // `quirectl index` would): the kept one follows the new file.
        QVERIFY(QFile::remove(indexPath()));
        result = searchNow(*m_registry, q);
        QVERIFY(result && !result->fromIndex);
        {
            AlbumRegistry other(m_registry->workspaceFolder());
            WorkspaceIndex index(other);
            Result<IndexRefresh> built = index.refresh();
            QVERIFY(built);
            QCOMPARE(built->albumsReindexed, m_albums.size());
        }
        result = searchNow(*m_registry, q);
        QVERIFY2(result && result->fromIndex, qPrintable(result->indexNote));
        QCOMPARE(describe(result->hits), expected);
        compareRandomQueries(4, 100);
    }

    // What the app's keeper does off the GUI thread: the first build goes
    // into the very index the searches share. A search that comes while it
    // runs searches the albums, complete, rather than wait or build twice;
    // the next one answers from the index, and the rebuild is told once.
    void refreshForSearchesIsTheSearchesIndex()
    {
        restartRegistry();
        QVERIFY(!QFile::exists(indexPath()) || QFile::remove(indexPath()));
        SearchQuery q;
        q.words = {QStringLiteral("bea")};
        q.limit = -1;
        const QStringList expected = describe(bruteForce(*m_registry, m_albums, q));
        QVERIFY(!expected.isEmpty());

        QSemaphore firstAlbumDone, goOn;
        Result<IndexRefresh> refreshed = IndexRefresh{};
        QString rebuiltBecause;
        std::thread keeper([&] {
            refreshed = refreshSearchIndex(
                *m_registry,
                [&](int done, int) {
                    if (done == 1) {
                        firstAlbumDone.release();
                        goOn.acquire();
                    }
                },
                nullptr, &rebuiltBecause);
        });
        const bool started = firstAlbumDone.tryAcquire(1, 120000); // a guard against a hang, not a speed limit
        Result<SearchResult> during = started ? searchNow(*m_registry, q) : Result<SearchResult>(SearchResult{});
        goOn.release();
        keeper.join();
        QVERIFY(started);
        QVERIFY2(during, qPrintable(during.error().toString()));
        QVERIFY(!during->fromIndex);
        QVERIFY2(during->indexNote.contains(QLatin1String("being brought up to date")), qPrintable(during->indexNote));
        QCOMPARE(describe(during->hits), expected);

        QVERIFY2(refreshed, qPrintable(refreshed.error().toString()));
        QCOMPARE(refreshed->albumsReindexed, m_albums.size());
        QVERIFY2(rebuiltBecause.contains(QLatin1String("did not exist")), qPrintable(rebuiltBecause));
        Result<SearchResult> after = searchNow(*m_registry, q);
        QVERIFY2(after && after->fromIndex, qPrintable(after ? after->indexNote : after.error().toString()));
        QCOMPARE(after->indexNote, QString());
        QCOMPARE(describe(after->hits), expected);
        // Up to date already: a second refresh reads no album again.
        refreshed = refreshSearchIndex(*m_registry);
        QVERIFY(refreshed);
        QCOMPARE(refreshed->albumsReindexed, 0);
    }

    // A rebuild (index_child, a real process) SIGKILLed after each album
    // in turn, and before the first: the next search, in this process and
    // after a restart, answers as the brute force does.
    void rebuildKilledAtAnyAlbumLeavesACorrectIndex()
    {
        ensureIndex();
        for (int killAfter = 0; killAfter < m_albums.size(); ++killAfter) {
            QProcess child;
            child.start(QStringLiteral(INDEX_CHILD_PATH), {m_registry->workspaceFolder()});
            QVERIFY(child.waitForStarted());
            for (int seen = 0; seen < killAfter;) {
                if (child.canReadLine()) {
                    if (child.readLine().startsWith("album "))
                        ++seen;
                    continue;
                }
                QVERIFY2(child.waitForReadyRead(30000), qPrintable(QString::fromUtf8(child.readAllStandardError())));
            }
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(30000));
            // Killed, unless the last album was quicker than the kill.
            QVERIFY(child.exitStatus() == QProcess::CrashExit || killAfter == m_albums.size() - 1);
            compareRandomQueries(100 + killAfter, 60);
            restartRegistry();
            compareRandomQueries(200 + killAfter, 60);
        }
    }

    // An album restored from an older backup: its generation goes back, and
    // the index reads it again rather than keep the newer rows.
    void restoredBackupIsReindexed()
    {
        ensureIndex();
        const int i = 1;
        const QString folder = m_albums.at(i).folder();
        const QString db = Album::databasePathFor(folder);
        const QString backup = m_dir.filePath(QStringLiteral("backup.db"));
        QFile::remove(backup);
        QCOMPARE(test::rawQuery(db, QStringLiteral("VACUUM INTO '%1'").arg(backup)), QString());
        const qint64 before = test::rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'generation'")).toLongLong();
        {
            Result<Session> session = m_albums.at(i).write();
            QVERIFY(session);
            QVERIFY(tagFirstTwo(*session, QStringLiteral("Later/Afterwards")));
        }
        SearchQuery q;
        q.words = {QStringLiteral("afterw")};
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result && result->fromIndex);
        QCOMPARE(result->hits.size(), 2);
        // The backup put back while the album is closed, as a person would.
        QVERIFY(m_registry->close(m_albums.at(i).uuid()));
        QVERIFY(QFile::remove(db));
        QVERIFY(QFile::copy(backup, db));
        QVERIFY(test::rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'generation'")).toLongLong() == before);
        result = searchNow(*m_registry, q);
        QVERIFY2(result && result->fromIndex, qPrintable(result->indexNote));
        QVERIFY2(result->failedAlbums.isEmpty(), qPrintable(result->failedAlbums.value(0).toString()));
        QCOMPARE(result->hits.size(), 0);
        Result<Tenant> reopened = m_registry->open(folder);
        QVERIFY2(reopened, qPrintable(reopened.error().toString()));
        m_albums[i] = Album(*reopened);
        compareRandomQueries(5, 100);
    }

    // An album's database replaced by a copy of another album's: the folder
    // now holds the other album (its UUID). The search says so, naming the
    // folder, and never lists the other album's pictures under this one.
    void albumReplacedByACopyOfAnotherIsNoticed()
    {
        ensureIndex();
        const Album replaced = m_albums.at(2);
        const Album other = m_albums.at(3);
        const QString db = Album::databasePathFor(replaced.folder());
        const QString copy = m_dir.filePath(QStringLiteral("copy.db"));
        const QString original = m_dir.filePath(QStringLiteral("original.db"));
        QFile::remove(copy);
        QFile::remove(original);
        QCOMPARE(test::rawQuery(db, QStringLiteral("VACUUM INTO '%1'").arg(original)), QString());
        QCOMPARE(test::rawQuery(Album::databasePathFor(other.folder()), QStringLiteral("VACUUM INTO '%1'").arg(copy)),
                 QString());
        QVERIFY(m_registry->close(replaced.uuid()));
        QVERIFY(QFile::remove(db));
        QVERIFY(QFile::rename(copy, db));
        SearchQuery q;
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY2(result && result->fromIndex, qPrintable(result ? result->indexNote : result.error().toString()));
        QCOMPARE(result->failedAlbums.size(), 1);
        QCOMPARE(result->failedAlbums.first().album(), replaced.folder());
        QVERIFY2(result->failedAlbums.first().message().contains(QLatin1String("is a copy of the album")),
                 qPrintable(result->failedAlbums.first().toString()));
        QSet<QUuid> otherPictures;
        for (const SearchHit &hit : std::as_const(result->hits)) {
            if (hit.albumUuid == other.uuid())
                otherPictures.insert(hit.picture.uuid);
        }
        for (const SearchHit &hit : std::as_const(result->hits)) {
            if (hit.albumUuid == replaced.uuid())
                QVERIFY(!otherPictures.contains(hit.picture.uuid));
        }
        // Put back, it is read again and found as before.
        QVERIFY(QFile::remove(db));
        QVERIFY(QFile::rename(original, db));
        Result<Tenant> reopened = m_registry->open(replaced.folder());
        QVERIFY2(reopened, qPrintable(reopened.error().toString()));
        m_albums[2] = Album(*reopened);
        compareRandomQueries(6, 100);
    }

    // A changed album is read again whole, but only the pictures that
    // changed are written into the index; the answers stay those of the
    // brute force. A renamed album rewrites every picture: its name is in
    // each one's words.
    void aChangedAlbumRewritesOnlyItsChangedPictures()
    {
        ensureIndex();
        WorkspaceIndex index(*m_registry);
        QVERIFY(index.refresh());
        Album album = m_albums.at(1);
        qint64 pictures = 0;
        {
            Result<Session> session = album.write();
            QVERIFY(session);
            Result<QList<Picture>> all = tagFirstTwo(*session, QStringLiteral("Places/Fjord"));
            QVERIFY(all && all->size() > 10);
            QVERIFY(quire::Pictures(*session).remove({all->at(5).id}));
            pictures = all->size() - 1;
        }
        Result<IndexRefresh> refreshed = index.refresh();
        QVERIFY2(refreshed, qPrintable(refreshed.error().toString()));
        QCOMPARE(refreshed->albumsReindexed, 1);
        QCOMPARE(refreshed->picturesWritten, 2); // the two tagged; the removed one only dropped
        SearchQuery fjord;
        fjord.words = {QStringLiteral("fjo")};
        Result<SearchResult> found = searchNow(*m_registry, fjord);
        QVERIFY(found && found->fromIndex);
        QCOMPARE(found->hits.size(), 2);
        SearchQuery every;
        every.albums = {album.uuid()};
        every.limit = -1;
        found = searchNow(*m_registry, every);
        QVERIFY(found && found->fromIndex);
        QCOMPARE(found->hits.size(), pictures);
        QVERIFY(album.setName(QStringLiteral("Fjords of the north")));
        refreshed = index.refresh();
        QVERIFY(refreshed);
        QCOMPARE(refreshed->picturesWritten, pictures);
        compareRandomQueries(7, 200);
    }

    void generationCountsEveryChange()
    {
        const QString db = Album::databasePathFor(m_albums.at(0).folder());
        const QString before = test::rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'generation'"));
        QVERIFY(before.toLongLong() > 0);
        QCOMPARE(shell(db, QStringLiteral("INSERT INTO tags (name) VALUES ('Counted');")), QString());
        const QString after = test::rawQuery(db, QStringLiteral("SELECT value FROM meta WHERE key = 'generation'"));
        QCOMPARE(after.toLongLong(), before.toLongLong() + 1);
    }

    void forgottenAlbumLeavesTheIndex()
    {
        {
            WorkspaceIndex index(*m_registry);
            QVERIFY(index.refresh());
        }
        const QUuid uuid = m_albums.at(0).uuid();
        QVERIFY(m_registry->forget(uuid));
        m_albums.removeFirst();
        SearchQuery q;
        q.limit = -1;
        Result<SearchResult> result = searchNow(*m_registry, q);
        QVERIFY(result);
        QVERIFY2(result->fromIndex, qPrintable(result->indexNote));
        for (const SearchHit &hit : std::as_const(result->hits))
            QVERIFY(hit.albumUuid != uuid);
        QCOMPARE(describe(result->hits), describe(bruteForce(*m_registry, m_albums, q)));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceIndex)
#include "tst_workspace_index.moc"
