// Bad files never stop an import: truncated, corrupt, empty, unreadable
// and non-UTF-8-named files are skipped with a reason (in the report and in
// the album's import_problems) while the files around them are imported;
// files whose EXIF lies are imported with the lie dropped.

#include "import_support.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace quire;
using namespace quire::test;

class TestImportBadFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badFileIsSkippedWithAReason_data();
    void badFileIsSkippedWithAReason();
    void bogusExifIsImportedWithACaveat_data();
    void bogusExifIsImportedWithACaveat();
    void unreadableFileIsSkipped();
    void nonUtf8FileNameIsReportedEscaped();
    void unusualButValidNamesImport();
    void escapedNameNeverHidesItsProblem();
};

// Bad files between two good ones: the import goes on, the bad file is
// skipped with a reason in the report and in the album's import_problems.
void TestImportBadFiles::badFileIsSkippedWithAReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTemporaryDir dir;
    PhotoSpec spec = dated();
    spec.width = 1024;
    spec.height = 768;
    const QString jpeg = dir.filePath(QStringLiteral("whole.jpg"));
    const QString png = dir.filePath(QStringLiteral("whole.png"));
    QVERIFY(writePhoto(jpeg, spec) && writePhoto(png, spec));
    const QByteArray wholeJpeg = fileBytes(jpeg);
    const QByteArray wholePng = fileBytes(png);
    QRandomGenerator random(6);
    QByteArray garbage(20000, Qt::Uninitialized);
    for (char &c : garbage)
        c = char(random.bounded(256));
    QTest::newRow("truncated jpeg") << QStringLiteral("m_truncated.jpg") << wholeJpeg.left(wholeJpeg.size() / 2);
    QTest::newRow("truncated png") << QStringLiteral("m_truncated.png") << wholePng.left(wholePng.size() / 2);
    QTest::newRow("garbage named .jpg") << QStringLiteral("m_garbage.jpg") << garbage;
    QTest::newRow("zero bytes") << QStringLiteral("m_empty.jpg") << QByteArray("");
    QTest::newRow("text named .png") << QStringLiteral("m_text.png") << QByteArray("hello\n").repeated(100);
}

void TestImportBadFiles::badFileIsSkippedWithAReason()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhoto(*album, QStringLiteral("a_before.jpg"), dated()));
    QVERIFY(writeFile(QDir(album->folder()).filePath(name), bytes));
    QVERIFY(putPhoto(*album, QStringLiteral("z_after.jpg"), dated()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->found, 3);
    QCOMPARE(report->added, 2);
    QCOMPARE(report->failed, 1);
    QVERIFY(!report->cancelled);
    const std::optional<ImportProblem> problem = problemFor(*report, name);
    QVERIFY2(problem, qPrintable(describe(*report)));
    QVERIFY2(problem->skipped, qPrintable(describe(*report)));
    QVERIFY(problem->reason.size() > 10);
    QCOMPARE(report->problems.size(), 1);

    QVERIFY(!pictureAt(*album, name));
    for (const QString &good : {QStringLiteral("a_before.jpg"), QStringLiteral("z_after.jpg")}) {
        const std::optional<Picture> p = pictureAt(*album, good);
        QVERIFY2(p, qPrintable(good));
        QVERIFY(!thumbnailOf(*album, p->id).isNull());
    }
    QCOMPARE(rawQuery(databaseOf(*album),
                      QStringLiteral("SELECT path || '|' || (picture_id IS NULL) || '|' || file_size || '|' || reason"
                                     " FROM import_problems")),
             QStringLiteral("%1|1|%2|%3").arg(name).arg(bytes.size()).arg(problem->reason));
}

// Files whose EXIF lies: imported all the same, the lie dropped, and the
// caveat reported (a date) or not needed (a size the decoder corrects).
void TestImportBadFiles::bogusExifIsImportedWithACaveat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("date");
    QTest::addColumn<int>("claimedWidth");
    QTest::addColumn<int>("commentBytes");
    QTest::addColumn<QString>("mentioned"); // empty: no caveat required
    QTest::newRow("year 0") << QStringLiteral("year0.jpg") << QStringLiteral("0000:00:00 00:00:00") << 0 << 0
                            << QStringLiteral("0000:00:00 00:00:00");
    QTest::newRow("year 9999") << QStringLiteral("year9999.jpg") << QStringLiteral("9999:12:31 23:59:59") << 0 << 0
                               << QStringLiteral("9999:12:31 23:59:59");
    QTest::newRow("absurd width") << QStringLiteral("wide.jpg") << QStringLiteral("2024:05:06 07:08:09")
                                  << int(4000000000u) << 0 << QString();
    // A JPEG's EXIF segment holds 64 KB at most: the 10 MB comment is a TIFF's.
    QTest::newRow("10 MB comment") << QStringLiteral("comment.tif") << QStringLiteral("2024:05:06 07:08:09") << 0
                                   << 10 * 1024 * 1024 << QString();
}

void TestImportBadFiles::bogusExifIsImportedWithACaveat()
{
    QFETCH(QString, name);
    QFETCH(QString, date);
    QFETCH(int, claimedWidth);
    QFETCH(int, commentBytes);
    QFETCH(QString, mentioned);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec spec;
    spec.dateTimeOriginal = date;
    spec.make = QStringLiteral("Liar");
    if (claimedWidth) {
        spec.exifPixelWidth = claimedWidth;
        spec.exifPixelHeight = claimedWidth;
    }
    if (commentBytes)
        spec.userComment = QByteArray(commentBytes, 'c');
    QVERIFY(putPhoto(*album, QStringLiteral("a_before.jpg"), dated()));
    QVERIFY(putPhoto(*album, name, spec));
    QVERIFY(putPhoto(*album, QStringLiteral("z_after.jpg"), dated()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 3);
    QCOMPARE(report->failed, 0);
    const std::optional<Picture> picture = pictureAt(*album, name);
    QVERIFY2(picture, qPrintable(describe(*report)));
    QCOMPARE(picture->cameraMake, QStringLiteral("Liar"));
    QCOMPARE(QSize(picture->width, picture->height), QSize(64, 48)); // decoded, not claimed
    QVERIFY(!thumbnailOf(*album, picture->id).isNull());
    const std::optional<ImportProblem> problem = problemFor(*report, name);
    if (mentioned.isEmpty()) {
        QVERIFY(!picture->takenAtGuessed);
        QCOMPARE(picture->takenAt, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));
        QVERIFY2(!problem || !problem->skipped, qPrintable(describe(*report)));
    } else {
        QVERIFY(picture->takenAtGuessed);
        QCOMPARE(picture->takenAt.toUTC(), FileTime);
        QVERIFY2(problem, qPrintable(describe(*report)));
        QString reasons; // the dropped value and the guess may come as two problems
        for (const ImportProblem &p : report->problems) {
            if (p.path == name) {
                QVERIFY(!p.skipped);
                reasons += p.reason + QLatin1Char('\n');
            }
        }
        QVERIFY2(reasons.contains(mentioned), qPrintable(reasons));
        QCOMPARE(rawQuery(databaseOf(*album),
                          QStringLiteral("SELECT picture_id FROM import_problems WHERE path = '%1'").arg(name)),
                 QString::number(picture->id));
    }
}

void TestImportBadFiles::unreadableFileIsSkipped()
{
    const AsNobody nobody; // root reads anything
    if (!nobody.active())
        QSKIP("running as root and cannot become nobody to make a file unreadable");
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY2(album, qPrintable(album.error().toString()));
    QVERIFY(putPhoto(*album, QStringLiteral("a_before.jpg"), dated()));
    QVERIFY(putPhoto(*album, QStringLiteral("m_secret.jpg"), dated()));
    QVERIFY(putPhoto(*album, QStringLiteral("z_after.jpg"), dated()));
    const QString secret = QDir(album->folder()).filePath(QStringLiteral("m_secret.jpg"));
    QCOMPARE(::chmod(QFile::encodeName(secret).constData(), 0), 0);
    QVERIFY(!QFile(secret).open(QIODevice::ReadOnly));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 2);
    QCOMPARE(report->failed, 1);
    const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("m_secret.jpg"));
    QVERIFY2(problem, qPrintable(describe(*report)));
    QVERIFY(problem->skipped);
    QVERIFY2(problem->reason.contains(QRegularExpression(QStringLiteral("permission|denied|read"),
                                                         QRegularExpression::CaseInsensitiveOption)),
             qPrintable(problem->reason));
    QVERIFY(!pictureAt(*album, QStringLiteral("m_secret.jpg")));
    QVERIFY(pictureAt(*album, QStringLiteral("z_after.jpg")));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT path FROM import_problems")),
             QStringLiteral("m_secret.jpg"));
    QVERIFY(album->close().ok());
}

void TestImportBadFiles::nonUtf8FileNameIsReportedEscaped()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhoto(*album, QStringLiteral("a_before.jpg"), dated()));
    QVERIFY(putPhoto(*album, QStringLiteral("z_after.jpg"), dated()));
    // The name's bytes: "bad", 0xFF (never valid UTF-8), ".jpg".
    const QByteArray name = QFile::encodeName(album->folder()) + QByteArray("/bad\xff.jpg");
    const QByteArray jpeg = fileBytes(QDir(album->folder()).filePath(QStringLiteral("a_before.jpg")));
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    QVERIFY(fd >= 0);
    const bool written = ::write(fd, jpeg.constData(), size_t(jpeg.size())) == jpeg.size();
    ::close(fd);
    QVERIFY(written);
    // A folder so named: what is inside is reported under the escaped folder.
    const QByteArray folder = QFile::encodeName(album->folder()) + QByteArray("/dir\xfe");
    const QByteArray inside = folder + QByteArray("/ok.jpg");
    QCOMPARE(::mkdir(folder.constData(), 0755), 0);
    const int fd2 = ::open(inside.constData(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    QVERIFY(fd2 >= 0);
    const bool written2 = ::write(fd2, jpeg.constData(), size_t(jpeg.size())) == jpeg.size();
    ::close(fd2);
    QVERIFY(written2);
    const auto cleanUp = qScopeGuard([&] { // QTemporaryDir cannot remove names it cannot decode
        ::unlink(name.constData());
        ::unlink(inside.constData());
        ::rmdir(folder.constData());
    });

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 2);
    QCOMPARE(report->failed, 2);
    QVERIFY2(report->problems.size() == 2, qPrintable(describe(*report)));
    QStringList paths;
    for (const ImportProblem &problem : report->problems) {
        QVERIFY(problem.skipped);
        QVERIFY(!problem.reason.isEmpty());
        paths.append(problem.path.toLower());
    }
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("bad\\xff.jpg"), QStringLiteral("dir\\xfe/ok.jpg")}));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT lower(path) FROM import_problems ORDER BY 1")),
             QStringLiteral("bad\\xff.jpg\ndir\\xfe/ok.jpg"));
    QCOMPARE(pictureCount(*album), 2);
    QVERIFY(::access(name.constData(), F_OK) == 0); // left where it was
}

void TestImportBadFiles::unusualButValidNamesImport()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    // Decomposed accents (as macOS writes them), spaces, URL characters,
    // a backslash that only looks like an escape, a leading dash.
    const QStringList names{QStringLiteral("Cafe\u0301 de Flore.jpg"), QStringLiteral("100% #1 ?.jpg"),
                            QStringLiteral("bad\\xff.jpg"), QStringLiteral("-rf.jpg"),
                            QString::fromUtf8("\xf0\x9f\x93\xb7/\xe6\x97\xa5\xe6\x9c\xac.jpg")};
    for (const QString &name : names)
        QVERIFY2(putPhoto(*album, name, dated()), qPrintable(name));
    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->added == names.size() && report->problems.isEmpty(), qPrintable(describe(*report)));
    for (const QString &name : names) {
        const std::optional<Picture> p = pictureAt(*album, name);
        QVERIFY2(p, qPrintable(name));
        QCOMPARE(p->contentHash, sha1Of(QDir(album->folder()).filePath(name)));
    }
    // Nothing changed: a second import agrees about every name.
    const Result<ImportReport> again = importPictures(*album);
    QVERIFY2(again && again->unchanged == names.size() && again->added == 0, qPrintable(describe(*again)));
}

// "bad\xff.jpg" spelled with a real backslash is a fine name; the file whose
// name has the byte 0xFF is reported under the same text. The report and
// import_problems must still show the second one after both imports.
void TestImportBadFiles::escapedNameNeverHidesItsProblem()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhoto(*album, QStringLiteral("bad\\xff.jpg"), dated()));
    const QByteArray jpeg = fileBytes(QDir(album->folder()).filePath(QStringLiteral("bad\\xff.jpg")));
    const QByteArray name = QFile::encodeName(album->folder()) + QByteArray("/bad\xff.jpg");
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    QVERIFY(fd >= 0);
    const bool written = ::write(fd, jpeg.constData(), size_t(jpeg.size())) == jpeg.size();
    ::close(fd);
    QVERIFY(written);
    const auto cleanUp = qScopeGuard([&] { ::unlink(name.constData()); });

    for (int run = 0; run < 2; ++run) {
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report, qPrintable(report.error().toString()));
        QVERIFY2(report->failed == 1, qPrintable(describe(*report)));
        QCOMPARE(pictureCount(*album), 1);
        QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT count(*) FROM import_problems")),
                 QStringLiteral("1"));
    }
}

QTEST_GUILESS_MAIN(TestImportBadFiles)
#include "tst_import_badfiles.moc"
