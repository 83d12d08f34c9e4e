// A reader of just enough ISO base media file format (ISO/IEC 14496-12)
// and HEIF (23008-12) boxes to find the primary item's properties. Every
// length comes from the file, so each is checked against what is left.

#include "media/heif_boxes.h"

#include <QList>

#include <optional>

namespace quire::detail {

namespace {

constexpr quint32 fourcc(const char (&code)[5])
{
    return (quint32(uchar(code[0])) << 24) | (quint32(uchar(code[1])) << 16) | (quint32(uchar(code[2])) << 8)
        | quint32(uchar(code[3]));
}

// Reads big-endian numbers from a span, failing (not reading past it) at its end.
class Cursor
{
public:
    explicit Cursor(QByteArrayView bytes) : m_bytes(bytes) {}
    std::optional<quint64> read(int width)
    {
        if (m_at + width > m_bytes.size())
            return std::nullopt;
        quint64 value = 0;
        for (int i = 0; i < width; ++i)
            value = (value << 8) | uchar(m_bytes[m_at + i]);
        m_at += width;
        return value;
    }
    bool skip(qsizetype n)
    {
        if (m_at + n > m_bytes.size())
            return false;
        m_at += n;
        return true;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
};

struct Box {
    quint32 type = 0;
    QByteArrayView body;
};

// The boxes laid one after another in `bytes`; stops at the first that
// does not fit.
QList<Box> boxesIn(QByteArrayView bytes)
{
    QList<Box> boxes;
    while (bytes.size() >= 8) {
        Cursor cursor(bytes);
        quint64 size = *cursor.read(4);
        const quint32 type = quint32(*cursor.read(4));
        qsizetype header = 8;
        if (size == 1) { // a 64-bit size follows
            const std::optional<quint64> large = cursor.read(8);
            if (!large)
                break;
            size = *large;
            header = 16;
        } else if (size == 0) { // to the end of the file
            size = quint64(bytes.size());
        }
        if (size < quint64(header) || size > quint64(bytes.size()))
            break;
        boxes.append(Box{type, bytes.sliced(header, qsizetype(size) - header)});
        bytes = bytes.sliced(qsizetype(size));
    }
    return boxes;
}

std::optional<QByteArrayView> child(QByteArrayView parent, quint32 type)
{
    for (const Box &box : boxesIn(parent)) {
        if (box.type == type)
            return box.body;
    }
    return std::nullopt;
}

// pitm: version 0 holds a 16-bit item id, later versions a 32-bit one.
std::optional<quint32> primaryItem(QByteArrayView pitm)
{
    Cursor cursor(pitm);
    const std::optional<quint64> version = cursor.read(1);
    if (!version || !cursor.skip(3))
        return std::nullopt;
    const std::optional<quint64> id = cursor.read(*version == 0 ? 2 : 4);
    return id ? std::optional<quint32>(quint32(*id)) : std::nullopt;
}

// The 1-based ipco indexes ipma associates with the item.
QList<quint32> propertiesOf(QByteArrayView ipma, quint32 item)
{
    Cursor cursor(ipma);
    const std::optional<quint64> version = cursor.read(1);
    const std::optional<quint64> flags = cursor.read(3);
    const std::optional<quint64> entries = cursor.read(4);
    if (!version || !flags || !entries)
        return {};
    for (quint64 e = 0; e < *entries; ++e) {
        const std::optional<quint64> id = cursor.read(*version < 1 ? 2 : 4);
        const std::optional<quint64> count = cursor.read(1);
        if (!id || !count)
            return {};
        QList<quint32> indexes;
        for (quint64 a = 0; a < *count; ++a) {
            // The top bit says "essential"; the rest is the index.
            const bool wide = *flags & 1;
            const std::optional<quint64> value = cursor.read(wide ? 2 : 1);
            if (!value)
                return {};
            indexes.append(quint32(*value & (wide ? 0x7fff : 0x7f)));
        }
        if (*id == item)
            return indexes;
    }
    return {};
}

} // namespace

bool primaryImageHasTransform(QByteArrayView bytes)
{
    const std::optional<QByteArrayView> meta = child(bytes, fourcc("meta"));
    if (!meta || meta->size() < 4)
        return false;
    const QByteArrayView metaChildren = meta->sliced(4); // meta is a full box: version and flags first
    const std::optional<QByteArrayView> pitm = child(metaChildren, fourcc("pitm"));
    const std::optional<QByteArrayView> iprp = child(metaChildren, fourcc("iprp"));
    if (!pitm || !iprp)
        return false;
    const std::optional<quint32> primary = primaryItem(*pitm);
    const std::optional<QByteArrayView> ipco = child(*iprp, fourcc("ipco"));
    if (!primary || !ipco)
        return false;
    const QList<Box> properties = boxesIn(*ipco);
    for (const Box &ipma : boxesIn(*iprp)) {
        if (ipma.type != fourcc("ipma"))
            continue;
        for (quint32 index : propertiesOf(ipma.body, *primary)) {
            if (index < 1 || index > quint32(properties.size()))
                continue;
            const quint32 type = properties[qsizetype(index) - 1].type;
            if (type == fourcc("irot") || type == fourcc("imir"))
                return true;
        }
    }
    return false;
}

} // namespace quire::detail
