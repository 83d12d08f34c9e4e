// Sessions, transactions and the typed API for pictures and tags.

#include "testsupport.h"

#include <quire/quire.h>

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

#include <optional>

using namespace quire;
using quire::test::rawQuery;

namespace {

Picture picture(const QString &path, const QDateTime &taken = {}, int rating = 0)
{
    Picture p;
    p.path = path;
    p.takenAt = taken;
    p.rating = rating;
    p.fileSize = 1000;
    p.width = 640;
    p.height = 480;
    return p;
}

QDateTime day(int year, int month, int dayOfMonth)
{
    return QDateTime(QDate(year, month, dayOfMonth), QTime(12, 0), Qt::UTC);
}

QStringList paths(const QList<Picture> &pictures)
{
    QStringList list;
    for (const Picture &p : pictures)
        list.append(p.path);
    return list;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    Album newAlbum()
    {
        Result<Album> album = Album::create(m_dir.filePath(QStringLiteral("album%1").arg(++m_count)));
        if (!album)
            qFatal("%s", qPrintable(album.error().toString()));
        return *album;
    }

private Q_SLOTS:
    void addedPictureReadsBackWithEveryField()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        QVERIFY(session.ok());
        Picture p = picture(QStringLiteral("2023/./beach.jpg"), day(2023, 7, 1), 4);
        p.contentHash = QByteArray::fromHex("00ff10");
        p.orientation = 6;
        p.cameraMake = QStringLiteral("Canon");
        p.cameraModel = QStringLiteral("EOS R6");
        QVERIFY(quire::Pictures(*session).add(p).ok());
        QVERIFY(p.id > 0);
        QVERIFY(!p.uuid.isNull());
        QVERIFY(p.addedAt.isValid());
        QCOMPARE(p.path, QStringLiteral("2023/beach.jpg"));

        Result<std::optional<Picture>> back = quire::Pictures(*session).byUuid(p.uuid);
        QVERIFY(back.ok() && back->has_value());
        const Picture &q = **back;
        QCOMPARE(q.id, p.id);
        QCOMPARE(q.path, QStringLiteral("2023/beach.jpg"));
        QCOMPARE(q.takenAt, day(2023, 7, 1));
        QCOMPARE(q.rating, 4);
        QCOMPARE(q.orientation, 6);
        QCOMPARE(q.contentHash, QByteArray::fromHex("00ff10"));
        QCOMPARE(q.cameraModel, QStringLiteral("EOS R6"));
        QCOMPARE(q.width, 640);
        QCOMPARE(q.state, PictureState::Present);
        QCOMPARE(quire::Pictures(*session).find(QStringLiteral("2023/beach.jpg"))->id, p.id);
        QCOMPARE(quire::Pictures(*session).find(p.uuid.toString())->id, p.id);
        QCOMPARE(quire::Pictures(*session).find(QStringLiteral("nope.jpg")).error().code(), ErrorCode::NotFound);
    }

    void badPathsAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << "/etc/passwd";
        QTest::newRow("parent") << "../outside.jpg";
        QTest::newRow("sneaky parent") << "a/../../outside.jpg";
        QTest::newRow("own folder") << ".quire/album.db";
        QTest::newRow("empty") << "";
        QTest::newRow("dot") << ".";
    }

    void badPathsAreRefused()
    {
        QFETCH(QString, path);
        Album album = newAlbum();
        Result<Session> session = album.write();
        Picture p = picture(path);
        Result<void> added = quire::Pictures(*session).add(p);
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(*quire::Pictures(*session).count(), 0);
    }

    void badValuesAreRefused()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Picture p = picture(QStringLiteral("a.jpg"));
        p.rating = 9;
        QCOMPARE(quire::Pictures(*session).add(p).error().code(), ErrorCode::InvalidArgument);
        p.rating = 0;
        p.orientation = 0;
        QCOMPARE(quire::Pictures(*session).add(p).error().code(), ErrorCode::InvalidArgument);
    }

    void batchIsAllOrNothing()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Picture first = picture(QStringLiteral("one.jpg"));
        QVERIFY(quire::Pictures(*session).add(first).ok());

        QList<Picture> batch{picture(QStringLiteral("two.jpg")), picture(QStringLiteral("three.jpg")),
                             picture(QStringLiteral("one.jpg"))};
        Result<void> added = quire::Pictures(*session).add(batch);
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code(), ErrorCode::AlreadyExists);
        QVERIFY(added.error().message().contains(QLatin1String("one.jpg")));
        QCOMPARE(paths(*quire::Pictures(*session).query({})), QStringList{QStringLiteral("one.jpg")});
    }

    void updateAndRemove()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Picture p = picture(QStringLiteral("old.jpg"));
        QVERIFY(quire::Pictures(*session).add(p).ok());
        p.path = QStringLiteral("new.jpg");
        p.rating = 5;
        p.state = PictureState::Missing;
        QVERIFY(quire::Pictures(*session).update(p).ok());
        Picture back = **quire::Pictures(*session).byId(p.id);
        QCOMPARE(back.path, QStringLiteral("new.jpg"));
        QCOMPARE(back.rating, 5);
        QCOMPARE(back.state, PictureState::Missing);
        QCOMPARE(back.uuid, p.uuid);

        Picture ghost = p;
        ghost.id = 9999;
        QCOMPARE(quire::Pictures(*session).update(ghost).error().code(), ErrorCode::NotFound);

        QVERIFY(quire::Pictures(*session).remove({p.id}).ok());
        QCOMPARE(*quire::Pictures(*session).count(), 0);
    }

    void queriesFilterByTagsDatesRatingAndPath()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Tags tags = quire::Tags(*session);
        const qint64 beach = tags.ensure(QStringLiteral("Places/Beach"))->id;
        const qint64 family = tags.ensure(QStringLiteral("People/Family"))->id;
        const qint64 dog = tags.ensure(QStringLiteral("Animals/Dog"))->id;

        QList<Picture> batch;
        batch << picture(QStringLiteral("2022/a.jpg"), day(2022, 5, 1), 1)
              << picture(QStringLiteral("2023/b.jpg"), day(2023, 2, 1), 3)
              << picture(QStringLiteral("2023/c.jpg"), day(2023, 8, 1), 5)
              << picture(QStringLiteral("2024/d.jpg"), day(2024, 1, 1), 2)
              << picture(QStringLiteral("undated.jpg"));
        batch[0].tagIds = {beach};
        batch[1].tagIds = {beach, family};
        batch[2].tagIds = {beach, family, dog};
        batch[3].tagIds = {dog};
        QVERIFY(quire::Pictures(*session).add(batch).ok());
        Pictures pictures = quire::Pictures(*session);

        PictureFilter all;
        all.allTags = {beach, family};
        QCOMPARE(paths(*pictures.query(all)), (QStringList{"2023/b.jpg", "2023/c.jpg"}));

        PictureFilter repeated; // the same tag twice is still the one tag
        repeated.allTags = {beach, beach};
        QCOMPARE(*pictures.count(repeated), 3);

        PictureFilter any;
        any.anyTags = {family, dog};
        QCOMPARE(paths(*pictures.query(any)), (QStringList{"2023/b.jpg", "2023/c.jpg", "2024/d.jpg"}));

        PictureFilter year;
        year.takenFrom = day(2023, 1, 1);
        year.takenTo = day(2024, 1, 1);
        QCOMPARE(paths(*pictures.query(year)), (QStringList{"2023/b.jpg", "2023/c.jpg"}));

        PictureFilter rated;
        rated.minRating = 3;
        QCOMPARE(*pictures.count(rated), 2);

        PictureFilter folder;
        folder.pathPrefix = QStringLiteral("2023/");
        QCOMPARE(*pictures.count(folder), 2);

        PictureFilter newest;
        newest.order = PictureFilter::Order::TakenDescending;
        newest.limit = 2;
        QCOMPARE(paths(*pictures.query(newest)), (QStringList{"2024/d.jpg", "2023/c.jpg"}));

        PictureFilter best; // by rating, the unrated (0) last, ties by path
        best.order = PictureFilter::Order::RatingDescending;
        QCOMPARE(paths(*pictures.query(best)),
                 (QStringList{"2023/c.jpg", "2023/b.jpg", "2024/d.jpg", "2022/a.jpg", "undated.jpg"}));

        PictureFilter combined;
        combined.allTags = {beach};
        combined.takenFrom = day(2023, 1, 1);
        combined.minRating = 4;
        combined.withTags = true;
        Result<QList<Picture>> one = pictures.query(combined);
        QCOMPARE(paths(*one), QStringList{"2023/c.jpg"});
        QCOMPARE(QSet<qint64>(one->first().tagIds.begin(), one->first().tagIds.end()),
                 (QSet<qint64>{beach, family, dog}));

        PictureFilter text;
        text.pathContains = QStringLiteral("UNDATED");
        QCOMPARE(paths(*pictures.query(text)), QStringList{"undated.jpg"});
    }

    void tagTreeRenameReparentRemove()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Tags tags = quire::Tags(*session);
        Result<Tag> beach = tags.ensure(QStringLiteral("Places/Sea/Beach"));
        QVERIFY(beach.ok());
        QCOMPARE(beach->path, QStringLiteral("Places/Sea/Beach"));
        QCOMPARE(tags.ensure(QStringLiteral("/Places//Sea/Beach/"))->id, beach->id); // same tag again
        const qint64 places = (*tags.byPath(QStringLiteral("Places")))->id;
        const qint64 sea = (*tags.byPath(QStringLiteral("Places/Sea")))->id;

        QVERIFY(tags.rename(sea, QStringLiteral("Ocean")).ok());
        QCOMPARE((*tags.byId(beach->id))->path, QStringLiteral("Places/Ocean/Beach"));
        QCOMPARE(tags.rename(sea, QStringLiteral("a/b")).error().code(), ErrorCode::InvalidArgument);

        // No cycles: a tag cannot go under its own subtree.
        QCOMPARE(tags.reparent(places, beach->id).error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(tags.reparent(places, places).error().code(), ErrorCode::InvalidArgument);
        QVERIFY(tags.reparent(beach->id, 0).ok());
        QCOMPARE((*tags.byId(beach->id))->path, QStringLiteral("Beach"));
        QCOMPARE(tags.create(QStringLiteral("Beach")).error().code(), ErrorCode::AlreadyExists);

        Picture p = picture(QStringLiteral("x.jpg"));
        p.tagIds = {beach->id, sea};
        QVERIFY(quire::Pictures(*session).add(p).ok());
        QCOMPARE(tags.of(p.id)->size(), 2);
        QVERIFY(tags.detach({p.id}, beach->id).ok());
        QCOMPARE(tags.of(p.id)->size(), 1);

        // Removing a tag removes its subtree and its attachments, not pictures.
        QVERIFY(tags.remove(places).ok());
        QVERIFY(!tags.byId(sea)->has_value());
        QCOMPARE(tags.of(p.id)->size(), 0);
        QCOMPARE(*quire::Pictures(*session).count(), 1);
        QCOMPARE(tags.all()->size(), 1);
        QCOMPARE(tags.attach({p.id}, 4242).error().code(), ErrorCode::NotFound);
        QCOMPARE(tags.attach({4242}, beach->id).error().code(), ErrorCode::NotFound);
    }

    void transactionRollsBackUnlessCommitted()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        {
            Result<Transaction> transaction = session->transaction();
            QVERIFY(transaction.ok());
            Picture p = picture(QStringLiteral("lost.jpg"));
            QVERIFY(quire::Pictures(*session).add(p).ok());
            QCOMPARE(*quire::Pictures(*session).count(), 1);
        } // no commit
        QCOMPARE(*quire::Pictures(*session).count(), 0);

        Result<Transaction> outer = session->transaction();
        Picture kept = picture(QStringLiteral("kept.jpg"));
        QVERIFY(quire::Pictures(*session).add(kept).ok());
        {
            Result<Transaction> inner = session->transaction(); // a savepoint
            Picture dropped = picture(QStringLiteral("dropped.jpg"));
            QVERIFY(quire::Pictures(*session).add(dropped).ok());
            QVERIFY(inner->rollback().ok());
        }
        QVERIFY(outer->commit().ok());
        QCOMPARE(paths(*quire::Pictures(*session).query({})), QStringList{"kept.jpg"});
        QCOMPARE(rawQuery(album.databasePath(), QStringLiteral("SELECT path FROM pictures")),
                 QStringLiteral("kept.jpg"));
    }

    void sessionEndedInsideTransactionRollsBack()
    {
        Album album = newAlbum();
        {
            Result<Session> session = album.write();
            QVERIFY(session->connection().exec("BEGIN IMMEDIATE").ok());
            Picture p = picture(QStringLiteral("half.jpg"));
            QVERIFY(quire::Pictures(*session).add(p).ok());
        }
        Result<Session> next = album.write();
        QVERIFY(!next->connection().inTransaction());
        QCOMPARE(*quire::Pictures(*next).count(), 0);
    }

    void readSessionCannotWrite()
    {
        Album album = newAlbum();
        Result<Session> session = album.read();
        QVERIFY(session.ok());
        QVERIFY(!session->isWritable());
        Picture p = picture(QStringLiteral("a.jpg"));
        QCOMPARE(quire::Pictures(*session).add(p).error().code(), ErrorCode::InvalidArgument);
        // Raw SQL on a reader is refused by SQLite (query_only).
        QVERIFY(!session->connection().exec("INSERT INTO tags (name) VALUES ('x')").ok());
    }

    void aConnectionOpenedForReadingWritesWithTheAlbumsSettings()
    {
        Album album = newAlbum();
        auto first = std::make_optional(album.read());
        auto second = std::make_optional(album.read()); // the album's idle connection is taken: a new one opens
        QVERIFY(first->ok() && second->ok());
        const void *openedToRead = (*second)->connection().handle();
        first.reset();
        second.reset(); // the last returned is the first lent again
        Result<Session> writer = album.write();
        QVERIFY(writer.ok());
        QCOMPARE(writer->connection().handle(), openedToRead);
        // WAL with synchronous NORMAL (1), as the album's first connection:
        // a reader's connection turned writer had kept SQLite's FULL (2).
        Result<Statement> synchronous = writer->statement("PRAGMA synchronous");
        QVERIFY(synchronous.ok());
        QVERIFY(*synchronous->step());
        QCOMPARE(synchronous->values().value(0).toInt(), 1);
        Picture written = picture(QStringLiteral("written.jpg"));
        QVERIFY(quire::Pictures(*writer).add(written).ok());
    }

    void readersSeeCommittedDataBesideAWriter()
    {
        Album album = newAlbum();
        Result<Session> writer = album.write();
        Picture p = picture(QStringLiteral("first.jpg"));
        QVERIFY(quire::Pictures(*writer).add(p).ok());
        Result<Transaction> open = writer->transaction();
        Picture pending = picture(QStringLiteral("pending.jpg"));
        QVERIFY(quire::Pictures(*writer).add(pending).ok());

        // WAL: a reader runs while the writer holds its transaction open,
        // and sees only what was committed.
        Result<Session> reader = album.read();
        QVERIFY(reader.ok());
        QCOMPARE(*quire::Pictures(*reader).count(), 1);
        QVERIFY(open->commit().ok());
        QCOMPARE(*quire::Pictures(*reader).count(), 2);
    }

    void sessionsFromManyThreadsLoseNoWrite()
    {
        Album album = newAlbum();
        const int threads = 8, perThread = 50;
        QList<int> workers;
        for (int i = 0; i < threads; ++i)
            workers.append(i);
        QThreadPool pool;
        pool.setMaxThreadCount(threads);
        QList<QString> failures = QtConcurrent::blockingMapped(&pool, workers, [&](int worker) {
            for (int i = 0; i < perThread; ++i) {
                if (i % 3 == 0) {
                    Result<Session> reader = album.read();
                    if (!reader || !quire::Pictures(*reader).count())
                        return QStringLiteral("read failed");
                    continue;
                }
                Result<Session> session = album.write();
                if (!session)
                    return session.error().toString();
                Picture p = picture(QStringLiteral("t%1/p%2.jpg").arg(worker).arg(i));
                if (auto r = quire::Pictures(*session).add(p); !r)
                    return r.error().toString();
            }
            return QString();
        });
        for (const QString &failure : failures)
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const int writesPerThread = perThread - (perThread + 2) / 3;
        QCOMPARE(*quire::Pictures(*album.read()).count(), threads * writesPerThread);
        QCOMPARE(album.leasedConnections(), 0);
        QVERIFY(album.openConnections() <= 1 + AlbumOptions().maxReaders);
    }

    // What the workspace index asks before each search instead of SQL: a
    // write session ending (on any thread, committed or not) changes it; a
    // read session does not; the album opened again never gives back a
    // value it gave before.
    void writeSerialChangesAsEachWriteSessionEnds()
    {
        Album album = newAlbum();
        const QString folder = album.folder();
        const quint64 first = album.writeSerial();
        {
            Result<Session> reader = album.read();
            QVERIFY(reader && quire::Pictures(*reader).count());
        }
        QCOMPARE(album.writeSerial(), first);
        quint64 whileWriting = 0;
        {
            Result<Session> writer = album.write();
            QVERIFY(writer);
            Picture added = picture(QStringLiteral("a.jpg"));
            QVERIFY(quire::Pictures(*writer).add(added));
            whileWriting = album.writeSerial();
        }
        QCOMPARE(whileWriting, first); // seen only once the session has ended
        const quint64 afterWrite = album.writeSerial();
        QVERIFY(afterWrite != first);
        // On another thread, rolled back: still counted (the index merely asks once more).
        const bool began = QtConcurrent::run([&] {
            Result<Session> writer = album.write();
            return writer && writer->transaction().ok();
        }).result();
        QVERIFY(began);
        QVERIFY(album.writeSerial() != afterWrite);
        QVERIFY(album.close());
        Result<Album> reopened = Album::open(folder);
        QVERIFY(reopened);
        QVERIFY(reopened->writeSerial() != album.writeSerial());
        QCOMPARE(Album().writeSerial(), quint64(0));
    }

    void closeWaitsForSessionsAndRemovesWalFiles()
    {
        Album album = newAlbum();
        const QString db = album.databasePath();
        Result<Session> session = album.session(Access::Write, QStringLiteral("adding"));
        Picture p = picture(QStringLiteral("a.jpg"));
        QVERIFY(quire::Pictures(*session).add(p).ok());
        QVERIFY(QFile::exists(db + QStringLiteral("-wal")));

        Result<void> refused = album.close(std::chrono::milliseconds(50));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::Busy);
        QVERIFY(refused.error().message().contains(QLatin1String("still in use")));
        QVERIFY2(refused.error().message().contains(QLatin1String("'adding' write session")), qPrintable(refused.error().message()));

        auto ended = QtConcurrent::run([s = std::move(*session)]() mutable {
            QThread::msleep(50);
            Session finished = std::move(s);
        });
        QVERIFY(album.close(std::chrono::seconds(10)).ok());
        ended.waitForFinished();
        QVERIFY(album.isClosed());
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(db + QStringLiteral("-shm")));
        QCOMPARE(album.write().error().code(), ErrorCode::NotFound);
        QCOMPARE(rawQuery(db, QStringLiteral("SELECT count(*) FROM pictures")), QStringLiteral("1"));
    }

    void statementCacheHandlesNestedUseOfTheSameSql()
    {
        Album album = newAlbum();
        Result<Session> session = album.write();
        Connection &db = session->connection();
        QVERIFY(db.exec("CREATE TEMP TABLE n (x); INSERT INTO n VALUES (1), (2);").ok());
        Result<Statement> outer = db.cached("SELECT x FROM n ORDER BY x");
        QVERIFY(*outer->step());
        Result<Statement> inner = db.cached("SELECT x FROM n ORDER BY x");
        QVERIFY(*inner->step());
        QCOMPARE(inner->int64(0), 1);
        QVERIFY(*outer->step());
        QCOMPARE(outer->int64(0), 2);
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
