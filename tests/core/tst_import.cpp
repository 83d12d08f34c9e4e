// Importing photos into an album: every EXIF and XMP field reaches the
// picture's row and tags, thumbnails are upright in every orientation and
// for every format (RAW through its preview), content hashes find
// duplicates within and across albums, moves keep it all, and a read-only
// album is left alone.
// Bad files: tst_import_badfiles. Rescans and copying in: tst_import_rescan.
// Progress, cancel and kills: tst_import_resume.

#include "import_support.h"

#include <quire/duplicates.h>
#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/tags.h>
#include <quire/pictures.h>
#include <quire/transfer.h>

#include <QImageReader>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <ctime>

using namespace quire;
using namespace quire::test;

namespace {

bool near(const std::optional<double> &value, double expected, double tolerance = 1e-6)
{
    return value && std::fabs(*value - expected) <= tolerance;
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importableFileNames_data();
    void importableFileNames();
    void everyExifFieldReachesThePicture();
    void keywordsBecomeTagsAndRatingTheRating();
    void lightroomKeywordsBecomeTagPaths();
    void fileWithoutDateUsesTheFileTime();
    void thumbnailIsUprightInEveryOrientation_data();
    void thumbnailIsUprightInEveryOrientation();
    void thumbnailSizeOptionSetsTheLongEdge();
    void thumbnailOfAStripKeepsAPixel();
    void formatsImportWithSizeAndThumbnail_data();
    void formatsImportWithSizeAndThumbnail();
    void rawFileThumbnailComesFromItsPreview_data();
    void rawFileThumbnailComesFromItsPreview();
    void nonImagesAndTheAlbumDatabaseAreIgnored();
    void contentHashIsSha1OfTheWholeFile();
    void duplicatesWithinAndAcrossAlbums();
    void duplicatesSkipAnAlbumThatCannotBeOpened();
    void moveKeepsImportedMetadata();
    void readOnlyAlbumRefusesImportAndWritesNothing();
};

void TestImport::initTestCase()
{
    // Far from UTC, so a wall clock read as local time (or a file time
    // converted twice) shows as hours off.
    qputenv("TZ", "Pacific/Auckland");
    ::tzset();
}

void TestImport::importableFileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("importable");
    for (const char *yes : {"a.jpg", "a.JPG", "b.jpeg", "c.png", "d.tif", "e.TIFF", "f.webp", "g.gif", "h.bmp",
                            "i.dng", "j.CR2", "k.cr3", "l.nef", "m.arw", "n.orf", "o.rw2", "p.raf", "q.pef",
                            "r.srw", "dir.d/s.jpg", "t.mp4", "u.MOV", "v.mkv"})
        QTest::newRow(yes) << QString::fromLatin1(yes) << true;
    for (const char *no : {"notes.txt", "album.db", "album.db-wal", "a.jpg.part", "jpg", "song.mp3", "x.xmp", ""})
        QTest::newRow(*no ? no : "empty") << QString::fromLatin1(no) << false;
}

void TestImport::importableFileNames()
{
    QFETCH(QString, name);
    QFETCH(bool, importable);
    QCOMPARE(isImportableFileName(name), importable);
}

void TestImport::everyExifFieldReachesThePicture()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec offset;
    offset.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
    offset.subSecTimeOriginal = QStringLiteral("250");
    offset.offsetTimeOriginal = QStringLiteral("+02:00");
    QVERIFY(putPhoto(*album, QStringLiteral("offset.jpg"), offset));
    PhotoSpec wallClock;
    wallClock.dateTimeOriginal = QStringLiteral("2019:12:31 23:59:58");
    QVERIFY(putPhoto(*album, QStringLiteral("wallclock.jpg"), wallClock));
    PhotoSpec camera = dated();
    camera.make = QStringLiteral("Canon");
    camera.model = QStringLiteral("Canon EOS R5");
    camera.lens = QStringLiteral("RF24-105mm F4 L IS USM");
    camera.orientation = 1;
    camera.exposureTime = QStringLiteral("1/250");
    camera.fNumber = QStringLiteral("28/10");
    camera.iso = 400;
    camera.focalLength = QStringLiteral("50/1");
    QVERIFY(putPhoto(*album, QStringLiteral("camera.jpg"), camera));
    PhotoSpec turned = dated();
    turned.orientation = 8;
    QVERIFY(putPhoto(*album, QStringLiteral("turned.jpg"), turned));
    PhotoSpec southWest = dated();
    southWest.latitude = -54.801912;
    southWest.longitude = -68.302951;
    southWest.altitude = -12.5;
    QVERIFY(putPhoto(*album, QStringLiteral("gps/southwest.jpg"), southWest));
    PhotoSpec northEast = dated();
    northEast.latitude = 48.858222;
    northEast.longitude = 2.2945;
    northEast.altitude = 35.5;
    QVERIFY(putPhoto(*album, QStringLiteral("gps/northeast.jpg"), northEast));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(report->found, 6);
    QCOMPARE(report->added, 6);
    QCOMPARE(report->failed, 0);
    QVERIFY(!report->cancelled);

    const std::optional<Picture> withOffset = pictureAt(*album, QStringLiteral("offset.jpg"));
    QVERIFY(withOffset);
    QCOMPARE(withOffset->takenAt, QDateTime(QDate(2024, 7, 14), QTime(8, 30, 0, 250), Qt::UTC));
    QCOMPARE(withOffset->utcOffsetMinutes, std::optional<int>(120));
    QVERIFY(!withOffset->takenAtGuessed);

    const std::optional<Picture> wall = pictureAt(*album, QStringLiteral("wallclock.jpg"));
    QVERIFY(wall);
    QCOMPARE(wall->takenAt, QDateTime(QDate(2019, 12, 31), QTime(23, 59, 58), Qt::UTC));
    QCOMPARE(wall->utcOffsetMinutes, std::optional<int>());
    QVERIFY(!wall->takenAtGuessed);

    const std::optional<Picture> cam = pictureAt(*album, QStringLiteral("camera.jpg"));
    QVERIFY(cam);
    const QString cameraFile = QDir(album->folder()).filePath(QStringLiteral("camera.jpg"));
    QCOMPARE(cam->cameraMake, QStringLiteral("Canon"));
    QCOMPARE(cam->cameraModel, QStringLiteral("Canon EOS R5"));
    QCOMPARE(cam->lens, QStringLiteral("RF24-105mm F4 L IS USM"));
    QCOMPARE(cam->orientation, 1);
    QVERIFY(near(cam->exposureTime, 1.0 / 250));
    QVERIFY(near(cam->fNumber, 2.8));
    QCOMPARE(cam->iso, std::optional<int>(400));
    QVERIFY(near(cam->focalLength, 50));
    QVERIFY(!cam->gps);
    QCOMPARE(cam->width, 64);
    QCOMPARE(cam->height, 48);
    QCOMPARE(cam->fileSize, QFileInfo(cameraFile).size());
    QCOMPARE(cam->fileModified.toUTC(), FileTime);
    QCOMPARE(cam->state, PictureState::Present);
    QVERIFY(!cam->uuid.isNull());
    QVERIFY(cam->addedAt.isValid());

    const std::optional<Picture> eight = pictureAt(*album, QStringLiteral("turned.jpg"));
    QVERIFY(eight);
    QCOMPARE(eight->orientation, 8);

    const std::optional<Picture> sw = pictureAt(*album, QStringLiteral("gps/southwest.jpg"));
    QVERIFY(sw && sw->gps);
    QVERIFY2(std::fabs(sw->gps->latitude - -54.801912) < 1e-6, qPrintable(QString::number(sw->gps->latitude, 'f', 8)));
    QVERIFY2(std::fabs(sw->gps->longitude - -68.302951) < 1e-6, qPrintable(QString::number(sw->gps->longitude, 'f', 8)));
    QVERIFY(near(sw->gps->altitude, -12.5, 0.01));
    const std::optional<Picture> ne = pictureAt(*album, QStringLiteral("gps/northeast.jpg"));
    QVERIFY(ne && ne->gps);
    QVERIFY(std::fabs(ne->gps->latitude - 48.858222) < 1e-6);
    QVERIFY(std::fabs(ne->gps->longitude - 2.2945) < 1e-6);
    QVERIFY(near(ne->gps->altitude, 35.5, 0.01));

    // The same, as stored: what quirectl and other readers see.
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT lens || '|' || iso || '|' || f_number || '|'"
                                                         " || exposure_time FROM pictures WHERE path = 'camera.jpg'")),
             QStringLiteral("RF24-105mm F4 L IS USM|400|2.8|0.004"));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT utc_offset FROM pictures WHERE path = 'offset.jpg'")),
             QStringLiteral("120"));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT count(*) FROM thumbnails")), QStringLiteral("6"));
}

void TestImport::keywordsBecomeTagsAndRatingTheRating()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec spec = dated();
    spec.subjects = {QStringLiteral("Sunset"), QStringLiteral("Beach")};
    spec.hierarchical = {QStringLiteral("Places/France/Paris"), QStringLiteral("People/Ann")};
    spec.rating = 4;
    QVERIFY(putPhoto(*album, QStringLiteral("tagged.jpg"), spec));
    QVERIFY(putPhoto(*album, QStringLiteral("plain.jpg"), dated()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 2);

    const std::optional<Picture> tagged = pictureAt(*album, QStringLiteral("tagged.jpg"));
    QVERIFY(tagged);
    QCOMPARE(tagged->rating, 4);
    QCOMPARE(tagPathsOf(*album, tagged->id),
             (QStringList{QStringLiteral("Beach"), QStringLiteral("People/Ann"), QStringLiteral("Places/France/Paris"),
                          QStringLiteral("Sunset")}));
    const std::optional<Picture> plain = pictureAt(*album, QStringLiteral("plain.jpg"));
    QVERIFY(plain);
    QCOMPARE(plain->rating, 0);
    QCOMPARE(tagPathsOf(*album, plain->id), QStringList());

    // A hierarchical keyword is a tag tree, not a tag with '/' in its name.
    Result<Session> session = album->read();
    QVERIFY(session);
    const Result<std::optional<Tag>> paris = quire::Tags(*session).byPath(QStringLiteral("Places/France/Paris"));
    const Result<std::optional<Tag>> france = quire::Tags(*session).byPath(QStringLiteral("Places/France"));
    const Result<std::optional<Tag>> places = quire::Tags(*session).byPath(QStringLiteral("Places"));
    QVERIFY(paris && *paris && france && *france && places && *places);
    QCOMPARE((*paris)->name, QStringLiteral("Paris"));
    QCOMPARE((*paris)->parentId, (*france)->id);
    QCOMPARE((*france)->parentId, (*places)->id);
    QCOMPARE((*places)->parentId, 0);
    // Finding by tag works like for any tag.
    PictureFilter filter;
    filter.allTags = {(*paris)->id};
    QCOMPARE(*quire::Pictures(*session).count(filter), 1);
}

void TestImport::lightroomKeywordsBecomeTagPaths()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec spec = dated();
    spec.lightroomHierarchical = {QStringLiteral("Places|Italy|Rome"), QStringLiteral("People|Bob")};
    QVERIFY(putPhoto(*album, QStringLiteral("lr.jpg"), spec));
    QVERIFY(importPictures(*album));
    const std::optional<Picture> picture = pictureAt(*album, QStringLiteral("lr.jpg"));
    QVERIFY(picture);
    QCOMPARE(tagPathsOf(*album, picture->id),
             (QStringList{QStringLiteral("People/Bob"), QStringLiteral("Places/Italy/Rome")}));
}

void TestImport::fileWithoutDateUsesTheFileTime()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec noDate;
    noDate.make = QStringLiteral("Undated");
    QVERIFY(putPhoto(*album, QStringLiteral("nodate.jpg"), noDate));
    QVERIFY(putPhoto(*album, QStringLiteral("dated.jpg"), dated()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 2);
    QCOMPARE(report->failed, 0);

    const std::optional<Picture> guessed = pictureAt(*album, QStringLiteral("nodate.jpg"));
    QVERIFY(guessed);
    QCOMPARE(guessed->takenAt.toUTC(), FileTime);
    QVERIFY(guessed->takenAtGuessed);
    QCOMPARE(guessed->cameraMake, QStringLiteral("Undated"));
    const std::optional<Picture> known = pictureAt(*album, QStringLiteral("dated.jpg"));
    QVERIFY(known);
    QVERIFY(!known->takenAtGuessed);
    QCOMPARE(known->takenAt, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));

    // No date at all is no problem (import.h): the picture says it is a guess.
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT count(*) FROM import_problems")), QStringLiteral("0"));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT group_concat(path) FROM pictures"
                                                         " WHERE taken_at_guessed = 1")),
             QStringLiteral("nodate.jpg"));
}

void TestImport::thumbnailIsUprightInEveryOrientation_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QSize>("size");
    for (int o = 1; o <= 8; ++o) {
        QTest::addRow("jpg %d, 1024x768", o) << QStringLiteral("jpg") << o << QSize(1024, 768);
        QTest::addRow("jpg %d, 80x60", o) << QStringLiteral("jpg") << o << QSize(80, 60);
    }
    // Other formats carry the same EXIF tag; TIFF's own Orientation tag is
    // that tag, which a reader must not apply a second time.
    for (const QString &suffix : {QStringLiteral("tif"), QStringLiteral("png"), QStringLiteral("webp")}) {
        for (int o : {3, 6, 8})
            QTest::addRow("%s %d, 640x480", qPrintable(suffix), o) << suffix << o << QSize(640, 480);
    }
}

void TestImport::thumbnailIsUprightInEveryOrientation()
{
    QFETCH(QString, suffix);
    QFETCH(int, orientation);
    QFETCH(QSize, size);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec spec = dated();
    spec.width = size.width();
    spec.height = size.height();
    spec.orientation = orientation;
    const QString name = QStringLiteral("photo.") + suffix;
    QVERIFY(putPhoto(*album, name, spec));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 1);
    const std::optional<Picture> picture = pictureAt(*album, name);
    QVERIFY(picture);
    QCOMPARE(picture->orientation, orientation);

    const std::optional<Thumbnail> stored = storedThumbnail(*album, picture->id);
    QVERIFY(stored);
    const QImage thumbnail = QImage::fromData(stored->data);
    QVERIFY(!thumbnail.isNull());
    QCOMPARE(QSize(stored->width, stored->height), thumbnail.size());
    QCOMPARE(stored->format, QStringLiteral("jpeg"));
    QCOMPARE(quarterColours(thumbnail), QStringLiteral("RG/BB"));
    if (size.width() > 256) {
        QCOMPARE(thumbnail.size(), QSize(256, 192));
    } else {
        // Never larger than asked; landscape like the picture shown upright.
        QVERIFY2(thumbnail.width() <= 256 && thumbnail.width() > thumbnail.height(),
                 qPrintable(QStringLiteral("%1x%2").arg(thumbnail.width()).arg(thumbnail.height())));
        QVERIFY(std::abs(thumbnail.width() * 3 - thumbnail.height() * 4) <= 4);
    }
}

void TestImport::thumbnailSizeOptionSetsTheLongEdge()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec portrait = dated();
    portrait.width = 600;
    portrait.height = 900;
    QVERIFY(putPhoto(*album, QStringLiteral("portrait.jpg"), portrait));
    ImportOptions options;
    options.thumbnailSize = 120;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    const std::optional<Picture> picture = pictureAt(*album, QStringLiteral("portrait.jpg"));
    QVERIFY(picture);
    QCOMPARE(thumbnailOf(*album, picture->id).size(), QSize(80, 120));
}

void TestImport::thumbnailOfAStripKeepsAPixel()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec strip = dated();
    strip.width = 4000;
    strip.height = 4; // scaled to 256 x 0.256: still one pixel high
    QVERIFY(putPhoto(*album, QStringLiteral("strip.png"), strip));
    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report && report->added == 1, qPrintable(describe(*report)));
    const std::optional<Picture> picture = pictureAt(*album, QStringLiteral("strip.png"));
    QVERIFY(picture);
    QCOMPARE(QSize(picture->width, picture->height), QSize(4000, 4));
    const QImage thumbnail = thumbnailOf(*album, picture->id);
    QCOMPARE(thumbnail.width(), 256);
    QVERIFY(thumbnail.height() >= 1 && thumbnail.height() <= 2);
}

void TestImport::formatsImportWithSizeAndThumbnail_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("png") << QStringLiteral("png");
    QTest::newRow("tiff") << QStringLiteral("tif");
    QTest::newRow("webp") << QStringLiteral("webp");
    QTest::newRow("jpeg") << QStringLiteral("jpeg");
}

void TestImport::formatsImportWithSizeAndThumbnail()
{
    QFETCH(QString, suffix);
    const QByteArray format = suffix == QLatin1String("tif") ? QByteArray("tiff") : suffix.toLatin1();
    if (!QImageReader::supportedImageFormats().contains(format))
        QSKIP("no Qt image plugin for this format here");
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec spec = dated();
    spec.width = 512;
    spec.height = 384;
    spec.make = QStringLiteral("FormatCam");
    const QString name = QStringLiteral("photo.") + suffix;
    QVERIFY(putPhoto(*album, name, spec));

    std::optional<Picture> picture;
    const QString wrong = importsOneUpright(*album, name, QSize(512, 384), &picture);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QCOMPARE(picture->cameraMake, QStringLiteral("FormatCam"));
    QCOMPARE(picture->takenAt, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));
}

void TestImport::rawFileThumbnailComesFromItsPreview_data()
{
    QTest::addColumn<int>("orientation");
    QTest::newRow("upright") << 1;
    QTest::newRow("turned 6") << 6;
    QTest::newRow("turned 8") << 8;
}

void TestImport::rawFileThumbnailComesFromItsPreview()
{
    QFETCH(int, orientation);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    // A TIFF with an IFD1 JPEG preview, named like a DNG: what exiv2 sees in
    // a camera RAW. The preview is mirrored so the thumbnail shows where it
    // came from, and stored turned like the sensor data, as cameras do.
    const QString tiff = dir.filePath(QStringLiteral("IMG_0001.tif"));
    PhotoSpec spec = dated();
    spec.width = 400;
    spec.height = 300;
    spec.orientation = orientation;
    spec.make = QStringLiteral("RawMaker");
    spec.exifPixelWidth = orientation >= 5 ? 300 : 400; // as cameras record the sensor's size
    spec.exifPixelHeight = orientation >= 5 ? 400 : 300;
    QVERIFY(writePhoto(tiff, spec));
    QVERIFY(embedJpegPreview(tiff, storedForOrientation(uprightPattern(320, 240).mirrored(true, false), orientation)));
    QVERIFY(QFile::rename(tiff, QDir(album->folder()).filePath(QStringLiteral("IMG_0001.dng"))));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(report->added, 1);
    const std::optional<Picture> picture = pictureAt(*album, QStringLiteral("IMG_0001.dng"));
    QVERIFY(picture);
    QCOMPARE(picture->cameraMake, QStringLiteral("RawMaker"));
    QCOMPARE(picture->orientation, orientation);
    if (orientation == 1) // the photo's size, not the preview's
        QCOMPARE(QSize(picture->width, picture->height), QSize(400, 300));
    QCOMPARE(picture->contentHash, sha1Of(QDir(album->folder()).filePath(QStringLiteral("IMG_0001.dng"))));
    const QImage thumbnail = thumbnailOf(*album, picture->id);
    QCOMPARE(thumbnail.size(), QSize(256, 192));
    QCOMPARE(quarterColours(thumbnail), QStringLiteral("GR/BB"));
}

void TestImport::nonImagesAndTheAlbumDatabaseAreIgnored()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    QVERIFY(putPhoto(*album, QStringLiteral("a.jpg"), dated()));
    QVERIFY(writeFile(QDir(album->folder()).filePath(QStringLiteral("notes.txt")), "a shopping list"));
    // A sidecar (an empty one here) is read with its picture, never as one.
    QVERIFY(writeFile(QDir(album->folder()).filePath(QStringLiteral("a.jpg.xmp")),
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"));
    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->found, 1);
    QCOMPARE(report->added, 1);
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT group_concat(path) FROM pictures")), QStringLiteral("a.jpg"));
}

void TestImport::contentHashIsSha1OfTheWholeFile()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    QVERIFY(putPhoto(*album, QStringLiteral("a.jpg"), dated()));
    QVERIFY(folder.mkpath(QStringLiteral("sub")));
    QVERIFY(QFile::copy(folder.filePath(QStringLiteral("a.jpg")), folder.filePath(QStringLiteral("sub/copy.jpg"))));
    PhotoSpec other = dated();
    other.make = QStringLiteral("Other"); // same pixels, one tag differs
    QVERIFY(putPhoto(*album, QStringLiteral("b.jpg"), other));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 3);
    const std::optional<Picture> a = pictureAt(*album, QStringLiteral("a.jpg"));
    const std::optional<Picture> copy = pictureAt(*album, QStringLiteral("sub/copy.jpg"));
    const std::optional<Picture> b = pictureAt(*album, QStringLiteral("b.jpg"));
    QVERIFY(a && copy && b);
    QCOMPARE(a->contentHash.size(), 20);
    QCOMPARE(a->contentHash, sha1Of(folder.filePath(QStringLiteral("a.jpg"))));
    QCOMPARE(copy->contentHash, a->contentHash);
    QCOMPARE(copy->fileSize, a->fileSize);
    QCOMPARE(b->contentHash, sha1Of(folder.filePath(QStringLiteral("b.jpg"))));
    QVERIFY(b->contentHash != a->contentHash);
    QCOMPARE(report->bytes, a->fileSize + copy->fileSize + b->fileSize);
}

void TestImport::duplicatesWithinAndAcrossAlbums()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> alpha = registry.create(dir.filePath(QStringLiteral("Alpha")), QStringLiteral("Alpha"));
    Result<Album> beta = registry.create(dir.filePath(QStringLiteral("Beta")), QStringLiteral("Beta"));
    QVERIFY(alpha && beta);
    const QDir a(alpha->folder()), b(beta->folder());
    QVERIFY(putPhoto(*alpha, QStringLiteral("x.jpg"), dated()));
    QVERIFY(QDir().mkpath(a.filePath(QStringLiteral("sub"))));
    QVERIFY(QFile::copy(a.filePath(QStringLiteral("x.jpg")), a.filePath(QStringLiteral("sub/x-copy.jpg"))));
    QVERIFY(QFile::copy(a.filePath(QStringLiteral("x.jpg")), b.filePath(QStringLiteral("x.jpg"))));
    PhotoSpec unique = dated();
    unique.make = QStringLiteral("Unique");
    QVERIFY(putPhoto(*alpha, QStringLiteral("unique.jpg"), unique));
    PhotoSpec big = dated();
    big.width = 640;
    big.height = 480;
    QVERIFY(putPhoto(*beta, QStringLiteral("big.jpg"), big));
    QVERIFY(QFile::copy(b.filePath(QStringLiteral("big.jpg")), b.filePath(QStringLiteral("big2.jpg"))));
    QVERIFY(importPictures(*alpha));
    QVERIFY(importPictures(*beta));

    const auto uuidAt = [](const Album &album, const QString &path) {
        const std::optional<Picture> p = pictureAt(album, path);
        return p ? p->uuid : QUuid();
    };
    QList<Error> unreadable;
    const Result<QList<DuplicateGroup>> all = findDuplicates(registry, {}, &unreadable);
    QVERIFY2(all, qPrintable(all.error().toString()));
    QVERIFY(unreadable.isEmpty());
    QCOMPARE(all->size(), 2);
    // Largest files first.
    const DuplicateGroup &bigGroup = all->at(0);
    QCOMPARE(bigGroup.fileSize, QFileInfo(b.filePath(QStringLiteral("big.jpg"))).size());
    QCOMPARE(bigGroup.contentHash, sha1Of(b.filePath(QStringLiteral("big.jpg"))));
    QCOMPARE(bigGroup.members.size(), 2);
    QCOMPARE(bigGroup.members[0].path, QStringLiteral("big.jpg"));
    QCOMPARE(bigGroup.members[1].path, QStringLiteral("big2.jpg"));
    QCOMPARE(bigGroup.members[0].albumName, QStringLiteral("Beta"));
    const DuplicateGroup &xGroup = all->at(1);
    QCOMPARE(xGroup.contentHash, sha1Of(a.filePath(QStringLiteral("x.jpg"))));
    QCOMPARE(xGroup.members.size(), 3);
    // Ordered by album name, then path; each names its album and picture.
    QCOMPARE(xGroup.members[0].albumName, QStringLiteral("Alpha"));
    QCOMPARE(xGroup.members[0].path, QStringLiteral("sub/x-copy.jpg"));
    QCOMPARE(xGroup.members[1].albumName, QStringLiteral("Alpha"));
    QCOMPARE(xGroup.members[1].path, QStringLiteral("x.jpg"));
    QCOMPARE(xGroup.members[2].albumName, QStringLiteral("Beta"));
    QCOMPARE(xGroup.members[2].path, QStringLiteral("x.jpg"));
    QCOMPARE(xGroup.members[0].album, alpha->uuid());
    QCOMPARE(xGroup.members[0].albumFolder, alpha->folder());
    QCOMPARE(xGroup.members[2].album, beta->uuid());
    QCOMPARE(xGroup.members[2].albumFolder, beta->folder());
    QCOMPARE(xGroup.members[1].picture, uuidAt(*alpha, QStringLiteral("x.jpg")));
    QCOMPARE(xGroup.members[2].picture, uuidAt(*beta, QStringLiteral("x.jpg")));

    // An album filter looks only within those albums.
    const Result<QList<DuplicateGroup>> onlyAlpha = findDuplicates(registry, {alpha->uuid()});
    QVERIFY(onlyAlpha);
    QCOMPARE(onlyAlpha->size(), 1);
    QCOMPARE(onlyAlpha->at(0).members.size(), 2);
    QCOMPARE(onlyAlpha->at(0).members[0].path, QStringLiteral("sub/x-copy.jpg"));
    const Result<QList<DuplicateGroup>> onlyBeta = findDuplicates(registry, {beta->uuid()});
    QVERIFY(onlyBeta);
    QCOMPARE(onlyBeta->size(), 1);
    QCOMPARE(onlyBeta->at(0).members[0].path, QStringLiteral("big.jpg"));

    // A picture whose file is gone is no duplicate.
    QVERIFY(QFile::remove(a.filePath(QStringLiteral("sub/x-copy.jpg"))));
    ImportOptions rescan;
    rescan.rescan = true;
    QVERIFY(importPictures(*alpha, rescan));
    const Result<QList<DuplicateGroup>> afterRemoval = findDuplicates(registry, {alpha->uuid()});
    QVERIFY(afterRemoval);
    QCOMPARE(afterRemoval->size(), 0);
}

void TestImport::duplicatesSkipAnAlbumThatCannotBeOpened()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> kept = registry.create(dir.filePath(QStringLiteral("Kept")), QStringLiteral("Kept"));
    Result<Album> gone = registry.create(dir.filePath(QStringLiteral("Gone")), QStringLiteral("Gone"));
    QVERIFY(kept && gone);
    QVERIFY(putPhoto(*kept, QStringLiteral("a.jpg"), dated()));
    QVERIFY(QFile::copy(QDir(kept->folder()).filePath(QStringLiteral("a.jpg")),
                        QDir(kept->folder()).filePath(QStringLiteral("b.jpg"))));
    QVERIFY(putPhoto(*gone, QStringLiteral("a.jpg"), dated()));
    QVERIFY(importPictures(*kept));
    QVERIFY(importPictures(*gone));
    const QUuid goneUuid = gone->uuid();
    const QString goneFolder = gone->folder();
    *gone = Album();
    QVERIFY(registry.close(goneUuid).ok());
    QVERIFY(QDir(goneFolder).removeRecursively());

    QList<Error> unreadable;
    const Result<QList<DuplicateGroup>> groups = findDuplicates(registry, {}, &unreadable);
    QVERIFY2(groups, qPrintable(groups.error().toString()));
    QCOMPARE(groups->size(), 1);
    QCOMPARE(groups->at(0).members.size(), 2); // Kept's pair; Gone's copy cannot be looked at
    QCOMPARE(unreadable.size(), 1);
    QVERIFY2(unreadable[0].toString().contains(QLatin1String("Gone")), qPrintable(unreadable[0].toString()));
}

void TestImport::moveKeepsImportedMetadata()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> from = registry.create(dir.filePath(QStringLiteral("From")), QStringLiteral("From"));
    Result<Album> to = registry.create(dir.filePath(QStringLiteral("To")), QStringLiteral("To"));
    QVERIFY(from && to);
    PhotoSpec spec;
    spec.width = 400;
    spec.height = 300;
    spec.orientation = 3;
    spec.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
    spec.offsetTimeOriginal = QStringLiteral("+02:00");
    spec.make = QStringLiteral("Canon");
    spec.lens = QStringLiteral("EF 50mm f/1.8");
    spec.exposureTime = QStringLiteral("1/60");
    spec.fNumber = QStringLiteral("18/10");
    spec.iso = 3200;
    spec.focalLength = QStringLiteral("50/1");
    spec.latitude = -33.856784;
    spec.longitude = 151.215297;
    spec.altitude = 12;
    spec.hierarchical = {QStringLiteral("Places/Sydney")};
    QVERIFY(putPhoto(*from, QStringLiteral("trip.jpg"), spec));
    QVERIFY(importPictures(*from));
    const std::optional<Picture> before = pictureAt(*from, QStringLiteral("trip.jpg"));
    QVERIFY(before);

    const Result<TransferReport> moved = movePictures(registry, *from, *to, {before->uuid});
    QVERIFY2(moved, qPrintable(moved.error().toString()));
    QCOMPARE(pictureCount(*from), 0);
    Picture p;
    {
        Result<Session> session = to->read();
        QVERIFY(session);
        const Result<std::optional<Picture>> after = quire::Pictures(*session).byUuid(before->uuid);
        QVERIFY(after && *after);
        p = **after;
    }
    QCOMPARE(p.lens, before->lens);
    QCOMPARE(p.iso, std::optional<int>(3200));
    QCOMPARE(p.exposureTime, before->exposureTime);
    QCOMPARE(p.fNumber, before->fNumber);
    QCOMPARE(p.focalLength, before->focalLength);
    QVERIFY(p.gps);
    QCOMPARE(p.gps, before->gps);
    QCOMPARE(p.takenAt, before->takenAt);
    QCOMPARE(p.utcOffsetMinutes, std::optional<int>(120));
    QCOMPARE(p.takenAtGuessed, false);
    QCOMPARE(p.orientation, 3);
    QCOMPARE(p.contentHash, before->contentHash);
    QCOMPARE(p.fileModified, before->fileModified);
    QCOMPARE(tagPathsOf(*to, p.id), QStringList{QStringLiteral("Places/Sydney")});
    const QImage thumbnail = thumbnailOf(*to, p.id);
    QCOMPARE(thumbnail.size(), QSize(256, 192));
    QCOMPARE(quarterColours(thumbnail), QStringLiteral("RG/BB"));
}

void TestImport::readOnlyAlbumRefusesImportAndWritesNothing()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Album"));
    const QString source = dir.filePath(QStringLiteral("Camera"));
    {
        Result<Album> album = Album::create(folder);
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("a.jpg"), dated()));
        QVERIFY(album->close().ok());
    }
    QVERIFY(writePhoto(source + QStringLiteral("/b.jpg"), dated()));
    const QString db = Album::databasePathFor(folder);
    const QByteArray dbBefore = fileBytes(db);
    const QString quireFolder = folder + QStringLiteral("/.quire");
    QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(QFile::setPermissions(quireFolder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup));
    const auto writable = [&] {
        QFile::setPermissions(quireFolder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner);
    };
    auto restore = qScopeGuard(writable);
    {
        Result<Album> album = Album::open(folder);
        QVERIFY2(album, qPrintable(album.error().toString()));
        QVERIFY(album->isReadOnly());
        const Result<ImportReport> plain = importPictures(*album);
        QVERIFY(!plain);
        QCOMPARE(plain.error().code(), ErrorCode::ReadOnly);
        QVERIFY(!plain.error().message().isEmpty());
        ImportOptions copyIn;
        copyIn.sourceFolder = source;
        const Result<ImportReport> copied = importPictures(*album, copyIn);
        QVERIFY(!copied);
        QCOMPARE(copied.error().code(), ErrorCode::ReadOnly);
        QVERIFY(album->close().ok());
    }
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/b.jpg"))); // nothing copied in
    QCOMPARE(fileBytes(db), dbBefore);
    restore.dismiss();
    writable();
    QCOMPARE(rawQuery(db, QStringLiteral("SELECT (SELECT count(*) FROM pictures) + (SELECT count(*) FROM import_problems)")),
             QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
