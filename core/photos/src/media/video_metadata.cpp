#include "media/video_metadata.h"

#include <QRegularExpression>

#include <cmath>

namespace quire::detail {

namespace {

// The first of the keys the tags have, trimmed; empty when none.
QString firstTag(const QHash<QString, QString> &tags, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QString value = tags.value(QLatin1String(key)).trimmed();
        if (!value.isEmpty())
            return value.left(256);
    }
    return {};
}

struct ParsedTime {
    QDateTime utc;                 // invalid when the text is no date
    std::optional<int> offsetMinutes;
};

// ISO 8601 as video files write it: "2024-05-06T07:08:09.000000Z",
// "2024-05-06T09:08:09+0200", "2024-05-06 09:08:09+02:00", or without a
// zone (then read as UTC, which creation_time is). Only an explicit offset
// says where the video was taken: "Z" names the instant, not the place.
ParsedTime parseIsoTime(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    ParsedTime out;
    if (!m.hasMatch())
        return out;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int ms = m.captured(7).isEmpty() ? 0 : m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!date.isValid() || !time.isValid())
        return out;
    const QString zone = m.captured(8);
    int offset = 0;
    if (!zone.isEmpty() && zone != QLatin1String("Z")) {
        const QString digits = QString(zone).remove(QLatin1Char(':'));
        const int hours = digits.mid(1, 2).toInt();
        const int minutes = digits.size() > 3 ? digits.mid(3, 2).toInt() : 0;
        if (minutes > 59 || hours * 60 + minutes > 14 * 60) // UTC+14 is the farthest zone
            return out;
        offset = (zone.startsWith(QLatin1Char('-')) ? -1 : 1) * (hours * 60 + minutes);
        out.offsetMinutes = offset;
    }
    out.utc = QDateTime(date, time, Qt::UTC).addSecs(-qint64(offset) * 60);
    return out;
}

// One ISO 6709 coordinate: degrees, DDMM.mmm or DDMMSS.sss by how many
// digits come before the point (degreeDigits is 2 for latitude, 3 for longitude).
std::optional<double> coordinate(const QString &text, int degreeDigits)
{
    const QString number = text.mid(1);
    const qsizetype point = number.indexOf(QLatin1Char('.'));
    const qsizetype whole = point < 0 ? number.size() : point;
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    double degrees = 0;
    if (whole == degreeDigits) {
        degrees = value;
    } else if (whole == degreeDigits + 2) {
        const double minutes = std::fmod(value, 100.0);
        degrees = std::floor(value / 100.0) + minutes / 60.0;
        if (minutes >= 60)
            return std::nullopt;
    } else if (whole == degreeDigits + 4) {
        const double seconds = std::fmod(value, 100.0);
        const double minutes = std::fmod(std::floor(value / 100.0), 100.0);
        degrees = std::floor(value / 10000.0) + minutes / 60.0 + seconds / 3600.0;
        if (minutes >= 60 || seconds >= 60)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    return text.startsWith(QLatin1Char('-')) ? -degrees : degrees;
}

} // namespace

std::optional<GeoPosition> parseIso6709(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^([+-][\d.]+)([+-][\d.]+)([+-][\d.]+)?(?:CRS[A-Za-z0-9_]*)?/?$)"));
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const std::optional<double> latitude = coordinate(m.captured(1), 2);
    const std::optional<double> longitude = coordinate(m.captured(2), 3);
    if (!latitude || !longitude || std::abs(*latitude) > 90 || std::abs(*longitude) > 180)
        return std::nullopt;
    GeoPosition position{*latitude, *longitude, std::nullopt};
    if (!m.captured(3).isEmpty()) {
        bool ok = false;
        const double altitude = m.captured(3).toDouble(&ok);
        if (ok && std::isfinite(altitude) && std::abs(altitude) < 100000)
            position.altitude = altitude;
    }
    return position;
}

PhotoMetadata videoMetadata(const QHash<QString, QString> &tags)
{
    PhotoMetadata out;
    // Apple's tag first: it keeps the zone the phone was in. (AVI's "date",
    // from its ICRD chunk, is free text and not read.)
    for (const char *key : {"com.apple.quicktime.creationdate", "creation_time"}) {
        const QString text = tags.value(QLatin1String(key)).trimmed();
        if (text.isEmpty())
            continue;
        const ParsedTime parsed = parseIsoTime(text);
        if (!parsed.utc.isValid() || parsed.utc.date().year() < 1900 || parsed.utc.date().year() > 2200) {
            out.warnings.append(QStringLiteral("The video's %1 '%2' is not a date.")
                                    .arg(QLatin1String(key), text.left(64)));
            continue;
        }
        out.takenAt = parsed.utc;
        out.utcOffsetMinutes = parsed.offsetMinutes;
        break;
    }
    const QString location = firstTag(tags, {"com.apple.quicktime.location.iso6709", "location", "location-eng"});
    if (!location.isEmpty()) {
        out.gps = parseIso6709(location);
        if (!out.gps)
            out.warnings.append(QStringLiteral("The video's location '%1' is not a place on the globe.")
                                    .arg(location.left(64)));
    }
    out.cameraMake = firstTag(tags, {"com.apple.quicktime.make", "make", "com.android.manufacturer"});
    out.cameraModel = firstTag(tags, {"com.apple.quicktime.model", "model", "com.android.model"});
    return out;
}

} // namespace quire::detail
