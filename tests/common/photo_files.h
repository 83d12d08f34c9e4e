#pragma once
// Real photo files for the import tests and the benchmark: images drawn
// with QImage, saved as JPEG/PNG/TIFF/WebP by the suffix, then given EXIF
// and XMP metadata with exiv2, the way a camera or a photo manager writes
// them.

#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QString>
#include <QStringList>

#include <optional>

namespace quire::test {

struct PhotoSpec {
    int width = 64;
    int height = 48;
    // Drawn upright; the file's pixels are turned so that a viewer applying
    // `orientation` shows it upright again (see uprightPattern()).
    int orientation = 0; // 0: no Orientation tag; 1..8 written as is
    int jpegQuality = 90;
    // EXIF values, written verbatim as strings/rationals when set.
    QString dateTimeOriginal;   // "2024:07:14 10:30:00" (any bytes, for bogus dates)
    QString subSecTimeOriginal; // "250"
    QString offsetTimeOriginal; // "+02:00"
    QString dateTimeDigitized;  // the fallbacks when DateTimeOriginal is missing
    QString dateTime;           // (Exif.Image.DateTime)
    std::optional<int> exifRating; // Exif.Image.Rating
    QString make, model, lens;
    QString exposureTime;       // rational "1/250"
    QString fNumber;            // rational "28/10"
    std::optional<int> iso;
    QString focalLength;        // rational "50/1"
    std::optional<double> latitude, longitude, altitude;
    std::optional<int> exifPixelWidth, exifPixelHeight; // claims, possibly absurd
    QByteArray userComment;     // e.g. 10 MB of text
    // XMP
    QStringList subjects;       // dc:subject
    QStringList hierarchical;   // digiKam TagsList, "Places/Paris"
    QStringList lightroomHierarchical; // lr:hierarchicalSubject, written as given: "Places|Paris"
    std::optional<int> rating;  // xmp:Rating
};

// The picture a correct viewer shows: red top-left quarter, green top-right,
// blue bottom half, of the given (upright) size.
QImage uprightPattern(int width, int height);

// The pixels to store so that applying EXIF `orientation` gives `upright`.
QImage storedForOrientation(const QImage &upright, int orientation);

// Draws and saves the photo, then writes its metadata. False on failure
// (the reason is printed with qWarning).
bool writePhoto(const QString &path, const PhotoSpec &spec = {});

// Writes the spec's metadata (everything but the pixels and their size)
// into an existing image file.
bool writeMetadata(const QString &path, const PhotoSpec &spec);

// Adds a JPEG preview (IFD1 thumbnail) of `preview` to an existing TIFF-
// based file with exiv2, the way a camera RAW carries one.
bool embedJpegPreview(const QString &path, const QImage &preview);

// A colour check used by the orientation tests: the colour at the centre
// of each quarter, "RG/BB" style ('R', 'G', 'B' or '?').
QString quarterColours(const QImage &image);

} // namespace quire::test
