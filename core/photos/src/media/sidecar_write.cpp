// writeSidecar: exiv2's XmpParser decodes the sidecar there is, the nine
// properties Quire owns are replaced, and XmpParser encodes the rest back.

#include "media/sidecar_write.h"

#include "media/sidecar_file.h"

#include "quire/photo_metadata.h"

#include <QFile>
#include <QFileInfo>

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire::detail {

namespace sidecar_write {

// Quire's properties, as the reader (photo_metadata.cpp) takes them.
const char *const OwnedKeys[] = {"Xmp.digiKam.TagsList", "Xmp.lr.hierarchicalSubject", "Xmp.dc.subject",
                                 "Xmp.xmp.Rating",       "Xmp.digiKam.PickLabel",       "Xmp.digiKam.ColorLabel",
                                 "Xmp.xmp.Label",        "Xmp.dc.title",                "Xmp.dc.description"};

QString systemError(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

ErrorCode codeOf(int error)
{
    return error == EACCES || error == EPERM || error == EROFS ? ErrorCode::ReadOnly : ErrorCode::Io;
}

Error failed(ErrorCode code, const QString &why)
{
    return Error(code, {}, why);
}

// The whole file of about expected bytes (it may have grown since), at
// most MaxSidecarBytes + 1 of it.
bool readAll(int fd, qint64 expected, QByteArray &bytes)
{
    const qint64 limit = std::min<qint64>(expected + 64 * 1024, MaxSidecarBytes + 1);
    bytes.resize(qsizetype(limit));
    qint64 total = 0;
    while (total < limit) {
        const ssize_t n = ::read(fd, bytes.data() + total, size_t(limit - total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            break;
        total += n;
    }
    bytes.resize(qsizetype(total));
    return true;
}

bool writeAll(int fd, const std::string &bytes)
{
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        done += size_t(n);
    }
    return true;
}

const char *digiKamColour(ColourLabel label)
{
    switch (label) {
    case ColourLabel::None: return "0";
    case ColourLabel::Red: return "1";
    case ColourLabel::Yellow: return "3";
    case ColourLabel::Green: return "4";
    case ColourLabel::Blue: return "5";
    case ColourLabel::Purple: return "6"; // digiKam's magenta
    }
    return "0";
}

const char *lightroomColour(ColourLabel label)
{
    switch (label) {
    case ColourLabel::None: return "";
    case ColourLabel::Red: return "Red";
    case ColourLabel::Yellow: return "Yellow";
    case ColourLabel::Green: return "Green";
    case ColourLabel::Blue: return "Blue";
    case ColourLabel::Purple: return "Purple";
    }
    return "";
}

void setText(Exiv2::XmpData &xmp, const char *key, const QString &text)
{
    Exiv2::XmpTextValue value(text.toStdString());
    xmp.add(Exiv2::XmpKey(key), &value);
}

void setArray(Exiv2::XmpData &xmp, const char *key, Exiv2::TypeId type, const QStringList &items)
{
    if (items.isEmpty())
        return;
    Exiv2::XmpArrayValue value(type);
    for (const QString &item : items)
        value.read(item.toStdString()); // each read appends an item
    xmp.add(Exiv2::XmpKey(key), &value);
}

void setLanguageText(Exiv2::XmpData &xmp, const char *key, const QString &text)
{
    if (text.isEmpty())
        return;
    Exiv2::LangAltValue value;
    value.value_["x-default"] = text.toStdString();
    xmp.add(Exiv2::XmpKey(key), &value);
}

// The fields over what the sidecar had (see sidecar_write.h).
void setFields(Exiv2::XmpData &xmp, const SidecarFields &fields)
{
    for (const char *key : OwnedKeys) {
        for (auto it = xmp.findKey(Exiv2::XmpKey(key)); it != xmp.end(); it = xmp.findKey(Exiv2::XmpKey(key)))
            xmp.erase(it);
    }
    // digiKam's paths, Lightroom's (a name holding '|' would read back as
    // two levels there, so such a tag is left to the other two), and every
    // leaf once in dc:subject, as both programs write it.
    QStringList hierarchical;
    QStringList leaves;
    for (const QString &path : fields.tagPaths) {
        if (!path.contains(QLatin1Char('|')))
            hierarchical.append(QString(path).replace(QLatin1Char('/'), QLatin1Char('|')));
        const QString leaf = path.section(QLatin1Char('/'), -1);
        if (!leaves.contains(leaf))
            leaves.append(leaf);
    }
    setArray(xmp, "Xmp.digiKam.TagsList", Exiv2::xmpSeq, fields.tagPaths);
    setArray(xmp, "Xmp.lr.hierarchicalSubject", Exiv2::xmpBag, hierarchical);
    setArray(xmp, "Xmp.dc.subject", Exiv2::xmpBag, leaves);
    // Lightroom writes a reject as rating -1. Where the picture also has
    // stars that would lose them, so then the stars are written and the
    // reject is digiKam's PickLabel alone (which the reader takes first).
    const bool lightroomReject = fields.pick == PickState::Rejected && fields.rating == 0;
    setText(xmp, "Xmp.xmp.Rating", lightroomReject ? QStringLiteral("-1") : QString::number(fields.rating));
    setText(xmp, "Xmp.digiKam.PickLabel",
            QLatin1String(fields.pick == PickState::Rejected ? "1" : fields.pick == PickState::Picked ? "3" : "0"));
    setText(xmp, "Xmp.digiKam.ColorLabel", QLatin1String(digiKamColour(fields.colourLabel)));
    if (fields.colourLabel != ColourLabel::None)
        setText(xmp, "Xmp.xmp.Label", QLatin1String(lightroomColour(fields.colourLabel)));
    setLanguageText(xmp, "Xmp.dc.title", fields.title);
    setLanguageText(xmp, "Xmp.dc.description", fields.description);
}

} // namespace sidecar_write

Result<void> writeSidecar(const QString &absolutePath, const SidecarFields &fields, WrittenSidecar *written)
{
    using namespace sidecar_write;
    const QByteArray target = QFile::encodeName(absolutePath);
    const QByteArray folder = QFile::encodeName(QFileInfo(absolutePath).absolutePath());
    prepareExiv2();

    // What is there now: nothing, or XMP whose other fields are kept.
    Exiv2::XmpData xmp;
    mode_t mode = 0644;
    struct stat st {};
    if (::lstat(target.constData(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            return failed(ErrorCode::InvalidArgument,
                          QStringLiteral("it is not a regular file (a link or a folder), so Quire does not write "
                                         "it; put a file there or remove it"));
        if (st.st_size > MaxSidecarBytes)
            return failed(ErrorCode::InvalidArgument,
                          QStringLiteral("it is larger than the %1 MB a sidecar may be; Quire leaves it as it is")
                              .arg(MaxSidecarBytes / (1024 * 1024)));
        mode = st.st_mode & 07777;
        const int fd = ::open(target.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            return failed(codeOf(errno), QStringLiteral("it cannot be read (%1)").arg(systemError(errno)));
        QByteArray bytes;
        const bool read = readAll(fd, st.st_size, bytes);
        const int error = errno;
        ::close(fd);
        if (!read)
            return failed(codeOf(error), QStringLiteral("reading it failed (%1)").arg(systemError(error)));
        // An empty file holds nothing to keep.
        if (!bytes.trimmed().isEmpty()) {
            int decoded = -1;
            try {
                decoded = Exiv2::XmpParser::decode(xmp, std::string(bytes.constData(), size_t(bytes.size())));
            } catch (const std::exception &) {
                decoded = -1;
            }
            if (decoded != 0)
                return failed(ErrorCode::Damaged,
                              QStringLiteral("it is there but is not XMP that exiv2 can read, so Quire does not "
                                             "write over what another program may have put in it; move it "
                                             "away or repair it, then change the picture again"));
        }
    } else if (errno != ENOENT) {
        return failed(codeOf(errno), QStringLiteral("it cannot be looked at (%1)").arg(systemError(errno)));
    }

    std::string packet;
    try {
        setFields(xmp, fields);
        if (Exiv2::XmpParser::encode(packet, xmp,
                                     Exiv2::XmpParser::omitPacketWrapper | Exiv2::XmpParser::useCompactFormat)
            != 0)
            return failed(ErrorCode::Io, QStringLiteral("exiv2 could not write the XMP"));
    } catch (const std::exception &e) {
        return failed(ErrorCode::Io, QStringLiteral("exiv2 could not write the XMP (%1)").arg(QString::fromUtf8(e.what())));
    }
    packet.insert(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (!packet.empty() && packet.back() != '\n')
        packet.push_back('\n');

    // Beside the sidecar, so the rename stays on one file system; a dot
    // name the folder walk never takes for a picture or a sidecar.
    const qsizetype slash = target.lastIndexOf('/');
    QByteArray temporary = target.left(slash + 1) + '.' + target.mid(slash + 1) + ".quire-XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0)
        return failed(codeOf(errno), QStringLiteral("no file can be made in its folder (%1)").arg(systemError(errno)));
    auto giveUp = [&](int error, const QString &doing) -> Result<void> {
        ::close(fd);
        ::unlink(temporary.constData());
        return failed(codeOf(error), QStringLiteral("%1 failed (%2)").arg(doing, systemError(error)));
    };
    if (::fchmod(fd, mode) != 0)
        return giveUp(errno, QStringLiteral("setting its permissions"));
    if (!writeAll(fd, packet))
        return giveUp(errno, QStringLiteral("writing it"));
    if (::fsync(fd) != 0)
        return giveUp(errno, QStringLiteral("flushing it to the disk"));
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return failed(codeOf(error), QStringLiteral("writing it failed (%1)").arg(systemError(error)));
    }
    if (::rename(temporary.constData(), target.constData()) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return failed(codeOf(error), QStringLiteral("putting it in place failed (%1)").arg(systemError(error)));
    }
    // The rename is durable once the folder is flushed.
    if (const int dir = ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        const bool synced = ::fsync(dir) == 0;
        const int error = errno;
        ::close(dir);
        if (!synced)
            return failed(codeOf(error), QStringLiteral("flushing its folder failed (%1)").arg(systemError(error)));
    }
    if (written) {
        if (::stat(target.constData(), &st) != 0)
            return failed(codeOf(errno), QStringLiteral("it cannot be looked at (%1)").arg(systemError(errno)));
        written->size = st.st_size;
        written->modifiedMs = modifiedMsOf(st);
    }
    return {};
}

} // namespace quire::detail
