#include "photo_files.h"

#include "quire/photo_metadata.h"

#include <QBuffer>
#include <QDebug>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QTransform>

#include <exiv2/exiv2.hpp>

#include <cmath>
#include <cstdio>

namespace quire::test {

namespace {

// EXIF GPS coordinates are three rationals: degrees, minutes, seconds.
std::string dms(double value)
{
    value = std::fabs(value);
    const int degrees = int(value);
    const double minutesFull = (value - degrees) * 60;
    const int minutes = int(minutesFull);
    const long seconds = std::lround((minutesFull - minutes) * 60 * 1000);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%d/1 %d/1 %ld/1000", degrees, minutes, seconds);
    return buffer;
}

void setIfGiven(Exiv2::ExifData &exif, const char *key, const QString &value)
{
    if (!value.isNull())
        exif[key] = value.toStdString();
}

void setRational(Exiv2::ExifData &exif, const char *key, const QString &value)
{
    if (value.isEmpty())
        return;
    Exiv2::URationalValue v;
    v.read(value.toStdString());
    exif[key] = v;
}

} // namespace

QImage uprightPattern(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height / 2, Qt::red);
    painter.fillRect(width / 2, 0, width - width / 2, height / 2, Qt::green);
    painter.end();
    return image;
}

QImage storedForOrientation(const QImage &upright, int orientation)
{
    // A viewer maps stored -> shown by: 2 mirror x, 3 rotate 180, 4 mirror y,
    // 5 transpose, 6 rotate 90 cw, 7 transverse, 8 rotate 90 ccw. Storing
    // applies the inverse.
    QTransform rotate;
    switch (orientation) {
    case 2: return upright.mirrored(true, false);
    case 3: return upright.transformed(rotate.rotate(180));
    case 4: return upright.mirrored(false, true);
    case 5: return upright.transformed(rotate.rotate(90)).mirrored(true, false); // transpose is its own inverse
    case 6: return upright.transformed(rotate.rotate(-90));
    case 7: return upright.transformed(rotate.rotate(-90)).mirrored(true, false);
    case 8: return upright.transformed(rotate.rotate(90));
    default: return upright;
    }
}

QString quarterColours(const QImage &image)
{
    auto colour = [&](double fx, double fy) {
        const QColor c = image.pixelColor(int(image.width() * fx), int(image.height() * fy));
        if (c.red() > 160 && c.green() < 100 && c.blue() < 100) return QLatin1Char('R');
        if (c.green() > 160 && c.red() < 100 && c.blue() < 100) return QLatin1Char('G');
        if (c.blue() > 160 && c.red() < 100 && c.green() < 100) return QLatin1Char('B');
        return QLatin1Char('?');
    };
    return QString() + colour(0.25, 0.25) + colour(0.75, 0.25) + QLatin1Char('/') + colour(0.25, 0.75)
        + colour(0.75, 0.75);
}

bool writePhoto(const QString &path, const PhotoSpec &spec)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QImage upright = uprightPattern(spec.width, spec.height);
    const QImage stored = storedForOrientation(upright, spec.orientation);
    if (!stored.save(path, nullptr, spec.jpegQuality)) {
        qWarning() << "writePhoto: cannot save" << path;
        return false;
    }
    return writeMetadata(path, spec);
}

bool writeMetadata(const QString &path, const PhotoSpec &spec)
{
    // Benchmarks and tests make photos on a thread pool; exiv2's XMP
    // toolkit needs its lock before that.
    quire::prepareExiv2();
    try {
        auto image = Exiv2::ImageFactory::open(path.toStdString());
        image->readMetadata();
        Exiv2::ExifData &exif = image->exifData();
        if (spec.orientation > 0)
            exif["Exif.Image.Orientation"] = uint16_t(spec.orientation);
        setIfGiven(exif, "Exif.Photo.DateTimeOriginal", spec.dateTimeOriginal);
        setIfGiven(exif, "Exif.Photo.SubSecTimeOriginal", spec.subSecTimeOriginal);
        setIfGiven(exif, "Exif.Photo.OffsetTimeOriginal", spec.offsetTimeOriginal);
        setIfGiven(exif, "Exif.Photo.DateTimeDigitized", spec.dateTimeDigitized);
        setIfGiven(exif, "Exif.Image.DateTime", spec.dateTime);
        if (spec.exifRating)
            exif["Exif.Image.Rating"] = uint16_t(*spec.exifRating);
        setIfGiven(exif, "Exif.Image.Make", spec.make);
        setIfGiven(exif, "Exif.Image.Model", spec.model);
        setIfGiven(exif, "Exif.Photo.LensModel", spec.lens);
        setRational(exif, "Exif.Photo.ExposureTime", spec.exposureTime);
        setRational(exif, "Exif.Photo.FNumber", spec.fNumber);
        setRational(exif, "Exif.Photo.FocalLength", spec.focalLength);
        if (spec.iso)
            exif["Exif.Photo.ISOSpeedRatings"] = uint16_t(*spec.iso);
        if (spec.exifPixelWidth)
            exif["Exif.Photo.PixelXDimension"] = uint32_t(*spec.exifPixelWidth);
        if (spec.exifPixelHeight)
            exif["Exif.Photo.PixelYDimension"] = uint32_t(*spec.exifPixelHeight);
        if (spec.latitude && spec.longitude) {
            exif["Exif.GPSInfo.GPSVersionID"] = "2 3 0 0";
            exif["Exif.GPSInfo.GPSLatitudeRef"] = *spec.latitude < 0 ? "S" : "N";
            Exiv2::URationalValue lat;
            lat.read(dms(*spec.latitude));
            exif["Exif.GPSInfo.GPSLatitude"] = lat;
            exif["Exif.GPSInfo.GPSLongitudeRef"] = *spec.longitude < 0 ? "W" : "E";
            Exiv2::URationalValue lon;
            lon.read(dms(*spec.longitude));
            exif["Exif.GPSInfo.GPSLongitude"] = lon;
            if (spec.altitude) {
                exif["Exif.GPSInfo.GPSAltitudeRef"] = uint8_t(*spec.altitude < 0 ? 1 : 0);
                Exiv2::URationalValue alt;
                alt.read(std::to_string(std::lround(std::fabs(*spec.altitude) * 100)) + "/100");
                exif["Exif.GPSInfo.GPSAltitude"] = alt;
            }
        }
        if (!spec.userComment.isEmpty())
            exif["Exif.Photo.UserComment"] = "charset=Ascii " + spec.userComment.toStdString();

        Exiv2::XmpData &xmp = image->xmpData();
        if (!spec.subjects.isEmpty()) {
            Exiv2::XmpArrayValue bag(Exiv2::xmpBag);
            for (const QString &subject : spec.subjects)
                bag.read(subject.toStdString());
            xmp.add(Exiv2::XmpKey("Xmp.dc.subject"), &bag);
        }
        if (!spec.hierarchical.isEmpty()) {
            Exiv2::XmpArrayValue seq(Exiv2::xmpSeq);
            for (const QString &tag : spec.hierarchical)
                seq.read(tag.toStdString());
            xmp.add(Exiv2::XmpKey("Xmp.digiKam.TagsList"), &seq);
        }
        if (!spec.lightroomHierarchical.isEmpty()) {
            Exiv2::XmpArrayValue bag(Exiv2::xmpBag);
            for (const QString &tag : spec.lightroomHierarchical)
                bag.read(tag.toStdString());
            xmp.add(Exiv2::XmpKey("Xmp.lr.hierarchicalSubject"), &bag);
        }
        if (spec.rating)
            xmp["Xmp.xmp.Rating"] = std::to_string(*spec.rating);
        image->writeMetadata();
        // exiv2 drops a tag that does not fit (a JPEG's EXIF segment holds
        // 64 KB) with only a warning on stderr; a test relying on the
        // comment must not pass on a file without it.
        if (!spec.userComment.isEmpty()) {
            auto written = Exiv2::ImageFactory::open(path.toStdString());
            written->readMetadata();
            if (written->exifData().findKey(Exiv2::ExifKey("Exif.Photo.UserComment")) == written->exifData().end()) {
                qWarning() << "writePhoto: the UserComment did not fit in" << path
                           << "(a JPEG's EXIF holds 64 KB; use a TIFF)";
                return false;
            }
        }
    } catch (const Exiv2::AnyError &e) {
        qWarning() << "writePhoto: exiv2:" << e.what();
        return false;
    }
    return true;
}

bool embedJpegPreview(const QString &path, const QImage &preview)
{
    try {
        auto image = Exiv2::ImageFactory::open(path.toStdString());
        image->readMetadata();
        QByteArray jpeg;
        {
            QBuffer buffer(&jpeg);
            buffer.open(QIODevice::WriteOnly);
            preview.save(&buffer, "JPEG", 85);
        }
        Exiv2::ExifThumb thumb(image->exifData());
        thumb.setJpegThumbnail(reinterpret_cast<const Exiv2::byte *>(jpeg.constData()), long(jpeg.size()));
        image->writeMetadata();
    } catch (const Exiv2::AnyError &e) {
        qWarning() << "embedJpegPreview: exiv2:" << e.what();
        return false;
    }
    return true;
}

} // namespace quire::test
