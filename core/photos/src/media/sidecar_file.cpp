#include "media/sidecar_file.h"

#include "media/photo_metadata_blocks.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace quire::detail {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

// At most limit + 1 bytes (a file may have grown since the walk), or why not.
QString readAtMost(const QByteArray &path, qint64 limit, QByteArray &bytes)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return QStringLiteral("it cannot be opened (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
    bytes.resize(qsizetype(limit + 1));
    qint64 total = 0;
    QString failure;
    while (total < limit + 1) {
        const ssize_t n = ::read(fd, bytes.data() + total, size_t(limit + 1 - total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            failure = QStringLiteral("reading it failed (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
            break;
        }
        if (n == 0)
            break;
        total += n;
    }
    ::close(fd);
    bytes.resize(qsizetype(total));
    return failure;
}

// "not XML at all" or "XML that does not parse": what a person can check.
QString whyItDoesNotParse(const QByteArray &bytes)
{
    QByteArray text = bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes;
    if (!text.trimmed().startsWith('<'))
        return QStringLiteral("it is not XML");
    return QStringLiteral("it is not well-formed XMP: exiv2's parser rejects it (cut short or damaged?)");
}

} // namespace

SidecarRead readSidecar(const FoundFile &sidecar)
{
    SidecarRead out;
    if (!sidecar.problem.isEmpty()) {
        out.failure = sidecar.problem;
        return out;
    }
    if (sidecar.size > MaxSidecarBytes) {
        out.failure = QStringLiteral("it is %1 MB, more than the %2 MB a sidecar may be")
                          .arg(megabytes(sidecar.size), megabytes(MaxSidecarBytes));
        return out;
    }
    QByteArray bytes;
    if (const QString failure = readAtMost(sidecar.nativePath, MaxSidecarBytes, bytes); !failure.isEmpty()) {
        out.failure = failure;
        return out;
    }
    if (bytes.size() > MaxSidecarBytes) {
        out.failure = QStringLiteral("it is more than the %1 MB a sidecar may be").arg(megabytes(MaxSidecarBytes));
        return out;
    }
    if (bytes.trimmed().isEmpty()) {
        out.failure = QStringLiteral("it is empty");
        return out;
    }
    Result<PhotoMetadata> read = readXmpPacket(bytes);
    if (!read) {
        // The toolkit's own words stay in its muted log; what exiv2 threw
        // (a length it could not allocate, say) is worth repeating.
        const QString thrown = read.error().message();
        out.failure = thrown.startsWith(QLatin1String("The metadata cannot be read"))
            ? QStringLiteral("%1 (%2)").arg(whyItDoesNotParse(bytes), thrown)
            : whyItDoesNotParse(bytes);
        return out;
    }
    out.metadata = std::move(*read);
    return out;
}

void applySidecar(PhotoMetadata &file, const PhotoMetadata &sidecar)
{
    if (!sidecar.keywords.isEmpty())
        file.keywords = sidecar.keywords;
    // Rating and pick are one field in Lightroom (-1 is rejected): a
    // sidecar's rating brings its pick along, even when that is none.
    if (sidecar.rating) {
        file.rating = sidecar.rating;
        file.pick = sidecar.pick;
    } else if (sidecar.pick) {
        file.pick = sidecar.pick;
    }
    if (sidecar.colourLabel)
        file.colourLabel = sidecar.colourLabel;
    if (!sidecar.title.isEmpty())
        file.title = sidecar.title;
    if (!sidecar.description.isEmpty())
        file.description = sidecar.description;
    if (sidecar.gps)
        file.gps = sidecar.gps;
}

void addSidecar(PhotoFile &file, const FoundFile &sidecar)
{
    const SidecarRead read = readSidecar(sidecar);
    if (!read.failure.isEmpty()) {
        file.warnings.append(
            QStringLiteral("Its sidecar %1 was not read: %2.").arg(sidecar.relativePath, read.failure));
        return;
    }
    applySidecar(file.metadata, read.metadata);
    for (const QString &warning : read.metadata.warnings)
        file.warnings.append(QStringLiteral("In its sidecar %1: %2").arg(sidecar.relativePath, warning));
}

} // namespace quire::detail
