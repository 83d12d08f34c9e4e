// A long import, watched and stopped: progress grows to the totals, the
// album's writer is held per batch only, two imports at once add each file
// once, and an import cancelled or SIGKILLed (import_child), in the copy
// phase too, keeps what it committed and the next run finishes with every
// file exactly once.

#include "import_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace quire;
using namespace quire::test;

namespace {

bool putPhotoIn(const QString &folder, const QString &path, const PhotoSpec &spec)
{
    const QString file = QDir(folder).filePath(path);
    return writePhoto(file, spec) && setModified(file, FileTime);
}

QString db(const Album &album)
{
    return databaseOf(album);
}

} // namespace

class TestImportResume : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void progressGrowsToTheTotals();
    void twoImportsAtOnceAddEachFileOnce();
    void cancelKeepsWhatWasCommitted_data();
    void cancelKeepsWhatWasCommitted();
    void importResumesAfterKill_data();
    void importResumesAfterKill();
    void copyInResumesAfterKill();

private:
    QTemporaryDir m_dir;
    QString m_many; // 300 photos of 640x480, copied into each test's album
    qint64 m_manyBytes = 0;
    static constexpr int ManyCount = 300;
};

void TestImportResume::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_many = m_dir.filePath(QStringLiteral("many"));
    for (int i = 0; i < ManyCount; ++i) {
        PhotoSpec spec;
        spec.width = 640;
        spec.height = 480;
        spec.dateTimeOriginal = QStringLiteral("2020:01:01 00:%1:%2").arg(i / 60, 2, 10, QLatin1Char('0'))
                                    .arg(i % 60, 2, 10, QLatin1Char('0'));
        spec.make = QStringLiteral("Cam%1").arg(i % 3);
        const QString name = QStringLiteral("IMG_%1.jpg").arg(i, 4, 10, QLatin1Char('0'));
        QVERIFY(putPhotoIn(m_many, name, spec));
        m_manyBytes += QFileInfo(QDir(m_many).filePath(name)).size();
    }
}

void TestImportResume::progressGrowsToTheTotals()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    QVERIFY(copyFolder(m_many, folder));
    Result<Album> album = Album::create(folder);
    QVERIFY(album);
    QList<ImportProgress> seen;
    QString writtenBetweenBatches;
    ImportOptions options;
    options.threads = 2;
    options.progress = [&](const ImportProgress &p) {
        seen.append(p);
        // The import holds the album's writer for a batch only, so another
        // writer (here on the same thread, between batches) goes on.
        if (writtenBetweenBatches.isEmpty() && p.files > 0) {
            Result<Session> session = album->write();
            Result<Tag> tag = session ? quire::Tags(*session).ensure(QStringLiteral("Written/During/Import"))
                                      : Result<Tag>(session.error());
            writtenBetweenBatches = tag ? QStringLiteral("ok") : tag.error().toString();
        }
        return true;
    };
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->found, ManyCount);
    QCOMPARE(report->added, ManyCount);
    QCOMPARE(report->bytes, m_manyBytes);
    QVERIFY(!seen.isEmpty());
    for (qsizetype i = 0; i < seen.size(); ++i) {
        const ImportProgress &p = seen[i];
        const QString at = QStringLiteral("call %1: %2/%3 files, %4/%5 bytes")
                               .arg(i).arg(p.files).arg(p.filesTotal).arg(p.bytes).arg(p.bytesTotal);
        QVERIFY2(p.files <= p.filesTotal && p.bytes <= p.bytesTotal, qPrintable(at));
        if (i > 0) {
            const ImportProgress &q = seen[i - 1];
            QVERIFY2(p.files >= q.files && p.bytes >= q.bytes && p.filesTotal >= q.filesTotal
                         && p.elapsedMs >= q.elapsedMs,
                     qPrintable(at));
            QVERIFY2(q.scanning || !p.scanning, qPrintable(at)); // scanning ends once
        }
    }
    QCOMPARE(writtenBetweenBatches, QStringLiteral("ok")); // at the latest in the final report
    const ImportProgress &last = seen.last();
    QCOMPARE(last.files, ManyCount);
    QCOMPARE(last.filesTotal, ManyCount);
    QCOMPARE(last.bytes, m_manyBytes);
    QCOMPARE(last.bytesTotal, m_manyBytes);
    QVERIFY(!last.scanning);
}


void TestImportResume::twoImportsAtOnceAddEachFileOnce()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    QVERIFY(copyFolder(m_many, folder));
    Result<Album> album = Album::create(folder);
    QVERIFY(album);
    ImportOptions options;
    options.threads = 1;
    std::optional<Result<ImportReport>> other;
    std::thread second([&] { other.emplace(importPictures(*album, options)); });
    const Result<ImportReport> first = importPictures(*album, options);
    second.join();
    QVERIFY2(first, qPrintable(first.error().toString()));
    QVERIFY2(*other, qPrintable((*other).error().toString()));
    QCOMPARE(first->added + (*other)->added, ManyCount);
    QVERIFY2(first->problems.isEmpty() && (*other)->problems.isEmpty(),
             qPrintable(describe(*first) + describe(**other)));
    const QString once = everyFileOnce(db(*album), ManyCount);
    QVERIFY2(once.isEmpty(), qPrintable(once));
}


void TestImportResume::cancelKeepsWhatWasCommitted_data()
{
    QTest::addColumn<QString>("how");
    // Deterministic: nothing may be read, the run still ends cleanly.
    QTest::newRow("flag set before the start") << QStringLiteral("before");
    // Half-way, when the machine is slow enough for a report to come then
    // (skipped otherwise: the import finished first).
    QTest::newRow("progress returns false") << QStringLiteral("progress");
    QTest::newRow("flag set once some are committed") << QStringLiteral("committed");
}


void TestImportResume::cancelKeepsWhatWasCommitted()
{
    QFETCH(QString, how);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    QVERIFY(copyFolder(m_many, folder));
    Result<Album> album = Album::create(folder);
    QVERIFY(album);
    std::atomic<bool> cancel{how == QLatin1String("before")};
    bool cancelledMidway = how == QLatin1String("before");
    ImportOptions options;
    options.threads = 1;
    options.cancel = &cancel;
    options.progress = [&](const ImportProgress &p) {
        const bool done = !p.scanning && p.files == p.filesTotal;
        if (cancelledMidway || done || p.files == 0)
            return true;
        if (how == QLatin1String("progress")) {
            cancelledMidway = true;
            return false;
        }
        if (how == QLatin1String("committed") && pictureCount(*album) > 0) {
            // As another thread would: the flag, once a batch is in.
            cancelledMidway = true;
            cancel = true;
        }
        return true;
    };
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    if (!cancelledMidway || (!report->cancelled && report->added == ManyCount))
        QSKIP("the import finished before it could be cancelled half-way");
    QVERIFY2(report->cancelled, qPrintable(describe(*report)));
    const qint64 committed = pictureCount(*album);
    QVERIFY2(committed < ManyCount, qPrintable(describe(*report)));
    QCOMPARE(qint64(report->added), committed); // the report counts what stays
    QCOMPARE(rawQuery(db(*album), QStringLiteral("SELECT count(DISTINCT path) FROM pictures")),
             QString::number(committed));
    qInfo("cancelled with %lld of %d committed", committed, ManyCount);

    ImportOptions rerun;
    rerun.threads = 2;
    const Result<ImportReport> rest = importPictures(*album, rerun);
    QVERIFY2(rest, qPrintable(rest.error().toString()));
    QVERIFY(!rest->cancelled);
    QCOMPARE(qint64(rest->added), ManyCount - committed);
    QCOMPARE(qint64(rest->unchanged), committed);
    const QString once = everyFileOnce(db(*album), ManyCount);
    QVERIFY2(once.isEmpty(), qPrintable(once));
}


void TestImportResume::importResumesAfterKill_data()
{
    QTest::addColumn<int>("killAfter"); // kill once more than this many pictures are committed
    QTest::newRow("after the first batch") << 0;
    QTest::newRow("a third in") << ManyCount / 3;
    QTest::newRow("two thirds in") << 2 * ManyCount / 3;
}


void TestImportResume::importResumesAfterKill()
{
    QFETCH(int, killAfter);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    QVERIFY(copyFolder(m_many, folder));
    {
        Result<Album> album = Album::create(folder);
        QVERIFY(album);
        QVERIFY(album->close().ok());
    }
    const QString databasePath = Album::databasePathFor(folder);
    const auto committed = [&] { return rawQuery(databasePath, QStringLiteral("SELECT count(*) FROM pictures")).toInt(); };

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(IMPORT_CHILD_PATH), {folder});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    QDeadlineTimer deadline(std::chrono::minutes(3));
    while (child.state() == QProcess::Running && committed() <= killAfter && !deadline.hasExpired())
        QTest::qWait(10);
    const bool killedHalfway = child.state() == QProcess::Running;
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished(30000));
    QVERIFY2(!deadline.hasExpired(), "the child committed nothing in three minutes");
    if (!killedHalfway)
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, "import_child failed");
    const int before = committed();
    qInfo("killed with %d of %d committed%s", before, ManyCount, killedHalfway ? "" : " (it had finished)");
    QVERIFY(before > killAfter);
    QCOMPARE(rawQuery(databasePath, QStringLiteral("SELECT count(DISTINCT path) FROM pictures")),
             QString::number(before));

    Result<Album> album = Album::open(folder);
    QVERIFY2(album, qPrintable(album.error().toString()));
    ImportOptions options;
    options.threads = 2;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->found, ManyCount);
    QCOMPARE(report->added, ManyCount - before);
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    const QString once = everyFileOnce(databasePath, ManyCount);
    QVERIFY2(once.isEmpty(), qPrintable(once));
    const Result<CheckReport> check = album->check();
    QVERIFY(check);
    QVERIFY2(check->ok, qPrintable(check->problems.join(QLatin1Char('\n'))));
    QCOMPARE(rawQuery(databasePath, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
}


// Killed while copying in from a card: the rerun copies the rest, each file
// once and whole, with nothing left under a temporary name.
void TestImportResume::copyInResumesAfterKill()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    {
        Result<Album> album = Album::create(folder);
        QVERIFY(album);
        QVERIFY(album->close().ok());
    }
    const auto photosIn = [&] {
        return QDir(folder).entryList({QStringLiteral("*.jpg")}, QDir::Files).size();
    };
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(IMPORT_CHILD_PATH), {folder, m_many});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    QDeadlineTimer deadline(std::chrono::minutes(3));
    while (child.state() == QProcess::Running && photosIn() <= ManyCount / 4 && !deadline.hasExpired())
        QTest::qWait(5);
    const bool killedHalfway = child.state() == QProcess::Running;
    child.kill();
    QVERIFY(child.waitForFinished(30000));
    QVERIFY2(!deadline.hasExpired(), "the child copied nothing in three minutes");
    qInfo("killed with %lld of %d files copied%s", qint64(photosIn()), ManyCount,
          killedHalfway ? "" : " (it had finished)");

    Result<Album> album = Album::open(folder);
    QVERIFY2(album, qPrintable(album.error().toString()));
    ImportOptions options;
    options.sourceFolder = m_many;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden).size(), ManyCount); // no temporary files
    for (const QString &name : QDir(m_many).entryList(QDir::Files)) {
        if (fileBytes(QDir(folder).filePath(name)) != fileBytes(QDir(m_many).filePath(name)))
            QFAIL(qPrintable(name + QStringLiteral(" is not a whole copy")));
    }
    const QString once = everyFileOnce(db(*album), ManyCount);
    QVERIFY2(once.isEmpty(), qPrintable(once));
}


QTEST_GUILESS_MAIN(TestImportResume)
#include "tst_import_resume.moc"
