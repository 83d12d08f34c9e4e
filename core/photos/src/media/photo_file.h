#pragma once
// One photo file read for import: its bytes read once, then hashed, their
// metadata read and a thumbnail decoded from the same memory. A video is
// hashed as it streams past and read by FFmpeg from the file (video_file.h):
// it may be far larger than memory. Runs on the importer's worker threads;
// touches no database.

#include "quire/photo_metadata.h"
#include "quire/picture.h"

#include <QByteArray>
#include <QDateTime>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

namespace quire::detail {

struct PhotoFile {
    QString failure;         // why the file cannot be imported; empty when it can
    qint64 size = 0;
    QDateTime modified;      // UTC
    QByteArray contentHash;  // SHA-1 of the whole file
    PhotoMetadata metadata;
    QSize shownSize;      // pixels as shown (after orientation)
    Thumbnail thumbnail;
    PictureKind kind = PictureKind::Photo;
    std::optional<qint64> durationMs; // videos: see Picture
    std::optional<double> frameRate;
    QString videoCodec;
    QString audioCodec;
    QStringList warnings;    // imported with these caveats
};

// How long reading one video may take before it is given up as a problem.
inline constexpr int DefaultVideoTimeLimitMs = 20000;

// Reads the file at `path` (native bytes, absolute); a video (by its name)
// within videoTimeLimitMs. Never throws; every problem ends up in failure
// or warnings.
PhotoFile readPhotoFile(const QByteArray &path, const QString &fileName, int thumbnailSize,
                        int videoTimeLimitMs = DefaultVideoTimeLimitMs);

// A photo file's pixels as a viewer shows them.
struct PhotoImage {
    QImage image;            // upright, long edge <= the size asked for; null on failure
    QString failure;         // why not; empty on success
    bool unreadable = false; // the file itself could not be read (missing, not a file, I/O)
};

// Decodes the file at `path` exactly as readPhotoFile decodes it for its
// thumbnail (HEIF through libheif, RAW through its preview, a video's
// poster frame through FFmpeg, the rest through Qt; turned upright),
// without hashing it or encoding a JPEG.
// Never throws; any number of threads may call at once.
PhotoImage readPhotoImage(const QByteArray &path, const QString &fileName, int longEdge);

// Camera RAW suffixes: imported through the preview exiv2 extracts.
bool isRawFileName(const QString &fileName);

// The SHA-1 of the file's bytes. Chosen over a partial hash (digiKam's
// uniqueHashV2 reads 100 KB from each end): the importer holds the whole
// file in memory anyway to decode it, SHA-1 runs at about 1 GB/s on CPUs
// with SHA instructions (a tenth of the time a scaled decode takes), and a
// whole-file hash cannot call two different photos duplicates or relink a
// missing picture's tags to an edited file of the same size.
QByteArray contentHash(QByteArrayView bytes);
// The same for a file on disk, read in pieces (a video may be larger than
// memory); empty when it cannot be read.
QByteArray fileContentHash(const QByteArray &path);

// Suffixes of the images Quire decodes: what the Qt image plugins read
// (jpg, png, tif, webp, ...) and the HEIF family (heic, avif), read with libheif.
bool isImageFileName(const QString &fileName);

} // namespace quire::detail
