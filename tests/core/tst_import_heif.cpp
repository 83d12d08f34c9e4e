// Importing HEIC, HEIF and AVIF through libheif, with files the real
// heif-enc makes from camera-like JPEGs: metadata, size and an upright
// thumbnail reach the album; a rotation the file carries as irot/imir is
// applied once, not again from its EXIF (such files come from libheif's
// encoder, as heif-enc 1.15 writes no irot), while the EXIF orientation of
// a file without them is applied; a file of several images shows its primary
// one; damaged files are problems named in the report while the rest of
// the folder imports. readPictureImage, what the desktop app shows a
// picture with, decodes such files (and turned JPEGs) upright at the size
// asked for, by the importer's rule. Without heif-enc these tests fail: they never skip.

#include "heif_files.h"
#include "import_support.h"

#include <quire/album.h>
#include <quire/picture_image.h>
#include <quire/pictures.h>

#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using namespace quire::test;

namespace {

// Photo taken on a phone, as the tests' JPEGs carry it.
PhotoSpec phonePhoto()
{
    PhotoSpec spec = dated();
    spec.width = 512;
    spec.height = 384;
    spec.make = QStringLiteral("Apple");
    spec.model = QStringLiteral("iPhone 15 Pro");
    spec.iso = 100;
    spec.hierarchical = {QStringLiteral("Places/Beach")}; // XMP, read from the HEIF's XMP block
    spec.rating = 4;
    return spec;
}

// Writes each spec as a JPEG in `scratch` (outside the album) and encodes
// them into one HEIF at `output`. Empty on success, else why not.
QString makeHeif(const QString &output, const QList<PhotoSpec> &images, const QString &scratch,
                 const HeifEncoding &encoding = {})
{
    QStringList jpegs;
    for (const PhotoSpec &spec : images) {
        const QString jpeg = QDir(scratch).filePath(QStringLiteral("source-%1.jpg").arg(jpegs.size()));
        if (!writePhoto(jpeg, spec))
            return QStringLiteral("cannot write %1").arg(jpeg);
        jpegs.append(jpeg);
    }
    QDir().mkpath(QFileInfo(output).absolutePath());
    const QString failure = encodeHeif(jpegs, output, encoding);
    return failure.isEmpty() && !setModified(output, FileTime) ? QStringLiteral("cannot set the file time") : failure;
}

} // namespace

class TestImportHeif : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heifImportsWithMetadataSizeAndThumbnail_data();
    void heifImportsWithMetadataSizeAndThumbnail();
    void turnedHeifIsUprightTurnedOnce_data();
    void turnedHeifIsUprightTurnedOnce();
    void fileOfSeveralImagesShowsItsPrimaryImage();
    void damagedHeifFilesAreProblemsAndTheRestImports();
    void heifSuffixesAreImportable();
    void heifFilesDecodeOnEveryWorkerAtOnce();
    void pictureImageIsUprightAtTheSizeAsked_data();
    void pictureImageIsUprightAtTheSizeAsked();
    void pictureImageOfGarbageNamesTheFileAndCause_data();
    void pictureImageOfGarbageNamesTheFileAndCause();
};

void TestImportHeif::heifImportsWithMetadataSizeAndThumbnail_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("avif");
    QTest::addColumn<int>("thumbnailEdge");
    QTest::newRow("heic") << QStringLiteral("IMG_0001.heic") << false << 0;
    QTest::newRow("avif") << QStringLiteral("IMG_0002.avif") << true << 0;
    // Large enough to be used instead of decoding the primary image.
    QTest::newRow("heic with embedded thumbnail") << QStringLiteral("IMG_0003.HEIC") << false << 320;
    // Smaller than a thumbnail: the primary image is decoded instead.
    QTest::newRow("heic with small thumbnail") << QStringLiteral("IMG_0004.heif") << false << 96;
    // Recognised by its content, as phones' exports sometimes name them.
    QTest::newRow("heic named .jpg") << QStringLiteral("IMG_0005.jpg") << false << 0;
}

void TestImportHeif::heifImportsWithMetadataSizeAndThumbnail()
{
    QFETCH(QString, name);
    QFETCH(bool, avif);
    QFETCH(int, thumbnailEdge);
    QTemporaryDir dir, scratch;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    HeifEncoding encoding;
    encoding.avif = avif;
    encoding.thumbnailEdge = thumbnailEdge;
    const QString made = makeHeif(QDir(album->folder()).filePath(name), {phonePhoto()}, scratch.path(), encoding);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    std::optional<Picture> picture;
    const QString wrong = importsOneUpright(*album, name, QSize(512, 384), &picture);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QCOMPARE(picture->takenAt, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));
    QVERIFY(!picture->takenAtGuessed);
    QCOMPARE(picture->cameraMake, QStringLiteral("Apple"));
    QCOMPARE(picture->cameraModel, QStringLiteral("iPhone 15 Pro"));
    QCOMPARE(picture->iso, std::optional<int>(100));
    QCOMPARE(picture->rating, 4);
    QCOMPARE(tagPathsOf(*album, picture->id), QStringList{QStringLiteral("Places/Beach")});
    QCOMPARE(picture->contentHash, sha1Of(QDir(album->folder()).filePath(name)));
}

void TestImportHeif::turnedHeifIsUprightTurnedOnce_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("irot");
    for (int orientation : {2, 3, 4, 5, 6, 7, 8}) {
        QTest::addRow("irot/imir and EXIF %d", orientation) << orientation << true;
        QTest::addRow("EXIF %d alone", orientation) << orientation << false;
    }
}

void TestImportHeif::turnedHeifIsUprightTurnedOnce()
{
    QFETCH(int, orientation);
    QFETCH(bool, irot);
    QTemporaryDir dir, scratch;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec turned = phonePhoto();
    turned.orientation = orientation; // the pixels lie turned, the EXIF says how
    const QString name = QStringLiteral("turned.heic");
    const QString file = QDir(album->folder()).filePath(name);
    if (irot) {
        // As a phone writes it: irot/imir, and the EXIF block saying the
        // same again. libheif's encoder, as heif-enc 1.15 writes no irot.
        const QString jpeg = QDir(scratch.path()).filePath(QStringLiteral("sensor.jpg"));
        QVERIFY(writePhoto(jpeg, turned));
        const QString made = encodeHeifWithTransform(jpeg, file, orientation);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(setModified(file, FileTime));
        QCOMPARE(heifPrimarySizes(file).shown, QSize(512, 384)); // libheif turns it upright
    } else {
        // heif-enc 1.15 keeps a turned JPEG's pixels and EXIF orientation
        // as they are: the EXIF value is all that says how to show them.
        const QString made = makeHeif(file, {turned}, scratch.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const HeifSizes sizes = heifPrimarySizes(file);
        QCOMPARE(sizes.shown, sizes.coded); // no rotation property
    }

    std::optional<Picture> picture;
    const QString wrong = importsOneUpright(*album, name, QSize(512, 384), &picture);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QCOMPARE(picture->cameraModel, QStringLiteral("iPhone 15 Pro")); // the EXIF block was read
    // With irot the decoded pixels are upright and nothing is left for a
    // viewer to turn; without, a viewer turns the file's pixels by the EXIF.
    QCOMPARE(picture->orientation, irot ? 1 : orientation);
}

void TestImportHeif::fileOfSeveralImagesShowsItsPrimaryImage()
{
    QTemporaryDir dir, scratch;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    PhotoSpec second = phonePhoto();
    second.width = 160;
    second.height = 320;
    second.model = QStringLiteral("Second");
    const QString file = QDir(album->folder()).filePath(QStringLiteral("burst.heic"));
    const QString made = makeHeif(file, {phonePhoto(), second}, scratch.path());
    QVERIFY2(made.isEmpty(), qPrintable(made));
    const HeifSizes sizes = heifPrimarySizes(file);
    QCOMPARE(sizes.images, 2);
    QCOMPARE(sizes.shown, QSize(512, 384)); // heif-enc made the first one primary

    std::optional<Picture> picture;
    const QString wrong = importsOneUpright(*album, QStringLiteral("burst.heic"), QSize(512, 384), &picture);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QCOMPARE(picture->cameraModel, QStringLiteral("iPhone 15 Pro"));
}

void TestImportHeif::damagedHeifFilesAreProblemsAndTheRestImports()
{
    QTemporaryDir dir, scratch;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    // Cut in its boxes (half) and in its image data (the last bytes).
    for (const QString &name : {QStringLiteral("good.heic"), QStringLiteral("cut.heic"), QStringLiteral("cut-late.heic")}) {
        const QString made = makeHeif(folder.filePath(name), {phonePhoto()}, scratch.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
    }
    HeifEncoding avif;
    avif.avif = true;
    const QString made = makeHeif(folder.filePath(QStringLiteral("cut.avif")), {phonePhoto()}, scratch.path(), avif);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut.heic")), 0.5));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut.avif")), 0.5));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut-late.heic")), 0.97));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("garbage.heic")), noiseBytes()));
    QVERIFY(putPhoto(*album, QStringLiteral("fine.jpg"), phonePhoto()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QCOMPARE(report->added, 2);
    QVERIFY2(report->failed == 4, qPrintable(describe(*report)));
    for (const QString &name : {QStringLiteral("cut.heic"), QStringLiteral("cut-late.heic"), QStringLiteral("cut.avif"),
                                QStringLiteral("garbage.heic")}) {
        const std::optional<ImportProblem> problem = problemFor(*report, name);
        QVERIFY2(problem, qPrintable(name + QLatin1Char('\n') + describe(*report)));
        QVERIFY(problem->skipped);
        // Says what the file is and what is wrong, not "unsupported format".
        QVERIFY2(problem->reason.contains(QLatin1String("HEIF")), qPrintable(problem->reason));
        QVERIFY2(!problem->reason.contains(QLatin1String("Unsupported image format")), qPrintable(problem->reason));
        const bool cut = name.startsWith(QLatin1String("cut"));
        QVERIFY2(problem->reason.contains(cut ? QLatin1String("cut short") : QLatin1String("is not one")),
                 qPrintable(problem->reason));
        QVERIFY(!pictureAt(*album, name));
    }
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT group_concat(path, ',') FROM"
                                                         " (SELECT path FROM import_problems ORDER BY path)")),
             QStringLiteral("cut-late.heic,cut.avif,cut.heic,garbage.heic"));
    for (const QString &name : {QStringLiteral("good.heic"), QStringLiteral("fine.jpg")}) {
        const std::optional<Picture> picture = pictureAt(*album, name);
        QVERIFY2(picture, qPrintable(name));
        QCOMPARE(quarterColours(thumbnailOf(*album, picture->id)), QStringLiteral("RG/BB"));
    }
}

void TestImportHeif::heifSuffixesAreImportable()
{
    for (const char *name : {"a.heic", "b.HEIF", "c.hif", "d.avif", "e.AVIF"})
        QVERIFY2(isImportableFileName(QString::fromLatin1(name)), name);
}

// libheif contexts are per thread and its decoders registered while the
// import runs: four workers on many HEICs and AVIFs at once each get the
// right picture (the sanitizer runs watch this one for races).
void TestImportHeif::heifFilesDecodeOnEveryWorkerAtOnce()
{
    QTemporaryDir dir, scratch;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    HeifEncoding avif;
    avif.avif = true;
    QString made = makeHeif(folder.filePath(QStringLiteral("first.heic")), {phonePhoto()}, scratch.path());
    QVERIFY2(made.isEmpty(), qPrintable(made));
    made = makeHeif(folder.filePath(QStringLiteral("first.avif")), {phonePhoto()}, scratch.path(), avif);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    constexpr int Copies = 12;
    for (int i = 0; i < Copies; ++i) {
        for (const QString &suffix : {QStringLiteral("heic"), QStringLiteral("avif")}) {
            const QString copy = folder.filePath(QStringLiteral("copy-%1.%2").arg(i).arg(suffix));
            QVERIFY(QFile::copy(folder.filePath(QStringLiteral("first.") + suffix), copy));
        }
    }
    ImportOptions options;
    options.threads = 4;
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    QCOMPARE(report->added, 2 * (Copies + 1));
    for (const QString &name : folder.entryList({QStringLiteral("*.heic"), QStringLiteral("*.avif")}, QDir::Files)) {
        const std::optional<Picture> picture = pictureAt(*album, name);
        QVERIFY2(picture, qPrintable(name));
        QCOMPARE(picture->cameraModel, QStringLiteral("iPhone 15 Pro"));
        QCOMPARE(quarterColours(thumbnailOf(*album, picture->id)), QStringLiteral("RG/BB"));
    }
}

void TestImportHeif::pictureImageIsUprightAtTheSizeAsked_data()
{
    QTest::addColumn<QString>("kind"); // jpeg, heic-irot (irot/imir + EXIF), heic-exif (EXIF alone), avif
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("longEdge");
    QTest::addColumn<QSize>("expected");
    // 512 x 384 as shown, whatever lies in the file.
    for (int orientation : {1, 2, 3, 4, 5, 6, 7, 8}) {
        QTest::addRow("jpeg, EXIF %d", orientation) << QStringLiteral("jpeg") << orientation << 200 << QSize(200, 150);
        if (orientation == 1)
            continue;
        QTest::addRow("heic, irot/imir and EXIF %d", orientation)
            << QStringLiteral("heic-irot") << orientation << 200 << QSize(200, 150);
        QTest::addRow("heic, EXIF %d alone", orientation)
            << QStringLiteral("heic-exif") << orientation << 200 << QSize(200, 150);
    }
    QTest::newRow("heic, upright") << QStringLiteral("heic-exif") << 1 << 200 << QSize(200, 150);
    QTest::newRow("avif") << QStringLiteral("avif") << 1 << 200 << QSize(200, 150);
    // Never upscaled: a viewer scales up itself if it wants to.
    QTest::newRow("heic, turned, smaller than asked") << QStringLiteral("heic-irot") << 6 << 2000 << QSize(512, 384);
    QTest::newRow("jpeg, turned, smaller than asked") << QStringLiteral("jpeg") << 6 << 2000 << QSize(512, 384);
}

void TestImportHeif::pictureImageIsUprightAtTheSizeAsked()
{
    QFETCH(QString, kind);
    QFETCH(int, orientation);
    QFETCH(int, longEdge);
    QFETCH(QSize, expected);
    QTemporaryDir dir;
    PhotoSpec turned = phonePhoto();
    turned.orientation = orientation;
    const QString jpeg = dir.filePath(QStringLiteral("photo.jpg"));
    QVERIFY(writePhoto(jpeg, turned));
    QString file = jpeg;
    if (kind == QLatin1String("heic-irot")) {
        file = dir.filePath(QStringLiteral("phone.heic"));
        const QString made = encodeHeifWithTransform(jpeg, file, orientation);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QCOMPARE(heifPrimarySizes(file).shown, QSize(512, 384)); // the file carries the turn as irot/imir
    } else if (kind != QLatin1String("jpeg")) {
        file = dir.filePath(kind == QLatin1String("avif") ? QStringLiteral("converted.avif") : QStringLiteral("converted.heic"));
        HeifEncoding encoding;
        encoding.avif = kind == QLatin1String("avif");
        const QString made = encodeHeif({jpeg}, file, encoding);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const HeifSizes sizes = heifPrimarySizes(file);
        QCOMPARE(sizes.shown, sizes.coded); // no irot: the EXIF orientation is the only record
    }

    const Result<QImage> image = readPictureImage(file, longEdge);
    QVERIFY2(image, qPrintable(image.error().toString()));
    QCOMPARE(image->size(), expected);
    // Red, green over blue as drawn: any turn or mirror too many or too few shows here.
    QCOMPARE(quarterColours(*image), QStringLiteral("RG/BB"));
}

void TestImportHeif::pictureImageOfGarbageNamesTheFileAndCause_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("exists");
    const QByteArray garbage = QByteArray("not a picture at all, just words ").repeated(64);
    const int invalid = int(ErrorCode::InvalidArgument);
    QTest::newRow("garbage named .heic") << QStringLiteral("IMG_0001.heic") << garbage
                                         << QStringLiteral("no HEIF file type box") << invalid << true;
    QTest::newRow("garbage named .jpg") << QStringLiteral("IMG_0002.jpg") << garbage
                                        << QStringLiteral("not an image Quire can read") << invalid << true;
    // A HEIF file type box and nothing after it: libheif's own words.
    QTest::newRow("heif header alone") << QStringLiteral("IMG_0003.heic")
                                       << QByteArray("\0\0\0\x18" "ftypheic\0\0\0\0" "mif1heic", 24)
                                       << QStringLiteral("libheif") << invalid << true;
    QTest::newRow("empty file") << QStringLiteral("IMG_0004.heic") << QByteArray()
                                << QStringLiteral("empty") << int(ErrorCode::Io) << true;
    QTest::newRow("no such file") << QStringLiteral("IMG_0005.heic") << QByteArray()
                                  << QStringLiteral("cannot be opened") << int(ErrorCode::Io) << false;
}

void TestImportHeif::pictureImageOfGarbageNamesTheFileAndCause()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, cause);
    QFETCH(int, code);
    QFETCH(bool, exists);
    QTemporaryDir dir;
    const QString file = dir.filePath(name);
    if (exists)
        QVERIFY(writeFile(file, bytes));
    const Result<QImage> image = readPictureImage(file, 200);
    QVERIFY(!image);
    QCOMPARE(int(image.error().code()), code);
    const QString message = image.error().message();
    QVERIFY2(message.contains(file), qPrintable(message));
    QVERIFY2(message.contains(cause), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestImportHeif)
#include "tst_import_heif.moc"
