// readPhotoMetadata: EXIF and XMP through exiv2, every value checked before
// it is believed. exiv2 0.27 throws on malformed files and hands out
// std::auto_ptr; both stay inside this file.

#include "quire/photo_metadata.h"

#include "media/photo_metadata_blocks.h"

#include <QDate>
#include <QTime>
#include <QTimeZone>

#include <exiv2/exiv2.hpp>

#include <cmath>
#include <mutex>

namespace quire {

namespace {

constexpr int MaxTextLength = 256;
constexpr int MaxDescriptionLength = 8000;
constexpr int MaxKeywords = 500;
// Deeper than any real keyword tree; a thousand levels would only be a
// thousand rows for nothing.
constexpr int MaxTagDepth = 32;

} // namespace

// exiv2 keeps process-wide state. Its XMP toolkit (a copy of Adobe's) is not
// thread-safe: XmpParser::initialize() without a lock function sets it up
// but leaves every later parse and serialise racing on the toolkit's shared
// tables (a crash in std::_Rb_tree_decrement under two import threads). With
// a lock function exiv2 takes the lock around each toolkit call. The mutex
// is process-wide because the library's state is; nothing else is kept.
// Its log would print every oddity of every file to stderr; Quire reports
// what matters as warnings instead.
void prepareExiv2()
{
    static std::mutex toolkit;
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
        Exiv2::XmpParser::initialize(
            [](void *mutex, bool lock) {
                if (lock)
                    static_cast<std::mutex *>(mutex)->lock();
                else
                    static_cast<std::mutex *>(mutex)->unlock();
            },
            &toolkit);
    });
}

namespace {

// A text value as a person would read it: trimmed, NULs and other control
// characters dropped, cut to a sane length.
QString cleanText(const std::string &raw)
{
    QString text = QString::fromUtf8(raw.data(), qsizetype(std::min<size_t>(raw.size(), MaxTextLength * 4)));
    text.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    text = text.trimmed();
    if (text.size() > MaxTextLength)
        text.truncate(MaxTextLength);
    return text;
}

// A description as written: line breaks and tabs kept, other control
// characters dropped, cut to a sane length.
QString cleanLongText(const std::string &raw)
{
    QString text = QString::fromUtf8(raw.data(), qsizetype(std::min<size_t>(raw.size(), MaxDescriptionLength * 4)));
    text.removeIf([](QChar c) { return c.category() == QChar::Other_Control && c != u'\n' && c != u'\t'; });
    text = text.trimmed();
    if (text.size() > MaxDescriptionLength)
        text.truncate(MaxDescriptionLength);
    return text;
}

// An XMP GPS coordinate, "DDD,MM,SSk" or "DDD,MM.mmk" with k one of NSEW
// (the XMP specification's form), as signed degrees.
std::optional<double> xmpCoordinate(const QString &text)
{
    const QString t = text.trimmed();
    if (t.size() < 2)
        return std::nullopt;
    const QChar direction = t.back().toUpper();
    if (direction != u'N' && direction != u'S' && direction != u'E' && direction != u'W')
        return std::nullopt;
    const QStringList parts = t.chopped(1).split(u',');
    if (parts.size() < 2 || parts.size() > 3)
        return std::nullopt;
    double value = 0;
    double unit = 1;
    for (const QString &part : parts) {
        bool ok = false;
        const double n = part.toDouble(&ok);
        if (!ok || !std::isfinite(n) || n < 0)
            return std::nullopt;
        value += n / unit;
        unit *= 60;
    }
    return direction == u'S' || direction == u'W' ? -value : value;
}

struct Reader {
    const Exiv2::ExifData &exif;
    const Exiv2::XmpData &xmp;
    PhotoMetadata &out;

    const Exiv2::Exifdatum *exifValue(const char *key) const
    {
        const auto it = exif.findKey(Exiv2::ExifKey(key));
        return it == exif.end() || it->count() == 0 ? nullptr : &*it;
    }
    const Exiv2::Xmpdatum *xmpValue(const char *key) const
    {
        const auto it = xmp.findKey(Exiv2::XmpKey(key));
        return it == xmp.end() || it->count() == 0 ? nullptr : &*it;
    }
    QString text(const char *key) const
    {
        const Exiv2::Exifdatum *d = exifValue(key);
        return d ? cleanText(d->toString()) : QString();
    }
    // A positive rational (or number) as a double, when it is one.
    std::optional<double> number(const char *key, long n = 0) const
    {
        const Exiv2::Exifdatum *d = exifValue(key);
        if (!d || d->count() <= n)
            return std::nullopt;
        const Exiv2::Rational r = d->toRational(n);
        if (r.second == 0)
            return std::nullopt;
        const double value = double(r.first) / double(r.second);
        return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
    }
    // value within [low, high], else a warning naming what was dropped.
    std::optional<double> inRange(const char *what, std::optional<double> value, double low, double high) const
    {
        if (!value)
            return std::nullopt;
        if (*value < low || *value > high) {
            out.warnings.append(QStringLiteral("The %1 in the metadata (%2) is not plausible and was ignored.")
                                    .arg(QLatin1String(what))
                                    .arg(*value));
            return std::nullopt;
        }
        return value;
    }

    void readDate();
    void readCamera();
    void readGps();
    void readXmp();
    void readXmpTags();
    void readXmpTexts();
    void readXmpLabels();
    void readXmpGps();
};

// "2024:07:14 10:30:00" (or with '-' between the date parts, as XMP and
// some phones write it).
QDateTime parseExifDate(const QString &text)
{
    if (text.size() < 19)
        return {};
    bool ok[6];
    const int year = text.mid(0, 4).toInt(&ok[0]);
    const int month = text.mid(5, 2).toInt(&ok[1]);
    const int day = text.mid(8, 2).toInt(&ok[2]);
    const int hour = text.mid(11, 2).toInt(&ok[3]);
    const int minute = text.mid(14, 2).toInt(&ok[4]);
    const int second = text.mid(17, 2).toInt(&ok[5]);
    for (bool b : ok) {
        if (!b)
            return {};
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

// "+02:00", "-05:30" -> minutes east of UTC.
std::optional<int> parseOffset(const QString &text)
{
    if (text.size() < 6 || (text[0] != QLatin1Char('+') && text[0] != QLatin1Char('-')) || text[3] != QLatin1Char(':'))
        return std::nullopt;
    bool okH = false, okM = false;
    const int hours = text.mid(1, 2).toInt(&okH);
    const int minutes = text.mid(4, 2).toInt(&okM);
    const int total = hours * 60 + minutes;
    if (!okH || !okM || minutes > 59 || total > 14 * 60) // UTC+14 is the farthest zone
        return std::nullopt;
    return text[0] == QLatin1Char('-') ? -total : total;
}

void Reader::readDate()
{
    const char *keys[] = {"Exif.Photo.DateTimeOriginal", "Exif.Photo.DateTimeDigitized", "Exif.Image.DateTime"};
    for (const char *key : keys) {
        const QString raw = text(key);
        if (raw.isEmpty())
            continue;
        const QDateTime parsed = parseExifDate(raw);
        if (!parsed.isValid()) {
            out.warnings.append(QStringLiteral("The date in the metadata ('%1') is not a date and was ignored.").arg(raw));
            continue;
        }
        if (parsed.date().year() < 1800 || parsed.date().year() > 2200) {
            out.warnings.append(
                QStringLiteral("The date in the metadata ('%1') is out of range and was ignored.").arg(raw));
            continue;
        }
        QDateTime taken = parsed;
        if (key == keys[0]) {
            const QString subSec = text("Exif.Photo.SubSecTimeOriginal");
            // Digits of a decimal fraction: "25" is 250 ms, "250000" too.
            QString digits;
            for (QChar c : subSec) {
                if (!c.isDigit())
                    break;
                digits.append(c);
            }
            if (!digits.isEmpty())
                taken = taken.addMSecs((digits + QStringLiteral("00")).left(3).toInt());
            const QString offsetText = text("Exif.Photo.OffsetTimeOriginal");
            if (!offsetText.isEmpty()) {
                out.utcOffsetMinutes = parseOffset(offsetText);
                if (!out.utcOffsetMinutes)
                    out.warnings.append(
                        QStringLiteral("The time zone offset in the metadata ('%1') was ignored.").arg(offsetText));
            }
            if (out.utcOffsetMinutes)
                taken = taken.addSecs(-qint64(*out.utcOffsetMinutes) * 60);
        }
        out.takenAt = taken;
        return;
    }
}

void Reader::readCamera()
{
    out.cameraMake = text("Exif.Image.Make");
    out.cameraModel = text("Exif.Image.Model");
    out.lens = text("Exif.Photo.LensModel");
    if (out.lens.isEmpty()) {
        try {
            const auto lens = Exiv2::lensName(exif);
            if (lens != exif.end())
                out.lens = cleanText(lens->print(&exif));
        } catch (...) {
        }
    }
    if (const Exiv2::Exifdatum *o = exifValue("Exif.Image.Orientation")) {
        const long value = o->toLong();
        if (value >= 1 && value <= 8)
            out.orientation = int(value);
        else
            out.warnings.append(
                QStringLiteral("The orientation in the metadata (%1) is not 1 to 8 and was ignored.").arg(value));
    }
    out.exposureTime = inRange("exposure time", number("Exif.Photo.ExposureTime"), 1e-6, 86400);
    out.fNumber = inRange("f-number", number("Exif.Photo.FNumber"), 0.5, 1000);
    out.focalLength = inRange("focal length", number("Exif.Photo.FocalLength"), 0.1, 100000);
    if (const Exiv2::Exifdatum *iso = exifValue("Exif.Photo.ISOSpeedRatings")) {
        if (auto v = inRange("ISO speed", double(iso->toLong()), 1, 10000000))
            out.iso = int(*v);
    }
    const auto width = number("Exif.Photo.PixelXDimension");
    const auto height = number("Exif.Photo.PixelYDimension");
    if (width && height && *width >= 1 && *height >= 1 && *width <= 1e6 && *height <= 1e6)
        out.pixelSize = QSize(int(*width), int(*height));
}

void Reader::readGps()
{
    auto coordinate = [&](const char *key, const char *refKey, const char *negative) -> std::optional<double> {
        const auto d = number(key, 0), m = number(key, 1), s = number(key, 2);
        if (!d)
            return std::nullopt;
        double value = *d + m.value_or(0) / 60 + s.value_or(0) / 3600;
        if (text(refKey).startsWith(QLatin1String(negative)))
            value = -value;
        return value;
    };
    const auto latitude = inRange("GPS latitude", coordinate("Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", "S"), -90, 90);
    const auto longitude =
        inRange("GPS longitude", coordinate("Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", "W"), -180, 180);
    if (!latitude || !longitude)
        return;
    GeoPosition position{*latitude, *longitude, std::nullopt};
    if (auto altitude = inRange("GPS altitude", number("Exif.GPSInfo.GPSAltitude"), 0, 100000)) {
        const Exiv2::Exifdatum *ref = exifValue("Exif.GPSInfo.GPSAltitudeRef");
        position.altitude = ref && ref->toLong() == 1 ? -*altitude : *altitude;
    }
    out.gps = position;
}

void Reader::readXmpTags()
{
    int dropped = 0;       // beyond MaxKeywords
    QStringList dotted;    // with a level '.' or '..'
    QStringList tooDeep;
    QStringList emptyLevels; // read without them
    auto items = [&](const char *key) {
        QStringList list;
        const Exiv2::Xmpdatum *d = xmpValue(key);
        if (!d)
            return list;
        const long count = std::min<long>(d->count(), MaxKeywords);
        dropped = std::max<long>(dropped, d->count() - count);
        for (long i = 0; i < count; ++i)
            list.append(cleanText(d->toString(i)));
        return list;
    };
    // A tag path is names joined with '/'; an empty name is skipped, and a
    // path with a '.' or '..' level, or deeper than any real tree, is not
    // a tag anyone meant.
    auto addPath = [&](const QStringList &names, const QString &written) {
        QStringList clean;
        for (const QString &name : names) {
            const QString n = name.trimmed();
            if (n == QLatin1String(".") || n == QLatin1String("..")) {
                dotted.append(written);
                return;
            }
            if (!n.isEmpty())
                clean.append(n);
        }
        if (!clean.isEmpty() && clean.size() < names.size())
            emptyLevels.append(written);
        if (clean.size() > MaxTagDepth) {
            tooDeep.append(written);
            return;
        }
        const QString path = clean.join(QLatin1Char('/'));
        if (clean.isEmpty() || out.keywords.contains(path))
            return;
        if (out.keywords.size() < MaxKeywords)
            out.keywords.append(path);
        else
            ++dropped;
    };
    QStringList leaves; // digiKam and Lightroom repeat each leaf in dc:subject
    for (const QString &tag : items("Xmp.digiKam.TagsList")) {
        addPath(tag.split(QLatin1Char('/')), tag);
        leaves.append(tag.section(QLatin1Char('/'), -1).trimmed());
    }
    for (const QString &tag : items("Xmp.lr.hierarchicalSubject")) {
        QStringList names = tag.split(QLatin1Char('|'));
        for (QString &n : names)
            n.replace(QLatin1Char('/'), QLatin1Char('-'));
        addPath(names, tag);
        leaves.append(names.isEmpty() ? QString() : names.last().trimmed());
    }
    for (QString subject : items("Xmp.dc.subject")) {
        if (leaves.contains(subject.trimmed()))
            continue;
        const QString written = subject;
        addPath({subject.replace(QLatin1Char('/'), QLatin1Char('-'))}, written);
    }
    // One sentence for each kind of trouble, however many tags had it.
    auto shown = [](const QStringList &tags) {
        QString first = tags.first();
        if (first.size() > 60)
            first = first.left(60) + QChar(0x2026);
        return tags.size() == 1 ? QStringLiteral("'%1'").arg(first)
                                : QStringLiteral("%1 tags such as '%2'").arg(tags.size()).arg(first);
    };
    if (!dotted.isEmpty())
        out.warnings.append(QStringLiteral("The tag %1 has a level named '.' or '..' and was ignored.").arg(shown(dotted)));
    if (!emptyLevels.isEmpty())
        out.warnings.append(QStringLiteral("The tag %1 has empty levels, which were left out.").arg(shown(emptyLevels)));
    if (!tooDeep.isEmpty())
        out.warnings.append(QStringLiteral("The tag %1 has more than %2 levels and was ignored.")
                                .arg(shown(tooDeep)).arg(MaxTagDepth));
    if (dropped > 0)
        out.warnings.append(QStringLiteral("The metadata holds more than %1 tags; %2 more were ignored.")
                                .arg(MaxKeywords).arg(dropped));
}

void Reader::readXmpTexts()
{
    // dc:title and dc:description are language alternatives; a program
    // that wrote a plain text instead is read too.
    auto alternative = [&](const char *key) -> std::string {
        const Exiv2::Xmpdatum *d = xmpValue(key);
        if (!d)
            return {};
        if (const auto *alt = dynamic_cast<const Exiv2::LangAltValue *>(&d->value())) {
            const auto it = alt->value_.find("x-default");
            if (it != alt->value_.end())
                return it->second;
            return alt->value_.empty() ? std::string() : alt->value_.begin()->second;
        }
        return d->toString(0);
    };
    out.title = cleanText(alternative("Xmp.dc.title"));
    out.description = cleanLongText(alternative("Xmp.dc.description"));
}

void Reader::readXmpLabels()
{
    auto integer = [&](const char *key) -> std::optional<int> {
        const Exiv2::Xmpdatum *d = xmpValue(key);
        if (!d)
            return std::nullopt;
        bool ok = false;
        const int value = QString::fromStdString(d->toString()).trimmed().toInt(&ok);
        return ok ? std::optional<int>(value) : std::optional<int>(-1000);
    };
    // digiKam's colours, by number; orange, grey, black and white have no
    // Quire label.
    if (const std::optional<int> digiKam = integer("Xmp.digiKam.ColorLabel")) {
        static const char *const names[] = {"none", "red", "orange", "yellow", "green", "blue",
                                            "magenta", "grey", "black", "white"};
        static const std::optional<ColourLabel> labels[] = {ColourLabel::None, ColourLabel::Red, std::nullopt,
                                                            ColourLabel::Yellow, ColourLabel::Green, ColourLabel::Blue,
                                                            ColourLabel::Purple, std::nullopt, std::nullopt,
                                                            std::nullopt};
        if (*digiKam < 0 || *digiKam > 9)
            out.warnings.append(QStringLiteral("The digiKam colour label (%1) is not 0 to 9 and was ignored.").arg(*digiKam));
        else if (!labels[*digiKam])
            out.warnings.append(QStringLiteral("The digiKam colour label '%1' has no Quire label and was ignored.")
                                    .arg(QLatin1String(names[*digiKam])));
        else
            out.colourLabel = labels[*digiKam];
    }
    if (!out.colourLabel) {
        if (const Exiv2::Xmpdatum *label = xmpValue("Xmp.xmp.Label")) {
            const QString text = cleanText(label->toString());
            if (text.isEmpty())
                out.colourLabel = ColourLabel::None;
            else if (const std::optional<ColourLabel> named = colourLabelNamed(text))
                out.colourLabel = named;
            else
                out.warnings.append(QStringLiteral("The label '%1' is not one of red, yellow, green, blue and purple "
                                                   "and was ignored.").arg(text.left(60)));
        }
    }
    // digiKam: 0 none, 1 rejected, 2 pending, 3 accepted.
    if (const std::optional<int> pick = integer("Xmp.digiKam.PickLabel")) {
        if (*pick == 1)
            out.pick = PickState::Rejected;
        else if (*pick == 3)
            out.pick = PickState::Picked;
        else if (*pick == 0 || *pick == 2)
            out.pick = PickState::None;
        else
            out.warnings.append(QStringLiteral("The digiKam pick label (%1) is not 0 to 3 and was ignored.").arg(*pick));
    }
    const Exiv2::Xmpdatum *rating = xmpValue("Xmp.xmp.Rating");
    const Exiv2::Exifdatum *exifRating = exifValue("Exif.Image.Rating");
    if (rating || exifRating) {
        bool ok = true;
        const double value = rating ? QString::fromStdString(rating->toString()).toDouble(&ok) : exifRating->toLong();
        if (ok && value >= -1 && value <= 5) {
            out.rating = std::max(0, int(value));
            // -1 is Lightroom's "rejected", written where the stars go.
            if (value < 0 && !out.pick)
                out.pick = PickState::Rejected;
        } else {
            out.warnings.append(QStringLiteral("The rating in the metadata is not 0 to 5 and was ignored."));
        }
    }
}

void Reader::readXmpGps()
{
    if (out.gps)
        return; // EXIF's, from the camera itself
    auto coordinate = [&](const char *key) -> std::optional<double> {
        const Exiv2::Xmpdatum *d = xmpValue(key);
        return d ? xmpCoordinate(QString::fromStdString(d->toString())) : std::nullopt;
    };
    const auto latitude = inRange("GPS latitude", coordinate("Xmp.exif.GPSLatitude"), -90, 90);
    const auto longitude = inRange("GPS longitude", coordinate("Xmp.exif.GPSLongitude"), -180, 180);
    if (!latitude || !longitude)
        return;
    GeoPosition position{*latitude, *longitude, std::nullopt};
    if (const Exiv2::Xmpdatum *altitude = xmpValue("Xmp.exif.GPSAltitude")) {
        const Exiv2::Rational r = altitude->toRational();
        const std::optional<double> metres =
            r.second != 0 ? std::optional<double>(double(r.first) / double(r.second)) : std::nullopt;
        if (auto a = inRange("GPS altitude", metres, 0, 100000)) {
            const Exiv2::Xmpdatum *ref = xmpValue("Xmp.exif.GPSAltitudeRef");
            position.altitude = ref && ref->toString() == "1" ? -*a : *a;
        }
    }
    out.gps = position;
}

void Reader::readXmp()
{
    readXmpTags();
    readXmpTexts();
    readXmpLabels();
    readXmpGps();
}

} // namespace

namespace {

// Every value the album keeps, from EXIF and XMP already parsed.
void readFields(const Exiv2::ExifData &exif, const Exiv2::XmpData &xmp, PhotoMetadata &out)
{
    Reader reader{exif, xmp, out};
    reader.readDate();
    reader.readCamera();
    reader.readGps();
    reader.readXmp();
}

// Runs an exiv2 read, turning what it throws into an error value.
template<typename Read>
Result<PhotoMetadata> guarded(Read read)
{
    try {
        return read();
    } catch (const Exiv2::AnyError &e) {
        return Error(ErrorCode::InvalidArgument, {},
                     QStringLiteral("The metadata cannot be read: %1.").arg(cleanText(e.what())));
    } catch (const std::exception &e) {
        // std::bad_alloc from a length field that claims gigabytes, and kin.
        return Error(ErrorCode::InvalidArgument, {},
                     QStringLiteral("The metadata cannot be read: %1.").arg(cleanText(e.what())));
    }
}

} // namespace

Result<PhotoMetadata> readPhotoMetadata(QByteArrayView fileBytes, bool wantPreview)
{
    if (fileBytes.isEmpty())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("The file is empty."));
    prepareExiv2();
    return guarded([&]() -> Result<PhotoMetadata> {
        PhotoMetadata metadata;
        Exiv2::Image::AutoPtr image =
            Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte *>(fileBytes.data()), long(fileBytes.size()));
        if (!image.get())
            return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("The file is not an image format exiv2 knows."));
        image->readMetadata();
        readFields(image->exifData(), image->xmpData(), metadata);
        if (wantPreview) {
            Exiv2::PreviewManager previews(*image);
            const Exiv2::PreviewPropertiesList list = previews.getPreviewProperties();
            // Sorted by size, smallest first: the last is the best.
            for (auto it = list.rbegin(); it != list.rend(); ++it) {
                const Exiv2::PreviewImage preview = previews.getPreviewImage(*it);
                if (preview.size() > 0) {
                    metadata.preview = QByteArray(reinterpret_cast<const char *>(preview.pData()), preview.size());
                    break;
                }
            }
        }
        return metadata;
    });
}

namespace detail {

Result<PhotoMetadata> readMetadataBlocks(QByteArrayView exifTiff, QByteArrayView xmpPacket)
{
    prepareExiv2();
    return guarded([&]() -> Result<PhotoMetadata> {
        PhotoMetadata metadata;
        Exiv2::ExifData exif;
        // exiv2 reads the TIFF structure itself, as it does inside a JPEG's APP1.
        if (!exifTiff.isEmpty()
            && Exiv2::ExifParser::decode(exif, reinterpret_cast<const Exiv2::byte *>(exifTiff.data()),
                                         uint32_t(exifTiff.size()))
                   == Exiv2::invalidByteOrder) {
            exif.clear();
            metadata.warnings.append(QStringLiteral("The EXIF block is damaged and was ignored."));
        }
        Exiv2::XmpData xmp;
        if (!xmpPacket.isEmpty()
            && Exiv2::XmpParser::decode(xmp, std::string(xmpPacket.data(), size_t(xmpPacket.size()))) != 0) {
            xmp.clear();
            metadata.warnings.append(QStringLiteral("The XMP packet is damaged and was ignored."));
        }
        readFields(exif, xmp, metadata);
        return metadata;
    });
}

Result<PhotoMetadata> readXmpPacket(QByteArrayView packet)
{
    prepareExiv2();
    return guarded([&]() -> Result<PhotoMetadata> {
        PhotoMetadata metadata;
        Exiv2::XmpData xmp;
        // exiv2 hands XML to Adobe's toolkit (expat below it) and says only
        // whether it parsed; the toolkit's own words go to its muted log.
        if (Exiv2::XmpParser::decode(xmp, std::string(packet.data(), size_t(packet.size()))) != 0)
            return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("exiv2's XMP toolkit cannot parse it"));
        const Exiv2::ExifData noExif;
        readFields(noExif, xmp, metadata);
        return metadata;
    });
}

} // namespace detail

QString exiv2Version()
{
    return QString::fromLatin1(Exiv2::version());
}

} // namespace quire
