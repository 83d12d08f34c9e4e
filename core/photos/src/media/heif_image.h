#pragma once
// HEIF images (HEIC from phones, AVIF, plain HEIF) read with libheif's C
// API: the primary image's size as shown, a thumbnail turned upright, and
// its EXIF and XMP blocks handed back raw for the exiv2 reader. Qt has no
// HEIF reader on Debian, and one through a plugin would hide libheif's
// errors and its transform properties from the importer.
//
// Orientation: a HEIF says how to show its image with transform properties
// (irot, imir, clap), which libheif applies while decoding; the image and
// size returned here have them applied. An EXIF orientation in the file
// repeats them for older readers and must then not be applied again;
// `transformed` tells the caller whether there were any (heif_boxes.h).
//
// Thread safety: each call makes its own libheif context (contexts are not
// shared between threads), so any number of threads may call at once.

#include <QByteArray>
#include <QByteArrayView>
#include <QImage>
#include <QSize>
#include <QString>

namespace quire::detail {

// libheif's decoders are registered between heif_init and heif_deinit,
// which libheif counts and locks itself; the last heif_deinit unregisters
// them all (and the next heif_init loads them again). The importer holds
// one for its whole run, so its workers do not load and drop the decoders
// for every file; readHeifImage holds one too, for callers that do not.
class HeifLibrary
{
public:
    HeifLibrary();
    ~HeifLibrary();
    HeifLibrary(const HeifLibrary &) = delete;
    HeifLibrary &operator=(const HeifLibrary &) = delete;
    // Why libheif did not start; empty when it did.
    const QString &failure() const { return m_failure; }

private:
    QString m_failure;
};

struct HeifImage {
    QString failure;      // why the file cannot be imported; empty when it can
    QSize decodedSize;    // the primary image's pixels, transform properties applied
    bool transformed = false; // the primary image has irot or imir
    QImage thumbnail;     // as decoded (transforms applied); long edge <= the size asked for, never upscaled
    QByteArray exif;      // the EXIF block from its TIFF header on ("II*\0"/"MM\0*"); empty when none
    QByteArray xmp;       // the XMP packet; empty when none
};

// True when the bytes begin with a HEIF file type box (HEIC, AVIF, ...),
// whatever the file is called.
bool looksLikeHeif(QByteArrayView bytes);

// Suffixes of the HEIF family: heic, heif, hif, avif.
bool isHeifFileName(const QString &fileName);

// Reads the primary image of a HEIF file held in memory. The embedded
// thumbnail is used when it is at least longEdge pixels long (and shaped
// like the image); otherwise the primary image is decoded and scaled.
// Never throws; every libheif error ends up in failure.
HeifImage readHeifImage(QByteArrayView bytes, int longEdge);

} // namespace quire::detail
