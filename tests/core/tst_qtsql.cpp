// QtSql interop: QSqlQuery and QSqlQueryModel on an album, on any thread,
// with no "connection is still in use" warning.

#include "testsupport.h"

#include <quire/qtsql.h>
#include <quire/quire.h>

#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace quire;

class TestQtSql : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Album m_album;

private Q_SLOTS:
    void initTestCase()
    {
        Result<Album> album = Album::create(m_dir.filePath(QStringLiteral("qt")));
        QVERIFY(album.ok());
        m_album = *album;
        Result<Session> session = m_album.write();
        QList<Picture> pictures;
        for (int i = 0; i < 3; ++i) {
            Picture p;
            p.path = QStringLiteral("p%1.jpg").arg(i);
            pictures.append(p);
        }
        QVERIFY(quire::Pictures(*session).add(pictures).ok());
    }

    void queryAndModelSeeQuiresRows()
    {
        quire::test::MessageCatcher messages;
        {
            Result<QtSqlConnection> connection = QtSqlConnection::open(m_album);
            QVERIFY2(connection.ok(), qPrintable(connection.error().toString()));
            QVERIFY(QSqlDatabase::contains(connection->connectionName()));
            {
                QSqlQuery query(connection->database());
                QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM pictures")));
                QVERIFY(query.next());
                QCOMPARE(query.value(0).toInt(), 3);
                QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys")));
                QVERIFY(query.next());
                QCOMPARE(query.value(0).toInt(), 1);

                QSqlQueryModel model;
                model.setQuery(QStringLiteral("SELECT path FROM pictures ORDER BY path"), connection->database());
                QCOMPARE(model.rowCount(), 3);
                QCOMPARE(model.data(model.index(2, 0)).toString(), QStringLiteral("p2.jpg"));

                // A write through Qt is seen by Quire: one SQLite, one file.
                QVERIFY(query.exec(QStringLiteral("UPDATE pictures SET rating = 5 WHERE path = 'p0.jpg'")));
            }
            QCOMPARE(quire::Pictures(*m_album.read()).byPath(QStringLiteral("p0.jpg"))->value().rating, 5);
            const QString name = connection->connectionName();
            connection = Result<QtSqlConnection>(Error(ErrorCode::Cancelled, {}, QStringLiteral("done")));
            QVERIFY(!QSqlDatabase::contains(name));
        }
        QVERIFY2(messages.messages().isEmpty(), qPrintable(messages.messages().join(QLatin1Char('\n'))));
    }

    void worksOnWorkerThreads()
    {
        quire::test::MessageCatcher messages;
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        QList<int> runs{0, 1, 2, 3, 4, 5, 6, 7};
        const QList<int> counts = QtConcurrent::blockingMapped(&pool, runs, [this](int) {
            Result<QtSqlConnection> connection = QtSqlConnection::open(m_album);
            if (!connection)
                return -1;
            QSqlQuery query(connection->database());
            if (!query.exec(QStringLiteral("SELECT count(*) FROM pictures")) || !query.next())
                return -2;
            return query.value(0).toInt();
        });
        for (int count : counts)
            QCOMPARE(count, 3);
        QVERIFY2(messages.messages().isEmpty(), qPrintable(messages.messages().join(QLatin1Char('\n'))));
    }

    void closedAlbumIsRefused()
    {
        Result<Album> other = Album::create(m_dir.filePath(QStringLiteral("closed")));
        QVERIFY(other->close().ok());
        Result<QtSqlConnection> connection = QtSqlConnection::open(*other);
        QVERIFY(!connection.ok());
        QCOMPARE(connection.error().code(), ErrorCode::InvalidArgument);
    }
};

QTEST_MAIN(TestQtSql)
#include "tst_qtsql.moc"
