#pragma once
// HEIC and AVIF files for the import tests and the benchmark, made by the
// real encoder a user's tools would use: heif-enc (Debian's
// libheif-examples) from JPEGs written by writePhoto(), so they carry the
// JPEG's EXIF (and its orientation as HEIF transform properties).

#include <QSize>
#include <QString>
#include <QStringList>

namespace quire::test {

struct HeifEncoding {
    bool avif = false;      // AV1 (heif-enc -A) instead of HEVC
    int thumbnailEdge = 0;  // > 0: embed a thumbnail this long (heif-enc -t)
    int quality = 90;
};

// Encodes the JPEGs into one HEIF file at `output`, the first as its
// primary image. Empty on success, else why not; a machine without
// heif-enc gets a sentence saying which package brings it, so a test
// fails there rather than skipping.
QString encodeHeif(const QStringList &jpegs, const QString &output, const HeifEncoding &encoding = {});

// Encodes the JPEG's stored pixels (as they lie, not turned) with libheif's
// own encoder, giving the HEIF an irot/imir that matches the EXIF
// `orientation` and keeping the JPEG's EXIF block (its orientation tag
// included): what a phone writes. heif-enc 1.15 cannot: from a turned JPEG
// it writes no irot and leaves the EXIF orientation as the only record.
QString encodeHeifWithTransform(const QString &jpeg, const QString &output, int orientation);

// The primary image's size as coded ('ispe', before irot/imir) and as shown
// (after them), and how many images the file holds, read with libheif;
// invalid sizes when the file cannot be read. A test uses it to prove a file really carries a rotation.
struct HeifSizes {
    QSize coded;
    QSize shown;
    int images = 0; // top-level images in the file
};
HeifSizes heifPrimarySizes(const QString &path);

} // namespace quire::test
