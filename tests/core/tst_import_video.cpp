// Importing videos through FFmpeg, with files the real ffmpeg command makes
// from its colour-bar pattern: each container imports as a picture of kind
// video with its duration, size, frame rate and codecs; a phone's creation
// date keeps its zone, its ISO 6709 location and camera are read; a video
// turned by its track header is shown upright (size and poster frame); the
// poster is the picture, not a blank frame; damaged, empty and mislabelled
// files are problems naming the cause while the rest imports; a video over
// its time limit is a problem; an album of the last release (schema 4)
// opens, migrates and takes videos; a copied video keeps what it is.
// ffmpeg is installed by scripts/setup.sh: without it these tests skip.

#include "import_support.h"
#include "video_files.h"

#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/picture_image.h>
#include <quire/pictures.h>
#include <quire/transfer.h>

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace quire;
using namespace quire::test;

namespace {

const QDateTime TakenUtc(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC);

// The colour class of a pixel: which of red, green, blue are bright.
// SMPTE bars at 75 % read W Y C G M R B from left to right.
QChar colourClass(QRgb pixel)
{
    const bool r = qRed(pixel) > 127, g = qGreen(pixel) > 127, b = qBlue(pixel) > 127;
    if (r && g && b)
        return QLatin1Char('W');
    if (r && g)
        return QLatin1Char('Y');
    if (g && b)
        return QLatin1Char('C');
    if (r && b)
        return QLatin1Char('M');
    if (r)
        return QLatin1Char('R');
    if (g)
        return QLatin1Char('G');
    if (b)
        return QLatin1Char('B');
    return QLatin1Char('K');
}

// The seven bars across the picture as the camera stored it, read in the
// image a viewer shows, which is the stored one turned `clockwise`.
// "WYCGMRB" for upright colour bars.
QString barsOf(const QImage &image, int clockwise)
{
    QString bars;
    for (int i = 0; i < 7; ++i) {
        const double x = (i + 0.5) / 7.0, y = 0.3; // in the stored frame, 0..1
        double u = x, v = y;
        switch (clockwise) {
        case 90: u = 1 - y, v = x; break;
        case 180: u = 1 - x, v = 1 - y; break;
        case 270: u = y, v = 1 - x; break;
        default: break;
        }
        bars.append(colourClass(image.pixel(int(u * (image.width() - 1)), int(v * (image.height() - 1)))));
    }
    return bars;
}

// A video in the album folder with the tests' file time.
QString putVideo(const Album &album, const QString &name, const VideoSpec &spec = {})
{
    const QString path = QDir(album.folder()).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QString failure = makeVideo(path, spec);
    return failure.isEmpty() && !setModified(path, FileTime) ? QStringLiteral("cannot set the file time") : failure;
}

// Imports the album's one new file; the picture it became, or nothing with
// why not in *failure (the import's error or report).
std::optional<Picture> importOne(const Album &album, const QString &name, QString *failure)
{
    const Result<ImportReport> report = importPictures(album);
    if (!report) {
        *failure = report.error().toString();
        return std::nullopt;
    }
    if (report->added != 1 || !report->problems.isEmpty()) {
        *failure = describe(*report);
        return std::nullopt;
    }
    std::optional<Picture> picture = pictureAt(album, name);
    if (!picture)
        *failure = QStringLiteral("no picture at %1").arg(name);
    return picture;
}

VideoSpec datedSpec()
{
    VideoSpec spec;
    spec.metadata = {QStringLiteral("creation_time=2024-05-06T07:08:09Z")};
    return spec;
}

} // namespace

class TestImportVideo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void videosImportWithTheirFacts_data();
    void videosImportWithTheirFacts();
    void phoneVideoKeepsZoneLocationAndCamera();
    void androidLocationIsRead();
    void datesAndPlacesInTheFormsFilesWrite_data();
    void datesAndPlacesInTheFormsFilesWrite();
    void turnedVideoIsShownUpright_data();
    void turnedVideoIsShownUpright();
    void shortVideoShowsItsFirstFrame();
    void badVideosAreProblemsAndTheRestImports();
    void videoOverItsTimeLimitIsAProblem();
    void albumOfTheLastReleaseMigratesAndTakesVideos();
    void copiedVideoStaysAVideo();
    void pictureImageOfAVideoIsItsPosterUpright();
    void videoSuffixesAreImportable();
};

void TestImportVideo::init()
{
    if (ffmpegPath().isEmpty())
        QSKIP("ffmpeg is not installed (Debian's ffmpeg package; scripts/setup.sh installs it)");
}

void TestImportVideo::videosImportWithTheirFacts_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("codec");
    QTest::addColumn<bool>("dated"); // the container keeps ffmpeg's creation_time
    QTest::newRow("mp4") << QStringLiteral("VID_0001.mp4") << QStringLiteral("h264") << true;
    QTest::newRow("mov") << QStringLiteral("IMG_0002.MOV") << QStringLiteral("h264") << true;
    QTest::newRow("m4v") << QStringLiteral("clip.m4v") << QStringLiteral("h264") << true;
    QTest::newRow("3gp") << QStringLiteral("old phone.3gp") << QStringLiteral("h264") << true;
    QTest::newRow("mkv") << QStringLiteral("film.mkv") << QStringLiteral("h264") << true;
    QTest::newRow("webm") << QStringLiteral("screen.webm") << QStringLiteral("vp8") << true;
    QTest::newRow("avi") << QStringLiteral("camcorder.avi") << QStringLiteral("mpeg4") << false;
}

void TestImportVideo::videosImportWithTheirFacts()
{
    QFETCH(QString, name);
    QFETCH(QString, codec);
    QFETCH(bool, dated);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    VideoSpec spec = datedSpec();
    spec.audio = true;
    const QString made = putVideo(*album, name, spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    QString failure;
    const std::optional<Picture> picture = importOne(*album, name, &failure);
    QVERIFY2(picture, qPrintable(failure));
    QCOMPARE(picture->kind, PictureKind::Video);
    QCOMPARE(QSize(picture->width, picture->height), QSize(320, 240));
    QVERIFY2(picture->durationMs && std::abs(*picture->durationMs - 2000) <= 100,
             qPrintable(QString::number(picture->durationMs.value_or(-1))));
    QVERIFY(picture->frameRate);
    QVERIFY2(std::abs(*picture->frameRate - 30) < 0.5, qPrintable(QString::number(*picture->frameRate)));
    QCOMPARE(picture->videoCodec, codec);
    QVERIFY2(!picture->audioCodec.isEmpty(), "the tone is an audio stream");
    QCOMPARE(picture->orientation, 1);
    QCOMPARE(picture->contentHash, sha1Of(QDir(album->folder()).filePath(name)));
    if (dated) {
        QCOMPARE(picture->takenAt, TakenUtc);
        QVERIFY(!picture->takenAtGuessed);
    } else {
        QCOMPARE(picture->takenAt, FileTime);
        QVERIFY(picture->takenAtGuessed);
    }
    // The poster: the bars at the thumbnail's size, not a black frame.
    const QImage thumbnail = thumbnailOf(*album, picture->id);
    QCOMPARE(thumbnail.size(), QSize(256, 192));
    QCOMPARE(barsOf(thumbnail, 0), QStringLiteral("WYCGMRB"));

    // The typed API picks videos out.
    Result<Session> session = album->read();
    QVERIFY(session);
    PictureFilter videos;
    videos.kind = PictureKind::Video;
    QCOMPARE(*Pictures(*session).count(videos), qint64(1));
    videos.kind = PictureKind::Photo;
    QCOMPARE(*Pictures(*session).count(videos), qint64(0));
}

void TestImportVideo::phoneVideoKeepsZoneLocationAndCamera()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    // What an iPhone writes: mdta keys, the date with the zone it was in.
    VideoSpec spec;
    spec.appleKeys = true;
    spec.audio = true;
    spec.metadata = {QStringLiteral("com.apple.quicktime.creationdate=2024-05-06T09:08:09+0200"),
                     QStringLiteral("com.apple.quicktime.location.ISO6709=+35.6895+139.6917+040.000/"),
                     QStringLiteral("com.apple.quicktime.make=Apple"),
                     QStringLiteral("com.apple.quicktime.model=iPhone 15 Pro")};
    const QString made = putVideo(*album, QStringLiteral("IMG_0003.MOV"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    QString failure;
    const std::optional<Picture> picture = importOne(*album, QStringLiteral("IMG_0003.MOV"), &failure);
    QVERIFY2(picture, qPrintable(failure));
    QCOMPARE(picture->kind, PictureKind::Video);
    QCOMPARE(picture->takenAt, TakenUtc); // 09:08:09 at UTC+2
    QCOMPARE(picture->utcOffsetMinutes, std::optional<int>(120));
    QVERIFY(picture->gps);
    QCOMPARE(picture->gps->latitude, 35.6895);
    QCOMPARE(picture->gps->longitude, 139.6917);
    QCOMPARE(picture->gps->altitude, std::optional<double>(40));
    QCOMPARE(picture->cameraMake, QStringLiteral("Apple"));
    QCOMPARE(picture->cameraModel, QStringLiteral("iPhone 15 Pro"));
    QCOMPARE(picture->audioCodec, QStringLiteral("aac"));
}

void TestImportVideo::androidLocationIsRead()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    VideoSpec spec = datedSpec();
    spec.metadata.append(QStringLiteral("location=+48.8584+002.2945/")); // the udta ©xyz box
    const QString made = putVideo(*album, QStringLiteral("VID_20240506.mp4"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    QString failure;
    const std::optional<Picture> picture = importOne(*album, QStringLiteral("VID_20240506.mp4"), &failure);
    QVERIFY2(picture, qPrintable(failure));
    QVERIFY(picture->gps);
    QCOMPARE(picture->gps->latitude, 48.8584);
    QCOMPARE(picture->gps->longitude, 2.2945);
    QCOMPARE(picture->gps->altitude, std::nullopt);
    QCOMPARE(picture->takenAt, TakenUtc);
    QCOMPARE(picture->utcOffsetMinutes, std::nullopt); // creation_time is an instant, not a place
}

void TestImportVideo::datesAndPlacesInTheFormsFilesWrite_data()
{
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QDateTime>("takenAt");    // invalid: the file's time, guessed
    QTest::addColumn<int>("offset");           // minutes; -1000: none
    QTest::addColumn<double>("latitude");      // NaN: no position
    QTest::addColumn<double>("longitude");
    QTest::addColumn<double>("altitude");      // NaN: none
    QTest::addColumn<QString>("warning");      // in the import's caveat; empty: none
    const double none = qQNaN();
    QTest::newRow("zone -03:30, southern and eastern degrees")
        << QStringLiteral("2024-05-06T03:38:09-03:30") << QStringLiteral("-33.8688+151.2093/") << TakenUtc << -210
        << -33.8688 << 151.2093 << none << QString();
    QTest::newRow("Z, degrees and minutes")
        << QStringLiteral("2024-05-06T07:08:09.250Z") << QStringLiteral("+4851.504+00217.670/")
        << TakenUtc.addMSecs(250) << -1000 << 48.8584 << 2.294500 << none << QString();
    QTest::newRow("no zone, altitude and CRS")
        << QStringLiteral("2024-05-06 07:08:09") << QStringLiteral("+27.5916+086.5640+8850CRSWGS_84/") << TakenUtc
        << -1000 << 27.5916 << 86.564 << 8850.0 << QString();
    QTest::newRow("not a date, off the globe")
        << QStringLiteral("0000-00-00T00:00:00") << QStringLiteral("+95.0000+200.0000/") << QDateTime() << -1000
        << none << none << none << QStringLiteral("is not a date");
}

void TestImportVideo::datesAndPlacesInTheFormsFilesWrite()
{
    QFETCH(QString, date);
    QFETCH(QString, place);
    QFETCH(QDateTime, takenAt);
    QFETCH(int, offset);
    QFETCH(double, latitude);
    QFETCH(double, longitude);
    QFETCH(double, altitude);
    QFETCH(QString, warning);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    VideoSpec spec;
    spec.appleKeys = true;
    spec.metadata = {QStringLiteral("com.apple.quicktime.creationdate=") + date,
                     QStringLiteral("com.apple.quicktime.location.ISO6709=") + place};
    const QString made = putVideo(*album, QStringLiteral("clip.mov"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report && report->added == 1, qPrintable(report ? describe(*report) : report.error().toString()));
    if (warning.isEmpty()) {
        QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
    } else {
        // Imported, with the values dropped said in words.
        const std::optional<ImportProblem> caveat = problemFor(*report, QStringLiteral("clip.mov"));
        QVERIFY2(caveat && !caveat->skipped && caveat->reason.contains(warning), qPrintable(describe(*report)));
        QVERIFY2(caveat->reason.contains(QLatin1String("not a place on the globe")), qPrintable(caveat->reason));
    }
    const std::optional<Picture> picture = pictureAt(*album, QStringLiteral("clip.mov"));
    QVERIFY(picture);
    QCOMPARE(picture->takenAt, takenAt.isValid() ? takenAt : FileTime);
    QCOMPARE(picture->takenAtGuessed, !takenAt.isValid());
    QCOMPARE(picture->utcOffsetMinutes, offset == -1000 ? std::nullopt : std::optional<int>(offset));
    QCOMPARE(picture->gps.has_value(), !qIsNaN(latitude));
    if (picture->gps) {
        QVERIFY2(std::abs(picture->gps->latitude - latitude) < 1e-4, qPrintable(QString::number(picture->gps->latitude)));
        QVERIFY2(std::abs(picture->gps->longitude - longitude) < 1e-4, qPrintable(QString::number(picture->gps->longitude)));
        QCOMPARE(picture->gps->altitude, qIsNaN(altitude) ? std::nullopt : std::optional<double>(altitude));
    }
}

void TestImportVideo::turnedVideoIsShownUpright_data()
{
    QTest::addColumn<int>("clockwise");
    QTest::addColumn<QSize>("shown");
    QTest::newRow("90 (a phone held upright)") << 90 << QSize(240, 320);
    QTest::newRow("180") << 180 << QSize(320, 240);
    QTest::newRow("270") << 270 << QSize(240, 320);
}

void TestImportVideo::turnedVideoIsShownUpright()
{
    QFETCH(int, clockwise);
    QFETCH(QSize, shown);
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QString name = QStringLiteral("IMG_0004.mov");
    QString made = putVideo(*album, name, datedSpec());
    QVERIFY2(made.isEmpty(), qPrintable(made));
    made = setTrackRotation(QDir(album->folder()).filePath(name), clockwise);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    QString failure;
    const std::optional<Picture> picture = importOne(*album, name, &failure);
    QVERIFY2(picture, qPrintable(failure));
    QCOMPARE(QSize(picture->width, picture->height), shown);
    QCOMPARE(picture->orientation, 1); // the poster is turned already: nothing left for a viewer
    const QImage thumbnail = thumbnailOf(*album, picture->id);
    QCOMPARE(thumbnail.size(), shown.scaled(256, 256, Qt::KeepAspectRatio));
    QCOMPARE(barsOf(thumbnail, clockwise), QStringLiteral("WYCGMRB"));
}

void TestImportVideo::shortVideoShowsItsFirstFrame()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    VideoSpec spec;
    spec.seconds = 0.4;
    spec.size = QSize(160, 120); // smaller than a thumbnail: never upscaled
    const QString made = putVideo(*album, QStringLiteral("blink.mp4"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    QString failure;
    const std::optional<Picture> picture = importOne(*album, QStringLiteral("blink.mp4"), &failure);
    QVERIFY2(picture, qPrintable(failure));
    QVERIFY(picture->durationMs);
    QVERIFY2(std::abs(*picture->durationMs - 400) <= 50, qPrintable(QString::number(*picture->durationMs)));
    const QImage thumbnail = thumbnailOf(*album, picture->id);
    QCOMPARE(thumbnail.size(), QSize(160, 120));
    QCOMPARE(barsOf(thumbnail, 0), QStringLiteral("WYCGMRB"));
    QVERIFY(picture->takenAtGuessed); // no creation time: the file's time
    QCOMPARE(picture->takenAt, FileTime);
}

void TestImportVideo::badVideosAreProblemsAndTheRestImports()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    const QDir folder(album->folder());
    for (const QString &name : {QStringLiteral("good.mp4"), QStringLiteral("cut.mp4"), QStringLiteral("cut.mov")}) {
        const QString made = putVideo(*album, name, datedSpec());
        QVERIFY2(made.isEmpty(), qPrintable(made));
    }
    VideoSpec faststart = datedSpec();
    faststart.faststart = true; // the index first: cut, it still opens
    const QString made = putVideo(*album, QStringLiteral("cut-faststart.mp4"), faststart);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut.mp4")), 0.5));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut.mov")), 0.9));
    QVERIFY(truncateFile(folder.filePath(QStringLiteral("cut-faststart.mp4")), 0.5));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("empty.mp4")), {}));
    // A JPEG named .mp4 (written as .jpg: the writer goes by the suffix).
    QVERIFY(writePhoto(folder.filePath(QStringLiteral("photo.jpg.tmp.jpg")), dated()));
    QVERIFY(QFile::rename(folder.filePath(QStringLiteral("photo.jpg.tmp.jpg")), folder.filePath(QStringLiteral("photo.mp4"))));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("garbage.mov")), noiseBytes()));
    QVERIFY(putPhoto(*album, QStringLiteral("fine.jpg"), dated()));

    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->added == 2 && report->failed == 6, qPrintable(describe(*report)));
    const QList<QPair<QString, QString>> expected{
        {QStringLiteral("cut-faststart.mp4"), QStringLiteral("cut short")},
        {QStringLiteral("cut.mov"), QStringLiteral("cut short")},
        {QStringLiteral("cut.mp4"), QStringLiteral("cut short")},
        {QStringLiteral("empty.mp4"), QStringLiteral("empty (0 bytes)")},
        {QStringLiteral("garbage.mov"), QStringLiteral("not a video")},
        {QStringLiteral("photo.mp4"), QStringLiteral("its data is a JPEG image")},
    };
    QStringList paths;
    for (const auto &[name, cause] : expected) {
        const std::optional<ImportProblem> problem = problemFor(*report, name);
        QVERIFY2(problem, qPrintable(name + QLatin1Char('\n') + describe(*report)));
        QVERIFY(problem->skipped);
        QVERIFY2(problem->reason.contains(cause), qPrintable(name + QStringLiteral(": ") + problem->reason));
        QVERIFY(!pictureAt(*album, name)); // nothing half imported
        paths.append(name);
    }
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT group_concat(path, ',') FROM"
                                                         " (SELECT path FROM import_problems ORDER BY path)")),
             paths.join(QLatin1Char(',')));
    QCOMPARE(rawQuery(databaseOf(*album), QStringLiteral("SELECT count(*) || ' ' || (SELECT count(*) FROM thumbnails)"
                                                         " || ' ' || group_concat(kind, ',') FROM"
                                                         " (SELECT kind FROM pictures ORDER BY path)")),
             QStringLiteral("2 2 photo,video"));

    // Unchanged, they are not read again; fixed, the file imports.
    const Result<ImportReport> again = importPictures(*album);
    QVERIFY2(again && again->added == 0 && again->failed == 6, qPrintable(again ? describe(*again) : QString()));
    QFile::remove(folder.filePath(QStringLiteral("cut.mp4")));
    QVERIFY(QFile::copy(folder.filePath(QStringLiteral("good.mp4")), folder.filePath(QStringLiteral("cut.mp4"))));
    ImportOptions rescan;
    rescan.rescan = true;
    const Result<ImportReport> fixed = importPictures(*album, rescan);
    QVERIFY2(fixed && fixed->failed == 5, qPrintable(fixed ? describe(*fixed) : QString()));
    QVERIFY(pictureAt(*album, QStringLiteral("cut.mp4")));
}

void TestImportVideo::videoOverItsTimeLimitIsAProblem()
{
    QTemporaryDir dir;
    Result<Album> album = Album::create(dir.filePath(QStringLiteral("Album")));
    QVERIFY(album);
    VideoSpec big; // opened, seeked and a frame decoded and scaled: milliseconds at this size
    big.pattern = QStringLiteral("testsrc");
    big.size = QSize(2560, 1440);
    big.seconds = 2;
    const QString made = putVideo(*album, QStringLiteral("long.mp4"), big);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(putPhoto(*album, QStringLiteral("fine.jpg"), dated()));

    ImportOptions options;
    options.videoTimeLimitMs = 1; // no video opens, probes and decodes in a millisecond
    const Result<ImportReport> report = importPictures(*album, options);
    QVERIFY2(report, qPrintable(report.error().toString()));
    QVERIFY2(report->added == 1 && report->failed == 1, qPrintable(describe(*report)));
    const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("long.mp4"));
    QVERIFY2(problem && problem->reason.contains(QLatin1String("took longer than 0.001 s")),
             qPrintable(describe(*report)));
    QVERIFY(!pictureAt(*album, QStringLiteral("long.mp4")));

    options.videoTimeLimitMs = 0;
    QCOMPARE(importPictures(*album, options).error().code(), ErrorCode::InvalidArgument);
}

void TestImportVideo::albumOfTheLastReleaseMigratesAndTakesVideos()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("Old"));
    // An album as the release before videos wrote it: schema 4, one photo.
    {
        AlbumOptions old;
        old.format = *albumFormatWithSteps(albumFormat().steps().mid(0, 4));
        Result<Album> album = Album::create(folder, QStringLiteral("Old"), old);
        QVERIFY2(album, qPrintable(album.error().toString()));
        QCOMPARE(album->schemaVersion(), 4);
        QVERIFY(putPhoto(*album, QStringLiteral("old.jpg"), dated()));
        QVERIFY(album->close());
    }
    const QString database = Album::databasePathFor(folder);
    QCOMPARE(rawQuery(database, QStringLiteral("INSERT INTO pictures (uuid, path, added_at, width, height)"
                                               " VALUES ('2f1e0c3a-0d6b-4c2e-9a41-0c1d2e3f4a5b', 'old.jpg', 1, 8, 6)")),
             QString());

    Result<Album> album = Album::open(folder);
    QVERIFY2(album, qPrintable(album.error().toString()));
    QCOMPARE(album->schemaVersion(), albumFormat().latestVersion());
    QVERIFY(album->schemaVersion() >= 5);
    const std::optional<Picture> old = pictureAt(*album, QStringLiteral("old.jpg"));
    QVERIFY(old);
    QCOMPARE(old->kind, PictureKind::Photo);
    QCOMPARE(old->durationMs, std::nullopt);
    const QStringList backups = QDir(folder + QStringLiteral("/.quire/backups")).entryList(QDir::Files);
    QVERIFY2(backups.size() == 1 && backups.first().contains(QLatin1String("schema4")), qPrintable(backups.join(' ')));

    const QString made = putVideo(*album, QStringLiteral("new.mp4"), datedSpec());
    QVERIFY2(made.isEmpty(), qPrintable(made));
    const Result<ImportReport> report = importPictures(*album);
    QVERIFY2(report && report->added == 1, qPrintable(report ? describe(*report) : report.error().toString()));
    QCOMPARE(pictureAt(*album, QStringLiteral("new.mp4"))->kind, PictureKind::Video);
}

void TestImportVideo::copiedVideoStaysAVideo()
{
    QTemporaryDir dir;
    AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
    Result<Album> source = registry.create(dir.filePath(QStringLiteral("Source")));
    Result<Album> destination = registry.create(dir.filePath(QStringLiteral("Destination")));
    QVERIFY(source && destination);
    VideoSpec spec = datedSpec();
    spec.audio = true;
    const QString made = putVideo(*source, QStringLiteral("clip.mp4"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(importPictures(*source));
    const std::optional<Picture> original = pictureAt(*source, QStringLiteral("clip.mp4"));
    QVERIFY(original);

    const Result<TransferReport> copied = copyPictures(registry, *source, *destination, {original->uuid});
    QVERIFY2(copied, qPrintable(copied.error().toString()));
    const std::optional<Picture> copy = pictureAt(*destination, QStringLiteral("clip.mp4"));
    QVERIFY(copy);
    QCOMPARE(copy->kind, PictureKind::Video);
    QCOMPARE(copy->durationMs, original->durationMs);
    QCOMPARE(copy->frameRate, original->frameRate);
    QCOMPARE(copy->videoCodec, original->videoCodec);
    QCOMPARE(copy->audioCodec, original->audioCodec);
}

void TestImportVideo::pictureImageOfAVideoIsItsPosterUpright()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("portrait.mov"));
    QString made = makeVideo(file);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    made = setTrackRotation(file, 90);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    const Result<QImage> image = readPictureImage(file, 128);
    QVERIFY2(image, qPrintable(image.error().toString()));
    QCOMPARE(image->size(), QSize(96, 128));
    QCOMPARE(barsOf(*image, 90), QStringLiteral("WYCGMRB"));

    QVERIFY(writeFile(dir.filePath(QStringLiteral("garbage.mp4")), QByteArray(4000, 'x')));
    const Result<QImage> garbage = readPictureImage(dir.filePath(QStringLiteral("garbage.mp4")), 128);
    QVERIFY(!garbage);
    QVERIFY2(garbage.error().message().contains(QLatin1String("garbage.mp4")), qPrintable(garbage.error().message()));
    QVERIFY2(garbage.error().message().contains(QLatin1String("not a video")), qPrintable(garbage.error().message()));
}

void TestImportVideo::videoSuffixesAreImportable()
{
    for (const char *name : {"a.mp4", "b.MOV", "c.m4v", "d.mkv", "e.webm", "f.avi", "g.3gp", "h.Mp4"})
        QVERIFY2(isImportableFileName(QString::fromLatin1(name)), name);
    for (const char *name : {".mp4", "a.mp3", "a.wav", "a.mpg.txt"})
        QVERIFY2(!isImportableFileName(QString::fromLatin1(name)), name);
}

QTEST_GUILESS_MAIN(TestImportVideo)
#include "tst_import_video.moc"
