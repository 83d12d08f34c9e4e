#include "media/photo_file.h"

#include "media/heif_image.h"
#include "media/photo_metadata_blocks.h"
#include "media/thumbnail.h"
#include "media/video_file.h"
#include "media/video_metadata.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire::detail {

namespace {

// Larger than any photo or RAW file; such a file is some other thing.
constexpr qint64 MaxFileSize = qint64(2) << 30;

QString suffixOf(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : fileName.mid(dot + 1).toLower();
}

// Videos run to gigabytes; past this a file is some other thing.
constexpr qint64 MaxVideoFileSize = qint64(256) << 30;

// Opens the file for reading if it is a regular, non-empty file of at
// most maxSize bytes, filling in its size and time; -1 with failure set
// otherwise.
int openChecked(const QByteArray &path, qint64 maxSize, const char *what, PhotoFile &out)
{
    // O_NONBLOCK: a FIFO named like a photo must not hang the import.
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        out.failure = QStringLiteral("the file cannot be opened (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        out.failure = QStringLiteral("the file cannot be read (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
    else if (!S_ISREG(st.st_mode))
        out.failure = QStringLiteral("it is not a regular file");
    else if (st.st_size == 0)
        out.failure = QStringLiteral("the file is empty (0 bytes)");
    else if (st.st_size > maxSize)
        out.failure = QStringLiteral("the file is %1 MB, too large for a %2").arg(st.st_size >> 20).arg(QLatin1String(what));
    if (!out.failure.isEmpty()) {
        ::close(fd);
        return -1;
    }
    out.size = st.st_size;
    out.modified = QDateTime::fromMSecsSinceEpoch(qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000,
                                                  Qt::UTC);
    return fd;
}

// Reads up to `size` bytes at `into`; false with failure set on error or
// when the file ends first.
bool readFully(int fd, char *into, qint64 size, PhotoFile &out)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, into + done, size_t(size - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            out.failure = n == 0 ? QStringLiteral("the file shrank while it was read")
                                 : QStringLiteral("the file cannot be read (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        done += n;
    }
    return true;
}

// Reads the whole file; failure set on error.
QByteArray readAll(const QByteArray &path, PhotoFile &out)
{
    const int fd = openChecked(path, MaxFileSize, "photo", out);
    if (fd < 0)
        return {};
    QByteArray bytes(out.size, Qt::Uninitialized);
    if (!readFully(fd, bytes.data(), out.size, out))
        bytes.clear();
    ::close(fd);
    return bytes;
}

// The SHA-1 of the whole file, read a piece at a time; failure set on error.
QByteArray hashInPieces(const QByteArray &path, qint64 maxSize, PhotoFile &out)
{
    const int fd = openChecked(path, maxSize, "video", out);
    if (fd < 0)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha1);
    QByteArray piece(qsizetype(1) << 20, Qt::Uninitialized);
    for (qint64 left = out.size; left > 0 && out.failure.isEmpty();) {
        const qint64 n = std::min<qint64>(left, piece.size());
        if (readFully(fd, piece.data(), n, out))
            hash.addData(QByteArrayView(piece.constData(), n));
        left -= n;
    }
    ::close(fd);
    return out.failure.isEmpty() ? hash.result() : QByteArray();
}

// A video: the container's facts, its tags as metadata, and the poster
// frame for the thumbnail. Upright already (video_file.h): orientation 1.
QImage decodeVideo(const QByteArray &path, int longEdge, int timeLimitMs, PhotoFile &out)
{
    VideoFile video = readVideoFile(path, longEdge, timeLimitMs);
    if (!video.failure.isEmpty()) {
        out.failure = video.failure;
        return {};
    }
    out.kind = PictureKind::Video;
    out.metadata = videoMetadata(video.tags);
    out.warnings = out.metadata.warnings;
    out.shownSize = video.shownSize;
    out.durationMs = video.durationMs;
    out.frameRate = video.frameRate;
    out.videoCodec = video.videoCodec;
    out.audioCodec = video.audioCodec;
    return video.poster;
}

// HEIC, HEIF and AVIF through libheif, which applies the file's irot and
// imir while decoding. Phones write an EXIF orientation beside them that
// says the same again: applied too, it would turn the picture twice, so a
// file with transform properties is upright as decoded (orientation 1).
// Without them (a HEIF converted from a turned JPEG by heif-enc 1.15, for
// one) the EXIF orientation is the only record of how to show the pixels,
// and is applied like a JPEG's.
QImage decodeHeif(QByteArrayView bytes, int longEdge, PhotoFile &out)
{
    HeifImage heif = readHeifImage(bytes, longEdge);
    if (!heif.failure.isEmpty()) {
        out.failure = heif.failure;
        return {};
    }
    Result<PhotoMetadata> metadata = readMetadataBlocks(heif.exif, heif.xmp);
    if (metadata) {
        out.metadata = *metadata;
        out.warnings = metadata->warnings;
    } else {
        out.warnings.append(metadata.error().message());
    }
    if (heif.transformed)
        out.metadata.orientation = 1;
    const int orientation = out.metadata.orientation;
    out.shownSize = orientation >= 5 ? heif.decodedSize.transposed() : heif.decodedSize;
    return applyOrientation(heif.thumbnail, orientation);
}

// The file's pixels upright, long edge <= longEdge, with the metadata,
// shown size, warnings and failure filled in on the way. One path for the
// importer's thumbnails and for viewers (readPhotoImage), so a file the
// importer shows one way is never shown another way elsewhere.
QImage decodeUpright(QByteArrayView bytes, const QString &fileName, int longEdge, PhotoFile &out)
{
    // By content, not by name: a phone's HEIC saved as .jpg is still a HEIC.
    if (looksLikeHeif(bytes))
        return decodeHeif(bytes, longEdge, out);

    const bool raw = isRawFileName(fileName);
    const QString suffix = suffixOf(fileName);
    const bool jpeg = suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
    const bool looksLikeJpeg = bytes.size() >= 2 && uchar(bytes[0]) == 0xFF && uchar(bytes[1]) == 0xD8;
    if (jpeg && looksLikeJpeg && !jpegIsComplete(bytes)) {
        out.failure = QStringLiteral("the JPEG data is cut short (a truncated or damaged file)");
        return {};
    }

    Result<PhotoMetadata> metadata = readPhotoMetadata(bytes, raw);
    if (metadata) {
        out.metadata = *metadata;
        out.warnings = metadata->warnings;
    } else if (raw) {
        out.failure = QStringLiteral("the camera RAW file cannot be read: %1").arg(metadata.error().message());
        return {};
    }
    // Without metadata a file may still be a fine image (a PNG from a
    // screenshot tool); the decoder decides.

    QByteArrayView pixels = bytes;
    if (raw) {
        if (out.metadata.preview.isEmpty()) {
            out.failure = QStringLiteral("the camera RAW file has no embedded preview to show");
            return {};
        }
        pixels = out.metadata.preview;
    }
    const int orientation = out.metadata.orientation;
    DecodedThumbnail decoded = decodeThumbnail(pixels, longEdge, orientation);
    if (!decoded.failure.isEmpty()) {
        // Said plainly: "Unsupported image format" would send a user looking
        // for a HEIC plugin when the file is simply not one.
        out.failure = isHeifFileName(fileName)
            ? QStringLiteral("it is named like a HEIF image but its data is not one (no HEIF file type box at its start)")
            : decoded.failure;
        return {};
    }
    QSize stored = decoded.storedSize;
    if (raw && out.metadata.pixelSize.isValid())
        stored = out.metadata.pixelSize; // the sensor's size, not the preview's
    out.shownSize = orientation >= 5 ? stored.transposed() : stored;
    out.metadata.preview.clear(); // decoded now; megabytes nobody needs any more
    return decoded.image;
}

} // namespace

bool isRawFileName(const QString &fileName)
{
    static const QSet<QString> raw{
        QStringLiteral("dng"), QStringLiteral("cr2"), QStringLiteral("cr3"), QStringLiteral("nef"),
        QStringLiteral("nrw"), QStringLiteral("arw"), QStringLiteral("orf"), QStringLiteral("rw2"),
        QStringLiteral("raf"), QStringLiteral("pef"), QStringLiteral("srw")};
    return raw.contains(suffixOf(fileName));
}

QByteArray contentHash(QByteArrayView bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
}

QByteArray fileContentHash(const QByteArray &path)
{
    PhotoFile unused;
    return hashInPieces(path, MaxVideoFileSize, unused);
}

bool isImageFileName(const QString &fileName)
{
    static const QSet<QString> images{
        QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("png"),  QStringLiteral("tif"),
        QStringLiteral("tiff"), QStringLiteral("webp"), QStringLiteral("gif"),  QStringLiteral("bmp")};
    return images.contains(suffixOf(fileName)) || isHeifFileName(fileName);
}

PhotoFile readPhotoFile(const QByteArray &path, const QString &fileName, int thumbnailSize, int videoTimeLimitMs)
{
    PhotoFile out;
    if (isVideoFileName(fileName)) {
        out.contentHash = hashInPieces(path, MaxVideoFileSize, out);
        if (!out.failure.isEmpty())
            return out;
        const QImage poster = decodeVideo(path, thumbnailSize, videoTimeLimitMs, out);
        if (out.failure.isEmpty())
            out.thumbnail = encodeThumbnail(poster);
        return out;
    }
    const QByteArray bytes = readAll(path, out);
    if (!out.failure.isEmpty())
        return out;
    out.contentHash = contentHash(bytes);
    const QImage image = decodeUpright(bytes, fileName, thumbnailSize, out);
    if (out.failure.isEmpty())
        out.thumbnail = encodeThumbnail(image);
    return out;
}

PhotoImage readPhotoImage(const QByteArray &path, const QString &fileName, int longEdge)
{
    PhotoImage out;
    PhotoFile file;
    if (isVideoFileName(fileName)) {
        const int fd = openChecked(path, MaxVideoFileSize, "video", file);
        if (fd < 0) {
            out.failure = file.failure;
            out.unreadable = true;
            return out;
        }
        ::close(fd);
        out.image = decodeVideo(path, longEdge, DefaultVideoTimeLimitMs, file);
        out.failure = file.failure;
        return out;
    }
    const QByteArray bytes = readAll(path, file);
    if (!file.failure.isEmpty()) {
        out.failure = file.failure;
        out.unreadable = true;
        return out;
    }
    out.image = decodeUpright(bytes, fileName, longEdge, file);
    out.failure = file.failure;
    if (!out.failure.isEmpty())
        out.image = QImage();
    return out;
}

} // namespace quire::detail
