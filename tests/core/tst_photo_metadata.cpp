// readPhotoMetadata on file bytes: every field a camera or photo manager
// writes comes back in the unit the header promises, bogus values are
// dropped with a warning naming them, and bytes that are no image at all
// give an error, never a crash.

#include "photo_files.h"
#include "testsupport.h"

#include <quire/photo_metadata.h>

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <exiv2/version.hpp>

#include <cmath>
#include <ctime>
#include <thread>

using namespace quire;
using quire::test::PhotoSpec;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The bytes of a photo written with this spec (suffix picks the format).
QByteArray photoBytes(const PhotoSpec &spec, const QString &suffix = QStringLiteral("jpg"))
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("photo.") + suffix);
    if (!quire::test::writePhoto(path, spec))
        return {};
    return readAll(path);
}

bool close(double a, double b, double tolerance = 1e-6)
{
    return std::fabs(a - b) <= tolerance;
}

} // namespace

class TestPhotoMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyBytesAreAnError();
    void garbageIsAnErrorNotACrash_data();
    void garbageIsAnErrorNotACrash();
    void fileWithoutMetadataGivesEmptyMetadata();
    void dateWithOffsetIsTheUtcInstant_data();
    void dateWithOffsetIsTheUtcInstant();
    void dateWithoutOffsetKeepsTheWallClock();
    void wallClockInADaylightSavingGapIsKept();
    void dateFallsBackToDigitizedThenDateTime_data();
    void dateFallsBackToDigitizedThenDateTime();
    void exifRatingWhenXmpHasNone();
    void cameraLensAndExposure();
    void gpsSouthAndWestAreNegative_data();
    void gpsSouthAndWestAreNegative();
    void keywordsAndRating();
    void bogusValuesAreDroppedWithAWarning_data();
    void bogusValuesAreDroppedWithAWarning();
    void hugeCommentAndAbsurdSizeAreRead();
    void previewOnlyWhenAskedFor();
    void readsFromManyThreadsAtOnce();
    void exiv2VersionIsTheLinkedOne();
};

void TestPhotoMetadata::initTestCase()
{
    // Far from UTC, with a daylight-saving gap: a wall clock read as local
    // time shows as hours off.
    qputenv("TZ", "Pacific/Auckland");
    ::tzset();
}

void TestPhotoMetadata::emptyBytesAreAnError()
{
    const Result<PhotoMetadata> m = readPhotoMetadata(QByteArrayView());
    QVERIFY(!m);
    QCOMPARE(m.error().code(), ErrorCode::InvalidArgument);
    QVERIFY(!m.error().message().isEmpty());
}

void TestPhotoMetadata::garbageIsAnErrorNotACrash_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("mustFail");
    QRandomGenerator random(6);
    QByteArray noise(4096, Qt::Uninitialized);
    for (char &c : noise)
        c = char(random.bounded(256));
    QTest::newRow("random bytes") << noise << true;
    QTest::newRow("text") << QByteArray("this is not an image, just words\n").repeated(20) << true;
    // Looks like an image for a few bytes, then nonsense: exiv2 may give up
    // or read nothing; either way no crash and no exception.
    QTest::newRow("jpeg start then noise") << (QByteArray("\xff\xd8\xff\xe1\xff\xff", 6) + noise) << false;
    QTest::newRow("tiff header with a wild offset") << (QByteArray("II*\0\xff\xff\xff\x7f", 8) + noise) << false;
    PhotoSpec spec;
    spec.make = QStringLiteral("Canon");
    const QByteArray real = photoBytes(spec);
    QVERIFY(!real.isEmpty());
    QTest::newRow("jpeg cut inside its EXIF") << real.left(40) << false;
}

void TestPhotoMetadata::garbageIsAnErrorNotACrash()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, mustFail);
    const Result<PhotoMetadata> m = readPhotoMetadata(bytes, true);
    if (mustFail) {
        QVERIFY(!m);
        QCOMPARE(m.error().code(), ErrorCode::InvalidArgument);
        QVERIFY(!m.error().message().isEmpty());
    } else if (m) {
        QVERIFY(!m->takenAt.isValid() || m->takenAt.date().year() >= 1800);
        QVERIFY(m->orientation >= 1 && m->orientation <= 8);
    }
}

void TestPhotoMetadata::fileWithoutMetadataGivesEmptyMetadata()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.jpg"));
    QVERIFY(quire::test::writeImage(path, 40, 30));
    const Result<PhotoMetadata> m = readPhotoMetadata(readAll(path));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QVERIFY(!m->takenAt.isValid());
    QVERIFY(!m->utcOffsetMinutes);
    QCOMPARE(m->orientation, 1);
    QVERIFY(m->cameraMake.isEmpty() && m->cameraModel.isEmpty() && m->lens.isEmpty());
    QVERIFY(!m->exposureTime && !m->fNumber && !m->iso && !m->focalLength && !m->gps && !m->rating);
    QVERIFY(m->keywords.isEmpty());
    QVERIFY(m->preview.isEmpty());
    QCOMPARE(m->warnings, QStringList());
}

void TestPhotoMetadata::dateWithOffsetIsTheUtcInstant_data()
{
    QTest::addColumn<QString>("offset");
    QTest::addColumn<QString>("subSec");
    QTest::addColumn<QDateTime>("utc");
    QTest::addColumn<int>("offsetMinutes");
    // Taken at 10:30:00 local time on 14 July 2024.
    const QDate day(2024, 7, 14);
    QTest::newRow("+02:00, 250 ms") << QStringLiteral("+02:00") << QStringLiteral("250")
                                    << QDateTime(day, QTime(8, 30, 0, 250), Qt::UTC) << 120;
    QTest::newRow("-05:30, 7 tenths") << QStringLiteral("-05:30") << QStringLiteral("7")
                                      << QDateTime(day, QTime(16, 0, 0, 700), Qt::UTC) << -330;
    QTest::newRow("+00:00, no sub-seconds") << QStringLiteral("+00:00") << QString()
                                            << QDateTime(day, QTime(10, 30), Qt::UTC) << 0;
    QTest::newRow("+14:00 crosses the day") << QStringLiteral("+14:00") << QString()
                                            << QDateTime(day.addDays(-1), QTime(20, 30), Qt::UTC) << 14 * 60;
}

void TestPhotoMetadata::dateWithOffsetIsTheUtcInstant()
{
    QFETCH(QString, offset);
    QFETCH(QString, subSec);
    QFETCH(QDateTime, utc);
    QFETCH(int, offsetMinutes);
    PhotoSpec spec;
    spec.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
    spec.subSecTimeOriginal = subSec;
    spec.offsetTimeOriginal = offset;
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->takenAt.toUTC(), utc);
    QCOMPARE(m->takenAt.timeSpec(), Qt::UTC);
    QVERIFY(m->utcOffsetMinutes.has_value());
    QCOMPARE(*m->utcOffsetMinutes, offsetMinutes);
    QCOMPARE(m->warnings, QStringList());
}

void TestPhotoMetadata::dateWithoutOffsetKeepsTheWallClock()
{
    PhotoSpec spec;
    spec.dateTimeOriginal = QStringLiteral("2019:12:31 23:59:58");
    spec.subSecTimeOriginal = QStringLiteral("5");
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->takenAt, QDateTime(QDate(2019, 12, 31), QTime(23, 59, 58, 500), Qt::UTC));
    QCOMPARE(m->takenAt.timeSpec(), Qt::UTC);
    QVERIFY(!m->utcOffsetMinutes.has_value());
}

void TestPhotoMetadata::wallClockInADaylightSavingGapIsKept()
{
    // 02:30 did not happen in Auckland that night (02:00 became 03:00); a
    // camera without a zone still wrote it, and it is kept as written.
    PhotoSpec spec;
    spec.dateTimeOriginal = QStringLiteral("2024:09:29 02:30:00");
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->takenAt, QDateTime(QDate(2024, 9, 29), QTime(2, 30), Qt::UTC));
    QVERIFY(!m->utcOffsetMinutes);
}

void TestPhotoMetadata::dateFallsBackToDigitizedThenDateTime_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("digitized");
    QTest::addColumn<QString>("modified");
    QTest::addColumn<QDateTime>("expected");
    QTest::addColumn<bool>("warned");
    const QDateTime d(QDate(2020, 2, 2), QTime(2, 2, 2), Qt::UTC), m(QDate(2021, 1, 1), QTime(1, 1, 1), Qt::UTC);
    QTest::newRow("digitized") << QString() << QStringLiteral("2020:02:02 02:02:02")
                               << QStringLiteral("2021:01:01 01:01:01") << d << false;
    QTest::newRow("date time") << QString() << QString() << QStringLiteral("2021:01:01 01:01:01") << m << false;
    QTest::newRow("original bogus") << QStringLiteral("0000:00:00 00:00:00") << QStringLiteral("2020:02:02 02:02:02")
                                    << QString() << d << true;
    QTest::newRow("original wins") << QStringLiteral("2019:09:09 09:09:09") << QStringLiteral("2020:02:02 02:02:02")
                                   << QStringLiteral("2021:01:01 01:01:01")
                                   << QDateTime(QDate(2019, 9, 9), QTime(9, 9, 9), Qt::UTC) << false;
}

void TestPhotoMetadata::dateFallsBackToDigitizedThenDateTime()
{
    QFETCH(QString, original);
    QFETCH(QString, digitized);
    QFETCH(QString, modified);
    QFETCH(QDateTime, expected);
    QFETCH(bool, warned);
    PhotoSpec spec;
    spec.dateTimeOriginal = original;
    spec.dateTimeDigitized = digitized;
    spec.dateTime = modified;
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->takenAt, expected);
    QCOMPARE(!m->warnings.isEmpty(), warned);
}

void TestPhotoMetadata::exifRatingWhenXmpHasNone()
{
    PhotoSpec spec;
    spec.exifRating = 3;
    const Result<PhotoMetadata> exifOnly = readPhotoMetadata(photoBytes(spec));
    QVERIFY(exifOnly);
    QCOMPARE(exifOnly->rating, std::optional<int>(3));
    spec.rating = 5; // XMP first
    const Result<PhotoMetadata> both = readPhotoMetadata(photoBytes(spec));
    QVERIFY(both);
    QCOMPARE(both->rating, std::optional<int>(5));
}

void TestPhotoMetadata::cameraLensAndExposure()
{
    PhotoSpec spec;
    spec.make = QStringLiteral("Canon");
    spec.model = QStringLiteral("Canon EOS R5");
    spec.lens = QStringLiteral("RF24-105mm F4 L IS USM");
    spec.exposureTime = QStringLiteral("1/250");
    spec.fNumber = QStringLiteral("28/10");
    spec.iso = 400;
    spec.focalLength = QStringLiteral("105/1");
    spec.orientation = 6;
    spec.width = 60;
    spec.height = 40;
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->cameraMake, QStringLiteral("Canon"));
    QCOMPARE(m->cameraModel, QStringLiteral("Canon EOS R5"));
    QCOMPARE(m->lens, QStringLiteral("RF24-105mm F4 L IS USM"));
    QCOMPARE(m->orientation, 6);
    QVERIFY(m->exposureTime && close(*m->exposureTime, 0.004));
    QVERIFY(m->fNumber && close(*m->fNumber, 2.8));
    QCOMPARE(m->iso, std::optional<int>(400));
    QVERIFY(m->focalLength && close(*m->focalLength, 105));
    QVERIFY(!m->gps);
    QCOMPARE(m->warnings, QStringList());
}

void TestPhotoMetadata::gpsSouthAndWestAreNegative_data()
{
    QTest::addColumn<double>("latitude");
    QTest::addColumn<double>("longitude");
    QTest::addColumn<double>("altitude"); // NaN: none written
    QTest::newRow("Paris, north-east, above sea") << 48.858222 << 2.2945 << 35.5;
    QTest::newRow("Ushuaia, south-west") << -54.801912 << -68.302951 << 20.0;
    QTest::newRow("Dead Sea, below sea level") << 31.559 << 35.4732 << -430.5;
    QTest::newRow("Sydney, south-east, no altitude") << -33.856784 << 151.215297 << qQNaN();
}

void TestPhotoMetadata::gpsSouthAndWestAreNegative()
{
    QFETCH(double, latitude);
    QFETCH(double, longitude);
    QFETCH(double, altitude);
    PhotoSpec spec;
    spec.latitude = latitude;
    spec.longitude = longitude;
    if (!qIsNaN(altitude))
        spec.altitude = altitude;
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QVERIFY(m->gps);
    // Written as degrees, minutes and thousandths of a second.
    QVERIFY2(close(m->gps->latitude, latitude, 1e-6), qPrintable(QString::number(m->gps->latitude, 'f', 8)));
    QVERIFY2(close(m->gps->longitude, longitude, 1e-6), qPrintable(QString::number(m->gps->longitude, 'f', 8)));
    if (qIsNaN(altitude)) {
        QVERIFY(!m->gps->altitude);
    } else {
        QVERIFY(m->gps->altitude);
        QVERIFY2(close(*m->gps->altitude, altitude, 0.01), qPrintable(QString::number(*m->gps->altitude)));
    }
}

void TestPhotoMetadata::keywordsAndRating()
{
    PhotoSpec spec;
    spec.subjects = {QStringLiteral("Sunset"), QStringLiteral("Beach")};
    spec.hierarchical = {QStringLiteral("Places/France/Paris"), QStringLiteral("People/Ann")};
    spec.rating = 4;
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QStringList keywords = m->keywords;
    keywords.sort();
    QCOMPARE(keywords, (QStringList{QStringLiteral("Beach"), QStringLiteral("People/Ann"),
                                    QStringLiteral("Places/France/Paris"), QStringLiteral("Sunset")}));
    QCOMPARE(m->rating, std::optional<int>(4));
}

void TestPhotoMetadata::bogusValuesAreDroppedWithAWarning_data()
{
    QTest::addColumn<QString>("field");
    // The warning names the bad value (dates, as import.h's example), or
    // at least the field.
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("year 0") << QStringLiteral("date") << QStringLiteral("0000:00:00");
    QTest::newRow("year 9999") << QStringLiteral("date") << QStringLiteral("9999");
    QTest::newRow("not a date") << QStringLiteral("date") << QStringLiteral("yesterday");
    QTest::newRow("offset +15:00") << QStringLiteral("offset") << QStringLiteral("\\+15:00|offset");
    QTest::newRow("offset +14:30") << QStringLiteral("offset") << QStringLiteral("\\+14:30|offset");
    QTest::newRow("orientation 9") << QStringLiteral("orientation") << QStringLiteral("\\b9\\b|orientation");
    QTest::newRow("rating 7") << QStringLiteral("rating") << QStringLiteral("\\b7\\b|rating");
    QTest::newRow("latitude 95") << QStringLiteral("gps") << QStringLiteral("\\b95\\b|GPS|latitude|position");
}

void TestPhotoMetadata::bogusValuesAreDroppedWithAWarning()
{
    QFETCH(QString, field);
    QFETCH(QString, mentioned);
    const QString row = QString::fromUtf8(QTest::currentDataTag());
    PhotoSpec spec;
    spec.make = QStringLiteral("Survivor"); // what is fine in the file is still read
    if (row == QLatin1String("year 0"))
        spec.dateTimeOriginal = QStringLiteral("0000:00:00 00:00:00");
    else if (row == QLatin1String("year 9999"))
        spec.dateTimeOriginal = QStringLiteral("9999:12:31 23:59:59");
    else if (row == QLatin1String("not a date"))
        spec.dateTimeOriginal = QStringLiteral("yesterday");
    else if (row.startsWith(QLatin1String("offset "))) {
        spec.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
        spec.offsetTimeOriginal = row.mid(7); // beyond +-14 h, as photo_metadata.h says
    } else if (row == QLatin1String("orientation 9"))
        spec.orientation = 9;
    else if (row == QLatin1String("rating 7"))
        spec.rating = 7;
    else if (row == QLatin1String("latitude 95")) {
        spec.latitude = 95;
        spec.longitude = 10;
    }
    const Result<PhotoMetadata> m = readPhotoMetadata(photoBytes(spec));
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->cameraMake, QStringLiteral("Survivor"));
    QVERIFY2(!m->warnings.isEmpty(), "no warning for a bogus value");
    const QRegularExpression naming(mentioned, QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(m->warnings.join(QLatin1Char('\n')).contains(naming), qPrintable(m->warnings.join(QLatin1Char('\n'))));
    if (field == QLatin1String("date")) {
        QVERIFY(!m->takenAt.isValid());
    } else if (field == QLatin1String("offset")) {
        // The wall clock stays, as for a camera that knows no zone.
        QVERIFY(!m->utcOffsetMinutes);
        QCOMPARE(m->takenAt, QDateTime(QDate(2024, 7, 14), QTime(10, 30), Qt::UTC));
    } else if (field == QLatin1String("orientation")) {
        QCOMPARE(m->orientation, 1);
    } else if (field == QLatin1String("rating")) {
        QVERIFY(!m->rating);
    } else if (field == QLatin1String("gps")) {
        QVERIFY(!m->gps);
    }
}

void TestPhotoMetadata::hugeCommentAndAbsurdSizeAreRead()
{
    // A JPEG's EXIF segment holds 64 KB, so the 10 MB comment goes in a TIFF.
    PhotoSpec spec;
    spec.make = QStringLiteral("Verbose");
    spec.dateTimeOriginal = QStringLiteral("2023:01:02 03:04:05");
    spec.userComment = QByteArray(10 * 1024 * 1024, 'x');
    spec.exifPixelWidth = int(4000000000u); // as the file stores it: 32 bits, unsigned
    spec.exifPixelHeight = 3;
    const QByteArray bytes = photoBytes(spec, QStringLiteral("tif"));
    QVERIFY(bytes.size() > 10 * 1024 * 1024);
    const Result<PhotoMetadata> m = readPhotoMetadata(bytes);
    QVERIFY2(m, qPrintable(m.error().toString()));
    QCOMPARE(m->cameraMake, QStringLiteral("Verbose"));
    QCOMPARE(m->takenAt, QDateTime(QDate(2023, 1, 2), QTime(3, 4, 5), Qt::UTC));
    // A claim that does not fit is dropped (an invalid QSize), never passed
    // on as a wrapped-around number.
    QVERIFY2(!m->pixelSize.isValid() || (m->pixelSize.width() > 0 && m->pixelSize.height() > 0),
             qPrintable(QStringLiteral("%1x%2").arg(m->pixelSize.width()).arg(m->pixelSize.height())));
}

void TestPhotoMetadata::previewOnlyWhenAskedFor()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("raw.tif"));
    PhotoSpec spec;
    spec.width = 200;
    spec.height = 150;
    spec.make = QStringLiteral("RawMaker");
    QVERIFY(quire::test::writePhoto(path, spec));
    // Mirrored, so the preview cannot be mistaken for the main image.
    QVERIFY(quire::test::embedJpegPreview(path, quire::test::uprightPattern(160, 120).mirrored(true, false)));
    const QByteArray bytes = readAll(path);

    const Result<PhotoMetadata> without = readPhotoMetadata(bytes, false);
    QVERIFY2(without, qPrintable(without.error().toString()));
    QVERIFY(without->preview.isEmpty());
    QCOMPARE(without->cameraMake, QStringLiteral("RawMaker"));

    const Result<PhotoMetadata> with = readPhotoMetadata(bytes, true);
    QVERIFY2(with, qPrintable(with.error().toString()));
    QVERIFY(!with->preview.isEmpty());
    const QImage preview = QImage::fromData(with->preview);
    QCOMPARE(preview.size(), QSize(160, 120));
    QCOMPARE(quire::test::quarterColours(preview), QStringLiteral("GR/BB"));
}

void TestPhotoMetadata::readsFromManyThreadsAtOnce()
{
    PhotoSpec spec;
    spec.make = QStringLiteral("Threaded");
    spec.dateTimeOriginal = QStringLiteral("2022:02:22 22:22:22");
    spec.hierarchical = {QStringLiteral("A/B")};
    spec.latitude = -10.5;
    spec.longitude = 20.25;
    const QByteArray bytes = photoBytes(spec);
    QVERIFY(!bytes.isEmpty());
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                const Result<PhotoMetadata> m = readPhotoMetadata(bytes);
                if (m && m->cameraMake == QLatin1String("Threaded") && m->keywords == QStringList{QStringLiteral("A/B")}
                    && m->gps && close(m->gps->longitude, 20.25))
                    ++good;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(good.load(), 200);
}

void TestPhotoMetadata::exiv2VersionIsTheLinkedOne()
{
    QCOMPARE(exiv2Version(), QString::fromStdString(Exiv2::versionString()));
    QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+")).match(exiv2Version()).hasMatch());
}

QTEST_GUILESS_MAIN(TestPhotoMetadata)
#include "tst_photo_metadata.moc"
