// Importing again: a second import reads nothing unchanged; a rescan adds
// new files, re-reads changed ones, marks vanished ones Missing (tags kept
// for their return) and relinks renamed ones by content hash; copying in
// from a source folder never overwrites, from another file system too.
// Progress, cancel and kills: tst_import_resume.

#include "import_support.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QRandomGenerator>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

using namespace quire;
using namespace quire::test;

namespace {

// A photo at path inside folder, dated unless the spec says, its mtime FileTime.
bool putPhotoIn(const QString &folder, const QString &path, PhotoSpec spec = {})
{
    if (spec.dateTimeOriginal.isNull())
        spec.dateTimeOriginal = QStringLiteral("2024:05:06 07:08:09");
    const QString file = QDir(folder).filePath(path);
    return writePhoto(file, spec) && setModified(file, FileTime);
}

// Distinct photos (their dates differ) a.jpg, b.jpg, ...
bool putPhotos(const QString &folder, const QStringList &names)
{
    int i = 0;
    for (const QString &name : names) {
        PhotoSpec spec;
        spec.dateTimeOriginal = QStringLiteral("2024:05:%1 07:08:09").arg(++i, 2, 10, QLatin1Char('0'));
        if (!putPhotoIn(folder, name, spec))
            return false;
    }
    return true;
}

ImportOptions rescanning()
{
    ImportOptions options;
    options.rescan = true;
    return options;
}

bool attachTag(const Album &album, qint64 pictureId, const QString &path)
{
    Result<Session> session = album.write();
    if (!session)
        return false;
    Result<Tag> tag = quire::Tags(*session).ensure(path);
    return tag && quire::Tags(*session).attach({pictureId}, tag->id);
}

QString db(const Album &album)
{
    return databaseOf(album);
}

} // namespace

class TestImportRescan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondImportReadsNothingUnchanged();
    void rescanAddsNewFiles();
    void rescanRereadsChangedFiles_data();
    void rescanRereadsChangedFiles();
    void rescanMarksRemovedMissingAndBringsThemBack();
    void rescanRelinksRenamedAndMovedFiles();
    void unreadableFolderMarksNothingMissing();
    void cancelledRescanMarksNothingMissing();
    void problemRowsFollowTheFile();
    void sourceFolderCopiesInWithoutOverwriting();
    void sourceFolderReportsNamesItCannotCopy();
    void missingSourceFolderIsAnError();
    void copyInFromAnotherFileSystem();
    void copyInStopsWhenTheDiskIsFull();
};

void TestImportRescan::secondImportReadsNothingUnchanged()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("sub/c.jpg"),
                                        QStringLiteral("sub/d.png"), QStringLiteral("e.tif")}));
    const Result<ImportReport> first = importPictures(*album);
    QVERIFY2(first, qPrintable(first.error().toString()));
    QCOMPARE(first->added, 5);
    const QString before = rawQuery(db(*album), QStringLiteral("SELECT group_concat(id || uuid || path, ',') FROM pictures"));

    for (const bool rescan : {false, true}) {
        ImportOptions options;
        options.rescan = rescan;
        const Result<ImportReport> again = importPictures(*album, options);
        QVERIFY2(again, qPrintable(again.error().toString()));
        QVERIFY2(again->found == 5 && again->unchanged == 5 && again->added == 0 && again->updated == 0
                     && again->relinked == 0 && again->missing == 0 && again->returned == 0 && again->failed == 0,
                 qPrintable(describe(*again)));
        QCOMPARE(again->bytes, 0); // nothing read again
        QVERIFY(again->problems.isEmpty());
        QCOMPARE(pictureCount(*album), 5);
        QCOMPARE(rawQuery(db(*album), QStringLiteral("SELECT group_concat(id || uuid || path, ',') FROM pictures")),
                 before);
    }
}

void TestImportRescan::rescanAddsNewFiles()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg")}));
    QVERIFY(importPictures(*album));
    PhotoSpec spec;
    spec.make = QStringLiteral("Newcomer");
    QVERIFY(putPhotoIn(album->folder(), QStringLiteral("d.jpg"), spec));
    QVERIFY(putPhotoIn(album->folder(), QStringLiteral("new folder/e.jpg"), spec));

    const Result<ImportReport> report = importPictures(*album, rescanning());
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->found == 5 && report->added == 2 && report->unchanged == 3 && report->missing == 0,
             qPrintable(describe(*report)));
    QCOMPARE(pictureCount(*album), 5);
    for (const QString &path : {QStringLiteral("d.jpg"), QStringLiteral("new folder/e.jpg")}) {
        const std::optional<Picture> p = pictureAt(*album, path);
        QVERIFY2(p, qPrintable(path));
        QCOMPARE(p->cameraMake, QStringLiteral("Newcomer"));
        QCOMPARE(quarterColours(thumbnailOf(*album, p->id)), QStringLiteral("RG/BB"));
    }
}

void TestImportRescan::rescanRereadsChangedFiles_data()
{
    QTest::addColumn<bool>("contentChanges");
    QTest::newRow("rewritten") << true;
    QTest::newRow("touched only") << false;
}

void TestImportRescan::rescanRereadsChangedFiles()
{
    QFETCH(bool, contentChanges);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec first;
    first.width = 400;
    first.height = 300;
    first.make = QStringLiteral("Canon");
    first.dateTimeOriginal = QStringLiteral("2020:02:02 02:02:02");
    QVERIFY(putPhotoIn(album->folder(), QStringLiteral("a.jpg"), first));
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("b.jpg")}));
    QVERIFY(importPictures(*album));
    const std::optional<Picture> before = pictureAt(*album, QStringLiteral("a.jpg"));
    QVERIFY(before);
    QVERIFY(attachTag(*album, before->id, QStringLiteral("Favourites")));

    const QString file = QDir(album->folder()).filePath(QStringLiteral("a.jpg"));
    const QDateTime later = FileTime.addDays(1);
    if (contentChanges) {
        // Edited in another program: turned to portrait, other metadata.
        PhotoSpec second;
        second.width = 300;
        second.height = 400;
        second.make = QStringLiteral("Nikon");
        second.lens = QStringLiteral("Nikkor 35mm");
        second.dateTimeOriginal = QStringLiteral("2021:03:03 03:03:03");
        QVERIFY(writePhoto(file, second));
    }
    QVERIFY(setModified(file, later));

    const Result<ImportReport> report = importPictures(*album, rescanning());
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->updated == 1 && report->unchanged == 1 && report->added == 0 && report->relinked == 0,
             qPrintable(describe(*report)));
    QCOMPARE(report->bytes, QFileInfo(file).size());
    const std::optional<Picture> after = pictureAt(*album, QStringLiteral("a.jpg"));
    QVERIFY(after);
    QCOMPARE(after->id, before->id);
    QCOMPARE(after->uuid, before->uuid);
    QCOMPARE(after->fileModified.toUTC(), later);
    QCOMPARE(after->fileSize, QFileInfo(file).size());
    QCOMPARE(after->contentHash, sha1Of(file));
    QCOMPARE(tagPathsOf(*album, after->id), QStringList{QStringLiteral("Favourites")});
    QCOMPARE(pictureCount(*album), 2);
    const QImage thumbnail = thumbnailOf(*album, after->id);
    QCOMPARE(quarterColours(thumbnail), QStringLiteral("RG/BB"));
    if (contentChanges) {
        QCOMPARE(after->cameraMake, QStringLiteral("Nikon"));
        QCOMPARE(after->lens, QStringLiteral("Nikkor 35mm"));
        QCOMPARE(after->takenAt, QDateTime(QDate(2021, 3, 3), QTime(3, 3, 3), Qt::UTC));
        QCOMPARE(QSize(after->width, after->height), QSize(300, 400));
        QVERIFY(after->contentHash != before->contentHash);
        QCOMPARE(thumbnail.size(), QSize(192, 256)); // the thumbnail is made again
    } else {
        QCOMPARE(after->cameraMake, QStringLiteral("Canon"));
        QCOMPARE(after->contentHash, before->contentHash);
        QCOMPARE(thumbnail.size(), QSize(256, 192));
    }
}

void TestImportRescan::rescanMarksRemovedMissingAndBringsThemBack()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("a.jpg"), QStringLiteral("b.jpg")}));
    QVERIFY(importPictures(*album));
    const std::optional<Picture> a = pictureAt(*album, QStringLiteral("a.jpg"));
    QVERIFY(a);
    QVERIFY(attachTag(*album, a->id, QStringLiteral("People/Ann")));
    const QString inAlbum = QDir(album->folder()).filePath(QStringLiteral("a.jpg"));
    const QString away = dir.filePath(QStringLiteral("away.jpg")); // outside the album
    QVERIFY(QFile::rename(inAlbum, away));

    const Result<ImportReport> gone = importPictures(*album, rescanning());
    QVERIFY2(gone, qPrintable(gone.error().toString()));
    QVERIFY2(gone->missing == 1 && gone->unchanged == 1 && gone->added == 0, qPrintable(describe(*gone)));
    std::optional<Picture> missing = pictureAt(*album, QStringLiteral("a.jpg"));
    QVERIFY(missing); // kept, not deleted
    QCOMPARE(missing->state, PictureState::Missing);
    QCOMPARE(missing->id, a->id);
    QCOMPARE(tagPathsOf(*album, a->id), QStringList{QStringLiteral("People/Ann")});
    QCOMPARE(pictureCount(*album, PictureState::Missing), 1);
    QCOMPARE(pictureCount(*album, PictureState::Present), 1);

    // Still gone: nothing new to report.
    const Result<ImportReport> stillGone = importPictures(*album, rescanning());
    QVERIFY(stillGone);
    QVERIFY2(stillGone->missing == 0 && stillGone->returned == 0, qPrintable(describe(*stillGone)));

    QVERIFY(QFile::rename(away, inAlbum)); // rename keeps the file's time
    const Result<ImportReport> back = importPictures(*album, rescanning());
    QVERIFY2(back, qPrintable(back.error().toString()));
    QVERIFY2(back->returned == 1 && back->added == 0 && back->missing == 0 && back->relinked == 0,
             qPrintable(describe(*back)));
    const std::optional<Picture> returned = pictureAt(*album, QStringLiteral("a.jpg"));
    QVERIFY(returned);
    QCOMPARE(returned->state, PictureState::Present);
    QCOMPARE(returned->id, a->id);
    QCOMPARE(returned->uuid, a->uuid);
    QCOMPARE(tagPathsOf(*album, a->id), QStringList{QStringLiteral("People/Ann")});
    QCOMPARE(pictureCount(*album, PictureState::Missing), 0);
    QCOMPARE(pictureCount(*album), 2);
}

void TestImportRescan::rescanRelinksRenamedAndMovedFiles()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg"),
                                        QStringLiteral("d.jpg")}));
    QVERIFY(importPictures(*album));
    QHash<QString, Picture> before;
    for (const QString &path : {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg"),
                                QStringLiteral("d.jpg")}) {
        const std::optional<Picture> p = pictureAt(*album, path);
        QVERIFY(p);
        before.insert(path, *p);
        QVERIFY(attachTag(*album, p->id, QStringLiteral("Trips/") + path));
    }

    // Renamed, moved into a new folder, and copied (a copy is a new picture).
    QVERIFY(QFile::rename(folder.filePath(QStringLiteral("a.jpg")), folder.filePath(QStringLiteral("renamed.jpg"))));
    QVERIFY(folder.mkpath(QStringLiteral("sub/deeper")));
    QVERIFY(QFile::rename(folder.filePath(QStringLiteral("b.jpg")), folder.filePath(QStringLiteral("sub/deeper/b.jpg"))));
    QVERIFY(QFile::copy(folder.filePath(QStringLiteral("c.jpg")), folder.filePath(QStringLiteral("c-copy.jpg"))));
    const Result<ImportReport> report = importPictures(*album, rescanning());
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->relinked == 2 && report->added == 1 && report->missing == 0 && report->unchanged == 2,
             qPrintable(describe(*report)));
    QCOMPARE(pictureCount(*album), 5);
    QCOMPARE(pictureCount(*album, PictureState::Missing), 0);
    QVERIFY(!pictureAt(*album, QStringLiteral("a.jpg")));
    QVERIFY(!pictureAt(*album, QStringLiteral("b.jpg")));
    const auto same = [&](const QString &now, const QString &was) {
        const std::optional<Picture> p = pictureAt(*album, now);
        return p && p->id == before[was].id && p->uuid == before[was].uuid && p->state == PictureState::Present
            && tagPathsOf(*album, p->id) == QStringList{QStringLiteral("Trips/") + was};
    };
    QVERIFY(same(QStringLiteral("renamed.jpg"), QStringLiteral("a.jpg")));
    QVERIFY(same(QStringLiteral("sub/deeper/b.jpg"), QStringLiteral("b.jpg")));
    QVERIFY(same(QStringLiteral("c.jpg"), QStringLiteral("c.jpg")));
    const std::optional<Picture> copy = pictureAt(*album, QStringLiteral("c-copy.jpg"));
    QVERIFY(copy && copy->id != before[QStringLiteral("c.jpg")].id);
    QCOMPARE(tagPathsOf(*album, copy->id), QStringList());

    // Gone at one rescan, back under another name at the next: the same picture.
    QVERIFY(QFile::rename(folder.filePath(QStringLiteral("d.jpg")), dir.filePath(QStringLiteral("d.jpg"))));
    const Result<ImportReport> gone = importPictures(*album, rescanning());
    QVERIFY(gone && gone->missing == 1);
    QVERIFY(folder.mkpath(QStringLiteral("found")));
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("d.jpg")), folder.filePath(QStringLiteral("found/d.jpg"))));
    const Result<ImportReport> found = importPictures(*album, rescanning());
    QVERIFY2(found, qPrintable(found.error().toString()));
    QVERIFY2(found->relinked == 1 && found->added == 0, qPrintable(describe(*found)));
    QVERIFY(same(QStringLiteral("found/d.jpg"), QStringLiteral("d.jpg")));
    QCOMPARE(pictureCount(*album), 5);
}

// Missing is decided only after a whole walk: a rescan cancelled before
// it ends marks nothing.
void TestImportRescan::cancelledRescanMarksNothingMissing()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("a.jpg"), QStringLiteral("b.jpg")}));
    QVERIFY(importPictures(*album));
    QVERIFY(QFile::remove(QDir(album->folder()).filePath(QStringLiteral("a.jpg"))));
    const std::atomic<bool> cancel{true};
    ImportOptions options = rescanning();
    options.cancel = &cancel;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY(report->cancelled);
    QCOMPARE(report->missing, 0);
    QCOMPARE(pictureCount(*album, PictureState::Missing), 0);
    const Result<ImportReport> whole = importPictures(*album, rescanning());
    QVERIFY2(whole && whole->missing == 1, qPrintable(describe(*whole)));
}

// A folder that cannot be read is no proof its files are gone.
void TestImportRescan::unreadableFolderMarksNothingMissing()
{
    const AsNobody nobody; // root reads anything
    if (!nobody.active())
        QSKIP("running as root and cannot become nobody to make a folder unreadable");
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY2(album, qPrintable(album.error().toString()));
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("open.jpg"), QStringLiteral("locked/a.jpg"),
                                        QStringLiteral("locked/b.jpg")}));
    QVERIFY(importPictures(*album));
    const QByteArray locked = QFile::encodeName(QDir(album->folder()).filePath(QStringLiteral("locked")));
    QCOMPARE(::chmod(locked.constData(), 0), 0);
    const auto unlock = qScopeGuard([&] { ::chmod(locked.constData(), 0755); });

    const Result<ImportReport> report = importPictures(*album, rescanning());
    QVERIFY2(report, qPrintable(report.error().toString()));
    const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("locked"));
    QVERIFY2(problem && !problem->reason.isEmpty(), qPrintable(describe(*report)));
    QVERIFY2(report->missing == 0, qPrintable(describe(*report)));
    QCOMPARE(pictureCount(*album, PictureState::Missing), 0);

    QCOMPARE(::chmod(locked.constData(), 0755), 0);
    const Result<ImportReport> readable = importPictures(*album, rescanning());
    QVERIFY2(readable && readable->unchanged == 3 && readable->problems.isEmpty(), qPrintable(describe(*readable)));
    QCOMPARE(pictureCount(*album, PictureState::Present), 3);
    QVERIFY(album->close().ok());
}

// import_problems holds what is wrong now: a failed file unchanged is not
// read again, and its row goes once the file imports or is gone; a
// caveat goes once the file is fixed.
void TestImportRescan::problemRowsFollowTheFile()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("good.jpg")}));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("broken.jpg")), QByteArray("not a jpeg at all\n").repeated(50)));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("gone.jpg")), QByteArray("nor this\n").repeated(50)));
    PhotoSpec future;
    future.dateTimeOriginal = QStringLiteral("9999:12:31 23:59:59");
    QVERIFY(putPhotoIn(album->folder(), QStringLiteral("future.jpg"), future));
    const auto problemPaths = [&] {
        return rawQuery(db(*album), QStringLiteral("SELECT group_concat(path, ',') FROM"
                                                   " (SELECT path FROM import_problems ORDER BY path)"));
    };
    const Result<ImportReport> first = importPictures(*album, rescanning());
    QVERIFY2(first && first->failed == 2 && first->added == 2, qPrintable(describe(*first)));
    QCOMPARE(problemPaths(), QStringLiteral("broken.jpg,future.jpg,gone.jpg"));

    const Result<ImportReport> unchanged = importPictures(*album, rescanning());
    QVERIFY(unchanged);
    QVERIFY2(unchanged->bytes == 0 && unchanged->added == 0, qPrintable(describe(*unchanged))); // nothing read again
    QCOMPARE(problemPaths(), QStringLiteral("broken.jpg,future.jpg,gone.jpg"));

    // Fixed, removed, and the date corrected.
    QVERIFY(QFile::remove(folder.filePath(QStringLiteral("broken.jpg"))));
    QVERIFY(putPhotos(album->folder(), {QStringLiteral("broken.jpg")}));
    QVERIFY(QFile::remove(folder.filePath(QStringLiteral("gone.jpg"))));
    future.dateTimeOriginal = QStringLiteral("2023:12:31 23:59:59");
    QVERIFY(writePhoto(folder.filePath(QStringLiteral("future.jpg")), future));
    QVERIFY(setModified(folder.filePath(QStringLiteral("future.jpg")), FileTime.addDays(2)));
    const Result<ImportReport> fixed = importPictures(*album, rescanning());
    QVERIFY2(fixed && fixed->added == 1 && fixed->updated == 1 && fixed->failed == 0, qPrintable(describe(*fixed)));
    QVERIFY2(fixed->problems.isEmpty(), qPrintable(describe(*fixed)));
    QCOMPARE(problemPaths(), QString());
    const std::optional<Picture> dated = pictureAt(*album, QStringLiteral("future.jpg"));
    QVERIFY(dated);
    QVERIFY(!dated->takenAtGuessed);
    QCOMPARE(dated->takenAt, QDateTime(QDate(2023, 12, 31), QTime(23, 59, 59), Qt::UTC));
    QCOMPARE(pictureCount(*album), 3);
}

void TestImportRescan::sourceFolderCopiesInWithoutOverwriting()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QString source = dir.filePath(QStringLiteral("Camera"));
    QVERIFY(putPhotos(source, {QStringLiteral("a.jpg"), QStringLiteral("sub/b.png"), QStringLiteral("sub/deep/c.jpg")}));
    QVERIFY(writeFile(source + QStringLiteral("/readme.txt"), "not a photo"));
    // The album already has a different sub/b.png.
    PhotoSpec theirs;
    theirs.make = QStringLiteral("AlreadyHere");
    QVERIFY(putPhotoIn(album->folder(), QStringLiteral("sub/b.png"), theirs));
    const QString albumB = QDir(album->folder()).filePath(QStringLiteral("sub/b.png"));
    const QByteArray albumBBytes = fileBytes(albumB);

    ImportOptions options;
    options.sourceFolder = source;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->copied == 2 && report->added >= 2, qPrintable(describe(*report)));
    QCOMPARE(fileBytes(albumB), albumBBytes); // never overwritten
    const std::optional<ImportProblem> clash = problemFor(*report, QStringLiteral("sub/b.png"));
    QVERIFY2(clash, qPrintable(describe(*report)));
    QVERIFY(clash->reason.size() > 10);
    QVERIFY(!QFileInfo::exists(QDir(album->folder()).filePath(QStringLiteral("readme.txt"))));
    for (const QString &path : {QStringLiteral("a.jpg"), QStringLiteral("sub/deep/c.jpg")}) {
        const QString copied = QDir(album->folder()).filePath(path);
        const QString original = QDir(source).filePath(path);
        QVERIFY2(QFileInfo::exists(original), "the source keeps its files");
        QCOMPARE(fileBytes(copied), fileBytes(original));
        const std::optional<Picture> p = pictureAt(*album, path);
        QVERIFY2(p, qPrintable(path));
        QCOMPARE(p->contentHash, sha1Of(original));
        QVERIFY(!thumbnailOf(*album, p->id).isNull());
    }
    const std::optional<Picture> theirsPicture = pictureAt(*album, QStringLiteral("sub/b.png"));
    QVERIFY(!theirsPicture || theirsPicture->cameraMake == QLatin1String("AlreadyHere"));

    // Again: what is already there (the same bytes) is neither copied nor added twice.
    const qint64 count = pictureCount(*album);
    const Result<ImportReport> again = importPictures(*album, options);
    QVERIFY2(again, qPrintable(again.error().toString()));
    QVERIFY2(again->copied == 0 && again->added == 0, qPrintable(describe(*again)));
    QCOMPARE(pictureCount(*album), count);
    QCOMPARE(fileBytes(albumB), albumBBytes);
}

void TestImportRescan::sourceFolderReportsNamesItCannotCopy()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QString source = dir.filePath(QStringLiteral("Camera"));
    QVERIFY(putPhotos(source, {QStringLiteral("good.jpg")}));
    const QByteArray jpeg = fileBytes(source + QStringLiteral("/good.jpg"));
    const QByteArray badName = QFile::encodeName(source) + QByteArray("/bad\xff.jpg");
    const int fd = ::open(badName.constData(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    QVERIFY(fd >= 0);
    const bool written = ::write(fd, jpeg.constData(), size_t(jpeg.size())) == jpeg.size();
    ::close(fd);
    QVERIFY(written);
    const auto cleanUp = qScopeGuard([&] { ::unlink(badName.constData()); });

    ImportOptions options;
    options.sourceFolder = source;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->copied == 1 && report->added == 1, qPrintable(describe(*report)));
    QCOMPARE(report->problems.size(), 1);
    QCOMPARE(report->problems[0].path.toLower(), QStringLiteral("bad\\xff.jpg"));
    QVERIFY(report->problems[0].skipped);
    QVERIFY(pictureAt(*album, QStringLiteral("good.jpg")));
    QCOMPARE(QDir(album->folder()).entryList(QDir::Files), QStringList{QStringLiteral("good.jpg")});
}

void TestImportRescan::missingSourceFolderIsAnError()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    ImportOptions options;
    options.sourceFolder = dir.filePath(QStringLiteral("no/such/card"));
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY(!report);
    QVERIFY2(report.error().message().contains(QLatin1String("no/such/card")), qPrintable(report.error().toString()));
    QCOMPARE(pictureCount(*album), 0);
}

// A memory card or a USB stick: the source is never on the album's file
// system, so copying cannot rely on a same-file-system fast path alone.
void TestImportRescan::copyInFromAnotherFileSystem()
{
    if (::geteuid() != 0)
        QSKIP("another file system is made with a tmpfs, which takes root to mount");
    QTemporaryDir dir;
    const QString card = dir.filePath(QStringLiteral("card"));
    QVERIFY(QDir().mkpath(card));
    const QByteArray point = QFile::encodeName(card);
    if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=16m") != 0)
        QSKIP("running as root without the right to mount: another file system not tested");
    const auto unmount = qScopeGuard([&] { ::umount2(point.constData(), MNT_DETACH); });
    QVERIFY(putPhotos(card, {QStringLiteral("DCIM/100CANON/IMG_0001.jpg"), QStringLiteral("DCIM/100CANON/IMG_0002.jpg")}));
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    ImportOptions options;
    options.sourceFolder = card;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->copied == 2 && report->added == 2 && report->problems.isEmpty(), qPrintable(describe(*report)));
    for (const QString &path : {QStringLiteral("DCIM/100CANON/IMG_0001.jpg"), QStringLiteral("DCIM/100CANON/IMG_0002.jpg")}) {
        QCOMPARE(fileBytes(QDir(album->folder()).filePath(path)), fileBytes(QDir(card).filePath(path)));
        const std::optional<Picture> p = pictureAt(*album, path);
        QVERIFY2(p, qPrintable(path));
        QCOMPARE(p->fileModified.toUTC(), FileTime); // the copy keeps the card's file time
    }
    QVERIFY(album->close().ok());
}

void TestImportRescan::copyInStopsWhenTheDiskIsFull()
{
    if (::geteuid() != 0)
        QSKIP("a full disk is made with a small tmpfs, which takes root to mount");
    QTemporaryDir dir;
    const QString media = dir.filePath(QStringLiteral("media"));
    QVERIFY(QDir().mkpath(media));
    const QByteArray point = QFile::encodeName(media);
    if (::mount("quire-test", point.constData(), "tmpfs", 0, "size=6m") != 0)
        QSKIP("running as root without the right to mount: a full disk not tested");
    const auto unmount = qScopeGuard([&] { ::umount2(point.constData(), MNT_DETACH); });
    // Eight files of 512 KB (random, as photos are) on the same 6 MB disk
    // (so copying takes no cross-file-system path): their copies cannot fit.
    const QString source = media + QStringLiteral("/Camera");
    QRandomGenerator random(6);
    for (int i = 0; i < 8; ++i) {
        QByteArray bytes(512 * 1024, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(256));
        QVERIFY(writeFile(QStringLiteral("%1/IMG_%2.jpg").arg(source).arg(i), bytes));
    }
    {
        Result<Album> album = Album::create(media + QStringLiteral("/Album"));
        QVERIFY2(album, qPrintable(album.error().toString()));
        ImportOptions options;
        options.sourceFolder = source;
        const Result<ImportReport> report = importPictures(*album, options);
        if (report)
            QFAIL(qPrintable(QStringLiteral("an import onto a full disk succeeded: ") + describe(*report)));
        QCOMPARE(report.error().code(), ErrorCode::Io);
        QVERIFY2(report.error().message().contains(QLatin1String("full")), qPrintable(report.error().toString()));
        // No half files: what is there is whole, nothing left under a temporary name.
        const QDir folder(album->folder());
        const QStringList files = folder.entryList(QDir::Files | QDir::Hidden);
        QVERIFY(files.size() < 8);
        for (const QString &name : files) {
            QVERIFY2(name.endsWith(QLatin1String(".jpg")), qPrintable(name));
            QCOMPARE(fileBytes(folder.filePath(name)), fileBytes(QDir(source).filePath(name)));
        }
        const Result<CheckReport> check = album->check();
        QVERIFY(check && check->ok);
        QVERIFY(album->close().ok());
    }
}

QTEST_GUILESS_MAIN(TestImportRescan)
#include "tst_import_rescan.moc"
